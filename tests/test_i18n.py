"""Which language the app speaks, and its catalogues compiled on first use with no step for the user."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.cli import chosen_language
from facilitator.i18n import _, language, language_code, ngettext, system_language, use_language
from storage.errors import os_reason
from storage.lock import describe_holder
from storage.workspace import Workspace
from storage.workspace_info import LANGUAGE_SETTING, read_setting
from tests.conftest import TEST_LANGUAGE
from tests.test_cli import facilitator, one_line_error


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own; the suite's language is back in use afterwards."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(i18n.CACHE_VARIABLE, str(folder))
    try:
        yield folder
    finally:
        use_language(TEST_LANGUAGE)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("fi_FI.UTF-8", "fi"),
        ("sv_FI.UTF-8", "sv"),
        ("sv-SE", "sv"),
        ("Finnish_Finland", "fi"),
        ("se_NO.UTF-8:fi:en", "fi"),  # a Northern Sami desktop falls back to Finnish, as it lists
        ("de_DE.UTF-8", None),
        ("C.UTF-8", None),
        ("", None),
    ],
)
def test_locale_names_map_to_the_app_s_languages(text: str, code: str | None) -> None:
    assert language_code(text) == code


def test_the_system_language_comes_from_the_first_locale_variable_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "sv_FI.UTF-8")
    assert system_language() == "sv"
    monkeypatch.setenv("LC_ALL", "fi_FI.UTF-8")
    assert system_language() == "fi"
    monkeypatch.setenv("LANGUAGE", "de")
    assert system_language() == "en"


def test_a_catalogue_is_compiled_once_into_the_cache_and_read_from_it(cache: Path) -> None:
    use_language("fi")
    compiled = list(cache.glob("*.mo"))
    assert [path.name.split("-")[1] for path in compiled] == ["fi"]
    assert language() == "fi" and _("Groups") != "Groups"
    assert ngettext("{count} field needs fixing.", "{count} fields need fixing.", 2) != "{count} fields need fixing."
    stamp = compiled[0].stat().st_mtime_ns
    use_language("sv")
    use_language("fi")
    assert compiled[0].stat().st_mtime_ns == stamp and len(list(cache.glob("*.mo"))) == 2
    use_language("en")
    assert _("Groups") == "Groups"


def test_an_unwritable_cache_still_gives_the_language(cache: Path) -> None:
    cache.parent.mkdir(exist_ok=True)
    cache.write_text("a file where the folder should be")
    use_language("sv")
    assert _("Groups") != "Groups"


def test_a_damaged_cached_catalogue_is_compiled_again(cache: Path) -> None:
    use_language("fi")
    (compiled,) = cache.glob("*.mo")
    whole = compiled.read_bytes()
    for damaged in (b"not a catalogue", whole[:40], whole[: len(whole) // 2]):
        compiled.write_bytes(damaged)
        use_language("fi")
        assert _("Groups") != "Groups"


def test_lang_beats_the_workspace_setting_which_beats_the_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "sv_FI.UTF-8")
    folder = tmp_path / "workspace"
    assert chosen_language(["--workspace", str(folder)]) == "sv"
    with Workspace.open(folder) as workspace:
        workspace.save_setting(LANGUAGE_SETTING, "fi")
    assert read_setting(folder, LANGUAGE_SETTING) == "fi"
    assert chosen_language(["--workspace", str(folder), "roster"]) == "fi"
    assert chosen_language([f"--workspace={folder}", "export", "--lang", "en"]) == "en"
    assert chosen_language(["--workspace", str(folder), "--lang", "xx"]) == "fi"  # the parser refuses it


@pytest.mark.processes
def test_the_command_line_speaks_the_language_asked_for(tmp_path: Path) -> None:
    finnish = facilitator("--lang", "fi", "--help").stdout
    assert "käyttö:" in finnish and "valinnat" in finnish.lower()
    swedish_error = one_line_error(facilitator("demo", "--groups", "many", "--lang", "sv"), 2)
    assert "heltal" in swedish_error
    assert "invalid choice" in one_line_error(facilitator("--lang", "de"), 2)


def test_system_errors_are_named_in_the_user_s_language(cache: Path) -> None:
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory")
    rare = OSError(errno.ENAMETOOLONG, "File name too long")
    assert os_reason(missing) == "there is no such file or folder"
    use_language("fi")
    assert os_reason(missing) == "tiedostoa tai kansiota ei ole"
    assert os_reason(rare) == "File name too long", "a rare cause keeps the system's words"


def test_the_holder_of_a_workspace_is_told_with_a_local_time(cache: Path) -> None:
    note = {"purpose": "app", "pid": 42, "host": "laptop-7", "since": "2026-12-08T15:30:00+00:00"}
    use_language("fi")
    described = describe_holder(note)
    assert "8.12.2026" in described and "T15:30" not in described and "ti " in described


def test_a_new_catalogue_replaces_the_one_an_older_version_left(cache: Path) -> None:
    cache.mkdir()
    older = cache / "facilitator-fi-0123456789abcdef.mo"
    older.write_bytes(b"an older catalogue")
    swedish = cache / "facilitator-sv-0123456789abcdef.mo"
    swedish.write_bytes(b"an older Swedish one, left for its own language")
    use_language("fi")
    assert not older.exists() and swedish.exists()
    assert sorted(path.name.split("-")[1] for path in cache.glob("*.mo")) == ["fi", "sv"]
    assert not list(cache.glob("*.tmp"))
