"""The linked site's views: typed, frozen, what templates, feeds, data files and the dashboard may use.

Every field a page can show is declared here (those that name no other view in view_parts.py).
`link.link` builds them once per language;
the references between views (an action and its categories, a task and its action, a unit
and its parent) are set while linking and never change afterwards: the views are frozen.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ..content import procurements as procurement_figures
from ..content.config import Config, DependencyRole, Status
from ..inputs.history import Change, History
from . import dashboard, goals, steering
from .origins import Origin
from .view_parts import AttributeValue, Factor, Link, Notice, OfficialDescription, Point, Timespan, view

# --- the parts of an action ---

@view
class FactorTable:
    id: str
    name: str
    description: str | None
    source_text: str  # the content's `source`: where the factors come from (`source` is the file)
    source_url: str | None
    year: int
    version: str
    example: bool
    factors: tuple[Factor, ...]  # by prefix
    url: str
    source: str
    line: int
    lines: Mapping[str, int]
    actions: tuple[Action, ...] = ()  # whose reduction is calculated with it
    origin: Origin | None = None  # the shared source it comes from (None: the catalogue's own)


@view
class Calculation:
    """How an action's reduction was calculated, with every input: spend x factor / 1000 x reduction / 100."""

    table: FactorTable
    factor: Factor  # of the longest prefix of cpv_code the table lists
    cpv_code: str  # the action's first CPV code
    spend: Decimal  # EUR/yr
    spend_from: str  # emissions.SPEND_FROM_*: where the spend comes from
    reduction: float  # percent
    reduction_low: float | None
    reduction_high: float | None
    emissions: Decimal  # t CO2e/yr of the spend, before the reduction
    low: Decimal | None  # t CO2e/yr, the range's ends
    high: Decimal | None


@view
class Estimate:
    """An estimated yearly emission reduction, t CO2e/yr, and how it was made: typed with its basis, or
    calculated (`calculation`, whose basis is optional)."""

    value: float | Decimal
    basis: str | None
    calculation: Calculation | None = None


@view
class Milestone:
    """One year of a category's roadmap, with an indicator's goal for that year when it has one."""

    year: int
    text: str
    indicator: Indicator | None
    goal: float | None
    position: int = 0  # in the category's file: roadmap[position]

    @property
    def own_goal(self) -> Point | None:
        """The indicator's own goal dated in the milestone's year, when it has one whose value differs from the
        milestone's: two goals for one year, a data-quality warning (quality.roadmap_goals)."""
        if self.indicator is None or self.goal is None:
            return None
        return next((goal for goal in self.indicator.goals if goal.date.year == self.year
                     and goal.value != self.goal), None)


@view
class Computation:
    """How an indicator's values are computed from the procurement records (model.COMPUTED)."""

    measure: str  # green_share_by_count or green_share_by_value
    organisation: Organisation | None
    cpv_prefixes: tuple[str, ...]
    criteria: tuple[str, ...]  # BT-805 values that count as green
    aims: tuple[str, ...]  # BT-774: when given, a green procurement has one of them


@view
class Task:
    action: Action
    position: int  # in the action's file: tasks[position]
    name: str
    state: str
    due: datetime.date | None
    completed: datetime.date | None
    comment: str | None
    overdue: bool  # open and past due on the as-of date
    start: datetime.date | None = None  # when work on it starts, for the timelines


@view
class Dependency:
    """An action another depends on (or one that depends on it, seen from the other side), in a role."""

    action: Action
    role: DependencyRole | None


@view
class Role:
    """An organisation's part in an action."""

    organisation: Organisation
    role: str  # primary or collaborator


# --- the items ---

@view
class Category:
    id: str
    name: str
    description: str | None
    url: str
    source: str
    line: int
    lines: Mapping[str, int]
    parent: Category | None = None
    children: tuple[Category, ...] = ()
    ancestors: tuple[Category, ...] = ()  # from the root down to the parent
    actions: tuple[Action, ...] = ()  # its own, in action order
    all_actions: tuple[Action, ...] = ()  # its own and its sub-categories', each once
    roadmap: tuple[Milestone, ...] = ()  # by year, as written within a year
    criteria_sets: tuple[CriteriaSet, ...] = ()  # those for this category, by name
    procurements: tuple[Procurement, ...] = ()  # those implementing its actions and its sub-categories', each once
    origin: Origin | None = None  # the shared source it comes from (None: the catalogue's own)
    attributes: tuple[AttributeValue, ...] = ()  # the city's own fields that have a value, as declared

    @property
    def progress(self) -> goals.Progress:
        """Its actions' progress rolled up, each action once, weighted (goals.rolled_up)."""
        return goals.rolled_up(self.all_actions)


@view
class CriteriaSet:
    id: str
    name: str
    level: str  # model.CRITERIA_LEVELS
    category: Category | None
    cpv_prefixes: tuple[str, ...]
    text: str
    source_text: str | None
    source_url: str | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    adopted_by: tuple[Organisation, ...]
    url: str
    source: str
    line: int
    lines: Mapping[str, int]
    procurements: tuple[Procurement, ...] = ()  # those that used the set, newest first
    origin: Origin | None = None  # the shared source it comes from (None: the catalogue's own)
    adopted_since: datetime.date | None = None  # a shared set: since when adopted_by have used it


@view
class Organisation:
    id: str
    name: str
    abbreviation: str | None
    kind: str
    url: str
    source: str
    line: int
    lines: Mapping[str, int]
    business_id: str | None = None  # the Finnish Y-tunnus
    parent: Organisation | None = None
    children: tuple[Organisation, ...] = ()
    ancestors: tuple[Organisation, ...] = ()
    actions: tuple[Action, ...] = ()  # those it takes part in, whatever its role
    all_actions: tuple[Action, ...] = ()  # its own and its units', each once
    procurements: tuple[Procurement, ...] = ()  # those it made itself, newest first
    all_procurements: tuple[Procurement, ...] = ()  # its own and its units', each once, newest first


@view
class Contact:
    id: str
    name: str
    title: str | None
    organisation: Organisation | None
    email: str | None  # where `remind` writes; published only when `public_email` (published_email)
    source: str
    line: int
    lines: Mapping[str, int]
    public_email: bool = False
    language: str | None = None  # of the person's reminders; None: the site's default language

    @property
    def published_email(self) -> str | None:
        """The address the site may show: only one its owner agreed to publish."""
        return self.email if self.public_email else None


@view
class Indicator:
    id: str
    name: str
    unit: str | None
    chart: str
    description: str | None
    values: tuple[Point, ...]  # by date
    goals: tuple[Point, ...]
    url: str
    source: str
    line: int
    lines: Mapping[str, int]
    actions: tuple[Action, ...] = ()
    computed: Computation | None = None  # its values are computed from the procurement records
    verdict: goals.Verdict | None = None  # against its next goal, on the site's date (None: it has no goal)
    origin: Origin | None = None  # the shared source it comes from (None: the catalogue's own)
    interval_months: int | None = None  # how often a new value is due
    contacts: tuple[Contact, ...] = ()  # who records its values


@view
class Action:
    id: str
    order: int | None
    name: str
    lead: str | None
    description: str
    official_description: OfficialDescription | None
    links: tuple[Link, ...]
    categories: tuple[Category, ...]
    organisations: tuple[Role, ...]
    contacts: tuple[Contact, ...]
    status: Status  # as shown: written, or derived from the tasks
    status_written: Status | None
    status_derived: bool
    status_from: str | None
    status_reason: str | None
    phase: str | None
    timespan: Timespan | None
    indicators: tuple[Indicator, ...]
    emission_reduction: Estimate | None
    procurement_volume: float | None
    cpv_codes: tuple[str, ...]
    gpp_level: str | None
    weight: float  # in its categories' progress (goals.rolled_up)
    updated: datetime.date | None  # written, or the date of the last commit that changed the file
    history: tuple[Change, ...]  # the commits that changed the file, newest first
    url: str
    source: str
    line: int
    lines: Mapping[str, int]
    tasks: tuple[Task, ...] = ()
    tasks_done: tuple[Task, ...] = ()  # newest first
    tasks_open: tuple[Task, ...] = ()  # soonest due first
    tasks_cancelled: tuple[Task, ...] = ()
    prev: Action | None = None
    next: Action | None = None
    findings: tuple = ()  # quality.py's ContentWarnings
    procurements: tuple[Procurement, ...] = ()  # those that implement it, newest first
    attributes: tuple[AttributeValue, ...] = ()  # the city's own fields that have a value, as declared
    related: tuple[Action, ...] = ()  # those it names and those that name it, in action order
    relates: tuple[Action, ...] = ()  # those its own file names as related, as written
    depends_on: tuple[Dependency, ...] = ()  # as written
    dependents: tuple[Dependency, ...] = ()  # the actions that depend on it, in action order
    merged_into: Action | None = None
    superseded_by: Action | None = None
    merged_from: tuple[Action, ...] = ()  # the actions merged into this one
    supersedes: tuple[Action, ...] = ()  # the actions this one replaced

    @property
    def replaced_by(self) -> Action | None:
        """Where a merged or superseded action's work went: it is not counted itself."""
        return self.merged_into or self.superseded_by

    @property
    def counted(self) -> bool:
        """Whether the status counts count this action: not when its work went to another."""
        return self.merged_into is None and self.superseded_by is None

    @property
    def taken_over(self) -> Action:
        """The action that finally holds its work: the end of the chain of merges and replacements."""
        action, seen = self, set()
        while action.replaced_by is not None and action.id not in seen:
            seen.add(action.id)
            action = action.replaced_by
        return action

    @property
    def progress(self):
        """How far it has got, 0 to 1 (None when cancelled): goals.action_progress."""
        return goals.action_progress(self)


@view
class Procurement:
    """A tender or contract: who procured what (CPV), when, for how much, and with which green criteria."""

    id: str
    name: str
    organisation: Organisation
    stage: str  # tender (the value is estimated) or contract
    date: datetime.date
    value: float | None  # euros, without VAT
    cpv_codes: tuple[str, ...]  # the main one first
    gpp_criteria: str | None  # eForms BT-805: eu, national, other, none; None: not known
    gpp_aims: tuple[str, ...]  # eForms BT-774
    clean_vehicles: bool  # eForms BT-717
    actions: tuple[Action, ...]  # in action order
    notice_url: str | None
    url: str
    source: str
    line: int
    lines: Mapping[str, int]
    criteria_sets: tuple[CriteriaSet, ...] = ()  # the criteria sets it used, as written
    estimated_value: float | None = None  # eForms BT-27, when `value` is the contract's
    procedure: str | None = None  # eForms BT-04
    lot: str | None = None  # eForms BT-137, as the notices write it (LOT-0001)
    notices: tuple[Notice, ...] = ()  # the notices it was imported from, oldest first
    example: bool = False  # example data, not a real procurement

    @property
    def counted(self) -> bool:
        """Whether the figures count it: a planned procurement (a prior information notice) is not yet one."""
        return procurement_figures.is_counted(self)


@view
class StatusGroup:
    """The actions of one status, for its list page."""

    status: Status
    id: str
    name: str
    url: str
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class Site:
    """Everything the pages of one language show, linked; lists are in display order."""

    config: Config
    actions: tuple[Action, ...]
    categories: tuple[Category, ...]  # parents before children
    organisations: tuple[Organisation, ...]
    indicators: tuple[Indicator, ...]
    contacts: tuple[Contact, ...]
    statuses: tuple[StatusGroup, ...]  # in the config's order
    findings: tuple  # ContentWarnings of quality.py, of every action
    factor_tables: tuple[FactorTable, ...] = ()  # by name
    criteria_sets: tuple[CriteriaSet, ...] = ()  # by name
    history: History = field(default_factory=History)  # where actions' `history` comes from, and how complete
    actions_by_id: Mapping[str, Action] = field(default_factory=dict)
    procurements: tuple[Procurement, ...] = ()  # newest first, then by identifier

    @property
    def language(self) -> str:
        return self.config.language

    @functools.cached_property
    def dashboard(self) -> dict:
        """Every figure of the dashboard (dashboard.summarise), worked out when a page first shows one: a
        build that renders neither the front page nor the dashboard needs none."""
        return dashboard.summarise(self.actions, self.categories, self.organisations, self.config)

    @functools.cached_property
    def steering(self) -> steering.Steering:
        """The green share of every procuring organisation against its target (steering.py), worked out when a
        page first shows it."""
        return steering.steering(self)

    @property
    def root(self) -> str:
        """Where this language's pages start: the base path, or /sv/ below it."""
        return self.config.language_root()


@dataclass(frozen=True)
class Editions:
    """The site in every language, the default language's first, and what `check` tells its editors."""

    by_language: Mapping[str, Site]
    missing_translations: tuple = ()  # i18n.TranslationGaps
    warnings: tuple = ()  # ContentWarnings for editors only, never on the site

    @property
    def default(self) -> Site:
        return next(iter(self.by_language.values()))

    def __iter__(self) -> Iterator[Site]:
        return iter(self.by_language.values())

    def items(self):
        return self.by_language.items()

    def __getitem__(self, language: str) -> Site:
        return self.by_language[language]

    def __len__(self) -> int:
        return len(self.by_language)
