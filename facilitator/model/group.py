"""A local peer group of the network, and the rules for a valid one."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Set as AbstractSet
from dataclasses import dataclass

from facilitator.dates import format_count
from facilitator.i18n import _
from facilitator.model.agenda import TemplateItem
from facilitator.model.pattern import MeetingPattern
from facilitator.model.problems import Problem, per_language
from facilitator.model.record import Record
from facilitator.model.sizes import with_size_problems

DEFAULT_TIME_ZONE = "Europe/Helsinki"
NAME_MAX = 80


@per_language
def group_field_labels() -> dict[str, str]:
    """The label of each group field, as forms and messages show it."""
    return {
        "name": _("Name"),
        "region": _("Region"),
        "municipality": _("Municipality"),
        "pbas_organisation": _("Business advisory service"),
        "time_zone": _("Time zone"),
    }


@dataclass(kw_only=True)
class Group(Record):
    """A group that meets about monthly at its members' premises."""

    name: str
    region: str = ""
    municipality: str = ""
    pbas_organisation: str = ""
    time_zone: str = DEFAULT_TIME_ZONE
    archived: bool = False
    pattern: MeetingPattern = dataclasses.field(default_factory=MeetingPattern)
    agenda_template: list[TemplateItem] = dataclasses.field(default_factory=list)


def is_time_zone(name: str) -> bool:
    """Whether ``name`` is a time zone of the IANA database, such as Europe/Helsinki."""
    from zoneinfo import ZoneInfo  # imported when first needed: a faster start

    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True


def validate_group(group: Group, other_names: AbstractSet[str] = frozenset()) -> list[Problem]:
    """Every problem with ``group``; ``other_names`` are the names the other groups already use."""
    labels = group_field_labels()
    problems: list[Problem] = []
    name = group.name.strip()
    if not name:
        problems.append(Problem("name", labels["name"], _("Give the group a name.")))
    elif len(name) > NAME_MAX:
        problems.append(
            Problem(
                "name",
                labels["name"],
                _("Keep the name under {count} characters.").format(count=format_count(NAME_MAX)),
            )
        )
    elif name.casefold() in {other.strip().casefold() for other in other_names}:
        problems.append(Problem("name", labels["name"], _("Another group already has this name.")))
    if not is_time_zone(group.time_zone.strip()):
        problems.append(
            Problem(
                "time_zone",
                labels["time_zone"],
                _("“{zone}” is not a time zone: write it like Europe/Helsinki.").format(zone=group.time_zone),
            )
        )
    return problems


def check_group_form(group: Group, problems: list[Problem]) -> list[Problem]:
    """``problems`` (the repository's :func:`validate_group` of ``group`` as the group form typed it)
    with each field of the form holding more than any record may (a region of a thousand
    characters). Only the form's fields: a stored value elsewhere (a pattern's skipped day an
    earlier import let in) is the planner's to tell, and never stops a rename nor a save."""
    labels = group_field_labels()
    return [
        problem
        for problem in with_size_problems(group, labels, problems)
        if problem in problems or problem.field in labels
    ]


def group_from_form(values: Mapping[str, str], base: Group) -> Group:
    """``base`` with the text fields of a group form applied (trimmed); a field the form lacks keeps its value."""

    def typed(field: str, kept: str) -> str:
        return values[field].strip() if field in values else kept

    return dataclasses.replace(
        base,
        name=typed("name", base.name),
        region=typed("region", base.region),
        municipality=typed("municipality", base.municipality),
        pbas_organisation=typed("pbas_organisation", base.pbas_organisation),
        time_zone=typed("time_zone", base.time_zone),
    )
