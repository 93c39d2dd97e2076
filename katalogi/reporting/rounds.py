"""Reporting rounds: git tags of the content repository, each the programme as it was reported to the council.

A round is a tag matching site_config.yaml's `reports.tags` (`raportti/*`). Its content
is read from git at the tag, without a checkout and without writing anything:
`git ls-tree` lists the files of content/ and site_config.yaml at the tagged commit and
one `git cat-file --batch` gives their bytes. They are checked and linked by the same
functions as the working tree's (content.checks and site.link.link_editions),
against the rules of the round's own site_config.yaml, so a round is reproduced exactly
as it was. Files whose bytes are the same in several rounds are checked once (`Checked`).

A round that does not pass its check stops the build with every problem, each named by
the tag; `--skip-broken-rounds` leaves it out and says so. Without git, or in a shallow
clone that has not fetched the tags, the site has no rounds and the build says why in
one line, as it does for the history.
"""

from __future__ import annotations

import dataclasses
import datetime
import fnmatch
import hashlib
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..base import said
from ..base.errors import BuildFailed, ContentError, split
from ..base.parallel import parallel_map
from ..base.paths import CONFIG_FILE
from ..content.checks import check_catalogue, check_items
from ..content.config import Config, config_from_bytes
from ..content.i18n import resolve
from ..content.model import TYPES_BY_FOLDER
from ..content.shared import shared_languages
from ..inputs.git import locate, run_git, tree_files
from ..site.link import link_editions
from ..site.views import Editions

ROUNDS_EXIST = ("round list", "any")  # an input of the pages that link to /raportit/ when it exists
GLOB = re.compile(r"[*?\[]")
UNSAFE = re.compile(r"[^a-z0-9_-]+")
DATE_LINE = re.compile(r"^(?:date|päivä|datum|päivämäärä):\s*(\d{4}-\d{2}-\d{2})\s*$", re.IGNORECASE | re.MULTILINE)
REF_FORMAT = "%(refname:strip=2)%00%(objecttype)%00%(*objectname)%00%(objectname)%00%(creatordate:iso-strict)%00" \
             "%(contents)%00%(taggerdate:iso-strict)%1e"


@dataclass(frozen=True)
class Tag:
    """One tag that names a reporting round: where it points and what its message says."""

    name: str  # raportti/2019-h2
    slug: str  # 2019-h2: the round's address below /raportit/
    commit: str
    date: datetime.date
    label: object  # a text, or Translated (from site_config.yaml's reports.rounds)


@dataclass(frozen=True, eq=False)
class Round:
    """A reporting round: its tag, and the programme as it stood then, in every language of the site."""

    tag: Tag
    editions: Editions
    previous: Round | None = None

    @property
    def slug(self) -> str:
        return self.tag.slug

    @property
    def date(self) -> datetime.date:
        return self.tag.date

    def label(self, language: str) -> str:
        """The round's name in a language: as site_config.yaml or the tag's message gives it."""
        return resolve(self.tag.label, language, self.editions.default.config.languages[0])


@dataclass(frozen=True)
class Rounds:
    """Every round, oldest first, and the lines the build prints about them (a round skipped, tags missing)."""

    rounds: tuple[Round, ...] = ()
    notes: tuple = ()
    by_commit: dict[str, Round] = field(default_factory=dict)  # every commit a round includes -> the first such

    def of_commit(self, commit: str) -> Round | None:
        """The round a commit was first reported in; None when no round includes it yet."""
        return self.by_commit.get(commit)

    @property
    def newest_first(self) -> tuple[Round, ...]:
        return tuple(reversed(self.rounds))


@dataclass
class Checked:
    """Checked content files by their bytes and the languages they were checked for, kept between rounds and
    between the dev server's updates: most files are the same in every round, and in the working tree
    (the engine adds the working tree's files as it checks them)."""

    results: dict[tuple[str, str, tuple[str, ...]], tuple] = field(default_factory=dict)
    jobs: int | None = None  # processes to check with

    def check(self, folder: str, raw: bytes, path: str, languages: tuple[str, ...]):
        """The file's items (one, or each record of a file of many procurements) and its problems."""
        return self.check_all([(folder, raw, path)], languages)[0]

    def check_all(self, files: list[tuple[str, bytes, str]], languages: tuple[str, ...]) -> list[tuple]:
        """`check` of each (folder, bytes, path), those not seen before checked on every core."""
        keys = [(hashlib.sha256(raw).hexdigest(), path, languages) for _, raw, path in files]
        missing = {key: file for key, file in zip(keys, files, strict=True) if key not in self.results}

        def check_one(file: tuple[str, bytes, str]):
            folder, raw, path = file
            return check_items(TYPES_BY_FOLDER[folder], raw, path, languages)

        self.results.update(zip(missing, parallel_map(check_one, list(missing.values()), self.jobs), strict=True))
        return [self.results[key] for key in keys]


def fixed_prefix(pattern: str) -> str:
    """The part of a tag pattern before its first wild card, up to a slash: raportti/* -> raportti/."""
    match = GLOB.search(pattern)
    head = pattern[:match.start()] if match else pattern
    return head[:head.rfind("/") + 1]


def slug_of(name: str, pattern: str) -> str:
    """A tag's address below /raportit/: its name after the pattern's fixed part, lower case, safe in a path."""
    return UNSAFE.sub("-", name[len(fixed_prefix(pattern)):].lower()).strip("-") or "round"


def git_date(text: str) -> datetime.date | None:
    """The day of git's ISO date as the committer or tagger saw it, or None when there is none."""
    try:
        return datetime.datetime.fromisoformat(text.strip()).date()
    except ValueError:
        return None


def parse_refs(output: str, config: Config) -> list[Tag]:
    """The tags of `git for-each-ref --format=REF_FORMAT` that match the pattern, with labels and dates.

    A label and a date written in site_config.yaml win; then the tag's message (its first
    line, and a line `date: YYYY-MM-DD`); then the tag's name and the day the tag was made
    (a lightweight tag's: its commit's day).
    """
    pattern, found = config.reports.tags, []
    for record in output.removeprefix("tags\n").split("\x1e"):
        parts = record.lstrip("\n").split("\0")
        if len(parts) != 7 or not fnmatch.fnmatchcase(parts[0], pattern):
            continue
        name, kind, peeled, target, created, message, _ = parts
        if kind == "tag" and not peeled:
            continue
        commit = peeled if kind == "tag" else target
        written = config.reports.written(name)
        message = message if kind == "tag" else ""
        subject = next((line.strip() for line in message.splitlines() if line.strip()), "")
        date_line = DATE_LINE.search(message)
        day = written.date or (git_date(date_line.group(1)) if date_line else None) or git_date(created)
        if day is None:
            continue
        found.append(Tag(name, slug_of(name, pattern), commit, day, written.label or subject or name))
    return sorted(found, key=lambda tag: (tag.date, tag.name))


def revision(root: Path, config: Config) -> str:
    """What the rounds depend on: every matching tag with where it points and its message (cheap: one git call)."""
    try:
        found = run_git(root, "for-each-ref", f"--format={REF_FORMAT}", f"refs/tags/{config.reports.tags}")
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return "tags\n" + found.stdout.decode("utf-8", "replace") if found.returncode == 0 else ""


def tagged(error: ContentError, tag: str) -> ContentError:
    """A problem of a round's content, its path prefixed by the tag: raportti/2019-h2:content/actions/111.yaml."""
    return ContentError(f"{tag}:{error.path}", error.line, error.field, error.message)


def round_editions(files: dict[str, bytes], tag: Tag, site_config: Config, checked: Checked, shared=None
                   ) -> tuple[Editions | None, list[ContentError]]:
    """The round's content checked by its own rules and linked, or the errors that stop it.

    The round keeps the site's languages and addresses and how its report is laid out
    (`reports`), and is dated by its tag: its tasks are overdue as on the round's date. What
    it counted by (statuses, the green share's definition, the shared definitions it pinned) is its own:
    `shared(config)` reads the shared sources a configuration names (inputs.shared.read_shared).
    """
    raw_config = files.get(CONFIG_FILE)
    if raw_config is None:
        return None, [ContentError(CONFIG_FILE, 1, "file", said.ROUND_NO_CONFIG())]
    own, errors = config_from_bytes(raw_config)
    if own is None:
        return None, errors
    items, found, shared_files = [], [], []
    content = [(path.split("/")[1], raw, path) for path, raw in files.items() if path != CONFIG_FILE]
    if own.shared and shared is not None:
        pinned = shared(own)
        own, found = pinned.resolved(own), pinned.problems
        shared_files = [(path.split(":", 1)[1].split("/")[1], raw, path) for path, raw in pinned.files.items()]
    for file_items, item_problems in [*checked.check_all(content, own.languages),
                                      *checked.check_all(shared_files, shared_languages(own.languages))]:
        found += item_problems
        items += file_items
    found += check_catalogue(items, own)
    errors = split(found)[0]
    if errors:
        return None, errors
    config = dataclasses.replace(own, languages=site_config.languages, language=site_config.language,
                                 base_path=site_config.base_path, site_url=site_config.site_url,
                                 title=site_config.title, notice=site_config.notice, as_of=tag.date,
                                 reports=site_config.reports, missing_translations=())
    return link_editions(items, config), []


def read_rounds(root: Path, config: Config, refs: str, skip_broken: bool, checked: Checked, shared=None) -> Rounds:
    """Every round of the tags `refs` lists (see `revision`); raise BuildFailed for a round that does not pass.
    `shared(config)` reads the shared definitions a round's configuration pins (see round_editions)."""
    tags = parse_refs(refs, config)
    repository, _ = locate(root)
    if repository is None:
        return Rounds()
    if not tags:
        note = said.ROUNDS_SHALLOW(pattern=config.reports.tags) if repository.boundaries else ""
        return Rounds((), (note,) if note else ())
    rounds, notes, failed, slugs = [], [], [], set()
    for tag in tags:
        if tag.slug in slugs:
            continue
        slugs.add(tag.slug)
        files = tree_files(root, tag.commit)
        if files is None:
            notes.append(said.ROUND_MISSING(tag=tag.name))
            continue
        editions, errors = round_editions(files, tag, config, checked, shared)
        if editions is None:
            if not skip_broken:
                failed += [ContentError(tag.name, 1, "tag", said.ROUND_BROKEN(tag=tag.name, count=len(errors))),
                           *(tagged(error, tag.name) for error in errors)]
            else:
                notes.append(said.ROUND_SKIPPED(tag=tag.name, count=len(errors)))
            continue
        rounds.append(Round(tag, editions, rounds[-1] if rounds else None))
    if failed:
        raise BuildFailed(failed)
    return Rounds(tuple(rounds), tuple(notes), commits_by_round(root, rounds))


def commits_by_round(root: Path, found: list[Round]) -> dict[str, Round]:
    """Each commit with the first round that includes it: `git rev-list` of each round's commit, less the
    commits of the rounds before (one call per round)."""
    by_commit: dict[str, Round] = {}
    for index, entry in enumerate(found):
        before = [f"^{earlier.tag.commit}" for earlier in found[:index]]
        try:
            listed = run_git(root, "rev-list", entry.tag.commit, *before, "--")
        except (OSError, subprocess.TimeoutExpired):
            return {}
        for commit in listed.stdout.decode("ascii", "replace").split():
            by_commit.setdefault(commit, entry)
    return by_commit


def round_digests(rounds: Rounds) -> dict[tuple, bytes]:
    """("round", slug) -> a digest of what the round's pages are made from: its commit, label, date and the
    round before it (the changes compare with it); and ROUNDS_EXIST while there is any round (the pages that link
    to the rounds' list only when it exists)."""
    found = {ROUNDS_EXIST: b"rounds"} if rounds.rounds else {}
    for entry in rounds.rounds:
        previous = entry.previous.tag if entry.previous else None
        found["round", entry.slug] = hashlib.blake2b(repr((entry.tag, previous)).encode(), digest_size=16).digest()
    return found
