"""Themes and agendas for the demo network's upcoming meetings, as hosts and facilitators agree them.

Randomness comes from the caller's seeded generator, so the same seed prepares the same meetings.
"""

from __future__ import annotations

import dataclasses
import random

from facilitator.agenda import agenda_from_template, default_template
from facilitator.demo.ids import NewId
from facilitator.model import AgendaItem, Meeting, MeetingStatus, Person, Role

#: (theme, the host's note on why it matters): what micro-entrepreneurs in the north bring up.
_THEMES = (
    ("Selling abroad without a shop window", "Half of our customers now find us online from Central Europe."),
    ("Pricing when costs rise", "Fuel and electricity went up a third; I have not dared to raise prices."),
    ("Hiring the first employee", "I turn work away every summer, but a salary all year frightens me."),
    ("Surviving the quiet season", "From October to February the cash runs thin every year."),
    ("Social media on a small budget", "My daughter set up the account; now I should keep it going."),
    ("Public procurement for small firms", "The municipality's tenders look written for big companies."),
    ("Handing the firm over", "I turn 63 next spring and nobody in the family wants to continue."),
    ("Joint marketing with the neighbours", "Tourists come for the whole valley, not for one firm."),
    ("Getting paid on time", "Two customers owe me for three months; I need a firmer routine."),
    ("Shipping from the north", "Parcels cost more than the product for small orders."),
)


def prepare_upcoming(
    rng: random.Random, meetings: list[Meeting], people: list[Person], new_id: NewId
) -> tuple[list[Meeting], list[AgendaItem]]:
    """``meetings`` with themes on the upcoming ones, and an agenda for each of those."""
    by_id = {person.id: person for person in people}
    facilitator = next((person for person in people if person.role is Role.FACILITATOR and not person.left), None)
    upcoming = [meeting for meeting in meetings if meeting.status in (MeetingStatus.PLANNED, MeetingStatus.CONFIRMED)]
    themes = rng.sample(_THEMES, k=min(len(upcoming), len(_THEMES)))
    prepared: dict[str, Meeting] = {}
    agenda: list[AgendaItem] = []
    for meeting, (theme, note) in zip(upcoming, themes, strict=False):
        prepared[meeting.id] = dataclasses.replace(meeting, theme=theme, host_note=note)
        items = agenda_from_template(default_template(), meeting, by_id.get(meeting.host_id), facilitator)
        agenda += [dataclasses.replace(item, id=new_id()) for item in items]
    return [prepared.get(meeting.id, meeting) for meeting in meetings], agenda
