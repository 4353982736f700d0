"""The Textual App and the factory that builds it on a workspace (the CLI and tests share it)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import ThemeProvider
from textual.timer import Timer

from facilitator import __version__
from facilitator.dates import format_count
from facilitator.i18n import LANGUAGES, _, language, ngettext
from facilitator.model import utc_now
from screens.home import home_screen
from screens.key_names import key_display
from screens.set_aside import tell_set_aside
from screens.widget_keys import translate_textual_key_descriptions
from screens.widgets.jobs import RunningJobs
from storage.errors import StorageError
from storage.exports_folder import make_exports_folder
from storage.lock import describe_holder
from storage.repository import Repository
from storage.workspace import Workspace
from storage.workspace_info import LANGUAGE_SETTING

if TYPE_CHECKING:
    from textual.command import Provider

    from facilitator.audio.player import Player


def _screen_commands() -> type[Provider]:
    """The palette's commands, imported when the palette first opens (Textual calls this): a faster start."""
    from screens.palette import ScreenCommands

    return ScreenCommands


class FacilitatorApp(App[None]):
    """Opens on the home screen of one workspace, which it keeps locked while it runs."""

    TITLE = "MicroENTRE Facilitator"
    #: How every field of every screen looks, in one place (the screens' own sheets lay them out).
    CSS_PATH = "../screens/fields.tcss"
    #: The palette offers the current screen's own commands, with their keys (not Textual's, in English).
    COMMANDS = {_screen_commands}
    BINDINGS = [
        # A priority key, so that it answers in dialogs and forms too (a dialog hides the app's others).
        # ctrl+g first (nano's help key), for laptops whose F1 is a media key without Fn.
        Binding("ctrl+g,f1", "help", _("Help"), id="app.help", priority=True),
        Binding("ctrl+q", "quit", _("Quit"), id="app.quit", priority=True, show=False),
        # Our own, so that the footer and the palette speak the user's language, not Textual's English.
        Binding(
            "ctrl+p",
            "command_palette",
            _("Commands"),
            tooltip=_("Search the commands of this screen"),
            id="app.commands",
            priority=True,
            show=False,
        ),
        # Not a priority key: the live screen's own ctrl+o comes first there (nothing is exported from it).
        Binding(
            "ctrl+o",
            "open_exports",
            _("Exports folder"),
            tooltip=_("Open the folder of the PDFs, calendars and bundles in the file manager"),
            id="app.open_exports",
            show=False,
        ),
    ]

    def __init__(self, repository: Repository) -> None:
        translate_textual_key_descriptions()  # before the app's own bindings are read, as every widget's after
        super().__init__()
        self.repository = repository
        self.sub_title = repository.workspace.folder.name
        #: Set when the user chose another language, which takes a new start (see ``cli.run_app``).
        self.restart_requested = False
        #: The background jobs that write (an import, a file being written): quitting waits for them.
        self.jobs = RunningJobs()
        #: While quitting waits for the jobs: what it last said it waits for, and the timer that looks.
        self._waited_for: list[str] = []
        self._quit_timer: Timer | None = None
        self._asking_to_quit = False
        #: The app's one player of the meetings' sound, made when first wanted (see :attr:`player`).
        self._player: Player | None = None

    def get_default_screen(self) -> Screen[None]:
        """Home is the bottom screen: built straight away, with no blank screen before it.

        The coordinator's home keeps importing bundles in view.
        """
        return home_screen(self.repository)

    async def on_mount(self) -> None:
        self.call_after_refresh(self._after_the_first_frame)
        await self._return_to_meeting_under_way()

    def _after_the_first_frame(self) -> None:
        """What the first frame does without: the rest of the workspace, read in a worker, and the
        notices about the workspace itself (the date in the first one imports Babel)."""
        if not gc.isenabled():  # the command line held the collector back while the app started
            gc.freeze()  # what the start made lives as long as the app: later collections pass it by
            gc.enable()
        self.run_worker(self._read_the_rest, thread=True, group="startup")
        previous = self.repository.workspace.taken_over_from
        if previous:
            self.notify(
                _("The workspace was not closed properly last time by {holder}; it is yours now.").format(
                    holder=describe_holder(previous)
                ),
                severity="warning",
                timeout=8,
            )
        from storage.placement import placement_warnings  # imported after the first frame: a faster start

        for warning in placement_warnings(self.repository.workspace.folder):
            self.notify(warning, title=_("Where the workspace is"), severity="warning", timeout=60)

    async def _return_to_meeting_under_way(self) -> None:
        """Back to the meeting that was under way when the app last stopped, as it was left.

        Done here, while Textual holds the first frame back and before it reads a key: the live
        screen is the first one shown, and whatever the facilitator types while the app starts
        goes to its memo line, never to the groups underneath.
        """
        try:
            meeting = self.repository.meeting_in_progress()
            group = self.repository.group(meeting.group_id) if meeting is not None else None
        except StorageError as error:
            self.notify(str(error), title=_("Damaged file"), severity="error", timeout=60)
            return
        if meeting is None or group is None:
            return
        from screens.open_meeting import open_meeting

        mounted = open_meeting(self.screen, self.repository, group, meeting)
        if mounted is not None:
            await mounted
            self.notify(_("Back in the meeting under way: every saved entry is here."))

    def _read_the_rest(self) -> None:
        """After the first frame: read the meetings too, and say at once if they are damaged; then
        take the day's backup if it is due (it copies what changed since the last one)."""
        try:
            self.repository.load_all()
            tell_set_aside(self, self.repository)
        except StorageError as error:
            self.call_from_thread(self.notify, str(error), title=_("Damaged file"), severity="error", timeout=60)
            return
        try:
            self.repository.workspace.daily_backup()
        except StorageError as error:
            self.call_from_thread(self.notify, str(error), title=_("No backup today"), severity="warning", timeout=20)

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer, help and the palette show it, in the user's language ("^g", "välilyönti")."""
        return binding.key_display or key_display(binding.key)

    def notify(self, message: str, *, markup: bool = False, **options: Any) -> None:
        """Notifications show people's words as typed: a "[" in a name is not markup."""
        super().notify(message, markup=markup, **options)

    # -- the meetings' sound -----------------------------------------------------------------

    @property
    def player(self) -> Player:
        """The one player of the app: a moment played stops the one before, wherever it was started.
        Made on first use, so that the sound libraries load only when sound is wanted."""
        if self._player is None:
            from facilitator.audio.player import Player

            self._player = Player()
        return self._player

    def playing_position(self) -> float | None:
        """Seconds into the file being played, or None when nothing plays."""
        return None if self._player is None else self._player.position

    def stop_playing(self) -> None:
        """Stop the sound, if any plays (a screen that played it is closing)."""
        if self._player is not None:
            self._player.stop()

    def action_help(self) -> None:
        """Describe every key of the screen, dialog or form underneath; F1 on help closes it."""
        from screens.help import HelpScreen  # imported when first needed: a faster start

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        else:
            self.push_screen(HelpScreen(self.screen))

    def action_settings(self) -> None:
        """Choose the language: it is kept for the workspace, and a language other than the one in
        use (which --lang may have chosen for this start only) starts the app again in it. The
        settings screen keeps an exports folder chosen there itself."""
        from screens.settings import SettingsScreen  # imported when first needed

        saved = self.repository.workspace.info.settings.get(LANGUAGE_SETTING)

        def chosen(code: str | None) -> None:
            if code is None or (code == saved and code == language()):
                return
            try:
                self.repository.workspace.save_setting(LANGUAGE_SETTING, code)
            except StorageError as error:
                self.notify(str(error), title=_("Not saved"), severity="error", timeout=10)
                return
            if code == language():
                self.notify(_("{language} is kept for this workspace.").format(language=LANGUAGES[code]))
                return
            self.restart_requested = True
            self.quit_when_safe()

        self.push_screen(SettingsScreen(self.repository.workspace), chosen)

    def action_command_palette(self) -> None:
        """Textual's palette, asking in the user's language."""
        from screens.palette import Palette  # imported when first needed: a faster start

        # Textual types the app as App[object], which an App[None] is not to mypy (App is invariant).
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(Palette(placeholder=_("Search for commands…"), id="--command-palette"))

    def action_open_exports(self) -> None:
        """Show the exports folder in the system's file manager, made first if nothing was exported
        yet; when no file manager can show it, the notice says where it is."""
        try:
            folder = make_exports_folder(self.repository.workspace.exports_folder)
        except StorageError as error:
            self.notify(str(error), title=_("Exports folder"), severity="error", timeout=20)
            return
        # A failing file manager must never end the app: its error is the notice.
        self.run_worker(
            partial(self._show_in_file_manager, folder), thread=True, group="open-folder", exit_on_error=False
        )

    def _show_in_file_manager(self, folder: Path) -> None:
        """In a worker thread: the opener may take a moment to say that it found no file manager."""
        from facilitator.file_manager import FolderNotOpened, open_in_file_manager

        try:
            open_in_file_manager(folder)
        except FolderNotOpened as error:
            self.call_from_thread(self.notify, str(error), title=_("Exports folder"), severity="warning", timeout=30)

    def action_change_theme(self) -> None:
        """The colour themes, in a palette that asks in the user's language."""
        from screens.palette import Palette  # imported when first needed: a faster start

        self.push_screen(Palette(providers=[ThemeProvider], placeholder=_("Search for themes…")))

    def action_help_quit(self) -> None:
        """ctrl+c copies text; whoever pressed it to quit is told how, in their language."""
        self.notify(_("Press ctrl+q to quit the app."), title=_("Do you want to quit?"))

    # -- quitting --------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """ctrl+q, the palette's Quit and q on the groups: see :meth:`quit_when_safe`."""
        self.quit_when_safe()

    def quit_when_safe(self) -> None:
        """Quit, but never over text typed and not saved without asking, and never while a job
        writes: the app waits for the jobs, saying which, and ends (letting go of the workspace)
        once nothing of it can write any more.

        Pressed again while it waits, it says again what it waits for: a job that writes is not
        stopped halfway (an import would be lost, a bundle left unrecorded), and ending without
        it would leave its write to be refused (see ``Workspace.close``).
        """
        if self._quit_timer is not None:
            self._tell_what_quitting_waits_for()
            return
        if self._asking_to_quit:
            return
        if self._holds_unsaved_text():
            self._ask_before_quitting()
        else:
            self._quit_once_jobs_are_done()

    def _holds_unsaved_text(self) -> bool:
        return any(getattr(screen, "holds_unsaved_text", False) for screen in self.screen_stack)

    def _ask_before_quitting(self) -> None:
        """Whether to quit over the text typed; no keeps the app, and the text, as they are."""
        from screens.confirm import ConfirmScreen  # imported when first needed: a faster start

        def answered(quit_anyway: bool | None) -> None:
            self._asking_to_quit = False
            if quit_anyway:
                self._quit_once_jobs_are_done()
            else:
                self.restart_requested = False

        self._asking_to_quit = True
        question = _("What you typed is not saved yet. Quit anyway and lose it?")
        self.push_screen(ConfirmScreen(question, _("Quit anyway")), answered)

    def _quit_once_jobs_are_done(self) -> None:
        if not self.jobs.names():
            self.exit()
            return
        self._tell_what_quitting_waits_for()
        self._quit_timer = self.set_interval(0.1, self._quit_if_jobs_are_done)

    def _quit_if_jobs_are_done(self) -> None:
        """Every tenth of a second while quitting waits: the keys are answered meanwhile, so text
        may have been typed since ctrl+q (a memo line): then it asks first, as ctrl+q does."""
        names = self.jobs.names()
        if not names:
            if self._quit_timer is not None:  # set before this first runs, and left set until here
                self._quit_timer.stop()
            self._quit_timer = None
            if self._holds_unsaved_text():
                self._ask_before_quitting()
            else:
                self.exit()
        elif names != self._waited_for:
            self._tell_what_quitting_waits_for()

    def _tell_what_quitting_waits_for(self) -> None:
        self._waited_for = names = self.jobs.names()
        message = ngettext(
            "The app quits as soon as this job is done: {jobs}. It is not stopped halfway, so that "
            "nothing it writes is lost.",
            "The app quits as soon as these {count} jobs are done: {jobs}. They are not stopped "
            "halfway, so that nothing they write is lost.",
            len(names),
        ).format(count=format_count(len(names)), jobs=", ".join(names))
        self.notify(message, title=_("Quitting"), timeout=30)

    def on_unmount(self) -> None:
        self.stop_playing()
        self.repository.workspace.close()


def make_app(workspace: Workspace, clock: Callable[[], datetime] = utc_now) -> FacilitatorApp:
    """The app on an open workspace; reads the workspace first, so a damaged file fails here.

    ``clock`` tells the time (tests fix it so that "today" stays the same day).
    """
    return FacilitatorApp(Repository(workspace, clock))


def version_text() -> str:
    return f"MicroENTRE Facilitator {__version__}"
