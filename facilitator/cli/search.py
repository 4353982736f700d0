"""``facilitator search WORDS... [--group GROUP]``: every memo entry of the workspace (or of one
group) in which each word begins a word, newest first (see :mod:`facilitator.search` for the rules).

It exits with 0 when it searched, whether or not anything was found (a script tells the two apart by
the last line), 1 when the workspace or a group could not be read, 2 for words it cannot search."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.options import ParserT, SetAside, require_workspace
from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.text import printable

if TYPE_CHECKING:
    from facilitator.search import Found, SearchResult

#: Around a matched word when the output is a terminal (bold yellow), and when it is a file or pipe.
TERMINAL_MARKS = ("\033[1;33m", "\033[0m")
PLAIN_MARKS = ("«", "»")


def add_search_command(commands: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    search = commands.add_parser(
        "search",
        parents=[workspace_option],
        help=_("find memo entries by their words"),
        description=_(
            "Print every memo entry in which each of the WORDS begins a word, case and accents ignored "
            "(“vien” finds “vienti” and “vientiä”), the newest first: the meeting's date, the group, the kind "
            "and the codes, then the text with the words found marked. It only reads: it runs while the app "
            "is open. A meeting file that cannot be read is left out and named. It exits with 0 when nothing "
            "is found too."
        ),
    )
    search.add_argument(
        "words", nargs="+", action=_Words, metavar="WORD", help=_("a word, or the start of one, to look for")
    )
    search.add_argument("--group", metavar="GROUP", help=_("only this group (default: every group of the workspace)"))


class _Words(argparse.Action):
    """The words to look for: refused by the search command's own parser (its usage and name in
    the message) when none is a word of letters or digits."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[object] | None,
        option_string: str | None = None,
    ) -> None:
        from facilitator.search import query_words

        words = [str(value) for value in values or ()]
        if not query_words(" ".join(words)):
            parser.error(_("give at least one word of letters or digits to look for"))
        setattr(namespace, self.dest, words)


def run_search(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Print what the words find; the words were checked as they were parsed (:class:`_Words`)."""
    from facilitator.cli import PROGRAM
    from facilitator.lookup import NoSuchGroup, find_group
    from facilitator.search import MemoSearch
    from storage.errors import DamagedFile, left_out
    from storage.memo_search import read_searchable_entries
    from storage.reading import read_workspace
    from storage.repository import Repository

    query = " ".join(arguments.words)
    require_workspace(folder, failure)

    def search(repository: Repository) -> tuple[MemoSearch, SearchResult, list[DamagedFile]]:
        groups = repository.groups()
        if not groups:
            raise failure(_("The workspace has no groups yet."))
        try:
            chosen = [find_group(groups, arguments.group)] if arguments.group else groups
        except NoSuchGroup as error:
            raise failure(str(error)) from None
        damaged: list[DamagedFile] = []
        index = MemoSearch(read_searchable_entries(repository, chosen, damaged))
        set_aside.note(repository, {group.id for group in chosen})
        return index, index.search(query), damaged

    set_aside = SetAside()

    # It only reads: it runs while the app (or a command that writes) holds the workspace.
    index, result, damaged = read_workspace(folder, search)
    if damaged:
        print(f"{PROGRAM}: {left_out(damaged)}", file=sys.stderr)
    set_aside.tell()
    marks = TERMINAL_MARKS if sys.stdout.isatty() and not os.environ.get("NO_COLOR") else PLAIN_MARKS
    for found in result.found:
        print(heading(found))
        print("  " + marked(*index.shown(found, result.words), marks))
    if result.total:
        print(
            ngettext("{count} memo entry found.", "{count} memo entries found.", result.total).format(
                count=format_count(result.total)
            )
        )
    else:
        print(_("No memo entry found for “{query}”.").format(query=printable(query)))
    return 0


def heading(found: Found) -> str:
    """``2026-11-27  Inari peer group  decision  PS RI (re-coded)``"""
    entry = found.entry
    codes = " ".join(entry.codes) or "–"
    if entry.recoded:
        codes = _("{codes} (re-coded)").format(codes=codes)
    return printable("  ".join((entry.day.isoformat(), entry.group_name, entry.kind.label, codes)))


def marked(text: str, spans: Sequence[tuple[int, int]], marks: tuple[str, str]) -> str:
    """``text`` with each span between the two ``marks``; the text on one line, without the
    characters that would control the terminal (a memo may come from a bundle made elsewhere)."""
    parts: list[str] = []
    at = 0
    for start, end in spans:
        parts += [printable(text[at:start]), marks[0], printable(text[start:end]), marks[1]]
        at = end
    parts.append(printable(text[at:]))
    return "".join(parts)
