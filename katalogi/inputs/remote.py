"""Git repositories a catalogue reads besides its own: shared definitions and the members of a comparison site.

A repository is named by its address (https://, ssh://, git@host:path, file://) or by its folder on this
machine. One at an address is cloned once with `git clone --mirror` into the build cache
(.katalogi-cache/repositories/) and fetched there by the command that builds, never while a page is
viewed: again only when the version asked for is not in the mirror yet, or, for a branch (a member
followed at its branch), once per run, since a branch moves. A folder is read where it is, and never
fetched. Nothing is checked out: the files of a commit come from `git ls-tree` and one `git cat-file
--batch` (git.tree_files).
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..base import network_problems
from ..base.messages import Message
from .git import find_commit, run_git

ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|[\w.-]+@[\w.-]+:)", re.IGNORECASE)
HEX = re.compile(r"[0-9a-f]{7,64}")
FETCH_TIMEOUT = 600  # seconds: a first clone of a large repository over a slow line


def is_address(repository: str) -> bool:
    """Whether a repository is named by an address to fetch from (not a folder on this machine)."""
    return bool(ADDRESS.match(repository))


@dataclass
class Repositories:
    """The repositories of one run (a build, or the dev server's life): where each is, and which were fetched."""

    cache_folder: Path | None = None
    fetched: set[str] = field(default_factory=set)  # addresses fetched in this run
    temporary: Path | None = None  # the mirrors' folder when there is no build cache (build --no-cache)

    def mirrors(self) -> Path:
        if self.cache_folder is not None:
            return self.cache_folder / "repositories"
        if self.temporary is None:
            self.temporary = Path(tempfile.mkdtemp(prefix="katalogi-repositories-"))
            atexit.register(shutil.rmtree, self.temporary, True)
        return self.temporary

    def open(self, repository: str, base: Path, version: str, follow: bool = False
             ) -> tuple[Path | None, str, Message | None]:
        """The git folder to read `repository` from and the commit `version` names there, or a problem.

        `base` is the folder a repository named by its folder is relative to; `follow`: the version may be a
        branch, fetched again once per run."""
        if shutil.which("git") is None:
            return None, "", network_problems.SOURCE_NO_GIT(repository=repository)
        if not is_address(repository):
            folder = (base / repository).resolve()
            if not folder.is_dir():
                return None, "", network_problems.SOURCE_FOLDER_MISSING(folder=repository)
            known = run_git(folder, "rev-parse", "--git-dir")
            if known.returncode != 0:
                return None, "", network_problems.SOURCE_UNREACHABLE(repository=repository,
                                                                    detail=last_line(known.stderr))
            return folder, find_commit(folder, version), None
        mirror = self.mirrors() / f"{hashlib.sha256(repository.encode()).hexdigest()[:20]}.git"
        if not mirror.is_dir():
            problem = self.clone(repository, mirror)
            if problem is not None:
                return None, "", problem
        commit = find_commit(mirror, version)
        if (not commit or (follow and not HEX.fullmatch(version))) and repository not in self.fetched:
            problem = self.fetch(repository, mirror)
            if problem is not None:
                return None, "", problem
            commit = find_commit(mirror, version)
        return mirror, commit, None

    def clone(self, repository: str, mirror: Path) -> Message | None:
        mirror.parent.mkdir(parents=True, exist_ok=True)
        partial = mirror.with_name(mirror.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        done = fetching(mirror.parent, "clone", "--mirror", "--quiet", "--", repository, str(partial))
        if isinstance(done, str):
            return network_problems.SOURCE_UNREACHABLE(repository=repository, detail=done)
        if done.returncode != 0:
            shutil.rmtree(partial, ignore_errors=True)
            return network_problems.SOURCE_UNREACHABLE(repository=repository, detail=last_line(done.stderr))
        partial.rename(mirror)
        self.fetched.add(repository)
        return None

    def fetch(self, repository: str, mirror: Path) -> Message | None:
        done = fetching(mirror, "fetch", "--quiet", "--prune", "origin")
        self.fetched.add(repository)
        if isinstance(done, str):
            return network_problems.SOURCE_UNREACHABLE(repository=repository, detail=done)
        if done.returncode != 0:
            return network_problems.SOURCE_UNREACHABLE(repository=repository, detail=last_line(done.stderr))
        return None


def fetching(folder: Path, *args: str) -> subprocess.CompletedProcess | str:
    """git clone or fetch, never asking for a password; the reason as text when git could not be run."""
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, stdin=subprocess.DEVNULL,
                              env={**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true"},
                              timeout=FETCH_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)


def last_line(stderr: bytes) -> str:
    """What git said went wrong: its first fatal or error line (the lines after it are advice), else its last."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return fatal[0] if fatal else lines[-1] if lines else "git failed"


def is_branch(folder: Path, version: str) -> bool:
    """Whether `version` names a branch of the repository (and not also a tag or a commit)."""
    if HEX.fullmatch(version) or run_git(folder, "show-ref", "--verify", "--quiet", f"refs/tags/{version}"
                                         ).returncode == 0:
        return False
    return run_git(folder, "show-ref", "--verify", "--quiet", f"refs/heads/{version}").returncode == 0
