"""The agenda clock above the memo: the item under way, its time against plan, the end, the recording
(its time, a level meter of the sound coming in, or that it is paused, or that no sound comes in)."""

from __future__ import annotations

import math
from datetime import timedelta
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from facilitator.dates import format_count, format_time
from facilitator.i18n import _
from facilitator.live import ClockState


def _minutes_seconds(span: timedelta) -> str:
    seconds = max(0, int(span.total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _hours_minutes_seconds(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


#: The meter's cells, one more lit for each step up in loudness: a rising staircase.
_METER = "▁▂▃▄▅▆▇█"
#: The quietest sound the meter shows, in decibels below full scale: speech across a room lights a few cells.
_METER_FLOOR_DB = 60.0


def level_meter(level: float) -> str:
    """``level`` (0.0–1.0, the sound's strength as the recorder measures it) as eight cells, lit on
    a decibel scale from −60 dB, so that a quiet voice shows and only a shout fills them."""
    if level <= 0:
        lit = 0
    else:
        decibels = 20 * math.log10(min(level, 1.0))
        lit = round(len(_METER) * max(0.0, 1 + decibels / _METER_FLOOR_DB))
    return _METER[:lit].ljust(len(_METER))


class ClockBar(Widget):
    """Three lines the screen keeps current: the item, the end of the meeting, who is here.

    Over-running shows in colour and in words (“3 min over”), so colour is not the only sign.
    """

    DEFAULT_CSS = """
    ClockBar {
        height: 3;
        padding: 0 1;
        background: $boost;
    }
    ClockBar.-over {
        background: $error 30%;
    }
    """

    state: reactive[ClockState | None] = reactive(None)
    #: Seconds of the running recording (None: none runs); with ``sound_level`` None it keeps only
    #: marks (no microphone), and ``recording_paused`` shows it paused.
    recording_seconds: reactive[int | None] = reactive(None)
    sound_level: reactive[float | None] = reactive(None)
    recording_paused: reactive[bool] = reactive(False)
    #: The recorder has written no sound for a while, not paused: the microphone sends none.
    sound_stalled: reactive[bool] = reactive(False)
    counts: reactive[str] = reactive("")

    def __init__(self, time_zone: str, *, next_key: str, close_key: str, id: str) -> None:
        """``next_key`` and ``close_key`` name the screen's keys that start the next item and close
        the meeting, as the screen binds them ("ctrl+n or F5")."""
        super().__init__(id=id)
        self._zone = ZoneInfo(time_zone)
        self._next_key = next_key
        self._close_key = close_key

    def watch_state(self, state: ClockState | None) -> None:
        self.set_class(bool(state and state.over), "-over")

    def render(self) -> Text:
        state = self.state
        lines = Text()
        if state is None:
            return lines
        if state.finished:
            lines.append(_("The agenda is done: {key} closes the meeting.").format(key=self._close_key), style="bold")
        elif state.item is None:
            lines.append(
                _("Agenda not under way: {key} starts the next item.").format(key=self._next_key), style="bold"
            )
        else:
            lines.append(f"{state.number}/{state.total} ", style="bold")
            lines.append(state.item.title, style="bold")
            lines.append("  ")
            planned = _("{elapsed} of {planned} min").format(
                elapsed=_minutes_seconds(state.elapsed), planned=format_count(state.item.minutes)
            )
            lines.append(planned, style="bold red" if state.over else "bold green")
            if state.over:
                over = int((state.elapsed - state.planned).total_seconds() // 60)
                lines.append("  " + _("{minutes} min over").format(minutes=format_count(over)), style="bold red")
        lines.append("\n")
        lines.append(
            _("Planned end {planned} · at this pace {expected}").format(
                planned=format_time(state.planned_end.astimezone(self._zone)),
                expected=format_time(state.expected_end.astimezone(self._zone)),
            )
        )
        if self.recording_seconds is not None:
            lines.append("   ")
            lines.append_text(self._recording())
        lines.append("\n")
        lines.append(self.counts)
        return lines

    def _recording(self) -> Text:
        """The recording's time, said paused or with no sound, or followed by the meter."""
        time = _hours_minutes_seconds(self.recording_seconds or 0)
        if self.recording_paused:
            return Text(_("‖ paused {time}").format(time=time), style="bold yellow")
        if self.sound_level is None:
            return Text(_("● no sound {time}").format(time=time), style="bold red")
        if self.sound_stalled:
            return Text(_("● no sound coming in {time}").format(time=time), style="bold red reverse")
        shown = Text(_("● recording {time}").format(time=time), style="bold red")
        shown.append(" ")
        meter = level_meter(self.sound_level).rstrip()
        shown.append(meter, style="green")
        # The unlit cells as a dim baseline: a silent room shows that the meter is there.
        shown.append(_METER[0] * (len(_METER) - len(meter)), style="dim")
        return shown
