"""The dev server: serves only output/, under the base path, and shows build errors in the browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from katalogi.pipeline import Project, build
from katalogi.serve import DevSite, error_page

ROOT = Path(__file__).resolve().parent.parent


def call(app: DevSite, path: str) -> tuple[str, dict, bytes]:
    captured = {}

    def start_response(status, headers):
        captured["status"], captured["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start_response))
    return captured["status"], captured["headers"], body


@pytest.fixture
def built_site(project):
    root = project()
    build(Project(root), root / "output")
    return root


def test_serves_pages_and_assets_with_their_types(built_site):
    app = DevSite(built_site / "output")
    status, headers, body = call(app, "/toimenpiteet/1/")
    assert status == "200 OK" and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<h1>Ensimm\xc3\xa4inen</h1>" in body
    status, headers, _ = call(app, "/static/style.css")
    assert status == "200 OK" and headers["Content-Type"] == "text/css; charset=utf-8"


def test_unknown_path_gets_the_sites_404_page(built_site):
    status, _, body = call(DevSite(built_site / "output"), "/ei-ole/")
    assert status == "404 Not Found" and "Sivua ei löytynyt".encode() in body


def test_site_is_served_under_its_base_path(built_site):
    app = DevSite(built_site / "output", "/hankinnat/")
    assert call(app, "/hankinnat/toimenpiteet/1/")[0] == "200 OK"
    status, headers, _ = call(app, "/toimenpiteet/1/")
    assert status == "302 Found" and headers["Location"] == "/hankinnat/"


@pytest.mark.parametrize("path", [
    "/../site_config.yaml", "/%2e%2e/site_config.yaml", "/..%2fsite_config.yaml", "/%2e%2e%2fsite_config.yaml",
    "/static/../../site_config.yaml", "//etc/passwd", "/linked/site_config.yaml", "/outside.yaml",
])
def test_nothing_outside_output_is_ever_served(built_site, path):
    out = built_site / "output"
    (out / "linked").symlink_to(built_site, target_is_directory=True)
    (out / "outside.yaml").symlink_to(built_site / "site_config.yaml")
    status, _, body = call(DevSite(out), path)
    assert status == "404 Not Found"
    assert b"statuses:" not in body and b"root:" not in body


def test_failed_build_shows_every_problem_escaped(built_site):
    app = DevSite(built_site / "output")
    app.problems = ["content/actions/1.yaml:3: name: <script>alert(1)</script>", "site_config.yaml:1: title: x"]
    for path in ("/", "/toimenpiteet/1/", "/static/style.css"):
        status, headers, body = call(app, path)
        assert status == "500 Internal Server Error" and headers["Content-Type"].startswith("text/html")
        assert b"content/actions/1.yaml:3: name: &lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert b"site_config.yaml:1: title: x" in body and b"<script>" not in body
    assert b"</head>" in error_page(["x"]), "livereload injects its script before </head>"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float = 20.0):
    """Poll until `condition()` returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"gave up waiting after {timeout} s")


def fetch(url: str) -> tuple[int, str] | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return None


def test_serve_rebuilds_on_save_shows_errors_and_recovers(project):
    root = project()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "-C", str(root), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    page = f"http://127.0.0.1:{port}/toimenpiteet/1/"
    action = root / "content/actions/1.yaml"
    try:
        status, body = wait_for(lambda: fetch(page))
        assert status == 200 and "<h1>Ensimmäinen</h1>" in body and "livereload.js" in body
        built_page = (root / "output/toimenpiteet/1/index.html").read_bytes()

        action.write_text(action.read_text(encoding="utf-8").replace("status: on_time", "status: valmis"),
                          encoding="utf-8")
        status, body = wait_for(lambda: (r := fetch(page)) and r[0] == 500 and r)
        assert "content/actions/1.yaml:8: status: unknown status &#x27;valmis&#x27; " \
               "(expected one of: done, on_time)" in body
        assert (root / "output/toimenpiteet/1/index.html").read_bytes() == built_page
        assert server.poll() is None, "the server keeps running"

        action.write_text(action.read_text(encoding="utf-8").replace("status: valmis", "status: on_time")
                          .replace("name: Ensimmäinen", "name: Korjattu"), encoding="utf-8")
        status, body = wait_for(lambda: (r := fetch(page)) and r[0] == 200 and r)
        assert "<h1>Korjattu</h1>" in body
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_listens_on_loopback_by_default():
    from click.testing import CliRunner

    from katalogi.cli import serve

    option = next(param for param in serve.params if param.name == "host")
    assert option.default == "127.0.0.1"
    assert "127.0.0.1" in CliRunner().invoke(serve, ["--help"]).output
