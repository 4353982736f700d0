"""The daily backup is due a day of elapsed time after the last one, whatever the local clocks did
in between: the night the clocks spring forward must not make a backup of 23½ hours look a day old."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from facilitator.model import Group
from storage.backups import daily_backup_due, newest_backup
from storage.repository import Repository
from storage.workspace import Workspace

pytestmark = pytest.mark.skipif(not hasattr(time, "tzset"), reason="the local time zone is set through TZ")


@pytest.fixture
def clocks_changed_an_hour_ago() -> Iterator[None]:
    """Local time one hour ahead of UTC since an hour ago, and on UTC before: the clocks sprang forward
    an hour ago (a POSIX TZ rule, so that the change falls within the last day whenever the test runs)."""
    change = datetime.now(UTC) - timedelta(hours=1)
    end = (change.timetuple().tm_yday + 1) % 365  # two days later, wrapping into January as the rule allows
    rule = f"XST0XDT-1,{change.timetuple().tm_yday - 1}/{change:%H:%M:%S},{end}/{change:%H:%M:%S}"
    before = os.environ.get("TZ")
    os.environ["TZ"] = rule
    time.tzset()
    try:
        assert datetime.now().astimezone().utcoffset() == timedelta(hours=1)
        assert datetime.fromtimestamp(time.time() - 2 * 3600).astimezone().utcoffset() == timedelta(0)
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.mark.parametrize(("age_hours", "due"), [(23.5, False), (24.5, True)])
def test_a_daily_backup_is_due_a_day_of_elapsed_time_after_the_last(
    workspace_path: Path, clocks_changed_an_hour_ago: None, age_hours: float, due: bool
) -> None:
    with Workspace.open(workspace_path) as workspace:
        Repository(workspace).save_group(Group(name="Inari"))
        workspace.backup("test")
    newest = newest_backup(workspace_path)
    assert newest is not None
    made = time.time() - age_hours * 3600
    os.utime(newest, (made, made))

    assert daily_backup_due(workspace_path) is due
