"""What the history screen (:class:`screens.history.HistoryScreen`) writes: a held meeting as a row
of its table and in full under it, the notes above the charts and the list of action items, and the
charts' bars. Words and bars only, made from the history: the screen puts them in its widgets."""

from __future__ import annotations

from datetime import date

from facilitator.dates import format_count, format_date, format_decimal, format_percent
from facilitator.history import GroupHistory, PastMeeting, day_after
from facilitator.i18n import _, ngettext
from facilitator.meeting_entries import recorded_span
from facilitator.pseudonyms import shown_pseudonyms
from facilitator.summary import format_offset
from screens.actions import open_and_overdue
from screens.widgets.bar_chart import Bar

#: The heading of the column of the sound a meeting holds, and its mark in the details.
SOUND_MARK = "♪"


def meeting_cells(meeting: PastMeeting) -> tuple[str, ...]:
    """The meeting's row: date, host, theme, members present, feedback, the length of its sound
    (empty when it holds none)."""
    seconds = meeting.sound_seconds
    return (
        format_date(meeting.day),
        shown_pseudonyms(meeting.host) or "–",
        shown_pseudonyms(meeting.theme) or "–",
        "–" if meeting.present is None else format_count(meeting.present),
        _feedback_text(meeting),
        "" if seconds is None else format_offset(round(seconds)),
    )


def _feedback_text(meeting: PastMeeting) -> str:
    if meeting.feedback_average is None:
        return "–"
    return _("{average} ({responses})").format(
        average=format_decimal(meeting.feedback_average), responses=format_count(meeting.feedback_responses)
    )


def meeting_details(meeting: PastMeeting | None, time_zone: str) -> str:
    """The meeting under the table's cursor in full: day and host, theme, who came, the memo, the
    feedback and the sound it holds, on the group's clock (or that no meeting has been held yet)."""
    if meeting is None:
        return _("No meeting has been held yet.")
    host = shown_pseudonyms(meeting.host) or _("no host recorded")
    if meeting.company:
        host = _("{host}, {company}").format(host=host, company=shown_pseudonyms(meeting.company))
    line = _("{day} · {host}").format(day=format_date(meeting.day), host=host)
    if meeting.theme:
        line += "\n" + shown_pseudonyms(meeting.theme)
    if meeting.present is None:
        line += "\n" + _("No one was checked in.")
    else:
        line += "\n" + " · ".join(
            (
                ngettext("{count} member present", "{count} members present", meeting.present).format(
                    count=format_count(meeting.present)
                ),
                ngettext("{count} apology", "{count} apologies", meeting.apologies).format(
                    count=format_count(meeting.apologies)
                ),
                ngettext("{count} guest", "{count} guests", meeting.guests).format(count=format_count(meeting.guests)),
            )
        )
    line += " · " + ngettext("{count} memo entry", "{count} memo entries", meeting.entries).format(
        count=format_count(meeting.entries)
    )
    if meeting.feedback_average is not None:
        line += " · " + ngettext(
            "feedback {average}/5 from {count} response",
            "feedback {average}/5 from {count} responses",
            meeting.feedback_responses,
        ).format(average=format_decimal(meeting.feedback_average), count=format_count(meeting.feedback_responses))
    if meeting.sound_seconds is not None:
        line += "\n" + _("{mark} recorded {span}, {length} of sound").format(
            mark=SOUND_MARK,
            span=recorded_span(meeting.recordings, time_zone),
            length=format_offset(round(meeting.sound_seconds)),
        )
    return line


def attendance_note(history: GroupHistory) -> str:
    """Above the attendance chart: the period, the meetings it counts and those it leaves out."""
    since = format_date(day_after(history.window_after))
    note = ngettext(
        "Last 12 months (since {since}): {count} held meeting.",
        "Last 12 months (since {since}): {count} held meetings.",
        history.held_last_12_months,
    ).format(since=since, count=format_count(history.held_last_12_months))
    if history.unrecorded_last_12_months:
        note += " " + ngettext(
            "{count} without check-in is not counted.",
            "{count} without check-in are not counted.",
            history.unrecorded_last_12_months,
        ).format(count=format_count(history.unrecorded_last_12_months))
    if not history.attendance:
        note += " " + _("The group has no current members.")
    return note


def attendance_bars(history: GroupHistory) -> tuple[Bar, ...]:
    """Each current member's attendance, in percent, with present out of eligible."""
    bars = []
    for member in history.attendance:
        if member.rate is None:
            bars.append(Bar(shown_pseudonyms(member.name), 0, _("no meeting")))
        else:
            bars.append(
                Bar(
                    shown_pseudonyms(member.name),
                    member.rate * 100,
                    _("{percent} {present}/{eligible}").format(
                        percent=format_percent(member.rate),
                        present=format_count(member.present),
                        eligible=format_count(member.eligible),
                    ),
                )
            )
    return tuple(bars)


def codes_note(history: GroupHistory, all_years: bool) -> str:
    """Above the codes chart: the period, the coded entries counted, and the key to the other period."""
    if all_years:
        coded = history.coded_entries_all_years
        if history.first_day:
            period = _("All years (since {since})").format(since=format_date(history.first_day))
        else:
            period = _("All years")
        switch = _("t: last 12 months")
    else:
        coded = history.coded_entries_last_12_months
        period = _("Last 12 months (since {since})").format(since=format_date(day_after(history.window_after)))
        switch = _("t: all years")
    return ngettext(
        "{period}: {count} coded memo entry · {switch}",
        "{period}: {count} coded memo entries · {switch}",
        coded,
    ).format(period=period, count=format_count(coded), switch=switch)


def code_bars(history: GroupHistory, all_years: bool) -> tuple[Bar, ...]:
    """How many memo entries carried each code, over all years or the last 12 months."""
    bars = []
    for code in history.codes:
        count = code.all_years if all_years else code.last_12_months
        bars.append(Bar(_("{code} {name}").format(code=code.code, name=code.name), count, format_count(count)))
    return tuple(bars)


def actions_note(history: GroupHistory) -> str:
    """Above the open action items: how many are open and overdue, and the key to mark them done."""
    if history.open_actions:
        return (
            open_and_overdue(history.open_action_count, history.overdue_count())
            + " · "
            + _("a: every action item, to mark them done")
        )
    return _("No open action items · a: every action item")


def due_text(due: date, today: date) -> str:
    """An open action item's due date, said overdue when it has passed."""
    if due < today:
        return _("{day} · overdue").format(day=format_date(due))
    return format_date(due)
