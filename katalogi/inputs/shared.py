"""The shared definitions a catalogue uses, read from where site_config.yaml's `shared` says: each source's files
named by the source and its version (content.shared.shared_path), with the commit the version names.

A source in a git repository is read at its pinned tag or commit, without a checkout (one `ls-tree`,
one `cat-file --batch`), the same bytes on every machine; a folder is read as it is now. A source
that cannot be read (no such folder, an unreachable repository, a version it lacks, a branch instead
of a pin) is a problem at its line of site_config.yaml, and the build stops: nothing is built from
definitions that are not there.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..base import network_problems
from ..base.errors import ContentError
from ..base.paths import CONFIG_FILE, CONTENT_DIR
from ..content.files import find_sources, read_bounded
from ..content.load import parse_document
from ..content.model import CONTENT_TYPES
from ..content.network import SharedSource
from ..content.shared import folder_problem, shareable, shared_path
from .git import tree_files
from .remote import Repositories, is_address, is_branch

FOLDERS = [content_type.folder for content_type in CONTENT_TYPES]


@dataclass(frozen=True)
class ReadSource:
    """One shared source as read: its files by shared path, and what it was read from."""

    source: SharedSource  # its commit filled in for a repository
    files: dict[str, bytes] = field(default_factory=dict)
    problems: tuple[ContentError, ...] = ()
    state: str = ""  # the commit, or a digest of a folder's files: a change here is a change of the source


@dataclass(frozen=True)
class SharedRead:
    """Every shared source of a catalogue, read."""

    sources: tuple[ReadSource, ...] = ()

    @property
    def files(self) -> dict[str, bytes]:
        return {path: raw for entry in self.sources for path, raw in entry.files.items()}

    @property
    def problems(self) -> list[ContentError]:
        return [problem for entry in self.sources for problem in entry.problems]

    @property
    def state(self) -> str:
        """What every source was read from, for the build's fingerprint."""
        return "\0".join(f"{entry.source.label}={entry.state}" for entry in self.sources)

    def resolved(self, config):
        """The configuration with each source's commit filled in, as pages show it."""
        return dataclasses.replace(config, shared=tuple(entry.source for entry in self.sources)) \
            if self.sources else config


NOTHING_SHARED = SharedRead()


def read_shared(sources: tuple[SharedSource, ...], base: Path, repositories: Repositories,
                where: str = CONFIG_FILE, remote_base: str = "") -> SharedRead:
    """Each source of `sources` (site_config.yaml's `shared`), folders relative to `base`.

    `where` names the configuration in problems (a member's: espoo:site_config.yaml); `remote_base`, when the
    catalogue itself was fetched from an address, is that address: a folder cannot be read beside it."""
    return SharedRead(tuple(read_source(source, base, repositories, where, remote_base) for source in sources))


def read_source(source: SharedSource, base: Path, repositories: Repositories, where: str = CONFIG_FILE,
                remote_base: str = "") -> ReadSource:
    location = source.location

    def failed(message) -> ReadSource:
        return ReadSource(source, problems=(ContentError(where, source.line, "shared", message),))

    if location.folder:
        if remote_base:
            return failed(network_problems.SOURCE_FOLDER_IN_REMOTE(folder=location.folder, repository=remote_base))
        return read_folder(source, (base / location.folder), failed)
    if remote_base and not is_address(location.repository) and not Path(location.repository).is_absolute():
        return failed(network_problems.SOURCE_FOLDER_IN_REMOTE(folder=location.repository, repository=remote_base))
    git_dir, commit, problem = repositories.open(location.repository, base, location.version)
    if problem is not None:
        return failed(problem)
    if not commit:
        return failed(network_problems.SOURCE_VERSION_UNKNOWN(repository=location.repository,
                                                              version=location.version))
    if is_branch(git_dir, location.version):
        return failed(network_problems.SOURCE_BRANCH(repository=location.repository, version=location.version))
    files = tree_files(git_dir, commit)
    if files is None:
        return failed(network_problems.SOURCE_VERSION_UNKNOWN(repository=location.repository,
                                                              version=location.version))
    resolved = dataclasses.replace(source, commit=commit)
    return shared_files(resolved, {path: raw for path, raw in files.items() if path != CONFIG_FILE}, commit, [])


def read_folder(source: SharedSource, folder: Path, failed) -> ReadSource:
    if not folder.is_dir():
        return failed(network_problems.SOURCE_FOLDER_MISSING(folder=source.location.folder))
    if not (folder / CONTENT_DIR).is_dir():
        return failed(network_problems.SOURCE_NOT_SHARED(where=source.location.folder))
    found, walked = find_sources(folder, CONTENT_DIR, FOLDERS)
    files, problems = {}, [dataclasses.replace(problem, path=shared_path(source.label, problem.path))
                           for problem in walked]
    for _, file, path in found:
        raw, unread = read_bounded(file, path)
        if raw is None:
            problems += [dataclasses.replace(problem, path=shared_path(source.label, path)) for problem in unread]
        else:
            files[path] = raw
    digest = hashlib.sha256()
    for path, raw in sorted(files.items()):
        digest.update(f"{path}\0{hashlib.sha256(raw).hexdigest()}\0".encode())
    return shared_files(source, files, digest.hexdigest(), problems)


def shared_files(source: SharedSource, files: dict[str, bytes], state: str, problems: list[ContentError]
                 ) -> ReadSource:
    """The source's files of the shareable folders, by shared path; a file of another folder is a problem."""
    kept = {}
    for path, raw in sorted(files.items()):
        named = shared_path(source.label, path)
        if shareable(path):
            kept[named] = raw
        else:
            problems.append(folder_problem(named))
    return ReadSource(source, kept, tuple(problems), state)


def written_folders(root: Path, key: str) -> list[Path]:
    """The folders site_config.yaml's `key` (shared or members) names, read leniently: a configuration that does not
    check yet still says where to look."""
    try:
        raw = (root / CONFIG_FILE).read_bytes()
    except OSError:
        return []
    document, _ = parse_document(raw, CONFIG_FILE)
    written = document.data.get(key) if document is not None and hasattr(document.data, "get") else None
    entries = written if isinstance(written, list) else []
    return [(root / entry["folder"]).resolve() for entry in entries
            if hasattr(entry, "get") and isinstance(entry.get("folder"), str) and entry["folder"]]


def network_folders(root: Path) -> list[Path]:
    """The content folders of a project's shared sources and members kept in folders, and of the members' own
    shared folders: what the dev server watches besides the project's own sources (a change there is a change
    of the comparison). Repositories are read at a version, so there is nothing to watch."""
    members = written_folders(root, "members")
    sources = [*written_folders(root, "shared"), *members,
               *(folder for member in members for folder in written_folders(member, "shared"))]
    return sorted({folder / CONTENT_DIR for folder in sources})
