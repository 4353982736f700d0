"""The roster's keys that act on one person or bring people in: add, edit, mark as left, erase,
periods away, the person's data report and timeline, and the import of a roster file. Mixed into
:class:`screens.roster.RosterScreen`, which gives the repository, the group, the highlighted
person and the redrawing of the table."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import Screen

from facilitator.i18n import _
from facilitator.model import Group, Person
from facilitator.pseudonyms import shown_pseudonyms
from screens.exporting import write_in_background
from screens.member_form import LeftForm, MemberForm
from storage.errors import StorageError
from storage.repository import Repository

if TYPE_CHECKING:
    from exports.roster_files import RosterSheet
    from facilitator.roster_import import ImportPlan


class PersonActions(Screen[None]):
    """The roster's person keys (see the module's docstring)."""

    repository: Repository
    group: Group
    #: The folder of the last roster file chosen, where the file picker opens next.
    import_folder: Path | None

    if TYPE_CHECKING:  # given by the roster

        def refresh_people(self, select: str | None = None) -> None: ...

        def _selected_person(self) -> Person | None: ...

        def _today(self) -> date: ...

    def action_add_person(self) -> None:
        self._open_form(
            MemberForm(
                Person(group_id=self.group.id, name="", joined=self._today()),
                save=self.repository.save_person,
                today=self._today(),
            )
        )

    def action_edit_person(self) -> None:
        if person := self._selected_person():
            self._open_form(
                MemberForm(person, save=self.repository.save_person, today=self._today(), repository=self.repository)
            )

    def action_mark_left(self) -> None:
        if person := self._selected_person():
            self._open_form(LeftForm(person, save=self.repository.save_person, today=self._today()))

    def _open_form(self, form: MemberForm | LeftForm) -> None:
        def saved(person: Person | None) -> None:
            if person is not None:
                self.refresh_people(select=person.id)
                self.notify(_("Saved {name}.").format(name=shown_pseudonyms(person.name)))

        self.app.push_screen(form, saved)

    def action_remove_person(self) -> None:
        """Erase the highlighted person, once a confirmation has said what goes."""
        if person := self._selected_person():
            from screens.erase_person import erase_after_confirmation  # when first needed: the roster opens sooner

            erase_after_confirmation(self, self.repository, person, self.refresh_people)

    def action_absences(self) -> None:
        if person := self._selected_person():
            from screens.absences import AbsencesScreen  # imported when first needed: a faster start

            self.app.push_screen(AbsencesScreen(self.repository, person))

    def action_import_roster(self) -> None:
        """Choose a roster file, read it in the background, then preview its import."""
        from screens.import_bundles import start_folder  # imported when first needed: a faster start
        from screens.roster_import import RosterFileScreen

        self.app.push_screen(RosterFileScreen(start_folder(self.import_folder)), self._read_roster_file)

    def _read_roster_file(self, path: Path | None) -> None:
        from exports.roster_files import RosterFileError, plan_for, read_roster_file
        from facilitator.roster_columns import guess_fields
        from facilitator.roster_import import NoNameColumn

        if path is None:
            return
        self.import_folder = path.parent

        def read() -> None:
            try:
                sheet = read_roster_file(path)
                plan = plan_for(self.repository, self.group, sheet, guess_fields(sheet.header))
            except (RosterFileError, NoNameColumn, StorageError) as error:
                self.app.call_from_thread(self.notify, str(error), severity="error", timeout=15)
                return
            self.app.call_from_thread(self._preview_import, sheet, plan)

        self.notify(_("Reading {name}…").format(name=path.name), timeout=2)
        self.app.jobs.start(self, _("reading a roster file"), read)  # type: ignore[attr-defined]

    def _preview_import(self, sheet: RosterSheet, plan: ImportPlan) -> None:
        from screens.roster_import import RosterImportScreen

        def imported(report: list[str] | None) -> None:
            if report:
                self.refresh_people()
                self.notify("\n".join(report), title=_("Roster imported"), timeout=20)

        self.app.push_screen(RosterImportScreen(self.repository, self.group, sheet, plan), imported)

    def action_person_report(self) -> None:
        """What the workspace holds about the highlighted person, written in the background."""
        if person := self._selected_person():
            from exports.person_report.files import write_person_report  # imported when first needed

            write_in_background(self, lambda: write_person_report(self.repository, person))

    def action_timeline(self) -> None:
        """The highlighted person's timeline: meetings, needs, interviews and outcomes."""
        if person := self._selected_person():
            from screens.timeline import TimelineScreen  # imported when first needed: a faster start

            self.app.push_screen(TimelineScreen(self.repository, person))
