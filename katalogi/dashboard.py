"""Linked actions -> the numbers of the dashboard ("Tilannekatsaus").

Computed once per build in one pass over the actions and their tasks, so the
dashboard costs the same as any list page however large the catalogue grows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from .config import Config
from .progress import OPEN_STATES

WINDOW_DAYS = 90  # "next 90 days" and "last 90 days" on the dashboard
TOP_ORGANISATION_KINDS = ("division", "enterprise")
RECENT = 10  # actions on the front page's "recently updated" list
TABLE_ROWS = 100  # rows of a dashboard table; the heading still counts them all


def status_summary(actions: list[dict], config: Config) -> dict:
    """Count and share of actions per status, in the config's order (statuses without actions too)."""
    counts: dict[str, int] = defaultdict(int)
    for action in actions:
        counts[action["status"].id] += 1
    total = len(actions)
    rows = [{"status": status, "count": counts[status.id],
             "percent": round(100 * counts[status.id] / total) if total else 0}
            for status in config.statuses]
    return {"total": total, "rows": rows, "completed": sum(row["count"] for row in rows if row["status"].completed)}


def figures(actions: list[dict]) -> dict:
    """Estimated yearly emission reduction and procurement volume of a set of actions."""
    estimated = [action for action in actions if action["emission_reduction"]]
    with_volume = [action for action in actions if action["procurement_volume"] is not None]
    return {
        "emission_reduction": sum(action["emission_reduction"]["value"] for action in estimated),
        "estimated": len(estimated),
        "without_estimate": len(actions) - len(estimated),
        "procurement_volume": sum(action["procurement_volume"] for action in with_volume),
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


def summarise(actions: list[dict], categories: list[dict], organisations: list[dict], config: Config) -> dict:
    """Everything the dashboard shows; categories and organisations come rolled up (`all_actions`)."""
    as_of = config.as_of
    window = datetime.timedelta(days=WINDOW_DAYS)
    overdue, upcoming, completed = [], [], []
    for action in actions:
        for task in action["tasks"]:
            if task["overdue"]:
                overdue.append({"task": task, "days": (as_of - task["due"]).days})
            elif task["state"] in OPEN_STATES and task["due"] is not None and task["due"] <= as_of + window:
                upcoming.append({"task": task, "days": (task["due"] - as_of).days})
            elif task["state"] == "completed" and as_of - window <= task["completed"] <= as_of:
                completed.append({"task": task, "days": (as_of - task["completed"]).days})
    stale_before = months_before(as_of, config.stale_after_months)
    stale = sorted((action for action in actions if not action["status"].closes
                    and (action["updated"] is None or action["updated"] < stale_before)),
                   key=lambda action: (action["updated"] is not None, action["updated"] or as_of))
    top_organisations = [node for node in organisations if node["kind"] in TOP_ORGANISATION_KINDS]
    root_categories = [node for node in categories if node["parent"] is None]
    return {
        "overall": status_summary(actions, config),
        "by_category": [{"node": node, "summary": status_summary(node["all_actions"], config),
                         "figures": figures(node["all_actions"])} for node in root_categories],
        "by_organisation": [{"node": node, "summary": status_summary(node["all_actions"], config),
                             "figures": figures(node["all_actions"])} for node in top_organisations],
        "overdue": sorted(overdue, key=lambda row: (row["task"]["due"], row["task"]["action"]["id"])),
        "upcoming": sorted(upcoming, key=lambda row: (row["task"]["due"], row["task"]["action"]["id"])),
        "completed": sorted(completed, key=lambda row: (row["days"], row["task"]["action"]["id"])),
        "window_days": WINDOW_DAYS,
        "table_rows": TABLE_ROWS,
        "stale": stale,
        "recently_updated": sorted((action for action in actions if action["updated"]),
                                   key=lambda action: action["updated"], reverse=True)[:RECENT],
        "stale_before": stale_before,
        "figures": figures(actions),
        "by_gpp_level": grouped(actions, lambda action: [action["gpp_level"]] if action["gpp_level"] else []),
        "by_cpv": grouped(actions, lambda action: action["cpv_codes"]),
    }
