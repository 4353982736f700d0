"""A held meeting's memo entries in the order they were written, each with its moment in the
meeting's sound: a key plays that moment from a few seconds before, another stops, and a recording
made on another device can be attached (see :mod:`screens.attach_recording`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from facilitator.audio import AudioUnavailable, UnreadableAudio
from facilitator.dates import format_day
from facilitator.i18n import _
from facilitator.meeting_entries import (
    entry_cells,
    entry_details,
    entry_moment,
    meeting_day,
    playback_refusal,
    playing_line,
    sound_line,
)
from facilitator.model import Group, Meeting, MeetingStatus, MemoEntry
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.recordings import playback_start
from screens.key_names import key_named, keys_named
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.meeting_consent import present_without_consent
from storage.recordings import audio_path
from storage.repository import Repository

if TYPE_CHECKING:
    from facilitator.audio.player import Player

#: How often the line under the title says where the sound has got to (seconds).
POLL = 0.25


class _EntriesTable(RecordTable):
    """The entries, where Home and End go to the first and the last one (a table's own Home and
    End move along the row, which a table of rows has no use for)."""

    BINDINGS = [
        Binding("home", "scroll_top", show=False, id="meeting_entries.first"),
        Binding("end", "scroll_bottom", show=False, id="meeting_entries.last"),
    ]


class MeetingEntriesScreen(Screen[None]):
    """Every memo entry of one held meeting, its moment in the sound played on a key."""

    CSS_PATH = "meeting_entries.tcss"
    HELP = _(
        "The memo entries of the meeting in the order they were written: the time each was typed, its "
        "moment in the meeting's recording (minutes:seconds into the sound, when one was held then), "
        "its kind and its text; the line under the table shows the selected entry whole. The line at the "
        "top says what sound the meeting holds. {play} plays the selected entry's moment from a few "
        "seconds before it was typed, {stop} stops."
    )
    ATTACH_HELP = _(
        "{attach} attaches a recording made on another device (a phone or a recorder) with the moment it "
        "started: the entries typed while it ran get their moments in it."
    )
    NO_ATTACH_HELP = _("No recording can be attached to this meeting: {reason}")
    BINDINGS = [
        Binding(
            "p,space",
            "play",
            _("Play"),
            tooltip=_("Play the selected entry's moment, from a few seconds before"),
            id="meeting_entries.play",
        ),
        Binding("s,x", "stop", _("Stop"), tooltip=_("Stop playing"), id="meeting_entries.stop"),
        Binding(
            "a",
            "attach",
            _("Attach"),
            tooltip=_("Attach a recording made on another device"),
            id="meeting_entries.attach",
        ),
        Binding("escape", "back", _("Back"), id="meeting_entries.back"),
    ]

    def __init__(self, repository: Repository, group: Group, meeting: Meeting) -> None:
        super().__init__()
        self.repository = repository
        self.group = group
        self.meeting = meeting
        self.entries: list[MemoEntry] = []
        #: The names of the meeting's sound files that are on this laptop.
        self._here: set[str] = set()
        #: Those present at the meeting who did not consent to the recording: no sound may be kept.
        self._without_consent: list[str] = []
        self.title = _("{group} · {day}").format(
            group=group.name, day=format_day(meeting_day(meeting, group.time_zone))
        )

    def current_help(self) -> str:
        """HELP, naming the keys as they are bound (see screens/key_names.py), and whether a
        recording can be attached, or why not."""
        text = self.HELP.format(
            play=keys_named(self, "meeting_entries.play"), stop=keys_named(self, "meeting_entries.stop")
        )
        if self.check_action("attach", ()):
            return text + " " + self.ATTACH_HELP.format(attach=keys_named(self, "meeting_entries.attach"))
        return text + " " + self.NO_ATTACH_HELP.format(reason=self._why_no_attaching())

    def _why_no_attaching(self) -> str:
        if self._without_consent:
            return _("{names} did not consent to the recording.").format(names=", ".join(self._without_consent))
        if self.meeting.status is not MeetingStatus.HELD:
            return _("it was not held.")
        return _("its sound was recorded in the app.")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(id="entries-sound")
        yield Plain(id="entries-playing")
        yield _EntriesTable(id="entries")
        yield Plain(id="entry-details")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#entries", RecordTable)
        table.add_column(_("Time"), key="time")
        table.add_column(_("In recording"), key="offset")
        table.add_column(_("Kind"), key="kind")
        table.add_text_column(_("Text"), key="text")
        self._poll = self.set_interval(POLL, self._show_playing, pause=True)
        self._read()
        table.focus()

    def _read(self) -> None:
        """The meeting as saved now, its entries and which of its sound files are here."""
        try:
            self.meeting = self.repository.meeting(self.meeting.id)
            records = self.repository.meeting_records(self.meeting.id, tables=frozenset({"memo"}))
            self.entries = list(records.memo)
        except StorageError as error:
            self.notify(str(error), title=_("Entries not shown"), severity="error", timeout=30)
        self._without_consent = self._present_without_consent()
        folder = self.repository.workspace.folder
        self._here = {
            recording.audio_file
            for recording in self.meeting.recordings
            if audio_path(folder, self.meeting.id, recording) is not None
        }
        zone = self.group.time_zone
        self.query_one("#entries-sound", Plain).update(
            sound_line(
                self.meeting,
                zone,
                self._here,
                key_named(self, "meeting_entries.attach") if self.check_action("attach", ()) else "",
                self._without_consent,
            )
        )
        self.query_one("#entries", RecordTable).refill(
            (entry.id, entry_cells(self.meeting, entry, zone)) for entry in self.entries
        )
        self._show_details()

    def _present_without_consent(self) -> list[str]:
        """The names of those present who did not consent to the recording (none when unread)."""
        try:
            return [shown_pseudonyms(name) for name in present_without_consent(self.repository, self.meeting)]
        except StorageError:
            return []

    def _selected(self) -> MemoEntry | None:
        key = self.query_one("#entries", RecordTable).selected_key
        return next((entry for entry in self.entries if entry.id == key), None)

    def _show_details(self) -> None:
        self.query_one("#entry-details", Plain).update(
            entry_details(self.meeting, self._selected(), self.group.time_zone)
        )

    def on_data_table_row_highlighted(self, _event: RecordTable.RowHighlighted) -> None:
        self._show_details()

    def on_data_table_row_selected(self, _event: RecordTable.RowSelected) -> None:
        """Enter on an entry plays its moment, as p does."""
        self.action_play()

    # -- playing -------------------------------------------------------------------------------

    @property
    def _player(self) -> Player:
        return self.app.player  # type: ignore[attr-defined]  # FacilitatorApp's one player

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "attach":  # a held meeting, whose sound was not recorded in the app and may be kept
            return (
                self.meeting.status is MeetingStatus.HELD
                and not self._without_consent
                and not any(recording.has_audio and not recording.attached for recording in self.meeting.recordings)
            )
        return True

    def action_play(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        refusal = playback_refusal(self.meeting, entry, self._here)
        moment = entry_moment(self.meeting, entry)
        path = None if moment is None else audio_path(self.repository.workspace.folder, self.meeting.id, moment[0])
        if refusal is None and path is None:  # deleted since the screen looked
            refusal = _("The sound of this recording is on the facilitator's laptop, not here.")
        if refusal is not None or path is None:
            self.notify(refusal or "", title=_("Not played"), severity="warning")
            return
        try:
            self._player.play(path, playback_start(entry))
        except (AudioUnavailable, UnreadableAudio) as error:
            self.notify(str(error), title=_("Not played"), severity="error", timeout=15)
            return
        self._show_playing()
        self._poll.resume()

    def _show_playing(self) -> None:
        """Where the sound has got to, while it plays; nothing once it has stopped."""
        position = self.app.playing_position()  # type: ignore[attr-defined]  # FacilitatorApp's
        self.query_one("#entries-playing", Plain).update(playing_line(position))  # its row kept: no jump
        if position is None:
            self._poll.pause()

    def action_stop(self) -> None:
        self.stop_playing()

    def stop_playing(self) -> None:
        """Stop the sound this screen started (the app's one player: nothing else plays)."""
        self.app.stop_playing()  # type: ignore[attr-defined]  # FacilitatorApp's
        self._show_playing()

    # -- attaching -----------------------------------------------------------------------------

    def action_attach(self) -> None:
        from screens.attach_recording import AttachRecordingForm  # imported when first needed

        self.stop_playing()
        self.app.push_screen(AttachRecordingForm(self.repository, self.group, self.meeting), self._attached)

    def _attached(self, meeting: Meeting | None) -> None:
        if meeting is not None:
            self.meeting = meeting
            self._read()
            self.refresh_bindings()

    def action_back(self) -> None:
        self.stop_playing()
        self.dismiss()

    def on_unmount(self) -> None:
        """However the screen goes (the app quitting too), its sound stops with it."""
        self.app.stop_playing()  # type: ignore[attr-defined]  # FacilitatorApp's
