"""Atomic, durable writes: a failed or killed write leaves the last good file, whatever happens."""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB

from storage.atomic import AtomicJSONStorage, read_json, write_json_atomic
from storage.errors import DamagedFile
from storage.workspace import Workspace
from tests.processes import Child, run_python

posix_only = pytest.mark.skipif(os.name != "posix", reason="needs POSIX resource limits, signals and modes")

SAMI = "Čuoŋ Đuđá Ŧ Ž ä ö å"
#: Files a child may write before its own writes are cut off: far above the old content.
SIZE_LIMIT = 64 * 1024


def folder_names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def temporary_files(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.endswith(".tmp")]


# -- a write that fails part-way ---------------------------------------------------------------

# The child caps the size of any file it writes (RLIMIT_FSIZE) and ignores SIGXFSZ, so a write
# past the cap fails with EFBIG after part of the data is on disk: a real disk-full failure.
LIMIT_WRITES = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[2])
def cap_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
"""


@pytest.mark.processes
@posix_only
def test_a_write_cut_off_part_way_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "network.json"
    old = {"groups": {"1": {"name": SAMI}}}
    write_json_atomic(path, old)
    old_bytes = path.read_bytes()

    (result,) = run_python(
        LIMIT_WRITES
        + """
from pathlib import Path
from storage.atomic import write_json_atomic
from storage.errors import WriteFailed
path = Path(sys.argv[1])
cap_file_size()
try:
    write_json_atomic(path, {"groups": {"1": {"name": "x" * (4 * limit)}}})
except WriteFailed as error:
    report(failed=type(error).__name__, message=str(error), path=str(error.path))
else:
    report(failed=None)
""",
        path,
        SIZE_LIMIT,
    )

    assert result["failed"] == "WriteFailed"
    assert result["path"] == str(path)
    assert str(path) in result["message"]
    assert path.read_bytes() == old_bytes
    assert read_json(path) == old
    assert temporary_files(tmp_path) == []
    assert folder_names(tmp_path) == ["network.json"]


@pytest.mark.processes
@posix_only
def test_a_tinydb_insert_cut_off_part_way_keeps_the_old_documents(tmp_path: Path) -> None:
    path = tmp_path / "network.json"
    database = TinyDB(path, storage=AtomicJSONStorage)
    database.insert_multiple([{"name": SAMI}, {"name": "Ánne"}])
    database.table("people").insert({"name": "Máret"})
    database.close()
    old_bytes = path.read_bytes()

    (result,) = run_python(
        LIMIT_WRITES
        + """
from pathlib import Path
from tinydb import TinyDB
from storage.atomic import AtomicJSONStorage
from storage.errors import WriteFailed
path = Path(sys.argv[1])
database = TinyDB(path, storage=AtomicJSONStorage)
before = [dict(document) for document in database.all()]
cap_file_size()
try:
    database.insert({"name": "x" * (4 * limit)})
except WriteFailed as error:
    message = str(error)
else:
    message = None
after_failure = [dict(document) for document in database.all()]
people = [dict(document) for document in database.table("people").all()]
database.insert({"name": "small"})
report(
    message=message,
    before=before,
    after_failure=after_failure,
    people=people,
    after_small_insert=[dict(document) for document in database.all()],
)
""",
        path,
        SIZE_LIMIT,
    )

    old_documents = [{"name": SAMI}, {"name": "Ánne"}]
    assert result["message"] is not None, "the oversized insert did not fail"
    assert str(path) in result["message"]
    assert result["before"] == old_documents
    # The failed insert is not in what the same process reads next: it reads what is on disk.
    assert result["after_failure"] == old_documents
    assert result["people"] == [{"name": "Máret"}]
    # ...and the database is still usable: the next small insert saves exactly one more document.
    assert result["after_small_insert"] == [*old_documents, {"name": "small"}]
    assert temporary_files(tmp_path) == []

    database = TinyDB(path, storage=AtomicJSONStorage)
    assert database.all() == [*old_documents, {"name": "small"}]
    assert database.table("people").all() == [{"name": "Máret"}]
    database.close()
    assert path.read_bytes() != old_bytes


def test_a_write_that_fails_before_reaching_the_disk_is_not_kept_in_memory(tmp_path: Path) -> None:
    """A value JSON cannot hold fails the write; reads and later writes must not carry it."""
    path = tmp_path / "network.json"
    database = TinyDB(path, storage=AtomicJSONStorage)
    database.insert({"name": SAMI})
    with pytest.raises(TypeError):
        database.insert({"name": "unsaved", "tags": {"a set"}})
    assert database.all() == [{"name": SAMI}]
    database.insert({"name": "saved"})
    assert database.all() == [{"name": SAMI}, {"name": "saved"}]
    database.close()
    assert list(read_json(path)["_default"].values()) == [{"name": SAMI}, {"name": "saved"}]
    assert temporary_files(tmp_path) == []


# -- a process killed while it writes ----------------------------------------------------------

PAYLOADS = """
def payload(index):
    letter = "ab"[index % 2]
    size = (4_000_000, 2_000_000)[index % 2]
    return {"which": letter, "names": "Čuoŋ Đuđá", "text": letter * size, "tail": [index % 2] * 100}
"""
WRITER = """
import itertools, sys
from pathlib import Path
from storage.atomic import write_json_atomic
path = Path(sys.argv[1])
payloads = [payload(0), payload(1)]
report(ready=True)
for index in itertools.count(1):
    write_json_atomic(path, payloads[index % 2])
"""
#: Files written side by side, and how many times each one's writer is killed.
FILES, ROUNDS = 4, 4


def payload(index: int) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(PAYLOADS, namespace)
    return namespace["payload"](index)


@pytest.mark.processes
@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills child processes with SIGKILL (POSIX)")
def test_a_process_killed_mid_write_leaves_one_whole_version(tmp_path: Path) -> None:
    """Writers loop rewriting their file; each is SIGKILLed at a random moment, several times over."""
    expected = [payload(0), payload(1)]
    folders = [tmp_path / f"writer-{number}" for number in range(FILES)]
    for folder in folders:
        folder.mkdir()
        write_json_atomic(folder / "meeting.json", expected[0])
    seed = random.randrange(1_000_000)
    moments = random.Random(seed)
    interrupted = 0
    for round_number in range(ROUNDS):
        children = [Child(PAYLOADS + WRITER, folder / "meeting.json") for folder in folders]
        try:
            for child in children:
                assert child.next_report() == {"ready": True}
            for child in moments.sample(children, len(children)):
                time.sleep(moments.uniform(0.0, 0.05))
                child.kill()
        finally:
            for child in children:
                child.kill()
        for folder in folders:
            where = f"round {round_number}, {folder.name} (seed {seed})"
            try:
                found = json.loads((folder / "meeting.json").read_bytes().decode("utf-8"))
            except ValueError as error:  # the failure this test exists for
                pytest.fail(f"{where}: the killed writer left meeting.json unreadable: {error}")
            assert found in expected, f"{where}: meeting.json holds neither version"
            # A killed writer leaves its temporary file behind; only the rename publishes.
            leftovers = temporary_files(folder)
            interrupted += bool(leftovers)
            for name in leftovers:
                (folder / name).unlink()
    print(f"{interrupted} of {FILES * ROUNDS} kills landed between creating and renaming a temporary (seed {seed})")


# -- text and modes ----------------------------------------------------------------------------


@pytest.mark.processes
def test_sami_and_finnish_text_round_trips_in_a_c_locale(tmp_path: Path) -> None:
    path = tmp_path / "network.json"
    (result,) = run_python(
        f"""
import locale, sys
from pathlib import Path
from tinydb import TinyDB
from storage.atomic import AtomicJSONStorage
text = {SAMI!a}
path = Path(sys.argv[1])
database = TinyDB(path, storage=AtomicJSONStorage)
database.insert({{"name": text}})
database.close()
database = TinyDB(path, storage=AtomicJSONStorage)
report(
    encoding=locale.getpreferredencoding(False),
    utf8_mode=sys.flags.utf8_mode,
    names=[document["name"] for document in database.all()],
)
""",
        path,
        env={"LC_ALL": "C", "LANG": "C", "LC_CTYPE": None, "PYTHONIOENCODING": None, "PYTHONUTF8": "0"},
    )
    if sys.platform != "win32":
        # The point of the test: the child really runs with a locale that is not UTF-8.
        assert result["utf8_mode"] == 0
        assert result["encoding"].lower().replace("-", "") != "utf8", result
    assert result["names"] == [SAMI]
    assert SAMI.encode("utf-8") in path.read_bytes()
    assert read_json(path) == {"_default": {"1": {"name": SAMI}}}


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_files_are_readable_by_their_owner_only(tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        fresh = tmp_path / "fresh.json"
        write_json_atomic(fresh, {"name": SAMI})
        replaced = tmp_path / "replaced.json"
        replaced.write_text("{}")
        replaced.chmod(0o644)
        write_json_atomic(replaced, {"name": SAMI})

        workspace = Workspace.open(tmp_path / "workspace")
        try:
            workspace.network.insert({"name": SAMI})
            workspace.backup("test")
        finally:
            workspace.close()
    finally:
        os.umask(previous)

    assert fresh.stat().st_mode & 0o777 == 0o600
    assert replaced.stat().st_mode & 0o777 == 0o600
    files = [path for path in (tmp_path / "workspace").rglob("*") if path.is_file()]
    assert {path.name for path in files} >= {"workspace.json", "network.json", ".lock"}
    for path in files:
        assert path.stat().st_mode & 0o777 == 0o600, path
    for path in [tmp_path / "workspace", *(path for path in (tmp_path / "workspace").rglob("*") if path.is_dir())]:
        assert path.stat().st_mode & 0o077 == 0, path


# -- foreign files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"[1, 2, 3]",
        b'"just text"',
        b"null",
        b'{"people": [1, 2]}',
        b'{"people": {"one": {"name": "x"}}}',
        b'{"people": {"1": "x"}}',
        b'{"people": {"1": {"name": "x"}}, "groups": 7}',
        b'{"people": {"1": {"name": "x"}',
        b"\xff\xfe{}",
        b"",
    ],
)
def test_a_file_that_is_not_tables_of_records_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "network.json"
    path.write_bytes(content)
    database = TinyDB(path, storage=AtomicJSONStorage)
    with pytest.raises(DamagedFile) as refused:
        database.all()
    assert refused.value.path == path
    assert str(path) in str(refused.value)
    with pytest.raises(DamagedFile):
        database.insert({"name": "x"})
    assert path.read_bytes() == content
