"""A consent to audio recording taken back: which recordings go, and the words asked and told.

A meeting may hold sound only while everyone present consents to it. Whoever withdraws the consent
(on the roster, in a roster file, on the spot at check-in) or is erased takes it back for the
meetings already recorded too: every sound file of the meetings they attended is deleted, once the
user has read them listed. The recordings' marks and the memo entries stay; the entries lose their
places in the sound, which is gone. Backups hold no sound, so no other copy is left in the workspace.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from facilitator.dates import format_count, format_date
from facilitator.i18n import _, ngettext
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting, Person
from facilitator.recordings import recorder_running


def withdraws_audio_consent(before: Person | None, after: Person) -> bool:
    """Whether saving ``after`` over ``before`` takes back a consent to audio recording."""
    return before is not None and before.audio_consent is not None and after.audio_consent is None


def sound_file_names(meeting: Meeting) -> list[str]:
    """The names of the meeting's sound files, in the order recorded."""
    return [recording.audio_file for recording in meeting.recordings if recording.has_audio]


def recorded_meeting_line(meeting: Meeting, group: Group | None) -> str:
    """One meeting whose recordings go: its group, its day, its files."""
    return _("{group}, {date}: {files}").format(
        group=group.name if group is not None else "?",
        date=_meeting_day(meeting, group),
        files=", ".join(sound_file_names(meeting)) or _("sound that no recording names (left by a crash)"),
    )


def _meeting_day(meeting: Meeting, group: Group | None) -> str:
    return format_date(local_day(meeting.starts_at, group.time_zone if group is not None else ()))


def recorded_meeting_lines(meetings: Sequence[Meeting], groups: Mapping[str, Group]) -> list[str]:
    """The meetings whose recordings go, one indented line each, in time order."""
    ordered = sorted(meetings, key=lambda meeting: (meeting.starts_at, meeting.id))
    return ["  " + recorded_meeting_line(meeting, groups.get(meeting.group_id)) for meeting in ordered]


def withdrawal_question(name: str, lines: Sequence[str]) -> str:
    """The question asked before a withdrawn consent is saved: which recordings it deletes."""
    heading = ngettext(
        "{name} no longer consents to audio recording: the recording of the meeting they attended is "
        "deleted, every sound file of it:",
        "{name} no longer consents to audio recording: the recordings of the {count} meetings they attended "
        "are deleted, every sound file of each:",
        len(lines),
    ).format(name=name, count=format_count(len(lines)))
    return "\n".join([heading, *lines, recordings_deleted_note()])


def recordings_deleted_note() -> str:
    """What stays once the sound is deleted, and that it cannot come back."""
    return _(
        "The memo entries stay, without their places in the sound. Backups hold no sound, so no copy is "
        "left in this workspace. This cannot be undone."
    )


def deleted_notice(files: int, meetings: int) -> str:
    """What was deleted, for the notice after it."""
    return ngettext(
        "{files} sound file deleted ({meetings}).", "{files} sound files deleted ({meetings}).", files
    ).format(
        files=format_count(files),
        meetings=ngettext("{count} meeting", "{count} meetings", meetings).format(count=format_count(meetings)),
    )


def running_recordings(meetings: Sequence[Meeting]) -> list[Meeting]:
    """Those of ``meetings`` whose sound this app is taking now: it cannot be deleted under the
    recorder. A recording running only in the records (a crash left it, or it came from a laptop
    that was recording) is no reason to wait: nothing is taking its sound here."""
    return [meeting for meeting in meetings if meeting.recording is not None and recorder_running(meeting.id)]


def running_refusal(meeting: Meeting, group: Group | None) -> str:
    """Why nothing is saved while a meeting whose sound would go is being recorded."""
    return _(
        "The meeting of {group} on {date} is being recorded: stop the recording before the consent is withdrawn "
        "(its sound is then deleted). Nothing is saved."
    ).format(group=group.name if group is not None else "?", date=_meeting_day(meeting, group))
