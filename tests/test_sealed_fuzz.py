"""Bundles whose keys, seals or signatures are wrong, against a real coordinator workspace (the
issue's "every failure is a clear refusal, nothing half-imported"): a wrong or retired key, a key
generation newer than the one held, a changed byte of a sealed member, a member swapped between two
bundles, a nonce used twice, seals that disagree, sealed contents that do not match the manifest;
and the signed formats 1 and 2, which are still read, written as the release before wrote them.

Each damaged bundle is made with the group's real key where that is what it takes to reach the
check it is about (the manifest's checksums made to match, the seals renewed), so that the refusal
comes from that check and not from an earlier one. The workspaces, and the checks of each import
(a refusal leaves every byte of the workspace as it was), are those of ``tests/test_bundle_fuzz.py``.
"""

from __future__ import annotations

import base64
import random
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from exports.bundle.archive import BundleRefused
from exports.bundle.format import CONTENTS, FORMAT_NAME, MANIFEST, SEALS, SIGNATURE, BundleDetails, NamedGroup
from exports.bundle.group_keys import KeysHere
from exports.bundle.reader import read_bundle
from exports.bundle.sealing import NONCE_BYTES, fingerprint, group_sealing_key, member_binding, nonce_of
from facilitator.local_time import format_local_moment
from storage.repository import Repository
from storage.sync_ledger import GroupKey, SyncLedger
from tests.bundle_damage import (
    Member,
    content_key_of,
    counted,
    manifest_of,
    member,
    pack,
    replaced,
    resealed,
    resign,
    sign,
    signed_bundle,
    unpack,
    with_checksums,
)
from tests.test_bundle_fuzz import (
    AGENDA,
    MEMO,
    WRONG_VALUES,
    Base,
    Case,
    Expect,
    Target,
    fresh_id,
    shared_base,
    target_of,
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    return shared_base(tmp_path_factory)


@pytest.fixture
def target(base: Base, tmp_path: Path) -> Iterator[Target]:
    with target_of(base, tmp_path) as target:
        yield target


def other_secret(rng: random.Random) -> str:
    return rng.randbytes(32).hex()


def with_member(base: Base, members: list[Member], name: str, data: bytes) -> bytes:
    """``members`` with ``name``'s sealed bytes replaced, the manifest's checksums made to match
    and its seal renewed: whatever refuses it is the member's own seal."""
    changed = replaced(members, name, data)
    return base.resealed(changed, with_checksums(changed, manifest_of(members)))


def sealed_with_nonce(content_key: bytes, nonce: bytes, bundle_id: str, name: str, plain: bytes) -> bytes:
    """A member sealed exactly as the app seals one, but with the ``nonce`` given."""
    return nonce + ChaCha20Poly1305(content_key).encrypt(nonce, zlib.compress(plain), member_binding(bundle_id, name))


# -- wrong keys, and seals that do not open ----------------------------------------------------------


def key_cases(base: Base) -> list[Case]:
    rng = random.Random(7101)
    members = base.members
    ours = fingerprint(base.key.secret_bytes)
    cases: list[Case] = []
    # Another secret under the group's id: the fingerprints differ, and the refusal names both.
    wrong_keys = [replace(base.key, secret=other_secret(rng)) for _ in range(8)]
    wrong_keys.append(replace(base.other_key, group_id=base.group_id, group_name=base.group_name))
    for number, wrong in enumerate(wrong_keys):
        theirs = fingerprint(wrong.secret_bytes)
        cases.append(
            Case(
                "wrong key",
                f"sealed with another key {number}",
                base.sealed({base.group_id: wrong}),
                reasons=(f"{theirs} in the bundle, {ours} here",),
            )
        )
    # Another key that claims the held key's fingerprint: its seal does not open.
    wrong = wrong_keys[0]
    wrong_members = unpack(base.sealed({base.group_id: wrong}))
    claimed = manifest_of(wrong_members)
    claimed["groups"] = [{**claimed["groups"][0], "key_fingerprint": ours}]
    cases.append(
        Case(
            "wrong key",
            "another key claiming the held key's fingerprint",
            pack(resealed(wrong_members, claimed, {base.group_id: wrong}, content_key_of(wrong_members, wrong))),
            reasons=("does not open",),
        )
    )
    # The group's records sealed for the other group, whose key the coordinator holds, and saying so
    # inside: the seal opens, the records are of a group the bundle was not sealed for.
    other_details: BundleDetails = {
        **base.opened.details,
        "groups": [{"id": base.other_group, "name": "Another"}],
        "since": {base.other_group: None},
    }
    cases.append(
        Case(
            "wrong key",
            "the group's records sealed for another group",
            base.sealed(
                {base.other_group: base.other_key},
                bundle_id=fresh_id(rng),
                details=counted(other_details, base.opened.records),
            ),
            reasons=("not made for",),
        )
    )
    # The seals file itself.
    seal = orjson.loads(member(members, SEALS).data)["groups"][base.group_id]
    raw = base64.b64decode(seal)

    def with_seals(label: str, seals: Any, reasons: tuple[str, ...]) -> None:
        data = seals if isinstance(seals, bytes) else orjson.dumps(seals)
        cases.append(Case("seals", label, pack(replaced(members, SEALS, data)), reasons=reasons))

    does_not_open = ("seal for",)
    not_its_groups = ("seals are not those of its groups",)
    with_seals("no seal for the group", {"groups": {}}, does_not_open)
    with_seals("the seal under another group", {"groups": {base.other_group: seal}}, not_its_groups)
    with_seals(
        "one more seal, for another group", {"groups": {base.group_id: seal, base.other_group: seal}}, not_its_groups
    )
    with_seals("a seal not in base64", {"groups": {base.group_id: "not base64!"}}, does_not_open)
    with_seals("an empty seal", {"groups": {base.group_id: ""}}, does_not_open)
    with_seals("a seal a number", {"groups": {base.group_id: 7}}, does_not_open)
    with_seals("a seal cut short", {"groups": {base.group_id: base64.b64encode(raw[:-1]).decode()}}, does_not_open)
    with_seals("a seal's nonce only", {"groups": {base.group_id: base64.b64encode(raw[:12]).decode()}}, does_not_open)
    for number in range(6):
        flipped = bytearray(raw)
        flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        with_seals(
            f"a seal's bit flipped {number}",
            {"groups": {base.group_id: base64.b64encode(flipped).decode()}},
            does_not_open,
        )
    random_seal = base64.b64encode(rng.randbytes(len(raw))).decode()
    with_seals("a random seal", {"groups": {base.group_id: random_seal}}, does_not_open)
    for label, seals in (("groups a list", {"groups": [seal]}), ("a list", [seal]), ("no groups", {})):
        with_seals(f"seals {label}", seals, not_its_groups)
    for label, data in (("not JSON", b'{"groups": '), ("empty", b"")):
        with_seals(f"seals {label}", data, ("not valid json",))
    return cases


def test_wrong_keys_and_seals_that_do_not_open_are_refused(base: Base, target: Target) -> None:
    cases = key_cases(base)
    target.run(cases)
    target.assert_all_passed(len(cases))
    assert target.outcomes["wrong key"] == {"refused": 11}, target.outcomes["wrong key"]
    assert "Compare the key's fingerprint" in target.messages["sealed with another key 0"]


def test_a_key_generation_newer_than_the_one_held_is_refused(base: Base, target: Target) -> None:
    rng = random.Random(7102)
    newer = replace(base.key, secret=other_secret(rng), generation=2)
    cases = [
        Case(
            "newer key",
            "sealed with generation 2",
            base.sealed({base.group_id: newer}, bundle_id=fresh_id(rng)),
            reasons=("Install the group's new key file",),
        ),
        Case(
            "newer key",
            "signed with a key this workspace does not hold (format 2)",
            signed_bundle(base.opened, {base.group_id: newer.secret_bytes}, bundle_id=fresh_id(rng)),
            reasons=("signed with another key for this group",),
        ),
    ]
    target.run(cases)
    target.assert_all_passed(len(cases))
    assert "generation 2, newer than the one this workspace holds (1)" in target.messages["sealed with generation 2"]


# -- retired keys ------------------------------------------------------------------------------------


def test_a_retired_key_refuses_the_bundles_made_from_its_retirement_on(base: Base, tmp_path: Path) -> None:
    """Generation 1 retired a day before the good bundle was made, generation 2 held beside it: the
    bundles generation 1 sealed (or signed, formats 1 and 2) from that moment on are refused naming
    the day, those made before import, and generation 2's import."""
    rng = random.Random(7103)
    made = base.opened.created_at
    retired = made - timedelta(days=1)
    newer = replace(base.key, secret=other_secret(rng), generation=2, retired_from="")

    def rotate(repository: Repository) -> None:
        ledger = SyncLedger(repository.workspace)
        ledger.save_key(replace(base.key, retired_from=retired.isoformat(timespec="milliseconds")))
        ledger.save_key(newer)

    old_secret = {base.group_id: base.key.secret_bytes}
    before = retired - timedelta(hours=1)
    refused = ("sealed with a key retired on",)
    cases = [
        Case("retired", "sealed with the retired key after its retirement", base.good, reasons=refused),
        Case(
            "retired",
            "sealed with the retired key at its retirement",
            base.sealed(bundle_id=fresh_id(rng), created_at=retired),
            reasons=refused,
        ),
        Case(
            "retired",
            "signed with the retired key after its retirement (format 2)",
            signed_bundle(base.opened, old_secret, bundle_id=fresh_id(rng)),
            reasons=refused,
        ),
        Case(
            "retired",
            "signed with the retired key after its retirement (format 1)",
            signed_bundle(base.opened, old_secret, version=1, bundle_id=fresh_id(rng)),
            reasons=refused,
        ),
        Case(
            "before retirement",
            "sealed with the retired key before its retirement",
            base.sealed(bundle_id=fresh_id(rng), created_at=before),
            Expect.ACCEPTED,
        ),
        Case(
            "before retirement",
            "signed with the retired key before its retirement (format 2)",
            signed_bundle(base.opened, old_secret, bundle_id=fresh_id(rng), created_at=before),
            Expect.ACCEPTED,
        ),
        Case(
            "new key",
            "sealed with the new key",
            base.sealed({base.group_id: newer}, bundle_id=fresh_id(rng)),
            Expect.ACCEPTED,
        ),
        Case(
            # No app ever signed with a later generation: formats 1 and 2 came before generations.
            "signed with a later generation",
            "signed with the new key (format 2)",
            signed_bundle(base.opened, {base.group_id: newer.secret_bytes}, bundle_id=fresh_id(rng)),
            reasons=("signed with another key for this group",),
        ),
    ]
    with target_of(base, tmp_path, rotate) as target:
        (group,) = target.repository.groups()
        target.run(cases)
    target.assert_all_passed(len(cases))
    assert target.outcomes == {
        "retired": {"refused": 4},
        "before retirement": {"imported": 2},
        "new key": {"imported": 1},
        "signed with a later generation": {"refused": 1},
    }, target.outcomes
    retired_at = format_local_moment(retired, group.time_zone)
    for case, made_at in zip(cases[:4], (made, retired, made, made), strict=True):
        message = target.messages[case.label]
        made_moment = format_local_moment(made_at, group.time_zone)
        assert f"made on {made_moment} and sealed with a key retired on {retired_at} (generation 1)" in message, message
        assert "install the group's new key file" in message, message


def test_a_retired_key_names_its_retirement_whatever_moment_the_bundle_claims(base: Base, tmp_path: Path) -> None:
    retired = base.opened.created_at - timedelta(days=1)

    def retire(repository: Repository) -> None:
        SyncLedger(repository.workspace).save_key(replace(base.key, retired_from=retired.isoformat()))

    far = datetime(2199, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-12)))
    case = Case(
        "retired",
        "made at the end of the year 2199",
        base.sealed(bundle_id=fresh_id(random.Random(7107)), created_at=far),
        reasons=("sealed with a key retired on",),
    )
    with target_of(base, tmp_path, retire) as target:
        target.run([case])
    target.assert_all_passed(1)


def test_a_bundle_made_at_a_time_outside_the_years_the_app_keeps_is_refused_saying_so(
    base: Base, tmp_path: Path
) -> None:
    """A time of making past 2200 (or before 1900) is no laptop's clock: refused as what the bundle
    says of itself, not as a bundle that cannot be unpacked."""
    rng = random.Random(7108)
    secret = {base.group_id: base.key.secret_bytes}
    reasons = ("malformed", "time of making", "not between 1900 and 2200")
    cases = []
    for made_at in (datetime(9999, 12, 31, 23, 30, tzinfo=UTC), datetime(1899, 6, 1, tzinfo=UTC)):
        year = made_at.year
        cases += [
            Case(
                "far",
                f"sealed, made in {year}",
                base.sealed(bundle_id=fresh_id(rng), created_at=made_at),
                reasons=reasons,
            ),
            Case(
                "far",
                f"signed (format 2), made in {year}",
                signed_bundle(base.opened, secret, bundle_id=fresh_id(rng), created_at=made_at),
                reasons=reasons,
            ),
            Case(
                "far",
                f"signed (format 1), made in {year}",
                signed_bundle(base.opened, secret, version=1, bundle_id=fresh_id(rng), created_at=made_at),
                reasons=reasons,
            ),
        ]
    with target_of(base, tmp_path) as target:
        target.run(cases)
    target.assert_all_passed(len(cases))
    assert all("cannot be unpacked" not in message for message in target.messages.values())


# -- sealed members changed, swapped, or sealed with a nonce used twice -------------------------------


def member_seal_cases(base: Base) -> list[Case]:
    rng = random.Random(7104)
    members = base.members
    sealed_names = [candidate.name for candidate in members if candidate.name not in (MANIFEST, SEALS)]
    does_not_open = ("does not open with the bundle's key",)
    cases: list[Case] = []
    # A changed byte of any sealed member, in its nonce, its ciphertext or its tag.
    for name in sealed_names:
        data = member(members, name).data
        offsets = {0, NONCE_BYTES - 1, NONCE_BYTES, len(data) // 2, len(data) - 1, *rng.sample(range(len(data)), 4)}
        for offset in sorted(offsets):
            changed = bytearray(data)
            changed[offset] ^= 1 << rng.randrange(8)
            cases.append(
                Case(
                    "ciphertext",
                    f"{name} byte {offset} changed",
                    with_member(base, members, name, bytes(changed)),
                    reasons=does_not_open,
                )
            )
        cases.append(
            Case("ciphertext", f"{name} cut short", with_member(base, members, name, data[:-1]), reasons=does_not_open)
        )
        cases.append(
            Case(
                "ciphertext",
                f"{name} a byte longer",
                with_member(base, members, name, data + b"\0"),
                reasons=does_not_open,
            )
        )
    # A member swapped with the same member of another bundle of the same group (made from the
    # same records, sealed with its own content key), or moved to another name in this one.
    other = unpack(base.sealed(bundle_id=fresh_id(rng)))
    for name in sealed_names:
        cases.append(
            Case(
                "swapped",
                f"{name} from another bundle",
                with_member(base, members, name, member(other, name).data),
                reasons=does_not_open,
            )
        )
    exchanged = replaced(replaced(members, AGENDA, member(members, MEMO).data), MEMO, member(members, AGENDA).data)
    cases.append(
        Case(
            "swapped",
            "the memo and the agenda exchanged",
            base.resealed(exchanged, with_checksums(exchanged, manifest_of(members))),
            reasons=does_not_open,
        )
    )
    swapped_all = [
        member(other, candidate.name) if candidate.name not in (MANIFEST, SEALS) else candidate for candidate in members
    ]
    cases.append(
        Case(
            "swapped",
            "every member from another bundle",
            base.resealed(swapped_all, with_checksums(swapped_all, manifest_of(members))),
            reasons=does_not_open,
        )
    )
    # Two members sealed with one nonce: sealed right otherwise, so that only the nonce rule
    # catches it (the same member with a fresh nonce imports).
    key = base.opened.content_key
    bundle_id = base.opened.bundle_id
    plain = {**base.opened.records, CONTENTS: orjson.dumps(base.opened.details)}
    memo_nonce = nonce_of(member(members, MEMO).data)
    twice = ("one nonce twice",)
    for name in sealed_names:
        if name == MEMO:
            continue
        cases.append(
            Case(
                "nonce",
                f"{name} sealed with the memo's nonce",
                with_member(base, members, name, sealed_with_nonce(key, memo_nonce, bundle_id, name, plain[name])),
                reasons=twice,
            )
        )
    for number in range(3):
        fresh = rng.randbytes(NONCE_BYTES)
        cases.append(
            Case(
                "fresh nonce",
                f"the memo sealed again with a fresh nonce {number}",
                with_member(base, members, MEMO, sealed_with_nonce(key, fresh, bundle_id, MEMO, plain[MEMO])),
                Expect.ACCEPTED,
            )
        )
    # A member sealed with this bundle's own content key, but bound to another bundle's id: only
    # the binding tells it from the member that belongs here.
    for number in range(2):
        fresh = rng.randbytes(NONCE_BYTES)
        cases.append(
            Case(
                "swapped",
                f"the memo bound to another bundle {number}",
                with_member(base, members, MEMO, sealed_with_nonce(key, fresh, fresh_id(rng), MEMO, plain[MEMO])),
                reasons=does_not_open,
            )
        )
    # The group's seal made with a member's nonce.
    manifest_bytes = member(members, MANIFEST).data
    sealing_key = group_sealing_key(base.key.secret_bytes, bundle_id, base.group_id, base.key.generation)
    seal = memo_nonce + ChaCha20Poly1305(sealing_key).encrypt(memo_nonce, key, manifest_bytes)
    seals = orjson.dumps({"groups": {base.group_id: base64.b64encode(seal).decode()}})
    cases.append(
        Case(
            "nonce", "the group's seal made with the memo's nonce", pack(replaced(members, SEALS, seals)), reasons=twice
        )
    )
    return cases


def test_changed_swapped_and_nonce_reusing_members_are_refused(base: Base, target: Target) -> None:
    cases = member_seal_cases(base)
    target.run(cases)
    target.assert_all_passed(len(cases))
    for kind in ("ciphertext", "swapped", "nonce"):
        assert set(target.outcomes[kind]) == {"refused"}, (kind, target.outcomes[kind])
    assert set(target.outcomes["fresh nonce"]) <= {"imported", "already imported"}, target.outcomes["fresh nonce"]


# -- seals that disagree, sealed contents that do not match the manifest -----------------------------


def contents_cases(base: Base) -> list[Case]:
    rng = random.Random(7105)
    members = base.members
    details = base.opened.details
    records = base.opened.records
    other_group: NamedGroup = {"id": base.other_group, "name": "Another group"}
    both_keys = {**base.keys, base.other_group: base.other_key}
    both_details = counted(
        {
            **details,
            "groups": [*details["groups"], other_group],
            "since": {**details["since"], base.other_group: None},
        },
        records,
    )
    cases: list[Case] = []
    # A bundle of two groups, each sealing the content key: then one seal holding another one.
    two = unpack(base.sealed(both_keys, bundle_id=fresh_id(rng), details=both_details))
    cases.append(Case("two groups", "sealed for two groups", pack(two), Expect.ACCEPTED))
    content_key = content_key_of(two, base.key)
    stranger_key = ChaCha20Poly1305.generate_key()
    for label, keys_by_group in (
        (
            "the other group's seal holds another content key",
            {base.group_id: content_key, base.other_group: stranger_key},
        ),
        ("the group's seal holds another content key", {base.group_id: stranger_key, base.other_group: content_key}),
    ):
        cases.append(
            Case(
                "seals disagree",
                label,
                pack(replaced(two, SEALS, seals_of(two, keys_by_group, both_keys))),
                reasons=("do not agree",),
            )
        )
    cases.append(
        Case(
            "seals disagree",
            "both seals hold another content key",
            pack(replaced(two, SEALS, seals_of(two, dict.fromkeys(both_keys, stranger_key), both_keys))),
            reasons=("does not open with the bundle's key",),
        )
    )
    cases.append(
        Case(
            "seals disagree",
            "the seal holds a content key of half the length",
            pack(replaced(base.members, SEALS, seals_of(base.members, {base.group_id: content_key[:16]}, base.keys))),
            reasons=("do not agree",),
        )
    )
    # Sealed contents that tell of other groups or other files than the manifest.
    mismatch = ("does not match its manifest",)

    def with_details(label: str, changed: Any, reasons: tuple[str, ...] = mismatch) -> None:
        cases.append(Case("contents", label, base.sealed(bundle_id=fresh_id(rng), details=changed), reasons=reasons))

    good = counted(details, records)
    # Random: one field of the contents, or of its group, given a value of another kind. What the
    # manifest relies on is refused; the rest (the app's version, the scope, the counts) is harmless.
    for number in range(40):
        value = rng.choice(WRONG_VALUES)
        if rng.random() < 0.3:
            field_name = rng.choice(["id", "name", "extra"])
            changed = {**good, "groups": [{**good["groups"][0], field_name: value}]}
            label = f"random {number}: group {field_name} = {value!r}"
        else:
            field_name = rng.choice(sorted(good))
            changed = {**good, field_name: value}
            label = f"random {number}: {field_name} = {value!r}"
        cases.append(
            Case("random contents", label, base.sealed(bundle_id=fresh_id(rng), details=changed), Expect.EITHER)
        )
    with_details("naming another group", {**good, "groups": [other_group]})
    with_details("naming one more group", {**good, "groups": [*good["groups"], other_group]})
    with_details("naming no group", {**good, "groups": []})
    with_details("the groups in a dict", {**good, "groups": {base.group_id: base.group_name}})
    with_details("a group name a number", {**good, "groups": [{**good["groups"][0], "name": 7}]})
    with_details("a group without a name", {**good, "groups": [{"id": base.group_id}]})
    with_details("a group a string", {**good, "groups": [base.group_id]})
    extra = (
        {**good["records"], "records/feedback.jsonl": 0}
        if "records/feedback.jsonl" not in records
        else {**good["records"], "records/codings.jsonl": 0}
    )
    with_details("one more file", {**good, "records": extra})
    with_details(
        "a file fewer", {**good, "records": {name: count for name, count in good["records"].items() if name != MEMO}}
    )
    with_details("no files", {**good, "records": {}})
    for value in (-1, "3", 1.5, True, None):
        with_details(f"memo count {value!r}", {**good, "records": {**good["records"], MEMO: value}})
    for delta in (1, -1):
        count = good["records"][MEMO] + delta
        with_details(
            f"memo count off by {delta}",
            {**good, "records": {**good["records"], MEMO: count}},
            ("another number of records",),
        )
    # Contents that are no contents, sealed right.
    bundle_id = base.opened.bundle_id
    for label, data, reasons in (
        ("not JSON", zlib.compress(b'{"groups": '), ("not valid json",)),
        ("a list", zlib.compress(b"[]"), mismatch),
        ("not compressed", orjson.dumps(good), ("cannot be unpacked",)),
        ("compressed, then junk", zlib.compress(orjson.dumps(good)) + b"junk", ("cannot be unpacked",)),
        ("compressed, cut short", zlib.compress(orjson.dumps(good))[:-3], ("cannot be unpacked",)),
    ):
        fresh = rng.randbytes(NONCE_BYTES)
        sealed = fresh + ChaCha20Poly1305(base.opened.content_key).encrypt(
            fresh, data, member_binding(bundle_id, CONTENTS)
        )
        cases.append(
            Case("contents", f"contents {label}", with_member(base, members, CONTENTS, sealed), reasons=reasons)
        )
    fresh = rng.randbytes(NONCE_BYTES)
    sealed = fresh + ChaCha20Poly1305(base.opened.content_key).encrypt(
        fresh, records[MEMO], member_binding(bundle_id, MEMO)
    )
    cases.append(
        Case(
            "contents",
            "the memo not compressed",
            with_member(base, members, MEMO, sealed),
            reasons=("cannot be unpacked",),
        )
    )
    return cases


def seals_of(members: list[Member], content_keys: dict[str, bytes], keys: dict[str, GroupKey]) -> bytes:
    """Seals bound to ``members``' manifest, each group's holding the content key given for it."""
    manifest_bytes = member(members, MANIFEST).data
    bundle_id = manifest_of(members)["bundle_id"]
    seals = {}
    for group_id, content_key in content_keys.items():
        key = keys[group_id]
        nonce = random.Random(group_id).randbytes(NONCE_BYTES)
        sealing_key = group_sealing_key(key.secret_bytes, bundle_id, group_id, key.generation)
        seals[group_id] = base64.b64encode(
            nonce + ChaCha20Poly1305(sealing_key).encrypt(nonce, content_key, manifest_bytes)
        ).decode()
    return orjson.dumps({"groups": seals})


def test_seals_that_disagree_and_contents_that_do_not_match_are_refused(base: Base, target: Target) -> None:
    cases = contents_cases(base)
    target.run(cases)
    target.assert_all_passed(len(cases))
    for kind in ("seals disagree", "contents"):
        assert set(target.outcomes[kind]) == {"refused"}, (kind, target.outcomes[kind])
    random_outcomes = target.outcomes["random contents"]
    assert random_outcomes.get("refused", 0) >= 10 and random_outcomes.get("imported", 0) >= 5, random_outcomes


# -- formats 1 and 2: signed, in the clear, still read ------------------------------------------------


def signed_cases(base: Base) -> list[Case]:
    """The signature cases of the release before, on a bundle written as it wrote them."""
    rng = random.Random(7106)
    secrets = {base.group_id: base.key.secret_bytes}
    members = unpack(signed_bundle(base.opened, secrets, bundle_id=fresh_id(rng)))
    good = manifest_of(members)
    manifest_bytes = member(members, MANIFEST).data
    cases: list[Case] = [
        Case("signed", "format 2, as the release before wrote it", pack(members), Expect.ACCEPTED),
        Case(
            "signed",
            "format 1",
            signed_bundle(base.opened, secrets, version=1, bundle_id=fresh_id(rng)),
            Expect.ACCEPTED,
        ),
        Case(
            "signed",
            "format 2, signed again",
            pack(resign(members, {**good, "bundle_id": fresh_id(rng)}, secrets)),
            Expect.ACCEPTED,
        ),
    ]

    def with_signature(label: str, signature: Any, reasons: tuple[str, ...]) -> None:
        raw = signature if isinstance(signature, bytes) else orjson.dumps(signature)
        cases.append(Case("signature", label, pack(replaced(members, SIGNATURE, raw)), reasons=reasons))

    right = sign(base.key.secret_bytes, manifest_bytes)
    for number in range(12):
        with_signature(
            f"random key {number}",
            {"algorithm": "HMAC-SHA256", "groups": {base.group_id: sign(rng.randbytes(32), manifest_bytes)}},
            ("signature for",),
        )
    other = base.other_key.secret_bytes
    signature: Any
    for label, signature in (
        (
            "another group's key",
            {"algorithm": "HMAC-SHA256", "groups": {base.group_id: sign(other, manifest_bytes)}},
        ),
        ("signed for another group only", {"algorithm": "HMAC-SHA256", "groups": {base.other_group: right}}),
        ("signature in capitals", {"algorithm": "HMAC-SHA256", "groups": {base.group_id: right.upper()}}),
        ("signature cut short", {"algorithm": "HMAC-SHA256", "groups": {base.group_id: right[:-1]}}),
        ("signature a number", {"algorithm": "HMAC-SHA256", "groups": {base.group_id: 7}}),
    ):
        with_signature(label, signature, ("signature for",))
    for label, signature in (
        ("another algorithm", {"algorithm": "HMAC-SHA1", "groups": {base.group_id: right}}),
        ("no algorithm", {"groups": {base.group_id: right}}),
        ("groups a list", {"algorithm": "HMAC-SHA256", "groups": [right]}),
        ("a list", [right]),
    ):
        with_signature(label, signature, ("signature is not one",))
    with_signature("not JSON", b"HMAC " + right.encode(), ("not valid json",))
    with_signature("empty", b"", ("not valid json",))
    cases.append(
        Case(
            "signature",
            "no signature",
            pack([candidate for candidate in members if candidate.name != SIGNATURE]),
            reasons=("not signed",),
        )
    )
    # The manifest or a member changed, the signature not renewed; or renewed, and what it lists
    # not what the bundle holds.
    for label, manifest in (
        ("a record count changed", {**good, "files": {**good["files"], MEMO: {**good["files"][MEMO], "records": 1}}}),
        ("another group's name", {**good, "groups": [{**good["groups"][0], "name": "Someone else's"}]}),
    ):
        cases.append(
            Case(
                "signature",
                f"{label}, not signed again",
                pack(replaced(members, MANIFEST, orjson.dumps(manifest))),
                reasons=("signature for",),
            )
        )
    memo_changed = replaced(members, MEMO, member(members, MEMO).data.replace(b"commission", b"Commission"))
    cases.append(Case("signature", "a memo line changed", pack(memo_changed), reasons=("not what its manifest lists",)))
    off_by_one = {
        **good,
        "files": {**good["files"], MEMO: {**good["files"][MEMO], "records": good["files"][MEMO]["records"] + 1}},
    }
    cases.append(
        Case(
            "signature",
            "a record count changed, signed again",
            pack(resign(members, off_by_one, secrets)),
            reasons=("another number of records",),
        )
    )
    cases.append(
        Case(
            "signature",
            "a seal beside the signature",
            pack([*members, Member(SEALS, member(base.members, SEALS).data)]),
            reasons=("does not list",),
        )
    )
    # The whole bundle signed with another group's key, claiming to be that group's: its records
    # are the first group's, which it was not signed for.
    claimed = {
        **good,
        "groups": [{"id": base.other_group, "name": "Another group"}],
        "since": {base.other_group: None},
        "bundle_id": fresh_id(rng),
    }
    cases.append(
        Case(
            "signature",
            "records of a group the bundle is not signed for",
            pack(resign(members, claimed, {base.other_group: other})),
            reasons=("not made for",),
        )
    )
    return cases


def test_signed_bundles_of_formats_1_and_2_are_read_and_their_wrong_signatures_refused(
    base: Base, target: Target
) -> None:
    cases = signed_cases(base)
    target.run(cases)
    target.assert_all_passed(len(cases))
    assert target.outcomes["signed"] == {"imported": 3}, target.outcomes["signed"]
    assert set(target.outcomes["signature"]) == {"refused"}, target.outcomes["signature"]


# -- a manifest whose fields are of the wrong kind, before any key is looked for ---------------------


@pytest.mark.parametrize("version", [1, 2, 3])
@pytest.mark.parametrize("audience", [[], {}, ["coordinator"], {"coordinator": 1}])
def test_a_manifest_whose_audience_is_no_text_is_refused(tmp_path: Path, version: int, audience: Any) -> None:
    manifest = {
        "format": FORMAT_NAME,
        "version": version,
        "bundle_id": str(uuid.uuid4()),
        "created_at": "2026-11-27T12:00:00.000+00:00",
        "source": {"workspace_id": str(uuid.uuid4())},
        "audience": audience,
    }
    path = tmp_path / "bundle.mebundle"
    path.write_bytes(pack([Member(MANIFEST, orjson.dumps(manifest))]))
    with pytest.raises(BundleRefused, match="no audience"):
        read_bundle(path, KeysHere({}))
