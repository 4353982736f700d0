"""A bundle leaves out what the coordinator's import would refuse, and says so: a laptop holding one
such record (let in by an earlier version, typed before a form's rule) still sends the rest of its
group, the record stays on the laptop and goes with the next bundle once it passes; a bundle larger
than a bundle may be is not written at all. Real workspaces, real bundles, records edited on disk."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from exports.bundle import leaving_out
from exports.bundle.importer import Importer
from exports.bundle.leaving_out import BundleTooLarge
from exports.bundle.writer import NothingToSend, make_bundle
from facilitator.app import make_app
from facilitator.cli import main
from facilitator.record_rules import kind_label
from screens.roster import RosterScreen
from storage.sync_ledger import SyncLedger
from storage.workspace import Workspace, WorkspaceRole
from tests.conftest import make_demo
from tests.sync_support import company_changed_apart, opened, opened_bundle, share_keys, synced_data

LAST_MOMENT = "9999-12-31T23:59:59.999+00:00"


def _tables(path: Path) -> dict[str, Any]:
    tables: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return tables


def _write(path: Path, tables: dict[str, Any]) -> None:
    path.write_text(json.dumps(tables), encoding="utf-8")


def _held_with_memo(folder: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The latest held meeting (as stored) whose own file holds memo entries and feedback, and that file's tables."""
    held = sorted(
        (meeting for meeting in _tables(folder / "network.json")["meetings"].values() if meeting["status"] == "held"),
        key=lambda meeting: meeting["starts_at"],
    )
    for meeting in reversed(held):
        path = folder / "meetings" / f"{meeting['id']}.json"
        if path.exists() and (tables := _tables(path)).get("memo") and tables.get("feedback"):
            return meeting, tables
    raise AssertionError("the demo has a held meeting with memo entries and feedback")


def _change_meeting(folder: Path, meeting_id: str, **values: Any) -> None:
    network = _tables(folder / "network.json")
    for meeting in network["meetings"].values():
        if meeting["id"] == meeting_id:
            meeting.update(values)
    _write(folder / "network.json", network)


def _change_first(folder: Path, meeting_id: str, table: str, **values: Any) -> str:
    """Change the first record of ``table`` in the meeting's file; its id."""
    path = folder / "meetings" / f"{meeting_id}.json"
    tables = _tables(path)
    record = next(iter(tables[table].values()))
    record.update(values)
    _write(path, tables)
    return str(record["id"])


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    """A facilitator's one-group demo with the coordinator's key (the coordinator's workspace beside it)."""
    folder = tmp_path / "facilitator"
    make_demo(folder, groups=1, years=1)
    with opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator, opened(folder) as facilitator:
        share_keys(coordinator, [facilitator], tmp_path / "keys")
    (tmp_path / "out").mkdir()
    return folder


def _import(tmp_path: Path, bundle: Path) -> dict[Any, Any]:
    """Import ``bundle`` at the coordinator; it must not be refused. What the coordinator then holds."""
    with opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator:
        (report,) = Importer(coordinator).import_files([bundle])
    assert report.ok, report.line()
    return synced_data(tmp_path / "coordinator")


def test_a_meeting_at_year_9999_is_left_out_with_its_records_and_the_rest_arrives(laptop: Path, tmp_path: Path) -> None:
    meeting, tables = _held_with_memo(laptop)
    own = sum(len(tables.get(name, {})) for name in ("agenda", "attendance", "memo", "feedback", "codings"))
    _change_meeting(laptop, meeting["id"], starts_at=LAST_MOMENT, ends_at=LAST_MOMENT)
    with opened(laptop) as facilitator:
        made = make_bundle(facilitator, facilitator.groups(), full=True, to=tmp_path / "out")
    (line,) = made.left_out
    assert line.startswith(f"meeting {meeting['id'][:8]}: ") and f"(and its {own} records)" in line
    held = _import(tmp_path, made.path)
    assert ("meetings", meeting["id"], "current") not in held
    entries = {entry["id"] for entry in tables["memo"].values()}
    assert not [key for key in held if key[1] in entries], "its memo entries stay on the laptop"
    others = [key for key in synced_data(laptop) if key[0] == "meetings" and key[1] != meeting["id"]]
    assert others and all(key in held for key in others), "every other meeting arrives"


def test_feedback_of_usefulness_99_and_a_memo_text_of_30000_characters_are_named(laptop: Path, tmp_path: Path) -> None:
    meeting, _tables_before = _held_with_memo(laptop)
    feedback = _change_first(laptop, meeting["id"], "feedback", usefulness=99)
    entry = _change_first(laptop, meeting["id"], "memo", text="word " * 6000)
    with opened(laptop) as facilitator:
        made = make_bundle(facilitator, facilitator.groups(), full=True, to=tmp_path / "out")
    assert len(made.left_out) == 2
    (named_feedback,) = [
        line for line in made.left_out if line.startswith(f"{kind_label('feedback')} {feedback[:8]}: ")
    ]
    (named_entry,) = [line for line in made.left_out if line.startswith(f"memo entry {entry[:8]}: ")]
    assert "Usefulness" in named_feedback and "20,000" in named_entry.replace("\u202f", ",").replace(" ", ",")
    held = _import(tmp_path, made.path)
    assert ("meetings", meeting["id"], "current") in held, "their meeting arrives, and the rest of its file"
    assert ("feedback", feedback, "current") not in held and ("memo", entry, "current") not in held
    assert made.counts["memo"] == sum(1 for key in synced_data(laptop) if key[0] == "memo") - 1


def test_a_left_out_record_goes_with_the_next_bundle_once_a_save_fixes_it(laptop: Path, tmp_path: Path) -> None:
    meeting, _tables_before = _held_with_memo(laptop)
    entry_id = _change_first(laptop, meeting["id"], "memo", text="word " * 6000)
    with opened(laptop) as facilitator:
        first = make_bundle(facilitator, facilitator.groups(), to=tmp_path / "out")
        assert [line[:19] for line in first.left_out] == [f"memo entry {entry_id[:8]}"]
        entry = next(entry for entry in facilitator.memo(meeting["id"]) if entry.id == entry_id)
        facilitator.save_memo_entry(dataclasses.replace(entry, text="Fixed: a short note."))
        second = make_bundle(facilitator, facilitator.groups(), to=tmp_path / "out")
        carried = opened_bundle(second.path, facilitator).records["memo"]
    assert second.left_out == [] and second.scope == "incremental"
    assert [document["text"] for document in carried if document["id"] == entry_id] == ["Fixed: a short note."]
    _import(tmp_path, first.path)
    assert _import(tmp_path, second.path)[("memo", entry_id, "current")]["text"] == "Fixed: a short note."


def test_a_left_out_meetings_records_go_with_the_next_bundle_once_it_passes(laptop: Path, tmp_path: Path) -> None:
    """Fixed without a save (by hand, or an update of the app): its entries have not changed since, and
    still go, as the last bundle left them out."""
    meeting, tables = _held_with_memo(laptop)
    _change_meeting(laptop, meeting["id"], starts_at=LAST_MOMENT, ends_at=LAST_MOMENT)
    with opened(laptop) as facilitator:
        first = make_bundle(facilitator, facilitator.groups(), to=tmp_path / "out")
    assert first.left_out
    _change_meeting(laptop, meeting["id"], starts_at=meeting["starts_at"], ends_at=meeting["ends_at"])
    with opened(laptop) as facilitator:
        second = make_bundle(facilitator, facilitator.groups(), to=tmp_path / "out")
        with pytest.raises(NothingToSend):  # once sent, the records are not carried again
            make_bundle(facilitator, facilitator.groups(), to=tmp_path / "out")
    assert second.left_out == [] and second.counts["meetings"] >= 1 and second.counts["memo"] == len(tables["memo"])
    _import(tmp_path, first.path)
    held = _import(tmp_path, second.path)
    assert ("meetings", meeting["id"], "current") in held
    assert all(("memo", entry["id"], "current") in held for entry in tables["memo"].values())


def test_export_bundle_names_what_it_left_out_on_stderr(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting, _tables_before = _held_with_memo(laptop)
    feedback = _change_first(laptop, meeting["id"], "feedback", usefulness=99)
    code = main(["--workspace", str(laptop), "export", "bundle", "--to", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 0
    (written,) = (tmp_path / "out").glob("*.mebundle")
    assert captured.out.splitlines()[0] == str(written), "the file's line first, as before"
    told = captured.err.splitlines()
    assert told[0].startswith("facilitator: 1 record was left out of the bundle")
    assert told[1].startswith(f"  {kind_label('feedback')} {feedback[:8]}: Usefulness")
    _import(tmp_path, written)


def test_a_bundle_larger_than_a_bundle_may_be_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "facilitator"
    make_demo(folder, groups=2, years=1)
    with opened(tmp_path / "coordinator", WorkspaceRole.COORDINATOR) as coordinator, opened(folder) as facilitator:
        share_keys(coordinator, [facilitator], tmp_path / "keys")
        most = len(facilitator.people(facilitator.groups()[0].id))  # fewer than one group's records
    monkeypatch.setattr(leaving_out, "MAX_RECORDS", most)
    out = tmp_path / "out"
    assert main(["--workspace", str(folder), "export", "bundle", "--full", "--to", str(out)]) == 1
    error = capsys.readouterr().err
    assert "no file was written" in error and "facilitator export bundle --group GROUP" in error
    with opened(folder) as facilitator:
        with pytest.raises(BundleTooLarge, match="without --full"):
            make_bundle(facilitator, facilitator.groups()[:1], full=True, to=out)
        with pytest.raises(BundleTooLarge, match="Contact support"):
            make_bundle(facilitator, facilitator.groups()[:1], to=out)
        assert SyncLedger(facilitator.workspace).made(facilitator.groups()[0].id) == []
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.app
async def test_the_app_warns_of_what_the_bundle_left_out(laptop: Path, exports_folder: Path) -> None:
    meeting, _tables_before = _held_with_memo(laptop)
    feedback = _change_first(laptop, meeting["id"], "feedback", usefulness=99)
    app = make_app(Workspace.open(laptop))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (written,) = exports_folder.glob("*.mebundle")
        (warning,) = [note for note in app._notifications if note.severity == "warning"]
        assert "1 record was left out of the bundle" in warning.message
        assert f"{kind_label('feedback')} {feedback[:8]}: Usefulness" in warning.message
        assert any(str(written) in note.message for note in app._notifications)


@pytest.mark.app
async def test_the_app_says_what_to_do_with_a_bundle_too_large(
    laptop: Path, exports_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(leaving_out, "MAX_RECORD_BYTES", 1000)  # less than the group's records
    app = make_app(Workspace.open(laptop))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (refusal,) = [note for note in app._notifications if note.severity == "error"]
        assert "no file was written" in refusal.message and "Contact support" in refusal.message
    assert list(exports_folder.glob("*.mebundle")) == []


def test_versions_made_apart_beyond_the_imports_limits_are_left_out_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    group, person = company_changed_apart(tmp_path)  # the adviser keeps two versions of the person
    with opened(tmp_path / "adviser") as adviser:
        # Limits lowered to what two laptops make, rather than 3,000 versions made apart: the one
        # person's second version is past a bundle's limit, then past a record's.
        monkeypatch.setattr(leaving_out, "MAX_VERSIONS_APART_IN_BUNDLE", 0)
        with pytest.raises(BundleTooLarge, match="Settle the conflicts"):
            make_bundle(adviser, [group], full=True, to=tmp_path)
        monkeypatch.setattr(leaving_out, "MAX_VERSIONS_APART", 1)
        made = make_bundle(adviser, [group], full=True, to=tmp_path)
    (line,) = made.left_out
    assert line.startswith(f"{kind_label('people')} {person.id[:8]}: ")
    assert line.endswith("2 versions made apart, more than the 1 a bundle may carry: settle its conflict")
    held = _import(tmp_path, made.path)
    assert ("groups", group.id, "current") in held and ("people", person.id, "current") not in held


def test_a_person_whose_only_change_is_left_out_is_not_carried_by_the_bundle(laptop: Path, tmp_path: Path) -> None:
    """Their data report names the bundles that took something of theirs away: not one that left
    their one changed record out."""
    with opened(laptop) as facilitator:
        make_bundle(facilitator, facilitator.groups(), full=True, to=tmp_path / "out")
    network = _tables(laptop / "network.json")
    person = next(iter(network["people"].values()))
    later = (datetime.now(UTC) + timedelta(seconds=1)).isoformat(timespec="milliseconds")
    person.update(research_consent="2199-01-01", updated_at=later, revision=person["revision"] + 1)
    _write(laptop / "network.json", network)
    with opened(laptop) as facilitator:
        made = make_bundle(facilitator, facilitator.groups(), full=False, to=tmp_path / "out")
        (group,) = facilitator.groups()
        last = SyncLedger(facilitator.workspace).made(group.id)[-1]
    assert [line for line in made.left_out if line.startswith(f"person {person['id'][:8]}")], made.left_out
    assert last["bundle_id"] == made.bundle_id
    assert person["id"] not in last["people"], last["people"]
