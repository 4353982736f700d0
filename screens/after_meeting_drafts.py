"""The outcomes a meeting's memo drafted, on the after-meeting screen (see
:class:`screens.after_meeting.AfterMeetingScreen`): listed, completed one after another in the
outcome form, removed when drafted by mistake, and drafted again from an entry when lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.live import drafted_outcome
from facilitator.local_time import local_day
from facilitator.model import Group, Invalid, Meeting, Outcome, Person
from facilitator.outcome_links import member_ids, one_line, undrafted_entries
from screens.key_names import keys_named
from screens.widgets.plain import Plain
from storage.errors import NotFound, StorageError
from storage.repository import Repository

if TYPE_CHECKING:
    from screens.outcome_form import GroupMemo, OutcomeForm

#: The longest line of a draft or an entry in a list, to keep each on one line of the dialog.
LINE_SHOWN = 56


class MeetingDrafts(ModalScreen[None]):
    """The after-meeting screen's list of drafted outcomes and what is done with them."""

    repository: Repository
    group: Group
    meeting: Meeting
    _people: list[Person]
    _names: dict[str, str]
    #: Why the drafts could not be read (a damaged file), told once the screen shows.
    _unreadable = ""
    _drafts: list[Outcome]

    def _read_drafts(self) -> list[Outcome]:
        """The meeting's drafts; none when they cannot be read (the rest of the screen works)."""
        try:
            return self.repository.draft_outcomes(self.meeting.id)
        except StorageError as error:
            self._unreadable = str(error)
            return []

    def _tell_unreadable(self) -> None:
        if self._unreadable:
            self.notify(self._unreadable, title=_("Outcomes not shown"), severity="error", timeout=30)
            self._unreadable = ""

    def _show_drafts(self) -> None:
        """The drafts still to complete, with their count; nothing shown when there are none."""
        drafts = self.query_one("#after-drafts", OptionList)
        drafts.clear_options()
        drafts.add_options(
            Option(one_line(f"{self._draft_name(draft)}: {draft.description}", LINE_SHOWN), id=draft.id)
            for draft in self._drafts
        )
        title = self.query_one("#after-drafts-title", Plain)
        title.update(
            ngettext(
                "o  {count} outcome drafted in the memo, to complete:",
                "o  {count} outcomes drafted in the memo, to complete:",
                len(self._drafts),
            ).format(count=format_count(len(self._drafts)))
        )
        title.display = drafts.display = bool(self._drafts)

    def _draft_name(self, draft: Outcome) -> str:
        return self._names.get(draft.person_id) or _("someone no longer on the roster")

    def action_outcomes(self) -> None:
        from screens.outcome_form import read_group_memo, tell_damaged

        if not self._drafts:
            self.notify(_("No outcome was drafted in this meeting's memo (!outcome in a line drafts one)."))
            return
        try:
            memo = read_group_memo(self.repository, self.group)  # once for every form of the walk
        except StorageError as error:
            self.notify(str(error), title=_("Not opened"), severity="error", timeout=30)
            return
        tell_damaged(self, memo)
        self._walk([draft.id for draft in self._drafts], [], memo)

    def _walk(self, waiting: list[str], skipped: list[str], memo: GroupMemo) -> None:
        """Open the drafts ``waiting`` one after another: each once saved, the next; a draft that
        cannot be opened is passed over and named (``skipped``) when the walk ends; Esc ends it."""
        while waiting:
            outcome_id = waiting.pop(0)
            draft = next((outcome for outcome in self._drafts if outcome.id == outcome_id), None)
            if draft is None:
                continue
            form, problem = self._form(draft, memo)
            if form is None:
                skipped.append(problem)
                continue

            def done(saved: Outcome | None) -> None:
                self._after_form(saved)
                if saved is not None:
                    self._walk(waiting, skipped, memo)
                else:
                    self._tell_skipped(skipped)

            self.app.push_screen(form, done)
            return
        self._tell_skipped(skipped)

    def _tell_skipped(self, skipped: list[str]) -> None:
        if skipped:
            self.notify(
                " ".join(dict.fromkeys(skipped)),
                title=_("Drafts passed over ({key} removes the selected one)").format(
                    key=keys_named(self, "after_meeting.remove_draft")
                ),
                severity="warning",
                timeout=30,
            )

    def _complete(self, outcome_id: str) -> None:
        """Open one draft in the outcome form; once saved, it leaves the list."""
        draft = next((outcome for outcome in self._drafts if outcome.id == outcome_id), None)
        if draft is None:
            return
        form, problem = self._form(draft)
        if form is None:
            self.notify(problem, title=_("Not opened"), severity="error", timeout=20)
            return
        self.app.push_screen(form, self._after_form)

    def _form(self, draft: Outcome, memo: GroupMemo | None = None) -> tuple[OutcomeForm | None, str]:
        """The outcome form for ``draft`` (choosing from ``memo``, None: read by the form), or None
        and why it cannot open (its person removed, say)."""
        from screens.outcome_form import OutcomeForm

        try:
            return OutcomeForm(self.repository, draft, memo), ""
        except NotFound:
            if draft.person_id in self._names:
                return None, _("{name} is no longer on the roster.").format(name=self._names[draft.person_id])
            return None, _("The entrepreneur of a draft is no longer on the roster: “{text}”.").format(
                text=one_line(draft.description, 40)
            )
        except StorageError as error:
            return None, str(error)

    def _after_form(self, saved: Outcome | None) -> None:
        self._drafts = self._read_drafts()
        self._show_drafts()
        self._tell_unreadable()
        if saved is not None:
            self.notify(_("The outcome is completed."))

    def action_remove_draft(self) -> None:
        """Remove the draft selected in the list, once confirmed: one that cannot be completed
        (its entrepreneur removed from the roster), or that was drafted by mistake."""
        from screens.removal import remove_after_confirmation

        listed = self.query_one("#after-drafts", OptionList)
        index = listed.highlighted
        if not self._drafts or index is None:
            self.notify(_("Select a draft in the list first."), severity="warning")
            return
        draft = self._drafts[index]

        def removed() -> None:
            self._after_form(None)
            self.notify(_("The draft outcome is removed."))

        question = _("Remove the draft outcome “{text}”?").format(
            text=f"{self._draft_name(draft)}: {draft.description}"
        )
        remove_after_confirmation(self, question, lambda: self.repository.remove_outcome(draft.id), removed)

    def action_draft_from_entry(self) -> None:
        """A lost draft made again: an entry of this meeting that mentions a member and has no
        outcome is chosen, drafted from, and its draft opened to be completed."""
        from screens.outcome_entry_picker import OutcomeEntryPicker

        members = member_ids(self._people)
        try:
            entries = undrafted_entries(
                self.repository.memo(self.meeting.id), members, self.repository.outcomes(self.group.id)
            )
        except StorageError as error:
            self.notify(str(error), title=_("Not opened"), severity="error", timeout=30)
            return
        if not entries:
            self.notify(_("Every entry of this meeting that mentions a member has an outcome already."))
            return

        def chosen(entry_id: str | None) -> None:
            entry = next((entry for entry in entries if entry.id == entry_id), None)
            if entry is None:
                return
            day = local_day(self.meeting.starts_at, self.group.time_zone)
            try:
                saved = self.repository.save_outcome(drafted_outcome(entry, day, members))
            except (StorageError, Invalid) as error:
                self.notify(str(error), title=_("Outcome not drafted"), severity="error", timeout=30)
                return
            self._drafts = self._read_drafts()
            self._show_drafts()
            self._complete(saved.id)

        self.app.push_screen(OutcomeEntryPicker(entries), chosen)
