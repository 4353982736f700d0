"""``facilitator demo``: a seeded demo network written into an empty workspace, then opened."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.options import ParserT
from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from storage.workspace import Workspace

if TYPE_CHECKING:
    from facilitator.demo.sounds import DemoSound


def add_demo_command(commands: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    """``facilitator demo``, with the demo network's size and seed."""
    demo = commands.add_parser(
        "demo",
        parents=[workspace_option],
        help=_("create a demo network in an empty workspace and open it"),
        description=_(
            "Create a realistic demo network (Finnish, Swedish and Sami names; businesses in sparsely "
            "populated municipalities) in an empty workspace, then open it."
        ),
    )
    demo.add_argument("--groups", type=_positive, default=3, metavar="N", help=_("number of groups (default 3)"))
    demo.add_argument("--years", type=_positive, default=2, metavar="Y", help=_("years of history (default 2)"))
    demo.add_argument("--seed", type=int, default=1, metavar="S", help=_("random seed (default 1)"))
    demo.add_argument("--no-open", action="store_true", help=_("create the network without opening the app"))


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("“{text}” is not a whole number").format(text=text)) from None
    if number < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return number


def run_demo(
    folder: Path, arguments: argparse.Namespace, failure: type[Exception], open_app: Callable[[Workspace], int]
) -> int:
    """Write the demo network into an empty workspace, say what it holds, and open it in the app
    (``open_app``) unless ``--no-open``; ``failure`` is raised, with the message, for a workspace
    that holds groups already."""
    from facilitator.demo import generate_network
    from facilitator.model.group import DEFAULT_TIME_ZONE
    from storage.repository import Repository

    workspace = Workspace.open(folder, purpose="demo")
    try:
        repository = Repository(workspace)
        existing = repository.groups()
        if existing:
            raise failure(
                ngettext(
                    "The workspace {folder} already holds {count} group; the demo goes into an empty "
                    "workspace. Choose another folder with --workspace.",
                    "The workspace {folder} already holds {count} groups; the demo goes into an empty "
                    "workspace. Choose another folder with --workspace.",
                    len(existing),
                ).format(folder=workspace.folder, count=format_count(len(existing)))
            )
        network = generate_network(  # the demo's groups are in the default time zone: its day is theirs
            groups=arguments.groups,
            years=arguments.years,
            seed=arguments.seed,
            today=repository.today(DEFAULT_TIME_ZONE),
        )
        repository.add_network(**network.records())
        write_demo_sounds(workspace.folder, network.sounds)
        groups, people, meetings = len(network.groups), len(network.people), len(network.meetings)
        print(
            _("Created a demo network of {groups}, {people} and {meetings} in {folder}.").format(
                groups=ngettext("{count} group", "{count} groups", groups).format(count=format_count(groups)),
                people=ngettext("{count} person", "{count} people", people).format(count=format_count(people)),
                meetings=ngettext("{count} meeting", "{count} meetings", meetings).format(count=format_count(meetings)),
                folder=workspace.folder,
            )
        )
    except BaseException:
        workspace.close()
        raise
    if arguments.no_open:
        workspace.close()
        return 0
    return open_app(workspace)


def write_demo_sounds(workspace_folder: Path, sounds: list[DemoSound]) -> None:
    """Write the made-up sound of the demo's recorded meetings into their folders, under the names
    their recordings give (the network's records are in the workspace already)."""
    from facilitator.audio.synthetic import write_synthetic_recording
    from storage.recordings import new_recording_path

    for sound in sounds:
        path = new_recording_path(workspace_folder, sound.meeting_id).with_name(sound.audio_file)
        write_synthetic_recording(path, sound.seconds, sound.seed)
