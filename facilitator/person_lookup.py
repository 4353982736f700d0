"""Finding the person a command names: by id, e-mail, name or part of one, perhaps within a group.

Shared by the commands that act on one person's data (``person report``, ``person erase``): what
such a command does must reach exactly the person meant, so a text that could be several people
is refused with the list of them, never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.lookup import NoSuchGroup, find_group
from facilitator.model import Group, Person
from facilitator.pseudonyms import shown_pseudonyms, stored_pseudonyms
from facilitator.text import fold

#: An id is recognised from this many of its first characters (as meetings are).
ID_PREFIX = 8


class NoSuchPerson(LookupError):
    """No person, or more than one, answers to the text; the message says which and what to give."""

    def __init__(self, message: str, candidates: Sequence[Person] = ()) -> None:
        super().__init__(message)
        #: The people the text could mean, when it could mean several.
        self.candidates = tuple(candidates)


def find_person(people: Sequence[Person], groups: Sequence[Group], text: str, group: str | None = None) -> Person:
    """The one person of ``people`` that ``text`` names; ``group`` (a group's name or id, as
    ``--group`` takes it) narrows the search to that group's people.

    ``text`` is tried as, in turn: the id (or its first eight characters or more), the e-mail
    (case ignored), the whole name, the beginnings of the name's words ("ann be" is Anna Berg), and
    any part of the name; accents and case aside ("cuon" is Čuoŋ). The first way that finds
    anyone decides. A pseudonym is found as stored ("Member-3F9A2C") or as any of the app's
    languages shows it ("Jäsen-3F9A2C", "Medlem-3F9A2C"). Raises :class:`NoSuchPerson` when no
    one answers, or when several do (their names, groups and ids in the message and in
    ``candidates``), and when ``group`` names no group.
    Removed people still holding data (tombstones with a name) are found as any other.
    """
    wanted = text.strip()
    if not wanted:
        raise NoSuchPerson(_("Name a person: a name or part of one, an e-mail address or an id."))
    within: Group | None = None
    if group is not None:
        try:
            within = find_group(groups, group)
        except NoSuchGroup as error:
            raise NoSuchPerson(str(error)) from None
        people = [person for person in people if person.group_id == within.id]
    found = _matches(people, wanted)
    if not found and (stored := stored_pseudonyms(wanted)) != wanted:
        found = _matches(people, stored)  # "Jäsen-3F9A2C" copied from a Finnish report
    if len(found) == 1:
        return found[0]
    if not found:
        if within is not None:
            message = _(
                "No one in {group} answers to “{text}”: give a name or part of one, an e-mail address or an id."
            )
        else:
            message = _("No one answers to “{text}”: give a name or part of one, an e-mail address or an id.")
        raise NoSuchPerson(message.format(group=within.name if within else "", text=wanted))
    names = {group.id: group.name for group in groups}
    listed = "\n".join("  " + describe_candidate(person, names) for person in found)
    message = ngettext(
        "“{text}” could be {count} person:", "“{text}” could be any of {count} people:", len(found)
    ).format(text=wanted, count=format_count(len(found)))
    hint = _("Write more of the name, give the e-mail address or the id, or name the group with --group.")
    raise NoSuchPerson(f"{message}\n{listed}\n{hint}", found)


def describe_candidate(person: Person, group_names: dict[str, str]) -> str:
    """One line naming a person among several: name, group and id (and whether removed)."""
    name = shown_pseudonyms(person.name) or _("(no name)")
    line = f"{name} · {group_names.get(person.group_id, person.group_id)} · {person.id}"
    return line + (" · " + _("removed") if person.deleted else "")


def _matches(people: Sequence[Person], wanted: str) -> list[Person]:
    """The people of the first way of reading ``wanted`` that finds any (see :func:`find_person`)."""
    lowered = wanted.lower()
    by_id = [person for person in people if person.id == lowered]
    if not by_id and len(lowered) >= ID_PREFIX:
        by_id = [person for person in people if person.id.startswith(lowered)]
    if by_id:
        return by_id
    by_email = [person for person in people if person.email and person.email.casefold() == wanted.casefold()]
    if by_email:
        return by_email
    folded = " ".join(fold(wanted).split())
    named = [person for person in people if person.name.strip()]
    whole = [person for person in named if " ".join(fold(person.name).split()) == folded]
    if whole:
        return whole
    typed_words = folded.split()
    beginning = [person for person in named if _words_begin(typed_words, fold(person.name).split())]
    if beginning:
        return beginning
    return [person for person in named if folded in " ".join(fold(person.name).split())]


def _words_begin(typed: Sequence[str], words: Sequence[str]) -> bool:
    """Whether each typed word begins a different word of the name, in the name's order."""
    position = 0
    for piece in typed:
        while position < len(words) and not words[position].startswith(piece):
            position += 1
        if position == len(words):
            return False
        position += 1
    return True
