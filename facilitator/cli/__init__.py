"""The ``facilitator`` command: opens the app, and the subcommands a coordinator may script.

Errors are one clear line on stderr: exit code 2 for a command used wrongly, 1 for a failure.

Each group of subcommands has its own module, which adds its parsers and runs it: ``demo``,
``export`` (a season's or a meeting's files), ``research`` (``export research``), ``research_import``
(``import research``), ``sync`` (``init``, ``key``, ``import``, ``export bundle``), ``recording``
(``attach``, ``list``; ``recordings_file`` writes and imports the sealed recordings), ``report`` and ``search``;
``options`` holds what several share. They
are imported only when a subcommand (or ``--help``) is named: the app's start and ``--version`` do
without them.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from facilitator import __version__
from facilitator.i18n import LANGUAGES, _, language_code, system_language, use_language
from facilitator.model.record import utc_now
from facilitator.text import BASE_LETTERS
from storage.errors import StorageError
from storage.exports_folder import make_output_folder, remove_made_folders
from storage.workspace import Workspace
from storage.workspace_info import LANGUAGE_SETTING, default_workspace_path, read_setting

PROGRAM = "facilitator"


class Failure(Exception):
    """A command that could not do its job; the message is for the user."""


class _Parser(argparse.ArgumentParser):
    """Reports a command used wrongly in one line, with where to read more, and exits 2.

    Options are written in full: ``--lang`` and ``--workspace`` are read before the parser is
    built (see :func:`chosen_language`), which an abbreviation like ``--lan`` would escape.
    """

    def __init__(self, *args: Any, **options: Any) -> None:
        options["allow_abbrev"] = False
        super().__init__(*args, **options)

    def error(self, message: str) -> NoReturn:
        hint = _("see “{program} --help”").format(program=self.prog)
        self.exit(2, f"{self.prog}: {message} ({hint})\n")


#: The options of the app itself, each followed by its value (see :func:`names_a_command`).
APP_OPTIONS = ("--workspace", "--lang")
#: The one word argparse knows ``import research`` by (never typed: :func:`main` joins the two words,
#: past the app's options and any between them).
IMPORT_RESEARCH = "import-research"


def names_a_command(argv: Sequence[str]) -> bool:
    """Whether ``argv`` holds more than the app's own options: a subcommand, ``--help``,
    ``--version``, or any word the parser of every subcommand has to judge (and perhaps refuse).

    Without one, the app starts, and its parser needs no subcommands (see :func:`build_parser`).
    """
    return bool(_past_app_options(argv))


def asks_the_version(argv: Sequence[str]) -> bool:
    """Whether the first word past the app's own options is ``--version``: the parser prints the
    version and exits there, before it reads any word after it, so it needs no subcommands either."""
    return _past_app_options(argv)[:1] == ["--version"]


def _past_app_options(argv: Sequence[str]) -> list[str]:
    """The words of ``argv`` from the first that is neither one of the app's options nor its value."""
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in APP_OPTIONS:
            index += 2
        elif word.startswith(tuple(f"{option}=" for option in APP_OPTIONS)):
            index += 1
        else:
            return list(argv[index:])
    return []


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; without ``commands``, that of the app alone (its options only).

    Building the parsers of every subcommand, and importing their modules, takes longer than the
    rest of the command line's work at the app's start: a start with no subcommand does without,
    and so does ``--version`` (see :func:`asks_the_version`).
    The app's options are the same in both, and so is every message about them.
    """
    workspace_option = _Parser(add_help=False)
    workspace_option.add_argument(
        "--workspace",
        type=Path,
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=_("the workspace folder (default: $FACILITATOR_WORKSPACE, else {default})").format(
            default=default_workspace_path()
        ),
    )
    workspace_option.add_argument(
        "--lang",
        choices=sorted(LANGUAGES),
        default=argparse.SUPPRESS,
        help=_(
            "the language of the app and of the files it writes (default: the workspace's setting, "
            "else the system's language)"
        ),
    )
    parser = _Parser(
        prog=PROGRAM,
        description=_("Run and record the meetings of micro-entrepreneur peer groups."),
        parents=[workspace_option],
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"MicroENTRE Facilitator {__version__}",
        help=_("show the version and exit"),
    )
    if commands:
        _add_commands(parser, workspace_option)
    else:
        parser.set_defaults(command=None)
    return parser


def _add_commands(parser: argparse.ArgumentParser, workspace_option: _Parser) -> None:
    """Every subcommand, with its options and help, in ``parser``, in the order ``--help`` lists them."""
    from facilitator.cli.demo import add_demo_command
    from facilitator.cli.export import add_file_exports
    from facilitator.cli.interview_form import add_interview_form_export
    from facilitator.cli.interviews import add_interview_commands
    from facilitator.cli.person import add_person_commands
    from facilitator.cli.recording import add_recording_commands
    from facilitator.cli.report import add_report_commands
    from facilitator.cli.research import add_research_export
    from facilitator.cli.research_import import add_research_import
    from facilitator.cli.roster import add_roster_commands
    from facilitator.cli.search import add_search_command
    from facilitator.cli.sync import add_bundle_export, add_sync_commands

    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    add_demo_command(commands, workspace_option)
    export = commands.add_parser("export", parents=[workspace_option], help=_("write files to print or send"))
    kinds = export.add_subparsers(dest="kind", metavar="WHAT", required=True, parser_class=_Parser)
    add_bundle_export(kinds, workspace_option)
    add_research_export(kinds, workspace_option)
    add_file_exports(kinds, workspace_option)
    add_interview_form_export(kinds, workspace_option)
    add_sync_commands(commands, workspace_option, _Parser)
    add_research_import(commands, workspace_option)
    add_report_commands(commands, workspace_option, _Parser)
    add_search_command(commands, workspace_option)
    add_person_commands(commands, workspace_option, _Parser)
    add_roster_commands(commands, workspace_option, _Parser)
    add_interview_commands(commands, workspace_option, _Parser)
    add_recording_commands(commands, workspace_option, _Parser)


def chosen_language(argv: Sequence[str]) -> str:
    """``--lang``, else the language chosen for the workspace, else the system's language.

    Read before the parser is built, since its help texts are already in that language. A wrong
    ``--lang`` is left for the parser to refuse, in the language that applies otherwise.
    """
    named = _option_value(argv, "--lang")
    if named in LANGUAGES:
        return named
    folder = Path(_option_value(argv, "--workspace") or default_workspace_path())
    setting = read_setting(folder, LANGUAGE_SETTING)
    return language_code(setting if isinstance(setting, str) else None) or system_language()


def _option_value(argv: Sequence[str], option: str) -> str | None:
    """The value given to ``option`` as ``--option VALUE`` or ``--option=VALUE`` (the last one wins)."""
    value = None
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == option and index + 1 < len(argv):
            value = argv[index + 1]
        elif word.startswith(option + "="):
            value = word.partition("=")[2]
    return value


def print_any_character() -> None:
    """Let no character fail the output: Windows writes output redirected to a file or a pipe in
    cp1252, which has neither Č nor ŋ, and a group's name printed after an import was done must not
    turn it into an error. Such a letter is printed as its base letter (Č as C)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=BASE_LETTERS)


def main(argv: Sequence[str] | None = None) -> int:
    print_any_character()
    argv = list(sys.argv[1:] if argv is None else argv)
    words = _past_app_options(argv)
    if words[:1] == ["import"] and (rest := _past_app_options(words[1:]))[:1] == ["research"]:
        # "import research" is a command of its own; "import FILE…" still imports bundles
        argv = [*argv[: len(argv) - len(words)], IMPORT_RESEARCH, *words[1 : len(words) - len(rest)], *rest[1:]]
    use_language(chosen_language(argv))
    utc_now()  # read once before any work: a FACILITATOR_NOW that is not a moment stops here
    parser = build_parser(commands=names_a_command(argv) and not asks_the_version(argv))
    arguments = parser.parse_args(argv)
    named = str(getattr(arguments, "meeting", "")).strip().lower()
    if named in ("next", "last") and not arguments.group:
        parser.error(_("“{named}” needs --group: the meeting of which group?").format(named=named))
    folder = getattr(arguments, "workspace", None) or default_workspace_path()
    if _changes_the_workspace(arguments):
        warn_about_placement(folder)
    output: Path | None = getattr(arguments, "to", None)
    made: Path | None = None
    code = 1
    try:
        made = make_output_folder(output) if output is not None else None
        code = run_command(folder, arguments, parser)
        if made is not None and code == 0:
            print(_("{program}: made the folder {folder}").format(program=PROGRAM, folder=output), file=sys.stderr)
        return code
    except (StorageError, Failure) as error:
        print(f"{PROGRAM}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a defect: one line for the user, the traceback only on request
        if os.environ.get("FACILITATOR_DEBUG"):
            raise
        print(
            _("{program}: unexpected error: {error!r}. Run again with FACILITATOR_DEBUG=1 for details.").format(
                program=PROGRAM, error=error
            ),
            file=sys.stderr,
        )
        return 1
    finally:
        if code != 0 and output is not None:
            remove_made_folders(output, made)


def run_command(folder: Path, arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run the subcommand the arguments name; the app when none is named (each subcommand's module
    is imported when it runs: the app's start does without them)."""
    if arguments.command == "demo":
        from facilitator.cli.demo import run_demo

        return run_demo(folder, arguments, Failure, run_app)
    if arguments.command == "export" and arguments.kind == "bundle":
        from facilitator.cli.sync import run_export_bundle

        return run_export_bundle(folder, arguments, Failure)
    if arguments.command == "export" and arguments.kind == "research":
        from facilitator.cli.research import run_export_research

        return run_export_research(folder, arguments, Failure, parser.error)
    if arguments.command == "export" and arguments.kind == "interview-form":
        from facilitator.cli.interview_form import run_interview_form_export

        return run_interview_form_export(folder, arguments, Failure)
    if arguments.command == "export":
        from facilitator.cli.export import run_export

        return run_export(folder, arguments, Failure)
    if arguments.command == "report":
        from facilitator.cli.report import run_report

        return run_report(folder, arguments, Failure, parser.error)
    if arguments.command == "search":
        from facilitator.cli.search import run_search

        return run_search(folder, arguments, Failure)
    if arguments.command == "person":
        from facilitator.cli.person import run_person

        return run_person(folder, arguments, Failure)
    if arguments.command == "roster":
        from facilitator.cli.roster import run_roster

        return run_roster(folder, arguments, Failure)
    if arguments.command == "interviews":
        from facilitator.cli.interviews import run_interviews

        return run_interviews(folder, arguments, Failure)
    if arguments.command == "recording":
        from facilitator.cli.recording import run_recording

        return run_recording(folder, arguments, Failure)
    if arguments.command == "init":
        from facilitator.cli.sync import run_init

        return run_init(folder, arguments)
    if arguments.command == "key":
        from facilitator.cli.keys import run_key

        return run_key(folder, arguments, Failure)
    if arguments.command == IMPORT_RESEARCH:
        from facilitator.cli.research_import import run_research_import

        return run_research_import(folder, arguments, Failure)
    if arguments.command == "import":
        from facilitator.cli.sync import run_import

        return run_import(folder, arguments, Failure)
    # The app's start reads the workspace whole and builds its first screen, making many objects and
    # freeing few: the cyclic collector, which would walk them all again and again, waits until the
    # first frame is painted (FacilitatorApp turns it back on).
    gc.disable()
    return run_app(Workspace.open(folder, purpose="app"))


def _changes_the_workspace(arguments: argparse.Namespace) -> bool:
    """The subcommands that open the workspace for writing (the app warns in its own window)."""
    command: str = arguments.command
    if command == "key":
        action: str = arguments.action
        return action not in ("request", "show")
    if command == "roster":
        return str(arguments.action) == "import"
    if command == "person":
        return str(arguments.action) == "erase"
    if command == IMPORT_RESEARCH:
        return bool(arguments.yes)  # without it, it only reads
    if command == "recording":
        return str(arguments.action) == "attach"
    return command in ("demo", "init", "import") or (command == "export" and arguments.kind == "bundle")


def warn_about_placement(folder: Path) -> None:
    """Say once, on stderr (stdout is for scripts), if the workspace lies where it is at risk: a
    synced folder, or the Microsoft Store Python's application data (see :mod:`storage.placement`)."""
    from storage.placement import placement_warnings

    for warning in placement_warnings(Path(folder).expanduser().absolute()):
        print(f"{PROGRAM}: {warning}", file=sys.stderr)


def run_app(workspace: Workspace) -> int:
    """Open the app on ``workspace``, which it closes (and unlocks) when it ends.

    A new language takes a new start (the screens' labels are made when they are imported): the
    process replaces itself with the app on the same workspace. The new app starts only once this
    one has let go of the workspace: the app ends after its jobs, ``app.run`` returns after its
    threads, and the workspace is closed (whatever ended the app) before the new process exists;
    on Windows, where it is a child this process waits for, as much as on the others.
    """
    try:
        from facilitator.app import make_app

        app = make_app(workspace)
        app.run()
    finally:
        workspace.close()  # the app closed it already, if it ran: closing again changes nothing
        gc.enable()  # the app did so at its first frame, if it got that far
    if app.restart_requested:
        command = [sys.executable, "-m", "facilitator", "--workspace", str(workspace.folder)]
        if os.name == "nt":  # Windows has no exec: the shell would take the console back at once
            return subprocess.call(command)
        os.execv(sys.executable, command)
    return app.return_code or 0
