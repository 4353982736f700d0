"""``facilitator demo``: a seeded demo network written into an empty workspace, then opened."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from facilitator.i18n import _, ngettext
from storage.workspace import Workspace


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
                ).format(folder=workspace.folder, count=len(existing))
            )
        network = generate_network(  # the demo's groups are in the default time zone: its day is theirs
            groups=arguments.groups,
            years=arguments.years,
            seed=arguments.seed,
            today=repository.today(DEFAULT_TIME_ZONE),
        )
        repository.add_network(**network.records())
        groups, people, meetings = len(network.groups), len(network.people), len(network.meetings)
        print(
            _("Created a demo network of {groups}, {people} and {meetings} in {folder}.").format(
                groups=ngettext("{count} group", "{count} groups", groups).format(count=groups),
                people=ngettext("{count} person", "{count} people", people).format(count=people),
                meetings=ngettext("{count} meeting", "{count} meetings", meetings).format(count=meetings),
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
