"""Search across the memo entries of a group or of the whole network: "what did a group once say
about exporting to Sweden?" answered without opening meeting after meeting.

The rules, the same on the screens and on the command line:

- A *word* is a run of letters, digits and ``_`` (Python's ``\\w``) together with the combining
  accents that follow them, so "Järvi" typed with a separate accent is still one word; anything
  else (spaces, punctuation, dashes) separates words: "vienti-asiat" is two words, and numbers such
  as "2026" are words too.
- An apostrophe or a colon between two letters joins them: "USA:n", "vaa'an" and "O'Brien" are
  one word each, read without the mark ("usan", "vaaan", "obrien") and each part after the mark is
  a word of its own too, so "usan", "usa", "obrien" and "brien" all find them.
- Case and accents are ignored (:func:`facilitator.text.fold`, which also reads the Sami ŋ, đ and
  ŧ as n, d and t), and ø, æ, œ and ł read as o, ae, oe and l: "jarvi" finds "Järvi", "cuon" finds
  "Čuoŋ" and "soren" finds "Søren".
- Every word of the query must begin some word of the entry: "vien" finds "vienti" and "vientiä",
  but not "Kvienti"; "vien ruotsi" finds only entries that have both.
- A query without any word finds nothing (not everything).
- Removed entries are never found; an entry's codes are the researcher's where it was re-coded.
- Only held meetings are searched, as the history and the analysis show them.
- Results come newest first: by the meeting's start, and within a meeting the last written first.
- A pseudonym is found as stored ("Member-3F9A2C") and as shown in the user's language
  ("Jäsen-3F9A2C", :func:`facilitator.pseudonyms.shown_pseudonyms`).

The index is built once, in memory only (it holds personal data: an erasure must leave no copy
behind on disk), and answers each later query from a sorted vocabulary of folded words: the words
a query word begins lie side by side in it, found by bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import attrgetter

from facilitator.history import MeetingRecords
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting, MemoKind, effective_codes
from facilitator.model.group import DEFAULT_TIME_ZONE
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.text import fold

_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
#: Marks that join two letters into one word ("USA:n", "vaa'an", "O’Brien").
_JOINING = "'\u2019:"
#: A word (see the module): letters, digits or ``_``, each with the combining accents after it, and
#: parts joined by an apostrophe or a colon between two letters.
WORD = re.compile(
    rf"\w[\w{_COMBINING}]*(?:(?:(?<=[^\W\d_])|(?<=[{_COMBINING}]))[{_JOINING}](?=[^\W\d_])\w[\w{_COMBINING}]*)*"
)
_JOINED_PARTS = re.compile(rf"[{_JOINING}]")
#: Letters that :func:`fold` leaves as they are, read as a reader of Nordic names expects.
_NORDIC_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l"})
#: Above every character: a prefix's words end before ``prefix + _PAST``.
_PAST = "\U0010ffff"


@dataclass(slots=True)
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
    entry_id: str
    text: str
    kind: MemoKind
    written_at: datetime
    codes: tuple[str, ...]
    recoded: bool


#: What the search needs of a memo entry not removed: its id, when it was written, text, kind and the
#: codes the analysis reads (the researcher's where it was re-coded).
MemoFields = tuple[str, datetime, str, MemoKind, Sequence[str]]


@dataclass(frozen=True)
class Found:
    """A found entry and where, in its text as written, the words the query matched lie."""

    entry: SearchableEntry
    #: ``(start, end)`` of each matched word in ``entry.text``, in order.
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SearchResult:
    """The first ``limit`` found entries, newest first, how many were found in all, and the query's
    words they were found by."""

    found: list[Found]
    total: int
    #: The query's words, folded (:func:`query_words`): none, and nothing was searched for.
    words: tuple[str, ...]


def searchable_meeting_entries(
    group: Group, meeting: Meeting, memo: Iterable[MemoFields], recoded: Container[str]
) -> Iterator[SearchableEntry]:
    """The entries of one meeting, ``memo`` in the order written; ``recoded`` holds the ids of those
    a researcher re-coded."""
    zone = group.time_zone or DEFAULT_TIME_ZONE
    day = local_day(meeting.starts_at, zone)
    for position, (entry_id, written_at, text, kind, codes) in enumerate(memo):
        yield SearchableEntry(
            group.id,
            group.name,
            zone,
            meeting.id,
            meeting.starts_at,
            day,
            position,
            entry_id,
            text,
            kind,
            written_at,
            tuple(codes),
            entry_id in recoded,
        )


def searchable_entries(
    group: Group, meetings: Iterable[Meeting], records: Mapping[str, MeetingRecords]
) -> Iterator[SearchableEntry]:
    """The entries ``records`` holds of ``group``'s ``meetings`` (removed entries left out): what the
    analysis, which has read them already, searches."""
    for meeting in meetings:
        found = records.get(meeting.id)
        if found is None or not found.memo:
            continue
        recoded = {coding.entry_id: coding for coding in found.codings if not coding.deleted}
        memo = [
            (entry.id, entry.written_at, entry.text, entry.kind, effective_codes(entry.codes, recoded.get(entry.id)))
            for entry in found.memo
            if not entry.deleted
        ]
        yield from searchable_meeting_entries(group, meeting, memo, recoded.keys())


def word_forms(word: str) -> tuple[str, ...]:
    """The folded forms under which a word (as :data:`WORD` finds it) is found: the word itself
    and, for a word joined by an apostrophe or a colon, each part after the first."""
    if not _JOINED_PARTS.search(word):
        return (_fold_word(word),)
    parts = _JOINED_PARTS.split(word)
    return (_fold_word("".join(parts)), *(_fold_word(part) for part in parts[1:]))


def _fold_word(word: str) -> str:
    return word.lower() if word.isascii() else fold(word).translate(_NORDIC_LETTERS)


def query_words(query: str) -> tuple[str, ...]:
    """The query's words, folded, each once, in the order typed ("O'Brien" is "obrien")."""
    return tuple(dict.fromkeys(word_forms(word)[0] for word in WORD.findall(query)))


class MemoSearch:
    """An index over memo entries, newest first, answering a query in milliseconds."""

    def __init__(self, entries: Iterable[SearchableEntry]) -> None:
        self.entries: list[SearchableEntry] = sorted(
            entries, key=attrgetter("meeting_start", "meeting_id", "position"), reverse=True
        )
        # Each word as written, then each of its forms: a network's twenty years repeat the same
        # words again and again, and each is folded once. The loop over every word of every entry
        # does as little as it can.
        written: dict[str, list[int]] = {}
        findall = WORD.findall
        for number, entry in enumerate(self.entries):
            words = set(findall(entry.text))
            shown = shown_pseudonyms(entry.text)
            if shown != entry.text:
                words.update(findall(shown))
            for word in words:
                having = written.get(word)
                if having is None:
                    written[word] = [number]
                else:
                    having.append(number)
        postings: dict[str, list[int]] = {}
        self._forms: dict[str, tuple[str, ...]] = {}
        for word, having in written.items():
            forms = self._forms[word] = word_forms(word)
            for form in forms:
                postings.setdefault(form, []).extend(having)
        self._vocabulary = sorted(postings)
        # Each folded word's entries, by number: several spellings of one folded word ("Järvi",
        # "jarvi") each added the entry once, so an entry may be listed twice; sets settle it.
        self._postings = [postings[word] for word in self._vocabulary]

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
        return SearchResult(found, len(numbers), words)

    def shown(self, found: Found, words: Sequence[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
        """The found entry's text as a person reads it (pseudonyms in their language: see
        :mod:`facilitator.pseudonyms`) and where the query's ``words`` lie in that text."""
        text = shown_pseudonyms(found.entry.text)
        return text, found.spans if text == found.entry.text else self.spans(text, words)

    def spans(self, text: str, words: Sequence[str]) -> tuple[tuple[int, int], ...]:
        """Where in ``text`` lie its words (as written) that one of the query's ``words`` begins.
        Folding may change a word's length ("ß" becomes "ss"), so each word is folded apart from
        the others and keeps its place in the text as written."""
        spans = []
        for match in WORD.finditer(text):
            forms = self._forms.get(match.group()) or word_forms(match.group())
            if any(form.startswith(word) for form in forms for word in words):
                spans.append(match.span())
        return tuple(spans)

    def meeting_entries(self, meeting_id: str) -> list[SearchableEntry]:
        """Every entry of the meeting, in the order written: what opening a found entry shows."""
        return sorted(
            (entry for entry in self.entries if entry.meeting_id == meeting_id), key=lambda entry: entry.position
        )
