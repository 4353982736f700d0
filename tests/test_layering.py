"""The contracts between the four packages (DESIGN §3), guarded by ``make test`` as well as ``make check``.

The contracts live in one place, ``[tool.importlinter]`` in pyproject.toml; ``make check`` runs them
with ``lint-imports``. Here the same contracts run on the same import graph plus what that graph
cannot see: a module named by a literal string (``importlib.import_module("textual")``,
``__import__("tinydb")``) counts as an import of it. Imports inside functions and under
``TYPE_CHECKING`` are in the graph already (see ``test_the_graph_sees_every_form_of_import``).

A different rule, of the running code rather than the source: importing the headless modules (all
but the screens and the wiring) loads no Textual, and importing the domain loads no TinyDB, whatever
names a module computes to import. Which modules those are is read from the same contracts.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import functools
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import grimp
import pytest
from importlinter import api as importlinter_api  # importing it sets import-linter up
from importlinter.adapters.building import GraphBuilder
from importlinter.application import use_cases
from importlinter.application.app_config import settings

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
CONFIGURATION = importlinter_api.read_configuration(str(PYPROJECT))
CONTRACTS = {contract["id"]: contract for contract in CONFIGURATION["contracts_options"]}
ROOT_PACKAGES: list[str] = CONFIGURATION["session_options"]["root_packages"]
DYNAMIC_IMPORTERS = {"import_module", "__import__"}


@dataclass(frozen=True)
class NamedImport:
    """``importlib.import_module("name")`` or ``__import__("name")`` with a literal name."""

    importer: str  # the module that calls it, e.g. "facilitator.model"
    imported: str  # the module named, e.g. "textual.app"
    line: int
    text: str


def module_name(path: Path, package_root: Path) -> str:
    parts = list(path.relative_to(package_root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def named_imports(package_root: Path, packages: Iterable[str]) -> Iterator[NamedImport]:
    """Every literal module name given to ``import_module`` or ``__import__`` in ``packages``."""
    for package in packages:
        if not (package_root / package).is_dir():
            continue
        for path in sorted((package_root / package).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            if not any(name in source for name in DYNAMIC_IMPORTERS):
                continue  # most files: no need to parse them
            lines = source.splitlines()
            for node in ast.walk(ast.parse(source, filename=str(path))):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                function = node.func
                name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)
                first = node.args[0]
                if name in DYNAMIC_IMPORTERS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                    yield NamedImport(
                        module_name(path, package_root), first.value, node.lineno, lines[node.lineno - 1].strip()
                    )


class GraphWithNamedImports(GraphBuilder):
    """grimp's graph, as ``lint-imports`` builds it, with the named imports added (and any ``extra``
    imports a test adds to see a contract break)."""

    def __init__(self, package_root: Path = ROOT, extra: Iterable[tuple[str, str]] = ()) -> None:
        self.package_root = package_root
        self.extra = list(extra)

    def build(
        self,
        root_package_names: list[str],
        cache_dir: str | None,
        include_external_packages: bool = False,
        exclude_type_checking_imports: bool = False,
    ) -> grimp.ImportGraph:
        graph = copy.deepcopy(
            _source_graph(tuple(root_package_names), include_external_packages, exclude_type_checking_imports)
        )
        for found in named_imports(self.package_root, root_package_names):
            graph.add_import(
                importer=found.importer,
                imported=in_graph(found.imported, root_package_names, include_external_packages),
                line_number=found.line,
                line_contents=found.text,
            )
        for importer, imported in self.extra:
            graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="(added by the test)")
        return graph


@functools.cache
def _source_graph(
    root_package_names: tuple[str, ...], include_external_packages: bool, exclude_type_checking_imports: bool
) -> grimp.ImportGraph:
    """grimp's graph of the source, built once for all the tests of this module."""
    return GraphBuilder().build(
        list(root_package_names),
        cache_dir=None,
        include_external_packages=include_external_packages,
        exclude_type_checking_imports=exclude_type_checking_imports,
    )


def in_graph(module: str, root_packages: list[str], include_external_packages: bool) -> str:
    """The graph's name for ``module``: another distribution's modules are one node, its top name."""
    top = module.split(".")[0]
    return module if top in root_packages or not include_external_packages else top


def lint(builder: GraphBuilder, *contract_ids: str) -> tuple[bool, str]:
    """Whether ``lint-imports`` passes on pyproject.toml's contracts (all, or those named), the
    graph built by ``builder``; and what it printed."""
    default = settings.GRAPH_BUILDER
    settings.configure(GRAPH_BUILDER=builder)
    try:
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            passed = use_cases.lint_imports(
                str(PYPROJECT), limit_to_contracts=contract_ids, cache_dir=None, no_logo=True, is_debug_mode=True
            )
    finally:
        settings.configure(GRAPH_BUILDER=default)
    return passed, printed.getvalue()


def broken(printed: str) -> list[str]:
    """The names of the contracts the report calls broken."""
    return re.findall(r"^(.+) BROKEN(?: \(.+\))?$", printed, flags=re.MULTILINE)


def test_the_contracts_are_kept() -> None:
    passed, printed = lint(GraphWithNamedImports())
    assert passed, printed


#: For each contract, an import that must break it: proof that it guards something.
BREAKING_IMPORTS = {
    "layers": ("storage.workspace", "screens.home"),
    "headless-domain": ("facilitator.text", "tinydb"),
    "tinydb-in-storage": ("exports.files", "tinydb"),
    "textual-in-screens": ("exports.files", "textual"),
    "widgets-without-storage": ("screens.widgets.plain", "storage.workspace"),
    "wiring-on-top": ("facilitator.summary", "facilitator.app"),
    "sound-in-one-place": ("storage.recordings", "av"),
}


def test_every_contract_has_an_import_that_breaks_it() -> None:
    assert set(BREAKING_IMPORTS) == set(CONTRACTS)


@pytest.mark.parametrize("contract_id", sorted(BREAKING_IMPORTS))
def test_each_contract_can_break(contract_id: str) -> None:
    passed, printed = lint(GraphWithNamedImports(extra=[BREAKING_IMPORTS[contract_id]]), contract_id)
    assert not passed
    assert broken(printed) == [CONTRACTS[contract_id]["name"]], printed


def test_an_import_by_name_breaks_a_contract(tmp_path: Path) -> None:
    """A module of the domain that asks for Textual by name is caught, though no import statement
    names it: the graph gains the import when the source is read."""
    (tmp_path / "facilitator").mkdir()
    (tmp_path / "facilitator" / "sneaky.py").write_text(
        'import importlib\n\n\ndef load():\n    return importlib.import_module("textual.app")\n'
    )
    assert list(named_imports(tmp_path, ROOT_PACKAGES)) == [
        NamedImport("facilitator.sneaky", "textual.app", 5, 'return importlib.import_module("textual.app")')
    ]
    passed, printed = lint(GraphWithNamedImports(package_root=tmp_path), "headless-domain", "textual-in-screens")
    assert not passed
    assert broken(printed) == [CONTRACTS["headless-domain"]["name"], CONTRACTS["textual-in-screens"]["name"]], printed


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("import importlib\nimportlib.import_module('textual.app')", "textual.app"),
        ("from importlib import import_module\nimport_module('tinydb')", "tinydb"),
        ("def f():\n    __import__('textual')", "textual"),
        ("import importlib\nname = 'x'\nimportlib.import_module(f'facilitator.{name}')", None),
    ],
)
def test_named_imports_are_found(tmp_path: Path, source: str, module: str | None) -> None:
    path = tmp_path / "facilitator" / "model" / "sample.py"
    path.parent.mkdir(parents=True)
    path.write_text(source)
    found = [(item.importer, item.imported) for item in named_imports(tmp_path, ["facilitator"])]
    assert found == ([("facilitator.model.sample", module)] if module else [])


def test_the_graph_sees_every_form_of_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """grimp reads imports inside functions, under TYPE_CHECKING and relative ones; the named ones
    are ours to add."""
    package = tmp_path / "layering_sample"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "target.py").write_text("")
    (package / "user.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import json\n"
        "def later():\n    import textwrap\n    from . import target\n"
        "    import importlib\n    return importlib.import_module('csv')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = GraphWithNamedImports(package_root=tmp_path).build(["layering_sample"], None, True)
    imported = graph.find_modules_directly_imported_by("layering_sample.user")
    assert {"json", "textwrap", "layering_sample.target", "csv"} <= imported


# -- the running code -------------------------------------------------------------------------


def _expression(expression: str) -> re.Pattern[str]:
    """import-linter's module expression (``*`` one name, ``**`` any names) as a pattern that also
    takes the modules inside (contracts treat modules as packages)."""
    parts = [{"*": r"[^.]+", "**": r"[^.]+(?:\.[^.]+)*"}.get(part, re.escape(part)) for part in expression.split(".")]
    return re.compile(r"\.".join(parts) + r"(?:\..+)?")


def _matching(modules: Iterable[str], expressions: Iterable[str]) -> set[str]:
    patterns = [_expression(expression) for expression in expressions]
    return {module for module in modules if any(pattern.fullmatch(module) for pattern in patterns)}


def _loaded_by(modules: list[str]) -> set[str]:
    """The top-level names of all that importing ``modules``, in a fresh interpreter, loads."""
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n    importlib.import_module(name)\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True, timeout=120
    )
    return set(json.loads(result.stdout))


@pytest.mark.processes
def test_the_headless_modules_load_no_textual_and_the_domain_no_tinydb() -> None:
    textual, domain_contract = CONTRACTS["textual-in-screens"], CONTRACTS["headless-domain"]
    wiring = [ignored.split("->")[0].strip() for ignored in domain_contract["ignore_imports"]]
    # A __main__ module runs when imported: it is the wiring's, and never imported here.
    modules = set(grimp.build_graph(*ROOT_PACKAGES, cache_dir=None).modules)
    modules -= _matching(modules, wiring) | {module for module in modules if module.endswith("__main__")}
    headless = sorted(modules - _matching(modules, textual["allowed_importers"]))
    domain = sorted(_matching(modules, domain_contract["source_modules"]))
    assert {"storage.workspace", "exports.files", "facilitator.model"} <= set(headless)
    assert {"facilitator.model", "facilitator.summary"} <= set(domain)
    assert not {"facilitator.app", "facilitator.cli", "screens.home", "storage.workspace"} & set(domain)

    assert set(textual["protected_modules"]) & _loaded_by(headless) == set()
    assert set(domain_contract["forbidden_modules"]) & _loaded_by(domain) == set()
