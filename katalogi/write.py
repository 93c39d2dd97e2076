"""Pages and assets -> output/, all or nothing.

The site is written to a fresh folder beside output/ (by one process or several)
and then swapped in with one atomic rename (Linux renameat2 RENAME_EXCHANGE), so a
reader or a killed build sees either the previous complete site or the new one,
never half of each.

A build killed meanwhile leaves its staging folder behind; the staging folder's
name carries the building process's id, and the next build removes the folders
of processes that are gone (a build running at the same time keeps its own).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

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
    path = PurePosixPath(relative)
    if (not relative or path.is_absolute() or "\\" in relative or "\x00" in relative
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


def write_file(staging: Path, relative: str, text: str) -> None:
    destination = staging / checked_relative(relative)
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(text, encoding="utf-8")


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
    destination = out / checked_relative(relative)
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.writing")
    temporary.write_text(text, encoding="utf-8")
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
