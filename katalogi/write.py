"""Pages and assets -> output/, all or nothing.

The site is written to a fresh folder beside output/ and then swapped in with one
atomic rename (Linux renameat2 RENAME_EXCHANGE), so a reader or a killed build
sees either the previous complete site or the new one, never half of each.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
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


def replace_tree(staging: Path, target: Path) -> None:
    """Put `staging` in the place of `target`, then remove the previous tree."""
    if not target.exists():
        staging.rename(target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)
        return
    previous = target.with_name(target.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous)


def write_site(out: Path, pages: dict[str, str], assets: dict[str, Path],
               before_swap: Callable[[Path], None] | None = None) -> None:
    """Write every page and copy every asset into a staging folder, then swap it in.

    `before_swap(staging)` can add files made from the written site (the search index).
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        for relative, html in pages.items():
            destination = staging / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(html, encoding="utf-8")
        for relative, source in assets.items():
            destination = staging / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
        if before_swap is not None:
            before_swap(staging)
        staging.chmod(0o755)
        replace_tree(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
