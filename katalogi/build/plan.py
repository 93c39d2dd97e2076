"""What an update made and what the next one renders: the digests of every input (Made), what each kind of page
shows of each action, and the plan, a set intersection of what changed with what each page depends on."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..inputs import sources
from ..site.views import Editions
from .page_inputs import Key
from .pages import Page
from .render import ANY_TEMPLATE

ANY: Key = ("*",)


@dataclass(frozen=True)
class Made:
    """What one update made the site from: enough for the next update to tell what changed."""

    fingerprint: str  # every input, for "nothing changed"
    whole: str  # what every page depends on: the code, the configuration, the options, the history's state
    items: dict[str, tuple[str, tuple[Key, ...]]]  # content file -> (the key of its checked result, its items)
    histories: dict[str, str]  # action file -> digest of its public commits
    templates: dict[str, str]  # template name -> digest
    assets: dict[str, str]  # path below output/ -> digest
    depends: dict[str, frozenset[Key]]  # every page's path -> its inputs, ("template", name) among them
    aspects: dict[Key, bytes]  # ("row", id), ("title", id), ... of every action -> digest of what they show
    valid: dict[str, str] = dataclasses.field(default_factory=dict)  # action id -> engine.validity's digest
    template_refs: dict[str, tuple[str, list[str]]] = dataclasses.field(default_factory=dict)  # name -> (digest,
    # the templates it names): parsing templates for their references is kept from one build to the next
    content: dict[str, sources.ContentFile] = dataclasses.field(default_factory=dict)  # as read, for the next walk


@dataclass(frozen=True)
class Plan:
    """What to write to bring a site made from `Made` up to date."""

    pages: tuple[Page, ...]  # to render, in the site's page order
    removed: tuple[str, ...]  # pages no longer made
    assets: dict[str, Path]  # theme files and schemas to copy, by path below output/
    removed_assets: tuple[str, ...]
    everything: bool  # every page is rendered (the first update, or an input of every page changed)
    changed: frozenset[Key]  # the inputs that changed: items, templates, and the wild cards

    @property
    def nothing(self) -> bool:
        return not (self.pages or self.removed or self.assets or self.removed_assets)


def history_digest(changes: list) -> str:
    digest = hashlib.sha256()
    for change in changes:
        digest.update(f"{change.commit}\0{change.when.isoformat()}\0{change.message}\0".encode())
    return digest.hexdigest()


def validity(editions: Editions, named: dict, checked_keys: dict[str, str], checked: dict, histories: dict[str, str],
             whole: str, templates: dict[str, str]) -> dict[str, str]:
    """For each action, a digest of everything its pieces of output (render.Fragments) are made from: its file
    and those of the items it names, its history, the templates and what every page depends on."""
    key_of = {(item.kind, item.id): checked_keys[path] for path, (found, _) in checked.items() for item in found}
    base = hashlib.sha256(f"{whole}\0{sorted(templates.items())}".encode()).hexdigest()
    found = {}
    for action in editions.default.actions:
        parts = [base, histories.get(action.source, ""), *(key_of.get(key, "") for key in sorted(named[action.id]))]
        found[action.id] = hashlib.sha256("\0".join(parts).encode()).hexdigest()
    return found


def aspect_digests(editions: Editions, valid: dict[str, str], previous: Made | None = None) -> dict[Key, bytes]:
    """For each action, digests of what each kind of page shows of it (pages.py names them as inputs):

    - ("title", id): a link to it (its id, address and name in every language), on its neighbours' pages;
    - ("row", id): its row in a table: the title, status and responsible organisations;
    - ("filter row", id): its row in the action list, which can be filtered: also phase, criteria, summary
      and where it sits in the category and organisation trees;
    - ("feed", id): what feeds, calendars and tasks.csv show: the title, status and its reason, the update
      date and the tasks;
    - ("csv", id): its row of actions.csv;
    - ("summary", id): what the front page, the dashboard, the quality page and the other lists of the whole
      catalogue count and show: all but its free texts (lead, description, official description, links,
      the status's reason) and its history;
    - ("progress", id): how far it has got (goals.action_progress): its status, weight and its tasks' states;
    - ("relations", id): what the pages of related actions and of the actions in its chains of dependencies
      show of it: its title, status or where its work went, and its dependencies both ways (made again
      every update: the files of the actions that depend on it say who they are);
    - ("indicator values", id): the values of an indicator computed from the procurement records (not an
      action's, but worked out here alike: a procurement edit that changes no figure renders no indicator).

    A change elsewhere in an action (its description, say) leaves the pages that show only these alone.
    An action whose `validity` is the previous update's keeps the digests that update found.
    """
    found = {}
    kinds = ("title", "row", "filter row", "feed", "csv", "summary", "progress")

    def kept(key: Key, shown_value) -> None:
        found[key] = hashlib.blake2b(repr(shown_value).encode(), digest_size=16).digest()

    for action in editions.default.actions:
        if previous is not None and previous.valid.get(action.id) == valid[action.id]:
            found.update((key, previous.aspects[key]) for key in ((kind, action.id) for kind in kinds))
            continue
        views = [edition.actions_by_id[action.id] for edition in editions]
        title = (action.id, action.url, *(str(view.name) for view in views))
        responsible = tuple((entry.organisation.id, entry.role) for entry in action.organisations)
        replaced = action.replaced_by and ("merged" if action.merged_into else "superseded", action.replaced_by.id)
        row = (title, action.status.id, responsible, replaced)
        tasks = tuple(tuple((str(task.name), task.state, task.start, task.due, task.completed, str(task.comment))
                            for task in view.tasks) for view in views)
        attributes = tuple((entry.attribute.id, shown(entry.value)) for entry in action.attributes)
        kept(("title", action.id), title)
        kept(("progress", action.id), (action.status.id, action.weight, tuple(task.state for task in action.tasks)))
        kept(("row", action.id), row)
        kept(("filter row", action.id), (
            row, action.phase, action.gpp_level, *(str(view.lead) for view in views), action.updated,
            len(action.tasks_done), len(action.tasks), sum(task.overdue for task in action.tasks), attributes,
            tuple((*(node.id for node in category.ancestors), category.id) for category in action.categories),
            tuple((*(node.id for node in entry.organisation.ancestors), entry.organisation.id)
                  for entry in action.organisations)))
        kept(("feed", action.id), (title, action.status.id, action.updated,
                                   *(str(view.status_reason) for view in views), tasks))
        timespan = action.timespan and (action.timespan.start, action.timespan.end, action.timespan.continuous)
        kept(("csv", action.id), (row, action.phase, timespan,
            tuple(category.id for category in action.categories), tasks, action.emission_reduction and
            action.emission_reduction.value, action.procurement_volume, action.gpp_level, action.cpv_codes,
            action.updated, attributes, tuple((other.action.id, other.role and other.role.id)
                                              for other in action.depends_on),
            tuple(other.id for other in action.relates)))
        kept(("summary", action.id), (
            row, action.status_derived, action.status_written and action.status_written.id, action.status_from,
            action.phase, timespan, tuple(category.id for category in action.categories),
            tuple(contact.id for contact in action.contacts), tuple(indicator.id for indicator in action.indicators),
            action.emission_reduction and (action.emission_reduction.value, action.emission_reduction.basis,
                                           action.emission_reduction.calculation is not None),
            action.procurement_volume, action.cpv_codes, action.gpp_level, action.updated, tasks,
            tuple(tuple(view.findings) for view in views)))  # findings: data classes, shown in full
    for action in editions.default.actions:  # worked out every time: other actions' files name this one
        views = [edition.actions_by_id[action.id] for edition in editions]
        kept(("relations", action.id), (
            action.id, action.url, *(str(view.name) for view in views), action.status.id,
            action.replaced_by and (action.merged_into is not None, action.replaced_by.id),
            tuple((other.action.id, other.role and other.role.id) for other in action.depends_on),
            tuple((other.action.id, other.role and other.role.id) for other in action.dependents)))
    for indicator in editions.default.indicators:  # computed from procurement records, which any edit may change
        if indicator.computed is not None:
            kept(("indicator values", indicator.id), tuple((point.date, point.value, point.records,
                                                            point.green_records, point.euros, point.green_euros)
                                                           for point in indicator.values))
    return found


def shown(value):
    """A value of the city's own field as a digest sees it: a category by its identifier."""
    return getattr(value, "id", None) or repr(value)


def changed_inputs(previous: Made, made: Made) -> frozenset[Key]:
    """The items, histories and templates that differ between two updates, with the wild cards they imply."""
    changed: set[Key] = set()
    for key in previous.aspects.keys() | made.aspects.keys():
        if previous.aspects.get(key) != made.aspects.get(key):
            changed |= {key, (key[0], "*")}
    for path in previous.items.keys() | made.items.keys():
        old, new = previous.items.get(path), made.items.get(path)
        if old != new:
            for entry in (old, new):
                for key in entry[1] if entry is not None else ():
                    changed |= {key, (key[0], "*")}
            changed.add(ANY)
    for path in previous.histories.keys() | made.histories.keys():
        if previous.histories.get(path) != made.histories.get(path):
            entry = made.items.get(path) or previous.items.get(path)
            for key in entry[1] if entry is not None else ():
                changed |= {key, ANY}
    for name in previous.templates.keys() | made.templates.keys():
        if previous.templates.get(name) != made.templates.get(name):
            changed |= {("template", name), ("template", ANY_TEMPLATE)}
    return frozenset(changed)


def plan(previous: Made | None, made: Made, pages: list[Page], snapshot: sources.Snapshot) -> Plan:
    """The pages to render and the files to copy or remove to bring a site made from `previous` to `made`."""
    assets = {path: file for path, (file, _) in snapshot.assets.items()}
    if previous is None or previous.whole != made.whole:
        removed = tuple(sorted(previous.depends.keys() - made.depends.keys())) if previous else ()
        removed_assets = tuple(sorted(previous.assets.keys() - made.assets.keys())) if previous else ()
        return Plan(tuple(pages), removed, assets, removed_assets, True, frozenset({ANY}))
    changed = changed_inputs(previous, made)
    old = previous.depends
    dirty = tuple(page for page in pages if page.path not in old or old[page.path] != made.depends[page.path]
                  or not changed.isdisjoint(made.depends[page.path]))
    return Plan(dirty, tuple(sorted(old.keys() - made.depends.keys())),
                {path: file for path, file in assets.items() if previous.assets.get(path) != made.assets[path]},
                tuple(sorted(previous.assets.keys() - made.assets.keys())), False, changed)
