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
