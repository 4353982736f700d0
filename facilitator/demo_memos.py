"""What happened at the demo network's held meetings: who came, the agenda as it ran, the memo the
facilitator typed, the conclusions, the recording and the feedback.

Each held meeting gets a theme of micro-business life in the north, a check-in (most members
present, a few apologies or absent, now and then a guest), an agenda clock that ran a little late
or early, 8–25 memo entries spread over the evening — notes, decisions, action items, needs and
ideas naming the members they are about and coded with the activities of DESIGN §4 as a
facilitator would code them — the closing conclusions and a handful of anonymous feedback
responses. A recording runs only when everyone present had consented by then (or did on the spot).
Action items are done or dropped at a later meeting, the latest and a few older ones still open.

This module holds the evenings: what happens when, to whom, and how often. What is said — the
themes and the lines of the memo, in English (the demo's content, not the app's interface) — is
in :mod:`facilitator.demo_memo_texts`. Randomness comes from the caller's seeded generator and
record ids from its ``new_id``, so the same seed gives the same evenings. The cost grows linearly
with the number of meetings.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from facilitator.agenda import agenda_from_template, default_template
from facilitator.demo_data import FIRST_NAMES, LAST_NAMES
from facilitator.demo_memo_texts import (
    COMMENTS,
    DISCUSSION,
    FEEDBACK,
    GENERAL,
    GENERAL_CONCLUSIONS,
    GUEST_LINES,
    GUEST_ORGANISATIONS,
    HOST,
    JOINT,
    LAST_RESORT,
    NEWS,
    TOPICS,
    Line,
    Topic,
)
from facilitator.model import (
    Absence,
    ActionStatus,
    AgendaItem,
    Attendance,
    FeedbackResponse,
    Group,
    Meeting,
    MeetingStatus,
    MemoEntry,
    MemoKind,
    Person,
    Presence,
    Recording,
    Role,
    TemplateItem,
)
from facilitator.rotation import meeting_day

NewId = Callable[[], str]

#: Not a section: the theme's own lines (a pool key) and a line about the guest (a drawn entry).
_THEME = _GUEST = -1


# -- shares ---------------------------------------------------------------------------------------

#: (section, weight) of where a memo entry is written: most in the open discussion.
_SECTION_WEIGHTS = ((NEWS, 16), (HOST, 20), (DISCUSSION, 44), (JOINT, 17), (FEEDBACK, 3))
#: The kinds of entry written in each section, with their weights (made cumulative below).
_KIND_WEIGHTS = {
    NEWS: ((MemoKind.NOTE, 78), (MemoKind.NEED, 12), (MemoKind.IDEA, 10)),
    HOST: ((MemoKind.NOTE, 80), (MemoKind.NEED, 10), (MemoKind.IDEA, 10)),
    DISCUSSION: (
        (MemoKind.NOTE, 50),
        (MemoKind.NEED, 16),
        (MemoKind.IDEA, 13),
        (MemoKind.DECISION, 11),
        (MemoKind.ACTION, 10),
    ),
    JOINT: ((MemoKind.ACTION, 55), (MemoKind.DECISION, 33), (MemoKind.NOTE, 12)),
    FEEDBACK: ((MemoKind.NOTE, 1),),
}
#: How many codes an entry gets (0, 1 or 2), as a facilitator codes while typing.
_CODE_COUNTS = (0, 1, 2)
_CODE_COUNT_WEIGHTS = (20, 55, 25)
#: Where a discussion line comes from: the theme's own lines this often, else the general ones.
_TOPIC_SHARE = 0.6
_TRADE_THEME_SHARE = 0.55
_RECENT_THEMES = 3
_GUEST_SHARE = 0.15
_SECOND_FACILITATOR_SHARE = 0.5
_RESEARCHER_SHARE = 0.4
_LATE_SHARE = 0.1
_NOT_PRESENT_APOLOGIES = 0.65
_WANTS_RECORDING = 0.4
_CONSENT_ON_THE_SPOT = 0.6
_USEFULNESS_WEIGHTS = ((5, 34), (4, 40), (3, 18), (2, 6), (1, 2))
_COMMENT_SHARE = 0.3
_NO_RECOMMEND_ANSWER = 0.1
#: Action items: done or dropped at the meeting around their due date, sometimes one later.
_DROPPED_SHARE = 0.12
_LATE_CLOSING_SHARE = 0.3
#: Older items left open (overdue), only among those raised in the last two years.
_FORGOTTEN_SHARE = 0.05
_FORGOTTEN_WINDOW = timedelta(days=730)


def _cumulative(weights: Sequence[int]) -> tuple[int, ...]:
    return tuple(itertools.accumulate(weights))


# Cumulative weights, so that each draw does not add them up again (a long demo draws 100 000).
_KINDS = {
    section: (tuple(kind for kind, _ in pairs), _cumulative([weight for _, weight in pairs]))
    for section, pairs in _KIND_WEIGHTS.items()
}
_CODE_COUNT_CUMULATIVE = _cumulative(_CODE_COUNT_WEIGHTS)
_SECTIONS = tuple(section for section, _ in _SECTION_WEIGHTS)
_SECTION_CUMULATIVE = _cumulative([weight for _, weight in _SECTION_WEIGHTS])
_USEFULNESS = (tuple(value for value, _ in _USEFULNESS_WEIGHTS), _cumulative([w for _, w in _USEFULNESS_WEIGHTS]))


# -- the evenings ---------------------------------------------------------------------------------


@dataclass
class Evenings:
    """The held meetings (with theme, times, recordings and conclusions) and their records."""

    meetings: list[Meeting] = field(default_factory=list)
    agenda_items: list[AgendaItem] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    memo_entries: list[MemoEntry] = field(default_factory=list)
    feedback: list[FeedbackResponse] = field(default_factory=list)


@dataclass
class _Evening:
    """One held meeting being filled in."""

    meeting: Meeting
    day: date
    host: Person
    facilitator: Person | None
    present: list[Person]  # members, host first
    guest: tuple[str, str] | None
    items: list[AgendaItem]
    topic: Topic
    actions: list[MemoEntry] = field(default_factory=list)


def hold_meetings(
    rng: random.Random,
    new_id: NewId,
    group: Group,
    meetings: Sequence[Meeting],
    people: Sequence[Person],
    absences: Sequence[Absence],
    today: date,
) -> Evenings:
    """``meetings`` with every held one filled in as it went, and the records of those evenings.

    Meetings not held are returned unchanged; a held meeting's theme is kept when it has one.
    """
    zone = group.time_zone
    away: dict[str, list[Absence]] = {}
    for absence in absences:
        away.setdefault(absence.person_id, []).append(absence)
    members = [person for person in people if person.role is Role.MEMBER]
    staff = [person for person in people if person.role is not Role.MEMBER]
    propensity = {person.id: rng.uniform(0.55, 0.95) for person in members}
    by_id = {person.id: person for person in people}
    template = default_template()
    result = Evenings()
    evenings: list[_Evening] = []
    recent_topics: list[str] = []
    for meeting in meetings:
        if meeting.status is not MeetingStatus.HELD or not meeting.host_id:
            result.meetings.append(meeting)
            continue
        day = meeting_day(meeting, zone)
        evening = _hold(
            rng,
            new_id,
            result,
            meeting,
            day,
            by_id[meeting.host_id],
            members,
            staff,
            away,
            propensity,
            recent_topics,
            template,
        )
        recent_topics = [*recent_topics[-(_RECENT_THEMES - 1) :], evening.topic.key]
        evenings.append(evening)
        result.meetings.append(evening.meeting)
    closing = _close_actions(rng, evenings, today)
    result.memo_entries = [closing.get(entry.id, entry) for entry in result.memo_entries]
    return result


def _hold(
    rng: random.Random,
    new_id: NewId,
    result: Evenings,
    meeting: Meeting,
    day: date,
    host: Person,
    members: list[Person],
    staff: list[Person],
    away: dict[str, list[Absence]],
    propensity: dict[str, float],
    recent_topics: list[str],
    template: list[TemplateItem],
) -> _Evening:
    topic = _pick_topic(rng, host, recent_topics)
    started_at = meeting.starts_at.astimezone(UTC) + timedelta(minutes=rng.randint(-2, 10), seconds=rng.randint(0, 59))
    closed_at = meeting.ends_at.astimezone(UTC) + timedelta(minutes=rng.randint(-20, 35))
    facilitators = [person for person in staff if person.role is Role.FACILITATOR and person.is_current(day)]
    facilitator = facilitators[0] if facilitators else None
    items = _agenda(rng, new_id, template, meeting, host, facilitator, started_at, closed_at)

    # Check-in: members of the day by their habit (the host always), staff, maybe a guest.
    statuses: dict[str, Presence] = {}
    for person in members:
        if not person.is_current(day):
            continue
        if person.id == host.id:
            statuses[person.id] = Presence.PRESENT
        elif any(absence.covers(day) for absence in away.get(person.id, ())):
            statuses[person.id] = Presence.APOLOGIES
        elif rng.random() < propensity[person.id]:
            statuses[person.id] = Presence.PRESENT
        else:
            statuses[person.id] = Presence.APOLOGIES if rng.random() < _NOT_PRESENT_APOLOGIES else Presence.ABSENT
    present_staff = facilitators[:1]
    present_staff += [person for person in facilitators[1:] if rng.random() < _SECOND_FACILITATOR_SHARE]
    present_staff += [
        person
        for person in staff
        if person.role is Role.RESEARCHER and person.is_current(day) and rng.random() < _RESEARCHER_SHARE
    ]
    guest = None
    if rng.random() < _GUEST_SHARE:
        language = rng.choice(("fi", "fi", "sv"))
        name = f"{rng.choice(FIRST_NAMES[language])} {rng.choice(LAST_NAMES[language])}"
        guest = (name, rng.choice(topic.guests or GUEST_ORGANISATIONS))

    # The recording: wanted now and then, and only with everyone present consenting by then. A
    # guest, or a member who consented for good later, may consent on the spot; a member who has
    # not consented at all is not pressed to.
    present_members = [host] + [
        person for person in members if statuses.get(person.id) is Presence.PRESENT and person.id != host.id
    ]
    present_people = present_members + present_staff
    refusing = [person for person in present_people if person.audio_consent is None]
    missing = [person.id for person in present_people if person.audio_consent and person.audio_consent > day]
    missing += ["guest"] if guest else []
    wants_recording = rng.random() < _WANTS_RECORDING
    on_the_spot: set[str] = set()
    if wants_recording and not refusing and missing and rng.random() < _CONSENT_ON_THE_SPOT:
        on_the_spot, missing = set(missing), []
    recorded = wants_recording and not refusing and not missing
    recordings = _recordings(rng, items) if recorded else []

    for person in present_people:
        arrival = started_at + timedelta(seconds=rng.randint(0, 8 * 60))
        if person.id != host.id and person.role is Role.MEMBER and rng.random() < _LATE_SHARE:
            arrival = started_at + timedelta(minutes=rng.randint(10, 45), seconds=rng.randint(0, 59))
        result.attendance.append(
            Attendance(
                id=new_id(),
                meeting_id=meeting.id,
                person_id=person.id,
                status=Presence.PRESENT,
                arrived_at=arrival,
                audio_consent=day if person.id in on_the_spot else None,
            )
        )
    for person_id, status in statuses.items():
        if status is not Presence.PRESENT:
            result.attendance.append(Attendance(id=new_id(), meeting_id=meeting.id, person_id=person_id, status=status))
    if guest:
        result.attendance.append(
            Attendance(
                id=new_id(),
                meeting_id=meeting.id,
                guest_name=guest[0],
                guest_organisation=guest[1],
                status=Presence.PRESENT,
                arrived_at=started_at + timedelta(seconds=rng.randint(0, 20 * 60)),
                audio_consent=day if "guest" in on_the_spot else None,
            )
        )

    evening = _Evening(meeting, day, host, facilitator, present_members, guest, items, topic)
    entries = _memo(rng, new_id, evening, recordings)
    evening.actions = [entry for entry in entries if entry.kind is MemoKind.ACTION]
    result.memo_entries += entries
    result.agenda_items += items
    result.feedback += _feedback(rng, new_id, meeting.id, len(present_members) + (guest is not None))
    conclusions = rng.sample(topic.conclusions, k=rng.randint(1, 2) + (rng.random() < 0.3))
    if len(conclusions) < 2:
        conclusions.append(rng.choice(GENERAL_CONCLUSIONS))
    evening.meeting = dataclasses.replace(
        meeting,
        theme=meeting.theme or rng.choice(topic.titles),
        host_note=meeting.host_note or topic.note,
        started_at=started_at,
        closed_at=closed_at,
        recordings=recordings,
        conclusions="\n".join(conclusions),
    )
    return evening


def _pick_topic(rng: random.Random, host: Person, recent: list[str]) -> Topic:
    """A theme the group has not had lately, often one of the host's own trade."""
    fresh = [topic for topic in TOPICS if topic.key not in recent]
    own = [topic for topic in fresh if host.business_field in topic.trades]
    if own and rng.random() < _TRADE_THEME_SHARE:
        return rng.choice(own)
    return rng.choice(fresh)


def _agenda(
    rng: random.Random,
    new_id: NewId,
    template: list[TemplateItem],
    meeting: Meeting,
    host: Person,
    facilitator: Person | None,
    started_at: datetime,
    closed_at: datetime,
) -> list[AgendaItem]:
    """The default evening as it ran: each item a little shorter or longer than planned, the first
    starting after the check-in and the last ending as the meeting closed."""
    items = agenda_from_template(template, meeting, host, facilitator)
    first = started_at + timedelta(minutes=rng.randint(3, 10))
    lengths = [item.minutes * rng.uniform(0.7, 1.35) for item in items]
    scale = (closed_at - first).total_seconds() / sum(lengths)
    moment, ran = first, []
    for index, (item, length) in enumerate(zip(items, lengths)):
        ends = closed_at if index == len(items) - 1 else moment + timedelta(seconds=round(length * scale))
        ran.append(
            AgendaItem(
                id=new_id(),
                meeting_id=item.meeting_id,
                position=item.position,
                title=item.title,
                minutes=item.minutes,
                presenter=item.presenter,
                notes=item.notes,
                started_at=moment,
                ended_at=ends,
            )
        )
        moment = ends
    return ran


def _recordings(rng: random.Random, items: list[AgendaItem]) -> list[Recording]:
    """The host's part and the discussion recorded, or the whole evening; now and then paused."""
    if rng.random() < 0.3:
        first, last = items[0], items[-1]
    else:
        first, last = items[HOST], items[DISCUSSION]
    start, stop = first.started_at, last.ended_at
    assert start is not None and stop is not None
    if rng.random() < 0.2:  # paused for a break halfway
        middle = start + (stop - start) / 2
        return [
            Recording(started_at=start, stopped_at=middle),
            Recording(started_at=middle + timedelta(minutes=rng.randint(5, 12)), stopped_at=stop),
        ]
    return [Recording(started_at=start, stopped_at=stop)]


def _memo(rng: random.Random, new_id: NewId, evening: _Evening, recordings: list[Recording]) -> list[MemoEntry]:
    """8–25 entries over the evening, in the order written."""
    count = round(rng.triangular(8, 25, 14))
    guest_line = evening.guest is not None and rng.random() < 0.7
    # The evening always ends with joint actions or decisions of some kind.
    drawn = sorted([JOINT, *rng.choices(_SECTIONS, cum_weights=_SECTION_CUMULATIVE, k=count - guest_line - 1)])
    if guest_line:
        drawn.append(_GUEST)  # a line about the guest, in the discussion
    pools: dict[tuple[int, MemoKind], list[Line]] = {}
    entries = []
    meeting = evening.meeting
    for section in drawn:
        if section == _GUEST:
            line, section, kind = rng.choice(GUEST_LINES), DISCUSSION, MemoKind.NOTE
            cast = _cast(rng, line, evening)
            if cast is None:  # nobody but the host to ask the guest
                line = GUEST_LINES[0]
                cast = _cast(rng, line, evening)
        else:
            kinds, cumulative = _KINDS[section]
            wanted = rng.choices(kinds, cum_weights=cumulative)[0]
            cast = None
            while cast is None:  # a line needing someone not there tonight gives way to the next
                line, kind = _next_line(rng, pools, evening.topic, section, wanted)
                cast = _cast(rng, line, evening)
        if cast is None:
            continue
        values, people = cast
        item = evening.items[section]
        assert item.started_at is not None and item.ended_at is not None
        span = max(31, int((item.ended_at - item.started_at).total_seconds()) - 30)
        written_at = item.started_at + timedelta(seconds=rng.randint(30, span))
        action = kind is MemoKind.ACTION
        entries.append(
            MemoEntry(
                id=new_id(),
                meeting_id=meeting.id,
                group_id=meeting.group_id,
                text=line.text.format_map(values),
                written_at=written_at,
                kind=kind,
                codes=_codes(rng, line.codes),
                people=people,
                agenda_item_id=item.id,
                recording_offset=_offset(recordings, written_at),
                owner_id=people[0] if action else "",  # an action's lines name its owner first
                due=evening.day + timedelta(days=rng.randint(14, 42)) if action else None,
            )
        )
    entries.sort(key=lambda entry: entry.written_at)
    return entries


def _next_line(
    rng: random.Random, pools: dict[tuple[int, MemoKind], list[Line]], topic: Topic, section: int, kind: MemoKind
) -> tuple[Line, MemoKind]:
    """A line of ``kind`` not yet used tonight: in the discussion often one of the theme's, else a
    general one; when those have run out, a general note of the discussion, and when even those
    have, the host's closing round."""
    keys = [(section, kind)]
    if section == DISCUSSION and rng.random() < _TOPIC_SHARE:
        keys.insert(0, (_THEME, kind))
    keys.append((DISCUSSION, MemoKind.NOTE))
    for key in keys:
        if key not in pools:
            lines = topic.lines.get(kind, ()) if key[0] == _THEME else GENERAL.get(key, ())
            pools[key] = rng.sample(lines, k=len(lines))
        if pools[key]:
            return pools[key].pop(), kind if key[1] is kind else MemoKind.NOTE
    return LAST_RESORT, MemoKind.NOTE


def _cast(rng: random.Random, line: Line, evening: _Evening) -> tuple[dict[str, str], list[str]] | None:
    """The words the line's placeholders stand for tonight and the ids of the people named, in
    order (None when someone it needs is not there): {a} and {b} are members present other than
    the host."""
    values: dict[str, str] = {}
    who: dict[str, Person] = {}
    fields = line.fields
    members = [name for name in fields if name in ("a", "b")]
    if members:
        others = evening.present[1:]
        if len(others) < len(members):
            return None
        who.update(zip(members, rng.sample(others, k=len(members))))
    if "host" in fields:
        who["host"] = evening.host
    if "fac" in fields:
        if evening.facilitator is None:
            return None
        who["fac"] = evening.facilitator
    if "company" in fields:
        values["company"] = evening.host.company
    if "guest" in fields or "org" in fields:
        if evening.guest is None:
            return None
        values["guest"], values["org"] = evening.guest
    values.update((name, person.name) for name, person in who.items())
    people = list(dict.fromkeys(who[name].id for name in fields if name in who))
    return values, people


def _codes(rng: random.Random, candidates: tuple[str, ...]) -> list[str]:
    """0–2 of the line's codes: the likeliest first."""
    if not candidates:
        return []
    count = rng.choices(_CODE_COUNTS, cum_weights=_CODE_COUNT_CUMULATIVE)[0]
    if count == 1 and len(candidates) > 1 and rng.random() < 0.3:
        return [candidates[1]]
    return list(candidates[:count])


def _offset(recordings: list[Recording], moment: datetime) -> int | None:
    for recording in recordings:
        if recording.stopped_at and recording.started_at <= moment <= recording.stopped_at:
            return int((moment - recording.started_at).total_seconds())
    return None


def _feedback(rng: random.Random, new_id: NewId, meeting_id: str, present: int) -> list[FeedbackResponse]:
    """3–12 anonymous responses (never more than there were people), mostly useful."""
    count = min(present, rng.randint(3, 12))
    values, cumulative = _USEFULNESS
    responses = []
    for _ in range(count):
        usefulness = rng.choices(values, cum_weights=cumulative)[0]
        recommend: bool | None = rng.random() < {5: 0.95, 4: 0.85, 3: 0.55}.get(usefulness, 0.15)
        if rng.random() < _NO_RECOMMEND_ANSWER:
            recommend = None
        comment = ""
        if rng.random() < _COMMENT_SHARE:
            band = "high" if usefulness >= 4 else "middle" if usefulness == 3 else "low"
            comment = rng.choice(COMMENTS[band])
        responses.append(
            FeedbackResponse(
                id=new_id(), meeting_id=meeting_id, usefulness=usefulness, recommend=recommend, comment=comment
            )
        )
    return responses


def _close_actions(rng: random.Random, evenings: list[_Evening], today: date) -> dict[str, MemoEntry]:
    """The action items closed at a later meeting: done (most) or dropped, at the meeting around
    their due date or one after. Items with no such meeting yet stay open, and so do a few older
    ones from the last two years (overdue)."""
    closed: dict[str, MemoEntry] = {}
    days = [evening.day for evening in evenings]
    for index, evening in enumerate(evenings):
        for entry in evening.actions:
            assert entry.due is not None
            later = next(
                (other for other in range(index + 1, len(evenings)) if days[other] >= entry.due - timedelta(days=10)),
                None,
            )
            if later is None:
                continue
            if rng.random() < _LATE_CLOSING_SHARE:
                later += 1
            if later >= len(evenings):
                continue
            if today - evening.day <= _FORGOTTEN_WINDOW and rng.random() < _FORGOTTEN_SHARE:
                continue
            where = evenings[later]
            item = where.items[rng.choice((NEWS, JOINT))]
            assert item.started_at is not None and item.ended_at is not None
            moment = item.started_at + (item.ended_at - item.started_at) * rng.random()
            status = ActionStatus.DROPPED if rng.random() < _DROPPED_SHARE else ActionStatus.DONE
            closed[entry.id] = dataclasses.replace(
                entry, action_status=status, closed_at=moment.replace(microsecond=0), closed_in=where.meeting.id
            )
    return closed
