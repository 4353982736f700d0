"""``facilitator export`` of one file (a season's calendar or schedule, a meeting's papers, its
summary or website text, a group's sealed recordings): found by the group's or the meeting's name,
written beside a running app."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.options import ParserT, SetAside, add_output_folder, require_workspace, tell_replaced
from facilitator.cli.recordings_file import add_recordings_export
from facilitator.i18n import _

if TYPE_CHECKING:
    from facilitator.model import Meeting
    from storage.repository import Repository


def add_file_exports(kinds: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    """``facilitator export`` of a season's files, a meeting's papers and a held meeting's, in the
    order ``--help`` lists them."""
    _add_season_exports(kinds, workspace_option)
    _add_meeting_exports(kinds, workspace_option)
    _add_held_meeting_exports(kinds, workspace_option)
    add_recordings_export(kinds, workspace_option)


def _add_season_exports(kinds: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    """``facilitator export calendar|schedule GROUP``: a group's season."""
    for kind, what in (
        ("calendar", _("the group's season as an .ics calendar (events update on re-import)")),
        ("schedule", _("the group's season schedule as a PDF to print")),
    ):
        season_file = kinds.add_parser(kind, parents=[workspace_option], help=what, description=what)
        season_file.add_argument("group", metavar="GROUP", help=_("the group's name (or a part of it) or id"))
        add_output_folder(season_file)


def _add_meeting_exports(kinds: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    """``facilitator export agenda|signin|feedback MEETING``: a meeting's papers, held or not."""
    for kind, what in (
        ("agenda", _("a meeting's agenda as a PDF to print")),
        ("signin", _("a meeting's sign-in sheet as a PDF to print, with audio-recording consent")),
        ("feedback", _("a meeting's anonymous feedback form as a PDF to hand out")),
    ):
        meeting_file = kinds.add_parser(kind, parents=[workspace_option], help=what, description=what)
        meeting_file.add_argument(
            "meeting", metavar="MEETING", help=_("the meeting's id, or “next” or “last” (the last held) with --group")
        )
        meeting_file.add_argument("--group", metavar="GROUP", help=_("the group whose next meeting is meant"))
        add_output_folder(meeting_file)


def _add_held_meeting_exports(kinds: argparse._SubParsersAction[ParserT], workspace_option: ParserT) -> None:
    """``facilitator export summary|website MEETING``: what a held meeting concluded."""
    for kind, what, description in (
        (
            "summary",
            _("a held meeting's summary as a PDF: for the participants, or the facilitator's record"),
            _(
                "Write a held meeting's summary as a PDF. The participants' summary (the default) holds "
                "who attended, the conclusions, decisions, action items and the next meeting, and nothing "
                "private; the facilitator's record (--variant record) adds every memo entry, the needs "
                "noted, the time each agenda item took and the consents."
            ),
        ),
        (
            "website",
            _("a held meeting's conclusions for the network's website (.md and .txt)"),
            _(
                "Write a held meeting's main conclusions and decisions for the network's website, as "
                "Markdown and as plain text. People are named only if they consented to sharing their "
                "contact details in the group; otherwise by company, or not at all. Guests are never named."
            ),
        ),
    ):
        held_file = kinds.add_parser(kind, parents=[workspace_option], help=what, description=description)
        held_file.add_argument(
            "meeting", metavar="MEETING", help=_("the meeting's id, or “last” with --group for its last held meeting")
        )
        if kind == "summary":
            held_file.add_argument(
                "--variant",
                choices=("participants", "record"),
                default="participants",
                help=_("participants: to send to everyone (default); record: the facilitator's full record"),
            )
        held_file.add_argument("--group", metavar="GROUP", help=_("the group whose last held meeting is meant"))
        add_output_folder(held_file)


def run_export(folder: Path, arguments: argparse.Namespace, failure: type[Exception]) -> int:
    """Write one file, print where it went, and say if it replaced an earlier one."""
    if arguments.kind == "recordings":
        from facilitator.cli.recordings_file import run_export_recordings

        return run_export_recordings(folder, arguments, failure)
    from exports.files import replaced_files
    from exports.meeting_files import write_meeting_file
    from exports.season_files import SEASON_FILES, write_season_file
    from exports.summary_files import write_summary_file, write_website_file
    from facilitator.lookup import NoSuchGroup, NoSuchMeeting, find_group
    from storage.reading import read_workspace

    def export(repository: Repository) -> list[Path]:
        if arguments.kind in SEASON_FILES:
            group = find_group(repository.groups(), arguments.group)
            paths = [write_season_file(repository, group, arguments.kind, arguments.to)]
            group_id = group.id
        else:
            meeting = meeting_named(repository, arguments.meeting, arguments.group, failure)
            group_id = meeting.group_id
            if arguments.kind == "summary":
                paths = [write_summary_file(repository, meeting, arguments.variant, arguments.to)]
            elif arguments.kind == "website":
                paths = write_website_file(repository, meeting, arguments.to)
            else:
                paths = [write_meeting_file(repository, meeting, arguments.kind, arguments.to)]
        set_aside.note(repository, {group_id})
        return paths

    set_aside = SetAside()

    require_workspace(folder, failure)
    # They only read (an agenda not made yet is printed, not saved): they run beside the app.
    try:
        with replaced_files() as replaced:
            paths = read_workspace(folder, export)
    except (NoSuchGroup, NoSuchMeeting) as error:
        raise failure(str(error)) from None
    for path in paths:
        print(path)
    set_aside.tell()
    tell_replaced(replaced)
    return 0


def meeting_named(repository: Repository, text: str, group_text: str | None, failure: type[Exception]) -> Meeting:
    """The meeting a command names: an id anywhere, or the next or last held one of ``--group``."""
    from facilitator.lookup import NoSuchMeeting, find_group, find_meeting, last_held, next_meeting
    from facilitator.placing import set_aside_notice

    if text.strip().lower() == "next":
        group = find_group(repository.groups(), group_text or "")
        return next_meeting(repository.meetings(group.id), repository.now())
    if text.strip().lower() == "last":
        group = find_group(repository.groups(), group_text or "")
        return last_held(repository.meetings(group.id))
    every_meeting = [meeting for group in repository.groups() for meeting in repository.meetings(group.id)]
    held_aside = [meeting for group in repository.groups() for meeting in repository.meetings_set_aside(group.id)]
    try:
        aside = find_meeting(held_aside, text)
    except NoSuchMeeting:
        pass  # not a meeting set aside: the meetings every list shows are asked next
    else:
        raise failure(set_aside_notice([rec for rec in repository.records_set_aside() if rec.record_id == aside.id]))
    meeting = find_meeting(every_meeting, text)
    if group_text and meeting.group_id != find_group(repository.groups(), group_text).id:
        raise failure(
            _("That meeting belongs to {group}, not to “{named}”.").format(
                group=repository.group(meeting.group_id).name, named=group_text
            )
        )
    return meeting
