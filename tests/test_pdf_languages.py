"""Every PDF the app makes, made in Finnish and in Swedish, spells its dates the language's way.

Month and weekday names come from Babel, whatever the catalogues hold yet, so a Finnish paper
reads "tiistai 8. joulukuuta 2026" and the only English month or weekday left on it is one that
people typed (the demo's memo speaks of the "contract that ends in January").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from exports.meeting_files import write_meeting_file
from exports.report.files import write_network_report
from exports.season_files import write_season_file
from exports.summary_files import write_summary_file
from facilitator.i18n import language, use_language
from facilitator.model import MeetingStatus
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import DEMO_DAY, demo_clock, make_demo

ENGLISH = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b"
)
MONTHS = {
    "fi": (
        "tammikuuta",
        "helmikuuta",
        "maaliskuuta",
        "huhtikuuta",
        "toukokuuta",
        "kesäkuuta",
        "heinäkuuta",
        "elokuuta",
        "syyskuuta",
        "lokakuuta",
        "marraskuuta",
        "joulukuuta",
    ),
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
}
WEEKDAYS = {
    "fi": ("maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"),
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
}
PAPERS = ("agenda", "signin", "feedback", "schedule", "participants", "record", "network report")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("languages") / "workspace"
    make_demo(folder, groups=1, years=1)
    return folder


def typed_names(folder: Path) -> set[str]:
    """The English month and weekday names in what people typed into the workspace (the app's own
    note of why a host was proposed is not typed, and never printed)."""

    def texts(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for key, inner in value.items():
                if key != "host_reason":
                    yield from texts(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from texts(inner)

    records = (json.loads(path.read_text(encoding="utf-8")) for path in folder.rglob("*.json"))
    return {name for record in records for text in texts(record) for name in ENGLISH.findall(text)}


def write_papers(folder: Path, out: Path, code: str) -> dict[str, Path]:
    """Each paper of the demo's first group, written while the app speaks ``code``."""
    before = language()
    use_language(code)
    try:
        with Workspace.open(folder, purpose="test") as workspace:
            repository = Repository(workspace)
            group = repository.groups()[0]
            meetings = sorted(repository.meetings(group.id), key=lambda meeting: meeting.starts_at)
            held = [meeting for meeting in meetings if meeting.status is MeetingStatus.HELD][-1]
            coming = next(meeting for meeting in meetings if meeting.status is MeetingStatus.PLANNED)
            papers = {
                kind: write_meeting_file(repository, coming, kind, out) for kind in ("agenda", "signin", "feedback")
            }
            papers["schedule"] = write_season_file(repository, group, "schedule", out)
            papers |= {
                variant: write_summary_file(repository, held, variant, out) for variant in ("participants", "record")
            }
            papers["network report"] = write_network_report(repository, to=out, today=DEMO_DAY, now=demo_clock())
            return papers
    finally:
        use_language(before)


@pytest.mark.parametrize("code", ["fi", "sv"])
def test_every_paper_names_months_and_weekdays_in_the_language(demo: Path, tmp_path: Path, code: str) -> None:
    papers = write_papers(demo, tmp_path, code)
    assert set(papers) == set(PAPERS)
    for paper, path in papers.items():
        text = " ".join(page.extract_text() for page in PdfReader(path).pages)
        words = set(re.findall(r"\w+", text.lower()))
        assert words & set(MONTHS[code]), (paper, code)
        assert words & set(WEEKDAYS[code]), (paper, code)
        assert set(ENGLISH.findall(text)) <= typed_names(demo), (paper, ENGLISH.findall(text))


def test_a_finnish_agenda_spells_the_meeting_day_out(demo: Path, tmp_path: Path) -> None:
    text = " ".join(PdfReader(write_papers(demo, tmp_path, "fi")["agenda"]).pages[0].extract_text().split())
    assert re.search(
        r"(maanantai|tiistai|keskiviikko|torstai|perjantai|lauantai|sunnuntai) \d{1,2}\. \w+kuuta 20\d\d", text
    )
    assert re.search(r"\b\d{1,2}\.\d{2}–\d{1,2}\.\d{2}\b", text)  # the clock the Finnish way: 17.30–20.00
