"""Inline markers in a memo line: ``!d`` for the kind (see ``memo_kinds``), ``#PS`` for an
activity code, ``@Anna`` for a person, ``due:15.12.`` for an action's due date and ``!outcome`` for
an outcome in the business of the first person mentioned (drafted when the line is saved).

A kind is named by its word in English, Finnish or Swedish whatever the app's language, as one
workspace holds lines typed in any of them; activity codes are the same in every language.

A facilitator writes during the meeting and cannot stop to fill in a form, so everything an entry
carries can be typed in the one line. ``parse_line`` reads such a line, ``marked_line`` writes an
entry back as one (for editing). Which person an ``@`` names is decided in
:mod:`facilitator.mentions`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from facilitator.i18n import _, language
from facilitator.memo_kinds import KIND_ORDER, OUTCOME, kind_of, kind_word, shortest_marker
from facilitator.mentions import LETTER, MENTION_START, Mentionable, mention_position, resolve_mention
from facilitator.model.memo import MemoKind, activity_codes, is_activity_code
from facilitator.model.ranges import day_range_message, in_range
from facilitator.model.sizes import text_problem


@dataclass(frozen=True)
class ParsedLine:
    """What one memo line says once its markers are read.

    ``kind`` is None when the line names no kind: the caller keeps its default or current kind.
    ``owner_id`` is the first person mentioned, for an action only. ``outcome`` says the line
    drafts an outcome (``!outcome``) in the business of the first member mentioned, whatever its
    kind (see :func:`facilitator.live.outcome_entrepreneur`). When ``problems`` is not empty the
    caller refuses the line and leaves it in the input to be corrected.
    """

    text: str
    kind: MemoKind | None
    codes: tuple[str, ...]
    people: tuple[str, ...]
    owner_id: str
    due: date | None
    problems: tuple[str, ...]
    outcome: bool = False


_TOKEN = re.compile(r"\S+")
#: Punctuation that may follow a kind or code marker and goes with it.
_TRAILING = ",.;:)!?"
#: Punctuation that may follow a due date (a date's own final dot is part of it).
_AFTER_DATE = ",;:)!?"
_KIND_TOKEN = re.compile(rf"!({LETTER}+)[{re.escape(_TRAILING)}]*")
_CODE_TOKEN = re.compile(rf"#({LETTER}{{2}})[{re.escape(_TRAILING)}]*")
_DUE_TOKEN = re.compile(r"due:(\S*)", re.IGNORECASE)
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
        (
            shortest_marker(kind_word(OUTCOME, language())),
            _("an outcome in the business of the first person mentioned, drafted to complete after the meeting"),
        ),
        ("#PS", _("an activity code: {codes}").format(codes=", ".join(activity_codes()))),
        ("@Na", _("a person on the roster: the start of any of their names, or the full name")),
        ("due:15.12.", _("when an action is due; also due:15.12.2026 or due:2026-12-15")),
    ]


def no_entrepreneur_problem() -> str:
    """Why an outcome line is refused when it mentions no member (the roster's roles are the
    screen's to check: here, no one at all)."""
    return _("An outcome names its entrepreneur: mention them with @name.")


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
    outcome: bool = False
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
        elif opening := MENTION_START.match(word):
            return self._read_mention(word, token.start(), token.start() + opening.end() - 1)
        else:
            self.pieces.append(word)
        return token.end()

    def _read_kind(self, typed: str) -> None:
        """An entry has one kind: the first one named, a second one a problem unless it is the same.
        The outcome marker is no kind: it goes with any, once or more."""
        found, problem = kind_of(typed)
        if problem:
            self.problems.append(problem)
        elif found is OUTCOME:
            self.outcome = True
        elif self.kind is not None and found is not self.kind:
            self.problems.append(
                _("“{first}” and “{second}” are two kinds: keep one.").format(first=self.kind_typed, second=typed)
            )
        elif self.kind is None and isinstance(found, MemoKind):
            self.kind, self.kind_typed = found, typed

    def _read_code(self, typed: str) -> None:
        """An activity code, each one once; anything else after # is a problem."""
        code = typed.upper()
        if not is_activity_code(code):
            self.problems.append(
                _("“{typed}” is not an activity code: use one of {codes}.").format(
                    typed="#" + typed, codes=", ".join(activity_codes())
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
            if _written_due_date(typed[len("due:") :], self.today) is not None:  # a date, but out of range
                self.problems.append(day_range_message())
            else:
                self.problems.append(
                    _("“{typed}” is not a date: write due:15.12., due:15.12.2026 or due:2026-12-15.").format(
                        typed=typed
                    )
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
        resolved = resolve_mention(self.line, at, self.people)
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
        if self.outcome and not self.mentioned and not tags_only:  # tagging: the entry's people may do
            self.problems.append(no_entrepreneur_problem())
        if not text and not tags_only:
            self.problems.append(_("Write what was said as well as the markers."))
        if too_long := text_problem("text", text):
            self.problems.append(too_long)
        # "!o @Anna" names Anna's outcome, not an action's owner: the kind must be typed for that,
        # on a fresh line (whose default kind may be action) and on a re-tagged action alike.
        owns = effective is MemoKind.ACTION and not (self.outcome and self.kind is None)
        owner = self.mentioned[0] if self.mentioned and owns else ""
        return ParsedLine(
            text,
            self.kind,
            tuple(self.codes),
            tuple(self.mentioned),
            owner,
            self.due,
            tuple(self.problems),
            self.outcome,
        )


def _word_end(line: str, index: int) -> int:
    """Where the word holding ``line[index]`` ends: at the next space, as the line's spaces are collapsed."""
    space = line.find(" ", index)
    return len(line) if space < 0 else space


def _due_date(text: str, today: date) -> date | None:
    """The date of ``15.12.`` (the next one from ``today``), ``15.12.2026`` or ``2026-12-15``; None
    if no date, or one outside the years a record may hold (:mod:`facilitator.model.ranges`)."""
    day = _written_due_date(text, today)
    return day if day is not None and in_range(day) else None


def _written_due_date(text: str, today: date) -> date | None:
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
        position = None if appended else mention_position(text, person, cursor, people)
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
