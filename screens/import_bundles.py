"""Importing sync bundles: mark the files in a folder tree, import them in the background, then read
what each file did — imported, already imported, or refused and why."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, ProgressBar

from exports.bundle.format import RECORD_TYPES, SUFFIX
from exports.bundle.importer import Importer, ImportReport, ImportStatus
from exports.bundle.merge import Outcome
from exports.recordings import RecordingsImported, RecordingsStatus, bundles_then_recordings, import_recordings_file
from exports.recordings.format import SUFFIX as RECORDINGS_SUFFIX
from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.text import sort_key
from screens.exporting import without_waiting
from screens.key_names import keys_named
from screens.widgets.bundle_tree import BundleTree, is_dir
from screens.widgets.in_order_input import InOrderInput
from screens.widgets.plain import Plain
from screens.widgets.record_table import RecordTable
from storage.errors import StorageError
from storage.repository import Repository

#: The width of a name in the pane of marked files (see the .tcss).
MARKED_WIDTH = 23
#: What each kind of record is called in the report.
KINDS = {
    "groups": _("group"),
    "people": _("people"),
    "meetings": _("meetings"),
    "absences": _("absences"),
    "interviews": _("interviews"),
    "outcomes": _("outcomes"),
    "agenda": _("agenda items"),
    "attendance": _("attendance"),
    "memo": _("memo entries"),
    "feedback": _("feedback"),
}
KIND_ORDER = {record_type.name: number for number, record_type in enumerate(RECORD_TYPES)}
OUTCOMES = (Outcome.NEW, Outcome.UPDATED, Outcome.UNCHANGED, Outcome.CONFLICT)
#: The files the tree shows and marks: bundles, and the sealed recordings files that go with them.
IMPORTED_SUFFIXES = (SUFFIX, RECORDINGS_SUFFIX)


class ImportTree(BundleTree):
    """The folder tree of bundles, showing the sealed recordings files (.mrec) too."""

    SUFFIXES = IMPORTED_SUFFIXES


class RecordingsReport(ImportReport):
    """A recordings file's import told as a bundle's report is (it counts no records): its line,
    then each meeting it left out."""

    def __init__(self, result: RecordingsImported) -> None:
        status = {
            RecordingsStatus.IMPORTED: ImportStatus.IMPORTED,
            RecordingsStatus.ALREADY: ImportStatus.ALREADY,
        }.get(result.status, ImportStatus.REFUSED)
        super().__init__(result.path, status, result.message)
        self.result = result

    def line(self) -> str:
        return "\n".join([self.result.line(), *(f"  {sentence}" for sentence in self.result.left_out)])


def start_folder(last: Path | None = None) -> Path:
    """Where the file tree opens: the folder of the last import, else Downloads, else home."""
    try:
        home = Path.home()
    except RuntimeError:  # no home folder known: where the app was started
        home = Path.cwd()
    for folder in (last, home / "Downloads", home):
        if folder is not None and folder.is_dir():
            return folder
    return Path.cwd()


class ImportBundlesScreen(Screen[Path | None]):
    """Choose bundle files, import them in a worker thread, and show the report until esc.

    Dismissed with the folder the tree showed, so that the next import opens there.
    """

    CSS_PATH = "import_bundles.tcss"
    HELP = _(
        "Import the sync bundles (.mebundle) sent to you; the tree shows folders and bundles only. Each "
        "file is opened with the group's key and checked whole — format, seals, checksums — then applied "
        "at once or not at all, after a backup. The report shows each file (imported, already imported, or refused and "
        "why) and, per group and kind of record, how many were new, updated, unchanged or in conflict. "
        "Importing a file twice changes nothing."
    )
    HELP += " " + _("Sealed recordings files (.mrec) are imported here too: each sound goes beside its meeting.")
    BINDINGS = [
        Binding("i", "run_import", _("Import"), tooltip=_("Import the marked bundles"), id="import.run"),
        Binding("a", "mark_folder", _("Mark all"), tooltip=_("Mark every bundle of this folder"), id="import.mark_all"),
        Binding("f", "folder", _("Folder"), tooltip=_("Type the folder to look in"), id="import.folder"),
        Binding("u", "up", _("Up"), tooltip=_("Look in the folder above"), id="import.up"),
        Binding("escape", "back", _("Back"), id="import.back"),
    ]

    def __init__(self, repository: Repository, folder: Path) -> None:
        super().__init__()
        self.repository = repository
        self._folder = folder
        self.title = _("Import bundles")
        self.importing = False
        self.reports: list[ImportReport] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="browser"):
            with Horizontal(id="folder-row"):
                yield Label(_("Folder"), id="folder-label")
                yield InOrderInput(str(self._folder), id="folder", compact=True)
            with Horizontal(id="panes"):
                tree = ImportTree(self._folder, id="files")
                yield tree
                with Vertical(id="marked-pane"):
                    yield Plain(id="marked-title")
                    with VerticalScroll(id="marked-scroll"):
                        yield Plain(id="marked-list")
                        yield Plain(
                            _("Mark bundles with {mark} (or all in a folder with {all}); {run} imports them.").format(
                                mark=keys_named(tree, "import.mark"),
                                all=keys_named(self, "import.mark_all"),
                                run=keys_named(self, "import.run"),
                            ),
                            id="marked-hint",
                        )
            yield Plain(id="import-status")
            yield ProgressBar(id="import-progress", show_eta=False)
        with Vertical(id="report"):
            yield Plain(id="report-summary")
            yield VerticalScroll(id="report-files")
            yield RecordTable(id="report-counts")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#report").display = False
        self.query_one("#import-progress").display = False
        self.query_one("#import-status").display = False
        table = self.query_one("#report-counts", RecordTable)
        table.add_text_column(_("Group and records"), key="records")
        for outcome, title in zip(OUTCOMES, (_("New"), _("Updated"), _("Unchanged"), _("Conflicts")), strict=True):
            table.add_column(title, key=str(outcome))
        self._show_marks()
        self.query_one("#files", BundleTree).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Choosing files works until the import starts; then only leaving (after it ends) is left."""
        if action in ("run_import", "mark_folder", "folder", "up"):
            return not self.importing and self.reports is None
        return True

    # -- choosing the files --------------------------------------------------------------------

    @property
    def bundle_tree(self) -> BundleTree:
        return self.query_one("#files", BundleTree)

    def on_bundle_tree_marks_changed(self, event: BundleTree.MarksChanged) -> None:
        self._show_marks()

    def _show_marks(self) -> None:
        marked = self.bundle_tree.marked
        self.query_one("#marked-title", Plain).update(
            ngettext("{count} bundle marked", "{count} bundles marked", len(marked)).format(
                count=format_count(len(marked))
            )
        )
        self.query_one("#marked-list", Plain).update("\n".join(_listed(path) for path in marked))
        self.query_one("#marked-list").display = bool(marked)
        self.query_one("#marked-hint").display = not marked

    def action_mark_folder(self) -> None:
        node = self.bundle_tree.cursor_node
        if node is None or node.data is None:
            folder = Path(self.bundle_tree.path)
        else:
            folder = node.data.path if node.allow_expand else node.data.path.parent
        try:
            shown = ImportTree.SUFFIXES
            bundles = sorted(path for path in folder.iterdir() if path.suffix.lower() in shown and path.is_file())
        except OSError as error:
            self.notify(str(error), severity="error")
            return
        if not bundles:
            self.notify(_("There is no bundle in {folder}.").format(folder=folder), severity="warning")
            return
        self.bundle_tree.toggle_marks(bundles)

    def action_folder(self) -> None:
        self.query_one("#folder", Input).focus()

    def action_up(self) -> None:
        self._open_folder(Path(self.bundle_tree.path).parent)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        folder = Path(event.value.strip() or "~").expanduser()
        if not is_dir(folder):
            self.notify(_("There is no folder {folder}.").format(folder=folder), severity="error")
            return
        self._open_folder(folder)

    def _open_folder(self, folder: Path) -> None:
        folder = folder.resolve()
        self.bundle_tree.path = folder
        self.query_one("#folder", Input).value = str(folder)
        self.bundle_tree.focus()

    def action_back(self) -> None:
        """Escape leaves the folder field first, then the screen; never in the middle of an import."""
        if self.importing:
            self.notify(_("The import is under way: wait until it ends."), severity="warning")
            return
        folder_input = self.query_one("#folder", Input)
        if folder_input.has_focus:
            folder_input.value = str(self.bundle_tree.path)
            self.bundle_tree.focus()
            return
        self.dismiss(Path(self.bundle_tree.path))

    # -- importing, in a thread ----------------------------------------------------------------

    def action_run_import(self) -> None:
        paths = list(self.bundle_tree.marked)
        if not paths:
            self.notify(
                _("No bundle is marked: mark the files to import with {key}.").format(
                    key=keys_named(self.bundle_tree, "import.mark")
                ),
                severity="warning",
            )
            return
        self.importing = self.bundle_tree.locked = True
        self.refresh_bindings()
        self.query_one("#import-progress", ProgressBar).display = True
        self.query_one("#import-status").display = True
        self._show_progress(0, len(paths) * 1000, paths)
        show_progress = without_waiting(self._show_progress)
        self.app.jobs.start(  # type: ignore[attr-defined]
            self,
            _("importing bundles"),
            lambda: self._import(paths, show_progress),
            exclusive=True,
            group="import",
            exit_on_error=False,
        )

    def _show_progress(self, done: int, total: int, paths: list[Path]) -> None:
        number = min(done // 1000, len(paths) - 1)
        self.query_one("#import-status", Plain).update(
            _("Importing {number} of {count}: {file}").format(
                number=format_count(number + 1), count=format_count(len(paths)), file=paths[number].name
            )
        )
        self.query_one("#import-progress", ProgressBar).update(total=total, progress=done)

    def _import(self, paths: list[Path], show_progress: Callable[[int, int, list[Path]], None]) -> None:
        """On its own thread, one of the app's jobs that quitting waits for: each file in turn; a
        file that cannot be written is reported, and the others go on. The bundles first, as the
        command does: a recordings file's sounds go beside meetings its group's bundle brings."""
        bundles, recordings = bundles_then_recordings(paths)
        paths = [*bundles, *recordings]
        importer = Importer(self.repository)
        shown = -1
        total = len(paths) * 1000

        def progress(done: int) -> None:
            nonlocal shown
            if done * 100 // total != shown:
                shown = done * 100 // total
                show_progress(done, total, paths)

        reports: list[ImportReport] = []
        for number, path in enumerate(paths):

            def file_progress(done: int, count: int, number: int = number) -> None:
                progress(number * 1000 + done * 1000 // max(count, 1))

            try:
                if path in recordings:
                    reports.append(RecordingsReport(import_recordings_file(self.repository, path, file_progress)))
                else:
                    reports.append(importer.import_file(path, file_progress))
            except StorageError as error:
                reports.append(ImportReport(path, ImportStatus.REFUSED, str(error)))
            except Exception as error:  # a defect in one file's import must not end the app
                message = _("unexpected error {error!r}").format(error=error)
                reports.append(ImportReport(path, ImportStatus.REFUSED, message))
            progress((number + 1) * 1000)
        self.app.call_from_thread(self._show_report, reports)

    # -- the report ----------------------------------------------------------------------------

    def _show_report(self, reports: list[ImportReport]) -> None:
        self.importing = False
        self.reports = reports
        self.query_one("#browser").display = False
        self.query_one("#report").display = True
        self.refresh_bindings()
        self.query_one("#report-summary", Plain).update(summary(reports))
        files = self.query_one("#report-files", VerticalScroll)
        files.mount_all(
            Plain(("✗ " if not report.ok else "✓ ") + report.line(), classes=f"report-file {_status_class(report)}")
            for report in reports
        )
        table = self.query_one("#report-counts", RecordTable)
        for group, kinds in count_rows(reports):
            totals = {outcome: sum(by_outcome.get(outcome, 0) for by_outcome in kinds.values()) for outcome in OUTCOMES}
            table.add_row(Text(group, style="bold"), *(_count(totals[outcome], outcome) for outcome in OUTCOMES))
            for kind, by_outcome in kinds.items():
                cells = [_count(by_outcome.get(outcome, 0), outcome) for outcome in OUTCOMES]
                table.add_row(Text("  " + KINDS.get(kind, kind)), *cells)
        table.display = table.row_count > 0
        self.query_one("#report").set_class(not table.row_count, "-no-counts")
        refused = sum(not report.ok for report in reports)
        if refused:
            self.notify(summary(reports), severity="error", timeout=8)
        (files if refused or not table.row_count else table).focus()


def _count(count: int, outcome: Outcome) -> Text:
    """A number of the counts table: zeros dimmed, conflicts in bold red, so what happened stands out."""
    style = "dim" if not count else "bold red" if outcome is Outcome.CONFLICT else ""
    return Text(format_count(count), style=style, justify="right")


def _listed(path: Path) -> str:
    """A marked file in the narrow pane: broken after its hyphens, continued under its name."""
    width = MARKED_WIDTH - 2
    lines = [""]
    for part in re.findall(r"[^-]*-|[^-]+$", path.stem):
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    lines = [line[start : start + width] for line in lines for start in range(0, max(len(line), 1), width)]
    return "✓ " + "\n  ".join(lines)


def _status_class(report: ImportReport) -> str:
    return {ImportStatus.IMPORTED: "imported", ImportStatus.ALREADY: "already"}.get(report.status, "refused")


def summary(reports: list[ImportReport]) -> str:
    """ "3 files: 2 imported, 1 refused." — the parts that are not zero."""
    imported, already, refused = (
        sum(report.status is status for report in reports)
        for status in (ImportStatus.IMPORTED, ImportStatus.ALREADY, ImportStatus.REFUSED)
    )
    counts = (
        (imported, ngettext("{count} imported", "{count} imported", imported)),
        (already, ngettext("{count} already imported", "{count} already imported", already)),
        (refused, ngettext("{count} refused", "{count} refused", refused)),
    )
    parts = [text.format(count=format_count(count)) for count, text in counts if count]
    files = ngettext("{count} file", "{count} files", len(reports)).format(count=format_count(len(reports)))
    line = _("{files}: {parts}.").format(files=files, parts=", ".join(parts))
    if any(report.total(Outcome.CONFLICT) for report in reports):
        line += " " + _("Conflicts: see them on the group's screen with c.")
    return line


def count_rows(reports: list[ImportReport]) -> list[tuple[str, dict[str, dict[Outcome, int]]]]:
    """Every file's counts added up: ``[(group, {kind: {outcome: count}})]``, the groups in order
    of their names and the kinds in their own order (group, people, meetings…)."""
    totals: dict[str, dict[str, dict[Outcome, int]]] = {}
    for report in reports:
        for (group, kind), by_outcome in report.counts.items():
            into = totals.setdefault(group, {}).setdefault(kind, {})
            for outcome, count in by_outcome.items():
                into[outcome] = into.get(outcome, 0) + count
    return [
        (group, dict(sorted(kinds.items(), key=lambda item: KIND_ORDER.get(item[0], len(KIND_ORDER)))))
        for group, kinds in sorted(totals.items(), key=lambda item: sort_key(item[0]))
    ]
