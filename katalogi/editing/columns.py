"""A workbook's column: the field it holds, its type and language, and the columns of the city's own fields
(site_config.yaml's attributes), which come after the built-in ones on the sheets of actions and categories."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..base.problems import Problem
from ..content.attributes import Attribute
from ..content.field_types import Choice, Ref, Text
from ..content.i18n import resolve
from ..content.schema import FieldType, ListOf


@dataclass(frozen=True)
class Column:
    """One column: the field it holds (`path` below the row's mapping), its type, and its language if a text."""

    key: str  # as written in row 2: name.fi, timespan.start, state, action, position
    path: tuple[str, ...]  # () for the columns that only say which item a row is about
    type: FieldType
    heading: Problem
    doc: str = ""
    language: str | None = None
    required: bool = False
    default: Any = None

    @property
    def is_list(self) -> bool:
        return isinstance(self.type, ListOf)

    @property
    def choices(self) -> str | None:
        """The drop-down list of the column, by name: a choice's field, or the kind an identifier names."""
        item = self.type.item if isinstance(self.type, ListOf) else self.type
        if isinstance(item, Ref):
            return item.kind
        if isinstance(item, Choice):  # a city's own field by its whole name: its id may be any
            return ".".join(self.path) if self.path[:1] == ("attributes",) else self.path[-1]
        return None


@dataclass(frozen=True)
class OwnHeading:
    """The heading of a column of the city's own field: its label, in the editor's language where the site has
    it (as a said.HEADING_* Problem is called and rendered)."""

    label: Any
    default: str

    def __call__(self) -> OwnHeading:
        return self

    def render(self, language: str) -> str:
        return str(resolve(self.label, language, self.default))


def own_columns(attributes: tuple[Attribute, ...], languages: tuple[str, ...]) -> list[Column]:
    """The columns of the city's own fields, after the built-in ones: a text gets one per language."""
    columns = []
    for attribute in attributes:
        path, heading = ("attributes", attribute.id), OwnHeading(attribute.label, languages[0])
        doc = str(resolve(attribute.help or attribute.label, languages[0], languages[0]))
        field_type = attribute.field_type
        if isinstance(field_type, Text) and field_type.translatable:
            columns += [Column(f"attributes.{attribute.id}.{language}", path, field_type, heading, doc, language,
                               attribute.required and language == languages[0]) for language in languages]
        else:
            columns.append(Column(f"attributes.{attribute.id}", path, field_type, heading, doc, None,
                                  attribute.required))
    return columns
