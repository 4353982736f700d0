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
    FeedbackSummary,
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
from facilitator.past_meeting import PastMeeting as PastMeeting  # what the history lists, one meeting
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


def entry_meetings(records: Mapping[str, MeetingRecords]) -> dict[str, str]:
    """The meeting of each memo entry (removed ones left out), by the entry's id: what
    :meth:`~facilitator.model.Outcome.meetings_behind` reads an outcome's entries by."""
    return {entry.id: meeting_id for meeting_id, found in records.items() for entry in found.memo if not entry.deleted}


def year_before(day: date) -> date:
    """The same date a year earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def day_after(day: date) -> date:
    return day + timedelta(days=1)


def default_period(today: date) -> tuple[date, date]:
    """The last 12 months up to ``today``, both ends included (5 Dec 2025 – 4 Dec 2026 for 4 Dec
    2026): the window of a group's history, the period of the network dashboard's figures, and the
    network report's period unless another is chosen."""
    return day_after(year_before(today)), today


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
    first_day, _today = default_period(today)
    attendance = _AttendanceTally(_current_members(people, today))
    codes = _CodeTally()
    all_feedback: list[FeedbackResponse] = []
    rows: list[PastMeeting] = []
    memo_actions: list[MemoEntry] = []

    for meeting in _held(meetings):
        day = local_day(meeting.starts_at, time_zone)
        recent_meeting = first_day <= day <= today
        found = records.get(meeting.id, MeetingRecords())
        check_in = _check_in(found.attendance)
        if recent_meeting:
            attendance.count(day, check_in)
        entries = _count_memo(found, recent_meeting, codes, memo_actions)
        feedback = [response for response in found.feedback if not response.deleted]
        all_feedback += feedback
        rows.append(_past_meeting(meeting, day, check_in, by_id, summarise_feedback(feedback), entries))

    overall = summarise_feedback(all_feedback)
    rows.reverse()
    return GroupHistory(
        today=today,
        window_after=first_day - timedelta(days=1),
        meetings=rows,
        attendance=attendance.rows(),
        codes=codes.rows(),
        open_actions=open_actions(memo_actions if actions is None else actions),
        held_last_12_months=attendance.held,
        unrecorded_last_12_months=attendance.unrecorded,
        coded_entries_all_years=codes.coded_all_years,
        coded_entries_last_12_months=codes.coded_last_12_months,
        feedback_responses=overall.responses,
        feedback_average=overall.usefulness_average,
        first_day=rows[-1].day if rows else None,
    )


def _held(meetings: Iterable[Meeting]) -> list[Meeting]:
    """The held meetings, the oldest first: only they are history (planned, confirmed, cancelled
    and removed ones are left out)."""
    return sorted(
        (meeting for meeting in meetings if meeting.status is MeetingStatus.HELD and not meeting.deleted),
        key=lambda meeting: (meeting.starts_at, meeting.id),
    )


def _current_members(people: Iterable[Person], today: date) -> list[Person]:
    """The members on the roster ``today``, by name: the attendance table lists them, and no one else."""
    return sorted(
        (person for person in people if person.is_current_member(today)),
        key=lambda person: (sort_key(person.name), person.id),
    )


@dataclass(frozen=True)
class _CheckIn:
    """Who was checked in at one meeting: each roster person's status, and the guests present."""

    statuses: dict[str, Presence]
    guests: int

    @property
    def taken(self) -> bool:
        """Whether attendance was taken at all: a meeting where no one was checked in would make
        everyone absent, so it is left out of the rates and shows no count of those present."""
        return bool(self.statuses) or self.guests > 0

    def members(self, by_id: Mapping[str, Person]) -> tuple[int, int]:
        """The members (not facilitators, researchers or guests) checked in present, and with
        apologies: a meeting's row counts the group's own members."""
        present = apologies = 0
        for person_id, status in self.statuses.items():
            person = by_id.get(person_id)
            if person is None or person.role is not Role.MEMBER:
                continue
            present += status is Presence.PRESENT
            apologies += status is Presence.APOLOGIES
        return present, apologies


def _check_in(attendance: Iterable[Attendance]) -> _CheckIn:
    """The meeting's check-in from its attendance records: removed ones left out, a roster
    person's last record counting, a guest counted when present."""
    statuses: dict[str, Presence] = {}
    guests = 0
    for entry in attendance:
        if entry.deleted:
            continue
        if entry.person_id:
            statuses[entry.person_id] = entry.status
        elif entry.status is Presence.PRESENT:
            guests += 1
    return _CheckIn(statuses, guests)


class _AttendanceTally:
    """Each current member's attendance over the last 12 months, counted meeting by meeting."""

    def __init__(self, current: list[Person]) -> None:
        self._current = current
        self._present = {person.id: 0 for person in current}
        self._apologies = {person.id: 0 for person in current}
        self._eligible = {person.id: 0 for person in current}
        #: Held meetings of the window, and of those the ones where attendance was never taken.
        self.held = 0
        self.unrecorded = 0

    def count(self, day: date, check_in: _CheckIn) -> None:
        """Count a held meeting of the window for every current member who was a member on ``day``;
        one where attendance was never taken counts for no one (it would make everyone absent)."""
        self.held += 1
        if not check_in.taken:
            self.unrecorded += 1
            return
        for person in self._current:
            if not person.is_current_member(day):
                continue
            self._eligible[person.id] += 1
            status = check_in.statuses.get(person.id)
            if status is Presence.PRESENT:
                self._present[person.id] += 1
            elif status is Presence.APOLOGIES:
                self._apologies[person.id] += 1

    def rows(self) -> list[MemberAttendance]:
        return [
            MemberAttendance(
                person_id=person.id,
                name=person.name,
                present=self._present[person.id],
                apologies=self._apologies[person.id],
                eligible=self._eligible[person.id],
            )
            for person in self._current
        ]


class _CodeTally:
    """How many memo entries carried each activity code, in all years and in the last 12 months."""

    def __init__(self) -> None:
        self._known = [activity.code for activity in activities()]
        self._all_years = dict.fromkeys(self._known, 0)
        self._recent = dict.fromkeys(self._known, 0)
        #: Entries carrying at least one known code.
        self.coded_all_years = 0
        self.coded_last_12_months = 0

    def count(self, codes: Iterable[str], recent: bool) -> None:
        """Count one entry's ``codes``: each known code once, whatever its case; unknown ones not at all."""
        known = {code.upper() for code in codes} & self._all_years.keys()
        if not known:
            return
        self.coded_all_years += 1
        self.coded_last_12_months += recent
        for code in known:
            self._all_years[code] += 1
            if recent:
                self._recent[code] += 1

    def rows(self) -> list[CodeCount]:
        """The eleven codes in the order of DESIGN §4."""
        names = {activity.code: activity.name for activity in activities()}
        return [CodeCount(code, names[code], self._all_years[code], self._recent[code]) for code in self._known]


def _count_memo(found: MeetingRecords, recent: bool, codes: _CodeTally, memo_actions: list[MemoEntry]) -> int:
    """The meeting's memo entries that are not removed, their codes counted (a researcher's re-code
    replacing an entry's own) and their open action items added to ``memo_actions``."""
    entries = 0
    recoded = {coding.entry_id: coding for coding in found.codings}
    for entry in found.memo:
        if entry.deleted:
            continue
        entries += 1
        if entry.is_open_action:
            memo_actions.append(entry)
        codes.count(effective_codes(entry.codes, recoded.get(entry.id)), recent)
    return entries


def _past_meeting(
    meeting: Meeting,
    day: date,
    check_in: _CheckIn,
    by_id: Mapping[str, Person],
    feedback: FeedbackSummary,
    entries: int,
) -> PastMeeting:
    """The meeting's row: its host by name, the members there (none counted when attendance was
    never taken), its feedback and the number of its memo entries."""
    present, apologies = check_in.members(by_id)
    host = by_id.get(meeting.host_id)
    return PastMeeting(
        meeting_id=meeting.id,
        day=day,
        host_id=meeting.host_id,
        host=host.name if host else "",
        company=host.company if host else "",
        theme=meeting.theme,
        present=present if check_in.taken else None,
        apologies=apologies,
        guests=check_in.guests,
        feedback_responses=feedback.responses,
        feedback_average=feedback.usefulness_average,
        entries=entries,
        recordings=tuple(recording for recording in meeting.recordings if recording.has_audio),
    )
