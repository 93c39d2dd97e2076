"""Who needs reminding of what on a day: the contacts of each action and indicator, and what waits for them.

For every contact person, on the `as_of` day:
- overdue tasks: open tasks of their actions whose due date is before the day;
- tasks due soon: open tasks due on the day or within `due_within_days` after it;
- actions not updated: open actions of theirs not updated (their `updated`, written or from git) for
  `not_updated_months` (site_config.yaml's reminders; else stale_after_months), the dashboard's rule;
- indicators due: indicators they record (its `contacts`) whose next value, the last value's date plus
  `interval_months`, is due within `due_within_days` or already past.
An action merged into or superseded by another, or one whose status closes it, reminds nobody: its work is
elsewhere or done. Each thing has a key that says what it is and for which date, so that a record of what
was sent (build/remind.py) can tell what a contact has already been told.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from ..content.config import ReminderSettings
from ..content.progress import OPEN_STATES
from ..site.dashboard import months_before
from ..site.views import Action, Contact, Indicator, Site, Task

OVERDUE, DUE_SOON, NOT_UPDATED, INDICATOR_DUE = "overdue", "due_soon", "not_updated", "indicator_due"
KINDS = (OVERDUE, DUE_SOON, NOT_UPDATED, INDICATOR_DUE)  # the order a message lists them in


@dataclass(frozen=True)
class Due:
    """One thing that waits for a contact: what kind, about which action or indicator, and its date (the due
    date, the last update, the next value's date)."""

    kind: str
    date: datetime.date | None
    action: Action | None = None
    task: Task | None = None
    indicator: Indicator | None = None

    @property
    def key(self) -> str:
        """What it is and for which date: the same thing on a later day, or with a new date, is new."""
        subject = (f"{self.action.id}:{self.task.position}" if self.task is not None
                   else self.action.id if self.action is not None else self.indicator.id)
        return f"{self.kind}:{subject}:{self.date.isoformat() if self.date else '-'}"


@dataclass(frozen=True)
class Reminder:
    """Everything that waits for one contact on one day, in the order a message lists it."""

    contact: Contact
    items: tuple[Due, ...]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or the month's last day)."""
    return months_before(day, -months)


def action_dues(action: Action, as_of: datetime.date, settings: ReminderSettings, stale_before: datetime.date
                ) -> list[Due]:
    """What an action's contacts are to be reminded of."""
    if not action.counted or action.status.closes:
        return []
    soon = as_of + datetime.timedelta(days=settings.due_within_days)
    found = []
    for task in action.tasks:
        if task.state not in OPEN_STATES or task.due is None:
            continue
        if task.due < as_of:
            found.append(Due(OVERDUE, task.due, action, task))
        elif task.due <= soon:
            found.append(Due(DUE_SOON, task.due, action, task))
    if action.updated is None or action.updated < stale_before:
        found.append(Due(NOT_UPDATED, action.updated, action))
    return found


def next_value(indicator: Indicator, months: int | None) -> datetime.date | None:
    """When an indicator's next value is due: its last value's date plus its interval (None: not known)."""
    if months is None or not indicator.values:
        return None
    return add_months(indicator.values[-1].date, months)


def reminders(site: Site, as_of: datetime.date) -> list[Reminder]:
    """Every contact's reminder for the day, contacts by identifier; those with nothing to do get none."""
    settings = site.config.reminders
    months = settings.not_updated_months or site.config.stale_after_months
    stale_before = months_before(as_of, months)
    waiting: dict[str, list[Due]] = defaultdict(list)
    contacts: dict[str, Contact] = {}
    for action in site.actions:
        dues = action_dues(action, as_of, settings, stale_before)
        for contact in action.contacts:
            contacts[contact.id] = contact
            waiting[contact.id] += dues
    soon = as_of + datetime.timedelta(days=settings.due_within_days)
    for indicator in site.indicators:
        due = next_value(indicator, indicator.interval_months)
        if due is None or due > soon:
            continue
        for contact in indicator.contacts:
            contacts[contact.id] = contact
            waiting[contact.id].append(Due(INDICATOR_DUE, due, indicator=indicator))
    return [Reminder(contacts[identifier], tuple(sorted(dict.fromkeys(items), key=order)))
            for identifier, items in sorted(waiting.items()) if items]


def order(due: Due) -> tuple:
    """By kind, then the soonest date first, then the action's or indicator's identifier and the task's place."""
    subject = due.action.id if due.action is not None else due.indicator.id
    return (KINDS.index(due.kind), due.date or datetime.date.min, subject, due.task.position if due.task else -1)
