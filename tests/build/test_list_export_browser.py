"""The action list as a spreadsheet, in Debian's Chromium: the filter's CSV and .xlsx hold exactly the actions
it shows, with the list's columns and "late"; the timeline's filter; and axe and the Nu checker on the pages of
relations, merged actions, own fields and timelines."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import textwrap

import openpyxl
import pytest
from conftest import TINY_CONFIG, write_project
from tools import AXE, CHROMIUM, CHROMIUM_ARGS, ROOT, VNU, java, serving, violations

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project

if not CHROMIUM.is_file():
    pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

pytestmark = pytest.mark.xdist_group("list_export_browser")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "output"
    build(Project(ROOT, history=False), out, search=False)
    with serving(out) as origin:
        yield origin, out


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
    requests = []
    opened = context.new_page()
    opened.on("request", lambda request: requests.append(request.url))
    opened.requests = requests
    yield opened
    context.close()


def shown_ids(page) -> list[str]:
    return page.eval_on_selector_all("#action-table tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.id)")


def download(page, format_: str, tmp_path):
    with page.expect_download() as waiting:
        page.click(f'.filter-export button[data-format="{format_}"]')
    saved = tmp_path / waiting.value.suggested_filename
    waiting.value.save_as(saved)
    return saved


def test_the_filters_csv_holds_the_actions_it_shows_with_the_lists_columns(page, sample, tmp_path):
    origin, out = sample
    page.goto(origin + "/toimenpiteet/?organisaatio=kymp&vaihe=planning", wait_until="networkidle")
    shown = shown_ids(page)
    assert 0 < len(shown) < len(page.query_selector_all("#action-table tbody tr"))
    saved = download(page, "csv", tmp_path)
    assert saved.name == "toimenpiteet.csv"
    text = saved.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["tunniste", "nimi", "eteneminen", "vastuuorganisaatiot", "toteutusvaihe", "tehtäviä tehty",
                       "tehtäviä", "päivitetty", "myöhässä", "osoite"]
    assert [row[0] for row in rows[1:]] == shown
    assert {row[4] for row in rows[1:]} == {"Suunnittelu"}
    # what the browser built from the open data is what the build writes for a reader without JavaScript
    built = {row[0]: row for row in csv.reader(io.StringIO((out / "organisaatiot/kymp/toimenpiteet.csv").read_text(
        encoding="utf-8-sig")), delimiter=";")}
    assert all(row == built[row[0]] for row in rows[1:])
    for row in rows[1:]:  # each against the list's own row: its name, done/all and late
        cells = page.locator(f'#action-table tr[data-id="{row[0]}"] td')
        assert cells.nth(1).inner_text() == row[1]
        progress = cells.nth(5).inner_text()
        assert progress.startswith(f"{row[5]}/{row[6]}") and (row[8] == "kyllä") == ("myöhässä" in progress)
    assert all(url.startswith(origin) for url in page.requests), "the data comes from this site"


def test_the_filters_xlsx_holds_the_same_rows(page, sample, tmp_path):
    origin, _ = sample
    page.goto(origin + "/toimenpiteet/?tila=late", wait_until="networkidle")
    shown = shown_ids(page)
    csv_rows = list(csv.reader(io.StringIO(download(page, "csv", tmp_path).read_text(encoding="utf-8-sig")),
                               delimiter=";"))
    workbook = openpyxl.load_workbook(download(page, "xlsx", tmp_path))
    sheet = workbook.active
    assert sheet.title == "toimenpiteet"
    rows = [[("" if value is None else str(value)) for value in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == csv_rows and [row[0] for row in rows[1:]] == shown
    assert {row[8] for row in rows[1:]} == {"kyllä"}, "every late action has an overdue task in the sample"
    assert isinstance(sheet.cell(2, 6).value, int), "numbers are numbers"


def test_the_export_speaks_the_pages_language(page, sample, tmp_path):
    origin, _ = sample
    page.goto(origin + "/sv/toimenpiteet/?vaihe=completed", wait_until="networkidle")
    rows = list(csv.reader(io.StringIO(download(page, "csv", tmp_path).read_text(encoding="utf-8-sig")),
                           delimiter=";"))
    assert rows[0][:3] == ["id", "namn", "framsteg"] and {row[4] for row in rows[1:]} == {"Klar"}


def test_the_timeline_filters_its_tasks_by_organisation(page, sample):
    origin, _ = sample
    page.goto(origin + "/aikajana/?organisaatio=talpa", wait_until="networkidle")
    shown = page.eval_on_selector_all("#timeline-table tbody tr:not([hidden]) td:first-child a",
                                      "links => links.map(a => a.getAttribute('href'))")
    assert shown and set(shown) == {"/toimenpiteet/119/", "/toimenpiteet/129/"}
    assert "7" in page.locator("#filter-count").inner_text()


RELATED = {
    "content/actions/3.yaml": textwrap.dedent("""\
        id: "3"
        name: Kolmas
        description: Kuvaus.
        status: on_time
        depends_on:
          - action: "1"
            role: requires
        related: ["2"]
        attributes:
          koko: suuri
          budjetti: 1000
        tasks:
          - name: Aloitetaan
            start: 2019-11-01
            due: 2020-01-01
          - name: Valmis
            state: completed
            completed: 2019-12-01
        """),
    "content/actions/4.yaml": 'id: "4"\nname: Neljäs\ndescription: Kuvaus.\nstatus: on_time\nmerged_into: "3"\n',
    "content/actions/5.yaml": 'id: "5"\nname: Viides\ndescription: Kuvaus.\nstatus: done\nsuperseded_by: "1"\n',
}
CONFIG = TINY_CONFIG + textwrap.dedent("""\
    languages: [fi, sv, en]
    dependency_roles:
      - id: requires
        label: Edellyttää
        reverse_label: Edellytys toimenpiteelle
    attributes:
      actions:
        - id: koko
          type: ordered_choice
          label: Koko
          choices:
            - id: pieni
              label: Pieni
            - id: suuri
              label: Suuri
        - id: budjetti
          type: number
          unit: €
          label: Budjetti
          section: Talous
    """)
PAGES = ["/toimenpiteet/1/", "/toimenpiteet/3/", "/toimenpiteet/4/", "/toimenpiteet/5/", "/toimenpiteet/",
         "/tilannekatsaus/", "/aikajana/", "/aikajana/kategoriat/hankinnat/", "/aikajana/organisaatiot/ympa/",
         "/sv/toimenpiteet/3/", "/en/aikajana/"]


@pytest.fixture(scope="module")
def related_site(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("related") / "site", RELATED, CONFIG)
    out = root / "output"
    build(Project(root, history=False), out, search=False)
    return out


@pytest.mark.skipif(not AXE.is_file(), reason=f"needs axe-core at {AXE} (make test-tools)")
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation_on_relations_merged_actions_own_fields_and_timelines(page, related_site, path):
    with serving(related_site) as origin:
        response = page.goto(origin + path, wait_until="load")
        assert response is not None and response.status == 200
        assert violations(page) == []


@pytest.mark.skipif(not VNU.is_file() or java() is None, reason="needs vnu.jar and Java (make test-tools)")
def test_the_pages_of_relations_merged_actions_own_fields_and_timelines_are_valid_html(related_site):
    pages = [str(related_site / path.lstrip("/") / "index.html") for path in PAGES]
    result = subprocess.run([java(), "-jar", str(VNU), "--errors-only", "--format", "gnu", *pages],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.stdout + result.stderr == "" and result.returncode == 0
    merged = (related_site / "toimenpiteet/4/index.html").read_text(encoding="utf-8")
    assert re.search(r'yhdistetty toimenpiteeseen <a href="/toimenpiteet/3/">3 Kolmas</a>', merged)
