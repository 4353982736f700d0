"""The live meeting: the agenda clock, the memo typed as people talk, and everything one key away
(correcting the entries is in :mod:`screens.live_entries`, the recording in :mod:`screens.live_recording`,
closing and leaving in :mod:`screens.live_closing`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header

from facilitator.checkin import checkin_rows, counts, without_audio_consent
from facilitator.dates import format_date, format_time
from facilitator.i18n import _
from facilitator.live import advanced, clock, new_entry, recording_offset
from facilitator.local_time import local_moment
from facilitator.markers import parse_line
from facilitator.mentions import Mentionable
from facilitator.model import Group, Invalid, Meeting, MemoEntry, MemoKind, Person
from screens.key_names import key_named, keys_named
from screens.live_closing import MeetingClosing
from screens.live_entries import EntryCorrections
from screens.live_recording import MeetingRecording
from screens.widgets.clock_bar import ClockBar
from screens.widgets.memo_input import MemoInput
from screens.widgets.memo_log import MemoLog
from screens.widgets.plain import Plain
from storage.errors import StorageError
from storage.repository import Repository

#: Width of the log's time and kind columns, with the cells' padding and the scroll bar.
_OTHER_COLUMNS = 5 + 8 + 3 * 2 + 2


class LiveScreen(EntryCorrections, MeetingRecording, MeetingClosing):
    """Type a line and press Enter: it is on disk before the input clears."""

    CSS_PATH = "live.tcss"
    #: Focused as the screen is composed, not a moment later: keys typed while it opens go there.
    AUTO_FOCUS = "#memo-line"
    HELP = _(
        "Type what is said and press Enter: the line is saved with the time, the agenda item and the "
        "recording's offset. Markers in the line tag it: !d decision, !a action (its owner is the first "
        "@name; due:15.12. sets the due date), !ne need, !i idea, !no note (the default); !o outcome (an "
        "outcome in the business of the first @name, drafted to complete after the meeting); #PS and the other "
        "activity codes ({codes} lists them); @ and the first letters of a name mention a member (→ completes "
        "the name). Tab moves to the log, where enter edits an entry and delete removes it; earlier wording is "
        "kept, and typing a letter goes back to the line. "
        "{record} records the laptop's microphone once those checked in have all consented; {pause} pauses it. "
        "Without a microphone only the marks are kept: a phone's file can be attached afterwards. "
        "Leaving this screen does not close the meeting: {close} does."
    )
    #: A ctrl+letter first, which the footer shows: many laptops send F-keys as media keys unless Fn
    #: is held. None is a key of the memo line's own (ctrl+a e d k u w x c v), tmux's ctrl+b, or one
    #: a terminal sends as another key (ctrl+h i j m [); ctrl+o is the app's exports folder elsewhere.
    BINDINGS = [
        Binding("ctrl+l,f2", "codes", _("Codes"), tooltip=_("The eleven activity codes"), id="live.codes"),
        Binding(
            "ctrl+t,f3",
            "tag",
            _("Tag"),
            tooltip=_("Tag or re-kind the last entry (or the selected one)"),
            id="live.tag",
        ),
        Binding("ctrl+y,f4", "checkin", _("Check-in"), tooltip=_("Who is here, guests, consents"), id="live.checkin"),
        Binding("ctrl+n,f5", "next_item", _("Next"), tooltip=_("Move on to the next agenda item"), id="live.next"),
        Binding("ctrl+r,f6", "recording", _("Rec"), tooltip=_("Start or stop the audio recording"), id="live.record"),
        # One of the two acts, while a recording runs (see check_action). Out of the footer, which is full
        # in Finnish and Swedish: the notice of the recording started names the key, F1 lists it.
        Binding("ctrl+z,f9", "pause", _("Pause"), tooltip=_("Pause the recording"), id="live.pause", show=False),
        Binding("ctrl+z,f9", "resume", _("Resume"), tooltip=_("Resume the recording"), id="live.resume", show=False),
        Binding(
            "ctrl+o,f7", "actions", _("Actions"), tooltip=_("The group's action items"), id="live.actions", show=False
        ),
        Binding(
            "ctrl+f,f8",
            "close_meeting",
            _("Close"),
            tooltip=_("Close the meeting: conclusions and end time"),
            id="live.close",
        ),
        # Out of the footer, to leave 80 columns to the meeting's keys in every language; F1 lists it.
        Binding(
            "escape",
            "back",
            _("Back"),
            tooltip=_("Leave the screen; the meeting stays open"),
            id="live.back",
            show=False,
        ),
    ]

    def __init__(self, repository: Repository, group: Group, meeting: Meeting) -> None:
        super().__init__(repository, group, meeting)
        self._people: list[Person] = repository.people(group.id)
        self._names = {person.id: person.name for person in self._people}
        self._mentionables = [Mentionable(person.id, person.name) for person in self._people]
        self._items = repository.agenda(meeting.id)
        self._entries = repository.memo(meeting.id)
        self.sub_title = meeting.theme

    def current_help(self) -> str:
        """HELP, naming the keys as they are bound (see screens/key_names.py)."""
        return self.HELP.format(
            codes=keys_named(self, "live.codes"),
            close=keys_named(self, "live.close"),
            record=keys_named(self, "live.record"),
            pause=keys_named(self, "live.pause"),
        )

    def compose(self) -> ComposeResult:
        yield Header()
        yield ClockBar(
            self.group.time_zone,
            next_key=keys_named(self, "live.next"),
            close_key=keys_named(self, "live.close"),
            id="clock",
        )
        yield MemoLog(self._describe_tags, typing_goes_to="#memo-line", id="memo-log")
        yield Plain("", id="memo-problems")
        yield MemoInput(
            self._mentionables,
            self._keep_line,
            placeholder=_("What is said… (!d decision, !a action, #PS code, @name; {help} help)").format(
                help=key_named(self.app, "app.help")
            ),
            id="memo-line",
        )
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._show_problem("")
        self._fit_log()
        self._show_entries()
        self._refresh_counts()
        self._close_recording_left_running()
        self._tick()
        self.set_interval(1, self._tick)
        self.set_interval(0.2, self._show_level)
        self.query_one("#memo-line", MemoInput).focus()

    def on_resize(self) -> None:
        self._fit_log()

    def _fit_log(self) -> None:
        log = self.query_one(MemoLog)
        if log.set_text_width(max(20, self.size.width - _OTHER_COLUMNS)) and log.is_mounted:
            self._show_entries()

    # -- showing ---------------------------------------------------------------------------------

    def _time(self, entry: MemoEntry) -> str:
        return format_time(local_moment(entry.written_at, self._zone))

    def _describe_tags(self, entry: MemoEntry) -> str:
        parts = [f"#{code}" for code in entry.codes]
        if entry.kind is MemoKind.ACTION:
            owner = self._names.get(entry.owner_id, _("no owner"))
            due = format_date(entry.due) if entry.due else _("no due date")
            parts.append(f"→ {owner}, {due}")
        named = (self._names.get(person_id, "?") for person_id in entry.people if person_id != entry.owner_id)
        parts += [f"@{name}" for name in named if name not in entry.text]  # tagged later, not in the words
        if outcome := self.linked_outcome(entry.id):
            parts.append(_("→ outcome of {name}").format(name=self._names.get(outcome.person_id, "?")))
        return " ".join(parts)

    def _show_entries(self) -> None:
        self.query_one(MemoLog).show((entry, self._time(entry)) for entry in self._entries)

    def _refresh_counts(self) -> None:
        rows = self._rows()
        self.query_one(ClockBar).counts = counts(rows).describe()

    def _rows(self):
        return checkin_rows(self._people, self.repository.attendance(self.meeting.id), self._local_day())

    def _tick(self) -> None:
        self._watch_recorder()
        now = self.repository.now()
        bar = self.query_one(ClockBar)
        bar.state = clock(self.meeting, self._items, now)
        bar.recording_seconds = recording_offset(self.meeting, now, self._sound_seconds())
        bar.recording_paused = bool(self.meeting.recording and self.meeting.recording.paused)
        bar.sound_stalled = self._sound_stalled()

    def _show_level(self) -> None:
        """The meter follows the sound more often than the clock ticks."""
        self.query_one(ClockBar).sound_level = self._sound_level() if self.meeting.recording else None

    # -- the memo --------------------------------------------------------------------------------

    def _keep_line(self, line: str) -> bool:
        """Save the line the moment its Enter arrives (see :class:`MemoInput`); True once the entry
        is on disk, False when it was refused or could not be written: the line then stays, with
        the reason under the log. A meeting no longer under way takes no line (see
        :meth:`_meeting_as_stored`: a look in memory, as quick as the keys come)."""
        if self._meeting_as_stored() is None:
            return False
        parsed = parse_line(line, self._mentionables, self.repository.today(self._zone))
        problems = [*parsed.problems, *filter(None, [self.outcome_problem(parsed)])]
        if problems:
            self._show_problem(_("Not saved: {reasons}").format(reasons=" ".join(dict.fromkeys(problems))))
            return False
        try:
            entry = new_entry(parsed, self.meeting, self._items, self.repository.now(), self._sound_seconds())
            saved = self.repository.save_memo_entry(entry)
        except StorageError as error:
            self._show_problem(_("Not saved, the line is kept: {reason}").format(reason=error))
            self.notify(str(error), title=_("Not saved"), severity="error", timeout=30)
            return False
        self._show_problem("")
        self._entries.append(saved)
        self._draft_outcome(saved, parsed)
        self.query_one(MemoLog).append(saved, self._time(saved))
        return True

    def _show_problem(self, message: str) -> None:
        """Why the line was not saved, right under the log where the eye is; empty hides it."""
        problems = self.query_one("#memo-problems", Plain)
        problems.update(message)
        problems.display = bool(message)

    # -- actions ---------------------------------------------------------------------------------

    def action_codes(self) -> None:
        from screens.codes import CodesPalette

        def chosen(code: str | None) -> None:
            if code:
                self.query_one("#memo-line", MemoInput).insert_marker(f"#{code}")

        self.app.push_screen(CodesPalette(), chosen)

    def action_next_item(self) -> None:
        if self._meeting_as_stored() is None:
            return
        changed = advanced(self._items, self.repository.now())
        if not changed:
            self.notify(_("The agenda is done: {key} closes the meeting.").format(key=keys_named(self, "live.close")))
            return
        try:
            self._items = self.repository.save_agenda(self.meeting.id, changed)
        except (StorageError, Invalid) as error:
            self.notify(str(error), title=_("Not saved"), severity="error", timeout=30)
            return
        self._tick()

    def _save_meeting(self, meeting: Meeting) -> bool:
        try:
            self.meeting = self.repository.save_meeting(meeting)
        except (StorageError, Invalid) as error:
            self.notify(str(error), title=_("Not saved"), severity="error", timeout=30)
            return False
        self._tick()
        return True

    def action_checkin(self) -> None:
        from screens.checkin import CheckinScreen

        if self._meeting_as_stored() is None:
            return
        self.app.push_screen(CheckinScreen(self.repository, self.group, self.meeting, self._people), self._checked_in)

    def _checked_in(self, _result: None = None) -> None:
        """New counts; and, should someone now present not have consented while the recording runs,
        the recording paused at once and their consent asked (see :class:`MeetingRecording`)."""
        self._refresh_counts()
        stored = self._meeting_as_stored()
        if stored is None:
            return
        self.meeting = stored  # the check-in may have changed it (a sound deleted with a consent withdrawn)
        if stored.recording and (missing := without_audio_consent(self._rows())):
            self._consent_missing_while_recording(missing)

    def action_actions(self) -> None:
        from screens.actions import ActionItemsScreen

        self.app.push_screen(
            ActionItemsScreen(self.repository, self.group, self.meeting), lambda _result: self._reload()
        )

    def _reload(self) -> None:
        """Action items closed on the list may be entries of this meeting: show them as saved."""
        self._entries = self.repository.memo(self.meeting.id)
        self._show_entries()
