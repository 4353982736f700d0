"""The ``key`` subcommands: a group's key requested, issued, installed, replaced and shown (see
:mod:`exports.bundle.keys`).

A key file is sealed with a one-time passphrase, printed beside its path: the person who sends the
file reads it to the one who installs it, by phone. Both sides print the key's fingerprint, to
compare it the same way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.options import ParserT, add_output_folder, chosen_groups, meeting_day, require_workspace
from facilitator.i18n import _
from facilitator.local_time import format_local_moment
from storage.workspace import Workspace

if TYPE_CHECKING:
    from exports.bundle.keys import IssuedKeys, KeysInstalled
    from facilitator.model import Group
    from storage.repository import Repository


def add_key_commands(
    commands: argparse._SubParsersAction[ParserT], workspace_option: ParserT, parser_class: type[ParserT]
) -> None:
    key = commands.add_parser("key", parents=[workspace_option], help=_("set up the keys that seal a group's bundles"))
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
            "The key file is sealed with a passphrase of six words, printed with it: read the words to the "
            "person who installs the file, by phone, and never send them with the file."
        ),
    )
    issue.add_argument("request", nargs="?", type=Path, metavar="REQUEST", help=_("a key request file (.mekeyrequest)"))
    issue.add_argument("--group", metavar="GROUP", help=_("a group of this workspace, instead of a request"))
    add_output_folder(issue)
    rotate = actions.add_parser(
        "rotate",
        parents=[workspace_option],
        help=_("replace a group's key with a new one, retiring the old (coordinator)"),
        description=_(
            "Make the group's next key and write its key file, sealed with a new passphrase, to send to the "
            "group's facilitators. Bundles sealed with an earlier key and made from --retired-from on (default: "
            "now) are refused from then on; those made before still import. For a lost laptop, give the day it "
            "was lost. A retirement refuses the bundles an honest laptop makes after it, but whoever holds a lost "
            "laptop can set its clock back and date a bundle before the retirement: nothing in a bundle proves "
            "when it was made."
        ),
    )
    rotate.add_argument(
        "--group", metavar="GROUP", required=True, help=_("the group (its name, or a part of it, or id)")
    )
    rotate.add_argument(
        "--retired-from",
        type=meeting_day,
        metavar="DATE",
        help=_("refuse the earlier keys' bundles made from the start of this day on (default: from now)"),
    )
    add_output_folder(rotate)
    install = actions.add_parser(
        "install",
        parents=[workspace_option],
        help=_("install a key file from the coordinator (facilitator)"),
        description=_(
            "Install the keys of a key file (.mekey); a group not yet in the workspace is created. The "
            "passphrase read to you is asked for, or read from --passphrase-file."
        ),
    )
    install.add_argument("file", type=Path, metavar="FILE", help=_("the key file (.mekey)"))
    install.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help=_("a file whose first line is the key file's passphrase (instead of typing it)"),
    )
    show = actions.add_parser(
        "show",
        parents=[workspace_option],
        help=_("show each group's keys and their fingerprints, to compare by phone"),
        description=_(
            "Show the generations of each group's key held here (or of one with --group): when each was "
            "issued, its fingerprint, and from when the retired ones are refused. Read the fingerprints to "
            "each other to check that both sides hold the same key."
        ),
    )
    show.add_argument("--group", metavar="GROUP", help=_("only this group (its name, or a part of it, or id)"))


def run_key(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    from exports.bundle.keys import issue_keys, read_key_request, retirement_start, rotate_key
    from facilitator.lookup import NoSuchGroup, find_group
    from storage.repository import Repository

    require_workspace(folder, failure)
    if arguments.action in ("request", "show"):  # they only read: they run while the app is open
        return (
            _request_keys(folder, arguments, failure)
            if arguments.action == "request"
            else _show(folder, arguments, failure)
        )
    with Workspace.open(folder, purpose=f"key {arguments.action}") as workspace:
        repository = Repository(workspace)
        try:
            if arguments.action == "install":
                return _install(repository, arguments, failure)
            if arguments.action == "rotate":  # rotate_key refuses a facilitator's workspace
                group = find_group(_groups_and_keys(repository), arguments.group)
                day = arguments.retired_from
                moment = retirement_start(repository, group, day) if day is not None else None
                issued = rotate_key(repository, group, moment, arguments.to)
            else:
                if arguments.request is not None and arguments.group is not None:
                    raise failure(_("Name a key request file or a group (--group), not both."))
                if arguments.request is None and arguments.group is None:
                    raise failure(_("Name the key request file to answer, or a group with --group."))
                if arguments.request is not None:
                    wanted = read_key_request(arguments.request)
                else:
                    group = find_group(repository.groups(), arguments.group)
                    wanted = [{"id": group.id, "name": group.name}]
                issued = issue_keys(repository, wanted, arguments.to)
            _print_issued(repository, issued)
        except NoSuchGroup as error:
            raise failure(str(error)) from None
    return 0


def _print_issued(repository: Repository, issued: IssuedKeys) -> None:
    """The file's path (first, alone on its line, for scripts), its passphrase, and each group's
    key in use with its fingerprint and the earlier generations retired."""
    from exports.bundle.key_generations import generation_states
    from exports.bundle.sealing import fingerprint
    from storage.sync_ledger import SyncLedger

    print(issued.path)
    print(_("Passphrase: {passphrase}").format(passphrase=issued.passphrase))
    print(
        _(
            "Read the passphrase to the person who installs the key file, by phone or face to face; "
            "never send it with the file."
        )
    )
    ring = SyncLedger(repository.workspace).key_ring()
    groups = {group.id: group for group in _groups_and_keys(repository)}
    for key in issued.keys:
        print(
            _("{group}: key generation {generation}, fingerprint {fingerprint}.").format(
                group=key.group_name, generation=key.generation, fingerprint=fingerprint(key.secret_bytes)
            )
        )
        group = groups[key.group_id]
        for earlier in generation_states(ring[key.group_id], group):
            if earlier.retired_from is not None:
                print(
                    "  "
                    + _(
                        "Generation {generation} is retired from {moment}: bundles it sealed from then on are refused."
                    ).format(
                        generation=earlier.generation, moment=format_local_moment(earlier.retired_from, group.time_zone)
                    )
                )


#: How many times a passphrase typed at the terminal is asked for, before the install gives up.
PASSPHRASE_TRIES = 3


def _install(repository: Repository, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Install the key file, with the passphrase from ``--passphrase-file`` or typed at the terminal
    (asked again after a wrong one, up to :data:`PASSPHRASE_TRIES` times)."""
    from exports.bundle.keys import PassphraseNeeded, PassphraseRefused, install_keys

    path: Path = arguments.file
    passphrase = _passphrase_from(arguments.passphrase_file, failure) if arguments.passphrase_file else None
    try:
        result = install_keys(repository, path, passphrase)
    except PassphraseNeeded:
        if sys.stdin is None or not sys.stdin.isatty():
            raise failure(
                _(
                    "{file} is sealed with a passphrase: run the command at a terminal to type it, "
                    "or give it with --passphrase-file FILE."
                ).format(file=path.name)
            ) from None
        for tries_left in range(PASSPHRASE_TRIES - 1, -1, -1):
            try:
                result = install_keys(repository, path, _typed_passphrase(path))
                break
            except PassphraseRefused as refusal:
                if not tries_left:
                    raise
                print(refusal, file=sys.stderr)
    _print_installed(result)
    return 0


def _print_installed(result: KeysInstalled) -> None:
    for line in result.lines():
        print(line)


def _passphrase_from(path: Path, failure: type[Exception]) -> str:
    from storage.errors import os_reason

    try:
        with path.open(encoding="utf-8-sig", errors="replace") as file:
            return file.readline().strip()
    except OSError as error:
        raise failure(_("{file} cannot be read: {reason}.").format(file=path, reason=os_reason(error))) from None


def _typed_passphrase(path: Path) -> str:
    from getpass import getpass

    try:
        return getpass(_("Passphrase of {file} (the words read to you): ").format(file=path.name))
    except EOFError:
        return ""


def _request_keys(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Write a key request for the workspace's groups (or ``--group``); it holds no secret and
    changes nothing in the workspace, so it reads it beside whoever holds it."""
    from exports.bundle.keys import write_key_request
    from storage.reading import read_workspace

    def request(repository: Repository) -> Path:
        return write_key_request(repository, chosen_groups(repository, arguments.group, failure), arguments.to)

    print(read_workspace(folder, request))
    return 0


def _show(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Print each group's key generations held here; it reads the workspace beside whoever holds it."""
    from storage.reading import read_workspace

    for line in read_workspace(folder, lambda repository: _key_lines(repository, arguments.group, failure)):
        print(line)
    return 0


def _key_lines(repository: Repository, named: str | None, failure: type[Exception]) -> list[str]:
    """Group by group (the workspace's, and those it holds a key of only), its generations, newest first."""
    from exports.bundle.key_generations import generation_states
    from facilitator.dates import format_day
    from facilitator.lookup import NoSuchGroup, find_group
    from storage.sync_ledger import SyncLedger

    ring = SyncLedger(repository.workspace).key_ring()
    groups = _groups_and_keys(repository)
    if named is not None:
        try:
            groups = [find_group(groups, named)]
        except NoSuchGroup as error:
            raise failure(str(error)) from None
    lines = []
    for group in sorted(groups, key=lambda group: group.name.casefold()):
        generations = ring.get(group.id, [])
        if not generations:
            lines.append(_("{group}: no key yet.").format(group=group.name))
            continue
        lines.append(group.name)
        for generation in generation_states(generations, group):
            described = _("generation {generation} · issued {day} · fingerprint {fingerprint}").format(
                generation=generation.generation,
                day=format_day(generation.issued_on) if generation.issued_on else "–",
                fingerprint=generation.fingerprint,
            )
            if generation.retired_from is not None:
                state = _("retired from {moment}: bundles it sealed from then on are refused").format(
                    moment=format_local_moment(generation.retired_from, group.time_zone)
                )
            elif generation.seals:
                state = _("seals the group's bundles")
            else:
                state = _("replaced, its bundles still accepted")
            lines.append(f"  {described} · {state}")
    return lines


def _groups_and_keys(repository: Repository) -> list[Group]:
    """The workspace's groups, and those it holds only a key of (a coordinator's before their first
    bundle), under the name the key was issued with."""
    from facilitator.model import Group
    from storage.sync_ledger import SyncLedger

    groups = list(repository.groups())
    held = {group.id for group in groups}
    ring = SyncLedger(repository.workspace).key_ring()
    return groups + [
        Group(id=group_id, name=keys[-1].group_name) for group_id, keys in ring.items() if group_id not in held
    ]
