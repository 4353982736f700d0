"""The memo a facilitator typed during one of the demo network's held meetings: 8–25 entries spread
over the evening's agenda (notes, decisions, action items, needs and ideas) naming the members
they are about and coded with the activities of DESIGN §4 as a facilitator would code them.

Which section an entry is written in, of what kind and with how many codes is drawn here, by the
shares below; the lines themselves come from :mod:`facilitator.demo.memo_texts` and the evening's
theme. Randomness comes from the caller's seeded generator and ids from its ``new_id``.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from facilitator.demo.ids import NewId
from facilitator.demo.lines import Line, Topic
from facilitator.demo.memo_texts import DISCUSSION, FEEDBACK, GENERAL, GUEST_LINES, HOST, JOINT, LAST_RESORT, NEWS
from facilitator.model import MemoEntry, MemoKind, Person, Recording

if TYPE_CHECKING:
    from facilitator.demo.evenings import Evening

#: Not a section: the theme's own lines (a pool key) and a line about the guest (a drawn entry).
_THEME = _GUEST = -1


#: (section, weight) of where a memo entry is written: most in the open discussion.
_SECTION_WEIGHTS = ((NEWS, 16), (HOST, 20), (DISCUSSION, 44), (JOINT, 17), (FEEDBACK, 3))
#: The kinds of entry written in each section, with their weights (made cumulative below).
_KIND_WEIGHTS = {
    NEWS: ((MemoKind.NOTE, 78), (MemoKind.NEED, 12), (MemoKind.IDEA, 10)),
    HOST: ((MemoKind.NOTE, 80), (MemoKind.NEED, 10), (MemoKind.IDEA, 10)),
    DISCUSSION: (
        (MemoKind.NOTE, 50),
        (MemoKind.NEED, 16),
        (MemoKind.IDEA, 13),
        (MemoKind.DECISION, 11),
        (MemoKind.ACTION, 10),
    ),
    JOINT: ((MemoKind.ACTION, 55), (MemoKind.DECISION, 33), (MemoKind.NOTE, 12)),
    FEEDBACK: ((MemoKind.NOTE, 1),),
}
#: How many codes an entry gets (0, 1 or 2), as a facilitator codes while typing.
_CODE_COUNTS = (0, 1, 2)
_CODE_COUNT_WEIGHTS = (20, 55, 25)
#: Where a discussion line comes from: the theme's own lines this often, else the general ones.
_TOPIC_SHARE = 0.6


def _cumulative(weights: Sequence[int]) -> tuple[int, ...]:
    return tuple(itertools.accumulate(weights))


# Cumulative weights, so that each draw does not add them up again (a long demo draws 100 000).
_KINDS = {
    section: (tuple(kind for kind, _ in pairs), _cumulative([weight for _, weight in pairs]))
    for section, pairs in _KIND_WEIGHTS.items()
}
_CODE_COUNT_CUMULATIVE = _cumulative(_CODE_COUNT_WEIGHTS)
_SECTIONS = tuple(section for section, _ in _SECTION_WEIGHTS)
_SECTION_CUMULATIVE = _cumulative([weight for _, weight in _SECTION_WEIGHTS])


def write_memo(rng: random.Random, new_id: NewId, evening: Evening, recordings: list[Recording]) -> list[MemoEntry]:
    """8–25 entries over the evening, in the order written; the line each was written from goes in
    ``evening.lines``."""
    count = round(rng.triangular(8, 25, 14))
    guest_line = evening.guest is not None and rng.random() < 0.7
    # The evening always ends with joint actions or decisions of some kind.
    drawn = sorted([JOINT, *rng.choices(_SECTIONS, cum_weights=_SECTION_CUMULATIVE, k=count - guest_line - 1)])
    if guest_line:
        drawn.append(_GUEST)  # a line about the guest, in the discussion
    pools: dict[tuple[int, MemoKind], list[Line]] = {}
    entries = []
    meeting = evening.meeting
    for section in drawn:
        if section == _GUEST:
            line, section, kind = rng.choice(GUEST_LINES), DISCUSSION, MemoKind.NOTE
            cast = _cast(rng, line, evening)
            if cast is None:  # nobody but the host to ask the guest
                line = GUEST_LINES[0]
                cast = _cast(rng, line, evening)
        else:
            kinds, cumulative = _KINDS[section]
            wanted = rng.choices(kinds, cum_weights=cumulative)[0]
            cast = None
            while cast is None:  # a line needing someone not there tonight gives way to the next
                line, kind = _next_line(rng, pools, evening.topic, section, wanted)
                cast = _cast(rng, line, evening)
        if cast is None:
            continue
        values, people = cast
        item = evening.items[section]
        assert item.started_at is not None and item.ended_at is not None
        span = max(31, int((item.ended_at - item.started_at).total_seconds()) - 30)
        written_at = item.started_at + timedelta(seconds=rng.randint(30, span))
        action = kind is MemoKind.ACTION
        entry_id = new_id()
        evening.lines[entry_id] = line.text
        entries.append(
            MemoEntry(
                id=entry_id,
                meeting_id=meeting.id,
                group_id=meeting.group_id,
                text=line.text.format_map(values),
                written_at=written_at,
                kind=kind,
                codes=_codes(rng, line.codes),
                people=people,
                agenda_item_id=item.id,
                recording_offset=_offset(recordings, written_at),
                owner_id=people[0] if action else "",  # an action's lines name its owner first
                due=evening.day + timedelta(days=rng.randint(14, 42)) if action else None,
            )
        )
    entries.sort(key=lambda entry: entry.written_at)
    return entries


def _next_line(
    rng: random.Random, pools: dict[tuple[int, MemoKind], list[Line]], topic: Topic, section: int, kind: MemoKind
) -> tuple[Line, MemoKind]:
    """A line of ``kind`` not yet used tonight: in the discussion often one of the theme's, else a
    general one; when those have run out, a general note of the discussion, and when even those
    have, the host's closing round."""
    keys = [(section, kind)]
    if section == DISCUSSION and rng.random() < _TOPIC_SHARE:
        keys.insert(0, (_THEME, kind))
    keys.append((DISCUSSION, MemoKind.NOTE))
    for key in keys:
        if key not in pools:
            lines = topic.lines.get(kind, ()) if key[0] == _THEME else GENERAL.get(key, ())
            pools[key] = rng.sample(lines, k=len(lines))
        if pools[key]:
            return pools[key].pop(), kind if key[1] is kind else MemoKind.NOTE
    return LAST_RESORT, MemoKind.NOTE


def _cast(rng: random.Random, line: Line, evening: Evening) -> tuple[dict[str, str], list[str]] | None:
    """The words the line's placeholders stand for tonight and the ids of the people named, in
    order (None when someone it needs is not there): {a} and {b} are members present other than
    the host."""
    values: dict[str, str] = {}
    who: dict[str, Person] = {}
    fields = line.fields
    members = [name for name in fields if name in ("a", "b")]
    if members:
        others = evening.present[1:]
        if len(others) < len(members):
            return None
        who.update(zip(members, rng.sample(others, k=len(members)), strict=True))
    if "host" in fields:
        who["host"] = evening.host
    if "fac" in fields:
        if evening.facilitator is None:
            return None
        who["fac"] = evening.facilitator
    if "company" in fields:
        values["company"] = evening.host.company
    if "guest" in fields or "org" in fields:
        if evening.guest is None:
            return None
        values["guest"], values["org"] = evening.guest
    values.update((name, person.name) for name, person in who.items())
    people = list(dict.fromkeys(who[name].id for name in fields if name in who))
    return values, people


def _codes(rng: random.Random, candidates: tuple[str, ...]) -> list[str]:
    """0–2 of the line's codes: the likeliest first."""
    if not candidates:
        return []
    count = rng.choices(_CODE_COUNTS, cum_weights=_CODE_COUNT_CUMULATIVE)[0]
    if count == 1 and len(candidates) > 1 and rng.random() < 0.3:
        return [candidates[1]]
    return list(candidates[:count])


def _offset(recordings: list[Recording], moment: datetime) -> int | None:
    for recording in recordings:
        if recording.stopped_at and recording.started_at <= moment <= recording.stopped_at:
            return int((moment - recording.started_at).total_seconds())
    return None
