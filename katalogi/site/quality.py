"""Data-quality rules: what a reader of an action page would miss.

They are warnings, not errors: the site still builds. `check` prints them as
`path:line: warning: field: message`, `check --strict` fails on them, and the
public page "Tietojen laatu" lists the actions' ones per action (each action's
`findings`; the texts are in the template, keyed by `rule`). Text that `new` wrote and nobody replaced is found
in every kind of item; only the actions' findings are public.
"""

from __future__ import annotations

import functools

from ..base import problems
from ..base.errors import ContentWarning
from ..base.messages import EDITOR_LANGUAGES
from ..content.config import Config
from ..content.progress import LATE_STATUSES, OPEN_STATES

# What `new` writes into a new file's required texts (scaffold.py), by kind and field.
PLACEHOLDERS = {
    "action": {"name": problems.NEW_ACTION_NAME, "description": problems.NEW_ACTION_DESCRIPTION},
    "category": {"name": problems.NEW_CATEGORY_NAME},
    "contact": {"name": problems.NEW_CONTACT_NAME},
    "indicator": {"name": problems.NEW_INDICATOR_NAME},
    "organisation": {"name": problems.NEW_ORGANISATION_NAME},
    "factor_table": {"name": problems.NEW_FACTOR_TABLE_NAME},
    "criteria_set": {"name": problems.NEW_CRITERIA_SET_NAME},
    "procurement": {"name": problems.NEW_PROCUREMENT_NAME},
}


def warn(item, field: str, rule: str, message) -> ContentWarning:
    line = item.lines.get(field, item.lines.get(field.split(".")[0], item.line))
    return ContentWarning(item.source, line, field, message, rule)


@functools.cache
def placeholder_texts(kind: str, field: str) -> frozenset[str]:
    """The placeholder of a field as `new` writes it in any of the editors' languages."""
    return frozenset(PLACEHOLDERS[kind][field]().render(language).strip() for language in EDITOR_LANGUAGES)


def placeholders(item, kind: str) -> list[ContentWarning]:
    """A required text still as `new` wrote it."""
    return [warn(item, field, "placeholder", problems.PLACEHOLDER(text=str(getattr(item, field)).strip(),
                                                                  what=problems.FIELD_WORDS[field]()))
            for field in PLACEHOLDERS[kind]
            if str(getattr(item, field) or "").strip() in placeholder_texts(kind, field)]


def check_action(action, config: Config) -> list[ContentWarning]:
    """Every rule an action breaks, in the order the page shows its fields."""
    found = placeholders(action, "action")
    written, shown = action.status_written, action.status
    if action.status_derived and written is not None:
        found.append(warn(action, "status", "status_ignored", problems.STATUS_IGNORED(written=written.id,
                                                                                       shown=shown.id)))
    if shown.id in LATE_STATUSES and not action.status_reason:
        line = action.lines.get("status", action.lines.get("status_from", action.line))
        found.append(ContentWarning(action.source, line, "status_reason", problems.NO_STATUS_REASON(
            status=shown.id), "no_status_reason"))
    if not any(entry.role == "primary" for entry in action.organisations):
        found.append(warn(action, "organisations", "no_organisation", problems.NO_ORGANISATION()))
    if not action.contacts:
        found.append(warn(action, "contacts", "no_contact", problems.NO_CONTACT()))
    if action.official_description and not action.official_description.source:
        found.append(warn(action, "official_description.source", "no_source", problems.NO_SOURCE()))
    if action.counted and not shown.closes and not any(task.state in OPEN_STATES and task.due is not None
                                    and task.due >= config.as_of for task in action.tasks):
        found.append(warn(action, "tasks", "no_next_task", problems.NO_NEXT_TASK(date=config.as_of.isoformat())))
    return found


def find_in_others(nodes_by_kind: dict[str, tuple]) -> list[ContentWarning]:
    """Placeholders left in categories, contacts, indicators and organisations (for `check`, not the site)."""
    return [warning for kind, nodes in nodes_by_kind.items() for node in nodes for warning in placeholders(node, kind)]


def roadmap_goals(categories) -> list[ContentWarning]:
    """A roadmap milestone whose goal differs from its indicator's own goal for the same year: two goals for one
    thing, and a reader cannot tell which holds (the category page says so beside the milestone)."""
    found = []
    for category in categories:
        for milestone in category.roadmap:
            own = milestone.own_goal
            if own is not None:
                found.append(warn(category, f"roadmap[{milestone.position}].goal", "roadmap_goal",
                                  problems.ROADMAP_GOAL_DIFFERS(goal=f"{milestone.goal:g}", year=milestone.year,
                                                                indicator=milestone.indicator.id,
                                                                own=f"{own.value:g}")))
    return found


def computed_criteria(indicators, config: Config) -> list[ContentWarning]:
    """A computed indicator that counts other green criteria than the site's one definition of the green share."""
    site = config.green_share.criteria
    return [warn(indicator, "computed.criteria", "computed_criteria",
                 problems.COMPUTED_CRITERIA_DIFFER(criteria=", ".join(indicator.computed.criteria),
                                                   site=", ".join(site)))
            for indicator in indicators
            if indicator.computed is not None and set(indicator.computed.criteria) != set(site)]
