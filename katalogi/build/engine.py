"""One engine for build, check and serve: sources -> checked items -> linked site -> the pages to render.

An update walks the sources once (`sources.Snapshot`), checks each content file
whose bytes are new (`cache.CheckStore`), checks the catalogue as a whole, links it
and lists its pages, each with the inputs it depends on (`pages.py`). What to render
is then a set intersection with what changed since the update that made the output
(`Made`): a page is rendered when it is new, when its inputs changed, or when one of
them did. A cold build is the update in which every input changed. `build` writes
the plan into a copy of the site beside output/ and swaps it in (write.Staged); the
dev server writes it in place (write.InPlace); `check` writes nothing.

The engine keeps, between updates, only what makes the next one quick: the
snapshot, the store, the compiled templates, the localised items and the history.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..base.errors import BuildFailed, ContentError, split
from ..base.parallel import parallel_map
from ..base.timings import stage
from ..content.checks import check_catalogue, check_items, items_of, problems_of, unread_files
from ..content.config import Config, load_config
from ..content.i18n import localise_items
from ..content.model import TYPES_BY_FOLDER
from ..content.shared import shared_languages
from ..content.validate import Item
from ..inputs import history, sources
from ..inputs.field_changes import field_history
from ..inputs.remote import Repositories
from ..inputs.shared import NOTHING_SHARED, SharedRead, read_shared
from ..reporting import rounds
from ..reporting.comparison import NO_NETWORK, Network
from ..site.views import Editions
from .cache import CheckStore, FragmentStore, PdfStore, code_version, keep, read_kept
from .checking import linked_and_checked
from .network import NetworkReader, shared_digests
from .page_inputs import Inputs, Key
from .pages import NO_ROUNDS, Page, list_pages
from .plan import Made, Plan, aspect_digests, history_digest, plan, validity
from .render import Fragments, Renderer, template_error

HISTORY = "history.pickle"  # the history from git, field by field, with what it was read from
PDF_FOLDER = "pdf"  # the council reports' PDFs (cache.PdfStore)


@dataclass(frozen=True)
class Linked:
    """An update's sources checked and linked, and its pages listed (Engine.linked)."""

    snapshot: sources.Snapshot
    config: Config
    checked: dict[str, tuple[tuple[Item, ...], list[ContentError]]]  # content file -> its items and problems
    checked_keys: dict[str, str]  # content file -> the key of its checked result
    histories: dict[str, str]  # action file -> digest of its public commits
    items: list[Item]
    changes: history.History
    reporting: rounds.Rounds
    editions: Editions
    pages: tuple[Page, ...]  # every page: paths, subjects and contexts, and their inputs if `inputs` is given
    inputs: Inputs | None  # what the pages' inputs were worked out from; None when they were not
    renderer: Renderer
    whole: str  # Engine.whole: what every page depends on
    network: Network = NO_NETWORK  # the members compared and the shared sources' pin moves


@dataclass(frozen=True)
class Update:
    """An update's site, every page of it, and what to write; `made` becomes the engine's once written."""

    editions: Editions
    pages: tuple[Page, ...]
    plan: Plan
    made: Made
    snapshot: sources.Snapshot
    renderer: Renderer
    rounds: rounds.Rounds = NO_ROUNDS
    network: Network = NO_NETWORK


def check_key(digest: str, config: Config | None) -> str:
    """What a file's checked result depends on: its bytes and which languages its texts may be in."""
    return f"{digest}:{','.join(config.languages) if config else ''}"


class Engine:
    """The sources of one project and what the last written update made of them."""

    def __init__(self, project, store: CheckStore | None = None, base_path: str | None = None,
                 jobs: int | None = None, as_of=None):
        self.project, self.store, self.base_path, self.jobs = project, store or CheckStore(), base_path, jobs
        self.as_of = as_of  # a day that replaces site_config.yaml's as_of (remind --as-of)
        self.fragments = FragmentStore(self.store.folder)  # pieces of output, kept where the store is
        self.snapshot: sources.Snapshot | None = None
        self.taken: tuple[sources.Snapshot, dict[str, bytes]] | None = None  # by look(), for the next update
        self.made: Made | None = None  # what the output holds
        self.current: Update | None = None  # the update that made it, when this engine wrote it
        self.renderer: Renderer | None = None
        self.renderer_made_for: tuple = ()  # the templates and configuration the renderer was made with
        self.template_reads: dict[str, list[str]] = {}  # each template's own references, while it is unchanged
        self.localised: dict[tuple[str, str], tuple[Item, Item]] = {}  # (path, language): (item, its localisation)
        self.histories: tuple[tuple, history.History] | None = None  # (what it was read from, history)
        self.round_refs = ""  # the tags of the reporting rounds, as git lists them (rounds.revision)
        self.rounds_read: tuple[tuple, rounds.Rounds] | None = None  # (what they were read from, the rounds)
        self.round_checks = rounds.Checked(jobs=jobs)  # the rounds' files and earlier versions checked, by bytes
        self.repositories = Repositories(self.store.folder)  # shared sources' and members' git repositories
        self.shared_read: SharedRead = NOTHING_SHARED  # the shared definitions as the last check read them
        self.shared_keys: dict[str, str] = {}  # a shared file -> the key of its checked result (check_key's)
        self.network_reader = NetworkReader(project.root, self.repositories, self.round_checks, self.store.folder,
                                            jobs, project.history, project.strict_members)

    # --- one update ---

    def update(self, changed: set[Path] | None = None) -> Update:
        """The site as the sources are now, and the plan to bring the output from `made` to it.

        `changed`: the files saved since the last update, as the dev server's watcher names
        them; None walks every source. Raises BuildFailed with every problem found.
        """
        return self.planned(self.linked(changed))

    def linked(self, changed: set[Path] | None = None, with_inputs: bool = True) -> Linked:
        """An update's first half: the sources checked and linked, every page listed. Without the pages' inputs
        (`with_inputs` false) it is quicker, and `planned` works them out: the dev server renders the edited
        item's own pages in between."""
        project = self.project
        if self.taken is not None and not changed:  # look() walked the sources moments ago
            snapshot, raws = self.taken
        elif changed is None or self.snapshot is None:
            with stage("read the sources"):
                snapshot, raws = sources.take(project.root, project.template_dirs, project.static_dir)
        else:
            with stage("read the sources"):
                snapshot, raws = sources.refresh(self.snapshot, changed, project.root, project.template_dirs,
                                                 project.static_dir)
        self.snapshot, self.taken = snapshot, None  # even when the content is invalid: the next update starts here
        with stage("check"):
            config, errors = self.configuration()
            checked = self.check(snapshot, raws, config)
            config = self.shared_read.resolved(config) if config is not None else None
            items = items_of(checked)
            unread = unread_files(checked, snapshot.problems)
            found = [*snapshot.problems, *self.shared_read.problems, *problems_of(checked),
                     *check_catalogue(items, config, unread)]
            if config is None:  # what can be known without it: each file, references, identifiers
                file_errors, warnings = split(found)
                raise BuildFailed([*errors, *file_errors],
                                  [*warnings, *(warning for item in items for warning in item.warnings)])
        with stage("history and reporting rounds (git)"):
            changes = self.history(config)
            reporting = self.rounds(config, found)
        with stage("members and shared sources' versions"):
            network = self.network_reader.read(config, items, found)
        with stage("link, list the pages"):
            editions, pages, inputs = linked_and_checked(items, config, found, changes, snapshot.assets, self.localise,
                                                         reporting, with_inputs, unread, network)
        with stage("compile the templates"):
            renderer = self.renderer_for(editions, snapshot, config, changes)
        checked_keys = {path: self.shared_keys[path] if path in self.shared_keys
                        else check_key(snapshot.content[path].digest, config) for path in checked}
        histories = {item.path: history_digest(changes.of(item.path)) for item in items if item.kind == "action"}
        return Linked(snapshot, config, checked, checked_keys, histories, items, changes, reporting, editions,
                      tuple(pages), inputs, renderer, self.whole(config, changes), network)

    def planned(self, linked: Linked) -> Update:
        """An update's second half: every page with its inputs, and which of them to render."""
        with stage("plan"):
            return self.plan_of(linked)

    def plan_of(self, linked: Linked) -> Update:
        snapshot, config, checked, editions = linked.snapshot, linked.config, linked.checked, linked.editions
        inputs = linked.inputs or Inputs(editions.default)
        pages = list(linked.pages) if linked.inputs else list_pages(editions, linked.reporting, inputs, linked.network)
        try:
            depends = self.depends(pages, linked.renderer)
        except jinja2.TemplateError as error:
            raise BuildFailed([template_error(error, self.project.root)]) from None
        checked_keys, histories = linked.checked_keys, linked.histories
        valid = validity(editions, inputs.named, checked_keys, checked, histories, linked.whole,
                         snapshot.templates)
        linked.renderer.use_fragments(Fragments(self.fragments, valid))
        made = Made(
            fingerprint=self.fingerprint(snapshot, config),
            whole=linked.whole,
            items={path: (checked_keys[path], tuple((item.kind, item.id) for item in found))
                   for path, (found, _) in checked.items()},
            histories=histories,
            templates=dict(snapshot.templates),
            assets={path: digest for path, (_, digest) in snapshot.assets.items()},
            depends=depends,
            aspects={**aspect_digests(editions, valid, self.made), **rounds.round_digests(linked.reporting),
                     **shared_digests(config, linked.network)},
            valid=valid,
            template_refs={name: (snapshot.templates[name], refs) for name, refs in self.template_reads.items()
                           if name in snapshot.templates},
            content=snapshot.content)
        return Update(editions, tuple(pages), plan(self.made, made, pages, snapshot), made, snapshot,
                      linked.renderer, linked.reporting, linked.network)

    def edited(self, linked: Linked) -> frozenset[Key]:
        """The items whose files or histories changed since the update the output holds; none when every page
        changes (the first update, or an input of every page changed)."""
        if self.made is None or self.made.whole != linked.whole or self.made.templates != linked.snapshot.templates:
            return frozenset()
        found: set[Key] = set()
        for path in self.made.items.keys() | linked.checked.keys():
            old = self.made.items.get(path)
            new = (linked.checked_keys[path], tuple((item.kind, item.id) for item in linked.checked[path][0])) \
                if path in linked.checked else None
            if old != new or self.made.histories.get(path) != linked.histories.get(path):
                found.update(key for entry in (old, new) if entry is not None for key in entry[1])
        return frozenset(found)

    def look(self, known: dict[str, sources.ContentFile] | None = None) -> str:
        """Walk the sources and give the fingerprint of what the site would be made from, checking nothing yet
        (a build whose fingerprint is the last one's does nothing). The next `update` starts from this walk.

        `known`: the content files as the last build saw them, not read again when unchanged."""
        with stage("read the sources"):
            self.taken = sources.take(self.project.root, self.project.template_dirs, self.project.static_dir, known)
            self.snapshot = self.taken[0]
            config, _ = self.configuration()
        with stage("shared definitions and members"):
            self.shared_read = self.read_shared(config)
            self.network_reader.state(config)
        with stage("history and reporting rounds (git)"):
            if config is not None:
                self.round_refs = self.round_revision(config)
            return self.fingerprint(self.snapshot, config)

    def configuration(self) -> tuple[Config | None, list[ContentError]]:
        config, errors = load_config(self.project.root)
        if config is not None and self.base_path is not None:
            config = dataclasses.replace(config, base_path=self.base_path)
        if config is not None and self.as_of is not None:
            config = dataclasses.replace(config, as_of=self.as_of)
        return config, errors

    def commit(self, update: Update) -> None:
        """The output now holds `update`'s site: the next update is planned from it."""
        self.made, self.current = update.made, update
        update.renderer.fragments.save()

    def save(self) -> None:
        """Keep the checked files and the pieces of output for the next build."""
        self.store.save()
        self.fragments.save()

    # --- the parts ---

    def check(self, snapshot: sources.Snapshot, raws: dict[str, bytes], config: Config | None
              ) -> dict[str, tuple[Item | None, list[ContentError]]]:
        """Each content file's item and problems: from the store when its bytes were checked before."""
        languages = config.languages if config else None
        checked, missing = {}, []
        for path, entry in snapshot.content.items():
            found = self.store.get(path, check_key(entry.digest, config))
            if found is None:
                missing.append(path)
            else:
                checked[path] = found

        def check_one(path: str):
            entry = snapshot.content[path]
            raw = raws.get(path)
            if raw is None:
                with open(entry.file, "rb") as file:
                    raw = file.read()
            return check_items(TYPES_BY_FOLDER[entry.folder], raw, path, languages)

        self.store.entries  # noqa: B018 - read the store once, here, before the workers fork
        sizes = [max(1, snapshot.content[path].stat[0] // 4096) if snapshot.content[path].stat else 1
                 for path in missing]  # a file of thousands of procurement records is begun first
        for path, result in zip(missing, parallel_map(check_one, missing, self.jobs, sizes), strict=True):
            self.store.put(path, check_key(snapshot.content[path].digest, config), result)
            checked[path] = result
        if languages is not None:  # the same bytes in a round, or in an earlier version, need no second check
            self.round_checks.results.update(((snapshot.content[path].digest, path, languages), result)
                                             for path, result in checked.items())
        self.store.keep_only(snapshot.content)
        return dict(sorted({**checked, **self.check_shared(config)}.items()))

    def read_shared(self, config: Config | None) -> SharedRead:
        """The shared definitions site_config.yaml names (inputs/shared.py), read now."""
        if config is None or not config.shared:
            return NOTHING_SHARED
        return read_shared(config.shared, self.project.root, self.repositories)

    def check_shared(self, config: Config | None) -> dict[str, tuple[tuple[Item, ...], list[ContentError]]]:
        """The shared sources' files, read again and checked like the catalogue's own (kept by their bytes, as the
        rounds' files are). Their keys name the commit too: a moved pin with the same bytes shows another version."""
        self.shared_read = self.read_shared(config)
        files = self.shared_read.files
        languages = config.languages if config else None
        results = self.round_checks.check_all([(path.split(":", 1)[1].split("/")[1], raw, path)
                                               for path, raw in files.items()], shared_languages(languages))
        states = {entry.source.label: entry.state for entry in self.shared_read.sources}
        self.shared_keys = {path: f"{hashlib.sha256(raw).hexdigest()}:{states[path.split(':', 1)[0]]}:"
                                  f"{','.join(languages or ())}" for path, raw in files.items()}
        return dict(zip(files, results, strict=True))

    def history_revision(self, config: Config) -> str:
        """What the history is read from ("" without history from git)."""
        return history.revision(self.project.root, config.history) if self.project.history else ""

    def history(self, config: Config) -> history.History:
        """The content's public history from git, read again only when HEAD (or what history.since names) moved;
        kept in the cache folder (HISTORY) for the next build, which would otherwise read and check every version
        of every action file again."""
        if not self.project.history:
            return history.History()
        key = (self.history_revision(config), repr(config.history), config.languages, config.default_language)
        if self.histories is None or self.histories[0] != key:
            kept = read_kept(self.store.folder, HISTORY)
            if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == key:
                self.histories = kept
            else:
                changes = history.read_history(self.project.root, sources.CONTENT_DIR, config.history)
                self.histories = (key, self.field_by_field(changes, config))
                keep(self.store.folder, HISTORY, self.histories)
        return self.histories[1]

    def field_by_field(self, changes: history.History, config: Config) -> history.History:
        """The history with what each commit changed in each action's fields, each version checked like a file of
        the working tree (and kept by its bytes, as the rounds' files are)."""
        if not changes.available:
            return changes

        def fields_of(versions: list[tuple[str, bytes]]) -> list[dict | None]:
            checked = self.round_checks.check_all([("actions", raw, path) for path, raw in versions],
                                                  config.languages)
            return [items[0].fields if items and not split(problems)[0] else None for items, problems in checked]

        return dataclasses.replace(changes, fields=field_history(self.project.root, changes, fields_of,
                                                                         config.default_language))

    def round_revision(self, config: Config) -> str:
        """The tags of the reporting rounds as git lists them now ("" without history from git)."""
        return rounds.revision(self.project.root, config) if self.project.history and config.history.enabled else ""

    def rounds(self, config: Config, found: list[ContentError]) -> rounds.Rounds:
        """The reporting rounds, read from git again only when their tags or the configuration changed.

        Not while the working tree's content has errors: those are reported first."""
        if split(found)[0]:
            return rounds.Rounds()
        self.round_refs = self.round_revision(config)
        if not self.round_refs:
            return rounds.Rounds()
        read_from = (self.round_refs, repr(config), self.project.skip_broken_rounds)
        if self.rounds_read is None or self.rounds_read[0] != read_from:
            self.rounds_read = (read_from, rounds.read_rounds(self.project.root, config, self.round_refs,
                                                              self.project.skip_broken_rounds, self.round_checks,
                                                              self.read_shared))
        return self.rounds_read[1]

    def localise(self, items: list[Item], language: str, default: str) -> list[Item]:
        """`i18n.localise_items`, reusing each unchanged item's result from the last update."""
        found = []
        for item in items:
            known = self.localised.get((item.path, language))
            if known is None or known[0] is not item:
                known = (item, localise_items([item], language, default)[0])
                self.localised[item.path, language] = known
            found.append(known[1])
        return found

    def renderer_for(self, editions: Editions, snapshot: sources.Snapshot, config: Config,
                     changes: history.History) -> Renderer:
        """The renderer of the last update moved to the new site, or a new one when templates or settings changed
        (Jinja compiles each template once per renderer)."""
        made_for = (tuple(sorted(snapshot.templates.items())), self.whole(config, changes))
        if self.renderer is None or made_for != self.renderer_made_for:
            compiled = self.store.folder / f"templates-{code_version()[:16]}" if self.store.folder else None
            if compiled is not None:  # those compiled by another version of the code are of no more use
                for old in self.store.folder.glob("templates-*"):
                    if old != compiled:
                        shutil.rmtree(old, ignore_errors=True)
            pdfs = PdfStore(self.store.folder / PDF_FOLDER) if self.store.folder else None
            self.renderer = Renderer(editions, self.project.template_dirs, compiled, pdfs)
            self.renderer_made_for = made_for
            # each unchanged template's references, as the last update found them
            self.template_reads = {name: refs for name, (digest, refs) in (self.made.template_refs if self.made
                                                                           else {}).items()
                                   if snapshot.templates.get(name) == digest}
        else:
            self.renderer.rebind(editions)
        return self.renderer

    def depends(self, pages: list[Page], renderer: Renderer) -> dict[str, frozenset[Key]]:
        """Every page's inputs, the templates its output comes from among them."""
        by_template: dict[str, frozenset[Key]] = {}
        depends = {}
        for page in pages:
            if page.template not in by_template:
                used = renderer.templates_of(page, self.template_reads)
                by_template[page.template] = frozenset(("template", name) for name in used)
            depends[page.path] = page.depends | by_template[page.template] if not page.producer else page.depends
        return depends

    def whole(self, config: Config, changes: history.History) -> str:
        """A digest of what every page depends on: when it changes, every page is rendered."""
        state = (code_version(), repr(pinless(config)), changes.state, str(changes.reason),
                 str(changes.missing_until), self.project.history)
        return hashlib.sha256(repr(state).encode()).hexdigest()

    def fingerprint(self, snapshot: sources.Snapshot, config: Config | None) -> str:
        """Every input of the site, worked out without reading the history: the sources, the code and the
        configuration, what the history is read from (history.revision: HEAD, the shallow cut, `since`), the
        rounds' tags and the base path. A no-change build compares it and stops."""
        settings = repr(unresolved(config)) if config is not None else ""
        revision = self.history_revision(config) if config is not None else ""
        return hashlib.sha256(f"{snapshot.fingerprint()}\0{code_version()}\0{settings}\0{self.project.history}\0"
                              f"{revision}\0{self.round_refs}\0{self.base_path}\0{self.shared_read.state}\0"
                              f"{self.network_reader.last_state}\0{self.project.strict_members}"
                              .encode()).hexdigest()


def unresolved(config: Config) -> Config:
    """The configuration as site_config.yaml writes it, before the shared sources' commits are found."""
    return dataclasses.replace(config, shared=tuple(dataclasses.replace(source, commit="")
                                                    for source in config.shared))


def pinless(config: Config) -> Config:
    """The configuration as every page depends on it: without where the shared sources and members are, which only
    the pages that show their items and figures depend on (through the items' keys and the members' aspects)."""
    return dataclasses.replace(config, shared=tuple(source.pinless() for source in config.shared),
                               members=tuple(member.id for member in config.members))

