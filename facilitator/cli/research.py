"""``facilitator export research``: the coded memo entries for the research team (CSV or JSON
lines, with the growth interviews and outcomes in files beside them; with ``--excel`` the three
tables as the sheets of one Excel workbook in the user's language; or a REFI-QDA project with the
held meetings as coded sources), or the eleven activity codes as a REFI-QDA codebook (see
:mod:`exports.research`, :mod:`exports.research_workbook` and :mod:`exports.qdpx`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from facilitator.cli.options import (
    ParserT,
    SetAside,
    add_output_folder,
    add_period,
    check_period,
    require_workspace,
    tell_replaced,
)
from facilitator.i18n import _

FORMATS = ("csv", "jsonl", "qdc", "qdpx")


def add_research_export(kinds: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    what = _("the coded memo entries for the research team (CSV, JSON lines, a QDA project) or the codebook (.qdc)")
    research = kinds.add_parser(
        "research",
        parents=[workspace_option],
        help=what,
        description=_(
            "Write the memo entries that carry at least one of the eleven activity codes, one row per entry "
            "(group, meeting date, agenda item, kind, codes, text, people, entry and meeting ids), as CSV or JSON "
            "lines for analysis programs; or the eleven codes as a REFI-QDA codebook (.qdc) for qualitative "
            "analysis software; or a REFI-QDA project (.qdpx) that ATLAS.ti, MAXQDA, NVivo or QualCoder opens: every "
            "held meeting as a text source with its memo entries, each coded entry coded there with its codes, and "
            "the group, its region and municipality, the meeting place's municipality, date, year and host's business "
            "field to filter the sources by. People without consent to research use appear only under a pseudonym."
        )
        + " "
        + _(
            "Beside the CSV or JSON lines of the entries, two files of the same format hold the growth interviews "
            "and the completed outcomes dated in the period, one row per record, each entrepreneur, member involved "
            "and interviewer named as the entries' people column names them (by a pseudonym without consent to "
            "research use), without the free texts of a person without consent to research use."
        )
        + " "
        + _(
            "With --excel, one Excel workbook (.xlsx) holds the same three tables instead, a sheet each, with "
            "the same columns and rows, in the language of the command: translated headers, kinds and "
            "intentions, days as dates and figures as numbers, for Excel in any language to open directly."
        ),
    )
    research.add_argument(
        "--format",
        dest="file_format",
        choices=FORMATS,
        help=_("csv (the default), jsonl, qdc for the codebook, or qdpx for a QDA project"),
    )
    research.add_argument(
        "--excel",
        action="store_true",
        help=_("one Excel workbook (.xlsx) in your language instead of the CSV files (a sheet per table)"),
    )
    research.add_argument("--group", metavar="GROUP", help=_("only this group (default: every group of the workspace)"))
    add_period(
        research,
        _("only meetings on or after this day (2026-11-27 or 27.11.2026)"),
        _("only meetings on or before this day (--to is the folder)"),
    )
    add_output_folder(research)


def run_export_research(
    folder: Path, arguments: argparse.Namespace, failure: type[Exception], usage_error: Callable[[str], object]
) -> int:
    from exports.files import replaced_files
    from exports.research import ResearchExport, write_research_export
    from facilitator.lookup import NoSuchGroup, find_group
    from storage.reading import read_workspace
    from storage.repository import Repository

    if arguments.excel and arguments.file_format is not None:
        usage_error(_("--excel writes an Excel workbook: leave out --format"))
    file_format = "xlsx" if arguments.excel else arguments.file_format or "csv"
    qdc = file_format == "qdc"
    if qdc and (arguments.group or arguments.first is not None or arguments.last is not None):
        usage_error(
            _("the codebook (--format qdc) is the same for every group and day: leave out --group, --from and --until")
        )
    check_period(arguments.first, arguments.last, usage_error)
    require_workspace(folder, failure)

    def export(repository: Repository) -> ResearchExport:
        try:
            group = find_group(repository.groups(), arguments.group) if arguments.group else None
        except NoSuchGroup as error:
            raise failure(str(error)) from None
        if not qdc and group is None and not repository.groups():
            raise failure(_("The workspace has no groups yet."))
        made = write_research_export(repository, file_format, group, arguments.first, arguments.last, arguments.to)
        if not qdc:  # the codebook holds no records: none of them is left out of it
            set_aside.note(repository, None if group is None else {group.id})
        return made

    set_aside = SetAside()

    # It only reads: it runs while the app (or a command that writes) holds the workspace.
    with replaced_files() as replaced:
        made = read_workspace(folder, export)
    for path in made.paths:
        print(path)
    for line in made.details():
        print(line)
    set_aside.tell()
    tell_replaced(replaced)
    return 0
