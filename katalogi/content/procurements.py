"""Procurement records: a file of one procurement, or of many under `procurements:`, and the figures about them.

A procurement (a tender or a contract) is one record, as every other item is; but a
city has thousands of them and exports them from its systems in batches, so one file
may also hold a list of them. Each record of such a file is checked as a file of its
own would be, with every problem at its own line, and becomes an item of its own:
pages depend on the records they show, so an edit of one file renders again only
the pages of the records in it (see engine.check_items).

The figures here (counts, sums, shares with green criteria) are the only ones the
site shows of procurements; tests recompute them independently. They count the records
at the tender and contract stages: a planned procurement (a prior information notice)
is listed, not counted, as its call for tenders will be a record of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..base import problems
from ..base.errors import ContentError
from .checker import describe
from .codes import PLANNED
from .load import Document, LineDict, LineList
from .model import ContentType
from .validate import Item, check_document

LIST_KEY = "procurements"
GREEN_CRITERIA = ("eu", "national", "other")  # BT-805 values that mean some green criteria were used


def is_list_file(data: LineDict) -> bool:
    """A file of many records: its one top-level field is the list `procurements:`."""
    return LIST_KEY in data


def check_records(content_type: ContentType, document: Document, languages: tuple[str, ...] | None
                  ) -> tuple[tuple[Item, ...], list[ContentError]]:
    """Every record of a file of many procurements, each checked as a document of its own at its own lines."""
    data, path = document.data, document.path
    errors = [ContentError(path, data.key_lines[key], key, problems.PROCUREMENTS_ONLY(key=key))
              for key in data if key != LIST_KEY]
    records = data[LIST_KEY]
    if not isinstance(records, LineList):
        return (), [*errors, ContentError(path, data.key_lines[LIST_KEY], LIST_KEY,
                                          problems.PROCUREMENTS_NOT_LIST(value=describe(records)))]
    items = []
    for record, line in zip(records, records.item_lines, strict=True):
        if not isinstance(record, LineDict):
            errors.append(ContentError(path, line, LIST_KEY, problems.PROCUREMENT_NOT_MAPPING(
                value=describe(record))))
            continue
        record.comments = getattr(data, "comments", {})
        item, found = check_document(content_type, Document(path, record), languages)
        errors += found
        if item is not None and item.fields.get("id") is not None:
            items.append(item)
    return tuple(items), errors


def is_counted(procurement) -> bool:
    """Whether the figures count the record: every stage but planning."""
    return procurement.stage != PLANNED


def has_green_criteria(procurement) -> bool:
    """Green criteria were used: EU, national or other (BT-805); `none` or not known is not."""
    return procurement.gpp_criteria in GREEN_CRITERIA


@dataclass(frozen=True)
class Totals:
    """How many procurements, for how many euros, and how many of them (and of the euros) with green criteria."""

    count: int
    value: float
    green_count: int
    green_value: float
    planned: int = 0  # planned procurements, listed but not counted

    @property
    def green_share_by_count(self) -> float | None:
        return self.green_count / self.count if self.count else None

    @property
    def green_share_by_value(self) -> float | None:
        return self.green_value / self.value if self.value else None


def totals(procurements: Iterable) -> Totals:
    """The totals of some procurements; one without a value counts in the count, not in the euros, and a planned
    one in neither (`planned` says how many there were)."""
    count = green_count = planned = 0
    value = green_value = 0.0
    for procurement in procurements:
        if not is_counted(procurement):
            planned += 1
            continue
        amount = procurement.value or 0.0
        count += 1
        value += amount
        if has_green_criteria(procurement):
            green_count += 1
            green_value += amount
    return Totals(count, value, green_count, green_value, planned)


def by_year(procurements: Iterable) -> tuple[tuple[int, Totals], ...]:
    """The totals of each year of the procedure date, oldest first; planned procurements aside."""
    years: dict[int, list] = {}
    for procurement in procurements:
        if is_counted(procurement):
            years.setdefault(procurement.date.year, []).append(procurement)
    return tuple((year, totals(years[year])) for year in sorted(years))


def responsible_actions(organisation) -> tuple:
    """The actions the organisation or one of its units is responsible for (primary), in action order."""
    return tuple(action for action in organisation.all_actions if any(
        entry.role == "primary" and (entry.organisation is organisation or organisation in entry.organisation.ancestors)
        for entry in action.organisations))


def matches(procurement, organisation_id: str | None, cpv_prefixes: tuple[str, ...]) -> bool:
    """Whether a computed indicator counts the procurement: made by the organisation or one of its units, and
    with a main CPV code of one of the prefixes (when they are given)."""
    if organisation_id is not None and organisation_id not in (
            procurement.organisation.id, *(node.id for node in procurement.organisation.ancestors)):
        return False
    return not cpv_prefixes or bool(procurement.cpv_codes) and procurement.cpv_codes[0].startswith(cpv_prefixes)


def counts_as_green(procurement, criteria: tuple[str, ...], aims: tuple[str, ...]) -> bool:
    """Green by a computed indicator's rule: one of `criteria` (BT-805) and, when `aims` are given, one of them."""
    return procurement.gpp_criteria in criteria and (not aims or bool(set(aims) & set(procurement.gpp_aims)))


@dataclass(frozen=True)
class YearShare:
    """One year of a computed indicator: the share in per cent, and the records and euros it is computed from."""

    year: int
    value: float  # per cent, one decimal
    records: int
    green_records: int
    euros: float
    green_euros: float


def shares_by_year(procurements: Iterable, measure: str, organisation_id: str | None, cpv_prefixes: tuple[str, ...],
                   criteria: tuple[str, ...], aims: tuple[str, ...]) -> tuple[YearShare, ...]:
    """A computed indicator's values: for each year of the records it counts (planned ones aside), the share with
    green criteria by count (green_share_by_count) or by euros (green_share_by_value; a year without euros has no
    value)."""
    years: dict[int, list] = {}
    for procurement in procurements:
        if is_counted(procurement) and matches(procurement, organisation_id, cpv_prefixes):
            years.setdefault(procurement.date.year, []).append(procurement)
    found = []
    for year in sorted(years):
        records = years[year]
        green = [procurement for procurement in records if counts_as_green(procurement, criteria, aims)]
        euros = sum(procurement.value or 0.0 for procurement in records)
        green_euros = sum(procurement.value or 0.0 for procurement in green)
        part, whole = (len(green), len(records)) if measure == "green_share_by_count" else (green_euros, euros)
        if whole:
            found.append(YearShare(year, round(100 * part / whole, 1), len(records), len(green), euros, green_euros))
    return tuple(found)
