"""Search the memo entries of a group (from its history) or of the network (from the analysis):
every word typed must begin a word of the entry (see :mod:`facilitator.search`); Enter on a found
entry shows its meeting's entries with it under the cursor."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Sequence

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from facilitator.dates import format_count, format_date, format_time
from facilitator.i18n import _, ngettext
from facilitator.local_time import local_moment
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.search import MemoSearch, SearchableEntry
from screens.analysis import codes_text
from screens.widgets.found_list import FoundList
from screens.widgets.plain import Plain
from storage.errors import DamagedFile, StorageError, left_out

#: The found entries listed at most: the newest; the count line says how many there are in all.
SHOWN = 200
#: How long typing may pause before the search runs (seconds): each key does not search on its own.
PAUSE = 0.15
#: How a found word stands out: bold and reversed, readable in every theme and without colours.
FOUND_STYLE = "bold reverse"
#: The longest the count line quotes a query that found nothing (in characters; longer ones end in "…").
QUOTED = 40
WORKER_GROUP = "search-index"

#: What a search screen reads its entries with (in a thread): a damaged meeting file goes into the
#: list it is given, and its meeting is left out.
EntryReader = Callable[[list[DamagedFile]], Iterable[SearchableEntry]]


def kind_and_codes(entry: SearchableEntry) -> str:
    """``decision · PS RI ✎`` (✎: a researcher re-coded the entry)."""
    return f"{entry.kind.label} · {codes_text(entry)}"


def entry_heading(entry: SearchableEntry, *, with_group: bool = True) -> str:
    """``27.11.2026 · Inari peer group · decision · PS RI ✎`` (without the group when it is the only one)."""
    group = [entry.group_name] if with_group else []
    return " · ".join([format_date(entry.day), *group, kind_and_codes(entry)])


def highlighted(text: str, spans: Sequence[tuple[int, int]]) -> Text:
    """``text`` with the words at ``spans`` in :data:`FOUND_STYLE`."""
    shown = Text(text)
    for start, end in spans:
        shown.stylize(FOUND_STYLE, start, end)
    return shown


def entry_prompt(heading: str, text: Text) -> Text:
    """The heading dimmed on its line, the entry's text as it is below it."""
    prompt = Text()
    prompt.append(heading, style="dim")
    prompt.append("\n")
    prompt.append_text(text)
    return prompt


class SearchScreen(Screen[None]):
    """An Input on top, the found entries below it, newest first, and how many were found."""

    CSS_PATH = "search.tcss"
    HELP = _(
        "Type words to find the memo entries that hold them: each word must begin a word of the entry, "
        "case and accents ignored, so “vien” finds “vienti” and “vientiä”. The newest come first, with "
        "the meeting's date, the group, the kind and the codes (✎: re-coded), the words found in "
        "reverse. Enter or Tab goes down to the list; Enter on an entry shows all the entries of its "
        "meeting. Typing on the list goes back to the words. Esc goes back."
    )
    BINDINGS = [Binding("escape", "back", _("Back"), id="search.back")]

    def __init__(self, load: EntryReader, where: str) -> None:
        """``load`` reads the entries to search (in a thread); ``where`` names them in the title."""
        super().__init__()
        self._load = load
        self.title = _("Search: {where}").format(where=where)
        self.index: MemoSearch | None = None
        self._shown: list[SearchableEntry] = []
        self._words: tuple[str, ...] = ()
        self._pause: Timer | None = None
        #: How many groups the entries come from: each found entry names its group when more than one.
        self._groups = 0
        #: The meeting files left out, damaged: said under the count.
        self._damaged: list[DamagedFile] = []

    def compose(self) -> ComposeResult:
        yield Header()
        # Typed on the list, a key comes back here and goes on the end of the words, not over them.
        yield Input(placeholder=_("Words to find, e.g. vien ruotsi"), select_on_focus=False, id="search-input")
        yield Plain(_("Reading the memo entries…"), id="search-count")
        yield FoundList(typing_goes_to="#search-input", id="search-results")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        self._build()

    @work(thread=True, exclusive=True, group=WORKER_GROUP, exit_on_error=False)
    def _build(self) -> MemoSearch:
        """Read the entries and index them, once per opening: the index is never kept on disk, and
        the next opening reads what changed meanwhile."""
        return MemoSearch(self._load(self._damaged))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != WORKER_GROUP:
            return
        if event.state is WorkerState.SUCCESS:
            index: MemoSearch | None = event.worker.result  # what _build returned
            assert index is not None
            self.index = index
            self._groups = len({entry.group_id for entry in index.entries})
            self.show_results()
            if self._damaged:
                self.notify(left_out(self._damaged), title=_("Damaged file"), severity="warning", timeout=30)
        elif event.state is WorkerState.ERROR:
            error = event.worker.error
            message = (
                str(error)
                if isinstance(error, StorageError)
                else _("The memo entries could not be read: {error}").format(error=error)
            )
            self.query_one("#search-count", Plain).update(message)
            self.notify(message, severity="error", timeout=30)

    # -- searching -----------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._pause is not None:
            self._pause.stop()
        self._pause = self.set_timer(PAUSE, self.show_results)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.show_results()
        if self._shown:
            self.query_one("#search-results", OptionList).focus()

    def show_results(self) -> None:
        """Search for what the Input holds and list what is found."""
        index = self.index
        if index is None:
            return  # the count line says the entries are being read; the search runs once they are
        query = self.query_one("#search-input", Input).value
        result = index.search(query, limit=SHOWN)
        self._words = result.words
        self._shown = [found.entry for found in result.found]
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        options: list[Option | None] = []
        for number, found in enumerate(result.found):
            if number:
                options.append(None)
            heading = entry_heading(found.entry, with_group=self._groups > 1)
            text, spans = index.shown(found, self._words)
            options.append(Option(entry_prompt(heading, highlighted(text, spans)), id=str(number)))
        results.add_options(options)
        if options:
            results.highlighted = 0
        line = self._count_line(query, result.total, len(index))
        if self._damaged:
            line += "\n" + left_out(self._damaged)
        self.query_one("#search-count", Plain).update(line)

    def _count_line(self, query: str, total: int, searched: int) -> str:
        if not self._words:
            return ngettext(
                "Type words to search {count} memo entry.", "Type words to search {count} memo entries.", searched
            ).format(count=format_count(searched))
        if not total:
            quoted = textwrap.shorten(" ".join(query.split()), QUOTED, placeholder="…")
            return _("No memo entry found for “{query}”.").format(query=quoted)
        line = ngettext("{count} memo entry found.", "{count} memo entries found.", total).format(
            count=format_count(total)
        )
        if total > SHOWN:
            line += " " + _("The newest {shown} are listed.").format(shown=format_count(SHOWN))
        return line + " " + _("Enter on one shows its meeting.")

    # -- opening -------------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        number = int(event.option.id or 0)
        if self.index is None or not 0 <= number < len(self._shown):
            return
        self.app.push_screen(MeetingEntriesDialog(self.index, self._shown[number], self._words))

    def action_back(self) -> None:
        self.dismiss()


class MeetingEntriesDialog(ModalScreen[None]):
    """Every entry of a found entry's meeting, in the order written, the found one under the cursor."""

    CSS_PATH = "search.tcss"
    HELP = _(
        "The memo entries of the meeting, in the order they were written, with the time, the kind and "
        "the codes; the entry found is under the cursor and the words searched for stand out. Esc goes "
        "back to the search."
    )
    BINDINGS = [Binding("escape", "dismiss(None)", _("Back"), id="search.meeting_back")]

    def __init__(self, index: MemoSearch, found: SearchableEntry, words: Sequence[str]) -> None:
        super().__init__()
        self._found = found
        self._entries = index.meeting_entries(found.meeting_id)
        self._options: list[Option | None] = []
        for entry in self._entries:
            written = format_time(local_moment(entry.written_at, entry.time_zone))
            text = shown_pseudonyms(entry.text)
            prompt = entry_prompt(f"{written} · {kind_and_codes(entry)}", highlighted(text, index.spans(text, words)))
            if self._options:
                self._options.append(None)
            self._options.append(Option(prompt, id=entry.entry_id))

    def compose(self) -> ComposeResult:
        with Vertical(id="meeting-entries-dialog"):
            title = _("{group} · {day}").format(group=self._found.group_name, day=format_date(self._found.day))
            yield Plain(title, id="meeting-entries-title")
            yield OptionList(*self._options, id="meeting-entries")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        entries = self.query_one("#meeting-entries", OptionList)
        entries.highlighted = entries.get_option_index(self._found.entry_id)
        entries.focus()
        # Once the options are laid out: before, the list has no height to scroll in.
        self.call_after_refresh(entries.scroll_to_highlight, top=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter on an entry of the meeting: nothing further to open
