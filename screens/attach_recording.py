"""Attaching a recording made on another device (a phone's m4a or mp3, a recorder's wav) to a held
meeting, with the clock time it started: the file is measured, a length or start that does not fit
the meeting is questioned (not refused), then the file is copied into the meeting's folder and the
memo entries typed while it ran get their moments in it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from facilitator.dates import format_count, format_day
from facilitator.i18n import _, ngettext
from facilitator.meeting_entries import (
    meeting_day,
    moments_in_new_file,
    read_clock,
    start_placeholder,
    start_problem,
    start_text,
)
from facilitator.model import Group, Meeting, Problem
from facilitator.recordings import start_on_meeting_day
from screens.file_picker import FilePickerScreen
from screens.key_names import key_named
from screens.text_dialog import TextDialog
from screens.widgets.form_field import FormField, place_problems
from screens.widgets.plain import Plain
from storage.errors import StorageError
from storage.repository import Repository


class SoundFileScreen(FilePickerScreen):
    """The file picker showing sound files; dismissed with the file chosen, or None."""

    HELP = _(
        "Choose the sound file that a phone or a recorder made of the meeting (.m4a, .mp3, .wav and the "
        "like). It is copied into the workspace; the file itself stays where it is."
    )

    def __init__(self, folder: Path) -> None:
        from facilitator.audio.files import AUDIO_SUFFIXES

        super().__init__(
            folder,
            AUDIO_SUFFIXES,
            title=_("Attach a recording"),
            hint=_("Choose the sound file with enter."),
        )


class AttachRecordingForm(TextDialog[Meeting]):
    """The sound file and its start time; dismissed with the meeting saved with it, or None."""

    CSS_PATH = "attach_recording.tcss"
    HELP = _(
        "Attach the sound of the meeting that a phone or a recorder made. Type the file's path, or press "
        "{choose} to choose it in a folder tree, and the clock time the recording started (hours, "
        "minutes and seconds if known: each memo entry's moment is counted from it). {attach} attaches: "
        "the file is measured first, and if its length or start does not fit the meeting you are asked "
        "before it is attached. The file is copied into the workspace and stays where it was."
    )
    BINDINGS = [
        Binding(
            "ctrl+s", "attach", _("Attach"), tooltip=_("Measure the file and attach it"), id="attach_recording.attach"
        ),
        Binding(
            "ctrl+f",
            "choose",
            _("Choose file"),
            tooltip=_("Choose the sound file in a folder tree"),
            id="attach_recording.choose",
        ),
        Binding("escape", "cancel", _("Cancel"), id="attach_recording.cancel"),
    ]

    def __init__(self, repository: Repository, group: Group, meeting: Meeting) -> None:
        super().__init__()
        self.repository = repository
        self.group = group
        self.meeting = meeting
        #: While the file is measured, asked about or attached: keys that would start again wait.
        self.busy = False
        #: The folder of the last file chosen, where the picker opens next.
        self._folder: Path | None = None

    def current_help(self) -> str:
        return self.HELP.format(
            choose=key_named(self, "attach_recording.choose"), attach=key_named(self, "attach_recording.attach")
        )

    def compose(self) -> ComposeResult:
        zone = self.group.time_zone
        day = format_day(meeting_day(self.meeting, zone))
        with Vertical(id="attach-dialog"):
            yield Plain(_("Attach a recording of the meeting of {day}").format(day=day), id="attach-title")
            yield FormField(
                "file",
                _("Sound file"),
                placeholder=_("its path, or {key} to choose it").format(key=key_named(self, "attach_recording.choose")),
            )
            yield FormField(
                "start", _("Sound started at"), start_text(self.meeting, zone), placeholder=start_placeholder()
            )
            yield Plain(
                _("The clock time on {day} ({zone}) of the recording's first second.").format(day=day, zone=zone),
                id="attach-hint",
            )
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#field-file", FormField).focus_input()

    # -- choosing the file ---------------------------------------------------------------------

    def action_choose(self) -> None:
        from screens.import_bundles import start_folder  # imported when first needed: a faster start

        typed = self._field("file").value.strip()
        folder = Path(typed).expanduser().parent if typed else self._folder
        self.app.push_screen(SoundFileScreen(start_folder(folder)), self._chosen)

    def _chosen(self, path: Path | None) -> None:
        if path is None:
            return
        self._folder = path.parent
        self._field("file").value = str(path)
        self._field("file").error = ""
        self._field("start").focus_input()

    def _field(self, name: str) -> FormField:
        return self.query_one(f"#field-{name}", FormField)

    # -- attaching -----------------------------------------------------------------------------

    def action_attach(self) -> None:
        if self.busy:
            return
        path, started, problems = self._read_fields()
        first, _others = place_problems(self.query(FormField), problems)
        if first is not None or path is None or started is None:
            if first is not None:
                first.focus_input()
            return
        self.busy = True
        self.notify(_("Measuring the sound file…"), timeout=3)
        self.run_worker(lambda: self._measure(path, started), thread=True, group="attach-measure", exit_on_error=False)

    def _read_fields(self) -> tuple[Path | None, datetime | None, list[Problem]]:
        problems: list[Problem] = []
        typed = self._field("file").value.strip().strip("'\"")  # a path dropped from a file manager comes quoted
        path = Path(typed).expanduser() if typed else None
        if path is None:
            problems.append(Problem("file", _("Sound file"), _("Type the sound file's path, or choose it.")))
        elif path.is_dir():
            folder = _("{path} is a folder: choose the sound file in it.").format(path=path)
            problems.append(Problem("file", _("Sound file"), folder))
        elif not path.is_file():
            problems.append(Problem("file", _("Sound file"), _("There is no file at {path}.").format(path=path)))
        clock = read_clock(self._field("start").value)
        started = None if clock is None else start_on_meeting_day(self.meeting, clock, self.group.time_zone)
        if started is None:
            problems.append(Problem("start", _("Sound started at"), start_problem()))
        return path, started, problems

    def _measure(self, path: Path, started: datetime) -> None:
        """In a thread: the file's length, and whether it fits the meeting's time and entries."""
        from facilitator.recordings import fit_questions
        from storage.recordings import attachable_seconds

        try:  # refused here as attaching would refuse: before any question is asked
            seconds = attachable_seconds(self.repository, self.meeting.id, path)
            entries = list(self.repository.meeting_records(self.meeting.id, tables=frozenset({"memo"})).memo)
        except StorageError as error:
            self.app.call_from_thread(self._refused, str(error))
            return
        questions = fit_questions(self.meeting, entries, started, seconds, self.group.time_zone)
        self.app.call_from_thread(self._measured, path, started, seconds, questions)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A file that broke the measuring in a way not foreseen is told, and the form stays."""
        if event.worker.group == "attach-measure" and event.state is WorkerState.ERROR:
            self._refused(_("The sound file could not be read: {error}").format(error=event.worker.error))

    def _measured(self, path: Path, started: datetime, seconds: float, questions: list[str]) -> None:
        if not questions:
            self._save_with_file(path, started, seconds)
            return
        from screens.confirm import ConfirmScreen

        def answered(attach: bool | None) -> None:
            if attach:
                self._save_with_file(path, started, seconds)
            else:
                self.busy = False

        question = "\n".join([*questions, "", _("Attach it all the same?")])
        self.app.push_screen(ConfirmScreen(question, _("Attach")), answered)

    def _save_with_file(self, path: Path, started: datetime, seconds: float) -> None:
        """Copy the file in and save the meeting with it, as a job that quitting waits for (the file
        as measured: it is not read again)."""
        from storage.recordings import attach_recording

        meeting_id = self.meeting.id
        files_before = {recording.audio_file for recording in self.meeting.recordings if recording.has_audio}

        def work() -> None:
            try:
                saved = attach_recording(self.repository, meeting_id, path, started, seconds)
                entries = self.repository.memo(meeting_id)
            except StorageError as error:  # RecordingRefused among them
                self.app.call_from_thread(self._refused, str(error))
                return
            self.app.call_from_thread(self._attached, saved, moments_in_new_file(saved, entries, files_before))

        self.app.jobs.start(self, _("attaching a recording"), work)  # type: ignore[attr-defined]

    def _refused(self, message: str) -> None:
        """Told beside the file, with everything typed kept."""
        self.busy = False
        if not self.is_attached:
            self.app.notify(message, title=_("Not attached"), severity="error", timeout=15)
            return
        self._field("file").error = message
        self.notify(message, title=_("Not attached"), severity="error", timeout=15)

    def _attached(self, meeting: Meeting, moments: int) -> None:
        self.app.notify(
            ngettext(
                "The recording is attached: {count} memo entry has its moment in it.",
                "The recording is attached: {count} memo entries have their moments in it.",
                moments,
            ).format(count=format_count(moments)),
            title=_("Recording attached"),
        )
        if self.is_attached:
            self.dismiss(meeting)
