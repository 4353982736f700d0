"""A group's season written into the exports folder: the calendar or the printed schedule.

The planner screen and ``facilitator export calendar|schedule`` both come here, so the two
always write the same file under the same name.
"""

from __future__ import annotations

from pathlib import Path

from exports.files import default_export_path, export_folder
from exports.season import season_meetings, season_years
from facilitator.model import Group
from storage.repository import Repository

SEASON_FILES = {"calendar": ".ics", "schedule": ".pdf"}


def write_season_file(repository: Repository, group: Group, kind: str, to: Path | None = None) -> Path:
    """Write the ``kind`` file ("calendar" or "schedule") of ``group``'s season; return its path.

    ``to`` is a folder to write into instead of the exports folder.
    """
    meetings = repository.meetings(group.id)
    people = {person.id: person for person in repository.people(group.id)}
    detail = season_years(season_meetings(group, meetings, people))
    folder = export_folder(repository.workspace, to)
    path = default_export_path(folder, kind, group, SEASON_FILES[kind], detail=detail)
    if kind == "calendar":
        from exports.calendar import write_calendar

        return write_calendar(group, meetings, people, path)
    from exports.pdf.schedule import write_schedule_pdf

    return write_schedule_pdf(group, meetings, people, path)
