"""A person's growth interview form written into this laptop's exports folder (or another), in the
user's language: pre-filled with who is interviewed, which interview is next, and the previous
interview's answers (the previous one as the screen's form finds it:
:func:`~facilitator.interview_answers.previous_interview`).

``facilitator export interview-form`` and the screens come here. The file is named after the group
and the person, such as ``inari-peer-group-interview-form-anna-berg.pdf``; printing it again
replaces it.
"""

from __future__ import annotations

from pathlib import Path

from exports.files import default_export_path, export_folder
from facilitator.interview_answers import next_interview, previous_interview
from facilitator.model import Interview
from storage.repository import Repository


def write_interview_form(repository: Repository, person_id: str, folder: Path | None = None) -> Path:
    """Write the interview form of ``person_id`` into ``folder`` (None: this laptop's exports
    folder, see :func:`~exports.files.export_folder`) and return its path. Raises
    :class:`~exports.errors.ExportFailed` naming the path when it cannot be written,
    :class:`~storage.errors.NotFound` when the person is not on record."""
    from exports.pdf.interview_form import write_interview_form_pdf

    person = repository.person(person_id)
    group = repository.group(person.group_id)
    today = repository.today(group.time_zone)
    interviews = repository.interviews_of(person.id)
    number, kind = next_interview(person, interviews, today)
    # The interview to come is held today at the earliest: every one on record was before it.
    previous = previous_interview(interviews, Interview(person_id=person.id, day=today))
    target = export_folder(repository.workspace, folder)
    path = default_export_path(target, "interview form", group, ".pdf", detail=person.name or person.id)
    return write_interview_form_pdf(person, group, number, kind, previous, path, today)
