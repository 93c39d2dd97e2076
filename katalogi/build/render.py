"""Pages -> their text: the Jinja environment of each language, and the producers of the other files.

Site templates in `templates/` override theme templates of the same name in
`theme/templates/`, as in Hugo. Every output file is one `pages.Page`: which
template (or which producer, for feeds and data files), which language, which
variables. Pages are independent, so they can be rendered in any order or split
between processes.

Pages of the default language sit at the base path, the others' under `/sv/`,
`/en/` (the same path segments in every language, so switching language only
changes the prefix).
"""

from __future__ import annotations

import contextlib
import functools
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import jinja2
import jinja2.meta
from markupsafe import Markup

from ..base import timings
from ..base.addresses import page_path
from ..base.errors import ContentError
from ..base.messages import text_of
from ..base.parallel import parallel_map
from ..base.problems import TEMPLATE_ERROR
from ..base.shares import percent
from ..content import procurements, vocabularies
from ..content.codes import GPP_AIMS, GPP_LEVELS
from ..content.i18n import LANGUAGE_NAMES, LOCALES, Fallback, lang_attr, marked, resolve, translations
from ..content.markup import markdown_to_html
from ..outputs import comparison_data, decap, feeds, list_export, opendata, web
from ..outputs.charts import indicator_chart
from ..outputs.comparison_charts import members_chart
from ..outputs.search import compound_tails
from ..reporting.changes import round_changes
from ..reporting.council import council_report
from ..reporting.report_pdf import pdf_key, typeset
from ..site.attributes import sections
from ..site.dashboard import status_summary
from ..site.relations import chain
from ..site.timeline import action_timeline, programme_timeline
from ..site.views import Editions, Site
from .cache import PdfStore
from .filters import format_date, format_month, format_number, format_percent, format_points, iso_date
from .pages import Page

PRODUCERS = {**feeds.PRODUCERS, **opendata.PRODUCERS, **web.PRODUCERS, **decap.PRODUCERS, **list_export.PRODUCERS,
             **comparison_data.PRODUCERS}
EFORMS_ORDER = {"gpp-criteria": GPP_LEVELS, "environmental-impact": GPP_AIMS}  # the order the filters list them in
ANY_TEMPLATE = "*"  # in templates_used: a template whose name is computed while rendering


def markdown_in_language(text, heading_level: int = 3, *, base_path: str, language: str, root: str) -> Markup:
    """Markdown as HTML with links to pages in the page's language; a fallback text is wrapped in <div lang="..">."""
    html = markdown_to_html(text, heading_level, base_path, root)
    if isinstance(text, Fallback) and text.lang != language and html:
        return Markup('<div lang="{}">').format(text.lang) + html + Markup("</div>")
    return html


def make_environment(template_dirs: list[Path], site: Site, editions: Editions,
                     compiled: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """Jinja for one language's pages, with autoescape and StrictUndefined: a template typo fails the build.

    `compiled` keeps compiled templates between builds (keyed by each template's source)."""
    environment = jinja2.Environment(
        bytecode_cache=compiled,
        loader=jinja2.FileSystemLoader([str(path) for path in template_dirs]),
        autoescape=jinja2.select_autoescape(("html", "xml", "atom", "svg"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,  # templates do not change during a build; do not stat them for every page
    )
    language, config = site.language, site.config
    gettext = translations(language)
    environment.install_gettext_translations(gettext, newstyle=True)
    environment.globals.update(quick_gettext(gettext))
    base_path, root = config.base_path, site.root
    environment.filters["markdown"] = functools.partial(markdown_in_language, base_path=base_path, language=language,
                                                        root=root)
    environment.filters["date"] = functools.partial(format_date, language=language)
    environment.filters["number"] = functools.partial(format_number, language=language)
    environment.filters["percent"] = functools.partial(format_percent, language=language)
    environment.filters["iso_date"] = functools.partial(iso_date, language=language)
    environment.filters["points"] = functools.partial(format_points, language=language)
    environment.filters["compound_tails"] = compound_tails
    environment.filters["problem_text"] = functools.partial(text_of, language=language)
    environment.filters["in_language"] = lambda value: marked(resolve(value, language, config.languages[0]), language)
    environment.filters["month"] = functools.partial(format_month, language=language)
    environment.filters["chart"] = memoised(
        functools.partial(indicator_chart, gettext=gettext.gettext, number=environment.filters["number"]),
        lambda indicator, **options: (indicator.id, tuple(sorted(options.items()))))
    environment.filters["t"] = functools.partial(marked, page_language=language)
    environment.filters["cpv"] = functools.partial(vocabularies.cpv_text, language=language)
    environment.filters["cpv_name"] = functools.partial(vocabularies.cpv_name, language=language)
    environment.filters["cpv_prefix"] = functools.partial(vocabularies.prefix_text, language=language)
    environment.filters["cpv_prefix_name"] = functools.partial(vocabularies.prefix_name, language=language)
    environment.globals.update(
        config=config,
        language=language,
        locale=LOCALES.get(language, language),
        locales=LOCALES,
        language_names=LANGUAGE_NAMES,
        home_url=root,
        static=lambda name: f"{base_path}static/{name}",
        index_url=lambda kind: root + page_path(kind),
        timeline_url=lambda kind, identifier: root + page_path("timeline") + page_path(kind, identifier),
        data_url=lambda name: f"{base_path}{opendata.DATA_DIR}/{name}",
        lang_attr=functools.partial(lang_attr, page_language=language),
        status_summary=functools.partial(status_summary, config=config),
        share=percent,
        council_report=memoised(council_report, lambda entry, language: (id(entry), language)),
        round_changes=round_changes,
        totals_of=functools.partial(procurements.totals, criteria=config.green_share.criteria),
        members_chart=functools.partial(members_chart, gettext=gettext.gettext, number=environment.filters["number"]),
        years_of=functools.partial(procurements.by_year, criteria=config.green_share.criteria),
        export_headings=list_export.headings(language),
        node_csv=list_export.NODE_CSV,
        dependency_chain=chain,
        action_timeline=action_timeline,
        programme_timeline=programme_timeline,
        attribute_groups=sections,
        eforms_labels=lambda code_list: vocabularies.code_labels(code_list, language, EFORMS_ORDER.get(code_list, ())),
        once=memoised(lambda key, macro, *args: kept_piece(environment, key, macro, args),
                      lambda key, macro, *args: key),
    )
    bind_site(environment, site, editions)
    return environment


def kept_piece(environment: jinja2.Environment, key: tuple, macro, args) -> Markup:
    """A macro's output for an action, from the kept fragments when its inputs are as they were."""
    fragments = environment.globals["fragments"]
    if key and key[0] in FRAGMENTS and fragments is not None:
        what = "\0".join(map(str, (FRAGMENTS[key[0]], *key[2:])))
        return Markup(fragments.text(what, environment.globals["language"], key[1],  # noqa: S704 - our own render
                                     lambda: str(macro(*args))))
    return macro(*args)


def bind_site(environment: jinja2.Environment, site: Site, editions: Editions) -> None:
    """Point an environment at a new Site of the same configuration (the dev server after a change).

    The compiled templates are kept; only the site and the fragments memoised from
    the previous one go. The filter and global objects stay the same objects, as
    compiled macros hold on to them.
    """
    environment.globals["site"] = site
    environment.globals["editions"] = editions
    environment.globals.setdefault("fragments", None)
    environment.globals.setdefault("pdfs", None)
    environment.filters["chart"].forget()
    environment.globals["once"].forget()
    environment.globals["council_report"].forget()


def quick_gettext(catalogue) -> dict:
    """Jinja's new-style `_`, `gettext` and `ngettext`, without its per-call context machinery.

    Same results (Markup, always %-formatted with escaped variables, as autoescape is
    always on here), but an action page makes some forty of these calls, which were a
    quarter of its rendering time.
    """
    lookup = functools.lru_cache(maxsize=None)(catalogue.gettext)

    def gettext(message: str, **variables) -> Markup:
        return Markup(lookup(message)) % variables

    def ngettext(singular: str, plural: str, number: int, **variables) -> Markup:
        variables.setdefault("num", number)
        return Markup(catalogue.ngettext(singular, plural, number)) % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


class Fragments:
    """Pieces of output about one action, rendered once and kept from one build to the next.

    An action's row in a table, its data record, its tasks in a calendar: each is made
    from the action and what it names, so each is kept with `validity[action id]`, a
    digest of all that (engine.py), and made again only when it changes. A long list
    of actions is then mostly joined from kept pieces. Pieces made in a forked worker
    travel back with its results (`made`) to be kept by the parent.
    """

    def __init__(self, kept=None, validity: dict[str, str] | None = None):
        self.kept = kept  # a cache.FragmentStore, or None to keep nothing between builds
        self.validity = validity or {}
        self.made: dict[tuple, tuple[str, str]] = {}  # made since the last `drain`
        self.values: dict = {}  # pieces kept for this update only (the entries of feeds)

    def value(self, key, make: Callable):
        """A piece of this update that several files use (an action's feed entries): made once per process."""
        if key not in self.values:
            self.values[key] = make()
        return self.values[key]

    def text(self, what: str, language: str, action_id: str, make: Callable[[], str]) -> str:
        key, valid = (what, language, action_id), self.validity.get(action_id)
        if valid is None:
            return make()
        entry = self.made.get(key) or (self.kept.table(what).entries.get(key) if self.kept is not None else None)
        if entry is not None and entry[0] == valid:
            return entry[1]
        text = make()
        self.made[key] = (valid, text)
        return text

    def drain(self) -> dict:
        """The pieces made since the last drain (a worker sends them to its parent)."""
        made, self.made = self.made, {}
        return made

    def absorb(self, made: dict) -> None:
        self.made.update(made)

    def save(self) -> None:
        """Keep what was made, and forget the pieces of actions that are gone."""
        if self.kept is None:
            return
        for key, entry in self.drain().items():
            self.kept.table(key[0]).put(key, entry[0], entry[1])
        for table in self.kept.tables.values():
            table.keep_only(key for key in table.entries if key[2] in self.validity)


FRAGMENTS = {"action row": "row"}  # the keys of `once` whose second part is an action's id, and what to keep


def memoised(function, key):
    """Reuse a fragment every page shows the same way (a table row, a chart) instead of rendering it again.

    Safe because the Site does not change while its pages are rendered; `bind_site`
    forgets the fragments when the environment moves on to a new Site.
    """
    results = {}

    def cached(*args, **kwargs):
        index = key(*args, **kwargs)
        if index not in results:
            results[index] = function(*args, **kwargs)
        return results[index]

    cached.forget = results.clear
    return cached


class CompiledInMemory(jinja2.BytecodeCache):
    """Compiled templates kept for this build only: the environments of the site's languages share them, so a
    template is compiled once, not once per language (compiling is a third of a small site's build)."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class Renderer:
    """The Jinja environments of every language of a site, and pages rendered with them.

    A build makes one. The dev server keeps its own between changes and moves it to
    each new Site (`rebind`), so the templates are compiled once per session.
    """

    def __init__(self, editions: Editions, template_dirs: list[Path], compiled: Path | None = None,
                 pdfs: PdfStore | None = None):
        self.editions = editions
        self.fragments = Fragments()
        cache: jinja2.BytecodeCache = CompiledInMemory()  # each template compiled once for every language
        if compiled is not None:
            with contextlib.suppress(OSError):  # without a folder to keep them in, once per build
                compiled.mkdir(parents=True, exist_ok=True)
                cache = jinja2.FileSystemBytecodeCache(str(compiled))
        self.environments = {language: make_environment(template_dirs, edition, editions, cache)
                             for language, edition in editions.items()}
        for environment in self.environments.values():  # the council reports' PDFs, kept between builds
            environment.globals["pdfs"] = pdfs

    @property
    def site(self) -> Site:
        return self.editions.default

    def rebind(self, editions: Editions) -> None:
        self.editions = editions
        for language, edition in editions.items():
            bind_site(self.environments[language], edition, editions)

    def use_fragments(self, fragments: Fragments) -> None:
        """Render with (and into) these kept fragments from now on."""
        self.fragments = fragments
        for environment in self.environments.values():
            environment.globals["fragments"] = fragments

    def render(self, page: Page) -> str:
        return render_page(self.environments[page.language or self.site.language], page, self.site.config.base_path)

    def templates_of(self, page: Page, read: dict[str, list[str]]) -> set[str]:
        """The templates a page's output comes from (none for a producer's file); `read` keeps what was parsed."""
        if page.producer:
            return set()
        return templates_used(self.environments[self.site.language], page.template, read)

    def write_pages(self, pages, jobs: int | None, describe_error: Callable[[jinja2.TemplateError], ContentError],
                    write: Callable[[str, str], None]) -> list[ContentError]:
        """Render pages and write each (`write(path, text)`) as soon as it is rendered, on up to `jobs` cores.

        Memory holds one page per process rather than the whole site; template errors come back.
        """
        def render_one(page: Page) -> tuple[ContentError | None, dict, float, float]:
            started = time.perf_counter()
            try:
                text = self.render(page)
            except jinja2.TemplateError as error:
                return describe_error(error), self.fragments.drain(), time.perf_counter() - started, 0.0
            rendered = time.perf_counter()
            write(page.path, text)
            return None, self.fragments.drain(), rendered - started, time.perf_counter() - rendered

        pages = list(pages)
        weights = [self.weight(page) for page in pages]
        errors = []
        for page, (error, made, rendering, writing) in zip(pages, parallel_map(render_one, pages, jobs, weights),
                                                            strict=True):
            self.fragments.absorb(made)
            timings.RECORDED.pages(page_kind(page), rendering, writing)
            if error is not None:
                errors.append(error)
        return errors

    def weight(self, page: Page) -> int:
        """About how much work a page is, in action pages: a page about every action is worth a fiftieth of the
        actions, and a council report's PDF (WeasyPrint lays out every action) ten times the actions."""
        if page.typeset:
            return max(1, 10 * len(self.site.actions))
        if any(key[-1] == "*" for key in page.depends):
            return max(1, len(self.site.actions) // 50)
        return 1


def page_kind(page: Page) -> str:
    """What a page is, for the build's timings: its template, or the producer of a data file."""
    return page.producer or (f"{page.template} (PDF)" if page.typeset else page.template)


def templates_used(environment: jinja2.Environment, name: str, read: dict[str, list[str]] | None = None) -> set[str]:
    """`name` and every template it extends, includes or imports, directly or through others.

    ANY_TEMPLATE among them means a name computed while rendering: any template may be used.
    A syntax error is raised as Jinja's TemplateSyntaxError, with its file and line. `read`
    keeps each template's own references, for the next call.
    """
    read = {} if read is None else read
    found: set[str] = set()
    waiting = [name]
    while waiting:
        current = waiting.pop()
        if current in found:
            continue
        found.add(current)
        if current not in read:
            read[current] = references(environment, current)
        waiting += read[current]
    return found


def references(environment: jinja2.Environment, name: str) -> list[str]:
    """The templates one template names itself (none if it does not exist: rendering reports that)."""
    try:
        source, filename, _ = environment.loader.get_source(environment, name)
    except jinja2.TemplateNotFound:
        return []
    tree = environment.parse(source, name, filename)
    return [reference or ANY_TEMPLATE for reference in jinja2.meta.find_referenced_templates(tree)]


def template_error(error: jinja2.TemplateError, root: Path) -> ContentError:
    """Name the template file and line of a template mistake, as for content (paths from the project `root`)."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        name, line = error.filename or error.name or "template", error.lineno
    else:
        frames = [frame for frame in traceback.extract_tb(error.__traceback__)
                  if frame.filename.endswith((".html", ".xml", ".txt"))]
        name, line = (frames[-1].filename, frames[-1].lineno) if frames else ("template", 1)
    with contextlib.suppress(ValueError):  # a template outside the project keeps its full path
        name = Path(name).resolve().relative_to(root.resolve()).as_posix()
    return ContentError(name, line or 1, "template", TEMPLATE_ERROR(detail=str(error.message or error)))


def alternates(page: Page, site: Site) -> list[dict]:
    """The same page in every language: language, hreflang, url and absolute url (None without site_url)."""
    config = site.config
    found = []
    for language in config.languages:
        url = config.language_root(language) + page.local_path.removesuffix("index.html")
        found.append({"language": language, "url": url, "absolute": config.absolute(url),
                      "name": LANGUAGE_NAMES.get(language, language)})
    return found


def render_page(environment: jinja2.Environment, page: Page, base_path: str) -> str | bytes:
    site = environment.globals["site"]
    if page.producer:
        return PRODUCERS[page.producer](site, environment.globals["editions"],
                                        environment.globals["fragments"] or Fragments(), **page.context)
    page_url = base_path + page.path.removesuffix("index.html")
    context = {"section": None, "searchable": False, "pdf": page.typeset, "page_url": page_url,
               "canonical_url": site.config.absolute(page_url), "alternates": alternates(page, site),
               "feeds": feeds.links_for(page, site), **page.context}
    text = environment.get_template(page.template).render(context)
    if page.typeset:  # the council report's PDF, typeset from the page (WeasyPrint), or as kept from a build before
        static_dirs = [Path(folder).parent / "static" for folder in environment.loader.searchpath]
        day = page.context["round"].date
        pdfs = environment.globals["pdfs"] or PdfStore()
        key = pdf_key(text, static_dirs, base_path, day)
        kept = pdfs.get(page.path, key)
        if kept is not None:
            return kept
        made = typeset(text, static_dirs, base_path, day)
        pdfs.put(page.path, key, made)
        return made
    return text
