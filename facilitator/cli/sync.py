"""The sync subcommands: creating a coordinator workspace, setting up group keys, and moving
bundles in and out (see :mod:`exports.bundle`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.cli.options import ParserT, add_output_folder, chosen_groups, require_workspace
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

    key = commands.add_parser("key", parents=[workspace_option], help=_("set up the keys that sign a group's bundles"))
    actions = key.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    request = actions.add_parser(
        "request",
        parents=[workspace_option],
        help=_("write a key request to send to the coordinator (facilitator)"),
        description=_(
            "Write a key request for your groups (or one with --group) to send to the coordinator. It holds no secret."
        ),
    )
    request.add_argument("--group", metavar="GROUP", help=_("only this group (its name, or a part of it, or id)"))
    add_output_folder(request)
    issue = actions.add_parser(
        "issue",
        parents=[workspace_option],
        help=_("write the key file for a key request or a group (coordinator; or to pass a key to a co-facilitator)"),
        description=_(
            "Write a key file: for the groups of a key request, or for --group. The coordinator makes a key "
            "for a group that has none; a facilitator can write the key it holds again, for a co-facilitator. "
            "The key file holds a secret: hand it over as you would a password."
        ),
    )
    issue.add_argument("request", nargs="?", type=Path, metavar="REQUEST", help=_("a key request file (.mekeyrequest)"))
    issue.add_argument("--group", metavar="GROUP", help=_("a group of this workspace, instead of a request"))
    add_output_folder(issue)
    install = actions.add_parser(
        "install",
        parents=[workspace_option],
        help=_("install a key file from the coordinator (facilitator)"),
        description=_("Install the keys of a key file (.mekey); a group not yet in the workspace is created."),
    )
    install.add_argument("file", type=Path, metavar="FILE", help=_("the key file (.mekey)"))

    importing = commands.add_parser(
        "import",
        parents=[workspace_option],
        help=_("import bundles: each checked whole, then applied all at once or not at all"),
        description=_(
            "Import bundle files (.mebundle). Each is checked whole (format, checksums, signature, records) "
            "before anything is written, then applied at once. Prints one line per file; exits 1 if any "
            "file was refused."
        ),
    )
    importing.add_argument("files", nargs="+", type=Path, metavar="FILE", help=_("bundle files"))
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
            "signed with each group's key. For the coordinator (the default) it holds only what consent allows; "
            "for a co-facilitator (--for facilitator) it holds everything."
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


def run_key(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    from exports.bundle.keys import install_keys, issue_keys, read_key_request
    from facilitator.lookup import NoSuchGroup, find_group
    from storage.repository import Repository

    require_workspace(folder, failure)
    if arguments.action == "request":  # it only reads: it runs while the app is open
        return _request_keys(folder, arguments, failure)
    with Workspace.open(folder, purpose=f"key {arguments.action}") as workspace:
        repository = Repository(workspace)
        try:
            if arguments.action == "issue":
                if arguments.request is not None and arguments.group is not None:
                    raise failure(_("Name a key request file or a group (--group), not both."))
                if arguments.request is None and arguments.group is None:
                    raise failure(_("Name the key request file to answer, or a group with --group."))
                if arguments.request is not None:
                    wanted = read_key_request(arguments.request)
                else:
                    group = find_group(repository.groups(), arguments.group)
                    wanted = [{"id": group.id, "name": group.name}]
                print(issue_keys(repository, wanted, arguments.to))
                return 0
            result = install_keys(repository, arguments.file)
        except NoSuchGroup as error:
            raise failure(str(error)) from None
    for name in result.installed:
        print(_("Installed the key of {group}.").format(group=name))
    for name in result.replaced:
        print(_("Replaced the key of {group} with the one in the file.").format(group=name))
    for name in result.already:
        print(_("The key of {group} was installed already.").format(group=name))
    for name in result.groups_created:
        print(_("Created the group {group}.").format(group=name))
    return 0


def _request_keys(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Write a key request for the workspace's groups (or ``--group``); it holds no secret and
    changes nothing in the workspace, so it reads it beside whoever holds it."""
    from exports.bundle.keys import write_key_request
    from storage.reading import read_workspace
    from storage.repository import Repository

    def request(repository: Repository) -> Path:
        return write_key_request(repository, chosen_groups(repository, arguments.group, failure), arguments.to)

    print(read_workspace(folder, request))
    return 0


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
                made.append(make_bundle(repository, batch, full=arguments.full, audience=audience, to=arguments.to))
            except NothingToSend as nothing:
                unchanged.append((batch, nothing))
        if len(unchanged) == 1:
            print(unchanged[0][1])
        elif unchanged:
            names = ", ".join(group.name for batch, _nothing in unchanged for group in batch)
            print(
                _("Nothing new to send for {count} groups ({names}): no file written for them.").format(
                    count=len(unchanged), names=names
                )
            )
    for bundle in made:
        print(bundle.path)
        records = ngettext("{count} record", "{count} records", bundle.total).format(count=bundle.total)
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
    return 0


def run_import(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    from exports.bundle.importer import Importer, counted
    from exports.bundle.merge import Outcome
    from storage.repository import Repository

    require_workspace(folder, failure)
    with Workspace.open(folder, purpose="import") as workspace:
        repository = Repository(workspace)
        reports = Importer(repository).import_files(arguments.files)
    for report in reports:
        print(report.line())
        if arguments.details:
            for (group, kind), counts in sorted(report.counts.items()):
                shown = ", ".join(counted(outcome, counts[outcome]) for outcome in Outcome if outcome in counts)
                print(f"    {group} · {kind}: {shown}")
    return 0 if all(report.ok for report in reports) else 1
