"""The web editor at /admin/ in Chromium, against `build.py serve` on a copy of a tiny project.

Decap CMS (bundled, katalogi/outputs/vendor/decap-cms) talks to the dev server's local backend:
an edit of an action's name and of a task's state is saved into the YAML file and the
action's page shows it; an invalid entry is not written and the editor's page shows the
problem as `check` words it; a text translated by language stays a mapping. The page
asks no other host for anything. Decap's own interface is third-party code; axe checks
our page around it (what a reader without JavaScript gets).
"""

from __future__ import annotations

import hashlib
import re
import textwrap
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import TINY_CONFIG, write_project
from served import fetch, poll, running_server
from tools import AXE, CHROMIUM, CHROMIUM_ARGS

from katalogi.outputs.decap import VENDOR, bundle_digests

if not CHROMIUM.is_file():
    pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}", allow_module_level=True)
if not (VENDOR / "decap-cms.js").is_file():
    pytest.skip(f"the web editor's browser tests need the Decap CMS bundle in {VENDOR}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

TIMEOUT_MS = 20_000
ACTION = "content/actions/1.yaml"
CONFIG = TINY_CONFIG.replace("base_path: /\n", "base_path: /hankinnat/\nlanguages: [fi, sv]\n") + textwrap.dedent("""\
    editor:
      enabled: true
      repo: example/katalogi
    """)
TRANSLATED = 'id: "2"\nname:\n  fi: Toinen\n  sv: Andra\ndescription: Kuvaus.\nstatus: done\n'


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`serve` on a tiny project with the editor enabled, under a base path; yields (project, base URL)."""
    root = write_project(tmp_path_factory.mktemp("editor") / "site", {"content/actions/2.yaml": TRANSLATED}, CONFIG)
    log = root.parent / "serve.log"
    with running_server(root, log, "--no-history") as (_, origin):
        base = f"{origin}/hankinnat/"
        poll(lambda: (fetch(base + "admin/") or (0,))[0] == 200, "the editor's page", log=log)
        yield root, base


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def editor(browser, served):
    """A fresh page logged into the editor; the addresses it asked for are in page.requests."""
    _, base = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(base + "admin/")
    page.get_by_role("button", name="Login").click()
    yield page
    context.close()


def open_entry(page, base: str, folder: str, slug: str) -> None:
    page.goto(f"{base}admin/#/collections/{folder}/entries/{slug}")
    page.get_by_label("id", exact=True).wait_for()


def choose(page, label: str, index: int, option: str) -> None:
    """Pick an option of Decap's select widget (react-select: its input is focusable but not clickable)."""
    page.get_by_label(label, exact=True).nth(index).focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("option", name=option, exact=True).click()


def publish(page) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_role("menuitem", name="Publish now").click()


def file_data(root, path: str) -> dict:
    return yaml.safe_load((root / path).read_text(encoding="utf-8"))


def elsewhere(urls: list[str], base: str) -> list[str]:
    origin = urlsplit(base)
    return [url for url in urls if urlsplit(url).scheme not in ("data", "blob")
            and (urlsplit(url).hostname, urlsplit(url).port) != (origin.hostname, origin.port)]


def test_an_edit_is_saved_into_the_yaml_file_and_the_preview_shows_it(editor, served):
    root, base = served
    open_entry(editor, base, "actions", "1")
    editor.get_by_label("name (fi)", exact=True).first.fill("Uusi nimi selaimesta")
    choose(editor, "state (optional)", 1, "in_progress")  # the second task, "Tekemättä"
    publish(editor)
    poll(lambda: file_data(root, ACTION)["name"] == "Uusi nimi selaimesta", "the saved file")
    data = file_data(root, ACTION)
    assert [(task["name"], task.get("state")) for task in data["tasks"]] == [
        ("Tehty", "completed"), ("Tekemättä", "in_progress")]
    assert str(data["tasks"][0]["completed"]) == "2019-03-01"
    assert data["categories"] == ["hankinnat"] and data["contacts"] == ["mia"]
    poll(lambda: "Uusi nimi selaimesta" in (fetch(base + "toimenpiteet/1/") or (0, ""))[1], "the updated page")
    assert elsewhere(editor.requests, base) == []


def test_an_invalid_entry_is_not_written_and_the_editor_shows_why(editor, served):
    root, base = served
    before = (root / ACTION).read_bytes()
    open_entry(editor, base, "actions", "1")
    choose(editor, "state (optional)", 1, "completed")  # completed, but without the date it was completed
    publish(editor)
    message = editor.get_by_text("tasks[1].completed")
    message.first.wait_for()
    assert "content/actions/1.yaml:" in editor.inner_text("body")
    time.sleep(0.5)
    assert (root / ACTION).read_bytes() == before


def test_a_translated_name_stays_a_mapping_by_language(editor, served):
    root, base = served
    open_entry(editor, base, "actions", "2")
    assert editor.get_by_label("name (sv) (optional)", exact=True).input_value() == "Andra"
    editor.get_by_label("name (sv) (optional)", exact=True).fill("Den andra")
    publish(editor)
    poll(lambda: file_data(root, "content/actions/2.yaml")["name"] == {"fi": "Toinen", "sv": "Den andra"},
         "the saved translation")
    assert file_data(root, "content/actions/2.yaml")["status"] == "done"


def test_the_editors_own_page_passes_axe_as_a_reader_without_javascript_gets_it(browser, served):
    """Our HTML around Decap: what a browser without JavaScript shows (the noscript text), checked by axe."""
    if not AXE.is_file():
        pytest.skip(f"needs axe-core at {AXE} (run `make test-tools`)")
    _, base = served
    html = fetch(base + "admin/")[1]
    without_scripts = re.sub(r"<script[^>]*>.*?</script>\n?", "", html, flags=re.S)
    shown = without_scripts.replace("<noscript>", "").replace("</noscript>", "")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + "404.html")  # the site's origin, so that the page's own addresses resolve as served
        page.set_content(shown)
        assert page.get_by_role("heading", level=1).inner_text() == "Sisältöeditori"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                               ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
        assert [violation["id"] for violation in result["violations"]] == []
    finally:
        context.close()


def test_the_dev_server_serves_the_bundle_as_it_is_and_never_reloads_the_editor(served):
    _, base = served
    bundle = urllib.request.urlopen(base + "admin/decap-cms.js", timeout=10).read()  # noqa: S310 - 127.0.0.1
    assert hashlib.sha256(bundle).hexdigest() == bundle_digests()["decap-cms.js"]
    assert "livereload.js" not in fetch(base + "admin/")[1]
    assert "livereload.js" in fetch(base)[1]  # the site's own pages do reload
