"""``facilitator export`` of one file (a season's calendar or schedule, a meeting's papers, its
summary or website text): found by the group's or the meeting's name, written beside a running app."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.i18n import _

if TYPE_CHECKING:
    from facilitator.model import Meeting
    from storage.repository import Repository


def run_export(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Write one file, print where it went, and say if it replaced an earlier one."""
    from exports.files import replaced_files
    from exports.meeting_files import write_meeting_file
    from exports.season_files import SEASON_FILES, write_season_file
    from exports.summary_files import write_summary_file, write_website_file
    from facilitator.cli.options import require_workspace, tell_replaced
    from facilitator.lookup import NoSuchGroup, NoSuchMeeting, find_group
    from storage.reading import read_workspace

    def export(repository: Repository) -> list[Path]:
        if arguments.kind in SEASON_FILES:
            group = find_group(repository.groups(), arguments.group)
            return [write_season_file(repository, group, arguments.kind, arguments.to)]
        meeting = _meeting_named(repository, arguments.meeting, arguments.group, failure)
        if arguments.kind == "summary":
            return [write_summary_file(repository, meeting, arguments.variant, arguments.to)]
        if arguments.kind == "website":
            return write_website_file(repository, meeting, arguments.to)
        return [write_meeting_file(repository, meeting, arguments.kind, arguments.to)]

    require_workspace(folder, failure)
    # They only read (an agenda not made yet is printed, not saved): they run beside the app.
    try:
        with replaced_files() as replaced:
            paths = read_workspace(folder, export)
    except (NoSuchGroup, NoSuchMeeting) as error:
        raise failure(str(error)) from None
    for path in paths:
        print(path)
    tell_replaced(replaced)
    return 0


def _meeting_named(repository: Repository, text: str, group_text: str | None, failure: type[Exception]) -> Meeting:
    """The meeting a command names: an id anywhere, or the next or last held one of ``--group``."""
    from facilitator.lookup import find_group, find_meeting, last_held, next_meeting

    if text.strip().lower() == "next":
        group = find_group(repository.groups(), group_text or "")
        return next_meeting(repository.meetings(group.id), repository.now())
    if text.strip().lower() == "last":
        group = find_group(repository.groups(), group_text or "")
        return last_held(repository.meetings(group.id))
    every_meeting = [meeting for group in repository.groups() for meeting in repository.meetings(group.id)]
    meeting = find_meeting(every_meeting, text)
    if group_text and meeting.group_id != find_group(repository.groups(), group_text).id:
        raise failure(
            _("That meeting belongs to {group}, not to “{named}”.").format(
                group=repository.group(meeting.group_id).name, named=group_text
            )
        )
    return meeting
