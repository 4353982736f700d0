"""What a held meeting comes to, without a PDF: who attended, what was concluded, decided and
promised, the timing and the consents; and the website text, which names no one without consent to
sharing contact details, speaks of companies instead, and never names a guest."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from facilitator.model import (
    AgendaItem,
    Attendance,
    FeedbackResponse,
    Group,
    Meeting,
    MeetingStatus,
    MemoEntry,
    MemoKind,
    Person,
    Presence,
    Recording,
    Role,
)
from facilitator.summary import (
    conclusion_lines,
    describe_recordings,
    following_meeting,
    format_offset,
    summarise_meeting,
)
from facilitator.website import website_hider, website_text

START = datetime(2026, 12, 8, 15, 30, tzinfo=UTC)  # 17:30 in Helsinki
CONSENTED = date(2025, 2, 1)


def _group() -> Group:
    return Group(name="Inari peer group")


def _people(group: Group) -> dict[str, Person]:
    """Two members who consented to sharing contact details, three who did not (one with no
    company), and a facilitator who did not."""
    return {
        "ailu": Person(group_id=group.id, name="Áilu Čuoŋ", company="Čuoŋ Duodji", contact_consent=CONSENTED),
        "anna": Person(group_id=group.id, name="Anna Berg", company="Berg Bakery", contact_consent=CONSENTED),
        "biret": Person(group_id=group.id, name="Biret Đuđá", company="Đuđá Tours Oy"),
        "ande": Person(group_id=group.id, name="Ánde Ŧeahkká"),
        "zana": Person(group_id=group.id, name="Žaná Sámmol", company="Žaná's Bakery & Café"),
        "zaneta": Person(group_id=group.id, name="Žaneta Niemi", role=Role.FACILITATOR),
    }


def _meeting(group: Group, host: Person, **changes) -> Meeting:
    fields = {
        "group_id": group.id,
        "starts_at": START,
        "ends_at": START + timedelta(hours=2, minutes=30),
        "status": MeetingStatus.HELD,
        "host_id": host.id,
        "theme": "Selling abroad",
        "started_at": START + timedelta(minutes=3),
        "closed_at": START + timedelta(hours=2, minutes=40),
    }
    fields.update(changes)
    return Meeting(**fields)


def _present(meeting: Meeting, *people: Person) -> list[Attendance]:
    return [Attendance(meeting_id=meeting.id, person_id=person.id, status=Presence.PRESENT) for person in people]


def _guest(meeting: Meeting, name: str, organisation: str = "") -> Attendance:
    return Attendance(meeting_id=meeting.id, guest_name=name, guest_organisation=organisation, status=Presence.PRESENT)


def _entry(meeting: Meeting, minutes: int, text: str, kind: MemoKind = MemoKind.NOTE, **fields) -> MemoEntry:
    return MemoEntry(
        meeting_id=meeting.id,
        group_id=meeting.group_id,
        text=text,
        kind=kind,
        written_at=START + timedelta(minutes=minutes),
        **fields,
    )


def _website(host: str = "ailu", conclusions: str = "", entries=(), guests=(), markdown: bool = False) -> str:
    group = _group()
    people = _people(group)
    meeting = _meeting(group, people[host], conclusions=conclusions)
    attendance = _present(meeting, *people.values()) + [_guest(meeting, *guest) for guest in guests]
    made = [_entry(meeting, 10 + index, text, kind) for index, (text, kind) in enumerate(entries)]
    return website_text(summarise_meeting(group, meeting, list(people.values()), attendance, [], made), markdown)


# -- the summary -----------------------------------------------------------------------------------


def test_the_summary_gathers_attendance_decisions_actions_needs_and_timing() -> None:
    group = _group()
    people = _people(group)
    meeting = _meeting(
        group,
        people["ailu"],
        conclusions="- first\n\n• second\n3. third",
        recordings=[Recording(started_at=START + timedelta(minutes=10), stopped_at=START + timedelta(hours=2))],
    )
    items = [
        AgendaItem(
            meeting_id=meeting.id,
            position=0,
            title="News",
            minutes=15,
            started_at=START,
            ended_at=START + timedelta(minutes=20),
        ),
        AgendaItem(
            meeting_id=meeting.id, position=1, title="Discussion", minutes=60, started_at=START + timedelta(minutes=20)
        ),
    ]
    attendance = [
        *_present(meeting, people["ailu"], people["biret"], people["zaneta"]),
        Attendance(meeting_id=meeting.id, person_id=people["anna"].id, status=Presence.APOLOGIES),
        Attendance(
            meeting_id=meeting.id, person_id=people["zana"].id, status=Presence.PRESENT, audio_consent=date(2026, 12, 8)
        ),
        _guest(meeting, "Olli Vieras", "Visit Inari"),
    ]
    entries = [
        _entry(
            meeting,
            30,
            "Biret Đuđá asks for prices",
            MemoKind.ACTION,
            owner_id=people["biret"].id,
            people=[people["biret"].id],
            due=date(2026, 12, 15),
            agenda_item_id=items[1].id,
        ),
        _entry(meeting, 5, "Welcome", agenda_item_id=items[0].id, recording_offset=None),
        _entry(meeting, 40, "One stand together", MemoKind.DECISION, agenda_item_id=items[1].id, recording_offset=1800),
        _entry(meeting, 50, "Needs an export licence", MemoKind.NEED, people=[people["ande"].id]),
        _entry(meeting, 60, "removed line", deleted=True),
    ]
    feedback = [
        FeedbackResponse(meeting_id=meeting.id, usefulness=4, recommend=True),
        FeedbackResponse(meeting_id=meeting.id, usefulness=5, comment="good"),
    ]
    nxt = Meeting(
        group_id=group.id,
        starts_at=START + timedelta(days=35),
        ends_at=START + timedelta(days=35, hours=2),
        host_id=people["biret"].id,
    )
    summary = summarise_meeting(group, meeting, list(people.values()), attendance, items, entries, feedback, nxt)

    assert [attendee.name for attendee in summary.members] == ["Áilu Čuoŋ", "Biret Đuđá", "Žaná Sámmol"]
    assert [attendee.name for attendee in summary.staff] == ["Žaneta Niemi"]
    assert [(guest.name, guest.organisation) for guest in summary.guests] == [("Olli Vieras", "Visit Inari")]
    assert [person.name for person in summary.apologies] == ["Anna Berg"]
    assert summary.conclusions == ("first", "second", "third")
    assert [entry.text for entry in summary.entries] == [
        "Welcome",
        "Biret Đuđá asks for prices",
        "One stand together",
        "Needs an export licence",
    ]
    assert [entry.text for entry in summary.decisions] == ["One stand together"]
    (action,) = summary.actions
    assert action.owner == "Biret Đuđá" and action.due == date(2026, 12, 15) and action.item_title == "Discussion"
    assert [entry.people for entry in summary.needs] == [("Ánde Ŧeahkká",)]
    assert summary.entries[0].written_at.strftime("%H:%M") == "17:35"  # on the group's clocks
    assert [(timing.title, timing.planned, timing.actual, timing.difference) for timing in summary.timings] == [
        ("News", 15, 20, 5),
        ("Discussion", 60, None, None),
    ]
    assert summary.starts_at.strftime("%H:%M") == "17:33" and summary.ends_at.strftime("%H:%M") == "20:10"
    assert describe_recordings(summary) == "Recorded 17:40–19:30."
    assert {attendee.name for attendee in summary.without_audio_consent} == {
        "Áilu Čuoŋ",
        "Biret Đuđá",
        "Žaneta Niemi",
        "Olli Vieras",
    }
    assert [attendee.name for attendee in summary.present if attendee.consent_given_here] == ["Žaná Sámmol"]
    assert summary.feedback.responses == 2 and summary.feedback.usefulness_average == 4.5
    assert summary.next_meeting is not None and summary.next_meeting.host == people["biret"]
    assert summary.next_meeting.place == ""


def test_offsets_conclusions_and_the_following_meeting() -> None:
    assert format_offset(None) == "" and format_offset(5) == "00:05" and format_offset(3725) == "62:05"
    assert format_offset(599.9) == "09:59" and format_offset(-3) == "00:00" and format_offset(36000) == "600:00"
    assert conclusion_lines("  \n- a\n  * b \n1) c\n") == ["a", "b", "c"]
    group = _group()
    host = _people(group)["ailu"]
    meeting = _meeting(group, host)
    cancelled = Meeting(
        group_id=group.id,
        starts_at=START + timedelta(days=7),
        ends_at=START + timedelta(days=7, hours=2),
        status=MeetingStatus.CANCELLED,
    )
    later = Meeting(
        group_id=group.id, starts_at=START + timedelta(days=35), ends_at=START + timedelta(days=35, hours=2)
    )
    earlier = Meeting(
        group_id=group.id, starts_at=START - timedelta(days=35), ends_at=START - timedelta(days=35, hours=-2)
    )
    assert following_meeting([earlier, meeting, cancelled, later], meeting) is later
    assert following_meeting([earlier, meeting], meeting) is None


# -- the website text ------------------------------------------------------------------------------


def test_people_who_consented_are_named_and_the_others_are_spoken_of_by_company() -> None:
    text = _website(
        conclusions="\n".join(
            [
                "Áilu Čuoŋ and Biret Đuđá plan a joint stand",
                "Žaná Sámmol bakes for the market",
                "Ánde Ŧeahkká drives the van",
            ]
        )
    )
    assert "Áilu Čuoŋ and Đuđá Tours Oy plan a joint stand" in text
    assert "Žaná's Bakery & Café bakes for the market" in text
    assert "A member drives the van" in text  # no company: "a member", capitalised at the start
    for hidden in ("Biret", "Đuđá plan", "Sámmol", "Ánde", "Ŧeahkká"):
        assert hidden not in text, hidden


def test_first_names_accents_left_out_and_finnish_endings_are_caught() -> None:
    text = _website(
        entries=[
            ("Biret will ask the shop; Biretin hinta is fair, Biret's van too", MemoKind.DECISION),
            ("Ande and Áilu share the van. biret agrees", MemoKind.DECISION),
        ]
    )
    assert "Đuđá Tours Oy will ask the shop; Đuđá Tours Oy hinta is fair, Đuđá Tours Oy's van too" in text
    assert "A member and Áilu share the van. Đuđá Tours Oy agrees" in text
    assert "Biret" not in text and "biret" not in text and "Ande" not in text


def test_names_inside_other_words_and_companies_are_left_as_typed() -> None:
    text = _website(
        conclusions="\n".join(
            [
                "Anderssons hats sell well",  # a word that begins like a name (Ánde) is not the name
                "Žaná's Bakery & Café and Žaná's Bakery both sell bread",  # Žaná in a company name stays
            ]
        )
    )
    assert "Anderssons hats sell well" in text
    assert "Žaná's Bakery & Café and Žaná's Bakery both sell bread" in text


def test_guests_are_never_named() -> None:
    text = _website(
        conclusions="Olli Vieras from Visit Inari offers a stand; Olli will send the form\nSanna Guest came too",
        guests=[("Olli Vieras", "Visit Inari"), ("Sanna Guest", "")],
    )
    assert "Olli" not in text and "Vieras" not in text and "Sanna" not in text
    assert "Visit Inari from Visit Inari offers a stand; Visit Inari will send the form" in text
    assert "A guest came too" in text


def test_a_guest_named_like_a_member_who_consented_is_still_not_named() -> None:
    text = _website(conclusions="Anna Berg spoke", guests=[("Anna Berg", "Visit Inari")])
    assert "Anna Berg" not in text


def test_a_first_name_shared_by_two_people_without_consent_becomes_a_member() -> None:
    group = _group()
    people = [
        Person(group_id=group.id, name="Mika Aho", company="Aho Oy"),
        Person(group_id=group.id, name="Mika Virta", company="Virta Ky"),
        Person(group_id=group.id, name="Anna Berg", company="Berg Bakery", contact_consent=CONSENTED),
        Person(group_id=group.id, name="Anna Niemi", company="Niemi Design"),
    ]
    meeting = _meeting(group, people[0], conclusions="Mika and Anna agree; Mika Virta sends it; Anna Niemi too")
    summary = summarise_meeting(group, meeting, people, _present(meeting, *people), [], [])
    hide = website_hider(summary)
    # "Anna" could be Anna Berg, who may be named, or Anna Niemi, who may not: it is not left as typed
    assert hide(meeting.conclusions) == "A member and Niemi Design agree; Virta Ky sends it; Niemi Design too"
    assert hide("Anna Berg and Anna Niemi") == "Anna Berg and Niemi Design"


def test_a_surname_or_middle_name_alone_does_not_name_someone_without_consent() -> None:
    group = _group()
    people = [
        Person(group_id=group.id, name="Biret Ravna Guttorm", company="Ŧuolbma Guolli"),
        Person(group_id=group.id, name="Matti Hyvönen", company="Hyvösen Puu"),
        Person(group_id=group.id, name="Ida Berg", company="Berg Bakery", contact_consent=CONSENTED),
    ]
    meeting = _meeting(group, people[2], conclusions="Ida and Guttorm compare; Mr Hyvönen will call; Ravna sells")
    summary = summarise_meeting(group, meeting, people, _present(meeting, *people), [], [])
    text = website_hider(summary)(meeting.conclusions)
    assert "Guttorm" not in text and "Hyvönen" not in text and "Ravna" not in text
    assert text.startswith("Ida and Ŧuolbma Guolli compare")


def test_the_host_theme_and_counts_head_the_text_in_both_forms() -> None:
    plain = _website(host="biret", conclusions="We meet again", guests=[("Olli Vieras", "Visit Inari")])
    lines = plain.splitlines()
    assert lines[0] == "Inari peer group, Tuesday 8 December 2026" and set(lines[1]) == {"="}
    assert "Theme: Selling abroad" in lines and "Host: Đuđá Tours Oy" in lines
    assert "Participants: 5 members and 1 guest" in lines
    assert "Main conclusions" in lines and "- We meet again" in lines
    markdown = _website(
        host="ailu", conclusions="Prices *with* VAT_incl", entries=[("Book # 3", MemoKind.DECISION)], markdown=True
    )
    assert markdown.startswith("## Inari peer group, Tuesday 8 December 2026\n")
    assert "**Host:** Áilu Čuoŋ, Čuoŋ Duodji" in markdown  # the host consented: named, with the company
    assert "- Prices \\*with\\* VAT\\_incl" in markdown and "### Decisions" in markdown and "- Book \\# 3" in markdown


def test_needs_notes_and_actions_stay_off_the_website() -> None:
    text = _website(
        conclusions="One",
        entries=[
            ("Needs an export licence", MemoKind.NEED),
            ("A private note", MemoKind.NOTE),
            ("Sends the list", MemoKind.ACTION),
            ("One stand", MemoKind.DECISION),
        ],
    )
    assert "One stand" in text
    for private in ("export licence", "private note", "Sends the list"):
        assert private not in text


def test_a_meeting_without_conclusions_says_so() -> None:
    assert "No conclusions were recorded." in _website()


@pytest.mark.parametrize("markdown", [True, False])
def test_a_host_without_consent_or_company_is_not_named(markdown: bool) -> None:
    text = _website(host="ande", markdown=markdown)
    assert "Ánde" not in text and ("a member" in text)
