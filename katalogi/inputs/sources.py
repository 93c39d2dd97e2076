"""The inputs of an update, walked once: every source file by path with the digest of its bytes.

One `Snapshot` serves everything that needs to know the sources: the build's
"nothing changed" fingerprint, the check store (a file is checked again only when
its digest is new) and the plan of what to render. The dev server refreshes only
the paths its watcher names, and walks everything again when a folder came or went.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

from ..base.errors import ContentError
from ..base.paths import CONFIG_FILE, CONTENT_DIR, SCHEMAS_DIR, TEMPLATES_DIR, THEME_DIR
from ..content.files import find_sources, read_bounded
from ..content.model import CONTENT_TYPES

FOLDERS = [content_type.folder for content_type in CONTENT_TYPES]


@dataclass(frozen=True)
class Project:
    """Where a catalogue's sources are; every path the build reads comes from here."""

    root: Path
    theme_dir: Path | None = None  # theme/ in the project unless given
    history: bool = True  # read the content's history from git (off: updated dates only from the files)
    skip_broken_rounds: bool = False  # a reporting round whose content does not pass check is left out, not an error
    strict_members: bool = False  # a comparison site's member that does not pass its checks stops the build

    @property
    def theme(self) -> Path:
        return self.theme_dir or self.root / THEME_DIR

    @property
    def template_dirs(self) -> list[Path]:
        return [self.root / TEMPLATES_DIR, self.theme / "templates"]

    @property
    def static_dir(self) -> Path:
        return self.theme / "static"

    @property
    def watched(self) -> list[Path]:
        return [self.root / CONTENT_DIR, self.root / TEMPLATES_DIR, self.theme, self.root / CONFIG_FILE,
                self.root / SCHEMAS_DIR]


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class ContentFile:
    folder: str  # the content type's folder under content/
    file: str  # where it is (a path as a string: quicker to make for 10,000 files than a Path)
    digest: str
    stat: tuple = ()  # (size, modified, changed, inode) when it was read: the same again means the same bytes


@dataclass(frozen=True)
class Snapshot:
    """Every source of the site as it is now."""

    content: dict[str, ContentFile]  # path as problems name it (content/actions/111.yaml) -> the file
    unreadable: dict[str, tuple[ContentError, ...]]  # content files that could not be read, with why
    folder_problems: tuple[ContentError, ...]  # of content/ itself: misplaced, unread or colliding files
    config: str  # digest of site_config.yaml ("" when it is missing)
    templates: dict[str, str]  # template name -> digest of the file used (templates/ shadows the theme's)
    assets: dict[str, tuple[Path, str]]  # path below output/ -> (the file, its digest): theme files and schemas

    @property
    def problems(self) -> list[ContentError]:
        """The problems of the walk itself: misplaced, unreadable or colliding files, and files not read."""
        return [*self.folder_problems, *(problem for problems in self.unreadable.values() for problem in problems)]

    def fingerprint(self) -> str:
        """One digest of every source."""
        digest = hashlib.sha256(f"config\0{self.config}\0".encode())
        for path, entry in sorted(self.content.items()):
            digest.update(f"{path}\0{entry.digest}\0".encode())
        for path, problems in sorted(self.unreadable.items()):
            digest.update(f"{path}\0{';'.join(map(str, problems))}\0".encode())
        for problem in self.folder_problems:
            digest.update(f"folder\0{problem}\0".encode())
        for name, file_digest in sorted(self.templates.items()):
            digest.update(f"template\0{name}\0{file_digest}\0".encode())
        for path, (_, file_digest) in sorted(self.assets.items()):
            digest.update(f"asset\0{path}\0{file_digest}\0".encode())
        return digest.hexdigest()


def files_digests(folder: Path) -> dict[str, tuple[Path, str]]:
    """Every file below `folder` (but hidden ones) by its relative path, with its digest."""
    found = {}
    if not folder.is_dir():
        return found
    for file in sorted(folder.rglob("*")):
        relative = file.relative_to(folder)
        if file.is_file() and not any(part.startswith(".") for part in relative.parts):
            found[relative.as_posix()] = (file, digest_of(file.read_bytes()))
    return found


def templates_of(template_dirs: list[Path]) -> dict[str, str]:
    """Each template name with the digest of the file used: the first folder that has it wins."""
    found: dict[str, str] = {}
    for folder in template_dirs:
        for name, (_, file_digest) in files_digests(folder).items():
            found.setdefault(name, file_digest)
    return found


def assets_of(static_dir: Path, root: Path) -> dict[str, tuple[Path, str]]:
    """Theme files to copy, by their path below output/ (the content's JSON Schemas are made from the
    configuration: pages.data_pages)."""
    return {f"static/{name}": entry for name, entry in files_digests(static_dir).items()}


def file_stat(file: str) -> tuple:
    try:
        status = os.stat(file)
    except OSError:
        return ()
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def read_content(root: Path, found: list[tuple[str, str, str]], known: dict[str, ContentFile] | None = None
                 ) -> tuple[dict, dict, dict[str, bytes]]:
    """The readable content files with their digests, the unreadable ones with why, and the bytes read.

    A file `known` from an earlier snapshot with the same size, times and inode is not read
    again: its digest is the one it had (as make and git's index judge a file unchanged).
    """
    content, unread, raws = {}, {}, {}
    known = known or {}
    for folder, file, path in found:
        stat = file_stat(file)
        before = known.get(path)
        if before is not None and stat and before.stat == stat and before.folder == folder:
            content[path] = before
            continue
        raw, problems = read_bounded(file, path)
        if raw is None:
            unread[path] = tuple(problems)
            continue
        content[path] = ContentFile(folder, file, digest_of(raw), stat)
        raws[path] = raw
    return content, unread, raws


def config_digest(root: Path) -> str:
    config = root / CONFIG_FILE
    try:
        return digest_of(config.read_bytes())
    except OSError:
        return ""


def take(root: Path, template_dirs: list[Path], static_dir: Path, known: dict[str, ContentFile] | None = None
         ) -> tuple[Snapshot, dict[str, bytes]]:
    """Walk every source once; also give the bytes of the content files read, for checking those not checked yet.

    `known`: the content files of an earlier snapshot, which need not be read again when unchanged."""
    found, folder_problems = find_sources(root, CONTENT_DIR, FOLDERS)
    content, unreadable, raws = read_content(root, found, known)
    return Snapshot(content, unreadable, tuple(folder_problems), config_digest(root), templates_of(template_dirs),
                    assets_of(static_dir, root)), raws


def refresh(previous: Snapshot, changed: set[Path], root: Path, template_dirs: list[Path],
            static_dir: Path) -> tuple[Snapshot, dict[str, bytes]]:
    """The snapshot after the files `changed` were saved, created or deleted, reading only those.

    A change this cannot place for sure (a folder, a file new to content/) walks the
    content folder again, as `take` does; templates and theme files are few and read again
    whenever one of them changed.
    """
    root = root.absolute()
    content_root = root / CONTENT_DIR
    changed = {path.absolute() for path in changed}
    in_content = {path for path in changed if path.is_relative_to(content_root)}
    snapshot, raws = previous, {}
    if in_content:
        known = {os.path.abspath(entry.file): path for path, entry in previous.content.items()}  # strings: a Path
        known.update({str(root / path): path for path in previous.unreadable})  # each is a tenth of a save's work
        if all(str(path) in known and not path.is_dir() and (path.is_file() or not path.exists())
               for path in in_content):
            content, unreadable = dict(previous.content), dict(previous.unreadable)
            present = [(previous.content[known[str(path)]].folder if known[str(path)] in previous.content
                        else Path(known[str(path)]).parts[1], str(path), known[str(path)])
                       for path in sorted(in_content) if path.exists()]
            for path in in_content:
                content.pop(known[str(path)], None)
                unreadable.pop(known[str(path)], None)
            if any(not path.exists() for path in in_content):  # a file went: its name no longer collides
                found, folder_problems = find_sources(root, CONTENT_DIR, FOLDERS)
            else:
                folder_problems = previous.folder_problems
            read, unread, raws = read_content(root, present)
            content.update(read)
            unreadable.update(unread)
            snapshot = replace(previous, content=dict(sorted(content.items())), unreadable=unreadable,
                               folder_problems=tuple(folder_problems))
        else:
            fresh, raws = take(root, template_dirs, static_dir, previous.content)
            snapshot = replace(previous, content=fresh.content, unreadable=fresh.unreadable,
                               folder_problems=fresh.folder_problems)
    if root / CONFIG_FILE in changed:
        snapshot = replace(snapshot, config=config_digest(root))
    if any(path.is_relative_to(folder.absolute()) for path in changed for folder in template_dirs):
        snapshot = replace(snapshot, templates=templates_of(template_dirs))
    if any(path.is_relative_to(static_dir.absolute()) or path.is_relative_to(root / SCHEMAS_DIR) for path in changed):
        snapshot = replace(snapshot, assets=assets_of(static_dir, root))
    return snapshot, raws
