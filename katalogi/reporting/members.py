"""The members of a comparison site: each catalogue read with the same engine as its own build, and compared.

A member is a folder or a git repository at a tag, branch or commit (site_config.yaml's `members`). Its
files are read as its own build reads them (a folder's content/ walked, a commit's files from git without
a checkout), checked by the same two steps (content.checks: each file, then the catalogue, with the
member's own site_config.yaml and the shared definitions it pins), linked (site.link) and reduced to its
figures (site.member_figures). Then its items and site are let go: a comparison keeps small records of
every member, and the largest member's items only while it is read. Members are read in processes of
their own, one member each, when there are several to read.

A member is read again only when what it is read from changed: its commit (a repository), the digest of
its files (a folder), the shared sources it pins, or the comparison site's definitions. Otherwise its
figures come from the store (kept in .katalogi-cache/members/ by build.network.MemberStore).

A member whose content does not pass its checks, or that cannot be read at all, is kept with its
problems (each path behind the member's identifier: espoo:content/actions/3.yaml) and no figures: the
comparison lists it with its first problems and leaves it out of every figure.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..base import network_problems
from ..base.errors import BuildFailed, ContentError, split
from ..base.parallel import MIN_PER_WORKER, parallel_map
from ..base.paths import CONFIG_FILE, CONTENT_DIR
from ..content.checks import check_catalogue
from ..content.config import config_from_bytes
from ..content.i18n import Fallback, localise_config, localise_items, resolve
from ..content.network import Location, Member
from ..content.shared import shared_languages
from ..inputs import sources
from ..inputs.git import cat_objects, locate, tree_files
from ..inputs.remote import Repositories, is_address
from ..inputs.shared import read_shared
from ..site.link import link
from ..site.member_figures import Definitions, MemberFigures, member_figures
from .rounds import Checked

PROBLEMS_SHOWN = 5  # of a member that does not pass its checks, on the comparison's pages


@dataclass(frozen=True)
class MemberResult:
    """One member as a comparison shows it: where it was read from, its name and site, and its figures (None when
    it does not pass its checks: `problems` says why)."""

    id: str
    location: Location
    commit: str  # the commit read (a folder's: its repository's HEAD, if it is in one); "" when none
    files: str  # a digest of the files read: the commit's, or the folder's as they are
    titles: tuple[tuple[str, str, str], ...] = ()  # (page language, title, the title's own language)
    url: str | None = None  # the member's own site
    figures: MemberFigures | None = None
    problems: tuple[ContentError, ...] = ()

    @property
    def included(self) -> bool:
        return self.figures is not None

    @property
    def first_problems(self) -> tuple[ContentError, ...]:
        return self.problems[:PROBLEMS_SHOWN]

    @property
    def short_commit(self) -> str:
        return self.commit[:12]

    def title(self, language: str) -> str:
        """The member's name in a language: its site's title (a Fallback when it lacks that language)."""
        for page_language, text, text_language in self.titles:
            if page_language == language:
                return text if text_language == language else Fallback(text, text_language)
        return self.id


@dataclass(frozen=True)
class Located:
    """Where a member is and what it would be read from, found without reading its content."""

    member: Member
    base: Path | None  # a folder member's folder, a repository member's git folder
    commit: str
    files: str  # the commit, or the digest of a folder's files
    state: str  # everything the member's figures depend on besides the definitions: its files and shared pins
    problem: ContentError | None = None

    @property
    def remote(self) -> str:
        location = self.member.location
        return location.repository if location.repository and is_address(location.repository) else ""


def prefixed(errors, member: str) -> tuple[ContentError, ...]:
    """Problems of a member's content, each path behind the member: espoo:content/actions/3.yaml."""
    return tuple(ContentError(f"{member}:{error.path}", error.line, error.field, error.message) for error in errors)


def locate_member(member: Member, base: Path, repositories: Repositories) -> Located:
    """Where the member is, its commit or files' digest, and the state of the shared sources it pins."""
    location = member.location

    def failed(message) -> Located:
        return Located(member, None, "", "", "", ContentError(CONFIG_FILE, member.line, "members", message))

    if location.folder:
        root = (base / location.folder).resolve()
        if not root.is_dir():
            return failed(network_problems.SOURCE_FOLDER_MISSING(folder=location.folder))
        if not (root / CONFIG_FILE).is_file():
            return failed(network_problems.MEMBER_NOT_CATALOGUE(where=location.folder))
        snapshot, _ = sources.take(root, [], root / ".katalogi-no-theme")
        repository, _ = locate(root)
        config_raw = (root / CONFIG_FILE).read_bytes()
        files, commit, shared_base, remote = snapshot.fingerprint(), repository.head if repository else "", root, ""
    else:
        git_dir, commit, problem = repositories.open(location.repository, base, location.version, follow=True)
        if problem is not None:
            return failed(problem)
        if not commit:
            return failed(network_problems.SOURCE_VERSION_UNKNOWN(repository=location.repository,
                                                                  version=location.version))
        config_raw = cat_objects(git_dir, [f"{commit}:{CONFIG_FILE}"]).get(f"{commit}:{CONFIG_FILE}")
        if config_raw is None:
            return failed(network_problems.MEMBER_NOT_CATALOGUE(where=location.written))
        root, files, shared_base = git_dir, commit, git_dir
        remote = location.repository if is_address(location.repository) else ""
    config, _ = config_from_bytes(config_raw)
    pins = read_shared(config.shared, shared_base, repositories, remote_base=remote).state if config else ""
    return Located(member, root, commit, files, f"{location.kind}\0{files}\0{pins}")


def member_key(located: Located, definitions: Definitions) -> str:
    """What a member's result is kept under: what it was read from, and the definitions it was computed by."""
    return hashlib.sha256(repr((located.state, located.member.location, definitions)).encode()).hexdigest()


def member_files(located: Located) -> tuple[dict[str, bytes], list[ContentError]]:
    """The member's site_config.yaml and content files by path, and the problems of walking its folder."""
    if located.member.location.folder:
        snapshot, raws = sources.take(located.base, [], located.base / ".katalogi-no-theme")
        files = {path: raws.get(path) or Path(entry.file).read_bytes() for path, entry in snapshot.content.items()}
        files[CONFIG_FILE] = (located.base / CONFIG_FILE).read_bytes()
        return files, snapshot.problems
    return tree_files(located.base, located.commit) or {}, []


def read_member(located: Located, definitions: Definitions, repositories: Repositories, jobs: int | None = 1
                ) -> MemberResult:
    """A member read, checked, linked and reduced to its figures; or its problems. Nothing of it is kept but that."""
    member = located.member
    found = MemberResult(member.id, member.location, located.commit, located.files)
    if located.problem is not None:
        return dataclasses.replace(found, problems=(located.problem,))
    files, walked = member_files(located)
    own, errors = config_from_bytes(files.get(CONFIG_FILE, b""))
    if own is None:
        return dataclasses.replace(found, problems=prefixed(errors, member.id))
    base = located.base
    pinned = read_shared(own.shared, base, repositories, remote_base=located.remote)
    own = pinned.resolved(own)
    content = [(path.split("/")[1], raw, path) for path, raw in files.items()
               if path.startswith(f"{CONTENT_DIR}/")]
    shared = [(path.split(":", 1)[1].split("/")[1], raw, path) for path, raw in pinned.files.items()]
    items, problems = [], [*walked, *pinned.problems]
    checks = Checked(jobs=jobs)
    for file_items, file_problems in [*checks.check_all(content, own.languages),
                                      *checks.check_all(shared, shared_languages(own.languages))]:
        items += file_items
        problems += file_problems
    problems += check_catalogue(items, own)
    errors = split(problems)[0]
    default = own.languages[0]
    titles = tuple((language, *title_in(own.title, language, default)) for language in definitions.languages)
    url = own.site_url + own.base_path if own.site_url else None
    found = MemberResult(member.id, member.location, located.commit, located.files, titles, url)
    if errors:
        return dataclasses.replace(found, problems=prefixed(errors, member.id))
    site = link(localise_items(items, default, default), localise_config(own, default))
    return dataclasses.replace(found, figures=member_figures(site, own, definitions))


def title_in(title, language: str, default: str) -> tuple[str, str]:
    text = resolve(title, language, default)
    return str(text), text.lang if isinstance(text, Fallback) else language


def state_of(located: list[Located]) -> str:
    """What the members are read from, as one digest (the build's fingerprint has it)."""
    return hashlib.sha256(repr([(entry.state, entry.problem) for entry in located]).encode()).hexdigest()


def read_members(located: list[Located], repositories: Repositories, definitions: Definitions, store,
                 jobs: int | None = None, strict: bool = False) -> tuple[MemberResult, ...]:
    """Every member located (`locate_member`, in the order site_config.yaml lists them): from `store` when nothing
    it depends on changed, else read (several at once, each in a process of its own). With `strict`, a member
    that does not pass its checks stops the build with its every problem (BuildFailed)."""
    keys = [member_key(entry, definitions) for entry in located]
    results: list[MemberResult | None] = [store.get(entry.member.id, key) for entry, key in zip(located, keys,
                                                                                                   strict=True)]
    pending = [index for index, result in enumerate(results) if result is None]
    inner = jobs if len(pending) == 1 else 1  # one member: its files on every core; several: a member per core

    def read_and_let_go(index: int) -> MemberResult:
        """One member read; then its items and linked site, cycles and all, are collected before the next member is
        read: the build runs with the cycle collector off (cli.main), which would keep every member's site."""
        result = read_member(located[index], definitions, repositories, inner)
        gc.collect()
        return result

    read = parallel_map(read_and_let_go, pending, jobs, [MIN_PER_WORKER] * len(pending))  # a process each
    for index, result in zip(pending, read, strict=True):
        results[index] = result
        store.put(result.id, keys[index], result)
    if strict:
        failed = [error for entry, result in zip(located, results, strict=True) if not result.included
                  for error in (ContentError(CONFIG_FILE, entry.member.line, "members", network_problems.MEMBER_BROKEN(
                      member=result.id, count=len(result.problems))), *result.problems)]
        if failed:
            raise BuildFailed(failed)
    return tuple(results)
