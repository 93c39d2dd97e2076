"""Linking: previous/next order, task lists, trees and back-references."""

from __future__ import annotations

import datetime

from katalogi.build.pipeline import check_project
from katalogi.inputs.sources import Project
from katalogi.site.link import natural_key


def action(identifier: str, extra: str = "") -> str:
    return f'id: "{identifier}"\nname: Toimenpide {identifier}\ndescription: D\nstatus: on_time\n{extra}'


def test_identifiers_sort_naturally():
    assert sorted(["111", "2", "10", "a10", "a2", "b"], key=natural_key) == ["2", "10", "111", "a2", "a10", "b"]


def test_previous_and_next_follow_natural_order_and_explicit_order_first(project):
    root = project({
        "content/actions/1.yaml": None, "content/actions/2.yaml": None,
        "content/actions/10.yaml": action("10"),
        "content/actions/9.yaml": action("9"),
        "content/actions/111.yaml": action("111"),
        "content/actions/z.yaml": action("z", "order: 5\n"),
        "content/actions/y.yaml": action("y", "order: 7\n"),
    })
    site = check_project(Project(root)).default
    assert [a.id for a in site.actions] == ["z", "y", "9", "10", "111"]
    assert site.actions[0].prev is None and site.actions[-1].next is None
    for before, after in zip(site.actions, site.actions[1:], strict=False):
        assert before.next is after and after.prev is before


def test_tasks_are_split_and_sorted_and_overdue_against_as_of(project):
    tasks = """tasks:
  - name: old done
    state: completed
    completed: 2019-01-01
  - name: new done
    state: completed
    completed: 2019-06-01
  - name: later
    due: 2020-03-01
  - name: overdue
    state: in_progress
    due: 2020-01-14
  - name: due on as-of day
    due: 2020-01-15
  - name: no date
  - name: dropped
    state: cancelled
"""
    site = check_project(Project(project({"content/actions/2.yaml": action("2", tasks)}))).default
    linked = next(a for a in site.actions if a.id == "2")
    assert [t.name for t in linked.tasks_done] == ["new done", "old done"]
    assert [(t.name, t.overdue) for t in linked.tasks_open] == [
        ("overdue", True), ("due on as-of day", False), ("later", False), ("no date", False)]
    assert [t.name for t in linked.tasks_cancelled] == ["dropped"]
    assert site.config.as_of == datetime.date(2020, 1, 15)


def test_references_resolve_both_ways(project):
    site = check_project(Project(project())).default
    first = site.actions[0]
    organisation = first.organisations[0].organisation
    assert organisation.name == "Ympäristöpalvelut" and organisation.actions == (first,)
    assert [a.id for a in first.categories[0].actions] == ["1"]
    assert first.contacts[0].organisation is organisation
    assert first.indicators[0].actions == (first,)
    assert first.status.label == "Ajallaan"


def test_organisation_tree_orders_parents_first_with_ancestors(project):
    site = check_project(Project(project({
        "content/organisations/aa.yaml": "id: aa\nname: Alayksikkö\nparent: ympa\n",
    }))).default
    assert [(o.id, [a.id for a in o.ancestors]) for o in site.organisations] == [
        ("kaupunki", []), ("ympa", ["kaupunki"]), ("aa", ["kaupunki", "ympa"])]
    assert [child.id for child in site.organisations[0].children] == ["ympa"]


def test_urls_include_the_base_path(project):
    config = "title: T\nbase_path: /hankinnat\nstatuses:\n  - id: on_time\n    label: A\n    colour: '#ffffff'\n" \
             "  - id: done\n    label: V\n    colour: '#000000'\n"
    site = check_project(Project(project(config=config))).default
    assert site.config.base_path == "/hankinnat/"
    assert site.actions[0].url == "/hankinnat/toimenpiteet/1/"
