"""Finding English on a screen that should speak Finnish or Swedish.

A word is suspect when it is in an English message of the language's catalogue, or in a key
description of Textual's widgets ("Cursor up"), but in none of the catalogue's translations (so "PDF",
"MicroENTRE" or "idea", written the same in both, are not). The workspace's
own data may be English (the demo's is), so a suspect word is excused where it is the user's data:
when it stands beside its neighbour in some stored text ("round of" of "Welcome and round of news",
also cut short: "and season" of "and seasonal workers", or where a dialog's edge hides the start of
the first: "│ing course" of "a training course"), or alone in a cell or line as a stored
text's first word (a name, or a title cut short with "…"), or first on a line where it goes on
from the last word of the line above, starting in the same column, when that line is one cell (a
stored text wrapped, as the search shows a memo entry), or alone in a sliver of a table between two
dialogs' edges, where both its neighbours are hidden, when some stored text holds it.
"""

from __future__ import annotations

import hashlib
import inspect
import io
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import textual.widgets
from babel.messages.pofile import read_po
from rich.console import Console
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widgets import Footer

from facilitator.i18n import catalogue_source

WORD = re.compile(r"[^\W\d_]+")
#: Replacement fields and Rich markup, which a message has but a screen never shows.
NOT_SHOWN = re.compile(r"\{[^{}]*\}|%\(\w+\)[sdr]|\[/?[a-z@][^\[\]]*\]")
#: A folder or file path (the workspace's, a bundle's), with the test's name in it, is not a label.
PATH = re.compile(r"\S*/\S*")
#: Where one cell, column or widget ends and the next begins: wide gaps, lines and blocks, a cut.
CELL_BREAK = re.compile(r"\s{2,}|[\u2500-\u259f…|]")
#: The right edges of the boxes Textual draws (solid, round, heavy, thick and tall borders, and their
#: corners): a table under a dialog shows again right after one, maybe from the middle of a word.
DIALOG_EDGE = frozenset("│┐┘╮╯┃┓┛█▎")
#: The left edges of the boxes Textual draws (a dialog's, a panel's): a sliver of the table under two
#: dialogs starts right after one.
SLIVER_EDGES = frozenset("▊▌│┃")
#: The shortest end of a word, right at a dialog's edge, that may excuse the word after it: shorter
#: ones ("s", "e") end too many stored words to tell a stored text from a label.
SHORTEST_END = 3
#: Stored values that are names of states or kinds ("held", "present", "member"): the screens must
#: translate those, so they never excuse a word.
IDENTIFIER = re.compile(r"[a-z_]+")
SHORTEST = 4
#: Words the detector cannot tell apart from English although they are right on a translated screen:
#: "home" is the name of a key, shown as it is printed on Finnish and Swedish keyboards too.
ALLOWED = frozenset({"home"})


def words(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(NOT_SHOWN.sub(" ", text))]


def suspect_words(code: str) -> frozenset[str]:
    """The words of the English messages of ``code``'s catalogue that none of its translations uses."""
    with catalogue_source(code).open("rb") as handle:
        catalogue = read_po(handle, locale=code)
    english: set[str] = set()
    translated: set[str] = set()
    for message in catalogue:
        if not message.id:
            continue
        for text in (message.id,) if isinstance(message.id, str) else message.id:
            english.update(word for word in words(text) if len(word) >= SHORTEST)
        for text in (message.string,) if isinstance(message.string, str) else message.string:
            translated.update(words(text or ""))
    for description in textual_key_descriptions():
        english.update(word for word in words(description) if len(word) >= SHORTEST)
    return frozenset(english - translated - ALLOWED)


def textual_key_descriptions() -> set[str]:
    """What Textual's own widgets call their keys, in English: the help and the palette list them."""
    classes = [getattr(textual.widgets, name) for name in textual.widgets.__all__]
    classes += [App, Screen, ScrollableContainer, CommandPalette]
    return {
        binding.description
        for widget in classes
        for kind in inspect.getmro(widget)
        for binding in getattr(kind, "BINDINGS", [])
        if isinstance(binding, Binding) and binding.description
    }


@dataclass
class Data:
    """What a workspace stores, as the detector needs it: which word follows which in its texts,
    and the words a text begins with."""

    followers: dict[str, set[str]] = field(default_factory=dict)
    starts: set[str] = field(default_factory=set)

    def add(self, text: str) -> None:
        if IDENTIFIER.fullmatch(text):
            return
        found = words(text)
        for first, second in itertools.pairwise(found):
            self.followers.setdefault(first, set()).add(second)
        self.starts.update(found[:1])

    def follows(self, first: str | None, second: str | None, *, cut: bool = False) -> bool:
        """Whether ``second`` follows ``first`` in a stored text (or begins the word that does, where
        a narrow column ``cut`` it short without "…")."""
        after = self.followers.get(first or "", set())
        return second in after or (cut and second is not None and any(word.startswith(second) for word in after))

    def holds(self, word: str) -> bool:
        """Whether some stored text holds ``word``."""
        return word in self.starts or word in self.followers or any(word in after for after in self.followers.values())

    def follows_the_end(self, fragment: str, second: str) -> bool:
        """Whether ``second`` follows a stored word that ends in ``fragment``: the first word of a cell,
        whose start a dialog drawn over the table hides ("│ing course" of "a training course"), long
        enough to tell which word it ends."""
        return len(fragment) >= SHORTEST_END and any(
            first.endswith(fragment) and second in after for first, after in self.followers.items()
        )

    @classmethod
    def of_folders(cls, *folders: Path) -> Data:
        """The texts of every JSON file in ``folders``, and the folders' own names (a path on screen)."""
        data = cls()
        for folder in folders:
            data.starts.update(words(str(folder)))
            for path in sorted(folder.rglob("*.json")):
                data._merge(cls._of_file(path.read_bytes()))
        return data

    @classmethod
    def _of_file(cls, content: bytes) -> Data:
        """The texts of one JSON file, read once for each content: a tour reads the workspace again on
        every screen it looks at, where most files have not changed since the screen before."""
        key = hashlib.blake2b(content).digest()
        if (data := _FILES_READ.get(key)) is None:
            data = _FILES_READ[key] = cls()
            data._walk(json.loads(content))
        return data

    def _merge(self, other: Data) -> None:
        for first, after in other.followers.items():
            self.followers.setdefault(first, set()).update(after)
        self.starts.update(other.starts)

    def _walk(self, value: object) -> None:
        if isinstance(value, str):
            self.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                self._walk(item)
        elif isinstance(value, list):
            for item in value:
                self._walk(item)


#: What :meth:`Data._of_file` read, by the file's content (its digest).
_FILES_READ: dict[bytes, Data] = {}


def english_on(text: str, suspects: frozenset[str], data: Data) -> list[tuple[str, str]]:
    """The suspect words of ``text`` that are not the workspace's data: ``(word, line)`` pairs."""
    found: list[tuple[str, str]] = []
    # The last word of the line above when that line was one cell: a text wrapped goes on below it,
    # from the same column (a label in the next pane of a screen in two panes does not).
    line_end: str | None = None
    line_start: int | None = None
    for line in text.splitlines():
        shown = PATH.sub(" ", line)
        first_letter = WORD.search(shown)
        column = first_letter.start() if first_letter else None
        first_cell, last_word, cell_count = True, None, 0
        for edge, cell, edge_after in cells(shown):
            cell_words = words(cell)
            if not cell_words:
                continue
            wrapped_from = line_end if first_cell and column == line_start else None
            first_cell, last_word, cell_count = False, cell_words[-1], cell_count + 1
            # the cell's first word touches a dialog's edge: it may be the end of a word the dialog hides
            hidden_start = edge in DIALOG_EDGE and cell[:1].isalpha()
            for index, word in enumerate(cell_words):
                if word not in suspects:
                    continue
                before = cell_words[index - 1] if index else None
                after = cell_words[index + 1] if index + 1 < len(cell_words) else None
                last = len(cell_words) - 1  # the last word of a cell may be cut short
                if data.follows(before, word, cut=index == last) or data.follows(word, after, cut=index + 1 == last):
                    continue
                if index == 1 and hidden_start and before is not None and data.follows_the_end(before, word):
                    continue
                if len(cell_words) == 1 and word in data.starts:
                    continue
                if len(cell_words) == 1 and edge in SLIVER_EDGES and edge_after in DIALOG_EDGE and data.holds(word):
                    continue
                if index == 0 and data.follows(wrapped_from, word):
                    continue
                found.append((word, " ".join(line.split())))
        line_end, line_start = (last_word, column) if cell_count == 1 else (None, None)
    return found


def cells(line: str) -> Iterator[tuple[str, str, str]]:
    """The cells of ``line``, each with the character that ends the one before it ("" for the first)
    and the one that ends it ("" for the last)."""
    start, edge = 0, ""
    for gap in CELL_BREAK.finditer(line):
        yield edge, line[start : gap.start()], gap.group()[0]
        start, edge = gap.end(), gap.group()[-1]
    yield edge, line[start:], ""


def screen_text(app: App) -> str:
    """Every character of the terminal: the top screen, and of a dialog's screen what shows around it."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        record=True,
        force_terminal=True,
        color_system=None,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def report(findings: dict[str, list[tuple[str, str]]]) -> str:
    """The findings of every screen, one line each: screen, word, the line it is on."""
    return "\n".join(
        f"{screen}: {word!r} in {line!r}" for screen, found in findings.items() for word, line in dict.fromkeys(found)
    )


def footer_cut(app: App, text: str) -> list[tuple[str, str]]:
    """The keys of the footer that do not show whole in ``text``: ``(label, footer line)`` pairs.

    Every key the screen shows in its footer (help and the palette's ctrl+p included) must fit; keys
    grouped under one label ("u l Move") show that label.
    """
    footers = list(app.screen.query(Footer))
    if not footers:
        return []
    line = text.splitlines()[footers[0].region.y]
    labels = [
        active.binding.group.description if active.binding.group else active.binding.description
        for active in app.screen.active_bindings.values()
        if active.binding.show and active.binding.description
    ]
    palette = app.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
    if palette is not None and footers[0].show_command_palette:
        labels.append(palette.binding.description)
    return [(label, " ".join(line.split())) for label in dict.fromkeys(labels) if label not in line]
