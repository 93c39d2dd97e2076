"""What changed in the shared definitions when a catalogue moved its pin: the pins of site_config.yaml through the
catalogue's git history, and the items added, removed and changed between each pinned version and the next.

The pins come from the history of site_config.yaml itself (one `git log`, one `git cat-file --batch` of its
versions), so a move is dated by the commit that made it, and a pin moved in the working tree but not
committed yet is shown too. Each version of the source is read from its repository at that version and
checked like the catalogue's files; the items are compared field by field (field_changes.field_changes, as
an action's change history is). A source kept in a folder has no versions: only a repository's pins move.
"""

from __future__ import annotations

import datetime
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..base.paths import CONFIG_FILE
from ..content.load import parse_document
from ..content.network import SharedSource
from ..content.shared import shareable, shared_path
from .field_changes import FieldChange, field_changes
from .git import cat_objects, run_git, tree_files
from .remote import Repositories

MOVES_SHOWN = 10  # the newest moves of each source a page shows; older ones are in git


@dataclass(frozen=True)
class ItemChange:
    """One shared item between two versions: added, removed or changed (with its fields' changes)."""

    kind: str
    id: str
    name: object  # as written in the newer version (a text, or Translated)
    change: str  # added, removed or changed
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class Move:
    """The catalogue moved a source's pin from one version to another."""

    source: str
    before: str
    after: str
    date: datetime.date | None  # of the catalogue's commit that moved it; None: not committed yet
    commit: str  # that commit, "" when not committed yet
    changes: tuple[ItemChange, ...] = ()
    readable: bool = True  # both versions could be read from the repository


def pins_of(raw: bytes) -> dict[str, str]:
    """Each repository source's version in a site_config.yaml, read leniently (an old file may not check)."""
    document, _ = parse_document(raw, CONFIG_FILE)
    written = document.data.get("shared") if document is not None and hasattr(document.data, "get") else None
    found = {}
    for entry in written if isinstance(written, list) else ():
        if hasattr(entry, "get") and isinstance(entry.get("id"), str) and isinstance(entry.get("version"), str) \
                and entry.get("repository"):
            found[entry["id"]] = entry["version"]
    return found


def pin_history(root: Path) -> list[tuple[datetime.date, str, dict[str, str]]]:
    """(day, commit, pins) of every commit that changed site_config.yaml, oldest first; none without git."""
    try:
        log = run_git(root, "log", "--format=%H%x00%cI", "--", CONFIG_FILE)
    except (OSError, subprocess.TimeoutExpired):
        return []
    if log.returncode != 0:
        return []
    commits = [line.split("\0") for line in log.stdout.decode("utf-8", "replace").splitlines() if "\0" in line]
    raws = cat_objects(root, [f"{commit}:./{CONFIG_FILE}" for commit, _ in commits])
    found = []
    for commit, when in reversed(commits):
        raw = raws.get(f"{commit}:./{CONFIG_FILE}")
        if raw is not None:
            found.append((datetime.datetime.fromisoformat(when).date(), commit, pins_of(raw)))
    return found


def moves_of(source: SharedSource, history: list[tuple[datetime.date, str, dict[str, str]]]) -> list[Move]:
    """The source's pin moves, newest first: in the history, then in the working tree's site_config.yaml."""
    found, current = [], None
    for day, commit, pins in history:
        version = pins.get(source.id)
        if version is not None and current is not None and version != current:
            found.append(Move(source.id, current, version, day, commit))
        current = version if version is not None else current
    if current is not None and current != source.location.version:
        found.append(Move(source.id, current, source.location.version, None, ""))
    return list(reversed(found))


def changes_between(before: dict[str, tuple], after: dict[str, tuple], default: str) -> tuple[ItemChange, ...]:
    """The items of two versions by (kind, id) -> (name, fields), compared."""
    found = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is None or new is None:
            found.append(ItemChange(*key, (new or old)[0], "added" if old is None else "removed"))
        elif old[1] != new[1]:
            found.append(ItemChange(*key, new[0], "changed", field_changes(old[1], new[1], default)))
    return tuple(found)


def shared_moves(root: Path, sources: tuple[SharedSource, ...], base: Path, repositories: Repositories,
                 check: Callable[[list[tuple[str, bytes, str]]], list], default: str) -> dict[str, tuple[Move, ...]]:
    """Each repository source's newest pin moves (at most MOVES_SHOWN) with what changed between the versions.

    `check(files)` checks (folder, bytes, path) files as the catalogue's are checked (the engine's, kept by
    their bytes)."""
    pinned = [source for source in sources if source.location.repository]
    if not pinned:
        return {}
    history = pin_history(root)
    found = {}
    for source in pinned:
        moves = moves_of(source, history)[:MOVES_SHOWN]
        found[source.id] = tuple(with_changes(move, source, base, repositories, check, default) for move in moves)
    return found


def with_changes(move: Move, source: SharedSource, base: Path, repositories: Repositories, check,
                 default: str) -> Move:
    versions = [items_at(source, version, base, repositories, check) for version in (move.before, move.after)]
    if None in versions:
        return Move(move.source, move.before, move.after, move.date, move.commit, readable=False)
    return Move(move.source, move.before, move.after, move.date, move.commit,
                changes_between(versions[0], versions[1], default))


def items_at(source: SharedSource, version: str, base: Path, repositories: Repositories, check
             ) -> dict[tuple[str, str], tuple] | None:
    """The source's items at a version: (kind, id) -> (name, fields); None when that version cannot be read."""
    git_dir, commit, problem = repositories.open(source.location.repository, base, version)
    files = tree_files(git_dir, commit) if problem is None and commit else None
    if files is None:
        return None
    content = [(path.split("/")[1], raw, shared_path(f"{source.id}@{version}", path))
               for path, raw in files.items() if shareable(path)]
    found = {}
    for items, _ in check(content):
        for item in items:
            found.setdefault((item.kind, item.id), (item.fields.get("name"), item.fields))
    return found
