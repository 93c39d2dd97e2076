"""The council report of a reporting round: what its sections show, worked out once, laid out by report.html.

The same data makes the print-ready page /raportit/<round>/raportti/ and its PDF
(report_pdf.py): the summary of statuses, one section per division with its actions,
the late and seriously late actions with their overdue tasks, the changes since the
round before, the indicators' latest values against their goals and the data-quality
findings. Every figure comes from the round's linked site (rounds.Round.editions), so
it can be recomputed from the files at the tag.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.progress import LATE_STATUSES
from ..site.dashboard import OUTSIDE, UNPLACED, organisation_place, status_summary
from ..site.views import Action, Indicator, Organisation, Point, Site, Task
from .changes import RoundChanges, round_changes
from .rounds import Round

CHART_WIDTH = 600  # of the status chart's bars, in SVG units


@dataclass(frozen=True)
class Division:
    """A division or enterprise and the actions it is responsible for (each action in one division)."""

    node: Organisation | None
    kind: str  # "node", OUTSIDE or UNPLACED, as the dashboard's tables by organisation
    actions: tuple[Action, ...]
    summary: dict


@dataclass(frozen=True)
class LateAction:
    action: Action
    overdue: tuple[Task, ...]  # its open tasks past due on the round's date


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    latest: Point | None
    goal: Point | None  # the first goal on or after the latest value, else the last goal


@dataclass(frozen=True)
class ChartBar:
    """One status's bar in the summary chart: where it starts and how wide it is."""

    status: object
    count: int
    percent: int
    x: float
    width: float


@dataclass(frozen=True)
class CouncilReport:
    round: Round
    site: Site  # the round's site in the report's language
    summary: dict
    chart: tuple[ChartBar, ...]
    divisions: tuple[Division, ...]
    late: tuple[LateAction, ...]
    changes: RoundChanges | None
    indicators: tuple[IndicatorLine, ...]
    findings: tuple[tuple[Action, tuple], ...]  # each action with data-quality findings, and them


def divisions_of(site: Site) -> tuple[Division, ...]:
    """Actions by the division or enterprise of their responsible organisation, in the organisation tree's
    order; then those of other organisations and those without one (as the dashboard counts them)."""
    by_place: dict[tuple[str, str], list[Action]] = {}
    for action in site.actions:
        by_place.setdefault(organisation_place(action), []).append(action)
    found = [Division(node, "node", tuple(by_place[("node", node.id)]),
                      status_summary(by_place[("node", node.id)], site.config))
             for node in site.organisations if ("node", node.id) in by_place]
    found += [Division(None, kind, tuple(by_place[(kind, "")]), status_summary(by_place[(kind, "")], site.config))
              for kind in (OUTSIDE, UNPLACED) if (kind, "") in by_place]
    return tuple(found)


def chart_of(summary: dict) -> tuple[ChartBar, ...]:
    """A stacked bar of the status shares, each status as wide as its share of the actions."""
    bars, position = [], 0.0
    for row in summary["rows"]:
        if not row["count"]:
            continue
        width = CHART_WIDTH * row["count"] / summary["total"]
        bars.append(ChartBar(row["status"], row["count"], row["percent"], round(position, 2), round(width, 2)))
        position += width
    return tuple(bars)


def indicator_line(indicator: Indicator) -> IndicatorLine:
    latest = indicator.values[-1] if indicator.values else None
    goal = next((goal for goal in indicator.goals if latest is None or goal.date >= latest.date),
                indicator.goals[-1] if indicator.goals else None)
    return IndicatorLine(indicator, latest, goal)


def council_report(entry: Round, language: str) -> CouncilReport:
    """Every section of a round's report in one language."""
    site = entry.editions.by_language.get(language, entry.editions.default)
    summary = site.dashboard["overall"]
    late = tuple(LateAction(action, tuple(task for task in action.tasks_open if task.overdue))
                 for action in site.actions if action.status.id in LATE_STATUSES)
    return CouncilReport(entry, site, summary, chart_of(summary), divisions_of(site), late,
                         round_changes(entry, language),
                         tuple(indicator_line(indicator) for indicator in site.indicators),
                         tuple((action, action.findings) for action in site.actions if action.findings))
