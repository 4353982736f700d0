"""Which of the keys held here opens a group's part of a bundle, and whether that key was retired
when the bundle was made.

A group's key has generations (``facilitator key rotate``); the older ones are kept to open the
bundles they sealed, and each is retired from a moment: a bundle it sealed and made from then on
(by a lost laptop, or a facilitator who left) is refused, one made before still imports. Each
refusal says what to do about it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from exports.bundle.archive import BundleRefused
from exports.bundle.sealing import fingerprint
from facilitator.dates import format_day, format_time
from facilitator.i18n import _
from facilitator.local_time import format_local_moment
from facilitator.model import Group
from facilitator.model.group import DEFAULT_TIME_ZONE
from storage.sync_ledger import GroupKey


class KeysHere:
    """The group keys (every generation) and the groups a workspace holds, to open bundles with."""

    def __init__(self, ring: Mapping[str, Sequence[GroupKey]], groups: Mapping[str, Group] | None = None) -> None:
        self._ring = ring
        self._groups = groups or {}
        #: What the person importing should know of the keys that opened the bundle (see refuse_if_retired).
        self.notes: list[str] = []

    @classmethod
    def of(cls, ring: Mapping[str, Sequence[GroupKey]], groups: Sequence[Group]) -> KeysHere:
        return cls(ring, {group.id: group for group in groups})

    def label(self, group_id: str) -> str:
        """The group's name as this workspace knows it (a sealed bundle does not say it before it is opened)."""
        if group_id in self._groups:
            return self._groups[group_id].name
        if self._ring.get(group_id):
            return self._ring[group_id][-1].group_name
        return group_id[:8] + "…"

    def for_seal(self, group_id: str, generation: int, fingerprint_in_bundle: str) -> GroupKey:
        """The key of ``generation`` held for the group, which must have the fingerprint the bundle names."""
        held = self._held(group_id)
        key = next((key for key in held if key.generation == generation), None)
        if key is None:
            newest = held[-1].generation
            if generation > newest:
                message = _(
                    "The bundle for {group} was sealed with the group's key generation {found}, newer than the one "
                    "this workspace holds ({held}): the key was replaced. Install the group's new key file (from the "
                    "coordinator, or from the co-facilitator's “facilitator key issue”), then import the bundle again."
                )
            else:
                message = _(
                    "The bundle for {group} was sealed with the group's key generation {found}, which this workspace "
                    "does not hold (its newest is {held}). Install a key file that carries it: the coordinator's "
                    "“facilitator key issue --group …” writes every generation."
                )
            raise BundleRefused(
                message.format(group=self.label(group_id), found=generation, held=newest)
            )  # not a count: key generations
        here = fingerprint(key.secret_bytes)
        if here != fingerprint_in_bundle:
            raise BundleRefused(
                _(
                    "The bundle for {group} was sealed with another key than the one this workspace holds "
                    "(generation {generation}: {theirs} in the bundle, {ours} here). Compare the key's fingerprint "
                    "with the coordinator (“facilitator key show”) and install the right key file."
                ).format(group=self.label(group_id), generation=generation, theirs=fingerprint_in_bundle, ours=here)
            )
        return key

    def for_signature(self, group_id: str, matches: Callable[[GroupKey], bool]) -> GroupKey | None:
        """The key that made a (format 1 or 2) bundle's signature, if held here: only a first
        generation can have, since those formats came before keys were replaced."""
        return next((key for key in self._held(group_id) if key.generation == 1 and matches(key)), None)

    def refuse_if_retired(self, group_id: str, key: GroupKey, made: datetime) -> None:
        """Refuse a bundle made at or after its key's retirement. One that says it was made before is
        opened, with a note: the laptop that made it sets that time, and a lost one can set it back."""
        retired = key.retired_moment
        if retired is None:
            return
        # A group the coordinator holds only the key of yet: on the clocks the app assumes for a group.
        zones = [self._groups[group_id].time_zone if group_id in self._groups else DEFAULT_TIME_ZONE]
        told = {
            "group": self.label(group_id),
            "made": _moment(made, zones),
            "retired": _moment(retired, zones),
            "generation": key.generation,
        }
        if made < retired:
            self.notes.append(
                _(
                    "sealed with generation {generation} of the key of {group}, retired from {retired}; it says it "
                    "was made on {made}, before that, which nothing in a bundle can prove"
                ).format(**told)
            )
            return
        raise BundleRefused(
            _(
                "The bundle for {group} was made on {made} and sealed with a key retired on {retired} "
                "(generation {generation}): it is refused. Whoever made it must install the group's new key file "
                "and make the bundle again."
            ).format(**told)
        )

    def _held(self, group_id: str) -> Sequence[GroupKey]:
        held = self._ring.get(group_id)
        if held:
            return held
        advice = _(
            "A coordinator issues the key (“facilitator key issue”); a facilitator installs it "
            "(“facilitator key install FILE”)."
        )
        if group_id in self._groups:
            message = _("This workspace has no key for the group {group}, so the bundle cannot be opened.")
        else:
            message = _(
                "This workspace has no key for a group of this bundle (a group it does not know, id {id}…), "
                "so the bundle cannot be opened."
            )
        raise BundleRefused(message.format(group=self.label(group_id), id=group_id[:8]) + " " + advice)


def _moment(moment: datetime, zones: list[str]) -> str:
    """``moment`` on the group's clocks, day and time (a key is retired from a moment, often within a
    day); a moment the bundle claims at the very end of time, which no clock can move, as it is."""
    try:
        return format_local_moment(moment, zones)
    except OverflowError:
        return f"{format_day(moment.date())} {format_time(moment)}"
