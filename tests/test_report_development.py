"""The network report's chapter on what the meetings led to: the figures from hand-made records
(outcomes per year and group, intentions' moves, barriers, the activities behind each kind of
outcome, a re-code counted as the researcher's), and the chapter in a real report read back."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from exports.report.files import write_network_report
from facilitator.activity_analysis import coded_entries
from facilitator.development_figures import development_figures
from facilitator.model import Barrier, GrowthIntention, Interview, Outcome, OutcomeKind
from facilitator.network import GroupRecords
from storage.network_records import load_network
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import DEMO_DAY, demo_clock, make_demo
from tests.test_network import sample_network


def _interview(person_id: str, day: date, intention: GrowthIntention, *barriers: Barrier) -> Interview:
    return Interview(
        person_id=person_id, day=day, intention=intention, barriers={barrier.value: "" for barrier in barriers}
    )


def _with_development() -> tuple[list[GroupRecords], dict]:
    groups, named = sample_network()
    inari, kuhmo = groups
    anna, biret, carl, _dan = inari.people
    (ville,) = kuhmo.people
    outcomes = [
        # The talk was re-coded CS, BA: its own codes never count.
        Outcome(person_id=anna.id, day=date(2026, 10, 20), kind=OutcomeKind.JOINT, description="stand",
                entry_ids=[named["talk"].id]),
        Outcome(person_id=biret.id, day=date(2026, 11, 2), kind=OutcomeKind.FIRST_EMPLOYEE, description="hired",
                entry_ids=[named["need"].id, named["talk"].id]),
        Outcome(person_id=carl.id, day=date(2025, 12, 1), kind=OutcomeKind.NEW_PRODUCT, description="booking",
                entry_ids=[named["old"].id]),
        Outcome(person_id=carl.id, day=date(2026, 1, 5), kind=OutcomeKind.NEW_PRODUCT, description="app"),
        Outcome(person_id=anna.id, day=date(2026, 11, 3), kind=OutcomeKind.EXPORT, description="draft", draft=True),
        Outcome(person_id=anna.id, day=date(2024, 5, 1), kind=OutcomeKind.EXPORT, description="before the period"),
    ]  # fmt: skip
    interviews = [
        _interview(anna.id, date(2024, 3, 1), GrowthIntention.STAY, Barrier.TIME),
        _interview(anna.id, date(2026, 3, 1), GrowthIntention.MODERATE, Barrier.FINANCE, Barrier.TIME),
        _interview(biret.id, date(2025, 2, 1), GrowthIntention.STAY),
        _interview(biret.id, date(2026, 6, 1), GrowthIntention.STAY, Barrier.RECRUITMENT, Barrier.TIME),
        _interview(carl.id, date(2026, 2, 1), GrowthIntention.STRONG, Barrier.FINANCE),  # first and only
        _interview(ville.id, date(2024, 1, 1), GrowthIntention.CLOSE),  # none in the period
    ]
    groups = [
        dataclasses.replace(inari, outcomes=outcomes, interviews=interviews[:5]),
        dataclasses.replace(kuhmo, interviews=interviews[5:]),
    ]
    return groups, named


def test_the_figures_count_the_periods_outcomes_moves_barriers_and_activities() -> None:
    groups, _named = _with_development()
    figures = development_figures(groups, date(2025, 11, 28), date(2026, 11, 27))
    assert figures.years == (2025, 2026)
    assert figures.outcomes_by_group == [
        ("Inari peer group", {2025: 1, 2026: 3}),
        ("Yrittäjäryhmä Kuhmo", {2025: 0, 2026: 0}),
    ]
    assert figures.outcomes == 4  # the draft and the outcome of 2024 are left out
    assert figures.moves == {
        (GrowthIntention.STAY, GrowthIntention.MODERATE): 1,
        (GrowthIntention.STAY, GrowthIntention.STAY): 1,
    }
    assert figures.interviewed == 3  # Anna, Biret and Carl; Ville's only interview is before the period
    # Most named first; a tie in the list's order. Anna's first interview's time counts no more.
    assert figures.barriers == [(Barrier.FINANCE, 2), (Barrier.TIME, 2), (Barrier.RECRUITMENT, 1)]
    kinds = {row.kind: row for row in figures.kinds}
    assert list(kinds) == [OutcomeKind.FIRST_EMPLOYEE, OutcomeKind.NEW_PRODUCT, OutcomeKind.JOINT]
    assert kinds[OutcomeKind.JOINT].codes == {"CS": 1, "BA": 1} and kinds[OutcomeKind.JOINT].uncoded == 0
    assert kinds[OutcomeKind.FIRST_EMPLOYEE].codes == {"RI": 1, "CS": 1, "BA": 1}
    assert kinds[OutcomeKind.NEW_PRODUCT].outcomes == 2
    assert kinds[OutcomeKind.NEW_PRODUCT].codes == {"DD": 1, "GC": 1} and kinds[OutcomeKind.NEW_PRODUCT].uncoded == 1


def test_a_period_without_interviews_or_outcomes_is_empty() -> None:
    groups, _named = _with_development()
    figures = development_figures(groups, date(2023, 1, 1), date(2023, 12, 31))
    assert figures.empty and figures.kinds == [] and figures.moves == {}


def test_the_report_has_the_chapter(tmp_path: Path) -> None:
    folder = tmp_path / "workspace"
    make_demo(folder, groups=1, years=1)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace, clock=demo_clock)
        repository.load_all()
        person = next(person for person in repository.people(repository.groups()[0].id) if person.joined)
        repository.save_interview(_interview(person.id, date(2026, 1, 10), GrowthIntention.STAY, Barrier.REGULATION))
        repository.save_interview(
            _interview(person.id, date(2026, 10, 10), GrowthIntention.STRONG, Barrier.REGULATION, Barrier.DISTANCE)
        )
        behind = next(
            coded for coded in coded_entries(load_network(repository)) if coded.day >= date(2026, 1, 1) and coded.codes
        )
        repository.save_outcome(
            Outcome(
                person_id=person.id,
                day=date(2026, 10, 12),
                kind=OutcomeKind.EXPORT,
                description="Exports to Sweden began",
                entry_ids=[behind.entry.id],
                meeting_ids=[behind.meeting.id],
            )
        )
        path = write_network_report(repository, to=tmp_path, today=DEMO_DAY, now=demo_clock())
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)
    table_1, chapter = text.split("What the meetings led to")
    code = behind.codes[0]
    # The researchers' table quotes the outcome beside the activity of the entry behind it.
    assert "→ export started" in table_1[table_1.index(f"{code} ") :]
    assert "Exports to Sweden began" in table_1
    assert "Outcomes per year and group" in chapter
    assert "Growth intentions, first interview to latest" in chapter and "grow strongly" in chapter
    assert "Barriers to growth named most" in chapter and "regulation" in chapter and "distance" in chapter
    assert "Activities behind each kind of outcome" in chapter and "export started" in chapter


def test_twenty_years_of_thirteen_groups_fit_the_page(tmp_path: Path) -> None:
    """A long period puts its earlier years in one column, so that the table stays on A4."""
    from exports.pdf.styles import build_pdf
    from exports.report.development import YEAR_COLUMNS, development_chapter
    from facilitator.development_figures import DevelopmentFigures

    years = tuple(range(2006, 2027))
    figures = DevelopmentFigures(
        years=years,
        outcomes_by_group=[(f"Yrittäjäryhmä number {index}", dict.fromkeys(years, 1)) for index in range(13)],
        moves={},
        interviewed=1,
        barriers=[],
        kinds=[],
    )
    path = build_pdf(
        tmp_path / "chapter.pdf", development_chapter(figures), title="t", group_name="g", printed_on=DEMO_DAY
    )
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert f"until {years[-YEAR_COLUMNS - 1]}" in " ".join(text.split())
    assert "2026" in text and "21" in text  # every year counted in the total
