"""Markdown -> safe HTML, as GitHub previews it: cmark-gfm, then the nh3 allow-list.

GitHub renders raw HTML in Markdown and then sanitises the result; so do we.
cmark-gfm runs with raw HTML enabled, and nh3 (the Rust sanitiser ammonia) keeps
only the elements and attributes below, so harmless HTML such as `<br>` or `<sub>`
survives. Every other tag goes; script, style, iframe, svg and their kin go with
their content (instead of GFM's tag filter, which would show them as text); every
`on*`, `style` and `class` attribute goes; a link may only be http(s), mailto or
a path, an image only a path on this site. nh3 parses like a browser, so encoded
or broken spellings such as `jav&#x09;ascript:` are judged as a browser sees them.

A browser's parser (and nh3's) takes time that grows with the square of how deeply
elements nest, so a text nested deeper than MAX_DEPTH (`<div>` a million times, or
`> ` as often) is shown as plain text instead of being parsed.
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape

import nh3
from cmarkgfm.cmark import Options
from markupsafe import Markup

from ..base.addresses import site_url
from . import gfm

OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_VALIDATE_UTF8 | Options.CMARK_OPT_GITHUB_PRE_LANG
EXTENSIONS = ["table", "autolink", "strikethrough", "tasklist"]  # GFM's, but for tagfilter (see above)

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote",
    "ul", "ol", "li", "input",  # input: GFM task list check boxes, always disabled
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "a", "img",
    "em", "strong", "b", "i", "del", "s", "sub", "sup", "kbd", "abbr",
    "code", "pre",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "pre": {"lang"},
    "abbr": {"title"},
    "input": {"checked"},
}
ALLOWED_VALUES = {"input": {"type": {"checkbox"}}}
FORCED_VALUES = {"input": {"disabled": ""}}
URL_SCHEMES = {"http", "https", "mailto"}
REMOVED_WITH_CONTENT = {
    "script", "style", "iframe", "frame", "frameset", "noscript", "noembed", "noframes", "object", "embed",
    "template", "svg", "math", "textarea", "title", "xmp", "plaintext", "select", "option", "applet",
}

MAX_DEPTH = 100
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

HEADING_TAG = re.compile(r"<(/?)h([1-6])>")
NOT_A_CHECK_BOX = re.compile(r'<input(?![^>]* type="checkbox")[^>]*>')  # input's attributes are fixed
BARE_LINK = re.compile(r"<a(?: title=\"[^\"]*\")?>(.*?)</a>", re.S)  # a link whose address was removed
SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
IGNORED_IN_URL = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL
STRIPPED_FROM_URL = "".join(map(chr, range(0x21)))  # and C0 controls and spaces at either end


def attribute_filter(base_path: str, root: str | None = None):
    """Images only from this site; site paths of links and images under the base path, links to a section's
    pages under the language's `root` (addresses.site_url).

    nh3 has already removed addresses with a scheme other than URL_SCHEMES.
    """
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) not in (("a", "href"), ("img", "src")):
            return value
        url = IGNORED_IN_URL.sub("", value).strip(STRIPPED_FROM_URL)
        if SCHEME.match(url):
            return None if tag == "img" else url
        if url.replace("\\", "/").startswith("//"):  # another host, whatever the scheme
            return None
        return site_url("/" + url[1:], base_path, root if tag == "a" else None) if url.startswith(("/", "\\")) \
            else url
    return keep


def nesting_exceeds(html: str, limit: int = MAX_DEPTH) -> bool:
    """Whether elements may nest deeper than `limit`.

    It errs on the safe side: a closing tag counts only if an element of its name
    is open, and a tag a browser would close by itself stays open.
    """
    if html.count("<") <= limit:  # too few tags to nest that deep: the usual case, no need to look closer
        return False
    depth, open_by_name = 0, Counter()
    for tag in TAG.finditer(html):
        name = tag[2].lower()
        if tag[1]:
            if open_by_name[name]:
                open_by_name[name] -= 1
                depth -= 1
        elif name not in VOID:
            open_by_name[name] += 1
            depth += 1
            if depth > limit:
                return True
    return False


def sanitise(html: str, base_path: str = "/", root: str | None = None) -> str:
    """Keep only the allow-listed elements, attributes and URLs of `html`."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_VALUES,
        set_tag_attribute_values=FORCED_VALUES,
        attribute_filter=attribute_filter(base_path, root),
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def markdown_to_html(text: str | None, heading_level: int = 3, base_path: str = "/", root: str | None = None
                     ) -> Markup:
    """Render GFM to fit the page.

    The text's top headings become `heading_level`; links to paths on this site get the
    site's base path, and those to a section's pages (`/toimenpiteet/112/`) the
    language's `root` (/sv/ below the base path); a link whose address the
    sanitiser removed becomes plain text instead of a link to nowhere.
    """
    if not text:
        return Markup("")
    html = gfm.render(text, OPTIONS, EXTENSIONS)
    if nesting_exceeds(html):
        return Markup(f"<p>{escape(text)}</p>\n")  # noqa: S704 - escaped
    html = sanitise(html, base_path, root)
    html = NOT_A_CHECK_BOX.sub("", BARE_LINK.sub(r"\1", html))
    shift = heading_level - 1
    if shift:
        html = HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}>", html)
    return Markup(html)  # noqa: S704 - sanitised by nh3 to the allow-list above
