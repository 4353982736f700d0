"""What a meeting's website text says, and whom it may name.

The website text is the one paper of a held meeting that leaves the network: the main conclusions
and decisions, for the network's website. It is kept apart from :mod:`facilitator.summary`, which
gathers the meeting for every paper, because its naming rules are its own: :func:`website_text`
names a person only when he or she has consented to sharing contact details in the group, and
otherwise speaks of the company (or of "a member"); guests are never named. :func:`website_hider`
applies those rules to what was typed during the meeting, and hides there the e-mail, phone and
premises address of everyone who did not consent to sharing them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from facilitator.contacts import ContactHider
from facilitator.dates import format_count, format_long_day
from facilitator.i18n import _, ngettext
from facilitator.model import Person, Role
from facilitator.names import NameHider, name_forms
from facilitator.summary import MeetingSummary


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


def website_hider(summary: MeetingSummary) -> Callable[[str], str]:
    """Hides, in the meeting's website text, everyone who may not be named there.

    Each part of the name of someone who may not be named (first, middle or last name) is changed,
    even when someone who may be named shares it: better a member unnamed than one named without
    consent. The whole names of people who consented stay as typed, and so do the companies and
    organisations present, so that "Žaná's Bakery" keeps the Žaná in it. An e-mail, phone number
    or premises address typed of someone who did not consent to sharing it becomes how the website
    speaks of him or her.
    """
    people = [person for person in summary.people if not person.deleted]
    hidden = [(person.name, public_name(person)) for person in people if person.contact_consent is None]
    hidden += [(guest.name, guest.organisation or _("a guest")) for guest in summary.guests]
    shown = [person.name for person in people if person.contact_consent is not None]
    organisations = {person.company for person in people} | {guest.organisation for guest in summary.guests}
    names = NameHider(name_forms(hidden, shown, organisations, ambiguous=_("a member")))
    contacts = ContactHider((person, public_name(person)) for person in people if person.contact_consent is None)
    return lambda typed: names(contacts(typed))


def website_text(summary: MeetingSummary, markdown: bool) -> str:
    """The main conclusions and decisions of the meeting for the network's website, as Markdown or
    plain text. People are named only with their consent to sharing contact details in the group;
    otherwise the text speaks of their company, or of "a member"; guests are never named."""
    hide = website_hider(summary)
    group = summary.group
    title = _("{group}, {day}").format(group=group.name, day=format_long_day(summary.day))
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
    members = ngettext("{count} member", "{count} members", len(summary.members)).format(
        count=format_count(len(summary.members))
    )
    if not summary.guests:
        return members
    guests = ngettext("{count} guest", "{count} guests", len(summary.guests)).format(
        count=format_count(len(summary.guests))
    )
    return _("{members} and {guests}").format(members=members, guests=guests)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def _md(text: str) -> str:
    """``text`` with Markdown's special characters escaped, so that it reads as typed."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", escaped)
