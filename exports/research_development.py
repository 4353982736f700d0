"""The research export's growth interviews and outcomes: their columns, rows and files.

They are records of their own, not memo entries: written beside the coded entries of
:mod:`exports.research` (CSV and JSON lines alike), one file per kind and one row per record, with
columns of their own. Kept apart so that the entries' export reads on its own and a change to the
interviews' or outcomes' columns touches only this file.

The three files name people by one rule, so that a script joins them on the person: the
interviews' and outcomes' ``entrepreneur`` and ``involved`` are written as the entries' ``people``
(by name with consent to research use, else the pseudonym); their free texts pass through the
same hiding as an entry's text; an ``interviewer`` who is on the group's roster (a facilitator, a
researcher) is written as ``people`` names them, anyone else as typed, as an entry's text has it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date

import orjson

from exports.research_records import GroupDevelopment, GroupRead, read_groups
from facilitator.model import Barrier, Group, Interview, Outcome
from storage.bulk_reading import collector_held_back
from storage.repository import Repository

#: How a list is joined for a person to read ("rahoitus; aika"): the workbook's barriers.
LIST_SEPARATOR = "; "
#: How the CSVs join the people a row names: the entries' ``people``, the outcomes' ``involved``
#: ("Áilu Sara; Member-3F9A2C").
PEOPLE_SEPARATOR = LIST_SEPARATOR
#: How the CSV joins the barriers an interview names and the ids an outcome links ("finance;time").
ID_SEPARATOR = ";"
#: The columns of the interviews' file (CSV and JSON lines alike): each barrier's note has its own.
INTERVIEW_COLUMNS = (
    "group",
    "interview_date",
    "entrepreneur",
    "kind",
    "interviewer",
    "growth_intention",
    "planned_staff",
    "planned_turnover",
    "staff",
    "turnover",
    "barriers",
    *(f"barrier_note_{barrier.value}" for barrier in Barrier),
    "network_gives",
    "network_value",
    "interview_id",
)
#: The columns of the outcomes' file.
OUTCOME_COLUMNS = (
    "group",
    "outcome_date",
    "entrepreneur",
    "kind",
    "description",
    "staff_after",
    "involved",
    "entry_ids",
    "meeting_ids",
    "outcome_id",
)


def interview_rows(group: GroupDevelopment) -> list[dict[str, object]]:
    """The group's interviews as rows of :data:`INTERVIEW_COLUMNS` (lists and numbers as JSON holds them)."""
    return [_interview_row(group, interview) for interview in group.interviews]


def _interview_row(group: GroupDevelopment, interview: Interview) -> dict[str, object]:
    named = [barrier for barrier, _note in interview.barrier_list()]
    return {
        "group": group.group.name,
        "interview_date": interview.day.isoformat(),
        "entrepreneur": group.person_name(interview.person_id),
        "kind": interview.kind.value,
        "interviewer": group.interviewer(interview.interviewer),
        "growth_intention": interview.intention.value,
        "planned_staff": interview.planned_staff,
        "planned_turnover": interview.planned_turnover.value if interview.planned_turnover else None,
        "staff": interview.staff,
        "turnover": interview.turnover.value if interview.turnover else None,
        "barriers": [barrier.value for barrier in named],
        **{f"barrier_note_{barrier.value}": interview.barriers.get(barrier.value, "") for barrier in Barrier},
        "network_gives": interview.network_gives,
        "network_value": interview.network_value,
        "interview_id": interview.id,
    }


def outcome_rows(group: GroupDevelopment) -> list[dict[str, object]]:
    """The group's completed outcomes as rows of :data:`OUTCOME_COLUMNS`: the members involved as
    the entries' rows name them, the memo entries and meetings behind each by the ids the entries'
    rows carry."""
    return [_outcome_row(group, outcome) for outcome in group.outcomes]


def _outcome_row(group: GroupDevelopment, outcome: Outcome) -> dict[str, object]:
    return {
        "group": group.group.name,
        "outcome_date": outcome.day.isoformat(),
        "entrepreneur": group.person_name(outcome.person_id),
        "kind": outcome.kind.value,
        "description": outcome.description,
        "staff_after": outcome.staff_after,
        "involved": [group.person_name(person_id) for person_id in outcome.involved],
        "entry_ids": list(outcome.entry_ids),
        "meeting_ids": list(outcome.meeting_ids),
        "outcome_id": outcome.id,
    }


def group_development(
    repository: Repository, read: GroupRead, first: date | None, last: date | None
) -> GroupDevelopment:
    """The group's interviews and completed outcomes in the period, of everyone its roster has
    held: a removed member's are still data (see :meth:`~storage.development.DevelopmentRecords.interviews`)."""
    group_id = read.group.id
    return read.development(
        repository.interviews(group_id, removed_people=True),
        repository.outcomes(group_id, removed_people=True),
        first,
        last,
    )


@collector_held_back()
def development_rows(
    repository: Repository, groups: Iterable[Group], first: date | None = None, last: date | None = None
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The rows of the interviews' file and of the outcomes' file of ``groups``, dated from ``first``
    to ``last`` (both included; None: no limit), by group and day."""
    interviews: list[dict[str, object]] = []
    outcomes: list[dict[str, object]] = []
    for read in read_groups(repository, groups, first, last, entries=False):
        group = group_development(repository, read, first, last)
        interviews += interview_rows(group)
        outcomes += outcome_rows(group)
    return interviews, outcomes


# -- the files ---------------------------------------------------------------------------------


def table_csv_bytes(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> bytes:
    """Rows of ``columns`` as CSV, as :func:`exports.research.csv_bytes` writes the entries: a list
    joined by :data:`ID_SEPARATOR` (the people involved by :data:`PEOPLE_SEPARATOR`), nothing for a
    value not known."""

    def cell(column: str, value: object) -> str:
        if isinstance(value, list):
            return (PEOPLE_SEPARATOR if column == "involved" else ID_SEPARATOR).join(map(str, value))
        return "" if value is None else str(value)

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    writer.writerows([cell(column, row[column]) for column in columns] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def table_jsonl_bytes(rows: Iterable[Mapping[str, object]]) -> bytes:
    """Rows as JSON lines, one object per line, its keys the file's columns in order."""
    return b"".join(orjson.dumps(dict(row)) + b"\n" for row in rows)


def development_files(
    file_format: str, interviews: Sequence[Mapping[str, object]], outcomes: Sequence[Mapping[str, object]]
) -> Iterator[tuple[str, bytes]]:
    """The interviews' file and the outcomes' file in ``file_format`` ("csv" or "jsonl"), each as
    the kind of records it holds ("interviews", "outcomes") and its bytes."""
    for kind, columns, found in (
        ("interviews", INTERVIEW_COLUMNS, interviews),
        ("outcomes", OUTCOME_COLUMNS, outcomes),
    ):
        yield kind, table_csv_bytes(columns, found) if file_format == "csv" else table_jsonl_bytes(found)
