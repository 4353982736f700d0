"""Inline markers in a memo line: ``!d`` for the kind (see ``memo_kinds``), ``#PS`` for an
activity code, ``@Anna`` for a person and ``due:15.12.`` for an action's due date.

A kind is named by its word in English, Finnish or Swedish whatever the app's language, as one
workspace holds lines typed in any of them; activity codes are the same in every language.

A facilitator writes during the meeting and cannot stop to fill in a form, so everything an entry
carries can be typed in the one line. ``parse_line`` reads such a line, ``marked_line`` writes an
entry back as one (for editing), and ``complete_mention`` offers the rest of a name being typed.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from facilitator.activities import activities
from facilitator.i18n import _, language
from facilitator.memo_kinds import KIND_ORDER, kind_of, kind_word, or_list, shortest_marker
from facilitator.model.memo import MemoKind
from facilitator.text import fold


@dataclass(frozen=True)
class Mentionable:
    """A person who can be mentioned with ``@``: their id and full name as on the roster."""

    id: str
    name: str


@dataclass(frozen=True)
class ParsedLine:
    """What one memo line says once its markers are read.

    ``kind`` is None when the line names no kind: the caller keeps its default or current kind.
    ``owner_id`` is the first person mentioned, for an action only. When ``problems`` is not empty
    the caller refuses the line and leaves it in the input to be corrected.
    """

    text: str
    kind: MemoKind | None
    codes: tuple[str, ...]
    people: tuple[str, ...]
    owner_id: str
    due: date | None
    problems: tuple[str, ...]


_LETTER = r"[^\W\d_]"
_TOKEN = re.compile(r"\S+")
#: Punctuation that may follow a kind or code marker and goes with it.
_TRAILING = ",.;:)!?"
#: Punctuation that may follow a due date (a date's own final dot is part of it).
_AFTER_DATE = ",;:)!?"
_KIND_TOKEN = re.compile(rf"!({_LETTER}+)[{re.escape(_TRAILING)}]*")
_CODE_TOKEN = re.compile(rf"#({_LETTER}{{2}})[{re.escape(_TRAILING)}]*")
_DUE_TOKEN = re.compile(r"due:(\S*)", re.IGNORECASE)
#: Brackets and quotes that may stand before a mention, as in "(@Anna)".
_OPENING = "([{“‘\"'«"
_MENTION_START = re.compile(rf"[{re.escape(_OPENING)}]*@(?={_LETTER})")
#: A name typed after @: letters, with hyphens and apostrophes inside ("Anna-Liisa", "O'Brien").
_MENTION_WORD = re.compile(rf"{_LETTER}+(?:[-'’]{_LETTER}+)*")
_DAY_MONTH = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.?")
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})\.?")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\.?")


def marker_help() -> list[tuple[str, str]]:
    """The markers with what each does, for the help screen and the README."""
    marker = {kind: shortest_marker(kind_word(kind, language())) for kind in KIND_ORDER}
    return [
        (marker[MemoKind.DECISION], _("decision")),
        (marker[MemoKind.ACTION], _("action: the first person mentioned owns it")),
        (marker[MemoKind.NEED], _("need")),
        (marker[MemoKind.IDEA], _("idea")),
        (marker[MemoKind.NOTE], _("note, the kind a line has when it names none")),
        ("#PS", _("an activity code: {codes}").format(codes=", ".join(_codes()))),
        ("@Na", _("a person on the roster: the start of any of their names, or the full name")),
        ("due:15.12.", _("when an action is due; also due:15.12.2026 or due:2026-12-15")),
    ]


# -- reading a line ------------------------------------------------------------------------------


def parse_line(
    line: str,
    people: Sequence[Mentionable],
    today: date,
    *,
    tags_only: bool = False,
    default_kind: MemoKind = MemoKind.NOTE,
) -> ParsedLine:
    """Read the markers of ``line`` and what is left as the entry's text, collecting every problem.

    ``today`` places a due date written without a year. ``tags_only`` allows a line of markers
    alone, to tag an existing entry. ``default_kind`` is the kind the entry takes when the line
    names none: it decides whether a due date is allowed and whether the first person owns it.
    The line is read in Unicode NFC with its spaces collapsed, so "@Anna  Berg" is Anna Berg.
    """
    reading = _LineReading(" ".join(unicodedata.normalize("NFC", line).split()), people, today)
    position = 0
    while token := _TOKEN.search(reading.line, position):
        position = reading.read_word(token)
    return reading.parsed(default_kind, tags_only=tags_only)


@dataclass
class _LineReading:
    """What the words of one line have said so far, as :func:`parse_line` reads them in order:
    the text kept, the markers found and the problems met."""

    #: The line, in NFC with its spaces collapsed (single spaces between words).
    line: str
    people: Sequence[Mentionable]
    today: date
    pieces: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    kind: MemoKind | None = None
    kind_typed: str = ""
    codes: list[str] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)
    due: date | None = None
    due_typed: str = ""
    #: The date after a "due:" that stands alone, for the problem that says to write it without the space.
    spaced_date: str = ""

    def read_word(self, token: re.Match[str]) -> int:
        """Read one word of the line as the marker it is, or as text; where the next word may begin
        (after a mention, past the rest of the person's name)."""
        word = token.group()
        if match := _KIND_TOKEN.fullmatch(word):
            self._read_kind("!" + match.group(1))
        elif match := _CODE_TOKEN.fullmatch(word):
            self._read_code(match.group(1))
        elif match := _DUE_TOKEN.match(word):
            self._read_due(word, match.group(1), token.end())
        elif opening := _MENTION_START.match(word):
            return self._read_mention(word, token.start(), token.start() + opening.end() - 1)
        else:
            self.pieces.append(word)
        return token.end()

    def _read_kind(self, typed: str) -> None:
        """An entry has one kind: the first one named, a second one a problem unless it is the same."""
        found, problem = kind_of(typed)
        if problem:
            self.problems.append(problem)
        elif self.kind is not None and found is not self.kind:
            self.problems.append(
                _("“{first}” and “{second}” are two kinds: keep one.").format(first=self.kind_typed, second=typed)
            )
        elif self.kind is None:
            self.kind, self.kind_typed = found, typed

    def _read_code(self, typed: str) -> None:
        """An activity code, each one once; anything else after # is a problem."""
        code = typed.upper()
        if code not in _codes():
            self.problems.append(
                _("“{typed}” is not an activity code: use one of {codes}.").format(
                    typed="#" + typed, codes=", ".join(_codes())
                )
            )
        elif code not in self.codes:
            self.codes.append(code)

    def _read_due(self, word: str, day_typed: str, end: int) -> None:
        """A due date, the same one however often it is written; "due:" alone is ordinary text,
        remembered when a date follows it after a space."""
        typed = word.rstrip(_AFTER_DATE)
        if not day_typed:
            self.pieces.append(word)  # "due:" on its own is ordinary text ("the rent was due: ...")
            following = _TOKEN.search(self.line, end)
            if following and _due_date(following.group().rstrip(_AFTER_DATE), self.today):
                self.spaced_date = self.spaced_date or following.group().rstrip(_AFTER_DATE)
        elif (day := _due_date(typed[len("due:") :], self.today)) is None:
            self.problems.append(
                _("“{typed}” is not a date: write due:15.12., due:15.12.2026 or due:2026-12-15.").format(typed=typed)
            )
        elif self.due is not None and day != self.due:
            self.problems.append(
                _("“{first}” and “{second}” are two due dates: keep one.").format(first=self.due_typed, second=typed)
            )
        else:
            self.due, self.due_typed = day, typed

    def _read_mention(self, word: str, start: int, at: int) -> int:
        """A person named after the ``@`` at ``at``, written in the text by their full name; where
        the word that holds the end of the name ends. An ``@`` that names no one is text, with the
        problem when it is not ordinary text."""
        resolved = _resolve_mention(self.line, at, self.people)
        if resolved is None:
            self.pieces.append(word)  # "@" and letters that do not end as a name does, like "@home2"
        elif isinstance(resolved, str):
            self.problems.append(resolved)
            self.pieces.append(word)
        else:
            person, end = resolved
            after = _word_end(self.line, end)
            self.pieces.append(self.line[start:at] + person.name + self.line[end:after])
            if person.id not in self.mentioned:
                self.mentioned.append(person.id)
            return after
        return start + len(word)

    def parsed(self, default_kind: MemoKind, *, tags_only: bool) -> ParsedLine:
        """The line read, with the problems only the whole line shows: a due date on what is not an
        action, a due date written after a space, and markers without any text."""
        text = " ".join(" ".join(self.pieces).split())
        effective = self.kind or default_kind
        if self.due is not None and effective is not MemoKind.ACTION:
            self.problems.append(_("A due date belongs to an action: add !a or remove due:."))
        if self.spaced_date and self.due is None and effective is MemoKind.ACTION:
            self.problems.append(
                _("Write the due date right after “due:”, with no space: due:{date}").format(date=self.spaced_date)
            )
        if not text and not tags_only:
            self.problems.append(_("Write what was said as well as the markers."))
        owner = self.mentioned[0] if self.mentioned and effective is MemoKind.ACTION else ""
        return ParsedLine(
            text, self.kind, tuple(self.codes), tuple(self.mentioned), owner, self.due, tuple(self.problems)
        )


def _word_end(line: str, index: int) -> int:
    """Where the word holding ``line[index]`` ends: at the next space, as the line's spaces are collapsed."""
    space = line.find(" ", index)
    return len(line) if space < 0 else space


@lru_cache(maxsize=1)
def _codes() -> tuple[str, ...]:
    return tuple(entry.code for entry in activities())


def _due_date(text: str, today: date) -> date | None:
    """The date of ``15.12.`` (the next one from ``today``), ``15.12.2026`` or ``2026-12-15``; None if no date."""
    try:
        if match := _DAY_MONTH_YEAR.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _ISO_DATE.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    if match := _DAY_MONTH.fullmatch(text):
        day, month = (int(part) for part in match.groups())
        for year in range(today.year, today.year + 9):  # 29.2. may be up to eight years away
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if candidate >= today:
                return candidate
    return None


# -- mentions ------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    """``fold`` of a roster name, remembered: names are folded on every keystroke."""
    return fold(text)


@lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The folded whole words of ``name``, and every word and hyphen part that a typed word may begin."""
    words = [_folded(word) for word in name.split()]
    parts = [part for word in words for part in word.split("-") if part]
    return frozenset(words), tuple(dict.fromkeys([*words, *parts]))


def _ends_name(text: str, index: int) -> bool:
    """Whether a name may end before ``text[index]``: "@Anna," ends there, "@Annabel" and "@Anna-" do not."""
    if index >= len(text):
        return True
    character = text[index]
    return not (character.isalnum() or character in "_-" or unicodedata.combining(character))


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each number of characters of ``text``, the length of their fold."""
    folded: list[str] = []
    offsets = [0]
    for character in text:
        piece = fold(character)
        folded.append(piece)
        offsets.append(offsets[-1] + len(piece))
    return "".join(folded), offsets


def _full_name_matches(line: str, at: int, people: Sequence[Mentionable]) -> list[tuple[Mentionable, int]]:
    """People whose full name follows the ``@`` at ``at`` and ends there as a word, longest first,
    with where the name ends in ``line``."""
    longest = max((len(person.name) for person in people), default=0)
    rest = line[at + 1 : at + 1 + 2 * longest + 4]
    folded, offsets = _fold_with_offsets(rest)
    found: list[tuple[Mentionable, int]] = []
    for person in people:
        target = _folded(person.name)
        if not target or not folded.startswith(target):
            continue
        count = bisect_right(offsets, len(target)) - 1  # the most characters folding to the name
        if offsets[count] == len(target) and _ends_name(line, at + 1 + count):
            found.append((person, at + 1 + count))
    found.sort(key=lambda match: len(_folded(match[0].name)), reverse=True)
    if found:
        longest_fold = len(_folded(found[0][0].name))
        found = [match for match in found if len(_folded(match[0].name)) == longest_fold]
    return found


def _people_for_word(word: str, people: Sequence[Mentionable]) -> list[Mentionable]:
    """People a typed word names: those with a name that is exactly the word, else those with a
    name or hyphen part that the word begins (so "@Anna" is Anna Berg even beside Anna-Liisa)."""
    wanted = _folded(word)
    exact = [person for person in people if wanted in _name_words(person.name)[0]]
    if exact:
        return exact
    return [
        person
        for person in people
        if _folded(person.name).startswith(wanted)
        or any(part.startswith(wanted) for part in _name_words(person.name)[1])
    ]


def _resolve_mention(line: str, at: int, people: Sequence[Mentionable]) -> tuple[Mentionable, int] | str | None:
    """The person the ``@`` at ``at`` names and where the name ends; a problem; or None when what
    follows the ``@`` does not end as a name does and is ordinary text."""
    matches = _full_name_matches(line, at, people)
    if len(matches) == 1:
        return matches[0]
    if matches:
        return _ambiguous_mention(line[at : matches[0][1]], [person for person, _end in matches])
    match = _MENTION_WORD.match(line, at + 1)
    if match is None:
        return None
    word = match.group()
    # "@Anna's van": the whole word first, then without the possessive.
    cuts = [len(word)] + ([len(word) - 2] if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS" else [])
    for cut in cuts:
        end = at + 1 + cut
        if not _ends_name(line, end):
            continue
        found = _people_for_word(word[:cut], people)
        if len(found) == 1:
            return found[0], end
        if found:
            return _ambiguous_mention("@" + word[:cut], found)
    if not _ends_name(line, match.end()):
        return None
    return _("No one on the roster is called “{typed}”.").format(typed="@" + word)


def _ambiguous_mention(typed: str, found: Sequence[Mentionable]) -> str:
    return _("“{typed}” could be {names}: write more of the name.").format(
        typed=typed, names=or_list([person.name for person in found])
    )


def _mention_may_start(text: str, index: int) -> bool:
    """Whether an ``@`` put at ``index`` would begin a word, perhaps after brackets or quotes."""
    while index > 0 and text[index - 1] in _OPENING:
        index -= 1
    return index == 0 or text[index - 1].isspace()


# -- writing an entry back as a line -------------------------------------------------------------


def marked_line(
    text: str,
    kind: MemoKind,
    codes: Sequence[str],
    people_ids: Sequence[str],
    owner_id: str,
    due: date | None,
    people: Sequence[Mentionable],
) -> str:
    """An entry written as the line that ``parse_line`` reads back into it, for editing.

    The kind comes first unless it is a note (``parse_line`` then gives None, which callers take as
    a note). Each person gets an ``@`` before their name in the text, in order, an action's owner
    first; people whose name is not found there (after the one before) are added as ``@Full Name``
    at the end, and then the parsed text gains their names. People no longer on the roster are left
    out. Codes and the due date follow.
    """
    roster = {person.id: person for person in people}
    order = list(dict.fromkeys(people_ids))
    if kind is MemoKind.ACTION and owner_id:
        order = [owner_id, *(person_id for person_id in order if person_id != owner_id)]
    at_positions: list[int] = []
    appended: list[str] = []
    cursor = 0
    for person_id in order:
        person = roster.get(person_id)
        if person is None:
            continue
        position = None if appended else _find_name(text, person, cursor, people)
        if position is None:
            appended.append("@" + person.name)
        else:
            at_positions.append(position)
            cursor = position + len(person.name)
    body = text
    for position in reversed(at_positions):
        body = body[:position] + "@" + body[position:]
    parts = [] if kind is MemoKind.NOTE else ["!" + kind_word(kind, language())]
    parts += [body, *appended, *("#" + code for code in codes)]
    if due is not None:
        parts.append(f"due:{due.day}.{due.month}.{due.year}")
    return " ".join(part for part in parts if part)


def _find_name(text: str, person: Mentionable, start: int, people: Sequence[Mentionable]) -> int | None:
    """Where in ``text``, from ``start``, an ``@`` would make the roster name of ``person`` a mention of them."""
    position = text.find(person.name, start)
    while position >= 0:
        if _mention_may_start(text, position):
            marked = text[:position] + "@" + text[position:]
            if _full_name_matches(marked, position, people) == [(person, position + 1 + len(person.name))]:
                return position
        position = text.find(person.name, position + 1)
    return None


# -- completing a name ---------------------------------------------------------------------------


def complete_mention(line: str, people: Sequence[Mentionable]) -> str | None:
    """``line`` with the rest of the name being typed after its last ``@``, or None.

    For an input's inline suggestion, which must begin with the value exactly as typed: so the
    typed letters keep their case and only a full name they begin (accents aside) is completed.
    When several names share more than was typed, their common part is offered.
    """
    at = line.rfind("@")
    if at < 0 or not _mention_may_start(line, at):
        return None
    typed = line[at + 1 :]
    if not typed or not re.match(_LETTER, typed):
        return None
    wanted = fold(typed)
    rests = [
        person.name[len(typed) :]
        for person in people
        if len(person.name) > len(typed) and _folded(person.name[: len(typed)]) == wanted
    ]
    if not rests:
        return None
    common = rests[0]
    for rest in rests[1:]:
        length = 0
        while length < min(len(common), len(rest)) and common[length] == rest[length]:
            length += 1
        common = common[:length]
    return line + common if common else None
