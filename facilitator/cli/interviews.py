"""``facilitator interviews due [--group G]``: the members whose growth interview is due or overdue."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.options import ParserT, chosen_groups, require_workspace
from facilitator.i18n import _

if TYPE_CHECKING:
    from facilitator.model import Group
    from storage.repository import Repository


def add_interview_commands(
    commands: argparse._SubParsersAction[ParserT], workspace_option: ParserT, parser_class: type[ParserT]
) -> None:
    interviews = commands.add_parser(
        "interviews", parents=[workspace_option], help=_("list the growth interviews that are due")
    )
    actions = interviews.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    due = actions.add_parser(
        "due",
        parents=[workspace_option],
        help=_("print the members whose growth interview is due or overdue"),
        description=_(
            "Print the members whose growth interview is due or overdue today, the most overdue first: "
            "the group, the member, the firm, the due date, how many months after joining, and how many "
            "days are left or have passed. Interviews fall due after the months of the workspace's "
            "setting (3 and 12 unless changed) from the member's joined date, then yearly. It only reads: "
            "it runs while the app is open."
        ),
    )
    due.add_argument("--group", metavar="GROUP", help=_("only this group (default: every group of the workspace)"))


def run_interviews(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    from storage.reading import read_workspace

    require_workspace(folder, failure)

    def read(repository: Repository) -> tuple[list[list[str]], int]:
        from storage.interviews_due import never_due_in_groups

        groups = chosen_groups(repository, arguments.group, failure)
        return due_rows(repository, groups), never_due_in_groups(repository, groups)

    rows, undated = read_workspace(folder, read)
    if not rows:
        print(_("No interviews are due."))
    else:
        header = [_("Group"), _("Member"), _("Company"), _("Due"), _("After"), _("Status")]
        for line in aligned([header, *rows]):
            print(line)
    if undated:
        from facilitator.interviews_due import never_due_text

        print(never_due_text(undated))
    return 0


def due_rows(repository: Repository, groups: Sequence[Group]) -> list[list[str]]:
    """One row per due interview of the groups, the most overdue first."""
    from facilitator.interviews_due import due_cells
    from facilitator.text import printable
    from storage.interviews_due import due_in_groups

    return [
        [printable(cell) for cell in (group.name, *due_cells(due, repository.today(group.time_zone)))]
        for group, due in due_in_groups(repository, groups)
    ]


def aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """The rows as lines, each column as wide as its widest cell (by the terminal's cells)."""
    from rich.cells import cell_len

    widths = [max(cell_len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(cell + " " * (width - cell_len(cell)) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
