"""Interviews and outcomes in bundles: stored copies not held to the typing limits, a record that
never moves to another person, interviews and outcomes of members only, texts carried once a
research consent is given later, tombstones held to the structural rules, and the firm of a
member without research consent told by a token the coordinator's indicators count once."""

from __future__ import annotations

import dataclasses
import shutil
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from exports.bundle.importer import Importer, ImportStatus
from exports.bundle.privacy import firm_token
from exports.bundle.writer import make_bundle
from exports.indicators_files import collect_indicators
from facilitator.model import (
    Attendance,
    Barrier,
    Group,
    Interview,
    Invalid,
    Meeting,
    MeetingStatus,
    Outcome,
    Person,
    Presence,
    Role,
)
from facilitator.model.interview import BARRIER_NOTE_MAX
from facilitator.model.outcome import DESCRIPTION_MAX
from facilitator.record_rules import record_problems
from facilitator.text import firm_name_key
from storage.codec import to_document
from storage.erasure import WorkspaceErasure
from storage.workspace_info import WorkspaceRole
from tests.bundle_damage import lines_bytes, signed_bundle
from tests.import_checks_support import (
    MEMBERS,
    Network,
    changed_bundle,
    imported,
    imported_into,
    make_network,
    saved_again,
)
from tests.sync_support import opened, opened_bundle, share_keys

COORDINATOR = WorkspaceRole.COORDINATOR
TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Network:
    return make_network(tmp_path_factory.mktemp("development-rules"))


# -- stored copies and the typing limits ----------------------------------------------------------


def test_a_note_and_a_description_lengthened_by_pseudonyms_still_travel(tmp_path: Path) -> None:
    """A note just under the form's limit naming a member without research consent, and such a
    description, become longer in the coordinator's copy: the bundle carries them all the same."""
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group = laptop.save_group(Group(name="Utsjoki peer group"))
        anna = laptop.save_person(Person(group_id=group.id, name="Anna Aikio", research_consent=date(2025, 1, 1)))
        laptop.save_person(Person(group_id=group.id, name="Mikko Näkkäläjärvi"))
        note = ("Mikko " * 100)[: BARRIER_NOTE_MAX - 5]
        description = ("Mikko " * 400)[: DESCRIPTION_MAX - 5]
        interview = laptop.save_interview(
            Interview(person_id=anna.id, day=date(2026, 11, 1), barriers={Barrier.FINANCE.value: note})
        )
        outcome = laptop.save_outcome(Outcome(person_id=anna.id, day=date(2026, 11, 1), description=description))
        share_keys(coordinator, [laptop], tmp_path / "keys")
        made = make_bundle(laptop, [group], to=tmp_path)
        assert made.left_out == []
        records = opened_bundle(made.path, laptop).records
        (sent_interview,) = records["interviews"]
        (sent_outcome,) = records["outcomes"]
        assert len(sent_interview["barriers"][Barrier.FINANCE.value]) > BARRIER_NOTE_MAX
        assert "Mikko" not in sent_interview["barriers"][Barrier.FINANCE.value]
        assert len(sent_outcome["description"]) > DESCRIPTION_MAX
        assert Importer(coordinator).import_file(made.path).status is ImportStatus.IMPORTED
        coordinator.load_all()
        assert [kept.id for kept in coordinator.interviews_of(anna.id)] == [interview.id]
        assert [kept.id for kept in coordinator.outcomes_of(anna.id)] == [outcome.id]


def test_a_note_lengthened_by_an_erasure_still_travels_to_the_group(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group = laptop.save_group(Group(name="Utsjoki peer group"))
        anna = laptop.save_person(Person(group_id=group.id, name="Anna Aikio", research_consent=date(2025, 1, 1)))
        mikko = laptop.save_person(Person(group_id=group.id, name="Mikko Aikio"))
        note = ("Mikko " * 100)[: BARRIER_NOTE_MAX - 2]
        laptop.save_interview(
            Interview(person_id=anna.id, day=date(2026, 11, 1), barriers={Barrier.FINANCE.value: note})
        )
        share_keys(coordinator, [laptop], tmp_path / "keys")
        WorkspaceErasure(laptop, mikko.id).apply()
        laptop.load_all()
        (kept,) = laptop.interviews_of(anna.id)
        assert len(kept.barriers[Barrier.FINANCE.value]) > BARRIER_NOTE_MAX
        assert make_bundle(laptop, [group], to=tmp_path).left_out == []


def test_a_barrier_note_is_a_long_text_and_its_name_a_short_one() -> None:
    long_note = Interview(person_id=str(uuid.uuid4()), day=TODAY, barriers={Barrier.FINANCE.value: "x" * 5_000})
    assert record_problems(long_note, TODAY) == []
    too_long = dataclasses.replace(long_note, barriers={Barrier.FINANCE.value: "x" * 20_001})
    assert [problem.field for problem in record_problems(too_long, TODAY)] == ["barriers"]
    long_name = dataclasses.replace(long_note, barriers={"x" * 501: ""})
    assert [problem.field for problem in record_problems(long_name, TODAY)] == ["barriers"]


# -- a record never moves --------------------------------------------------------------------------


def _document(record: Interview | Outcome, base: dict[str, Any]) -> dict[str, Any]:
    document = to_document(record)
    document.update(base)
    return document


def _base(network: Network) -> dict[str, Any]:
    person = network.documents("people")[0]
    maker = next(iter(person["versions"]))
    moment = "2026-11-01T10:00:00.000+00:00"
    return {"versions": {maker: 1}, "revision": 1, "changed_by": maker, "created_at": moment, "updated_at": moment}


def _members(network: Network) -> list[dict[str, Any]]:
    return [document for document in network.documents("people") if document.get("role", "member") == "member"]


def test_an_interview_or_outcome_moved_to_another_person_is_refused(network: Network, tmp_path: Path) -> None:
    first, second = _members(network)[:2]
    base = _base(network)
    folder = tmp_path / "coordinator"
    shutil.copytree(network.coordinator, folder)
    interview = _document(Interview(person_id=first["id"], day=date(2026, 11, 1)), base)
    outcome = _document(Outcome(person_id=first["id"], day=date(2026, 11, 1), description="x"), base)
    arrived = imported_into(
        folder, changed_bundle(network, tmp_path / "a.mebundle", interviews=[interview], outcomes=[outcome])
    )
    assert arrived.report.status is ImportStatus.IMPORTED, arrived.report.line()
    for kind, document in (("interviews", interview), ("outcomes", outcome)):
        moved = saved_again(document, person_id=second["id"])
        found = imported_into(folder, changed_bundle(network, tmp_path / f"{kind}.mebundle", **{kind: [moved]}))
        found.refused_unchanged("belongs to another person", document["id"][:8])


# -- of members only -------------------------------------------------------------------------------


def test_interviews_and_outcomes_of_others_than_members_are_refused_on_import(network: Network, tmp_path: Path) -> None:
    facilitator = next(document for document in network.documents("people") if document.get("role") == "facilitator")
    member = _members(network)[0]
    base = _base(network)
    cases: dict[str, dict[str, list[dict[str, Any]]]] = {
        "interview": {"interviews": [_document(Interview(person_id=facilitator["id"], day=date(2026, 11, 1)), base)]},
        "outcome": {"outcomes": [_document(Outcome(person_id=facilitator["id"], day=date(2026, 11, 1)), base)]},
        "involved": {
            "outcomes": [
                _document(Outcome(person_id=member["id"], day=date(2026, 11, 1), involved=[facilitator["id"]]), base)
            ]
        },
    }
    for name, changed in cases.items():
        found = imported(network, tmp_path / name, **changed)
        found.refused_unchanged("not a member", facilitator["id"][:8])


def test_interviews_and_outcomes_of_others_than_members_are_not_saved(tmp_path: Path) -> None:
    with opened(tmp_path / "laptop") as laptop:
        group = laptop.save_group(Group(name="Utsjoki peer group"))
        anna = laptop.save_person(Person(group_id=group.id, name="Anna Aikio"))
        sanna = laptop.save_person(Person(group_id=group.id, name="Sanna Sarre", role=Role.FACILITATOR))
        with pytest.raises(Invalid) as interview:
            laptop.save_interview(Interview(person_id=sanna.id, day=date(2026, 11, 1)))
        assert interview.value.problems[0].field == "person_id"
        assert "Sanna Sarre" in interview.value.problems[0].message
        with pytest.raises(Invalid) as outcome:
            laptop.save_outcome(Outcome(person_id=sanna.id, day=date(2026, 11, 1), description="A course"))
        assert outcome.value.problems[0].field == "person_id"
        with pytest.raises(Invalid) as involved:
            laptop.save_outcome(
                Outcome(person_id=anna.id, day=date(2026, 11, 1), description="A course", involved=[sanna.id])
            )
        assert [problem.field for problem in involved.value.problems] == ["involved"]
        assert "Sanna Sarre" in involved.value.problems[0].message
        laptop.load_all()
        assert laptop.interviews(group.id) == [] and laptop.outcomes(group.id) == []


# -- tombstones --------------------------------------------------------------------------------------


def test_removed_interviews_and_outcomes_are_held_to_the_structural_rules(network: Network, tmp_path: Path) -> None:
    member = _members(network)[0]
    base = {**_base(network), "deleted": True}
    interview = Interview(person_id=member["id"], day=date(2026, 11, 1))
    outcome = Outcome(person_id=member["id"], day=date(2026, 11, 1))
    cases: dict[str, dict[str, list[dict[str, Any]]]] = {
        "value": {"interviews": [{**_document(interview, base), "network_value": 99}]},
        "staff": {"interviews": [{**_document(interview, base), "staff": -1.0}]},
        "barrier": {"interviews": [{**_document(interview, base), "barriers": {"luck": ""}}]},
        "day": {"outcomes": [{**_document(outcome, base), "day": "2030-01-01"}]},
        "own": {"outcomes": [{**_document(outcome, base), "involved": [member["id"]]}]},
        "staff_after": {"outcomes": [{**_document(outcome, base), "staff_after": -3.0}]},
    }
    for name, changed in cases.items():
        imported(network, tmp_path / name, **changed).refused_unchanged("would not keep")
    fine = {"interviews": [_document(interview, base)], "outcomes": [_document(outcome, base)]}
    assert imported(network, tmp_path / "fine", **fine).report.status is ImportStatus.IMPORTED


# -- a consent given later ------------------------------------------------------------------------------


def test_a_research_consent_given_later_brings_the_texts_in_the_next_bundle(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group = laptop.save_group(Group(name="Utsjoki peer group"))
        mikko = laptop.save_person(Person(group_id=group.id, name="Mikko Aikio"))
        anna = laptop.save_person(Person(group_id=group.id, name="Anna Aikio", research_consent=date(2025, 1, 1)))
        laptop.save_interview(Interview(person_id=mikko.id, day=date(2026, 11, 1), network_gives="contacts"))
        laptop.save_outcome(Outcome(person_id=mikko.id, day=date(2026, 11, 1), description="A van bought"))
        laptop.save_outcome(
            Outcome(person_id=anna.id, day=date(2026, 11, 2), description="Mikko Aikio helped", involved=[mikko.id])
        )
        share_keys(coordinator, [laptop], tmp_path / "keys")
        assert Importer(coordinator).import_file(make_bundle(laptop, [group], to=tmp_path).path).status is (
            ImportStatus.IMPORTED
        )
        coordinator.load_all()
        assert coordinator.interviews_of(mikko.id)[0].network_gives == ""
        laptop.save_person(dataclasses.replace(laptop.person(mikko.id), research_consent=date(2026, 11, 5)))
        later = make_bundle(laptop, [group], to=tmp_path)
        assert Importer(coordinator).import_file(later.path).status is ImportStatus.IMPORTED
        coordinator.reload()
        coordinator.load_all()
        assert coordinator.person(mikko.id).name == "Mikko Aikio"
        assert coordinator.interviews_of(mikko.id)[0].network_gives == "contacts"
        assert coordinator.outcomes_of(mikko.id)[0].description == "A van bought"
        assert coordinator.outcomes_of(anna.id)[0].description == "Mikko Aikio helped"


# -- the firm of a member without research consent ----------------------------------------------------


def test_a_firm_token_tells_only_whether_two_firms_are_one() -> None:
    secret = b"k" * 32
    assert firm_token("Näkkälä Reindeer", secret) == firm_token("  nakkala   REINDEER ", secret)
    assert firm_token("Näkkälä Reindeer", secret) != firm_token("Aikio Duodji", secret)
    assert firm_token("Näkkälä Reindeer", secret) != firm_token("Näkkälä Reindeer", b"j" * 32)
    assert firm_token("Näkkälä Reindeer", secret).startswith("Firm ")
    assert "kk" not in firm_token("Näkkälä Reindeer", secret).casefold()
    assert firm_token("  ", secret) == "" and firm_token("–", secret) == "" and firm_token("-", secret) == ""


def test_a_firm_token_tells_one_firm_by_the_rule_of_the_firms_name() -> None:
    """The token and the indicators tell the same firm by one rule, :func:`firm_name_key`."""
    assert firm_name_key("  Näkkälä   REINDEER ") == firm_name_key("nakkala reindeer") == "nakkala reindeer"
    assert firm_name_key("Čuoŋ Duodji") == "cuon duodji"
    assert firm_name_key("") == firm_name_key(" - ") == firm_name_key("–") == ""
    spellings = ["Näkkälä Reindeer", "NAKKALA  reindeer", "Näkkälä Reindeer Oy", "Čuoŋ", "cuon", "-", ""]
    secret = b"k" * 32
    for one in spellings:
        for other in spellings:
            same_firm = firm_name_key(one) == firm_name_key(other)
            assert (firm_token(one, secret) == firm_token(other, secret)) == same_firm, (one, other)


def test_members_of_one_firm_without_research_consent_are_one_firm_at_the_coordinator(tmp_path: Path) -> None:
    start = datetime(2026, 10, 6, 14, 30, tzinfo=UTC)
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group = laptop.save_group(Group(name="Utsjoki peer group"))
        people = [
            laptop.save_person(Person(group_id=group.id, name=name, company=company))
            for name, company in (
                ("Mikko Aikio", "Näkkälä Reindeer"),
                ("Jussi Aikio", "näkkälä reindeer "),
                ("Ella Sarre", "Sarre Oy"),
            )
        ]
        meeting = laptop.save_meeting(
            Meeting(group_id=group.id, starts_at=start, ends_at=start.replace(hour=17), status=MeetingStatus.HELD)
        )
        for person in people:
            laptop.save_attendance(Attendance(meeting_id=meeting.id, person_id=person.id, status=Presence.PRESENT))
        share_keys(coordinator, [laptop], tmp_path / "keys")
        made = make_bundle(laptop, [group], to=tmp_path)
        sent = {document["id"]: document["company"] for document in opened_bundle(made.path, laptop).records["people"]}
        assert sent[people[0].id] == sent[people[1].id] != sent[people[2].id]
        assert all(company.startswith("Firm ") for company in sent.values())
        assert Importer(coordinator).import_file(made.path).status is ImportStatus.IMPORTED
        report = collect_indicators(coordinator, [group.id], date(2026, 1, 1), date(2026, 12, 31))
        assert report.indicators.figure("RCO01").value == 2


# -- crafted values through the importer -----------------------------------------------------------

CRAFTED_INTERVIEWS: dict[str, dict[str, Any]] = {
    "staff below nought": {"staff": -1.0},
    "staff beyond any firm": {"staff": 1e308},
    "staff as text": {"staff": "3"},
    "planned staff whole but huge": {"planned_staff": 10**12},
    "value nought": {"network_value": 0},
    "value six": {"network_value": 6},
    "value true": {"network_value": True},
    "value as a decimal": {"network_value": 3.5},
    "a barrier not listed": {"barriers": {"luck": ""}},
    "a barrier's note a number": {"barriers": {Barrier.FINANCE.value: 3}},
    "a day long ago": {"day": "1850-01-01"},
    "a day in the future": {"day": "2030-01-01"},
    "no person": {"person_id": ""},
    "a person's id not an id": {"person_id": "Mikko"},
}
CRAFTED_OUTCOMES: dict[str, dict[str, Any]] = {
    "staff after below nought": {"staff_after": -0.5},
    "a day far ahead": {"day": "2300-01-01"},
    "a kind not listed": {"kind": "lottery"},
    "draft as text": {"draft": "yes"},
    "involved not an id": {"involved": ["Mikko"]},
    "a meeting that is a memo entry": {"meeting_ids": ["@entry"]},
    "a memo entry that is a person": {"entry_ids": ["@member"]},
    "a member involved that is a meeting": {"involved": ["@meeting"]},
    "involved a thousand and one times": {"involved": ["@member"] * 1001},
}


def _crafted(network: Network, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with "@entry", "@member", "@meeting" standing for a memo entry, a member and a
    meeting of the bundle's group."""
    stands = {
        "@entry": network.documents("memo")[0]["id"],
        "@member": _members(network)[1]["id"],
        "@meeting": network.documents("meetings")[0]["id"],
    }

    def filled(value: Any) -> Any:
        if isinstance(value, list):
            return [stands.get(item, item) if isinstance(item, str) else item for item in value]
        return value

    return {name: filled(value) for name, value in fields.items()}


@pytest.mark.parametrize("case", sorted(CRAFTED_INTERVIEWS))
def test_a_crafted_interview_is_refused_whole(network: Network, tmp_path: Path, case: str) -> None:
    member = _members(network)[0]
    document = {**_document(Interview(person_id=member["id"], day=date(2026, 11, 1)), _base(network))}
    document.update(_crafted(network, CRAFTED_INTERVIEWS[case]))
    imported(network, tmp_path, interviews=[document]).refused_unchanged()


@pytest.mark.parametrize("case", sorted(CRAFTED_OUTCOMES))
def test_a_crafted_outcome_is_refused_whole(network: Network, tmp_path: Path, case: str) -> None:
    member = _members(network)[0]
    document = {**_document(Outcome(person_id=member["id"], day=date(2026, 11, 1), description="x"), _base(network))}
    document.update(_crafted(network, CRAFTED_OUTCOMES[case]))
    imported(network, tmp_path, outcomes=[document]).refused_unchanged()


def test_the_crafted_records_differ_from_one_the_importer_takes(network: Network, tmp_path: Path) -> None:
    """The cases above change one value of a record that is imported as it is."""
    member, other = _members(network)[:2]
    base = _base(network)
    interview = _document(Interview(person_id=member["id"], day=date(2026, 11, 1), staff=2.5, network_value=4), base)
    outcome = _document(
        Outcome(
            person_id=member["id"],
            day=date(2026, 11, 1),
            description="x",
            involved=[other["id"]],
            entry_ids=[network.documents("memo")[0]["id"]],
            meeting_ids=[network.documents("meetings")[0]["id"]],
        ),
        base,
    )
    found = imported(network, tmp_path, interviews=[interview], outcomes=[outcome])
    assert found.report.status is ImportStatus.IMPORTED, found.report.line()


# -- formats before interviews and outcomes ------------------------------------------------------------


def test_a_bundle_of_an_earlier_format_that_lists_interviews_is_refused(network: Network, tmp_path: Path) -> None:
    member = _members(network)[0]
    interview = _document(Interview(person_id=member["id"], day=date(2026, 11, 1)), _base(network))
    records = {**network.opened.records, MEMBERS["interviews"]: lines_bytes([interview])}
    opened_with = dataclasses.replace(network.opened, records=records)
    secrets = {network.first: network.key.secret_bytes}
    for version in (1, 2):
        folder = tmp_path / str(version)
        shutil.copytree(network.coordinator, folder)
        path = tmp_path / f"format-{version}.mebundle"
        path.write_bytes(
            signed_bundle(opened_with, secrets, version=version, bundle_id=str(uuid.uuid4()), with_new_kinds=True)
        )
        imported_into(folder, path).refused_unchanged(f"format {version}", "no interviews or outcomes")
        # The same bundle without them, as the release before made it, is read.
        path.write_bytes(signed_bundle(opened_with, secrets, version=version, bundle_id=str(uuid.uuid4())))
        assert imported_into(folder, path).report.status is ImportStatus.IMPORTED
