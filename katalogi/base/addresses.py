"""Where pages live: the sections of the site and the address of a path written in content.

One place for the rule that a site path ('/toimenpiteet/112/') goes under the base path,
and a section's page under the reader's language: link.py applies it to the links
an action lists, markup.py to the links and images of Markdown.
"""

from __future__ import annotations

import re

SECTIONS = {
    "action": "toimenpiteet",
    "category": "kategoriat",
    "organisation": "organisaatiot",
    "indicator": "mittarit",
    "procurement": "hankinnat",
    "procurement_units": "hankintayksikot",
    "status": "tilat",
    "dashboard": "tilannekatsaus",
    "quality": "tietojen-laatu",
    "search": "haku",
    "accessibility": "saavutettavuusseloste",
    "opendata": "avoin-data",
    "criteria_set": "kriteerit",
    "factor_table": "paastokertoimet",
    "shared": "yhteiset",  # the shared definitions' sources (content/network.py)
    "comparison": "vertailu",  # a comparison site's pages of its members
    "timeline": "aikajana",
}
FIRST_SEGMENT = re.compile(r"[^/#?]*")


def page_path(kind: str, identifier: str = "") -> str:
    """Where a page lives below the site root, e.g. 'toimenpiteet/111/'."""
    return f"{SECTIONS[kind]}/{identifier}/" if identifier else f"{SECTIONS[kind]}/"


def site_url(url: str, base_path: str, root: str | None = None) -> str:
    """A path on this site ('/mittarit/x/') under the base path; other addresses as they are.

    A page of a section ('/toimenpiteet/112/') goes under `root`, the language's root,
    so a link written in content stays in the reader's language; files (/data/...) do not.
    """
    if not url.startswith("/"):
        return url
    first = FIRST_SEGMENT.match(url, 1)[0]
    return (root if root is not None and first in SECTIONS.values() else base_path) + url[1:]
