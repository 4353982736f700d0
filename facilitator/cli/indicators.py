"""``facilitator report indicators``: the funder's indicators of a group or of the whole network,
as a PDF and a CSV (see :mod:`facilitator.indicators` for the rules and
:mod:`exports.indicators_files` for the files)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.options import (
    ParserT,
    add_output_folder,
    add_period,
    check_period,
    require_workspace,
    tell_replaced,
)
from facilitator.dates import format_count
from facilitator.i18n import _

if TYPE_CHECKING:
    from storage.repository import Repository


def add_indicators_report(kinds: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    command = kinds.add_parser(
        "indicators",
        parents=[workspace_option],
        help=_("the funder's indicators (RCO01, RCO04, RCR01, RCR03) as a PDF and a CSV"),
        description=_(
            "Write the figures a funder asks for over a period of meeting days, each under its common indicator "
            "code and unit, with the records behind each figure: enterprises supported and their sizes (RCO01), "
            "enterprises given non-financial support (RCO04), jobs created in them (RCR01), SMEs introducing a "
            "product or process innovation (RCR03), meetings held and attendance. On a coordinator's workspace "
            "without --group it covers the whole network. The period defaults to the previous calendar year."
        ),
    )
    command.add_argument("--group", metavar="NAME", help=_("the group (needed when the workspace has several)"))
    add_period(
        command,
        _("the period's first day (default: 1 January of last year, or of the --until day's year)"),
        _("the period's last day (default: 31 December of last year, or of the --from day's year; --to is the folder)"),
    )
    command.add_argument(
        "--lock",
        action="store_true",
        help=_("lock the period as reported: a later change shows as a correction in the next report"),
    )
    add_output_folder(command)


def run_indicators_report(
    folder: Path, arguments: argparse.Namespace, failure: type[Exception], usage_error: Callable[[str], object]
) -> int:
    """Write the two files, print where they went, and say if they replaced earlier ones."""
    from exports.errors import ExportFailed
    from exports.files import replaced_files
    from exports.indicators_files import (
        IndicatorsWritten,
        indicators_period,
        indicators_today,
        write_indicators_files,
    )
    from facilitator.cli import PROGRAM
    from storage.indicator_locks import LockRefused
    from storage.reading import read_workspace
    from storage.workspace import Workspace

    check_period(arguments.first, arguments.last, usage_error)
    require_workspace(folder, failure)

    def write(repository: Repository) -> IndicatorsWritten:
        group_ids = _chosen_group_ids(repository, arguments.group, failure)
        # One end given: the other is in the same calendar year (check_period refused the two mixed).
        first, last = indicators_period(arguments.first, arguments.last, indicators_today(repository, group_ids))
        try:
            return write_indicators_files(repository, group_ids, first, last, arguments.to, lock=arguments.lock)
        except (LockRefused, ExportFailed) as error:
            raise failure(str(error)) from None

    with replaced_files() as replaced:
        if arguments.lock:  # the lock is written into the workspace: it is opened for writing
            from storage.repository import Repository

            with Workspace.open(folder, purpose="report indicators") as workspace:
                written = write(Repository(workspace))
        else:  # it only reads: it runs while the app holds the workspace
            written = read_workspace(folder, write)
    for path in written.paths:
        print(path)
    if locked := written.locked_notice():  # on the output, with the paths; what was left out on the errors
        print(locked)
    for notice in written.report.notices:
        print(f"{PROGRAM}: {notice}", file=sys.stderr)
    tell_replaced(replaced)
    return 0


def _chosen_group_ids(repository: Repository, named: str | None, failure: type[Exception]) -> list[str] | None:
    """The group ``--group`` names; without it the whole network on a coordinator's workspace (None),
    the only group on a facilitator's, and a refusal on a facilitator's with several."""
    from facilitator.cli.options import chosen_groups
    from storage.workspace_info import WorkspaceRole

    if named:
        return [group.id for group in chosen_groups(repository, named, failure)]
    if repository.workspace.info.role is WorkspaceRole.COORDINATOR:
        return None
    groups = chosen_groups(repository, None, failure)
    active = [group for group in groups if not group.archived] or groups  # archived groups are not asked for
    if len(active) > 1:
        raise failure(
            _("This workspace has {count} groups: name one with --group ({names}).").format(
                count=format_count(len(active)), names=", ".join(group.name for group in active)
            )
        )
    return [active[0].id]
