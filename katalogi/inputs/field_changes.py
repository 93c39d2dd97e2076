"""What each commit changed in an action, field by field: each version of the file read from git and checked,
and the changes between them as the action page's history lists them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.checker import Translated
from .git import cat_objects, run_git
from .history import History

LONG_FIELDS = frozenset({"description", "official_description", "links", "basis"})  # "edited", not old -> new
SHORT = 100  # characters: a longer value is shown as "edited"
TASK_FIELDS = ("state", "due", "completed")


@dataclass(frozen=True)
class FieldChange:
    """One field a commit changed in a file: `kind` is changed (before -> after), edited (a long text), added or
    removed (a task, by its name in `task`). Values are as written in the file, texts in the default language."""

    field: str
    kind: str
    before: str = ""
    after: str = ""
    task: str = ""


def shown_value(value, default: str) -> str:
    """A field's value as the change history shows it: as written, a translated text in the default language."""
    if value is None:
        return ""
    if isinstance(value, Translated):
        return str(dict(value.texts).get(default, next(iter(dict(value.texts).values()), "")))
    if isinstance(value, dict):
        return ", ".join(f"{key}: {shown_value(item, default)}" for key, item in value.items() if item is not None)
    if isinstance(value, list | tuple):
        return ", ".join(shown_value(item, default) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def task_changes(before: list[dict], after: list[dict], default: str) -> list[FieldChange]:
    """Tasks matched by name (the first of a name first): added, removed, and state and dates changed."""
    waiting: dict[str, list[dict]] = {}
    for task in before:
        waiting.setdefault(shown_value(task["name"], default), []).append(task)
    found = []
    for task in after:
        name = shown_value(task["name"], default)
        same = waiting.get(name)
        old = same.pop(0) if same else None
        if old is None:
            found.append(FieldChange("tasks", "added", task=name))
            continue
        for key in TASK_FIELDS:
            if old.get(key) != task.get(key):
                found.append(FieldChange(f"tasks.{key}", "changed", shown_value(old.get(key), default),
                                         shown_value(task.get(key), default), name))
        if old.get("comment") != task.get("comment"):
            found.append(FieldChange("tasks.comment", "edited", task=name))
    found += [FieldChange("tasks", "removed", task=name) for name, tasks in waiting.items() for _ in tasks]
    return found


def value_change(name: str, old, new, default: str) -> FieldChange:
    """old -> new, or "edited" for a long text (a description, or any value longer than SHORT)."""
    before, after = shown_value(old, default), shown_value(new, default)
    if name.split(".")[-1] in LONG_FIELDS or name in LONG_FIELDS or max(len(before), len(after)) > SHORT:
        return FieldChange(name, "edited")
    return FieldChange(name, "changed", before, after)


def field_changes(before: dict | None, after: dict | None, default: str) -> tuple[FieldChange, ...]:
    """What changed between two versions of an action's checked fields (None: the file did not exist)."""
    if before is None or after is None:
        return (FieldChange("file", "added" if before is None else "removed"),) if before is not after else ()
    found = []
    for name in after.keys() | before.keys():
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if name == "tasks":
            found += task_changes(old or [], new or [], default)
        elif isinstance(old, dict) and isinstance(new, dict) and name not in LONG_FIELDS:
            found += [value_change(f"{name}.{key}", old.get(key), new.get(key), default)
                      for key in new.keys() | old.keys() if old.get(key) != new.get(key)]
        else:
            found.append(value_change(name, old, new, default))
    order = {name: index for index, name in enumerate(after)}
    return tuple(sorted(found, key=lambda change: (order.get(change.field.split(".")[0], len(order)), change.field,
                                                   change.task)))


def field_history(root: Path, changes: History, fields_of, default: str) -> dict[tuple[str, str], tuple]:
    """(action file, commit) -> the FieldChanges of that commit, for every public commit of every action file.

    Each version is the file at the commit and at its first parent (`commit^`), read with one
    `git cat-file --batch`; `fields_of` checks them all at once: for each (path, bytes), content.checks.check_items's
    fields, or None when the file did not pass. A version that does not check shows no fields.
    """
    prefix = run_git(root, "rev-parse", "--show-prefix").stdout.decode("utf-8", "surrogateescape").strip()
    wanted = [(path, change.commit) for path, found in changes.changes.items()
              if path.startswith("content/actions/") for change in found]
    names = sorted({f"{commit}{suffix}:{prefix}{path}" for path, commit in wanted for suffix in ("", "^")})
    raw = cat_objects(root, names)
    read = [(name.split(":", 1)[1][len(prefix):], raw[name]) for name in names if raw.get(name) is not None]
    fields = {name_and_bytes: found for name_and_bytes, found in zip(read, fields_of(read), strict=True)}
    result = {}
    for path, commit in wanted:
        after, before = (raw.get(f"{commit}{suffix}:{prefix}{path}") for suffix in ("", "^"))
        new = fields[path, after] if after is not None else None
        old = fields[path, before] if before is not None else None
        if (after is not None and new is None) or (before is not None and old is None):
            continue  # a version that does not check: nothing to compare field by field
        result[path, commit] = field_changes(old, new, default)
    return result
