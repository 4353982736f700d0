"""``facilitator report network``: the coordinator's network report as an A4 PDF (see
:mod:`exports.report.figures` for what it says and :mod:`exports.report.pdf` for its pages)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from facilitator.cli.indicators import add_indicators_report, run_indicators_report
from facilitator.cli.options import (
    ParserT,
    SetAside,
    add_output_folder,
    add_period,
    check_period,
    require_workspace,
    tell_replaced,
)
from facilitator.cli.timeline import add_timeline_report, run_timeline_report
from facilitator.i18n import _


def add_report_commands(
    commands: argparse._SubParsersAction[ParserT], workspace_option: ParserT, parser_class: type[ParserT]
) -> None:
    report = commands.add_parser("report", parents=[workspace_option], help=_("write a report to read or print"))
    kinds = report.add_subparsers(dest="report", metavar="WHAT", required=True, parser_class=parser_class)
    what = _("the network report as a PDF: every group's figures, charts and the activity codes with examples")
    network = kinds.add_parser(
        "network",
        parents=[workspace_option],
        help=what,
        description=_(
            "Write the network report as an A4 PDF: per group the members, meetings held, attendance, feedback, "
            "hosting spread, open action items and the last bundle received (a warning for a group with no bundle "
            "for 60 days); charts of attendance over time and of the activity codes; and the researchers' table of "
            "the eleven activity codes with representative entries. The period is by meeting day and defaults to "
            "the last 12 months up to today. On a facilitator's workspace it covers its own groups."
        ),
    )
    add_period(
        network,
        _("the period's first meeting day (2026-11-27 or 27.11.2026)"),
        _("the period's last meeting day (default: today; --to is the folder)"),
    )
    network.add_argument(
        "--all", dest="all_years", action="store_true", help=_("every year, from the first meeting held to today")
    )
    add_output_folder(network)
    add_timeline_report(kinds, workspace_option)
    add_indicators_report(kinds, workspace_option)


def run_report(
    folder: Path, arguments: argparse.Namespace, failure: type[Exception], usage_error: Callable[[str], object]
) -> int:
    """Write the report, print where it went, and say if it replaced an earlier one."""
    if arguments.report == "timeline":
        return run_timeline_report(folder, arguments, failure)
    if arguments.report == "indicators":
        return run_indicators_report(folder, arguments, failure, usage_error)
    from exports.files import replaced_files
    from exports.report.files import write_network_report
    from storage.reading import read_workspace
    from storage.repository import Repository

    if arguments.all_years and (arguments.first or arguments.last):
        usage_error(_("--all is every year: leave out --from and --until"))
    check_period(arguments.first, arguments.last, usage_error)
    require_workspace(folder, failure)
    set_aside = SetAside()

    def write(repository: Repository) -> Path:
        path = write_network_report(
            repository, arguments.first, arguments.last, arguments.to, all_years=arguments.all_years
        )
        set_aside.note(repository)
        return path

    # It only reads: it runs while the app (or a command that writes) holds the workspace.
    with replaced_files() as replaced:
        path = read_workspace(folder, write)
    print(path)
    set_aside.tell()
    tell_replaced(replaced)
    return 0
