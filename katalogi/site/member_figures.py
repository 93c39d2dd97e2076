"""A member's figures for a comparison site: what it compares of one linked catalogue, worked out by the same code
every catalogue's own pages use (content.procurements, site.dashboard), under the comparison site's definitions.

The figures are small records (a few per year, status and shared definition), so a comparison site keeps
them for every member and lets each member's items and linked site go as soon as they are made: the
memory a comparison takes grows with its largest member, not with the number of members.

One definition for every member: the comparison site's green share (its `green_share.criteria`) and its
own version of each shared computed indicator. Where a member's own site counts otherwise (other
criteria, another version of a definition, or a definition of its own under the same identifier), the
figures say so (`own_green_criteria`, `IndicatorFigures.own`), and the pages state it plainly.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from ..base.shares import shares
from ..content import procurements as procurement_figures
from ..content.i18n import resolve
from ..content.progress import LATE_STATUSES
from ..content.shared import source_of
from .dashboard import status_summary

SAME, DIFFERS, OWN, UNUSED = "same", "differs", "own", "unused"  # how a member's site defines a shared indicator
GROUPS = ("completed", "late", "open", "closed")  # the statuses of every member, grouped alike (status_group)


@dataclass(frozen=True)
class IndicatorDefinition:
    """A shared computed indicator as the comparison site defines it (its shared source's version)."""

    id: str
    measure: str  # green_share_by_count or green_share_by_value
    cpv_prefixes: tuple[str, ...]
    criteria: tuple[str, ...]
    aims: tuple[str, ...]
    source: str  # the shared source's identifier
    commit: str  # of the version the comparison site uses; "" for a folder

    @property
    def rule(self) -> tuple:
        return (self.measure, self.cpv_prefixes, self.criteria, self.aims)


@dataclass(frozen=True)
class Definitions:
    """What every member's figures are computed by: the comparison site's definitions, and its languages."""

    green_criteria: tuple[str, ...]
    measure: str  # euros or count: the share a comparison shows first
    indicators: tuple[IndicatorDefinition, ...] = ()
    criteria_sets: tuple[tuple[str, str], ...] = ()  # (source, criteria set id) of the shared sets
    languages: tuple[str, ...] = ("fi",)


@dataclass(frozen=True)
class StatusCount:
    id: str
    labels: tuple[tuple[str, str], ...]  # (language, label) in the comparison site's languages
    colour: str
    group: str  # one of GROUPS
    count: int
    percent: Decimal  # of the member's actions, by base.shares (the shares add up to 100)


@dataclass(frozen=True)
class YearFigures:
    """One year of a member's procurement records (content.procurements.totals): planned records aside."""

    year: int
    count: int
    euros: float
    green_count: int
    green_euros: float

    @property
    def share_by_count(self) -> Decimal | None:
        return procurement_figures.Totals(self.count, self.euros, self.green_count, self.green_euros
                                          ).green_percent_by_count

    @property
    def share_by_euros(self) -> Decimal | None:
        return procurement_figures.Totals(self.count, self.euros, self.green_count, self.green_euros
                                          ).green_percent_by_value


@dataclass(frozen=True)
class IndicatorFigures:
    """A shared indicator computed from a member's records by the comparison site's definition."""

    id: str
    years: tuple[procurement_figures.YearShare, ...]
    own: str  # SAME, DIFFERS (its site uses another version or rule), OWN (its own indicator of this id), UNUSED
    own_version: str = ""  # the version of the definition the member's site uses

    def year(self, year: int) -> procurement_figures.YearShare | None:
        return next((entry for entry in self.years if entry.year == year), None)


@dataclass(frozen=True)
class AdoptionFigures:
    """A shared criteria set a member adopted: since when, by how many of its organisations."""

    source: str
    criteria_set: str
    since: datetime.date
    organisations: int
    version: str  # of the shared source the member pins ("" for a folder)


@dataclass(frozen=True)
class MemberFigures:
    """Everything a comparison site shows of one member."""

    actions: int
    statuses: tuple[StatusCount, ...]
    groups: tuple[tuple[str, int, Decimal], ...]  # (group, count, percent) in GROUPS' order
    years: tuple[YearFigures, ...]
    planned: int  # planned procurement records: listed on the member's site, counted in no figure
    indicators: tuple[IndicatorFigures, ...]
    adoptions: tuple[AdoptionFigures, ...]
    pins: tuple[tuple[str, str, str], ...]  # (source, version, commit) of every shared source the member uses
    own_green_criteria: tuple[str, ...]  # the green criteria of the member's own site
    as_of: datetime.date

    def indicator(self, identifier: str) -> IndicatorFigures | None:
        return next((entry for entry in self.indicators if entry.id == identifier), None)

    def adoption(self, identifier: str) -> AdoptionFigures | None:
        return next((entry for entry in self.adoptions if entry.criteria_set == identifier), None)

    def year(self, year: int) -> YearFigures | None:
        return next((entry for entry in self.years if entry.year == year), None)


def status_group(status) -> str:
    """Statuses compared across members, whatever each calls them: completed, late (late or seriously late),
    closed (final but not completed: cancelled) and open (every other)."""
    if status.completed:
        return "completed"
    if status.final:
        return "closed"
    return "late" if status.id in LATE_STATUSES else "open"


def member_figures(site, own_config, definitions: Definitions) -> MemberFigures:
    """A member's figures from its linked site (one language's) and its configuration as written (`own_config`:
    its status labels in every language)."""
    config = site.config
    default = own_config.languages[0]
    summary = status_summary(site.actions, config)
    labels = {status.id: status.label for status in own_config.statuses}
    statuses = tuple(StatusCount(row["status"].id, tuple((language, str(resolve(labels[row["status"].id], language,
                                                                                default)))
                                                         for language in definitions.languages),
                                 row["status"].colour, status_group(row["status"]), row["count"], row["percent"])
                     for row in summary["rows"])
    grouped = {group: sum(status.count for status in statuses if status.group == group) for group in GROUPS}
    group_shares = shares([grouped[group] for group in GROUPS])
    records = site.procurements
    years = tuple(YearFigures(year, totals.count, totals.value, totals.green_count, totals.green_value)
                  for year, totals in procurement_figures.by_year(records, definitions.green_criteria))
    return MemberFigures(
        len(site.actions), statuses, tuple(zip(GROUPS, (grouped[group] for group in GROUPS), group_shares,
                                               strict=True)),
        years, sum(1 for record in records if not procurement_figures.is_counted(record)),
        tuple(indicator_figures(site, definition) for definition in definitions.indicators),
        adoptions(site, own_config), pins(own_config), config.green_share.criteria, config.as_of)


def indicator_figures(site, definition: IndicatorDefinition) -> IndicatorFigures:
    """The indicator by the comparison site's rule from the member's records up to its own date, and how the
    member's own site defines an indicator of that identifier."""
    known = [record for record in site.procurements if record.date <= site.config.as_of]
    years = procurement_figures.shares_by_year(known, definition.measure, None, definition.cpv_prefixes,
                                               definition.criteria, definition.aims)
    own = next((indicator for indicator in site.indicators if indicator.id == definition.id), None)
    if own is None:
        return IndicatorFigures(definition.id, years, UNUSED)
    if own.origin is None or own.origin.id != definition.source or own.computed is None:
        return IndicatorFigures(definition.id, years, OWN)
    computation = own.computed
    same_rule = (computation.measure, computation.cpv_prefixes, computation.criteria, computation.aims) \
        == definition.rule
    same = same_rule and (own.origin.commit == definition.commit or not definition.commit)
    return IndicatorFigures(definition.id, years, SAME if same else DIFFERS, own.origin.version)


def adoptions(site, own_config) -> tuple[AdoptionFigures, ...]:
    """Every shared criteria set the member adopted (site_config.yaml's shared: adopted), with its source's pin."""
    found = []
    present = {(source_of(criteria.source), criteria.id) for criteria in site.criteria_sets
               if source_of(criteria.source)}
    for source in own_config.shared:
        for adoption in source.adopted:
            if (source.id, adoption.criteria_set) in present:
                found.append(AdoptionFigures(source.id, adoption.criteria_set, adoption.since,
                                             len(adoption.organisations), source.location.version))
    return tuple(found)


def pins(own_config) -> tuple[tuple[str, str, str], ...]:
    return tuple((source.id, source.location.version, source.commit) for source in own_config.shared)
