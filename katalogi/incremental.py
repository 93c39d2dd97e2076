"""Which pages a change to some content items affects, so the dev server renders only those.

The rules follow what the theme's pages show:

- an action's page and data file show the action, its neighbours' names, and the
  categories, organisations (with their parents), contacts and indicators it names;
- a category, organisation, indicator or status page (and its feeds) lists its
  actions and shows the tree around it;
- every other page (front page, lists, dashboard, data quality, site feeds, data
  files) sums up the whole catalogue.

So a changed action re-renders its own pages, the actions whose previous/next link
now reads differently, the pages of the nodes that list it (before or after the
change) and the whole-catalogue pages; a changed category, organisation, indicator
or contact re-renders every node page and the pages of the actions that name it.
tests/test_incremental.py applies edits one after another and compares the result
with a full build of the same files, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .link import Editions, Site
from .render import Page, list_pages

Key = tuple[str, str]  # (kind, identifier) of a content item
ACTION_PAGES = ("action.html", "action_json")  # templates and producers of an action's own files
NODE_KINDS = ("category", "organisation", "indicator", "status")


@dataclass(frozen=True)
class Plan:
    """The pages to render now (the changed items' own pages), those to render next, and files to remove."""

    first: list[Page]
    rest: list[Page]
    removed: list[str]


def subject(page: Page) -> Key | None:
    """The item a page is about, or None for a page about the whole catalogue."""
    context = page.context
    if "action_id" in context:
        return "action", context["action_id"]
    if context.get("node_id"):
        return context["kind"], context["node_id"]
    for kind in ("action", *NODE_KINDS):
        if kind in context:
            return kind, context[kind].id
    return None


def named_by(action) -> set[Key]:
    """Every node an action's page shows: its categories, organisations and their parents, contacts, indicators."""
    keys = set()
    for category in action.categories:
        keys |= {("category", node.id) for node in (*category.ancestors, category)}
    organisations = [entry.organisation for entry in action.organisations]
    for contact in action.contacts:
        keys.add(("contact", contact.id))
        if contact.organisation is not None:
            organisations.append(contact.organisation)
    for organisation in organisations:
        keys |= {("organisation", node.id) for node in (*organisation.ancestors, organisation)}
    return keys | {("indicator", indicator.id) for indicator in action.indicators}


def listed_in(site: Site, actions: set[str]) -> set[Key]:
    """The nodes whose pages list any of these actions (rolled up from sub-units and sub-categories)."""
    keys = set()
    for kind, nodes, field in (("category", site.categories, "all_actions"),
                               ("organisation", site.organisations, "all_actions"),
                               ("indicator", site.indicators, "actions"),
                               ("status", site.statuses, "actions")):
        keys |= {(kind, node.id) for node in nodes if any(action.id in actions for action in getattr(node, field))}
    return keys


def neighbours(editions: Editions) -> dict[str, tuple]:
    """What each action's page shows of its previous and next action, in every language."""
    shown = {}
    for edition in editions:
        for action in edition.actions:
            shown.setdefault(action.id, []).append(tuple(
                (other.id, str(other.name), other.url) if other else None
                for other in (action.prev, action.next)))
    return {identifier: tuple(views) for identifier, views in shown.items()}


def plan(old: Editions, new: Editions, changed: Iterable[Key]) -> Plan:
    """The pages of `new` to render after the items `changed` (added, edited or removed) moved `old` to `new`."""
    changed = set(changed)
    edited = {identifier for kind, identifier in changed if kind == "action"}
    nodes = changed - {("action", identifier) for identifier in edited}
    actions = set(edited)
    if nodes:  # a renamed unit or category shows on the pages of every action that names it
        actions |= {action.id for site in (old.default, new.default) for action in site.actions
                    if named_by(action) & nodes}
    before, after = neighbours(old), neighbours(new)
    actions |= {identifier for identifier, view in after.items() if before.get(identifier) != view}
    lists = listed_in(old.default, actions) | listed_in(new.default, actions)

    def affected(about: Key | None) -> bool:
        if about is None:
            return True
        if about[0] == "action":
            return about[1] in actions
        return bool(nodes) or about in lists

    def own(page: Page, about: Key | None) -> bool:
        """A changed item's own HTML page: the one its editor is most likely looking at."""
        return (not page.producer and about is not None
                and (about in nodes or about[0] == "action" and about[1] in edited))

    old_paths = {page.path for page in list_pages(old)}
    first, rest, new_paths = [], [], set()
    for page in list_pages(new):
        new_paths.add(page.path)
        about = subject(page)
        if page.path not in old_paths or affected(about):
            (first if own(page, about) else rest).append(page)
    return Plan(first, rest, sorted(old_paths - new_paths))
