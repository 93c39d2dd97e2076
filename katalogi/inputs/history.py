"""The content's history from git: which commits touched each file, read once per build.

One `git log` for the whole content/ folder (never one call per file), parsed by
`parse_log`, a pure function. Only commits count, never the working tree or the
clock, so the same commit always gives the same site. Without git, outside a
repository, or in a shallow clone the build goes on and says what is missing.
Only a commit's date and subject line are kept: never an author's name or e-mail.

site_config.yaml's `history` chooses which commits are public history: those after
a date or a commit (`since`), and with `commits: content_only` only those that
changed nothing outside content/. The log lists every file of each commit
(`--full-diff`), so that choice is made here too, without asking git again per commit.
"""

from __future__ import annotations

import datetime
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..base import problems, said
from ..base.errors import BuildFailed, ContentError
from ..base.paths import CONFIG_FILE
from ..content.checker import quoted
from ..content.config import HistorySettings
from .git import Repository, find_commit, locate, run_git

COMPLETE, SHALLOW, UNAVAILABLE, OFF = "complete", "shallow", "unavailable", "off"
HEADER = "\x1e"  # starts each commit's record; no file name in a repository starts with it
FIELD = "\x1f"
LOG_FORMAT = "%x1e%H%x1f%P%x1f%cI%x1f%s"
EVERY_COMMIT = HistorySettings()


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
    reason: object = ""  # the one line `build` and `check` print (a Message), empty when there is nothing to say
    missing_until: datetime.date | None = None
    changes: dict[str, list[Change]] = field(default_factory=dict)
    fields: dict[tuple[str, str], tuple] = field(default_factory=dict)  # (file, commit) -> its FieldChanges

    @property
    def available(self) -> bool:
        return self.state in (COMPLETE, SHALLOW)

    def of(self, path: str) -> list[Change]:
        return self.changes.get(path, [])

    def fields_of(self, path: str, commit: str) -> tuple:
        """What a commit changed in a file, field by field (FieldChanges); empty when not known."""
        return self.fields.get((path, commit), ())


def clean_message(text: str) -> str:
    """A subject line safe for HTML and XML: no control characters, no lone surrogates, single spaces."""
    kept = "".join(" " if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") else char for char in text)
    return " ".join(kept.split())


def parse_log(output: str, prefix: str = "", boundaries: frozenset[str] = frozenset(),
              settings: HistorySettings = EVERY_COMMIT, content_dir: str = "content") -> dict[str, list[Change]]:
    """Parse `git log -z --name-only --format=LOG_FORMAT` into {path below the project: commits, newest first}.

    `prefix` is the project's folder below the repository's top level (`git rev-parse
    --show-prefix`), removed from paths; only paths in its `content_dir` are kept. Commits
    in `boundaries` are a shallow clone's cut: git lists every file as added there, which
    says nothing, so they are left out, and so is every commit `settings` does not make
    public. A record that does not parse is skipped: the text is git's, but messages are anyone's.
    """
    return by_path(read_commits(output), prefix, boundaries, settings, content_dir)


def by_path(commits: list[tuple[Change, tuple[str, ...]]], prefix: str, boundaries: frozenset[str],
            settings: HistorySettings, content_dir: str) -> dict[str, list[Change]]:
    """The public commits of each file in the catalogue's content folder (see parse_log)."""
    folder = f"{prefix}{content_dir}/"
    changes: dict[str, list[Change]] = {}
    for change, paths in commits:
        if change.commit in boundaries or not is_public(change, paths, folder, settings):
            continue
        for path in paths:
            if not path.startswith(folder) or len(path) == len(folder):
                continue
            found = changes.setdefault(path[len(prefix):], [])
            if not found or found[-1] is not change:
                found.append(change)
    for found in changes.values():
        found.sort(key=lambda change: change.when, reverse=True)  # stable: git's order between equal times
    return changes


def read_commits(output: str) -> list[tuple[Change, tuple[str, ...]]]:
    """Every commit of a log with the paths it changed (from the repository's top level), in git's order."""
    commits: list[tuple[Change, tuple[str, ...]]] = []
    current: Change | None = None
    paths: list[str] = []
    for token in output.split("\0"):
        if token.startswith(HEADER):
            if current is not None:
                commits.append((current, tuple(paths)))
            current, paths = parse_header(token[len(HEADER):]), []
        elif current is not None and (path := token.lstrip("\n")):
            paths.append(path)
    if current is not None:
        commits.append((current, tuple(paths)))
    return commits


def is_public(change: Change, paths: tuple[str, ...], folder: str, settings: HistorySettings) -> bool:
    """Whether site_config.yaml's `history` makes a commit public history.

    A `since` date counts the commits of that day by the committer's calendar, as
    updated dates do; a `since` commit is left out of the log by git itself (`since..HEAD`).
    With content_only, one file changed outside the catalogue's content/ `folder`
    (code, templates, documents) makes it a development commit.
    """
    if settings.since_date is not None and change.date < settings.since_date:
        return False
    return not settings.content_only or all(path.startswith(folder) for path in paths)


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


def since_commit(root: Path, repository: Repository, settings: HistorySettings) -> tuple[str, str]:
    """The commit `history.since` names and the line that says why there is no history ("" each when none).

    A commit git cannot find, or one that is not an ancestor of HEAD (where "after it"
    means nothing), is a mistake in site_config.yaml, unless the clone is shallow: its
    history may simply not reach that far, and a pull request's check must not fail for it.
    Then no history is shown rather than commits that may come before it.
    """
    if not settings.since_commit:
        return "", ""
    commit = find_commit(root, settings.since_commit)
    if commit:
        try:
            ancestor = run_git(root, "merge-base", "--is-ancestor", commit, "HEAD").returncode == 0
        except (OSError, subprocess.TimeoutExpired) as error:
            return "", said.HISTORY_GIT_FAILED(detail=error)
        if ancestor:
            return commit, ""
    if repository.boundaries:
        return "", said.HISTORY_SHALLOW_SINCE(since=settings.since_commit)
    unknown = problems.SINCE_NOT_ANCESTOR if commit else problems.SINCE_UNKNOWN
    raise BuildFailed([ContentError(CONFIG_FILE, settings.line, "history.since",
                                    unknown(value=quoted(settings.since_commit)))])


def revision(root: Path, settings: HistorySettings = EVERY_COMMIT) -> str:
    """What the history depends on, for the build's fingerprint, or why there is none.

    HEAD, the shallow cut, and the commit `since` names: a tag moved to another commit changes the history too.
    """
    if not settings.enabled:
        return "off"
    repository, reason = locate(root)
    if repository is None:
        return str(reason)
    since = find_commit(root, settings.since_commit) if settings.since_commit else ""
    return f"{repository.head}\0{' '.join(sorted(repository.boundaries))}\0{since}"


def read_history(root: Path, content_dir: str = "content", settings: HistorySettings = EVERY_COMMIT) -> History:
    """The public history of every file under `root`/content/, with one `git log`; the reason when there is none.

    Raises BuildFailed when `settings.since` names a commit git cannot find (see since_commit).
    """
    if not settings.enabled:
        return History()
    repository, reason = locate(root)
    if repository is None:
        return History(UNAVAILABLE, reason)
    since, reason = since_commit(root, repository, settings)
    if reason:
        return History(UNAVAILABLE, reason)
    try:
        log = run_git(root, "-c", "log.showRoot=true", "-c", "diff.relative=false", "log", "-z", "--no-merges",
                      "--no-renames", "--full-diff", "--name-only", f"--format={LOG_FORMAT}",
                      f"{since}..HEAD" if since else "HEAD", "--", f"{content_dir}/")
    except (OSError, subprocess.TimeoutExpired) as error:
        return History(UNAVAILABLE, said.HISTORY_LOG_FAILED(detail=error))
    if log.returncode != 0:
        first = (log.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[0]
        return History(UNAVAILABLE, said.HISTORY_LOG_FAILED(detail=first))
    return select_history(log.stdout.decode("utf-8", "surrogateescape"), repository, settings, content_dir)


def select_history(log: str, repository: Repository, settings: HistorySettings, content_dir: str) -> History:
    """The History a log gives: the public commits by file, and how complete they are.

    A shallow clone's boundary that touched content/ (on or after a `since` date) means
    that what came before it is missing. "No commits yet" is said only when no commit
    touched content/ at all and no `since` was asked for; otherwise the history is
    complete, even when it chose no commit (the pages then say that none is recorded).
    """
    folder, commits = f"{repository.prefix}{content_dir}/", read_commits(log)
    touching = [change for change, paths in commits if any(path.startswith(folder) for path in paths)]
    changes = by_path(commits, repository.prefix, repository.boundaries, settings, content_dir)
    cut = max((change.date for change in touching if change.commit in repository.boundaries
               and (settings.since_date is None or change.date >= settings.since_date)), default=None)
    if cut is not None:
        return History(SHALLOW, said.HISTORY_SHALLOW(date=cut.isoformat()), cut, changes)
    if not touching and not settings.since:
        return History(UNAVAILABLE, said.HISTORY_UNCOMMITTED(folder=content_dir))
    return History(COMPLETE, "", None, changes)


# --- field by field: what each commit changed in an action's file ---


