"""The ``sound_server`` fixture: this test process's own PulseAudio, whose microphone hears what is
played into its room (tests/sound_support.py says how). tests/conftest.py offers it to every test
module; each pytest process (each xdist worker) starts one server, on first use, and stops it at
its end. It skips, saying why, when no server can start here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sound_support import SoundServer, SoundServerMissing


def _running_server(folder: Path) -> Iterator[SoundServer]:
    """A server in ``folder``, the environment pointed at it while the test runs; a skip saying why
    when none can start."""
    server = SoundServer(folder)
    try:
        server.start()
    except SoundServerMissing as missing:
        pytest.skip(str(missing))
    server.use()
    yield server
    server.stop()


@pytest.fixture
def private_sound_server(tmp_path: Path) -> Iterator[SoundServer]:
    """A sound server of one test's own (one it may kill)."""
    yield from _running_server(tmp_path / "sound")


@pytest.fixture(scope="session")
def sound_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SoundServer]:
    """This test process's own sound server."""
    yield from _running_server(tmp_path_factory.mktemp("sound"))
