"""One entrepreneur's timeline written into the exports folder (or another): the person's group
read, the timeline made (:mod:`facilitator.timeline`) and its PDF written in the user's language.

``facilitator report timeline`` and the timeline screen's ``p`` come here. The file is named after
the group and the person, such as ``inari-peer-group-timeline-anna-berg.pdf``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from exports.files import default_export_path, export_folder
from facilitator.model import Person
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.timeline import Timeline, make_timeline
from storage.network_records import group_meetings_with_records
from storage.repository import Repository


def collect_timeline(repository: Repository, person: Person, today: date | None = None) -> Timeline:
    """The timeline of ``person``, read from the workspace: their group's roster and meetings, the
    meetings' own files, and their interviews and outcomes."""
    group = repository.group(person.group_id)
    meetings, records = group_meetings_with_records(repository, group)
    return make_timeline(
        person,
        group,
        repository.people(group.id),
        meetings,
        records,
        repository.interviews_of(person.id),
        repository.outcomes_of(person.id),
        today or repository.today(group.time_zone),
    )


def timeline_path(folder: Path, timeline: Timeline) -> Path:
    """Named after the person as the language shows them (``…-timeline-jasen-7ce462.pdf``)."""
    person = timeline.person
    named = shown_pseudonyms(person.name) or person.id
    return default_export_path(folder, "timeline", timeline.group, ".pdf", detail=named)


def write_timeline(
    repository: Repository, person_id: str, folder: Path | None = None, *, timeline: Timeline | None = None
) -> Path:
    """Write the timeline of the person ``person_id`` as a PDF into ``folder`` (default: the
    exports folder); return its path. ``timeline`` is theirs when already made (the timeline
    screen prints what it shows), else it is read here. Raises :class:`~storage.errors.NotFound`
    when the person is not on record and :class:`~exports.errors.ExportFailed` naming the path
    when the file cannot be written."""
    from exports.pdf.timeline import write_timeline_pdf  # imported when first needed: a faster start

    if timeline is None:
        timeline = collect_timeline(repository, repository.person(person_id))
    return write_timeline_pdf(timeline, timeline_path(export_folder(repository.workspace, folder), timeline))
