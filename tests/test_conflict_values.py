"""A growth interview changed apart on two laptops shows on the Conflicts screen in the user's
words at 80×24: whose interview of which day, each field under the form's label, the growth
intention and the barriers as the form names them, never as stored; and keeping a version saves it."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from exports.bundle.conflicts import group_conflicts
from exports.bundle.format import Audience
from exports.bundle.importer import Importer
from exports.bundle.merge import Outcome as Merged
from exports.bundle.writer import make_bundle
from facilitator.app import make_app
from facilitator.model import Barrier, Group, GrowthIntention, Interview, InterviewKind, Person
from facilitator.record_rules import kind_label
from screens.conflicts import ConflictsScreen
from screens.roster import RosterScreen
from screens.widgets.record_table import RecordTable
from storage.workspace import Workspace
from storage.workspace_info import WorkspaceRole
from tests.app_support import notices
from tests.conftest import demo_clock
from tests.languages.english import screen_text
from tests.sync_support import TickingClock, opened, share_keys

#: The day of the interview, as the conflicts row names it.
DAY = date(2026, 11, 10)


def interview_changed_apart(folder: Path) -> tuple[Group, Person, Interview]:
    """In ``folder``: Anna's growth interview changed on the co-facilitator's laptop (grow strongly,
    time, 3 FTE) and on the adviser's (grow moderately, finance with a note, 2.5 FTE) before their
    bundles met; the co-facilitator's bundle then imported on the adviser's, which keeps the two
    versions as a conflict, its own (the later save) shown. Returns the group, Anna and the interview."""
    clock = TickingClock()  # one clock for both laptops: the adviser's save is the later one
    with (
        opened(folder / "coordinator", WorkspaceRole.COORDINATOR, clock) as coordinator,
        opened(folder / "adviser", clock=clock) as adviser,
        opened(folder / "co-facilitator", clock=clock) as co_facilitator,
    ):
        group = adviser.save_group(Group(name="Inari peer group"))
        anna = adviser.save_person(Person(group_id=group.id, name="Anna Aikio", company="Aikio Duodji"))
        interview = adviser.save_interview(
            Interview(
                person_id=anna.id,
                day=DAY,
                kind=InterviewKind.FOLLOW_UP,
                interviewer="Sanna Facilitator",
                intention=GrowthIntention.STAY,
                staff=2.0,
            )
        )
        share_keys(coordinator, [adviser, co_facilitator], folder / "keys")
        Importer(co_facilitator).import_file(make_bundle(adviser, [group], audience=Audience.GROUP, to=folder).path)
        (there,) = co_facilitator.interviews_of(anna.id)
        co_facilitator.save_interview(
            dataclasses.replace(there, intention=GrowthIntention.STRONG, barriers={Barrier.TIME.value: ""}, staff=3.0)
        )
        later = make_bundle(co_facilitator, [group], audience=Audience.GROUP, to=folder).path
        adviser.save_interview(
            dataclasses.replace(
                interview,
                intention=GrowthIntention.MODERATE,
                barriers={Barrier.FINANCE.value: "bank said no"},
                staff=2.5,
            )
        )
        report = Importer(adviser).import_file(later)
        assert report.counts[(group.name, "interviews")] == {Merged.CONFLICT: 1}, report.message
    return group, anna, interview


@pytest.mark.app
async def test_an_interview_changed_apart_shows_in_the_users_words_and_is_settled(tmp_path: Path) -> None:
    group, anna, interview = interview_changed_apart(tmp_path)
    app = make_app(Workspace.open(tmp_path / "adviser"), demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the only group's roster
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConflictsScreen)

        table = app.screen.query_one("#conflicts", RecordTable)
        assert table.row_count == 1
        kind, record, versions = (str(cell) for cell in table.get_row_at(0))
        assert (kind, record, versions) == (kind_label("interviews"), "Anna Aikio, 10 Nov 2026", "2")

        shown = screen_text(app)
        lines = {line.strip().partition(":")[0]: line.strip() for line in shown.splitlines()}
        assert "Anna Aikio, 10 Nov 2026" in shown
        assert lines["Growth intention"] == "Growth intention: shown “grow moderately” · other “grow strongly”"
        assert lines["Barriers to growth"] == "Barriers to growth: shown “finance (bank said no)” · other “time”"
        assert lines["Staff now (FTE)"] == "Staff now (FTE): shown “2.5 FTE” · other “3 FTE”"
        for stored in ("grow_moderately", "grow_strongly", "{", "'finance'", "'time'"):
            assert stored not in shown, stored
        assert not {"intention", "barriers", "staff"} & set(lines), shown

        await pilot.press("o")  # keep the other version: the co-facilitator's
        await pilot.pause()
        assert "Settled: Anna Aikio, 10 Nov 2026" in notices(app)
        assert app.screen.query_one("#conflicts", RecordTable).display is False
    with opened(tmp_path / "adviser") as adviser:
        assert group_conflicts(adviser, group.id) == []
        (kept,) = adviser.interviews_of(anna.id)
        assert kept.id == interview.id
        assert (kept.intention, kept.barriers, kept.staff) == (GrowthIntention.STRONG, {"time": ""}, 3.0)
