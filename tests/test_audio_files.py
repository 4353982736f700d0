"""Sound files as a phone, a recorder or the app itself leaves them: their length, their sound from
a moment on, an MP3 copy for the researchers, and a clear refusal of what is no sound."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.audio import UnreadableAudio
from facilitator.audio.files import AUDIO_SUFFIXES, audio_seconds, decoded_pcm, write_mp3
from tests.sound_support import hum, silence, tone_samples, tone_spans, write_sound

#: Two seconds of silence, a one-second tone of 700 Hz, a second and a half of silence: 4.5 s.
TONE_AT, TONE_SECONDS, LENGTH = 2.0, 1.0, 4.5


def sound(path: Path) -> Path:
    write_sound(path, silence(TONE_AT) + tone_samples(700, TONE_SECONDS) + silence(LENGTH - TONE_AT - TONE_SECONDS))
    return path


@pytest.mark.parametrize("suffix", [".opus", ".mp3", ".m4a", ".aac", ".wav", ".flac"])
def test_the_length_of_each_kind_of_file(tmp_path: Path, suffix: str) -> None:
    assert suffix in AUDIO_SUFFIXES
    assert audio_seconds(sound(tmp_path / f"meeting{suffix}")) == pytest.approx(LENGTH, abs=0.05)


@pytest.mark.parametrize("suffix", [".opus", ".mp3", ".m4a", ".aac", ".wav"])
def test_the_sound_from_a_moment_on_starts_at_that_moment(tmp_path: Path, suffix: str) -> None:
    path = sound(tmp_path / f"meeting{suffix}")
    whole = b"".join(decoded_pcm(path, 0.0))
    later = b"".join(decoded_pcm(path, 1.5))
    assert len(whole) / 2 / 48_000 == pytest.approx(LENGTH, abs=0.05)
    assert len(later) / 2 / 48_000 == pytest.approx(LENGTH - 1.5, abs=0.05)
    ((start, end),) = tone_spans(whole, 700)
    assert (start, end) == pytest.approx((TONE_AT, TONE_AT + TONE_SECONDS), abs=0.05)
    ((start, end),) = tone_spans(later, 700)
    assert (start, end) == pytest.approx((TONE_AT - 1.5, TONE_AT - 1.5 + TONE_SECONDS), abs=0.05)


@pytest.mark.parametrize("suffix", [".aac", ".mp3"])
def test_a_long_file_whose_container_only_estimates_its_length_is_measured(tmp_path: Path, suffix: str) -> None:
    """Raw AAC (ADTS) writes no length, nor does an MP3 without a length header: FFmpeg guesses it
    from the bit rate, minutes off on a meeting of silence and speech. The length is counted."""
    quiet_then_loud = silence(20.0) + b"".join(hum(5.0)) + silence(10.0)
    path = write_sound(tmp_path / f"recorder{suffix}", quiet_then_loud)
    assert audio_seconds(path) == pytest.approx(35.0, abs=0.1)


def test_the_sound_from_past_its_end_is_nothing(tmp_path: Path) -> None:
    assert b"".join(decoded_pcm(sound(tmp_path / "meeting.wav"), LENGTH + 10)) == b""


@pytest.mark.parametrize("suffix", [".opus", ".m4a", ".wav"])
def test_an_mp3_copy_keeps_the_length_and_the_moments(tmp_path: Path, suffix: str) -> None:
    source = sound(tmp_path / f"meeting{suffix}")
    target = tmp_path / "for the researchers.mp3"
    write_mp3(source, target)
    assert audio_seconds(target) == pytest.approx(audio_seconds(source), abs=0.1)
    import av

    with av.open(str(target)) as container:
        (stream,) = container.streams.audio
        assert container.format.name == "mp3"
        assert stream.channels == 1
    ((start, _end),) = tone_spans(b"".join(decoded_pcm(target, 0.0)), 700)
    assert start == pytest.approx(TONE_AT, abs=0.1)
    assert not list(tmp_path.glob("*.part"))


def test_a_text_file_named_as_sound_is_refused_with_its_name(tmp_path: Path) -> None:
    impostor = tmp_path / "phone recording.m4a"
    impostor.write_text("Minutes of the meeting, not its sound.\n", encoding="utf-8")
    for reading in (audio_seconds, lambda path: next(decoded_pcm(path, 0.0))):
        with pytest.raises(UnreadableAudio) as refused:
            reading(impostor)
        assert "phone recording.m4a" in str(refused.value)
    with pytest.raises(UnreadableAudio, match=r"phone recording\.m4a"):
        write_mp3(impostor, tmp_path / "copy.mp3")
    assert not (tmp_path / "copy.mp3").exists()
    assert not list(tmp_path.glob("*.part"))


def test_a_missing_file_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(UnreadableAudio, match=r"gone\.opus"):
        audio_seconds(tmp_path / "gone.opus")


def test_a_recording_cut_short_still_gives_its_length_and_sound(tmp_path: Path) -> None:
    """An Ogg Opus file whose writing stopped mid-way (the power went): no last page, no length
    written; what is there is counted and plays."""
    whole = tmp_path / "whole.opus"
    write_sound(whole, silence(1.0) + tone_samples(700, 9.0))
    cut = tmp_path / "cut.opus"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) * 6 // 10])
    seconds = audio_seconds(cut)
    assert 4.0 < seconds < 8.0
    pcm = b"".join(decoded_pcm(cut, 0.0))
    assert len(pcm) / 2 / 48_000 == pytest.approx(seconds, abs=0.1)
    ((start, _end),) = tone_spans(pcm, 700)
    assert start == pytest.approx(1.0, abs=0.05)
