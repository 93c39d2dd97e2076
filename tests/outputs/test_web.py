"""Web basics: sitemap.xml with language alternates, robots.txt, canonical links and Open Graph."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def build_with(project, tmp_path):
    def make(config_extra: str) -> Path:
        config = project().joinpath("site_config.yaml").read_text(encoding="utf-8").replace("base_path: /\n", "")
        out = tmp_path / "out"
        build(Project(project(config=config + config_extra)), out, search=False)
        return out
    return make


def test_sitemap_lists_every_page_in_every_language_with_alternates(build_with):
    out = build_with("site_url: https://www.example.org/\nbase_path: /hankinnat/\nlanguages: [fi, sv]\n")
    urlset = ElementTree.parse(out / "sitemap.xml").getroot()
    locations = [url.findtext(f"{SITEMAP}loc") for url in urlset.findall(f"{SITEMAP}url")]
    pages = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.html") if path.name != "404.html")
    expected = sorted("https://www.example.org/hankinnat/" + page.removesuffix("index.html") for page in pages)
    assert sorted(locations) == expected
    first = urlset.find(f"{SITEMAP}url")
    alternates = {link.get("hreflang"): link.get("href") for link in first.findall(f"{XHTML}link")}
    assert alternates == {"fi": "https://www.example.org/hankinnat/", "sv": "https://www.example.org/hankinnat/sv/",
                          "x-default": "https://www.example.org/hankinnat/"}
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert robots == "User-agent: *\nAllow: /\nSitemap: https://www.example.org/hankinnat/sitemap.xml\n"


def test_canonical_and_open_graph_use_the_absolute_address(build_with):
    out = build_with("site_url: https://www.example.org\nbase_path: /\nlanguages: [fi, sv]\n")
    html = (out / "sv/toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://www.example.org/sv/toimenpiteet/1/">' in html
    assert '<meta property="og:url" content="https://www.example.org/sv/toimenpiteet/1/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:locale" content="sv_FI">' in html
    assert '<meta property="og:locale:alternate" content="fi_FI">' in html
    assert '<link rel="alternate" hreflang="x-default" href="https://www.example.org/toimenpiteet/1/">' in html
    assert '<meta property="og:title" content="1 Ensimmäinen">' in html
    assert '<meta property="og:description" content="Kuvaus.">' in html
    assert '<link rel="alternate" hreflang="fi" href="https://www.example.org/toimenpiteet/1/">' in html
    front = (out / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:type" content="website">' in front and "og:locale\" content=\"fi_FI\"" in front


def test_without_site_url_no_canonical_no_og_url_no_sitemap(build_with):
    out = build_with("base_path: /\n")
    assert not (out / "sitemap.xml").exists()
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'rel="canonical"' not in html and "og:url" not in html, page
        assert re.search(r'<meta property="og:title" content="[^"]+">', html), page


def test_site_url_is_a_host_without_a_path(project):
    from katalogi.base.errors import BuildFailed
    config = project().joinpath("site_config.yaml").read_text(encoding="utf-8") + "site_url: https://x.org/hankinnat\n"
    root = project(config=config)
    with pytest.raises(BuildFailed) as raised:
        build(Project(root), root.parent / "out", search=False)
    assert str(raised.value.errors[0]) == (
        "site_config.yaml:13: site_url: expected an address such as https://www.example.org (no path: that is "
        "base_path), got 'https://x.org/hankinnat'")


def test_favicon_and_print_stylesheet_are_shipped(build_with):
    out = build_with("base_path: /\n")
    assert (out / "static/favicon.svg").is_file()
    html = (out / "toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    css = (out / "static/style.css").read_text(encoding="utf-8")
    assert "@media print" in css
