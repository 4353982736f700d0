"""Writing one group's sync bundle from a screen (the roster's b and B), in the background: the
notice names the file and which generation of the group's key sealed it, and a warning names the
records left out of it because the coordinator's import would refuse them."""

from __future__ import annotations

from textual.screen import Screen

from facilitator.dates import format_count
from facilitator.i18n import _, ngettext
from facilitator.model import Group
from screens.exporting import Written, write_in_background
from storage.repository import Repository


def write_group_bundle(screen: Screen, repository: Repository, group: Group, *, for_group: bool) -> None:
    """The group's changes since its last bundle, for the coordinator; or, ``for_group``, a bundle
    for the group's other facilitator. Nothing new to send is said, not treated as a failure."""
    from exports.bundle.format import Audience  # imported when first needed: a faster start
    from exports.bundle.leaving_out import left_out_notice
    from exports.bundle.writer import NothingToSend, make_bundle

    audience = Audience.GROUP if for_group else Audience.COORDINATOR

    def write() -> Written:
        try:
            made = make_bundle(repository, [group], audience=audience)
        except NothingToSend as nothing:
            screen.app.call_from_thread(screen.notify, str(nothing), timeout=8)
            return Written([])
        if made.left_out:
            warning = "\n".join([left_out_notice(made.left_out), *_first_lines(made.left_out)])
            screen.app.call_from_thread(screen.app.notify, warning, severity="warning", timeout=60)
        sealed = _("Sealed with generation {generation} of the group's key.")
        return Written([made.path], [sealed.format(generation=made.generations[group.id])])

    write_in_background(screen, write)


#: Left-out records named in the app's warning; the command ``facilitator export bundle`` names all.
_SHOWN = 4


def _first_lines(left_out: list[str]) -> list[str]:
    shown = [f"• {line}" for line in left_out[:_SHOWN]]
    if len(left_out) > _SHOWN:
        more = len(left_out) - _SHOWN
        shown.append(
            ngettext(
                "and {count} more record (“facilitator export bundle” names them all)",
                "and {count} more records (“facilitator export bundle” names them all)",
                more,
            ).format(count=format_count(more))
        )
    return shown
