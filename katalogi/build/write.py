"""Pages and assets -> output/, all or nothing; or, for the dev server, in place.

`build` writes into a folder beside output/ (by one process or several) and swaps it
in with one atomic rename (Linux renameat2 RENAME_EXCHANGE), so a reader or a killed
build sees either the previous complete site or the new one, never half of each. The
folder is a fresh one, or the spare: the site one build behind, kept beside output/
after the swap, which a build brings up to date by writing only the pages that
differ. The dev server writes into output/ itself (`InPlace`), one file at a time.

A build killed meanwhile leaves its folder behind; a fresh folder's name carries the
building process's id, and the next build removes the folders of processes that are
gone (a build running at the same time keeps its own)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import functools
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0


def previous_path(target: Path) -> Path:
    """Where the fallback swap parks the previous site for a moment."""
    return target.with_name(target.name + ".previous")


def replace_tree(staging: Path, target: Path) -> None:
    """Put `staging` in the place of `target`, then remove the previous tree."""
    if not target.exists():
        staging.rename(target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)
        return
    previous = previous_path(target)
    shutil.rmtree(previous, ignore_errors=True)
    target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous)


def staging_prefix(out: Path) -> str:
    return f".{out.name}.building-"


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def clean_up_after_killed_builds(out: Path) -> None:
    """Remove staging folders of builds that died, and restore a site parked by an interrupted fallback swap."""
    pattern = re.compile(re.escape(staging_prefix(out)) + r"(\d+)-")
    for leftover in out.parent.glob(staging_prefix(out) + "*"):
        match = pattern.match(leftover.name)
        if match and leftover.is_dir() and not leftover.is_symlink() and not process_alive(int(match[1])):
            shutil.rmtree(leftover, ignore_errors=True)
    previous = previous_path(out)
    if previous.is_dir() and not out.exists():
        previous.rename(out)  # killed between the two renames of the fallback swap
    elif previous.is_dir():
        shutil.rmtree(previous, ignore_errors=True)


def checked_relative(relative: str) -> str:
    """A path below output/ as given by the renderer; anything that could leave output/ is refused."""
    if (not relative or relative.startswith("/") or "\\" in relative or "\x00" in relative
            or any(part in ("", ".", "..") for part in relative.split("/"))):
        raise OSError(errno.EINVAL, "refusing a path that leads outside the output folder", relative)
    return relative


def open_staging(out: Path) -> Path:
    """A fresh folder beside `out` to build the new site in, named after this process."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # tidying up must not stop the build
        clean_up_after_killed_builds(out)
    return Path(tempfile.mkdtemp(prefix=f"{staging_prefix(out)}{os.getpid()}-", dir=out.parent))


_FOLDERS_MADE: set[str] = set()  # folders this process made (or found), not to be made again for every file


def write_bytes(path: str, data: bytes) -> None:
    """Create or overwrite one file with a few system calls: its folder is made only the first time it is
    needed (again if it has gone since), and the bytes go straight to the file without a Python file object."""
    folder = os.path.dirname(path)
    if folder not in _FOLDERS_MADE:
        os.makedirs(folder, exist_ok=True)
        _FOLDERS_MADE.add(folder)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC
    try:
        descriptor = os.open(path, flags, 0o666)
    except FileNotFoundError:  # the folder was removed since (remove_file leaves no empty folders)
        os.makedirs(folder, exist_ok=True)
        descriptor = os.open(path, flags, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
    finally:
        os.close(descriptor)


def write_file(staging: Path, relative: str, text: str | bytes) -> None:
    write_bytes(os.path.join(staging, checked_relative(relative)),
                text if isinstance(text, bytes) else text.encode("utf-8"))  # bytes: a PDF


def finish_staging(staging: Path, out: Path, assets: dict[str, Path],
                   before_swap: Callable[[Path], None] | None = None) -> None:
    """Copy the theme's assets into the staging folder, then swap it in for `out`.

    `before_swap(staging)` can add files made from the written site (the search index).
    """
    for relative, source in assets.items():
        destination = staging / checked_relative(relative)
        if destination.exists():
            raise OSError(errno.EEXIST, "a page and a theme file would be written to the same path", relative)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    if before_swap is not None:
        before_swap(staging)
    staging.chmod(0o755)
    replace_tree(staging, out.absolute())


def discard_staging(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def spare_path(out: Path) -> Path:
    """Where the site before the current one is kept, to become the next build's staging folder."""
    out = out.absolute()
    return out.with_name(f".{out.name}.spare")


class Listing:
    """Every file below a folder with its size and modification time: whether anything was written, changed or
    removed there since."""

    def __init__(self, entries: dict[str, tuple[int, int]]):
        self.entries = entries

    @functools.cached_property
    def digest(self) -> str:
        lines = sorted(f"{path}\0{size}\0{mtime}\0" for path, (size, mtime) in self.entries.items())
        return hashlib.sha256("".join(lines).encode()).hexdigest()

    @property
    def files(self) -> frozenset[str]:
        return frozenset(self.entries)

    def after(self, folder: Path, touched) -> Listing:
        """The listing once the files `touched` below `folder` were written or removed (a stat each)."""
        entries = dict(self.entries)
        for relative in touched:
            try:
                status = os.stat(folder / relative)
            except OSError:
                entries.pop(relative, None)
                continue
            entries[relative] = (status.st_size, status.st_mtime_ns)
        return Listing(entries)


def manifest(folder: Path) -> Listing:
    """The Listing of `folder`, from one walk of it (nothing there: an empty one)."""
    entries = {}
    waiting = [(str(folder), "")]
    while waiting:
        directory, prefix = waiting.pop()
        try:
            scanned = os.scandir(directory)
        except OSError:
            continue
        with scanned:
            for entry in scanned:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    waiting.append((entry.path, relative + "/"))
                else:
                    status = entry.stat(follow_symlinks=False)
                    entries[relative] = (status.st_size, status.st_mtime_ns)
    return Listing(entries)


def swap_in(staging: Path, out: Path) -> Path | None:
    """Put `staging` in the place of `out` at once; the previous site comes back at `staging`'s path
    (None when there was none)."""
    if not out.exists():
        staging.rename(out)
        return None
    if _exchange(staging, out):
        return staging
    previous = previous_path(out)
    shutil.rmtree(previous, ignore_errors=True)
    out.rename(previous)
    staging.rename(out)
    previous.rename(staging)
    return staging


class Staged:
    """The new site, written into a folder beside output/ and swapped in whole (`build`).

    The folder is a fresh one, or the site before the current one (the spare), which
    the build brings up to date by writing only what differs.
    """

    def __init__(self, out: Path, folder: Path, shared: bool = False):
        self.out, self.folder = out.absolute(), folder
        self.shared = shared  # its files may be links to output/'s: replace them, never write into them
        self.touched: set[str] = set()  # what was written or removed, for the listing after

    @classmethod
    def fresh(cls, out: Path) -> Staged:
        return cls(out, open_staging(out))

    @classmethod
    def spare(cls, out: Path) -> Staged:
        out = out.absolute()
        out.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            clean_up_after_killed_builds(out)
        folder = spare_path(out)
        folder.mkdir(exist_ok=True)
        return cls(out, folder, shared=True)

    @classmethod
    def linked(cls, out: Path) -> Staged:
        """A spare made of links to output/'s files (cheap: no bytes are copied), when there is none yet."""
        staged = cls.spare(out)
        shutil.rmtree(staged.folder)
        for directory, _, files in os.walk(staged.out):
            target = staged.folder / Path(directory).relative_to(staged.out)
            target.mkdir(exist_ok=True)
            for name in files:
                os.link(os.path.join(directory, name), target / name)
        return staged

    def write(self, relative: str, text: str) -> None:
        self.touched.add(relative)
        if self.shared:
            replace_file(self.folder, relative, text)
        else:
            write_file(self.folder, relative, text)

    def remove(self, relative: str) -> None:
        self.touched.add(relative)
        remove_file(self.folder, relative)

    def copy(self, relative: str, source: Path) -> None:
        self.touched.add(relative)
        destination = self.folder / checked_relative(relative)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if self.shared:
            destination.unlink(missing_ok=True)
        shutil.copyfile(source, destination)

    def finish(self, before_swap: Callable[[Path], None] | None = None, keep_previous: bool = False) -> None:
        """Swap the folder in for output/; the previous site stays as the spare, or goes."""
        if before_swap is not None:
            before_swap(self.folder)
        self.folder.chmod(0o755)
        previous = swap_in(self.folder, self.out)
        if previous is not None and not keep_previous:
            shutil.rmtree(previous)

    def discard(self) -> None:
        if self.folder != spare_path(self.out):
            discard_staging(self.folder)


class InPlace:
    """The site being served, changed file by file (the dev server); each file is replaced at once."""

    def __init__(self, out: Path):
        self.out = out

    def write(self, relative: str, text: str) -> None:
        replace_file(self.out, relative, text)

    def remove(self, relative: str) -> None:
        remove_file(self.out, relative)

    def copy(self, relative: str, source: Path) -> None:
        destination = self.out / checked_relative(relative)
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(f".{destination.name}.{os.getpid()}.writing")
        shutil.copyfile(source, temporary)
        os.replace(temporary, destination)


def write_site(out: Path, pages: dict[str, str], assets: dict[str, Path],
               before_swap: Callable[[Path], None] | None = None) -> None:
    """Write a whole site held in memory, all or nothing (the build streams through the steps above)."""
    staging = open_staging(out)
    try:
        for relative, text in pages.items():
            write_file(staging, relative, text)
        finish_staging(staging, out, assets, before_swap)
    finally:
        if staging.exists():
            discard_staging(staging)


def replace_file(out: Path, relative: str, text: str) -> None:
    """Write one file of a site being served, in place: a reader gets the old bytes or the new, never half."""
    destination = os.path.join(out, checked_relative(relative))
    folder, name = os.path.split(destination)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}.writing")
    write_bytes(temporary, text if isinstance(text, bytes) else text.encode("utf-8"))  # bytes: a PDF
    os.replace(temporary, destination)


def remove_file(out: Path, relative: str) -> None:
    """Remove one file (or folder) of a site being served, and the folders it leaves empty."""
    destination = out / checked_relative(relative)
    if destination.is_dir() and not destination.is_symlink():
        shutil.rmtree(destination)
    else:
        destination.unlink(missing_ok=True)
    for folder in destination.parents:
        if folder == out or not folder.is_relative_to(out):
            break
        with contextlib.suppress(OSError):  # not empty: something else still lives there
            folder.rmdir()
            continue
        break
