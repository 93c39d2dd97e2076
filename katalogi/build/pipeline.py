"""The build, as a recipe: sources -> checked items -> linked site -> pages -> output/.

engine.py does the first steps, the same for `build`, `check` and the dev server;
this module writes what the engine planned into the site beside output/, swaps it
in, and keeps the record the next build plans from. Nothing reaches output/ until
every file is loaded, validated and linked and every page rendered; any problem ends
the run with all problems listed and output/ as it was.

output/ and its spare: after a swap the previous site stays beside output/ (`.output.spare`,
with the cache), one build behind. The next build brings it up to date by writing only the
pages that differ (those the last build changed and those this one changes) and swaps it
in, so a one-file change writes a few pages, and output/ is still swapped whole.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import gc
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import BuildFailed, ContentError, Failure
from ..base.parallel import Background
from ..base.said import CANNOT_WRITE, NO_PAGEFIND
from ..base.timings import stage
from ..content.checks import CheckedFile, check_catalogue, items_of, problems_of, unread_files
from ..content.config import Config, load_config
from ..content.validate import Item
from ..inputs.sources import Project, take
from ..outputs.search import INDEX_DIR, index_for_search
from ..site.views import Editions
from .cache import CheckStore, discard, keep, kept_aside, read_kept, settle
from .engine import Engine, Update
from .plan import Made
from .render import template_error
from .write import Listing, Staged, manifest, spare_path

LAST_BUILD = "last-build.pickle"
TREES = "output-state.pickle"
LOCK = "build.lock"


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
    pages: int = 0  # files rendered


@dataclass(frozen=True)
class Trees:
    """What output/ and its spare hold after a build: each one's manifest digest, and which pages differ."""

    made: str  # the fingerprint of the Made that output/ holds
    out: str  # the absolute path of output/
    search: bool  # whether the site has its search index
    output: str  # manifest digest of output/ ("" when it was changed in place, by the dev server)
    spare: str  # manifest digest of the spare, the site before ("" when it cannot be trusted)
    written: frozenset[str]  # pages that differ between the spare and output/
    built: Built | None = None  # what the build that made output/ said


@dataclass(frozen=True)
class Record:
    """The last build, kept in the cache: what it was made from (LAST_BUILD), and where it went and what it said
    (TREES, a small file of its own, written twice a build)."""

    made: Made
    trees: Trees

    @property
    def built(self) -> Built:
        return self.trees.built


def check_project(project: Project, jobs: int | None = None, store: CheckStore | None = None,
                  base_path: str | None = None) -> Editions:
    """Load, validate and link everything; raise BuildFailed listing every problem.

    `base_path` (already normalised, such as /hankinnat/) replaces site_config.yaml's,
    for CI that publishes the same sources under an address it only knows then.
    """
    return check_with_notes(project, jobs, store, base_path)[0]


def check_with_notes(project: Project, jobs: int | None = None, store: CheckStore | None = None,
                     base_path: str | None = None) -> tuple[Editions, tuple]:
    """`check_project`, and what a build would say besides the problems: the members of a comparison site left out
    of its figures."""
    update = Engine(project, store, base_path, jobs).update()
    return update.editions, update.network.comparison.notes()


def check_files(project: Project, config: Config | None) -> tuple[dict[str, CheckedFile], list[ContentError], dict]:
    """Each content file checked on its own (its items and problems, by path), the problems of the walk itself
    (misplaced, unreadable or colliding files) and the site's assets: what a command that edits files (`new`,
    `import`) checks the catalogue as it would be against."""
    snapshot, raws = take(project.root, project.template_dirs, project.static_dir)
    engine = Engine(project)
    checked = engine.check(snapshot, raws, config)
    return checked, [*snapshot.problems, *engine.shared_read.problems], snapshot.assets


def load_items(project: Project, config: Config | None) -> tuple[list[Item], list[ContentError]]:
    """Every item that checks on its own, and every problem of the content, each file on its own and then all
    together (identifiers, references, statuses)."""
    checked, found, _ = check_files(project, config)
    items = items_of(checked)
    return items, [*found, *problems_of(checked), *check_catalogue(items, config, unread_files(checked, found))]


def read_items(project: Project) -> tuple[list[Item], Config | None]:
    """Every item that checks on its own, and the configuration (or None): for `new`, which must see what
    exists even while the catalogue has problems."""
    config, _ = load_config(project.root)
    checked, _, _ = check_files(project, config)
    return items_of(checked), config


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


@contextlib.contextmanager
def build_lock(cache_folder: Path | None):
    """The right to use the spare: one build of a project at a time (a second one builds in a folder of its own)."""
    if cache_folder is None:
        yield False
        return
    try:
        cache_folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(cache_folder / LOCK, os.O_CREAT | os.O_RDWR)
    except OSError:
        yield False
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        yield False
        return
    try:
        yield True
    finally:
        os.close(handle)


def last_record(cache_folder: Path | None, out: Path, search: bool) -> Record | None:
    """The last build's record, when it built this very output with the same search option."""
    trees, made = read_kept(cache_folder, TREES), read_kept(cache_folder, LAST_BUILD)
    if not isinstance(trees, Trees) or not isinstance(made, Made) or trees.made != made.fingerprint \
            or trees.out != str(out.absolute()) or trees.search != search or trees.built is None:
        return None
    return Record(made, trees)


def forget_output(cache_folder: Path | None) -> None:
    """output/ is being changed in place (the dev server): the next build must not trust what it holds."""
    trees = read_kept(cache_folder, TREES)
    if isinstance(trees, Trees) and trees.output:
        keep(cache_folder, TREES, dataclasses.replace(trees, output="", spare=""))


def build(project: Project, out: Path, jobs: int | None = None, cache_folder: Path | None = None,
          base_path: str | None = None, search: bool = True, engine: Engine | None = None) -> Built:
    """Build the site into `out`, replacing it only when everything succeeded.

    `search` runs Pagefind over the new site (when installed) before it is swapped in.
    With a cache folder, unchanged content files are not checked again, only the pages
    that differ from the site in `out` are written, and a build whose every input is
    unchanged since the last one (whose output is untouched) does nothing at all.
    `engine`: the dev server's, whose next updates plan from what this build wrote.
    """
    with collector_paused():
        serving = engine is not None
        engine = engine or Engine(project, CheckStore(cache_folder), base_path, jobs)
        with stage("read the last build's record"):
            record = last_record(cache_folder, out, search)
        walks = Background(listings, out.absolute()) if record and record.trees.output else None
        try:
            engine.made = record.made if record else None
            fingerprint = engine.look(record.made.content if record else None)
            if record and record.made.fingerprint == fingerprint and record.trees.output:
                with stage("walk output/ and its spare"):
                    untouched = walks.result()[0].digest == record.trees.output
                if untouched:
                    if serving:  # the dev server updates from the site output/ holds: it needs that site
                        engine.commit(engine.update())
                    return dataclasses.replace(record.built, skipped=True, pages=0)
            try:
                update = engine.update()
            finally:
                with stage("keep the checked files"):
                    engine.store.save()  # checked items are worth keeping even if the rest fails
            return write_build(engine, update, project, out, cache_folder, record, search, jobs, walks)
        finally:
            if walks is not None:
                walks.cancel()


def listings(out: Path) -> tuple[Listing, Listing]:
    """output/'s Listing and its spare's, digests computed (a build begins them in the background)."""
    found = manifest(out), manifest(spare_path(out))
    for listing in found:
        listing.digest  # noqa: B018 - worked out here, off the build's path
    return found


def write_build(engine: Engine, update: Update, project: Project, out: Path, cache_folder: Path | None,
                record: Record | None, search: bool, jobs: int | None, walks: Background | None = None) -> Built:
    """Render into the spare (or a fresh folder), swap it in for `out`, and record what is where.

    Each of output/ and the spare is walked once (a Listing of its files' sizes and times):
    output/ must be as the last build left it for its plan to hold, and the spare as the
    build before; the new output/'s listing is the spare's with what this build wrote.
    `walks`: both walked (`listings`) as the build began, used unless another build has been here since.
    """
    out = out.absolute()
    with build_lock(cache_folder) as may_keep_spare:
        with stage("walk output/ and its spare"):
            walked = walks.result() if walks is not None and read_kept(cache_folder, TREES) == record.trees else None
            if walked is None and record and record.trees.output and out.is_dir():
                walked = listings(out)
        old_output = walked[0] if walked is not None and out.is_dir() else None
        trusted = old_output is not None and old_output.digest == record.trees.output  # as record.made made it
        base, written = None, frozenset()  # what the target holds when it is a copy of a site, and what differs
        if may_keep_spare and trusted and record.trees.spare and spare_path(out).is_dir():
            spare = walked[1]
            if spare.digest == record.trees.spare:
                base, written = spare, record.trees.written
        if may_keep_spare and record:  # the spare is about to change: not to be trusted until this build ends
            keep(cache_folder, TREES, dataclasses.replace(record.trees, spare=""))
        try:
            if may_keep_spare and trusted and base is None:  # no spare to trust: make one of output/'s files
                with stage("make the spare of output/'s files"):
                    target, base = Staged.linked(out), old_output
            else:
                target = Staged.spare(out) if may_keep_spare else Staged.fresh(out)
        except OSError as error:
            raise Failure(CANNOT_WRITE(path=error.filename or out, reason=error.strerror)) from None
        recording = Background(kept_aside, cache_folder, LAST_BUILD, update.made) if cache_folder else None
        try:
            present = base or manifest(target.folder)
            rendered, notes = fill(target, update, project, present, base is not None, written, search, jobs)
            index = {path for path in present.entries if path.startswith(f"{INDEX_DIR}/")}  # removed above
            new_output = present.after(target.folder, target.touched | index) if not search else None
            with stage("swap the new site in"):
                target.finish(None, keep_previous=may_keep_spare)
        except (OSError, BuildFailed) as error:
            target.discard()
            if recording is not None:
                discard(recording.result())
            if isinstance(error, BuildFailed):
                raise
            raise Failure(CANNOT_WRITE(path=error.filename or out, reason=error.strerror)) from None
        with stage("keep the record for the next build"):
            engine.commit(update)
            engine.save()
            site = update.editions.default
            built = Built(len(site.actions), len(site.findings), len(update.editions.warnings), site.config.base_path,
                          history=site.history.reason, pages=rendered,
                          notes=(*update.rounds.notes, *update.network.comparison.notes(), *notes))
            if cache_folder is not None:
                page_paths = frozenset(page.path for page in update.pages)
                planned_from_old = trusted and not update.plan.everything
                written = frozenset(page.path for page in update.plan.pages) if planned_from_old else page_paths
                trees = Trees(update.made.fingerprint, str(out), search, (new_output or manifest(out)).digest,
                              old_output.digest if may_keep_spare and trusted else "", written, built)
                settle(recording.result(), cache_folder, LAST_BUILD)
                keep(cache_folder, TREES, trees)
    return built


def fill(target: Staged, update: Update, project: Project, present: Listing, copy: bool,
         written: frozenset[str], search: bool, jobs: int | None) -> tuple[int, list]:
    """Write the site into `target`, which holds the files `present`: every page, or when it is a copy of an
    earlier site (`copy`) only the pages that differ: those this update plans, and `written`, those that differ
    between the copy and output/.

    Returns how many pages were rendered and the notes for the build's report.
    """
    pages_now = {page.path for page in update.pages}
    assets = {path: file for path, (file, _) in update.snapshot.assets.items()}
    clash = sorted(pages_now & assets.keys())
    if clash:
        raise OSError(17, "a page and a theme file would be written to the same path", clash[0])
    if copy:  # the site before last: what changed since, and since the last build
        stale = written | frozenset(page.path for page in update.plan.pages)
        pages = [page for page in update.pages if page.path in stale or page.path not in present.entries]
    else:
        pages = list(update.pages)
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(target.folder / INDEX_DIR)  # made anew from the pages, or none without search
    with stage("render and write the pages"):
        errors = update.renderer.write_pages(pages, jobs, lambda error: template_error(error, project.root),
                                             target.write)
    if errors:
        raise BuildFailed(errors)
    target.touched.update(page.path for page in pages)  # written by forked workers too, which keep their own sets
    with stage("remove old files, copy the theme's"):
        for path in sorted(present.files - pages_now - assets.keys()):
            if not path.startswith(f"{INDEX_DIR}/"):
                target.remove(path)
        for path, file in sorted(assets.items()):
            target.copy(path, file)
    notes = []
    with stage("search index (Pagefind)"):
        if search and not index_for_search(target.folder):
            notes.append(NO_PAGEFIND())
    return len(pages), notes
