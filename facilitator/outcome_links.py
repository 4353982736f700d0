"""Which memo entries and meetings an outcome may be traced to: those of its entrepreneur.

An entrepreneur's entries are the entries that mention them or that they own, and every entry of
the meetings they hosted (their own premises, their theme); their meetings are those they were
present at or hosted. Both come newest first, for the outcome form to browse, and the entries can
be narrowed by words typed, as the search finds them (any case, with or without accents, each word
the start of a word of the entry). Given the group's meetings and the records read from their files.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from facilitator.history import MeetingRecords
from facilitator.model import Meeting, MemoEntry, Outcome, Person, Presence, Role
from facilitator.search import WORD, query_words, word_forms


@dataclass(frozen=True)
class LinkableEntry:
    """One memo entry an outcome may be traced to, with its meeting and its words as searched."""

    entry: MemoEntry
    meeting: Meeting
    #: The folded forms of the entry's words (see :func:`facilitator.search.word_forms`).
    words: frozenset[str]

    @property
    def id(self) -> str:
        return self.entry.id


def entrepreneur_entries(
    person_id: str, meetings: Iterable[Meeting], records: Mapping[str, MeetingRecords]
) -> list[LinkableEntry]:
    """The entries of ``meetings`` (their records by meeting id) that mention ``person_id`` or
    that they own, and every entry of the meetings they hosted; removed entries left out; newest first."""
    found = []
    for meeting in meetings:
        hosted = meeting.host_id == person_id
        for entry in records.get(meeting.id, MeetingRecords()).memo:
            if entry.deleted:
                continue
            if hosted or entry.owner_id == person_id or person_id in entry.people:
                forms = frozenset(form for word in WORD.findall(entry.text) for form in word_forms(word))
                found.append(LinkableEntry(entry, meeting, forms))
    return sorted(found, key=lambda linkable: (linkable.entry.written_at, linkable.entry.id), reverse=True)


def entrepreneur_meetings(
    person_id: str, meetings: Iterable[Meeting], records: Mapping[str, MeetingRecords]
) -> list[Meeting]:
    """The meetings ``person_id`` was present at or hosted, newest first."""
    found = [
        meeting
        for meeting in meetings
        if meeting.host_id == person_id
        or any(
            attendance.person_id == person_id and attendance.status is Presence.PRESENT
            for attendance in records.get(meeting.id, MeetingRecords()).attendance
        )
    ]
    return sorted(found, key=lambda meeting: (meeting.starts_at, meeting.id), reverse=True)


def matching_entries(entries: Sequence[LinkableEntry], query: str) -> list[LinkableEntry]:
    """The ``entries`` in which each word of ``query`` begins a word (all of them for no words),
    in the order given."""
    words = query_words(query)
    if not words:
        return list(entries)
    return [
        linkable for linkable in entries if all(any(form.startswith(word) for form in linkable.words) for word in words)
    ]


def entry_meetings(entries: Iterable[LinkableEntry]) -> dict[str, str]:
    """The meeting of each of ``entries``, by entry id: what :meth:`Outcome.meetings_behind` needs
    to trace an outcome to the meetings of the entries chosen."""
    return {linkable.id: linkable.meeting.id for linkable in entries}


def one_line(text: str, limit: int) -> str:
    """``text`` on one line of at most ``limit`` characters, cut with an ellipsis, for lists that
    show each entry or draft on a line of its own."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def choosable_meetings(
    person_id: str, meetings: Iterable[Meeting], records: Mapping[str, MeetingRecords], entries: Iterable[LinkableEntry]
) -> list[Meeting]:
    """The meetings an outcome of ``person_id`` may be traced to, newest first: those they were
    present at or hosted, and those where an entry of theirs (``entries``) was written although
    they were absent."""
    attended = entrepreneur_meetings(person_id, meetings, records)
    listed = {meeting.id: meeting for meeting in [*attended, *(linkable.meeting for linkable in entries)]}
    return sorted(listed.values(), key=lambda meeting: (meeting.starts_at, meeting.id), reverse=True)


def kept_meeting_ids(meeting_ids: Iterable[str], listed: Iterable[Meeting]) -> list[str]:
    """The meetings an outcome is traced to that the form does not list (no longer the
    entrepreneur's, or their file unreadable): kept as they are, since the form cannot untick them."""
    shown = {meeting.id for meeting in listed}
    return [meeting_id for meeting_id in meeting_ids if meeting_id not in shown]


def member_ids(people: Iterable[Person]) -> set[str]:
    """The ids of the members among ``people``: whose business an outcome may be in."""
    return {person.id for person in people if person.role is Role.MEMBER}


def outcomes_by_entry(outcomes: Iterable[Outcome], meeting_id: str) -> dict[str, Outcome]:
    """The outcome each entry of the meeting ``meeting_id`` is linked to (a draft or a completed
    one), by entry id."""
    return {
        entry_id: outcome for outcome in outcomes if meeting_id in outcome.meeting_ids for entry_id in outcome.entry_ids
    }


def undrafted_entries(
    entries: Iterable[MemoEntry], members: Collection[str], outcomes: Iterable[Outcome]
) -> list[MemoEntry]:
    """The entries an outcome may still be drafted from: not removed, mentioning a member, and
    linked to none of ``outcomes``; in the order given."""
    linked = {entry_id for outcome in outcomes for entry_id in outcome.entry_ids}
    return [
        entry
        for entry in entries
        if not entry.deleted and entry.id not in linked and any(person in members for person in entry.people)
    ]
