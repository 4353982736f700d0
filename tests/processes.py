"""Real child Python processes for the storage tests: run them, read their lines, kill them hard.

A child runs ``sys.executable -c CODE`` in the repository root, so it imports this checkout's
``storage`` and ``facilitator`` exactly as the app does. Children report back by printing one
JSON object per line (ASCII-escaped, so the report survives any locale).
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]

#: Prepended to every child's code: a ``report(**values)`` that prints one JSON line and flushes.
_PRELUDE = """\
import json as _json, sys as _sys
def report(**values):
    _sys.stdout.write(_json.dumps(values, ensure_ascii=True) + "\\n")
    _sys.stdout.flush()
"""


def child_env(overrides: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The parent's environment for a child, no ``.pyc`` writing, with ``overrides`` (None removes)."""
    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    for key, value in (overrides or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _command(code: str, args: tuple[object, ...]) -> list[str]:
    return [sys.executable, "-c", _PRELUDE + textwrap.dedent(code), *(str(arg) for arg in args)]


def run_python(
    code: str, *args: object, env: Mapping[str, str | None] | None = None, timeout: float = 30
) -> list[dict[str, Any]]:
    """Run ``code`` to its end and return what it reported; fail with its stderr if it crashed."""
    result = subprocess.run(
        _command(code, args), cwd=REPO_ROOT, env=child_env(env), capture_output=True, timeout=timeout
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 0, f"child exited with {result.returncode}:\n{stderr}"
    return [json.loads(line) for line in result.stdout.decode("ascii").splitlines() if line.strip()]


class Child:
    """A child Python process left running, whose reported lines the parent can wait for."""

    def __init__(self, code: str, *args: object, env: Mapping[str, str | None] | None = None) -> None:
        self.process = subprocess.Popen(
            _command(code, args),
            cwd=REPO_ROOT,
            env=child_env(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._lines: queue.Queue[bytes] = queue.Queue()
        self._pump_thread = threading.Thread(target=self._pump, daemon=True)
        self._pump_thread.start()

    @property
    def pid(self) -> int:
        return self.process.pid

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(b"")

    def next_report(self, timeout: float = 20) -> dict[str, Any]:
        """The next JSON line the child printed; fails (with its stderr) if it died first."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise AssertionError(f"child {self.pid} reported nothing within {timeout} s") from None
        if not line:
            self.process.wait(timeout=10)
            assert self.process.stderr is not None
            stderr = self.process.stderr.read().decode("utf-8", "replace")
            raise AssertionError(f"child {self.pid} ended ({self.process.returncode}) without reporting:\n{stderr}")
        return json.loads(line)

    def kill(self) -> None:
        """Kill the child the hard way (SIGKILL: no cleanup runs) and reap it."""
        if self.process.poll() is None:
            if hasattr(signal, "SIGKILL"):
                self.process.send_signal(signal.SIGKILL)
            else:  # Windows: TerminateProcess, just as abrupt
                self.process.kill()
        self.process.wait(timeout=10)
        self._pump_thread.join(timeout=10)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.kill()
