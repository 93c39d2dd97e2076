"""Site -> HTML pages written below a folder. Pure apart from reading templates and writing pages.

Site templates in `templates/` override theme templates of the same name in
`theme/templates/`, as in Hugo. Every page is one `Page`: which template, which
variables. Pages are independent, so they can be rendered in any order or split
between processes.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .charts import indicator_chart
from .dashboard import status_summary
from .errors import ContentError
from .link import Site, page_path
from .markup import markdown_to_html
from .parallel import parallel_map
from .write import write_file


@dataclass(frozen=True)
class Page:
    """One output file: the path below output/, its template and its own variables."""

    path: str
    template: str
    context: dict = field(default_factory=dict)


def format_date(value: datetime.date | None) -> str:
    """Finnish style, as on the city's pages: 15.10.2019."""
    return value.strftime("%d.%m.%Y") if value else ""


def format_number(value: float | int) -> str:
    """Finnish style: 1 234,5 (no-break space between thousands, decimal comma)."""
    return format(value, ",").replace(",", "\u00a0").replace(".", ",")


class ContentEnvironment(jinja2.Environment):
    """Jinja where `item.values` is the field, not the dict method of the same name."""

    def getattr(self, obj, attribute):
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def make_environment(template_dirs: list[Path], site: Site) -> jinja2.Environment:
    """Jinja with autoescape and StrictUndefined: a template typo fails the build."""
    environment = ContentEnvironment(
        loader=jinja2.FileSystemLoader([str(path) for path in template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build; do not stat them for every page
    )
    base_path = site.config.base_path
    environment.filters["markdown"] = functools.partial(markdown_to_html, base_path=base_path)
    environment.filters["date"] = format_date
    environment.filters["number"] = format_number
    environment.filters["chart"] = memoised(indicator_chart, lambda indicator, **options: (
        indicator["id"], tuple(sorted(options.items()))))
    environment.globals.update(
        site=site,
        config=site.config,
        home_url=base_path,
        static=lambda name: f"{base_path}static/{name}",
        index_url=lambda kind: base_path + page_path(kind),
        status_summary=functools.partial(status_summary, config=site.config),
        action_row=memoised(lambda action, filterable=False: environment.get_template("_macros.html").module
                            .action_table_row(action, filterable),
                            lambda action, filterable=False: (action["id"], filterable)),
    )
    return environment


def memoised(function, key):
    """Reuse a fragment every page shows the same way (a table row, a chart) instead of rendering it again.

    Safe because the Site does not change while its pages are rendered; the cache
    lives as long as the environment, which is made per build.
    """
    results = {}

    def cached(*args, **kwargs):
        index = key(*args, **kwargs)
        if index not in results:
            results[index] = function(*args, **kwargs)
        return results[index]

    return cached


def list_pages(site: Site) -> list[Page]:
    """Every page of the site, in a stable order."""
    pages = [
        Page("index.html", "index.html", {"section": "action"}),
        Page("404.html", "404.html"),
        Page(page_path("action") + "index.html", "actions.html", {"section": "action"}),
        Page(page_path("category") + "index.html", "categories.html", {"section": "category"}),
        Page(page_path("organisation") + "index.html", "organisations.html", {"section": "organisation"}),
        Page(page_path("indicator") + "index.html", "indicators.html", {"section": "indicator"}),
        Page(page_path("status") + "index.html", "statuses.html", {"section": "action"}),
        Page(page_path("dashboard") + "index.html", "dashboard.html", {"section": "dashboard"}),
        Page(page_path("quality") + "index.html", "quality.html"),
    ]
    for kind, template, items in (
        ("action", "action.html", site.actions),
        ("category", "category.html", site.categories),
        ("organisation", "organisation.html", site.organisations),
        ("indicator", "indicator.html", site.indicators),
        ("status", "status.html", site.statuses),
    ):
        pages += [Page(page_path(kind, item["id"]) + "index.html", template, {kind: item, "section": kind})
                  for item in items]
    return pages


def render_into(folder: Path, site: Site, template_dirs: list[Path], jobs: int | None,
                describe_error: Callable[[jinja2.TemplateError], ContentError]) -> list[ContentError]:
    """Render every page and write it below `folder`, on up to `jobs` cores; return template errors.

    Each page is written as soon as it is rendered, so memory holds one page per
    process rather than the whole site.
    """
    environment = make_environment(template_dirs, site)

    def render_one(page: Page) -> ContentError | None:
        try:
            write_file(folder, page.path, render_page(environment, page, site.config.base_path))
        except jinja2.TemplateError as error:
            return describe_error(error)
        return None

    return [error for error in parallel_map(render_one, list_pages(site), jobs) if error is not None]


def render_page(environment: jinja2.Environment, page: Page, base_path: str) -> str:
    page_url = base_path + page.path.removesuffix("index.html")
    context = {"section": None, "page_url": page_url, **page.context}
    return environment.get_template(page.template).render(context)
