"""The papers' own Paragraph reads plain text without reportlab's markup parser and breaks its lines
once per width: what it sets must stay exactly what reportlab's Paragraph sets (a reportlab upgrade
that parses plain text differently shows here), and a table that measures its cells again must get
the lines it had."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph as ReportlabParagraph

from exports.pdf.styles import Paragraph, register_fonts, styles

TEXTS = [
    "Máret Ŋuolja needs help with an export licence for reindeer leather",
    "  Čuoŋ Duodji\n   and Đuđá Tours Oy   share a van  ",
    "Smith &amp; Co &lt;Ivalo&gt;",
    "<b>14 min over</b>",
    "<font color='#5c5c5c'>No needs were noted.</font>",
    "x",
]


def fragments(paragraph: ReportlabParagraph) -> list[dict]:
    return [dict(vars(fragment)) for fragment in paragraph.frags]


@pytest.mark.parametrize("text", TEXTS)
def test_a_paragraph_reads_and_sets_its_text_as_reportlabs_does(text: str) -> None:
    register_fonts()
    for style in (styles().body, styles().cell_note, styles().number_header_cell):
        ours, theirs = Paragraph(text, style), ReportlabParagraph(text, style)
        assert fragments(ours) == fragments(theirs)
        for width in (40, 120, 400):
            assert ours.wrap(width, 1000) == theirs.wrap(width, 1000)
            assert repr(ours.blPara.lines) == repr(theirs.blPara.lines)  # reportlab's lines compare as objects


def test_a_bullet_keeps_its_bullet() -> None:
    register_fonts()
    ours = Paragraph("Joint stand at Jokkmokk", styles().bullet, bulletText="•")
    theirs = ReportlabParagraph("Joint stand at Jokkmokk", styles().bullet, bulletText="•")
    assert ours.bulletText == theirs.bulletText == "•" and fragments(ours) == fragments(theirs)


def test_a_paragraph_breaks_its_lines_once_for_each_width() -> None:
    register_fonts()
    paragraph = Paragraph(TEXTS[0], styles().cell)
    size = paragraph.wrap(100, 500)
    lines = paragraph.blPara
    assert paragraph.wrap(100, 20) == size and paragraph.blPara is lines, "the same width: the same lines"
    assert paragraph.wrap(300, 500) != size and paragraph.blPara is not lines
    assert paragraph.wrap(100, 500) == size


def test_the_parts_of_a_split_paragraph_are_set_as_reportlabs_are() -> None:
    register_fonts()
    text = " ".join(f"word{number}" for number in range(200))
    ours, theirs = Paragraph(text, styles().body), ReportlabParagraph(text, styles().body)
    ours.wrap(200, 1000)
    theirs.wrap(200, 1000)
    ours_parts, theirs_parts = ours.split(200, 60), theirs.split(200, 60)
    assert len(ours_parts) == len(theirs_parts) == 2
    for mine, reportlabs in zip(ours_parts, theirs_parts, strict=True):
        assert mine.wrap(200, 1000) == reportlabs.wrap(200, 1000)
        assert mine.getPlainText() == reportlabs.getPlainText()
