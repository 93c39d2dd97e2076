"""The dev server: rebuild on every change, reload the browser, show errors in it.

livereload watches the sources and injects its reload script; `DevSite` is the
WSGI app it serves, which knows the site's base path, never serves a file from
outside output/, and answers with the list of problems while the last build failed.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import os
from pathlib import Path

import click

from . import pipeline
from .cache import CACHE_FOLDER
from .errors import BuildFailed
from .pipeline import Project

logger = logging.getLogger(__name__)


class DevSite:
    """WSGI app serving the built site under its base path, or the last build's errors."""

    def __init__(self, out: Path, base_path: str = "/"):
        self.out = out
        self.base_path = base_path
        self.problems: list[str] = []

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return self.respond(start_response, "405 Method Not Allowed", "text/plain; charset=utf-8",
                                b"Only GET and HEAD are served.\n", [("Allow", "GET, HEAD")])
        body = self.answer(environ, start_response)
        return [b""] if method == "HEAD" else body  # the headers of a GET, without its body

    def answer(self, environ, start_response):
        """Respond to a GET: the file, a redirect into the base path, a 404, or the problem list."""
        if self.problems:
            return self.respond(start_response, "500 Internal Server Error", "text/html; charset=utf-8",
                                error_page(self.problems))
        path = environ.get("PATH_INFO", "/")
        if not path.startswith(self.base_path):
            start_response("302 Found", [("Location", self.base_path), ("Content-Length", "0")])
            return [b""]
        # PEP 3333: PATH_INFO is already percent-decoded, its UTF-8 bytes carried as Latin-1.
        file = self.resolve(path[len(self.base_path):].encode("latin-1").decode("utf-8", "replace"))
        body = read_or_none(file) if file else None
        if body is None:
            missing = read_or_none(self.out / "404.html") or b"<!doctype html><title>404</title></head>"
            return self.respond(start_response, "404 Not Found", "text/html; charset=utf-8", missing)
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("javascript", "json", "xml")):
            content_type += "; charset=utf-8"
        return self.respond(start_response, "200 OK", content_type, body)

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


def read_or_none(file: Path) -> bytes | None:
    """The file's bytes, or None if it went away (a rebuild swapped output/ meanwhile)."""
    try:
        return file.read_bytes()
    except OSError:
        return None


def error_page(problems: list[str]) -> bytes:
    """A page listing every problem; the reload script brings the site back once fixed."""
    items = "\n".join(f"<li><code>{html.escape(problem)}</code></li>" for problem in problems)
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Build failed</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}}
h1{{color:#b00020}}li{{margin:.5rem 0}}code{{white-space:pre-wrap}}</style>
</head>
<body><main><h1>The site could not be built</h1>
<p>Fix these problems and save; this page reloads by itself.</p>
<ul>{items}</ul></main></body></html>
""".encode()


def rebuild(project: Project, out: Path, site: DevSite) -> None:
    """Build once; on failure keep serving the error list instead of the site."""
    try:
        built = pipeline.build(project, out, cache_folder=project.root / CACHE_FOLDER)
    except BuildFailed as failure:
        site.problems = [str(error) for error in failure.errors]
        click.echo(failure.message, err=True)
    except click.ClickException as failure:
        site.problems = [failure.message]
        click.echo(failure.message, err=True)
    else:
        site.problems = []
        site.base_path = built.base_path
        click.echo(f"Built {built.actions} actions.")


def serve_project(project: Project, out: Path, host: str, port: int) -> None:
    """Build, then serve on host:port and rebuild whenever a source changes."""
    from livereload import Server

    site = DevSite(out)
    rebuild(project, out, site)
    server = Server(site)
    for path in project.watched:
        server.watch(str(path), lambda: rebuild(project, out, site))
    click.echo(f"Serving on http://{host}:{port}{site.base_path} (Ctrl+C to stop)")
    server.serve(host=host, port=port, debug=False, restart_delay=0)
