"""A consent to audio recording taken back, in the workspace: the meetings whose sound goes, found
before the user is asked, and the person saved with the sound deleted after a yes (the rule is
:mod:`facilitator.withdrawn_consent`'s; the files and the marks are :mod:`storage.recordings`')."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from facilitator.i18n import _
from facilitator.model import Group, Meeting, Person, Presence
from facilitator.withdrawn_consent import (
    recorded_meeting_lines,
    running_recordings,
    running_refusal,
    withdraws_audio_consent,
)
from storage.errors import NotFound, StorageError
from storage.recordings import delete_recordings, holds_sound
from storage.repository import Repository


class RecordingRunning(StorageError):
    """A meeting whose sound would be deleted is being recorded now: nothing is saved."""


def _group(repository: Repository, group_id: str) -> Group | None:
    try:
        return repository.group(group_id)
    except NotFound:
        return None


def recordings_to_delete(repository: Repository, person_ids: Iterable[str]) -> list[Meeting]:
    """The meetings holding sound at which any of ``person_ids`` was present, in time order.
    Raises :class:`RecordingRunning` when one is being recorded now."""
    wanted = set(person_ids)
    folder = repository.workspace.folder
    with_folder = _sound_folder_names(folder)
    found = [
        meeting
        for meetings in repository.meetings_by_group().values()
        for meeting in meetings
        if (with_folder is None or meeting.id in with_folder or any(rec.has_audio for rec in meeting.recordings))
        and holds_sound(folder, meeting)
        and any(
            entry.person_id in wanted and entry.status is Presence.PRESENT
            for entry in repository.attendance(meeting.id)
        )
    ]
    meetings = sorted(found, key=lambda meeting: (meeting.starts_at, meeting.id))
    refuse_if_recording(repository, meetings)
    return meetings


def _sound_folder_names(workspace_folder: Path) -> set[str] | None:
    """The meetings with a sound folder here, by id, from one listing (few: only recorded meetings
    have one); None when the listing cannot be read, so that each meeting is looked at."""
    try:
        return {path.name for path in (workspace_folder / "meetings").iterdir()}
    except FileNotFoundError:
        return set()
    except OSError:
        return None


def meeting_with_sound(repository: Repository, meeting_id: str) -> list[Meeting]:
    """The meeting as saved now, in a list, when it holds sound (else an empty list). Raises
    :class:`RecordingRunning` while it is being recorded."""
    meeting = repository.meeting(meeting_id)
    meetings = [meeting] if holds_sound(repository.workspace.folder, meeting) else []
    refuse_if_recording(repository, meetings)
    return meetings


def refuse_if_recording(repository: Repository, meetings: Sequence[Meeting]) -> None:
    if running := running_recordings(meetings):
        raise RecordingRunning(running_refusal(running[0], _group(repository, running[0].group_id)))


def withdrawn_people(repository: Repository, people: Iterable[Person]) -> list[Person]:
    """Those of ``people`` (as they are to be saved) whose saving withdraws their audio consent."""
    withdrawn = []
    for person in people:
        try:
            before = repository.person(person.id)
        except NotFound:
            continue
        if withdraws_audio_consent(before, person):
            withdrawn.append(person)
    return withdrawn


def recordings_lines(repository: Repository, meetings: Sequence[Meeting]) -> list[str]:
    """The meetings whose sound goes, one line each (group, date, files), for a confirmation."""
    groups = {group.id: group for group in repository.groups()}
    return recorded_meeting_lines(meetings, groups)


def delete_sound_before_withdrawal(repository: Repository, meetings: Sequence[Meeting]) -> int:
    """Delete the sound of ``meetings`` before a withdrawn consent is saved (the caller holds the
    write lock and saves after): the number of files deleted. Should a file not go (held open by
    another program, say), :class:`StorageError` says so and that the consent is not withdrawn: it
    stays as it was, so that trying again deletes what is left, rather than a withdrawn consent
    beside sound that nothing would delete any more."""
    try:
        return delete_recordings(repository, [meeting.id for meeting in meetings])
    except StorageError as error:
        raise StorageError(
            _(
                "{reason}\nThe consent is not withdrawn: it stays as it was until the sound can be deleted. "
                "Close any program that may hold the file, then try again."
            ).format(reason=error)
        ) from error


def save_withdrawing(
    repository: Repository, person: Person, save: Callable[[Person], Person] | None = None
) -> tuple[Person, int, int]:
    """Delete the sound of the meetings attended by ``person``, whose audio consent is withdrawn,
    then save them (through ``save``, by default the repository's), all under the write lock;
    return the person saved, the files deleted and the meetings they were of. The person is not
    saved when the sound cannot all be deleted (see :func:`delete_sound_before_withdrawal`) or one
    of those meetings is being recorded here."""
    with repository.workspace.writing:
        meetings = recordings_to_delete(repository, [person.id])
        files = delete_sound_before_withdrawal(repository, meetings)
        return (save or repository.save_person)(person), files, len(meetings)
