"""Each group's label: the one short name every screen of the network gives it (the report's tables
and the research files use the whole name), and the order the network's groups are listed in
everywhere, files too (the dashboard, the report, the analysis, the needs and the research exports)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from facilitator.model import Group
from facilitator.text import fold, sort_key


def short_names(groups: Iterable[Group]) -> dict[str, str]:
    """Each group's label by id, the same on every screen, and never the same as
    another group's: its municipality where its name holds it as a word or the start of one
    ("Yrittäjäpiiri Kuhmo" and "Kuhmon yrittäjät" are "Kuhmo"), with the number that ends the
    name if any ("Kuhmo peer group 2" is "Kuhmo 2"); else the whole name.

    Two groups of one municipality add what tells their names apart ("Kuhmo" and "Kuhmo (ilta)";
    "Kuhmo yrittäjät" and "Kuhmo peer group"): the only case where adding a group changes another's
    label. A label still shared (the same name twice, or a whole name that is another group's
    label) ends in the start of the group's id ("Inari #3f9a"). A column narrower still cuts a label
    with "…" (a record table's ``cut``). In the order of the labels (:func:`facilitator.text.sort_key`),
    the order every list of the network's groups reads in."""
    groups = list(groups)
    found = {group.id: _municipality_in_name(group) for group in groups}
    labels = {group.id: held[0] if (held := found[group.id]) else group.name for group in groups}
    for sharing in _shared(labels).values():
        labels.update(_told_apart([group for group in groups if group.id in sharing], found))
    for sharing in _shared(labels).values():
        labels.update(_with_ids(sorted(sharing), labels))
    return dict(sorted(labels.items(), key=lambda item: (sort_key(item[1]), item[1], item[0])))


def _shared(labels: Mapping[str, str]) -> dict[str, list[str]]:
    """The ids of the groups that share a label (folded), by label; labels of one group left out."""
    by_label: dict[str, list[str]] = {}
    for group_id, label in labels.items():
        by_label.setdefault(fold(label), []).append(group_id)
    return {label: ids for label, ids in by_label.items() if len(ids) > 1}


def _municipality_in_name(group: Group) -> tuple[str, list[str]] | None:
    """The group's short name (the municipality as its name writes it, with the name's closing
    number) and the other words of its name; None when the name does not hold the municipality."""
    wanted = fold(group.municipality).split()
    if not wanted:
        return None
    words = list(re.finditer(r"\w+", group.name))
    for first in range(len(words) - len(wanted) + 1):
        span = words[first : first + len(wanted)]
        folded = [fold(word.group(0)) for word in span]
        if folded[:-1] == wanted[:-1] and folded[-1].startswith(wanted[-1]):
            start, end = span[0].start(), span[-1].start() + len(wanted[-1])
            number = re.search(r"\s(\d+)$", group.name[end:])
            short = group.name[start:end] + (f" {number.group(1)}" if number else "")
            before, after = group.name[:start].split(), group.name[span[-1].end() :].split()
            return short, [word for word in before + after if not _holds(word, wanted)]
    return None


def _holds(word: str, wanted: list[str]) -> bool:
    """Whether ``word`` is the municipality's (last) word, or starts with it."""
    letters = re.sub(r"\W", "", fold(word))
    return len(wanted) == 1 and letters.startswith(wanted[0])


def _told_apart(sharing: Sequence[Group], found: Mapping[str, tuple[str, list[str]] | None]) -> dict[str, str]:
    """Labels for groups of one municipality: the short name and the words of each name that not
    all of them have; the whole name for a group whose name does not hold the municipality."""
    held = {group.id: found[group.id] for group in sharing}
    rests = [{fold(word) for word in each[1]} for each in held.values() if each is not None]
    common = set.intersection(*rests) if len(rests) > 1 else set()
    labels = {}
    for group in sharing:
        each = held[group.id]
        if each is None:
            labels[group.id] = group.name
            continue
        short, rest = each
        labels[group.id] = " ".join([short, *(word for word in rest if fold(word) not in common)])
    return labels


def _with_ids(sharing: Sequence[str], labels: Mapping[str, str]) -> dict[str, str]:
    """The shared label of each group, ended by as much of its id as tells them apart (4 at least)."""
    length = 4
    while len({group_id[:length] for group_id in sharing}) < len(sharing):
        length += 1
    return {group_id: f"{labels[group_id]} #{group_id[:length]}" for group_id in sharing}


def in_label_order(groups: Iterable[Group]) -> list[Group]:
    """The groups in the order of their labels (:func:`short_names`)."""
    by_id = {group.id: group for group in groups}
    return [by_id[group_id] for group_id in short_names(by_id.values())]
