"""Export benchmark: time to build a meeting's agenda and sign-in sheet PDFs, in-process and as a
fresh ``facilitator export agenda`` process.

Run as ``.venv/bin/python bench/export.py [--runs N] [--processes M]``. It prints numbers; it is
not a test. Targets: each PDF under 150 ms in-process, a fresh process under 1 s, the record of a
400-entry meeting under 250 ms in-process.

How: ``facilitator demo --workspace DIR --no-open`` makes the demo network in a temp dir. The
group with the most current members is taken (the longest sign-in sheet); its first upcoming
meeting is used, planned with the season rules (``plan_season``, a year ahead) when the demo has
none, and given the group's agenda template (``agenda_from_template`` + ``save_agenda``) and a
theme when it has none, so that the PDFs are as full as a real evening's.

In-process: ``exports.meeting_files.write_meeting_file`` (what the preparation screen and the
CLI call: repository look-ups, the reportlab layout, the atomic write with fsync) into a temp
folder, one warm-up call per kind (it imports reportlab and reads the TTF fonts) and then N timed
calls (default 10) per kind, alternating; the median is compared with the target.

Meeting record: the same group's last held meeting is made a 3-hour evening of 400 memo entries
(``prepare_record``: the entries the demo gave it are kept and more added, with kinds, codes,
people, recording offsets and every agenda item run, written at once with
``add_meeting_records``); then ``exports.summary_files.write_summary_file(..., "record")`` (what
the screens and ``facilitator export summary --variant record`` call: reading the meeting's file,
the summary, the reportlab layout of some twenty pages, the atomic write) is timed like the other
PDFs, one warm-up and N timed calls.

Fresh process: the wall time of ``sys.executable -m facilitator export agenda MEETING_ID
--workspace DIR`` from just before spawning until it exits (interpreter start-up, imports,
opening the workspace with its lock, the PDF), one warm-up and M timed runs (default 5). When
the ``export agenda`` subcommand is not there yet, that part is skipped with a line saying so.
Exit status 0 whatever the numbers; 1 if the demo or a child process fails (its stderr printed).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.children import fail, make_demo  # noqa: E402 - the repository is on the path only now

IN_PROCESS_TARGET_MS = 150.0
PROCESS_TARGET_MS = 1000.0
RECORD_TARGET_MS = 250.0
RECORD_ENTRIES = 400
RECORD_HOURS = 3
CHILD_TIMEOUT = 120
PLAN_DAYS = 365


def prepare_meeting(repository) -> tuple[str, str, list[str]]:
    """Choose (and if need be plan and prepare) an upcoming meeting; return its id, a description
    and notes on what had to be made for it."""
    from zoneinfo import ZoneInfo

    from facilitator.agenda import agenda_from_template, group_template
    from facilitator.dates import format_day
    from facilitator.lookup import NoSuchMeeting, next_meeting
    from facilitator.model import utc_now
    from facilitator.season import plan_season

    today = repository.today()
    counts = repository.member_counts()
    groups = repository.groups(include_archived=False)
    if not groups:
        fail("choosing a group", "the demo workspace has no groups")
    group = max(groups, key=lambda group: counts.get(group.id, 0))
    made: list[str] = []
    try:
        meeting = next_meeting(repository.meetings(group.id), utc_now())
    except NoSuchMeeting:
        plan = plan_season(
            group,
            repository.people(group.id),
            repository.absences(group.id),
            repository.meetings(group.id),
            today,
            today + timedelta(days=PLAN_DAYS),
            today,
        )
        if plan.problems:
            fail("planning a season", "\n".join(problem.message for problem in plan.problems))
        repository.save_meetings(plan.meetings, plan.removed)
        meeting = next_meeting(repository.meetings(group.id), utc_now())
        made.append(f"planned {len(plan.meetings)} meetings (the demo had no upcoming one)")
    people = {person.id: person for person in repository.people(group.id)}
    host = people.get(meeting.host_id)
    if not meeting.theme:
        meeting = repository.save_meeting(
            dataclasses.replace(
                meeting,
                theme="Selling abroad: what the Norwegian border shops want",
                host_note="The host has sold over the border for three years and wants to hear how the others price "
                "their work for shops that take a commission.",
            )
        )
        made.append("gave the meeting a theme and a host's note")
    items = repository.agenda(meeting.id)
    if not items:
        items = repository.save_agenda(
            meeting.id, agenda_from_template(group_template(group.agenda_template), meeting, host, None)
        )
        made.append("made its agenda from the group's template")
    day = meeting.starts_at.astimezone(ZoneInfo(group.time_zone)).date()
    members = sum(1 for person in people.values() if person.is_current_member(day))
    described = (
        f"{group.name}, {format_day(day)} (meeting {meeting.id}), {len(items)} agenda items, "
        f"{members} current members on the sign-in sheet"
    )
    return meeting.id, described, made


def time_in_process(repository, meeting_id: str, runs: int, folder: Path) -> dict[str, list[float]]:
    """Milliseconds per call of ``write_meeting_file`` for each kind, after one warm-up each."""
    from exports.meeting_files import MEETING_FILES, write_meeting_file

    meeting = repository.meeting(meeting_id)
    timings: dict[str, list[float]] = {kind: [] for kind in MEETING_FILES}
    for round_number in range(runs + 1):  # round 0 is the warm-up
        for kind in MEETING_FILES:
            started = time.perf_counter()
            write_meeting_file(repository, meeting, kind, folder)
            elapsed = (time.perf_counter() - started) * 1000
            if round_number:
                timings[kind].append(elapsed)
    return timings


def prepare_record(repository, group_id: str) -> tuple[str, str]:
    """Make the group's last held meeting a 3-hour evening of RECORD_ENTRIES memo entries (keeping
    what the demo gave it); return its id and a description."""
    from zoneinfo import ZoneInfo

    from facilitator.dates import format_day

    group = repository.group(group_id)
    meeting = held_evening(repository, group)
    people = repository.people(group.id)
    items = timed_agenda(repository, group, meeting, people)
    day = meeting.starts_at.astimezone(ZoneInfo(group.time_zone)).date()
    members = [person for person in people if person.is_current_member(day)]
    check_in(repository, meeting, members, day)
    existing = repository.memo(meeting.id)
    added = memo_entries(meeting, items, members, day, max(0, RECORD_ENTRIES - len(existing)))
    repository.add_meeting_records(meeting.id, entries=added)
    total = len(repository.memo(meeting.id))
    return meeting.id, (
        f"{group.name}, {format_day(day)} (meeting {meeting.id}), {total} memo entries "
        f"({len(existing)} from the demo), {len(items)} agenda items, {len(members)} members present"
    )


def held_evening(repository, group):
    """The group's last held meeting made an evening of RECORD_HOURS: started at its start, closed
    RECORD_HOURS later, recorded from a few minutes in to a few minutes before the end, and with
    conclusions when it had none."""
    from facilitator.lookup import NoSuchMeeting, last_held
    from facilitator.model import Recording

    try:
        meeting = last_held(repository.meetings(group.id))
    except NoSuchMeeting:
        fail("choosing a held meeting", f"{group.name} has no held meeting")
    started = meeting.starts_at
    closed = started + timedelta(hours=RECORD_HOURS)
    return repository.save_meeting(
        dataclasses.replace(
            meeting,
            started_at=started,
            closed_at=closed,
            recordings=[Recording(started_at=started + timedelta(minutes=4), stopped_at=closed - timedelta(minutes=3))],
            conclusions=meeting.conclusions
            or "\n".join(
                [
                    "A joint stand at the winter market is worth a try",
                    "Prices for the border shops must include their commission",
                    "Two members share a van to the wholesaler each month",
                ]
            ),
        )
    )


def timed_agenda(repository, group, meeting, people) -> list:
    """The meeting's agenda (from the group's template when it has none), its items run one after
    the other in equal shares of the evening; saved and returned."""
    from facilitator.agenda import agenda_from_template, group_template

    host = next((person for person in people if person.id == meeting.host_id), None)
    items = repository.agenda(meeting.id) or agenda_from_template(
        group_template(group.agenda_template), meeting, host, None
    )
    share = (meeting.closed_at - meeting.started_at) / len(items)
    return repository.save_agenda(
        meeting.id,
        [
            dataclasses.replace(
                item, started_at=meeting.started_at + share * index, ended_at=meeting.started_at + share * (index + 1)
            )
            for index, item in enumerate(items)
        ],
    )


def check_in(repository, meeting, members, day) -> None:
    """Every current member present from the start, with audio consent, unless the demo checked
    people in to this meeting already."""
    from facilitator.model import Attendance, Presence

    if repository.attendance(meeting.id):
        return
    repository.add_meeting_records(
        meeting.id,
        attendance=[
            Attendance(
                meeting_id=meeting.id,
                person_id=person.id,
                status=Presence.PRESENT,
                arrived_at=meeting.started_at,
                audio_consent=day,
            )
            for person in members
        ],
    )


def memo_entries(meeting, items, members, day, count: int) -> list:
    """``count`` memo entries spread evenly over the evening, each under the agenda item running
    then, in turn by each member, with kinds, codes, an action's owner and due date, and recording
    offsets: the same entries at every run (the random choices are seeded)."""
    import random

    from facilitator.model import MemoEntry, MemoKind

    random.seed(7)
    kinds = [MemoKind.NOTE] * 6 + [MemoKind.DECISION, MemoKind.ACTION, MemoKind.NEED, MemoKind.IDEA]
    codes = ["PS", "RI", "SE", "RA", "CS", "BA", "GC", "DD", "DP", "VI", "MK"]
    phrases = [
        "tells how the border shops price handicrafts and what they take as commission",
        "asks whether anyone has sold to Norway with the new customs rules",
        "suggests sharing the stand at the winter market and splitting the fee",
        "describes the new product line and asks the others what they think of the price",
        "has a contact at the regional development agency for export advice",
        "would need help with bookkeeping software before the tax year ends",
    ]
    started, closed = meeting.started_at, meeting.closed_at
    added = []
    for number in range(count):
        written = started + (closed - started) * (number + 0.5) / count
        person = members[number % len(members)] if members else None
        kind = kinds[number % len(kinds)]
        text = f"{person.name if person else 'A member'} {random.choice(phrases)}"
        if number % 4 == 0:
            text += ", and the group talks it over at some length before agreeing to come back to it"
        item = next((item for item in reversed(items) if item.started_at <= written), items[0])
        offset = int((written - meeting.recordings[0].started_at).total_seconds())
        added.append(
            MemoEntry(
                meeting_id=meeting.id,
                group_id=meeting.group_id,
                text=text,
                written_at=written,
                kind=kind,
                codes=random.sample(codes, number % 3),
                people=[person.id] if person else [],
                agenda_item_id=item.id,
                recording_offset=offset if offset >= 0 else None,
                owner_id=person.id if person and kind is MemoKind.ACTION else "",
                due=day + timedelta(days=14) if kind is MemoKind.ACTION else None,
            )
        )
    return added


def time_record(repository, meeting_id: str, runs: int, folder: Path) -> list[float]:
    """Milliseconds per call of ``write_summary_file(..., "record")``, after one warm-up."""
    from exports.summary_files import write_summary_file

    meeting = repository.meeting(meeting_id)
    timings = []
    for run in range(runs + 1):
        started = time.perf_counter()
        write_summary_file(repository, meeting, "record", folder)
        elapsed = (time.perf_counter() - started) * 1000
        if run:
            timings.append(elapsed)
    return timings


def cli_has_meeting_exports() -> bool:
    command = [sys.executable, "-m", "facilitator", "export", "agenda", "--help"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=CHILD_TIMEOUT)
    return done.returncode == 0


def time_process(folder: Path, meeting_id: str, runs: int, output: Path) -> list[float]:
    """Wall milliseconds of fresh ``facilitator export agenda`` processes, after one warm-up; the
    files go into ``output``, not into the user's Documents."""
    command = [
        sys.executable,
        "-m",
        "facilitator",
        "export",
        "agenda",
        meeting_id,
        "--workspace",
        str(folder),
        "--to",
        str(output),
    ]
    timings = []
    for run in range(runs + 1):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=CHILD_TIMEOUT)
        elapsed = (time.perf_counter() - started) * 1000
        if done.returncode != 0:
            fail(f"facilitator export agenda (exit status {done.returncode})", done.stderr)
        if run:
            timings.append(elapsed)
    return timings


def row(name: str, values: list[float], target: float) -> str:
    median = statistics.median(values)
    verdict = "PASS" if median < target else "FAIL"
    return f"{name:<30} {median:>8.1f} {min(values):>8.1f} {max(values):>8.1f}   < {target:>6.0f}  {verdict}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed in-process calls per PDF (default 10)")
    parser.add_argument("--processes", type=int, default=5, help="timed fresh processes (default 5)")
    arguments = parser.parse_args()
    runs, processes = max(1, arguments.runs), max(1, arguments.processes)

    from pypdf import PdfReader

    from storage.repository import Repository
    from storage.workspace import Workspace

    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as temp:
        folder, output = Path(temp, "demo"), Path(temp, "out")
        output.mkdir()
        make_demo(folder, timeout=CHILD_TIMEOUT)
        with Workspace.open(folder, purpose="bench") as workspace:
            repository = Repository(workspace)
            meeting_id, described, made = prepare_meeting(repository)
            timings = time_in_process(repository, meeting_id, runs, output)
            group_id = repository.meeting(meeting_id).group_id
            record_id, record_described = prepare_record(repository, group_id)
            record_timings = time_record(repository, record_id, runs, output)
            record_pages = len(PdfReader(next(output.glob("*-record-*.pdf"))).pages)
        # The workspace is closed (and unlocked) before the child processes open it.
        has_cli = cli_has_meeting_exports()
        process_timings = time_process(folder, meeting_id, processes, output) if has_cli else []

    print(f"export benchmark, {sys.executable}")
    print(f"meeting: {described}")
    for note in made:
        print(f"  (bench {note})")
    print(f"record: {record_described}, {record_pages} pages")
    print(f"{'case':<30} {'median':>8} {'min':>8} {'max':>8}   {'target':>8}")
    print(row(f"agenda PDF, in-process x{runs}", timings["agenda"], IN_PROCESS_TARGET_MS))
    print(row(f"sign-in PDF, in-process x{runs}", timings["signin"], IN_PROCESS_TARGET_MS))
    print(row(f"record PDF, in-process x{runs}", record_timings, RECORD_TARGET_MS))
    if has_cli:
        print(row(f"`export agenda` process x{processes}", process_timings, PROCESS_TARGET_MS))
    else:
        print(f"{'`export agenda` process':<30} SKIPPED: `facilitator export agenda` is not a command yet")
    print(
        "(milliseconds; in-process = write_meeting_file, or write_summary_file for the record, after one "
        "warm-up; process = wall time of a fresh `python -m facilitator export agenda MEETING --workspace DIR`)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
