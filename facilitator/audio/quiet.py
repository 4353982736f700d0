"""Keeping the ALSA library quiet. On Linux miniaudio tries ALSA when no sound server answers, and
ALSA prints its complaints ("cannot find card '0'"…) straight onto the terminal, where the app's
screen is: a no-op error handler, set once in the library miniaudio loads, keeps them off it."""

from __future__ import annotations

import ctypes
import functools
import sys

#: ALSA's handler is ``void (const char *file, int line, const char *function, int err, const char *fmt, ...)``;
#: one that does nothing never reads the variable part.
_HANDLER_TYPE = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)


def _ignore(_file: bytes | None, _line: int, _function: bytes | None, _error: int, _format: bytes | None) -> None:
    return None


_QUIET_HANDLER = _HANDLER_TYPE(_ignore)  # kept for the life of the process: ALSA holds the pointer


@functools.cache
def silence_alsa_messages() -> None:
    """Set the quiet handler before the first device opens; nothing where there is no ALSA."""
    if not sys.platform.startswith("linux"):
        return
    try:
        library = ctypes.CDLL("libasound.so.2")  # the very library miniaudio opens by this name
        library.snd_lib_error_set_handler(_QUIET_HANDLER)
    except (OSError, AttributeError):
        return
