"""A sealed bundle from a laptop that holds the group's key, but whose records no form would make:
refused whole at import, naming the record, and the coordinator's workspace left byte for byte as
it was. Links must stay inside the record's group, ids must not be another record's, values must
be ones the app keeps (versions of one record made apart: tests/test_import_versions.py).

Each bundle is a genuine one of a real facilitator workspace (two groups, a year of meetings),
opened with the group's key, changed, and sealed again as the app seals it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from exports.bundle.archive import BundleRefused
from exports.bundle.format import TYPES_BY_NAME
from exports.bundle.importer import ImportStatus
from exports.bundle.record_checks import check_record
from facilitator.model import coding_id
from storage.atomic import read_json
from tests.import_checks_support import Network, a_short, edited, imported, make_network, saved_again


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Network:
    return make_network(tmp_path_factory.mktemp("import-checks"))


# -- links stay inside the group ------------------------------------------------------------------


LINKS: list[tuple[str, str, Callable[[Network], Any], str]] = [
    ("memo", "people", lambda network: [network.other_person], "people mentioned"),
    ("memo", "owner_id", lambda network: network.other_person, "owner"),
    ("memo", "closed_in", lambda network: network.other_meeting, "closed in meeting"),
    ("meetings", "host_id", lambda network: network.other_person, "host"),
    ("meetings", "declined_by", lambda network: [network.own_person, network.other_person], "declined to host"),
    ("attendance", "person_id", lambda network: network.other_person, "person"),
]


@pytest.mark.parametrize(
    ("kind", "field", "value", "words"), LINKS, ids=[f"{kind}.{field}" for kind, field, *_ in LINKS]
)
def test_a_link_to_a_record_of_another_group_refuses_the_bundle(
    network: Network, tmp_path: Path, kind: str, field: str, value: Callable[[Network], Any], words: str
) -> None:
    documents = edited(network.documents(kind), **{field: value(network)})
    if field == "closed_in":  # only an action closed says where
        written = documents[0]["written_at"]
        documents[0] |= {"kind": "action", "action_status": "done", "closed_at": written}
    outcome = imported(network, tmp_path, **{kind: documents})
    message = outcome.refused_unchanged("another group", words, a_short(documents[0]["id"]))
    assert "). Nothing was imported." in message and "refused" not in message, message


def test_a_memo_entry_naming_a_meeting_as_a_person_or_another_meeting_s_agenda_item_is_refused(
    network: Network, tmp_path: Path
) -> None:
    memo = network.documents("memo")
    meeting = network.documents("meetings")[0]["id"]
    imported(network, tmp_path / "meeting", memo=edited(memo, people=[meeting])).refused_unchanged("people mentioned")
    item = next(item for item in network.documents("agenda") if item["meeting_id"] != memo[0]["meeting_id"])
    outcome = imported(network, tmp_path / "item", memo=edited(memo, agenda_item_id=item["id"]))
    outcome.refused_unchanged("agenda item")


def test_a_link_to_a_person_found_nowhere_is_kept(network: Network, tmp_path: Path) -> None:
    """A person erased and gone, or sent in a bundle not imported yet: the link is no harm."""
    memo = network.documents("memo")
    somebody = str(uuid.uuid4())
    outcome = imported(network, tmp_path, memo=[saved_again(memo[0], people=[somebody]), *memo[1:]])
    assert outcome.report.status is ImportStatus.IMPORTED, outcome.report.line()
    tables = read_json(outcome.folder / "meetings" / f"{memo[0]['meeting_id']}.json")
    (stored,) = [entry for entry in tables["memo"].values() if entry["id"] == memo[0]["id"]]
    assert stored["people"] == [somebody]


def test_a_coding_of_an_entry_of_another_meeting_or_not_its_own_is_refused(network: Network, tmp_path: Path) -> None:
    memo = network.documents("memo")
    entry = memo[0]
    elsewhere = next(meeting for meeting in network.documents("meetings") if meeting["id"] != entry["meeting_id"])
    coding = {
        **{key: entry[key] for key in ("created_at", "updated_at", "revision", "changed_by", "versions")},
        "id": coding_id(entry["id"]),
        "entry_id": entry["id"],
        "meeting_id": elsewhere["id"],
        "group_id": network.first,
        "codes": ["RI"],
    }
    imported(network, tmp_path / "meeting", codings=[coding]).refused_unchanged("memo entry", a_short(coding["id"]))
    mine = {**coding, "meeting_id": entry["meeting_id"], "id": str(uuid.uuid4())}
    imported(network, tmp_path / "id", codings=[mine]).refused_unchanged("coding", "not the one of its memo entry")


# -- ids are not another record's -----------------------------------------------------------------


def test_a_record_taking_the_id_of_another_kind_of_record_here_is_refused(network: Network, tmp_path: Path) -> None:
    people = network.documents("people")
    newcomer = {**people[0], "id": network.other_meeting, "name": "Somebody New"}
    outcome = imported(network, tmp_path / "person", people=[*people, newcomer])
    outcome.refused_unchanged("person", "meeting here", a_short(network.other_meeting))
    memo = network.documents("memo")
    outcome = imported(network, tmp_path / "memo", memo=edited(memo, id=network.other_person))
    outcome.refused_unchanged("memo entry", "person here")


def test_a_memo_entry_taking_the_id_of_another_group_s_memo_entry_is_refused(network: Network, tmp_path: Path) -> None:
    memo = network.documents("memo")
    outcome = imported(network, tmp_path, memo=edited(memo, id=network.other_entry))
    outcome.refused_unchanged("memo entry", "another group", a_short(network.other_entry))


def test_a_new_person_or_meeting_taking_the_id_of_another_group_s_meeting_file_record_is_refused(
    network: Network, tmp_path: Path
) -> None:
    people, meetings = network.documents("people"), network.documents("meetings")
    newcomer = {**people[0], "id": network.other_entry, "name": "Somebody New"}
    outcome = imported(network, tmp_path / "person", people=[*people, newcomer])
    outcome.refused_unchanged("person", "memo entry here", a_short(network.other_entry))
    extra = {**meetings[0], "id": network.other_item}
    outcome = imported(network, tmp_path / "meeting", meetings=[*meetings, extra])
    outcome.refused_unchanged("meeting", "agenda item here", a_short(network.other_item))


def test_a_memo_entry_taking_the_id_of_an_entry_of_another_meeting_of_its_group_is_refused(
    network: Network, tmp_path: Path
) -> None:
    memo = network.documents("memo")
    outcome = imported(network, tmp_path, memo=edited(memo, id=network.own_entry_elsewhere))
    outcome.refused_unchanged("memo entry", "another meeting", a_short(network.own_entry_elsewhere))


def test_versions_of_one_record_in_two_meetings_of_one_bundle_are_refused(network: Network, tmp_path: Path) -> None:
    memo = network.documents("memo")
    moved = next(entry for entry in memo if entry["meeting_id"] != memo[0]["meeting_id"])
    elsewhere = saved_again(memo[0], meeting_id=moved["meeting_id"])
    outcome = imported(network, tmp_path, memo=[*memo, elsewhere])
    outcome.refused_unchanged("two groups, meetings or people", a_short(memo[0]["id"]))


def test_a_link_into_another_group_s_meeting_file_is_refused(network: Network, tmp_path: Path) -> None:
    """A memo entry under another group's agenda item; a coding of another group's memo entry."""
    memo = network.documents("memo")
    outcome = imported(network, tmp_path / "item", memo=edited(memo, agenda_item_id=network.other_item))
    outcome.refused_unchanged("memo entry", "agenda item", a_short(network.other_item))
    entry = memo[0]
    coding = {
        **{key: entry[key] for key in ("created_at", "updated_at", "revision", "changed_by", "versions")},
        "id": coding_id(network.other_entry),
        "entry_id": network.other_entry,
        "meeting_id": entry["meeting_id"],
        "group_id": network.first,
        "codes": ["RI"],
    }
    outcome = imported(network, tmp_path / "coding", codings=[coding])
    outcome.refused_unchanged("coding", "memo entry", a_short(network.other_entry))


def test_one_id_for_two_kinds_of_record_in_one_bundle_is_refused(network: Network, tmp_path: Path) -> None:
    memo, agenda = network.documents("memo"), network.documents("agenda")
    outcome = imported(network, tmp_path, agenda=edited(agenda, id=memo[0]["id"]))
    outcome.refused_unchanged("two records of different kinds", a_short(memo[0]["id"]))


def test_an_id_another_kind_holds_in_the_meeting_s_own_file_is_refused(network: Network, tmp_path: Path) -> None:
    """The memo entry is not in the bundle but in the workspace: an agenda item takes its id."""
    memo, agenda = network.documents("memo"), network.documents("agenda")
    entry = memo[0]
    item = next(item for item in agenda if item["meeting_id"] == entry["meeting_id"])
    taken = edited(agenda, agenda.index(item), id=entry["id"])
    outcome = imported(network, tmp_path, memo=memo[1:], agenda=taken)
    outcome.refused_unchanged("agenda item", "memo entry here")


# -- values no form would keep -----------------------------------------------------------------------


def test_a_record_no_form_would_keep_is_refused_naming_it(network: Network, tmp_path: Path) -> None:
    meetings = network.documents("meetings")
    late = edited(meetings, starts_at="2300-01-01T10:00:00.000+00:00", ends_at="2300-01-01T12:00:00.000+00:00")
    message = imported(network, tmp_path / "time", meetings=late).refused_unchanged("meeting", a_short(late[0]["id"]))
    assert "2200" in message and "Ask whoever made the bundle" in message
    memo = network.documents("memo")
    outcome = imported(network, tmp_path / "text", memo=edited(memo, text="x" * 30_000))
    outcome.refused_unchanged("memo entry", a_short(memo[0]["id"]), "longer than")
    feedback = network.documents("feedback")
    outcome = imported(network, tmp_path / "feedback", feedback=edited(feedback, usefulness=99))
    outcome.refused_unchanged("feedback", a_short(feedback[0]["id"]), "Usefulness (1–5)")


def test_a_laptop_whose_clock_runs_ahead_is_not_refused_for_it(network: Network, tmp_path: Path) -> None:
    """Its records, the consents it dates "today" and its bundle are all dated months ahead of the
    coordinator's clock: they are records all the same."""
    made_at = (datetime.now(UTC) + timedelta(days=200)).replace(microsecond=0)
    people = network.documents("people")
    ahead = edited(people, updated_at=made_at.isoformat(), research_consent=made_at.date().isoformat())
    outcome = imported(network, tmp_path / "ahead", made_at=made_at, people=ahead)
    assert outcome.report.status is ImportStatus.IMPORTED, outcome.report.line()
    imported(network, tmp_path / "today", people=ahead).refused_unchanged("person", "future")


def test_a_bundle_claiming_a_far_year_does_not_make_a_consent_of_that_year_acceptable(
    network: Network, tmp_path: Path
) -> None:
    """A manifest may widen "the future" by a laptop's clock running ahead, not by any year it names:
    a consent dated 2199 stays in the future for a bundle that says it was made in 2199."""
    people = network.documents("people")
    far = edited(people, updated_at="2199-01-01T10:00:00.000+00:00", research_consent="2199-01-01")
    made_at = datetime.fromisoformat("2199-01-01T10:05:00+00:00")
    imported(network, tmp_path, made_at=made_at, people=far).refused_unchanged("person", "future")


def test_a_group_record_of_a_group_the_bundle_was_not_sealed_for_is_refused_as_it_is_read(
    network: Network, tmp_path: Path
) -> None:
    groups = network.documents("groups")
    stranger = edited(groups, id=str(uuid.uuid4()))
    imported(network, tmp_path, groups=groups + stranger[:1]).refused_unchanged(
        "group", "of a group the bundle was not made for"
    )


def test_a_link_that_is_no_record_id_is_refused_where_the_model_allows_none_only_as_empty(
    network: Network, tmp_path: Path
) -> None:
    memo = network.documents("memo")
    outcome = imported(network, tmp_path / "agenda", memo=edited(memo, agenda_item_id="../../x"))
    outcome.refused_unchanged("memo entry", a_short(memo[0]["id"]), "agenda item", "not a record id")
    outcome = imported(network, tmp_path / "people", memo=edited(memo, people=[""]))
    outcome.refused_unchanged("memo entry", "people mentioned", "not a record id")
    meetings = network.documents("meetings")
    outcome = imported(network, tmp_path / "host", meetings=edited(meetings, host_id="", declined_by=["nobody"]))
    outcome.refused_unchanged("meeting", "declined to host", "not a record id")


def test_check_record_asks_of_one_record_alone(network: Network) -> None:
    """What the reader asks of each record as it is parsed: no other record, no workspace."""
    memo = network.documents("memo")[0]
    now = datetime.fromisoformat(memo["updated_at"])
    check_record(TYPES_BY_NAME["memo"], {**memo, "owner_id": "", "closed_in": ""}, now)
    with pytest.raises(BundleRefused, match="owner"):
        revision = {"text": "x", "kind": "note", "codes": [], "people": [], "owner_id": "x", "due": None}
        revision["replaced_at"] = memo["updated_at"]
        check_record(TYPES_BY_NAME["memo"], {**memo, "revisions": [revision]}, now)


def test_the_genuine_bundle_sealed_again_imports(network: Network, tmp_path: Path) -> None:
    outcome = imported(network, tmp_path)
    assert outcome.report.status is ImportStatus.IMPORTED, outcome.report.line()
