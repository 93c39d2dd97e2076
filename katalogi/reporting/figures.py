"""A round's figures as of its date, and each beside the round before's: what the council report's summary counts.

Every figure is worked out from one round's linked site (rounds.Round.editions), so a test
can count it again from the files at the tag. Nothing dated after the round's date counts:
procurement records of a later date are left out, and an indicator's latest value is its
latest on or before that day (goals.judge).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from ..base.shares import exact, percent
from ..content.procurements import Totals, totals
from ..content.progress import LATE, LATE_STATUSES, SERIOUSLY_LATE
from ..site.dashboard import (
    OUTSIDE,
    TOP_ORGANISATION_KINDS,
    UNPLACED,
    figures,
    organisation_place,
    outermost,
    status_summary,
)
from ..site.goals import OFF_TRACK, VERDICTS
from ..site.steering import standing
from ..site.views import Action, Organisation, Site, Task


@dataclass(frozen=True)
class Compared:
    """A figure of this round and the same figure of the round before (None in the first round)."""

    now: object
    before: object = None

    @property
    def change(self):
        return self.now - self.before if self.now is not None and self.before is not None else None


@dataclass(frozen=True)
class LateAction:
    action: Action
    overdue: tuple[Task, ...]  # its open tasks past due on the round's date
    days: int  # how long its most overdue task has been past due (0 when none is: its status was written late)


@dataclass(frozen=True)
class Division:
    """A division or enterprise (or OUTSIDE, UNPLACED) and the actions it answers for, each action in one division
    (dashboard.organisation_place), with its procurement records (none for OUTSIDE and UNPLACED)."""

    key: str  # the organisation's id, or OUTSIDE or UNPLACED
    node: Organisation | None
    actions: tuple[Action, ...]
    summary: dict  # dashboard.status_summary
    late: tuple[LateAction, ...]  # every late action, the most overdue first
    procurements: Totals | None
    target: object  # config.Target or None
    standing: str | None  # steering.BELOW, AT or ABOVE


@dataclass(frozen=True)
class RoundFigures:
    """What the summary counts of one round, as of its date."""

    date: datetime.date
    summary: dict  # status_summary of every action
    late: int
    seriously_late: int
    emissions: dict  # dashboard.figures: calculated and typed reductions, separately
    procurements: Totals
    measure: str  # the green share the targets are set for: euros or count
    verdicts: dict[str, int]  # goals.VERDICTS -> how many indicators
    divisions: tuple[Division, ...]

    def division(self, key: str) -> Division | None:
        return next((division for division in self.divisions if division.key == key), None)


def late_actions(actions, as_of: datetime.date) -> tuple[LateAction, ...]:
    """The late and seriously late actions with their overdue tasks, the most overdue first, then in action order."""
    found = []
    for position, action in enumerate(actions):
        if action.status.id in LATE_STATUSES:
            overdue = tuple(task for task in action.tasks_open if task.overdue)
            days = max(((as_of - task.due).days for task in overdue), default=0)
            found.append((-days, position, LateAction(action, overdue, days)))
    return tuple(entry for _, _, entry in sorted(found, key=lambda row: row[:2]))


def records_as_of(site: Site, records) -> list:
    """The procurement records dated on or before the site's date."""
    return [record for record in records if record.date <= site.config.as_of]


def divisions_of(site: Site) -> tuple[Division, ...]:
    """Actions by the division or enterprise of their responsible organisation, in the organisation tree's order;
    then those of other organisations and those without one (as the dashboard counts them)."""
    by_place: dict[tuple[str, str], list[Action]] = {}
    for action in site.actions:
        by_place.setdefault(organisation_place(action), []).append(action)
    definition, as_of = site.config.green_share, site.config.as_of
    found = []
    for node in site.organisations:
        top = outermost(node, TOP_ORGANISATION_KINDS) is node
        if ("node", node.id) in by_place or (top and node.all_procurements):
            actions = by_place.get(("node", node.id), [])
            records = totals(records_as_of(site, node.all_procurements), definition.criteria)
            target = definition.target_of(node)
            found.append(Division(node.id, node, tuple(actions), status_summary(actions, site.config),
                                  late_actions(actions, as_of), records, target,
                                  standing(records.green_percent(definition.measure), target)))
    for kind in (OUTSIDE, UNPLACED):
        actions = by_place.get((kind, ""), [])
        if actions:
            found.append(Division(kind, None, tuple(actions), status_summary(actions, site.config),
                                  late_actions(actions, as_of), None, None, None))
    return tuple(found)


def round_figures(site: Site) -> RoundFigures:
    summary = status_summary(site.actions, site.config)
    counts = {row["status"].id: row["count"] for row in summary["rows"]}
    verdicts = dict.fromkeys(VERDICTS, 0)
    for indicator in site.indicators:
        if indicator.verdict is not None:
            verdicts[indicator.verdict.status] += 1
    definition = site.config.green_share
    return RoundFigures(site.config.as_of, summary, counts.get(LATE, 0), counts.get(SERIOUSLY_LATE, 0),
                        figures(site.actions), totals(records_as_of(site, site.procurements), definition.criteria),
                        definition.measure, verdicts, divisions_of(site))


@dataclass(frozen=True)
class Deviation:
    """One of the report's most significant exceptions: what kind, about what, and how much."""

    kind: str  # seriously_late, off_track, below_target, newly_late
    subject: object  # an Action, an Indicator or a Division
    amount: object  # days overdue, the shortfall, the gap to the target in percentage points, the new status


def exceptions(now: RoundFigures, site: Site, before: Site | None, limit: int = 5) -> tuple[Deviation, ...]:
    """The `limit` most significant exceptions, taken in turn from each kind's most significant: the seriously late
    actions longest overdue, the indicators furthest behind their line, the divisions furthest below their target,
    and the actions late now that were not late in the round before."""
    seriously = [Deviation("seriously_late", entry.action, entry.days)
                 for division in now.divisions for entry in division.late
                 if entry.action.status.id == SERIOUSLY_LATE]
    seriously.sort(key=lambda found: -found.amount)
    behind = []
    for indicator in site.indicators:
        verdict = indicator.verdict
        if verdict is not None and verdict.status == OFF_TRACK and verdict.expected:
            shortfall = percent(abs(exact(verdict.latest.value) - verdict.expected), abs(verdict.expected))
            behind.append(Deviation("off_track", indicator, shortfall))
    behind.sort(key=lambda found: -found.amount)
    below = [Deviation("below_target", division,
                        Decimal(repr(division.target.value)) - division.procurements.green_percent(now.measure))
             for division in now.divisions if division.standing == "below"]
    below.sort(key=lambda found: -found.amount)
    was_late = {action.id for action in before.actions if action.status.id in LATE_STATUSES} if before else set()
    newly = [Deviation("newly_late", action, action.status) for action in site.actions
             if before is not None and action.status.id in LATE_STATUSES and action.id not in was_late]
    kinds, taken = [seriously, behind, below, newly], []
    while len(taken) < limit and any(kinds):
        for found in kinds:
            if found and len(taken) < limit:
                taken.append(found.pop(0))
    return tuple(taken)


def percent_points(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    """A share's change in percentage points, or None when either share is unknown."""
    return now - before if now is not None and before is not None else None
