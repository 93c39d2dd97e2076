"""Site -> {output path: HTML}. Pure apart from reading templates.

Site templates in `templates/` override theme templates of the same name in
`theme/templates/`, as in Hugo. Every page is one `Page`: which template, which
variables. Pages are independent, so they can be rendered in any order or split
between processes.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .charts import indicator_chart
from .dashboard import status_summary
from .link import Site, page_path
from .markup import markdown_to_html


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
    )
    base_path = site.config.base_path
    environment.filters["markdown"] = functools.partial(markdown_to_html, base_path=base_path)
    environment.filters["date"] = format_date
    environment.filters["number"] = format_number
    environment.filters["chart"] = indicator_chart
    environment.globals.update(
        site=site,
        config=site.config,
        home_url=base_path,
        static=lambda name: f"{base_path}static/{name}",
        index_url=lambda kind: base_path + page_path(kind),
        status_summary=functools.partial(status_summary, config=site.config),
    )
    return environment


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


def render_pages(site: Site, template_dirs: list[Path]) -> dict[str, str]:
    """Render every page; template errors propagate with template name and line."""
    environment = make_environment(template_dirs, site)
    return {page.path: render_page(environment, page, site.config.base_path) for page in list_pages(site)}


def render_page(environment: jinja2.Environment, page: Page, base_path: str) -> str:
    page_url = base_path + page.path.removesuffix("index.html")
    context = {"section": None, "page_url": page_url, **page.context}
    return environment.get_template(page.template).render(context)
