"""The content's history from git: which commits touched each file, read once per build.

One `git log` for the whole content/ folder (never one call per file), parsed by
`parse_log`, a pure function. Only commits count, never the working tree or the
clock, so the same commit always gives the same site. Without git, outside a
repository, or in a shallow clone the build goes on and says what is missing.
Only a commit's date and subject line are kept: never an author's name or e-mail.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

COMPLETE, SHALLOW, UNAVAILABLE, OFF = "complete", "shallow", "unavailable", "off"
TIMEOUT = 120  # seconds; a local `git log` of 10,000 files takes well under one
HEADER = "\x1e"  # starts each commit's record; paths never start with it (they start with content's folder)
FIELD = "\x1f"
LOG_FORMAT = "%x1e%H%x1f%P%x1f%cI%x1f%s"
FROM_FILES = "updated dates come only from the files"


@dataclass(frozen=True)
class Change:
    """One commit that touched a file: when it was committed and its subject line."""

    commit: str
    when: datetime.datetime  # the committer date, in the committer's own offset
    message: str

    @property
    def date(self) -> datetime.date:
        """The day as the committer saw it, like a date written in content."""
        return self.when.date()


@dataclass(frozen=True)
class History:
    """The commits of every content file by path (as item.path), newest first, and how complete they are."""

    state: str = OFF  # COMPLETE, SHALLOW (changes up to `missing_until` are missing), UNAVAILABLE or OFF
    reason: str = ""  # the one line `build` and `check` print, empty when there is nothing to say
    missing_until: datetime.date | None = None
    changes: dict[str, list[Change]] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return self.state in (COMPLETE, SHALLOW)

    def of(self, path: str) -> list[Change]:
        return self.changes.get(path, [])


def clean_message(text: str) -> str:
    """A subject line safe for HTML and XML: no control characters, no lone surrogates, single spaces."""
    kept = "".join(" " if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") else char for char in text)
    return " ".join(kept.split())


def parse_log(output: str, prefix: str = "", boundaries: frozenset[str] = frozenset()) -> dict[str, list[Change]]:
    """Parse `git log -z --name-only --format=LOG_FORMAT` into {path below the project: commits, newest first}.

    `prefix` is the project's folder below the repository's top level (`git rev-parse
    --show-prefix`), removed from paths. Commits in `boundaries` are a shallow clone's
    cut: git lists every file as added there, which says nothing, so they are left out.
    A record that does not parse is skipped: the text is git's, but messages are anyone's.
    """
    changes: dict[str, list[Change]] = {}
    current: Change | None = None
    for token in output.split("\0"):
        if token.startswith(HEADER):
            current = parse_header(token[len(HEADER):])
            if current is not None and current.commit in boundaries:
                current = None
            continue
        path = token.lstrip("\n")
        if current is None or not path.startswith(prefix) or len(path) == len(prefix):
            continue
        found = changes.setdefault(path[len(prefix):], [])
        if not found or found[-1] is not current:
            found.append(current)
    for found in changes.values():
        found.sort(key=lambda change: change.when, reverse=True)  # stable: git's order between equal times
    return changes


def headers(output: str) -> list[Change]:
    """Every commit of a log, without its files."""
    return [change for token in output.split("\0") if token.startswith(HEADER)
            if (change := parse_header(token[len(HEADER):])) is not None]


def parse_header(text: str) -> Change | None:
    parts = text.split(FIELD, 3)
    if len(parts) != 4 or not parts[0].isalnum():
        return None
    commit, _, committed, subject = parts
    try:
        when = datetime.datetime.fromisoformat(committed)
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return Change(commit, when, clean_message(subject))


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
        return None, f"history: git is not installed; {FROM_FILES}"
    try:
        found = run_git(root, "rev-parse", "--show-prefix", "--is-shallow-repository", "--git-path", "shallow")
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"history: could not run git ({error}); {FROM_FILES}"
    lines = found.stdout.decode("utf-8", "surrogateescape").split("\n")
    if found.returncode != 0 or len(lines) < 3:
        return None, f"history: content/ is not in a git repository; {FROM_FILES}"
    prefix, shallow, shallow_file = lines[:3]
    head = run_git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    if head.returncode != 0:
        return None, f"history: the git repository has no commits yet; {FROM_FILES}"
    boundaries: frozenset[str] = frozenset()
    if shallow == "true":
        try:
            boundaries = frozenset((root / shallow_file).read_text(encoding="ascii").split())
        except (OSError, UnicodeDecodeError):
            boundaries = frozenset({"unknown"})
    return Repository(prefix, head.stdout.decode("ascii", "replace").strip(), boundaries), ""


def revision(root: Path) -> str:
    """What the history depends on, for the build's fingerprint: HEAD and the shallow cut, or why there is none."""
    repository, reason = locate(root)
    if repository is None:
        return reason
    return f"{repository.head}\0{' '.join(sorted(repository.boundaries))}"


def read_history(root: Path, content_dir: str = "content") -> History:
    """Every commit that touched a file under `root`/content/, with one `git log`; the reason when there are none."""
    repository, reason = locate(root)
    if repository is None:
        return History(UNAVAILABLE, reason)
    try:
        log = run_git(root, "-c", "log.showRoot=true", "-c", "diff.relative=false", "log", "-z", "--no-merges",
                      "--no-renames", "--name-only", f"--format={LOG_FORMAT}", "--", f"{content_dir}/")
    except (OSError, subprocess.TimeoutExpired) as error:
        return History(UNAVAILABLE, f"history: git log failed ({error}); {FROM_FILES}")
    if log.returncode != 0:
        first = (log.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[0]
        return History(UNAVAILABLE, f"history: git log failed ({first}); {FROM_FILES}")
    text = log.stdout.decode("utf-8", "surrogateescape")
    changes = parse_log(text, repository.prefix, repository.boundaries)
    cut = max((change.date for change in headers(text) if change.commit in repository.boundaries), default=None)
    if cut is not None:  # a boundary that touched content/: what came before it is missing
        return History(SHALLOW, f"history: shallow clone, changes up to {cut.isoformat()} are missing; fetch the "
                       "full history (git fetch --unshallow, or fetch-depth: 0 in GitHub Actions) to show them",
                       cut, changes)
    if not changes:
        return History(UNAVAILABLE, f"history: {content_dir}/ has no commits in git yet; {FROM_FILES}")
    return History(COMPLETE, "", None, changes)
