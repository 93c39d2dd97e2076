"""Items -> Site: page addresses, resolved references, previous/next order, indexes.

Pure and done once per build, so everything a page shows is computed in one pass:
nothing here is quadratic in the number of actions.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import dashboard, quality
from .config import Config
from .history import History
from .progress import OPEN_STATES, resolve_status
from .validate import Item

SECTIONS = {
    "action": "toimenpiteet",
    "category": "kategoriat",
    "organisation": "organisaatiot",
    "indicator": "mittarit",
    "status": "tilat",
    "dashboard": "tilannekatsaus",
    "quality": "tietojen-laatu",
    "search": "haku",
    "accessibility": "saavutettavuusseloste",
    "opendata": "avoin-data",
}


@dataclass(frozen=True)
class Site:
    """Everything the templates show, linked; lists are in display order."""

    config: Config
    actions: list[dict]
    categories: list[dict]
    organisations: list[dict]
    indicators: list[dict]
    contacts: list[dict]
    statuses: list[dict]  # {"status": Status, "url", "actions"}, in the config's order
    dashboard: dict  # see dashboard.summarise
    findings: list  # ContentWarnings of quality.py
    missing_translations: list = field(default_factory=list)  # i18n.TranslationGaps, listed by `check`
    warnings: list = field(default_factory=list)  # ContentWarnings for editors only (`check`), never on the site
    editions: dict = field(default_factory=dict)  # the Site in every language, by language, default first
    history: History = field(default_factory=History)  # where actions' `history` comes from, and how complete

    @functools.cached_property
    def actions_by_id(self) -> dict[str, dict]:
        return {action["id"]: action for action in self.actions}

    @property
    def language(self) -> str:
        return self.config.language

    @property
    def root(self) -> str:
        """Where this language's pages start: the base path, or /sv/ below it."""
        return self.config.language_root()


def page_path(kind: str, identifier: str = "") -> str:
    """Where a page lives below the site root, e.g. 'toimenpiteet/111/'."""
    return f"{SECTIONS[kind]}/{identifier}/" if identifier else f"{SECTIONS[kind]}/"


def natural_key(identifier: str) -> tuple:
    """Sort '2' before '10' before '111', and 'a2' before 'a10'."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.findall(r"\d+|\D+", identifier))


def action_order(action: dict) -> tuple:
    """Actions with an explicit `order` first, by it; then the rest by identifier."""
    if action["order"] is not None:
        return (0, action["order"], natural_key(action["id"]))
    return (1, 0, natural_key(action["id"]))


def site_url(url: str, base_path: str, root: str | None = None) -> str:
    """A path on this site ('/mittarit/x/') under the base path; other addresses as they are.

    A page of a section ('/toimenpiteet/112/') goes under `root`, the language's root,
    so a link written in content stays in the reader's language; files (/data/...) do not.
    """
    if not url.startswith("/"):
        return url
    first = url[1:].split("/", 1)[0]
    return (root if root is not None and first in SECTIONS.values() else base_path) + url[1:]


def view(item: Item, root: str, changes: History | None = None) -> dict:
    """The item's fields plus its address (below `root`, the language's root), ready to be linked to others.

    An action also gets `history`, the commits of its file newest first, and, unless
    the file says when it was updated, `updated` from the last of them.
    """
    linked = {**item.fields, "source": item.path, "line": item.line, "lines": item.lines}
    if item.kind in SECTIONS:
        linked["url"] = root + page_path(item.kind, item.id)
    if item.kind == "action":
        linked["history"] = changes.of(item.path) if changes else []
        if linked["updated"] is None and linked["history"]:
            linked["updated"] = linked["history"][0].date
    return linked


def tree_order(nodes: dict[str, dict]) -> list[dict]:
    """Parents before children, siblings by name; each node gets `children` and `ancestors`."""
    for node in nodes.values():
        node["children"] = []
    roots = []
    for node in nodes.values():
        parent = nodes.get(node["parent"]) if node["parent"] else None
        node["parent"] = parent
        (parent["children"] if parent else roots).append(node)
    ordered: list[dict] = []

    def visit(siblings: list[dict], ancestors: list[dict]) -> None:
        siblings.sort(key=lambda node: (node["name"].casefold(), node["id"]))
        for node in siblings:
            node["ancestors"] = ancestors
            ordered.append(node)
            visit(node["children"], [*ancestors, node])

    visit(roots, [])
    return ordered


def roll_up(ordered: list[dict], position: dict[str, int]) -> None:
    """Give each tree node `all_actions`: its own and its descendants', in action order, once each."""
    for node in reversed(ordered):  # children before parents
        merged = {action["id"]: action for child in node["children"] for action in child["all_actions"]}
        merged.update((action["id"], action) for action in node["actions"])
        node["all_actions"] = sorted(merged.values(), key=lambda action: position[action["id"]])


def link_tasks(action: dict, config: Config) -> None:
    """Split tasks as the action page shows them: done newest first, open soonest first."""
    tasks = [{**task, "action": action, "overdue": task["state"] in OPEN_STATES and task["due"] is not None
              and task["due"] < config.as_of} for task in action["tasks"]]
    action["tasks"] = tasks
    action["tasks_done"] = sorted((t for t in tasks if t["state"] == "completed"),
                                  key=lambda t: t["completed"], reverse=True)
    action["tasks_open"] = sorted((t for t in tasks if t["state"] in OPEN_STATES),
                                  key=lambda t: (t["due"] is None, t["due"] or config.as_of))
    action["tasks_cancelled"] = [t for t in tasks if t["state"] == "cancelled"]


def link(items: list[Item], config: Config, changes: History | None = None) -> Site:
    """Resolve every reference; validation has already proved they all exist. `changes`: the git history."""
    changes = changes or History()
    by_kind: dict[str, dict[str, dict]] = defaultdict(dict)
    for item in sorted(items, key=lambda item: (item.kind, natural_key(item.id))):
        by_kind[item.kind][item.id] = view(item, config.language_root(), changes)
    actions_by_id, categories, organisations = by_kind["action"], by_kind["category"], by_kind["organisation"]
    contacts, indicators = by_kind["contact"], by_kind["indicator"]

    category_list = tree_order(categories)
    organisation_list = tree_order(organisations)
    for contact in contacts.values():
        contact["organisation"] = organisations.get(contact["organisation"])
    for node in [*categories.values(), *organisations.values(), *indicators.values()]:
        node["actions"] = []

    actions = sorted(actions_by_id.values(), key=action_order)
    for index, action in enumerate(actions):
        action["prev"] = actions[index - 1] if index > 0 else None
        action["next"] = actions[index + 1] if index + 1 < len(actions) else None
        action["status_written"] = config.status(action["status"]) if action["status"] else None
        action["status"], action["status_derived"] = resolve_status(action, config)
        action["categories"] = [categories[c] for c in action["categories"]]
        action["organisations"] = [{**entry, "organisation": organisations[entry["organisation"]]}
                                   for entry in action["organisations"]]
        action["contacts"] = [contacts[c] for c in action["contacts"]]
        action["links"] = [{**entry, "url": entry["url"] and site_url(entry["url"], config.base_path,
                                                                        config.language_root())}
                           for entry in action["links"]]
        action["indicators"] = [indicators[i] for i in action["indicators"]]
        link_tasks(action, config)
        for node in [*action["categories"], *action["indicators"],
                     *(entry["organisation"] for entry in action["organisations"])]:
            if not node["actions"] or node["actions"][-1] is not action:  # listed twice in one action
                node["actions"].append(action)

    for indicator in indicators.values():
        indicator["values"] = sorted(indicator["values"], key=lambda point: point["date"])
        indicator["goals"] = sorted(indicator["goals"], key=lambda point: point["date"])
    indicator_list = sorted(indicators.values(), key=lambda node: (node["name"].casefold(), node["id"]))
    contact_list = sorted(contacts.values(), key=lambda node: (node["name"].casefold(), node["id"]))
    position = {action["id"]: index for index, action in enumerate(actions)}
    roll_up(category_list, position)
    roll_up(organisation_list, position)
    statuses = link_statuses(actions, config)
    return Site(config, actions, category_list, organisation_list, indicator_list, contact_list, statuses,
                dashboard.summarise(actions, category_list, organisation_list, config),
                quality.find(actions, config), history=changes)


def link_statuses(actions: list[dict], config: Config) -> list[dict]:
    """One list page per status, holding its actions in action order."""
    by_status: dict[str, list[dict]] = defaultdict(list)
    for action in actions:
        by_status[action["status"].id].append(action)
    return [{"status": status, "id": status.id, "name": status.label,
             "url": config.language_root() + page_path("status", status.id), "actions": by_status[status.id]}
            for status in config.statuses]
