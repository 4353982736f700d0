"""The live meeting's rules: the recording, the agenda clock and memo entries (check-in and the
consent to record are in checkin.py, closing is in closing.py). Plain functions that return the
records to save; the screen saves and shows them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from facilitator.checkin import CheckinRow, without_audio_consent
from facilitator.dates import format_date
from facilitator.i18n import _
from facilitator.local_time import local_day, local_moment
from facilitator.markers import ParsedLine
from facilitator.model import (
    ActionStatus,
    AgendaItem,
    Attendance,
    Meeting,
    MemoEntry,
    MemoKind,
    MemoRevision,
    Outcome,
    OutcomeKind,
    Pause,
    Person,
    Recording,
)

# -- recording -----------------------------------------------------------------------------------


class ConsentMissing(Exception):
    """Someone present has not consented to the recording."""

    def __init__(self, rows: Sequence[CheckinRow]) -> None:
        self.rows = list(rows)
        names = ", ".join(row.name for row in rows)
        super().__init__(_("No recording without everyone's consent; still missing: {names}.").format(names=names))


def recording_started(meeting: Meeting, rows: Sequence[CheckinRow], now: datetime, audio_file: str = "") -> Meeting:
    """The meeting with a recording running from ``now``, its sound going into ``audio_file`` (empty:
    marks only); refused while anyone present lacks consent."""
    if missing := without_audio_consent(rows):
        raise ConsentMissing(missing)
    if meeting.recording:
        return meeting
    return dataclasses.replace(
        meeting, recordings=[*meeting.recordings, Recording(started_at=now, audio_file=audio_file)]
    )


def _with_running(meeting: Meeting, running: Recording) -> Meeting:
    return dataclasses.replace(meeting, recordings=[*meeting.recordings[:-1], running])


def recording_stopped(meeting: Meeting, now: datetime, audio_seconds: float | None = None) -> Meeting:
    """The meeting with its running recording stopped at ``now`` (a pause still open ends there too),
    holding ``audio_seconds`` of sound when the recorder told its length."""
    running = meeting.recording
    if running is None:
        return meeting
    # A clock set back meanwhile never stops it before it began, nor before a pause of it ended.
    stopped = max(now, running.started_at, *(pause.resumed_at or pause.paused_at for pause in running.pauses))
    pauses = running.pauses
    if running.paused:
        pauses = [*pauses[:-1], dataclasses.replace(pauses[-1], resumed_at=max(stopped, pauses[-1].paused_at))]
    seconds = running.audio_seconds if audio_seconds is None else audio_seconds
    return _with_running(
        meeting, dataclasses.replace(running, stopped_at=stopped, pauses=pauses, audio_seconds=seconds)
    )


def recording_paused(meeting: Meeting, now: datetime) -> Meeting:
    """The meeting with its running recording paused from ``now`` (unchanged when none runs or it is paused)."""
    running = meeting.recording
    if running is None or running.paused:
        return meeting
    paused_at = max(now, running.started_at)
    return _with_running(meeting, dataclasses.replace(running, pauses=[*running.pauses, Pause(paused_at=paused_at)]))


def recording_resumed(meeting: Meeting, now: datetime) -> Meeting:
    """The meeting with its paused recording taking sound again from ``now``."""
    running = meeting.recording
    if running is None or not running.paused:
        return meeting
    pause = running.pauses[-1]
    resumed = dataclasses.replace(pause, resumed_at=max(now, pause.paused_at))
    return _with_running(meeting, dataclasses.replace(running, pauses=[*running.pauses[:-1], resumed]))


def _paused_seconds(recording: Recording, now: datetime) -> float:
    """How long ``recording`` was paused up to ``now``; an open pause counts up to ``now``."""
    total = 0.0
    for pause in recording.pauses:
        begun = max(pause.paused_at, recording.started_at)
        ended = min(pause.resumed_at or now, now)
        total += max(0.0, (ended - begun).total_seconds())
    return total


def recording_offset(meeting: Meeting, now: datetime, sound_seconds: float | None = None) -> int | None:
    """Seconds into the running recording (None when nothing is being recorded): the recorder's
    own count of ``sound_seconds`` written when it runs, otherwise the clock's time since the
    start less the pauses (a line typed while paused gets the moment the sound paused)."""
    running = meeting.recording
    if running is None:
        return None
    if sound_seconds is not None:
        return max(0, int(sound_seconds))
    elapsed = (now - running.started_at).total_seconds() - _paused_seconds(running, now)
    return max(0, int(elapsed))


def moment_of_offset(recording: Recording, seconds: float) -> datetime:
    """The clock's moment at which ``recording`` had taken ``seconds`` of sound, pauses skipped: where
    a sound file of that length ends. A pause still open ends the sound where it began."""
    moment = recording.started_at
    left = max(0.0, seconds)
    for pause in recording.pauses:
        span = max(0.0, (pause.paused_at - moment).total_seconds())
        if left <= span:
            break
        left -= span
        if pause.resumed_at is None:
            return max(moment, pause.paused_at)
        moment = max(moment, pause.resumed_at)
    return moment + timedelta(seconds=left)


def recording_left_running(meeting: Meeting, audio_seconds: float | None, last_known: datetime | None) -> Meeting:
    """A meeting reopened with its recording still running and nothing recording it any more (the app
    closed, crashed or lost its power): stopped where its sound ends, ``audio_seconds`` into it,
    or without sound at ``last_known``, the last moment anything of the meeting was noted."""
    running = meeting.recording
    if running is None:
        return meeting
    if audio_seconds is not None:
        return recording_stopped(meeting, moment_of_offset(running, audio_seconds), audio_seconds)
    return recording_stopped(meeting, last_known or running.started_at)


# -- the agenda clock ------------------------------------------------------------------------------


def started(meeting: Meeting, now: datetime, time_zone: str) -> Meeting:
    """The meeting under way from ``now`` (opened for check-in); the agenda clock waits for the
    facilitator to start the first item. A meeting held on another day than planned moves to
    today, at its planned clock times, as chosen by hand."""
    if meeting.started_at is not None:
        return meeting
    zone = ZoneInfo(time_zone)
    planned = local_moment(meeting.starts_at, time_zone)
    today = local_day(now, time_zone)
    if planned.date() != today:
        length = meeting.ends_at - meeting.starts_at
        moved = datetime.combine(today, planned.time(), zone).astimezone(UTC)
        meeting = dataclasses.replace(meeting, starts_at=moved, ends_at=moved + length, edited_by_hand=True)
    return dataclasses.replace(meeting, started_at=now)


def nothing_recorded(
    meeting: Meeting, items: Sequence[AgendaItem], attendance: Sequence[Attendance], entries: Sequence[MemoEntry]
) -> bool:
    """Whether a started meeting holds nothing yet, so that leaving it may undo an accidental start."""
    return not (meeting.recordings or attendance or entries or any(item.started_at for item in items))


def unstarted(meeting: Meeting) -> Meeting:
    return dataclasses.replace(meeting, started_at=None)


@dataclass(frozen=True)
class ClockState:
    """Where the meeting stands on its agenda at one moment."""

    item: AgendaItem | None
    number: int
    total: int
    elapsed: timedelta
    planned_end: datetime
    expected_end: datetime
    finished: bool = False

    @property
    def planned(self) -> timedelta:
        return timedelta(minutes=self.item.minutes) if self.item else timedelta()

    @property
    def over(self) -> bool:
        return self.item is not None and self.elapsed > self.planned


def current_item(items: Sequence[AgendaItem]) -> AgendaItem | None:
    return next((item for item in items if item.started_at and not item.ended_at), None)


def clock(meeting: Meeting, items: Sequence[AgendaItem], now: datetime) -> ClockState:
    """The current item and its elapsed time, the planned end, and the end at the present pace."""
    item = current_item(items)
    elapsed = now - item.started_at if item and item.started_at else timedelta()
    if item:
        index = list(items).index(item)
        remaining = max(timedelta(minutes=item.minutes) - elapsed, timedelta())
        waiting = items[index + 1 :]
    else:
        remaining = timedelta()
        waiting = [later for later in items if not later.started_at]
    remaining += sum((timedelta(minutes=later.minutes) for later in waiting), timedelta())
    return ClockState(
        item=item,
        number=list(items).index(item) + 1 if item else 0,
        total=len(items),
        elapsed=elapsed,
        planned_end=meeting.ends_at,
        expected_end=now + remaining,
        finished=bool(items) and all(later.ended_at for later in items),
    )


def advanced(items: Sequence[AgendaItem], now: datetime) -> list[AgendaItem]:
    """The items changed by moving on: the current one ends now and the next one starts.

    Before the first item has started, it starts; after the last, nothing changes.
    """
    item = current_item(items)
    if item is None:
        waiting = next((later for later in items if not later.started_at), None)
        return [dataclasses.replace(waiting, started_at=now)] if waiting else []
    changed = [dataclasses.replace(item, ended_at=now)]
    index = list(items).index(item)
    if index + 1 < len(items):
        changed.append(dataclasses.replace(items[index + 1], started_at=now))
    return changed


def actual_minutes(item: AgendaItem) -> int | None:
    """How long the item actually took, in whole minutes (None until it has ended)."""
    if item.started_at and item.ended_at:
        return round((item.ended_at - item.started_at).total_seconds() / 60)
    return None


# -- memo entries ---------------------------------------------------------------------------------


def new_entry(
    parsed: ParsedLine,
    meeting: Meeting,
    items: Sequence[AgendaItem],
    now: datetime,
    sound_seconds: float | None = None,
) -> MemoEntry:
    """The memo entry for a line typed now: under the current agenda item, at the recording's offset
    (``sound_seconds``: the recorder's count of seconds written, see :func:`recording_offset`)."""
    item = current_item(items)
    return MemoEntry(
        meeting_id=meeting.id,
        group_id=meeting.group_id,
        text=parsed.text,
        written_at=now,
        kind=parsed.kind or MemoKind.NOTE,
        codes=list(parsed.codes),
        people=list(parsed.people),
        agenda_item_id=item.id if item else "",
        recording_offset=recording_offset(meeting, now, sound_seconds),
        owner_id=parsed.owner_id,
        due=parsed.due,
    )


def _revision(entry: MemoEntry, now: datetime) -> MemoRevision:
    return MemoRevision(
        text=entry.text,
        kind=entry.kind,
        codes=list(entry.codes),
        people=list(entry.people),
        owner_id=entry.owner_id,
        due=entry.due,
        replaced_at=now,
    )


def _in_earlier_order(earlier: Sequence[str], people: Sequence[str]) -> list[str]:
    """``people`` (each once) in the order the entry had them, new ones after: an edited line
    names an action's owner first (see :func:`~facilitator.markers.marked_line`), which says
    nothing of who was mentioned first (whose outcome an outcome line drafts)."""
    kept = dict.fromkeys(people)
    return [*(person for person in earlier if person in kept), *(person for person in kept if person not in earlier)]


def revised(entry: MemoEntry, parsed: ParsedLine, now: datetime, tagged: Sequence[str] = ()) -> MemoEntry:
    """The entry rewritten from an edited line, or the entry itself when nothing changed; the
    earlier wording is kept as a revision. ``tagged`` are people tagged after the fact, who are not
    named in the words and so not in the line: they stay."""
    changed = dataclasses.replace(
        entry,
        text=parsed.text,
        kind=parsed.kind or MemoKind.NOTE,
        codes=list(parsed.codes),
        people=_in_earlier_order(entry.people, [*parsed.people, *tagged]),
        owner_id=parsed.owner_id,
        due=parsed.due,
    )
    if changed == entry:
        return entry
    return dataclasses.replace(changed, revisions=[*entry.revisions, _revision(entry, now)])


def retagged(entry: MemoEntry, parsed: ParsedLine, now: datetime) -> MemoEntry:
    """The entry with the tags of a markers-only line added: codes and people join, a kind or due
    date replaces the old one. The earlier tags are kept as a revision; tags the entry has already
    change nothing."""
    kind = parsed.kind or entry.kind
    people = list(dict.fromkeys([*entry.people, *parsed.people]))
    owner = entry.owner_id or (entry.people[0] if entry.people and kind is MemoKind.ACTION else "")
    changed = dataclasses.replace(
        entry,
        kind=kind,
        codes=list(dict.fromkeys([*entry.codes, *parsed.codes])),
        people=people,
        owner_id=(parsed.owner_id or owner) if kind is MemoKind.ACTION else "",
        due=(parsed.due or entry.due) if kind is MemoKind.ACTION else None,
    )
    if changed == entry:
        return entry
    return dataclasses.replace(changed, revisions=[*entry.revisions, _revision(entry, now)])


def outcome_entrepreneur(people: Sequence[str], members: Collection[str]) -> str:
    """Whose business an outcome line's outcome is in: the first of the entry's ``people`` who is
    a member (a facilitator or guest mentioned before them is not); empty when none is."""
    return next((person_id for person_id in people if person_id in members), "")


def drafted_outcome(entry: MemoEntry, day: date, members: Collection[str]) -> Outcome:
    """The draft outcome an outcome line (``!outcome``) makes once its ``entry`` is saved: in the
    business of the first member mentioned (:func:`outcome_entrepreneur`), on the meeting's
    ``day``, described by the entry's words, with the other ``members`` mentioned as involved,
    linked to the entry and its meeting; its kind and the rest are completed after the meeting."""
    person_id = outcome_entrepreneur(entry.people, members)
    return Outcome(
        person_id=person_id,
        day=day,
        kind=OutcomeKind.OTHER,
        description=entry.text,
        involved=[other for other in entry.people if other != person_id and other in members],
        entry_ids=[entry.id],
        meeting_ids=[entry.meeting_id],
        draft=True,
    )


def moved_draft(draft: Outcome, entry: MemoEntry, members: Collection[str]) -> Outcome:
    """A draft whose entry was edited: described by the entry's new words and, when its
    entrepreneur is no longer mentioned, in the business of the first member who is (the
    involved members following); the draft itself when nothing changes."""
    person_id = draft.person_id
    if person_id not in entry.people:
        person_id = outcome_entrepreneur(entry.people, members) or person_id
    changed = dataclasses.replace(
        draft,
        person_id=person_id,
        description=entry.text,
        involved=(
            draft.involved
            if person_id == draft.person_id
            else [other for other in entry.people if other != person_id and other in members]
        ),
    )
    return draft if changed == draft else changed


def with_action_status(entry: MemoEntry, status: ActionStatus, meeting_id: str, now: datetime) -> MemoEntry:
    """An action item marked done or dropped (where and when), or opened again."""
    if status is ActionStatus.OPEN:
        return dataclasses.replace(entry, action_status=status, closed_at=None, closed_in="")
    return dataclasses.replace(entry, action_status=status, closed_at=now, closed_in=meeting_id)


def follow_ups(
    actions: Sequence[MemoEntry], people: Sequence[Person], meeting: Meeting, dated: Callable[[date], str] = format_date
) -> list[str]:
    """The open action items raised in earlier meetings, as lines for ``meeting``'s follow-up block;
    ``dated`` writes their due dates (paper spells the month out)."""
    names = {person.id: person.name for person in people}
    lines = []
    for entry in actions:
        if entry.is_open_action and entry.meeting_id != meeting.id and entry.written_at < meeting.starts_at:
            owner = names.get(entry.owner_id, "")
            due = _(" (due {day})").format(day=dated(entry.due)) if entry.due else ""
            named = not owner or owner in entry.text
            lines.append(f"{entry.text}{due}" if named else f"{owner}: {entry.text}{due}")
    return lines
