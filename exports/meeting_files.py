"""A meeting's papers written into the exports folder: the agenda, the sign-in sheet
and the feedback form to hand out.

The screens and ``facilitator export agenda|signin|feedback`` all come here, so they always
write the same file under the same name; the summaries and website texts take their names from
:func:`meeting_file_path` too.
"""

from __future__ import annotations

from pathlib import Path

from exports.files import default_export_path, export_folder, meeting_detail
from facilitator.agenda import starting_agenda
from facilitator.local_time import local_day
from facilitator.model import Meeting
from storage.repository import Repository

MEETING_FILES = {"agenda": ".pdf", "signin": ".pdf", "feedback": ".pdf"}


def meeting_file_path(repository: Repository, meeting: Meeting, kind: str, suffix: str, to: Path | None = None) -> Path:
    """Where the ``kind`` file of ``meeting`` goes: named after the group, the kind and the
    meeting's local day, such as ``inari-peer-group-agenda-2026-12-08.pdf``, with the start time
    (``…-2026-12-08-1730.pdf``) when the group meets more than once that day (see
    :func:`~exports.files.meeting_detail`). ``to`` is a folder instead of the exports folder."""
    group = repository.group(meeting.group_id)
    detail = meeting_detail(meeting, repository.meetings(group.id), group.time_zone)
    folder = export_folder(repository.workspace, to)
    return default_export_path(folder, kind, group, suffix, detail=detail)


def write_meeting_file(repository: Repository, meeting: Meeting, kind: str, to: Path | None = None) -> Path:
    """Write the ``kind`` file ("agenda", "signin" or "feedback") of ``meeting``; return its path.

    ``to`` is a folder to write into instead of the exports folder. The file is
    named as :func:`meeting_file_path` says. Raises :class:`~exports.errors.ExportFailed`
    naming the path when it cannot be written.
    """
    if kind not in MEETING_FILES:
        raise ValueError(f"unknown meeting file {kind!r}: choose one of {', '.join(MEETING_FILES)}")
    group = repository.group(meeting.group_id)
    day = local_day(meeting.starts_at, group.time_zone)
    people = repository.people(group.id)
    path = meeting_file_path(repository, meeting, kind, MEETING_FILES[kind], to)
    if kind == "agenda":
        from exports.pdf.agenda import write_agenda_pdf
        from facilitator.dates import format_long_date
        from facilitator.live import follow_ups as open_follow_ups

        host = next((person for person in people if person.id == meeting.host_id), None)
        # The open action items raised in the group's earlier meetings.
        follow_ups = open_follow_ups(repository.action_items(group.id), people, meeting, format_long_date)
        # A meeting nobody has prepared yet prints the agenda it would start with.
        items = repository.agenda(meeting.id) or starting_agenda(group.agenda_template, meeting, people)
        return write_agenda_pdf(group, meeting, host, items, follow_ups, path, group.time_zone)
    if kind == "feedback":
        from exports.pdf.feedback_form import write_feedback_form_pdf

        host = next((person for person in people if person.id == meeting.host_id), None)
        return write_feedback_form_pdf(group, meeting, host, path, group.time_zone)
    from exports.pdf.signin import write_signin_pdf

    members = [
        person for person in people if person.is_current_member(day) and (person.joined is None or person.joined <= day)
    ]
    return write_signin_pdf(group, meeting, members, path, group.time_zone)
