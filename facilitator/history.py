"""A group's history at a glance: its past meetings, each member's attendance over the last year,
how often each activity code came up, and the action items still open.

Plain records in, plain numbers out: the screen reads the meetings' own files (in a worker, as
twenty years take a moment) and hands the records here. One pass over them, so a group with two
hundred meetings and thousands of memo entries computes in milliseconds.

Rules:

- Only *held* meetings are history; planned, confirmed and cancelled ones are left out.
- A meeting's day is its date in the group's time zone.
- The last 12 months are the days after the same date a year before ``today``, up to and
  including ``today``: on 27 Nov 2026 a meeting of 28 Nov 2025 counts, one of 27 Nov 2025 does not.
- A member's attendance rate is the held meetings of that window where he or she was a member on
  the day and was checked in present, out of the held meetings of the window where he or she was a
  member on the day. Apologies count as not present. A meeting where no one was checked in at all
  (its attendance was never taken) is left out of every rate: it would make everyone absent.
- An activity code counts once per memo entry that carries it (removed entries do not count); a
  researcher's re-code of an entry replaces the entry's own codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from facilitator.activities import activities
from facilitator.local_time import local_day
from facilitator.model import (
    AgendaItem,
    Attendance,
    Coding,
    FeedbackResponse,
    Meeting,
    MeetingStatus,
    MemoEntry,
    Person,
    Presence,
    Role,
    effective_codes,
    summarise_feedback,
)
from facilitator.model.group import DEFAULT_TIME_ZONE
from facilitator.text import sort_key


@dataclass(frozen=True)
class MeetingRecords:
    """What a held meeting's own file holds that the history needs."""

    attendance: Sequence[Attendance] = ()
    memo: Sequence[MemoEntry] = ()
    feedback: Sequence[FeedbackResponse] = ()
    #: Researchers' re-codes: an entry's codes are the coding's where there is one.
    codings: Sequence[Coding] = ()
    #: The agenda, in order, when asked for (the research export names each entry's agenda item).
    agenda: Sequence[AgendaItem] = ()


@dataclass(frozen=True)
class PastMeeting:
    """One held meeting as the history lists it.

    ``present`` counts the members checked in present (None when attendance was never taken);
    ``feedback_average`` is the average usefulness (1–5) of its feedback, None without any.
    """

    meeting_id: str
    day: date
    host_id: str
    host: str
    company: str
    theme: str
    present: int | None
    apologies: int
    guests: int
    feedback_responses: int
    feedback_average: float | None
    entries: int


@dataclass(frozen=True)
class MemberAttendance:
    """A current member's attendance over the last 12 months."""

    person_id: str
    name: str
    present: int
    apologies: int
    eligible: int

    @property
    def rate(self) -> float | None:
        """Present out of the meetings the member could come to (0–1); None with no such meeting."""
        return self.present / self.eligible if self.eligible else None


@dataclass(frozen=True)
class CodeCount:
    """How many memo entries carried one activity code."""

    code: str
    name: str
    all_years: int
    last_12_months: int


@dataclass(frozen=True)
class GroupHistory:
    """Everything the history screen shows, computed once."""

    today: date
    #: The last 12 months are the days after this one, up to and including ``today``.
    window_after: date
    #: Held meetings, the newest first.
    meetings: list[PastMeeting]
    #: The group's current members, by name.
    attendance: list[MemberAttendance]
    #: The eleven codes in the order of DESIGN §4.
    codes: list[CodeCount]
    #: Open action items, the soonest due first (those without a due date last).
    open_actions: list[MemoEntry]
    #: Held meetings of the last 12 months, and of those the ones where attendance was never taken.
    held_last_12_months: int = 0
    unrecorded_last_12_months: int = 0
    coded_entries_all_years: int = 0
    coded_entries_last_12_months: int = 0
    feedback_responses: int = 0
    feedback_average: float | None = None
    #: The day of the first held meeting (None before any).
    first_day: date | None = None

    @property
    def open_action_count(self) -> int:
        return len(self.open_actions)

    def overdue_count(self) -> int:
        return sum(entry.is_overdue(self.today) for entry in self.open_actions)


def year_before(day: date) -> date:
    """The same date a year earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def day_after(day: date) -> date:
    return day + timedelta(days=1)


def in_last_12_months(day: date, today: date) -> bool:
    return year_before(today) < day <= today


def open_actions(actions: Iterable[MemoEntry]) -> list[MemoEntry]:
    """The open action items, the soonest due first, undated ones last, then by when raised."""
    found = [entry for entry in actions if entry.is_open_action]
    return sorted(found, key=lambda entry: (entry.due is None, entry.due or date.min, entry.written_at, entry.id))


def group_history(
    meetings: Iterable[Meeting],
    people: Iterable[Person],
    records: Mapping[str, MeetingRecords],
    today: date,
    *,
    time_zone: str = DEFAULT_TIME_ZONE,
    actions: Iterable[MemoEntry] | None = None,
) -> GroupHistory:
    """The history of one group.

    ``records`` holds, by meeting id, what each held meeting's own file holds (a meeting missing
    from it has none). ``actions`` are the group's action items from every meeting; without them
    the action items of the held meetings' memos are used.
    """
    people = list(people)
    by_id = {person.id: person for person in people}
    window_after = year_before(today)
    held = sorted(
        (meeting for meeting in meetings if meeting.status is MeetingStatus.HELD and not meeting.deleted),
        key=lambda meeting: (meeting.starts_at, meeting.id),
    )
    current = sorted(
        (person for person in people if person.is_current_member(today)),
        key=lambda person: (sort_key(person.name), person.id),
    )
    present_count = {person.id: 0 for person in current}
    apologies_count = {person.id: 0 for person in current}
    eligible_count = {person.id: 0 for person in current}
    known_codes = [activity.code for activity in activities()]
    all_years = dict.fromkeys(known_codes, 0)
    recent = dict.fromkeys(known_codes, 0)
    coded_all = coded_recent = 0
    held_recent = unrecorded_recent = 0
    all_feedback: list[FeedbackResponse] = []
    rows: list[PastMeeting] = []
    memo_actions: list[MemoEntry] = []

    for meeting in held:
        day = local_day(meeting.starts_at, time_zone)
        recent_meeting = window_after < day <= today
        found = records.get(meeting.id, MeetingRecords())
        statuses: dict[str, Presence] = {}
        guests = 0
        for entry in found.attendance:
            if entry.deleted:
                continue
            if entry.person_id:
                statuses[entry.person_id] = entry.status
            elif entry.status is Presence.PRESENT:
                guests += 1
        taken = bool(statuses) or guests > 0
        members_present = members_apologies = 0
        for person_id, status in statuses.items():
            person = by_id.get(person_id)
            if person is None or person.role is not Role.MEMBER:
                continue
            members_present += status is Presence.PRESENT
            members_apologies += status is Presence.APOLOGIES
        if recent_meeting:
            held_recent += 1
            if not taken:
                unrecorded_recent += 1
            else:
                for person in current:
                    if person.is_current_member(day):
                        eligible_count[person.id] += 1
                        status = statuses.get(person.id)
                        if status is Presence.PRESENT:
                            present_count[person.id] += 1
                        elif status is Presence.APOLOGIES:
                            apologies_count[person.id] += 1
        entries = 0
        recoded = {coding.entry_id: coding for coding in found.codings}
        for entry in found.memo:
            if entry.deleted:
                continue
            entries += 1
            if entry.is_open_action:
                memo_actions.append(entry)
            codes = {code.upper() for code in effective_codes(entry.codes, recoded.get(entry.id))} & all_years.keys()
            if codes:
                coded_all += 1
                coded_recent += recent_meeting
                for code in codes:
                    all_years[code] += 1
                    if recent_meeting:
                        recent[code] += 1
        feedback = [response for response in found.feedback if not response.deleted]
        all_feedback += feedback
        summary = summarise_feedback(feedback)
        host = by_id.get(meeting.host_id)
        rows.append(
            PastMeeting(
                meeting_id=meeting.id,
                day=day,
                host_id=meeting.host_id,
                host=host.name if host else "",
                company=host.company if host else "",
                theme=meeting.theme,
                present=members_present if taken else None,
                apologies=members_apologies,
                guests=guests,
                feedback_responses=summary.responses,
                feedback_average=summary.usefulness_average,
                entries=entries,
            )
        )

    names = {activity.code: activity.name for activity in activities()}
    overall = summarise_feedback(all_feedback)
    rows.reverse()
    return GroupHistory(
        today=today,
        window_after=window_after,
        meetings=rows,
        attendance=[
            MemberAttendance(
                person_id=person.id,
                name=person.name,
                present=present_count[person.id],
                apologies=apologies_count[person.id],
                eligible=eligible_count[person.id],
            )
            for person in current
        ],
        codes=[CodeCount(code, names[code], all_years[code], recent[code]) for code in known_codes],
        open_actions=open_actions(memo_actions if actions is None else actions),
        held_last_12_months=held_recent,
        unrecorded_last_12_months=unrecorded_recent,
        coded_entries_all_years=coded_all,
        coded_entries_last_12_months=coded_recent,
        feedback_responses=overall.responses,
        feedback_average=overall.usefulness_average,
        first_day=rows[-1].day if rows else None,
    )
