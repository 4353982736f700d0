"""A roster import saved as one change: after a backup, every person added or updated in one
atomic replacement of the network file, or none of them (see :mod:`storage.transaction`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from facilitator.model import Invalid, Person, validate_person
from storage.codec import to_document
from storage.repository import Repository

BACKUP_REASON = "before-roster-import"
PEOPLE_TABLE = "people"


def save_imported_people(repository: Repository, people: Sequence[Person]) -> Path | None:
    """Save ``people`` (new and changed ones of one or more groups) together, after a backup of
    the workspace; return the backup's folder (None when there was nothing to save).

    Each is checked first by the rules of the person form: :class:`Invalid` with every problem,
    and nothing saved, if one breaks them.
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
    backup = workspace.backup(BACKUP_REASON)
    with workspace.writing:
        workspace.refuse_if_closed()
        stamped = [repository.stamped_person(person) for person in people]
        network = dict(workspace.network.storage.read() or {})
        table = dict(network.get(PEOPLE_TABLE, {}))  # never the stored table: it changes only when the file has
        doc_ids = {str(document.get("id")): doc_id for doc_id, document in table.items()}
        next_id = max((int(doc_id) for doc_id in table), default=0) + 1
        for person in stamped:
            doc_id = doc_ids.get(person.id)
            if doc_id is None:
                doc_id, next_id = str(next_id), next_id + 1
            table[doc_id] = to_document(person)
        network[PEOPLE_TABLE] = table
        repository.replace_files(network)
    return backup
