"""The figures of an entrepreneur's timeline (:mod:`facilitator.timeline` counts them), as the
timeline screen's header and the PDF list them."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.dates import format_count
from facilitator.i18n import _, ngettext


@dataclass(frozen=True)
class TimelineSummary:
    """The timeline's figures."""

    attended: int
    #: None when the person has no joined date: since when they were a member is not known.
    held_while_member: int | None
    hosted: int
    to_host: int
    needs: int
    interviews: int
    outcomes: int
    drafts: int

    def lines(self) -> list[tuple[str, str]]:
        """Each figure with its label, as the screen and the PDF list them."""
        rows = [
            (_("Meetings attended"), self._attended_text()),
            (_("Meetings hosted"), format_count(self.hosted)),
        ]
        if self.to_host:
            rows.append((_("Meetings to host"), format_count(self.to_host)))
        rows += [(_("Needs recorded"), format_count(self.needs)), (_("Interviews"), format_count(self.interviews))]
        outcomes = format_count(self.outcomes)
        if self.drafts:
            outcomes += " " + ngettext("(and {count} draft)", "(and {count} drafts)", self.drafts).format(
                count=format_count(self.drafts)
            )
        rows.append((_("Outcomes"), outcomes))
        return rows

    def _attended_text(self) -> str:
        if self.held_while_member is None:
            return format_count(self.attended)
        return _("{attended} of {held}").format(
            attended=format_count(self.attended), held=format_count(self.held_while_member)
        )

    def text(self) -> str:
        """The figures on one line: "Meetings attended 12 of 15 · Meetings hosted 2 · …"."""
        return " · ".join(f"{label} {value}" for label, value in self.lines())
