"""One memo line in a dialog: to edit an entry, or to tag one after the fact with markers."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer

from facilitator.i18n import _
from facilitator.mentions import Mentionable
from screens.key_names import keys_named
from screens.text_dialog import TextDialog
from screens.widgets.memo_input import MemoInput
from screens.widgets.plain import Plain


class MemoLineScreen(TextDialog[str]):
    """Hands the line to ``keep`` once ``check`` finds nothing wrong with it, and dismisses with it
    once ``keep`` returns True (the change is saved); None when cancelled.

    A refused line stays in the input with the reason beneath it, and a line whose save failed
    stays too (``keep`` has said why), so nothing typed is lost.
    """

    CSS_PATH = "memo_line.tcss"
    HELP = _(
        "Markers: !d decision, !a action, !ne need, !i idea, !no note; !o outcome of the first @name (drafted "
        "unless the entry has one); #PS and the other codes ({codes}); @ and the first letters of a name; "
        "due:15.12. for an action. Enter saves, Esc cancels."
    )
    BINDINGS = [
        # ctrl+l first, as on the live screen: a laptop's F2 may be a media key without Fn.
        Binding("ctrl+l,f2", "codes", _("Codes"), tooltip=_("The eleven activity codes"), id="memo_line.codes"),
        Binding("escape", "cancel", _("Cancel"), id="memo_line.cancel"),
    ]

    def __init__(
        self,
        title: str,
        about: str,
        value: str,
        people: Sequence[Mentionable],
        check: Callable[[str], list[str]],
        keep: Callable[[str], bool],
    ) -> None:
        super().__init__()
        self._title = title
        self._about = about
        self._value = value
        self._people = people
        self._check = check
        self._keep = keep

    def current_help(self) -> str:
        return self.HELP.format(codes=keys_named(self, "memo_line.codes"))

    def compose(self) -> ComposeResult:
        with Vertical(id="memo-line-dialog"):
            yield Plain(self._title, id="memo-line-title")
            yield Plain(self._about, id="memo-line-about")
            yield MemoInput(self._people, self._entered, self._value, lines_are_entries=False, id="memo-line-input")
            yield Plain("", id="memo-line-problems")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(MemoInput).focus()

    def _entered(self, line: str) -> bool:
        """Enter: keep the line when ``check`` finds nothing wrong, else say why; close once it is
        kept. The line stays in the input either way (the dialog closes with it)."""
        problems = self._check(line)
        self.query_one("#memo-line-problems", Plain).update("\n".join(problems))
        if not problems and self._keep(line):
            self.dismiss(line)
        return False

    def action_codes(self) -> None:
        from screens.codes import CodesPalette

        def chosen(code: str | None) -> None:
            if code:
                self.query_one(MemoInput).insert_marker(f"#{code}")

        self.app.push_screen(CodesPalette(), chosen)
