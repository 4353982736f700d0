"""A held meeting's papers written into the exports folder: the participants' summary,
the facilitator's record, and the text for the network's website.

The meeting screens and ``facilitator export summary|website`` both come here, so the two always
write the same files under the same names.
"""

from __future__ import annotations

from pathlib import Path

from exports.errors import ExportFailed
from exports.files import write_export
from exports.meeting_files import meeting_file_path
from facilitator.dates import format_day
from facilitator.i18n import _
from facilitator.local_time import local_day
from facilitator.model import Meeting, MeetingStatus
from facilitator.summary import MeetingSummary, following_meeting, summarise_meeting
from facilitator.website import website_text
from storage.repository import Repository

#: The summary's variants and the name each file is given ("inari-peer-group-summary-2026-12-08.pdf").
SUMMARY_FILES = {"participants": "summary", "record": "record"}
#: The website text's two forms.
WEBSITE_SUFFIXES = (".md", ".txt")


def meeting_summary(repository: Repository, meeting: Meeting) -> MeetingSummary:
    """Everything the papers of ``meeting`` say, read from the workspace."""
    group = repository.group(meeting.group_id)
    return summarise_meeting(
        group,
        meeting,
        repository.people(group.id),
        repository.attendance(meeting.id),
        repository.agenda(meeting.id),
        repository.memo(meeting.id),
        repository.feedback(meeting.id),
        following_meeting(repository.meetings(group.id), meeting),
    )


def write_summary_file(
    repository: Repository, meeting: Meeting, variant: str = "participants", to: Path | None = None
) -> Path:
    """Write the ``variant`` ("participants" or "record") summary PDF of the held ``meeting``;
    return its path.

    ``to`` is a folder to write into instead of the exports folder. The file is named
    after the group, the paper and the meeting's local date, such as
    ``inari-peer-group-summary-2026-12-08.pdf`` or ``…-record-2026-12-08.pdf`` (with the start
    time too when the group met twice that day, see :func:`~exports.meeting_files.meeting_file_path`). Raises
    :class:`~exports.errors.ExportFailed` when the meeting has not been held or the file cannot be
    written.
    """
    if variant not in SUMMARY_FILES:
        raise ValueError(f"unknown summary variant {variant!r}: choose one of {', '.join(SUMMARY_FILES)}")
    path = meeting_file_path(repository, meeting, SUMMARY_FILES[variant], ".pdf", to)
    _check_held(meeting, path, repository)
    from exports.pdf.summary import write_summary_pdf

    return write_summary_pdf(meeting_summary(repository, meeting), variant, path)


def write_website_file(repository: Repository, meeting: Meeting, to: Path | None = None) -> list[Path]:
    """Write the website text of the held ``meeting`` as Markdown (``.md``) and plain text
    (``.txt``), such as ``inari-peer-group-website-2026-12-08.md``; return both paths.

    People are named only with their consent to sharing contact details (see
    :func:`facilitator.website.website_text`). Raises :class:`~exports.errors.ExportFailed` as
    :func:`write_summary_file` does.
    """
    paths = [meeting_file_path(repository, meeting, "website", suffix, to) for suffix in WEBSITE_SUFFIXES]
    _check_held(meeting, paths[0], repository)
    summary = meeting_summary(repository, meeting)
    return [write_export(path, website_text(summary, markdown=path.suffix == ".md").encode("utf-8")) for path in paths]


def _check_held(meeting: Meeting, path: Path, repository: Repository) -> None:
    """Refuse a meeting that has not been held: it has no conclusions to send yet."""
    if meeting.status is MeetingStatus.HELD:
        return
    group = repository.group(meeting.group_id)
    day = format_day(local_day(meeting.starts_at, group.time_zone))
    if meeting.in_progress:
        # No key named: this is said on the command line too, and the live screen's footer shows the key.
        reason = _("the meeting of {day} is still under way; close it first on its live screen")
    elif meeting.status is MeetingStatus.CANCELLED:
        reason = _("the meeting of {day} was cancelled")
    else:
        reason = _("the meeting of {day} has not been held yet ({status}); a summary is written once it is closed")
    raise ExportFailed(path, reason.format(day=day, status=meeting.status.label))
