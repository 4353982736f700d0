"""Running a meeting live from any screen (m on the groups, the roster, the planner, the
preparation): started if it is not under way yet, never open on two screens."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen
from textual.widget import AwaitMount

from facilitator.agenda import starting_agenda
from facilitator.dates import format_day
from facilitator.i18n import _
from facilitator.live import started
from facilitator.local_time import local_day
from facilitator.model import Group, Meeting, MeetingStatus
from screens.live import LiveScreen
from storage.errors import StorageError
from storage.repository import Repository


def open_meeting(
    screen: Screen,
    repository: Repository,
    group: Group,
    meeting: Meeting,
    when_done: Callable[[None], None] | None = None,
) -> AwaitMount | None:
    """Show ``meeting`` live, starting it if it is not under way yet; refuse a closed one.

    A meeting of another day is started only when the facilitator says so. A meeting already
    open live is never opened twice: when its screen is under others, a notice says how to go
    back to it (closing the screens above it here would throw away what a dialog or form there
    holds). Returns the new screen's mount (awaited to let keys wait for its memo line), if one
    was pushed at once.
    """
    app = screen.app
    already = next(
        (
            open_screen
            for open_screen in app.screen_stack
            if isinstance(open_screen, LiveScreen) and open_screen.meeting.id == meeting.id
        ),
        None,
    )
    if already is not None:
        if app.screen is not already:
            screen.notify(_("This meeting is already open live, on a screen under this one: esc goes back to it."))
        return None
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        screen.notify(
            _("This meeting is {status}; only a planned or confirmed meeting can be run.").format(
                status=meeting.status.label
            ),
            severity="warning",
        )
        return None
    day = local_day(meeting.starts_at, group.time_zone)
    if meeting.started_at is None and day != repository.today(group.time_zone):
        from screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                _start_and_show(screen, repository, group, meeting, when_done)

        question = _("This meeting is planned for {day}. Hold it today instead? Its date becomes today.").format(
            day=format_day(day)
        )
        screen.app.push_screen(ConfirmScreen(question, _("Hold it today")), answered)
        return None
    return _start_and_show(screen, repository, group, meeting, when_done)


def _start_and_show(
    screen: Screen, repository: Repository, group: Group, meeting: Meeting, when_done: Callable[[None], None] | None
) -> AwaitMount | None:
    try:
        if not repository.agenda(meeting.id) and not repository.agenda_started(meeting.id):
            repository.save_agenda(
                meeting.id, starting_agenda(group.agenda_template, meeting, repository.people(group.id))
            )
        if meeting.started_at is None:
            meeting = started(meeting, repository.now(), group.time_zone)
            meeting = repository.save_meeting(meeting)
        repository.memo(meeting.id)  # the meeting's own file: refused here if damaged
    except StorageError as error:
        screen.notify(str(error), title=_("The meeting cannot be opened"), severity="error", timeout=30)
        return None
    return screen.app.push_screen(LiveScreen(repository, group, meeting), when_done)
