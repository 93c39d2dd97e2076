"""HTML checks shared by the site tests: nesting, ids, and same-site links."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class PageParser(HTMLParser):
    """Collects links, ids and visible text, and checks that elements nest properly."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: list[str] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                self.links.append(attributes[name])
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else None}> at {self.getpos()}")
        else:
            self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser



def broken_links(out: Path, base_path: str) -> tuple[list[str], int]:
    """Every same-site link or fragment in out/ that leads nowhere, and how many links were checked."""
    broken, checked = [], 0
    for page in sorted(out.rglob("*.html")):
        parsed = parse(page)
        for link in parsed.links:
            where = f"{page.relative_to(out)}: {link}"
            if link.startswith("#"):
                if link[1:] not in parsed.ids:
                    broken.append(f"{where} (no such id)")
            elif re.match(r"[a-z]+:|//", link):
                if not link.startswith(("https://", "http://", "mailto:")):
                    broken.append(f"{where} (unexpected scheme)")
            elif not link.startswith(base_path):
                broken.append(f"{where} (outside the base path {base_path})")
            else:
                target = out / link[len(base_path):].split("#")[0]
                if not (target / "index.html" if link.split("#")[0].endswith("/") else target).is_file():
                    broken.append(f"{where} (missing)")
            checked += 1
    return broken, checked


FETCHING_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "modulepreload",
                      "manifest", "preconnect", "dns-prefetch", "prerender", "mask-icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
ANALYTICS = re.compile(r"google-analytics|googletagmanager|gtag\(|matomo|piwik|plausible|hotjar|siteimprove|"
                       r"document\.cookie|localStorage|sessionStorage", re.I)


class RequestParser(HTMLParser):
    """Every address a browser would fetch while showing the page (not links a reader follows)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fetched: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and FETCHING_LINK_RELS & set((attributes.get("rel") or "").lower().split()):
            self.fetched.append(attributes.get("href") or "")
        for name in ("src", "poster", "data", "background"):
            if attributes.get(name):
                self.fetched.append(attributes[name])
        for name in ("srcset", "imagesrcset"):
            if attributes.get(name):
                self.fetched += [part.split()[0] for part in attributes[name].split(",") if part.strip()]
        if attributes.get("style"):
            self.inline_css.append(attributes["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


def css_urls(css: str) -> list[str]:
    return [first or second for first, second in CSS_URL.findall(css)]


def leaves_the_host(address: str) -> bool:
    """An address that a browser would fetch from another host (data: URIs and same-site paths stay)."""
    address = address.strip()
    return bool(re.match(r"(?:[a-z][a-z0-9+.-]*:)?//", address, re.I)) or (
        bool(re.match(r"[a-z][a-z0-9+.-]*:", address, re.I)) and not address.lower().startswith("data:"))


def outside_requests(out: Path) -> list[str]:
    """Every fetch of any page, stylesheet or script of the built site that would go to another host."""
    found = []
    for page in sorted(out.rglob("*.html")):
        parser = RequestParser()
        parser.feed(page.read_text(encoding="utf-8"))
        addresses = parser.fetched + [url for css in parser.inline_css for url in css_urls(css)]
        found += [f"{page.relative_to(out)}: {address}" for address in addresses if leaves_the_host(address)]
    for stylesheet in sorted(out.rglob("*.css")):
        found += [f"{stylesheet.relative_to(out)}: {address}"
                  for address in css_urls(stylesheet.read_text(encoding="utf-8")) if leaves_the_host(address)]
    return found
