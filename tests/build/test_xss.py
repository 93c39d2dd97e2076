"""Nothing an editor writes runs script in a visitor's browser.

Every payload of tests/xss_payloads.txt goes into every text, Markdown and link
field of every content type. The fields are found by walking the declarations in
katalogi/content/model.py, so a field added later is covered without touching this file.
The built site is then parsed as a browser would (html5lib) and searched for
anything executable.
"""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import re
import threading
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import html5lib
import pytest
import yaml
from conftest import TINY_CONFIG, write_project
from network_fixture import shared_folder
from tools import ROOT, TESTS

from katalogi.build.pipeline import build, check_project
from katalogi.content.attributes import AttributeValues
from katalogi.content.checker import Invalid
from katalogi.content.field_types import Identifier, Markdown, Ref, Text, Url
from katalogi.content.markup import markdown_to_html
from katalogi.content.model import CONTENT_TYPES
from katalogi.content.schema import FieldType, ListOf, Object
from katalogi.content.settings import SITE_CONFIG
from katalogi.inputs.sources import Project
from katalogi.outputs import decap

PAYLOADS = [line for line in (TESTS / "xss_payloads.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("# ")]
# Browsers ignore C0 controls and spaces around a URL. Content cannot hold them (the loader refuses
# control characters), so these go straight to the Markdown renderer.
CONTROL_PAYLOADS = [template.format(control) for control in ("\x01", "\x0b", "\x0c", "\x1f", "\x00")
             for template in ('<a href="{}javascript:alert(1)">x</a>', "[x]({}javascript:alert(1))",
                              '<img src="{}//xss.example/p.gif">', '<img src="{}https://xss.example/p.gif">')]

# The theme's own files, trusted and referenced from its templates: the only script,
# stylesheet or icon a page may load. A new theme script is added here, by path.
THEME_FILES = {"static/style.css", "static/favicon.svg", "static/filter.js", "static/search.js", "static/sort.js",
               "static/export.js",
               "static/report/report.css", "static/report/fonts/DejaVuSans.ttf",
               "static/report/fonts/DejaVuSans-Bold.ttf", "static/report/fonts/LICENSE"}  # the council report's

# Elements that run script, load other documents or styles, or change how the page is read.
FORBIDDEN_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "base", "form", "svg",
    "math", "template", "link", "meta", "noscript", "portal", "input", "button", "textarea", "select",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                  "codebase", "cite", "srcset", "ping", "lowsrc", "dynsrc", "manifest"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")


def browser_url(value: str) -> str:
    """The URL as a browser reads it: without ASCII whitespace and control characters, lower case."""
    return re.sub(r"[\x00-\x20]", "", value).lower()


def local_name(name: str) -> str:
    """'{http://www.w3.org/1999/xlink}href' -> 'xlink:href', '{...svg}svg' -> 'svg'."""
    if name.startswith("{http://www.w3.org/1999/xlink}"):
        return "xlink:" + name.split("}")[1]
    return name.split("}")[-1].lower()


def allowed_theme_element(tag: str, attributes: dict[str, str], base_path: str) -> bool:
    """The theme's head: charset and viewport metas, its stylesheet and icon (by path)."""
    theme_urls = {base_path + file for file in THEME_FILES}
    if tag == "meta":  # charset, viewport, description and Open Graph (property="og:...")
        return set(attributes) <= {"charset", "name", "content", "property"} and attributes.get("name") != "refresh"
    if tag == "link" and attributes.get("rel") in ("alternate", "canonical"):  # feeds, languages, canonical
        href = attributes.get("href", "")
        return href.startswith(base_path) or re.match(r"https?://[^/\\]", href) is not None
    if tag == "link" and attributes.get("rel") in ("prev", "next"):  # previous/next action
        return re.fullmatch(re.escape(base_path) + r"[a-z0-9_/-]*", attributes.get("href", "")) is not None
    if tag == "link":
        return attributes.get("href") in theme_urls and attributes.get("rel") in ("icon", "stylesheet")
    if tag == "script" and attributes.get("src", "").startswith(base_path + decap.ADMIN_DIR):  # the web editor's
        return attributes["src"].removeprefix(base_path + decap.ADMIN_DIR) in EDITOR_FILES and len(attributes) == 1
    if tag == "script" and "src" not in attributes:  # the web editor's settings, JSON escaped by tojson
        return attributes == {"type": "application/json", "id": "katalogi-editor"}
    if tag == "script":
        return attributes.get("src") in theme_urls
    if tag == "noscript":  # the web editor's page, for a browser without JavaScript; its content is checked too
        return not attributes
    if tag == "input" and attributes.get("id", "").startswith(("filter-", "search-")):  # list filter, search page
        return attributes.get("type") == "search" and set(attributes) <= {"type", "id", "name", "autocomplete"}
    if tag == "input":  # a GFM task list box, which cannot be changed or submitted
        return attributes.get("type") == "checkbox" and "disabled" in attributes and set(attributes) <= {
            "type", "disabled", "checked"}
    if tag == "form":  # the list filter and the search form: never submitted anywhere (no action, script prevents it)
        return attributes.get("id") in ("filters", "search") and "action" not in attributes
    if tag == "select":
        return attributes.get("id", "").startswith("filter-") and set(attributes) <= {"id", "name", "data-attribute"}
    if tag == "button" and "data-format" in attributes:  # the list filter's export, which export.js handles
        return attributes == {"type": "button", "data-format": attributes["data-format"]} and attributes[
            "data-format"] in ("csv", "xlsx")
    if tag == "button":
        return attributes.get("type") in ("reset", "submit") and set(attributes) == {"type"}
    if tag == "svg":  # an indicator chart drawn by charts.py; its children are checked like everything else
        return attributes.get("class") in ("chart", "chart chart-compact") and attributes.get("role") == "img"
    return False


def executable_markup(document: str, base_path: str = "/", fragment: bool = False) -> list[str]:
    """Every element or attribute of `document` that could run script or load from elsewhere."""
    parse = html5lib.parseFragment if fragment else html5lib.parse
    tree = parse(document, namespaceHTMLElements=False)
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        tag = local_name(element.tag)
        attributes = {local_name(name): value for name, value in element.attrib.items()}
        if tag in FORBIDDEN_ELEMENTS and not allowed_theme_element(tag, attributes, base_path):
            found.append(f"<{tag} {attributes}>")
        for name, value in attributes.items():
            url = browser_url(value)
            handler = name.startswith("on") or name == "srcdoc"
            if handler or (name in URL_ATTRIBUTES and url.startswith(SCRIPT_SCHEMES)):
                found.append(f"<{tag} {name}={value!r}>")
            elif name == "style" and re.search(r"url\(|expression\(|javascript:|@import", url):
                found.append(f"<{tag} style={value!r}>")
            elif (tag, name) == ("img", "src") and re.match(r"[a-z][a-z0-9+.-]*:|//|/\\", url):
                found.append(f"<img src={value!r}> (an image from another site)")
    return found


ATOM_TEXT = {"title", "subtitle", "summary", "content", "rights"}
XML_ELEMENTS = {  # what the site's feeds and sitemap are made of; anything else was injected
    "feed", "entry", "id", "title", "subtitle", "updated", "published", "link", "author", "name", "summary",
    "content", "category", "rights", "generator", "urlset", "url", "loc", "lastmod",
}


def scan_xml(text: str, base_path: str) -> list[str]:
    """Atom and sitemaps by their own rules: only elements of those vocabularies, no script URL in an attribute,
    and HTML only where a text says type="html" (a plain Atom text is shown as text by every reader)."""
    found = []
    for element in ElementTree.fromstring(text).iter():
        tag = local_name(element.tag)
        if tag not in XML_ELEMENTS:
            found.append(f"<{tag}> in XML")
        for name, value in element.attrib.items():
            if local_name(name) in URL_ATTRIBUTES and browser_url(value).startswith(SCRIPT_SCHEMES):
                found.append(f"<{tag} {local_name(name)}={value!r}>")
        if tag in ATOM_TEXT and element.get("type") == "html":
            found += executable_markup(element.text or "", base_path, fragment=True)
        elif tag in ATOM_TEXT and element.get("type") == "xhtml":
            found += executable_markup("".join(ElementTree.tostring(child, encoding="unicode") for child in element),
                                       base_path, fragment=True)
    return found


def scan_file(file: Path, base_path: str) -> list[str]:
    """Executable markup in one output file of any format the site may produce."""
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".html":
        return executable_markup(text, base_path)
    if file.suffix == ".xml":
        return scan_xml(text, base_path)
    if file.suffix == ".json":
        json.loads(text)  # well-formed, so no value broke out of its string
        # No markup at all: < > & are \u escapes, so the file is safe even pasted into a page.
        return [f"{character!r} in JSON" for character in "<>" if character in text]
    if file.suffix == ".csv":  # a cell starting with = + - @ would be a formula in a spreadsheet
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
        return [f"formula cell {cell!r}" for row in rows[1:] for cell in row
                if cell.startswith(("=", "+", "@", "\t", "\r")) or re.match(r"-[^0-9]", cell)]
    if file.suffix == ".ics":  # plain text by RFC 5545; HTML would only come in through X-ALT-DESC
        return ["X-ALT-DESC in iCalendar"] if "X-ALT-DESC" in text else []
    return executable_markup(text, base_path, fragment=True)


EDITOR_FILES = {**{name: decap.VENDOR / name for name in decap.bundle_names()},
                decap.ADMIN_SCRIPT.name: decap.ADMIN_SCRIPT}  # its page and config.yml are scanned like any page


def scan_site(out: Path, base_path: str = "/") -> dict[str, list[str]]:
    """Findings per output file; the theme's own files are compared with the theme instead."""
    findings = {}
    for file in sorted(out.rglob("*")):
        relative = file.relative_to(out).as_posix()
        if not file.is_file():
            continue
        if relative in THEME_FILES:
            assert file.read_bytes() == (ROOT / "theme" / relative).read_bytes(), relative
            continue
        if relative.startswith("pagefind/"):
            continue  # Pagefind's program and index; test_search_results_show_payloads_as_text covers its output
        if relative.removeprefix(decap.ADMIN_DIR) in EDITOR_FILES:  # the web editor's code, copied as it is
            assert file.read_bytes() == EDITOR_FILES[relative.removeprefix(decap.ADMIN_DIR)].read_bytes(), relative
            continue
        if problems := scan_file(file, base_path):
            findings[relative] = problems
    return findings


# The scanner itself must find what it looks for.


@pytest.mark.parametrize("markup", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href=" JAVA\tscript:x">a</a>',
    '<svg><a xlink:href="javascript:1">x</a></svg>', "<iframe src=/x></iframe>",
    '<meta http-equiv="refresh" content="0;url=javascript:1">', '<base href="//x/">',
    '<form action="javascript:1"></form>', '<button formaction="javascript:1">x</button>',
    '<object data="data:text/html,x"></object>', '<div style="background:url(javascript:1)">x</div>',
    '<img src="https://tracker.example/p.gif">', '<link rel="stylesheet" href="https://x/x.css">',
    '<script src="/static/other.js"></script>',
])
def test_the_scanner_finds_executable_markup(markup):
    assert executable_markup(f"<!doctype html><title>t</title>{markup}")


def test_the_scanner_finds_it_in_feeds_and_json(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text("<rss><channel><item><description>&lt;img src=x onerror=alert(1)&gt;</description>"
                    "</item></channel></rss>", encoding="utf-8")
    data = tmp_path / "search.json"
    data.write_text(json.dumps([{"name": "<svg onload=alert(1)>"}]), encoding="utf-8")
    assert scan_file(feed, "/") and scan_file(data, "/")


def test_the_scanner_passes_the_theme_head_and_plain_text():
    page = ('<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            '<link rel="icon" href="/static/favicon.svg"><link rel="stylesheet" href="/static/style.css">'
            '<title>t</title><p>&lt;script&gt;alert(1)&lt;/script&gt; <a href="/x/">x</a> '
            '<img src="/static/k.png" alt="k"> <span style="background-color: #00d7a7">b</span>')
    assert executable_markup(page) == []


# Filling every text field of the content model with a payload.


def text_fields(schema: Object, prefix: str = "") -> list[tuple[str, FieldType]]:
    """Every Text, Markdown and Url field of a content type, by its path (tasks[].name)."""
    found = []
    for declared in schema.fields:
        where = f"{prefix}{declared.name}"
        field_type = declared.type.item if isinstance(declared.type, ListOf) else declared.type
        suffix = "[]" if isinstance(declared.type, ListOf) else ""
        if isinstance(field_type, Object):
            found += text_fields(field_type, f"{where}{suffix}.")
        elif isinstance(field_type, (Text, Url)):
            found.append((where + suffix, field_type))
    return found


# Items of the tiny project that payload items refer to.
EXISTING = {"category": "hankinnat", "organisation": "kaupunki", "contact": "mia", "indicator": "osuus", "action": "1",
            "status": "on_time", "factor_table": "x0", "criteria_set": "x0",  # x0: those of the first payload
            "dependency_role": "requires"}
# The payload site's own fields (site_config.yaml's attributes): a text and a Markdown field, and a choice whose
# labels are the payloads, for every action and category.
OWN_FIELDS = """\
dependency_roles:
  - id: requires
    label: Edellyttää
    reverse_label: Edellytys
attributes:
  actions:
    - {id: teksti, type: text, label: Teksti}
    - {id: pitka, type: markdown, label: Pitkä, section: Osio}
  categories:
    - {id: teksti, type: text, label: Teksti}
"""


def accepts(field_type: FieldType, value: str) -> bool:
    try:
        field_type.parse(value)
    except Invalid:
        return False
    return True


def filled(field_type: FieldType, example, payload: str):
    """A value for `field_type` with `payload` in every text field; examples elsewhere."""
    if isinstance(field_type, Object):
        return {declared.name: filled(declared.type, declared.example, payload) for declared in field_type.fields}
    if isinstance(field_type, ListOf):
        return [filled(field_type.item, example[0] if example else None, payload)]
    if isinstance(field_type, Ref):
        return EXISTING[field_type.kind]
    if isinstance(field_type, AttributeValues):  # OWN_FIELDS
        return {"teksti": payload, "pitka": payload}
    if isinstance(field_type, Url):  # a path on this site must lead to a page (test_links), one on another host not
        if not accepts(field_type, payload):
            return "https://example.org/"
        return f"https://example.org{payload}" if payload.startswith("/") else payload
    if isinstance(field_type, (Text, Markdown)):
        return payload
    assert example is not None or isinstance(field_type, Identifier), f"{field_type} needs an example in model.py"
    return example


def payload_files() -> dict[str, str]:
    """One item of every content type per payload, every text field holding the payload."""
    files = {}
    for number, payload in enumerate(PAYLOADS):
        for content_type in CONTENT_TYPES:
            data = filled(content_type.schema, None, payload)
            data["id"] = f"x{number}"
            data.pop("superseded_by", None)  # merged_into "1" already: an action is not both
            data.pop("business_id", None)  # an example business id would name every organisation: not a text field
            if content_type.kind == "category":
                data["attributes"].pop("pitka")
            files[f"content/{content_type.folder}/x{number}.yaml"] = yaml.safe_dump(data, allow_unicode=True)
    return files


def test_every_text_and_link_field_of_the_model_is_filled():
    """Guard the walk: the fields it finds include the ones known today, and each gets a payload."""
    fields = {content_type.kind: [where for where, _ in text_fields(content_type.schema)]
              for content_type in CONTENT_TYPES}
    assert {"name", "lead", "description", "official_description.text", "links[].title", "links[].url",
            "status_reason", "tasks[].name", "tasks[].comment"} <= set(fields["action"])
    assert {"email", "title", "name"} <= set(fields["contact"])
    assert {"unit", "description"} <= set(fields["indicator"])
    assert {"name", "description", "source", "source_url", "factors[].label"} <= set(fields["factor_table"])
    assert {"name", "text", "source", "source_url"} <= set(fields["criteria_set"])
    assert {"roadmap[].text", "emission_calculation.basis"} <= {*fields["category"], *fields["action"]}
    data = filled(CONTENT_TYPES[0].schema, None, "PAYLOAD")
    assert data["tasks"][0]["comment"] == "PAYLOAD" and data["official_description"]["source"] == "PAYLOAD"


def test_link_fields_accept_only_addresses_that_cannot_run_script():
    for payload in PAYLOADS:
        for _, field_type in text_fields(CONTENT_TYPES[0].schema):
            if isinstance(field_type, Url) and accepts(field_type, payload):
                assert not browser_url(payload).startswith(SCRIPT_SCHEMES), payload
                assert not browser_url(payload).startswith("//"), payload


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory) -> Path:
    config = TINY_CONFIG + "show_contact_email: true\n" + OWN_FIELDS
    root = write_project(tmp_path_factory.mktemp("xss") / "site", payload_files(), config)
    build(Project(root), root / "output")
    return root / "output"


def test_no_payload_survives_as_executable_markup_in_any_output_file(payload_site):
    assert len(PAYLOADS) >= 50
    assert len(list(payload_site.rglob("*.html"))) > len(PAYLOADS) * 4, "a page per payload item"
    assert scan_site(payload_site) == {}


def test_text_fields_come_out_as_the_literal_text_with_template_syntax_unevaluated(payload_site):
    for number, payload in enumerate(PAYLOADS):
        page = html5lib.parse((payload_site / f"toimenpiteet/x{number}/index.html").read_text(encoding="utf-8"),
                              namespaceHTMLElements=False)
        heading = page.find(".//h1")
        assert "".join(heading.itertext()) == payload.strip(), payload
    page = (payload_site / f"toimenpiteet/x{PAYLOADS.index('{{ 7*7 }}')}/index.html").read_text(encoding="utf-8")
    assert "<h1>{{ 7*7 }}</h1>" in page


def test_site_settings_text_fields_are_escaped_too(project, tmp_path):
    """Configuration is trusted, but its texts are still escaped or sanitised like content."""
    data = filled(SITE_CONFIG, None, "\n".join(PAYLOADS))
    data.update(base_path="/hankinnat/", as_of="2020-01-15", status_from="editor")
    for target in data["green_share"]["targets"]:  # an organisation of the tiny project
        target["organisation"] = "ympa"
    # a shared source that exists, named by the payloads; members are other catalogues (test_comparison.py)
    data["shared"] = [{"id": "verkosto", "name": data["shared"][0]["name"],
                       "folder": str(shared_folder(tmp_path / "shared"))}]
    data["members"] = []
    payloads = "\n".join(PAYLOADS)
    data["attributes"] = {"actions": [{"id": "valinta", "type": "choice", "label": payloads, "help": payloads,
                                       "section": payloads, "choices": [{"id": "a", "label": payloads}]}]}
    root = project({"content/actions/2.yaml": None}, config=yaml.safe_dump(data, allow_unicode=True))
    build(Project(root), root / "output")
    assert scan_site(root / "output", "/hankinnat/") == {}


@pytest.mark.parametrize("payload", PAYLOADS + CONTROL_PAYLOADS)
def test_markdown_of_each_payload_is_safe_under_a_base_path(payload):
    assert executable_markup(str(markdown_to_html(payload, base_path="/hankinnat/")), "/hankinnat/",
                             fragment=True) == []


# Templates: autoescape for HTML and XML, and a typo fails with the template's path and line


def test_templates_escape_html_and_xml_output_and_a_typo_names_template_and_line(project):
    import jinja2

    from katalogi.build.render import make_environment, template_error

    root = project({
        "content/actions/2.yaml": 'id: "2"\nname: "<script>alert(1)</script> & {{ 7*7 }}"\ndescription: x\n'
                                  "status: done\n",
        "templates/feed.xml": '<?xml version="1.0"?>\n<rss><title>{{ site.actions[1].name }}</title>'
                              '<link href="{{ site.actions[1].name }}"/></rss>\n',
        "templates/typo.xml": "<rss>\n{{ site.actoins }}\n</rss>\n",
    })
    project_ = Project(root)
    site = check_project(project_)
    environment = make_environment(project_.template_dirs, site.default, site)
    feed = environment.get_template("feed.xml").render()
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ 7*7 }}</title>" in feed
    assert 'href="&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ 7*7 }}"' in feed
    with pytest.raises(jinja2.UndefinedError) as failure:
        environment.get_template("typo.xml").render()
    assert str(template_error(failure.value, project_.root)) == (
        "templates/typo.xml:2: template: 'katalogi.site.views.Site object' has no attribute 'actoins'")


def test_search_results_show_payloads_as_text(payload_site):
    """Pagefind's excerpts go into the page as HTML (for <mark>): they must hold the payloads only as text."""
    if not (payload_site / "pagefind").is_dir() or not Path("/usr/bin/chromium").is_file():
        pytest.skip("needs the Pagefind index (pagefind[bin]) and Debian's Chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(payload_site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            dialogs = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for query in ("alert", "script", "onerror", "javascript", "svg", "iframe"):
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/haku/?q={query}")
                page.wait_for_function("document.querySelectorAll('#search-results li').length > 0", timeout=15_000)
                injected = page.eval_on_selector_all(
                    "#search-results *", "nodes => nodes.map(node => node.tagName.toLowerCase())")
                assert set(injected) <= {"li", "h2", "a", "p", "mark"}, (query, set(injected))
                assert page.eval_on_selector_all("#search-results a", "links => links.every(a => "
                                                 "a.protocol === 'http:')"), query
            browser.close()
        assert dialogs == []
    finally:
        server.shutdown()
        server.server_close()
