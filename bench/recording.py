"""Recording benchmark: what the meeting's recording costs while it runs: the recorder's share of a
CPU, the size of its file, and whether memo-taking slows down beside it.

Run as ``.venv/bin/python bench/recording.py [--seconds S] [--entries N]``. It prints numbers; it
is not a test. Targets: the recorder under 5% of one CPU; a three-hour meeting under 100 MB; the
memo-save p99 with a recording running within 1.2x (or 1 ms) of the p99 without.

Sound: a private PulseAudio (tests/sound_support.py, as the recording tests start it) with a null
output whose monitor is the default microphone; ``pacat`` plays a speech-like sound into it all
along (tones gliding between 150 and 3000 Hz with noise, loud and quiet), so the encoder has more
than silence to work on. Without ``pulseaudio`` the benchmark says so and measures nothing.

CPU share: a :class:`facilitator.audio.recorder.Recorder` records S seconds (default 20); this
process's CPU time (user and system, every thread: the device's callback, the Opus encoder, the
writes and fsyncs) over the wall time. Nothing else runs in the process meanwhile.

Memo saves: ``facilitator demo`` makes a 1-group 1-year network; N entries (default 300) are saved
into its next meeting with ``Repository.save_memo_entry`` (bench/memo.py's entries) while a
recording runs, between N/2 saved before it starts and N/2 after it stops, so that the growing
meeting file weighs on both sides alike.

Exit status 0 whatever the numbers; 1 if the demo, the recorder or the sound server fails.
"""

from __future__ import annotations

import argparse
import math
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# ruff: noqa: E402 - the repository is on the path only now
from bench.children import fail, make_demo
from bench.memo import Case, cpu_jiffies, describe_machine, memo_entry, open_case, percentile, verdict
from facilitator.audio.recorder import Recorder
from tests.sound_support import RATE, SoundServer, SoundServerMissing, wait_for_sound

CPU_TARGET = 0.05  # of one CPU
SIZE_TARGET_MB = 100  # for three hours
P99_RATIO_TARGET = 1.2
P99_SLACK_MS = 1.0


def speech_like(seconds: float, seed: int = 26) -> bytes:
    """Signed 16-bit mono samples with a voice's rough shape: a gliding tone, syllables of loud and
    quiet, and noise."""
    import array

    chance = random.Random(seed)
    samples = array.array("h")
    phase = 0.0
    for index in range(round(seconds * RATE)):
        moment = index / RATE
        pitch = 150 + 2850 * (0.5 + 0.5 * math.sin(moment * 1.7) * math.sin(moment * 0.31))
        phase += 2 * math.pi * pitch / RATE
        syllable = 0.5 + 0.5 * math.sin(2 * math.pi * 4 * moment)
        value = syllable * (6000 * math.sin(phase) + chance.gauss(0, 1500))
        samples.append(max(-32768, min(32767, round(value))))
    return samples.tobytes()


class Talk:
    """``pacat`` playing a speech-like sound into the room over and over until stopped."""

    def __init__(self, server: SoundServer) -> None:
        self._sound = speech_like(5.0)
        self._process = subprocess.Popen(
            ["pacat", "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1", "--latency-msec=100"],
            env=server.child_environment(),
            stdin=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._going = True
        self._thread = threading.Thread(target=self._feed, daemon=True)
        self._thread.start()

    def _feed(self) -> None:
        assert self._process.stdin is not None
        try:
            while self._going:
                self._process.stdin.write(self._sound)
        except (BrokenPipeError, ValueError):
            pass

    def stop(self) -> None:
        self._going = False
        self._process.kill()
        self._process.wait(timeout=10)
        self._thread.join(timeout=10)


def measure_cpu(folder: Path, seconds: float) -> tuple[float, float, float, int]:
    """Record ``seconds`` of sound; the process's CPU seconds, the wall seconds, the seconds in
    the file and its size in bytes."""
    recorder = Recorder(folder / "recording-1.opus")
    recorder.start()
    wait_for_sound(recorder, 1.0)
    cpu_started, started = time.process_time(), time.perf_counter()
    time.sleep(seconds)
    cpu, wall = time.process_time() - cpu_started, time.perf_counter() - started
    recorded = recorder.stop()
    if recorder.failure:
        fail("the recording", recorder.failure)
    return cpu, wall, recorded, recorder.path.stat().st_size


def time_saves(case: Case, first: int, count: int, total: int) -> list[float]:
    """Save entries ``first`` .. ``first + count`` (of ``total``) into the case's meeting; each save's ms."""
    times = []
    for number in range(first, first + count):
        entry = memo_entry(case, number, total)
        started = time.perf_counter()
        case.repository.save_memo_entry(entry)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds recorded for the CPU share (default 20)")
    parser.add_argument("--entries", type=int, default=300, help="entries saved with a recording running (default 300)")
    arguments = parser.parse_args()
    count = max(20, arguments.entries)

    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as temp:
        server = SoundServer(Path(temp, "sound"))
        try:
            server.start()
        except SoundServerMissing as missing:
            print(f"recording benchmark: not measured: {missing}")
            return 0
        server.use()
        talk = Talk(server)
        try:
            cpu, wall, recorded, size = measure_cpu(Path(temp), arguments.seconds)
            case = Case("demo 1x1", Path(temp, "workspace"))
            make_demo(case.folder, 1, 1)
            open_case(case)
            total = 2 * count
            before_machine = cpu_jiffies()
            without = time_saves(case, 0, count // 2, total)
            recorder = Recorder(Path(temp, "recording-2.opus"))
            recorder.start()
            wait_for_sound(recorder, 1.0)
            during = time_saves(case, count // 2, count, total)
            recorder.stop()
            without += time_saves(case, count // 2 + count, count - count // 2, total)
            machine = describe_machine(before_machine, cpu_jiffies())
            case.repository.workspace.close()
        finally:
            talk.stop()
            server.stop()

    share = cpu / wall
    three_hours_mb = size / recorded * 3 * 3600 / 1e6
    print(f"recording benchmark, {sys.executable}")
    print(
        f"recorder: {recorded:.1f} s of sound recorded, {cpu:.2f} s of CPU in {wall:.1f} s: {100 * share:.1f}% "
        f"of one CPU   target < {100 * CPU_TARGET:.0f}%  {verdict(share < CPU_TARGET)}"
    )
    print(
        f"file: {size / 1024:.0f} kB, {size * 8 / recorded / 1000:.1f} kbit/s, {three_hours_mb:.0f} MB for three "
        f"hours   target < {SIZE_TARGET_MB} MB  {verdict(three_hours_mb < SIZE_TARGET_MB)}"
    )
    print(f"save_memo_entry, {count} entries without a recording (half before, half after) and {count} with one")
    print(machine)
    print(f"{'':<22} {'p50':>7} {'p99':>7} {'max':>7}")
    for name, times in (("without recording", without), ("recording running", during)):
        print(f"{name:<22} {percentile(times, 0.5):>7.2f} {percentile(times, 0.99):>7.2f} {max(times):>7.2f}")
    calm, busy = percentile(without, 0.99), percentile(during, 0.99)
    passed = busy <= max(calm * P99_RATIO_TARGET, calm + P99_SLACK_MS)
    print(
        f"p99 with/without: {busy / calm:.2f}x ({busy - calm:+.2f} ms)   target <= {P99_RATIO_TARGET}x or "
        f"+{P99_SLACK_MS:.0f} ms  {verdict(passed)}"
    )
    print("(milliseconds per save)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
