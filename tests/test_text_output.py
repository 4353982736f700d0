"""Printing words from elsewhere: a name from a file never controls the terminal, and a character
the output's encoding lacks never stops the printing (Windows writes redirected output in cp1252)."""

from __future__ import annotations

from facilitator.text import BASE_LETTERS, printable


def test_a_character_cp1252_lacks_is_written_as_its_base_letter_or_a_question_mark() -> None:
    # cp1252 calls itself "charmap" in its errors, a codec that would write U+009B as it is.
    assert "Čuoŋ \x9b\u202e 😀".encode("cp1252", BASE_LETTERS) == b"Cuon ?? ?"


def test_terminal_controls_and_direction_overrides_are_taken_out() -> None:
    assert (
        printable("Inari\x1b]0;title\x07\x1b[2J \u202eetad\u202c\tpeer\ngroup\x9b")
        == "Inari]0;title[2J etad peer group"
    )
    assert printable("Čuoŋ 😀 Åsa") == "Čuoŋ 😀 Åsa"
