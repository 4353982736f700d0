"""Where the live meeting ends (see :class:`screens.live.LiveScreen`): closed with its conclusions
and end time, or left under way (either stops the recording); or, when nothing at all was recorded
in it (opened by mistake), not started after all. Never while a memo line is being typed; and a
meeting closed or restarted elsewhere meanwhile leaves the screen behind, which then steps aside."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from facilitator.checkin import CheckinRow
from facilitator.closing import (
    MeetingMovedOn,
    closed,
    last_recorded,
    nobody_came,
    sound_without_consent,
    still_under_way,
)
from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.live import nothing_recorded, unstarted
from facilitator.model import AgendaItem, Invalid, Meeting, MemoEntry
from screens.meeting_screen import MeetingScreen
from screens.widgets.memo_input import MemoInput
from storage.errors import StorageError


class MeetingClosing(MeetingScreen):
    """The live screen's ways out, which look at its memo line ``#memo-line`` and at the agenda and
    the entries it keeps."""

    _items: list[AgendaItem]
    _entries: list[MemoEntry]
    _rows: Callable[[], list[CheckinRow]]
    _save_meeting: Callable[[Meeting], bool]
    _recording_ended: Callable[[Meeting, datetime], Meeting]
    _stop_on_leaving: Callable[[Meeting], Meeting]

    def on_screen_resume(self) -> None:
        """Back in front (a dialog or a screen above it closed): should the meeting have been
        closed meanwhile, the screen steps aside before any key reaches it. A meeting this screen
        closed itself (its closing dialog just went) is no news: the screen is leaving anyway."""
        if self.meeting.in_progress:
            self._meeting_as_stored()

    def _meeting_as_stored(self) -> Meeting | None:
        """The meeting as stored, to make this screen's change to; None when there is none to
        make, said why. A meeting closed or restarted elsewhere (on another screen, or by a
        co-facilitator's bundle imported meanwhile) leaves this screen behind: it saves nothing,
        and steps aside when it is the screen shown (see :func:`still_under_way`), showing what its
        memo line still held so that no words go unseen. The stored meeting is looked up in
        memory: no disk is read."""
        try:
            return still_under_way(self.repository.meeting(self.meeting.id), self.meeting)
        except MeetingMovedOn as moved:
            self.notify(str(moved), severity="warning", timeout=20)
            typed = [text for line in self.query("#memo-line").results(MemoInput) for text in line.unsaved_lines]
            if typed:
                self.notify(
                    _("What you typed was not saved:\n{text}").format(text="\n".join(typed)),
                    title=_("Not saved"),
                    severity="warning",
                    timeout=60,
                )
            if self.is_active:
                self.dismiss()
        except StorageError as error:
            self.notify(str(error), title=_("Not saved"), severity="error", timeout=30)
        return None

    @property
    def holds_unsaved_text(self) -> bool:
        """A memo line being typed, or pasted lines still waiting: quitting the app asks first.
        (A ctrl+q typed as the screen opens may come before its memo line exists: nothing then.)"""
        return any(line.holds_text for line in self.query("#memo-line").results(MemoInput))

    def _line_kept(self) -> bool:
        """Whether a line is still being typed: leaving now would lose it, so the screen stays."""
        if self.query_one("#memo-line", MemoInput).holds_text:
            self.notify(
                _("The line you are typing is not saved yet: Enter saves it (ctrl+u clears it)."), severity="warning"
            )
            return True
        return False

    def action_close_meeting(self, confirmed: bool = False, sound_asked: bool = False) -> None:
        """Close with conclusions and the end time; a meeting nobody came to and nothing was
        written in is probably the wrong one, so that asks first; and a meeting holding sound while
        someone present has not consented asks whether to delete its sound."""
        from screens.close_meeting import CloseMeetingScreen

        if self._line_kept() or (stored := self._meeting_as_stored()) is None:
            return
        if not sound_asked and (missing := sound_without_consent(stored, self._rows())):
            self._ask_to_delete_sound(missing, confirmed)
            return
        attendance = self.repository.attendance(self.meeting.id)
        if not confirmed and nobody_came(attendance, self._entries):
            from screens.confirm import ConfirmScreen

            question = _(
                "Nobody is checked in and the memo is empty. Close the meeting anyway? It is then marked held."
            )
            self.app.push_screen(
                ConfirmScreen(question, _("Close anyway")),
                lambda yes: self.action_close_meeting(confirmed=True) if yes else None,
            )
            return

        def close(conclusions: str, ended: datetime) -> bool:
            """Saved while the closing dialog is open: True once the meeting is closed; False,
            said why, keeps the dialog open with the conclusions typed."""
            stored = self._meeting_as_stored()
            if stored is None:
                return False
            if stored.recording:  # the sound runs until the meeting is closed, not to the end time typed
                stored = self._recording_ended(stored, self.repository.now())
            meeting, items = closed(stored, self._items, conclusions, ended)
            try:
                if items:
                    self._items = self.repository.save_agenda(self.meeting.id, items)
                self.meeting = self.repository.save_meeting(meeting)
            except (StorageError, Invalid) as error:
                self.notify(str(error), title=_("Not closed"), severity="error", timeout=30)
                return False
            self.notify(_("The meeting is closed and marked held."))
            return True

        def done(result: tuple[str, datetime] | None) -> None:
            if result is not None:
                self.dismiss()
                from screens.after_meeting import AfterMeetingScreen

                self.app.push_screen(AfterMeetingScreen(self.repository, self.group, self.meeting))

        last = last_recorded(self.meeting, self._items, attendance, self._entries)
        dialog = CloseMeetingScreen(self.meeting, self.group.time_zone, self.repository.now, last, close)
        self.app.push_screen(dialog, done)

    def _ask_to_delete_sound(self, missing: list[CheckinRow], confirmed: bool) -> None:
        """The meeting holds sound and someone present has not consented: delete it before closing?
        Either way the closing goes on (unless the sound could not be deleted, as said)."""
        from screens.confirm import ConfirmScreen

        question = ngettext(
            "This meeting holds sound, and {names} was present without consent to the recording. "
            "Delete the meeting's sound before closing? Otherwise it closes with the sound kept.",
            "This meeting holds sound, and {names} were present without consent to the recording. "
            "Delete the meeting's sound before closing? Otherwise it closes with the sound kept.",
            len(missing),
        ).format(names=", ".join(row.name for row in missing))

        def answered(delete: bool | None) -> None:
            if delete and not self._sound_deleted():
                return
            self.action_close_meeting(confirmed=confirmed, sound_asked=True)

        self.app.push_screen(ConfirmScreen(question, _("Delete the sound")), answered)

    def _sound_deleted(self) -> bool:
        """Every sound file of the meeting deleted (a recording still running stopped first), its
        entries' moments with them; False, said why, when that could not be done."""
        from storage.recordings import delete_recordings

        stored = self._meeting_as_stored()
        if stored is None:
            return False
        if stored.recording is not None and not self._save_meeting(
            self._recording_ended(stored, self.repository.now())
        ):
            return False
        try:
            deleted = delete_recordings(self.repository, [self.meeting.id])
            self.meeting = self.repository.meeting(self.meeting.id)
            self._entries = self.repository.memo(self.meeting.id)
        except StorageError as error:
            self.notify(str(error), title=_("Sound not deleted"), severity="error", timeout=30)
            return False
        self.notify(
            ngettext(
                "The meeting's sound is deleted ({count} file).",
                "The meeting's sound is deleted ({count} files).",
                deleted,
            ).format(count=format_count(deleted))
        )
        return True

    def action_back(self) -> None:
        """Leave the screen; the meeting stays under way, unless nothing at all was recorded in it
        (opened by mistake), when the start is undone."""
        if self._line_kept():
            return
        stored = self._meeting_as_stored()
        if stored is None:
            if self.is_active:  # not stepped aside: the meeting could not be read, as said
                self.dismiss()
            return
        stored = self._stop_on_leaving(stored)
        attendance = self.repository.attendance(self.meeting.id)
        if nothing_recorded(stored, self._items, attendance, self._entries):
            try:
                self.repository.save_meeting(unstarted(stored))
            except (StorageError, Invalid) as error:
                self.notify(str(error), title=_("Not saved"), severity="error", timeout=30)
            else:
                self.notify(_("Nothing was recorded, so the meeting is not under way."))
        else:
            self.notify(_("The meeting stays open; m on the group opens it again."))
        self.dismiss()
