"""Domain records to JSON documents and back, checked field by field.

A document that lacks a field, or holds a value of the wrong type, raises ``ValueError`` so the
workspace can report the file as damaged instead of showing half a record. The checks for each
record type are worked out once from its type hints and then reused: the app decodes every
record of the network file at start, so this is on the way to the first frame.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, TypeVar

RecordT = TypeVar("RecordT")
ValueT = TypeVar("ValueT")
Decoder = Callable[[Any], Any]


def to_document(record: Any) -> dict[str, Any]:
    """A JSON-ready dict of a dataclass record: dates as ISO text, datetimes in UTC."""
    # A class is hashable, as the cache below needs, but mypy does not see it (python/mypy#11470).
    return {name: _encode(getattr(record, name)) for name in _field_names(type(record))}  # type: ignore[arg-type]


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """The fields of a record class, looked up once: an import encodes a hundred thousand records."""
    return tuple(field.name for field in dataclasses.fields(cls))


#: Values JSON holds as they are. Their exact types: a text enum is a ``str`` too, but is stored by its value.
_PLAIN = frozenset({str, int, float, bool, type(None)})


def from_document(cls: type[RecordT], document: dict[str, Any]) -> RecordT:
    """The ``cls`` record stored as ``document``; ``ValueError`` names the first bad field.

    A document as the app writes it (every field there, every value of its type) goes through the
    record class's compiled decoder (:func:`_compiled_decoder`), three times faster: the network's
    views decode a hundred thousand records. Anything else, or a value the compiled check
    refuses, goes through the field-by-field path, which decodes what it can and names what it
    cannot.
    """
    try:
        # A class is hashable, as the cache needs, but mypy does not see it (python/mypy#11470).
        decode: Callable[[dict[str, Any]], RecordT] = _compiled_decoder(cls)  # type: ignore[arg-type]
        return decode(document)
    except Exception:  # any refusal is told, with its field, by the careful path below
        return _decode_field_by_field(cls, document)


def _decode_field_by_field(cls: type[RecordT], document: dict[str, Any]) -> RecordT:
    values: dict[str, Any] = {}
    for name, required, decode in _field_decoders(cls):  # type: ignore[arg-type]  # hashable: python/mypy#11470
        if name not in document:
            if required:
                raise ValueError(f"{cls.__name__} without {name}")
            continue
        try:
            values[name] = decode(document[name])
        except (TypeError, ValueError) as error:
            raise ValueError(f"{cls.__name__}.{name}: {error}") from None
    return cls(**values)


@functools.cache
def _field_decoders(cls: type) -> tuple[tuple[str, bool, Decoder], ...]:
    hints = typing.get_type_hints(cls)
    return tuple(
        (
            field.name,
            field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING,
            _decoder(hints[field.name]),
        )
        for field in dataclasses.fields(cls)
    )


def _encode(value: Any) -> Any:
    if type(value) in _PLAIN:  # most fields: asked first, it spares the checks below
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="milliseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # the slowest check, asked last
        return to_document(value)
    return value


@functools.cache
def _compiled_decoder(cls: type) -> Callable[[dict[str, Any]], Any]:
    """One function per record class that checks and converts every field in straight-line code,
    without a loop, a call or an exception handler per field: for a plain text, number or flag
    field, a check of its exact type; for a time, its parse; for the rest (lists, nested records),
    the field's decoder. It raises on any field missing or wrong, and :func:`from_document` then
    takes the careful path."""
    hints = typing.get_type_hints(cls)
    namespace: dict[str, Any] = {"cls": cls, "fromisoformat": datetime.fromisoformat, "Bad": ValueError}
    namespace.update(str=str, bool=bool, int=int, list=list, dict=dict)
    lines = ["def decode(document):"]
    arguments = []
    times: list[int] = []  # the fields holding times so far
    for number, field in enumerate(dataclasses.fields(cls)):
        value = f"v{number}"
        lines.append(f"    {value} = document[{field.name!r}]")
        hint, optional = hints[field.name], False
        if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in typing.get_args(hint):
            (hint,) = [option for option in typing.get_args(hint) if option is not type(None)]
            optional = True
        if hint is datetime:
            lines.append(f"    r{number} = {value}")  # the text, before any check: compared by the later times
        indent = "    "
        if optional:
            lines.append(f"    if {value} is not None:")
            indent = "        "
        if hint in (str, bool, int):
            lines.append(f"{indent}if {value}.__class__ is not {hint.__name__}: raise Bad")
        elif hint is datetime:
            # A time equal to one of the record's earlier times (created and updated, as a record
            # never edited has them) is that time again: parsed once.
            same = "".join(f"v{earlier} if r{number} == r{earlier} else " for earlier in times)
            lines.append(f"{indent}{value} = {same}fromisoformat({value})")
            lines.append(f"{indent}if {value}.tzinfo is None: raise Bad")
            times.append(number)
        elif isinstance(hint, type) and issubclass(hint, Enum):  # a look-up, not the Enum call
            namespace[f"members{number}"] = hint._value2member_map_
            lines.append(f"{indent}{value} = members{number}[{value}]")
        elif hint == list[str]:
            lines.append(f"{indent}if {value}.__class__ is not list: raise Bad")
            lines.append(f"{indent}for item in {value}:")
            lines.append(f"{indent}    if item.__class__ is not str: raise Bad")
            lines.append(f"{indent}{value} = list({value})")
        elif hint == dict[str, int]:
            lines.append(f"{indent}if {value}.__class__ is not dict: raise Bad")
            lines.append(f"{indent}for key, item in {value}.items():")
            lines.append(f"{indent}    if key.__class__ is not str or item.__class__ is not int: raise Bad")
            lines.append(f"{indent}{value} = dict({value})")
        else:
            namespace[f"decode{number}"] = _decoder(hint)
            lines.append(f"{indent}{value} = decode{number}({value})")
        arguments.append(f"{field.name}={value}")
    lines.append(f"    return cls({', '.join(arguments)})")
    exec("\n".join(lines), namespace)  # the source is made above from the class's own fields
    decode: Callable[[dict[str, Any]], Any] = namespace["decode"]
    return decode


def _decoder(hint: Any) -> Decoder:
    """A function that checks and converts one stored value of type ``hint``."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        (inner,) = [option for option in options if option is not type(None)]
        decode_inner = _decoder(inner)
        optional = type(None) in options

        def decode_union(value: Any) -> Any:
            if value is None:
                if optional:
                    return None
                raise ValueError("missing value")
            return decode_inner(value)

        return decode_union
    if origin is list:
        decode_item = _decoder(typing.get_args(hint)[0])
        return lambda value: [decode_item(item) for item in _expect(list, value)]
    if origin is dict:
        arguments = typing.get_args(hint)
        if not arguments:
            return lambda value: dict(_expect(dict, value))
        decode_key, decode_value = (_decoder(argument) for argument in arguments)
        return lambda value: {decode_key(key): decode_value(item) for key, item in _expect(dict, value).items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return lambda value: from_document(hint, _expect(dict, value))
    if hint is datetime:
        return _decode_datetime
    if hint is date:
        return lambda value: date.fromisoformat(_expect(str, value))
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    if hint is int:
        return _decode_int
    if hint is float:
        return _decode_float
    if hint in (bool, str):
        return functools.partial(_expect, hint)
    raise TypeError(f"no codec for {hint!r}")


def _decode_datetime(value: Any) -> datetime:
    moment = datetime.fromisoformat(_expect(str, value))
    if moment.tzinfo is None:
        raise ValueError("time without time zone")
    return moment


def _decode_float(value: Any) -> float:
    """A number stored for a float field: JSON writes 3.0 as written, and a whole number read
    back from another writer is the same amount."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("expected a number")
    return float(value)


def _decode_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("expected a number")
    return _expect(int, value)


def _expect(kind: type[ValueT], value: object) -> ValueT:
    if not isinstance(value, kind):
        raise ValueError(f"expected {kind.__name__}, found {type(value).__name__}")
    return value
