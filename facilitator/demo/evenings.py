"""What happened at the demo network's held meetings: who came, the agenda as it ran, the memo the
facilitator typed, the conclusions, the recording and the feedback.

Each held meeting gets a theme of micro-business life in the north, a check-in (most members
present, a few apologies or absent, now and then a guest), an agenda clock that ran a little late
or early, 8–25 memo entries spread over the evening — notes, decisions, action items, needs and
ideas naming the members they are about and coded with the activities of DESIGN §4 as a
facilitator would code them — the closing conclusions and a handful of anonymous feedback
responses. A recording runs only when everyone present had consented by then (or did on the spot).
Action items are done or dropped at a later meeting, the latest and a few older ones still open.

This module holds the evenings: what happens when, to whom, and how often; the memo typed during
one is written by :mod:`facilitator.demo.memos`, and who came by :mod:`facilitator.demo.attendance`.
What is said — the themes and the lines of the
memo, in English (the demo's content, not the app's interface) — is in
:mod:`facilitator.demo.memo_texts`. Randomness comes from the caller's seeded generator and record
ids from its ``new_id``, so the same seed gives the same evenings. The cost grows linearly with
the number of meetings.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from facilitator.agenda import agenda_from_template, default_template
from facilitator.demo.attendance import check_in, guest_of, recordings_of, sign_in, staff_present
from facilitator.demo.ids import NewId
from facilitator.demo.lines import Topic
from facilitator.demo.memo_texts import COMMENTS, GENERAL_CONCLUSIONS, JOINT, NEWS, TOPICS
from facilitator.demo.memos import write_memo
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

# -- shares ---------------------------------------------------------------------------------------

#: How often a host brings up a theme of the host's own trade; themes of the last few evenings wait.
_TRADE_THEME_SHARE = 0.55
_RECENT_THEMES = 3
_USEFULNESS_WEIGHTS = ((5, 34), (4, 40), (3, 18), (2, 6), (1, 2))
_COMMENT_SHARE = 0.3
_NO_RECOMMEND_ANSWER = 0.1
#: Action items: done or dropped at the meeting around their due date, sometimes one later.
_DROPPED_SHARE = 0.12
_LATE_CLOSING_SHARE = 0.3
#: Older items left open (overdue), only among those raised in the last two years.
_FORGOTTEN_SHARE = 0.05
_FORGOTTEN_WINDOW = timedelta(days=730)


# Cumulative weights, so that each draw does not add them up again.
_USEFULNESS = (
    tuple(value for value, _ in _USEFULNESS_WEIGHTS),
    tuple(itertools.accumulate(weight for _, weight in _USEFULNESS_WEIGHTS)),
)


# -- the evenings ---------------------------------------------------------------------------------


@dataclass
class Evenings:
    """The held meetings (with theme, times, recordings and conclusions) and their records."""

    meetings: list[Meeting] = field(default_factory=list)
    agenda_items: list[AgendaItem] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    memo_entries: list[MemoEntry] = field(default_factory=list)
    feedback: list[FeedbackResponse] = field(default_factory=list)
    #: Memo entry id → the line it was written from (its text with the placeholders), so that what
    #: came of an entry later (:mod:`facilitator.demo.development`) can follow what it said.
    lines: dict[str, str] = field(default_factory=dict)


@dataclass
class Evening:
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
    lines: dict[str, str] = field(default_factory=dict)  # memo entry id → the line it was written from


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
    evenings: list[Evening] = []
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
) -> Evening:
    """One held meeting as it went, its records added to ``result``; each part draws from ``rng``
    in the order the evening unfolds, so the same seed tells the same evening."""
    topic = _pick_topic(rng, host, recent_topics)
    started_at = meeting.starts_at.astimezone(UTC) + timedelta(minutes=rng.randint(-2, 10), seconds=rng.randint(0, 59))
    closed_at = meeting.ends_at.astimezone(UTC) + timedelta(minutes=rng.randint(-20, 35))
    facilitators = [person for person in staff if person.role is Role.FACILITATOR and person.is_current(day)]
    facilitator = facilitators[0] if facilitators else None
    items = _agenda(rng, new_id, template, meeting, host, facilitator, started_at, closed_at)

    statuses = check_in(rng, members, host, day, away, propensity)
    present_staff = staff_present(rng, staff, facilitators, day)
    guest = guest_of(rng, topic)
    present_members = [host] + [
        person for person in members if statuses.get(person.id) is Presence.PRESENT and person.id != host.id
    ]
    present_people = present_members + present_staff
    recordings, on_the_spot = recordings_of(rng, present_people, guest, day, items)
    result.attendance += sign_in(
        rng, new_id, meeting, day, started_at, host, present_people, statuses, guest, on_the_spot
    )

    evening = Evening(meeting, day, host, facilitator, present_members, guest, items, topic)
    entries = write_memo(rng, new_id, evening, recordings)
    evening.actions = [entry for entry in entries if entry.kind is MemoKind.ACTION]
    result.memo_entries += entries
    result.lines.update(evening.lines)
    result.agenda_items += items
    result.feedback += _feedback(rng, new_id, meeting.id, len(present_members) + (guest is not None))
    evening.meeting = _as_held(rng, meeting, topic, started_at, closed_at, recordings)
    return evening


def _as_held(
    rng: random.Random,
    meeting: Meeting,
    topic: Topic,
    started_at: datetime,
    closed_at: datetime,
    recordings: list[Recording],
) -> Meeting:
    """The meeting as held: its times, recordings and conclusions, and a theme and host's note
    unless it had them already."""
    conclusions = rng.sample(topic.conclusions, k=rng.randint(1, 2) + (rng.random() < 0.3))
    if len(conclusions) < 2:
        conclusions.append(rng.choice(GENERAL_CONCLUSIONS))
    return dataclasses.replace(
        meeting,
        theme=meeting.theme or rng.choice(topic.titles),
        host_note=meeting.host_note or topic.note,
        started_at=started_at,
        closed_at=closed_at,
        recordings=recordings,
        conclusions="\n".join(conclusions),
    )


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
    for index, (item, length) in enumerate(zip(items, lengths, strict=True)):
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


def _close_actions(rng: random.Random, evenings: list[Evening], today: date) -> dict[str, MemoEntry]:
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
