"""Finding a group from what a person types on the command line: its name, a part of it, or its id."""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.i18n import _
from facilitator.model import Group
from facilitator.text import fold


class NoSuchGroup(LookupError):
    """No group, or more than one, answers to the text; the message says which."""


def find_group(groups: Sequence[Group], text: str) -> Group:
    """The one group whose id or name is ``text``, or whose name contains it (accents ignored)."""
    wanted = fold(text.strip())
    if not wanted:
        raise NoSuchGroup(_("Name a group."))
    exact = [group for group in groups if group.id == text.strip() or fold(group.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    partial = [group for group in groups if wanted in fold(group.name)]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        names = ", ".join(group.name for group in groups) or _("none")
        raise NoSuchGroup(_("No group is called “{text}”. The groups are: {names}.").format(text=text, names=names))
    names = ", ".join(group.name for group in partial)
    raise NoSuchGroup(_("“{text}” could mean {names}: write more of the name.").format(text=text, names=names))
