"""A count beside a word takes the form the count asks for, in English, Finnish and Swedish, through
the catalogues' plural rules: the network report's first page read back with pypdf, lines of the
command line as a user runs it, and the counts the screens put together."""

from __future__ import annotations

from pathlib import Path

import pytest

from exports.bundle.importer import ImportReport, ImportStatus
from exports.bundle.merge import Outcome
from exports.report.files import write_network_report
from facilitator.model import MeetingStatus
from screens.actions import open_and_overdue
from screens.import_bundles import summary
from storage.repository import Repository
from storage.workspace import Workspace
from tests.conftest import DEMO_DAY, demo_clock, make_demo
from tests.language_support import speaking
from tests.test_cli import facilitator, one_line_error
from tests.test_network_report import pages_of


@pytest.fixture(scope="module")
def one_group(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plurals") / "workspace"
    make_demo(folder, groups=1, years=2)
    return folder


def first_page(folder: Path, out: Path, code: str, **period: object) -> str:
    with speaking(code), Workspace.open(folder, purpose="test") as workspace:
        path = write_network_report(Repository(workspace), to=out, today=DEMO_DAY, now=demo_clock(), **period)
    return pages_of(path)[0]


@pytest.mark.parametrize(
    ("code", "one_group_text", "held_text"),
    [
        ("en", "1 group · ", " meetings held · "),
        ("fi", "1 ryhmä · ", " pidettyä tapaamista · "),
        ("sv", "1 grupp · ", " hållna träffar · "),
    ],
)
def test_the_network_report_counts_one_group_as_one(
    one_group: Path, tmp_path: Path, code: str, one_group_text: str, held_text: str
) -> None:
    page = first_page(one_group, tmp_path, code)
    assert one_group_text in page and held_text in page, page[:600]
    assert "1 groups" not in page and "1 ryhmää" not in page and "1 grupper" not in page


def test_the_network_report_counts_one_meeting_held_as_one(one_group: Path, tmp_path: Path) -> None:
    with Workspace.open(one_group, purpose="test") as workspace:
        repository = Repository(workspace)
        group = repository.groups()[0]
        held = sorted(
            meeting.starts_at.date()
            for meeting in repository.meetings(group.id)
            if meeting.status is MeetingStatus.HELD
        )
    day = held[-1]
    for code, text in (
        ("en", "1 group · 1 meeting held · "),
        ("fi", "1 ryhmä · 1 pidetty tapaaminen · "),
        ("sv", "1 grupp · 1 hållen träff · "),
    ):
        (tmp_path / code).mkdir()
        page = first_page(one_group, tmp_path / code, code, start=day, end=day)
        assert text in page, page[:600]


@pytest.mark.processes
def test_the_command_line_counts_one_group_as_one(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    created = facilitator("demo", "--workspace", folder, "--no-open", "--groups", "1", "--years", "1")
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("Created a demo network of 1 group, "), created.stdout
    assert " people and " in created.stdout and " meetings in " in created.stdout
    again = one_line_error(facilitator("demo", "--workspace", folder, "--no-open"), 1)
    assert "already holds 1 group;" in again
    swedish = one_line_error(facilitator("demo", "--workspace", folder, "--no-open", "--lang", "sv"), 1)
    assert "innehåller redan 1 grupp;" in swedish
    finnish = one_line_error(facilitator("demo", "--workspace", folder, "--no-open", "--lang", "fi"), 1)
    assert "on jo 1 ryhmä;" in finnish


def test_an_import_line_counts_each_outcome_in_its_own_form() -> None:
    report = ImportReport(
        Path("inari.mebundle"),
        ImportStatus.IMPORTED,
        counts={
            ("Inari", "people"): {Outcome.NEW: 1, Outcome.UPDATED: 3},
            ("Inari", "meetings"): {Outcome.CONFLICT: 1},
        },
    )
    assert report.line() == "inari.mebundle: imported: 1 new, 3 updated, 0 unchanged, 1 conflict"
    with speaking("sv"):
        assert report.line().endswith(": 1 ny, 3 uppdaterade, 0 oförändrade, 1 konflikt")
    with speaking("fi"):
        assert report.line().endswith(": 1 uusi, 3 päivitettyä, 0 ennallaan, 1 ristiriita")


def test_the_screens_counts_take_the_form_of_their_number() -> None:
    refused = ImportReport(Path("b.mebundle"), ImportStatus.REFUSED, "damaged")
    imported = [ImportReport(Path(f"{n}.mebundle"), ImportStatus.IMPORTED) for n in range(2)]
    with speaking("sv"):
        assert summary([*imported, refused]) == "3 filer: 2 importerade, 1 avvisad."
        assert open_and_overdue(1, 2) == "1 öppen · 2 försenade"
    with speaking("fi"):
        assert summary([refused]) == "1 tiedosto: 1 hylätty."
    assert open_and_overdue(1, 0) == "1 open · 0 overdue"
