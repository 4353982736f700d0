"""Domain records to JSON documents and back, checked field by field.

A document that lacks a field, or holds a value of the wrong type, raises ``ValueError`` so the
workspace can report the file as damaged instead of showing half a record.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any, TypeVar

RecordT = TypeVar("RecordT")


def to_document(record: Any) -> dict[str, Any]:
    """A JSON-ready dict of a dataclass record: dates as ISO text, datetimes in UTC."""
    return {field.name: _encode(getattr(record, field.name)) for field in dataclasses.fields(record)}


def from_document(cls: type[RecordT], document: dict[str, Any]) -> RecordT:
    """The ``cls`` record stored as ``document``; ``ValueError`` names the first bad field."""
    hints = _type_hints(cls)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.name not in document:
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                raise ValueError(f"{cls.__name__} without {field.name}")
            continue
        try:
            values[field.name] = _decode(hints[field.name], document[field.name])
        except (TypeError, ValueError) as error:
            raise ValueError(f"{cls.__name__}.{field.name}: {error}") from None
    return cls(**values)


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_document(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat(timespec="milliseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    return value


def _decode(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None:
            if type(None) in options:
                return None
            raise ValueError("missing value")
        (inner,) = [option for option in options if option is not type(None)]
        return _decode(inner, value)
    if origin is list:
        (inner,) = typing.get_args(hint)
        return [_decode(inner, item) for item in _expect(list, value)]
    if origin is dict:
        return dict(_expect(dict, value))
    if dataclasses.is_dataclass(hint):
        return from_document(hint, _expect(dict, value))
    if hint is datetime:
        moment = datetime.fromisoformat(_expect(str, value))
        if moment.tzinfo is None:
            raise ValueError("time without time zone")
        return moment
    if hint is date:
        return date.fromisoformat(_expect(str, value))
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if hint is bool:
        return _expect(bool, value)
    if hint is int:
        if isinstance(value, bool):
            raise ValueError("expected a number")
        return _expect(int, value)
    if hint is str:
        return _expect(str, value)
    raise TypeError(f"no codec for {hint!r}")


def _expect(kind: type, value: Any) -> Any:
    if not isinstance(value, kind):
        raise ValueError(f"expected {kind.__name__}, found {type(value).__name__}")
    return value
