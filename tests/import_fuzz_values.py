"""Values no form would accept, for the import fuzzer (``tests/import_fuzz_support.py``): of the wrong
type, at the edge of what a number, a moment or a text can hold, and the ones a field's name hints
at (codes, rules, time zones, links). Written as JSON the way a hand or a bug would write them,
including texts JSON allows and orjson will not write (NaN, a lone surrogate, a 70-bit number).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson


@dataclass(frozen=True)
class Raw:
    """A value written into the record's JSON text as it stands (``NaN``, ``1e400``, ``"\\ud800"``)."""

    text: str


NUMBERS: tuple[Any, ...] = (
    0,
    1,
    99,
    -5,
    -1,
    2**31 - 1,
    2**31,
    2**63 - 1,
    -(2**63),
    1.5,
    -0.0,
    1e308,
    Raw("18446744073709551616"),
    Raw("NaN"),
    Raw("Infinity"),
    Raw("1e400"),
)
MOMENTS: tuple[Any, ...] = (
    "0001-01-01T00:00:00.000+00:00",
    "9999-12-31T23:59:59.999+00:00",
    "9999-12-31T23:59:59.999-12:00",
    "0001-01-01T00:00:00.000+14:00",
    "1899-12-31T23:59:59.000+00:00",
    "2200-12-31T23:00:00.000+00:00",
    "1900-01-01T00:00:00.000+00:00",
    "2199-12-31T23:59:59.999+00:00",
    "2199-12-31T23:59:59.999-12:00",
    "2026-05-12T17:30:00",
    "2026-05-12T17:30:00.000+23:59",
    "2026-05-12T17:30:00.000+05:45",
    "2026-02-30T12:00:00.000+00:00",
    "2026-05-12",
    "17:30",
)
DATES: tuple[Any, ...] = ("0001-01-01", "9999-12-31", "1900-01-01", "2200-12-31", "2026-02-30", "2026-5-1")
TEXTS: tuple[Any, ...] = (
    "",
    " ",
    "\x00",
    "\x1b[2J\x07\x08",
    "a\r\nb\rc\n",
    "\u202egnp.exe \u200b\ufeff",
    "Čuoŋ Ä 北京 🙂",
    "../../x",
    "..\\..\\x",
    "/etc/passwd",
    "CON",
    "<b>&amp;</b>",
    '=HYPERLINK("http://x")',
    Raw('"\\ud800"'),
)
WRONG_TYPES: tuple[Any, ...] = (None, True, False, [], {}, [None], {"a": 1}, [[]])
GENERAL: tuple[Any, ...] = (*WRONG_TYPES, *NUMBERS, *TEXTS, *MOMENTS[:3])

#: Values a field's name hints at, beside the general ones.
HINTS: dict[str, tuple[Any, ...]] = dict.fromkeys(
    (
        "created_at",
        "updated_at",
        "starts_at",
        "ends_at",
        "started_at",
        "ended_at",
        "closed_at",
        "written_at",
        "arrived_at",
        "stopped_at",
    ),
    MOMENTS,
)
HINTS.update(dict.fromkeys(("joined", "left", "starts", "ends", "due", "audio_consent", "research_consent"), DATES))
HINTS.update(
    {
        "contact_consent": DATES,
        "codes": (["XX"], ["../../x"], ["ri"], ["RI", "RI"], [""], ["RI", 7], "RI"),
        "usefulness": (99, -5, 0, 6, 3.5, "4"),
        "recommend": (None, 1, "yes"),
        "minutes": (-1, 0, 100_000, 2**63 - 1),
        "position": (-1, 2**63 - 1, 1.5),
        "recording_offset": (-1, -1.5, 2**63 - 1, 1e308, "10"),
        "revision": (-1, 0, 2**63 - 1),
        "versions": ({}, {"x": -1}, {"x": 2**63 - 1}, {"x": "1"}, []),
        "rrule": (
            "FREQ=SECONDLY",
            "FREQ=DAILY;INTERVAL=0",
            "FREQ=YEARLY;COUNT=1000000",
            "FREQ=MONTHLY;BYDAY=+5TU",
            "FREQ=DAILY;UNTIL=99991231T000000Z",
            "garbage",
            "",
        ),
        "start_time": ("25:00", "17:30:00", "", "7", "23:59", "-1:00"),
        "end_time": ("25:00", "00:00", "", "17:29"),
        "skip_months": ([0], [13], [-1], list(range(1, 13))),
        "skip_dates": (["2026-02-30"], ["9999-12-31"], [7]),
        "time_zone": (
            "Mars/Olympus",
            "Etc/GMT+12",
            "Pacific/Kiritimati",
            "America/St_Johns",
            "",
            "../../etc/localtime",
        ),
        "status": ("held", "planned", "cancelled", "present", "absent", "open", "done", "HELD", "x"),
        "kind": ("note", "action", "decision", "question", "x", ""),
        "action_status": ("open", "done", "x"),
        "role": ("member", "facilitator", "coordinator", "x"),
        "recordings": (
            [{"started_at": "9999-12-31T23:59:59.999+00:00", "stopped_at": None}],
            [{"started_at": "2026-05-12T17:30:00.000+00:00", "stopped_at": "2026-05-12T17:00:00.000+00:00"}],
            [{"started_at": "0001-01-01T00:00:00.000+00:00"}],
            [{}],
            ["x"],
        ),
        "erased_marks": (["x"], [1], [{}]),
        "revisions": ([{}], ["x"], [{"text": "x", "at": "9999-12-31T23:59:59.999+00:00"}]),
        "deleted": (None, 1, "false"),
        "archived": (None, 1),
    }
)

#: Fields that link to another record, and the kind of record they name.
LINKS: dict[str, str] = {
    "group_id": "groups",
    "meeting_id": "meetings",
    "person_id": "people",
    "host_id": "people",
    "owner_id": "people",
    "people": "people",
    "declined_by": "people",
    "agenda_item_id": "agenda",
    "entry_id": "memo",
    "closed_in": "meetings",
}


def big_text(size: int, words: bool = True) -> str:
    """A text of ``size`` characters, in words and lines as a person's text would be, or one word
    (which no line of a PDF can break)."""
    unit = "Čuovga duodji sells knives at the market, 12 € each.\n" if words else "Čuovgaduodji"
    return (unit * (size // len(unit) + 1))[:size]


def describe_value(value: Any) -> str:
    """A value as a reproduction names it: short, a big one by its size."""
    if isinstance(value, Raw):
        return f"raw JSON {value.text}"
    if isinstance(value, str) and len(value) > 60:
        return f"a text of {len(value):,} characters{'' if ' ' in value else ' without a space'}"
    if isinstance(value, list) and len(value) > 5:
        return f"a list of {len(value):,} × {value[0]!r}"
    return repr(value)


def json_line(document: dict[str, Any], raws: dict[str, bytes]) -> bytes:
    """One record's line, with each marker text in ``raws`` replaced by its raw JSON."""
    line = orjson.dumps(document)
    for marker, raw in raws.items():
        line = line.replace(orjson.dumps(marker), raw)
    return line + b"\n"


def changed_times(document: dict[str, Any]) -> dict[str, Any]:
    """The fields that make ``document`` a later save by the same workspace (one more save in its
    version vector), so that it wins over the version the coordinator holds."""
    changes: dict[str, Any] = {}
    revision = document.get("revision")
    if isinstance(revision, int):
        changes["revision"] = revision + 1
    versions = document.get("versions")
    changed_by = document.get("changed_by")
    if isinstance(versions, dict) and isinstance(changed_by, str):
        changes["versions"] = {**versions, changed_by: int(versions.get(changed_by, 0)) + 1}
    return changes
