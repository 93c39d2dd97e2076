"""The steering view, the action page's order on a phone and the search results, in Debian's Chromium.

The shipped sample is built (with its search index) and served on 127.0.0.1; no request
may leave this machine.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from tools import CHROMIUM, CHROMIUM_ARGS, ROOT, serving

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project
from katalogi.outputs import search as search_module
from katalogi.outputs.search import pagefind_installed

if not CHROMIUM.is_file():
    pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
TIMEOUT_MS = 15_000
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("steering") / "output"
    build(Project(ROOT), out)
    with serving(out) as origin:
        yield origin


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def open_page(browser, site_url):
    """Open a path in a fresh context; return the page and the URLs it asked for."""
    contexts = []

    def open_(path: str, viewport: dict = DESKTOP, **options):
        context = browser.new_context(viewport=viewport, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        response = page.goto(site_url + path, wait_until="load")
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        return page, requests

    yield open_
    for context in contexts:
        context.close()


def only_here(requests: list[str], site_url: str) -> bool:
    origin = urlsplit(site_url)
    return all((urlsplit(url).hostname, urlsplit(url).port) == (origin.hostname, origin.port)
               for url in requests if urlsplit(url).scheme != "data")


def unit_names(page) -> list[str]:
    return page.locator("#procurement-units tbody th a").all_inner_texts()


def shares_of_euros(page) -> list[float]:
    return [float(value) for value in page.locator("#procurement-units tbody tr td:nth-child(5)").evaluate_all(
        "cells => cells.map(cell => cell.dataset.value)")]


@pytest.mark.parametrize("language", ["", "/sv", "/en"])
def test_the_steering_table_fits_1280_px_without_hiding_a_column(open_page, site_url, language):
    page, requests = open_page(language + "/hankintayksikot/")
    width, container = page.locator("#procurement-units").evaluate(
        "table => [table.scrollWidth, table.parentElement.clientWidth]")
    assert width <= container, f"the table is {width} px wide in a {container} px box"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    headers = page.locator("#procurement-units thead th")
    assert headers.count() == 8
    for index in range(headers.count()):
        box = headers.nth(index).bounding_box()
        assert box is not None and box["width"] > 0 and box["x"] + box["width"] <= DESKTOP["width"], index
    assert page.locator("#procurement-units a[href*='/toimenpiteet/']").count() == 0, "actions are on unit pages"
    assert only_here(requests, site_url)


def test_the_steering_table_is_lowest_share_first_and_sorts_with_its_script(open_page):
    page, _ = open_page("/hankintayksikot/", java_script_enabled=False)
    shares = shares_of_euros(page)
    assert len(shares) > 5 and shares == sorted(shares), "without script: the lowest green share of euros first"
    assert page.locator("#procurement-units .standing").first.inner_text() in (
        "Alle tavoitteen", "Tavoitteessa", "Yli tavoitteen"), "where a unit stands, in words"
    assert page.locator("#procurement-units .sort-button").count() == 0
    scripted, _ = open_page("/hankintayksikot/")
    assert unit_names(scripted) == unit_names(page), "the script keeps the page's order until asked"
    header = scripted.locator("#procurement-units thead th").nth(1)
    header.locator("button").click()
    counts = [int(value) for value in scripted.locator("#procurement-units tbody tr td:nth-child(2)").evaluate_all(
        "cells => cells.map(cell => cell.dataset.value)")]
    assert counts == sorted(counts) and header.get_attribute("aria-sort") == "ascending"
    header.locator("button").click()
    counts = [int(value) for value in scripted.locator("#procurement-units tbody tr td:nth-child(2)").evaluate_all(
        "cells => cells.map(cell => cell.dataset.value)")]
    assert counts == sorted(counts, reverse=True) and header.get_attribute("aria-sort") == "descending"
    names = scripted.locator("#procurement-units thead th").nth(0)
    names.locator("button").click()
    shown = unit_names(scripted)
    assert shown == sorted(shown, key=lambda name: name.casefold()) or len(shown) < 2


def test_on_a_phone_the_status_progress_and_responsible_organisation_come_before_the_long_sections(open_page):
    page, _ = open_page("/toimenpiteet/111/", PHONE)
    key = page.locator(".action-key").bounding_box()
    for later in (".description", ".tasks", ".history"):
        box = page.locator(later).bounding_box()
        assert box is not None and key["y"] + key["height"] <= box["y"] + 1, later
    facts = page.locator(".action-key").inner_text()
    assert "Eteneminen" in facts and "Edistyminen" in facts and "Vastuuorganisaatiot" in facts
    wide, _ = open_page("/toimenpiteet/111/")
    key, main = (wide.locator(selector).bounding_box() for selector in (".action-key", ".action-main"))
    assert key["x"] > main["x"] + main["width"] - 1, "beside the long sections on a wide screen"


def search(page, query: str) -> list[tuple[str, str]]:
    """(kind, path) of each result, once the status names the query."""
    page.fill("#search-query", query)
    page.wait_for_function("""(query) => document.getElementById('search-status').textContent
                                  .includes('”' + query + '”')""", arg=query, timeout=TIMEOUT_MS)
    items = page.locator("#search-results > li")
    return [(items.nth(index).locator(".search-kind").inner_text(),
             urlsplit(items.nth(index).locator("a").get_attribute("href")).path) for index in range(items.count())]


needs_index = pytest.mark.skipif(not pagefind_installed(), reason="search needs Pagefind (pip install "
                                                                  "'katalogi[search]')")


@needs_index
def test_each_result_says_what_it_is_and_the_catalogue_ranks_above_the_records(open_page, site_url):
    page, requests = open_page("/haku/")
    found = search(page, "kuljetuspalveluille")
    kinds = [kind for kind, _ in found]
    assert ("KRITEERISTÖ", "/kriteerit/pks-kevyet-kuljetukset/") in found, "its own title word finds the set"
    assert "HANKINTA" in kinds, "records with the same words are found too"
    first_record = kinds.index("HANKINTA")
    assert all(kind == "HANKINTA" for kind in kinds[first_record:]), "records come after the catalogue's pages"
    assert found.index(("KRITEERISTÖ", "/kriteerit/pks-kevyet-kuljetukset/")) < first_record
    assert found[0] == ("TOIMENPIDE", "/toimenpiteet/104/")
    electricity = search(page, "sähkö")
    # 110 (renewable electricity) and 105 (electrifying the fleet) both name it in their titles
    assert electricity[0] in {("TOIMENPIDE", "/toimenpiteet/110/"), ("TOIMENPIDE", "/toimenpiteet/105/")}, \
        "an action with electricity in its title first"
    records = [index for index, (kind, _) in enumerate(electricity) if kind == "HANKINTA"]
    actions = [index for index, (kind, _) in enumerate(electricity) if kind == "TOIMENPIDE"]
    assert records and actions and max(actions) < min(records)
    assert set(kinds) <= {"TOIMENPIDE", "KRITEERISTÖ", "KATEGORIA", "MITTARI", "ORGANISAATIO", "HANKINTA",
                          "PÄÄSTÖKERROINTAULUKKO"}
    assert only_here(requests, site_url)


@needs_index
def test_a_match_in_a_compound_shows_the_title_and_a_records_excerpt_reads_as_text(open_page):
    page, _ = open_page("/haku/")
    search(page, "kuljetuspalveluille")
    criteria = page.locator("#search-results > li", has=page.locator("a[href$='/kriteerit/pks-kevyet-kuljetukset/']"))
    excerpt = criteria.locator("p").nth(1)
    assert excerpt.inner_text().startswith("Pääkaupunkiseudun yhteiset ympäristökriteerit")
    assert excerpt.locator("mark").inner_text() == "kuljetuspalveluille", "the part found, marked in the title"
    search(page, "leasing")
    record = page.locator("#search-results > li", has=page.locator(".search-kind", has_text="Hankinta")).first
    text = record.locator("p").nth(1).inner_text()
    assert "hankintayksikkö" in text and "ympäristökriteerit:" in text, text
    assert "Hankinnan vaihe" not in text and "Päivämäärä" not in text, "no labels run into values"


def test_the_compound_parts_of_a_title_are_not_shown(open_page):
    page, _ = open_page("/kriteerit/pks-kevyet-kuljetukset/")
    assert page.locator(".search-words").count() == 1 and not page.locator(".search-words").is_visible()
    assert "kuljetuspalveluille palveluille" not in page.locator("main").inner_text()


def test_screenshots_of_the_steering_page(open_page, request, tmp_path: Path):
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page, _ = open_page("/hankintayksikot/", viewport)
        path = (ROOT / "docs/screenshots" if request.config.getoption("--update-screenshots") else tmp_path) / \
            f"steering-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.read_bytes().startswith(b"\x89PNG")


@pytest.fixture(scope="module")
def parts_url(tmp_path_factory):
    """The sample indexed in parts of at most 10 pages, as a large catalogue is (outputs/search.py)."""
    out = tmp_path_factory.mktemp("parts") / "output"
    whole, search_module.PAGES_PER_BUNDLE = search_module.PAGES_PER_BUNDLE, 10
    try:
        build(Project(ROOT), out)
    finally:
        search_module.PAGES_PER_BUNDLE = whole
    with serving(out) as origin:
        yield origin, out


@needs_index
def test_an_index_made_in_parts_finds_and_ranks_as_one(browser, parts_url, open_page):
    """Every part of the page's language is searched and the results ranked together: what the index in one finds
    is found (a part's own word list may let a prefix match a little more), the records still after the catalogue."""
    origin, out = parts_url
    assert len(json.loads((out / "pagefind/parts.json").read_text(encoding="utf-8"))) >= 3
    assert json.loads((out / "pagefind/records/parts.json").read_text(encoding="utf-8"))
    whole, _ = open_page("/haku/")
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(origin + "/haku/", wait_until="load")
        for query in ("kuljetuspalveluille", "sähkö", "ruoka"):
            in_parts, in_one = search(page, query), search(whole, query)
            catalogue = {found for found in in_parts if found[0] != "HANKINTA"}
            assert catalogue >= {found for found in in_one if found[0] != "HANKINTA"}, f"{query}: every part searched"
            assert len(in_parts) >= len(in_one), query
            kinds = [kind for kind, _ in in_parts]
            if "HANKINTA" in kinds:  # the records' parts still after the catalogue's
                assert all(kind == "HANKINTA" for kind in kinds[kinds.index("HANKINTA"):]), query
        assert only_here(requests, origin)
    finally:
        context.close()
