"""The eleven activity codes of DESIGN §4."""

from __future__ import annotations

from facilitator.activities import activities, activity


def test_the_eleven_codes_in_the_order_of_the_design() -> None:
    assert [entry.code for entry in activities()] == ["PS", "RI", "SE", "RA", "CS", "BA", "GC", "DD", "DP", "VI", "MK"]
    assert all(entry.name and entry.looks_like for entry in activities())


def test_codes_are_found_in_any_case_and_unknown_ones_are_not() -> None:
    assert activity("ps").name == "problem-solving"
    assert activity(" mk ").code == "MK"
    assert activity("XY") is None
