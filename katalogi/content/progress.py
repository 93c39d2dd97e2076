"""How far an action has got: its status, set by the editor or derived from its tasks.

A site chooses where statuses come from (`status_from` in site_config.yaml) and an
action may override that. A derived status is late when an open task is past its
due date, not started before any task is completed, otherwise on time; a
completed or final status written by the editor always stays.
"""

from __future__ import annotations

import datetime

from ..base import problems
from ..base.errors import ContentError
from .config import Config, Status, missing_for_deriving
from .validate import Item

OPEN_STATES = ("not_started", "in_progress")
LATE_STATUSES = ("late", "major_delay")  # "late and seriously late": the ids of the sample and of derived statuses


def status_source(action: dict, config: Config) -> str:
    """'editor' or 'tasks': the action's own choice, else the site's."""
    return action["status_from"] or config.status_from


def derive_status(tasks: list[dict], as_of: datetime.date) -> str:
    """The status the tasks show on the as-of date (one of DERIVED_STATUSES)."""
    if any(task["state"] in OPEN_STATES and task["due"] is not None and task["due"] < as_of for task in tasks):
        return "late"
    if not any(task["state"] == "completed" for task in tasks):
        return "not_started"
    return "on_time"


def resolve_status(action: dict, config: Config) -> tuple[Status, bool]:
    """The status an action shows, and whether it was derived from its tasks."""
    written = config.status(action["status"]) if action["status"] else None
    if status_source(action, config) == "tasks" and not (written and written.closes):
        return config.status(derive_status(action["tasks"], config.as_of)), True
    return written, False


def check_statuses(items: list[Item], config: Config) -> list[ContentError]:
    """An action whose status is the editor's must have one; derivation needs its three statuses."""
    missing = missing_for_deriving({status.id for status in config.statuses})
    errors = []
    for item in items:
        if item.kind != "action":
            continue
        source = status_source(item.fields, config)
        if source == "editor" and item.fields["status"] is None and "status" not in item.lines:
            errors.append(ContentError(item.path, item.line, "status", problems.STATUS_MISSING()))
        if source == "tasks" and missing:
            errors.append(ContentError(
                item.path, item.lines.get("status_from", item.line), "status_from",
                problems.DERIVING_NEEDS_STATUSES(missing=", ".join(missing)),
            ))
    return errors


def check_dates(items: list[Item], config: Config) -> list[ContentError]:
    """A task's completion and an action's update happened on or before the day the site is made for (the build's
    date, or site_config.yaml's as_of): a later one is a typing mistake the site would publish as a fact. A due date
    may well be in the future."""
    against = (problems.AS_OF_DATE if config.as_of_written else problems.BUILD_DATE)(date=config.as_of.isoformat())
    errors = []
    for item in items:
        if item.kind != "action":
            continue
        dated = [("updated", item.fields.get("updated"))]
        dated += [(f"tasks[{index}].completed", task.get("completed"))
                  for index, task in enumerate(item.fields.get("tasks") or []) if task]
        for field, day in dated:
            if isinstance(day, datetime.date) and day > config.as_of:
                errors.append(ContentError(item.path, item.lines.get(field, item.line), field,
                                           problems.FUTURE_DATE(date=day.isoformat(), against=against)))
    return errors
