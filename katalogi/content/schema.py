"""Declared types that check one YAML value each: the base of every field type, lists, and objects of fields.

A content type is an `Object` of `Field`s (field_types.py has the types of one value).
Checking a document walks the declaration, collects every problem with its line,
records the line of every field (for later cross-reference errors) and every reference
to another item (checked once all items are known). Adding a field to a content type is one line in `model.py`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..base import problems
from .checker import (
    Checker,
    Invalid,
    describe,
    join,
    unknown_field,
)


class FieldType:
    """A scalar type: `parse` turns the YAML value into a clean one or raises Invalid."""

    listed_once = False  # in a list, each value may be written once (references: naming an item twice is a slip)

    def check(self, value: Any, where: str, line: int, checker: Checker) -> Any:
        try:
            return self.parse(value)
        except Invalid as problem:
            checker.error(line, where, problem.message)
            return None

    def parse(self, value: Any) -> Any:
        raise NotImplementedError

    def json_schema(self, rule_schemas: RuleSchemas | None = None) -> dict:
        """The JSON Schema (draft-07) of the values `parse` accepts, as YAML 1.2 tools read them.

        Editors' tools (VS Code's YAML extension) read `2035` as a number and
        `2019-10-15` as text, where katalogi reads both as text; the schemas accept
        what `check` accepts in either reading. `rule_schemas` gives the schema of an
        Object's rules that JSON Schema can express (see json_schema.py).
        """
        raise NotImplementedError


@dataclass(frozen=True)
class ListOf(FieldType):
    item: FieldType

    def check(self, value, where, line, checker):
        if not isinstance(value, list):
            hint = problems.LIST_HINT(value=value) if isinstance(value, str) else ""
            checker.error(line, where, problems.EXPECTED_LIST(value=describe(value), hint=hint))
            return []
        item_lines = getattr(value, "item_lines", [line] * len(value))
        result, first_index = [], {}
        for index, (item, item_line) in enumerate(zip(value, item_lines, strict=True)):
            item_where = f"{where}[{index}]"
            checker.lines[item_where] = item_line
            if item is None:
                checker.error(item_line, item_where, problems.EMPTY_LIST_ITEM())
                continue
            if self.item.listed_once and isinstance(item, str):
                if item in first_index:
                    checker.error(item_line, item_where, problems.ALREADY_LISTED(
                        value=item, other=f"{where}[{first_index[item]}]"))
                    continue
                first_index[item] = index
            result.append(self.item.check(item, item_where, item_line, checker))
        return result

    def json_schema(self, rule_schemas=None):
        schema = {"type": "array", "items": self.item.json_schema(rule_schemas)}
        if self.item.listed_once:
            schema["uniqueItems"] = True
        return schema


@dataclass(frozen=True)
class Field:
    """One named field of a content type; `doc` is shown to editors in scaffolds and docs."""

    name: str
    type: FieldType
    doc: str
    required: bool = False
    default: Any = None
    example: Any = None


Rule = Callable[[dict, str, Any, Checker], None]
RuleSchemas = Mapping[Rule, dict]


@dataclass(frozen=True)
class Object(FieldType):
    """A mapping with declared fields; `rules` check how fields depend on each other."""

    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()

    @functools.cached_property
    def field_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields)

    def check(self, value, where, line, checker):
        if not isinstance(value, dict):
            checker.error(line, where or "file", problems.EXPECTED_MAPPING(value=describe(value)))
            return None
        key_lines = getattr(value, "key_lines", {})
        for key in value:
            if key not in self.field_names:
                checker.error(key_lines.get(key, line), join(where, key), unknown_field(key, value, self.field_names))
        result = {}
        for declared in self.fields:
            field_where = join(where, declared.name)
            raw = value.get(declared.name)
            if raw is None or raw == [] or raw == {}:
                if declared.required:
                    missing = problems.REQUIRED_EMPTY() if declared.name in value else problems.REQUIRED_MISSING()
                    checker.error(key_lines.get(declared.name, line), field_where, missing)
                result[declared.name] = [] if isinstance(declared.type, ListOf) else declared.default
                continue
            field_line = key_lines.get(declared.name, line)
            checker.lines[field_where] = field_line
            result[declared.name] = declared.type.check(raw, field_where, field_line, checker)
        for rule in self.rules:
            rule(result, where, value, checker)
        return result

    def json_schema(self, rule_schemas=None):
        rule_schemas = rule_schemas or {}
        schema = {
            "type": "object",
            "properties": {declared.name: field_json_schema(declared, rule_schemas) for declared in self.fields},
            "required": [declared.name for declared in self.fields if declared.required],
            "additionalProperties": False,
        }
        if self.rules:
            schema["$comment"] = "Also checked by `check`: " + " ".join(
                (rule.__doc__ or rule.__name__).strip() for rule in self.rules)
        expressed = [rule_schemas[rule] for rule in self.rules if rule in rule_schemas]
        if expressed:
            schema["allOf"] = expressed
        return schema


def field_json_schema(declared: Field, rule_schemas: RuleSchemas) -> dict:
    """A field's schema with its meaning, default and example, as editors' tools show them."""
    schema = {**declared.type.json_schema(rule_schemas), "description": declared.doc}
    if declared.required and isinstance(declared.type, ListOf):
        schema["minItems"] = 1  # `check`: "required field is empty"
    if declared.required and isinstance(declared.type, Object):
        schema["minProperties"] = 1
    if declared.default is not None:
        schema["default"] = declared.default
    if declared.example is not None:
        schema["examples"] = [declared.example]
    return schema


def with_minimum(schema: dict, minimum: float | None) -> dict:
    return schema if minimum is None else {**schema, "minimum": minimum}


