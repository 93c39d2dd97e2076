"""A city's own fields (attributes): declared in site_config.yaml for actions and categories, written in the
content files under `attributes:`, and checked like the built-in fields once the configuration is known.

One file's check keeps what `attributes:` holds as written, with its lines (`AttributeValues`), so that a
file's checked result does not depend on the configuration; the catalogue's check (`check_attributes`) then
parses every value with the type its declaration gives, and `value_of` gives the clean value to the views.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..base import coordination, problems
from ..base.errors import ContentError
from ..base.paths import CONFIG_FILE
from .checker import Checker, describe, join, suggestion
from .field_types import Boolean, Choice, Date, Markdown, Number, Ref, Text
from .schema import FieldType

DEFAULT_SECTION = "Lisätiedot"  # the UI's msgid for a field declared without a section


@dataclass(frozen=True)
class AttributeChoice:
    id: str
    label: Any  # a text, or Translated until localised


@dataclass(frozen=True)
class Attribute:
    """One field a city declares (site_config.yaml's attributes.actions[] or attributes.categories[])."""

    id: str
    type: str  # codes.ATTRIBUTE_TYPES
    label: Any
    help: Any = None
    required: bool = False
    unit: Any = None
    choices: tuple[AttributeChoice, ...] = ()
    under: str | None = None  # a category field: the root of the branch its value is in
    section: Any = None  # the heading of the page's section; None: DEFAULT_SECTION

    @functools.cached_property
    def field_type(self) -> FieldType:
        """The built-in type that checks a value of this field."""
        if self.type in ("choice", "ordered_choice"):
            words = tuple((choice.id, tuple(text for _, text in getattr(choice.label, "texts", ((None, choice.label),))
                                            if isinstance(text, str))) for choice in self.choices)
            return Choice(tuple(choice.id for choice in self.choices), words)
        return {"text": Text(), "markdown": Markdown(), "number": Number(), "date": Date(), "boolean": Boolean(),
                "category": Ref("category")}[self.type]

    @property
    def choice_labels(self) -> dict[str, Any]:
        """Each choice's label by its id, in order."""
        return {choice.id: choice.label for choice in self.choices}

    def choice(self, identifier: str) -> AttributeChoice:
        return next(choice for choice in self.choices if choice.id == identifier)

    def position(self, identifier: str) -> int:
        """Where a choice stands in an ordered choice's scale, from 0."""
        return [choice.id for choice in self.choices].index(identifier)

    def json_schema(self) -> dict:
        described = self.help or self.label
        text = described if isinstance(described, str) else next(iter(dict(described.texts).values()))
        return {**self.field_type.json_schema(), "description": str(text)}


@dataclass(frozen=True)
class Attributes:
    """Every field a city declares, by the kind of item that has them."""

    actions: tuple[Attribute, ...] = ()
    categories: tuple[Attribute, ...] = ()
    lines: tuple[tuple[str, int], ...] = ()  # (where in site_config.yaml, line), for the catalogue's errors

    def of(self, kind: str) -> tuple[Attribute, ...]:
        return {"action": self.actions, "category": self.categories}.get(kind, ())

    def line(self, where: str) -> int:
        return dict(self.lines).get(where, 1)


def plain(value):
    """A YAML value as plain Python values (the loader's mappings and lists carry their lines as attributes)."""
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


class AttributeValues(FieldType):
    """`attributes:` of a content file: a mapping of the city's own fields, kept as written with the lines of its
    keys, until the catalogue's check knows their declarations (check_attributes)."""

    def check(self, value, where, line, checker):
        if not isinstance(value, Mapping):
            checker.error(line, where, problems.EXPECTED_MAPPING(value=describe(value)))
            return None
        key_lines = getattr(value, "key_lines", {})
        for key, item in value.items():
            key_where = join(where, str(key))
            checker.lines[key_where] = key_lines.get(key, line)
            for language, language_line in getattr(item, "key_lines", {}).items():
                checker.lines[f"{key_where}.{language}"] = language_line
            for index, item_line in enumerate(getattr(item, "item_lines", ())):
                checker.lines[f"{key_where}[{index}]"] = item_line
        return plain(value)

    def json_schema(self, rule_schemas=None):
        return {"type": "object", "description": "The city's own fields, as site_config.yaml's attributes declare "
                                                 "them (the site's schemas under /schemas/ list them)."}


def declared_schema(attributes: Iterable[Attribute]) -> dict:
    """The JSON Schema of `attributes:` when these fields are declared."""
    attributes = tuple(attributes)
    return {"type": "object", "properties": {attribute.id: attribute.json_schema() for attribute in attributes},
            "required": [attribute.id for attribute in attributes if attribute.required],
            "additionalProperties": False}


def checked_value(attribute: Attribute, value, where: str, line: int, checker: Checker):
    """A value checked by its declared type (a reference's existence is check_attributes's)."""
    return attribute.field_type.check(value, where, line, checker)


def value_of(attribute: Attribute, written: dict | None):
    """The clean value of a checked item's attribute (None when it has none): a text may still be Translated."""
    if not written or written.get(attribute.id) in (None, "", [], {}):
        return None
    return checked_value(attribute, written[attribute.id], attribute.id, 1, Checker(""))


def category_tree(items: list) -> dict[str, str | None]:
    return {item.id: item.fields.get("parent") for item in items if item.kind == "category"}


def in_branch(identifier: str, root: str, parents: dict[str, str | None]) -> bool:
    """Whether a category is `root` or below it (a loop of parents is check_parent_cycles's error)."""
    seen = set()
    while identifier is not None and identifier not in seen:
        if identifier == root:
            return True
        seen.add(identifier)
        identifier = parents.get(identifier)
    return False


def check_attributes(items: list, declared: Attributes, languages: tuple[str, ...]) -> list[ContentError]:
    """Every action's and category's `attributes:` against the fields site_config.yaml declares: unknown names,
    missing required fields, values of the wrong type, categories that do not exist or are outside the branch."""
    parents = category_tree(items)
    errors = [ContentError(CONFIG_FILE, declared.line(f"{folder}.{attribute.id}"), f"attributes.{folder}",
                           problems.UNKNOWN_REFERENCE(kind=problems.KIND_CATEGORY(), id=attribute.under,
                                                      hint=suggestion(attribute.under, parents)))
              for folder in ("actions", "categories") for attribute in getattr(declared, folder)
              if attribute.under is not None and attribute.under not in parents]
    for item in items:
        attributes = declared.of(item.kind)
        written = item.fields.get("attributes") or {}
        if not attributes and not written:
            continue
        checker = Checker(item.path, languages, lines=dict(item.lines))
        known = {attribute.id for attribute in attributes}
        for key in written:
            if key not in known:
                where = f"attributes.{key}"
                checker.error(item.lines.get(where, item.line), where, coordination.UNKNOWN_ATTRIBUTE(
                    hint=suggestion(str(key), known)))
        for attribute in attributes:
            where = f"attributes.{attribute.id}"
            line = item.lines.get(where, item.lines.get("attributes", item.line))
            value = written.get(attribute.id)
            if value in (None, "", [], {}):
                if attribute.required:
                    missing = problems.REQUIRED_EMPTY() if attribute.id in written else problems.REQUIRED_MISSING()
                    checker.error(line, where, missing)
                continue
            clean = checked_value(attribute, value, where, line, checker)
            if attribute.type == "category" and clean is not None:
                errors += category_problems(item, attribute, clean, where, line, parents)
        errors += checker.errors
    return errors


def category_problems(item, attribute: Attribute, identifier: str, where: str, line: int,
                      parents: dict[str, str | None]) -> list[ContentError]:
    """A category field names a category, of the declared branch when `under` is given."""
    if identifier not in parents:
        candidates = [name for name in parents if attribute.under is None or in_branch(name, attribute.under, parents)]
        return [ContentError(item.path, line, where, problems.UNKNOWN_REFERENCE(
            kind=problems.KIND_CATEGORY(), id=identifier, hint=suggestion(identifier, candidates)))]
    if attribute.under in parents and not in_branch(identifier, attribute.under, parents):  # an unknown branch
        # is the configuration's error
        return [ContentError(item.path, line, where, coordination.ATTRIBUTE_NOT_UNDER(id=identifier,
                                                                                       root=attribute.under))]
    return []


def declarations(fields: dict | None, checker: Checker) -> Attributes:
    """site_config.yaml's `attributes` as declarations, each checked: a unique identifier, choices exactly for
    choice fields, a unit only for numbers, `under` only for category fields (whether it names a category is
    check_attributes's)."""
    if not fields:
        return Attributes()
    found: dict[str, tuple] = {}
    lines = []
    for folder in ("actions", "categories"):
        declared, seen = [], {}
        for index, entry in enumerate(fields[folder]):
            where = f"attributes.{folder}[{index}]"
            line = checker.lines.get(where, 1)
            if not entry or entry["id"] is None or entry["type"] is None:
                continue
            problem = declaration_problem(entry, seen)
            if problem is not None:
                checker.error(line, where, problem)
                continue
            seen[entry["id"]] = line
            lines.append((f"{folder}.{entry['id']}", line))
            declared.append(Attribute(
                entry["id"], entry["type"], entry["label"], entry["help"], entry["required"], entry["unit"],
                tuple(AttributeChoice(choice["id"], choice["label"]) for choice in entry["choices"] if choice),
                entry["under"], entry["section"]))
        found[folder] = tuple(declared)
    return Attributes(found["actions"], found["categories"], tuple(lines))


def declaration_problem(entry: dict, seen: dict[str, int]):
    """What is wrong with one declaration, or None."""
    if entry["id"] in seen:
        return coordination.ATTRIBUTE_TWICE(id=entry["id"], line=seen[entry["id"]])
    has_choices = entry["type"] in ("choice", "ordered_choice")
    if has_choices and not entry["choices"]:
        return coordination.ATTRIBUTE_CHOICES_MISSING(type=entry["type"])
    if not has_choices and entry["choices"]:
        return coordination.ATTRIBUTE_CHOICES_UNUSED()
    identifiers = [choice["id"] for choice in entry["choices"] if choice]
    twice = next((identifier for index, identifier in enumerate(identifiers) if identifier in identifiers[:index]),
                 None)
    if twice is not None:
        return coordination.ATTRIBUTE_CHOICE_TWICE(id=twice)
    if entry["unit"] is not None and entry["type"] != "number":
        return coordination.ATTRIBUTE_UNIT_UNUSED()
    if entry["under"] is not None and entry["type"] != "category":
        return coordination.ATTRIBUTE_UNDER_UNUSED()
    return None
