"""What a workspace holds about one person: the answer to a data subject's request to see it.

Plain records in, one :class:`PersonData` out, which the PDF and the JSON file of ``person
report`` (and the roster's ``p``) present. Rules:

- The roster fields are shown as stored, each consent with the date it was given.
- Meetings: those where the person was checked in (present, with apologies, or absent), those
  they host or hosted (any status but removed), and those they declined to host.
- Memo entries: an action item the person owns is theirs; an entry of kind *need* that is about
  them (mentioned with ``@``, owned, or naming them) is a need recorded about them; any other
  entry that mentions them with ``@`` or names them in its text, now or in an earlier wording, is
  listed with the way it names them. A name is found as :mod:`facilitator.names` finds it for a
  coordinator's copy (whole or in part, accents and case aside, with Finnish and Swedish
  endings); a part of the name that someone else on the roster shares ("Anna" beside another
  Anna) is listed as *perhaps* naming them, since the text alone cannot tell.
- Recordings: the meetings they were present at that hold sound, with the sound files' number and
  length and whether this workspace holds them (a coordinator's holds none before the recordings
  file is imported): their voice may be in them.
- Absences are listed with their reasons: they are the person's own data.
- Growth interviews are listed whole (intention, staff, turnover, barriers with their notes, what
  the network gives and its value); outcomes in their business with the members involved by name
  and the meetings behind them (those linked, and those of the memo entries linked), drafts too;
  and the outcomes of others that name them as involved, with whose they are.
- Others' interviews and outcomes whose typed texts name them (the interviewer, what the network
  gives, a barrier's note, an outcome's description), found as in a memo entry's text, with
  whose they are and only the texts that name them: the rest of another's interview is theirs.
- Feedback is anonymous: nothing links a response to its writer, so none can be listed.
- Bundles: those written here that carried a record about the person (their roster record,
  absences, attendance, action items or mentions, meetings they host), when, for whom and in
  which form. Bundles written before the app recorded whom a bundle carried are listed apart:
  they held the group's records changed since the bundle before, which may have been theirs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from facilitator.history import MeetingRecords, entry_meetings
from facilitator.i18n import _
from facilitator.local_time import local_day
from facilitator.model import Absence, Group, Interview, Meeting, MemoEntry, MemoKind, Outcome, Person, Presence
from facilitator.model.interview import barrier_note_field
from facilitator.names import NameHider, name_forms

#: What the name finder puts where it finds the person, someone else, or a part they share; in
#: Unicode's private use area, which no typed text holds.
_THEM, _SOMEONE_ELSE, _SHARED = "\ue000", "\ue001", "\ue002"


class Naming(StrEnum):
    """How a memo entry is about the person."""

    MENTIONED = "mentioned"  # with @, so the entry lists them
    OWNER = "owner"  # they own the action item
    NAMED = "named"  # their name or company is in the text
    PERHAPS = "perhaps"  # a part of their name that someone else on the roster shares is in the text
    EARLIER = "earlier_wording"  # an earlier wording of the entry named or mentioned them


class CarriedForm(StrEnum):
    """In which form a bundle carried the person's records."""

    COMPLETE = "complete"  # for the group's other facilitator: everything
    NAMED = "named"  # for the coordinator, with the name and contact details (both consents given)
    NAMED_WITHOUT_CONTACT = "named_without_contact"  # for the coordinator, named, contact details left out
    PSEUDONYM = "pseudonym"  # for the coordinator, under a pseudonym (no consent to research use)


@dataclass(frozen=True)
class MeetingPart:
    """A meeting the person took part in, hosts or declined to host, on its local day."""

    meeting: Meeting
    day: date
    #: Their attendance (None for a meeting they only host or declined).
    presence: Presence | None = None
    arrived_at: datetime | None = None
    #: A consent to recording given on the spot at this meeting.
    audio_consent: date | None = None


@dataclass(frozen=True)
class RecordedMeeting:
    """A meeting the person was present at that holds sound: its files, their length as far as known,
    and how many of them this workspace holds (None: not looked at)."""

    meeting: Meeting
    day: date
    files: tuple[str, ...]
    seconds: float | None
    held: int | None = None


@dataclass(frozen=True)
class EntryAboutThem:
    """A memo entry that is about the person, where it was written, and how it is about them."""

    entry: MemoEntry
    meeting: Meeting
    day: date
    namings: tuple[Naming, ...]


@dataclass(frozen=True)
class OutcomeShown:
    """An outcome as the report shows it: whose it is, the members involved and the meetings behind
    it (those linked and those of the memo entries linked), each by name or by day and theme."""

    outcome: Outcome
    whose: str
    involved: tuple[str, ...]
    meetings: tuple[MeetingPart, ...]


@dataclass(frozen=True)
class TextsNamingThem:
    """Another person's interview or outcome whose typed texts name the person, as a memo entry's
    text may: whose record it is, each of its texts that names them by the field it answers
    (``interviewer``, ``network_gives``, a barrier's note as :func:`barrier_note_field` keys it,
    ``description``), and how it names them (:attr:`Naming.NAMED` or :attr:`Naming.PERHAPS`)."""

    record: Interview | Outcome
    whose: str
    texts: tuple[tuple[str, str], ...]
    naming: Naming


@dataclass(frozen=True)
class BundleCarried:
    """A bundle written here for one of the person's groups: when, for whom, where, and in which form
    it carried their records; ``form`` None: written before the app recorded whom a bundle carried."""

    made_at: datetime
    audience: str
    file: str
    form: CarriedForm | None


@dataclass(frozen=True)
class PersonData:
    """Everything a workspace holds about one person, gathered by :func:`gather_person_data`."""

    person: Person
    group: Group
    attended: tuple[MeetingPart, ...]
    hosted: tuple[MeetingPart, ...]
    declined: tuple[MeetingPart, ...]
    actions: tuple[EntryAboutThem, ...]
    needs: tuple[EntryAboutThem, ...]
    mentions: tuple[EntryAboutThem, ...]
    absences: tuple[Absence, ...]
    bundles: tuple[BundleCarried, ...]
    #: How many feedback responses the meetings they attended hold: none can be told to be theirs.
    feedback_at_their_meetings: int
    #: Their growth interviews, oldest first.
    interviews: tuple[Interview, ...] = ()
    #: The outcomes in their business, drafts too, oldest first.
    outcomes: tuple[OutcomeShown, ...] = ()
    #: Others' outcomes that name them among the members involved, oldest first.
    involved_in: tuple[OutcomeShown, ...] = ()
    #: Others' interviews whose answers (the interviewer too) name them, oldest first.
    interviews_naming: tuple[TextsNamingThem, ...] = ()
    #: Others' outcomes whose description names them, those of :attr:`involved_in` left out
    #: (listed whole there), oldest first.
    outcomes_naming: tuple[TextsNamingThem, ...] = ()
    #: Records about them that are held but left out of the lists above, because a time of theirs
    #: cannot be placed on a calendar (see :mod:`facilitator.placing`), each as the app names it.
    set_aside: tuple[str, ...] = ()
    #: The meetings they were present at that hold sound, oldest first.
    recorded: tuple[RecordedMeeting, ...] = ()


def gather_person_data(
    person: Person,
    group: Group,
    roster: Sequence[Person],
    meetings: Sequence[Meeting],
    records: Mapping[str, MeetingRecords],
    absences: Sequence[Absence],
    bundles: Sequence[BundleCarried],
    interviews: Sequence[Interview] = (),
    outcomes: Sequence[Outcome] = (),
) -> PersonData:
    """What ``person`` of ``group`` has in the group's records: its ``roster`` (to tell names
    apart), ``meetings``, each meeting's own ``records`` by meeting id, the group's ``absences``,
    the ``bundles`` written for the group (those that did not carry the person are left out), and
    the group's ``interviews`` and ``outcomes`` (the person's own among them)."""
    zone = group.time_zone
    finder = _name_finder(person, roster)
    attended: list[MeetingPart] = []
    hosted: list[MeetingPart] = []
    declined: list[MeetingPart] = []
    actions: list[EntryAboutThem] = []
    needs: list[EntryAboutThem] = []
    mentions: list[EntryAboutThem] = []
    feedback = 0
    recorded: list[RecordedMeeting] = []
    for meeting in sorted(meetings, key=lambda meeting: (meeting.starts_at, meeting.id)):
        if meeting.deleted:
            continue
        day = local_day(meeting.starts_at, zone)
        found = records.get(meeting.id, MeetingRecords())
        if meeting.host_id == person.id:
            hosted.append(MeetingPart(meeting, day))
        if person.id in meeting.declined_by:
            declined.append(MeetingPart(meeting, day))
        rows = [row for row in found.attendance if row.person_id == person.id and not row.deleted]
        for row in rows:
            attended.append(MeetingPart(meeting, day, row.status, row.arrived_at, row.audio_consent))
        if any(row.status is Presence.PRESENT for row in rows):
            feedback += sum(not response.deleted for response in found.feedback)
            if sound := _recorded(meeting, day):
                recorded.append(sound)
        for entry in sorted(found.memo, key=lambda entry: (entry.written_at, entry.id)):
            if entry.deleted:
                continue
            namings = _namings(entry, person, finder)
            if not namings:
                continue
            about = EntryAboutThem(entry, meeting, day, namings)
            if entry.kind is MemoKind.ACTION and Naming.OWNER in namings:
                actions.append(about)
            elif entry.kind is MemoKind.NEED:
                needs.append(about)
            else:
                mentions.append(about)
    theirs = sorted(
        (absence for absence in absences if absence.person_id == person.id and not absence.deleted),
        key=lambda absence: (absence.starts, absence.id),
    )
    return PersonData(
        person=person,
        group=group,
        attended=tuple(attended),
        hosted=tuple(hosted),
        declined=tuple(declined),
        actions=tuple(actions),
        needs=tuple(needs),
        mentions=tuple(mentions),
        absences=tuple(theirs),
        bundles=tuple(bundle for bundle in bundles if _may_have_carried(bundle, person)),
        feedback_at_their_meetings=feedback,
        recorded=tuple(recorded),
        interviews=tuple(
            sorted(
                (interview for interview in interviews if interview.person_id == person.id and not interview.deleted),
                key=Interview.order_key,
            )
        ),
        outcomes=_outcomes_shown(
            [outcome for outcome in outcomes if outcome.person_id == person.id],
            [*roster, person],
            meetings,
            records,
            zone,
        ),
        involved_in=_outcomes_shown(
            [outcome for outcome in outcomes if person.id in outcome.involved and outcome.person_id != person.id],
            [*roster, person],
            meetings,
            records,
            zone,
        ),
        interviews_naming=_texts_naming(
            [interview for interview in interviews if interview.person_id != person.id],
            finder,
            [*roster, person],
        ),
        outcomes_naming=_texts_naming(
            [outcome for outcome in outcomes if outcome.person_id != person.id and person.id not in outcome.involved],
            finder,
            [*roster, person],
        ),
    )


def _recorded(meeting: Meeting, day: date) -> RecordedMeeting | None:
    """The meeting's sound as the report tells it, or None when it holds none."""
    sounds = [recording for recording in meeting.recordings if recording.has_audio]
    if not sounds:
        return None
    lengths = [recording.audio_seconds for recording in sounds]
    seconds = None if any(length is None for length in lengths) else sum(length or 0.0 for length in lengths)
    return RecordedMeeting(meeting, day, tuple(recording.audio_file for recording in sounds), seconds)


def _texts_naming(
    records: Sequence[Interview | Outcome], finder: NameHider, roster: Sequence[Person]
) -> tuple[TextsNamingThem, ...]:
    """Those of ``records`` (removed ones left out) whose texts name the person as ``finder`` marks
    them, or perhaps name them, each with those texts; oldest first."""
    names = {other.id: other.name for other in roster}
    found: list[TextsNamingThem] = []
    in_order: list[Interview | Outcome] = sorted(records, key=lambda record: record.order_key())
    for record in in_order:
        if record.deleted:
            continue
        marked = [(field, text, finder(text)) for field, text in _typed_texts(record) if text.strip()]
        texts = tuple((field, text) for field, text, found_in in marked if _THEM in found_in or _SHARED in found_in)
        if texts:
            named = any(_THEM in found_in for _field, _text, found_in in marked)
            whose = names.get(record.person_id) or _("someone no longer on the roster")
            found.append(TextsNamingThem(record, whose, texts, Naming.NAMED if named else Naming.PERHAPS))
    return tuple(found)


def _typed_texts(record: Interview | Outcome) -> list[tuple[str, str]]:
    """The typed texts of an interview or an outcome, each by the field it answers."""
    if isinstance(record, Outcome):
        return [("description", record.description)]
    notes = [(barrier_note_field(barrier), note) for barrier, note in record.barrier_list()]
    return [("interviewer", record.interviewer), *notes, ("network_gives", record.network_gives)]


def _outcomes_shown(
    outcomes: Sequence[Outcome],
    roster: Sequence[Person],
    meetings: Sequence[Meeting],
    records: Mapping[str, MeetingRecords],
    zone: str,
) -> tuple[OutcomeShown, ...]:
    """``outcomes`` (removed ones left out) with names for people and days for meetings, oldest first."""
    names = {other.id: other.name for other in roster}
    by_id = {meeting.id: meeting for meeting in meetings if not meeting.deleted}
    meeting_of_entry = entry_meetings(records)

    def name(person_id: str) -> str:
        return names.get(person_id) or _("someone no longer on the roster")

    shown = []
    for outcome in sorted(outcomes, key=Outcome.order_key):
        if outcome.deleted:
            continue
        linked = outcome.meetings_behind(meeting_of_entry)
        behind = sorted(
            {meeting_id: by_id[meeting_id] for meeting_id in linked if meeting_id in by_id}.values(),
            key=lambda meeting: (meeting.starts_at, meeting.id),
        )
        shown.append(
            OutcomeShown(
                outcome,
                name(outcome.person_id),
                tuple(name(person_id) for person_id in outcome.involved),
                tuple(MeetingPart(meeting, local_day(meeting.starts_at, zone)) for meeting in behind),
            )
        )
    return tuple(shown)


def _may_have_carried(bundle: BundleCarried, person: Person) -> bool:
    """Whether the bundle is one that carried the person's records, or may have (not recorded, and
    written once the person was on the roster)."""
    if bundle.form is not None:
        return True
    return person.created_at is None or bundle.made_at >= person.created_at


def _name_finder(person: Person, roster: Sequence[Person]) -> NameHider:
    """Marks, in a text, the person's name and company, the names of others, and parts of the
    person's name that others share (see :func:`facilitator.names.name_forms`)."""
    others = [other for other in roster if other.id != person.id and other.name.strip()]
    return NameHider(
        name_forms(
            [(person.name, _THEM)] + [(other.name, _SOMEONE_ELSE) for other in others],
            [],
            [other.company for other in others if other.company],
            ambiguous=_SHARED,
            hidden_organisations=[(person.company, _THEM)] if person.company.strip() else [],
        )
    )


def _namings(entry: MemoEntry, person: Person, finder: NameHider) -> tuple[Naming, ...]:
    """How ``entry`` is about ``person``: none when it is not."""
    namings: list[Naming] = []
    if person.id in entry.people:
        namings.append(Naming.MENTIONED)
    if entry.owner_id == person.id:
        namings.append(Naming.OWNER)
    marked = finder(entry.text)
    if _THEM in marked:
        namings.append(Naming.NAMED)
    elif _SHARED in marked:
        namings.append(Naming.PERHAPS)
    if not namings and any(
        person.id in revision.people or revision.owner_id == person.id or _THEM in finder(revision.text)
        for revision in entry.revisions
    ):
        namings.append(Naming.EARLIER)
    return tuple(namings)
