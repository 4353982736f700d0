"""The words of a person's data report, shared by its PDF and its JSON file."""

from __future__ import annotations

from datetime import date

from facilitator.dates import format_date
from facilitator.i18n import _, ngettext
from facilitator.model import Person
from facilitator.model.person import CONSENT_FIELDS
from facilitator.person_data import CarriedForm, Naming


def title(person: Person) -> str:
    return _("What is held about {name}").format(name=person.name or person.id)


def introduction(group_name: str, today: date) -> str:
    return _(
        "Everything the MicroENTRE Facilitator workspace of {group} holds about this person on {date}: the roster "
        "record with the consents and their dates, the meetings attended and hosted, the memo entries that name the "
        "person or that the person owns, the needs and absences recorded, and the sync bundles that carried these "
        "records to another laptop."
    ).format(group=group_name, date=format_date(today))


def field_value(person: Person, field: str) -> str:
    """A roster field as the report shows it: a consent as the day it was given, or not given."""
    value = getattr(person, field)
    if field in CONSENT_FIELDS:
        return _("given on {date}").format(date=format_date(value)) if value else _("not given")
    if field == "role":
        return person.role.label
    if field == "can_host":
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return format_date(value)
    return str(value or "")


def naming_label(naming: Naming) -> str:
    return {
        Naming.MENTIONED: _("mentioned with @"),
        Naming.OWNER: _("owns the action"),
        Naming.NAMED: _("named in the text"),
        Naming.PERHAPS: _("perhaps named: a name someone else on the roster shares"),
        Naming.EARLIER: _("named in an earlier wording"),
    }[naming]


def audience_label(audience: str) -> str:
    return {
        "coordinator": _("the coordinator"),
        "group": _("the group's other facilitators"),
    }.get(audience, audience)


def form_label(form: CarriedForm | None) -> str:
    if form is None:
        return _("not recorded: written before the app noted whom a bundle carried")
    return {
        CarriedForm.COMPLETE: _("in full"),
        CarriedForm.NAMED: _("under the name, with contact details"),
        CarriedForm.NAMED_WITHOUT_CONTACT: _("under the name, without contact details"),
        CarriedForm.PSEUDONYM: _("under a pseudonym"),
    }[form]


def feedback_statement(responses: int) -> str:
    anonymous = _(
        "Feedback is anonymous: a response holds no name and nothing links it to whoever gave it, so no response "
        "can be told to be this person's, and none is listed."
    )
    count = ngettext(
        "The meetings this person attended hold {count} response in all.",
        "The meetings this person attended hold {count} responses in all.",
        responses,
    ).format(count=responses)
    return f"{anonymous} {count}"
