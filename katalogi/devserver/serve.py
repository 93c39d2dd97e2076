"""The dev server: update the site on every change, reload the browser, show errors in it.

livereload serves `DevSite` (the WSGI app below) and speaks the reload protocol with
the browser's livereload.js. It would poll the sources every 0.8 s and reload at
most once every 3 s; `SourceWatcher` takes its place with the operating system's
change notifications (watchfiles), so a saved file is noticed within milliseconds,
and live.LiveBuild renders only the pages the change affects before the reload.
`DevSite` knows the site's base path, never serves a file from outside output/,
waits for a page that is still being rendered, and answers with the list of
problems while the last change left the content invalid.
"""

from __future__ import annotations

import gc
import html
import json
import logging
import mimetypes
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from livereload.watcher import Watcher

from ..base import said
from ..base.errors import BuildFailed, Failure
from ..base.paths import CONFIG_FILE
from ..inputs.shared import network_folders
from ..inputs.sources import Project
from ..outputs import decap
from .guard import MAX_BODY, Guarded
from .live import LiveBuild
from .local_backend import MAX_REQUEST, LocalBackend, Refused

OWN_TYPES = {".yml": "text/yaml"}  # the web editor's config.yml; Python's mimetypes knows no YAML
COLLECT_PAUSE = 1.0  # seconds without a change before Python's cycle collector runs again

logger = logging.getLogger(__name__)


class DevSite:
    """WSGI app serving the built site under its base path, or the last build's errors."""

    def __init__(self, out: Path, base_path: str = "/", live: LiveBuild | None = None, language: str = "en",
                 backend: LocalBackend | None = None):
        self.out = out
        self.base_path = base_path
        self.live = live
        self.language = language
        self.own_problems: list[str] = []
        self.backend = backend  # the web editor's local backend, when site_config.yaml enables the editor

    @property
    def problems(self) -> list[str]:
        return self.live.problems if self.live is not None else self.own_problems

    @problems.setter
    def problems(self, problems: list[str]) -> None:
        self.own_problems = problems

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        if method == "POST" and self.editor_enabled and environ.get("PATH_INFO") == self.base_path + decap.API_PATH:
            return self.answer_editor(environ, start_response)
        if method not in ("GET", "HEAD"):
            return self.respond(start_response, "405 Method Not Allowed", "text/plain; charset=utf-8",
                                b"Only GET and HEAD are served.\n", [("Allow", "GET, HEAD")])
        body = self.answer(environ, start_response)
        return [b""] if method == "HEAD" else body  # the headers of a GET, without its body

    def answer(self, environ, start_response):
        """Respond to a GET: the file, a redirect into the base path, a 404, or the problem list."""
        if self.problems:
            return self.respond(start_response, "500 Internal Server Error", "text/html; charset=utf-8",
                                error_page(self.problems, self.language))
        path = environ.get("PATH_INFO", "/")
        if not path.startswith(self.base_path):
            start_response("302 Found", [("Location", self.base_path), ("Content-Length", "0")])
            return [b""]
        # PEP 3333: PATH_INFO is already percent-decoded, its UTF-8 bytes carried as Latin-1.
        relative = path[len(self.base_path):].encode("latin-1").decode("utf-8", "replace")
        if self.live is not None and self.live.waits_for(relative):
            self.live.settle()  # the page is being rendered after the last change: serve the new one
            if self.problems:
                return self.answer(environ, start_response)
        file = self.resolve(relative)
        body = read_or_none(file) if file else None
        if body is None:
            missing = read_or_none(self.out / "404.html") or b"<!doctype html><title>404</title></head>"
            return self.respond(start_response, "404 Not Found", "text/html; charset=utf-8", missing)
        content_type = (OWN_TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
                        or "application/octet-stream")
        if content_type.startswith("text/") or content_type.endswith(("javascript", "json", "xml")):
            content_type += "; charset=utf-8"
        return self.respond(start_response, "200 OK", content_type, body)

    @property
    def editor_enabled(self) -> bool:
        """Whether the local backend answers: site_config.yaml enables the editor (as the last good build read it)."""
        if self.backend is None:
            return False
        site = self.live.site if self.live is not None else None
        return site is None or decap.enabled(site.default.config)

    def answer_editor(self, environ, start_response):
        """Decap CMS's local backend (local_backend.py): JSON in, JSON out, or the problems as its error."""
        if self.live is not None:
            self.live.wait_planned()  # the backend checks with the engine, which the planning thread updates
        try:
            request = editor_request(environ, self.language)
            status, answer = 200, self.backend.answer(request)
        except Refused as refused:
            status, answer = refused.status, {"error": refused.message}
        reasons = {200: "200 OK", 400: "400 Bad Request", 403: "403 Forbidden", 413: "413 Content Too Large",
                   422: "422 Unprocessable Content", 500: "500 Internal Server Error"}
        return self.respond(start_response, reasons[status], "application/json; charset=utf-8",
                            json.dumps(answer, ensure_ascii=False).encode())

    def resolve(self, relative: str) -> Path | None:
        """The file a URL path names, only if it lies inside output/ after resolving links."""
        if "\x00" in relative:  # no file has such a name, and os.path would raise
            return None
        root = os.path.realpath(self.out)
        candidate = os.path.realpath(os.path.join(root, relative.lstrip("/")))
        if candidate != root and not candidate.startswith(root + os.sep):
            return None
        if os.path.isdir(candidate):
            candidate = os.path.join(candidate, "index.html")
        return Path(candidate) if os.path.isfile(candidate) else None

    @staticmethod
    def respond(start_response, status: str, content_type: str, body: bytes, extra_headers=()):
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store"), *extra_headers])
        return [body]


def editor_request(environ, language: str):
    """The JSON a request to the local backend carries, if it comes from this machine and from the site's own
    page: a page of another site the editor's browser has open can send a form here, but not with the
    JSON content type without asking first (which this server never allows), nor with this site's Origin."""
    if environ.get("REMOTE_ADDR") not in ("127.0.0.1", "::1"):
        raise Refused(403, said.EDITOR_ONLY_THIS_MACHINE().render(language))
    origin, host = environ.get("HTTP_ORIGIN"), environ.get("HTTP_HOST", "")
    if origin is not None and origin.split("://", 1)[-1] != host:
        raise Refused(403, said.EDITOR_ONLY_THIS_MACHINE().render(language))
    if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
        raise Refused(400, said.EDITOR_REQUEST_INVALID().render(language))
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if not 0 < length <= MAX_REQUEST:
        raise Refused(413 if length > MAX_REQUEST else 400, said.EDITOR_REQUEST_INVALID().render(language))
    try:
        return json.loads(environ["wsgi.input"].read(length).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(400, said.EDITOR_REQUEST_INVALID().render(language)) from None


def read_or_none(file: Path) -> bytes | None:
    """The file's bytes, or None if it went away (a rebuild swapped output/ meanwhile)."""
    try:
        return file.read_bytes()
    except OSError:
        return None


def error_page(found: list[str], language: str = "en") -> bytes:
    """A page listing every problem, in the editor's language; the reload script brings the site back once fixed."""
    items = "\n".join(f"<li><code>{html.escape(problem)}</code></li>" for problem in found)
    title = html.escape(said.SERVE_FAILED_TITLE().render(language))
    return f"""<!doctype html>
<html lang="{language}">
<head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}}
h1{{color:#b00020}}li{{margin:.5rem 0}}code{{white-space:pre-wrap}}</style>
</head>
<body><main><h1>{title}</h1>
<p>{html.escape(said.SERVE_FAILED_HELP().render(language))}</p>
<ul>{items}</ul></main></body></html>
""".encode()


def say(text: str, error: bool = False) -> None:
    """A line for the console the server runs in."""
    print(text, file=sys.stderr if error else sys.stdout, flush=True)


class SourceWatcher(Watcher):
    """livereload's watcher interface, fed by operating-system change notifications (watchfiles).

    One thread watches the source folders (content/, templates/, theme/, schemas/), and the
    content/ folders of the shared sources and members kept in folders, recursively; another
    watches the project folder itself, where site_config.yaml lives and where a source folder
    may be created later. Each batch of changes is handed to `on_change` on the server's
    event loop.
    """

    STEP_MS = 20  # a save is a burst of events; this much quiet ends the burst

    def __init__(self, project: Project, on_change):
        super().__init__()
        self.project, self.on_change = project, on_change
        self.restart = threading.Event()
        self.network = network_folders(project.root)  # the shared sources' and members' folders watched
        self._tasks = {"sources": None}  # livereload only checks that something is watched

    def watch(self, *args, **kwargs) -> None:
        """livereload's registration call; the sources to watch come from the project."""

    def examine(self):
        return None, None  # never polled: start() returns True

    def start(self, callback) -> bool:
        from tornado.ioloop import IOLoop

        loop = IOLoop.current()
        deliver = lambda paths: loop.add_callback(self.on_change, paths)  # noqa: E731 - a one-line hand-over
        for target in (self.watch_folders, self.watch_project):
            threading.Thread(target=target, args=(deliver,), daemon=True).start()
        return True

    def watch_folders(self, deliver) -> None:
        import watchfiles

        watched: set[Path] | None = None
        while True:
            self.restart.clear()
            wanted = dict.fromkeys([*self.project.watched, *network_folders(self.project.root)])
            folders = [path for path in wanted if path.is_dir()]
            if not folders:
                self.restart.wait()
                continue
            added = set(folders) - watched if watched is not None else set()
            watched = set(folders)
            # yield_on_timeout: the first (perhaps empty) batch says the new folders are watched now,
            # so whatever was written into them before that is taken in by delivering them once more.
            for changes in watchfiles.watch(*folders, step=self.STEP_MS, stop_event=self.restart,
                                            raise_interrupt=False, yield_on_timeout=True, rust_timeout=500):
                paths = {Path(path) for _, path in changes} | added
                added = set()
                if paths:
                    deliver(paths)

    def network_moved(self) -> bool:
        """Whether site_config.yaml now names other shared or member folders than the ones watched."""
        folders = network_folders(self.project.root)
        moved = folders != self.network
        self.network = folders
        return moved

    def watch_project(self, deliver) -> None:
        import watchfiles

        root = self.project.root
        names = {path.name for path in self.project.watched if path.parent == root} | {CONFIG_FILE}
        for changes in watchfiles.watch(root, recursive=False, step=self.STEP_MS, raise_interrupt=False,
                                        watch_filter=lambda _, path: Path(path).name in names):
            paths = {Path(path) for _, path in changes}
            if any(path.name != CONFIG_FILE for path in paths) or self.network_moved():  # a folder came or went
                self.restart.set()
            deliver(paths)


def reloading_server(host: str, port: int, language: str, api_path: Callable[[], str]):
    """livereload's Server, putting its reload script only into the site's pages: it would put it into any
    response that contains `</head>` (Decap CMS's bundle has that text in it), and the web editor's page must
    not reload after each save, which would lose what Decap shows.

    Its tornado Application is a guard.Guarded one (a request for another Host, or with a body over the limit,
    refused from its headers), and its HTTP server reads at most guard.MAX_BODY of a body. livereload's own
    console lines (in English, and the same as ours) are left out: the server speaks the editor's language."""
    from livereload import Server
    from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
    from livereload.server import LiveScriptContainer, LiveScriptInjector
    from tornado import escape, web

    class PagesOnly(LiveScriptContainer):
        def __call__(self, request):
            editor = self.wsgi_app.base_path + decap.ADMIN_DIR
            if request.path.endswith(("/", ".html")) and not request.path.startswith(editor):
                return super().__call__(request)
            return LiveScriptContainer(self.wsgi_app, b"")(request)

    class PagesOnlyReloadServer(Server):
        def get_web_handlers(self, script):
            return [(r".*", web.FallbackHandler, {"fallback": PagesOnly(self.app, script)})]

        def application(self, port, host, liveport=None, debug=None, live_css=True):
            """livereload's own (Server.application, one port), with a guarded Application and a body limit."""
            LiveReloadHandler.watcher, LiveReloadHandler.live_css = self.watcher, live_css
            script = escape.utf8(LIVE_SCRIPT)

            class Injector(LiveScriptInjector):
                pass

            Injector.script = script
            handlers = [(r"/livereload", LiveReloadHandler), (r"/forcereload", ForceReloadHandler),
                        (r"/livereload.js", LiveReloadJSHandler), *self.get_web_handlers(script)]
            app = Guarded(handlers=handlers, debug=False, transforms=[Injector], bound=host, port=port,
                          language=language, api_path=api_path)
            app.listen(port, address=host, max_body_size=MAX_BODY)

        def _setup_logging(self):
            logging.getLogger("livereload").setLevel(logging.WARNING)
            logging.getLogger("tornado.access").setLevel(logging.ERROR)  # a 404 is not worth an English line

    return PagesOnlyReloadServer


# livereload's script tag, which loads its client from the port the page came from (livereload.server).
LIVE_SCRIPT = ('<script type="text/javascript">(function(){var s=document.createElement("script");'
               'var port=(window.location.port || (window.location.protocol == \'https:\' ? 443: 80));'
               's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
               'document.head.appendChild(s);})();</script>')


def serve_project(project: Project, out: Path, host: str, port: int, language: str = "en") -> None:
    """Build, then serve on host:port and update the site whenever a source changes."""
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop, PeriodicCallback

    live = LiveBuild(project, out, language=language)
    site = DevSite(out, live=live, language=language, backend=LocalBackend(project, live.engine, language))

    def update(paths: set[Path] | None) -> None:
        gc.disable()  # collected once edits pause (when_quiet), not between the save and the reload
        try:
            outcome = live.build_all() if paths is None else live.update(paths)
        except (BuildFailed, Failure) as failure:  # the problems are shown in the browser too
            say(failure.text(language), error=True)
            reload(paths)
            return
        if live.site:
            site.base_path = live.site.default.config.base_path
        if outcome.shows_anything_new:  # the edited pages are written: the browser reloads while the rest follows
            reload(paths)
        if live.busy:  # what the update did is said once it is planned (live.LiveBuild.update)
            threading.Thread(target=wait_for_finishing, args=(IOLoop.current(), outcome), daemon=True).start()
        else:
            say(outcome.text(language))

    def reload(paths: set[Path] | None) -> None:
        if paths is not None:
            only_css = paths and all(path.suffix == ".css" for path in paths)
            LiveReloadHandler.reload_waiters(next(iter(paths)).name if only_css else "*")

    def wait_for_finishing(loop, outcome) -> None:
        from multiprocessing.connection import wait

        had_problems, planning = bool(live.problems), live.planning
        if planning is not None:
            planning.join()
        loop.add_callback(say, outcome.text(language))
        sentinel = live.finishing_sentinel()
        if sentinel is not None:
            wait([sentinel])
        loop.add_callback(finished, had_problems)

    def finished(had_problems: bool) -> None:
        live.settle()
        if live.problems and not had_problems:
            say("\n".join(live.problems), error=True)
            LiveReloadHandler.reload_waiters("*")

    update(None)
    server = reloading_server(host, port, language, lambda: site.base_path + decap.API_PATH)(
        site, watcher=SourceWatcher(project, update))

    def when_quiet() -> None:
        live.index_when_quiet()
        if not gc.isenabled() and time.monotonic() - live.last_change > COLLECT_PAUSE:
            gc.enable()

    PeriodicCallback(when_quiet, 500).start()
    say(said.SERVE_LISTENING(address=f"http://{host}:{port}{site.base_path}").render(language))
    server.serve(host=host, port=port, debug=False, restart_delay=0)
