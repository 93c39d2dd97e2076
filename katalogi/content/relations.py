"""Relations between actions: related actions, dependencies with their roles, and the action a merged or
superseded action's work went to; declared here (model.py adds the fields to an action) and checked across
the catalogue: a circle of dependencies, or of replacements, is an error that names every action in it.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from ..base import coordination
from ..base.errors import ContentError
from .checker import Checker, line_of
from .field_types import Ref
from .schema import Field, ListOf, Object

RELATION_FIELDS = (
    Field("related", ListOf(Ref("action")), "Identifiers of related actions; each is shown on the other's page "
          "too.", example=["111"]),
    Field("depends_on", ListOf(Object((
        Field("action", Ref("action"), "Identifier of the action this one depends on.", required=True,
              example="111"),
        Field("role", Ref("dependency_role"), "How this action depends on it: the id of one of site_config.yaml's "
              "dependency_roles, such as requires.", example="requires"),
    ))), "Actions this one depends on, each with the role of the dependency; the chain is shown on both actions' "
         "pages, and it must not go round in a circle."),
    Field("merged_into", Ref("action"), "Identifier of the action this one was merged into: its page then says "
          "so and links there, and the status counts count the work once, under that action.", example="111"),
    Field("superseded_by", Ref("action"), "Identifier of the action that replaced this one: its page then says so "
          "and links there, and the status counts leave this one out.", example="111"),
)
REPLACEMENTS = ("merged_into", "superseded_by")


def relations_name_others(action: dict, where: str, raw: dict, checker: Checker) -> None:
    """An action is not related to, dependent on or replaced by itself; it is merged or superseded, not both."""
    own = action.get("id")
    named = [(f"related[{index}]", identifier) for index, identifier in enumerate(action.get("related") or ())]
    named += [(f"depends_on[{index}].action", entry["action"])
              for index, entry in enumerate(action.get("depends_on") or ()) if entry]
    named += [(name, action.get(name)) for name in REPLACEMENTS]
    for field, identifier in named:
        if own is not None and identifier == own:
            checker.error(line_of(checker, field, raw.line), field, coordination.RELATION_TO_ITSELF(id=own))
    if all(action.get(name) is not None for name in REPLACEMENTS):
        checker.error(line_of(checker, "superseded_by", raw.line), "superseded_by",
                      coordination.MERGED_AND_SUPERSEDED())


@functools.lru_cache(maxsize=1 << 16)
def natural(identifier: str) -> tuple:
    """'2' before '10': the order actions are named in a message."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", identifier))


def circles(edges: dict[str, list[str]]) -> list[list[str]]:
    """The groups of nodes that reach each other through `edges` (Tarjan's strongly connected components, without
    recursion, so a chain of thousands of actions is no problem), only those with a circle: two nodes or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(edges, key=natural):
        if start in index:
            continue
        work = [(start, iter(edges.get(start, ())))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(edges.get(target, ()))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group, key=natural))
    return sorted(found, key=lambda group: natural(group[0]))


def loop_through(first: str, group: set[str], edges: dict[str, list[str]]) -> list[str]:
    """One way round the circle from `first` back to it, within `group` (the shortest, found breadth first)."""
    came_from: dict[str, str] = {}
    waiting = [first]
    while waiting:
        following = []
        for node in waiting:
            for target in edges.get(node, ()):
                if target == first:
                    path = [node]
                    while path[-1] != first:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), first]
                if target in group and target not in came_from:
                    came_from[target] = node
                    following.append(target)
        waiting = following
    raise AssertionError("a strongly connected group has a way round")


def circle_errors(actions: dict, edges: dict[str, list[str]], field_of, message) -> list[ContentError]:
    """One error per circle, at the first action's line that leads into it, naming every action in it."""
    errors = []
    for group in circles(edges):
        members = set(group)
        first = actions[group[0]]
        loop = loop_through(group[0], members, edges)
        field = field_of(first, loop[1])
        errors.append(ContentError(first.path, first.lines.get(field, first.line), field, message(
            actions=", ".join(group), loop=" -> ".join(loop))))
    return errors


def check_relations(items: list) -> list[ContentError]:
    """What only the whole catalogue can tell of the relations: circles of depends_on, and of merged_into and
    superseded_by (references to unknown actions are check_references's)."""
    actions = {item.id: item for item in items if item.kind == "action"}
    depends: dict[str, list[str]] = defaultdict(list)
    replaced: dict[str, list[str]] = defaultdict(list)
    for identifier, item in actions.items():
        for entry in item.fields.get("depends_on") or ():
            if entry and entry["action"] in actions and entry["action"] != identifier:
                depends[identifier].append(entry["action"])
        for name in REPLACEMENTS:
            target = item.fields.get(name)
            if target in actions and target != identifier:
                replaced[identifier].append(target)

    def dependency_field(item, target: str) -> str:
        index = next(index for index, entry in enumerate(item.fields["depends_on"])
                     if entry and entry["action"] == target)
        return f"depends_on[{index}].action"

    def replacement_field(item, target: str) -> str:
        return next(name for name in REPLACEMENTS if item.fields.get(name) == target)

    return (circle_errors(actions, depends, dependency_field, coordination.DEPENDENCY_CIRCLE)
            + circle_errors(actions, replaced, replacement_field, coordination.REPLACEMENT_CIRCLE))
