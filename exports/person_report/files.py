"""A person's data report written into the exports folder (or another): the person's group read,
what it holds about them gathered (:mod:`facilitator.person_data`), the PDF and the JSON file
written, both in the user's language.

``facilitator person report`` and the roster's ``p`` come here. The files are named after the
group and the person, such as ``inari-peer-group-person-data-anna-berg.pdf`` and ``….json``.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

from exports.files import default_export_path, export_folder, write_export
from exports.person_report.json_file import person_data_json
from facilitator.model import Person
from facilitator.person_data import BundleCarried, CarriedForm, PersonData, RecordedMeeting, gather_person_data
from storage.network_records import group_meetings_with_records
from storage.recordings import audio_path
from storage.repository import Repository
from storage.set_aside import set_aside_about
from storage.sync_ledger import SyncLedger


def collect_person_data(repository: Repository, person: Person) -> PersonData:
    """Everything ``person``'s group holds about them, read from the workspace."""
    group = repository.group(person.group_id)
    meetings, records = group_meetings_with_records(repository, group)
    bundles = [
        carried
        for document in SyncLedger(repository.workspace).made(group.id)
        if (carried := _carried(document, person.id)) is not None
    ]
    data = gather_person_data(
        person,
        group,
        repository.people(group.id),
        meetings,
        records,
        repository.absences(group.id),
        bundles,
        # Removed people's too: the person may be removed from the roster, and others' outcomes
        # name them as involved, others' texts may name them.
        interviews=repository.interviews(group.id, removed_people=True),
        outcomes=repository.outcomes(group.id, removed_people=True),
    )
    held = set_aside_about(repository, person.id, group.id)
    return dataclasses.replace(
        data,
        set_aside=tuple(str(record) for record in held),
        recorded=tuple(_with_files_held(repository, found) for found in data.recorded),
    )


def _with_files_held(repository: Repository, found: RecordedMeeting) -> RecordedMeeting:
    """``found`` with the number of its sound files this workspace holds."""
    folder = repository.workspace.folder
    held = sum(
        audio_path(folder, found.meeting.id, recording) is not None
        for recording in found.meeting.recordings
        if recording.has_audio
    )
    return dataclasses.replace(found, held=held)


def _carried(document: dict[str, object], person_id: str) -> BundleCarried | None:
    """The ledger's note of a bundle as it concerns the person: None when it did not carry them (or
    the note is damaged, which cannot tell)."""
    try:
        made_at = datetime.fromisoformat(str(document.get("created_at")))
    except ValueError:
        return None
    people = document.get("people")
    if people is None:  # written before whom a bundle carried was recorded
        form = None
    elif isinstance(people, dict) and person_id in people:
        try:
            form = CarriedForm(str(people[person_id]))
        except ValueError:
            return None
    else:
        return None
    return BundleCarried(made_at, str(document.get("audience", "")), str(document.get("file", "")), form)


def person_report_paths(folder: Path, data: PersonData) -> tuple[Path, Path]:
    """The PDF's and the JSON file's paths in ``folder``."""
    pdf = default_export_path(folder, "person data", data.group, ".pdf", detail=data.person.name or data.person.id)
    return pdf, pdf.with_suffix(".json")


def write_person_report(
    repository: Repository, person: Person, to: Path | None = None, *, today: date | None = None
) -> list[Path]:
    """Write ``person``'s data report as a PDF and a JSON file into ``to`` (default: the exports
    folder); return both paths. Raises :class:`~exports.errors.ExportFailed` naming the path when
    a file cannot be written."""
    from exports.person_report.pdf import write_person_report_pdf

    data = collect_person_data(repository, person)
    today = today or repository.today(data.group.time_zone)
    pdf_path, json_path = person_report_paths(export_folder(repository.workspace, to), data)
    write_person_report_pdf(data, pdf_path, today)
    write_export(json_path, person_data_json(data, today))
    return [pdf_path, json_path]
