"""``facilitator export recordings --group G``: the group's meeting sounds as one sealed file for
the coordinator (see :mod:`exports.recordings`); ``facilitator import FILE`` takes it back in."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.options import ParserT, add_output_folder, chosen_groups, require_workspace
from facilitator.dates import format_count, format_percent
from facilitator.i18n import _, ngettext

if TYPE_CHECKING:
    from exports.recordings import RecordingsImported
    from storage.repository import Repository

#: Below this many bytes of sound, a file is sealed or put in place too fast to need progress.
_PROGRESS_FROM = 20 << 20


def add_recordings_export(kinds: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    what = _("the group's meeting recordings as one sealed file for the coordinator")
    recordings = kinds.add_parser(
        "recordings",
        parents=[workspace_option],
        help=what,
        description=_(
            "Write the sound of the group's held meetings into one sealed file (.mrec) for the coordinator, "
            "to carry on a USB stick: recordings never travel in the bundles. Only meetings whose attendees all "
            "consented to the recording are included; each one left out is named on stderr. The file is sealed "
            "with the group's key, as a bundle is, and imported with “facilitator import FILE”."
        ),
    )
    recordings.add_argument(
        "--group", metavar="GROUP", required=True, help=_("the group's name (or a part of it) or id")
    )
    add_output_folder(recordings)


def run_export_recordings(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Write the file, print where it went and what it holds; what was left out goes to stderr."""
    from exports.files import export_folder
    from exports.recordings import chosen_recordings, write_recordings_file
    from facilitator.cli import PROGRAM
    from storage.reading import read_workspace

    require_workspace(folder, failure)

    def export(repository: Repository) -> tuple[Path, int, str, list[str]]:
        (group,) = chosen_groups(repository, arguments.group, failure)
        chosen = chosen_recordings(repository, group.id)
        target = export_folder(repository.workspace, arguments.to)
        progress = _progress(_("sealing"), chosen.total_bytes)
        path = write_recordings_file(repository, group.id, target, chosen=chosen, progress=progress)
        return path, len(chosen.sounds), group.name, chosen.left_out

    path, count, group, left_out = read_workspace(folder, export)
    for sentence in left_out:
        print(f"{PROGRAM}: {sentence}", file=sys.stderr)
    print(path)
    print(
        ngettext(
            "{count} sound file of {group}, sealed with the group's key for the coordinator.",
            "{count} sound files of {group}, sealed with the group's key for the coordinator.",
            count,
        ).format(count=format_count(count), group=group)
    )
    return 0


def import_recordings(repository: Repository, paths: list[Path]) -> list[RecordingsImported]:
    """Each recordings file imported in turn, its line and what it left out printed."""
    from exports.recordings import import_recordings_file

    results = []
    for path in paths:
        size = path.stat().st_size if path.is_file() else 0
        result = import_recordings_file(repository, path, _progress(_("importing {file}").format(file=path.name), size))
        print(result.line())
        for sentence in result.left_out:
            print(f"    {sentence}")
        results.append(result)
    return results


def _progress(doing: str, total: int) -> Callable[[int, int], None] | None:
    """Tell on stderr how far a big file has come, every tenth; nothing for a small one."""
    if total < _PROGRESS_FROM:
        return None
    told = -1

    def progress(done: int, of: int) -> None:
        nonlocal told
        tenth = done * 10 // max(of, 1)
        if tenth != told:
            told = tenth
            print(
                _("{doing}: {percent} of {size} MB").format(
                    doing=doing, percent=format_percent(tenth / 10), size=format_count(of >> 20)
                ),
                file=sys.stderr,
                flush=True,
            )

    return progress
