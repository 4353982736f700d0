"""Whom a bundle carries: the people its records are about, and in which form each travels.

The bundle writer hands each group's chosen documents here and keeps the answer in the sync
ledger (:meth:`storage.sync_ledger.SyncLedger.record_made`), so that a person's data report can say
which bundles took their records away, when, to whom, and whether under their name. A record is
about a person when it refers to them by id: their roster record, their absences, interviews,
outcomes (and the members involved in one) and attendance, memo entries that mention them with ``@``
or that they own (now or in an earlier wording), and meetings they host or declined to host.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from exports.bundle.format import PERSON_KINDS
from exports.bundle.privacy import carried_form
from exports.bundle.workspace_records import Document
from facilitator.model import Person
from storage.codec import from_document


def carried_people(
    chosen: Mapping[str, Sequence[Document]], people: Mapping[str, Document], *, for_coordinator: bool
) -> dict[str, str]:
    """The ids of the people that the ``chosen`` documents are about, each with the form in which
    the bundle carries them (a :class:`~facilitator.person_data.CarriedForm` value), decided by
    their roster record in ``people`` (the group's stored people by id)."""
    found: dict[str, str] = {}
    for person_id in _people_referred_to(chosen):
        stored = people.get(person_id)
        if stored is None or person_id in found:
            continue
        found[person_id] = carried_form(from_document(Person, stored), for_coordinator=for_coordinator).value
    return found


def _people_referred_to(chosen: Mapping[str, Sequence[Document]]) -> Iterator[str]:
    for name, documents in chosen.items():
        for document in documents:
            if name == "people":
                yield str(document.get("id", ""))
            elif name in PERSON_KINDS or name == "attendance":
                yield str(document.get("person_id", ""))
                yield from map(str, document.get("involved") or [])  # an outcome's members involved
            elif name == "meetings":
                yield str(document.get("host_id", ""))
                yield from map(str, document.get("declined_by") or [])
            elif name == "memo":
                for version in [document, *(document.get("revisions") or [])]:
                    yield str(version.get("owner_id", ""))
                    yield from map(str, version.get("people") or [])
