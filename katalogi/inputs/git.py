"""git, run the one way the build runs it (never asking, with a time limit), and its readers: where the project
sits in a repository, a commit by name, the files of a commit, the bytes of many objects at once."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..base import said
from ..base.paths import CONFIG_FILE, CONTENT_DIR
from ..content.files import SOURCE_SUFFIXES
from ..content.model import TYPES_BY_FOLDER

TIMEOUT = 120  # seconds; a local `git log` of 10,000 files takes well under one


@dataclass(frozen=True)
class Repository:
    """Where the project sits in git: its folder below the top level, the HEAD commit and a shallow clone's cut."""

    prefix: str
    head: str
    boundaries: frozenset[str]


def run_git(root: Path, *args: str) -> subprocess.CompletedProcess:
    """git in `root`, never asking for anything, with a time limit; raises OSError or TimeoutExpired."""
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0",
                   "LC_ALL": "C"}
    return subprocess.run(["git", "-C", str(root), "-c", "core.quotepath=off", *args], capture_output=True,
                          stdin=subprocess.DEVNULL, env=environment, timeout=TIMEOUT, check=False)


def locate(root: Path) -> tuple[Repository | None, str]:
    """The repository holding `root`, or None and the line that says why there is no history."""
    if shutil.which("git") is None:
        return None, said.HISTORY_NO_GIT()
    try:
        found = run_git(root, "rev-parse", "--show-prefix", "--is-shallow-repository", "--git-path", "shallow")
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, said.HISTORY_GIT_FAILED(detail=error)
    lines = found.stdout.decode("utf-8", "surrogateescape").split("\n")
    if found.returncode != 0 or len(lines) < 3:
        return None, said.HISTORY_NO_REPOSITORY()
    prefix, shallow, shallow_file = lines[:3]
    head = run_git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    if head.returncode != 0:
        return None, said.HISTORY_NO_COMMITS()
    boundaries: frozenset[str] = frozenset()
    if shallow == "true":
        try:
            boundaries = frozenset((root / shallow_file).read_text(encoding="ascii").split())
        except (OSError, UnicodeDecodeError):
            boundaries = frozenset({"unknown"})
    return Repository(prefix, head.stdout.decode("ascii", "replace").strip(), boundaries), ""


def find_commit(root: Path, name: str) -> str:
    """The full hash of the commit `name` (a hash, a tag, any revision git reads), or "" when git knows none."""
    try:
        found = run_git(root, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return found.stdout.decode("ascii", "replace").strip() if found.returncode == 0 else ""


def cat_objects(root: Path, names: list[str]) -> dict[str, bytes | None]:
    """The bytes of git objects (`commit:path` names or object ids), all with one `git cat-file --batch`; None for
    a name git has not, and nothing at all when git cannot be run."""
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input="".join(
            f"{name}\n" for name in names).encode("utf-8", "surrogateescape"), capture_output=True,
            env=environment, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    output, position, found = done.stdout, 0, {}
    for name in names:
        end = output.find(b"\n", position)
        if end < 0:
            break
        header = output[position:end].split()
        if len(header) != 3 or header[1] != b"blob":
            found[name], position = None, end + 1
            continue
        size = int(header[2])
        found[name] = output[end + 1:end + 1 + size]
        position = end + 1 + size + 1
    return found


def tree_files(root: Path, commit: str) -> dict[str, bytes] | None:
    """content/ and site_config.yaml at a commit, by path from the project (None when git lacks its objects)."""
    try:
        listed = run_git(root, "ls-tree", "-r", "-z", commit, "--", f"{CONTENT_DIR}/", CONFIG_FILE)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if listed.returncode != 0:
        return None
    objects = {}
    for entry in listed.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if "\t" not in entry:
            continue
        info, path = entry.split("\t", 1)
        mode, kind, object_id = info.split()
        if kind == "blob" and mode != "120000" and is_source(path):
            objects[path] = object_id
    blobs = cat_objects(root, sorted(set(objects.values())))
    if any(blobs.get(object_id) is None for object_id in objects.values()):
        return None
    return {path: blobs[object_id] for path, object_id in sorted(objects.items())}


def is_source(path: str) -> bool:
    """Whether the build reads this file: site_config.yaml, or a YAML file in a folder of content/."""
    if path == CONFIG_FILE:
        return True
    parts = path.split("/")
    return (len(parts) >= 3 and parts[0] == CONTENT_DIR and parts[1] in TYPES_BY_FOLDER
            and not any(part.startswith(".") for part in parts) and os.path.splitext(parts[-1])[1] in SOURCE_SUFFIXES)
