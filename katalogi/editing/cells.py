"""A field's value as its file holds it and as a workbook's cell shows it, and back: what the export writes
and the import compares."""

from __future__ import annotations

import datetime
from typing import Any

from ..base import problems
from ..content.checker import Checker, Invalid, Translated
from ..content.field_types import IDENTIFIER, Boolean, Identifier, Ref
from ..content.load import CONTROL
from .workbook import (
    RESPONSIBLE,
    Column,
    empty,
)


def dig(fields: dict | None, path: tuple[str, ...]) -> Any:
    for name in path:
        if not isinstance(fields, dict):
            return None
        fields = fields.get(name)
    return fields


def responsible_position(fields: dict) -> int | None:
    """The position of an action's responsible organisation: the first with role primary."""
    return next((index for index, entry in enumerate(fields.get("organisations") or [])
                 if isinstance(entry, dict) and entry.get("role") == "primary"), None)


def current_value(column: Column, fields: dict, default_language: str) -> Any:
    """What the file holds for a column, as `check` reads it (defaults filled in)."""
    if column.key == RESPONSIBLE:
        position = responsible_position(fields)
        return None if position is None else fields["organisations"][position]["organisation"]
    value = dig(fields, column.path)
    if column.path[:1] == ("attributes",):
        return own_value(column, value, default_language)
    if column.language is not None:
        if isinstance(value, Translated):
            return value.get(column.language)
        return value if column.language == default_language else None
    return value


def own_value(column: Column, value: Any, default_language: str) -> Any:
    """A city's own field as `check` reads it: the files keep it as written (attributes.AttributeValues)."""
    if isinstance(value, dict):  # a text by language
        return value.get(column.language)
    if column.language is not None and column.language != default_language:
        return None
    try:
        return column.type.parse(value) if value is not None and not isinstance(column.type, Ref) else value
    except Invalid:
        return value


def shown_in_cell(value: Any) -> Any:
    """A value as a cell holds it: a list as identifiers separated by commas."""
    if isinstance(value, list):
        return ", ".join(str(part) for part in value if part is not None) or None
    return value


def from_cell(value: Any, column: Column) -> Any:
    """A cell's value as YAML would have read it: text, true/false, a date, or None when empty."""
    if empty(value):
        return None
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n")
        if isinstance(column.type, Boolean) and text.strip().lower() in ("true", "false"):
            return text.strip().lower() == "true"
        return text
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, (bool, datetime.date)):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def checked_cell(column: Column, value: Any, where: str) -> tuple[Any, tuple[str, Any] | None]:
    """The value to write for a filled cell, checked by its field's type; or the problem `check` would report
    (the field it names, and the message)."""
    control = CONTROL.search(str(value))
    if control:
        return None, (where, problems.CONTROL_CHARACTER(code=f"{ord(control[0]):04x}"))
    if column.is_list:
        parts = [part.strip() for part in str(value).split(",") if part.strip()]
        checker = Checker("")
        column.type.check(parts, where, 0, checker)
        return parts, ((checker.errors[0].field, checker.errors[0].message) if checker.errors else None)
    if isinstance(column.type, Ref) and isinstance(value, str) and not IDENTIFIER.fullmatch(value.strip()):
        return value.strip(), None  # perhaps a name: the catalogue's check says which identifier to write
    try:
        return (Identifier() if isinstance(column.type, Ref) else column.type).parse(value), None
    except Invalid as problem:
        return None, (where, problem.message)


def same(value: Any, current: Any, column: Column) -> bool:
    """Whether a cell says what the file says (an empty cell: the field is missing, or has its default)."""
    if value is None:
        return current is None or current == [] or (column.default is not None and current == column.default)
    if isinstance(value, list):
        return [str(part) for part in value] == [str(part) for part in current or []]
    if isinstance(value, bool) or isinstance(current, bool):
        return value is current
    return type(value) is type(current) and value == current or (
        isinstance(value, (int, float)) and isinstance(current, (int, float)) and value == current)


def field_name(segments: tuple, language: str | None, plain_text: bool) -> str:
    """A field as `check` names it: tasks[2].state, name.sv (name, when the text is a plain one)."""
    text = ""
    for segment in segments:
        text += f"[{segment}]" if isinstance(segment, int) else (f".{segment}" if text else segment)
    return f"{text}.{language}" if language is not None and not plain_text else text
