"""Content files written by the commands that edit them (import, export, the web editor): all or none.

Every file is first written beside itself and only then renamed into place, so a file
is either old or new, never half (the dev server's watcher never reads half of one),
and a failure before the renames changes no file. The temporary names start with a
dot, so `check` never reads one a killed run left behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..base import said
from ..base.errors import Failure


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file, keeping the mode of those that exist; raise Failure, with no file changed, if one cannot
    be written."""
    written = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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
