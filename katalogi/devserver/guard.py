"""What the dev server refuses before it reads a request's body: a Host that is not this server's, and a body larger
than the most it reads.

DNS rebinding: a page of another site can point its own name at 127.0.0.1 a moment after the
browser loaded it, and its scripts then reach the dev server as "the same origin", with
`Host: evil.example:8000` (and a matching Origin). A request is answered only when its Host
names this server as an address (an IP address cannot be rebound), as `localhost`, or by the
name the server was started with (`serve --host`): Vite and webpack's dev servers do the same.

A large body: tornado reads a request's whole body into memory before any handler sees it,
and frees it at its own pace; a 50 MB request made the server 51 MB bigger each time. The
HTTP server is told the most it reads (MAX_BODY, the web editor's own limit), and a request
that announces more is answered 413 from its headers alone, and the connection closed
unread. Both checks run for every path, the site's pages and livereload's script included.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable

from tornado import httputil, web

from ..base import said
from .local_backend import MAX_REQUEST as MAX_BODY

LOOPBACK = ("127.0.0.1", "localhost", "[::1]")  # what the refusal names as this machine's addresses


def host_name(host_header: str) -> str:
    """The name in a Host header, without its port, in lower case: `Evil.Example:8000` -> evil.example,
    `[::1]:8000` -> ::1."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host[1:]
    name, colon, port = host.rpartition(":")
    return name if colon and port.isdigit() and ":" not in name else host


def host_allowed(host_header: str | None, bound: str) -> bool:
    """Whether a request is addressed to this server: by an IP address, by localhost, or by the name it was started
    with (`bound`, serve's --host)."""
    if not host_header or "\x00" in host_header:
        return False
    name = host_name(host_header).removesuffix(".")
    if name == "localhost" or name.endswith(".localhost"):  # RFC 6761: always this machine, never looked up
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return bool(name) and name == host_name(bound).removesuffix(".")
    return True


def refusal(path: str, headers: httputil.HTTPHeaders, bound: str, port: int, language: str,
            api_path: str) -> tuple[int, str, bytes, str] | None:
    """(status, reason, body, content type) of the answer to a request refused from its headers alone, or None."""
    if not host_allowed(headers.get("Host"), bound):
        hosts = ", ".join(dict.fromkeys([*LOOPBACK, *([bound] if bound not in ("127.0.0.1", "0.0.0.0", "::") else [])]))
        address = f"http://{'127.0.0.1' if bound in ('0.0.0.0', '::') else bound}:{port}/"
        message = said.SERVE_HOST_REFUSED(hosts=hosts, host=headers.get("Host") or "-", address=address)
        return answer(403, "Forbidden", message.render(language), path == api_path)
    length = headers.get("Content-Length", "")
    if length.strip().isdigit() and int(length) > MAX_BODY:
        message = said.SERVE_TOO_LARGE(limit=MAX_BODY // (1024 * 1024))
        return answer(413, "Content Too Large", message.render(language), path == api_path)
    return None


def answer(status: int, reason: str, text: str, as_json: bool) -> tuple[int, str, bytes, str]:
    """The web editor's backend answers JSON (Decap shows its `error`); every other path plain text."""
    if as_json:
        return status, reason, json.dumps({"error": text}, ensure_ascii=False).encode(), \
            "application/json; charset=utf-8"
    return status, reason, f"{text}\n".encode(), "text/plain; charset=utf-8"


class Guarded(web.Application):
    """A tornado Application that refuses a request from its headers, before its body is read (`refusal`)."""

    def __init__(self, *args, bound: str, port: int, language: str, api_path: Callable[[], str], **kwargs):
        super().__init__(*args, **kwargs)
        self.bound, self.port, self.language, self.api_path = bound, port, language, api_path

    def start_request(self, server_conn, request_conn: httputil.HTTPConnection) -> httputil.HTTPMessageDelegate:
        return Guard(super().start_request(server_conn, request_conn), request_conn, self)


class Guard(httputil.HTTPMessageDelegate):
    """One request: passed on to the application, unless its headers say it is refused; then answered and closed
    without reading its body."""

    def __init__(self, delegate: httputil.HTTPMessageDelegate, connection, application: Guarded):
        self.delegate, self.connection, self.application = delegate, connection, application

    def headers_received(self, start_line, headers: httputil.HTTPHeaders):
        app = self.application
        path = start_line.path.split("?", 1)[0]
        refused = refusal(path, headers, app.bound, app.port, app.language, app.api_path())
        if refused is None:
            return self.delegate.headers_received(start_line, headers)
        return self.refuse(*refused, head_only=start_line.method == "HEAD")

    async def refuse(self, status: int, reason: str, body: bytes, content_type: str, head_only: bool) -> None:
        head = httputil.HTTPHeaders({"Content-Type": content_type, "Content-Length": str(len(body)),
                                     "Cache-Control": "no-store", "Connection": "close"})
        await self.connection.write_headers(httputil.ResponseStartLine("HTTP/1.1", status, reason), head,
                                            b"" if head_only else body)
        stream = self.connection.detach()  # the connection stops here: its body is never read
        stream.close()

    def data_received(self, chunk: bytes):
        return self.delegate.data_received(chunk)

    def finish(self) -> None:
        self.delegate.finish()

    def on_connection_close(self) -> None:
        self.delegate.on_connection_close()
