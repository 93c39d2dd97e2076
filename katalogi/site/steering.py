"""The steering view of procurement: who buys green, against which target, and which way each unit is going.

One row per organisation with procurement records (its own and its units', each record
once), with the green share by count and by euros by the site's one definition
(config.GreenShare), that share for each year of the records, the organisation's target
(its own, the nearest one above it, or the city's) and where the share stands against it.
The rows come lowest share first (the order without the page's sorting script), so a
director reads the units that need steering first. The table grows with the organisations
that buy, not with the actions or the records: a few hundred rows at most.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..content.config import GreenShare, Target
from ..content.procurements import Totals, by_year, totals

BELOW, AT, ABOVE = "below", "at", "above"
TREND_WIDTH, TREND_HEIGHT = 80, 24  # of a row's trend line, in SVG units


@dataclass(frozen=True)
class Year:
    year: int
    totals: Totals | None  # None: no records that year


@dataclass(frozen=True)
class UnitRow:
    """An organisation's figures on the steering page."""

    organisation: object  # views.Organisation
    totals: Totals
    share: Decimal | None  # the green share by the definition's measure, per cent
    years: tuple[Year, ...]  # every year of the site's records, oldest first
    target: Target | None
    standing: str | None  # BELOW, AT or ABOVE the target; None without a target or a share
    trend: str  # the points of a small line of the share by year ("x,y x,y"), empty with fewer than two years


@dataclass(frozen=True)
class Steering:
    rows: tuple[UnitRow, ...]  # lowest share first; those without a share last
    years: tuple[int, ...]
    total: UnitRow  # every record of the site, against the city's target
    measure: str  # euros or count: the share the targets and the order are by

    def row_of(self, organisation) -> UnitRow | None:
        """The row of an organisation (None when it has no records, or is the city: see `total`)."""
        return next((row for row in self.rows if row.organisation is organisation), None)


def standing(share: Decimal | None, target: Target | None) -> str | None:
    """Below, at or above the target, the share as shown (one decimal) against the target as written."""
    if share is None or target is None:
        return None
    wanted = Decimal(repr(target.value))
    return BELOW if share < wanted else AT if share == wanted else ABOVE


def trend_line(shares: list[Decimal | None]) -> str:
    """The years' shares as the points of a polyline, 0 % at the bottom and 100 % at the top; years without a
    share are left out."""
    known = [(index, share) for index, share in enumerate(shares) if share is not None]
    if len(known) < 2:
        return ""
    step = TREND_WIDTH / max(1, len(shares) - 1)
    return " ".join(f"{index * step:g},{float(TREND_HEIGHT - share * TREND_HEIGHT / 100):g}"
                    for index, share in known)


def unit_row(organisation, records, years: tuple[int, ...], definition: GreenShare) -> UnitRow:
    overall = totals(records, definition.criteria)
    by = dict(by_year(records, definition.criteria))
    share = overall.green_percent(definition.measure)
    target = definition.target_of(organisation)
    yearly = tuple(Year(year, by.get(year)) for year in years)
    line = trend_line([entry.totals.green_percent(definition.measure) if entry.totals else None for entry in yearly])
    return UnitRow(organisation, overall, share, yearly, target, standing(share, target), line)


def steering(site) -> Steering:
    """The steering page's rows: every organisation with records but the city itself (the total row is the city's)."""
    definition = site.config.green_share
    years = tuple(year for year, _ in by_year(site.procurements, definition.criteria))
    rows = [unit_row(node, node.all_procurements, years, definition) for node in site.organisations
            if node.all_procurements and node.kind != "city"]
    rows.sort(key=lambda row: (row.share is None, row.share or 0, str(row.organisation.name).casefold(),
                             row.organisation.id))
    return Steering(tuple(rows), years, unit_row(None, site.procurements, years, definition), definition.measure)
