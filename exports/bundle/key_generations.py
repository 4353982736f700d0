"""A group's key generations as both sides show them (``facilitator key show``, the roster's key
screen): which one seals the group's bundles, which are retired and from when, each one's
fingerprint and issue day. One rule, so that the two sides read the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from exports.bundle.sealing import fingerprint
from facilitator.local_time import local_day
from facilitator.model import Group
from storage.sync_ledger import GroupKey


@dataclass(frozen=True)
class GenerationState:
    """One generation of a group's key as both sides show it: whether it seals the group's bundles
    (the newest), from when the bundles it sealed are refused (None: not retired), and the day it
    was issued on the group's calendar (None when a key file of an early version left it out)."""

    key: GroupKey
    fingerprint: str
    seals: bool
    retired_from: datetime | None
    issued_on: date | None

    @property
    def generation(self) -> int:
        return self.key.generation


def generation_states(generations: list[GroupKey], group: Group) -> list[GenerationState]:
    """The generations of ``group``'s key held here (oldest first, as the ledger's ring gives them),
    the one that seals first, then the earlier ones, newest first."""
    states = []
    for key in reversed(generations):
        try:
            issued_on: date | None = local_day(datetime.fromisoformat(key.issued_at), group.time_zone)
        except ValueError:
            issued_on = None
        states.append(
            GenerationState(
                key=key,
                fingerprint=fingerprint(key.secret_bytes),
                seals=key is generations[-1],
                retired_from=key.retired_moment,
                issued_on=issued_on,
            )
        )
    return states
