"""``facilitator recording``: a meeting's sound. ``recording attach MEETING FILE --start HH:MM``
copies in a file made on another device (a phone's m4a or mp3, a recorder's wav) and gives the memo
entries their moments in it (see :mod:`storage.recordings`); ``recording list`` prints the meetings
that hold sound and where it is."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.options import ParserT, chosen_groups, confirmed, require_workspace
from facilitator.dates import format_count
from facilitator.i18n import _, ngettext

if TYPE_CHECKING:
    from storage.repository import Repository

_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)(?:[:.]([0-5]\d))?$")


def clock_time(text: str) -> time:
    """The argparse type of ``--start``: 18:05, 18:05:30, or the Finnish way 18.05.30."""
    match = _CLOCK.match(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(_("write a clock time, such as 18:05 or 18:05:30"))
    return time(int(match[1]), int(match[2]), int(match[3] or 0))


def add_recording_commands(
    commands: argparse._SubParsersAction[ParserT], workspace_option: ParserT, parser_class: type[ParserT]
) -> None:
    recording = commands.add_parser(
        "recording",
        parents=[workspace_option],
        help=_("attach a meeting's recording made on another device, or list them"),
    )
    actions = recording.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    attach = actions.add_parser(
        "attach",
        parents=[workspace_option],
        help=_("attach a sound file from a phone or a recorder to a held meeting"),
        description=_(
            "Copy a sound file made on another device (m4a, mp3, wav and others) into a held meeting, with the "
            "clock time it started, so that each memo entry plays the moment it was typed. The file is copied, "
            "never moved. Refused while anyone present at the meeting has not consented to the recording, and "
            "for a meeting that holds the sound recorded in the app. A file that does not fit the meeting (it "
            "starts after memo entries were typed, ends before the last one, or is much longer) is questioned "
            "first."
        ),
    )
    attach.add_argument(
        "meeting", metavar="MEETING", help=_("the meeting's id, or “last” with --group for its last held meeting")
    )
    attach.add_argument("file", metavar="FILE", type=Path, help=_("the sound file to attach"))
    attach.add_argument(
        "--start",
        required=True,
        type=clock_time,
        metavar="HH:MM[:SS]",
        help=_("the clock time the recording started, on the meeting's day in the group's time zone"),
    )
    attach.add_argument("--group", metavar="GROUP", help=_("the group whose last held meeting is meant"))
    attach.add_argument("--yes", action="store_true", help=_("attach without asking about a file that does not fit"))
    listing = actions.add_parser(
        "list",
        parents=[workspace_option],
        help=_("print the meetings that hold sound and where it is"),
        description=_(
            "Print the meetings that hold sound: the day, the group, the files, their length and the folder "
            "they are in (or that the sound is not on this laptop). It only reads: it runs while the app is open."
        ),
    )
    listing.add_argument("--group", metavar="GROUP", help=_("only this group (default: every group of the workspace)"))


def run_recording(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Run the ``recording`` subcommand the arguments name."""
    require_workspace(folder, failure)
    if arguments.action == "attach":
        return _run_attach(folder, arguments, failure)
    return _run_list(folder, arguments, failure)


def _run_attach(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Ask about a file that does not fit the meeting (unless ``--yes``), attach it, and say what it gave."""
    from facilitator.cli.export import meeting_named
    from facilitator.dates import format_date
    from facilitator.lookup import NoSuchGroup, NoSuchMeeting
    from facilitator.meeting_entries import meeting_day, moments_in_new_file
    from facilitator.recordings import fit_questions, start_on_meeting_day
    from facilitator.summary import format_offset
    from storage.recordings import attach_recording, attachable_seconds
    from storage.repository import Repository
    from storage.workspace import Workspace

    source: Path = arguments.file.expanduser()
    with Workspace.open(folder, purpose="recording attach") as workspace:
        repository = Repository(workspace)
        try:
            meeting = meeting_named(repository, arguments.meeting, arguments.group, failure)
        except (NoSuchGroup, NoSuchMeeting) as error:
            raise failure(str(error)) from None
        time_zone = repository.group(meeting.group_id).time_zone
        started_at = start_on_meeting_day(meeting, arguments.start, time_zone)
        seconds = attachable_seconds(repository, meeting.id, source)
        questions = fit_questions(meeting, repository.memo(meeting.id), started_at, seconds, time_zone)
        if questions and not arguments.yes:
            for question in questions:
                print(question)
            if not sys.stdin.isatty():
                raise failure(_("The file does not fit the meeting: add --yes to attach it all the same."))
            if not confirmed(_("Attach it all the same? [y/N] ")):
                print(_("Nothing attached."))
                return 1
        files_before = {recording.audio_file for recording in meeting.recordings if recording.has_audio}
        saved = attach_recording(repository, meeting.id, source, started_at, seconds)
        timed = moments_in_new_file(saved, repository.memo(meeting.id), files_before)
        name = next(rec.audio_file for rec in reversed(saved.recordings) if rec.started_at == started_at)
    print(
        _("Attached {file} ({length}) to the meeting of {group} on {day}.").format(
            file=name,
            length=format_offset(seconds),
            group=repository.group(meeting.group_id).name,
            day=format_date(meeting_day(meeting, time_zone)),
        )
    )
    print(
        ngettext(
            "{count} memo entry has its moment in the sound.",
            "{count} memo entries have their moment in the sound.",
            timed,
        ).format(count=format_count(timed))
    )
    return 0


def _run_list(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    from facilitator.cli.interviews import aligned
    from storage.reading import read_workspace

    def read(repository: Repository) -> list[list[str]]:
        return _recorded_rows(repository, arguments.group, folder, failure)

    rows = read_workspace(folder, read)
    if not rows:
        print(_("No meeting holds sound."))
        return 0
    header = [_("Day"), _("Group"), _("Files"), _("Length"), _("Where")]
    for line in aligned([header, *rows]):
        print(line)
    return 0


def _recorded_rows(
    repository: Repository, group: str | None, folder: Path, failure: type[Exception]
) -> list[list[str]]:
    """One row per meeting holding sound, by day: its files, their length together, and their folder."""
    from facilitator.dates import format_date
    from facilitator.meeting_entries import meeting_day
    from facilitator.summary import format_offset
    from facilitator.text import printable
    from storage.recordings import audio_path, meeting_folder

    rows = []
    for chosen in chosen_groups(repository, group, failure):
        for meeting in repository.meetings(chosen.id):
            sounding = [recording for recording in meeting.recordings if recording.has_audio]
            if not sounding:
                continue
            here = [recording for recording in sounding if audio_path(folder, meeting.id, recording) is not None]
            where = str(meeting_folder(folder.expanduser().absolute(), meeting.id)) if here else _("not on this laptop")
            if here and len(here) < len(sounding):
                where = _("{folder} (some not on this laptop)").format(folder=where)
            seconds = sum(recording.audio_seconds or 0.0 for recording in sounding)
            rows.append(
                [
                    format_date(meeting_day(meeting, chosen.time_zone)),
                    printable(chosen.name),
                    ", ".join(recording.audio_file for recording in sounding),
                    format_offset(seconds),
                    where,
                ]
            )
    return rows
