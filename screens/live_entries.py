"""Correcting the memo during the live meeting: an entry edited (enter on the log), tagged after
the fact (ctrl+t or F3) or removed (delete on the log), each in a dialog that stays open until its change is
saved, with the memo line taking the keys typed as soon as the dialog closes."""

from __future__ import annotations

from collections.abc import Callable

from facilitator.i18n import _
from facilitator.live import retagged, revised
from facilitator.markers import marked_line, parse_line
from facilitator.mentions import Mentionable
from facilitator.model import MemoEntry, MemoKind
from screens.meeting_screen import MeetingScreen
from screens.widgets.memo_input import MemoInput
from screens.widgets.memo_log import MemoLog
from storage.errors import StorageError


class EntryCorrections(MeetingScreen):
    """The live screen's corrections of the entries already written (see :class:`LiveScreen`,
    which shows the entries and gives them and the roster's names; "by Friday" is the Friday of the
    group's calendar)."""

    _entries: list[MemoEntry]
    _names: dict[str, str]
    _mentionables: list[Mentionable]
    _time: Callable[[MemoEntry], str]
    _describe_tags: Callable[[MemoEntry], str]
    _show_entries: Callable[[], None]

    def _back_to_typing(self) -> None:
        """Before a dialog about an entry opens: once it closes, typing goes on in the memo line,
        never into the log's keys. Done at once, not after the dialog closed, so that the keys
        typed right after its Enter or Esc find the memo line focused when they arrive."""
        self.set_focus(self.query_one("#memo-line", MemoInput))

    def _entry(self, entry_id: str) -> MemoEntry:
        return next(entry for entry in self._entries if entry.id == entry_id)

    def _replace(self, saved: MemoEntry) -> None:
        self._entries = [saved if entry.id == saved.id else entry for entry in self._entries]
        self._show_entries()
        log = self.query_one(MemoLog)
        log.move_cursor(row=log.get_row_index(saved.id))

    def _save_changed(self, changed: MemoEntry, message: str) -> bool:
        """Save an entry changed in its dialog, while the dialog is open: True once saved (or when
        nothing changed); False, with the reason told, keeps the dialog open with its line."""
        if changed == self._entry(changed.id):
            self.notify(_("Nothing changed."))
            return True
        try:
            saved = self.repository.save_memo_entry(changed)
        except StorageError as error:
            self.notify(str(error), title=_("Not saved"), severity="error", timeout=30)
            return False
        self._replace(saved)
        self.notify(message)
        return True

    def _check(self, tags_only: bool, kind: MemoKind = MemoKind.NOTE):
        def check(line: str) -> list[str]:
            parsed = parse_line(
                line, self._mentionables, self.repository.today(self._zone), tags_only=tags_only, default_kind=kind
            )
            if tags_only and not parsed.problems and not (parsed.kind or parsed.codes or parsed.people or parsed.due):
                return [_("Type a marker such as #PS, !d or @name.")]
            return list(parsed.problems)

        return check

    def on_memo_log_edit_requested(self, message: MemoLog.EditRequested) -> None:
        from screens.memo_line import MemoLineScreen

        entry = self._entry(message.entry_id)
        named = [
            person for person in entry.people if person == entry.owner_id or self._names.get(person, "") in entry.text
        ]
        tagged = [person for person in entry.people if person not in named]
        line = marked_line(entry.text, entry.kind, entry.codes, named, entry.owner_id, entry.due, self._mentionables)

        def keep(result: str) -> bool:
            parsed = parse_line(result, self._mentionables, self.repository.today(self._zone))
            changed = revised(entry, parsed, self.repository.now(), tagged)
            return self._save_changed(changed, _("Entry changed; the earlier wording is kept."))

        about = _("Written at {time}. The earlier wording is kept as a revision.").format(time=self._time(entry))
        self._back_to_typing()
        self.app.push_screen(
            MemoLineScreen(_("Edit the entry"), about, line, self._mentionables, self._check(False), keep)
        )

    def on_memo_log_remove_requested(self, message: MemoLog.RemoveRequested) -> None:
        from screens.confirm import ConfirmScreen

        entry = self._entry(message.entry_id)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.repository.remove_memo_entry(entry)
            except StorageError as error:
                self.notify(str(error), title=_("Not removed"), severity="error", timeout=30)
                return
            self._entries = [kept for kept in self._entries if kept.id != entry.id]
            self._show_entries()
            self.notify(_("Entry removed."))

        question = _("Remove the entry “{text}”? It is kept in the meeting's file as removed.").format(text=entry.text)
        self._back_to_typing()
        self.app.push_screen(ConfirmScreen(question, _("Remove")), answered)

    def action_tag(self) -> None:
        from screens.memo_line import MemoLineScreen

        if not self._entries:
            self.notify(_("There is no entry to tag yet."), severity="warning")
            return
        log = self.query_one(MemoLog)
        target = self._entry(log.selected_id) if log.has_focus and log.selected_id else self._entries[-1]

        def keep(result: str) -> bool:
            parsed = parse_line(
                result, self._mentionables, self.repository.today(self._zone), tags_only=True, default_kind=target.kind
            )
            return self._save_changed(retagged(target, parsed, self.repository.now()), _("Entry tagged."))

        tags = " ".join(part for part in (target.kind.label, self._describe_tags(target)) if part)
        about = _("{time} {text} [{tags}]").format(time=self._time(target), text=target.text, tags=tags)
        title = _("Tag the entry: #codes, a kind (!d !a !ne !i !no), @names, due:")
        self._back_to_typing()
        self.app.push_screen(MemoLineScreen(title, about, "", self._mentionables, self._check(True, target.kind), keep))
