"""``facilitator import research FILE.qdpx [--yes]``: the codings a researcher made in a QDA tool
come back as re-codes (see :mod:`exports.qdpx.codings_back`).

Without ``--yes`` it only shows what it would record, reading the workspace beside the app as the
exports do; with it, it records that (once the app is closed) and says so. The
command line names it ``import research``; argparse sees one word,
:data:`facilitator.cli.IMPORT_RESEARCH`, which :func:`facilitator.cli.main` puts in place of the two
(``import FILE…`` still imports bundles).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli import IMPORT_RESEARCH
from facilitator.cli.options import ParserT, require_workspace
from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.text import printable

if TYPE_CHECKING:
    from exports.qdpx.codings_back import CodingsBack, Recode, StraySelection

#: How many lines each list of the plan shows before "and N more".
SHOWN = 15


def add_research_import(commands: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    """The parser of ``import research`` (listed in ``--help`` under ``import``, not on its own)."""
    command = commands.add_parser(
        IMPORT_RESEARCH,
        parents=[workspace_option],
        prog="facilitator import research",
        description=_(
            "Import the codings a researcher made in a QDA tool (ATLAS.ti, MAXQDA, NVivo, QualCoder) in a project "
            "exported with “export research --format qdpx”: each coded selection is mapped to the memo entry it "
            "falls in, each code by its GUID or its name. Shows what would be re-coded; records it with --yes, as "
            "re-codes that travel to the groups in your next bundle. Only on the coordinator's workspace."
        ),
    )
    # One file, but taken as many to say so in words of its own, not argparse's "unrecognized arguments".
    command.add_argument(
        "file", type=Path, nargs="+", metavar="FILE.qdpx", help=_("the project file (.qdpx) the QDA tool wrote")
    )
    command.set_defaults(usage_error=command.error)
    command.add_argument("--yes", action="store_true", help=_("record the re-codes (without it: only show them)"))


def run_research_import(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    from exports.qdpx.codings_back import apply_codings_back, plan_codings_back
    from storage.reading import read_workspace
    from storage.repository import Repository
    from storage.workspace import Workspace

    if len(arguments.file) > 1:
        arguments.usage_error(
            _("give one project file at a time, not {count}").format(count=format_count(len(arguments.file)))
        )
    path: Path = arguments.file[0]
    require_workspace(folder, failure)
    if not arguments.yes:  # only shown: read beside the app, as the exports read
        plan = read_workspace(folder, lambda repository: plan_codings_back(repository, path))
        _print_plan(plan, path)
        if plan.recodes:
            print(
                ngettext(
                    "Nothing recorded yet: run again with --yes to record the {count} re-code.",
                    "Nothing recorded yet: run again with --yes to record the {count} re-codes.",
                    len(plan.recodes),
                ).format(count=format_count(len(plan.recodes)))
            )
        return 0
    with Workspace.open(folder, purpose="import research") as workspace:
        repository = Repository(workspace)
        plan = plan_codings_back(repository, path)
        _print_plan(plan, path)
        if not plan.recodes:
            return 0
        backup = apply_codings_back(repository, plan)
    recorded = len(plan.recodes)
    print(
        ngettext(
            "Recorded {count} re-code: it travels to the group's facilitators in your next bundle.",
            "Recorded {count} re-codes: they travel to the groups' facilitators in your next bundle.",
            recorded,
        ).format(count=format_count(recorded))
    )
    print(_("A backup of the workspace as it was is in {folder}.").format(folder=backup))
    return 0


def _print_plan(plan: CodingsBack, path: Path) -> None:
    lines = plan_lines(plan, path)
    print("\n".join([*lines, ""] if len(lines) > 1 else lines))  # the closing line apart from the lists
    if not plan.recodes:
        print(_("Nothing to record: the workspace has these codings already."))


def plan_lines(plan: CodingsBack, path: Path) -> list[str]:
    """The plan as the user reads it: the counts first, then each list (long ones cut short). What
    came from the file is printed without the characters that would control the terminal."""
    # The sources and the re-codes always; what else the plan found only when there is some.
    counts = [
        (plan.sources, ngettext("{count} source of this workspace", "{count} sources of this workspace", plan.sources)),
        (len(plan.recodes), ngettext("{count} entry to re-code", "{count} entries to re-code", len(plan.recodes))),
        (
            len(plan.strays),
            ngettext("{count} selection not applied", "{count} selections not applied", len(plan.strays)),
        ),
        (
            len(plan.unknown_codes),
            ngettext("{count} code not known here", "{count} codes not known here", len(plan.unknown_codes)),
        ),
        (
            len(plan.missing_codes),
            ngettext("{count} code not in the project", "{count} codes not in the project", len(plan.missing_codes)),
        ),
        (
            len(plan.conflicts),
            ngettext(
                "{count} entry re-coded here since the export",
                "{count} entries re-coded here since the export",
                len(plan.conflicts),
            ),
        ),
        (
            len(plan.foreign_sources),
            ngettext("{count} source not made here", "{count} sources not made here", len(plan.foreign_sources)),
        ),
        (
            len(plan.not_held_sources),
            ngettext(
                "{count} source of a meeting no longer held",
                "{count} sources of meetings no longer held",
                len(plan.not_held_sources),
            ),
        ),
        (
            len(plan.unreadable_sources),
            ngettext(
                "{count} source that could not be read",
                "{count} sources that could not be read",
                len(plan.unreadable_sources),
            ),
        ),
        (
            len(plan.changed_entries),
            ngettext(
                "{count} entry changed since the export",
                "{count} entries changed since the export",
                len(plan.changed_entries),
            ),
        ),
    ]
    counted = [
        text.format(count=format_count(count)) for index, (count, text) in enumerate(counts) if index < 2 or count
    ]
    lines = [_("{file}: {counts}.").format(file=printable(path.name), counts="; ".join(counted))]
    lines += _listed(_("Entries re-coded (old codes → new codes):"), [_recode_line(recode) for recode in plan.recodes])
    lines += _listed(
        _("Selections not applied (they must lie within one entry):"),
        [_stray_line(stray) for stray in plan.strays],
    )
    lines += _listed(
        _("Codes not known here, ignored (each with its number of selections):"),
        [f"{printable(name)}: {format_count(count)}" for name, count in sorted(plan.unknown_codes.items())],
    )
    lines += _listed(
        _("Codes of this workspace not in the project (renamed in the tool?): their codings are left as they are:"),
        list(plan.missing_codes),
    )
    lines += _listed(
        _("Entries re-coded here since the export, and otherwise in the project, kept as they are (here → project):"),
        [_recode_line(recode) for recode in plan.conflicts],
    )
    lines += _listed(
        _("Sources this app did not make, left alone:"), [printable(name) for name in plan.foreign_sources]
    )
    lines += _listed(
        _("Sources of meetings no longer held, left alone:"), [printable(name) for name in plan.not_held_sources]
    )
    lines += _listed(
        _("Sources of this workspace whose text could not be read, left alone:"),
        [f"{printable(name)}: {printable(why)}" for name, why in plan.unreadable_sources],
    )
    lines += _listed(
        _("Entries changed since the export, not found in the project: they keep their codes:"),
        [f"{printable(source)} · “{printable(excerpt)}”" for source, excerpt in plan.changed_entries],
    )
    return lines


def _recode_line(recode: Recode) -> str:
    from facilitator.dates import format_date

    return (
        f"{printable(recode.group.name)} · {format_date(recode.day)} · “{printable(recode.excerpt)}”: "
        f"{_codes(recode.old)} → {_codes(recode.new)}"
    )


def _codes(codes: Sequence[str]) -> str:
    return " ".join(codes) if codes else _("no code")


def _stray_line(stray: StraySelection) -> str:
    where = _("{source}, characters {start}–{end}").format(
        source=printable(stray.source), start=stray.start, end=stray.end
    )
    if stray.out_of_range:
        return _("{where}: outside the source's text").format(where=where)
    if stray.entries > 1:
        what = ngettext("over {count} entry", "over {count} entries", stray.entries).format(
            count=format_count(stray.entries)
        )
    else:
        what = _("not within an entry (a heading, a blank line or a changed entry)")
    return f"{where}: {what} · “{printable(stray.excerpt)}”"


def _listed(title: str, lines: Sequence[str], shown: int = SHOWN) -> list[str]:
    if not lines:
        return []
    listed = ["", title, *(f"  {line}" for line in lines[:shown])]
    if len(lines) > shown:
        more = len(lines) - shown
        listed.append("  " + ngettext("and {count} more", "and {count} more", more).format(count=format_count(more)))
    return listed
