"""Relations between linked actions, both ways: related actions, dependencies with their roles and the actions
that depend on each, where a merged or superseded action's work went; and the chains of dependencies an
action page shows, three levels deep."""

from __future__ import annotations

from collections import defaultdict

from ..content.config import Config
from ..content.validate import Item
from .view_parts import settle
from .views import Action, Dependency

CHAIN_DEPTH = 3  # levels of dependencies an action page shows, each way


def link_relations(actions: tuple[Action, ...], items: list[Item], config: Config) -> None:
    """Give each action its relations as written and as the other actions write them (in action order).

    `items` are the actions' items in the order of `actions`; the checks have proved every reference."""
    by_id = {action.id: action for action in actions}
    position = {action.id: index for index, action in enumerate(actions)}
    related: dict[str, dict[str, Action]] = defaultdict(dict)
    dependents: dict[str, list[Dependency]] = defaultdict(list)
    merged_from: dict[str, list[Action]] = defaultdict(list)
    supersedes: dict[str, list[Action]] = defaultdict(list)
    for action, item in zip(actions, items, strict=True):
        fields = item.fields
        for identifier in fields.get("related") or ():
            related[action.id][identifier] = by_id[identifier]
            related[identifier][action.id] = action
        depends_on = tuple(Dependency(by_id[entry["action"]], config.dependency_role(entry["role"]))
                           for entry in fields.get("depends_on") or ())
        for dependency in depends_on:
            dependents[dependency.action.id].append(Dependency(action, dependency.role))
        merged_into, superseded_by = (by_id.get(fields.get(name)) for name in ("merged_into", "superseded_by"))
        if merged_into is not None:
            merged_from[merged_into.id].append(action)
        if superseded_by is not None:
            supersedes[superseded_by.id].append(action)
        settle(action, depends_on=depends_on, merged_into=merged_into, superseded_by=superseded_by,
               relates=tuple(by_id[identifier] for identifier in fields.get("related") or ()))
    for action in actions:
        settle(action,
               related=tuple(sorted(related[action.id].values(), key=lambda other: position[other.id])),
               dependents=tuple(dependents[action.id]), merged_from=tuple(merged_from[action.id]),
               supersedes=tuple(supersedes[action.id]))


def chain(action: Action, direction: str, depth: int = CHAIN_DEPTH) -> tuple[tuple[Dependency, tuple], ...]:
    """The dependencies of an action (`direction` depends_on) or its dependents, each with its own up to `depth`
    levels: what an action page shows as nested lists. The checks allow no circle, so every chain ends."""
    if depth <= 0:
        return ()
    return tuple((dependency, chain(dependency.action, direction, depth - 1))
                 for dependency in getattr(action, direction))


def in_chains(action: Action, depth: int = CHAIN_DEPTH) -> set[str]:
    """The identifiers of every action an action page's chains show, both ways (their titles and statuses)."""
    found: set[str] = set()
    for direction in ("depends_on", "dependents"):
        waiting = [(action, 0)]
        while waiting:
            node, level = waiting.pop()
            if level == depth:
                continue
            for dependency in getattr(node, direction):
                found.add(dependency.action.id)
                waiting.append((dependency.action, level + 1))
    return found
