"""A meeting's agenda: items with planned minutes and a presenter, and a group's template for it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from facilitator.dates import format_count
from facilitator.i18n import _
from facilitator.model.problems import Problem, per_language
from facilitator.model.record import Record
from facilitator.model.sizes import with_size_problems

MINUTES_MAX = 600


class Presenter(StrEnum):
    """Who presents an item of a template; a meeting's item names the person instead."""

    HOST = "host"
    FACILITATOR = "facilitator"
    EVERYONE = "everyone"
    NOBODY = ""

    @property
    def label(self) -> str:
        return {
            Presenter.HOST: _("the host"),
            Presenter.FACILITATOR: _("the facilitator"),
            Presenter.EVERYONE: _("everyone"),
            Presenter.NOBODY: "",
        }[self]


@dataclass(kw_only=True)
class TemplateItem:
    """One item of a group's agenda template."""

    title: str
    minutes: int
    presenter: Presenter = Presenter.NOBODY
    notes: str = ""


@dataclass(kw_only=True)
class AgendaItem(Record):
    """One item of one meeting's agenda, in ``position`` order; ``presenter`` is free text.

    The live meeting's clock stores when the item was under way (``started_at``, ``ended_at``).
    """

    meeting_id: str
    position: int
    title: str
    minutes: int
    presenter: str = ""
    notes: str = ""
    started_at: datetime | None = None
    ended_at: datetime | None = None


@per_language
def agenda_field_labels() -> dict[str, str]:
    return {"title": _("Title"), "minutes": _("Minutes"), "presenter": _("Presenter"), "notes": _("Notes")}


def validate_item(item: AgendaItem | TemplateItem) -> list[Problem]:
    labels = agenda_field_labels()
    problems = []
    if not item.title.strip():
        problems.append(Problem("title", labels["title"], _("Give the item a title.")))
    if not 1 <= item.minutes <= MINUTES_MAX:
        problems.append(
            Problem(
                "minutes",
                labels["minutes"],
                _("Plan between 1 and {most} minutes.").format(most=format_count(MINUTES_MAX)),
            )
        )
    return problems


ItemT = TypeVar("ItemT", AgendaItem, TemplateItem)


def check_item_form(values: Mapping[str, str], base: ItemT) -> tuple[ItemT, list[Problem]]:
    """Read an agenda or template item form: the item to save, or every problem with it.

    A template's presenter is a role (host, facilitator, everyone, nobody); a meeting's is a name.
    """
    labels = agenda_field_labels()
    problems: list[Problem] = []
    minutes_text = values.get("minutes", str(base.minutes)).strip()
    minutes = base.minutes
    if minutes_text.isdigit():
        minutes = int(minutes_text)
    else:
        problems.append(Problem("minutes", labels["minutes"], _("Write the minutes as a whole number, such as 20.")))
    presenter: str | Presenter = values.get("presenter", base.presenter).strip()
    if isinstance(base, TemplateItem):
        presenter = Presenter(presenter) if presenter in {role.value for role in Presenter} else base.presenter
    item = dataclasses.replace(
        base,
        title=values.get("title", base.title).strip(),
        minutes=minutes,
        presenter=presenter,
        notes=values.get("notes", base.notes).strip(),
    )
    reported = {problem.field for problem in problems}
    problems += [problem for problem in validate_item(item) if problem.field not in reported]
    return item, with_size_problems(item, labels, problems)
