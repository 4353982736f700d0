"""What of a group's records may reach the coordinator (DESIGN §5), decided in one place.

A bundle for the coordinator holds:

- a person's e-mail, phone and premises address only with consent to sharing contact details
  (and to research use: contact details would undo a pseudonym);
- a person without consent to research use only under a stable pseudonym ("Member-3F9A2C", made by
  :mod:`facilitator.pseudonyms`, as the firm token's shape is): the
  name, business field, municipality and contact details are left out, and wherever the name or
  company was typed (memo, conclusions, agenda, theme) the pseudonym stands instead; the company
  travels as a firm token ("Firm 1a2b3c4d", :func:`firm_token`) that tells only which of the group's
  people work in the same firm, so that the coordinator's indicators count a firm once (in each
  group: see :func:`firm_token` for a firm with members in two groups);
- a meeting's location only when its host consented to both (it is the host's premises), and
  never one that holds the premises address of someone else who did not;
- guests under a pseudonym ("Guest-81BC0D"), with their organisation;
- no reasons for absences;
- no free text of the interviews and outcomes of a person without consent to research use (what
  the network gives them, the notes on their barriers, the description of an outcome): only the
  scales, the counts, the dates and the links travel; in the free texts of the others' interviews
  and outcomes (and an interview's interviewer), names are hidden as in a memo entry;
- wherever the e-mail, phone or premises address of someone who may not share it was typed, the
  name the coordinator knows him or her by instead.

What the app composed from records obeys the same rules as those records. The rotation's
explanation of a meeting's host (``host_reason``: "Malin is away on this date (parental leave),
so next in turn…") is made of names and absences' reasons: it stays with the group's
facilitators, and the coordinator's planner composes its own line from what it received (see
:func:`facilitator.season.host_explanation`). The agenda presenters named from the template and
the group's own template pass through the same hiding as typed text.

A bundle for a co-facilitator of the same group holds everything: both laptops end up identical.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from facilitator.contacts import ContactHider
from facilitator.model import (
    Absence,
    AgendaItem,
    Attendance,
    FeedbackResponse,
    Group,
    Interview,
    Meeting,
    MemoEntry,
    Outcome,
    Person,
    Record,
    Role,
)
from facilitator.names import NameHider, name_forms
from facilitator.person_data import CarriedForm
from facilitator.pseudonyms import GUEST, ROLE_KINDS, firm_token_of, person_pseudonym, pseudonym
from facilitator.record_texts import with_texts
from facilitator.text import firm_name_key
from storage.sync_ledger import GroupKey

RecordT = TypeVar("RecordT", bound=Record)
PersonT = TypeVar("PersonT", bound=Person)


def firm_token(company: str, group_secret: bytes) -> str:
    """The company of a person without consent to research use as the coordinator receives it:
    equal for the same firm however it was typed (as :func:`facilitator.text.firm_name_key` tells
    one firm: case, accents, spaces), different for another, and telling nothing of the name to
    anyone without the group's key (an HMAC-SHA256 of the firm's name key under ``group_secret``);
    no company (nor one without a letter or digit, "-", which the indicators count as none) stays
    none.

    Equal only within a group: ``group_secret`` is the group's own key (its oldest generation, see
    :func:`firm_secrets`), and no secret is shared by the whole network: each group has its own key,
    and a facilitator's laptop holds only its own groups' keys. So a firm whose people in two groups
    have no research consent reaches the coordinator under a token in each group, two firms to
    its figures over several groups (the enterprises supported, the jobs created): they count it
    once in each group. Likewise a firm of one group whose people differ in the consent reaches it
    as the company typed (theirs with consent) and a token (the others'): two firms."""
    key = firm_name_key(company)
    if not key:
        return ""
    digest = hmac.new(group_secret, b"microentre firm token|" + key.encode(), hashlib.sha256).hexdigest()
    return firm_token_of(digest)


def firm_secrets(key_ring: Mapping[str, Sequence[GroupKey]]) -> dict[str, bytes]:
    """Each group's secret its firm tokens are made with, by group id: the oldest generation of its
    key held here (``key_ring`` as :meth:`storage.sync_ledger.SyncLedger.key_ring` gives it), so
    that a key's rotation does not change a firm's token. The facilitators' laptops make the tokens
    with it, and the coordinator's workspace, which holds every generation of the key, makes them
    alike when a consent withdrawn asks it to (:mod:`exports.bundle.withdrawn`)."""
    return {group_id: generations[0].secret_bytes for group_id, generations in key_ring.items() if generations}


class CoordinatorView:
    """The records of one group as the coordinator may receive them."""

    def __init__(
        self, people: Iterable[Person], guests: Iterable[Attendance], firm_secret: bytes | None = None
    ) -> None:
        """``firm_secret``: the group's secret the companies of people without consent to research
        use are tokened with (:func:`firm_token`); without it they travel as none."""
        self._firm_secret = firm_secret
        people = list(people)
        guests = [guest for guest in guests if guest.is_guest]
        hidden = [person for person in people if person.research_consent is None]
        #: The people whose interviews and outcomes travel without their free texts.
        self._without_texts = {person.id for person in hidden}
        shown = [person for person in people if person.research_consent is not None]
        self._may_share_address = {person.id for person in people if _may_share_contacts(person)}
        self._contacts = ContactHider(
            (person, _person(person).name) for person in people if not _may_share_contacts(person)
        )
        self._hide = NameHider(
            name_forms(
                [(person.name, person_pseudonym(person)) for person in hidden]
                + [(guest.guest_name, pseudonym(guest.id, GUEST)) for guest in guests],
                [person.name for person in shown],
                [person.company for person in shown] + [guest.guest_organisation for guest in guests],
                ambiguous=ROLE_KINDS[Role.MEMBER],
                hidden_organisations=[
                    (person.company, person_pseudonym(person)) for person in hidden if person.company
                ],
            )
        )

    def text(self, typed: str) -> str:
        """Typed text as the coordinator may read it: where the name or company of someone
        hidden was typed, the pseudonym stands instead, and where a contact detail that may not be
        shared was typed, the name the coordinator knows its holder by (as in every record's text)."""
        return self._hide(self._contacts(typed))

    def _location(self, meeting: Meeting) -> str:
        """The meeting's place, when its host may share the premises address and it holds no
        address of anyone else who may not (a swap can leave the other host's address behind)."""
        if meeting.host_id not in self._may_share_address or self._contacts.finds(meeting.location):
            return ""
        return self._hide(meeting.location)

    def __call__(self, record: RecordT) -> RecordT:
        """``record`` with what the coordinator may not see left out or replaced."""
        hide = self.text
        match record:
            case Person():
                return _person(record, self._firm_secret)
            case Group():
                return with_texts(record, hide)
            case Meeting():
                return dataclasses.replace(
                    record,
                    theme=hide(record.theme),
                    host_note=hide(record.host_note),
                    conclusions=hide(record.conclusions),
                    host_reason="",  # names and absences' reasons: see the module's docstring
                    location=self._location(record),
                )
            case AgendaItem():
                return dataclasses.replace(
                    record, title=hide(record.title), presenter=hide(record.presenter), notes=hide(record.notes)
                )
            case Attendance() if record.is_guest:
                return dataclasses.replace(record, guest_name=pseudonym(record.id, GUEST))
            case MemoEntry():
                revisions = [dataclasses.replace(revision, text=hide(revision.text)) for revision in record.revisions]
                return dataclasses.replace(record, text=hide(record.text), revisions=revisions)
            case FeedbackResponse():
                return dataclasses.replace(record, comment=hide(record.comment))
            case Absence():
                return dataclasses.replace(record, reason="")
            case Interview() if record.person_id in self._without_texts:
                barriers = dict.fromkeys(record.barriers, "")
                return dataclasses.replace(
                    record, interviewer=hide(record.interviewer), network_gives="", barriers=barriers
                )
            case Outcome() if record.person_id in self._without_texts:
                return dataclasses.replace(record, description="")
            case Interview() | Outcome():
                return with_texts(record, hide)
        return record


def _may_share_contacts(person: Person) -> bool:
    """Contact details reach the coordinator with both consents: without the research one they
    would undo the pseudonym."""
    return person.contact_consent is not None and person.research_consent is not None


def _person(person: PersonT, firm_secret: bytes | None = None) -> PersonT:
    if person.contact_consent is None or person.research_consent is None:
        person = dataclasses.replace(person, email="", phone="", premises_address="")
    if person.research_consent is None:
        company = firm_token(person.company, firm_secret) if firm_secret is not None else ""
        person = dataclasses.replace(
            person,
            name=person_pseudonym(person),
            company=company,
            business_field="",
            municipality="",
            premises_address="",
        )
    return person


def carried_form(person: Person, *, for_coordinator: bool) -> CarriedForm:
    """The form in which a bundle carries ``person``'s records by the rules above, as the sync
    ledger notes it for the person's data report."""
    if not for_coordinator:
        return CarriedForm.COMPLETE
    if person.research_consent is None:
        return CarriedForm.PSEUDONYM
    return CarriedForm.NAMED if _may_share_contacts(person) else CarriedForm.NAMED_WITHOUT_CONTACT
