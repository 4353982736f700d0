"""Outputs survive stored records whose times cannot be placed on a calendar: a workspace that
holds a meeting at the last moment of year 9999 (as an import let in before the import checked
times) still makes its network report, research export, calendar, schedule and papers, and its
screens open; each names the record it left out. Real workspaces, their stored files edited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from facilitator.cli import main
from facilitator.placing import unplaceable
from facilitator.record_rules import in_range
from tests.conftest import make_demo

LAST_MOMENT = "9999-12-31T23:59:59.999+00:00"
FIRST_MOMENT = "0001-01-01T00:00:00.000+00:00"
LEFT_OUT = "cannot be placed on a calendar"


def _network(folder: Path) -> dict[str, Any]:
    network: dict[str, Any] = json.loads((folder / "network.json").read_text(encoding="utf-8"))
    return network


def write_network(folder: Path, network: dict[str, Any]) -> None:
    (folder / "network.json").write_text(json.dumps(network), encoding="utf-8")


def demo_network(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A fresh demo workspace and its network file's tables, to change and write back."""
    folder = tmp_path / "demo"
    make_demo(folder)
    return folder, _network(folder)


def held_with_memo(folder: Path) -> dict[str, Any]:
    """The latest held meeting (as stored) whose own file holds memo entries and an agenda."""
    network = _network(folder)
    held = sorted(
        (meeting for meeting in network["meetings"].values() if meeting["status"] == "held"),
        key=lambda meeting: meeting["starts_at"],
    )
    for meeting in reversed(held):
        path = folder / "meetings" / f"{meeting['id']}.json"
        if path.exists():
            tables = json.loads(path.read_text(encoding="utf-8"))
            if tables.get("memo") and tables.get("agenda"):
                return dict(meeting)
    raise AssertionError("the demo has a held meeting with memo entries and an agenda")


def group_name(folder: Path, group_id: str) -> str:
    return str(next(group["name"] for group in _network(folder)["groups"].values() if group["id"] == group_id))


def _store_meeting_times(folder: Path, meeting_id: str, moment: str) -> None:
    network = _network(folder)
    for meeting in network["meetings"].values():
        if meeting["id"] == meeting_id:
            meeting["starts_at"] = meeting["ends_at"] = moment
    (folder / "network.json").write_text(json.dumps(network), encoding="utf-8")


def store_in_meeting_file(folder: Path, meeting_id: str, table: str, field: str, moment: str) -> str:
    """Put ``moment`` in ``field`` of the first record of ``table`` in the meeting's file; its id."""
    path = folder / "meetings" / f"{meeting_id}.json"
    tables = json.loads(path.read_text(encoding="utf-8"))
    record = next(iter(tables[table].values()))
    record[field] = moment
    path.write_text(json.dumps(tables), encoding="utf-8")
    return str(record["id"])


@pytest.fixture
def beyond_9999(tmp_path: Path) -> tuple[Path, str, str]:
    return meeting_beyond_9999(tmp_path)


def meeting_beyond_9999(tmp_path: Path) -> tuple[Path, str, str]:
    """A demo workspace whose latest held meeting starts and ends at the last moment of year 9999:
    the folder, the meeting's id and its group's name."""
    folder = tmp_path / "demo"
    make_demo(folder)
    meeting = held_with_memo(folder)
    _store_meeting_times(folder, meeting["id"], LAST_MOMENT)
    return folder, meeting["id"], group_name(folder, meeting["group_id"])


def _run(capsys: pytest.CaptureFixture[str], *arguments: str | Path) -> tuple[int, str, str]:
    code = main([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    "command",
    [
        ["report", "network", "--all"],
        ["export", "research", "--format", "csv"],
        ["export", "research", "--format", "jsonl"],
        ["export", "research", "--format", "qdpx"],
        ["export", "calendar", "{group}"],
        ["export", "schedule", "{group}"],
        ["export", "agenda", "next", "--group", "{group}"],
        ["export", "summary", "last", "--group", "{group}"],
    ],
    ids=lambda command: "-".join(part for part in command if not part.startswith(("-", "{"))),
)
def test_each_output_is_made_and_names_the_meeting_it_left_out(
    beyond_9999: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    folder, meeting_id, group = beyond_9999
    out = tmp_path / "out"
    arguments = [part.format(group=group) for part in command]
    code, printed, told = _run(capsys, "--workspace", folder, *arguments, "--to", out)
    assert code == 0, told
    written = [Path(line) for line in printed.splitlines() if line.startswith(str(out))]
    assert written and all(path.stat().st_size > 0 for path in written)
    assert LEFT_OUT in told and f"meeting {meeting_id[:8]}" in told and "9999-12-31" in told


def test_search_names_the_meeting_it_left_out(
    beyond_9999: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, meeting_id, _group = beyond_9999
    code, printed, told = _run(capsys, "--workspace", folder, "search", "the")
    assert code == 0 and printed
    assert LEFT_OUT in told and meeting_id[:8] in told


def test_the_report_pdf_lists_the_meeting_in_its_notes(
    beyond_9999: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, meeting_id, _group = beyond_9999
    code, printed, _told = _run(capsys, "--workspace", folder, "report", "network", "--all", "--to", tmp_path)
    assert code == 0
    text = " ".join(page.extract_text() for page in PdfReader(printed.strip().splitlines()[-1]).pages)
    text = " ".join(text.split())
    assert LEFT_OUT in text and f"meeting {meeting_id[:8]}" in text


def test_a_meeting_asked_for_by_id_is_refused_with_the_reason(
    beyond_9999: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, meeting_id, _group = beyond_9999
    code, _printed, told = _run(capsys, "--workspace", folder, "export", "agenda", meeting_id, "--to", tmp_path)
    assert code == 1 and "Traceback" not in told and "unexpected" not in told
    assert LEFT_OUT in told and meeting_id[:8] in told
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize(
    ("table", "field", "kind"), [("memo", "written_at", "memo entry"), ("agenda", "started_at", "agenda item")]
)
def test_a_meetings_record_that_cannot_be_placed_is_left_out_of_its_papers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, field: str, kind: str
) -> None:
    folder = tmp_path / "demo"
    make_demo(folder)
    meeting = held_with_memo(folder)
    record_id = store_in_meeting_file(folder, meeting["id"], table, field, LAST_MOMENT)
    group = group_name(folder, meeting["group_id"])
    for arguments in (
        ["export", "summary", meeting["id"], "--variant", "record"],
        ["export", "website", meeting["id"]],
        ["export", "research", "--format", "qdpx", "--group", group],
    ):
        code, printed, told = _run(capsys, "--workspace", folder, *arguments, "--to", tmp_path / "out")
        assert code == 0, (arguments, told)
        assert printed
        assert f"{kind} {record_id[:8]}" in told


def test_a_zone_west_of_utc_cannot_place_the_first_moment_of_year_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """0001-01-01 00:00 UTC is still year 0 in New York: the calendar of such a group stopped."""
    folder, network = demo_network(tmp_path)
    group = next(iter(network["groups"].values()))
    group["time_zone"] = "America/New_York"
    planned = next(
        meeting
        for meeting in network["meetings"].values()
        if meeting["group_id"] == group["id"] and meeting["status"] == "planned"
    )
    planned["starts_at"] = planned["ends_at"] = FIRST_MOMENT
    write_network(folder, network)
    code, printed, told = _run(capsys, "--workspace", folder, "export", "calendar", group["name"], "--to", tmp_path)
    assert code == 0 and printed.strip().endswith(".ics")
    assert f"meeting {planned['id'][:8]}" in told


def test_dates_no_output_places_set_nothing_aside(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A skipped day, a person's joining day, a record's sync times at the edge of what a date holds
    are never placed: the group, the person and the meeting stay on every list and output."""
    folder, network = demo_network(tmp_path)
    group = next(iter(network["groups"].values()))
    group["pattern"]["skip_dates"] = ["9999-12-31"]
    group["updated_at"] = LAST_MOMENT
    person = next(person for person in network["people"].values() if person["group_id"] == group["id"])
    person["joined"] = "0001-01-01"
    person["updated_at"] = person["created_at"] = LAST_MOMENT
    confirmed = next(
        meeting
        for meeting in network["meetings"].values()
        if meeting["group_id"] == group["id"] and meeting["status"] in ("planned", "confirmed")
    )
    confirmed["updated_at"] = LAST_MOMENT
    for absence in network["absences"].values():
        absence["starts"], absence["ends"] = "0001-01-01", "9999-12-31"
    write_network(folder, network)
    held = held_with_memo(folder)
    path = folder / "meetings" / f"{held['id']}.json"
    tables = json.loads(path.read_text(encoding="utf-8"))
    for entry in tables["memo"].values():
        entry["due"], entry["updated_at"] = "9999-12-31", LAST_MOMENT
    for row in tables["attendance"].values():
        row["audio_consent"] = "0001-01-01"
    path.write_text(json.dumps(tables), encoding="utf-8")
    for arguments in (
        ["export", "calendar", group["name"]],
        ["export", "schedule", group["name"]],
        ["report", "network", "--all"],
        ["export", "research", "--format", "csv"],
        ["export", "research", "--format", "qdpx"],
        ["export", "summary", held["id"], "--variant", "record"],
        ["person", "report", person["id"]],
    ):
        code, printed, told = _run(capsys, "--workspace", folder, *arguments, "--to", tmp_path / "out")
        assert code == 0, (arguments, told)
        assert printed and LEFT_OUT not in told, arguments
    calendar = next((tmp_path / "out").glob("*.ics")).read_text(encoding="utf-8")
    assert confirmed["id"] in calendar


def test_every_date_field_is_either_placed_or_not() -> None:
    """A new time field must be put in one of the two tables: none is checked or skipped unseen."""
    import dataclasses
    import typing

    from facilitator import model
    from facilitator.model.meeting import Recording
    from facilitator.model.memo import MemoRevision
    from facilitator.model.pattern import MeetingPattern
    from facilitator.placing import NOT_PLACED_FIELDS, PLACED_FIELDS

    classes = [model.Group, MeetingPattern, model.Person, model.Meeting, Recording, model.Absence]
    classes += [model.AgendaItem, model.Attendance, model.MemoEntry, MemoRevision, model.FeedbackResponse, model.Coding]
    for cls in classes:
        hints = typing.get_type_hints(cls)
        timed = {
            field.name
            for field in dataclasses.fields(cls)
            if any(word in str(hints[field.name]) for word in ("date", "Pattern", "Recording", "Revision"))
        }
        told = {*PLACED_FIELDS.get(cls.__name__, ()), *NOT_PLACED_FIELDS.get(cls.__name__, ())}
        assert timed == told, cls.__name__


def test_the_notice_counts_what_it_does_not_name() -> None:
    from datetime import UTC, datetime

    from facilitator.placing import Unplaceable, set_aside_notice

    moment = datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)
    records = [Unplaceable("meetings", f"{number:08d}", "closed_at", moment) for number in range(7)]
    notice = set_aside_notice(records)
    assert "7 records" in notice and "and 2 more" in notice and "00000004" in notice and "00000005" not in notice
    assert "closed_at" not in notice and ".999" not in notice and "support" in notice
    # The range as the rule has it, to the day: a moment on 1 Jan 1900 (UTC) is outside it too.
    assert "outside 2 Jan 1900 – 30 Dec 2200, UTC" in notice


def test_only_placed_times_outside_the_rule_set_aside() -> None:
    """The check outputs use agrees with the import's rule at both edges and in between."""
    from datetime import UTC, datetime, timedelta

    from facilitator.model import Meeting, Person

    start = datetime(2026, 12, 4, 17, tzinfo=UTC)
    for moment in (
        datetime(1900, 1, 1, 5, tzinfo=UTC),
        datetime(1900, 1, 2, 0, tzinfo=UTC),
        datetime(2200, 12, 30, 23, tzinfo=UTC),
        datetime(2200, 12, 31, 20, tzinfo=UTC),
    ):
        meeting = Meeting(group_id="g", starts_at=start, ends_at=start + timedelta(hours=2), closed_at=moment)
        assert (unplaceable(meeting) is None) is in_range(moment)
        assert unplaceable(Person(name="A", group_id="g", created_at=moment, joined=moment.date())) is None


def test_search_leaves_out_the_memo_entry_the_history_leaves_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The search reads stored documents: it sets aside what the history does, and names it."""
    folder = tmp_path / "demo"
    make_demo(folder)
    meeting = held_with_memo(folder)
    path = folder / "meetings" / f"{meeting['id']}.json"
    tables = json.loads(path.read_text(encoding="utf-8"))
    entry = next(iter(tables["memo"].values()))
    entry["written_at"], entry["text"] = LAST_MOMENT, "Zyxwvut unplaceable words"
    path.write_text(json.dumps(tables), encoding="utf-8")
    code, printed, told = _run(capsys, "--workspace", folder, "search", "Zyxwvut")
    assert code == 0 and "unplaceable words" not in printed
    assert f"memo entry {entry['id'][:8]}" in told and "meeting " not in told.split("left out:")[1]


def test_the_codebook_and_a_persons_id_name_no_record_set_aside(
    beyond_9999: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _meeting_id, _group = beyond_9999
    code, _printed, told = _run(
        capsys, "--workspace", folder, "export", "research", "--format", "qdc", "--to", tmp_path
    )
    assert code == 0 and LEFT_OUT not in told
    person_id = next(iter(_network(folder)["people"].values()))["id"]
    code, _printed, told = _run(capsys, "--workspace", folder, "export", "agenda", person_id[:8], "--to", tmp_path)
    assert code == 1 and LEFT_OUT not in told


@pytest.mark.parametrize("stored", ["{not json", '{"memo": [1, 2], "agenda": "x", "attendance": {"a": 3}}'])
def test_a_command_names_a_set_aside_meeting_whose_file_is_damaged(
    beyond_9999: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], stored: str
) -> None:
    folder, meeting_id, group = beyond_9999
    (folder / "meetings" / f"{meeting_id}.json").write_text(stored, encoding="utf-8")
    code, _printed, told = _run(capsys, "--workspace", folder, "export", "calendar", group, "--to", tmp_path)
    assert code == 0, told
    assert LEFT_OUT in told and meeting_id[:8] in told
    assert ("its own records not counted" in told) is stored.startswith("{not")


def test_a_meeting_is_told_with_only_the_counts_it_has(
    beyond_9999: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, meeting_id, group = beyond_9999
    path = folder / "meetings" / f"{meeting_id}.json"
    tables = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**tables, "attendance": {}, "agenda": {}}), encoding="utf-8")
    code, _printed, told = _run(capsys, "--workspace", folder, "export", "calendar", group, "--to", tmp_path)
    assert code == 0 and "memo entr" in told
    assert "attendance row" not in told and "agenda item" not in told


def test_a_short_prefix_of_a_set_aside_meeting_is_no_meeting_id(
    beyond_9999: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A meeting id is named by eight characters at least, set aside or not."""
    folder, meeting_id, _group = beyond_9999
    code, _printed, told = _run(capsys, "--workspace", folder, "export", "agenda", meeting_id[:2], "--to", tmp_path)
    assert code == 1 and "No meeting has the id" in told and LEFT_OUT not in told
    code, _printed, told = _run(capsys, "--workspace", folder, "export", "agenda", meeting_id[:8], "--to", tmp_path)
    assert code == 1 and LEFT_OUT in told and meeting_id[:8] in told
