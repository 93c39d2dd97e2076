"""What changed between two reporting rounds: actions added and removed, statuses, phases, tasks, figures.

Both rounds are linked sites (rounds.Round.editions), so the comparison is of what
the pages showed then, statuses as resolved on each round's date. Tasks have no
identifier: a task is the same task in both rounds when its name (in the default
language) is the same, the first with that name matched first, so a task renamed
between rounds is one removed and one added. The matching is made once, on the
default language, and shown in every language through the tasks' positions.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from ..content.config import Status
from ..content.progress import OPEN_STATES
from ..site.views import Action, Editions, Indicator, Point, Site, Task
from .rounds import Round


@dataclass(frozen=True)
class ActionChange:
    """How one action present in both rounds changed; fields are None or empty when that part did not."""

    action: Action  # in the later round
    status: tuple[Status, Status] | None  # (before, after)
    phase: tuple[str | None, str | None] | None
    completed: tuple[Task, ...]  # completed since the round before (new or not, but not completed then)
    added: tuple[Task, ...]
    moved: tuple[tuple[Task, datetime.date | None, datetime.date | None], ...]  # (task, due before, due now)
    cancelled: tuple[Task, ...]
    removed: tuple[Task, ...]  # in the round before, not in this one
    emission_reduction: tuple[float | None, float | None] | None
    procurement_volume: tuple[float | None, float | None] | None

    @property
    def anything(self) -> bool:
        return any((self.status, self.phase, self.completed, self.added, self.moved, self.cancelled, self.removed,
                    self.emission_reduction, self.procurement_volume))


@dataclass(frozen=True)
class IndicatorChange:
    indicator: Indicator
    values: tuple[Point, ...]  # measured values added since the round before


@dataclass(frozen=True)
class RoundChanges:
    """Everything that changed since the round before, in one language."""

    added: tuple[Action, ...]  # in the later round, in its action order
    removed: tuple[Action, ...]  # in the earlier round
    changed: tuple[ActionChange, ...]
    indicators: tuple[IndicatorChange, ...]

    @property
    def status_changes(self) -> int:
        return sum(1 for change in self.changed if change.status)

    @property
    def tasks_completed(self) -> int:
        """Tasks of the actions in both rounds completed in between."""
        return sum(len(change.completed) for change in self.changed)


def match_tasks(before: tuple[Task, ...], after: tuple[Task, ...]) -> list[tuple[Task | None, Task | None]]:
    """Pairs of the same task in two rounds, by name; (None, task) for a new one, (task, None) for one gone."""
    waiting: dict[str, list[Task]] = defaultdict(list)
    for task in before:
        waiting[str(task.name)].append(task)
    pairs: list[tuple[Task | None, Task | None]] = []
    for task in after:
        same = waiting.get(str(task.name))
        pairs.append((same.pop(0) if same else None, task))
    pairs += [(task, None) for tasks in waiting.values() for task in tasks]
    return pairs


def figure(before: float | None, after: float | None) -> tuple[float | None, float | None] | None:
    return (before, after) if before != after else None


def action_change(before: Action, after: Action, pairs: list[tuple[int | None, int | None]]) -> ActionChange:
    """The change of one action; `pairs` are the positions of matched tasks (found on the default language)."""
    completed, added, moved, cancelled, removed = [], [], [], [], []
    for old_position, new_position in pairs:
        old = before.tasks[old_position] if old_position is not None else None
        new = after.tasks[new_position] if new_position is not None else None
        if new is None:
            removed.append(old)
        elif old is None:
            added.append(new)
            if new.state == "completed":
                completed.append(new)
            elif new.state == "cancelled":
                cancelled.append(new)
        elif new.state == "completed" and old.state != "completed":
            completed.append(new)
        elif new.state == "cancelled" and old.state != "cancelled":
            cancelled.append(new)
        elif old.due != new.due and new.state in OPEN_STATES:
            moved.append((new, old.due, new.due))
    return ActionChange(
        after, (before.status, after.status) if before.status.id != after.status.id else None,
        (before.phase, after.phase) if before.phase != after.phase else None,
        tuple(completed), tuple(added), tuple(moved), tuple(cancelled), tuple(removed),
        figure(before.emission_reduction and before.emission_reduction.value,
               after.emission_reduction and after.emission_reduction.value),
        figure(before.procurement_volume, after.procurement_volume))


def positions(before: Action, after: Action) -> list[tuple[int | None, int | None]]:
    return [(old.position if old else None, new.position if new else None)
            for old, new in match_tasks(before.tasks, after.tasks)]


def compare(earlier: Editions, later: Editions, language: str) -> RoundChanges:
    """What changed from the round `earlier` to `later`, as the pages of `language` show it."""
    old_default, new_default = earlier.default, later.default
    old_site, new_site = site_in(earlier, language), site_in(later, language)
    added = tuple(action for action in new_site.actions if action.id not in old_site.actions_by_id)
    removed = tuple(action for action in old_site.actions if action.id not in new_site.actions_by_id)
    changed = []
    for action in new_site.actions:
        if action.id in old_site.actions_by_id:
            pairs = positions(old_default.actions_by_id[action.id], new_default.actions_by_id[action.id])
            change = action_change(old_site.actions_by_id[action.id], action, pairs)
            if change.anything:
                changed.append(change)
    old_indicators = {indicator.id: indicator for indicator in old_site.indicators}
    indicators = []
    for indicator in new_site.indicators:
        known = {(point.date, point.value) for point in old_indicators[indicator.id].values} \
            if indicator.id in old_indicators else set()
        new_values = tuple(point for point in indicator.values if (point.date, point.value) not in known)
        if new_values:
            indicators.append(IndicatorChange(indicator, new_values))
    return RoundChanges(added, removed, tuple(changed), tuple(indicators))


def site_in(editions: Editions, language: str) -> Site:
    """The round's site in a language, or in its default language when the round has no such edition."""
    return editions.by_language.get(language, editions.default)


def round_changes(entry: Round, language: str) -> RoundChanges | None:
    """What changed since the round before `entry` as the pages of `language` show it; None for the first."""
    return compare(entry.previous.editions, entry.editions, language) if entry.previous else None
