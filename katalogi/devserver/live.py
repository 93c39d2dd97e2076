"""The dev server's build: the engine's updates, written in place, the edited item's own pages first.

The whole site is built once, as `build` builds it (with the cache, the search index
and the atomic swap), by the same engine the dev server then keeps. After each save
the engine checks and links what changed (see engine.py); the changed item's own pages
are written first, so the browser can reload at once; a thread then plans the rest and a
forked process renders it (lists, dashboard, feeds, data files) while the server already answers; a
request for a page still being rendered waits for it. The search index is rebuilt in
the background once the edits pause. What is the dev server's own is here: the
planning thread (the update's second half, after the reload), the finishing process,
the search thread and the waits.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import wait
from pathlib import Path

import jinja2

from ..base import said
from ..base.errors import BuildFailed, Failure
from ..base.messages import SOURCE_LANGUAGE, text_of
from ..build import pipeline
from ..build.cache import CACHE_FOLDER, CheckStore
from ..build.engine import Engine
from ..build.pages import Page
from ..build.render import Fragments, template_error
from ..build.write import InPlace, replace_tree
from ..inputs.sources import Project
from ..outputs.search import INDEX_DIR, index_for_search, pagefind_installed
from ..site.views import Editions

SEARCH_PAUSE = 2.0  # seconds without a change before the search index is rebuilt
PLANNING_SWITCH = 0.0002  # seconds: how soon the planning thread gives way to the server's (plan_later)
FIRST_WAIT = 0.2  # seconds the planning thread waits for a browser to ask for the page just written


class Updated:
    """What one update did, for the console and the reload message."""

    def __init__(self, pages: int, later: int, removed: int, seconds: float, full: bool = False, copied: int = 0,
                 note: object = "", rest: Callable[[], Updated] | None = None):
        self.pages = pages  # written before the reload (a full build: the number of actions)
        self._later = later  # being written by the finishing process
        self._removed, self.seconds, self.full, self._copied = removed, seconds, full, copied
        self.note = note  # why the history from git is missing, after a full build
        self.rest = rest  # what the rest of the update did, once planned (waits for it): the first pages came first

    def planned(self) -> Updated:
        if self.rest is not None:
            rest, self.rest = self.rest(), None
            self._later, self._removed, self._copied = rest.later, rest.removed, rest.copied
        return self

    @property
    def later(self) -> int:
        return self.planned()._later

    @property
    def removed(self) -> int:
        return self.planned()._removed

    @property
    def copied(self) -> int:
        return self.planned()._copied

    @property
    def shows_anything_new(self) -> bool:
        return bool(self.full or self.pages or self.later or self.removed or self.copied)

    def text(self, language: str = SOURCE_LANGUAGE) -> str:
        """What the update did, for the console, in the editor's language."""
        milliseconds = f"{self.seconds * 1000:.0f}"
        if self.full:
            built = said.SERVE_BUILT_ALL(actions=said.COUNT_ACTIONS(count=self.pages), ms=milliseconds)
            return built.render(language) + (f"\n{text_of(self.note, language)}" if self.note else "")
        if not self.shows_anything_new:
            return said.SERVE_NOTHING_CHANGED().render(language)
        if not self.pages and self.later:
            return said.SERVE_RENDERING_AGAIN(count=self.later, ms=milliseconds).render(language)
        return said.SERVE_UPDATED(
            pages=said.COUNT_PAGES(count=self.pages), ms=milliseconds,
            more=said.SERVE_MORE_FOLLOWING(count=self.later) if self.later else "",
            removed=said.SERVE_REMOVED(count=self.removed) if self.removed else "").render(language)

    def __str__(self) -> str:
        return self.text()


class LiveBuild:
    """The site being served: the engine that made it, and the writing that is still going on."""

    def __init__(self, project: Project, out: Path, search: bool = True, language: str = "en"):
        self.project, self.out, self.search, self.language = project, out, search, language
        self.cache_folder = project.root / CACHE_FOLDER
        self.engine = Engine(project, CheckStore(self.cache_folder))
        self.target = InPlace(out)
        self.site: Editions | None = None  # the site output/ shows, None until a build succeeds
        self.problems: list[str] = []  # the last build's or update's, shown instead of the site
        self._finishing: tuple[multiprocessing.Process, object, dict[str, Page]] | None = None
        self.unfinished: set[str] = set()  # pages a stopped finishing process did not get to
        self.indexing: threading.Thread | None = None
        self.stop_indexing = threading.Event()  # set by a change: the index being made is out of date
        self.last_change = 0.0
        self.search_stale = False  # pages changed since the search index was made
        self.output_in_place = False  # output/ has been changed since the build: `build` must not trust it
        self.planning: threading.Thread | None = None  # working out the rest of the last update (`plan_later`)
        self.planning_failed = False
        self.written_first: set[str] = set()  # the pages the last update wrote before the reload
        self.first_asked = threading.Event()  # a browser asked for one of them: the planning thread may begin

    @contextlib.contextmanager
    def showing_problems(self):
        """Keep the problems of what runs inside, to show in the browser instead of the site, and raise them on."""
        try:
            yield
        except BuildFailed as failure:
            self.problems = [error.text(self.language) for error in failure.errors]
            raise
        except Failure as failure:
            self.problems = [failure.text(self.language)]
            raise

    # --- the whole site ---

    def build_all(self) -> Updated:
        """Build everything as `build` does (cache, search index, atomic swap), then keep the engine for updates."""
        started = time.perf_counter()
        self.stop_finishing()
        self.site, self.unfinished, self.output_in_place = None, set(), False
        with self.showing_problems():
            built = pipeline.build(self.project, self.out, cache_folder=self.cache_folder, search=self.search,
                                   engine=self.engine)
        self.problems = []
        self.site = self.engine.current.editions
        renderer = self.engine.current.renderer
        for page in {page.template: page for page in self.engine.current.pages if not page.producer}.values():
            renderer.render(page)  # compile every template now rather than on the first save
        return Updated(len(self.site.default.actions), 0, 0, time.perf_counter() - started, full=True,
                       note=built.history)

    # --- one change ---

    def update(self, paths: set[Path]) -> Updated:
        """Bring output/ up to date after `paths` changed; raise BuildFailed (output/ untouched) on problems.

        The pages of the edited items are rendered and written first, as soon as the content is checked and
        linked, and the update returns: the browser reloads while a thread works out which other pages changed
        and starts the finishing process on them (`planning`; a request for any other page waits for it)."""
        self.last_change = time.monotonic()
        self.stop_indexing.set()  # Pagefind would take the cores the reload needs, for an index already stale
        self.stop_finishing()  # its pages are rendered again below, from the newest sources
        if self.site is None:
            return self.build_all()  # nothing good was built yet, or the finishing process failed
        started = time.perf_counter()
        with self.showing_problems():
            linked = self.engine.linked(paths, with_inputs=False)
        edited = self.engine.edited(linked)
        first = [page for page in linked.pages if not page.producer and page.subject in edited]
        if not first:
            return self.plan(linked, {}, started)
        linked.renderer.use_fragments(Fragments())  # the kept pieces' validity comes with the plan
        with self.showing_problems():
            try:
                rendered = {page.path: linked.renderer.render(page) for page in first}
            except jinja2.TemplateError as error:
                raise BuildFailed([template_error(error, self.project.root)]) from None
        self.write_first(rendered)
        self.problems, self.search_stale = [], True
        self.first_asked.clear()
        outcome: list[Updated] = []
        self.planning = threading.Thread(target=self.plan_later, args=(linked, rendered, outcome), daemon=True)
        self.planning.start()
        return Updated(len(rendered), 0, 0, time.perf_counter() - started,
                       rest=lambda: self.wait_planned() or (outcome[0] if outcome else Updated(0, 0, 0, 0)))

    def plan(self, linked, rendered: dict[str, str], started: float | None = None) -> Updated:
        """The rest of an update: which pages changed, the removals and theme files, the finishing process."""
        began = time.perf_counter()
        with self.showing_problems():
            update = self.engine.planned(linked)
        plan = update.plan
        pages_now = {page.path: page for page in update.pages}
        rest = {page.path: page for page in plan.pages}
        rest.update((path, pages_now[path]) for path in self.unfinished if path in pages_now)
        if plan.nothing and not rest and not rendered:  # saved as it was, or a file that is not a source
            self.problems = []
            return Updated(0, 0, 0, time.perf_counter() - (started or began))
        self.write_in_place(update)
        self.engine.commit(update)
        self.site, self.unfinished, self.problems, self.search_stale = update.editions, set(), [], True
        for path in rendered:
            rest.pop(path, None)
        if rest:
            self.start_finishing(rest)
        return Updated(0, len(rest), len(plan.removed), time.perf_counter() - (started or began),
                       full=plan.everything, copied=len(plan.assets) + len(plan.removed_assets))

    def plan_later(self, linked, rendered: dict[str, str], outcome: list) -> None:
        """`plan`, in the planning thread; its problems are kept for `wait_planned`.

        The server's thread answers the reloading browser meanwhile: Python hands it the interpreter only
        every `sys.getswitchinterval()` (5 ms), after each of its many short waits for the network or a file,
        so the interval is shortened while this thread plans."""
        self.first_asked.wait(FIRST_WAIT)  # until the browser has the page, so that it comes before the planning
        interval = sys.getswitchinterval()
        sys.setswitchinterval(PLANNING_SWITCH)
        try:
            outcome.append(self.plan(linked, rendered))
        except BuildFailed:  # plan has kept the problems to show
            self.planning_failed = True
        except Exception as error:  # noqa: BLE001 - shown in the browser, as a failed finishing process is
            self.problems, self.planning_failed = [f"the update could not be planned: {error!r}"], True
        finally:
            sys.setswitchinterval(interval)

    def wait_planned(self) -> None:
        """Wait for the planning thread of the last update, if any (the next update, a request, the finish)."""
        planning = self.planning
        if planning is None or planning is threading.current_thread():
            return
        self.first_asked.set()  # no more waiting for the browser: this is wanted now
        planning.join()
        self.planning = None
        if self.planning_failed:  # the next change builds everything again
            self.planning_failed, self.site = False, None

    @property
    def busy(self) -> bool:
        """Whether pages of the last change are still being worked out or rendered."""
        return self.planning is not None or self._finishing is not None

    @property
    def finishing(self) -> tuple | None:
        self.wait_planned()
        return self._finishing

    @finishing.setter
    def finishing(self, value) -> None:
        self._finishing = value

    def write_first(self, rendered: dict[str, str]) -> None:
        """The edited items' own pages, into output/ as it is served."""
        self.forget_output()
        for path, text in rendered.items():
            self.target.write(path, text)
        self.written_first = set(rendered)

    def forget_output(self) -> None:
        """output/ is about to change in place: the next `build` must not trust it."""
        if not self.output_in_place:
            pipeline.forget_output(self.cache_folder)
            self.output_in_place = True

    def write_in_place(self, update) -> None:
        """The removals and the theme files, into output/ as it is served."""
        self.forget_output()
        for path in (*update.plan.removed, *update.plan.removed_assets):
            self.target.remove(path)
        for path, file in sorted(update.plan.assets.items()):
            self.target.copy(path, file)

    # --- the pages after the first ---

    def start_finishing(self, pages: dict[str, Page]) -> None:
        """Render the rest in a forked process, which sees this one's site and compiled templates as they are."""
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(target=self.finish, args=(list(pages.values()), sending))
        process.start()
        sending.close()
        self._finishing = (process, receiving, pages)

    def finish(self, pages: list[Page], sending) -> None:
        os.setpgid(0, 0)  # its own process group, so that stop_finishing also stops the workers it forks
        os.nice(19)  # behind the browser reloading the first pages and the server answering it
        errors = self.engine.current.renderer.write_pages(
            pages, None, lambda error: template_error(error, self.project.root), self.target.write)
        sending.send([str(error) for error in errors])
        sending.close()

    def finishing_sentinel(self) -> int | None:
        return self._finishing[0].sentinel if self._finishing else None

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
        """Whether a request for this path below output/ must wait for the finishing process. While the update
        is being planned, only the pages written first and the theme's files are served at once."""
        relative = relative.strip("/")
        if self.planning is not None and (relative in self.written_first
                                          or f"{relative}/index.html".lstrip("/") in self.written_first):
            self.first_asked.set()
            return False
        if self.planning is not None and relative.startswith("static/"):
            return False
        if self.finishing is None:
            return False
        pages = self.finishing[2]
        return relative in pages or f"{relative}/index.html".lstrip("/") in pages

    # --- the search index ---

    def index_when_quiet(self) -> None:
        """Rebuild the search index in the background once edits have paused (called now and then)."""
        if (not self.search_stale or self.site is None or self.problems or self.busy
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
