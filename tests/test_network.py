"""The network's figures and activity analysis from plain records, and a researcher's re-code
travelling back to the group's laptop."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from exports.bundle.importer import Importer
from exports.bundle.writer import make_bundle
from facilitator.activity_analysis import EntryFilter, activity_table, coded_entries, needs
from facilitator.group_labels import short_names
from facilitator.history import MeetingRecords
from facilitator.model import (
    Attendance,
    Coding,
    FeedbackResponse,
    Group,
    Meeting,
    MeetingStatus,
    MemoEntry,
    MemoKind,
    Person,
    Presence,
    coding_id,
)
from facilitator.network import GroupRecords, attendance_per_year, group_overview
from facilitator.text import sort_key
from storage.network_records import load_network
from storage.workspace import WorkspaceRole
from tests.sync_support import opened, share_keys

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


def _meeting(group: Group, day: date, host: Person, status: MeetingStatus = MeetingStatus.HELD) -> Meeting:
    start = datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
    return Meeting(
        group_id=group.id, starts_at=start, ends_at=start + timedelta(hours=3), host_id=host.id, status=status
    )


def _entry(meeting: Meeting, text: str, codes: list[str], kind: MemoKind = MemoKind.NOTE) -> MemoEntry:
    return MemoEntry(
        meeting_id=meeting.id,
        group_id=meeting.group_id,
        text=text,
        written_at=meeting.starts_at,
        codes=codes,
        kind=kind,
    )


def sample_network() -> tuple[list[GroupRecords], dict[str, object]]:
    """Two groups as the network report reads them: Inari with a meeting this year and one last year
    (coded entries, a need, an action, feedback, a member who left), Kuhmo with one meeting; and the
    records the tests look for, by name."""
    inari = Group(name="Inari peer group")
    kuhmo = Group(name="Yrittäjäryhmä Kuhmo")
    anna, biret, carl, dan = (
        Person(group_id=inari.id, name="Anna Aikio", can_host=True, premises_address="x", joined=date(2020, 1, 1)),
        Person(group_id=inari.id, name="Biret Guttorm", can_host=True, premises_address="y", joined=date(2020, 1, 1)),
        Person(group_id=inari.id, name="Carl Berg", can_host=True, premises_address="z", joined=date(2020, 1, 1)),
        Person(group_id=inari.id, name="Dan Lind", joined=date(2020, 1, 1), left=date(2026, 1, 1)),
    )
    ville = Person(group_id=kuhmo.id, name="Ville Heikkinen", can_host=True, premises_address="v")
    this_year = _meeting(inari, date(2026, 10, 6), anna)
    last_year = _meeting(inari, date(2025, 10, 7), biret)
    planned = _meeting(inari, date(2026, 12, 1), carl, MeetingStatus.PLANNED)
    kuhmo_meeting = _meeting(kuhmo, date(2026, 9, 1), ville)
    talk = _entry(this_year, "Anna and Biret plan a joint stand at the Inari fair", ["CS"])
    need = _entry(this_year, "Biret needs a bookkeeper for the busy season", ["RI"], MemoKind.NEED)
    need = dataclasses.replace(need, written_at=need.written_at + timedelta(minutes=5))  # said after the talk
    action = _entry(this_year, "Anna sends the price list", [], MemoKind.ACTION)
    old = _entry(last_year, "Carl shows the new booking system", ["DD", "GC"])
    far = _entry(kuhmo_meeting, "Ville asks who knows a good accountant in Kuhmo, a long question", ["RI"])
    records = {
        this_year.id: MeetingRecords(
            attendance=[
                Attendance(meeting_id=this_year.id, person_id=anna.id, status=Presence.PRESENT),
                Attendance(meeting_id=this_year.id, person_id=biret.id, status=Presence.PRESENT),
                Attendance(meeting_id=this_year.id, person_id=carl.id, status=Presence.APOLOGIES),
            ],
            memo=[talk, need, action],
            feedback=[
                FeedbackResponse(meeting_id=this_year.id, usefulness=4),
                FeedbackResponse(meeting_id=this_year.id, usefulness=5),
            ],
            codings=[
                Coding(
                    id=coding_id(talk.id),
                    entry_id=talk.id,
                    meeting_id=this_year.id,
                    group_id=inari.id,
                    codes=["CS", "BA"],
                )
            ],
        ),
        last_year.id: MeetingRecords(memo=[old]),
    }
    groups = [
        GroupRecords(
            inari, [anna, biret, carl, dan], [this_year, last_year, planned], records, NOW - timedelta(days=10)
        ),
        GroupRecords(kuhmo, [ville], [kuhmo_meeting], {kuhmo_meeting.id: MeetingRecords(memo=[far])}, None),
    ]
    return groups, {"talk": talk, "need": need, "old": old, "far": far, "inari": inari, "kuhmo": kuhmo}


def test_a_groups_dashboard_row_holds_the_last_12_months_and_all_years_for_the_charts() -> None:
    groups, _named = sample_network()
    row = group_overview(groups[0], TODAY, NOW)
    period = row.period
    assert period.members == 3 and row.held_by_year == {2025: 1, 2026: 1}
    assert period.held == 1, "last year's meeting of 7 Oct 2025 is before the last 12 months"
    assert period.attendance is not None and abs(period.attendance - 2 / 3) < 1e-9  # Dan had left; Carl apologised
    assert period.feedback_average == 4.5
    assert (period.hosts, period.can_host) == (1, 3), "Biret hosted before the last 12 months"
    assert row.standing.open_actions == 1 and not row.standing.quiet
    assert attendance_per_year(row.shares) == {2026: 2 / 3} and min(row.held_by_year) == 2025
    assert row.codes["BA"] == 1 and row.codes["CS"] == 1 and row.codes["DD"] == 1
    quiet = group_overview(groups[1], TODAY, NOW)
    assert quiet.standing.quiet and quiet.standing.last_bundle is None and quiet.period.attendance is None


def test_attendance_per_year_weighs_every_meeting_the_same_whichever_group_held_it() -> None:
    shares = [(date(2025, 3, 1), 1.0), (date(2025, 6, 1), 0.5), (date(2025, 9, 1), 0.6), (date(2026, 1, 1), 0.2)]
    assert attendance_per_year(shares) == pytest.approx({2025: 0.7, 2026: 0.2})


def labels(*named: tuple[str, str]) -> list[str]:
    """The labels of groups made of (name, municipality) pairs, in the pairs' order."""
    groups = [Group(name=name, municipality=town) for name, town in named]
    shown = short_names(groups)
    assert len(set(shown.values())) == len(groups), f"every label differs: {shown}"
    return [shown[group.id] for group in groups]


def test_a_group_is_shown_by_its_municipality_whatever_the_width_and_whole_where_that_is_not_enough() -> None:
    names = {
        "Yrittäjäpiiri Kuhmo": "Kuhmo",
        "Inari peer group 2": "Inari 2",
        "Företagargruppen Närpes": "Närpes",
        "Yrittäjäryhmä Sodankylä": "Sodankylä",
        "Silent peer group": "Silent peer group",  # no municipality given
        "Lieksan yrittäjät": "Lieksa",  # a Finnish genitive holds the municipality too
        "Helsingin yrittäjät": "Helsingin yrittäjät",  # but not one whose stem changes
    }
    towns = {"Yrittäjäpiiri Kuhmo": "Kuhmo", "Inari peer group 2": "Inari", "Företagargruppen Närpes": "Närpes"}
    towns |= {"Yrittäjäryhmä Sodankylä": "sodankylä", "Lieksan yrittäjät": "Lieksa", "Helsingin yrittäjät": "Helsinki"}
    groups = [Group(name=name, municipality=towns.get(name, "")) for name in names]
    shown = short_names(groups)
    assert [shown[group.id] for group in groups] == list(names.values())
    assert short_names(groups[:1]) == {groups[0].id: "Kuhmo"}, "the same alone as among many"
    assert list(shown.values()) == sorted(names.values(), key=sort_key), "listed in the order of the labels"
    assert list(short_names([Group(name="Ähtäri"), Group(name="Ylitornio"), Group(name="Alavus")]).values()) == [
        "Alavus",
        "Ylitornio",
        "Ähtäri",
    ], "Ä after Y, as a Finnish reader expects"


def test_two_groups_of_one_municipality_are_told_apart_by_what_their_names_do_not_share() -> None:
    assert labels(("Yrittäjäpiiri Kuhmo", "Kuhmo"), ("Yrittäjäpiiri Kuhmo (ilta)", "Kuhmo")) == [
        "Kuhmo",
        "Kuhmo (ilta)",
    ]
    assert labels(("Kuhmon yrittäjät", "Kuhmo"), ("Kuhmo peer group", "Kuhmo")) == [
        "Kuhmo yrittäjät",
        "Kuhmo peer group",
    ]
    # Adding a group of another municipality changes no one's label; one of the same, only theirs.
    assert labels(("Yrittäjäpiiri Kuhmo", "Kuhmo"), ("Kuhmo peer group 2", "Kuhmo"), ("Salla group", "Salla")) == [
        "Kuhmo",
        "Kuhmo 2",
        "Salla",
    ]


def test_no_two_groups_ever_share_a_label() -> None:
    # A whole name that is another group's short name.
    assert labels(
        ("Kuhmo Sotkamo", "Sotkamo"), ("Sotkamo group", "Sotkamo"), ("Yrittäjät Kuhmo Sotkamo", "Kuhmo Sotkamo")
    ) == [
        "Sotkamo Kuhmo",
        "Sotkamo group",
        "Kuhmo Sotkamo",
    ]
    first, second = Group(name="Inari", municipality="Inari"), Group(name="Inari", municipality="Inari")
    shown = short_names([first, second])
    assert shown[first.id] == f"Inari #{first.id[:4]}" and shown[second.id] == f"Inari #{second.id[:4]}"
    whole, short = labels(("Kuhmo", "Sotkamo"), ("Yrittäjät Kuhmo", "Kuhmo"))
    assert (whole, short) == ("Kuhmo", "Kuhmo Yrittäjät")
    assert labels(("Silent", ""), ("silent", ""))[0].startswith("Silent #"), "names differing in case alone"


def test_coded_entries_filter_and_a_re_code_replaces_an_entrys_codes() -> None:
    groups, named = sample_network()
    everything = coded_entries(groups)
    assert [coded.entry.id for coded in everything] == [
        named["old"].id,
        named["far"].id,
        named["talk"].id,
        named["need"].id,
    ]
    talk = next(coded for coded in everything if coded.entry.id == named["talk"].id)
    assert talk.codes == ("BA", "CS") and talk.recoded
    assert [coded.entry.id for coded in coded_entries(groups, EntryFilter(code="RI"))] == [
        named["far"].id,
        named["need"].id,
    ]
    only_inari_2026 = coded_entries(groups, EntryFilter(group_id=named["inari"].id, start=date(2026, 1, 1), end=TODAY))
    assert {coded.entry.id for coded in only_inari_2026} == {named["talk"].id, named["need"].id}
    assert [coded.entry.id for coded in coded_entries(groups, EntryFilter(kind=MemoKind.NEED))] == [named["need"].id]
    assert [coded.entry.id for coded in needs(groups)] == [named["need"].id]


def test_the_activity_table_has_every_type_with_examples_from_different_groups() -> None:
    groups, named = sample_network()
    table = activity_table(coded_entries(groups), examples=2)
    assert [row.code for row in table] == ["PS", "RI", "SE", "RA", "CS", "BA", "GC", "DD", "DP", "VI", "MK"]
    ri = next(row for row in table if row.code == "RI")
    assert ri.total == 2 and ri.by_group == {named["inari"].id: 1, named["kuhmo"].id: 1}, "by group id"
    assert {example.group.name for example in ri.examples} == {"Inari peer group", "Yrittäjäryhmä Kuhmo"}
    assert next(row for row in table if row.code == "DD").by_year == {2025: 1}
    assert next(row for row in table if row.code == "PS").total == 0
    namesakes = [
        dataclasses.replace(records, group=dataclasses.replace(records.group, name="Peer group")) for records in groups
    ]
    (ri,) = [row for row in activity_table(coded_entries(namesakes)) if row.code == "RI"]
    assert ri.by_group == {named["inari"].id: 1, named["kuhmo"].id: 1}, "two groups of one name counted apart"


def test_a_re_code_made_by_the_coordinator_reaches_the_group_and_leaves_the_entry_as_it_was(tmp_path: Path) -> None:
    with (
        opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator,
        opened(tmp_path / "laptop") as laptop,
    ):
        group = laptop.save_group(Group(name="Inari peer group"))
        host = laptop.save_person(Person(group_id=group.id, name="Anna Aikio"))
        meeting = laptop.save_meeting(_meeting(group, date(2026, 10, 6), host))
        entry = laptop.save_memo_entry(_entry(meeting, "Anna Aikio plans a joint stand", ["CS"]))
        share_keys(coordinator, [laptop], tmp_path / "keys")
        Importer(coordinator).import_file(make_bundle(laptop, [group], to=tmp_path).path)
        (received,) = coordinator.memo(meeting.id)
        assert "Anna" not in received.text  # pseudonymised: Anna gave no research consent
        coordinator.save_coding(
            Coding(
                id=coding_id(entry.id), entry_id=entry.id, meeting_id=meeting.id, group_id=group.id, codes=["CS", "RA"]
            )
        )
        (analysed,) = coded_entries(load_network(coordinator))
        assert analysed.codes == ("CS", "RA") and analysed.recoded
        report = Importer(laptop).import_file(make_bundle(coordinator, [group], to=tmp_path).path)
        assert report.ok, report.message
        assert laptop.memo(meeting.id) == [entry]  # the group's own words stay as typed
        (recoded,) = coded_entries(load_network(laptop))
        assert recoded.codes == ("CS", "RA")


def test_a_damaged_meeting_file_is_left_out_and_named_when_asked(tmp_path: Path) -> None:
    from storage.errors import DamagedFile

    with opened(tmp_path / "laptop") as laptop:
        group = laptop.save_group(Group(name="Inari peer group"))
        host = laptop.save_person(Person(group_id=group.id, name="Anna Aikio"))
        kept, broken = (
            laptop.save_meeting(_meeting(group, day, host)) for day in (date(2026, 9, 1), date(2026, 10, 6))
        )
        for meeting in (kept, broken):
            laptop.save_memo_entry(_entry(meeting, "A plan", ["CS"]))
    laptop_path = tmp_path / "laptop"
    (laptop_path / "meetings" / f"{broken.id}.json").write_text("{not json")
    with opened(laptop_path) as laptop:
        try:
            load_network(laptop)
        except DamagedFile as error:
            assert broken.id in str(error)
        else:
            raise AssertionError("a damaged file must not pass unnoticed")
        damaged: list[DamagedFile] = []
        (records,) = load_network(laptop, damaged=damaged)
        assert [error.path.name for error in damaged] == [f"{broken.id}.json"]
        assert [coded.meeting.id for coded in coded_entries([records])] == [kept.id]
