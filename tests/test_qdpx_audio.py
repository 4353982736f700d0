"""The REFI-QDA project holds the meetings' sound: each recording as an ``AudioSource`` with its MP3
inside the .qdpx, each memo entry as the moment from its offset to the next entry's, coded as its
text is, and the entries' text as the transcript synchronised at those moments; validated against
the standard's schema, the MP3 decoded back."""

from __future__ import annotations

import dataclasses
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import xmlschema

from exports.qdpx.audio import audio_parts
from exports.qdpx.codings_back import plan_codings_back
from exports.qdpx.reading import MAX_MEMBER_BYTES
from exports.qdpx.sources import meeting_sources, source_guid
from exports.research import ResearchExport, write_research_export
from facilitator.model import MeetingStatus, MemoEntry, MemoKind
from facilitator.pseudonyms import pseudonym
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import make_demo
from tests.qdpx_audio_support import QDA, Heard, Part, audio_sources, mp3_seconds, record, with_offsets
from tests.qdpx_import_support import coordinator as coordinator, network as network
from tests.qdpx_support import SCHEMA, code_guids, read_qdpx
from tests.research_support import inari_and_two_members
from tests.sync_support import opened


@dataclasses.dataclass
class Recorded:
    folder: Path
    export: ResearchExport
    progress: list[tuple[int, int]]
    one: tuple[str, Part]  # (meeting id, its one recording)
    two: tuple[str, Part, Part]  # a meeting recorded in two parts
    no_consent: str  # a meeting with a sound whose attendees did not all consent
    not_here: str  # a meeting whose sound was not brought here
    hidden_name: str
    hidden_pseudonym: str


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    folder = tmp_path_factory.mktemp("qdpx-audio") / "demo"
    make_demo(folder)
    with Workspace.open(folder, purpose="test") as workspace:
        repository = Repository(workspace)
        group, _shown, hidden = inari_and_two_members(repository)
        meetings = [
            meeting
            for meeting in repository.meetings(group.id)
            if meeting.status is MeetingStatus.HELD and len(live(repository, meeting.id)) >= 6
        ]
        for meeting in meetings:  # what the demo recorded: out of the way of the meetings these tests record
            repository.save_meeting(dataclasses.replace(meeting, recordings=[]))
        one, two, no_consent, not_here = (repository.meeting(meeting.id) for meeting in meetings[-4:])
        named = repository.save_memo_entry(
            MemoEntry(
                meeting_id=one.id,
                group_id=group.id,
                text=f"{hidden.name} told of the winter prices",
                written_at=live(repository, one.id)[-1].written_at + timedelta(minutes=1),
                kind=MemoKind.DECISION,
                codes=["SE"],
            )
        )
        entries = live(repository, one.id)
        assert entries[-1].id == named.id
        # Two entries in the same second, one at the very start, the last a second past a sound 0.4 s shorter.
        offsets = [0, 2, 2, *range(4, 4 + 2 * (len(entries) - 4), 2), 0][: len(entries)]
        offsets[-1] = max(offsets) + 3
        first = Part(offsets[-1] - 0.4 + 0.0, with_offsets(entries, offsets), "recording-1.wav")
        record(repository, one, [first])
        entries = live(repository, two.id)
        half = len(entries) // 2
        parts = [
            Part(6.0, with_offsets(entries[:half], [1 + n for n in range(half)]), "recording-1.wav"),
            Part(5.0, with_offsets(entries[half:], [n % 4 for n in range(len(entries) - half)]), "recording-2.wav"),
        ]
        record(repository, two, parts)
        entries = live(repository, no_consent.id)
        record(repository, no_consent, [Part(4.0, with_offsets(entries, [0] * len(entries)), "recording-1.wav")])
        for attendance in repository.attendance(no_consent.id):
            person = repository.people(group.id)
            by_id = {each.id: each for each in person}
            if attendance.person_id in by_id and attendance.status.value == "present":
                repository.save_attendance(dataclasses.replace(attendance, audio_consent=None))
                repository.save_person(dataclasses.replace(by_id[attendance.person_id], audio_consent=None))
                break
        entries = live(repository, not_here.id)
        record(repository, not_here, [Part(4.0, with_offsets(entries, [0] * len(entries)), "recording-1.wav")])
        (repository.workspace.folder / "meetings" / not_here.id / "recording-1.wav").unlink()
        progress: list[tuple[int, int]] = []
        made = write_research_export(
            repository, "qdpx", group, to=tmp_path_factory.mktemp("out"), progress=lambda *told: progress.append(told)
        )
        return Recorded(
            folder=folder,
            export=made,
            progress=progress,
            one=(one.id, dataclasses.replace(first, entries=live(repository, one.id))),
            two=(two.id, *(dataclasses.replace(part, entries=part.entries) for part in parts)),
            no_consent=no_consent.id,
            not_here=not_here.id,
            hidden_name=hidden.name,
            hidden_pseudonym=pseudonym(hidden.id, "Member"),
        )


def live(repository: Repository, meeting_id: str) -> list[MemoEntry]:
    return [entry for entry in repository.memo(meeting_id) if not entry.deleted]


def source_name(project: Path, meeting_id: str) -> str:
    root = read_qdpx(project).root
    (source,) = (each for each in root.iter(f"{QDA}TextSource") if each.get("guid") == source_guid(meeting_id))
    return source.get("name", "")


def heard(recorded: Recorded, meeting_id: str) -> dict[str, Heard]:
    name = source_name(recorded.export.path, meeting_id)
    return {key: value for key, value in audio_sources(recorded.export.path).items() if key.startswith(name + " ")}


def test_the_project_with_sound_is_valid_and_the_mp3_plays_as_long_as_the_recording(
    recorded: Recorded, tmp_path: Path
) -> None:
    project = read_qdpx(recorded.export.path)
    xmlschema.XMLSchema(SCHEMA).validate(project.qde)
    meeting_id, part = recorded.one
    (sound,) = heard(recorded, meeting_id).values()
    assert sound.stored
    assert abs(mp3_seconds(sound.mp3, tmp_path) - part.seconds) <= 0.2
    assert recorded.export.recordings >= 3
    assert "recordings with their sound" in recorded.export.summary()
    # Read group by group, then recording by recording: the bar ends full, never goes back.
    assert recorded.progress[-1][0] == recorded.progress[-1][1]
    assert [done / total for done, total in recorded.progress] == sorted(
        done / total for done, total in recorded.progress
    )


def test_each_entry_is_the_moment_from_its_offset_to_the_next_coded_with_its_codes(recorded: Recorded) -> None:
    meeting_id, part = recorded.one
    (sound,) = heard(recorded, meeting_id).values()
    length = sound.sync[-1][1]
    assert abs(length - part.seconds * 1000) <= 200
    guids = code_guids()
    expected = []
    for entry in part.entries:
        assert entry.recording_offset is not None
        begin = min(entry.recording_offset * 1000, length)
        later = [
            moment for other in part.entries if (moment := min((other.recording_offset or 0) * 1000, length)) > begin
        ]
        end = min(later, default=length)
        codes = (
            sorted(guids[code.upper()] for code in entry.codes if code.upper() in guids) if entry.text.strip() else []
        )
        expected += [(begin, end, [guid]) for guid in codes] or [(begin, end, [])]
    found = [(begin, end, refs) for begin, end, _name, refs in sound.selections]
    assert sorted(found) == sorted(expected)
    # The last entry lies a second past the sound's end: its moment is the sound's last.
    assert (length, length) in {(begin, end) for begin, end, _refs in found}
    # Named by the time it was typed and its kind.
    assert all(" · " in name for _b, _e, name, _r in sound.selections)


def test_the_transcript_is_synchronised_at_each_entrys_header_line(recorded: Recorded) -> None:
    meeting_id, part = recorded.one
    (sound,) = heard(recorded, meeting_id).values()
    assert sound.sync[-1] == (len(sound.transcript), sound.sync[-1][1])
    by_offset = sorted(part.entries, key=lambda entry: entry.recording_offset or 0)
    assert [stamp for _position, stamp in sound.sync[:-1]] == [
        min((entry.recording_offset or 0) * 1000, sound.sync[-1][1]) for entry in by_offset
    ]
    for (position, _stamp), entry in zip(sound.sync, by_offset, strict=False):
        header = sound.transcript[position:].partition("\n")[0]
        assert entry.kind.label in header.split(" · ") and sound.transcript[position - 2 : position] == "\n\n"


def test_a_meeting_recorded_twice_has_a_source_for_each_part_with_its_own_entries(recorded: Recorded) -> None:
    meeting_id, first, second = recorded.two
    sounds = heard(recorded, meeting_id)
    assert sorted(name.rsplit(" ", 1)[-1] for name in sounds) == ["1", "2"]
    for sound, part in zip(sorted(sounds.items()), (first, second), strict=True):
        assert {begin for begin, _e, _n, _r in sound[1].selections} == {
            (entry.recording_offset or 0) * 1000 for entry in part.entries
        }
        assert abs(sound[1].sync[-1][1] - part.seconds * 1000) <= 200


def test_no_sound_leaves_without_everyones_consent_nor_when_it_is_not_here(recorded: Recorded) -> None:
    for meeting_id in (recorded.no_consent, recorded.not_here):
        assert source_name(recorded.export.path, meeting_id)  # the text source is there
        assert heard(recorded, meeting_id) == {}
    with Workspace.open(recorded.folder, purpose="test") as workspace:
        repository = Repository(workspace)
        sources = meeting_sources(repository, repository.groups())
        wanted = {recorded.no_consent, recorded.not_here}
        assert [part for part in audio_parts(workspace.folder, sources) if part.source.meeting.id in wanted] == []


def test_the_transcript_hides_whom_the_text_source_hides(recorded: Recorded) -> None:
    project = read_qdpx(recorded.export.path)
    meeting_id, _part = recorded.one
    (sound,) = heard(recorded, meeting_id).values()
    assert recorded.hidden_name not in sound.transcript and recorded.hidden_pseudonym in sound.transcript
    text = project.texts[source_guid(meeting_id)]
    # Every entry's header line and text is the text source's, character for character.
    sections = sound.transcript.split("\n\n")
    assert all(section.strip("\n") in text for section in sections)
    with zipfile.ZipFile(recorded.export.path) as archive:
        for name in archive.namelist():
            if name.endswith(".txt"):
                assert recorded.hidden_name not in archive.read(name).decode("utf-8")


def test_codings_back_leave_the_sound_alone_however_large(coordinator: Path, tmp_path: Path) -> None:
    with opened(coordinator) as repository:
        repository.load_all()
        meeting = next(
            meeting
            for group in repository.groups()
            for meeting in repository.meetings(group.id)
            if meeting.status is MeetingStatus.HELD and len(live(repository, meeting.id)) >= 3
        )
        entries = live(repository, meeting.id)
        record(repository, meeting, [Part(3.0, with_offsets(entries, [0] * len(entries)), "recording-1.wav")])
        made = write_research_export(repository, "qdpx", to=tmp_path)
        assert made.recordings >= 1
        # A researcher's own long recording beside it (a three-hour MP3 is more than a text may be).
        with zipfile.ZipFile(made.path, "a") as archive:
            archive.writestr(zipfile.ZipInfo("sources/interview.mp3"), bytes(MAX_MEMBER_BYTES + 1))
        plan = plan_codings_back(repository, made.path)
    assert plan.sources >= 1 and plan.foreign_sources == []
    assert plan.recodes == [] and plan.conflicts == [] and plan.strays == []
