"""The meetings' sound in the REFI-QDA project: each recording held here as an ``AudioSource``, its
memo entries as the moments in it, and its entries' text as the source's transcript.

A held meeting's recording goes into the project when its sound file is here and everyone present
consented to the recording (a sound kept against that rule stays on this laptop). A meeting with
several recordings (stopped and started again) gives one source per sound file ("part 1",
"part 2"); each entry goes into the recording that holds its moment
(:func:`facilitator.recordings.recording_of_entry`), at its offset: seconds into the sound, pauses
excluded, as the memo keeps it.

The schema (QDA-XML 1.0) says no unit: the standard's documentation and the tools count an
``AudioSelection``'s ``begin`` and ``end`` and a ``SyncPoint``'s ``timeStamp`` in milliseconds,
and a ``SyncPoint``'s ``position`` in characters of the transcript (code points, as the text
sources). Each entry is a selection from its offset to the next later entry's (the last to the
sound's end), one per code with that code's ``Coding`` as the text selections have (an entry
without codes, or without text, a selection without coding: a moment to find). The transcript is
the meeting's heading and the part's entries exactly as the text source writes them (so research
consent hides the same names), with a sync point at each entry's header line and one at the end.
It carries no coded ``TranscriptSelection``: the same entry is coded in the text source already,
and a third coding of it would count thrice in a tool's code frequencies.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from exports.qdpx.reading import INTERNAL
from exports.qdpx.sources import EntrySpan, MeetingSource
from exports.research_codes import code_guid
from facilitator.i18n import _
from facilitator.model import Recording
from storage.recordings import meeting_folder

#: The namespace of the sound's GUIDs (sources, transcripts, sync points, selections, codings).
_AUDIO_NAMESPACE = uuid.UUID("3d8e5b7c-4a2f-5c1e-9b6d-8f0a2c4e6b1d")
#: The sound in the project: MP3, which every common QDA tool opens (not every one opens Ogg).
SOUND_SUFFIX = ".mp3"
#: How far past the sound's end an entry's offset may lie and still be its last moment (an entry
#: typed as the recording stopped: its whole seconds round up past a sound a little shorter).
_PAST_THE_END_MS = 1000


def _guid(*parts: str) -> str:
    return str(uuid.uuid5(_AUDIO_NAMESPACE, "/".join(parts))).upper()


@dataclass(frozen=True)
class AudioPart:
    """One recording of a held meeting whose sound is here, as a source of the project."""

    source: MeetingSource  # the meeting's text source
    recording: Recording
    number: int  # among the meeting's recordings with a sound, from 1
    parts: int  # how many recordings with a sound the meeting has (held here or not)
    sound: Path  # the sound file in the meeting's folder
    entries: tuple[EntrySpan, ...]  # the entries whose moment it holds, by offset

    @property
    def guid(self) -> str:
        return _guid("source", self.source.meeting.id, self.recording.audio_file)

    @property
    def transcript_guid(self) -> str:
        return _guid("transcript", self.source.meeting.id, self.recording.audio_file)

    @property
    def name(self) -> str:
        """ "Inari peer group 2025-03-14 – recording" (", part 2" when the meeting has several)."""
        if self.parts == 1:
            return _("{source} – recording").format(source=self.source.name)
        return _("{source} – recording, part {number}").format(source=self.source.name, number=self.number)

    @property
    def sound_member(self) -> str:
        """Where the MP3 lies in the .qdpx (the project names it ``internal://<guid>.mp3``)."""
        return f"sources/{self.guid}{SOUND_SUFFIX}"

    @property
    def transcript_member(self) -> str:
        return f"sources/{self.transcript_guid}.txt"

    def transcript(self) -> tuple[str, tuple[int, ...]]:
        """The transcript's text, and where each entry's header line starts in it (in the order of
        :attr:`entries`): the heading of the meeting's source, then each entry as the source has it."""
        text = self.source.text
        first = self.source.entries[0].header_start if self.source.entries else len(text)
        written = text[: max(first - 1, 0)]
        positions = []
        for span in self.entries:
            written += "\n"
            positions.append(len(written))
            written += text[span.header_start : span.end] + "\n"
        return written, tuple(positions)


def audio_parts(workspace_folder: Path, sources: Iterable[MeetingSource]) -> list[AudioPart]:
    """The recordings of ``sources`` that go into the project (see the module), by meeting and part:
    those whose sound is here (the coordinator has a meeting's sound once its sealed recordings
    file is imported; until then the meeting is a text source only)."""
    return [part for part in _parts(workspace_folder, sources) if part.sound.is_file()]


def sound_sources(sources: Iterable[MeetingSource]) -> tuple[frozenset[str], frozenset[str]]:
    """The GUIDs and the names of every ``AudioSource`` a project of ``sources`` may hold, whether
    or not the sound is here: what the import of codings back recognises as the app's own."""
    parts = _parts(Path(), sources)
    return frozenset(part.guid for part in parts), frozenset(part.name for part in parts)


def _parts(workspace_folder: Path, sources: Iterable[MeetingSource]) -> Iterator[AudioPart]:
    for source in sources:
        if not source.sound_allowed:
            continue
        meeting = source.meeting
        with_sound = [index for index, recording in enumerate(meeting.recordings) if recording.has_audio]
        for number, index in enumerate(with_sound, start=1):
            recording = meeting.recordings[index]
            held = sorted(
                (span for span in source.entries if span.recording == index and span.offset is not None),
                key=lambda span: span.offset or 0,
            )
            sound = meeting_folder(workspace_folder, meeting.id) / recording.audio_file
            yield AudioPart(source, recording, number, len(with_sound), sound, tuple(held))


def audio_source(sources: ET.Element, part: AudioPart, seconds: float, user: str, created: str) -> None:
    """The part's ``AudioSource`` (with its transcript and selections) in ``sources``; the MP3 lasts ``seconds``."""
    stamp = {"creatingUser": user, "creationDateTime": created}
    element = ET.SubElement(
        sources,
        "AudioSource",
        {"guid": part.guid, "name": part.name, "path": f"{INTERNAL}{part.guid}{SOUND_SUFFIX}", **stamp},
    )
    length = round(seconds * 1000)
    moments = [(span, min((span.offset or 0) * 1000, length)) for span in part.entries if _within(span, length)]
    text, positions = part.transcript()
    transcript = ET.SubElement(
        element,
        "Transcript",
        {"guid": part.transcript_guid, "name": part.name, "plainTextPath": f"{INTERNAL}{part.transcript_guid}.txt"}
        | stamp,
    )
    shown = dict(zip((span.entry_id for span in part.entries), positions, strict=True))
    for span, begin in moments:
        point = {"guid": _guid("sync", span.entry_id), "position": str(shown[span.entry_id]), "timeStamp": str(begin)}
        ET.SubElement(transcript, "SyncPoint", point)
    end = {"guid": _guid("sync-end", part.guid), "position": str(len(text)), "timeStamp": str(length)}
    ET.SubElement(transcript, "SyncPoint", end)
    for number, (span, begin) in enumerate(moments):
        finish = next((later for _span, later in moments[number + 1 :] if later > begin), length)
        codes: tuple[str | None, ...] = span.codes if span.coded else (None,)
        for code in codes:
            selection = ET.SubElement(
                element,
                "AudioSelection",
                {
                    "guid": _guid("selection", span.entry_id, code or ""),
                    "name": span.label if code is None else f"{span.label} · {code}",
                    "begin": str(begin),
                    "end": str(finish),
                    **stamp,
                },
            )
            if code is not None:
                coding = ET.SubElement(selection, "Coding", {"guid": _guid("coding", span.entry_id, code), **stamp})
                ET.SubElement(coding, "CodeRef", {"targetGUID": code_guid(code)})


def _within(span: EntrySpan, length: int) -> bool:
    """Whether the entry's moment lies in the sound (an offset past its end belongs to no moment of it)."""
    return span.offset is not None and span.offset * 1000 <= length + _PAST_THE_END_MS
