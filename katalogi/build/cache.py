"""What is kept between updates: each file's checked result, and what the last build made.

Everything is keyed by content, never by time: a checked result is used only for the
very same bytes (and site languages), and only when the generator's own code and
libraries are the ones that made it (`code_version`). The dev server keeps the same
store in memory; `build` keeps it in .katalogi-cache/ between runs, with the last
build's record (engine.Made and the state of output/ and its spare copy). The cache
folder is safe to delete at any time; the next build is then a cold one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
from importlib import metadata
from pathlib import Path

from ..base.paths import PACKAGE_DIR

CACHE_FOLDER = ".katalogi-cache"
LIBRARIES = ("pyyaml", "jinja2", "markupsafe", "cmarkgfm", "nh3", "babel", "pagefind", "weasyprint", "pydyf")


@functools.cache
def code_version() -> str:
    """A digest of this package's files (source, UI translations) and the versions of the libraries it uses."""
    digest = hashlib.sha256()
    for source in sorted(PACKAGE_DIR.rglob("*")):
        if source.is_file() and "__pycache__" not in source.parts:
            digest.update(source.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + source.read_bytes())
    for library in LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{library}={metadata.version(library)}".encode())
    return digest.hexdigest()


def read_kept(folder: Path | None, name: str):
    """A value this very code kept in `folder`, or None: a missing, old or unreadable file is no value."""
    if folder is None:
        return None
    try:
        with open(folder / name, "rb") as file:
            stored = pickle.load(file)  # noqa: S301 - our own file, in the project's own folder
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError, IndexError):
        return None
    return stored["value"] if isinstance(stored, dict) and stored.get("code") == code_version() else None


def keep(folder: Path | None, name: str, value) -> None:
    """Write atomically; a cache that cannot be written only costs speed."""
    settle(kept_aside(folder, name, value), folder, name)


def kept_aside(folder: Path | None, name: str, value) -> Path | None:
    """`value` written beside where `keep` puts it (None if it cannot be), to be settled there or thrown away:
    a build writes its record while it renders, and settles it only once the new site is in place."""
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-")
    except OSError:
        return None
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump({"code": code_version(), "value": value}, file, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        discard(Path(temporary))
        return None
    return Path(temporary)


def settle(temporary: Path | None, folder: Path | None, name: str) -> None:
    """Put a value written by `kept_aside` in its place."""
    if temporary is not None and folder is not None:
        try:
            os.replace(temporary, folder / name)
        except OSError:
            discard(temporary)


def discard(temporary: Path | None) -> None:
    if temporary is not None:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


class Kept:
    """Values by name, each with the key (a digest) it was made from, kept in `folder` between builds.

    On disk it is the whole table as last compacted and, beside it, what changed since:
    a build that made one value again writes that one, not the whole table.
    """

    NAME, CHANGES = "kept.pickle", "kept-changed.pickle"

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self._entries: dict[str, tuple[str, object]] | None = None
        self.since: dict[str, tuple[str, object] | None] = {}  # changed since the whole store was written; None: gone
        self.compacted = 0  # entries in the whole store as written
        self.changed = False

    @property
    def entries(self) -> dict[str, tuple[str, object]]:
        if self._entries is None:
            whole = read_kept(self.folder, self.NAME)
            since = read_kept(self.folder, self.CHANGES) if whole is not None else None
            self._entries, self.since = dict(whole or {}), dict(since or {})
            self.compacted = len(self._entries)
            for path, entry in self.since.items():
                if entry is None:
                    self._entries.pop(path, None)
                else:
                    self._entries[path] = entry
        return self._entries

    def get(self, path: str, key: str):
        entry = self.entries.get(path)
        return entry[1] if entry and entry[0] == key else None

    def put(self, path: str, key: str, result) -> None:
        self.entries[path] = self.since[path] = (key, result)
        self.changed = True

    def keep_only(self, paths) -> None:
        for path in set(self.entries) - set(paths):
            del self.entries[path]
            self.since[path] = None
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        if len(self.since) * 8 > self.compacted:  # the changes are many: write the whole store anew
            keep(self.folder, self.NAME, self.entries)
            keep(self.folder, self.CHANGES, {})
            self.since, self.compacted = {}, len(self.entries)
        else:
            keep(self.folder, self.CHANGES, self.since)
        self.changed = False


class CheckStore(Kept):
    """Each content file's checked result (item and problems) by its path, with the key it was made from:
    the digest of the file's bytes and the site's languages. A path keeps its last result only, so the store
    is as large as the catalogue."""

    NAME, CHANGES = "items.pickle", "items-changed.pickle"


class PdfStore:
    """Typeset PDFs (the council reports of the reporting rounds), kept in `folder` between builds.

    A round is a frozen tag, so its report's page is the same from one build to the next,
    and WeasyPrint would lay it out again for nothing: it is a fifth of a large build. Each
    PDF is kept under its page's path with the key it was made from (report_pdf.pdf_key: the
    page's HTML, which holds the round's content and the round before's as the templates
    and the code show them, the theme's report files and fonts, the PDF libraries'
    versions, the document's date), and used only for that very key. One file per page, so
    the store is as large as the reports; `build --no-cache` keeps none and reads none.
    """

    def __init__(self, folder: Path | None = None):
        self.folder = folder

    def file(self, name: str) -> Path:
        return self.folder / ("".join(character if character.isalnum() else "-" for character in name) + ".pdf")

    def get(self, name: str, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            kept = self.file(name).read_bytes()
        except OSError:
            return None
        head, _, data = kept.partition(b"\n")
        return data if head == key.encode() else None

    def put(self, name: str, key: str, data: bytes) -> None:
        """Write atomically (a forked worker writes its own pages' PDFs); a store that cannot be written costs
        speed only."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".pdf-")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(key.encode() + b"\n" + data)
            os.replace(temporary, self.file(name))
        except OSError:
            discard(Path(temporary))


class FragmentStore:
    """Pieces of output about one action (its row in a table, its data record, its tasks in a calendar) by
    (what, language, action), each with the digest of everything the action shows (render.Fragments).

    One table for each kind of piece, read only when a page of that kind is rendered: a build
    that renders no calendar reads none of the calendars' pieces.
    """

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self.tables: dict[str, Kept] = {}

    def table(self, kind: str) -> Kept:
        if kind not in self.tables:
            table = Kept(self.folder)
            name = "".join(character if character.isalnum() else "-" for character in kind)
            table.NAME, table.CHANGES = f"fragments-{name}.pickle", f"fragments-{name}-changed.pickle"
            self.tables[kind] = table
        return self.tables[kind]

    def save(self) -> None:
        for table in self.tables.values():
            table.save()
