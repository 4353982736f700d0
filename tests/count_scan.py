"""The scan of the source behind ``tests/test_counts_source.py``: every count a person reads is
written with ``format_count`` ("1 481" in Finnish and Swedish, "1,481" in English), and every
percentage through ``format_percent`` ("77 %").

What the scan calls a whole number: ``len(…)``, ``sum(…)``, ``int(…)``, ``round(x)``, an int literal,
arithmetic of those, a name the same function gives such a value or annotates ``int``, a constant
of the tree (``MAX_RECORDS = 50_000``: an upper-case name a module binds to such a value, read by
its name or as ``module.MAX_RECORDS``, a limit shown beside a count), and an attribute, property or
method the tree annotates ``int`` (and never ``str``). It flags

- a whole number given to ``.format(…)`` of a text (a translation or a variable holding one),
- the count ``ngettext`` chooses the plural on, given as it is to the ``.format(…)`` of its text,
- a placeholder named like a count (``count=``, ``total=`` …) given anything but text,
- ``str(whole number)`` in screens and PDFs (table cells, labels),
- a ``%`` format (``{share:.0%}``) in a text a person reads.

Machine-readable files (JSON, CSV, bundles, calendars) are written with plain literals
(``"{}-{}".format``) or by their own writers and are not flagged. A line that shows a whole number on
purpose as it is (a year, an id, a number typed back into a form) says so with ``# not a count``.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("facilitator", "screens", "exports", "storage")
SHOWN_AS_IS = "# not a count"
TRANSLATIONS = {"_", "ngettext", "pgettext", "npgettext", "gettext"}
COUNT_PLACEHOLDERS = {
    "count",
    "total",
    "more",
    "rest",
    "files",
    "meetings",
    "entries",
    "records",
    "people",
    "members",
    "guests",
    "responses",
    "present",
    "apologies",
    "absent",
    "percent",
    "share",
}
NOT_COUNTS = {
    "number",
    "row",
    "generation",
    "older",
    "year",
    "first",
    "last",
    "found",
    "supported",
    "start",
    "end",
    "day",
    "known",
}
"""Placeholders that name an ordinal, an id, a year or a version ("Recording {number}", "row {row}",
"key {generation}", "between {first} and {last}"): written as they are, never grouped."""
WHOLE_NUMBER_CALLS = {"len", "sum", "int"}
"""Calls whose value is a whole number (``round`` is one when it has no digits)."""
STR_CELLS = ("screens/", "exports/pdf/")
"""Where ``str(a whole number)`` is a cell or a label a person reads."""


@dataclass(frozen=True)
class Offender:
    path: str
    line: int
    why: str
    text: str
    node: ast.AST | None = field(default=None, repr=False, compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.why}\n    {self.text}"


def source_files(root: Path = ROOT) -> list[Path]:
    return sorted(path for package in SCANNED for path in (root / package).rglob("*.py"))


def _annotation_kind(annotation: ast.expr | None) -> str | None:
    """ "int" or "str" when an annotation is one of them (``int | None`` too), else None."""
    if annotation is None:
        return None
    text = ast.unparse(annotation).replace(" ", "")
    for kind in ("int", "str"):
        if text in {kind, f"{kind}|None", f"None|{kind}", f"Optional[{kind}]", f"'{kind}'", f'"{kind}"'}:
            return kind
    return None


@functools.cache
def typed_names() -> dict[str, set[str]]:
    """Every attribute, field, property and function name of the tree with the kinds ("int",
    "str") its annotations give it."""
    kinds: dict[str, set[str]] = {}
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.AnnAssign):
                target = node.target
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
                kind = _annotation_kind(node.annotation)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                name, kind = node.name, _annotation_kind(node.returns)
            else:
                continue
            if name and kind:
                kinds.setdefault(name, set()).add(kind)
    return kinds


def _typed_int(name: str) -> bool:
    return typed_names().get(name, set()) == {"int"}


CONSTANT = re.compile(r"_?[A-Z][A-Z0-9_]*")


@functools.cache
def whole_constants(root: Path = ROOT) -> frozenset[str]:
    """The upper-case names the tree's modules bind to a whole number (``MAX_RECORDS = 50_000``,
    ``MAX_LINE_BYTES = 4 << 20``, ``MOST: int = …``)."""
    return frozenset(name for path in source_files(root) for name in constants_in(ast.parse(path.read_text("utf-8"))))


def constants_in(tree: ast.Module) -> set[str]:
    """The upper-case names ``tree`` binds at its top to a whole number (one constant may name another)."""
    values: dict[str, ast.expr] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        values.update((target.id, value) for target in targets if isinstance(target, ast.Name))
    module = Scope(tree)
    module.values = {name: [value] for name, value in values.items()}
    return {name for name, value in values.items() if CONSTANT.fullmatch(name) and is_whole_number(value, module)}


def _called_name(node: ast.expr) -> str | None:
    if not isinstance(node, ast.Call):
        return None
    function = node.func
    if isinstance(function, ast.Name):
        return function.id
    if isinstance(function, ast.Attribute):
        return function.attr
    return None


class Scope:
    """What one function (or module) says about its local names: annotations and assignments."""

    def __init__(self, node: ast.AST, constants: frozenset[str] = frozenset()) -> None:
        self.values: dict[str, list[ast.expr]] = {}
        self.kinds: dict[str, str] = {}
        #: The tree's constants that are whole numbers (see :func:`whole_constants`).
        self.constants = constants
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                kind = _annotation_kind(argument.annotation)
                if kind:
                    self.kinds[argument.arg] = kind
        for child in _own_nodes(node):
            if isinstance(child, ast.Assign):
                for target in child.targets:
                    if isinstance(target, ast.Name):
                        self.values.setdefault(target.id, []).append(child.value)
            elif isinstance(child, ast.AnnAssign) and isinstance(child.target, ast.Name):
                kind = _annotation_kind(child.annotation)
                if kind:
                    self.kinds[child.target.id] = kind
                if child.value is not None:
                    self.values.setdefault(child.target.id, []).append(child.value)
            elif isinstance(child, ast.AugAssign | ast.NamedExpr) and isinstance(child.target, ast.Name):
                self.values.setdefault(child.target.id, []).append(child.value)


def _own_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``node`` outside the functions and classes nested in it."""
    for child in ast.iter_child_nodes(node):
        yield child
        if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            yield from _own_nodes(child)


def is_whole_number(node: ast.expr, scope: Scope, seen: frozenset[str] = frozenset()) -> bool:
    """Whether ``node`` is, as far as the source tells, an ``int`` (never a ``bool``) that counts:
    not a year, an ordinal or an id (a name in ``NOT_COUNTS``: ``today.year - 1``)."""
    if _names_an_ordinal(node):
        return False
    if isinstance(node, ast.Constant):
        return type(node.value) is int
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return is_whole_number(node.operand, scope, seen)
    if isinstance(node, ast.BinOp) and isinstance(
        node.op, ast.Add | ast.Sub | ast.Mult | ast.FloorDiv | ast.Mod | ast.LShift | ast.RShift
    ):
        left, right = (is_whole_number(side, scope, seen) for side in (node.left, node.right))
        return (left and right) or (
            (left or right) and isinstance(node.op, ast.Add | ast.Sub) and not _is_text(node, scope)
        )
    if isinstance(node, ast.Call):
        name = _called_name(node)
        if name in WHOLE_NUMBER_CALLS:
            return True
        if name == "round":
            return len(node.args) == 1 and not node.keywords
        if name in {"max", "min", "abs"}:
            return bool(node.args) and all(is_whole_number(argument, scope, seen) for argument in node.args)
        return name is not None and _typed_int(name)
    if isinstance(node, ast.Name):
        if node.id in seen:
            return False
        kind = scope.kinds.get(node.id)
        if kind:
            return kind == "int"
        values = scope.values.get(node.id, [])
        if not values and node.id in scope.constants:
            return True
        return any(is_whole_number(value, scope, seen | {node.id}) for value in values)
    if isinstance(node, ast.Attribute):
        return _typed_int(node.attr) or node.attr in scope.constants
    return False


def _names_an_ordinal(node: ast.expr) -> bool:
    if isinstance(node, ast.BinOp):
        return _names_an_ordinal(node.left) or _names_an_ordinal(node.right)
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
    return name in NOT_COUNTS


def _is_text(node: ast.expr, scope: Scope, seen: frozenset[str] = frozenset()) -> bool:
    """Whether ``node`` is, as far as the source tells, a ``str``."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left, scope, seen) or _is_text(node.right, scope, seen)
    if isinstance(node, ast.IfExp):
        return _is_text(node.body, scope, seen) and _is_text(node.orelse, scope, seen)
    if isinstance(node, ast.BoolOp):
        return all(_is_text(value, scope, seen) for value in node.values)
    if isinstance(node, ast.Call):
        name = _called_name(node) or ""
        if name == "str":
            return not (node.args and is_whole_number(node.args[0], scope))
        return (
            name.startswith("format_")
            or name in TRANSLATIONS | {"format", "join", "strip", "upper", "lower", "title"}
            or typed_names().get(name, set()) == {"str"}
        )
    if isinstance(node, ast.Name):
        if node.id in seen:
            return False
        kind = scope.kinds.get(node.id)
        if kind:
            return kind == "str"
        values = scope.values.get(node.id, [])
        return bool(values) and all(_is_text(value, scope, seen | {node.id}) for value in values)
    if isinstance(node, ast.Attribute):
        return typed_names().get(node.attr, set()) == {"str"}
    return False


def _is_translation(node: ast.expr) -> bool:
    return _called_name(node) in TRANSLATIONS


def _plural_count(node: ast.expr) -> ast.expr | None:
    """The count ``ngettext(singular, plural, count)`` chooses its form on."""
    name = _called_name(node)
    if name == "ngettext" and isinstance(node, ast.Call) and len(node.args) >= 3:
        return node.args[2]
    if name == "npgettext" and isinstance(node, ast.Call) and len(node.args) >= 4:
        return node.args[3]
    return None


def _said_on(node: ast.AST, statement: ast.stmt | None) -> tuple[int, int]:
    """The lines a ``# not a count`` for ``node`` may be on: those of its statement (of a compound
    statement, its first line up to its body)."""
    first = node.lineno
    last = getattr(node, "end_lineno", None) or first
    if statement is not None:
        body = getattr(statement, "body", None)
        end = body[0].lineno - 1 if isinstance(body, list) and body else statement.end_lineno or last
        first, last = min(first, statement.lineno), max(last, end)
    return first, last


def _is_str_of_whole_number(node: ast.Call, scope: Scope) -> bool:
    function = node.func
    return (
        isinstance(function, ast.Name)
        and function.id == "str"
        and bool(node.args)
        and is_whole_number(node.args[0], scope)
    )


def _percent_pattern(node: ast.expr) -> bool:
    """A msgid with a ``%`` format in it: ``{share:.0%}``."""
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.search(r"{[^{}]*:[^{}]*%}", node.value) is not None
    )


def _percent_spec(node: ast.JoinedStr) -> bool:
    for value in node.values:
        if isinstance(value, ast.FormattedValue) and value.format_spec is not None:
            spec = ast.unparse(value.format_spec)
            if "%" in spec:
                return True
    return False


def offenders_in(path: Path, root: Path = ROOT) -> list[Offender]:
    """What the scan flags in the file ``path`` of the tree at ``root``."""
    relative = path.relative_to(root).as_posix()
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, filename=relative)
    found: list[Offender] = []

    statements = {
        id(child): statement
        for statement in ast.walk(tree)
        if isinstance(statement, ast.stmt)
        for child in ast.walk(statement)
    }  # the innermost statement wins: ast.walk goes outside in

    def flag(node: ast.AST, why: str) -> None:
        first, last = _said_on(node, statements.get(id(node)))
        if any(SHOWN_AS_IS in lines[number - 1] for number in range(first, last + 1)):
            return
        found.append(Offender(relative, node.lineno, why, lines[node.lineno - 1].strip(), node))

    constants = whole_constants(root)

    def visit(scope_node: ast.AST) -> None:
        scope = Scope(scope_node, constants)
        for node in _own_nodes(scope_node):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
                visit(node)
                continue
            if not isinstance(node, ast.Call):
                continue
            function = node.func
            if isinstance(function, ast.Attribute) and function.attr == "format":
                _check_format(node, function.value, scope, flag)
            elif _is_str_of_whole_number(node, scope) and relative.startswith(STR_CELLS):
                flag(node, "str() of a count: write it with format_count(…)")
            if _is_translation(node) and any(_percent_pattern(argument) for argument in node.args):
                flag(node, "a percentage formatted with '%': write it with format_percent(…)")

    visit(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and _percent_spec(node):
            flag(node, "a percentage formatted with '%': write it with format_percent(…)")
    return found


def _check_format(call: ast.Call, text: ast.expr, scope: Scope, flag: object) -> None:
    if isinstance(text, ast.Constant | ast.JoinedStr):
        return  # a literal pattern: a machine's format, not a person's text
    plural = _plural_count(text)
    for argument in [*call.args, *(keyword.value for keyword in call.keywords)]:
        if isinstance(argument, ast.Starred):
            continue
        placeholder = next((keyword.arg for keyword in call.keywords if keyword.value is argument), None)
        if plural is not None and ast.dump(argument) == ast.dump(plural):
            flag(argument, f"{{{placeholder}}} shows the plural's count as it is: give format_count(…)")  # type: ignore[operator]
        elif placeholder in NOT_COUNTS:
            continue
        elif is_whole_number(argument, scope):
            flag(argument, f"{{{placeholder or '…'}}} is given a whole number: give format_count(…)")  # type: ignore[operator]
        elif placeholder in COUNT_PLACEHOLDERS and not _is_text(argument, scope):
            flag(argument, f"{{{placeholder}}} is given something not text: give format_count(…)")  # type: ignore[operator]


def all_offenders() -> list[Offender]:
    return [offender for path in source_files() for offender in offenders_in(path)]
