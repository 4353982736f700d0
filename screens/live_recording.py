"""The live meeting's recording (see :class:`screens.live.LiveScreen`): the sound from the laptop's
microphone taken into the meeting's folder while the recording runs, paused and resumed, stopped
when the screen is left or the app quits, and a recording a crash left running closed where its
sound ends. A missing or failing microphone is told and keeps the recording as marks only: the memo
line never waits for the sound."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.checkin import CheckinRow, without_audio_consent
from facilitator.closing import MeetingMovedOn, still_under_way
from facilitator.dates import format_time
from facilitator.i18n import _, ngettext
from facilitator.live import (
    ConsentMissing,
    recording_paused,
    recording_resumed,
    recording_started,
    recording_stopped,
)
from facilitator.local_time import local_moment
from facilitator.model import AgendaItem, Invalid, Meeting, MemoEntry
from facilitator.recordings import recorder_started, recorder_stopped
from facilitator.summary import format_offset
from screens.key_names import keys_named
from screens.meeting_screen import MeetingScreen
from storage.errors import StorageError
from storage.recordings import closed_if_left_running, new_recording_path

if TYPE_CHECKING:
    from facilitator.audio.recorder import Recorder

#: Seconds without any sound written, not paused, after which the bar says no sound comes in.
STALLED_SECONDS = 2.0


class MeetingRecording(MeetingScreen):
    """Starts, pauses and stops the recording and its :class:`Recorder`; the screen saves the
    meeting (``_save_meeting``) and shows the clock (``_tick``), which asks :meth:`_sound_seconds`
    and :meth:`_watch_recorder`."""

    _items: list[AgendaItem]
    _entries: list[MemoEntry]
    _rows: Callable[[], list[CheckinRow]]
    _refresh_counts: Callable[[], None]
    _save_meeting: Callable[[Meeting], bool]
    _meeting_as_stored: Callable[[], Meeting | None]

    #: The sound being taken now, and its file: None when no recording runs, or it keeps only marks.
    _recorder: Recorder | None = None
    _sound_file: Path | None = None
    #: The recorder's seconds when last seen growing, and when (time.monotonic()): a microphone
    #: that stopped sending sound shows in the bar long before the recorder gives up on it.
    _sound_seen: tuple[float, float] = (0.0, 0.0)

    # -- what the clock shows --------------------------------------------------------------------

    def _sound_seconds(self) -> float | None:
        """Seconds of sound written so far (pauses excluded): the offset of a line typed now."""
        return None if self._recorder is None else self._recorder.offset_seconds

    def _sound_level(self) -> float | None:
        """The sound's strength now, for the meter; None when no sound is taken."""
        return None if self._recorder is None else self._recorder.level

    def _sound_stalled(self) -> bool:
        """Whether the recorder, taking sound and not paused, has written nothing for
        :data:`STALLED_SECONDS`: the microphone has stopped sending (the recorder stops the
        recording only some seconds later), and the bar must not go on saying it records."""
        recorder = self._recorder
        now = time.monotonic()
        if recorder is None or recorder.paused:
            self._sound_seen = (0.0, now)
            return False
        seconds = recorder.offset_seconds
        if seconds > self._sound_seen[0] or self._sound_seen[1] == 0.0:
            self._sound_seen = (seconds, now)
        return now - self._sound_seen[1] >= STALLED_SECONDS

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Pause while a recording runs, resume while it is paused: one of them in the footer."""
        running = self.meeting.recording
        if action == "pause":
            return running is not None and not running.paused
        if action == "resume":
            return running is not None and running.paused
        return True

    # -- start and stop --------------------------------------------------------------------------

    def action_recording(self) -> None:
        stored = self._meeting_as_stored()
        if stored is None:
            return
        if stored.recording:
            if self._save_meeting(self._recording_ended(stored, self.repository.now())):
                self.notify(_("Recording stopped."))
            return
        rows = self._rows()
        if not any(row.present for row in rows):  # the consent asked is of those present: none known yet
            self.notify(
                _(
                    "Nobody is checked in yet. Check in who is here first ({key}): the recording starts "
                    "once everyone present has consented."
                ).format(key=keys_named(self, "live.checkin")),
                title=_("Not recording yet"),
                severity="warning",
                timeout=20,
            )
            return
        try:
            recording_started(stored, rows, self.repository.now())  # nobody is recorded without consent
        except ConsentMissing as missing:
            self._ask_consent(missing)
            return
        recorder = self._started_recorder()
        sound_file = self._sound_file.name if recorder and self._sound_file else ""
        meeting = recording_started(stored, rows, self.repository.now(), sound_file)
        self._recorder = recorder
        if recorder is not None:
            recorder_started(self.meeting.id)
        if not self._save_meeting(meeting):
            self._drop_recorder()
            return
        self.refresh_bindings()
        if recorder is not None:
            self.notify(
                _("Recording started: entries now keep their offset into it. {key} pauses it.").format(
                    key=keys_named(self, "live.pause")
                )
            )

    def _started_recorder(self) -> Recorder | None:
        """A recorder taking the microphone's sound into the meeting's next sound file; None, told
        why, when no sound can be taken (the recording then keeps its marks only)."""
        from facilitator.audio import AudioUnavailable
        from facilitator.audio.recorder import Recorder

        try:
            path = new_recording_path(self.repository.workspace.folder, self.meeting.id)
        except OSError as error:
            self._no_sound(str(error))
            return None
        recorder = Recorder(path)
        try:
            recorder.start()
        except AudioUnavailable as error:
            path.unlink(missing_ok=True)  # nothing was recorded in it: no empty file left behind
            self._no_sound(str(error))
            return None
        self._sound_file = path
        return recorder

    def _no_sound(self, reason: str) -> None:
        self.notify(
            _(
                "{reason}\nThe recording keeps only its marks: memo lines still get their offsets, and a "
                "recording made on another device (a phone, a recorder) can be attached to the meeting afterwards."
            ).format(reason=reason),
            title=_("No sound recorded"),
            severity="warning",
            timeout=30,
        )

    def _stop_recorder(self) -> float | None:
        """Close the sound file; its seconds, or None when no sound was being taken."""
        from facilitator.audio import AudioUnavailable

        recorder, self._recorder = self._recorder, None
        recorder_stopped(self.meeting.id)
        if recorder is None:
            return None
        try:
            return recorder.stop()
        except (AudioUnavailable, OSError) as error:
            self.notify(str(error), title=_("Recording stopped"), severity="error", timeout=30)
            return recorder.offset_seconds

    def _drop_recorder(self) -> None:
        """A recording that could not be saved as started: its sound file goes too."""
        self._stop_recorder()
        if self._sound_file is not None:
            self._sound_file.unlink(missing_ok=True)
            self._sound_file = None

    def _recording_ended(self, stored: Meeting, now: datetime) -> Meeting:
        """``stored`` with its recording stopped at ``now`` and the recorder's file closed."""
        return recording_stopped(stored, now, self._stop_recorder())

    def _stop_on_leaving(self, stored: Meeting) -> Meeting:
        """Leaving the screen stops the recording: saved, and the meeting as stored now."""
        if stored.recording is None:
            return stored
        if self._save_meeting(self._recording_ended(stored, self.repository.now())):
            self.notify(_("Recording stopped."))
        return self.meeting

    def _ask_consent(self, missing: ConsentMissing) -> None:
        from screens.consent_gate import ConsentGate

        def answered(all_given: bool | None) -> None:
            self._refresh_counts()
            if all_given:
                self.action_recording()

        self.app.push_screen(ConsentGate(self.repository, self.meeting, missing.rows), answered)

    # -- pause and resume ------------------------------------------------------------------------

    def action_pause(self) -> None:
        stored = self._meeting_as_stored()
        if stored is None or stored.recording is None or stored.recording.paused:
            return
        if self._recorder is not None:
            self._recorder.pause()  # at once: the sound stops before the pause is saved
        if not self._save_meeting(recording_paused(stored, self.repository.now())):
            if self._recorder is not None:
                self._recorder.resume()
            return
        self.refresh_bindings()
        self.notify(
            _("Recording paused: {key} resumes it. Lines typed meanwhile get the moment it paused.").format(
                key=keys_named(self, "live.resume")
            )
        )

    def action_resume(self) -> None:
        stored = self._meeting_as_stored()
        if stored is None or stored.recording is None or not stored.recording.paused:
            return
        if missing := without_audio_consent(self._rows()):  # someone came meanwhile: asked first
            self._ask_consent_paused(missing, resume=True)
            return
        if not self._save_meeting(recording_resumed(stored, self.repository.now())):
            return
        if self._recorder is not None:
            self._recorder.resume()
        self.refresh_bindings()
        self.notify(_("Recording resumed."))

    # -- someone without consent arrives ---------------------------------------------------------

    def _consent_missing_while_recording(self, missing: list[CheckinRow]) -> None:
        """Someone present has not consented while the recording runs (checked in late, or a
        consent withdrawn): the sound pauses at once, and the consent gate asks them. Consent from
        all resumes it (when it was running); otherwise the recording stops, keeping the sound
        taken before they came."""
        stored = self._meeting_as_stored()
        if stored is None or stored.recording is None:
            return
        running = not stored.recording.paused
        if running:
            if self._recorder is not None:
                self._recorder.pause()  # before anything else: their voice is not taken
            self._save_meeting(recording_paused(stored, self.repository.now()))
            self.refresh_bindings()
        self.notify(
            ngettext(
                "Recording paused: {names} has not consented.",
                "Recording paused: {names} have not consented.",
                len(missing),
            ).format(names=", ".join(row.name for row in missing)),
            title=_("Consent missing"),
            severity="warning",
            timeout=20,
        )
        self._ask_consent_paused(missing, resume=running)

    def _ask_consent_paused(self, missing: list[CheckinRow], resume: bool) -> None:
        """The gate for those present without consent while the recording is paused: all consent,
        and it resumes (when ``resume``); anyone not, and it stops."""
        from screens.consent_gate import ConsentGate

        def answered(all_given: bool | None) -> None:
            self._refresh_counts()
            if all_given:
                if resume:
                    self.action_resume()
                return
            stored = self._meeting_as_stored()
            if stored is None or stored.recording is None:
                return
            if self._save_meeting(self._recording_ended(stored, self.repository.now())):
                self.refresh_bindings()
                self.notify(
                    _("Recording stopped: not everyone present consented. What was recorded before they came is kept."),
                    title=_("Recording stopped"),
                    severity="warning",
                    timeout=20,
                )

        title = _("Recording paused: these people present have not consented")
        self.app.push_screen(ConsentGate(self.repository, self.meeting, missing, title=title), answered)

    # -- failures, crashes and quitting ----------------------------------------------------------

    def _watch_recorder(self) -> None:
        """A microphone that failed mid-way (unplugged, taken by another program): the recording
        stops there with the sound written so far, told once."""
        recorder = self._recorder
        if recorder is None or recorder.failure is None:
            return
        failure = recorder.failure
        stored = self._meeting_as_stored()
        if stored is None or stored.recording is None:
            self._stop_recorder()
            return
        seconds = self._stop_recorder()
        saved = self._save_meeting(recording_stopped(stored, self.repository.now(), seconds))
        self.refresh_bindings()
        self.notify(
            _("{reason}\nThe recording stopped; the sound up to {time} is kept. {key} records again.").format(
                reason=failure, time=format_offset(seconds or 0), key=keys_named(self, "live.record")
            ),
            title=_("Recording stopped"),
            severity="error" if not saved else "warning",
            timeout=60,
        )

    def _close_recording_left_running(self) -> None:
        """A meeting opened with its recording still running, and nothing taking its sound (the app
        quit, crashed or lost its power while recording): stopped where its sound file ends, or
        without sound at the last moment anything was noted, and told."""
        stored = self._meeting_as_stored()
        running = stored.recording if stored else None
        if stored is None or running is None or self._recorder is not None:
            return
        closed, seconds = closed_if_left_running(self.repository, stored, self._items, self._entries)
        if not self._save_meeting(closed):
            return
        stopped = self.meeting.recordings[-1]
        ended = format_time(local_moment(stopped.stopped_at or running.started_at, self._zone))
        key = keys_named(self, "live.record")
        if seconds is not None:
            message = _(
                "The recording stopped when the app closed: its sound ends at {time} ({length} kept). "
                "{key} records again."
            ).format(time=ended, length=format_offset(seconds), key=key)
        else:
            message = _("The recording stopped when the app closed, at {time}. {key} records again.").format(
                time=ended, key=key
            )
        self.notify(message, title=_("Recording stopped"), severity="warning", timeout=60)

    def on_unmount(self) -> None:
        """The app quitting (ctrl+q) while recording: the sound file is closed, and the recording
        saved as stopped when the meeting can still be saved (else reopening closes it)."""
        if self._recorder is None:
            return
        seconds = self._stop_recorder()
        try:
            stored = still_under_way(self.repository.meeting(self.meeting.id), self.meeting)
            if stored.recording is not None:
                self.repository.save_meeting(recording_stopped(stored, self.repository.now(), seconds))
        except (MeetingMovedOn, StorageError, Invalid):
            pass  # the next opening closes it where its sound ends
