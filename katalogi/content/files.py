"""Which files of content/ are read: a walk that finds them and says why any other file is not read (a wrong
suffix, a backup, a link out, a name Windows refuses), and reading one with a bound on its size."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from ..base import problems
from ..base.errors import ContentError, ContentWarning

MAX_FILE_BYTES = 5 * 1024 * 1024


def read_bounded(file: Path | str, path: str) -> tuple[bytes | None, list[ContentError]]:
    """The bytes of a regular file of at most MAX_FILE_BYTES; a folder, a pipe or a huge file is an error."""
    def problem(message) -> tuple[None, list[ContentError]]:
        return None, [ContentError(path, 1, "file", message)]

    too_big = problems.FILE_TOO_BIG(limit=MAX_FILE_BYTES // (1024 * 1024))
    try:
        info = os.stat(file)
        if stat.S_ISDIR(info.st_mode):
            return problem(problems.FOLDER_NOT_FILE())
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device could block the build for ever
            return problem(problems.NOT_REGULAR_FILE())
        if info.st_size > MAX_FILE_BYTES:
            return problem(too_big)
        with open(file, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return problem(problems.UNREADABLE(reason=error.strerror))
    if len(raw) > MAX_FILE_BYTES:  # it grew after stat
        return problem(too_big)
    return raw, []
SOURCE_SUFFIXES = (".yaml", ".yml")
BACKUP_SUFFIXES = (".bak", ".orig", ".old", ".backup")
EDITOR_TEMPORARY = re.compile(r"#.*#|.*\.sw[a-p]|~\$.*|4913")  # Emacs, Vim and Office files while editing


def find_sources(project: Path, content_dir: str, folders: list[str]
                 ) -> tuple[list[tuple[str, str, str]], list[ContentError]]:
    """List (folder, file, shown path) of every YAML file under content/, sorted, and the folder's problems.

    Nothing in content/ is skipped in silence: a YAML file outside the known folders
    is an error (it is almost always saved in the wrong place), and so is a file whose
    name is almost that of a content file (`136.YAML`, `136.yaml.txt`); any other file
    is a warning, since it is never read. Hidden files and an editor's files of work in
    progress are left alone. File names must work on every system editors clone to
    (see check_file_names).
    """
    root = project / content_dir
    found, errors = [], []
    if not root.is_dir():
        return [], [ContentError(content_dir, 1, "file", problems.CONTENT_MISSING())]
    inside = os.path.realpath(project)
    if os.path.commonpath([inside, os.path.realpath(root)]) != inside:
        return [], [ContentError(content_dir, 1, "file", problems.CONTENT_OUTSIDE())]
    prefix = f"{content_dir}/"
    for parts, entry in sorted(entries_below(root)):
        relative = prefix + "/".join(parts)
        file = entry.path  # a Path for each of 10,000 files would take a tenth of a second
        if entry.is_symlink():
            target = os.path.realpath(file)
            if os.path.commonpath([inside, target]) != inside:
                errors.append(ContentError(relative, 1, "file", problems.LINK_OUTSIDE()))
                continue
            if os.path.isdir(target):
                errors.append(ContentError(relative, 1, "file", problems.LINK_TO_FOLDER()))
                continue
        if os.path.splitext(entry.name)[1] not in SOURCE_SUFFIXES:
            if not entry.is_dir():
                errors += not_read(Path(file), relative)
            continue
        if parts[0] not in folders:
            errors.append(ContentError(relative, 1, "file", problems.NOT_IN_CONTENT_FOLDER(folders=", ".join(folders))))
        else:
            found.append((parts[0], file, relative))
    errors += check_file_names([relative for _, _, relative in found])
    return found, errors


def entries_below(root: Path):
    """(path parts below `root`, DirEntry) of everything below it but hidden files and folders, without
    following links to folders (one scandir per folder: much quicker than globbing)."""
    waiting = [(str(root), ())]
    while waiting:
        directory, parts = waiting.pop()
        with os.scandir(directory) as scanned:
            for entry in scanned:
                if entry.name.startswith("."):
                    continue
                yield (*parts, entry.name), entry
                if entry.is_dir(follow_symlinks=False):
                    waiting.append((entry.path, (*parts, entry.name)))


def not_read(file: Path, relative: str) -> list[ContentError]:
    """What to say of a file in content/ that is not read: an error when it was surely meant as content."""
    name = file.name
    if EDITOR_TEMPORARY.fullmatch(name):
        return []
    yaml_name = re.match(r"(.+?)(\.ya?ml)", name, re.IGNORECASE)
    if yaml_name:
        meant = yaml_name[1] + yaml_name[2].lower()
        if name.endswith("~") or file.suffix.casefold() in BACKUP_SUFFIXES:
            return [ContentWarning(relative, 1, "file", problems.BACKUP_FILE(suggestion=meant), "not_read")]
        if len(yaml_name[0]) == len(name):
            return [ContentError(relative, 1, "file", problems.NAME_CASE(suffix=file.suffix, suggestion=meant))]
        return [ContentError(relative, 1, "file", problems.NAME_EXTRA_SUFFIX(suggestion=meant))]
    return [ContentWarning(relative, 1, "file", problems.NOT_CONTENT_FILE(folder=Path(relative).parent.as_posix()),
                           "not_read")]


# Names Windows refuses for a file or folder, whatever the extension.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$",
                    *(f"{name}{digit}" for name in ("com", "lpt") for digit in "0123456789¹²³")}
WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*\\\x00-\x1f]')


def reserved_name(name: str) -> bool:
    """True for CON, nul.yaml, com1.txt and the like."""
    return name.split(".")[0].rstrip(" ").casefold() in WINDOWS_RESERVED


def check_file_names(paths: list[str]) -> list[ContentError]:
    """File names that break a clone elsewhere: reserved on Windows, or equal to another ignoring case.

    On Windows and macOS `Ohjelma.yaml` and `ohjelma.yaml`, or `ä` typed composed and
    decomposed, are one file; a clone there would silently lose one of them.
    """
    errors, first_by_key = [], {}
    for path in sorted(paths):
        parts = path.split("/")
        bad = next((part for part in parts if reserved_name(part)), None)
        if bad:
            errors.append(ContentError(path, 1, "file", problems.RESERVED_FILE_NAME(name=bad)))
        elif any(WINDOWS_FORBIDDEN.search(part) or part.endswith((".", " ")) for part in parts):
            errors.append(ContentError(path, 1, "file", problems.WINDOWS_CHARACTER()))
        key = unicodedata.normalize("NFKC", path).casefold()
        if key in first_by_key:
            errors.append(ContentError(path, 1, "file", problems.NAME_COLLISION(other=first_by_key[key])))
        else:
            first_by_key[key] = path
    return errors
