"""Linked actions -> the numbers of the dashboard ("Tilannekatsaus").

Computed once per build in one pass over the actions and their tasks, so the
dashboard costs the same as any list page however large the catalogue grows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from ..base.shares import shares
from ..content.config import Config
from ..content.progress import OPEN_STATES

WINDOW_DAYS = 90  # "next 90 days" and "last 90 days" on the dashboard
TOP_ORGANISATION_KINDS = ("division", "enterprise")
RECENT = 10  # actions on the front page's "recently updated" list
TABLE_ROWS = 100  # rows of a dashboard table; the heading still counts them all
# The rows of a partition that are not a node: the total, and the actions no node takes.
OUTSIDE = "outside"  # a responsible organisation under no division or enterprise (external, the city itself)
UNPLACED = "none"  # no responsible organisation, or no category


def status_summary(actions: list[dict], config: Config) -> dict:
    """Count and share of actions per status, in the config's order (statuses without actions too). An action
    merged into or superseded by another is not counted (`replaced` says how many there were): its work is
    counted once, under the action that took it over. The shares add up to 100 % (base.shares, largest remainder)."""
    counted = [action for action in actions if action.counted]
    counts: dict[str, int] = defaultdict(int)
    for action in counted:
        counts[action.status.id] += 1
    total = len(counted)
    percents = shares([counts[status.id] for status in config.statuses])
    rows = [{"status": status, "count": counts[status.id], "percent": share}
            for status, share in zip(config.statuses, percents, strict=True)]
    return {"total": total, "rows": rows, "completed": sum(row["count"] for row in rows if row["status"].completed),
            "replaced": len(actions) - total}


def exact_sum(values) -> Decimal:
    """The sum of numbers as written (0.1 + 0.2 is 0.3, not 0.30000000000000004 as in binary floating point)."""
    return sum((Decimal(str(value)) for value in values), Decimal(0))


def figures(actions: list[dict]) -> dict:
    """Estimated yearly emission reduction and procurement volume of a set of actions; the reduction also split
    into the calculated figures (emission_calculation) and those typed by hand, each action counted once."""
    estimated = [action for action in actions if action.emission_reduction]
    calculated = [action for action in estimated if action.emission_reduction.calculation is not None]
    typed = [action for action in estimated if action.emission_reduction.calculation is None]
    with_volume = [action for action in actions if action.procurement_volume is not None]
    return {
        "emission_reduction": exact_sum(action.emission_reduction.value for action in estimated),
        "calculated_reduction": exact_sum(action.emission_reduction.value for action in calculated),
        "typed_reduction": exact_sum(action.emission_reduction.value for action in typed),
        "calculated": len(calculated),
        "typed": len(typed),
        "estimated": len(estimated),
        "without_estimate": len(actions) - len(estimated),
        "procurement_volume": exact_sum(action.procurement_volume for action in with_volume),
        "without_volume": len(actions) - len(with_volume),
    }


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier, or the month's last day when it has no such day."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")


def grouped(actions: list[dict], keys) -> list[dict]:
    """Actions grouped by every key `keys(action)` gives, with each group's figures; groups sorted by key."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for action in actions:
        for key in keys(action):
            groups[key].append(action)
    return [{"key": key, "actions": members, "figures": figures(members)} for key, members in sorted(groups.items())]


def outermost(node: dict, kinds: tuple[str, ...] | None = None) -> dict | None:
    """The topmost of the node and its ancestors (of one of `kinds`, when given); None when none is of them."""
    return next((above for above in (*node.ancestors, node) if kinds is None or above.kind in kinds), None)


def responsible_organisation(action: dict) -> dict | None:
    """The organisation that answers for the action: the first one with role primary."""
    return next((entry.organisation for entry in action.organisations if entry.role == "primary"), None)


def organisation_place(action: dict) -> tuple[str, str]:
    """The row of the tables by organisation that counts the action: its responsible organisation's division
    or enterprise, else OUTSIDE (external, the city) or UNPLACED (no responsible organisation)."""
    responsible = responsible_organisation(action)
    if responsible is None:
        return UNPLACED, ""
    top = outermost(responsible, TOP_ORGANISATION_KINDS)
    return ("node", top.id) if top else (OUTSIDE, "")


def organisations_involved(action: dict) -> set[str]:
    """The divisions and enterprises any of the action's organisations is under, whatever its role."""
    tops = (outermost(entry.organisation, TOP_ORGANISATION_KINDS) for entry in action.organisations)
    return {top.id for top in tops if top}


def category_place(action: dict) -> tuple[str, str]:
    """The row of the tables by category that counts the action: the top-level category of its first category."""
    return ("node", outermost(action.categories[0]).id) if action.categories else (UNPLACED, "")


def categories_involved(action: dict) -> set[str]:
    """The top-level categories of all the action's categories."""
    return {outermost(category).id for category in action.categories}


def table_row(kind: str, node: dict | None, members: list[dict], also: int | None, config: Config) -> dict:
    return {"kind": kind, "node": node, "summary": status_summary(members, config), "figures": figures(members),
            "also": also}


def partition(actions: list[dict], nodes: list[dict], place, involved, config: Config) -> dict:
    """Rows that count each action once, so that every column sums to the total row.

    `place(action)` names the action's row: ("node", id) of one of `nodes`, OUTSIDE or UNPLACED (rows shown
    only when they hold an action). `involved(action)` gives the ids of every node the action concerns;
    a node's `also` counts those counted in another row: shown beside the sum, never part of it.
    """
    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    also: dict[str, int] = defaultdict(int)
    for action in actions:
        kind, node_id = place(action)
        members[kind, node_id].append(action)
        for other in involved(action) - {node_id}:
            also[other] += 1
    rows = [table_row("node", node, members["node", node.id], also[node.id], config) for node in nodes]
    rows += [table_row(kind, None, members[kind, ""], None, config)
             for kind in (OUTSIDE, UNPLACED) if members[kind, ""]]
    return {"rows": rows, "total": table_row("total", None, actions, None, config)}


def summarise(actions: list[dict], categories: list[dict], organisations: list[dict], config: Config) -> dict:
    """Everything the dashboard shows; categories and organisations come linked as trees (`ancestors`).

    Actions merged into or superseded by another are left out of every figure (listed as `replaced`): their
    work is counted once, under the action that took it over. The tables by category and organisation are
    partitions (`partition`): an action is counted once, under
    the top-level category of its first category and under the division or enterprise of its responsible
    organisation, so their rows add up to the overall figures.
    """
    every, replaced = actions, [action for action in actions if not action.counted]
    actions = [action for action in actions if action.counted]  # a merged action's work is counted under the other
    as_of = config.as_of
    window = datetime.timedelta(days=WINDOW_DAYS)
    overdue, upcoming, completed = [], [], []
    for action in actions:
        for task in action.tasks:
            if task.overdue:
                overdue.append({"task": task, "days": (as_of - task.due).days})
            elif task.state in OPEN_STATES and task.due is not None and task.due <= as_of + window:
                upcoming.append({"task": task, "days": (task.due - as_of).days})
            elif task.state == "completed" and as_of - window <= task.completed <= as_of:
                completed.append({"task": task, "days": (as_of - task.completed).days})
    stale_before = months_before(as_of, config.stale_after_months)
    stale = sorted((action for action in actions if not action.status.closes
                    and (action.updated is None or action.updated < stale_before)),
                   key=lambda action: (action.updated is not None, action.updated or as_of))
    top_organisations = [node for node in organisations if outermost(node, TOP_ORGANISATION_KINDS) is node]
    root_categories = [node for node in categories if node.parent is None]
    return {
        "overall": status_summary(every, config),  # which says how many were left out
        "by_category": partition(actions, root_categories, category_place, categories_involved, config),
        "by_organisation": partition(actions, top_organisations, organisation_place, organisations_involved, config),
        "overdue": sorted(overdue, key=lambda row: (row["task"].due, row["task"].action.id)),
        "upcoming": sorted(upcoming, key=lambda row: (row["task"].due, row["task"].action.id)),
        "completed": sorted(completed, key=lambda row: (row["days"], row["task"].action.id)),
        "window_days": WINDOW_DAYS,
        "window_start": as_of - window,
        "window_end": as_of + window,
        "table_rows": TABLE_ROWS,
        "stale": stale,
        "recently_updated": sorted((action for action in actions if action.updated),
                                   key=lambda action: action.updated, reverse=True)[:RECENT],
        "stale_before": stale_before,
        "figures": figures(actions),
        "by_gpp_level": grouped(actions, lambda action: [action.gpp_level] if action.gpp_level else []),
        "without_gpp_level": sum(1 for action in actions if not action.gpp_level),
        "by_cpv": grouped(actions, lambda action: action.cpv_codes),
        "replaced": replaced,
    }
