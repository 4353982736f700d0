"""A realistic demo network, so the app can be tried, shown and benchmarked without real people's data.

Everything is drawn from one ``random.Random(seed)``: the same arguments always give the same
network, record ids included, so demos, tests and benchmarks are repeatable.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TypedDict

from facilitator.demo.data import ADVISORY, GROUP_NAMES, PLACES, SAMI_LETTER_PICKS, Place, region_name
from facilitator.demo.development import develop
from facilitator.demo.evenings import hold_meetings
from facilitator.demo.history import demo_pattern, group_history
from facilitator.demo.ids import record_id
from facilitator.demo.preparation import prepare_upcoming
from facilitator.demo.roster import roster
from facilitator.demo.sounds import DemoSound, record_sounds
from facilitator.demo.words import business_field_name
from facilitator.local_time import local_day
from facilitator.model.absence import Absence
from facilitator.model.agenda import AgendaItem
from facilitator.model.attendance import Attendance
from facilitator.model.feedback import FeedbackResponse
from facilitator.model.group import Group
from facilitator.model.interview import Interview
from facilitator.model.meeting import Meeting
from facilitator.model.memo import MemoEntry
from facilitator.model.outcome import Outcome
from facilitator.model.person import Person


@dataclass
class DemoNetwork:
    """The groups and everyone who has ever been on their rosters (former members included), the
    groups' meetings (held in the past, planned for the season ahead), members' absences, and
    the members' growth interviews and the outcomes in their businesses. ``sounds`` are the sound
    files of the few recorded meetings that hold theirs, written beside the records (see
    :mod:`facilitator.demo.sounds`)."""

    groups: list[Group]
    people: list[Person]
    meetings: list[Meeting] = field(default_factory=list)
    absences: list[Absence] = field(default_factory=list)
    agenda_items: list[AgendaItem] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    memo_entries: list[MemoEntry] = field(default_factory=list)
    feedback: list[FeedbackResponse] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    sounds: list[DemoSound] = field(default_factory=list)

    def records(self) -> NetworkRecords:
        """Every record by kind, as ``Repository.add_network`` takes them."""
        return NetworkRecords(
            groups=self.groups,
            people=self.people,
            meetings=self.meetings,
            absences=self.absences,
            agenda_items=self.agenda_items,
            attendance=self.attendance,
            memo_entries=self.memo_entries,
            feedback=self.feedback,
            interviews=self.interviews,
            outcomes=self.outcomes,
        )


class NetworkRecords(TypedDict):
    """A demo network's records by kind, named as ``Repository.add_network`` names its arguments."""

    groups: list[Group]
    people: list[Person]
    meetings: list[Meeting]
    absences: list[Absence]
    agenda_items: list[AgendaItem]
    attendance: list[Attendance]
    memo_entries: list[MemoEntry]
    feedback: list[FeedbackResponse]
    interviews: list[Interview]
    outcomes: list[Outcome]


#: How many years back the held meetings have their evenings (attendance, memo, feedback).
DETAILED_YEARS = 5


def generate_network(
    *, groups: int = 3, years: int = 2, seed: int = 1, today: date, detailed_years: int = DETAILED_YEARS
) -> DemoNetwork:
    """``groups`` peer groups whose history began ``years`` years before ``today``.

    Members joined over that span and some left and were replaced, so a long history has many
    former members while each group keeps 8–16 current ones. Each group met by its pattern from
    the start to yesterday, hosts taking turns by the fair rotation, and has its season planned up
    to the next 31 May (see :mod:`facilitator.demo.history`). Each meeting held in the last
    ``detailed_years`` years (:data:`DETAILED_YEARS`; a benchmark asks for every year) has its theme,
    attendance, agenda as it ran, memo, conclusions, maybe a recording, and feedback (see
    :mod:`facilitator.demo.evenings`). Members are interviewed on joining and as their interviews
    fall due (a few still due today), and the lines of the memos come to outcomes in their
    businesses, a few drafted on each group's latest meeting (see :mod:`facilitator.demo.development`).
    The network's latest held meetings hold a few minutes of recorded sound, to be written beside
    them (``sounds``, see :mod:`facilitator.demo.sounds`).
    Record metadata (created_at, revision…) is left for the
    repository to stamp on save.
    """
    if groups < 1:
        raise ValueError("A demo network needs at least one group.")
    if years < 0:
        raise ValueError("A demo network cannot start in the future.")
    rng = random.Random(seed)
    start = _years_before(today, years)
    network = DemoNetwork(groups=[], people=[])
    for index in range(groups):
        place = PLACES[index % len(PLACES)]
        group = _group(rng, place, round_=index // len(PLACES), pattern_index=index)
        letter_picks = SAMI_LETTER_PICKS if index == 0 else ()
        network.groups.append(group)
        network.people += roster(rng, group, place, start, today, letter_picks)
    # Meetings are drawn after every roster, so the people stay those of the same seed without them.
    for index, group in enumerate(network.groups):
        people = [person for person in network.people if person.group_id == group.id]
        meetings, absences = group_history(
            rng, partial(record_id, rng), group, people, start, today, hand_swap=index == 0
        )
        network.absences += absences
        # Preparation draws from its own generator, so the history stays that of the same seed.
        preparing = random.Random(f"{seed}-{index}-preparation")
        meetings, agenda = prepare_upcoming(preparing, meetings, people, partial(record_id, preparing))
        # So do the evenings of the held meetings: attendance, agenda as it ran, memo, feedback.
        # Only the recent years are told evening by evening: enough history to look back on, and a
        # 20-year network is still made in seconds.
        holding = random.Random(f"{seed}-{index}-evenings")
        detailed_from = _years_before(today, detailed_years)
        older = [meeting for meeting in meetings if local_day(meeting.starts_at, group.time_zone) < detailed_from]
        recent = [meeting for meeting in meetings if local_day(meeting.starts_at, group.time_zone) >= detailed_from]
        evenings = hold_meetings(holding, partial(record_id, holding), group, recent, people, absences, today)
        network.meetings += older + evenings.meetings
        network.agenda_items += evenings.agenda_items + agenda
        network.attendance += evenings.attendance
        network.memo_entries += evenings.memo_entries
        network.feedback += evenings.feedback
        # What came of the evenings, and the members' interviews: from a generator of their own too.
        developing = random.Random(f"{seed}-{index}-development")
        interviews, outcomes = develop(
            developing,
            partial(record_id, developing),
            people,
            evenings.meetings,
            evenings.memo_entries,
            evenings.attendance,
            evenings.lines,
            group.time_zone,
            today,
        )
        network.interviews += interviews
        network.outcomes += outcomes
    network.sounds = record_sounds(
        network.groups, network.people, network.meetings, network.attendance, network.memo_entries
    )
    # Drawn by the English trades, stored in the language the demo is made in.
    network.people = [
        dataclasses.replace(person, business_field=business_field_name(person.business_field))
        for person in network.people
    ]
    return network


def _group(rng: random.Random, place: Place, round_: int, pattern_index: int) -> Group:
    """A group of ``place``; later rounds through the municipalities get a number to stay unique."""
    name = rng.choice(GROUP_NAMES[place.kind]).format(place=place.name)
    if round_:
        name = f"{name} {round_ + 1}"
    return Group(
        id=record_id(rng),
        name=name,
        region=region_name(place.region),
        municipality=place.name,
        pbas_organisation=ADVISORY[place.region][0],
        pattern=demo_pattern(pattern_index),
    )


def _years_before(today: date, years: int) -> date:
    """The same day ``years`` years earlier (28 February for a leap day)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)
