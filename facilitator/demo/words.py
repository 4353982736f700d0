"""The demo's stored words that are not memo text, in the language the demo is made in: the
business fields on the roster and the reasons of absences, as a facilitator would have typed
them. The demo draws by the English words (the same seed makes the same network in every
language); these are only the labels stored."""

from __future__ import annotations

from facilitator.i18n import pgettext


def business_field_name(field: str) -> str:
    """A trade of :data:`facilitator.demo.data.BUSINESSES` (or a staff member's field) as stored."""
    names = {
        "reindeer meat processing": pgettext("business field", "reindeer meat processing"),
        "wilderness guiding": pgettext("business field", "wilderness guiding"),
        "husky safaris": pgettext("business field", "husky safaris"),
        "archipelago guiding": pgettext("business field", "archipelago guiding"),
        "greenhouse vegetables": pgettext("business field", "greenhouse vegetables"),
        "fish processing": pgettext("business field", "fish processing"),
        "fishing tourism": pgettext("business field", "fishing tourism"),
        "berry farm": pgettext("business field", "berry farm"),
        "sauna builder": pgettext("business field", "sauna builder"),
        "log house builder": pgettext("business field", "log house builder"),
        "carpentry": pgettext("business field", "carpentry"),
        "blacksmith": pgettext("business field", "blacksmith"),
        "bakery": pgettext("business field", "bakery"),
        "café": pgettext("business field", "café"),
        "hairdresser": pgettext("business field", "hairdresser"),
        "handicrafts": pgettext("business field", "handicrafts"),
        "accounting office": pgettext("business field", "accounting office"),
        "electrical contractor": pgettext("business field", "electrical contractor"),
        "car repair": pgettext("business field", "car repair"),
        "guesthouse": pgettext("business field", "guesthouse"),
        "photography": pgettext("business field", "photography"),
        "graphic design": pgettext("business field", "graphic design"),
        "forestry services": pgettext("business field", "forestry services"),
        "business advisory": pgettext("business field", "business advisory"),
        "research": pgettext("business field", "research"),
    }
    return names.get(field, field)


def absence_reason(reason: str) -> str:
    """A reason of the demo's absences as stored."""
    reasons = {
        "parental leave": pgettext("absence", "parental leave"),
        "long trip abroad": pgettext("absence", "long trip abroad"),
        "premises under renovation": pgettext("absence", "premises under renovation"),
        "busy season: winter safaris": pgettext("absence", "busy season: winter safaris"),
        "busy season: spring ski tours": pgettext("absence", "busy season: spring ski tours"),
        "reindeer round-ups and slaughter season": pgettext("absence", "reindeer round-ups and slaughter season"),
        "busy season: summer tourism": pgettext("absence", "busy season: summer tourism"),
        "berry season": pgettext("absence", "berry season"),
        "growing season": pgettext("absence", "growing season"),
    }
    return reasons.get(reason, reason)
