"""Timelines: an action's tasks and phase changes on a time axis, and the programme's tasks by action on one.

Pure arithmetic on dates: where on the axis (in per cent of its width) each day falls, and which
ticks the axis has. The templates draw the bars with CSS inside a table whose cells say the same
dates in words, so the timeline reads as a table without sight or CSS, and needs no JavaScript.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..inputs.history import History
from .views import Action, Task

PROGRAMME_ROWS = 1000  # tasks on one timeline page; beyond it, the organisations' and categories' timelines
TICK_STEPS = (1, 3, 6, 12, 24, 60, 120, 1200)  # months between the ticks of an axis, the shortest that fits
MAX_TICKS = 7
MARGIN_DAYS = 15  # either side of the earliest and latest day, so that a mark at the edge is whole


@dataclass(frozen=True)
class Tick:
    day: datetime.date
    position: float  # per cent of the axis
    yearly: bool  # a tick per year (the label is the year), else per month or quarter


@dataclass(frozen=True)
class Axis:
    """The days from `start` to `end`, as the width of a track (0 to 100 per cent)."""

    start: datetime.date
    end: datetime.date

    def at(self, day: datetime.date) -> float:
        """Where a day falls, in per cent of the track, to a hundredth."""
        days = (self.end - self.start).days
        return round(100 * (day - self.start).days / days, 2)

    def span(self, first: datetime.date, last: datetime.date) -> tuple[float, float]:
        """(left, width) of the bar from `first` to `last`, in per cent; at least a sliver wide."""
        left = self.at(min(first, last))
        return left, max(round(self.at(max(first, last)) - left, 2), 0.5)

    @property
    def ticks(self) -> tuple[Tick, ...]:
        """The first days of months, quarters, half years, years or longer, no more than MAX_TICKS of them; a
        tick of a step of a year or more is labelled with the year alone."""
        first, last = (day.year * 12 + day.month - 1 for day in (self.start, self.end))
        step = next(step for step in TICK_STEPS if (last - first) // step < MAX_TICKS)
        found = []
        for month in range(first, last + 1):
            day = datetime.date(month // 12, month % 12 + 1, 1)
            if month % step == 0 and self.start <= day <= self.end:
                found.append(Tick(day, self.at(day), step >= 12))
        return tuple(found)


@dataclass(frozen=True)
class PhaseChange:
    """A commit that changed the action's phase: when, from which phase to which (codes; None: no phase)."""

    date: datetime.date
    before: str | None
    after: str | None


def phase_changes(action: Action, history: History) -> tuple[PhaseChange, ...]:
    """The action's phase changes from its public history, oldest first."""
    found = []
    for change in reversed(action.history):
        for entry in history.fields_of(action.source, change.commit):
            if entry.field == "phase" and entry.kind == "changed":
                found.append(PhaseChange(change.date, entry.before or None, entry.after or None))
    return tuple(found)


def task_days(task: Task) -> list[datetime.date]:
    return [day for day in (task.start, task.due, task.completed) if day is not None]


def axis_of(days: list[datetime.date], as_of: datetime.date) -> Axis:
    """An axis holding every day given and the as-of day, with a margin either side."""
    margin = datetime.timedelta(days=MARGIN_DAYS)
    return Axis(min([*days, as_of]) - margin, max([*days, as_of]) + margin)


@dataclass(frozen=True)
class ActionTimeline:
    axis: Axis
    tasks: tuple[Task, ...]  # in the order they start or are due
    phases: tuple[PhaseChange, ...]
    timespan: tuple[datetime.date, datetime.date] | None  # the action's own span, an open end drawn to the axis's end


def when(task: Task) -> datetime.date | None:
    """The first day a task shows on the axis."""
    days = task_days(task)
    return min(days) if days else None


def action_timeline(action: Action, history: History, as_of: datetime.date) -> ActionTimeline | None:
    """An action's timeline, or None when it has nothing dated: no task with a date, no phase change."""
    tasks = tuple(sorted((task for task in action.tasks if task_days(task)), key=lambda task: (when(task),
                                                                                                task.position)))
    phases = phase_changes(action, history)
    if not tasks and not phases:
        return None
    span = action.timespan
    days = [day for task in tasks for day in task_days(task)] + [change.date for change in phases]
    days += [day for day in (span.start, span.end) if day is not None] if span else []
    axis = axis_of(days, as_of)
    timespan = (span.start, span.end or axis.end) if span and span.start else None
    return ActionTimeline(axis, tasks, phases, timespan)


@dataclass(frozen=True)
class ProgrammeTimeline:
    axis: Axis | None  # None: no task has a date
    tasks: tuple[Task, ...]  # of the actions in their order, each action's as in its file; at most PROGRAMME_ROWS
    left_out: int  # dated tasks beyond PROGRAMME_ROWS


def programme_timeline(actions, as_of: datetime.date, limit: int = PROGRAMME_ROWS) -> ProgrammeTimeline:
    """The dated tasks of `actions` on one axis, the first `limit` of them shown."""
    dated = [task for action in actions for task in action.tasks if task_days(task)]
    shown = tuple(dated[:limit])
    axis = axis_of([day for task in shown for day in task_days(task)], as_of) if shown else None
    return ProgrammeTimeline(axis, shown, len(dated) - len(shown))
