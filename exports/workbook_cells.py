"""What every workbook the app writes holds to (the roster's, the research export's): sheet names
Excel takes, and typed texts that stay texts.

openpyxl stores a text beginning with ``=`` as a formula and ``#N/A`` as an error value; a name or
a memo line typed that way must reach the reader as typed, never run by their Excel. Control
characters (pasted into a memo) cannot be held by the file's XML at all.
"""

from __future__ import annotations

import re

#: Excel's limit on a sheet's name, and the characters it forbids there.
SHEET_NAME_MAX = 31
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
#: Characters XML 1.0 cannot hold (openpyxl refuses them).
_NOT_IN_CELLS = re.compile(r"[\000-\010\013\014\016-\037]")
#: The error values Excel knows, which openpyxl would store as errors, not as text.
_ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})


def sheet_name(name: str, fallback: str = "Sheet") -> str:
    """A sheet's name as Excel takes it: at most 31 characters, none of ``[]:*?/\\``, and no
    apostrophe at either end."""
    return _NOT_IN_SHEET_NAMES.sub(" ", name)[:SHEET_NAME_MAX].strip().strip("'").strip() or fallback


def cell_text(value: str) -> str:
    """``value`` without the control characters a workbook cannot hold, and with nothing else changed."""
    return _NOT_IN_CELLS.sub("", value) if _NOT_IN_CELLS.search(value) else value


def taken_for_more_than_text(value: str) -> bool:
    """Whether openpyxl would store ``value`` as a formula or an error value: the cell must then be
    marked as text (``cell.data_type = "s"``)."""
    return (value[:1] == "=" and len(value) > 1) or value in _ERROR_VALUES
