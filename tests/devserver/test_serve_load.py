"""The real dev server under load and under malformed requests, on 127.0.0.1 only.

`build.py serve` runs in a subprocess. It must answer 1,000 concurrent requests,
survive garbage, absurd paths, huge headers, bad methods and every spelling of
`../`, and never return a byte of a file outside output/: a secret is planted in
files beside output/ and must not appear in any response.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import re
import socket

import pytest
from conftest import TINY_CONFIG, write_project
from served import fetch, listening_addresses, poll, running_server

from katalogi.build.pipeline import build
from katalogi.cli import serve
from katalogi.devserver.serve import DevSite
from katalogi.inputs.sources import Project

SECRET = "PLANTED-SECRET-OUTSIDE-OUTPUT-41c9"
EDITOR = "editor:\n  enabled: true\n  repo: example/katalogi\n"  # the web editor's backend answers too
TIMEOUT = 60  # seconds for any one exchange: a hang guard, not a timing
FUZZ_WAIT = 3  # seconds to wait for an answer to a request the server may rightly wait on for ever


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(port, output folder) of `build.py serve` on a free port of 127.0.0.1, with secrets beside output/."""
    folder = tmp_path_factory.mktemp("serve-load")
    root = write_project(folder / "site", {"SECRET.txt": SECRET, "content/SECRET.txt": SECRET},
                         TINY_CONFIG + EDITOR + f"# {SECRET}\n")
    (folder / "secret-outside.txt").write_text(SECRET, encoding="utf-8")
    log = folder / "server.log"
    with running_server(root, log, "--lang", "en") as (process, base):
        port = int(base.rsplit(":", 1)[1])
        poll(lambda: process.poll() is None and fetch(f"{base}/"), "the server", log=log)
        (root / "output/outside-link.txt").symlink_to(folder / "secret-outside.txt")
        yield port, root / "output", process, log, root


async def exchange(port: int, request: bytes, wait: float = TIMEOUT) -> bytes:
    """Send raw bytes to 127.0.0.1:port; read one response, or what came within `wait` seconds."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError as error:
        return f"connect failed: {error}".encode()
    received = bytearray()
    try:
        writer.write(request)
        await writer.drain()
        await asyncio.wait_for(read_response(reader, received), wait)
    except (TimeoutError, ConnectionError):
        pass  # the server may wait for the rest of a broken request, or drop it: both are fine
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    return bytes(received)


async def read_response(reader: asyncio.StreamReader, received: bytearray) -> None:
    """Read into `received` until the end of the first response (its Content-Length) or of the connection."""
    while b"\r\n\r\n" not in received:
        chunk = await reader.read(65536)
        if not chunk:
            return
        received += chunk
    head, _, _ = bytes(received).partition(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    while length is None or len(received) < len(head) + 4 + int(length[1]):
        chunk = await reader.read(65536)
        if not chunk:
            return
        received += chunk


async def exchange_all(port: int, requests: list[bytes], wait: float = TIMEOUT) -> list[bytes]:
    return await asyncio.gather(*(exchange(port, request, wait) for request in requests))


def get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()


def body_of(response: bytes) -> bytes:
    return response.partition(b"\r\n\r\n")[2]


def test_serve_listens_on_127_0_0_1_unless_told_otherwise():
    host = next(param for param in serve.params if param.name == "host")
    assert host.default == "127.0.0.1"


def test_serve_listens_where_host_says(project, tmp_path):
    """Another loopback address, so nothing leaves the machine; only /proc is read, nothing is sent to it."""
    root = project()
    log = tmp_path / "server.log"
    with running_server(root, log, "--host", "127.0.0.2") as (_, base):
        port = int(base.rsplit(":", 1)[1])
        assert poll(lambda: listening_addresses(port), "the server to listen", log=log) == {"127.0.0.2"}


def call(app: DevSite, method: str, path: str) -> tuple[str, dict, bytes]:
    recorded = {}

    def start_response(status, headers, exc_info=None):
        recorded.update(status=status, headers=dict(headers))

    body = b"".join(app({"REQUEST_METHOD": method, "PATH_INFO": path}, start_response))
    return recorded["status"], recorded["headers"], body


def test_head_gets_the_headers_of_get_without_a_body_and_other_methods_are_refused(project):
    root = project()
    build(Project(root), root / "output")
    app = DevSite(root / "output")
    status, headers, body = call(app, "HEAD", "/toimenpiteet/1/")
    assert status == "200 OK" and body == b""
    assert int(headers["Content-Length"]) == len((root / "output/toimenpiteet/1/index.html").read_bytes())
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO"):
        status, headers, _ = call(app, method, "/toimenpiteet/1/")
        assert status == "405 Method Not Allowed" and headers["Allow"] == "GET, HEAD"


def test_a_thousand_concurrent_requests_are_all_answered(server):
    port, out, process, _, _ = server
    css = (out / "static/style.css").read_bytes()
    paths = ["/", "/toimenpiteet/1/", "/static/style.css", "/kategoriat/hankinnat/", "/ei-ole/"]
    requests = [paths[number % len(paths)] for number in range(1000)]
    responses = asyncio.run(exchange_all(port, [get(path) for path in requests]))
    for path, response in zip(requests, responses, strict=True):
        status = response.split(b"\r\n", 1)[0]
        if path == "/ei-ole/":
            assert status == b"HTTP/1.1 404 Not Found", (path, response[:200])
            continue
        assert status == b"HTTP/1.1 200 OK", (path, response[:200])
        if path == "/static/style.css":
            assert body_of(response) == css
        elif path == "/toimenpiteet/1/":
            assert "<h1>Ensimmäinen</h1>".encode() in body_of(response)
    assert process.poll() is None


TRAVERSALS = [
    "/../SECRET.txt", "/%2e%2e/SECRET.txt", "/%2E%2E/SECRET.txt", "/..%2fSECRET.txt", "/..%2FSECRET.txt",
    "/%2e%2e%2fSECRET.txt", "/%252e%252e/SECRET.txt", "/static/../../SECRET.txt", "/..\\SECRET.txt",
    "/..%5cSECRET.txt", "/%5c..%5cSECRET.txt", "/..%c0%afSECRET.txt", "/..%00/SECRET.txt", "/%00",
    "//SECRET.txt", "/./../site_config.yaml", "/../../secret-outside.txt", "/%2e%2e/%2e%2e/secret-outside.txt",
    "/outside-link.txt", "/toimenpiteet/..%2f..%2f..%2fsecret-outside.txt", "/.%2e/SECRET.txt",
    "/%2e./SECRET.txt", "/....//SECRET.txt", "/..;/SECRET.txt", "/../content/SECRET.txt",
    "http://127.0.0.1/../SECRET.txt", "file:///etc/passwd", "/../../../../../../etc/passwd", "*",
]


def malformed_requests() -> list[bytes]:
    """Hand-written oddities, then seeded random combinations of the usual suspects."""
    fixed = [get(path) for path in TRAVERSALS] + [
        b"", b"\r\n\r\n", b"GET\r\n\r\n", b"GET /\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GET / FOO\r\n\r\n",
        b"FOO / HTTP/1.1\r\nHost: x\r\n\r\n", b"G\x00ET / HTTP/1.1\r\n\r\n", b"get / HTTP/1.1\r\n\r\n",
        b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nX-Huge: " + b"x" * 1_000_000 + b"\r\n\r\n",
        b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(10_000)) + b"\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 999999999\r\n\r\nabc",
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnope\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(64),
        b"GET /\xff\xfe\x00 HTTP/1.1\r\n\r\n", b"GET / HTTP/1.1\nHost: 127.0.0.1\n\n",
        b"GET / HTTP/1.1\r\nHost: \x00\r\n\r\n", b"GET / HTTP/1.1\r\n Folded: header\r\n\r\n",
        b"GET /%zz%%% HTTP/1.1\r\n\r\n", b"CONNECT 127.0.0.1:22 HTTP/1.1\r\n\r\n", b"TRACE / HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /../SECRET.txt HTTP/1.1\r\n\r\n",  # pipelined
    ]
    chance = random.Random(1035)
    methods = ["GET"] * 6 + ["HEAD"] * 3 + ["POST", "PUT", "DELETE", "OPTIONS", "PATCH", "X" * 300, "G ET", ""]
    versions = ["HTTP/1.1"] * 6 + ["HTTP/1.0"] * 2 + ["HTTP/0.9", ""]
    pieces = ["..", "%2e%2e", "%2E%2e", ".%2e", "%2f", "%2F", "%5c", "\\", "%00", "%252e", "%c0%ae", "/", "//",
              ".", "SECRET.txt", "site_config.yaml", "secret-outside.txt", "etc", "passwd", "static", "toimenpiteet",
              "1", "?", "#", ";", "%", "ä", "%ff", "~", "index.html", "outside-link.txt", "content"]
    headers = ["Host: 127.0.0.1", "Host: evil.example", "Host:", "Range: bytes=0-", "Range: bytes=-1,0-0,5-1",
               "If-Modified-Since: garbage", "Accept-Encoding: gzip, br", "Cookie: " + "a=b; " * 500,
               "Content-Length: abc", "Expect: 100-continue", "Connection: keep-alive, Upgrade",
               "Upgrade: websocket", "X-Forwarded-For: 127.0.0.1", "Host: 127.0.0.1:1\x00"]
    randomised = []
    for _ in range(300):
        path = "/" + "/".join(chance.choices(pieces, k=chance.randint(1, 8)))
        lines = [f"{chance.choice(methods)} {path} {chance.choice(versions)}"]
        lines += chance.sample(headers, k=chance.randint(0, 4))
        randomised.append(("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape"))
    return fixed + randomised


def test_malformed_requests_never_crash_the_server_or_leak_files_outside_output(server):
    port, _, process, log, _ = server
    requests = malformed_requests()
    responses = asyncio.run(exchange_all(port, requests, FUZZ_WAIT))
    for request, response in zip(requests, responses, strict=True):
        assert SECRET.encode() not in response, request[:200]
        assert b"root:x:0:0" not in response, request[:200]
        assert b"statuses:" not in response, request[:200]
        assert not response.startswith(b"connect failed"), (request[:200], response)
    for path in TRAVERSALS:
        response = asyncio.run(exchange(port, get(path)))
        assert not response.startswith(b"HTTP/1.1 200"), (path, response[:300])
    assert process.poll() is None, "the server is still running"
    server_output = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in server_output and "Uncaught exception" not in server_output, server_output[-3000:]
    status, body = fetch(f"http://127.0.0.1:{port}/toimenpiteet/1/")
    assert status == 200 and "<h1>Ensimmäinen</h1>" in body, "and still serves the site"


def request(method: str, path: str, host: str, body: bytes = b"", **headers: str) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: close",
             *(f"{name.replace('_', '-')}: {value}" for name, value in headers.items())]
    if body:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def test_a_request_for_another_host_is_refused_on_every_path_and_says_where_to_go(server):
    """DNS rebinding: a page of evil.example that points its name at 127.0.0.1 sends Host: evil.example."""
    port, *_ = server
    refused = (f"The dev server answers only requests addressed to this machine (127.0.0.1, localhost, [::1]), not "
               f"to evil.example:{port}; open http://127.0.0.1:{port}/\n").encode()
    for path in ("/", "/toimenpiteet/1/", "/static/style.css", "/ei-ole/", "/livereload.js", "/admin/",
                 "/admin/config.yml"):
        response = asyncio.run(exchange(port, request("GET", path, f"evil.example:{port}")))
        assert response.startswith(b"HTTP/1.1 403 Forbidden\r\n"), (path, response[:300])
        assert body_of(response) == refused
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}", "127.0.0.1"):
        response = asyncio.run(exchange(port, request("GET", "/toimenpiteet/1/", host)))
        assert response.startswith(b"HTTP/1.1 200 OK"), (host, response[:300])


def test_a_rebound_page_can_neither_read_nor_save_a_content_file(server):
    port, _, _, _, root = server
    action = root / "content/actions/1.yaml"
    original = action.read_bytes()
    get_entry = json.dumps({"action": "getEntry", "params": {"path": "content/actions/1.yaml"}}).encode()
    persist = json.dumps({"action": "persistEntry", "params": {"assets": [], "dataFiles": [{
        "path": "content/actions/1.yaml", "raw": original.decode().replace("Ensimmäinen", "Hacked")}]}}).encode()
    for body in (get_entry, persist):
        response = asyncio.run(exchange(port, request("POST", "/api/v1", f"evil.example:{port}", body,
                                                      Origin=f"http://evil.example:{port}")))
        assert response.startswith(b"HTTP/1.1 403 Forbidden\r\n"), response[:300]
        assert json.loads(body_of(response))["error"].startswith("The dev server answers only requests addressed")
        assert b"Ensimm" not in response
    assert action.read_bytes() == original
    own = asyncio.run(exchange(port, request("POST", "/api/v1", f"127.0.0.1:{port}", get_entry,
                                             Origin=f"http://127.0.0.1:{port}")))
    assert own.startswith(b"HTTP/1.1 200 OK") and json.loads(body_of(own))["data"] == original.decode()


def resident_bytes(pid: int) -> int:
    """The process's resident memory (VmRSS), from /proc."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))


def send_huge(port: int, size: int) -> bytes:
    """Send a request with a body of `size` bytes, as much of it as the server takes; the response, if any."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as connection:
        connection.sendall(request("POST", "/api/v1", f"127.0.0.1:{port}", b"", Content_Type="application/json",
                                   Content_Length=str(size)))
        chunk = b"x" * (1024 * 1024)
        with contextlib.suppress(OSError):  # the server closes the connection instead of reading on
            for _ in range(size // len(chunk)):
                connection.sendall(chunk)
        received = b""
        with contextlib.suppress(OSError):
            while part := connection.recv(65536):
                received += part
        return received


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the server's memory from /proc")
def test_a_huge_body_is_refused_from_its_headers_and_memory_stays_flat(server):
    port, _, process, _, _ = server
    announced = asyncio.run(exchange(port, request("POST", "/api/v1", f"127.0.0.1:{port}", b"",
                                                   Content_Type="application/json", Content_Length="52428800")))
    assert announced.startswith(b"HTTP/1.1 413 Content Too Large\r\n"), announced[:300]
    assert json.loads(body_of(announced)) == {"error": "The request is larger than 8 MB, the most the dev server "
                                                       "reads; nothing was read or written"}
    send_huge(port, 50 * 1024 * 1024)  # the first one may settle what the server keeps anyway
    before = resident_bytes(process.pid)
    for _ in range(20):
        send_huge(port, 50 * 1024 * 1024)
    grown = resident_bytes(process.pid) - before
    assert grown < 16 * 1024 * 1024, f"the server grew by {grown / 1024 / 1024:.0f} MB over 20 requests of 50 MB"
    assert process.poll() is None
    status, body = fetch(f"http://127.0.0.1:{port}/toimenpiteet/1/")
    assert status == 200 and "<h1>Ensimmäinen</h1>" in body


def test_the_console_says_what_it_did_in_the_editors_language_and_nothing_in_livereloads_words(server):
    port, _, _, log, _ = server
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Built the whole site (2 actions) in ") and lines[0].endswith(" ms.")
    assert f"Serving on http://127.0.0.1:{port}/ (Ctrl+C to stop)" in lines
    assert not [line for line in lines if line.startswith(("[I ", "[W ")) or "Serving on http://127.0.0.1:" in line
                and "Ctrl+C" not in line]
