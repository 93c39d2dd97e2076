"""Links and images in content that lead to this site must lead somewhere.

A link written in Markdown or in a link field (`/toimenpiteet/112/`) is checked
against every file the build will write, so a typo or an action that was removed
is an error at its line before anything is published. An image must be a file of
this site: the site asks no other host for anything, so an image from elsewhere
would show as nothing (a warning), and a missing local one is an error.

Pure: the items, the site's paths and its address in; problems out.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
import urllib.parse
from collections.abc import Iterator, Mapping

from ..base import problems
from ..base.errors import ContentError, ContentWarning
from . import gfm
from .checker import Translated
from .field_types import Markdown, Url
from .markup import EXTENSIONS, OPTIONS
from .model import TYPES_BY_KIND
from .schema import ListOf, Object
from .validate import Item, unread_warning

ADDRESS = re.compile(r'<(a|img)\s[^>]*?\b(href|src)="([^"]*)"', re.IGNORECASE)
MAY_LINK = ("](", "]:", "<", "http", "www.")  # text without any of these has no link to check
PAGE_ADDRESS = re.compile(r"/([a-z-]+)/([^/]+)/")


def fields_with_addresses(schema: Object, fields: dict, where: str = "") -> Iterator[tuple[str, str, bool]]:
    """(where, text, is_markdown) of every Markdown and link field with a value, each language apart."""
    for declared in schema.fields:
        value = fields.get(declared.name)
        name = f"{where}.{declared.name}" if where else declared.name
        if value is None or value == []:
            continue
        field_type = declared.type
        if isinstance(field_type, ListOf) and isinstance(field_type.item, Object):
            for index, entry in enumerate(value):
                if isinstance(entry, dict):
                    yield from fields_with_addresses(field_type.item, entry, f"{name}[{index}]")
        elif isinstance(field_type, ListOf) and isinstance(field_type.item, Markdown):
            for index, entry in enumerate(value):
                yield from texts_of(f"{name}[{index}]", entry, True)
        elif isinstance(field_type, Object) and isinstance(value, dict):
            yield from fields_with_addresses(field_type, value, name)
        elif isinstance(field_type, (Markdown, Url)):
            yield from texts_of(name, value, isinstance(field_type, Markdown))


def texts_of(where: str, value, is_markdown: bool) -> Iterator[tuple[str, str, bool]]:
    if isinstance(value, Translated):
        for language, text in value.texts:
            yield f"{where}.{language}", text, is_markdown
    elif isinstance(value, str):
        yield where, value, is_markdown


def addresses_in(text: str) -> Iterator[tuple[str, str, int]]:
    """(element, address, offset in the text) of every link and image that Markdown `text` makes."""
    if not any(marker in text for marker in MAY_LINK):
        return
    searched_from = 0
    for element, _, address in ADDRESS.findall(gfm.render(text, OPTIONS, EXTENSIONS)):
        address = html.unescape(address)
        offset = -1
        for written in (address, urllib.parse.unquote(address)):
            offset = text.find(written, searched_from)
            if offset < 0:
                offset = text.find(written)
            if offset >= 0:
                break
        searched_from = max(searched_from, offset)
        yield element.lower(), address, max(offset, 0)


def line_in(text: str, offset: int, field_line: int) -> int:
    """The file line of `offset` in a field's text: a multi-line text starts on the line after its `key: |`."""
    if "\n" not in text:
        return field_line
    return field_line + 1 + text.count("\n", 0, offset)


@functools.lru_cache(maxsize=1 << 16)  # the same addresses are checked again at every update of the dev server
def own_path(address: str, site_url: str | None) -> str | None:
    """The path below the site's root that an address leads to, or None for another host or scheme."""
    if site_url and address.startswith(site_url + "/"):
        address = address[len(site_url):]
    if not address.startswith("/") or address.startswith("//") or address.startswith("/\\"):
        return None
    path = urllib.parse.unquote(urllib.parse.urlsplit(address).path)
    return path


def exists(path: str, files: frozenset[str]) -> bool:
    relative = path.lstrip("/")
    return (relative in files or f"{relative.rstrip('/')}/index.html".lstrip("/") in files
            or (relative == "" and "index.html" in files))


def nearest(path: str, files: frozenset[str], sections: dict[str, str]):
    """What the editor may have meant: a page of the same section that does not exist, or a close address."""
    page = PAGE_ADDRESS.fullmatch(path)
    if page and page[1] in sections:
        return problems.NO_SUCH_ITEM(kind=problems.KIND_NAMES.get(sections[page[1]], problems.KIND_ACTION)(),
                                     id=page[2])
    pages = ["/" + name.removesuffix("index.html") for name in files if name.endswith("index.html")]
    close = difflib.get_close_matches(path, pages, n=1, cutoff=0.8)
    return problems.DID_YOU_MEAN(candidate=close[0]) if close else ""


def addresses_of(item: Item) -> tuple[tuple[str, int, str, str], ...]:
    """(where, line, element, address) of every link and image in an item's Markdown and link fields.

    Worked out when the file is checked (and kept with its checked result), so that the
    catalogue's check only looks the addresses up.
    """
    found = []
    for where, text, is_markdown in fields_with_addresses(TYPES_BY_KIND[item.kind].schema, item.fields):
        field_line = item.lines.get(where, item.lines.get(where.rsplit(".", 1)[0], item.line))
        entries = addresses_in(text) if is_markdown else [("a", text, 0)]
        found += [(where, line_in(text, offset, field_line), element, address) for element, address, offset in entries]
    return tuple(found)


def check_links(items: list[Item], files: frozenset[str], site_url: str | None,
                sections: dict[str, str], unread: Mapping[tuple[str, str], str] | None = None) -> list[ContentError]:
    """Errors for links and images to this site that lead nowhere; warnings for images from other hosts.

    `files`: every path below output/ the build writes (pages, data files, theme files);
    `sections`: the first path segment of each kind's pages (toimenpiteet -> action); `unread`: the items whose
    files could not be read (checks.unread_files): a link to one of their pages is not checked, and says why.
    """
    unread = unread or {}
    found: list[ContentError] = []
    for item in items:
        for where, line, element, address in item.addresses:
            path = own_path(address, site_url)
            if element == "img" and path is None and re.match(r"(?:https?:)?//", address, re.IGNORECASE):
                found.append(ContentWarning(item.path, line, where, problems.OUTSIDE_IMAGE(url=address),
                                            "outside_image"))
            elif path is not None and not exists(path, files):
                page = PAGE_ADDRESS.fullmatch(path)
                if page and (sections.get(page[1]), page[2]) in unread:
                    kind, identifier = sections[page[1]], page[2]
                    found.append(unread_warning(item.path, line, where, kind, identifier, unread[kind, identifier]))
                    continue
                message = problems.MISSING_IMAGE(url=address) if element == "img" else \
                    problems.BROKEN_LINK(url=address, hint=nearest(path, files, sections))
                found.append(ContentError(item.path, line, where, message))
    return found
