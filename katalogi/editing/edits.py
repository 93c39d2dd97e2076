"""Content files written by the commands that edit them (import, export, the web editor): all or none.

Every file is first written beside itself and only then renamed into place, so a file
is either old or new, never half (the dev server's watcher never reads half of one),
and a failure before the renames changes no file. The temporary names start with a
dot, so `check` never reads one a killed run left behind.

A new file gets the mode any program's new file gets (0644 under the usual umask of 022),
an existing one keeps its own: `tempfile.mkstemp` would make every new file 0600, which
the web server, a colleague or CI then cannot read.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from ..base import said
from ..base.errors import Failure

NEW_FILE_MODE = 0o666  # less the umask, as open() and every editor create files


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file, keeping the mode of those that exist; raise Failure, with no file changed, if one cannot
    be written."""
    written = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = temporary_beside(path)
            written.append((temporary, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            if path.exists():
                os.chmod(temporary, path.stat().st_mode & 0o7777)
    except OSError as error:
        for temporary, _ in written:
            Path(temporary).unlink(missing_ok=True)
        raise Failure(said.CANNOT_WRITE_FILE(path=error.filename or path, reason=error.strerror)) from None
    for temporary, path in written:
        os.replace(temporary, path)


def temporary_beside(path: Path) -> tuple[int, str]:
    """A new hidden file beside `path`, open for writing, created with the umask's mode (not mkstemp's 0600)."""
    while True:
        temporary = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                           NEW_FILE_MODE), temporary
        except FileExistsError:  # pragma: no cover - 48 random bits met another file's
            continue
