"""The build, as a recipe: load -> validate -> link -> render -> write.

Nothing reaches output/ until every file is loaded, validated and linked and
every page rendered; any problem ends the run with all problems listed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import history, links, quality
from .cache import BuildCache, code_version, file_digest, tree_digest
from .config import CONFIG_FILE, Config, load_config
from .errors import BuildFailed, ContentError, Failure, split
from .i18n import SCHEMAS, localise_config, localise_items, missing_translations
from .json_schema import SCHEMAS_DIR
from .link import SECTIONS, Editions, link
from .load import Document, decode, find_sources, parse_yaml, read_bounded
from .model import CONTENT_TYPES, ContentType
from .parallel import parallel_map
from .problems import CANNOT_WRITE, NO_PAGEFIND, TEMPLATE_ERROR
from .progress import check_statuses
from .render import list_pages, render_into
from .schema import Translated, folded
from .search import index_for_search
from .validate import Item, check_across, check_document
from .write import discard_staging, finish_staging, open_staging

CONTENT_DIR = "content"
TEMPLATES_DIR = "templates"
THEME_DIR = "theme"


@dataclass(frozen=True)
class Project:
    """Where a catalogue's sources are; every path the build reads comes from here."""

    root: Path
    theme_dir: Path | None = None  # theme/ in the project unless given
    history: bool = True  # read the content's history from git (off: updated dates only from the files)

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
        return [self.root / CONTENT_DIR, self.root / TEMPLATES_DIR, self.theme, self.root / "site_config.yaml",
                self.root / SCHEMAS_DIR]


def check_source(content_type: ContentType, raw: bytes, path: str, languages: tuple[str, ...] | None
                 ) -> tuple[Item | None, list[ContentError]]:
    """Everything one file can tell on its own: its YAML and its fields (the cacheable part)."""
    text, errors = decode(raw, path)
    data, problems = parse_yaml(text, path) if text is not None else (None, [])
    if data is None:
        return None, errors + problems
    item, problems = check_document(content_type, Document(path, data), languages)
    return (item if item is not None and item.fields.get("id") is not None else None), problems


def check_files(project: Project, config: Config | None, cache: BuildCache | None = None, jobs: int | None = None
                ) -> tuple[dict[str, tuple[Item | None, list[ContentError]]], list[ContentError]]:
    """Read and check every content file on its own, on every core, reusing cached results for unchanged files.

    Returns each file's item and problems by its path, and the problems of the
    content folder itself (misplaced or colliding files).
    """
    cache = cache or BuildCache(None)
    types_by_folder = {content_type.folder: content_type for content_type in CONTENT_TYPES}
    sources, errors = find_sources(project.root, CONTENT_DIR, list(types_by_folder))
    languages = config.languages if config else None
    variant = ",".join(languages or ())  # which languages a text may be given in is part of a file's result

    def check(source: tuple[str, Path, str]) -> tuple[str, bool, tuple[Item | None, list[ContentError]]]:
        folder, file, path = source
        if path in cache.contents:  # hashed moments ago for the build's fingerprint: no need to read it again
            digest = f"{cache.contents[path]}:{variant}"
            cached = cache.lookup(path, digest)
            if cached is not None:
                return digest, False, cached
        raw, problems = read_bounded(file, path)
        if raw is None:
            return "", False, (None, problems)
        digest = f"{file_digest(raw)}:{variant}"
        cached = cache.lookup(path, digest)
        if cached is not None:
            return digest, False, cached
        return digest, True, check_source(types_by_folder[folder], raw, path, languages)

    cache.items  # noqa: B018 - read the cache once, here, before the workers fork
    checked = {}
    for (_, _, path), (digest, fresh, result) in zip(sources, parallel_map(check, sources, jobs), strict=True):
        if fresh:
            cache.store(path, digest, result)
        checked[path] = result
    cache.forget_missing(set(checked))
    return checked, errors


def check_catalogue(items: list[Item], config: Config | None) -> list[ContentError]:
    """What only the whole catalogue can tell: unique identifiers, references, and statuses."""
    if config is None:
        return check_across(items, {})
    return (check_across(items, {"status": {status.id for status in config.statuses}},
                         {"status": status_labels(config)})
            + check_statuses(items, config))


def status_labels(config: Config) -> dict[str, str]:
    """Each status's label in every language, folded, to tell an editor who wrote `Ajallaan` to write on_time."""
    labels = {}
    for status in config.statuses:
        texts = [text for _, text in status.label.texts] if isinstance(status.label, Translated) else [status.label]
        labels.update((folded(str(text)), status.id) for text in texts)
    return labels


def load_items(project: Project, config: Config | None, cache: BuildCache | None = None,
               jobs: int | None = None) -> tuple[list[Item], list[ContentError]]:
    """Every valid item and every problem of the content, each file checked on its own and then all together."""
    checked, errors = check_files(project, config, cache, jobs)
    items = [item for item, _ in checked.values() if item is not None]
    for _, problems in checked.values():
        errors += problems
    return items, errors + check_catalogue(items, config)


def check_project(project: Project, jobs: int | None = None, cache: BuildCache | None = None,
                  base_path: str | None = None) -> Editions:
    """Load, validate and link everything; raise BuildFailed listing every problem.

    `base_path` (already normalised, such as /hankinnat/) replaces site_config.yaml's,
    for CI that publishes the same sources under an address it only knows then.
    """
    config, errors = load_config(project.root)
    if config is not None and base_path is not None:
        config = dataclasses.replace(config, base_path=base_path)
    items, found = load_items(project, config, cache, jobs)
    if config is None:
        raise BuildFailed(errors + split(found)[0])
    changes = (history.read_history(project.root, CONTENT_DIR, config.history) if project.history
               else history.History())
    return linked_and_checked(project, items, config, found, changes, errors)


def linked_and_checked(project: Project, items: list[Item], config: Config, found: list[ContentError],
                       changes: history.History, errors: list[ContentError] = (),
                       localise=localise_items) -> Editions:
    """The site, once the items' own problems (`found`, warnings among them) are no errors and its links lead
    somewhere; raise BuildFailed otherwise. The warnings go to `Editions.warnings` for `check`."""
    found_errors, warnings = split(found)
    if errors or found_errors:
        raise BuildFailed([*errors, *found_errors])
    editions = link_editions(items, config, changes, localise)
    files = frozenset(page.path for page in list_pages(editions)) | frozenset(collect_assets(project))
    link_errors, link_warnings = split(links.check_links(items, files, config.site_url,
                                                         {section: kind for kind, section in SECTIONS.items()}))
    if link_errors:
        raise BuildFailed(link_errors)
    site = editions.default
    others = {"category": site.categories, "contact": site.contacts, "indicator": site.indicators,
              "organisation": site.organisations}
    return dataclasses.replace(editions, warnings=tuple(sorted([
        *warnings, *(warning for item in items for warning in item.warnings), *link_warnings,
        *quality.find_in_others(others)])))


def link_editions(items: list[Item], config: Config, changes: history.History | None = None,
                  localise=localise_items) -> Editions:
    """The site in every language: items resolved to one language, then linked (cheap: linear in the items).

    `changes` is the content's git history, read once for every language;
    `localise(items, language, default)` may reuse earlier results (the dev server's does).
    """
    default = config.default_language
    changes = changes or history.History()
    gaps = list(config.missing_translations)
    for item in items:
        gaps += missing_translations(item.path, item.line, SCHEMAS[item.kind], item.fields, item.lines,
                                     config.languages)
    return Editions({language: link(localise(items, language, default), localise_config(config, language), changes)
                     for language in config.languages}, tuple(gaps))


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
    return ContentError(name, line or 1, "template", TEMPLATE_ERROR(detail=str(error.message or error)))


def collect_assets(project: Project) -> dict[str, Path]:
    """Theme files and the project's JSON Schemas to copy, by their path below output/."""
    assets = {}
    if project.static_dir.is_dir():
        assets.update({f"static/{file.relative_to(project.static_dir).as_posix()}": file
                       for file in sorted(project.static_dir.rglob("*")) if file.is_file()})
    assets.update({f"{SCHEMAS_DIR}/{file.name}": file
                   for file in sorted((project.root / SCHEMAS_DIR).glob("*.schema.json")) if file.is_file()})
    return assets


@dataclass(frozen=True)
class Built:
    """What a build reports: how many actions, how many warnings of each kind, and whether it was skipped."""

    actions: int
    quality_warnings: int
    other_warnings: int
    base_path: str
    skipped: bool = False
    history: object = ""  # why the history from git is missing or incomplete (a Message); empty when complete
    notes: tuple = ()  # what else the build has to say (Pagefind is missing)


def fingerprint(project: Project) -> tuple[str, dict[str, str]]:
    """One digest of every input a build reads (code, configuration, content, templates, theme, schemas,
    the git HEAD the history comes from), and each content file's digest, so that the build need not read
    unchanged files again."""
    types = [content_type.folder for content_type in CONTENT_TYPES]
    sources, problems = find_sources(project.root, CONTENT_DIR, types)
    if problems:
        return "", {}  # let the build report them
    others = [path for folder in (project.root / TEMPLATES_DIR, project.theme, project.root / SCHEMAS_DIR)
              if folder.is_dir() for path in folder.rglob("*") if path.is_file()]
    digest = hashlib.sha256(code_version().encode())
    digest.update(tree_digest([project.root / CONFIG_FILE, *others]).encode())
    config, _ = load_config(project.root)  # its `history` says which commits count; problems: the build says
    settings = config.history if config else history.EVERY_COMMIT
    digest.update(f"history\0{history.revision(project.root, settings) if project.history else 'off'}\0".encode())
    contents = {}
    for _, file, path in sources:
        raw, _ = read_bounded(file, path)
        if raw is None:
            return "", {}  # an unreadable file: build, and let the build report it
        contents[path] = file_digest(raw)
        digest.update(f"{path}\0{contents[path]}\0".encode())
    return digest.hexdigest(), contents


def build(project: Project, out: Path, jobs: int | None = None, cache_folder: Path | None = None,
          base_path: str | None = None, search: bool = True) -> Built:
    """Build the whole site into `out`, replacing it only when everything succeeded.

    `search` runs Pagefind over the new site (when installed) before it is swapped in.
    With a cache folder, unchanged content files are not parsed or checked again,
    and a build whose every input is unchanged since the last one (whose output is
    untouched) does nothing at all.
    """
    cache = BuildCache.open(cache_folder)
    inputs, cache.contents = fingerprint(project) if cache_folder is not None else ("", {})
    if inputs:  # what the command line changes changes the site too
        inputs = hashlib.sha256(f"{inputs}\0{base_path}\0{search}".encode()).hexdigest()
    last = cache.unchanged_build(inputs, out) if inputs else None
    if last is not None:
        return Built(last["actions"], last["quality_warnings"], last["other_warnings"], last["base_path"],
                     skipped=True, history=last.get("history", ""))
    with collector_paused():
        return build_anew(project, out, jobs, cache, inputs, base_path, search)


@contextlib.contextmanager
def collector_paused():
    """Pause Python's cycle collector while the build allocates its millions of small objects.

    It would scan them again and again (a third of the time of loading and
    linking) to find almost nothing; forked workers also stay lighter when it
    does not touch their pages. It resumes afterwards, for a long-running `serve`.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_anew(project: Project, out: Path, jobs: int | None, cache: BuildCache, inputs: str,
               base_path: str | None = None, search: bool = True) -> Built:
    editions = check_project(project, jobs, cache, base_path)
    site = editions.default
    cache.save()  # checked items are worth keeping even if rendering fails below
    staging = None
    try:
        staging = open_staging(out)
        errors = render_into(staging, editions, project.template_dirs, jobs,
                             lambda error: template_error(error, project))
        if errors:
            raise BuildFailed(errors)
        notes = []

        def index(folder: Path) -> None:
            if not index_for_search(folder):
                notes.append(NO_PAGEFIND())

        finish_staging(staging, out, collect_assets(project), index if search else None)
    except OSError as error:
        raise Failure(CANNOT_WRITE(path=error.filename or out, reason=error.strerror)) from None
    finally:
        if staging is not None and staging.exists():
            discard_staging(staging)
    built = Built(len(site.actions), len(site.findings), len(editions.warnings), site.config.base_path,
                  history=site.history.reason, notes=tuple(notes))
    if inputs:
        cache.record_build(inputs, out, {"actions": built.actions, "quality_warnings": built.quality_warnings,
                                         "other_warnings": built.other_warnings, "base_path": built.base_path,
                                         "history": built.history})
        cache.save()
    return built
