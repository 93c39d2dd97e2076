"""WCAG 2.1 AA: axe-core reports no violation on any page type, in Finnish and in the other languages.

axe-core runs inside Debian's Chromium (Playwright with executable_path), injected from
.cache/node/node_modules/axe-core (`make test-tools`). The tests skip when either is missing.
"""

from __future__ import annotations

import pytest
from tools import AXE, CHROMIUM, CHROMIUM_ARGS, ROOT, serving, violations

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project
from katalogi.outputs.search import pagefind_installed

if not CHROMIUM.is_file():
    pytest.skip(f"accessibility tests need Debian's Chromium at {CHROMIUM}", allow_module_level=True)
if not AXE.is_file():
    pytest.skip(f"accessibility tests need axe-core at {AXE} (run `make test-tools`)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="accessibility tests need the playwright package")

PAGE_TYPES = {
    "front page": "/", "action list": "/toimenpiteet/", "action": "/toimenpiteet/111/",
    "categories": "/kategoriat/", "category": "/kategoriat/hankinnat/", "organisations": "/organisaatiot/",
    "organisation": "/organisaatiot/kymp/", "indicators": "/mittarit/",
    "indicator": "/mittarit/ilmastokriteerien-osuus/", "dashboard": "/tilannekatsaus/", "statuses": "/tilat/",
    "status": "/tilat/late/", "data quality": "/tietojen-laatu/",
    "search": "/haku/", "accessibility statement": "/saavutettavuusseloste/", "open data": "/avoin-data/",
    "404": "/404.html", "action in Swedish": "/sv/toimenpiteet/111/", "front page in English": "/en/",
    "dashboard in Swedish": "/sv/tilannekatsaus/",
    "category with a roadmap and criteria": "/kategoriat/liikenne/", "criteria sets": "/kriteerit/",
    "criteria set": "/kriteerit/pks-kevyet-kuljetukset/", "factor tables": "/paastokertoimet/",
    "factor table": "/paastokertoimet/esimerkki-2024/", "action with a calculated reduction": "/toimenpiteet/104/",
    "category with a roadmap in English": "/en/kategoriat/ruokapalvelut/",
    "procurements": "/hankinnat/", "procurement": "/hankinnat/2019-102150/", "procurement units": "/hankintayksikot/",
    "action with relations, own fields and a timeline": "/toimenpiteet/119/", "timeline": "/aikajana/",
    "organisation's timeline": "/aikajana/organisaatiot/kymp/", "timeline in Swedish": "/sv/aikajana/",
    "procurement from notices, an example": "/hankinnat/7c1e9b2a-4d3f-4e5a-9b8c-6d7e8f9a0b03-lot-0001/",
    "planned procurement in Swedish": "/sv/hankinnat/0b5d0d3c-7d3a-4c1e-9a44-1c2f3a4b5c01-par-0000/",
    "procurement units in English": "/en/hankintayksikot/", "indicator with a verdict": "/mittarit/kasvisruoan-osuus/",
    "category with progress and a roadmap's verdicts": "/kategoriat/ruokapalvelut/",
}
NETWORK_PAGE_TYPES = {  # the comparison site of examples/network: its members, and the shared definitions it uses
    "comparison": "/vertailu/", "comparison of procurements": "/vertailu/hankinnat/",
    "comparison of statuses": "/vertailu/tilat/", "comparison of criteria sets": "/vertailu/kriteerit/",
    "comparison of an indicator": "/vertailu/mittarit/yhteisten-kriteerien-osuus/",
    "comparison in English": "/en/vertailu/hankinnat/", "shared sources": "/yhteiset/",
    "shared source": "/yhteiset/keino/", "shared criteria set": "/kriteerit/pks-ilmasto-minimikriteerit/",
    "shared indicator in Swedish": "/sv/mittarit/kuljetusten-kriteerit-euroina/",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("a11y") / "output"
    build(Project(ROOT), out)
    with serving(out) as origin:
        yield origin


@pytest.fixture(scope="module")
def network_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("a11y-network") / "output"
    build(Project(ROOT / "examples" / "network", history=False), out, search=False)
    with serving(out) as origin:
        yield origin


@pytest.fixture(scope="module")
def page():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            browser.close()


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_axe_finds_no_violation(page, site, path):
    response = page.goto(site + path, wait_until="load")
    assert response is not None and response.status == 200
    assert violations(page) == []


@pytest.mark.parametrize("path", NETWORK_PAGE_TYPES.values(), ids=NETWORK_PAGE_TYPES.keys())
def test_axe_finds_no_violation_on_the_comparison_site(page, network_site, path):
    response = page.goto(network_site + path, wait_until="load")
    assert response is not None and response.status == 200
    assert violations(page) == []


@pytest.mark.skipif(not pagefind_installed(), reason="search results need Pagefind (pip install 'katalogi[search]')")
def test_axe_finds_no_violation_in_search_results_and_filtered_lists(page, site):
    page.goto(site + "/haku/?q=hankinta", wait_until="networkidle")
    page.wait_for_selector("#search-results li")
    assert violations(page) == []
    page.goto(site + "/toimenpiteet/?tila=late", wait_until="load")
    assert violations(page) == []


def test_axe_finds_no_violation_on_a_phone(page, site):
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        for path in ("/toimenpiteet/111/", "/haku/", "/tilannekatsaus/"):
            page.goto(site + path, wait_until="load")
            assert violations(page) == [], path
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
