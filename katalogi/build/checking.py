"""Every problem of the content in one run: each file's, the catalogue's, the links', and the warnings after them.

An editor who fixes one list of problems should not get another on the next run. So
when some files have errors, the catalogue is still linked as far as it can be: the
items of the files without errors, less those that name an item left out (`sound_items`).
That partial site gives the pages the links of every file are checked against (the
pages of the items left out counted as there, since they will be), and the data-quality
findings of the items in it. The one thing not checked is a reference to a file that could
not be read at all: it says so instead (content.checks.unread_files).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ..base.addresses import SECTIONS, page_path
from ..base.errors import BuildFailed, ContentError, split
from ..content import links
from ..content.config import Config
from ..content.i18n import localise_items
from ..content.model import TYPES_BY_KIND
from ..content.validate import Item
from ..inputs.history import History
from ..outputs.opendata import DATA_DIR
from ..reporting.comparison import NO_NETWORK, Network
from ..reporting.rounds import Rounds
from ..site import quality
from ..site.link import link_editions
from ..site.views import Editions
from .pages import NO_ROUNDS, Inputs, Page, list_pages


def linked_and_checked(items: list[Item], config: Config, found: list[ContentError], changes: History,
                       assets, localise=localise_items, reporting: Rounds = NO_ROUNDS, with_inputs: bool = False,
                       unread: Mapping[tuple[str, str], str] | None = None, network: Network = NO_NETWORK
                       ) -> tuple[Editions, list[Page], Inputs | None]:
    """The site and its pages (with their inputs if `with_inputs`, and the Inputs they were worked out from), once
    the items' own problems (`found`, warnings among them) are no errors and its links lead somewhere; otherwise
    raise BuildFailed with every error and every warning that could be found. The warnings go to
    `Editions.warnings`."""
    found_errors, warnings = split(found)
    if found_errors:
        return failed(items, config, found_errors, warnings, changes, assets, localise, unread)
    editions = link_editions(items, config, changes, localise)
    inputs = Inputs(editions.default) if with_inputs else None
    pages = list_pages(editions, reporting, inputs, network)
    link_errors, all_warnings = links_and_warnings(items, editions, pages, assets, config, warnings, unread)
    if link_errors:
        raise BuildFailed(link_errors, [*all_warnings, *editions.default.findings])
    return dataclasses.replace(editions, warnings=tuple(all_warnings)), pages, inputs


def failed(items: list[Item], config: Config, errors: list[ContentError], warnings: list[ContentError],
           changes: History, assets, localise, unread: Mapping[tuple[str, str], str] | None):
    """Raise BuildFailed with `errors`, and what the items without errors can still tell: broken links in any file,
    the warnings, the data-quality findings."""
    sound = sound_items(items, errors)
    kept = {id(item) for item in sound}
    left_out = [item for item in items if id(item) not in kept]
    try:
        editions = link_editions(sound, config, changes, localise)
        pages = list_pages(editions)
    except Exception:  # what is left of a catalogue with errors could not be linked after all: its errors say enough
        raise BuildFailed(errors, [*warnings, *(warning for item in items for warning in item.warnings)]) from None
    link_errors, all_warnings = links_and_warnings(items, editions, pages, assets, config, warnings, unread,
                                                   pages_of(left_out, editions, config))
    raise BuildFailed([*errors, *link_errors], [*all_warnings, *editions.default.findings])


def links_and_warnings(items: list[Item], editions: Editions, pages: list[Page], assets, config: Config,
                       warnings: list[ContentError], unread, also_there: frozenset[str] = frozenset()
                       ) -> tuple[list[ContentError], list[ContentError]]:
    """The links that lead nowhere (errors), and every warning: the files', the links', the placeholders left in
    categories, contacts, indicators and organisations."""
    files = frozenset(page.path for page in pages) | frozenset(assets) | also_there
    link_errors, link_warnings = split(links.check_links(items, files, config.site_url,
                                                         {section: kind for kind, section in SECTIONS.items()},
                                                         unread))
    site = editions.default
    others = {"category": site.categories, "contact": site.contacts, "indicator": site.indicators,
              "organisation": site.organisations}
    return link_errors, sorted([*warnings, *(warning for item in items for warning in item.warnings),
                                *link_warnings, *quality.find_in_others(others),
                                *quality.roadmap_goals(site.categories),
                                *quality.computed_criteria(site.indicators, site.config)])


def sound_items(items: list[Item], errors: list[ContentError]) -> list[Item]:
    """The items that can be linked although the catalogue has errors: those of files without errors, less those
    that name an item left out (and so on, until none does)."""
    broken = {error.path for error in errors}
    kept = [item for item in items if item.path not in broken]
    while True:
        present = {(item.kind, item.id) for item in kept}
        still = [item for item in kept if all(reference.kind not in TYPES_BY_KIND or (reference.kind, reference.id)
                                              in present for reference in item.references)]
        if len(still) == len(kept):
            return kept
        kept = still


def pages_of(left_out: list[Item], editions: Editions, config: Config) -> frozenset[str]:
    """The pages the items left out will have, in every language: links to them are not broken."""
    found = set()
    for item in left_out:
        if item.kind not in SECTIONS:
            continue
        for _, edition in editions.items():
            found.add(edition.root[len(config.base_path):] + page_path(item.kind, item.id) + "index.html")
        if item.kind == "action":
            found.add(f"{DATA_DIR}/actions/{item.id}.json")
    return frozenset(found)
