"""Dates, times and numbers in English, Finnish and Swedish, and typed times read either way."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from facilitator import dates
from facilitator.schedule import parse_time
from tests.language_support import speaking

DAY = date(2026, 12, 8)
MOMENT = datetime(2026, 12, 8, 17, 30, tzinfo=ZoneInfo("Europe/Helsinki"))
ENDS = datetime(2026, 12, 8, 20, 0, tzinfo=ZoneInfo("Europe/Helsinki"))

EXPECTED = {
    "en": {
        "date": "8 Dec 2026",
        "long_date": "8 December 2026",
        "day": "Tue 8 Dec 2026",
        "long_day": "Tuesday 8 December 2026",
        "time": "17:30",
        "range": "17:30–20:00",
        "month": "12/2026",
        "decimal": "4.5",
    },
    "fi": {
        "date": "8.12.2026",
        "long_date": "8. joulukuuta 2026",
        "day": "ti 8.12.2026",
        "long_day": "tiistai 8. joulukuuta 2026",
        "time": "17.30",
        "range": "17.30–20.00",
        "month": "12.2026",
        "decimal": "4,5",
    },
    "sv": {
        "date": "8 dec. 2026",
        "long_date": "8 december 2026",
        "day": "tis 8 dec. 2026",
        "long_day": "tisdag 8 december 2026",
        "time": "17:30",
        "range": "17:30–20:00",
        "month": "2026-12",
        "decimal": "4,5",
    },
}


@pytest.mark.parametrize("code", EXPECTED)
def test_each_language_writes_dates_times_and_numbers_its_own_way(code: str) -> None:
    expected = EXPECTED[code]
    with speaking(code):
        assert dates.format_date(DAY) == expected["date"]
        assert dates.format_long_date(DAY) == expected["long_date"]
        assert dates.format_day(DAY) == expected["day"]
        assert dates.format_long_day(DAY) == expected["long_day"]
        assert dates.format_time(MOMENT) == dates.format_time(time(17, 30)) == expected["time"]
        assert dates.format_month_year(DAY) == expected["month"]
        assert dates.format_decimal(4.5) == expected["decimal"]


def test_a_moment_is_its_long_day_and_its_time() -> None:
    with speaking("en"):
        assert dates.format_moment(MOMENT) == "Tuesday 8 December 2026 at 17:30"
    with speaking("fi"):
        assert dates.format_moment(MOMENT) == "tiistai 8. joulukuuta 2026 klo 17.30"
    with speaking("sv"):
        assert dates.format_moment(MOMENT) == "tisdag 8 december 2026 kl. 17:30"
    with speaking("fi"):
        assert dates.format_moment(MOMENT, ENDS) == "tiistai 8. joulukuuta 2026 klo 17.30–20.00"


@pytest.mark.parametrize("code", EXPECTED)
def test_a_time_range_follows_the_language(code: str) -> None:
    with speaking(code):
        assert dates.format_time_range(MOMENT, ENDS) == EXPECTED[code]["range"]


def test_times_are_written_in_the_zone_they_carry() -> None:
    with speaking("fi"):
        assert dates.format_time(MOMENT.astimezone(UTC)) == "15.30"


def test_month_and_weekday_names_come_standing_alone() -> None:
    with speaking("fi"):
        assert dates.month_names()[11] == "joulukuu" and dates.month_names("abbreviated")[0] == "tammi"
        assert dates.weekday_names() == [
            "maanantai",
            "tiistai",
            "keskiviikko",
            "torstai",
            "perjantai",
            "lauantai",
            "sunnuntai",
        ]
    with speaking("sv"):
        assert dates.month_names()[5] == "juni" and dates.weekday_names()[1] == "tisdag"


@pytest.mark.parametrize("text", ["17:30", "17.30", " 7.05 ", "07:05"])
def test_a_typed_time_may_use_a_colon_or_the_finnish_dot(text: str) -> None:
    assert parse_time(text) in {time(17, 30), time(7, 5)}


@pytest.mark.parametrize("text", ["24.00", "17,30", "1730", "17:3", "soon", ""])
def test_other_texts_are_not_times(text: str) -> None:
    assert parse_time(text) is None


def test_every_language_reads_back_the_times_it_writes() -> None:
    for code in EXPECTED:
        with speaking(code):
            assert parse_time(dates.format_time(MOMENT)) == time(17, 30)
