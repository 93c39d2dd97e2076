"""Markdown -> safe HTML, exactly as GitHub previews it (cmark-gfm).

cmark-gfm's default (safe) mode drops raw HTML and `javascript:`, `vbscript:`,
`file:` and non-image `data:` links, so editors cannot put script on a page.
"""

from __future__ import annotations

import re

import cmarkgfm
from cmarkgfm.cmark import Options
from markupsafe import Markup

HEADING_TAG = re.compile(r"<(/?)h([1-6])>")
REMOVED_LINK = re.compile(r'<a href="">(.*?)</a>', re.S)  # what safe mode leaves of a script link
SITE_PATH = re.compile(r'(<a href="|<img src=")/(?!/)')
OPTIONS = Options.CMARK_OPT_DEFAULT | Options.CMARK_OPT_VALIDATE_UTF8


def markdown_to_html(text: str | None, heading_level: int = 3, base_path: str = "/") -> Markup:
    """Render GFM to fit the page.

    The text's top headings become `heading_level`; links to paths on this site
    (`/toimenpiteet/112/`) get the site's base path; a link that safe mode emptied
    becomes plain text instead of a link to the page itself.
    """
    if not text:
        return Markup("")
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=OPTIONS)
    html = REMOVED_LINK.sub(r"\1", html)
    if base_path != "/":
        html = SITE_PATH.sub(lambda m: m[1] + base_path, html)
    shift = heading_level - 1
    if shift:
        html = HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}>", html)
    return Markup(html)  # noqa: S704 - cmark-gfm's safe mode output, see module docstring
