"""``facilitator roster import FILE --group GROUP`` (a group's people from an Excel or CSV file,
after a preview and a confirmation) and ``facilitator roster export GROUP`` (the roster with its
consents, as CSV or .xlsx)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.options import ParserT, add_output_folder, confirmed, require_workspace, tell_replaced
from facilitator.dates import format_count
from facilitator.i18n import _, ngettext

if TYPE_CHECKING:
    from facilitator.model import Meeting
    from facilitator.roster_import import ImportPlan
    from storage.repository import Repository

FORMATS = ("csv", "xlsx")


def add_roster_commands(
    commands: argparse._SubParsersAction[ParserT], workspace_option: ParserT, parser_class: type[ParserT]
) -> None:
    roster = commands.add_parser(
        "roster", parents=[workspace_option], help=_("import a group's roster from Excel or CSV, or export it")
    )
    actions = roster.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    imported = actions.add_parser(
        "import",
        parents=[workspace_option],
        help=_("add or update a group's people from an Excel workbook (.xlsx) or a CSV file"),
        description=_(
            "Read a roster from an Excel workbook (.xlsx) or a CSV file whose first row holds the headers "
            "(Name or First name and Last name, Company, E-mail, Phone, Municipality, Business field, "
            "Joined, Role, Can host, Premises address, the consents as dates or yes/no; in any of "
            "the app's three languages). Each row is checked as the person form checks it; someone already on "
            "the roster (same e-mail, else same name and company) is updated, never added twice. The "
            "preview is printed and the import waits for your yes; it is saved at once or not at all, "
            "after a backup."
        ),
    )
    imported.add_argument("file", type=Path, metavar="FILE", help=_("the .xlsx or .csv file"))
    imported.add_argument("--group", required=True, metavar="GROUP", help=_("the group's name (or a part of it) or id"))
    imported.add_argument(
        "--yes",
        action="store_true",
        help=_("import without asking (rows with problems are skipped, as in the preview)"),
    )
    exported = actions.add_parser(
        "export",
        parents=[workspace_option],
        help=_("write a group's roster with its consents as CSV or .xlsx"),
        description=_(
            "Write a group's roster, every field and consent date of each person, as a CSV file (for "
            "Excel: UTF-8, separated by semicolons) or an Excel workbook. Importing the file again "
            "changes nothing."
        ),
    )
    exported.add_argument("group", metavar="GROUP", help=_("the group's name (or a part of it) or id"))
    exported.add_argument(
        "--format", dest="file_format", choices=FORMATS, default="csv", help=_("csv (the default) or xlsx")
    )
    add_output_folder(exported)


def run_roster(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    if arguments.action == "export":
        return _run_export(folder, arguments, failure)
    return _run_import(folder, arguments, failure)


def _run_export(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    from exports.files import replaced_files
    from exports.roster_files import write_roster_export
    from facilitator.lookup import NoSuchGroup, find_group
    from storage.reading import read_workspace

    def export(repository: Repository) -> Path:
        try:
            group = find_group(repository.groups(), arguments.group)
        except NoSuchGroup as error:
            raise failure(str(error)) from None
        return write_roster_export(repository, group, arguments.file_format, arguments.to)

    require_workspace(folder, failure)
    # It only reads: it runs beside the app.
    with replaced_files() as replaced:
        path = read_workspace(folder, export)
    print(path)
    tell_replaced(replaced)
    return 0


def _run_import(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    from exports.roster_files import RosterFileError, plan_for, read_roster_file
    from facilitator.lookup import NoSuchGroup, find_group
    from facilitator.roster_columns import guess_fields
    from facilitator.roster_import import NoNameColumn
    from facilitator.withdrawn_consent import deleted_notice, sound_file_names
    from storage.errors import StorageError
    from storage.repository import Repository
    from storage.roster_import import save_imported_people
    from storage.workspace import Workspace

    require_workspace(folder, failure)
    try:
        sheet = read_roster_file(arguments.file)
    except RosterFileError as error:
        raise failure(str(error)) from None
    if not arguments.yes and not sys.stdin.isatty():
        raise failure(_("The import waits for a yes on a terminal: add --yes to import without asking."))
    with Workspace.open(folder, purpose="roster import") as workspace:
        repository = Repository(workspace)
        try:
            group = find_group(repository.groups(), arguments.group)
        except NoSuchGroup as error:
            raise failure(str(error)) from None
        try:
            plan = plan_for(repository, group, sheet, guess_fields(sheet.header))
        except NoNameColumn as error:
            raise failure(str(error)) from None
        _print_preview(plan, sheet.path.name, group.name)
        if not plan.to_save():
            print(_("Nothing to import: the roster is not changed."))
            return 0
        recorded = _recordings_withdrawn(repository, plan, failure)
        if not arguments.yes and not confirmed(_("Import? [y/N] ")):
            print(_("Nothing imported."))
            return 1
        try:
            backup = save_imported_people(repository, plan.to_save())
        except StorageError as error:
            raise failure(str(error)) from None
    for line in plan.report():
        print(line)
    if recorded:
        files = sum(len(sound_file_names(meeting)) for meeting in recorded)
        print(deleted_notice(files, len(recorded)))
    if backup is not None:
        print(_("A backup of the workspace as it was is in {folder}.").format(folder=backup))
    return 0


def _recordings_withdrawn(repository: Repository, plan: ImportPlan, failure: type[Exception]) -> list[Meeting]:
    """The meetings whose sound the import deletes (rows withdrawing an audio consent), printed
    before the question; refused with ``failure`` while one of them is being recorded."""
    from facilitator.withdrawn_consent import withdrawal_question
    from storage.errors import StorageError
    from storage.withdrawn_consent import recordings_lines, recordings_to_delete, withdrawn_people

    withdrawn = withdrawn_people(repository, plan.to_save())
    try:
        recorded = recordings_to_delete(repository, [person.id for person in withdrawn])
    except StorageError as error:
        raise failure(str(error)) from None
    if recorded:
        names = ", ".join(person.name for person in withdrawn)
        print(withdrawal_question(names, recordings_lines(repository, recorded)))
    return recorded


def _print_preview(plan: ImportPlan, file_name: str, group_name: str) -> None:
    """The columns as read, every row that is not unchanged with what it does and why, and the totals."""
    from facilitator.roster_columns import field_labels
    from facilitator.roster_import import Action, row_line

    labels = field_labels()
    print(_("{file} into {group}:").format(file=file_name, group=group_name))
    for header, field in zip(plan.header, plan.fields, strict=True):
        if field is not None:
            print(f"  {header} → {labels[field]}")
    if plan.left_out:
        print("  " + _("Left out: {columns}").format(columns=", ".join(name or "?" for name in plan.left_out)))
    for row in plan.rows:
        if row.action is not Action.UNCHANGED:
            print("  " + row_line(row))
    print(
        ngettext("{count} row: {summary}.", "{count} rows: {summary}.", len(plan.rows)).format(
            count=format_count(len(plan.rows)), summary=plan.summary()
        )
    )
