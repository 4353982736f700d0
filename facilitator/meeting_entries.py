"""A held meeting's memo entries as its entries screen shows them (screens/meeting_entries.py): each
entry's row and its whole text, the line saying what sound the meeting holds, why an entry's moment
cannot be played, and the start time typed when a recording made on another device is attached.

Plain words from plain records: which sound files are on this laptop is asked of the workspace by
the screen and handed in (``here``: the names of the files found)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date, time

from facilitator.dates import format_count, format_time, format_time_range, time_placeholder
from facilitator.i18n import _, ngettext
from facilitator.local_time import local_day, local_moment
from facilitator.model import Meeting, MemoEntry, Recording
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.recordings import recording_of_entry
from facilitator.summary import format_offset

#: A clock time typed for the start of a sound file: 19:02, 19.02, 19:02:30 or 19.02.30.
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)(?:[:.]([0-5]\d))?$")


def entry_moment(meeting: Meeting, entry: MemoEntry) -> tuple[Recording, int] | None:
    """The recording with sound that holds the entry's moment, and the seconds into it; None when
    the entry was typed while no sound was taken."""
    if entry.recording_offset is None:
        return None
    recording = recording_of_entry(meeting, entry)
    if recording is None or not recording.has_audio:
        return None
    return recording, entry.recording_offset


def entry_cells(meeting: Meeting, entry: MemoEntry, time_zone: str) -> tuple[str, str, str, str]:
    """The entry's row: the time it was typed, its moment in the sound (mm:ss, empty when it has
    none), its kind and its text (the table cuts a long one; the details line shows it whole)."""
    moment = entry_moment(meeting, entry)
    return (
        format_time(local_moment(entry.written_at, time_zone)),
        format_offset(moment[1]) if moment is not None else "",
        entry.kind.label,
        " ".join(shown_pseudonyms(entry.text).split()),
    )


def entry_details(meeting: Meeting, entry: MemoEntry | None, time_zone: str) -> str:
    """The selected entry whole: when it was typed, its moment in which recording, its kind and
    codes, and its text as typed."""
    if entry is None:
        return _("No memo entry was written in this meeting.")
    parts = [format_time(local_moment(entry.written_at, time_zone))]
    moment = entry_moment(meeting, entry)
    if moment is not None:
        recording, offset = moment
        with_sound = [held for held in meeting.recordings if held.has_audio]
        if len(with_sound) > 1:
            number = next(index for index, held in enumerate(with_sound, start=1) if held is recording)
            parts.append(_("{offset} into recording {number}").format(offset=format_offset(offset), number=number))
        else:
            parts.append(_("{offset} into the recording").format(offset=format_offset(offset)))
    parts.append(entry.kind.label)
    if entry.codes:
        parts.append(" ".join(entry.codes))
    return " · ".join(parts) + "\n" + shown_pseudonyms(entry.text)


def sound_line(
    meeting: Meeting, time_zone: str, here: Collection[str], attach_key: str, without_consent: Sequence[str] = ()
) -> str:
    """What sound the meeting holds: its span, files and length; only the marks; none; or files
    named but not on this laptop (a coordinator's before the recordings file is imported). A
    meeting without sound says whether a file can be attached: not when ``without_consent`` names
    people present who did not consent, and only when ``attach_key`` is given (empty: not here)."""
    recordings = meeting.recordings
    files = [recording for recording in recordings if recording.has_audio]
    if not files:
        marks = _("Recording marks only: no sound held here.") if recordings else _("Not recorded.")
        if without_consent:
            return (
                marks
                + " "
                + _("No sound may be kept: {names} did not consent.").format(names=", ".join(without_consent))
            )
        if attach_key:
            return marks + " " + _("{key} attaches a file.").format(key=attach_key)
        return marks
    span = recorded_span(recordings, time_zone)
    found = [recording for recording in files if recording.audio_file in here]
    if not found:
        return _("Recorded {span}. The sound is on the facilitator's laptop, not here.").format(span=span)
    length = sum(recording.audio_seconds or 0.0 for recording in found)
    line = ngettext(
        "Recorded {span}, {count} file, {length}.", "Recorded {span}, {count} files, {length}.", len(found)
    ).format(span=span, count=format_count(len(found)), length=format_offset(round(length)))
    if len(found) < len(files):
        missing = len(files) - len(found)
        line += " " + ngettext(
            "{count} more file is on the facilitator's laptop, not here.",
            "{count} more files are on the facilitator's laptop, not here.",
            missing,
        ).format(count=format_count(missing))
    return line


def recorded_span(recordings: Sequence[Recording], time_zone: str) -> str:
    """``19:02–20:41`` from the first start to the last stop of any of them (attached files are in
    the order they start, and one may run past the next), on the group's clock; ``from 19:02`` while
    one still runs."""
    started = local_moment(min(recording.started_at for recording in recordings), time_zone)
    if any(recording.stopped_at is None for recording in recordings):
        return _("from {time}").format(time=format_time(started))
    stopped = max(recording.stopped_at for recording in recordings if recording.stopped_at is not None)
    return format_time_range(started, local_moment(stopped, time_zone))


def playback_refusal(meeting: Meeting, entry: MemoEntry, here: Collection[str]) -> str | None:
    """Why the entry's moment cannot be played here, or None when its sound is on this laptop."""
    if not meeting.recordings:
        return _("This meeting was not recorded.")
    moment = entry_moment(meeting, entry)
    if moment is None:
        return _("This entry has no moment in the recording.")
    if moment[0].audio_file not in here:
        return _("The sound of this recording is on the facilitator's laptop, not here.")
    return None


def playing_line(position: float | None) -> str:
    """``▶ playing 12:31`` while the sound plays; empty otherwise."""
    if position is None:
        return ""
    return _("▶ playing {position}").format(position=format_offset(int(position)))


# -- the start time of a sound attached ------------------------------------------------------------


def meeting_day(meeting: Meeting, time_zone: str) -> date:
    """The meeting's day on the group's calendar: the day the sound's start time is on."""
    return local_day(meeting.started_at or meeting.starts_at, time_zone)


def start_text(meeting: Meeting, time_zone: str) -> str:
    """The start time offered for a sound attached: when the meeting was started (else planned to
    start), on the group's clock, written as times are written here (``19:02``, ``19.02``)."""
    local = local_moment(meeting.started_at or meeting.starts_at, time_zone)
    separator = _separator()
    text = f"{local.hour:02d}{separator}{local.minute:02d}"
    return f"{text}{separator}{local.second:02d}" if local.second else text


def start_placeholder() -> str:
    """``19:02:30``, the way times are written here."""
    separator = _separator()
    return f"19{separator}02{separator}30"


def _separator() -> str:
    placeholder = time_placeholder()  # 17:30 or 17.30
    return placeholder[2] if len(placeholder) == 5 else ":"


def read_clock(text: str) -> time | None:
    """The clock time ``text`` names (HH:MM or HH:MM:SS, with ``:`` or ``.``), or None."""
    match = _CLOCK.match(text.strip())
    if match is None:
        return None
    return time(int(match[1]), int(match[2]), int(match[3] or 0))


def start_problem() -> str:
    return _("Write the time the sound started as {example} (hours, minutes and seconds if known).").format(
        example=start_placeholder()
    )


def moments_in_new_file(meeting: Meeting, entries: list[MemoEntry], files_before: set[str]) -> int:
    """How many entries have their moment in the file just attached (not in one attached before,
    which keeps those of its own that the new file does not cover)."""
    moments = (entry_moment(meeting, entry) for entry in entries)
    return sum(1 for moment in moments if moment is not None and moment[0].audio_file not in files_before)
