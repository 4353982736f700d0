"""Search across the memo entries of a group or of the whole network: "what did a group once say
about exporting to Sweden?" answered without opening meeting after meeting.

The rules, the same on the screens and on the command line:

- A *word* is a run of letters, digits and ``_`` (Python's ``\\w``) together with the combining
  accents that follow them, so "Järvi" typed with a separate accent is still one word; anything
  else (spaces, punctuation, apostrophes, dashes) separates words: "vienti-asiat" is two words,
  and numbers such as "2026" are words too.
- Case and accents are ignored (:func:`facilitator.text.fold`, which also reads the Sami ŋ, đ and
  ŧ as n, d and t): "jarvi" finds "Järvi" and "cuon" finds "Čuoŋ".
- Every word of the query must begin some word of the entry: "vien" finds "vienti" and "vientiä",
  but not "Kvienti"; "vien ruotsi" finds only entries that have both.
- A query without any word finds nothing (not everything).
- Removed entries are never found; an entry's codes are the researcher's where it was re-coded.
- Results come newest first: by the meeting's start, and within a meeting the last written first.

The index is built once, in memory only (it holds personal data: an erasure must leave no copy
behind on disk), and answers each later query from a sorted vocabulary of folded words: the words
a query word begins lie side by side in it, found by bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from facilitator.history import MeetingRecords
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting, MemoEntry, MemoKind, effective_codes
from facilitator.model.group import DEFAULT_TIME_ZONE
from facilitator.text import fold

#: A word: letters, digits or ``_``, each with the combining accents after it (see the module).
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD = re.compile(rf"\w[\w{_COMBINING}]*")
#: Above every character: a prefix's words end before ``prefix + _PAST``.
_PAST = "\U0010ffff"


@dataclass(frozen=True)
class SearchableEntry:
    """One memo entry as the search shows it: where it was written, and the codes the analysis reads."""

    group_id: str
    group_name: str
    #: The group's time zone, in which the entry's time is read.
    time_zone: str
    meeting_id: str
    meeting_start: datetime
    #: The meeting's day in the group's time zone.
    day: date
    #: The entry's place in its meeting's memo, in the order it was written (0 first).
    position: int
    entry: MemoEntry
    codes: tuple[str, ...]
    recoded: bool

    @property
    def text(self) -> str:
        return self.entry.text

    @property
    def kind(self) -> MemoKind:
        return self.entry.kind


@dataclass(frozen=True)
class Found:
    """A found entry and where, in its text as written, the words the query matched lie."""

    entry: SearchableEntry
    #: ``(start, end)`` of each matched word in ``entry.text``, in order.
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SearchResult:
    """The first ``limit`` found entries, newest first, and how many were found in all."""

    query_words: tuple[str, ...]
    found: list[Found]
    total: int


def searchable_entries(
    group: Group, meetings: Iterable[Meeting], records: Mapping[str, MeetingRecords]
) -> Iterator[SearchableEntry]:
    """The entries ``records`` holds of ``group``'s ``meetings`` (removed entries left out)."""
    zone = group.time_zone or DEFAULT_TIME_ZONE
    for meeting in meetings:
        found = records.get(meeting.id)
        if found is None or not found.memo:
            continue
        recoded = {coding.entry_id: coding for coding in found.codings if not coding.deleted}
        day = local_day(meeting.starts_at, zone)
        for position, entry in enumerate(found.memo):
            if entry.deleted:
                continue
            coding = recoded.get(entry.id)
            yield SearchableEntry(
                group_id=group.id,
                group_name=group.name,
                time_zone=zone,
                meeting_id=meeting.id,
                meeting_start=meeting.starts_at,
                day=day,
                position=position,
                entry=entry,
                codes=tuple(effective_codes(entry.codes, coding)),
                recoded=coding is not None,
            )


def query_words(query: str) -> tuple[str, ...]:
    """The query's words, folded, each once, in the order typed."""
    return tuple(dict.fromkeys(match.group() for match in WORD.finditer(fold(query))))


class _Folder:
    """Folds each distinct word once: a network's twenty years repeat the same words again and again."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        folded = self._known.get(word)
        if folded is None:
            folded = word.lower() if word.isascii() else fold(word)
            self._known[word] = folded
        return folded


def word_spans(text: str, fold_word: _Folder | None = None) -> list[tuple[int, int, str]]:
    """Each word of ``text``: where it lies in ``text`` as written, and folded. Folding may change
    a word's length ("ß" becomes "ss"), so each word is folded apart from the others and keeps the
    place it has in the text as written."""
    folder = fold_word or _Folder()
    return [(match.start(), match.end(), folder(match.group())) for match in WORD.finditer(text)]


class MemoSearch:
    """An index over memo entries, newest first, answering a query in milliseconds."""

    def __init__(self, entries: Iterable[SearchableEntry]) -> None:
        self.entries: list[SearchableEntry] = sorted(
            entries, key=lambda found: (found.meeting_start, found.meeting_id, found.position), reverse=True
        )
        folder = _Folder()
        postings: dict[str, list[int]] = {}
        for number, entry in enumerate(self.entries):
            for word in {match.group() for match in WORD.finditer(entry.text)}:
                postings.setdefault(folder(word), []).append(number)
        self._vocabulary = sorted(postings)
        # Each folded word's entries, by number: several spellings of one folded word ("Järvi",
        # "jarvi") each added the entry once, so an entry may be listed twice; sets settle it.
        self._postings = [postings[word] for word in self._vocabulary]
        self._folder = folder

    def __len__(self) -> int:
        return len(self.entries)

    def matching(self, words: Sequence[str]) -> list[int]:
        """The numbers (newest first) of the entries in which every one of ``words`` begins a word."""
        if not words:
            return []
        found: set[int] | None = None
        for word in sorted(words, key=len, reverse=True):  # the longest word likely finds the fewest
            first = bisect_left(self._vocabulary, word)
            last = bisect_left(self._vocabulary, word + _PAST, first)
            having: set[int] = set()
            for postings in self._postings[first:last]:
                having.update(postings)
            found = having if found is None else found & having
            if not found:
                return []
        return sorted(found or ())

    def search(self, query: str, limit: int | None = None) -> SearchResult:
        """The entries ``query`` finds (see the module), newest first: the first ``limit`` of them
        (None: all) with the matched words' places, and how many there are."""
        words = query_words(query)
        numbers = self.matching(words)
        shown = numbers if limit is None else numbers[:limit]
        found = [Found(self.entries[number], self.spans(self.entries[number].text, words)) for number in shown]
        return SearchResult(words, found, len(numbers))

    def spans(self, text: str, words: Sequence[str]) -> tuple[tuple[int, int], ...]:
        """Where in ``text`` lie its words that one of the query's ``words`` begins."""
        return tuple(
            (start, end)
            for start, end, folded in word_spans(text, self._folder)
            if any(folded.startswith(word) for word in words)
        )

    def meeting_entries(self, meeting_id: str) -> list[SearchableEntry]:
        """Every entry of the meeting, in the order written: what opening a found entry shows."""
        return sorted(
            (entry for entry in self.entries if entry.meeting_id == meeting_id), key=lambda entry: entry.position
        )
