"""Meeting preparation: the host's theme, place and times, and the agenda with its running clock
(the agenda's items are kept by :mod:`screens.prepare_agenda`)."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Input

from facilitator.agenda import check_preparation_form, preparation_field_labels, with_new_host
from facilitator.dates import format_count, format_time, time_placeholder
from facilitator.i18n import _, ngettext
from facilitator.local_time import local_moment
from facilitator.model import Invalid, Meeting, Person
from screens.exporting import write_in_background
from screens.key_names import MOVE_KEYS
from screens.prepare_agenda import AgendaEditing
from screens.widgets.form_field import FormField, place_problems
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError


class PrepareScreen(AgendaEditing):
    """One meeting: what it is about, where and when, and its agenda."""

    CSS_PATH = "prepare.tcss"
    HELP = _(
        "Agree the theme with the host, then shape the agenda: clock times follow the planned "
        "minutes, and the total is checked against the meeting's length. A new meeting starts "
        "from the group's agenda template; t saves this agenda as the group's template. "
        "Ctrl+s saves the theme, place and times."
    )
    BINDINGS = [
        # Not a priority binding, so that the fields' last keys are in what it saves (see form.py).
        Binding("ctrl+s", "save", _("Save"), id="prepare.save"),
        Binding("n", "add_item", _("Add"), tooltip=_("Add an agenda item"), id="prepare.add"),
        Binding("e", "edit_item", _("Edit"), tooltip=_("Edit the agenda item"), id="prepare.edit"),
        # d and g are out of the footer (help lists them), so that the keys fit 80 columns in every language.
        Binding("d", "delete_item", _("Delete"), tooltip=_("Delete the agenda item"), id="prepare.delete", show=False),
        # u and l first ("u l Move" in the footer): [ and ] take AltGr on a Finnish keyboard.
        Binding(
            "u,left_square_bracket",
            "move_item(-1)",
            _("Up"),
            tooltip=_("Move the item up"),
            id="prepare.up",
            group=MOVE_KEYS,
        ),
        Binding(
            "l,right_square_bracket",
            "move_item(1)",
            _("Down"),
            tooltip=_("Move the item down"),
            id="prepare.down",
            group=MOVE_KEYS,
        ),
        Binding("o", "choose_host", _("Host"), tooltip=_("Choose the host"), id="prepare.host", show=False),
        Binding(
            "t",
            "save_template",
            _("Template"),
            tooltip=_("Save this agenda as the group's template"),
            id="prepare.template",
            show=False,
        ),
        Binding(
            "a",
            "export('agenda')",
            _("Print"),
            tooltip=_("Print the agenda (g the sign-in sheet)"),
            key_display="a g",
            id="prepare.agenda_pdf",
        ),
        Binding(
            "g",
            "export('signin')",
            _("Sign-in"),
            tooltip=_("Print the sign-in sheet"),
            id="prepare.signin_pdf",
            show=False,
        ),
        Binding(
            "f",
            "export('feedback')",
            _("Feedback form"),
            tooltip=_("Print the feedback form to hand out"),
            id="prepare.feedback_pdf",
            show=False,
        ),
        Binding(
            "m",
            "run_meeting",
            _("Run"),
            tooltip=_("Run the meeting live: check-in, clock, memo"),
            id="prepare.run",
            show=False,
        ),
        Binding("escape", "back", _("Back"), id="prepare.back"),
    ]

    def compose(self) -> ComposeResult:
        labels = preparation_field_labels()
        meeting = self.meeting
        yield Header()
        yield FormField("theme", labels["theme"], meeting.theme, placeholder=_("the host's choice"))
        with Horizontal(id="host-row"):
            yield Plain(labels["host"], id="host-label")
            yield Plain(id="host-name")
            yield Plain(id="host-error")
        yield FormField("location", labels["location"], meeting.location)
        with Horizontal(id="times"):
            yield FormField(
                "start_time", labels["start_time"], self._clock(meeting.starts_at), placeholder=time_placeholder()
            )
            yield FormField(
                "end_time", labels["end_time"], self._clock(meeting.ends_at), placeholder=time_placeholder()
            )
        yield FormField("host_note", labels["host_note"], meeting.host_note, placeholder=_("in the host's words"))
        yield RecordTable(id="agenda")
        yield Plain(id="agenda-total")
        yield Plain(id="follow-ups")
        yield Footer(compact=True, show_command_palette=False)

    def _clock(self, moment: datetime) -> str:
        return format_time(local_moment(moment, self._zone))

    def on_mount(self) -> None:
        table = self.query_one("#agenda", RecordTable)
        # The item's title takes the width the others leave, so the presenter's name fits beside it.
        table.add_column(_("Time"), key="time")
        table.add_text_column(_("Item"), key="title")
        table.add_column(_("Min"), key="minutes")
        table.add_column(_("Presenter"), key="presenter")
        self._show_host()
        self._show_follow_ups()
        if not self.repository.agenda_started(self.meeting.id):
            self._start_from_template()
        self.refresh_agenda()
        table.focus()

    # -- data down -----------------------------------------------------------------------------

    def _show_host(self) -> None:
        host = self._host()
        text = (
            _("no host yet (o to choose)")
            if host is None
            else host.name + (f" ({host.company})" if host.company else "")
        )
        self.query_one("#host-name", Plain).update(text)

    def _show_follow_ups(self) -> None:
        """The open action items the agenda's follow-up block will list (the roster's a shows all)."""
        from facilitator.live import follow_ups  # imported when first needed: a faster start

        try:
            lines = follow_ups(self.repository.action_items(self.group.id), self._people(), self.meeting)
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=30)
            lines = []
        if lines:
            text = ngettext(
                "Follow-ups from earlier meetings: {count} open: {first}",
                "Follow-ups from earlier meetings: {count} open; the oldest: {first}",
                len(lines),
            ).format(count=format_count(len(lines)), first=lines[0])
        else:
            text = _("Follow-ups from earlier meetings: none open.")
        self.query_one("#follow-ups", Plain).update(text)

    # -- saving ----------------------------------------------------------------------------------

    def _check(self) -> tuple[Meeting, list]:
        values = {field.field_name: field.value for field in self.query(FormField)}
        return check_preparation_form(values, self.meeting, self.group.time_zone)

    def action_save(self) -> bool:
        """Save theme, place and times; problems go beside their fields and nothing is saved."""
        meeting, problems = self._check()
        _first, others = place_problems(self.query(FormField), problems)
        self.query_one("#host-error", Plain).update(others.get("host", ""))
        if problems:
            self.notify(
                ngettext("Not saved: {count} to fix.", "Not saved: {count} to fix.", len(problems)).format(
                    count=format_count(len(problems))
                ),
                severity="warning",
            )
            return False
        try:
            self.meeting = self.repository.save_meeting(meeting)
        except (StorageError, Invalid) as error:
            self.notify(str(error), severity="error", timeout=10)
            return False
        self.refresh_agenda()
        self.notify(_("Meeting saved."))
        return True

    def _unsaved(self) -> bool:
        meeting, _problems = self._check()
        fields = ("theme", "host_note", "location", "starts_at", "ends_at")
        return any(getattr(meeting, name) != getattr(self.meeting, name) for name in fields)

    @property
    def holds_unsaved_text(self) -> bool:
        """Theme, place or times typed and not saved: quitting the app asks first, as Esc does."""
        return self._unsaved()

    def action_back(self) -> None:
        from screens.confirm import ConfirmScreen  # imported when first needed: a faster start

        if isinstance(self.focused, Input):
            self.set_focus(self.query_one("#agenda", RecordTable))  # now: the keys after escape are the table's
            return
        if not self._unsaved():
            self.dismiss()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss()

        question = _("The theme, place or times have changes that are not saved. Leave without saving them?")
        self.app.push_screen(ConfirmScreen(question, yes=_("Leave")), answered)

    def action_run_meeting(self) -> None:
        """The evening has come: run this meeting live. Changes to the theme, place and times are
        saved first; a problem in them is shown beside its field, and the meeting waits."""
        from screens.open_meeting import open_meeting  # imported when first needed: a faster start

        if self._unsaved() and not self.action_save():
            return
        open_meeting(self, self.repository, self.group, self.meeting, self._back_from_the_meeting)

    def _back_from_the_meeting(self, _result: None) -> None:
        """The meeting has started, perhaps been held and its agenda timed: this screen goes on
        from what is saved now, never saving its older copy over it."""
        try:
            self.meeting = self.repository.meeting(self.meeting.id)
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.refresh_agenda()

    # -- the host ------------------------------------------------------------------------------

    def action_choose_host(self) -> None:
        from screens.host_picker import HostPicker  # imported when first needed

        def chosen(person: Person | None) -> None:
            if person is None:
                return
            from facilitator.season import set_host

            previous = self._host()
            try:
                self.meeting = self.repository.save_meeting(set_host(self.meeting, person))
            except (StorageError, Invalid) as error:
                self.notify(str(error), severity="error", timeout=10)
                return
            self._save_agenda(with_new_host(self._items, previous, person))
            self.query_one("#host-error", Plain).update("")
            self.query_one("#field-location", FormField).value = self.meeting.location
            self._show_host()

        picker = HostPicker(
            self.meeting,
            self._people(),
            self.repository.absences(self.group.id),
            self.repository.meetings(self.group.id),
            self.group.time_zone,
        )
        self.app.push_screen(picker, chosen)

    # -- paper -----------------------------------------------------------------------------------

    def action_export(self, kind: str) -> None:
        """Print the agenda or the sign-in sheet (unsaved theme, place and times are saved first)."""
        from exports.meeting_files import write_meeting_file  # imported when first needed: a faster start

        if self._unsaved() and not self.action_save():
            return
        write_in_background(self, lambda: write_meeting_file(self.repository, self.meeting, kind))
