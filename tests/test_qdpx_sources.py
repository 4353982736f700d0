"""The REFI-QDA project's sources as a QDA tool files them: names a tool can copy to a file, one
group name everywhere, a heading that tells two meetings of one day apart, entries of only spaces
left uncoded."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

from exports.qdpx.sources import MeetingSource, meeting_sources
from exports.research import research_rows, write_research_export
from facilitator.model import MeetingStatus, MemoEntry, MemoKind
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import make_demo
from tests.qdpx_support import QDA, read_qdpx

#: A group's name as typed: a slash, a colon and quotes (which a file name cannot hold), a line break.
TYPED_NAME = ' Inari /  Utsjoki: "peer"\ngroup '
CLEANED_NAME = 'Inari / Utsjoki: "peer" group'
FILE_SAFE_NAME = "Inari - Utsjoki- -peer- group"


def _sources(folder: Path) -> list[MeetingSource]:
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        return meeting_sources(repository, repository.groups())


def _write(folder: Path, file_format: str, to: Path) -> Path:
    with Workspace.open(folder, purpose="test") as workspace:
        return write_research_export(Repository(workspace), file_format, to=to).path


def test_the_group_name_is_cleaned_once_and_the_source_name_is_safe_as_a_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    make_demo(folder, groups=1, years=1)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        (group,) = repository.groups()
        repository.save_group(dataclasses.replace(group, name=TYPED_NAME))
        held = [m for m in repository.meetings(group.id) if m.status is MeetingStatus.HELD and repository.memo(m.id)]
        first, second = held[-1], held[-2]
        # Two held meetings on one day, two hours apart.
        later = first.starts_at + timedelta(hours=2)
        repository.save_meeting(dataclasses.replace(second, starts_at=later, ends_at=later + timedelta(hours=2)))
    sources = _sources(folder)
    assert all(source.name.startswith(FILE_SAFE_NAME + " 20") for source in sources)
    assert all(source.group_name == CLEANED_NAME and source.text.startswith(CLEANED_NAME + "\n") for source in sources)
    same_day = [source for source in sources if source.meeting.id in (first.id, second.id)]
    names = {source.name for source in same_day}
    dates = {source.text.splitlines()[1] for source in same_day}
    assert len(names) == 2 and len(dates) == 2, (names, dates)
    assert all(name[len(FILE_SAFE_NAME) + 1 :][10] == "-" for name in names)  # 2026-03-14-1800
    project = read_qdpx(_write(folder, "qdpx", tmp_path))
    listed = {source.get("name") for source in project.root.iter(f"{QDA}TextSource")}
    assert listed == {source.name for source in sources}
    group_cases = [case.get("name") for case in project.root.iter(f"{QDA}Case") if case.get("name") is not None]
    assert group_cases == [CLEANED_NAME]
    values = {value.findtext(f"{QDA}TextValue") for value in project.root.iter(f"{QDA}VariableValue")}
    assert CLEANED_NAME in values and TYPED_NAME not in values


def test_an_entry_of_only_spaces_is_coded_nowhere_as_an_entry_without_text(tmp_path: Path) -> None:
    """Nothing to select in it: its span is empty, so the project codes it nowhere and the import
    leaves it alone, as an entry without text; the CSV keeps a row for each of them alike."""
    folder = tmp_path / "demo"
    make_demo(folder, groups=1, years=1)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        (group,) = repository.groups()
        meeting = next(m for m in repository.meetings(group.id) if m.status is MeetingStatus.HELD)

        def entry(text: str, minutes: int) -> str:
            saved = repository.save_memo_entry(
                MemoEntry(
                    meeting_id=meeting.id,
                    group_id=group.id,
                    text=text,
                    written_at=meeting.starts_at + timedelta(minutes=minutes),
                    kind=MemoKind.NOTE,
                    codes=["PS"],
                )
            )
            return saved.id

        blank, empty = entry(" \r\n\t ", 3), entry("", 4)
        rows = {row.entry_id for row in research_rows(repository, [group])}
        assert {blank, empty} <= rows
    (source,) = [source for source in _sources(folder) if source.meeting.id == meeting.id]
    spans = {span.entry_id: span for span in source.entries}
    for entry_id in (blank, empty):
        assert spans[entry_id].start == spans[entry_id].end and spans[entry_id].codes == ("PS",)
    project = read_qdpx(_write(folder, "qdpx", tmp_path))
    assert all(
        int(selection.get("startPosition", "")) < int(selection.get("endPosition", ""))
        for selection in project.root.iter(f"{QDA}PlainTextSelection")
    )
    assert project.texts[source.guid] == source.text


def test_a_project_without_held_meetings_says_why_it_is_empty(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    make_demo(folder, groups=1, years=1, meetings=False)
    with Workspace.open(folder, purpose="test") as workspace:
        made = write_research_export(Repository(workspace), "qdpx", to=tmp_path)
    assert made.sources == 0 and made.path.exists()
    assert made.summary() == "0 held meetings as sources, 0 coded memo entries. No meeting has been held yet."
