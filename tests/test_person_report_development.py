"""A person's data report shows their growth interviews, the outcomes in their business and the
outcomes of others they took part in: the PDF read back with pypdf, the JSON parsed."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from exports.person_report.files import collect_person_data, write_person_report
from exports.person_report.pdf import write_person_report_pdf
from facilitator.dates import format_date
from facilitator.model import Barrier, GrowthIntention, Interview, InterviewKind, Outcome
from facilitator.model.interview import BARRIER_NOTE_MAX
from facilitator.model.sizes import LONG_TEXT_MAX
from facilitator.timeline import meeting_text
from tests.app_support import pdf_text
from tests.sync_support import opened
from tests.test_erasure import NAME, STARTS, build
from tests.test_erasure_development import THEIR_TEXTS, record_development

TODAY = date(2026, 12, 1)


def test_the_report_holds_their_interviews_their_outcomes_and_those_they_took_part_in(tmp_path: Path) -> None:
    with opened(tmp_path / "workspace") as repository:
        group, person, meeting = build(repository)
        record_development(repository, group.id, person.id, meeting.id)
        pdf, json_path = write_person_report(repository, repository.person(person.id), tmp_path, today=TODAY)
        (other,) = [found for found in repository.people(group.id) if found.name == "Bertta Lampinen"]
        other_pdf, _json = write_person_report(repository, other, tmp_path, today=TODAY)

    text = pdf_text(pdf)
    interviews = text[text.index("Growth interviews") : text.index("Outcomes in the business")]
    for said in (
        format_date(date(2026, 11, 2)),
        "Interview: on joining",
        "Interviewer: Riikka Tutkija",
        "Growth intention: grow moderately",
        "Staff now (FTE): 1 FTE",
        f"finance ({THEIR_TEXTS[1]}), time",
        f"What the network gives: Bertta told me of {THEIR_TEXTS[0]}",
        "Value of the network (1–5): 4",
    ):
        assert said in interviews, (said, interviews)
    own = text[text.index("Outcomes in the business") : text.index("Outcomes of others the person took part in")]
    meeting_behind = meeting_text(STARTS.date(), "Winter sales")
    for said in ("export started", THEIR_TEXTS[2], "Members involved: Bertta Lampinen", meeting_behind):
        assert said in own, (said, own)
    assert "joint stand" not in own
    others = text[text.index("Outcomes of others the person took part in") :]
    assert "In the business of Bertta Lampinen" in others and f"A joint stand with {NAME}" in others

    data = json.loads(json_path.read_text(encoding="utf-8"))
    (interview,) = data["interviews"]
    assert interview["growth_intention"]["code"] == "grow_moderately" and interview["network_value"] == 4
    assert interview["barriers"] == [
        {"code": "finance", "label": "finance", "note": THEIR_TEXTS[1]},
        {"code": "time", "label": "time", "note": ""},
    ]
    (outcome,) = data["outcomes"]
    assert outcome["members_involved"] == ["Bertta Lampinen"] and outcome["staff_after_fte"] == 2.0
    assert [found["meeting_id"] for found in outcome["meetings_behind"]] == [meeting.id]
    (involved,) = data["outcomes_of_others_involved_in"]
    assert involved["whose"] == "Bertta Lampinen" and NAME in involved["description"]

    # Bertta's report: her own outcome names Áilu as involved; Áilu's export is hers to take part in.
    other_text = pdf_text(other_pdf)
    own = other_text[other_text.index("Outcomes in the business") :]
    assert f"Members involved: {NAME}" in own and "In the business of " + NAME in own


def test_a_person_with_no_interview_nor_outcome_reads_none(tmp_path: Path) -> None:
    with opened(tmp_path / "workspace") as repository:
        _group, person, _meeting = build(repository)
        pdf, json_path = write_person_report(repository, repository.person(person.id), tmp_path, today=TODAY)
    text = pdf_text(pdf)
    assert "Growth interviews None. Outcomes in the business None." in text
    assert "Outcomes of others" not in text
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert (data["interviews"], data["outcomes"], data["outcomes_of_others_involved_in"]) == ([], [], [])


def test_others_interviews_and_outcomes_naming_the_person_are_listed_with_only_those_texts(tmp_path: Path) -> None:
    with opened(tmp_path / "workspace") as repository:
        group, person, meeting = build(repository)
        record_development(repository, group.id, person.id, meeting.id)
        (other,) = [found for found in repository.people(group.id) if found.name == "Bertta Lampinen"]
        repository.save_interview(
            Interview(
                person_id=other.id,
                day=date(2026, 11, 5),
                kind=InterviewKind.FOLLOW_UP,
                intention=GrowthIntention.STRONG,
                barriers={Barrier.MARKET_ACCESS.value: "only through Duodji Ltd", Barrier.TIME.value: "evenings"},
                network_gives="peer support",
            )
        )
        repository.save_outcome(
            Outcome(person_id=other.id, day=date(2026, 11, 27), description="Áilu's pattern in my new product")
        )
        repository.save_outcome(Outcome(person_id=other.id, day=date(2026, 11, 28), description="A new oven"))
        pdf, json_path = write_person_report(repository, repository.person(person.id), tmp_path, today=TODAY)

    text = pdf_text(pdf)
    naming = text[text.index("Others' interviews and outcomes naming the person") : text.index("Feedback")]
    for said in (
        "3 Nov 2026 Interview of Bertta Lampinen, follow-up named in the text",
        f"What the network gives: {NAME} showed me the fair",
        "5 Nov 2026 Interview of Bertta Lampinen, follow-up named in the text",
        "Barriers to growth: market access (only through Duodji Ltd)",
        "other In the business of Bertta Lampinen named in the text Description: Áilu's pattern in my new product",
    ):
        assert said in naming, (said, naming)
    # The rest of Bertta's interviews and outcomes is hers: not shown.
    for hers in ("evenings", "peer support", "grow strongly", "A new oven", "joint stand"):
        assert hers not in naming, hers

    data = json.loads(json_path.read_text(encoding="utf-8"))
    first, second = data["interviews_of_others_naming"]
    assert (first["whose"], first["how"]["code"], first["texts"]) == (
        "Bertta Lampinen",
        "named",
        [{"field": "network_gives", "label": "What the network gives", "text": f"{NAME} showed me the fair"}],
    )
    assert second["texts"] == [
        {"field": "barrier_note:market_access", "label": "market access", "text": "only through Duodji Ltd"}
    ]
    (outcome,) = data["outcomes_of_others_naming"]  # the joint stand names Áilu as involved: listed above
    assert outcome["texts"][0]["text"] == "Áilu's pattern in my new product"


def test_texts_of_the_longest_length_allowed_are_laid_out_over_pages(tmp_path: Path) -> None:
    """An interview's answer may hold 20,000 characters, and an outcome's description arriving in
    a bundle as many (the form allows 2,000): each runs over pages, nothing lost."""
    long = ("lorem " * 3400)[:LONG_TEXT_MAX]
    with opened(tmp_path / "workspace") as repository:
        _group, person, _meeting = build(repository)
        repository.save_interview(
            Interview(
                person_id=person.id,
                day=date(2026, 11, 2),
                barriers={barrier.value: "n" * BARRIER_NOTE_MAX for barrier in Barrier},
                network_gives=long,
            )
        )
        repository.save_outcome(Outcome(person_id=person.id, day=date(2026, 11, 3), description="short"))
        data = collect_person_data(repository, repository.person(person.id))
    (shown,) = data.outcomes
    arrived = dataclasses.replace(shown, outcome=dataclasses.replace(shown.outcome, description=long))
    pdf = write_person_report_pdf(dataclasses.replace(data, outcomes=(arrived,)), tmp_path / "long.pdf", TODAY)
    pages = PdfReader(pdf).pages
    assert len(pages) > 5
    assert pdf_text(pdf).count("lorem") == 2 * long.count("lorem")
