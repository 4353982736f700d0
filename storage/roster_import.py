"""A roster import saved as one change: after a backup, every person added or updated in one
atomic replacement of the network file, or none of them (see :mod:`storage.transaction`). A row
that withdraws someone's audio consent deletes, before the people are saved, the sound of the
meetings they attended (see :mod:`storage.withdrawn_consent`): the screen and the command list those
meetings and ask first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from facilitator.model import Invalid, Person, validate_person
from storage.merged_records import merged_table
from storage.repository import Repository
from storage.withdrawn_consent import delete_sound_before_withdrawal, recordings_to_delete, withdrawn_people

BACKUP_REASON = "before-roster-import"
PEOPLE_TABLE = "people"


def save_imported_people(repository: Repository, people: Sequence[Person]) -> Path | None:
    """Save ``people`` (new and changed ones of one or more groups) together, after a backup of
    the workspace; return the backup's folder (None when there was nothing to save).

    Each is checked first by the rules of the person form: :class:`Invalid` with every problem,
    and nothing saved, if one breaks them. The sound of the meetings attended by those whose audio
    consent the import withdraws is deleted first (refused whole, with
    :class:`~storage.withdrawn_consent.RecordingRunning`, while one of them is being recorded here;
    nothing saved when a sound file cannot be deleted).
    """
    if not people:
        return None
    problems = [
        problem
        for person in people
        for problem in validate_person(person, repository.today(repository.group(person.group_id).time_zone))
    ]
    if problems:
        raise Invalid(problems)
    workspace = repository.workspace
    withdrawn = [person.id for person in withdrawn_people(repository, people)]
    if withdrawn:
        recordings_to_delete(repository, withdrawn)  # refused before the backup while one is being recorded
    backup = workspace.backup(BACKUP_REASON)
    with workspace.writing:
        workspace.refuse_if_closed()
        # The sound first, as the meetings hold it now: should a file not go, nobody's consent is withdrawn.
        delete_sound_before_withdrawal(repository, recordings_to_delete(repository, withdrawn) if withdrawn else [])
        stamped = [repository.stamped_person(person) for person in people]
        network = dict(workspace.network.storage.read() or {})
        network[PEOPLE_TABLE] = merged_table(network.get(PEOPLE_TABLE, {}), stamped)
        repository.replace_files(network)
    return backup
