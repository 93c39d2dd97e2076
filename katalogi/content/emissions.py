"""Calculated emission reductions: yearly spend x the factor of a CPV code x the expected reduction.

The factor of a CPV code is that of the longest prefix its table lists ("6013" before
"60"), so a table can be as coarse or as fine as its source. Every figure is worked
out here, once, in exact decimals from the numbers as written; link.py keeps the
result and every input (`Calculation`), so the action page can show the formula and
anyone can redo it from the open data.

Where the spend comes from is one step of its own (`spend_of`): written in the
calculation; with `spend_from_procurements`, the sum of the values of the action's
procurement records in their latest year (`recorded_spends`, checked across the
catalogue by `check_recorded_spends`); else the action's procurement_volume.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..base import problems
from ..base.errors import ContentError
from .codes import PLANNED

TONNE = Decimal(1000)  # kg in a tonne: factors are kg CO2e/EUR, reductions t CO2e/yr
PERCENT = Decimal(100)
SHOWN = Decimal("0.1")  # reductions are shown to a tenth of a tonne
SPEND_FROM_CALCULATION = "calculation"  # emission_calculation.spend
SPEND_FROM_VOLUME = "procurement_volume"  # the action's procurement_volume
SPEND_FROM_RECORDS = "procurements"  # the sum of the action's procurement records' yearly values


@dataclass(frozen=True)
class Worked:
    """The result of one calculation, in exact decimals: the reduction and its range, t CO2e/yr."""

    emissions: Decimal  # of the spend, before the reduction: spend x factor / 1000 (shown rounded)
    value: Decimal
    low: Decimal | None
    high: Decimal | None


def decimal(number) -> Decimal:
    """A number as written (1.1 stays 1.1, not the nearest binary fraction)."""
    return Decimal(str(number))


def longest_prefix(prefixes: Iterable[str], cpv_code: str) -> str | None:
    """The longest of `prefixes` that the CPV code (such as 60130000-8) starts with; None when none does."""
    digits = cpv_code.split("-")[0]
    matching = [prefix for prefix in prefixes if digits.startswith(prefix)]
    return max(matching, key=len) if matching else None


def spend_of(calculation: dict, procurement_volume, recorded: Decimal | None = None) -> tuple[Decimal, str] | None:
    """The yearly spend a calculation works from, and where it comes from: its own spend, else the sum of the
    action's procurement records (`recorded`, when the caller has them), else the action's procurement volume;
    None when there is none (validation has said so)."""
    if calculation["spend"] is not None:
        return decimal(calculation["spend"]), SPEND_FROM_CALCULATION
    if recorded is not None:
        return recorded, SPEND_FROM_RECORDS
    if procurement_volume is not None:
        return decimal(procurement_volume), SPEND_FROM_VOLUME
    return None


def to_tenth(value: Decimal) -> Decimal:
    """A reduction as the site shows it: to a tenth of a tonne, halves up; 342.0 as 342."""
    rounded = value.quantize(SHOWN, rounding=ROUND_HALF_UP)
    return rounded.quantize(Decimal(1)) if rounded == rounded.to_integral_value() else rounded


def calculate(spend: Decimal, factor, reduction, low=None, high=None) -> Worked:
    """spend (EUR/yr) x factor (kg CO2e/EUR) / 1000 x reduction (%) / 100, in t CO2e/yr; the range likewise."""
    emissions = spend * decimal(factor) / TONNE

    def reduced(share):
        return None if share is None else to_tenth(emissions * decimal(share) / PERCENT)

    return Worked(to_tenth(emissions), reduced(reduction), reduced(low), reduced(high))


def check_calculations(items) -> list[ContentError]:
    """What no single file can tell: the table a calculation names has a factor for the action's CPV code."""
    tables = {item.id: item for item in items if item.kind == "factor_table"}
    errors = []
    for item in items:
        calculation = item.fields.get("emission_calculation") if item.kind == "action" else None
        if not calculation or calculation["factors"] not in tables or not item.fields["cpv_codes"]:
            continue  # an unknown table or a missing code has its own error
        table = tables[calculation["factors"]]
        code = item.fields["cpv_codes"][0]
        if longest_prefix((factor["cpv"] for factor in table.fields["factors"] if factor and factor["cpv"]),
                          code) is None:
            where = "emission_calculation.factors"
            errors.append(ContentError(item.path, item.lines.get(where, item.line), where,
                                       problems.NO_FACTOR_FOR_CPV(table=table.id, code=code)))
    return errors


def recorded_spends(procurements) -> dict[str, Decimal]:
    """Each action's yearly spend from the procurement records that implement it: the sum of their values in the
    latest year in which it has a record with a value, planned procurements aside. `procurements`: the records'
    items (fields by name)."""
    by_year: dict[str, dict[int, Decimal]] = {}
    for item in procurements:
        value, day = item.fields.get("value"), item.fields.get("date")
        if value is None or day is None or item.fields.get("stage") == PLANNED:  # no value (or a date `check` has
            continue                                                         # refused), or only planned
        for action in dict.fromkeys(item.fields["actions"]):
            years = by_year.setdefault(action, {})
            years[day.year] = years.get(day.year, Decimal(0)) + decimal(value)
    return {action: years[max(years)] for action, years in by_year.items()}


def check_recorded_spends(items) -> list:
    """An action whose spend is to be summed from its procurement records has at least one with a value."""
    recorded = recorded_spends([item for item in items if item.kind == "procurement"])
    found = []
    for item in items:
        calculation = item.fields.get("emission_calculation") if item.kind == "action" else None
        if calculation and calculation["spend_from_procurements"] and calculation["spend"] is None \
                and item.id not in recorded:
            field = "emission_calculation.spend_from_procurements"
            found.append(ContentError(item.path, item.lines.get(field, item.line), field,
                                      problems.CALCULATION_WITHOUT_RECORDS()))
    return found
