"""What several subcommands share: a period of meeting days as options, and its check, the groups a
command is about, telling which earlier files an export replaced, and refusing a folder that is no
workspace (a mistyped path must not make a new one)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Set as AbstractSet
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from facilitator.i18n import _
from facilitator.model.problems import parse_date

if TYPE_CHECKING:
    from facilitator.model import Group
    from facilitator.placing import Unplaceable
    from storage.repository import Repository

#: The command line's parser class (``facilitator.cli._Parser``), which the modules of subcommands
#: are given to add theirs with, and whose instances they receive.
ParserT = TypeVar("ParserT", bound=argparse.ArgumentParser)


def meeting_day(text: str) -> date:
    """The argparse type of ``--from`` and ``--until``: 2026-11-27 or 27.11.2026."""
    try:
        day = parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if day is None:
        raise argparse.ArgumentTypeError(_("write a date, such as 2026-11-27 or 27.11.2026"))
    return day


def add_period(command: argparse.ArgumentParser, first_help: str, last_help: str) -> None:
    """``--from`` and ``--until``, the first and the last meeting day of a period (checked by
    :func:`check_period`), with their help texts."""
    command.add_argument("--from", dest="first", type=meeting_day, metavar="DATE", help=first_help)
    command.add_argument("--until", dest="last", type=meeting_day, metavar="DATE", help=last_help)


def check_period(first: date | None, last: date | None, usage_error: Callable[[str], object]) -> None:
    if first is not None and last is not None and first > last:
        usage_error(_("--from is after --until: no meeting can be on both sides"))


def chosen_groups(repository: Repository, named: str | None, failure: type[Exception]) -> list[Group]:
    """The group ``--group`` names, else every group of the workspace; refused with ``failure`` when
    no group has that name or the workspace has no groups yet."""
    from facilitator.lookup import NoSuchGroup, find_group

    try:
        groups = [find_group(repository.groups(), named)] if named else repository.groups()
    except NoSuchGroup as error:
        raise failure(str(error)) from None
    if not groups:
        raise failure(_("The workspace has no groups yet."))
    return groups


def add_output_folder(command: argparse.ArgumentParser) -> None:
    """``--to``, the folder a command writes its files into instead of the exports folder."""
    command.add_argument(
        "--to",
        type=Path,
        metavar="DIR",
        help=_(
            "the folder to write into (default: MicroENTRE in Documents, or the folder chosen in the app's settings)"
        ),
    )


def tell_replaced(replaced: list[Path]) -> None:
    """Say on stderr which earlier files the export wrote over (see
    :func:`exports.files.replaced_files`); stdout keeps only what was written, for scripts."""
    from exports.files import replaced_notice

    for path in replaced:
        print(replaced_notice(path), file=sys.stderr)


class SetAside:
    """The records an output left out because their times cannot be placed (see
    :mod:`facilitator.placing`): noted at the end of the read, told on stderr after it, as the
    damaged meeting files are. When an import replaces the files during the read, the read starts
    again and notes them again: the last note, of what was read last, is the one told."""

    def __init__(self) -> None:
        self.records: list[Unplaceable] = []

    def note(self, repository: Repository, group_ids: AbstractSet[str] | None = None) -> None:
        self.records = repository.records_set_aside(group_ids)

    def tell(self) -> None:
        from facilitator.cli import PROGRAM
        from facilitator.placing import set_aside_notice

        if self.records:
            print(f"{PROGRAM}: {set_aside_notice(self.records)}", file=sys.stderr)


def require_workspace(folder: Path, failure: type[Exception]) -> None:
    if not (folder / "workspace.json").exists():
        raise failure(
            _(
                "There is no workspace in {folder}: create one with “facilitator init” "
                "(the coordinator's with “facilitator init --coordinator”)."
            ).format(folder=folder)
        )


def confirmed(question: str) -> bool:
    """Whether the user answers yes to ``question`` on the terminal (in any of the app's languages);
    no answer (the input closed) is a no."""
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().casefold() in ("y", "yes", _("y"), _("yes"))
