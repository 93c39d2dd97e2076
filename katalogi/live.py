"""The dev server's build: the whole site once, then only the pages each change affects.

After a content file changes, only the changed files are read and checked again;
the catalogue is then checked and linked as a whole (linear and quick) and
incremental.plan picks the pages to render. The changed item's own pages are
written first, so the browser can reload at once; a forked process renders the
rest (lists, dashboard, feeds, data files) while the server already answers, and
a request for a page still being rendered waits for it. The search index is
rebuilt in the background once the edits pause.

A changed template is compiled again and the pages whose templates extend, include
or import it are rendered in the background; a changed theme file or JSON Schema is
copied as it is. A change to the configuration, or a new commit (the change
histories), builds everything again.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from multiprocessing.connection import wait
from pathlib import Path

import jinja2

from . import history, incremental, pipeline
from .cache import CACHE_FOLDER, BuildCache, file_digest
from .config import load_config
from .errors import BuildFailed, ContentError, Failure
from .i18n import localise_items
from .incremental import Key
from .link import Editions
from .load import find_sources, read_bounded
from .model import CONTENT_TYPES
from .pipeline import CONTENT_DIR, SCHEMAS_DIR, Project, check_catalogue, check_files, check_source, linked_and_checked
from .render import Page, Renderer, list_pages
from .search import INDEX_DIR, index_for_search, pagefind_installed
from .validate import Item
from .write import remove_file, replace_file, replace_tree

SEARCH_PAUSE = 2.0  # seconds without a change before the search index is rebuilt


@dataclasses.dataclass(frozen=True)
class Source:
    """A content file as last read: its size and time (to notice a change), digest, item and problems."""

    signature: tuple[int, int]
    digest: str
    item: Item | None
    problems: list[ContentError]


@dataclasses.dataclass
class Updated:
    """What one update did, for the console and the reload message."""

    pages: int  # written before the reload (a full build: the number of actions)
    later: int  # being written by the finishing process
    removed: int
    seconds: float
    full: bool = False
    copied: int = 0  # theme files
    note: str = ""  # why the history from git is missing, after a full build

    @property
    def shows_anything_new(self) -> bool:
        return bool(self.full or self.pages or self.later or self.removed or self.copied)

    def __str__(self) -> str:
        if self.full:
            return (f"Built the whole site ({self.pages} actions) in {self.seconds * 1000:.0f} ms."
                    + (f"\n{self.note}" if self.note else ""))
        if not self.shows_anything_new:
            return "Nothing changed."
        if not self.pages and self.later:
            return f"Rendering {self.later} page(s) again (started in {self.seconds * 1000:.0f} ms)."
        return (f"Updated {self.pages} page(s) in {self.seconds * 1000:.0f} ms"
                + (f", {self.later} more following" if self.later else "")
                + (f", removed {self.removed}" if self.removed else "") + ".")


def signature(file: Path) -> tuple[int, int]:
    try:
        status = file.stat()
    except OSError:
        return (-1, -1)
    return (status.st_mtime_ns, status.st_size)


def item_keys(source: Source | None) -> set[Key]:
    return {(source.item.kind, source.item.id)} if source and source.item else set()


class LiveBuild:
    """The site being served and what it was made from, kept between changes."""

    def __init__(self, project: Project, out: Path, search: bool = True, language: str = "en"):
        self.project, self.out, self.search, self.language = project, out, search, language
        self.site: Editions | None = None  # the site output/ shows, None until a build succeeds
        self.renderer: Renderer | None = None
        self.config = None
        self.sources: dict[str, Source] = {}
        self.folder_problems: list[ContentError] = []  # of the content folder itself, at the last scan
        self.changed: set[Key] = set()  # items edited since output/ was last brought up to date
        self.problems: list[str] = []  # the last build's or update's, shown instead of the site
        self.finishing: tuple[multiprocessing.Process, object, dict[str, Page]] | None = None
        self.unfinished: set[str] = set()  # pages a stopped finishing process did not get to
        self.indexing: threading.Thread | None = None
        self.stop_indexing = threading.Event()  # set by a change: the index being made is out of date
        self.last_change = 0.0
        self.revision = ""  # the git HEAD the histories on the pages come from
        self.changes = history.History()
        self.localised: dict[tuple[str, str], tuple[Item, Item]] = {}  # (path, language): (item, its localisation)
        self.search_stale = False  # pages changed since the search index was made

    # --- the whole site ---

    def build_all(self) -> Updated:
        """Build everything as `build` does (cache, search index, atomic swap), then remember it."""
        started = time.perf_counter()
        self.stop_finishing()
        self.site = None
        try:
            built = pipeline.build(self.project, self.out, cache_folder=self.project.root / CACHE_FOLDER,
                                   search=self.search)
            self.remember()
        except BuildFailed as failure:
            self.problems = [error.text(self.language) for error in failure.errors]
            raise
        except Failure as failure:
            self.problems = [failure.text(self.language)]
            raise
        self.problems = []
        return Updated(len(self.site.default.actions), 0, 0, time.perf_counter() - started, full=True,
                       note=built.history)

    def remember(self) -> None:
        """Read back what the build just made the site from (all from the cache) and get the templates ready."""
        config, errors = load_config(self.project.root)
        if errors or config is None:
            raise BuildFailed(errors)
        folders = {content_type.folder for content_type in CONTENT_TYPES}
        sources, _ = find_sources(self.project.root, CONTENT_DIR, sorted(folders))
        signatures = {path: signature(file) for _, file, path in sources}
        checked, _ = check_files(self.project, config, BuildCache.open(self.project.root / CACHE_FOLDER))
        self.sources = {path: Source(signatures.get(path, (-1, -1)), "", item, problems)
                        for path, (item, problems) in checked.items()}
        items = [source.item for source in self.sources.values() if source.item is not None]
        self.config = config
        self.localised = {}
        self.revision = history.revision(self.project.root, config.history) if self.project.history else ""
        self.changes = (history.read_history(self.project.root, CONTENT_DIR, config.history) if self.project.history
                        else history.History())
        self.site = linked_and_checked(self.project, items, config, [], self.changes, localise=self.localise)
        self.renderer = Renderer(self.site, self.project.template_dirs)
        self.changed = set()
        self.unfinished = set()
        for page in {page.template: page for page in list_pages(self.site) if not page.producer}.values():
            self.renderer.render(page)  # compile every template now rather than on the first save

    # --- one change ---

    def update(self, paths: set[Path]) -> Updated:
        """Bring output/ up to date after `paths` changed; raise BuildFailed (output/ untouched) on problems."""
        self.last_change = time.monotonic()
        self.stop_indexing.set()  # Pagefind would take the cores the reload needs, for an index already stale
        self.stop_finishing()  # its pages are rendered again below, from the newest sources
        paths = {path.absolute() for path in paths}
        content = (self.project.root / CONTENT_DIR).absolute()
        assets = {path: target for path in paths if (target := self.asset_path(path))}
        templates = {path: name for path in paths if (name := self.template_name(path))}
        content_files = {path for path in paths if path.is_relative_to(content)}
        others = paths - assets.keys() - templates.keys() - content_files  # the configuration, or a folder
        if (self.site is None or others
                or self.project.history and history.revision(self.project.root, self.config.history) != self.revision):
            return self.build_all()  # the configuration is in every page; a commit changes histories
        started = time.perf_counter()
        for path, target in sorted(assets.items()):  # a stylesheet, script or schema: copy it, nothing to render
            if path.is_file():
                (self.out / target).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, self.out / target)
            else:
                remove_file(self.out, target)
        if templates:
            self.use_templates(set(templates.values()))
        if content_files or self.unfinished:
            with pipeline.collector_paused():
                return self.update_content(content_files, started, len(assets))
        return Updated(0, 0, 0, time.perf_counter() - started, copied=len(assets))

    def asset_path(self, path: Path) -> str:
        """Where a theme file or JSON Schema is copied below output/ ("" for other files and for folders)."""
        static = self.project.static_dir.absolute()
        if path.is_dir() or path == static:
            return ""
        if path.is_relative_to(static):
            return f"static/{path.relative_to(static).as_posix()}"
        if path.parent == (self.project.root / SCHEMAS_DIR).absolute() and path.name.endswith(".schema.json"):
            return f"{SCHEMAS_DIR}/{path.name}"
        return ""

    def template_name(self, path: Path) -> str:
        """The name a template file is used by; templates/ shadows the theme's.

        "" for other files and for folders: one that came or went may hold templates no event named.
        """
        if path.is_dir():
            return ""
        for folder in self.project.template_dirs:
            if path.is_relative_to(folder.absolute()) and path != folder.absolute():
                return path.relative_to(folder.absolute()).as_posix()
        return ""

    def use_templates(self, names: set[str]) -> None:
        """Compile the templates again; the pages that use the changed ones are rendered with the next update."""
        renderer = Renderer(self.site, self.project.template_dirs)
        environment = renderer.environments[self.site.default.language]
        try:
            pages = renderer.pages_using(names, list_pages(self.site))  # parses every template they use
            for name in sorted({page.template for page in pages}):
                environment.get_template(name)  # compiled here once, not in each finishing process
        except jinja2.TemplateError as error:
            self.site = None  # the next change builds everything, which shows the problem or recovers
            raise self.template_failure(error) from None
        self.renderer = renderer
        self.unfinished |= {page.path for page in pages}

    def template_failure(self, error: jinja2.TemplateError) -> BuildFailed:
        """A template mistake as the one problem to show, with its file and line."""
        failure = BuildFailed([pipeline.template_error(error, self.project)])
        self.problems = [problem.text(self.language) for problem in failure.errors]
        return failure

    def update_content(self, paths: set[Path], started: float, copied: int = 0) -> Updated:
        """Render the pages the changed content files affect, and those left unfinished (or using new templates)."""
        pending = paths or self.changed or self.problems  # a template saved while the content is invalid
        site = self.check_again({str(path) for path in paths}) if pending else self.site
        if not self.changed and not self.unfinished:  # saved as it was, or a file that is not content
            self.problems = []
            return Updated(0, 0, 0, time.perf_counter() - started, copied=copied)
        self.search_stale = True
        plan = incremental.plan(self.site, site, self.changed) if self.changed else incremental.Plan([], [], [])
        self.renderer.rebind(site)
        rendered = {}
        try:
            for page in plan.first:
                rendered[page.path] = self.renderer.render(page)
        except jinja2.TemplateError as error:
            self.renderer.rebind(self.site)
            raise self.template_failure(error) from None
        for path, text in rendered.items():
            replace_file(self.out, path, text)
        for path in plan.removed:
            remove_file(self.out, path)
        pages_now = {page.path: page for page in list_pages(site)} if self.unfinished else {}
        rest = {page.path: page for page in plan.rest}
        rest.update((path, pages_now[path]) for path in self.unfinished if path in pages_now and path not in rendered)
        self.site, self.changed, self.unfinished, self.problems = site, set(), set(), []
        if rest:
            self.start_finishing(rest)
        return Updated(len(rendered), len(rest), len(plan.removed), time.perf_counter() - started, copied=copied)

    def check_again(self, changed_files: set[str]) -> Editions:
        """Read the files that changed (by event or by size and time), check the catalogue, link it."""
        config = self.config
        folders = {content_type.folder: content_type for content_type in CONTENT_TYPES}
        by_file = {str((self.project.root / path).absolute()): path for path in self.sources}
        if changed_files and all(file in by_file and Path(file).is_file() for file in changed_files):
            found = [(Path(by_file[file]).parts[1], Path(file), by_file[file]) for file in sorted(changed_files)]
            errors = self.folder_problems  # only files that were there changed: the folder is as it was
            sources = dict(self.sources)
        else:
            found, errors = find_sources(self.project.root, CONTENT_DIR, sorted(folders))
            self.folder_problems = list(errors)
            sources = {}
        for folder, file, path in found:
            known = self.sources.get(path)
            now = signature(file)
            if known is not None and known.signature == now and str(file.absolute()) not in changed_files:
                sources[path] = known
                continue
            raw, problems = read_bounded(file, path)
            digest = file_digest(raw) if raw is not None else ""
            if known is not None and digest and known.digest == digest:
                sources[path] = dataclasses.replace(known, signature=now)
                continue
            item, problems = (check_source(folders[folder], raw, path, config.languages) if raw is not None
                              else (None, problems))
            sources[path] = Source(now, digest, item, problems)
            if known is None or (known.item, known.problems) != (item, problems):
                self.changed |= item_keys(known) | item_keys(sources[path])
        found = list(errors)  # the folder's problems, warnings among them
        for path in self.sources.keys() - sources.keys():
            self.changed |= item_keys(self.sources[path])
        self.sources = sources
        items = [source.item for source in sources.values() if source.item is not None]
        for source in sources.values():
            found += source.problems
        found += check_catalogue(items, config)
        try:
            return linked_and_checked(self.project, items, config, found, self.changes, localise=self.localise)
        except BuildFailed as failure:
            self.problems = [error.text(self.language) for error in failure.errors]
            raise

    def localise(self, items: list[Item], language: str, default: str) -> list[Item]:
        """`i18n.localise_items`, reusing each unchanged item's result from the last change."""
        found = []
        for item in items:
            known = self.localised.get((item.path, language))
            if known is None or known[0] is not item:
                known = (item, localise_items([item], language, default)[0])
                self.localised[item.path, language] = known
            found.append(known[1])
        return found

    # --- the pages after the first ---

    def start_finishing(self, pages: dict[str, Page]) -> None:
        """Render the rest in a forked process, which sees this one's site and compiled templates as they are."""
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(target=self.finish, args=(list(pages.values()), sending))
        process.start()
        sending.close()
        self.finishing = (process, receiving, pages)

    def finish(self, pages: list[Page], sending) -> None:
        os.setpgid(0, 0)  # its own process group, so that stop_finishing also stops the workers it forks
        os.nice(19)  # behind the browser reloading the first pages and the server answering it
        errors = self.renderer.write_pages(self.out, pages, None,
                                           lambda error: pipeline.template_error(error, self.project),
                                           write=replace_file)
        sending.send([str(error) for error in errors])
        sending.close()

    def finishing_sentinel(self) -> int | None:
        return self.finishing[0].sentinel if self.finishing else None

    def settle(self) -> None:
        """Wait until every page of the last change is written; keep template errors to show."""
        if self.finishing is None:
            return
        process, receiving, _ = self.finishing
        self.finishing = None
        try:
            errors = receiving.recv()
        except EOFError:
            errors = [f"the process rendering the pages stopped unexpectedly (exit code {process.exitcode})"]
        receiving.close()
        process.join()
        if errors:  # some pages could not be rendered: the next change builds everything again
            self.problems, self.site = errors, None

    def stop_finishing(self) -> None:
        """A newer change arrived: stop rendering the old one's pages; the next update renders them."""
        if self.finishing is None:
            return
        process, receiving, pages = self.finishing
        if wait([process.sentinel], timeout=0):
            self.settle()
            return
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:  # it has not made its group yet, so it has no workers either
            process.kill()
        process.join()
        receiving.close()
        self.finishing = None
        self.unfinished |= set(pages)

    def waits_for(self, relative: str) -> bool:
        """Whether a request for this path below output/ must wait for the finishing process."""
        if self.finishing is None:
            return False
        relative = relative.strip("/")
        pages = self.finishing[2]
        return relative in pages or f"{relative}/index.html".lstrip("/") in pages

    # --- the search index ---

    def index_when_quiet(self) -> None:
        """Rebuild the search index in the background once edits have paused (called now and then)."""
        if (not self.search_stale or self.site is None or self.problems or self.finishing is not None
                or time.monotonic() - self.last_change < SEARCH_PAUSE
                or (self.indexing is not None and self.indexing.is_alive())):
            return
        self.search_stale = False
        if self.search and pagefind_installed():
            self.stop_indexing = threading.Event()
            self.indexing = threading.Thread(target=self.index, args=(self.last_change, self.stop_indexing),
                                             daemon=True)
            self.indexing.start()

    def index(self, change: float, stop: threading.Event) -> None:
        bundle = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.search-{os.getpid()}-", dir=self.out.parent))
        try:
            made = index_for_search(self.out, bundle, stop)
            if made and change == self.last_change:
                replace_tree(bundle, self.out / INDEX_DIR)
            else:  # edited meanwhile: this index may lack the newest pages
                self.search_stale = True
        except Failure as failure:
            print(failure.text(self.language), file=sys.stderr, flush=True)
        finally:
            shutil.rmtree(bundle, ignore_errors=True)
