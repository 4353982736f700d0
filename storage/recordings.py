"""Where a meeting's sound lives: ``meetings/<meeting id>/`` beside the meeting's own file, one file
per recording. Backups hold only the JSON files, so a sound file deleted here is gone everywhere.

A file made on another device (a phone's m4a, a recorder's wav) is attached to a held meeting by
copying it in (the original is left where it was); deleting a meeting's recordings (a consent
withdrawn, a person erased) unlinks the files and forgets the memo lines' moments in them."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.i18n import _, ngettext
from facilitator.model import AgendaItem, Meeting, MeetingStatus, MemoEntry, Recording
from facilitator.recordings import offset_in
from storage.atomic import FOLDER_MODE, write_atomic_with
from storage.errors import StorageError, WriteFailed, os_reason
from storage.meeting_consent import present_without_consent

if TYPE_CHECKING:
    from storage.repository import Repository

#: The names the meeting's sound files take, ``recording-<n><suffix>``.
_SOUND_FILES = "recording-*"
#: A file shorter than this holds no sound worth attaching (an empty or cut-off file).
_SHORTEST_SECONDS = 1.0


class RecordingRefused(StorageError):
    """A recording that may not be attached: the message says why, for the user."""


def meeting_folder(workspace_folder: Path, meeting_id: str) -> Path:
    """The folder of the meeting's sound files (not made here)."""
    return workspace_folder / "meetings" / meeting_id


def new_recording_path(workspace_folder: Path, meeting_id: str, suffix: str = ".opus") -> Path:
    """A free name for the meeting's next sound file, ``recording-<n><suffix>``; the folder is made."""
    folder = meeting_folder(workspace_folder, meeting_id)
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    taken = {path.stem for path in folder.glob(_SOUND_FILES)}
    number = 1
    while f"recording-{number}" in taken:
        number += 1
    return folder / f"recording-{number}{suffix}"


def audio_path(workspace_folder: Path, meeting_id: str, recording: Recording) -> Path | None:
    """The recording's sound file, or None when it names none or the file is not here."""
    if not recording.audio_file:
        return None
    path = meeting_folder(workspace_folder, meeting_id) / recording.audio_file
    return path if path.is_file() else None


def sound_files(workspace_folder: Path) -> list[Path]:
    """Every meeting's sound files in the workspace, by meeting and name."""
    return sorted(path for path in (workspace_folder / "meetings").glob(f"*/{_SOUND_FILES}") if path.is_file())


# -- attaching a file made on another device ----------------------------------------------------------


def attach_recording(
    repository: Repository, meeting_id: str, source: Path, started_at: datetime, seconds: float | None = None
) -> Meeting:
    """Copy the sound file ``source``, which started at ``started_at``, into the held meeting and
    give its memo entries their moments in it; the meeting as saved. ``seconds`` is the file's
    length when :func:`attachable_seconds` has just measured it (a long mp3 is read whole to
    measure it): the meeting is then checked again, the file not.

    Refused (:class:`RecordingRefused`, see :func:`attachable_seconds`) when the meeting is not
    held, when it holds the sound the app recorded, when anyone present has not consented to the
    recording, or when the file is not a sound the app reads. The marks of recordings whose sound
    was not kept give way to the file.
    """
    if seconds is None:
        seconds = attachable_seconds(repository, meeting_id, source)
    else:  # the meeting may have changed since
        _check_attachable(repository, repository.meeting(meeting_id))
    target = _copied_in(repository.workspace.folder, meeting_id, source)
    try:
        return _attached(repository, meeting_id, target, started_at, seconds)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def attachable_seconds(repository: Repository, meeting_id: str, source: Path) -> float:
    """The length of the sound file ``source`` in seconds, once the meeting may hold it; refused
    as :func:`attach_recording` refuses (to ask about the file's fit before attaching it)."""
    from facilitator.audio import UnreadableAudio
    from facilitator.audio.files import AUDIO_SUFFIXES, audio_seconds
    from facilitator.audio.video import HoldsVideo

    _check_attachable(repository, repository.meeting(meeting_id))
    if not source.is_file():
        raise RecordingRefused(_("There is no sound file {path}.").format(path=source))
    unreadable: UnreadableAudio | None = None
    try:  # opened once: a video is told first, then a suffix not a sound's, then a sound not read
        seconds = audio_seconds(source, refuse_video=True)
    except HoldsVideo:
        raise RecordingRefused(
            _(
                "{file} is a video: only sound is kept of a meeting, as those present consented to. "
                "Save its sound alone (most phones and players can) and attach that."
            ).format(file=source.name)
        ) from None
    except UnreadableAudio as error:
        unreadable = error
    if source.suffix.lower() not in AUDIO_SUFFIXES:
        raise RecordingRefused(
            _("{file} is not a kind of sound file a recording can be; these are: {suffixes}.").format(
                file=source.name, suffixes=" ".join(AUDIO_SUFFIXES)
            )
        )
    if unreadable is not None:
        raise RecordingRefused(str(unreadable))
    if seconds < _SHORTEST_SECONDS:
        raise RecordingRefused(_("{file} holds no sound: it lasts under a second.").format(file=source.name))
    return seconds


def _check_attachable(repository: Repository, meeting: Meeting) -> None:
    if meeting.status is not MeetingStatus.HELD:
        raise RecordingRefused(
            _("A recording is attached to a held meeting; this one is {status}.").format(status=meeting.status.label)
        )
    if any(recording.has_audio and not recording.attached for recording in meeting.recordings):
        raise RecordingRefused(
            _("The meeting already holds the sound recorded in the app; no other file is attached to it.")
        )
    if missing := present_without_consent(repository, meeting):
        raise RecordingRefused(
            ngettext(
                "No sound of this meeting is kept: {names} was present and has not consented to the recording.",
                "No sound of this meeting is kept: {names} were present and have not consented to the recording.",
                len(missing),
            ).format(names=", ".join(missing))
        )


def _copied_in(workspace_folder: Path, meeting_id: str, source: Path) -> Path:
    """``source`` copied whole into the meeting's folder under its next free name (the original
    stays), readable by the user only as every data file: it holds people's voices."""
    target = new_recording_path(workspace_folder, meeting_id, suffix=source.suffix.lower())
    try:
        with source.open("rb") as original:
            write_atomic_with(target, lambda copy: shutil.copyfileobj(original, copy))
    except OSError as error:  # the source that cannot be opened
        raise WriteFailed(target, os_reason(error)) from error
    return target


def _attached(repository: Repository, meeting_id: str, target: Path, started_at: datetime, seconds: float) -> Meeting:
    """The meeting saved with the file copied in as its recording, and its entries' offsets."""
    with repository.workspace.writing:  # the meeting as it is now, saved with nothing in between
        meeting = repository.meeting(meeting_id)
        attached = Recording(
            started_at=started_at,
            stopped_at=started_at + timedelta(seconds=seconds),
            audio_file=target.name,
            audio_seconds=seconds,
            attached=True,
        )
        kept = [recording for recording in meeting.recordings if recording.has_audio]
        recordings = sorted([*kept, attached], key=lambda recording: recording.started_at)
        saved = repository.save_meeting(dataclasses.replace(meeting, recordings=recordings))
        repository.save_memo_entries(meeting_id, _with_offsets(repository.memo(meeting_id), recordings))
    return saved


def _with_offsets(entries: Sequence[MemoEntry], recordings: Sequence[Recording]) -> list[MemoEntry]:
    """The entries whose offsets change: each one's moment in the last file spanning it, or none."""
    changed = []
    for entry in entries:
        offset = None
        for recording in recordings:
            found = offset_in(entry.written_at, recording.started_at, recording.audio_seconds or 0.0)
            offset = found if found is not None else offset
        if offset != entry.recording_offset:
            changed.append(dataclasses.replace(entry, recording_offset=offset))
    return changed


# -- deleting the sound ----------------------------------------------------------------------------------


def holds_sound(workspace_folder: Path, meeting: Meeting) -> bool:
    """Whether the meeting holds sound: a recording names a file, or its sound folder holds anything
    at all, whatever the records say (a copy a crash left half-made, a file the app began recording
    just before it was killed)."""
    if any(recording.has_audio for recording in meeting.recordings):
        return True
    folder = meeting_folder(workspace_folder, meeting.id)
    try:
        return folder.is_dir() and any(folder.iterdir())
    except OSError:
        return True  # a folder that cannot be read is tried, and its failure told, when deleting


def delete_recordings(repository: Repository, meeting_ids: Iterable[str]) -> int:
    """Delete the sound of the meetings: their files go, their recordings keep only the marks of
    when they ran, and their memo entries lose their moments in the sound. The files go first: a
    failure after them leaves records naming sound that is gone (shown as not here), never sound
    that the records forgot. The number of files deleted.

    A recording the records still show running, which nothing here is recording (a crash left it,
    or it came so from another laptop), is closed first where its sound ends (see
    :func:`facilitator.live.recording_left_running`): its marks then stay true."""
    folder = repository.workspace.folder
    deleted = 0
    with repository.workspace.writing:
        stored = [repository.meeting(meeting_id) for meeting_id in dict.fromkeys(meeting_ids)]
        meetings = [closed_if_left_running(repository, meeting)[0] for meeting in stored]
        for meeting in meetings:
            deleted += remove_sound_folder(folder, meeting.id)
        silenced = [
            dataclasses.replace(meeting, recordings=[_without_sound(recording) for recording in meeting.recordings])
            for meeting, before in zip(meetings, stored, strict=True)
            if meeting != before or any(recording.has_audio for recording in meeting.recordings)
        ]
        if silenced:
            repository.save_meetings(silenced)
        for meeting in meetings:
            timed = [entry for entry in repository.memo(meeting.id) if entry.recording_offset is not None]
            repository.save_memo_entries(
                meeting.id, [dataclasses.replace(entry, recording_offset=None) for entry in timed]
            )
    return deleted


def closed_if_left_running(
    repository: Repository,
    meeting: Meeting,
    agenda: Sequence[AgendaItem] | None = None,
    memo: Sequence[MemoEntry] | None = None,
) -> tuple[Meeting, float | None]:
    """The meeting, its recording stopped where its sound ends when the records show it running
    (the caller makes sure no recorder of this app takes its sound), and the seconds of that sound:
    None when its file is not here or cannot be read (a crash before anything was written), and it
    then stops at the last moment anything was noted. The caller saves it. ``agenda`` and ``memo``
    are the meeting's, when the caller has them read already."""
    from facilitator.closing import last_recorded
    from facilitator.live import recording_left_running

    running = meeting.recording
    if running is None:
        return meeting, None
    path = audio_path(repository.workspace.folder, meeting.id, running)
    seconds = _readable_seconds(path) if path is not None else None
    last = last_recorded(
        meeting,
        repository.agenda(meeting.id) if agenda is None else agenda,
        repository.attendance(meeting.id),
        repository.memo(meeting.id) if memo is None else memo,
    )
    return recording_left_running(meeting, seconds, last), seconds


def _readable_seconds(path: Path) -> float | None:
    from facilitator.audio import UnreadableAudio
    from facilitator.audio.files import audio_seconds

    try:
        return audio_seconds(path)
    except (UnreadableAudio, OSError):
        return None


def _without_sound(recording: Recording) -> Recording:
    return dataclasses.replace(recording, audio_file="", audio_seconds=None)


def remove_sound_folder(workspace_folder: Path, meeting_id: str) -> int:
    """Unlink every file of the meeting's sound folder (a copy left half-made too) and the folder;
    the number of sound files deleted. Nothing happens when the meeting has none."""
    folder = meeting_folder(workspace_folder, meeting_id)
    if not folder.is_dir():
        return 0
    deleted = 0
    try:
        for path in sorted(folder.iterdir()):
            path.unlink()
            deleted += not path.name.startswith(".")
        folder.rmdir()
    except OSError as error:
        raise StorageError(
            _("Could not delete the sound in {folder}: {reason}.").format(folder=folder, reason=os_reason(error))
        ) from error
    return deleted
