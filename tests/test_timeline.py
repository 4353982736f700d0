"""The timeline of one entrepreneur, made from a real demo workspace with interviews and outcomes
saved as the forms save them: its events, how an interview moved from the one before, the
meetings behind an outcome, the figures; the PDF read back, and the command that writes it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from exports.files import slug
from exports.timeline_files import collect_timeline, write_timeline
from facilitator.i18n import language, use_language
from facilitator.local_time import local_day
from facilitator.model import (
    GrowthIntention,
    Interview,
    InterviewKind,
    Meeting,
    MeetingStatus,
    MemoKind,
    Outcome,
    OutcomeKind,
    Person,
    Presence,
    Role,
)
from facilitator.timeline import EventKind, MeetingBehind, meeting_text
from storage.repository import Repository
from storage.workspace import Workspace
from tests.app_support import pdf_text
from tests.conftest import demo_clock
from tests.test_cli import facilitator

HIRED = "Hired a first carpenter after the group argued him round"
EXPORT = "Export to Sweden through a member's contact"


@dataclass(frozen=True)
class Story:
    """What the test saved for one member: two interviews, an outcome and a draft."""

    person: Person
    other: Person
    chosen_meeting: Meeting
    entry_meeting: Meeting
    outcome: Outcome
    draft: Outcome


def held_attended(repository: Repository, person: Person) -> list[Meeting]:
    """The held meetings of the person's group where they were checked in present, the oldest first."""
    found = []
    for meeting in repository.meetings(person.group_id):
        if meeting.status is not MeetingStatus.HELD or meeting.deleted:
            continue
        rows = repository.meeting_records(meeting.id).attendance
        if any(row.person_id == person.id and row.status is Presence.PRESENT for row in rows):
            found.append(meeting)
    return sorted(found, key=lambda meeting: meeting.starts_at)


def tell_story(repository: Repository) -> Story:
    """The longest-standing member of the first group, their demo interviews and outcomes replaced
    by the test's own."""
    group = repository.groups()[0]
    members = [person for person in repository.people(group.id) if person.role is Role.MEMBER]
    person = min(members, key=lambda member: (member.joined or date.min, member.id))
    other = next(member for member in members if member.id != person.id)
    for interview in repository.interviews_of(person.id):
        repository.remove_interview(interview.id)
    for outcome in repository.outcomes_of(person.id):
        repository.remove_outcome(outcome.id)
    attended = held_attended(repository, person)
    chosen, with_entry = attended[-3], attended[1]
    entry = repository.meeting_records(with_entry.id).memo[0]
    repository.save_interview(
        Interview(
            person_id=person.id,
            day=date(2025, 1, 10),
            kind=InterviewKind.JOINING,
            interviewer="Liisa Korhonen",
            intention=GrowthIntention.STAY,
            staff=1.0,
            barriers={"finance": "", "recruitment": "no one applies"},
        )
    )
    repository.save_interview(
        Interview(
            person_id=person.id,
            day=date(2026, 2, 3),
            kind=InterviewKind.FOLLOW_UP,
            interviewer="Liisa Korhonen",
            intention=GrowthIntention.MODERATE,
            staff=2.5,
            planned_staff=3.0,
        )
    )
    day = local_day(chosen.starts_at, "Europe/Helsinki")
    outcome = repository.save_outcome(
        Outcome(
            person_id=person.id,
            day=day,
            kind=OutcomeKind.FIRST_EMPLOYEE,
            description=HIRED,
            staff_after=2.5,
            involved=[other.id],
            meeting_ids=[chosen.id],
            entry_ids=[entry.id],
        )
    )
    draft = repository.save_outcome(
        Outcome(person_id=person.id, day=day, kind=OutcomeKind.EXPORT, description=EXPORT, draft=True)
    )
    return Story(person, other, chosen, with_entry, outcome, draft)


@pytest.fixture
def story_path(demo_path: Path) -> tuple[Path, Story]:
    """The demo workspace, with the story told of one of its members."""
    with Workspace.open(demo_path) as workspace:
        story = tell_story(Repository(workspace, demo_clock))
    return demo_path, story


def test_the_timeline_tells_meetings_needs_interviews_and_outcomes_in_date_order(
    story_path: tuple[Path, Story],
) -> None:
    folder, story = story_path
    with Workspace.open(folder) as workspace:
        repository = Repository(workspace, demo_clock)
        timeline = collect_timeline(repository, repository.person(story.person.id))
        attended = held_attended(repository, story.person)
        meetings = repository.meetings(story.person.group_id)
        needs = {
            entry.id
            for meeting in meetings
            for entry in repository.meeting_records(meeting.id).memo
            if entry.kind is MemoKind.NEED and (story.person.id in entry.people or entry.owner_id == story.person.id)
        }
    events = timeline.events
    assert [event.day for event in events] == sorted(event.day for event in events)
    assert events[0].kind is EventKind.JOINED and events[0].day == story.person.joined

    # Every held meeting they were present at is there, once (as attended, or as hosted).
    shown = {event.record_id for event in events if event.kind in (EventKind.ATTENDED, EventKind.HOSTED)}
    assert {meeting.id for meeting in attended} <= shown
    assert timeline.summary.attended == len(attended) > 3
    member_days = dataclasses.replace(story.person, deleted=False)
    held_while_member = {
        meeting.id
        for meeting in meetings
        if meeting.status is MeetingStatus.HELD
        and not meeting.deleted
        and member_days.is_current(local_day(meeting.starts_at, "Europe/Helsinki"))
    } | {meeting.id for meeting in attended}
    assert timeline.summary.held_while_member == len(held_while_member) > len(attended)
    assert needs <= {event.record_id for event in events if event.kind is EventKind.NEED}

    # The interviews, each beside the one before it.
    first, second = timeline.interviews
    assert first.change_text() == "stay as now, staff 1 FTE"
    assert second.change_text() == "stay as now → grow moderately, staff 1 FTE → 2.5 FTE"
    (interview,) = [event for event in events if event.interview is second]
    assert interview.title() == "interview, follow-up" and "interviewed by Liisa Korhonen" in interview.details
    assert "barriers: finance, recruitment" in next(event for event in events if event.interview is first).details

    # The outcome with the meetings behind it, chosen and through a memo entry, by day and theme.
    (outcome,) = [event for event in events if event.outcome is not None and not event.outcome.draft]
    behind = sorted(
        (
            MeetingBehind(meeting.id, local_day(meeting.starts_at, "Europe/Helsinki"), meeting.theme)
            for meeting in (story.chosen_meeting, story.entry_meeting)
        ),
        key=lambda found: found.day,
    )
    assert outcome.meetings == tuple(behind)
    assert outcome.text == f"first employee: {HIRED}" and outcome.involved == (story.other.name,)
    assert "staff after it 2.5 FTE" in outcome.details
    (draft,) = [event for event in events if event.outcome is not None and event.outcome.draft]
    assert draft.title() == "outcome (draft)"
    assert (timeline.summary.interviews, timeline.summary.outcomes, timeline.summary.drafts) == (2, 1, 1)
    assert "Outcomes 1 (and 1 draft)" in timeline.summary.text()


def test_a_hosts_timeline_has_the_meetings_hosted_and_those_to_host(demo_path: Path) -> None:
    with Workspace.open(demo_path) as workspace:
        repository = Repository(workspace, demo_clock)
        group = repository.groups()[0]
        today = repository.today(group.time_zone)
        meetings = [meeting for meeting in repository.meetings(group.id) if not meeting.deleted]
        upcoming = [
            meeting
            for meeting in meetings
            if meeting.status in (MeetingStatus.PLANNED, MeetingStatus.CONFIRMED)
            and local_day(meeting.starts_at, group.time_zone) >= today
            and meeting.host_id
        ]
        host = repository.person(upcoming[0].host_id)
        timeline = collect_timeline(repository, host)
    held = {m.id for m in meetings if m.host_id == host.id and m.status is MeetingStatus.HELD}
    planned = {m.id for m in upcoming if m.host_id == host.id}
    assert {event.record_id for event in timeline.events if event.kind is EventKind.HOSTED} == held
    assert {event.record_id for event in timeline.events if event.kind is EventKind.TO_HOST} == planned
    assert (timeline.summary.hosted, timeline.summary.to_host) == (len(held), len(planned))
    assert not {event.record_id for event in timeline.events if event.kind is EventKind.ATTENDED} & held


def test_the_timeline_pdf_shows_the_interviews_moving_and_the_outcome_with_its_meetings(
    story_path: tuple[Path, Story], tmp_path: Path
) -> None:
    folder, story = story_path
    with Workspace.open(folder) as workspace:
        path = write_timeline(Repository(workspace, demo_clock), story.person.id, tmp_path)
    assert path.parent == tmp_path and path.name.endswith("-timeline-" + slug(story.person.name) + ".pdf")
    text = pdf_text(path)
    assert f"Timeline of {story.person.name}" in text
    assert "stay as now → grow moderately" in text and "1 FTE → 2.5 FTE" in text
    assert HIRED in text and f"members involved: {story.other.name}" in text
    chosen_day = local_day(story.chosen_meeting.starts_at, "Europe/Helsinki")
    assert f"after the meeting of {meeting_text(chosen_day, story.chosen_meeting.theme)}" in text  # the day first
    assert story.chosen_meeting.theme in text and "outcome (draft)" in text
    assert text.index("Interviews") < text.index("Events") < text.index(HIRED)


def test_the_timeline_pdf_in_finnish(story_path: tuple[Path, Story], tmp_path: Path) -> None:
    folder, story = story_path
    before = language()
    use_language("fi")
    try:
        with Workspace.open(folder) as workspace:
            path = write_timeline(Repository(workspace, demo_clock), story.person.id, tmp_path)
        chosen_day = local_day(story.chosen_meeting.starts_at, "Europe/Helsinki")
        behind = meeting_text(chosen_day, story.chosen_meeting.theme)
    finally:
        use_language(before)
    text = pdf_text(path)
    assert f"Aikajana: {story.person.name}" in text
    assert "pysyä ennallaan → kasvaa maltillisesti" in text and "1 htv → 2,5 htv" in text
    assert f"mukana olleet jäsenet: {story.other.name}" in text and f"tapaamisen {behind} jälkeen" in text
    assert text.index("Haastattelut") < text.index("Tapahtumat") < text.index(HIRED)
    assert "Timeline of" not in text and "members involved" not in text


@pytest.mark.processes
def test_report_timeline_writes_the_pdf_of_the_person_named(story_path: tuple[Path, Story], tmp_path: Path) -> None:
    folder, story = story_path
    out = tmp_path / "out"
    made = facilitator("--workspace", folder, "report", "timeline", story.person.id[:8], "--to", out)
    assert made.returncode == 0, made.stderr
    (line,) = made.stdout.splitlines()
    assert Path(line).parent == out and HIRED in pdf_text(Path(line))
    refused = facilitator("--workspace", folder, "report", "timeline", "Nobody Here", "--to", out)
    assert refused.returncode == 1 and "No one answers to “Nobody Here”" in refused.stderr


def test_the_timeline_pdf_is_of_the_timeline_given_when_one_is_made_already(
    story_path: tuple[Path, Story], tmp_path: Path
) -> None:
    """The timeline screen prints the timeline it shows, not one read again."""
    folder, story = story_path
    with Workspace.open(folder) as workspace:
        repository = Repository(workspace, demo_clock)
        shown = collect_timeline(repository, story.person)
        shown = dataclasses.replace(shown, person=dataclasses.replace(shown.person, name="Shown Onscreen"))
        path = write_timeline(repository, story.person.id, tmp_path, timeline=shown)
    text = pdf_text(path)
    assert "Timeline of Shown Onscreen" in text and HIRED in text
    assert f"Timeline of {story.person.name}" not in text


def test_the_timeline_pdf_right_aligns_its_figures(story_path: tuple[Path, Story], tmp_path: Path) -> None:
    """ "In figures" sets its numbers as every table of figures does: flush with the table's right edge."""
    from pypdf import PdfReader

    from exports.pdf.styles import CONTENT_WIDTH, MARGIN

    folder, story = story_path
    with Workspace.open(folder) as workspace:
        repository = Repository(workspace, demo_clock)
        path = write_timeline(repository, story.person.id, tmp_path)
        timeline = collect_timeline(repository, story.person)
    values = {text for _label, text in timeline.summary.lines()}
    ends: dict[str, float] = {}
    page = PdfReader(path).pages[0]

    def seen(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip() in values and text.strip() not in ends:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            from exports.pdf.styles import FONT

            ends[text.strip()] = cm[4] + tm[4] + stringWidth(text.strip(), FONT, size)

    page.extract_text(visitor_text=seen)
    assert set(ends) == values
    # Each ends where the others do, at the table's right edge (not after the labels, on the left).
    assert max(ends.values()) - min(ends.values()) < 0.5, ends
    assert min(ends.values()) > MARGIN + CONTENT_WIDTH - 12, ends
