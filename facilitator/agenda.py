"""Agenda rules: the network's default evening, templates, running clock times, reordering, and the
preparation form (theme, place, times) of one meeting."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from facilitator.dates import format_time
from facilitator.i18n import _
from facilitator.local_time import local_day, local_moment
from facilitator.model import AgendaItem, Meeting, Person, Presenter, Problem, Role, TemplateItem
from facilitator.model.sizes import with_size_problems
from facilitator.pattern_rules import parse_time, time_example


def default_template() -> list[TemplateItem]:
    """The evening as the network runs it: news, the host's company and theme, the discussion,
    joint actions, feedback."""
    return [
        TemplateItem(title=_("Welcome and round of news"), minutes=15, presenter=Presenter.FACILITATOR),
        TemplateItem(title=_("The host introduces the company and the theme"), minutes=30, presenter=Presenter.HOST),
        TemplateItem(
            title=_("Open discussion and exchange of experience"),
            minutes=60,
            presenter=Presenter.EVERYONE,
            notes=_("or a facilitated problem-solving session"),
        ),
        TemplateItem(title=_("Joint actions and the next meeting"), minutes=15, presenter=Presenter.FACILITATOR),
        TemplateItem(title=_("Feedback"), minutes=10, presenter=Presenter.FACILITATOR),
    ]


def group_template(template: Sequence[TemplateItem]) -> list[TemplateItem]:
    """A group's own template, or the network's default when it has none."""
    return list(template) or default_template()


def agenda_from_template(
    template: Sequence[TemplateItem], meeting: Meeting, host: Person | None, facilitator: Person | None
) -> list[AgendaItem]:
    """A new agenda for ``meeting``, with the template's presenters named."""
    names = {
        Presenter.HOST: host.name if host else Presenter.HOST.label,
        Presenter.FACILITATOR: facilitator.name if facilitator else Presenter.FACILITATOR.label,
        Presenter.EVERYONE: Presenter.EVERYONE.label,
        Presenter.NOBODY: "",
    }
    return [
        AgendaItem(
            meeting_id=meeting.id,
            position=position,
            title=item.title,
            minutes=item.minutes,
            presenter=names[item.presenter],
            notes=item.notes,
        )
        for position, item in enumerate(template)
    ]


def template_from_agenda(
    items: Sequence[AgendaItem], host: Person | None, facilitators: Sequence[Person]
) -> list[TemplateItem]:
    """A template for the group's next meetings: named presenters become roles again."""
    roles = {Presenter.EVERYONE.label: Presenter.EVERYONE}
    if host:
        roles[host.name] = Presenter.HOST
    roles.update({person.name: Presenter.FACILITATOR for person in facilitators})
    return [
        TemplateItem(
            title=item.title,
            minutes=item.minutes,
            presenter=roles.get(item.presenter, Presenter.NOBODY),
            notes=item.notes,
        )
        for item in items
    ]


@dataclass(frozen=True)
class ClockedItem:
    """An agenda item with the clock times it is planned to start and end at."""

    item: AgendaItem
    starts: datetime
    ends: datetime


def clocked(items: Sequence[AgendaItem], starts_at: datetime) -> list[ClockedItem]:
    """Each item with its running clock times, one after another from ``starts_at``."""
    clock = starts_at
    timed = []
    for item in items:
        ends = clock + timedelta(minutes=item.minutes)
        timed.append(ClockedItem(item, clock, ends))
        clock = ends
    return timed


def overrun_minutes(items: Sequence[AgendaItem], meeting: Meeting) -> int:
    """How many minutes the agenda runs past the meeting's end (negative: minutes to spare)."""
    length = int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
    return sum(item.minutes for item in items) - length


def renumbered(items: Sequence[AgendaItem]) -> list[AgendaItem]:
    """``items`` in their order with positions 0, 1, 2…"""
    return [dataclasses.replace(item, position=index) for index, item in enumerate(items)]


def moved(items: Sequence[AgendaItem], index: int, step: int) -> list[AgendaItem]:
    """``items`` with the one at ``index`` moved ``step`` places (kept inside the list)."""
    order = list(items)
    target = max(0, min(len(order) - 1, index + step))
    order.insert(target, order.pop(index))
    return renumbered(order)


def preparation_field_labels() -> dict[str, str]:
    return {
        "theme": _("Theme"),
        "host": _("Host"),
        "location": _("Place"),
        "start_time": _("Starts"),
        "end_time": _("Ends"),
        "host_note": _("Why this theme"),
    }


def check_preparation_form(
    values: Mapping[str, str], meeting: Meeting, time_zone: str
) -> tuple[Meeting, list[Problem]]:
    """The meeting with the preparation form applied, and every problem with it.

    Times are local to the group (``time_zone``) on the meeting's own day.
    """
    labels = preparation_field_labels()
    zone = ZoneInfo(time_zone)
    day = local_day(meeting.starts_at, time_zone)
    problems: list[Problem] = []
    moments: dict[str, datetime] = {}
    for field, current in (("start_time", meeting.starts_at), ("end_time", meeting.ends_at)):
        text = values.get(field, format_time(local_moment(current, time_zone)))
        clock = parse_time(text)
        if clock is None:
            problems.append(Problem(field, labels[field], time_example(time(17, 30))))
        else:
            moments[field] = datetime.combine(day, clock, zone)
    if len(moments) == 2 and moments["end_time"] <= moments["start_time"]:
        problems.append(Problem("end_time", labels["end_time"], _("The meeting must end after it starts.")))
    if not meeting.host_id:
        problems.append(
            Problem("host", labels["host"], _("Choose a host (o): the meeting takes place at the host's premises."))
        )
    prepared = dataclasses.replace(
        meeting,
        theme=values.get("theme", meeting.theme).strip(),
        host_note=values.get("host_note", meeting.host_note).strip(),
        location=values.get("location", meeting.location).strip(),
        starts_at=moments.get("start_time", meeting.starts_at),
        ends_at=moments.get("end_time", meeting.ends_at),
    )
    # A meeting prepared with its host is settled: planning the season again must leave it alone.
    prepared.edited_by_hand = meeting.edited_by_hand or any(
        getattr(prepared, name) != getattr(meeting, name)
        for name in ("theme", "host_note", "location", "starts_at", "ends_at")
    )
    return prepared, with_size_problems(prepared, labels, problems)


def starting_agenda(template: Sequence[TemplateItem], meeting: Meeting, people: Sequence[Person]) -> list[AgendaItem]:
    """The agenda a meeting starts with: the template, with its host and a facilitator named."""
    host = next((person for person in people if person.id == meeting.host_id), None)
    facilitator = next((person for person in people if person.role is Role.FACILITATOR and not person.left), None)
    return agenda_from_template(group_template(template), meeting, host, facilitator)


def with_new_host(items: Sequence[AgendaItem], old: Person | None, new: Person) -> list[AgendaItem]:
    """The agenda with the items the old host was to present now presented by the new one."""
    if old is None:
        return list(items)
    return [dataclasses.replace(item, presenter=new.name) if item.presenter == old.name else item for item in items]
