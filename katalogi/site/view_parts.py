"""The frozen views that name no other view (a link, a timespan, a value of an indicator, a notice, one of the
city's own fields), and `view` and `settle`, which every view is made and linked with (views.py has the rest)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..content.attributes import Attribute


def view(cls):
    """A frozen view: compared by identity (views refer to each other in cycles), shown by kind and id."""
    cls.__repr__ = lambda self: f"<{type(self).__name__} {getattr(self, 'id', '')}>".replace(" >", ">")
    return dataclass(frozen=True, eq=False, repr=False, slots=True)(cls)


def settle(target, **values) -> None:
    """Set fields of a view while `link` builds it: how references that go both ways are made, once."""
    for name, value in values.items():
        object.__setattr__(target, name, value)


@view
class Link:
    title: str
    url: str | None


@view
class OfficialDescription:
    text: str
    label: str | None
    source: str | None


@view
class Timespan:
    start: datetime.date | None
    end: datetime.date | None
    continuous: bool


@view
class Factor:
    """One row of an emission factor table: kg CO2e per euro for the CPV codes that start with `cpv`."""

    cpv: str
    value: float
    label: str | None


@view
class Point:
    """One dated value of an indicator: measured or a goal; a computed one knows the records behind it."""

    date: datetime.date
    value: float
    records: int | None = None  # computed: the procurements counted that year
    green_records: int | None = None  # of them, those with green criteria by the indicator's rule
    euros: float | None = None
    green_euros: float | None = None


@view
class AttributeValue:
    """The value of one of the city's own fields: a text, number, date, yes or no, a choice's id, or a Category."""

    attribute: Attribute
    value: object


@view
class Notice:
    """An eForms notice a procurement record was imported from."""

    id: str
    version: str | None
    kind: str  # pin, cn, can, veat, change
    subtype: str | None
    date: datetime.date
    publication: str | None  # OPP-010, the number on TED
    changes: str | None  # BT-758: the notice and version a change notice changes
    url: str | None
