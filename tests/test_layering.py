"""The direction of knowledge between the four packages (DESIGN §3), read from the source with ``ast``."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("facilitator", "storage", "exports", "screens")
#: The App and CLI wiring of ``facilitator/``: the only part that may reach into screens and Textual.
WIRING = {
    "facilitator/app.py",
    "facilitator/cli/__init__.py",
    "facilitator/cli/sync.py",
    "facilitator/cli/options.py",
    "facilitator/cli/research.py",
    "facilitator/cli/report.py",
    "facilitator/cli/export.py",
    "facilitator/cli/demo.py",
    "facilitator/__main__.py",
}


@dataclass(frozen=True)
class Import:
    file: str  # relative to the repository root, with forward slashes
    line: int
    module: str  # the absolute module imported, e.g. "textual.widgets"

    @property
    def top(self) -> str:
        return self.module.split(".")[0]

    def __str__(self) -> str:
        return f"{self.file}:{self.line} imports {self.module}"


def source_files() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def _package_of(relative: str) -> list[str]:
    parts = relative[: -len(".py")].split("/")
    return parts[:-1]  # __init__.py and plain modules alike: relative imports start at the folder


def _string_argument(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def imports_of(path: Path) -> Iterator[Import]:
    """Every module ``path`` imports: ``import x``, ``from x import y``, relative imports, and
    ``importlib.import_module("x")`` / ``__import__("x")`` with a literal name."""
    relative = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_bytes(), filename=relative)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(relative, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package_of(relative)[: len(_package_of(relative)) - (node.level - 1)]
                prefix = ".".join(base)
                modules = [f"{prefix}.{node.module}" if node.module else prefix]
                if not node.module:  # from . import a, b: each name may be a module
                    modules = [f"{prefix}.{alias.name}" for alias in node.names]
            else:
                modules = [node.module or ""]
            for module in modules:
                yield Import(relative, node.lineno, module)
        elif isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)
            if name in {"import_module", "__import__"} and (module := _string_argument(node)):
                yield Import(relative, node.lineno, module)


ALL_IMPORTS = [found for path in source_files() for found in imports_of(path)]


def offending(where: str, forbidden: set[str], *, allowed_files: set[str] = frozenset()) -> list[str]:
    """Imports in files under ``where`` (a folder or ``""`` for all) of a forbidden top-level module."""
    return [
        str(found)
        for found in ALL_IMPORTS
        if found.file.startswith(where) and found.file not in allowed_files and found.top in forbidden
    ]


def test_the_source_is_found() -> None:
    files = {found.file for found in ALL_IMPORTS}
    assert "storage/workspace.py" in files
    assert "facilitator/model/person.py" in files


def test_only_screens_and_the_app_wiring_import_textual() -> None:
    found = [line for line in offending("", {"textual"}, allowed_files=WIRING) if not line.startswith("screens/")]
    assert found == [], "Textual is for screens/ and the App/CLI wiring only:\n" + "\n".join(found)


def test_only_storage_imports_tinydb() -> None:
    found = [line for line in offending("", {"tinydb"}) if not line.startswith("storage/")]
    assert found == [], "TinyDB is reached through storage/ only:\n" + "\n".join(found)


def test_the_domain_imports_no_other_layer() -> None:
    found = offending("facilitator/", {"screens", "storage", "exports"}, allowed_files=WIRING)
    assert found == [], "the domain knows nothing of screens, storage or exports:\n" + "\n".join(found)


def test_exports_do_not_import_screens() -> None:
    found = offending("exports/", {"screens"})
    assert found == [], "exports/ must not know the screens:\n" + "\n".join(found)


def test_storage_imports_neither_screens_nor_exports() -> None:
    found = offending("storage/", {"screens", "exports"})
    assert found == [], "storage/ must not know the screens or the exports:\n" + "\n".join(found)


# -- the checker itself ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("import textual", "textual"),
        ("import textual.widgets as w", "textual.widgets"),
        ("from textual.widgets import Input", "textual.widgets"),
        ("def f():\n    from textual import on", "textual"),
        ("import importlib\nimportlib.import_module('textual.app')", "textual.app"),
        ("__import__('textual')", "textual"),
        ("from ..storage import workspace", "facilitator.storage"),
        ("from .. import text", "facilitator.text"),
        ("from . import group", "facilitator.model.group"),
    ],
)
def test_every_form_of_import_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, module: str
) -> None:
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    path = tmp_path / "facilitator" / "model" / "sample.py"
    path.parent.mkdir(parents=True)
    path.write_text(source)
    found = list(imports_of(path))
    assert [(item.module, item.file) for item in found if item.module != "importlib"] == [
        (module, "facilitator/model/sample.py")
    ]
    assert found[-1].line == source.count("\n") + 1
