"""The ``sound_server`` fixture: this test process's own PulseAudio, whose microphone hears what is
played into its room (tests/sound_support.py says how). A test module uses it with
``pytest_plugins = ["tests.sound_server"]``; each pytest process (each xdist worker) starts one
server, and stops it at its end. It skips, saying why, when no server can start here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sound_support import SoundServer, SoundServerMissing


@pytest.fixture
def private_sound_server(tmp_path: Path) -> Iterator[SoundServer]:
    """A sound server of one test's own (one it may kill), the environment pointed at it meanwhile."""
    server = SoundServer(tmp_path / "sound")
    try:
        server.start()
    except SoundServerMissing as missing:
        pytest.skip(str(missing))
    server.use()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sound_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SoundServer]:
    """This test process's own sound server, the environment pointed at it; skips saying why when
    none can start."""
    server = SoundServer(tmp_path_factory.mktemp("sound"))
    try:
        server.start()
    except SoundServerMissing as missing:
        pytest.skip(str(missing))
    server.use()
    yield server
    server.stop()
