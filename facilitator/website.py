"""What a meeting's website text says, and whom it may name.

The website text is the one paper of a held meeting that leaves the network: the main conclusions
and decisions, for the network's website. It is kept apart from :mod:`facilitator.summary`, which
gathers the meeting for every paper, because its naming rules are its own: :func:`website_text`
names a person only when he or she has consented to sharing contact details in the group, and
otherwise speaks of the company (or of "a member"); guests are never named. :class:`NameHider`
applies those rules to what was typed during the meeting.
"""

from __future__ import annotations

import re
import unicodedata

from facilitator.dates import format_day
from facilitator.i18n import _, ngettext
from facilitator.model import Person, Role
from facilitator.summary import MeetingSummary
from facilitator.text import fold


def public_name(person: Person) -> str:
    """How the website speaks of ``person``: by name with consent, else by company or role."""
    if person.contact_consent is not None:
        return person.name
    if person.company:
        return person.company
    return {
        Role.MEMBER: _("a member"),
        Role.FACILITATOR: _("the facilitator"),
        Role.RESEARCHER: _("a researcher"),
    }[person.role]


def _namings(summary: MeetingSummary) -> dict[str, str | None]:
    """Every form of a name (folded) the website text must change, and what it becomes.

    Each part of the name of someone who may not be named (first, middle or last name) is changed,
    even when someone who may be named shares it: better a member unnamed than one named without
    consent. Forms that stay as typed map to None: the whole names of people who consented, and the
    companies and organisations present, so that "Žaná's Bakery" keeps the Žaná in it.
    """
    namings: dict[str, str | None] = {}
    parts: dict[str, set[str]] = {}  # folded part of a name -> what its holders become
    people = [person for person in summary.people if not person.deleted]
    hidden = [(person.name, public_name(person)) for person in people if person.contact_consent is None]
    hidden += [(guest.name, guest.organisation or _("a guest")) for guest in summary.guests]
    for name, becomes in hidden:
        if not name.split():
            continue
        namings[_fold(name)] = becomes
        for word in name.split():
            if len(word) > 1:
                parts.setdefault(_fold(word), set()).add(becomes)
    for part, becomes in parts.items():
        if part not in namings:
            namings[part] = next(iter(becomes)) if len(becomes) == 1 else _("a member")
    for person in people:
        if person.contact_consent is not None:
            namings.setdefault(_fold(person.name), None)
    organisations = {person.company for person in people} | {guest.organisation for guest in summary.guests}
    for organisation in organisations:
        words = organisation.split()
        # The company as typed, and shortened ("Žaná's Bakery" for "Žaná's Bakery & Café"), unless
        # that is the name of someone who may not be named.
        for length in range(len(words), 1 if len(words) > 1 else 0, -1):
            namings.setdefault(_fold(" ".join(words[:length])), None)
    namings.pop("", None)
    return namings


def _fold(text: str) -> str:
    return fold(unicodedata.normalize("NFC", " ".join(text.split())))


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character, and for each folded character its index in ``text``."""
    folded: list[str] = []
    offsets: list[int] = []
    for index, character in enumerate(text):
        piece = fold(character)
        folded.append(piece)
        offsets.extend([index] * len(piece))
    offsets.append(len(text))
    return "".join(folded), offsets


#: Endings a name takes in Finnish and Swedish running text ("Annan", "Annalle", "Annas"): a name
#: so inflected is still the name, and is replaced whole.
_ENDINGS = (
    "s", "n", "a", "ä", "na", "nä", "ta", "tä", "lle", "lla", "llä", "lta", "ltä", "ssa", "ssä", "sta", "stä",
    "ksi", "in", "en", "ille", "illa", "illä", "ilta", "iltä", "issa", "issä", "ista", "istä", "ia", "iä",
    "hin", "han", "hen", "iin", "ineen",
)
_POSSESSIVE = re.compile(r"['’]s")


class NameHider:
    """Replaces, in text meant for the public, the names of people who may not be named there.

    Names are found whole (not inside other words), accents and case ignored ("Ailu" is Áilu), also
    with a Finnish or Swedish ending ("Áilun", "Áilus", "Áilu's"); an English possessive stays on
    the company, other endings go with the name.
    """

    def __init__(self, summary: MeetingSummary) -> None:
        self._namings = _namings(summary)
        forms = sorted(self._namings, key=len, reverse=True)
        endings = "|".join(re.escape(fold(ending)) for ending in sorted(set(_ENDINGS), key=len, reverse=True))
        alternatives = "|".join(re.escape(form) for form in forms)
        self._pattern = (
            re.compile(rf"(?<!\w)({alternatives})((?:['’:]?(?:{endings}))?)(?!\w)") if alternatives else None
        )

    def __call__(self, text: str) -> str:
        text = unicodedata.normalize("NFC", text)
        if self._pattern is None:
            return text
        folded, offsets = _fold_with_offsets(text)
        pieces: list[str] = []
        cursor = 0
        for match in self._pattern.finditer(folded):
            replacement = self._namings[match.group(1)]
            if replacement is None:
                continue  # a name that may be shown, or a company: as typed
            start, name_end, end = offsets[match.start()], offsets[match.end(1)], offsets[match.end()]
            ending = text[name_end:end]
            ending = ending if _POSSESSIVE.fullmatch(ending) else ""
            if _starts_sentence(text, start):
                replacement = replacement[:1].upper() + replacement[1:]
            pieces += [text[cursor:start], replacement + ending]
            cursor = end
        pieces.append(text[cursor:])
        return "".join(pieces)


def _starts_sentence(text: str, index: int) -> bool:
    before = text[:index].rstrip()
    return not before or before[-1] in ".!?:"


def website_text(summary: MeetingSummary, markdown: bool) -> str:
    """The main conclusions and decisions of the meeting for the network's website, as Markdown or
    plain text. People are named only with their consent to sharing contact details in the group;
    otherwise the text speaks of their company, or of "a member"; guests are never named."""
    hide = NameHider(summary)
    group = summary.group
    title = _("{group}, {day}").format(group=group.name, day=format_day(summary.day))
    lines: list[str] = []
    if markdown:
        lines += [f"## {_md(title)}", ""]
    else:
        lines += [title, "=" * len(title), ""]
    facts: list[tuple[str, str]] = []
    if summary.theme:
        facts.append((_("Theme"), hide(summary.theme)))
    if summary.host is not None:
        host = summary.host
        if host.contact_consent is not None and host.company:
            hosted = _("{host}, {company}").format(host=host.name, company=host.company)
        else:
            hosted = public_name(host)
        facts.append((_("Host"), hosted))
    facts.append((_("Participants"), _participants(summary)))
    for label, value in facts:
        lines.append(f"**{_md(label)}:** {_md(value)}  " if markdown else f"{label}: {value}")
    if markdown and lines[-1].endswith("  "):
        lines[-1] = lines[-1].rstrip()
    sections = [
        (_("Main conclusions"), [hide(line) for line in summary.conclusions]),
        (_("Decisions"), [hide(entry.text) for entry in summary.decisions]),
    ]
    for heading, items in sections:
        if not items:
            continue
        lines.append("")
        if markdown:
            lines += [f"### {_md(heading)}", ""]
        else:
            lines += [heading, "-" * len(heading)]
        lines += [f"- {_md(item) if markdown else item}" for item in items]
    if not summary.conclusions and not summary.decisions:
        lines += ["", _("No conclusions were recorded.")]
    return "\n".join(lines) + "\n"


def _participants(summary: MeetingSummary) -> str:
    members = ngettext("{count} member", "{count} members", len(summary.members)).format(count=len(summary.members))
    if not summary.guests:
        return members
    guests = ngettext("{count} guest", "{count} guests", len(summary.guests)).format(count=len(summary.guests))
    return _("{members} and {guests}").format(members=members, guests=guests)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def _md(text: str) -> str:
    """``text`` with Markdown's special characters escaped, so that it reads as typed."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", escaped)
