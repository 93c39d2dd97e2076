"""The shipped catalogue in a real browser: Debian's Chromium driven by Playwright.

Skips where /usr/bin/chromium or Playwright is missing; CI (.ci/run) installs Chromium.
Never runs `playwright install`: the browser comes from the system.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from katalogi.pipeline import Project, build

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "docs" / "screenshots"

if not CHROMIUM.exists():
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
TITLE_111 = "Julkisten toimijoiden yhteistyö vastuullisissa hankinnoissa"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The shipped catalogue, built and served on 127.0.0.1 for the duration of the module."""
    out = tmp_path_factory.mktemp("browser") / "output"
    build(Project(ROOT), out)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=out))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def open_page(browser, url: str, width: int, height: int, javascript: bool = True):
    """A page with its requests and console errors recorded."""
    context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript)
    page = context.new_page()
    page.requests, page.console_errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    response = page.goto(url)
    assert response is not None and response.status == 200
    return page


@pytest.mark.parametrize("name, width, height", [("desktop", 1280, 900), ("phone", 390, 844)])
def test_action_111_at_desktop_and_phone_width(browser, site_url, tmp_path, request, name, width, height):
    page = open_page(browser, f"{site_url}/toimenpiteet/111/", width, height)
    assert page.locator("h1").inner_text() == TITLE_111
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"
    assert page.console_errors == []
    assert all(url.startswith(site_url + "/") for url in page.requests), page.requests
    folder = SCREENSHOTS if request.config.getoption("--update-screenshots") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"action-111-{name}.png"), full_page=True)
    assert (folder / f"action-111-{name}.png").stat().st_size > 10_000
    page.context.close()


def test_action_page_works_without_javascript(browser, site_url):
    page = open_page(browser, f"{site_url}/toimenpiteet/111/", 1280, 900, javascript=False)
    assert page.locator("h1").inner_text() == TITLE_111
    assert page.get_by_role("heading", name="Mitä on tehty?").is_visible()
    assert page.locator(".task").count() == 3
    page.context.close()


def test_skip_link_is_first_visible_on_focus_and_moves_to_main(browser, site_url):
    page = open_page(browser, f"{site_url}/toimenpiteet/111/", 1280, 900)
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.inner_text() == "Siirry pääsisältöön"
    box = focused.bounding_box()
    assert box is not None and box["y"] >= 0 and box["x"] >= 0, "visible inside the viewport when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.activeElement.id") == "main"
    page.context.close()


def test_next_then_previous_returns_to_the_same_action(browser, site_url):
    page = open_page(browser, f"{site_url}/toimenpiteet/111/", 1280, 900)
    page.locator("a[rel=next]").click()
    page.wait_for_url(f"{site_url}/toimenpiteet/112/")
    page.locator("a[rel=prev]").click()
    page.wait_for_url(f"{site_url}/toimenpiteet/111/")
    assert page.locator("h1").inner_text() == TITLE_111
    page.context.close()


@pytest.mark.parametrize("path", ["/", "/toimenpiteet/", "/kategoriat/hankinnat/", "/organisaatiot/",
                                  "/organisaatiot/kymp/", "/mittarit/ilmastokriteerien-osuus/", "/404.html"])
def test_every_page_type_loads_at_phone_width_without_errors(browser, site_url, path):
    page = open_page(browser, site_url + path, 390, 844)
    assert page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{path} scrolls sideways"
    assert page.console_errors == []
    page.context.close()
