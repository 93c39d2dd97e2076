"""The dev server: DevSite as a WSGI app, then the real `build.py serve` in a subprocess.

DevSite must serve only what lies inside output/, under the site's base path, and
answer every request with the list of problems while the last build failed.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import TINY_CONFIG
from served import call, fetch, listening_addresses, poll, running_server

from katalogi.build.pipeline import build
from katalogi.devserver.serve import DevSite
from katalogi.inputs.sources import Project

SECRET = "OUTSIDE-OUTPUT-SECRET-7f3a"  # text that only files outside output/ contain


def built(root: Path) -> Path:
    """Build the project in `root` into root/output and return output/."""
    build(Project(root), root / "output")
    return root / "output"


@pytest.fixture
def site(project) -> Path:
    """The tiny project built, with a config that holds SECRET (so leaking it shows)."""
    return built(project(config=TINY_CONFIG + f"# {SECRET}\n"))


# Serving files


def test_directory_is_served_as_its_index_html(site):
    status, headers, body = call(DevSite(site), "/toimenpiteet/1/")
    assert status == "200 OK"
    assert headers["Content-Type"].split(";")[0] == "text/html"
    assert body == (site / "toimenpiteet/1/index.html").read_bytes()
    assert "<h1>Ensimmäinen</h1>".encode() in body


def test_site_root_is_served_as_index_html(site):
    status, _, body = call(DevSite(site), "/")
    assert status == "200 OK" and body == (site / "index.html").read_bytes()


def test_css_is_served_as_text_css(site):
    css = sorted(site.rglob("*.css"))
    assert css, "the theme ships a stylesheet"
    path = "/" + css[0].relative_to(site).as_posix()
    status, headers, body = call(DevSite(site), path)
    assert status == "200 OK"
    assert headers["Content-Type"].split(";")[0] == "text/css"
    assert body == css[0].read_bytes()


def test_unknown_path_is_404_with_the_sites_404_page(site):
    for path in ("/ei-ole/", "/toimenpiteet/999/", "/static/ei-ole.css"):
        status, headers, body = call(DevSite(site), path)
        assert status == "404 Not Found", path
        assert headers["Content-Type"].split(";")[0] == "text/html"
        assert body == (site / "404.html").read_bytes()
        assert "Sivua ei löytynyt".encode() in body


# Base path


@pytest.fixture
def sub_path_site(project) -> Path:
    config = re.sub(r"(?m)^base_path: .*$", "base_path: /hankinnat/", TINY_CONFIG)
    assert "base_path: /hankinnat/" in config
    return built(project(config=config + f"# {SECRET}\n"))


@pytest.mark.parametrize("path", ["/", "/toimenpiteet/1/", "/hankinnat", "/hankinnatx/", "/static/style.css"])
def test_path_outside_the_base_path_redirects_to_it(sub_path_site, path):
    status, headers, body = call(DevSite(sub_path_site, "/hankinnat/"), path)
    assert status == "302 Found"
    assert headers["Location"] == "/hankinnat/"
    assert body == b""


def test_page_under_the_base_path_is_served(sub_path_site):
    app = DevSite(sub_path_site, "/hankinnat/")
    status, headers, body = call(app, "/hankinnat/toimenpiteet/1/")
    assert status == "200 OK" and headers["Content-Type"].split(";")[0] == "text/html"
    assert body == (sub_path_site / "toimenpiteet/1/index.html").read_bytes()
    status, _, body = call(app, "/hankinnat/")
    assert status == "200 OK" and body == (sub_path_site / "index.html").read_bytes()
    assert call(app, "/hankinnat/ei-ole/")[0] == "404 Not Found"


# Nothing outside output/


TRAVERSALS = [
    "/../site_config.yaml",  # decoded, as a WSGI server passes /%2e%2e/site_config.yaml
    "/%2e%2e/site_config.yaml",  # still encoded
    "/%2E%2E/site_config.yaml",
    "/..%2fsite_config.yaml",
    "/..%2Fsite_config.yaml",
    "/%2e%2e%2fsite_config.yaml",
    "/%252e%252e/site_config.yaml",  # encoded twice
    "/static/../../site_config.yaml",
    "/toimenpiteet/%2e%2e/%2e%2e/%2e%2e/site_config.yaml",
    "/..\\site_config.yaml",
    "//site_config.yaml",
    "/./../site_config.yaml",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_never_leaves_output(site, path):
    assert SECRET in (site.parent / "site_config.yaml").read_text(encoding="utf-8")
    status, _, body = call(DevSite(site), path)
    assert status == "404 Not Found"
    assert SECRET.encode() not in body and b"statuses:" not in body


@pytest.mark.parametrize("path", ["/hankinnat/../site_config.yaml", "/hankinnat/%2e%2e/site_config.yaml",
                                  "/hankinnat/..%2fsite_config.yaml"])
def test_path_traversal_under_a_base_path_never_leaves_output(sub_path_site, path):
    status, _, body = call(DevSite(sub_path_site, "/hankinnat/"), path)
    assert status == "404 Not Found"
    assert SECRET.encode() not in body


def test_absolute_file_path_is_not_served(site, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(SECRET, encoding="utf-8")
    for path in (str(outside), "/" + str(outside), f"/%2F{str(outside).lstrip('/')}"):
        status, _, body = call(DevSite(site), path)
        assert status == "404 Not Found", path
        assert SECRET.encode() not in body


def test_symlink_to_a_file_outside_output_is_not_followed(site, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(SECRET, encoding="utf-8")
    (site / "linked.txt").symlink_to(outside)
    (site / "toimenpiteet" / "linked.html").symlink_to(outside)
    assert SECRET in (site / "linked.txt").read_text(encoding="utf-8"), "the link itself works"
    for path in ("/linked.txt", "/toimenpiteet/linked.html"):
        status, _, body = call(DevSite(site), path)
        assert status == "404 Not Found", path
        assert SECRET.encode() not in body


def test_symlinked_folder_outside_output_is_not_followed(site, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "index.html").write_text(SECRET, encoding="utf-8")
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (site / "elsewhere").symlink_to(outside, target_is_directory=True)
    for path in ("/elsewhere/", "/elsewhere/index.html", "/elsewhere/secret.txt"):
        status, _, body = call(DevSite(site), path)
        assert status == "404 Not Found", path
        assert SECRET.encode() not in body


def test_symlink_inside_output_to_a_file_inside_output_is_served(site):
    (site / "alias.html").symlink_to(site / "toimenpiteet/1/index.html")
    status, _, body = call(DevSite(site), "/alias.html")
    assert status == "200 OK" and body == (site / "toimenpiteet/1/index.html").read_bytes()


def test_output_folder_named_like_a_prefix_of_a_sibling_is_not_escaped(project):
    """output/ and output-secret/ share a prefix; the containment check must not confuse them."""
    out = built(project())
    sibling = out.parent / (out.name + "-secret")
    sibling.mkdir()
    (sibling / "page.html").write_text(SECRET, encoding="utf-8")
    for path in (f"/../{sibling.name}/page.html", f"/%2e%2e/{sibling.name}/page.html"):
        status, _, body = call(DevSite(out), path)
        assert status == "404 Not Found", path
        assert SECRET.encode() not in body


@pytest.mark.parametrize("path", ["/%00", "/toimenpiteet/1/index.html%00.txt", "/\x00", "/..%00/site_config.yaml"])
def test_nul_byte_in_path_is_404_not_a_crash(site, path):
    """os.path raises ValueError on a NUL byte; the app must answer 404 instead."""
    status, _, body = call(DevSite(site), path)
    assert status == "404 Not Found"
    assert SECRET.encode() not in body


@pytest.mark.parametrize(("name", "path_info"), [
    ("kuvä.txt", "/static/" + "kuvä.txt".encode().decode("latin-1")),  # GET /static/kuv%C3%A4.txt
    ("a%41.txt", "/static/a%41.txt"),  # GET /static/a%2541.txt
])
def test_file_names_are_taken_from_path_info_as_a_wsgi_server_passes_it(project, name, path_info):
    root = project()
    (root / "theme/static" / name).write_text(SECRET, encoding="utf-8")
    out = built(root)
    status, _, body = call(DevSite(out), path_info)
    assert status == "200 OK" and body == SECRET.encode()


# Failed build


def test_while_the_build_has_failed_every_request_gets_the_escaped_problem_list(sub_path_site):
    problems = [
        "content/actions/1.yaml:3: name: <script>alert('x')</script> & more",
        'site_config.yaml:2: title: "quoted" <b>bold</b>',
    ]
    app = DevSite(sub_path_site, "/hankinnat/")
    app.problems = list(problems)
    for path in ("/hankinnat/", "/hankinnat/toimenpiteet/1/", "/hankinnat/static/style.css",
                 "/hankinnat/ei-ole/", "/", "/../site_config.yaml"):
        status, headers, body = call(app, path)
        assert status == "500 Internal Server Error", path
        assert headers["Content-Type"].split(";")[0] == "text/html"
        text = body.decode("utf-8")
        for problem in problems:
            assert html.escape(problem) in text
            assert problem not in text
        assert "<script>" not in text and "<b>" not in text
        assert text.lower().startswith("<!doctype html>")
        assert SECRET not in text
    app.problems = []
    assert call(app, "/hankinnat/toimenpiteet/1/")[0] == "200 OK", "serving resumes once the problems are gone"


# The real server


def snapshot(folder: Path) -> dict[str, bytes]:
    return {file.relative_to(folder).as_posix(): file.read_bytes()
            for file in sorted(folder.rglob("*")) if file.is_file()}


def test_slow_real_server_rebuilds_shows_errors_and_recovers(project, tmp_path):
    """The slow one: `build.py serve` in a subprocess, edited while it runs. Every wait polls, 20 s at most."""
    root = project()
    action = root / "content/actions/1.yaml"
    original = action.read_text(encoding="utf-8")
    status_line = next(number for number, line in enumerate(original.splitlines(), 1)
                       if line.startswith("status:"))
    log = tmp_path / "server.log"
    with running_server(root, log) as (server, base):
        port = int(base.rsplit(":", 1)[1])
        page = f"{base}/toimenpiteet/1/"
        status, body = poll(lambda: server.poll() is None and fetch(page), "the first page", log=log)
        assert status == 200, body
        assert "<h1>Ensimmäinen</h1>" in body
        assert "livereload" in body, "the reload script is injected"

        assert listening_addresses(port) == {"127.0.0.1"}, "only this machine can connect by default"
        poll(lambda: f"http://127.0.0.1:{port}/" in log.read_text(encoding="utf-8", errors="replace"),
             "the address in the server's output", log=log)

        before = snapshot(root / "output")
        assert "toimenpiteet/1/index.html" in before

        action.write_text(original.replace("status: on_time", "status: kadonnut"), encoding="utf-8")
        expected = f"content/actions/1.yaml:{status_line}: status: unknown status 'kadonnut' " \
                   "(expected one of: done, on_time)"
        status, body = poll(lambda: (answer := fetch(page)) and answer[0] == 500 and answer,
                            "the error page", log=log)
        assert expected in html.unescape(body)
        assert html.escape(expected) in body
        assert server.poll() is None, "the server keeps running after a failed build"
        assert snapshot(root / "output") == before, "a failed build leaves output/ as it was"
        assert fetch(f"http://127.0.0.1:{port}/static/style.css")[0] == 500, "every request shows the errors"

        action.write_text(original.replace("name: Ensimmäinen", "name: Korjattu"), encoding="utf-8")
        status, body = poll(lambda: (answer := fetch(page)) and answer[0] == 200 and answer,
                            "the fixed page", log=log)
        assert "<h1>Korjattu</h1>" in body
        assert "Korjattu" in (root / "output/toimenpiteet/1/index.html").read_text(encoding="utf-8")
        assert server.poll() is None


def test_slow_real_server_rebuilds_on_template_theme_and_config_changes(project, tmp_path):
    """The other sources `serve` watches: a new site template, a theme file, site_config.yaml."""
    root = project()
    log = tmp_path / "server.log"
    with running_server(root, log) as (server, base):
        poll(lambda: server.poll() is None and fetch(base + "/"), "the first page", log=log)

        (root / "templates").mkdir(exist_ok=True)
        (root / "templates/404.html").write_text("<!doctype html><title>oma</title>OMA 404</head>\n", "utf-8")
        poll(lambda: (answer := fetch(base + "/404.html")) and "OMA 404" in answer[1], "the new template", log=log)

        css = root / "theme/static/style.css"
        css.write_text(css.read_text(encoding="utf-8") + "\n/* muutettu */\n", encoding="utf-8")
        poll(lambda: (answer := fetch(base + "/static/style.css")) and "/* muutettu */" in answer[1],
             "the changed theme file", log=log)

        config = root / "site_config.yaml"
        config.write_text(config.read_text(encoding="utf-8").replace("Testikatalogi", "Uusi nimi"), "utf-8")
        poll(lambda: (answer := fetch(base + "/")) and "<title>Etusivu – Uusi nimi</title>" in answer[1],
             "the changed site title", log=log)
        assert server.poll() is None


@pytest.mark.skipif(not Path("/usr/bin/chromium").is_file(), reason="needs Debian's Chromium at /usr/bin/chromium")
def test_slow_real_server_in_a_browser_shows_every_problem_and_returns_to_the_page(project, tmp_path):
    """What an editor sees: the open page turns into the list of problems on an invalid save, and back on the fix."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
    root = project()
    first, second = root / "content/actions/1.yaml", root / "content/actions/2.yaml"
    originals = {file: file.read_text(encoding="utf-8") for file in (first, second)}
    log = tmp_path / "server.log"
    with running_server(root, log) as (server, base), sync_api.sync_playwright() as playwright:
        poll(lambda: server.poll() is None and fetch(base + "/toimenpiteet/1/"), "the first page", log=log)
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.set_default_timeout(20_000)
        greeted = []  # the reload scripts the server has answered (its hello), one per page shown
        page.on("websocket", lambda socket: socket.on("framereceived", lambda _: greeted.append(socket)))

        def connected() -> int:
            page.wait_for_timeout(50)  # Playwright passes on the browser's events while it is called
            return len({id(socket) for socket in greeted})

        page.goto(base + "/toimenpiteet/1/")
        poll(lambda: connected() == 1, "the page's reload script to connect", log=log)

        first.write_text(originals[first].replace("status: on_time", "status: kadonnut"), encoding="utf-8")
        second.write_text(originals[second].replace("name: Toinen\n", ""), encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('content/actions/2.yaml')")
        shown = page.inner_text("main")
        assert shown.splitlines()[-2:] == [
            "content/actions/1.yaml:8: status: unknown status 'kadonnut' (expected one of: done, on_time)",
            "content/actions/2.yaml:1: name: required field is missing"]
        poll(lambda: connected() >= 2, "the error page's reload script to connect", log=log)

        first.write_text(originals[first].replace("name: Ensimmäinen", "name: Korjattu"), encoding="utf-8")
        second.write_text(originals[second], encoding="utf-8")
        page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').innerText === 'Korjattu'")
        assert page.url == base + "/toimenpiteet/1/"

        poll(lambda: connected() >= 3, "the fixed page's reload script to connect", log=log)
        page.evaluate("window.notReloaded = true")
        css = root / "theme/static/style.css"
        css.write_text(css.read_text(encoding="utf-8") + "\nh1 { letter-spacing: 3px; }\n", encoding="utf-8")
        page.wait_for_function("getComputedStyle(document.querySelector('h1')).letterSpacing === '3px'")
        assert page.evaluate("window.notReloaded") is True, "a stylesheet is swapped in without reloading the page"
        browser.close()
