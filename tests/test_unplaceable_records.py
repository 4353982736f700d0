"""What stays true of a stored record whose times cannot be placed on a calendar, set aside where
records are read: a save over it continues its history, no meeting is planned over it, erasing a
person reaches it, and a person's data report lists it. Real workspaces, their stored files edited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import make_demo
from tests.test_unplaceable import LAST_MOMENT, _network, _run, _store_meeting_times, held_with_memo, write_network


def _repository(folder: Path) -> Any:
    from storage.repository import Repository
    from storage.workspace import Workspace
    from tests.conftest import demo_clock

    return Repository(Workspace.open(folder), demo_clock)


def test_a_save_over_a_set_aside_record_continues_its_history(tmp_path: Path) -> None:
    """Saving over a record set aside starts from its stored version: the revision goes on and its
    version counts are kept, so other laptops take the save instead of dropping it."""
    import dataclasses
    from datetime import timedelta

    folder = tmp_path / "demo"
    make_demo(folder)
    meeting = held_with_memo(folder)
    network = _network(folder)
    stored = network["meetings"][
        next(key for key, value in network["meetings"].items() if value["id"] == meeting["id"])
    ]
    stored["closed_at"] = LAST_MOMENT
    stored["revision"], stored["versions"] = 7, {"far-laptop": 7}
    write_network(folder, network)
    repository = _repository(folder)
    try:
        (held,) = repository.meetings_set_aside(meeting["group_id"])
        assert held.id == meeting["id"]
        saved = repository.save_meeting(dataclasses.replace(held, closed_at=held.ends_at + timedelta(minutes=5)))
        assert saved.revision == 8 and saved.versions["far-laptop"] == 7
        assert repository.meeting(meeting["id"]).revision == 8 and not repository.records_set_aside()
    finally:
        repository.workspace.close()


def test_no_meeting_is_planned_while_one_of_the_group_is_set_aside(tmp_path: Path) -> None:
    """A meeting whose times cannot be placed may stand on any evening: planning for its group is
    refused, naming it, instead of planning a second meeting on its evening."""
    from facilitator.model import Meeting
    from facilitator.model.problems import Invalid

    folder = tmp_path / "demo"
    make_demo(folder)
    meeting = held_with_memo(folder)
    network = _network(folder)
    for stored in network["meetings"].values():
        if stored["id"] == meeting["id"]:
            stored["closed_at"] = LAST_MOMENT
    write_network(folder, network)
    repository = _repository(folder)
    try:
        kept = repository.meetings(meeting["group_id"])[-1]
        with pytest.raises(Invalid) as refused:
            repository.save_meetings(
                [Meeting(group_id=meeting["group_id"], starts_at=kept.starts_at, ends_at=kept.ends_at)]
            )
        assert meeting["id"][:8] in str(refused.value.problems[0])
        repository.save_meeting(kept)  # a meeting already planned is still saved
    finally:
        repository.workspace.close()


def test_a_person_named_by_a_record_stamped_at_year_9999_is_erased(tmp_path: Path) -> None:
    """Erasing over a record whose last change is the last moment a date holds cannot stamp one
    millisecond later: the erasure keeps that moment and goes through, the person gone from every file."""
    from storage.erasure import WorkspaceErasure

    folder = tmp_path / "demo"
    make_demo(folder)
    meeting = held_with_memo(folder)
    network = _network(folder)
    host = next(stored for stored in network["meetings"].values() if stored.get("host_id"))
    person = next(stored for stored in network["people"].values() if stored["id"] == host["host_id"])
    host["updated_at"] = LAST_MOMENT
    for stored in network["meetings"].values():
        if stored["id"] == meeting["id"]:
            stored["starts_at"] = stored["ends_at"] = LAST_MOMENT
    write_network(folder, network)
    repository = _repository(folder)
    try:
        WorkspaceErasure(repository, person["id"]).apply()
    finally:
        repository.workspace.close()
    for path in [folder / "network.json", *(folder / "meetings").glob("*.json")]:
        assert person["name"] not in path.read_text(encoding="utf-8"), path


def test_the_person_report_lists_what_is_held_about_them_but_set_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An access request covers everything held: a meeting they attended that is set aside is
    listed in their report (PDF and JSON), with the records of its file."""
    folder = tmp_path / "demo"
    make_demo(folder)
    meeting = held_with_memo(folder)
    tables = json.loads((folder / "meetings" / f"{meeting['id']}.json").read_text(encoding="utf-8"))
    person_id = next(row["person_id"] for row in tables["attendance"].values() if row.get("person_id"))
    _store_meeting_times(folder, meeting["id"], LAST_MOMENT)
    code, printed, told = _run(capsys, "--workspace", folder, "person", "report", person_id, "--to", tmp_path / "out")
    assert code == 0, told
    (report,) = [Path(line) for line in printed.splitlines() if line.endswith(".json")]
    held = json.loads(report.read_text(encoding="utf-8"))["held_but_left_out"]
    assert len(held) == 1 and meeting["id"][:8] in held[0] and "attendance rows" in held[0]
    (pdf,) = [Path(line) for line in printed.splitlines() if line.endswith(".pdf")]
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert meeting["id"][:8] in text
