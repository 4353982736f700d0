"""The sync subcommands: creating a coordinator workspace, setting up group keys (their subcommands
are in :mod:`facilitator.cli.keys`), and moving bundles in and out (see :mod:`exports.bundle`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facilitator.cli.keys import add_key_commands
from facilitator.cli.options import ParserT, add_output_folder, chosen_groups, require_workspace
from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from storage.workspace import Workspace
from storage.workspace_info import WorkspaceRole


def add_sync_commands(
    commands: argparse._SubParsersAction[ParserT], workspace_option: ParserT, parser_class: type[ParserT]
) -> None:
    init = commands.add_parser(
        "init",
        parents=[workspace_option],
        help=_("create a workspace: a facilitator's (the default) or the coordinator's"),
        description=_(
            "Create an empty workspace. A facilitator's workspace keeps a few groups and makes bundles; "
            "the coordinator's issues the group keys and imports every group's bundles."
        ),
    )
    init.add_argument("--coordinator", action="store_true", help=_("create the national coordinator's workspace"))

    add_key_commands(commands, workspace_option, parser_class)

    importing = commands.add_parser(
        "import",
        parents=[workspace_option],
        help=_(
            "import bundles: each checked whole, then applied all at once or not at all; “import research "
            "FILE.qdpx”: codings from a QDA tool"
        ),
        description=_(
            "Import bundle files (.mebundle) and recordings files (.mrec). Each is opened with the group keys held "
            "here and checked whole (format, seals, checksums, records) before anything is written, then applied "
            "at once; the bundles first, then the recordings, whose sounds go beside their meetings. Prints one "
            "line per file; exits 1 if any file was refused."
        ),
        epilog=_(
            "Codings from a QDA tool (a .qdpx project) are imported with “facilitator import research FILE.qdpx”."
        ),
    )
    importing.add_argument("files", nargs="+", type=Path, metavar="FILE", help=_("bundle files and recordings files"))
    importing.add_argument(
        "--details",
        action="store_true",
        help=_("after each file's line, the counts per group and kind of record"),
    )


def add_bundle_export(kinds: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    what = _("a sync bundle of your groups' records for the coordinator or a co-facilitator")
    bundle = kinds.add_parser(
        "bundle",
        parents=[workspace_option],
        help=what,
        description=_(
            "Write a sync bundle (.mebundle): the records changed since the last bundle (--full: all of them), "
            "sealed with each group's key. For the coordinator (the default) it holds only what consent allows; "
            "for a co-facilitator (--for facilitator) it holds everything."
        ),
        epilog=_(
            "A record the coordinator's import would refuse is left out, with the records that depend on it, and "
            "named on stderr; it stays here, and the next bundle carries it once it passes."
        ),
    )
    bundle.add_argument("--group", metavar="GROUP", help=_("only this group (default: every group of the workspace)"))
    bundle.add_argument(
        "--full", action="store_true", help=_("every record, not only those changed since the last bundle")
    )
    bundle.add_argument(
        "--for",
        dest="audience",
        choices=("coordinator", "facilitator"),
        default=None,
        help=_(
            "whom the bundle is for: the coordinator (the default on a facilitator's laptop) "
            "or the group's other facilitator"
        ),
    )
    add_output_folder(bundle)


def run_init(folder: Path, arguments: argparse.Namespace) -> int:
    role = WorkspaceRole.COORDINATOR if arguments.coordinator else WorkspaceRole.FACILITATOR
    existed = (folder / "workspace.json").exists()
    with Workspace.open(folder, purpose="init", role=role) as workspace:
        if existed:
            print(
                _("The workspace {folder} exists already; it is a {role}'s workspace.").format(
                    folder=workspace.folder, role=_role_label(workspace.info.role)
                )
            )
            return 0 if workspace.info.role is role else 1
        print(_("Created a {role}'s workspace in {folder}.").format(role=_role_label(role), folder=workspace.folder))
    return 0


def _role_label(role: WorkspaceRole) -> str:
    return _("coordinator") if role is WorkspaceRole.COORDINATOR else _("facilitator")


def run_export_bundle(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Write the bundle (for the coordinator: one for all the groups; for the groups' facilitators:
    one per group, since each laptop holds only its own groups' keys) and say what is in it."""
    from exports.bundle.format import Audience
    from exports.bundle.writer import NothingToSend, make_bundle
    from storage.repository import Repository

    require_workspace(folder, failure)
    with Workspace.open(folder, purpose="export bundle") as workspace:
        coordinator = workspace.info.role is WorkspaceRole.COORDINATOR
        if coordinator and arguments.audience is not None:
            raise failure(_("The coordinator's bundles always go back to the groups: leave out --for."))
        repository = Repository(workspace)
        repository.load_all()
        groups = chosen_groups(repository, arguments.group, failure)
        audience = Audience.GROUP if coordinator or arguments.audience == "facilitator" else Audience.COORDINATOR
        batches = [groups] if audience is Audience.COORDINATOR else [[group] for group in groups]
        made, unchanged = [], []
        for batch in batches:
            try:
                bundle = make_bundle(repository, batch, full=arguments.full, audience=audience, to=arguments.to)
                made.append((batch, bundle))
            except NothingToSend as nothing:
                unchanged.append((batch, nothing))
        if len(unchanged) == 1:
            print(unchanged[0][1])
        elif unchanged:
            names = ", ".join(group.name for batch, _nothing in unchanged for group in batch)
            print(
                _("Nothing new to send for {count} groups ({names}): no file written for them.").format(
                    count=format_count(len(unchanged)), names=names
                )
            )
    for batch, bundle in made:
        print(bundle.path)
        records = ngettext("{count} record", "{count} records", bundle.total).format(count=format_count(bundle.total))
        if coordinator:
            what = _("made by the coordinator")
        elif bundle.scope == "full":
            what = _("all records")
        else:
            what = _("changes since the last bundle")
        whom = _("coordinator") if bundle.audience is Audience.COORDINATOR else _("group's facilitators")
        print(
            _("{records} of {groups} ({what}, for the {whom}).").format(
                records=records, groups=", ".join(bundle.groups), what=what, whom=whom
            )
        )
        for group in batch:
            print(
                _("{group}: sealed with key generation {generation}.").format(
                    group=group.name, generation=bundle.generations[group.id]
                )
            )
        if bundle.left_out:
            from exports.bundle.leaving_out import left_out_notice
            from facilitator.cli import PROGRAM

            print(f"{PROGRAM}: {left_out_notice(bundle.left_out)}", file=sys.stderr)
            for line in bundle.left_out:
                print(f"  {line}", file=sys.stderr)
    return 0


def run_import(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    from exports.bundle.importer import Importer, counted
    from exports.bundle.merge import Outcome
    from exports.recordings import bundles_then_recordings
    from facilitator.cli.recordings_file import import_recordings
    from storage.repository import Repository

    require_workspace(folder, failure)
    projects = [path for path in arguments.files if path.suffix.lower() == ".qdpx"]
    if projects:
        raise failure(
            _(
                "{file} is a QDA project, not a bundle: import its codings with “facilitator import research {file}”."
            ).format(file=projects[0])
        )
    bundles, recordings = bundles_then_recordings(arguments.files)
    with Workspace.open(folder, purpose="import") as workspace:
        repository = Repository(workspace)
        # The bundles first: a recordings file's sounds go beside meetings its group's bundle brings.
        reports = Importer(repository).import_files(bundles)
        for report in reports:
            print(report.line())
            if arguments.details:
                for (group, kind), counts in sorted(report.counts.items()):
                    shown = ", ".join(counted(outcome, counts[outcome]) for outcome in Outcome if outcome in counts)
                    print(f"    {group} · {kind}: {shown}")
        imported = import_recordings(repository, recordings)
    if not all(result.ok for result in imported):
        return 1
    return 0 if all(report.ok for report in reports) else 1
