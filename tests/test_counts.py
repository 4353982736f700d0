"""Counts as the user's language writes them: thousands grouped with a no-break space in Finnish and
Swedish ("1 481 uutta"), with a comma in English ("1,481 new"), in the places a coordinator reads
them: the import of a large bundle, the command line's search, the lines the screens put together.
A staff figure typed back as the app shows it ("1 200") is read."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from exports.bundle.importer import ImportReport, ImportStatus, counted
from exports.bundle.merge import Outcome
from facilitator.checkin import Counts
from facilitator.dates import format_count, format_percent
from facilitator.model.development import read_staff
from screens.actions import open_and_overdue
from storage.workspace import WorkspaceRole
from tests.conftest import make_demo
from tests.language_support import speaking
from tests.sync_support import opened, share_keys
from tests.test_cli import facilitator

NBSP = "\u00a0"
#: A count of a thousand or more, as Finnish and Swedish group it.
GROUPED = re.compile(rf"\b\d{{1,3}}(?:{NBSP}\d{{3}})+\b")
#: The same, as English groups it.
GROUPED_EN = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")


@pytest.fixture(scope="module")
def large_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A full bundle of two groups' ten years (thousands of records), and a coordinator to import it."""
    root = tmp_path_factory.mktemp("counts")
    laptop, coordinator = root / "laptop", root / "coordinator"
    make_demo(laptop, groups=2, years=10)
    with opened(coordinator, WorkspaceRole.COORDINATOR) as at_coordinator, opened(laptop) as at_laptop:
        share_keys(at_coordinator, [at_laptop], root / "keys")
    written = facilitator("export", "bundle", "--full", "--workspace", laptop, "--to", root / "out")
    assert written.returncode == 0, written.stderr
    return Path(written.stdout.splitlines()[0]), coordinator


@pytest.mark.processes
@pytest.mark.parametrize(("code", "grouped", "new"), [("fi", GROUPED, "uutta"), ("en", GROUPED_EN, "new")])
def test_the_import_of_a_large_bundle_groups_its_counts(
    large_bundle: tuple[Path, Path], tmp_path: Path, code: str, grouped: re.Pattern[str], new: str
) -> None:
    bundle, coordinator = large_bundle
    shutil.copytree(coordinator, tmp_path / "coordinator")
    imported = facilitator("import", bundle, "--workspace", tmp_path / "coordinator", "--details", "--lang", code)
    assert imported.returncode == 0, imported.stderr
    told = imported.stdout.replace(bundle.name, "")
    counts = [int(re.sub(r"\D", "", found)) for found in grouped.findall(told)]
    assert counts and max(counts) >= 1000 and f" {new}" in told, told
    assert not re.search(r"\b\d{4,}\b", told), "a count of thousands not grouped: " + told


@pytest.mark.processes
def test_the_command_line_search_counts_what_it_found_the_languages_way(large_bundle: tuple[Path, Path]) -> None:
    laptop = large_bundle[0].parents[1] / "laptop"
    searched = facilitator("search", "t", "--workspace", laptop, "--lang", "fi")
    assert searched.returncode == 0, searched.stderr
    told = searched.stdout.strip().splitlines()[-1]
    found = re.fullmatch(rf"({GROUPED.pattern}) muistiomerkintää löytyi\.", told)
    assert found and int(found.group(1).replace(NBSP, "")) >= 1000, told


def test_the_lines_the_screens_and_reports_put_together_group_thousands() -> None:
    report = ImportReport(
        Path("inari.mebundle"),
        ImportStatus.IMPORTED,
        counts={("Inari", "memo"): {Outcome.NEW: 1481, Outcome.UPDATED: 12_000}},
    )
    assert report.line() == "inari.mebundle: imported: 1,481 new, 12,000 updated, 0 unchanged, 0 conflicts"
    with speaking("fi"):
        assert report.line().endswith(f": 1{NBSP}481 uutta, 12{NBSP}000 päivitettyä, 0 ennallaan, 0 ristiriitaa")
        assert counted(Outcome.CONFLICT, 1001) == f"1{NBSP}001 ristiriitaa"
        assert open_and_overdue(1481, 2) == f"1{NBSP}481 avoinna · 2 myöhässä"
        assert format_percent(0.77) == f"77{NBSP}%"
    with speaking("sv"):
        assert report.line().endswith(f": 1{NBSP}481 nya, 12{NBSP}000 uppdaterade, 0 oförändrade, 0 konflikter")
        assert format_count(1481) == f"1{NBSP}481"
    assert open_and_overdue(1481, 0) == "1,481 open · 0 overdue"


def test_a_check_in_tells_a_large_meetings_counts_grouped() -> None:
    counts = Counts(present=1200, apologies=3, absent=1000, guests=2)
    with speaking("fi"):
        line = counts.describe()
    assert f"1{NBSP}200" in line and f"1{NBSP}000" in line, line


@pytest.mark.parametrize("typed", ["1 200", f"1{NBSP}200", "1\u202f200", "1200"])
def test_a_staff_figure_typed_as_the_app_groups_it_is_read(typed: str) -> None:
    with speaking("fi"):
        assert read_staff(typed) == 1200.0
        assert read_staff(typed + ",5") == 1200.5


@pytest.mark.parametrize("typed", ["12 00", "1  200", "1 2000", " 200 0"])
def test_a_staff_figure_grouped_wrongly_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        read_staff(typed)
