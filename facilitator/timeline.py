"""The timeline of one entrepreneur: what happened to them and their firm in the network, day by day.

Plain records in, one :class:`Timeline` out, which the timeline screen and its PDF present. Rules:

- Joined and left are the roster record's dates.
- A meeting counts as attended where the person was checked in present (any meeting not removed
  or cancelled: one under way tonight too). A meeting they host is one event, "hosted" once it
  is held, "to host" while it is planned or confirmed for today or later; one they hosted is
  not listed a second time as attended. Cancelled ones, and planned ones whose day has passed
  without being held, are left out.
- A need is a memo entry of kind need that mentions the person with ``@``, that they own, or
  that names them or their company (as :mod:`facilitator.person_data` finds it; a part of a
  name that someone else shares is not enough here).
- Interviews are read in date order (those of one day as they were saved: ``order_key``), each
  beside the one before it: how the growth intention and the staff moved between them ("stay as
  now → grow moderately, staff 1 → 2.5").
- An outcome lists the meetings behind it, those chosen and those of the memo entries chosen,
  by day and theme, and the other members involved by name; a draft (made by a memo line's
  marker) is marked so and counted apart.
- A person checked in present twice at one meeting (two devices' lists merged) attended it once.
- Summary: the held meetings attended (those they hosted too) out of those held while they were
  a member (on a day they were on the roster, or one they attended); without a joined date the
  roster cannot say since when, so the attended ones alone. Then hosted, to host, needs,
  interviews, outcomes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from facilitator.dates import format_date
from facilitator.history import MeetingRecords, entry_meetings
from facilitator.i18n import _
from facilitator.interview_answers import staff_text
from facilitator.local_time import local_day
from facilitator.model import (
    Group,
    Interview,
    InterviewKind,
    Meeting,
    MeetingStatus,
    Outcome,
    Person,
    Presence,
)
from facilitator.person_data import Naming, gather_person_data
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.timeline_summary import TimelineSummary


class EventKind(StrEnum):
    """What an event of the timeline is, in the order the events of one day are listed."""

    JOINED = "joined"
    ATTENDED = "attended"
    HOSTED = "hosted"
    TO_HOST = "to_host"
    NEED = "need"
    INTERVIEW = "interview"
    OUTCOME = "outcome"
    LEFT = "left"

    @property
    def label(self) -> str:
        return {
            EventKind.JOINED: _("joined"),
            EventKind.ATTENDED: _("attended"),
            EventKind.HOSTED: _("hosted"),
            EventKind.TO_HOST: _("to host"),
            EventKind.NEED: _("need"),
            EventKind.INTERVIEW: _("interview"),
            EventKind.OUTCOME: _("outcome"),
            EventKind.LEFT: _("left"),
        }[self]


#: The needs: how an entry must be about the person.
_NEED_NAMINGS = frozenset({Naming.MENTIONED, Naming.OWNER, Naming.NAMED})


@dataclass(frozen=True)
class MeetingBehind:
    """A meeting that led to an outcome, on its local day."""

    meeting_id: str
    day: date
    theme: str

    def text(self) -> str:
        """ "8 Dec 2026 – Selling abroad", or the day alone for a meeting without a theme."""
        return meeting_text(self.day, self.theme)


@dataclass(frozen=True)
class InterviewStep:
    """An interview beside the one before it (None for the first)."""

    interview: Interview
    previous: Interview | None

    @property
    def intention_moved(self) -> bool:
        return self.previous is not None and self.previous.intention is not self.interview.intention

    @property
    def staff_moved(self) -> bool:
        return self.previous is not None and self.previous.staff != self.interview.staff

    def intention_text(self) -> str:
        """ "stay as now → grow moderately", or the intention alone when it did not move."""
        if self.previous is not None and self.intention_moved:
            return _moved(self.previous.intention.label, self.interview.intention.label)
        return self.interview.intention.label

    def staff_text(self) -> str:
        """ "1 → 2.5", or the staff alone when it did not move; "" when never asked."""
        now = staff_text(self.interview.staff)
        if self.previous is not None and self.staff_moved:
            return _moved(staff_text(self.previous.staff) or "?", now or "?")
        return now

    def change_text(self) -> str:
        """ "stay as now → grow moderately, staff 1 → 2.5": the intention, and the staff when known."""
        staff = self.staff_text()
        if not staff:
            return self.intention_text()
        return _("{intention}, staff {staff}").format(intention=self.intention_text(), staff=staff)


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event. ``text`` says what it was (a meeting's theme, a need, an outcome's
    description); ``details`` the lines under it. ``record_id`` is the meeting's, the memo
    entry's, the interview's or the outcome's id (the roster record's for joined and left)."""

    day: date
    kind: EventKind
    text: str
    record_id: str
    details: tuple[str, ...] = ()
    interview: InterviewStep | None = None
    outcome: Outcome | None = None
    meetings: tuple[MeetingBehind, ...] = ()
    involved: tuple[str, ...] = ()

    @property
    def editable(self) -> bool:
        """Whether the event is a record of the timeline's own (an interview or an outcome)."""
        return self.interview is not None or self.outcome is not None

    def title(self) -> str:
        """What the event is, in a word or three: "interview, follow-up", "outcome (draft)"."""
        if self.interview is not None:
            return _("{event}, {kind}").format(event=self.kind.label, kind=self.interview.interview.kind.label)
        if self.outcome is not None and self.outcome.draft:
            return _("{event} (draft)").format(event=self.kind.label)
        return self.kind.label


@dataclass(frozen=True)
class Timeline:
    """The timeline of ``person`` of ``group`` on ``today``, made by :func:`make_timeline`."""

    person: Person
    group: Group
    today: date
    #: Every event, the oldest first (the events of one day in the order of :class:`EventKind`).
    events: tuple[TimelineEvent, ...]
    #: The interviews, the oldest first, each beside the one before it.
    interviews: tuple[InterviewStep, ...]
    summary: TimelineSummary

    def newest_first(self) -> list[TimelineEvent]:
        return list(reversed(self.events))

    def event(self, key: str) -> TimelineEvent | None:
        """The event :func:`event_key` gives ``key``."""
        return next((event for event in self.events if event_key(event) == key), None)


def event_key(event: TimelineEvent) -> str:
    """A key of its own for each event (a meeting may be attended and the subject of a need)."""
    return record_key(event.kind, event.record_id)


def record_key(kind: EventKind, record_id: str) -> str:
    """The key of the event of ``kind`` about the record ``record_id``: "interview:<id>"."""
    return f"{kind.value}:{record_id}"


def meeting_text(day: date, theme: str) -> str:
    """A meeting by day and theme: "8 Dec 2026 – Selling abroad"."""
    return f"{format_date(day)} – {shown_pseudonyms(theme.strip())}" if theme.strip() else format_date(day)


def membership_text(timeline: Timeline) -> str:
    """ "Joined 3 Feb 2025, left 1 Jun 2026", as far as the roster says."""
    person = timeline.person
    parts = [
        _("Joined {date}").format(date=format_date(person.joined)) if person.joined else _("Joining date not recorded")
    ]
    if person.left:
        parts.append(_("left {date}").format(date=format_date(person.left)))
    return ", ".join(parts)


def _moved(before: str, after: str) -> str:
    return _("{before} → {after}").format(before=before, after=after)


def make_timeline(
    person: Person,
    group: Group,
    roster: Sequence[Person],
    meetings: Sequence[Meeting],
    records: Mapping[str, MeetingRecords],
    interviews: Iterable[Interview],
    outcomes: Iterable[Outcome],
    today: date,
) -> Timeline:
    """The timeline of ``person`` of ``group``: its ``roster`` (to name the members involved and to
    tell names apart), ``meetings``, each meeting's own ``records`` by meeting id, and the
    person's ``interviews`` and ``outcomes`` (others' are left out)."""
    zone = group.time_zone
    data = gather_person_data(person, group, roster, meetings, records, (), ())
    events: list[TimelineEvent] = []
    if person.joined:
        events.append(TimelineEvent(person.joined, EventKind.JOINED, group.name, person.id))
    if person.left:
        events.append(TimelineEvent(person.left, EventKind.LEFT, group.name, person.id))

    hosted = to_host = 0
    hosted_ids: set[str] = set()
    attended_held: set[str] = set()
    for part in data.hosted:
        meeting = part.meeting
        if meeting.status is MeetingStatus.HELD:
            kind, hosted = EventKind.HOSTED, hosted + 1
            attended_held.add(meeting.id)
        elif meeting.status in (MeetingStatus.PLANNED, MeetingStatus.CONFIRMED) and part.day >= today:
            kind, to_host = EventKind.TO_HOST, to_host + 1
        else:
            continue
        hosted_ids.add(meeting.id)
        events.append(TimelineEvent(part.day, kind, meeting.theme, meeting.id, _place(meeting)))

    attended_ids: set[str] = set()
    for part in data.attended:
        meeting = part.meeting
        if part.presence is not Presence.PRESENT or meeting.status is MeetingStatus.CANCELLED:
            continue
        if meeting.status is MeetingStatus.HELD:
            attended_held.add(meeting.id)
        if meeting.id not in hosted_ids and meeting.id not in attended_ids:
            attended_ids.add(meeting.id)
            events.append(TimelineEvent(part.day, EventKind.ATTENDED, meeting.theme, meeting.id))

    needs = [about for about in data.needs if _NEED_NAMINGS.intersection(about.namings)]
    for about in needs:
        where = _("at the meeting of {meeting}").format(meeting=meeting_text(about.day, about.meeting.theme))
        events.append(TimelineEvent(about.day, EventKind.NEED, about.entry.text, about.entry.id, (where,)))

    steps = _interview_steps(person, interviews)
    for step in steps:
        events.append(_interview_event(step))

    theirs = sorted(
        (outcome for outcome in outcomes if outcome.person_id == person.id and not outcome.deleted),
        key=Outcome.order_key,
    )
    meetings_by_id = {meeting.id: meeting for meeting in meetings if not meeting.deleted}
    meeting_of_entry = entry_meetings(records)
    names = {other.id: other.name for other in roster}
    for outcome in theirs:
        events.append(_outcome_event(outcome, meetings_by_id, meeting_of_entry, names, zone))

    past = dataclasses.replace(person, deleted=False)  # removed from the roster or not: this is their past
    held_while_member = {
        meeting.id
        for meeting in meetings_by_id.values()
        if meeting.status is MeetingStatus.HELD and past.is_current(local_day(meeting.starts_at, zone))
    } | attended_held
    order = list(EventKind)
    # A day's interviews (and outcomes) in their order_key's order: as they were saved.
    saved = {step.interview.id: place for place, step in enumerate(steps)}
    saved.update({outcome.id: place for place, outcome in enumerate(theirs)})
    events.sort(key=lambda event: (event.day, order.index(event.kind), saved.get(event.record_id, 0), event.record_id))
    events = [_shown(event) for event in events]
    drafts = sum(outcome.draft for outcome in theirs)
    summary = TimelineSummary(
        attended=len(attended_held),
        held_while_member=len(held_while_member) if person.joined else None,
        hosted=hosted,
        to_host=to_host,
        needs=len(needs),
        interviews=len(steps),
        outcomes=len(theirs) - drafts,
        drafts=drafts,
    )
    return Timeline(person, group, today, tuple(events), tuple(steps), summary)


def _shown(event: TimelineEvent) -> TimelineEvent:
    """The event with the pseudonyms in its words in the user's language (a coordinator's copy
    holds "Member-3F9A2C" where a name was typed: a Finnish reader sees "Jäsen-3F9A2C")."""
    return dataclasses.replace(
        event,
        text=shown_pseudonyms(event.text),
        details=tuple(shown_pseudonyms(detail) for detail in event.details),
        involved=tuple(shown_pseudonyms(name) for name in event.involved),
    )


def _place(meeting: Meeting) -> tuple[str, ...]:
    return (meeting.location,) if meeting.location.strip() else ()


def _interview_steps(person: Person, interviews: Iterable[Interview]) -> list[InterviewStep]:
    theirs = sorted(
        (interview for interview in interviews if interview.person_id == person.id and not interview.deleted),
        key=Interview.order_key,
    )
    return [InterviewStep(interview, theirs[index - 1] if index else None) for index, interview in enumerate(theirs)]


def _interview_event(step: InterviewStep) -> TimelineEvent:
    interview = step.interview
    details = []
    if interview.interviewer.strip():
        details.append(_("interviewed by {name}").format(name=interview.interviewer.strip()))
    barriers = [barrier.label for barrier, _note in interview.barrier_list()]
    if barriers:
        details.append(_("barriers: {barriers}").format(barriers=", ".join(barriers)))
    if interview.kind is InterviewKind.LEAVING and interview.network_gives.strip():
        details.append(interview.network_gives.strip())
    return TimelineEvent(interview.day, EventKind.INTERVIEW, step.change_text(), interview.id, tuple(details), step)


def _outcome_event(
    outcome: Outcome,
    meetings: Mapping[str, Meeting],
    meeting_of_entry: Mapping[str, str],
    names: Mapping[str, str],
    zone: str,
) -> TimelineEvent:
    behind = sorted(
        (
            MeetingBehind(meeting.id, local_day(meeting.starts_at, zone), meeting.theme)
            for meeting_id in outcome.meetings_behind(meeting_of_entry)
            if (meeting := meetings.get(meeting_id)) is not None
        ),
        key=lambda found: (found.day, found.meeting_id),
    )
    involved = tuple(names[person_id] for person_id in outcome.involved if names.get(person_id))
    text = outcome.kind.label
    if outcome.description.strip():
        text = f"{text}: {outcome.description.strip()}"
    details: list[str] = []
    if outcome.staff_after is not None:
        details.append(_("staff after it {staff}").format(staff=staff_text(outcome.staff_after)))
    if behind:
        details.append(_("meetings behind it: {meetings}").format(meetings="; ".join(item.text() for item in behind)))
    if involved:
        details.append(_("members involved: {names}").format(names=", ".join(involved)))
    return TimelineEvent(
        outcome.day,
        EventKind.OUTCOME,
        text,
        outcome.id,
        tuple(details),
        outcome=outcome,
        meetings=tuple(behind),
        involved=involved,
    )
