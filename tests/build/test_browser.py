"""The shipped catalogue in a real browser: Playwright driving Debian's Chromium.

The site is built into a temporary folder and served by Python's http.server on
127.0.0.1; no request may leave this machine. `--update-screenshots` saves the
screenshots under docs/screenshots/ for the README.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from tools import ROOT

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project
from katalogi.outputs.search import pagefind_installed

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.is_file():
    pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ACTION = "/toimenpiteet/111/"
ACTION_NAME = "Julkisten toimijoiden yhteistyö vastuullisissa hankinnoissa"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
TIMEOUT_MS = 15_000


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The shipped catalogue, built into a temporary folder and served on 127.0.0.1."""
    out = tmp_path_factory.mktemp("browser") / "output"
    build(Project(ROOT), out)
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Record:
    """What a page did: every URL it requested, and every console error, exception or failed request."""

    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: message.type == "error" and self.problems.append(
            f"console error: {message.text} at {message.location}"))
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception: {error}"))
        page.on("requestfailed", lambda request: self.problems.append(f"failed: {request.url} {request.failure}"))
        page.on("response", lambda response: response.status >= 400 and self.problems.append(
            f"HTTP {response.status}: {response.url}"))


@pytest.fixture
def open_page(browser):
    """Open a URL in a fresh context; return the page, the response and the page's Record."""
    contexts = []

    def open_(url: str, viewport: str | dict = "desktop", **options):
        size = VIEWPORTS[viewport] if isinstance(viewport, str) else viewport  # a name, or a size of its own
        context = browser.new_context(viewport=size, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        record = Record()
        record.watch(page)
        response = page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        return page, response, record

    yield open_
    for context in contexts:
        context.close()


def action_tasks() -> list[str]:
    """The task names of action 111, read from the shipped content."""
    data = yaml.safe_load((ROOT / "content/actions/111.yaml").read_text(encoding="utf-8"))
    return [task["name"] for task in data.get("tasks", [])]


def elsewhere(urls: list[str], site_url: str) -> list[str]:
    """The requests that went anywhere but the test server."""
    origin = urlsplit(site_url)
    return [url for url in urls
            if urlsplit(url).scheme != "data" and (urlsplit(url).hostname, urlsplit(url).port)
            != (origin.hostname, origin.port)]


def screenshot_path(request, tmp_path: Path, name: str) -> Path:
    if request.config.getoption("--update-screenshots"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS / name
    return tmp_path / name


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_action_page_renders_cleanly(open_page, site_url, viewport, request, tmp_path):
    page, response, record = open_page(site_url + ACTION, viewport)
    assert response is not None and response.status == 200
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text().strip() == ACTION_NAME
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"the page scrolls sideways at {viewport} width"
    assert record.problems == []
    assert record.requests, "the page's own requests are recorded"
    assert elsewhere(record.requests, site_url) == [], "every request goes to 127.0.0.1"

    path = screenshot_path(request, tmp_path, f"action-111-{viewport}.png")
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes().startswith(b"\x89PNG")


def test_action_page_works_without_javascript(open_page, site_url):
    page, response, record = open_page(site_url + ACTION, java_script_enabled=False)
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text().strip() == ACTION_NAME
    tasks = page.locator(".tasks .task-list li")
    names = action_tasks()
    assert names, "action 111 has tasks"
    assert tasks.count() == len(names)
    assert tasks.first.is_visible()
    shown = page.locator(".tasks").inner_text()
    for name in names:
        assert name in shown
    assert record.problems == []
    assert elsewhere(record.requests, site_url) == []


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_first_tab_focuses_a_visible_skip_link_to_main(open_page, site_url, viewport):
    page, _, record = open_page(site_url + ACTION, viewport)
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.count() == 1
    assert focused.inner_text().strip() == "Siirry pääsisältöön"
    assert focused.get_attribute("href") == "#main"
    size = VIEWPORTS[viewport]
    page.wait_for_function(
        """([width, height]) => {
            const box = document.activeElement.getBoundingClientRect();
            return box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0
                && box.right <= width && box.bottom <= height;
        }""",
        arg=[size["width"], size["height"]], timeout=TIMEOUT_MS,
    )
    box = focused.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= size["width"] and box["y"] + box["height"] <= size["height"]

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'", timeout=TIMEOUT_MS)
    assert urlsplit(page.url).fragment == "main"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    assert record.problems == []


def test_next_link_leads_to_a_page_whose_previous_link_comes_back(open_page, site_url):
    page, _, record = open_page(site_url + ACTION)
    next_link = page.locator("a[rel=next]")
    assert next_link.count() == 1
    assert next_link.inner_text().startswith("Seuraava")
    next_link.click()
    page.wait_for_url(lambda url: urlsplit(url).path != ACTION, timeout=TIMEOUT_MS)
    next_path = urlsplit(page.url).path
    assert next_path.startswith("/toimenpiteet/") and next_path != ACTION
    assert page.locator("h1").inner_text().strip() != ACTION_NAME

    previous = page.locator("a[rel=prev]")
    assert previous.count() == 1
    assert urlsplit(previous.evaluate("link => link.href")).path == ACTION
    previous.click()
    page.wait_for_url(lambda url: urlsplit(url).path == ACTION, timeout=TIMEOUT_MS)
    assert page.locator("h1").inner_text().strip() == ACTION_NAME
    assert record.problems == []
    assert elsewhere(record.requests, site_url) == []


def test_no_action_page_scrolls_sideways_at_phone_width(open_page, site_url):
    page, _, _ = open_page(site_url + "/toimenpiteet/", "phone")
    links = page.locator("main a[href*='/toimenpiteet/']").evaluate_all("links => links.map(link => link.href)")
    actions = sorted({urlsplit(link).path for link in links} - {"/toimenpiteet/"})
    assert len(actions) > 10
    too_wide = {}
    for path in actions:
        response = page.goto(site_url + path)
        assert response is not None and response.status == 200, path
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll_width > inner_width:
            too_wide[path] = scroll_width
    assert too_wide == {}


@pytest.mark.parametrize("path", ["/", "/toimenpiteet/", "/kategoriat/", "/kategoriat/hankinnat/", "/organisaatiot/",
                                  "/organisaatiot/kymp/", "/mittarit/", "/mittarit/ilmastokriteerien-osuus/",
                                  "/tilannekatsaus/", "/tilat/", "/tilat/late/", "/tietojen-laatu/", "/404.html",
                                  "/haku/", "/saavutettavuusseloste/", "/avoin-data/", "/sv/toimenpiteet/111/",
                                  "/en/tilannekatsaus/", "/hankinnat/", "/hankinnat/2019-102150/",
                                  "/hankintayksikot/", "/mittarit/ympariston-kriteerit-euroina/",
                                  "/toimenpiteet/101/"])
def test_every_page_type_renders_cleanly_at_phone_width(open_page, site_url, path):
    page, response, record = open_page(site_url + path, "phone")
    assert response is not None and response.status == 200
    assert page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{path} scrolls sideways"
    assert record.problems == []
    assert elsewhere(record.requests, site_url) == []


def visible_action_ids(page) -> list[str]:
    return page.locator("#action-table tbody tr:visible .action-id").all_inner_texts()


def test_filters_are_instant_and_kept_in_the_address(open_page, site_url):
    page, _, record = open_page(site_url + "/toimenpiteet/?tila=late")
    every = page.locator("#action-table tbody tr").count()
    late = visible_action_ids(page)
    assert 0 < len(late) < every, "the status in the address filters the list on load"
    assert page.locator("#filter-tila").input_value() == "late"
    statuses = page.locator("#action-table tbody tr:visible .badge").all_inner_texts()
    assert set(statuses) == {"Myöhässä"}
    assert page.locator("#filter-count").inner_text() == f"Näytetään {len(late)} / {every} toimenpidettä."

    page.select_option("#filter-tila", "")
    page.select_option("#filter-organisaatio", "kymp")  # a division: its units' actions count too
    assert page.evaluate("location.search") == "?organisaatio=kymp"
    kymp = visible_action_ids(page)
    assert "111" in kymp, "an action of Palu_Ympa, a unit two levels below Kymp, is found by the division"
    page.fill("#filter-haku", "ajoneuvo")
    assert page.evaluate("location.search") == "?haku=ajoneuvo&organisaatio=kymp"
    assert 0 < len(visible_action_ids(page)) < len(kymp)

    shared, _, _ = open_page(page.evaluate("location.href"))  # the address alone restores the view
    assert visible_action_ids(shared) == visible_action_ids(page)
    shared.click("button[type=reset]")
    shared.wait_for_function("location.search === ''", timeout=TIMEOUT_MS)
    assert len(visible_action_ids(shared)) == every
    assert record.problems == []


def test_without_javascript_the_list_shows_everything_and_links_to_static_filters(open_page, site_url):
    page, _, record = open_page(site_url + "/toimenpiteet/?tila=late", java_script_enabled=False)
    assert page.locator("#filters").is_hidden()
    assert page.locator("#action-table tbody tr:visible").count() == page.locator("#action-table tbody tr").count()
    page.click("nav.ready-filters a:text-is('Myöhässä')")
    page.wait_for_url(lambda url: urlsplit(url).path == "/tilat/late/", timeout=TIMEOUT_MS)
    assert page.locator("h1").inner_text() == "Eteneminen: Myöhässä"
    assert record.problems == []


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_dashboard_renders_cleanly(open_page, site_url, viewport, request, tmp_path):
    page, response, record = open_page(site_url + "/tilannekatsaus/", viewport)
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text() == "Tilannekatsaus"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert record.problems == []
    path = screenshot_path(request, tmp_path, f"dashboard-{viewport}.png")
    page.screenshot(path=str(path))
    assert path.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("language", ["", "/sv", "/en"])
def test_dashboard_organisation_tables_fit_a_1200_px_window(open_page, site_url, language):
    """The widest tables, by organisation, show every column without scrolling sideways in a common laptop window."""
    page, response, record = open_page(site_url + language + "/tilannekatsaus/", {"width": 1200, "height": 900})
    assert response is not None and response.status == 200
    for table in ("#status-by-organisation", "#figures-by-organisation"):
        widths = page.locator(table).evaluate("table => [table.scrollWidth, table.parentElement.clientWidth]")
        assert widths[0] <= widths[1], f"{table} is {widths[0]} px wide in a {widths[1]} px container"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert record.problems == []


def search_results(page) -> list[str]:
    """The result paths once the status names the query now in the field (an earlier search may still show)."""
    page.wait_for_function("""() => document.getElementById('search-status').textContent
                                 .includes('”' + document.getElementById('search-query').value.trim() + '”')""",
                           timeout=TIMEOUT_MS)
    return [urlsplit(href).path for href in
            page.locator("#search-results a").evaluate_all("links => links.map(link => link.href)")]


NEEDS_SCRIPT = "Haku toimii selaimessa ja tarvitsee JavaScriptin."
UNAVAILABLE = "Haku ei ole käytettävissä juuri nyt. Selaa toimenpiteitä luettelosta."
needs_index = pytest.mark.skipif(not pagefind_installed(),
                                 reason="search needs Pagefind (pip install 'katalogi[search]')")


@needs_index
def test_search_finds_finnish_words_in_their_inflected_forms(open_page, site_url):
    page, _, record = open_page(site_url + "/haku/")
    assert page.locator("#search-lists").is_hidden()
    assert NEEDS_SCRIPT not in page.locator("main").inner_text()
    page.fill("#search-query", "hankinta")
    found = search_results(page)
    assert ACTION in found and "/kategoriat/hankinnat/" in found, "actions and categories are indexed"
    assert page.evaluate("location.search") == "?q=hankinta"
    inflected_only = [path for path in found if not re.search(r"\bhankinta\b", visible_text_of(site_url, path), re.I)]
    assert len(inflected_only) >= 5, "pages with only 'hankinnoissa', 'hankintojen' ... are found by the base form"
    marked = page.locator("#search-results mark").all_inner_texts()
    assert {"hankinnoissa", "hankintojen"} <= {word.strip(".,:").lower() for word in marked}
    page.fill("#search-query", "koulutukset")
    found = search_results(page)
    assert "/toimenpiteet/118/" in found and not re.search(
        r"\bkoulutukset\b", visible_text_of(site_url, "/toimenpiteet/118/"), re.I), "finds 'koulutuksia'"
    page.fill("#search-query", "kymp")
    assert "/organisaatiot/kymp/" in search_results(page), "organisations are indexed"
    page.fill("#search-query", "kasvisruoan")
    assert "/mittarit/kasvisruoan-osuus/" in search_results(page), "indicators are indexed"
    assert record.problems == []
    assert elsewhere(record.requests, site_url) == [], "the index is loaded from this site only"


@needs_index
def test_search_in_swedish_uses_the_swedish_index(open_page, site_url):
    page, _, record = open_page(site_url + "/sv/haku/?q=fordon")
    found = search_results(page)
    assert found and found[0] == "/sv/toimenpiteet/104/", "the Swedish name of action 104 is found"
    assert all(path.startswith("/sv/") for path in found)
    assert record.problems == []


def test_search_without_javascript_explains_and_links_to_the_lists(open_page, site_url):
    page, _, record = open_page(site_url + "/haku/", java_script_enabled=False)
    assert page.locator("#search").is_hidden()
    assert NEEDS_SCRIPT in page.locator("main").inner_text()
    page.click("#search-lists a:text-is('Kaikki toimenpiteet')")
    page.wait_for_url(lambda url: urlsplit(url).path == "/toimenpiteet/", timeout=TIMEOUT_MS)
    assert record.problems == []


@pytest.mark.parametrize("blocked", ["pagefind/pagefind.js", "static/search.js"])
def test_with_javascript_the_search_page_never_says_it_needs_javascript(browser, site_url, blocked):
    """Without an index (its loader blocked) the page says search is unavailable and keeps the lists; before
    search.js has run (blocked) nothing says JavaScript is needed either."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    context.set_default_timeout(TIMEOUT_MS)
    try:
        context.route(f"**/{blocked}", lambda route: route.abort())
        page = context.new_page()
        page.goto(site_url + "/haku/", wait_until="load")
        page.wait_for_load_state("networkidle")
        main = page.locator("main").inner_text()
        assert NEEDS_SCRIPT not in main and "JavaScript" not in main
        assert page.locator("#search-lists a:text-is('Kaikki toimenpiteet')").is_visible()
        assert page.locator("#search").is_hidden()
        if blocked.startswith("pagefind"):
            assert page.locator("#search-status").inner_text() == UNAVAILABLE
    finally:
        context.close()


def test_language_switcher_goes_to_the_same_page_in_the_other_language(open_page, site_url):
    page, _, record = open_page(site_url + "/toimenpiteet/104/")
    page.click("nav.languages a:text-is('På svenska')")
    page.wait_for_url(lambda url: urlsplit(url).path == "/sv/toimenpiteet/104/", timeout=TIMEOUT_MS)
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text() == ("Genomförande av direktivet om rena fordon i upphandlingar av "
                                               "transporttjänster")
    assert page.locator(".tasks h2").inner_text() == "Uppgifter"
    page.click("nav.languages a:text-is('In English')")
    page.wait_for_url(lambda url: urlsplit(url).path == "/en/toimenpiteet/104/", timeout=TIMEOUT_MS)
    assert page.locator(".description").get_attribute("lang") is None
    assert page.locator(".description > div").get_attribute("lang") == "fi", "the Finnish description is marked"
    page.click("nav.languages a:text-is('Suomeksi')")
    page.wait_for_url(lambda url: urlsplit(url).path == "/toimenpiteet/104/", timeout=TIMEOUT_MS)
    assert record.problems == []


def test_print_hides_navigation_and_shows_link_addresses(open_page, site_url):
    page, _, _ = open_page(site_url + ACTION)
    page.emulate_media(media="print")
    for selector in (".site-header nav", ".pager", ".breadcrumb", ".footer-links"):
        assert page.locator(selector).first.is_hidden(), selector
    after = page.locator("ul.links a[href^='https']").first.evaluate(
        "link => getComputedStyle(link, '::after').content")
    assert "https://" in after or "attr(href)" in after
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


def test_keyboard_focus_is_visible_on_links(open_page, site_url):
    page, _, _ = open_page(site_url + ACTION)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert outline != "none" and shadow != "none"


def test_no_page_sets_a_cookie_or_uses_storage(open_page, site_url):
    page, _, _ = open_page(site_url + "/haku/?q=hankinta")
    if pagefind_installed():
        search_results(page)
    for path in ("/", ACTION, "/toimenpiteet/?tila=late", "/sv/"):
        page.goto(site_url + path)
    assert page.context.cookies() == []
    assert page.evaluate("document.cookie") == ""
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


def visible_text_of(site_url: str, path: str) -> str:
    from urllib.request import urlopen
    with urlopen(site_url + path) as response:  # noqa: S310 - the test server on 127.0.0.1
        html = response.read().decode("utf-8")
    return re.sub(r"<[^>]+>", " ", html)
