"""Decap CMS's local-backend protocol, answered by the dev server itself (no Node process).

Decap's editor at /admin/ sends `POST <base path>api/v1` with `{"action": ..., "params": ...}`
when it runs on this machine (what npm's decap-server does; see
packages/decap-server/src/middlewares/localFs in decap-cms). This answers the same
actions, for the content folders only: every path is checked (no `..`, no absolute
path, only `content/<kind>/<file>.yaml` of a known kind), and nothing else of the
project can be read or written.

A save (`persistEntry`) goes through the same checks as a file saved by hand: the file
on its own (content.checks.check_items) and the catalogue with it (references, identifiers,
links: check_catalogue and engine.linked_and_checked). When the entry is invalid,
nothing is written and the editor's page shows every problem as `path:line: field:
message`, in the editor's language. Problems that other files had before the save do
not stop it; problems of the saved file, and new ones elsewhere that the save causes
(another action naming an identifier that is gone), do.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import stat
from pathlib import PurePosixPath

from ..base import said
from ..base.errors import BuildFailed, ContentError, Failure, split
from ..base.paths import CONTENT_DIR
from ..build.checking import linked_and_checked
from ..build.engine import Engine
from ..content.checks import check_catalogue, items_of, problems_of, unread_files
from ..content.files import MAX_FILE_BYTES
from ..content.model import TYPES_BY_FOLDER
from ..editing.edits import write_all
from ..inputs import sources
from ..inputs.sources import ContentFile, Project, digest_of

MAX_REQUEST = 8 * 1024 * 1024  # bytes: far more than any catalogue file (load.py refuses big files anyway)
SUFFIX = ".yaml"


class Refused(Exception):
    """A request the local backend does not carry out: the HTTP status and the message for the editor's page."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def content_path(path, language: str) -> str:
    """`path` as a content file's path (content/actions/111.yaml), or Refused: only such paths are served."""
    if not isinstance(path, str) or "\x00" in path or "\\" in path:
        raise Refused(400, said.EDITOR_PATH_REFUSED(path=str(path)).render(language))
    parts = PurePosixPath(path).parts
    if (path.startswith("/") or len(parts) != 3 or parts[0] != CONTENT_DIR or parts[1] not in TYPES_BY_FOLDER
            or any(part in ("", ".", "..") or part.startswith(".") for part in parts)
            or not parts[2].endswith(SUFFIX)):
        raise Refused(400, said.EDITOR_PATH_REFUSED(path=path).render(language))
    return "/".join(parts)


def content_folder(folder, language: str) -> str:
    """`folder` as one content type's folder (content/actions), or Refused."""
    if not isinstance(folder, str):
        raise Refused(400, said.EDITOR_PATH_REFUSED(path=str(folder)).render(language))
    parts = PurePosixPath(folder.rstrip("/")).parts
    if len(parts) != 2 or parts[0] != CONTENT_DIR or parts[1] not in TYPES_BY_FOLDER or folder.startswith("/"):
        raise Refused(400, said.EDITOR_PATH_REFUSED(path=folder).render(language))
    return "/".join(parts)


class LocalBackend:
    """The actions of Decap's local backend on one project's content/; `engine` is the dev server's, whose
    checked files are reused when a save is checked."""

    def __init__(self, project: Project, engine: Engine | None = None, language: str = "en"):
        self.project, self.language = project, language
        self.engine = engine or Engine(project)

    def answer(self, request) -> object:
        """The JSON answer to one request, or Refused."""
        if not isinstance(request, dict) or not isinstance(request.get("action"), str):
            raise Refused(400, said.EDITOR_REQUEST_INVALID().render(self.language))
        params = request.get("params") or {}
        if not isinstance(params, dict):
            raise Refused(400, said.EDITOR_REQUEST_INVALID().render(self.language))
        handler = {
            "info": self.info, "entriesByFolder": self.entries_by_folder, "entriesByFiles": self.entries_by_files,
            "getEntry": self.get_entry, "persistEntry": self.persist_entry, "getMedia": self.get_media,
            "getDeployPreview": self.deploy_preview,
        }.get(request["action"])
        if handler is None:  # media uploads, deleting, renaming, the editorial workflow: by hand, with `check`
            raise Refused(422, said.EDITOR_ACTION_UNSUPPORTED(action=request["action"]).render(self.language))
        return handler(params)

    # --- reading ---

    def info(self, params: dict) -> dict:
        return {"repo": self.project.root.resolve().name, "publish_modes": ["simple"], "type": "local_fs"}

    def entry(self, path: str) -> dict:
        """A file as Decap expects it: its text and an id that changes with its bytes; a link is refused."""
        raw = self.read(path)
        if raw is None:
            return {"data": None, "file": {"path": path, "id": None}}
        return {"data": raw.decode("utf-8", "replace"), "file": {"path": path, "id": hashlib.sha256(raw).hexdigest()}}

    def own_file(self, path: str) -> str:
        """The file of a content path, or Refused when a link leads to it: the file, its folder or content/ itself
        (`check` refuses links out of the project, and the backend follows none)."""
        root = os.path.realpath(self.project.root)
        file = os.path.join(root, *PurePosixPath(path).parts)
        if os.path.realpath(file) != file:
            raise Refused(403, said.EDITOR_LINK_REFUSED(path=path).render(self.language))
        return file

    def read(self, path: str) -> bytes | None:
        """The bytes of a content file (None when there is none), never through a link, at most MAX_FILE_BYTES."""
        file = self.own_file(path)
        try:  # O_NOFOLLOW: a link put in its place since own_file looked is not followed either
            handle = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise Refused(403, said.EDITOR_LINK_REFUSED(path=path).render(self.language)) from None
            return None
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return None
            return stream.read(MAX_FILE_BYTES + 1)

    def entries_by_folder(self, params: dict) -> list[dict]:
        folder = content_folder(params.get("folder"), self.language)
        directory = self.own_file(folder)
        found = sorted(entry.name for entry in os.scandir(directory)
                       if entry.is_file(follow_symlinks=False) and entry.name.endswith(SUFFIX)
                       and not entry.name.startswith(".")) if os.path.isdir(directory) else []
        return [self.entry(f"{folder}/{name}") for name in found]

    def entries_by_files(self, params: dict) -> list[dict]:
        files = params.get("files")
        if not isinstance(files, list):
            raise Refused(400, said.EDITOR_REQUEST_INVALID().render(self.language))
        return [self.entry(content_path(file.get("path") if isinstance(file, dict) else None, self.language))
                for file in files]

    def get_entry(self, params: dict) -> dict:
        return self.entry(content_path(params.get("path"), self.language))

    def get_media(self, params: dict) -> list:
        return []  # the editor uploads no media; images are added to the repository by hand

    def deploy_preview(self, params: dict) -> None:
        return None

    # --- saving ---

    def persist_entry(self, params: dict) -> dict:
        """Check every file of the entry with the catalogue; write them all, or none when any is invalid."""
        if params.get("assets"):
            raise Refused(422, said.EDITOR_ACTION_UNSUPPORTED(action="persistMedia").render(self.language))
        data_files = params.get("dataFiles") or ([params["entry"]] if isinstance(params.get("entry"), dict) else [])
        if not data_files or not all(isinstance(file, dict) and isinstance(file.get("raw"), str)
                                     for file in data_files):
            raise Refused(400, said.EDITOR_REQUEST_INVALID().render(self.language))
        if any(file.get("newPath") and file.get("newPath") != file.get("path") for file in data_files):
            raise Refused(422, said.EDITOR_ACTION_UNSUPPORTED(action="rename").render(self.language))
        saved = {content_path(file.get("path"), self.language): file["raw"].encode("utf-8") for file in data_files}
        for path in saved:
            self.own_file(path)  # never written through a link, nor in place of one
        found = self.problems_after(saved)
        if found:
            raise Refused(422, "\n".join(problem.text(self.language) for problem in found))
        try:
            write_all({self.project.root / path: raw for path, raw in saved.items()})
        except Failure as failure:  # a full disk, a file made read-only: said in the editor, nothing changed
            raise Refused(500, failure.text(self.language)) from None
        return {"message": "entry persisted"}

    def problems_after(self, saved: dict[str, bytes]) -> list[ContentError]:
        """The errors the catalogue would have with `saved` (path -> bytes) written, that stop the save."""
        before = {problem.text() for problem in self.errors_of({})}
        after = self.errors_of(saved)
        return [problem for problem in after if problem.path in saved or problem.text() not in before]

    def errors_of(self, saved: dict[str, bytes]) -> list[ContentError]:
        """Every error of the catalogue as it is, with the files of `saved` in place of what is on disk:
        the checks `build` and `serve` make, in the same order (a file, the catalogue, the links)."""
        engine, project = self.engine, self.project
        known = engine.snapshot.content if engine.snapshot is not None else None
        snapshot, _ = sources.take(project.root, project.template_dirs, project.static_dir, known)
        content = dict(snapshot.content)
        for path, raw in saved.items():
            folder = PurePosixPath(path).parts[1]
            content[path] = ContentFile(folder, str(self.project.root / path), digest_of(raw))
        snapshot = dataclasses.replace(snapshot, content=dict(sorted(content.items())))
        config, config_errors = engine.configuration()
        if config is None:
            return config_errors
        checked = engine.check(snapshot, dict(saved), config)
        items = items_of(checked)
        unread = unread_files(checked, snapshot.problems)
        found = [*snapshot.problems, *problems_of(checked), *check_catalogue(items, config, unread)]
        try:
            linked_and_checked(items, config, found, engine.history(config), snapshot.assets, engine.localise,
                               unread=unread)
        except BuildFailed as failure:
            return split(failure.errors)[0]
        return []
