"""The dev server in the tests: a WSGI call to DevSite, and the real `build.py serve` started on a free port,
polled and fetched from."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from tools import ROOT

from katalogi.devserver.serve import DevSite


def call(app: DevSite, path: str) -> tuple[str, dict[str, str], bytes]:
    """Call the app as a WSGI server would, with PATH_INFO given as is; return status, headers, body."""
    recorded: dict = {}

    def start_response(status, headers, exc_info=None):
        recorded["status"], recorded["headers"] = status, dict(headers)

    environ = {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
    }
    body = b"".join(app(environ, start_response))
    assert int(recorded["headers"].get("Content-Length", len(body))) == len(body)
    return recorded["status"], recorded["headers"], body


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def poll(condition, what: str, timeout: float = 20.0, log: Path | None = None):
    """Call `condition()` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            output = log.read_text(encoding="utf-8", errors="replace") if log and log.exists() else ""
            pytest.fail(f"gave up after {timeout} s waiting for {what}\nserver output:\n{output}")
        time.sleep(0.1)


def fetch(url: str) -> tuple[int, str] | None:
    """Status and body of a GET to 127.0.0.1, or None while nothing answers."""
    assert url.startswith("http://127.0.0.1:")
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except OSError:
        return None


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on `port`, from /proc/net/tcp and tcp6."""
    addresses = set()
    for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        if not os.path.exists(table):
            continue
        with open(table, encoding="ascii") as rows:
            for row in list(rows)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, port_hex = local.split(":")
                if state != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                    continue
                raw = bytes.fromhex(address)
                # the kernel prints each 32-bit word in host (little-endian) order
                raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
                addresses.add(socket.inet_ntop(family, raw))
    return addresses


@contextlib.contextmanager
def running_server(root: Path, log: Path, *options: str):
    """`build.py serve` on a free port in a subprocess, its output in `log`; yields the process and base URL."""
    port = free_port()
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "-C", str(root), "--port", str(port), *options],
            cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        yield server, f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
