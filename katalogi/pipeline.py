"""The build, as a recipe: load -> validate -> link -> render -> write.

Nothing reaches output/ until every file is loaded, validated and linked and
every page rendered; any problem ends the run with all problems listed.
"""

from __future__ import annotations

import contextlib
import traceback
from dataclasses import dataclass
from pathlib import Path

import click
import jinja2

from .config import Config, load_config
from .errors import BuildFailed, ContentError
from .i18n import SCHEMAS, localise_config, localise_items, missing_translations
from .link import Site, link
from .load import find_sources, read_document
from .model import CONTENT_TYPES
from .progress import check_statuses
from .render import render_pages
from .search import index_for_search
from .validate import Item, check_items
from .write import write_site

CONTENT_DIR = "content"
TEMPLATES_DIR = "templates"
THEME_DIR = "theme"


@dataclass(frozen=True)
class Project:
    """Where a catalogue's sources are; every path the build reads comes from here."""

    root: Path
    theme_dir: Path | None = None  # theme/ in the project unless given

    @property
    def theme(self) -> Path:
        return self.theme_dir or self.root / THEME_DIR

    @property
    def template_dirs(self) -> list[Path]:
        return [self.root / TEMPLATES_DIR, self.theme / "templates"]

    @property
    def static_dir(self) -> Path:
        return self.theme / "static"

    @property
    def watched(self) -> list[Path]:
        return [self.root / CONTENT_DIR, self.root / TEMPLATES_DIR, self.theme, self.root / "site_config.yaml"]


def load_items(project: Project, config: Config | None) -> tuple[list[Item], list[ContentError]]:
    """Read and validate every content file; references to statuses need the config."""
    types_by_folder = {content_type.folder: content_type for content_type in CONTENT_TYPES}
    sources, errors = find_sources(project.root, CONTENT_DIR, list(types_by_folder))
    documents = []
    for folder, file, shown_path in sources:
        document, problems = read_document(file, shown_path)
        errors += problems
        if document is not None:
            documents.append((types_by_folder[folder], document))
    known_ids = {"status": {status.id for status in config.statuses}} if config else {}
    items, problems = check_items(documents, known_ids, config.languages if config else None)
    return items, errors + problems


def check_project(project: Project) -> Site:
    """Load, validate and link everything; raise BuildFailed listing every problem."""
    config, errors = load_config(project.root)
    items, problems = load_items(project, config)
    errors += problems
    if config is not None:
        errors += check_statuses(items, config)
    if errors or config is None:
        raise BuildFailed(errors)
    return link_editions(items, config)


def link_editions(items: list[Item], config: Config) -> Site:
    """The site in every language: items resolved to one language, then linked (cheap: linear in the items).

    The default language's Site comes back; `site.editions` holds all of them.
    """
    default = config.default_language
    editions = {language: link(localise_items(items, language, default), localise_config(config, language))
                for language in config.languages}
    warnings = list(config.missing_translations)
    for item in items:
        warnings += missing_translations(item.path, item.line, SCHEMAS[item.kind], item.fields, item.lines,
                                         config.languages)
    for edition in editions.values():
        edition.editions.update(editions)
    edition = editions[default]
    edition.missing_translations.extend(warnings)
    return edition


def template_error(error: jinja2.TemplateError, project: Project) -> ContentError:
    """Name the template file and line of a template mistake, as for content."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        name, line = error.filename or error.name or "template", error.lineno
    else:
        frames = [frame for frame in traceback.extract_tb(error.__traceback__)
                  if frame.filename.endswith((".html", ".xml", ".txt"))]
        name, line = (frames[-1].filename, frames[-1].lineno) if frames else ("template", 1)
    with contextlib.suppress(ValueError):  # a template outside the project keeps its full path
        name = Path(name).resolve().relative_to(project.root.resolve()).as_posix()
    return ContentError(name, line or 1, "template", str(error.message or error))


def collect_assets(project: Project) -> dict[str, Path]:
    """Theme files to copy, by their path below output/."""
    if not project.static_dir.is_dir():
        return {}
    return {f"static/{file.relative_to(project.static_dir).as_posix()}": file
            for file in sorted(project.static_dir.rglob("*")) if file.is_file()}


def build(project: Project, out: Path, search: bool = True) -> Site:
    """Build the whole site into `out`, replacing it only when everything succeeded.

    `search` runs Pagefind over the new site (when installed) before it is swapped in.
    """
    site = check_project(project)
    try:
        pages = render_pages(site, project.template_dirs)
    except jinja2.TemplateError as error:
        raise BuildFailed([template_error(error, project)]) from None
    try:
        write_site(out, pages, collect_assets(project), before_swap=index_for_search if search else None)
    except OSError as error:
        raise click.ClickException(
            f"{error.filename or out}: cannot write the site ({error.strerror}); the previous output is kept"
        ) from None
    return site
