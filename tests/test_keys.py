"""Group keys: key files sealed with a one-time passphrase, key generations replaced and retired,
fingerprints to compare, and a workspace of the release before (schema 2) brought up to date.

Real workspaces in ``tmp_path``; scrypt costs about 0.14 s for each key file written or opened, so
the tests write and open few."""

from __future__ import annotations

import base64
import json
import os
import pty
import select
import shutil
import stat
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from exports.bundle import keys
from exports.bundle.key_generations import generation_states
from exports.bundle.keys import (
    KeyFileRefused,
    PassphraseNeeded,
    PassphraseRefused,
    install_keys,
    issue_keys,
    read_key_request,
    retirement_start,
    rotate_key,
    write_key_request,
)
from exports.bundle.passphrase import PassphraseMistyped, new_passphrase, passphrase_typed
from exports.bundle.sealing import fingerprint
from exports.errors import ExportFailed
from facilitator.model import Group
from storage.repository import Repository
from storage.sync_ledger import GroupKey, SyncLedger
from storage.workspace import SCHEMA_VERSION, Workspace
from storage.workspace_info import WorkspaceRole
from tests.conftest import MovingClock
from tests.processes import REPO_ROOT
from tests.sync_support import opened
from tests.test_cli import facilitator, one_line_error
from tests.test_schema_v4 import assert_upgraded, schema_on_disk
from tests.test_workspace import snapshot

COORDINATOR = WorkspaceRole.COORDINATOR
START = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
HELSINKI = ZoneInfo("Europe/Helsinki")
V2 = Path(__file__).parent / "data" / "workspace-v2"
V2_GROUP = "5b1d6c2e-3f4a-4b5c-8d6e-7f8091a2b3c4"


def ring(repository: Repository, group: Group) -> list[GroupKey]:
    return SyncLedger(repository.workspace).key_ring()[group.id]


# -- the passphrase ---------------------------------------------------------------------------------


def test_a_passphrase_is_six_words_of_the_list_and_each_is_new() -> None:
    made = [new_passphrase() for _time in range(20)]
    assert len(set(made)) == 20
    for passphrase in made:
        words = passphrase.split("-")
        assert len(words) == 6 and passphrase_typed(passphrase) == passphrase


def test_a_typed_passphrase_forgives_case_blanks_hyphens_and_all_but_four_letters() -> None:
    meant = "canal-forest-tiger-orbit-lemon-vivid"
    for typed in (
        "canal forest tiger orbit lemon vivid",
        "  Canal-FOREST  tiger -  orbit lemon vivid ",
        "cana fore tige orbi lemo vivi",
        "canals forestry tigers orbits lemons vividly",
        "canal\tforest\ntiger orbit lemon vivid",
    ):
        assert passphrase_typed(typed) == meant, typed
    assert passphrase_typed("act add age aim air all") == "act-add-age-aim-air-all"  # words of three letters


def test_a_mistyped_word_is_named_and_a_missing_one_counted() -> None:
    with pytest.raises(PassphraseMistyped, match="“tigr” is not one of the passphrase's words"):
        passphrase_typed("canal forest tigr orbit lemon vivid")
    with pytest.raises(PassphraseMistyped, match="has 6 words, and 5 were typed"):
        passphrase_typed("canal forest tiger orbit lemon")


# -- sealed key files ---------------------------------------------------------------------------------


def test_a_key_file_reveals_no_name_and_no_secret_and_opens_only_with_its_passphrase(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group = coordinator.save_group(Group(name="Sodankylä peer group", region="Lapland"))
        issued = issue_keys(coordinator, [{"id": group.id, "name": group.name}], tmp_path)
        secret = ring(coordinator, group)[0].secret
        raw = issued.path.read_bytes()
        for revealing in (secret, secret.upper(), group.name, "Sodankyl", "Lapland", group.id):
            assert revealing.encode() not in raw, revealing
        outer = json.loads(raw)
        assert outer["format"] == "microentre-group-keys" and outer["version"] == 2
        assert outer["kdf"]["name"] == "scrypt" and outer["cipher"] == "ChaCha20-Poly1305"
        assert set(outer) == {"format", "version", "kdf", "cipher", "nonce", "sealed"}

        before = snapshot(laptop.workspace.folder)
        with pytest.raises(PassphraseNeeded):
            install_keys(laptop, issued.path, None)
        # A passphrase refused is its own refusal, to ask for it again (a damaged file is not).
        with pytest.raises(PassphraseRefused, match="“tigr” is not one of the passphrase's words"):
            install_keys(laptop, issued.path, "canal forest tigr orbit lemon vivid")
        with pytest.raises(PassphraseRefused, match="has 6 words, and 5 were typed"):
            install_keys(laptop, issued.path, "canal forest tiger orbit lemon")
        with pytest.raises(PassphraseRefused, match="The passphrase does not open") as refused:
            install_keys(laptop, issued.path, "zoo zoo zoo zoo zoo zoo")
        assert not isinstance(refused.value, PassphraseNeeded)
        assert snapshot(laptop.workspace.folder) == before, "a refused key file changed the workspace"

        typed = " ".join(word[:4].upper() for word in issued.passphrase.split("-"))
        installed = install_keys(laptop, issued.path, typed)
        assert installed.installed == [group.name] and installed.groups_created == [group.name]
        (done,) = installed.groups
        assert (done.generation, done.fingerprint) == (1, fingerprint(bytes.fromhex(secret)))
        assert installed.lines()[0] == (
            f"Installed the key of {group.name}: generation 1, fingerprint {done.fingerprint}."
        )
        assert [key.secret for key in ring(laptop, group)] == [secret]


def test_a_key_files_passphrase_is_not_in_its_repr_and_the_file_is_its_owners_only(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator:
        group = coordinator.save_group(Group(name="Kallio makers"))
        issued = issue_keys(coordinator, [{"id": group.id, "name": group.name}], tmp_path)
    shown = repr(issued)
    assert issued.passphrase not in shown and "passphrase=" not in shown, shown
    assert issued.keys[0].secret not in shown, "a key's secret is not shown either"
    if os.name == "posix":
        assert stat.S_IMODE(issued.path.stat().st_mode) == 0o600, "a key file is readable by its owner only"


def test_a_key_file_whose_header_was_changed_does_not_open(tmp_path: Path) -> None:
    """The header is bound to the sealed part: a lower scrypt cost or another version is refused."""
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop") as laptop:
        group = coordinator.save_group(Group(name="Kallio makers"))
        issued = issue_keys(coordinator, [{"id": group.id, "name": group.name}], tmp_path)
        outer = json.loads(issued.path.read_bytes())
        cheaper = tmp_path / "cheaper.mekey"
        cheaper.write_text(json.dumps({**outer, "kdf": {**outer["kdf"], "n": 2**14}}), encoding="utf-8")
        with pytest.raises(KeyFileRefused, match="does not open"):
            install_keys(laptop, cheaper, issued.passphrase)
        # Refused before scrypt is asked for anything: another key derivation, more than 64 MiB
        # (128·n·r·p: 128 GiB, or 128 MiB through r or p), a salt shorter than 16 bytes.
        for number, kdf in enumerate(
            (
                {**outer["kdf"], "note": "x"},
                {**outer["kdf"], "name": "scrypt-2"},
                {**outer["kdf"], "n": 2**30},
                {**outer["kdf"], "r": 32},
                {**outer["kdf"], "p": 4},
                {**outer["kdf"], "salt": base64.b64encode(b"8 bytes!").decode()},
            )
        ):
            hostile = tmp_path / f"hostile-{number}.mekey"
            hostile.write_text(json.dumps({**outer, "kdf": kdf}), encoding="utf-8")
            with pytest.raises(KeyFileRefused, match="damaged key file") as damaged:
                install_keys(laptop, hostile, issued.passphrase)
            assert not isinstance(damaged.value, PassphraseRefused), "asking the passphrase again would not help"
        dearer = {**outer["kdf"], "n": 2**16}  # 64 MiB: within the limit, but bound to the sealed part
        (tmp_path / "dearer.mekey").write_text(json.dumps({**outer, "kdf": dearer}), encoding="utf-8")
        with pytest.raises(KeyFileRefused, match="does not open"):
            install_keys(laptop, tmp_path / "dearer.mekey", issued.passphrase)
        sealed_bytes = base64.b64decode(outer["sealed"])
        sealed = bytearray(sealed_bytes)
        sealed[5] ^= 1
        flipped = tmp_path / "flipped.mekey"
        flipped.write_text(json.dumps({**outer, "sealed": base64.b64encode(sealed).decode()}), encoding="utf-8")
        with pytest.raises(KeyFileRefused, match="does not open"):
            install_keys(laptop, flipped, issued.passphrase)
        assert group.id not in SyncLedger(laptop.workspace).key_ring()

        # The cipher's name is bound too, as the documentation says, for another program reading it.
        words, kdf = issued.passphrase, outer["kdf"]
        key = Scrypt(salt=base64.b64decode(kdf["salt"]), length=32, n=kdf["n"], r=kdf["r"], p=kdf["p"]).derive(
            words.encode()
        )
        header = {name: outer[name] for name in ("cipher", "format", "kdf", "version")}
        associated = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
        content = ChaCha20Poly1305(key).decrypt(base64.b64decode(outer["nonce"]), sealed_bytes, associated)
        assert json.loads(content)["groups"][0]["name"] == "Kallio makers"


def test_a_key_file_of_the_release_before_still_installs(tmp_path: Path) -> None:
    """``tests/data/workspace-v2`` holds a plain key file (version 1) that release wrote."""
    key_file = V2 / "utsjoki-peer-group-keys-2026-12-04.mekey"
    coordinator_network = json.loads((V2 / "coordinator" / "network.json").read_text(encoding="utf-8"))
    (issued_secret,) = [key["secret"] for key in coordinator_network["group_keys"].values()]
    with opened(tmp_path / "laptop") as laptop:
        installed = install_keys(laptop, key_file, None)  # no passphrase: it has none
        assert installed.installed == ["Utsjoki peer group"]  # a group of a key request: no record with it
        (key,) = SyncLedger(laptop.workspace).key_ring()[V2_GROUP]
        assert (key.generation, key.secret, key.retired_from) == (1, issued_secret, "")
        assert installed.lines()[-1] == (
            "The key file was not sealed (it is of an earlier version): compare the fingerprint with the "
            "coordinator's by phone (“facilitator key show”), and if they differ, ask for a new key file."
        )


def test_an_unsealed_key_file_never_replaces_or_adds_to_a_key_held(tmp_path: Path) -> None:
    """A plain key file (version 1) opens without a passphrase: whoever swapped the attachment could
    have put their own key in it. It is refused, changing nothing, for a group that holds a key."""
    key_file = V2 / "utsjoki-peer-group-keys-2026-12-04.mekey"
    with opened(tmp_path / "laptop") as laptop:
        held = GroupKey(V2_GROUP, "Utsjoki peer group", "ab" * 32, START.isoformat(), "coordinator", generation=2)
        SyncLedger(laptop.workspace).save_key(held)
        before = snapshot(laptop.workspace.folder)
        with pytest.raises(KeyFileRefused) as refused:
            install_keys(laptop, key_file, None)
        assert str(refused.value) == (
            f"{key_file.name} is a key file of an earlier version, not sealed with a passphrase: anyone could have "
            "changed it on its way, so it cannot replace or add to the key held here for Utsjoki peer group. "
            "Ask for a new key file (“facilitator key issue”). Nothing was changed."
        )
        assert snapshot(laptop.workspace.folder) == before
        assert SyncLedger(laptop.workspace).key_ring()[V2_GROUP] == [held]


# -- generations --------------------------------------------------------------------------------------


def test_rotating_retires_the_earlier_keys_and_a_later_rotation_only_moves_a_date_back(tmp_path: Path) -> None:
    clock = MovingClock(START)
    with opened(tmp_path / "coordinator", COORDINATOR, clock) as coordinator, opened(tmp_path / "laptop") as laptop:
        group = coordinator.save_group(Group(name="Kallio makers"))
        issue_keys(coordinator, [{"id": group.id, "name": group.name}], tmp_path)
        with pytest.raises(KeyFileRefused, match="Only the coordinator"):
            rotate_key(laptop, group, None)

        clock.advance(days=10)  # 14 December
        rotated = rotate_key(coordinator, group, None, tmp_path)
        first, second = ring(coordinator, group)
        assert second.generation == 2 and rotated.keys == [second] and second.retired_from == ""
        assert first.retired_moment == START + timedelta(days=10)
        assert SyncLedger(coordinator.workspace).key(group.id) == second

        lost = retirement_start(coordinator, group, date(2026, 12, 8))
        assert lost == datetime(2026, 12, 8, tzinfo=HELSINKI)
        clock.advance(days=1)  # 15 December: a laptop lost on 8 December is found out
        rotate_key(coordinator, group, lost, tmp_path)
        first, second, third = ring(coordinator, group)
        assert first.retired_moment == second.retired_moment == lost, "an earlier day moves the retirement back"
        assert third.generation == 3 and not third.retired_from

        clock.advance(days=1)
        rotate_key(coordinator, group, retirement_start(coordinator, group, date(2026, 12, 10)), tmp_path)
        first, second, third, fourth = ring(coordinator, group)
        assert first.retired_moment == second.retired_moment == lost, "a later day never moves a retirement forward"
        assert third.retired_moment == datetime(2026, 12, 10, tzinfo=HELSINKI) and not fourth.retired_from
        with pytest.raises(KeyFileRefused, match="2026-12-17 is still to come"):
            retirement_start(coordinator, group, date(2026, 12, 17))


def test_a_laptop_gets_every_generation_and_an_older_key_file_changes_nothing(tmp_path: Path) -> None:
    clock = MovingClock(START)
    with (
        opened(tmp_path / "coordinator", COORDINATOR, clock) as coordinator,
        opened(tmp_path / "laptop", clock=clock) as laptop,
    ):
        group = laptop.save_group(Group(name="Inari peer group"))
        request = write_key_request(laptop, [group], tmp_path)
        first_file = issue_keys(coordinator, read_key_request(request), tmp_path)
        install_keys(laptop, first_file.path, first_file.passphrase)
        clock.advance(days=3)
        second_file = rotate_key(coordinator, group, retirement_start(coordinator, group, date(2026, 12, 2)), tmp_path)

        installed = install_keys(laptop, second_file.path, second_file.passphrase)
        first, second = ring(laptop, group)
        assert ring(coordinator, group) == [first, second]
        assert first.retired_moment == datetime(2026, 12, 2, tzinfo=HELSINKI) and not second.retired_from
        assert SyncLedger(laptop.workspace).key(group.id) == second, "the newest generation seals from now on"
        assert installed.replaced == [group.name] and installed.groups[0].generation == 2
        assert installed.lines() == [
            f"Installed generation 2 of the key of {group.name} (fingerprint "
            f"{fingerprint(second.secret_bytes)}): the group's bundles are sealed with it from now on."
        ]

        again = install_keys(laptop, first_file.path, first_file.passphrase)
        assert ring(laptop, group) == [first, second], "an older file lowered the generation or un-retired a key"
        assert again.already == [group.name] and (again.groups[0].generation, again.groups[0].in_file) == (2, 1)
        assert "older than the one held here" in again.lines()[0]


def test_a_rotation_into_a_missing_folder_changes_nothing(tmp_path: Path) -> None:
    """The folder is checked before a key is made: the coordinator never seals with a generation
    whose key file nobody got, and whose passphrase nobody saw."""
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator:
        group = coordinator.save_group(Group(name="Kallio makers"))
        issue_keys(coordinator, [{"id": group.id, "name": group.name}], tmp_path)
        before = snapshot(coordinator.workspace.folder)
        with pytest.raises(KeyFileRefused, match=r"No key file can be written into .*missing.*Nothing was changed"):
            rotate_key(coordinator, group, None, tmp_path / "missing")
        with pytest.raises(KeyFileRefused, match="Nothing was changed"):
            issue_keys(coordinator, [{"id": "0" * 8 + "-0000-4000-8000-" + "0" * 12, "name": "New"}], tmp_path / "gone")
        assert snapshot(coordinator.workspace.folder) == before


def test_a_key_file_that_cannot_be_written_after_its_key_was_made_says_how_to_write_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The USB stick pulled out between the check of its folder and the writing: the rotation is
    stored whole, in one write, and the refusal says that the new key was made and how to write its
    key file again (the writing is made to fail: nothing else makes it fail for root, who runs CI)."""
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator:
        group = coordinator.save_group(Group(name="Kallio makers"))
        issue_keys(coordinator, [{"id": group.id, "name": group.name}], tmp_path)
        (first,) = ring(coordinator, group)

        def pulled_out(path: Path, data: bytes) -> Path:
            raise ExportFailed(path, "the device is gone")

        monkeypatch.setattr(keys, "write_export", pulled_out)
        with pytest.raises(KeyFileRefused) as refused:
            rotate_key(coordinator, group, None, tmp_path)
        assert str(refused.value) == (
            "Generation 2 of the key of Kallio makers was made and seals the group's bundles from now on, but its "
            "key file could not be written (the device is gone). Write the key file again with: "
            'facilitator key issue --group "Kallio makers"'
        )
        retired, second = ring(coordinator, group)
        assert retired.secret == first.secret and retired.retired_from and second.generation == 2


def test_generation_states_say_which_seals_which_are_retired_and_from_when_and_the_issue_day() -> None:
    """The one rule both the command line (key show, key rotate) and the key screen format."""
    group = Group(name="Kallio makers", time_zone="Europe/Helsinki")
    retired = datetime(2026, 11, 30, 22, 0, tzinfo=UTC)
    first, second, third = (
        GroupKey(group.id, group.name, f"{n:02x}" * 32, issued, "coordinator", generation=n, retired_from=until)
        for n, issued, until in (
            (1, "2026-12-01T23:30:00+00:00", retired.isoformat()),
            (2, "", ""),
            (3, "2026-12-04T08:00:00+00:00", ""),
        )
    )
    newest, replaced, oldest = generation_states([first, second, third], group)
    assert (newest.key, newest.seals, newest.retired_from, newest.issued_on) == (third, True, None, date(2026, 12, 4))
    assert (replaced.key, replaced.seals, replaced.retired_from, replaced.issued_on) == (second, False, None, None)
    assert (oldest.seals, oldest.retired_from) == (False, retired)
    assert oldest.issued_on == date(2026, 12, 2), "the issue day is the group's, not UTC's"
    assert [state.fingerprint for state in (newest, oldest)] == [
        fingerprint(third.secret_bytes),
        fingerprint(first.secret_bytes),
    ]


# -- the release before's workspaces ------------------------------------------------------------------


def test_a_schema_2_workspace_is_upgraded_and_its_key_is_the_first_generation(tmp_path: Path) -> None:
    shutil.copytree(V2, tmp_path / "v2")
    coordinator_folder, laptop_folder = tmp_path / "v2" / "coordinator", tmp_path / "v2" / "facilitator"
    assert schema_on_disk(laptop_folder) == schema_on_disk(coordinator_folder) == 2
    with opened(coordinator_folder, COORDINATOR) as coordinator, opened(laptop_folder) as laptop:
        assert laptop.workspace.info.schema_version == coordinator.workspace.info.schema_version == SCHEMA_VERSION
        assert_upgraded(laptop_folder, 2)
        assert_upgraded(coordinator_folder, 2)
        (held,) = SyncLedger(laptop.workspace).key_ring()[V2_GROUP]
        assert held.generation == 1 and not held.retired_from
        assert SyncLedger(coordinator.workspace).key_ring()[V2_GROUP] == [held]
        group = laptop.group(V2_GROUP)
        rotated = rotate_key(coordinator, group, None, tmp_path)
        install_keys(laptop, rotated.path, rotated.passphrase)
        first, second = SyncLedger(laptop.workspace).key_ring()[V2_GROUP]
        assert first.secret == held.secret and first.retired_from and second.generation == 2
        assert SyncLedger(laptop.workspace).key(V2_GROUP) == second


# -- the commands -------------------------------------------------------------------------------------


@pytest.mark.processes
def test_the_key_commands_from_issue_to_rotation_with_the_passphrase_and_fingerprints(tmp_path: Path) -> None:
    """The release before's coordinator and laptop (schema 2): a rotation, its key file installed
    with the passphrase from a file, and both sides showing the same fingerprints."""
    shutil.copytree(V2, tmp_path / "v2")
    coordinator, laptop = tmp_path / "v2" / "coordinator", tmp_path / "v2" / "facilitator"
    told = " ".join(facilitator("key", "rotate", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "can set its clock back and date a bundle before the retirement" in told, told
    assert "nothing in a bundle proves when it was made" in told, told
    refused = one_line_error(facilitator("key", "rotate", "--group", "utsjoki", "--workspace", laptop), 1)
    assert "Only the coordinator replaces a group's key" in refused
    future = one_line_error(
        facilitator("key", "rotate", "--group", "utsjoki", "--retired-from", "2199-01-01", "--workspace", coordinator),
        1,
    )
    assert "2199-01-01 is still to come" in future

    rotated = facilitator(
        "key",
        "rotate",
        "--group",
        "utsjoki",
        "--retired-from",
        "2026-12-01",
        "--workspace",
        coordinator,
        "--to",
        tmp_path,
    )
    assert rotated.returncode == 0, rotated.stderr
    key_file, passphrase_line, *told = rotated.stdout.splitlines()
    passphrase = passphrase_line.removeprefix("Passphrase: ")
    assert Path(key_file).suffix == ".mekey" and len(passphrase.split("-")) == 6
    assert any("Utsjoki peer group: key generation 2, fingerprint" in line for line in told)
    assert any("Generation 1 is retired from Tue 1 Dec 2026 00:00" in line for line in told)

    before = snapshot(laptop)
    not_a_terminal = one_line_error(facilitator("key", "install", key_file, "--workspace", laptop), 1)
    assert "is sealed with a passphrase" in not_a_terminal and "--passphrase-file" in not_a_terminal
    wrong_words = tmp_path / "wrong.txt"
    wrong_words.write_text("zoo zoo zoo zoo zoo zoo\n", encoding="utf-8")
    wrong = facilitator("key", "install", key_file, "--passphrase-file", wrong_words, "--workspace", laptop)
    assert "The passphrase does not open" in one_line_error(wrong, 1)
    assert snapshot(laptop) == before, "a refused install changed the workspace"

    words = tmp_path / "words.txt"
    words.write_text(passphrase.replace("-", " ").upper() + "\nsomething else\n", encoding="utf-8")
    installed = facilitator("key", "install", key_file, "--passphrase-file", words, "--workspace", laptop)
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout.startswith("Installed generation 2 of the key of Utsjoki peer group (fingerprint ")
    newest_fingerprint = installed.stdout.split("(fingerprint ")[1].split(")")[0]

    with Workspace.open(laptop, purpose="app"):  # it only reads: it runs beside the open app
        shown = {side: facilitator("key", "show", "--workspace", side) for side in (coordinator, laptop)}
    assert shown[coordinator].returncode == shown[laptop].returncode == 0, shown[laptop].stderr
    assert shown[coordinator].stdout == shown[laptop].stdout
    name, newest, oldest = shown[laptop].stdout.splitlines()
    assert name == "Utsjoki peer group"
    assert newest.startswith("  generation 2 · issued ") and newest.endswith(" · seals the group's bundles")
    assert oldest.startswith("  generation 1 · issued Fri 4 Dec 2026 · fingerprint ")
    assert "retired from Tue 1 Dec 2026 00:00" in oldest
    assert f" · fingerprint {newest_fingerprint} · " in newest


def on_a_terminal(typed: list[str], *args: str | Path) -> tuple[int, str]:
    """Run a command at a terminal of its own (a pseudo-terminal), typing a line each time it asks
    for a passphrase; its exit code and all it showed."""
    pid, terminal = pty.fork()
    if pid == 0:  # the command, its terminal the pseudo-terminal
        os.chdir(REPO_ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "facilitator", *map(str, args)])
    shown, asked = b"", 0
    try:
        while select.select([terminal], [], [], 60)[0]:
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # the command ended: its terminal is closed
                break
            if not chunk:
                break
            shown += chunk
            if shown.count(b"Passphrase of") > asked:
                os.write(terminal, typed[asked].encode() + b"\n")
                asked += 1
    finally:
        os.close(terminal)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), shown.decode()


@pytest.mark.processes
@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal")
def test_key_install_at_a_terminal_asks_the_passphrase_again_up_to_three_times(tmp_path: Path) -> None:
    with opened(tmp_path / "coordinator", COORDINATOR) as coordinator, opened(tmp_path / "laptop"):
        group = coordinator.save_group(Group(name="Kallio makers"))
        issued = issue_keys(coordinator, [{"id": group.id, "name": group.name}], tmp_path)
    before = snapshot(tmp_path / "laptop")
    command = ("key", "install", issued.path, "--workspace", tmp_path / "laptop")

    code, shown = on_a_terminal(["canal forest tigr orbit lemon vivid"] * 3, *command)
    assert code == 1 and shown.count("Passphrase of") == 3, shown
    assert shown.count("“tigr” is not one of the passphrase's words") == 3, shown
    assert snapshot(tmp_path / "laptop") == before

    right = issued.passphrase.replace("-", " ")
    code, shown = on_a_terminal(["zoo zoo zoo zoo zoo zoo", "canal forest tiger", right], *command)
    assert code == 0 and shown.count("Passphrase of") == 3, shown
    assert "The passphrase does not open" in shown and "has 6 words, and 3 were typed" in shown, shown
    assert "Installed the key of Kallio makers: generation 1" in shown, shown
    assert right not in shown, "the passphrase is not echoed"
