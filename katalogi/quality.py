"""Data-quality rules: what a reader of an action page would miss.

They are warnings, not errors: the site still builds. `check` prints them as
`path:line: warning: field: message`, `check --strict` fails on them, and the
public page "Tietojen laatu" lists them per action (its texts are in the
template, keyed by `rule`).
"""

from __future__ import annotations

from .config import Config
from .errors import ContentWarning
from .progress import OPEN_STATES


def warn(action: dict, field: str, rule: str, message: str) -> ContentWarning:
    line = action["lines"].get(field, action["lines"].get(field.split(".")[0], action["line"]))
    return ContentWarning(action["source"], line, field, message, rule)


def check_action(action: dict, config: Config) -> list[ContentWarning]:
    """Every rule an action breaks, in the order the page shows its fields."""
    found = []
    written, shown = action["status_written"], action["status"]
    if action["status_derived"] and written is not None and written != shown:
        found.append(warn(action, "status", "status_ignored",
                          f"'{written.id}' is not used: the status is derived from tasks ('{shown.id}'); "
                          "leave it out or set status_from: editor"))
    if not any(entry["role"] == "primary" for entry in action["organisations"]):
        found.append(warn(action, "organisations", "no_organisation", "no responsible (primary) organisation"))
    if not action["contacts"]:
        found.append(warn(action, "contacts", "no_contact", "no contact person"))
    if action["official_description"] and not action["official_description"]["source"]:
        found.append(warn(action, "official_description.source", "no_source",
                          "the official description does not say where it comes from"))
    if not shown.closes and not any(task["state"] in OPEN_STATES and task["due"] is not None
                                    and task["due"] >= config.as_of for task in action["tasks"]):
        found.append(warn(action, "tasks", "no_next_task",
                          f"not completed, but no open task is due on or after {config.as_of.isoformat()}"))
    return found


def find(actions: list[dict], config: Config) -> list[ContentWarning]:
    """Check every action; each keeps its own list in `findings` for the quality page."""
    found = []
    for action in actions:
        action["findings"] = check_action(action, config)
        found += action["findings"]
    return found
