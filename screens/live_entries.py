"""Correcting the memo during the live meeting: an entry edited (enter on the log), tagged after
the fact (ctrl+t or F3) or removed (delete on the log), each in a dialog that stays open until its change is
saved, with the memo line taking the keys typed as soon as the dialog closes."""

from __future__ import annotations

from collections.abc import Callable

from facilitator.i18n import _
from facilitator.live import moved_draft, retagged, revised
from facilitator.markers import ParsedLine, marked_line, parse_line
from facilitator.mentions import Mentionable
from facilitator.model import Invalid, MemoEntry, MemoKind, Outcome
from screens.live_outcomes import OutcomeDrafts
from screens.widgets.memo_input import MemoInput
from screens.widgets.memo_log import MemoLog
from storage.errors import NotFound, StorageError


class EntryCorrections(OutcomeDrafts):
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

    def _save_changed(self, changed: MemoEntry, message: str, parsed: ParsedLine) -> bool:
        """Save an entry changed in its dialog, while the dialog is open: True once saved (or when
        nothing changed); False, with the reason told, keeps the dialog open with its line. A line
        with the outcome marker then drafts the entry's outcome, unless it has one already."""
        if changed == self._entry(changed.id):
            if parsed.outcome:
                self._draft_outcome(changed, parsed)
            else:
                self.notify(_("Nothing changed."))
            return True
        try:
            saved = self.repository.save_memo_entry(changed)
        except StorageError as error:
            self.notify(str(error), title=_("Not saved"), severity="error", timeout=30)
            return False
        self._replace(saved)
        self.notify(message)
        self._follow_entry(saved)
        self._draft_outcome(saved, parsed)
        return True

    def _follow_entry(self, saved: MemoEntry) -> None:
        """The draft outcome of an edited entry follows it: its words, and the member it names
        when its entrepreneur is no longer mentioned. A completed outcome is left as it is, said."""
        outcome = self.current_outcome(saved.id)
        if outcome is None:
            return
        name = self._names.get(outcome.person_id, "?")
        if not outcome.draft:
            if outcome.person_id not in saved.people:
                self.notify(
                    _("The outcome of {name} is completed already: it is left as it was.").format(name=name),
                    severity="warning",
                )
            return
        moved = moved_draft(outcome, saved, self._members())
        if moved is outcome:
            return
        try:
            stored = self.repository.save_outcome(moved)
        except NotFound:
            self._outcome_not_moved(_("{name} is no longer on the roster.").format(name=name))
            return
        except (StorageError, Invalid) as error:
            self._outcome_not_moved(str(error))
            return
        self._link(saved.id, stored)
        self._show_entries()
        if stored.person_id != outcome.person_id:
            self.notify(
                _("The draft outcome is now in the business of {name}.").format(
                    name=self._names.get(stored.person_id, "?")
                )
            )

    def _outcome_not_moved(self, reason: str) -> None:
        self.notify(
            _("The entry is saved, but its draft outcome was not changed: {reason}").format(reason=reason),
            severity="error",
            timeout=30,
        )

    def _check(
        self, tags_only: bool, entry: MemoEntry, kind: MemoKind = MemoKind.NOTE, people: list[str] | None = None
    ):
        """The problems of a line typed in an entry's dialog; an outcome marker must find a member
        among the line's people and ``people`` (the entry's own that the line keeps), unless the
        entry has an outcome already."""

        def check(line: str) -> list[str]:
            parsed = parse_line(
                line, self._mentionables, self.repository.today(self._zone), tags_only=tags_only, default_kind=kind
            )
            if (
                tags_only
                and not parsed.problems
                and not (parsed.kind or parsed.codes or parsed.people or parsed.due or parsed.outcome)
            ):
                return [_("Type a marker such as #PS, !d or @name.")]
            problems = list(parsed.problems)
            if not problems and not self.linked_outcome(entry.id):
                problems += filter(None, [self.outcome_problem(parsed, people or [])])
            return problems

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
            return self._save_changed(changed, _("Entry changed; the earlier wording is kept."), parsed)

        about = _("Written at {time}. The earlier wording is kept as a revision.").format(time=self._time(entry))
        self._back_to_typing()
        self.app.push_screen(
            MemoLineScreen(
                _("Edit the entry"), about, line, self._mentionables, self._check(False, entry, people=tagged), keep
            )
        )

    def on_memo_log_remove_requested(self, message: MemoLog.RemoveRequested) -> None:
        from screens.confirm import ConfirmScreen

        entry = self._entry(message.entry_id)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            draft = self.current_outcome(entry.id)
            try:
                self.repository.remove_memo_entry(entry)
            except StorageError as error:
                self.notify(str(error), title=_("Not removed"), severity="error", timeout=30)
                return
            self._entries = [kept for kept in self._entries if kept.id != entry.id]
            self._show_entries()
            self.notify(_("Entry removed."))
            if draft is not None and draft.draft:
                self._ask_remove_draft(draft)

        question = _("Remove the entry “{text}”? It is kept in the meeting's file as removed.").format(text=entry.text)
        self._back_to_typing()
        self.app.push_screen(ConfirmScreen(question, _("Remove")), answered)

    def _ask_remove_draft(self, draft: Outcome) -> None:
        """The entry of a draft outcome removed: the draft may go too, or stay to be completed."""
        from screens.removal import remove_after_confirmation

        def removed() -> None:
            for entry_id in draft.entry_ids:
                self._link(entry_id, None)
            self.notify(_("The draft outcome is removed."))

        question = _("Remove the draft outcome of {name} drafted from the entry as well?").format(
            name=self._names.get(draft.person_id, "?")
        )
        self._back_to_typing()
        remove_after_confirmation(self, question, lambda: self.repository.remove_outcome(draft.id), removed)

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
            return self._save_changed(retagged(target, parsed, self.repository.now()), _("Entry tagged."), parsed)

        tags = " ".join(part for part in (target.kind.label, self._describe_tags(target)) if part)
        about = _("{time} {text} [{tags}]").format(time=self._time(target), text=target.text, tags=tags)
        title = _("Tag the entry: #codes, a kind (!d !a !ne !i !no), !o outcome, @names, due:")
        self._back_to_typing()
        self.app.push_screen(
            MemoLineScreen(
                title, about, "", self._mentionables, self._check(True, target, target.kind, target.people), keep
            )
        )
