"""Goals with a verdict, and progress rolled up: is an indicator on track, and how far has a category got?

An indicator with goals gets a verdict from its values up to the site's (or the round's)
date, against its next goal: the first goal dated on or after its latest value, or its last
goal when every goal is past.

- achieved: the latest value has reached the goal (at or above it when the goal is above the
  first value, at or below it when the goal is below it, as for emissions);
- on track: the latest value is on or ahead of the straight line from the first value to the
  goal, read at the latest value's date;
- off track: it is behind that line;
- no data: the indicator has no value yet.

An action's progress is the share of its tasks done (cancelled tasks left out), or all of it
when its status says it is completed; a cancelled action has none to count. A category's
progress is its actions' progress averaged, each action once (its own and its
sub-categories'), weighted by each action's `weight` (1 unless the content gives one).
Everything is exact fractions until it is shown: the same figures every time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..base.shares import exact, percent

ACHIEVED, ON_TRACK, OFF_TRACK, NO_DATA = "achieved", "on_track", "off_track", "no_data"
VERDICTS = (ACHIEVED, ON_TRACK, OFF_TRACK, NO_DATA)  # the open data's words, in the order tables show them


@dataclass(frozen=True)
class Verdict:
    """An indicator against its goal: the verdict, the goal judged against, the latest value and where the straight
    line from the first value to the goal is at the latest value's date (None without values)."""

    status: str
    goal: object  # views.Point
    latest: object | None  # views.Point
    expected: Fraction | None


def days(first: datetime.date, second: datetime.date) -> int:
    return (second - first).days


def judge(values: tuple, goals: tuple, as_of: datetime.date) -> Verdict | None:
    """The verdict of an indicator whose `values` and `goals` are Points by date; None when it has no goal.
    Values dated after `as_of` are not known yet on that day."""
    if not goals:
        return None
    known = [point for point in values if point.date <= as_of]
    if not known:
        return Verdict(NO_DATA, next((goal for goal in goals if goal.date >= as_of), goals[-1]), None, None)
    first, latest = known[0], known[-1]
    goal = next((goal for goal in goals if goal.date >= latest.date), goals[-1])
    start, target, now = exact(first.value), exact(goal.value), exact(latest.value)
    rising = target >= start
    if (now >= target) if rising else (now <= target):
        return Verdict(ACHIEVED, goal, latest, target)
    span = days(first.date, goal.date)
    if span <= 0 or latest.date >= goal.date:
        expected = target
    else:
        expected = start + (target - start) * Fraction(days(first.date, latest.date), span)
    ahead = now >= expected if rising else now <= expected
    return Verdict(ON_TRACK if ahead else OFF_TRACK, goal, latest, expected)


def action_progress(action) -> Fraction | None:
    """How far an action has got, 0 to 1: all of it when completed, none to count when cancelled (a final status),
    else the share of its tasks done, cancelled tasks left out (no tasks: nothing done yet)."""
    if action.status.completed:
        return Fraction(1)
    if action.status.final:
        return None
    counted = [task for task in action.tasks if task.state != "cancelled"]
    return Fraction(sum(1 for task in counted if task.state == "completed"), len(counted)) if counted else Fraction(0)


@dataclass(frozen=True)
class Progress:
    """The weighted progress of some actions, each counted once: the share done in per cent, and how many actions
    it is counted from and how many were left out (cancelled)."""

    percent: Decimal | None
    counted: int
    left_out: int


def rolled_up(actions) -> Progress:
    """The progress of actions taken together, each once (by identifier), weighted by their `weight`. An action
    merged into or superseded by another is left out: its work counts under the action that took it over."""
    done = whole = Fraction(0)
    counted = left_out = 0
    for action in {action.id: action for action in actions if action.counted}.values():
        progress = action_progress(action)
        if progress is None:
            left_out += 1
            continue
        weight = exact(action.weight)
        done += weight * progress
        whole += weight
        counted += 1
    return Progress(percent(done, whole), counted, left_out)
