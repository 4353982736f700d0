"""Wenger's eleven typical activities of a community of practice (DESIGN §4): the codes memo entries
carry, so that a meeting can be analysed as the research team does."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.i18n import _


@dataclass(frozen=True)
class Activity:
    """One activity code with its name and what it looks like in a meeting."""

    code: str
    name: str
    looks_like: str


def activities() -> list[Activity]:
    """The eleven codes in the order of DESIGN §4, named in the current language."""
    return [
        Activity("PS", _("problem-solving"), _("the group works on one member's concrete business problem")),
        Activity(
            "RI",
            _("requests for information"),
            _("someone needs a contact, a fact or a source that another member has"),
        ),
        Activity("SE", _("seeking experience"), _("“has anyone dealt with this?” — members tell how they handled it")),
        Activity(
            "RA",
            _("reusing assets"),
            _("members pool what they already have: a vehicle, a stand, a document, a channel"),
        ),
        Activity(
            "CS", _("coordination and strategy"), _("members plan joint business: shared sales, bulk buying, campaigns")
        ),
        Activity(
            "BA", _("building an argument"), _("members argue for and against a decision until someone changes course")
        ),
        Activity("GC", _("growing confidence"), _("a member tests a plan on peers before acting on it")),
        Activity(
            "DD", _("discussing developments"), _("peers give feedback on a new product, service, logo or prototype")
        ),
        Activity(
            "DP", _("documentation projects"), _("writing down what the group has learned so it need not be re-learned")
        ),
        Activity("VI", _("visits"), _("seeing a member's premises and operations on site")),
        Activity(
            "MK",
            _("mapping knowledge and identifying gaps"),
            _("who knows what, what is missing, whom to connect with"),
        ),
    ]


def activity(code: str) -> Activity | None:
    """The activity of ``code`` (any case), or None when there is no such code."""
    wanted = code.strip().upper()
    return next((entry for entry in activities() if entry.code == wanted), None)
