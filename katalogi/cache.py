"""The build cache: checked items by file content, and the fingerprint of the last build.

Everything is keyed by content, never by time: a file's entry is used only when
the SHA-256 of its bytes matches and the generator's own code and libraries are
the ones that made it (`code_version`). The last build is skipped only when the
fingerprint of every input (content, templates, theme, configuration, code) is
unchanged and every file it wrote is still there as it was written. The cache
folder is safe to delete at any time; the next build is then a cold one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

CACHE_FOLDER = ".katalogi-cache"
PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("pyyaml", "jinja2", "markupsafe", "cmarkgfm", "nh3", "babel", "pagefind")


@functools.cache
def code_version() -> str:
    """A digest of this package's files (source, UI translations) and the versions of the libraries it uses."""
    digest = hashlib.sha256()
    for source in sorted(PACKAGE.rglob("*")):
        if source.is_file() and "__pycache__" not in source.parts:
            digest.update(source.relative_to(PACKAGE).as_posix().encode() + b"\0" + source.read_bytes())
    for library in LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{library}={metadata.version(library)}".encode())
    return digest.hexdigest()


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_digest(paths: list[Path]) -> str:
    """One digest of files' names and bytes (templates, theme, configuration)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        with contextlib.suppress(OSError):
            digest.update(str(path.absolute()).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def output_manifest(out: Path) -> dict[str, tuple[int, int]]:
    """Every file of a built site with its size and modification time, to notice any later change."""
    manifest = {}
    for directory, _, files in os.walk(out):
        for name in files:
            path = os.path.join(directory, name)
            status = os.stat(path)
            manifest[os.path.relpath(path, out)] = (status.st_size, status.st_mtime_ns)
    return manifest


@dataclass
class BuildCache:
    """Checked items by path and content digest, and what the last build wrote where."""

    folder: Path | None
    last_build: dict = field(default_factory=dict)
    contents: dict[str, str] = field(default_factory=dict)  # this build's content digests, by path
    _items: dict[str, tuple[str, object]] | None = None  # path -> (digest, checked result), read when needed
    items_changed: bool = False
    build_changed: bool = False

    @classmethod
    def open(cls, folder: Path | None) -> BuildCache:
        """Read what the last build did; the (larger) item cache is read only when a build needs it."""
        cache = cls(folder)
        stored = cache._read("last-build.pickle")
        if stored is not None:
            cache.last_build = stored
        return cache

    def _read(self, name: str):
        """A stored value made by this very code, or None: a missing, old or unreadable cache is empty."""
        if self.folder is None:
            return None
        try:
            with open(self.folder / name, "rb") as file:
                stored = pickle.load(file)  # noqa: S301 - our own file, in the project's own folder
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return None
        return stored["value"] if isinstance(stored, dict) and stored.get("code") == code_version() else None

    def _write(self, name: str, value) -> None:
        """Write atomically; a cache that cannot be written only costs speed."""
        if self.folder is None:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{name}-")
            try:
                with os.fdopen(handle, "wb") as file:
                    pickle.dump({"code": code_version(), "value": value}, file, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.folder / name)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)

    @property
    def items(self) -> dict[str, tuple[str, object]]:
        if self._items is None:
            self._items = self._read("items.pickle") or {}
        return self._items

    def lookup(self, path: str, digest: str):
        entry = self.items.get(path)
        return entry[1] if entry and entry[0] == digest else None

    def store(self, path: str, digest: str, result) -> None:
        self.items[path] = (digest, result)
        self.items_changed = True

    def forget_missing(self, present: set[str]) -> None:
        for path in set(self.items) - present:
            del self.items[path]
            self.items_changed = True

    def unchanged_build(self, fingerprint: str, out: Path) -> dict | None:
        """What the last build reported, if it had this fingerprint and its output is untouched."""
        last = self.last_build
        if last.get("fingerprint") != fingerprint or last.get("out") != str(out.absolute()):
            return None
        try:
            return last if output_manifest(out) == last["manifest"] else None
        except OSError:
            return None

    def record_build(self, fingerprint: str, out: Path, summary: dict) -> None:
        self.last_build = {"fingerprint": fingerprint, "out": str(out.absolute()),
                           "manifest": output_manifest(out), **summary}
        self.build_changed = True

    def save(self) -> None:
        if self.items_changed:
            self._write("items.pickle", self.items)
            self.items_changed = False
        if self.build_changed:
            self._write("last-build.pickle", self.last_build)
            self.build_changed = False
