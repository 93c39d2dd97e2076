"""Files for crawlers: sitemap.xml (with every language's address of each page) and robots.txt.

Sitemaps take absolute addresses only, so sitemap.xml is written only when
site_config.yaml sets `site_url`; robots.txt then points to it. Crawlers read
robots.txt only at the host's root, so a site under a base path should have its
host's robots.txt point to this sitemap.
"""

from __future__ import annotations

from xml.etree import ElementTree

from ..site.views import Editions, Site

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def pages(site: Site, page_type, html_paths: list[str]) -> list:
    """`html_paths`: the pages of one language without prefix (every language has the same)."""
    found = [page_type("robots.txt", "", producer="robots")]
    if site.config.site_url:
        found.append(page_type("sitemap.xml", "", {"paths": [path for path in html_paths if path != "404.html"]},
                               producer="sitemap"))
    return found


def sitemap(site: Site, editions: Editions, fragments, paths: list[str]) -> str:
    config = site.config
    urlset = ElementTree.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
    for path in paths:
        local = path.removesuffix("index.html")
        for language in config.languages:
            url = ElementTree.SubElement(urlset, "url")
            ElementTree.SubElement(url, "loc").text = config.absolute(config.language_root(language) + local)
            if len(config.languages) > 1:
                for other in (*config.languages, "x-default"):
                    root = config.language_root(config.languages[0] if other == "x-default" else other)
                    ElementTree.SubElement(url, "xhtml:link", {
                        "rel": "alternate", "hreflang": other, "href": config.absolute(root + local)})
    ElementTree.indent(urlset)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(urlset, encoding="unicode") + "\n"


def robots(site: Site, editions: Editions, fragments) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if site.config.site_url:
        lines.append(f"Sitemap: {site.config.absolute(site.config.base_path + 'sitemap.xml')}")
    return "\n".join(lines) + "\n"


PRODUCERS = {"sitemap": sitemap, "robots": robots}
