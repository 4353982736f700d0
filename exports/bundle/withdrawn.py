"""A consent withdrawn: the coordinator's copy follows, whatever it received before.

A person who withdraws consent to research use, or to sharing contact details, reaches the
coordinator with their next version, pseudonymised or without contact details. But the records
sent before (memo entries naming them, a meeting at their premises) still hold the name, or the
e-mail, as the consent then allowed. So the coordinator's import, seeing a consent of a person's
stored version gone from the arriving one, applies the coordinator's view (:mod:`exports.bundle.privacy`)
again to the texts of every record of the group it holds: the name becomes the pseudonym, a contact
detail the name the coordinator knows its holder by, and a meeting at the person's premises loses
its place; the interviews and outcomes of a person who withdrew consent to research use lose their
free texts, and their company becomes the firm token the facilitator's laptop sends from then on
(made with the group's key, which the coordinator holds: the same firm stays one firm to the
indicators). The facilitator need send nothing again. The backups are rewritten the same way, the
person's own earlier versions in them included: no copy keeps what the consent no longer allows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from exports.bundle.privacy import CoordinatorView
from facilitator.model import Interview, Meeting, Outcome, Person, Record
from facilitator.record_texts import with_texts
from storage.codec import from_document

RecordT = TypeVar("RecordT", bound=Record)


def withdrawn_consents(stored: Iterable[dict[str, Any]], arrived: Iterable[dict[str, Any]]) -> list[Person]:
    """The people whose research or contact consent the stored version had and the arrived one has
    not: the stored version (the name and details the coordinator holds), with the consents now given."""
    before = {document.get("id"): document for document in stored}
    withdrawn = []
    for document in arrived:
        earlier = before.get(document.get("id"))
        if earlier is None or document.get("erased_salt"):
            continue
        if any(earlier.get(field) and not document.get(field) for field in ("research_consent", "contact_consent")):
            person = from_document(Person, earlier)
            withdrawn.append(
                dataclasses.replace(
                    person,
                    research_consent=person.research_consent if document.get("research_consent") else None,
                    contact_consent=person.contact_consent if document.get("contact_consent") else None,
                )
            )
    return withdrawn


class ConsentWithdrawn:
    """Applies the coordinator's view of ``withdrawn`` people to any record's texts; ``shown`` are the
    group's people whose names the coordinator may read (they stay as typed); ``firm_secrets`` each
    group's secret of its firm tokens (:func:`exports.bundle.privacy.firm_secrets`), by group id."""

    def __init__(self, withdrawn: list[Person], shown: Iterable[Person], firm_secrets: Mapping[str, bytes]) -> None:
        self.ids = frozenset(person.id for person in withdrawn)
        others = [person for person in shown if person.id not in self.ids and person.research_consent is not None]
        self._view = CoordinatorView([*withdrawn, *others], [])
        # A person's own versions, by group: the company becomes the token of the person's group.
        self._person_views = {
            group_id: CoordinatorView([], [], firm_secrets.get(group_id))
            for group_id in {person.group_id for person in withdrawn}
        }
        self._no_address = {
            person.id for person in withdrawn if person.research_consent is None or person.contact_consent is None
        }
        self._consents = {person.id: (person.research_consent, person.contact_consent) for person in withdrawn}

    def __call__(self, record: RecordT) -> RecordT:
        if isinstance(record, Person) and record.id in self._consents:
            # A version of the person (the one arrived, an earlier one in a backup): as the coordinator may now hold it.
            research, contact = self._consents[record.id]
            given = dataclasses.replace(record, research_consent=research, contact_consent=contact)
            changed_person = self._person_views.get(record.group_id, self._view)(given)
            if record.research_consent is None:
                # A version that reached the coordinator already without research consent holds its
                # firm token: a token of the token would be another firm.
                changed_person = dataclasses.replace(changed_person, company=record.company)
            return record if changed_person == record else changed_person
        if isinstance(record, Interview | Outcome):  # their free texts, or none (see exports.bundle.privacy)
            changed_own = self._view(record)
            return record if changed_own == record else changed_own
        changed = with_texts(record, self._view.text)
        if isinstance(changed, Meeting) and changed.host_id in self._no_address:
            changed = dataclasses.replace(changed, location="")
        return record if changed == record else changed
