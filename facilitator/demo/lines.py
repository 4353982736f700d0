"""The shapes of what is said at the demo network's evenings: a memo line with its placeholders
and codes, and a theme a host brings up with the lines that tend to come up about it; both read
from the plain rows the text modules are written in."""

from __future__ import annotations

import string
from dataclasses import dataclass

from facilitator.model import MemoKind


@dataclass(frozen=True)
class Line:
    """A memo line with placeholders ({a}, {b}: members present; {host}, {company}: the host and
    the firm; {fac}: the facilitator; {guest}, {org}: the guest) and the activity codes it fits,
    the likeliest first."""

    text: str
    codes: tuple[str, ...]
    fields: tuple[str, ...]


def parse_lines(*rows: tuple[str, str]) -> tuple[Line, ...]:
    """Lines from (text, codes separated by spaces); the placeholders are read once, here."""
    parsed = []
    for text, codes in rows:
        names = tuple(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(text) if name))
        parsed.append(Line(text, tuple(codes.split()), names))
    return tuple(parsed)


@dataclass(frozen=True)
class Topic:
    """A theme a host brings up, with what tends to be said about it."""

    key: str
    titles: tuple[str, ...]
    note: str  # the host's few words on why it matters
    trades: frozenset[str]  # hosts of these trades pick it more often
    conclusions: tuple[str, ...]
    lines: dict[MemoKind, tuple[Line, ...]]
    guests: tuple[str, ...] = ()  # organisations a guest on this theme comes from


def make_topic(
    key: str,
    titles: tuple[str, ...],
    note: str,
    trades: str,
    conclusions: tuple[str, ...],
    *,
    notes: tuple[tuple[str, str], ...],
    needs: tuple[tuple[str, str], ...],
    ideas: tuple[tuple[str, str], ...],
    decisions: tuple[tuple[str, str], ...],
    actions: tuple[tuple[str, str], ...],
    guests: tuple[str, ...] = (),
) -> Topic:
    return Topic(
        key=key,
        titles=titles,
        note=note,
        trades=frozenset(trade.strip() for trade in trades.split(",") if trade.strip()),
        conclusions=conclusions,
        lines={
            MemoKind.NOTE: parse_lines(*notes),
            MemoKind.NEED: parse_lines(*needs),
            MemoKind.IDEA: parse_lines(*ideas),
            MemoKind.DECISION: parse_lines(*decisions),
            MemoKind.ACTION: parse_lines(*actions),
        },
        guests=guests,
    )
