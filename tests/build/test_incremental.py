"""The incremental updates of `serve` and of `build` with its cache give the same site as a clean build.

Edits are applied one after another to a copy of the shipped catalogue (three
languages); after each, the updated output/ is compared with a clean build of the
same files, byte for byte, both as the dev server updates it in place and as `build`
with the cache updates it (through its spare copy). The edits cover what editors do:
texts, names, identifiers, order, tasks and statuses, new and deleted files, and
changes to categories, organisations, contacts and indicators, plus invalid saves
and their fixes.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import time
from pathlib import Path

import pytest
import yaml
from tools import ROOT

from katalogi.base.errors import BuildFailed
from katalogi.build import pipeline
from katalogi.build.page_inputs import related_to
from katalogi.devserver.live import LiveBuild
from katalogi.inputs.sources import Project
from katalogi.site.relations import in_chains


@pytest.fixture
def project(tmp_path, request) -> Path:
    """A copy of the sample; with the mark `fewer_records`, with one year of its generated procurement records instead
    of five (40 records, 120 pages instead of 600: a clean build to compare with takes half as long)."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("content", "theme", "schemas"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "site_config.yaml", root)
    if request.node.get_closest_marker("fewer_records"):  # the generated years but the last; the notices' records
        for records in sorted((root / "content/procurements").glob("20[0-9][0-9].yaml"))[:-1]:
            records.unlink()
    return root


@pytest.fixture
def live(project, tmp_path) -> LiveBuild:
    """The dev server's build of the project, built once into tmp_path/output."""
    live = LiveBuild(Project(project), tmp_path / "output", search=False)
    live.build_all()
    return live


def tree(folder: Path) -> dict[str, bytes]:
    return {file.relative_to(folder).as_posix(): file.read_bytes()
            for file in sorted(folder.rglob("*")) if file.is_file()}


def assert_same_as_full_build(root: Path, out: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    shutil.rmtree(reference, ignore_errors=True)
    pipeline.build(Project(root), reference, jobs=1, search=False)  # no cache: a clean build
    updated, expected = tree(out), tree(reference)
    assert sorted(updated) == sorted(expected)
    assert [path for path in expected if updated[path] != expected[path]] == []


def edit(root: Path, relative: str, change) -> Path:
    """Load a content file, let `change` alter the data, write it back; return the file."""
    file = root / relative
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    change(data)
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return file


def first_text(value):
    return value if isinstance(value, str) else next(iter(value.values()))


EDITS = {
    "description": lambda root: edit(root, "content/actions/111.yaml",
                                     lambda data: data.update(description="Uusi kuvaus.\n\n- yksi\n- kaksi\n")),
    "name": lambda root: edit(root, "content/actions/111.yaml",
                              lambda data: data.update(name="Yhteistyö muiden kaupunkien kanssa")),
    "task completed": lambda root: edit(root, "content/actions/111.yaml", lambda data: data["tasks"][-1].update(
        state="completed", completed="2019-10-18")),
    "identifier": lambda root: edit(root, "content/actions/112.yaml", lambda data: data.update(id="199")),
    "order": lambda root: edit(root, "content/actions/125.yaml", lambda data: data.update(order=1)),
    "category of an action": lambda root: edit(root, "content/actions/104.yaml",
                                               lambda data: data.update(categories=["energia"])),
    "category name": lambda root: edit(root, "content/categories/liikenne.yaml",
                                       lambda data: data.update(name="Liikenne ja kuljetukset")),
    "contact name": lambda root: edit(root, "content/contacts/mia-malin.yaml",
                                      lambda data: data.update(name="Mia Malin-Esimerkki")),
    "indicator value": lambda root: edit(root, "content/indicators/kasvisruoan-osuus.yaml",
                                         lambda data: data["values"].append({"date": "2019-10-01", "value": 61})),
    "procurement value": lambda root: edit(root, "content/procurements/2017.yaml",
                                           lambda data: data["procurements"][0].update(value=123456)),
    "procurement linked to an action": lambda root: edit(root, "content/procurements/2018.yaml",
                                                         lambda data: data["procurements"][1].update(actions=["111"])),
}


def add_action(root: Path) -> Path:
    file = root / "content/actions/150.yaml"
    source = yaml.safe_load((root / "content/actions/111.yaml").read_text(encoding="utf-8"))
    source.update(id="150", name="Uusi toimenpide", description="Lisätty kesken esikatselun.")
    file.write_text(yaml.safe_dump(source, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return file


def delete_action(root: Path) -> Path:
    file = root / "content/actions/113.yaml"
    file.unlink()
    return file


def move_organisation(root: Path) -> Path:
    organisations = sorted((root / "content/organisations").glob("*.yaml"))
    units = [file for file in organisations if yaml.safe_load(file.read_text(encoding="utf-8")).get("parent")]
    return edit(root, units[0].relative_to(root).as_posix(), lambda data: data.update(parent=None))


class Serving:
    """The dev server: one full build, then each change written in place."""

    def __init__(self, project: Path, tmp_path: Path):
        self.live = LiveBuild(Project(project), tmp_path / "output", search=False)
        self.out = self.live.out
        self.live.build_all()

    def apply(self, changed: Path) -> int:
        """Bring the site up to date; how many pages were rendered."""
        updated = self.live.update({changed})
        self.live.settle()
        assert self.live.problems == []
        assert not updated.full
        return updated.pages + updated.later


class Building:
    """`build` with its cache, run again after each change, as CI or an editor would."""

    def __init__(self, project: Path, tmp_path: Path):
        self.project, self.out, self.cache = Project(project), tmp_path / "output", project / ".katalogi-cache"
        self.total = pipeline.build(self.project, self.out, cache_folder=self.cache, search=False).pages

    def apply(self, changed: Path) -> int:
        built = pipeline.build(self.project, self.out, cache_folder=self.cache, search=False)
        assert not built.skipped
        return built.pages


@pytest.fixture(params=[Serving, Building], ids=["serve", "build"])
def updater(request, project, tmp_path):
    return request.param(project, tmp_path)


@pytest.mark.parametrize("name", [*EDITS, "new action", "deleted action", "organisation moved"])
def test_one_edit_updates_output_as_a_full_build_would(project, tmp_path, name, updater):
    change = {**EDITS, "new action": add_action, "deleted action": delete_action,
              "organisation moved": move_organisation}[name]
    rendered = updater.apply(change(project))
    assert_same_as_full_build(project, updater.out, tmp_path)
    pages = len([path for path in updater.out.rglob("*") if path.is_file()])
    assert 0 < rendered < pages / 2, "only what the change affects is rendered"


def test_build_brings_its_spare_up_to_date_across_several_builds(project, tmp_path):
    """The spare is the site before last: each build writes what the last one changed and what this one does."""
    building = Building(project, tmp_path)
    for step, name in enumerate(["name", "description", "category name", "new action", "deleted action"]):
        rendered = building.apply({**EDITS, "new action": add_action, "deleted action": delete_action}[name](project))
        assert_same_as_full_build(project, building.out, tmp_path)
        assert rendered < building.total / 2, (step, name)
        spare = tmp_path / ".output.spare"
        assert spare.is_dir(), "the previous site stays beside output/"


def test_build_renders_everything_when_output_was_changed_by_hand(project, tmp_path):
    building = Building(project, tmp_path)
    (building.out / "toimenpiteet/111/index.html").write_text("rikki", encoding="utf-8")
    rendered = building.apply(EDITS["name"](project))
    assert rendered == building.total
    assert_same_as_full_build(project, building.out, tmp_path)


@pytest.mark.fewer_records
def test_a_run_of_edits_and_broken_saves_keeps_matching_full_builds(project, tmp_path, live):
    """Twenty seeded random edits, some invalid; after each valid one output/ equals a full build."""
    out = live.out
    rng = random.Random(2019)
    actions = sorted((project / "content/actions").glob("*.yaml"))
    for step in range(20):
        file = rng.choice([file for file in actions if file.exists()])
        roll = rng.random()
        if roll < 0.2:  # a broken save: the last good site stays, and the error is shown
            before = tree(out)
            text = file.read_text(encoding="utf-8")
            file.write_text(text.replace("phase:", "phase: [", 1) if "phase:" in text else text + "tasks: 3\n",
                            encoding="utf-8")
            with pytest.raises(BuildFailed):
                live.update({file})
            assert live.problems and tree(out) == before
            file.write_text(text, encoding="utf-8")
        elif roll < 0.5:
            edit(project, file.relative_to(project).as_posix(),
                 lambda data, step=step: data.update(name=f"{first_text(data['name'])} ({step})"))
        elif roll < 0.7:
            edit(project, file.relative_to(project).as_posix(), lambda data, step=step: data.update(order=step))
        else:
            edit(project, file.relative_to(project).as_posix(),
                 lambda data, step=step: data.update(description=f"Muutos {step}."))
        live.update({file})
        live.settle()
        assert live.problems == []
        assert_same_as_full_build(project, out, tmp_path)


def random_edit(rng: random.Random, project: Path, step: int) -> Path:
    """One of the edits editors make, on a random file: every field a page, list, feed or data file shows."""
    actions = sorted((project / "content/actions").glob("*.yaml"))
    nodes = {kind: sorted((project / f"content/{kind}").glob("*.yaml"))
             for kind in ("categories", "organisations", "contacts", "indicators")}
    file = rng.choice(actions)
    relative = file.relative_to(project).as_posix()
    categories = [path.stem for path in nodes["categories"]]
    organisations = [path.stem for path in nodes["organisations"]]

    def task_change(data):
        tasks = data.setdefault("tasks", [])
        if tasks and rng.random() < 0.5:
            task = rng.choice(tasks)
            task.update(state="completed", completed="2019-10-1" + str(rng.randint(0, 9)))
        else:
            tasks.append({"name": f"Uusi tehtävä {step}", "due": f"2019-1{rng.randint(0, 2)}-15"})

    def organisation_change(data):
        entries = data.get("organisations") or []
        if entries and rng.random() < 0.5:
            entries[0]["role"] = "collaborator" if entries[0].get("role", "primary") == "primary" else "primary"
        else:
            data["organisations"] = [{"organisation": rng.choice(organisations)}]

    changes = [
        lambda data: data.update(name=f"{first_text(data['name'])} ({step})"),
        lambda data: data.update(order=step),
        lambda data: data.update(description=f"Muutos {step}."),
        lambda data: data.update(lead=f"Tiivistelmä {step}."),
        lambda data: data.update(status_reason=f"Syy {step}."),
        lambda data: data.update(categories=rng.sample(categories, rng.randint(1, 2))),
        lambda data: data.update(phase=rng.choice(["planning", "implementation", "completed"])),
        lambda data: data.update(gpp_level=rng.choice(["eu", "national", "none"])),
        lambda data: data.update(procurement_volume=rng.randint(1, 9) * 100000),
        lambda data: data.update(updated=f"2019-0{rng.randint(1, 9)}-01"),
        task_change, organisation_change,
    ]
    roll = rng.random()
    if roll < 0.7:
        return edit(project, relative, rng.choice(changes))
    kind = rng.choice(list(nodes))
    node = rng.choice(nodes[kind])
    node_relative = node.relative_to(project).as_posix()
    if kind == "organisations" and rng.random() < 0.5:
        others = [name for name in organisations if name != node.stem]
        return edit(project, node_relative, lambda data: data.update(parent=rng.choice([None, *others])
                                                                      if data.get("parent") else None))
    if kind == "indicators":
        return edit(project, node_relative, lambda data: data.setdefault("values", []).append(
            {"date": f"2019-0{rng.randint(1, 9)}-28", "value": step}))
    return edit(project, node_relative, lambda data: data.update(name=f"{first_text(data['name'])} {step}"))


@pytest.mark.fewer_records
@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_of_every_kind_keep_matching_clean_builds(project, tmp_path, updater, seed):
    """Thirty seeded edits of every field pages show, each followed by serve's update or build with the cache."""
    rng = random.Random(seed)
    files = {path: path.read_text(encoding="utf-8") for path in (project / "content").rglob("*.yaml")}
    for step in range(30):
        changed = random_edit(rng, project, step)
        try:
            updater.apply(changed)
        except BuildFailed:  # the edit made the content invalid (a loop of parents): take it back, as an editor would
            changed.write_text(files[changed], encoding="utf-8")
            updater.apply(changed)
        files[changed] = changed.read_text(encoding="utf-8")
        assert_same_as_full_build(project, updater.out, tmp_path)


def test_an_edited_action_renders_its_own_page_first_and_not_unrelated_actions(project, tmp_path, live):
    """A description edit: the action's page in every language first; other actions' pages not at all."""
    edit(project, "content/actions/111.yaml", lambda data: data.update(description="Toinen kuvaus."))
    update = live.engine.update({project / "content/actions/111.yaml"})
    plan = update.plan
    first = [page.path for page in plan.pages if not page.producer and page.subject in plan.changed]
    assert sorted(first) == ["en/toimenpiteet/111/index.html", "sv/toimenpiteet/111/index.html",
                             "toimenpiteet/111/index.html"]
    others = [page.path for page in plan.pages if page.template == "action.html" and page.path not in first]
    assert others == []
    assert [page.path for page in plan.pages if page.template == "organisation.html"] == [], \
        "the lists that show the action show its row, and its row does not show the description"
    assert sorted(page.path for page in plan.pages if page.path.startswith("data/")) == [
        "data/actions.json", "data/actions/111.json"], "the data files that show the description"
    assert "tilannekatsaus/index.html" not in [page.path for page in plan.pages], \
        "the dashboard counts and lists actions but shows no description"


def test_a_status_change_re_renders_the_pages_that_count_statuses(project, tmp_path, live):
    edit(project, "content/actions/111.yaml", lambda data: data.update(status="completed"))
    plan = live.engine.update({project / "content/actions/111.yaml"}).plan
    rendered = {page.path for page in plan.pages}
    assert {"index.html", "tilannekatsaus/index.html", "tilat/index.html", "tietojen-laatu/index.html",
            "sv/tilannekatsaus/index.html"} <= rendered


def test_a_renamed_action_re_renders_its_neighbours(project, tmp_path, live):
    """...and the actions related to it, whose pages show its name too."""
    old = live.site.default.actions_by_id["111"]
    neighbours = [getattr(old, side).id for side in ("prev", "next")]
    neighbours += [other.id for other in related_to(old)] + sorted(in_chains(old))
    assert neighbours[2:], "the sample relates 111 to another action"
    edit(project, "content/actions/111.yaml", lambda data: data.update(name="Uusi nimi"))
    plan = live.engine.update({project / "content/actions/111.yaml"}).plan
    rendered = {page.path for page in plan.pages if page.template == "action.html"}
    assert rendered == {f"{prefix}toimenpiteet/{identifier}/index.html"
                        for identifier in (*neighbours, "111") for prefix in ("", "sv/", "en/")}


def test_each_page_declares_what_it_depends_on(project, tmp_path, live):
    """Where a page is made it says what it shows: an action page its neighbours and the items it names."""
    pages = {page.path: page for page in live.engine.current.pages}
    action = live.site.default.actions_by_id["111"]
    page = pages["toimenpiteet/111/index.html"]
    assert page.subject == ("action", "111")
    assert {("action", "111"), ("title", action.prev.id), ("title", action.next.id)} <= page.depends
    assert ("action", action.prev.id) not in page.depends, "a neighbour's page link shows only its title"
    assert {("category", node.id) for node in action.categories} <= page.depends
    assert {("organisation", entry.organisation.id) for entry in action.organisations} <= page.depends
    assert pages["sv/toimenpiteet/111/index.html"].depends == page.depends, "every language shows the same"
    dashboard = pages["tilannekatsaus/index.html"].depends
    assert {("summary", "*"), ("row", "*"), ("category", "*"), ("organisation", "*")} <= dashboard
    assert ("*",) not in dashboard and ("filter row", "*") not in dashboard, "it shows no lead or description"
    assert pages["data/actions.json"].depends == frozenset({("*",)}), "the data file shows all of each action"
    assert pages["haku/index.html"].depends == frozenset()
    made = live.engine.made.depends
    assert ("template", "_macros.html") in made["toimenpiteet/index.html"]
    assert ("template", "base.html") in made["toimenpiteet/111/index.html"]
    assert not any(key[0] == "template" for key in made["data/actions.json"])
    procurement = live.site.default.procurements[0]
    own = pages[f"hankinnat/{procurement.id}/index.html"]
    assert own.subject == ("procurement", procurement.id)
    assert {("procurement", procurement.id), ("organisation", procurement.organisation.id)} <= own.depends
    assert not any(key[0] == "procurement" and key[1] != procurement.id for key in own.depends)
    linked = next(action for action in live.site.default.actions if action.procurements)
    assert {("procurement", record.id) for record in linked.procurements} <= \
        pages[f"toimenpiteet/{linked.id}/index.html"].depends, "an action's page lists its procurements"
    assert ("procurement", "*") in pages["hankinnat/index.html"].depends


def test_a_page_still_being_rendered_is_answered_once_it_is_written(project, tmp_path, monkeypatch, live):
    """The reload comes after the first pages; a request for a later one waits for it instead of the old one."""
    from served import call

    from katalogi.devserver.serve import DevSite

    slow_finish = LiveBuild.finish

    def finish_after_a_while(self, pages, sending):
        time.sleep(1.5)  # so that a request not waiting would surely see the old page
        slow_finish(self, pages, sending)

    monkeypatch.setattr(LiveBuild, "finish", finish_after_a_while)
    out = live.out
    app = DevSite(out, live=live)
    edit(project, "content/actions/111.yaml", lambda data: data.update(name="Odotettu nimi"))
    updated = live.update({project / "content/actions/111.yaml"})
    assert updated.pages == 3 and updated.later > 0 and live.finishing is not None
    assert "Odotettu nimi" in call(app, "/toimenpiteet/111/")[2].decode(), "the first pages are there at once"
    assert live.finishing is not None, "and answering them did not wait for the rest"
    status, _, body = call(app, "/toimenpiteet/")
    assert status == "200 OK" and "Odotettu nimi" in body.decode()
    assert live.finishing is None


def test_the_edited_pages_are_written_before_the_rest_of_the_update_is_planned(project, monkeypatch, live):
    """After a save the action's own pages are written and the update returns (the browser reloads) while a
    thread works out which other pages changed: their requests wait for it, the first pages' do not."""
    import threading

    from served import call

    from katalogi.build.engine import Engine
    from katalogi.devserver.serve import DevSite

    may_plan, real_planned = threading.Event(), Engine.planned

    def planned_when_allowed(engine, linked):
        assert may_plan.wait(30)
        return real_planned(engine, linked)

    monkeypatch.setattr(Engine, "planned", planned_when_allowed)
    app = DevSite(live.out, live=live)
    edit(project, "content/actions/111.yaml", lambda data: data.update(name="Ensin kirjoitettu"))
    updated = live.update({project / "content/actions/111.yaml"})
    assert updated.pages == 3 and live.planning is not None, "returned before the plan"
    assert "Ensin kirjoitettu" in call(app, "/toimenpiteet/111/")[2].decode(), "the first pages are there at once"
    assert not live.waits_for("static/style.css") and live.planning.is_alive()
    live.index_when_quiet()  # the server's periodic call does not wait for the plan either
    assert live.planning.is_alive()
    may_plan.set()
    status, _, body = call(app, "/toimenpiteet/")  # waits for the plan, then for the finishing process
    assert status == "200 OK" and "Ensin kirjoitettu" in body.decode()
    assert updated.later > 0 and live.planning is None
    live.settle()
    assert live.problems == []


def test_an_update_whose_plan_fails_shows_its_problems_and_builds_everything_next(project, monkeypatch, live):
    from katalogi.base.errors import BuildFailed, ContentError
    from katalogi.base.problems import TEMPLATE_ERROR
    from katalogi.build.engine import Engine

    def failing(engine, linked):
        raise BuildFailed([ContentError("theme/templates/base.html", 3, "template", TEMPLATE_ERROR(detail="rikki"))])

    monkeypatch.setattr(Engine, "planned", failing)
    edit(project, "content/actions/111.yaml", lambda data: data.update(name="Suunnitelma kaatuu"))
    assert live.update({project / "content/actions/111.yaml"}).pages == 3
    live.settle()
    assert live.problems == ["theme/templates/base.html:3: template: rikki"]
    assert live.site is None, "the next change builds the whole site again"


def test_stopping_the_finishing_process_also_stops_its_workers(project, tmp_path, monkeypatch, live):
    """Many pages are split between forked workers; a newer change must stop them all, or they write old pages."""
    from katalogi.base import parallel
    from katalogi.build import write as write_module

    started, late = tmp_path / "started", tmp_path / "late"
    started.mkdir()

    def slow_write(folder, path, text):
        (started / str(os.getpid())).touch()
        time.sleep(20)  # far longer than stopping takes, however loaded the machine
        late.touch()

    monkeypatch.setattr(write_module, "replace_file", slow_write)
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    monkeypatch.setattr(parallel, "available_cores", lambda: 2)
    live.start_finishing({page.path: page for page in live.engine.current.pages[:4]})
    deadline = time.monotonic() + 60
    while len(list(started.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(list(started.iterdir())) == 2, "the finishing process and its worker both began"
    live.stop_finishing()
    pids = [int(path.name) for path in started.iterdir()]
    deadline = time.monotonic() + 15
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(running(pid) for pid in pids), "both were stopped"
    assert not late.exists()


def running(pid: int) -> bool:
    """Whether a process is alive: not ended, and not a zombie waiting to be collected."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def test_a_theme_file_is_copied_without_rendering_pages(project, tmp_path, live):
    out = live.out
    pages_before = {path: path.stat().st_mtime_ns for path in out.rglob("*.html")}
    css = project / "theme/static/style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* uusi */\n", encoding="utf-8")
    updated = live.update({css})
    assert not updated.full and updated.pages == 0
    assert (out / "static/style.css").read_text(encoding="utf-8").endswith("/* uusi */\n")
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*.html")} == pages_before


def test_a_theme_folder_removed_is_removed_from_the_site(project, live):
    fonts = project / "theme/static/fonts"
    fonts.mkdir()
    (fonts / "oma.woff2").write_bytes(b"wOF2")
    live.update({fonts / "oma.woff2"})
    assert (live.out / "static/fonts/oma.woff2").read_bytes() == b"wOF2"
    shutil.rmtree(fonts)
    live.update({fonts, fonts / "oma.woff2"})  # in either order, as the events come
    assert not (live.out / "static/fonts").exists() and (live.out / "static/style.css").is_file()

def write_template(root: Path, relative: str, change) -> Path:
    """Change a template's text; a file under templates/ starts as a copy of the theme's."""
    file = root / relative
    original = root / "theme/templates" / file.name
    text = (file if file.exists() else original).read_text(encoding="utf-8")
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(change(text), encoding="utf-8")
    return file


WITHOUT_MACROS = {"404.html", "accessibility.html", "opendata.html", "search.html", "criteria_sets.html",
                  "factor_tables.html"}  # the rest show action rows

TEMPLATE_EDITS = {  # name: (file, change, whether a page of a given template is rendered again)
    "404 page": ("theme/templates/404.html", lambda text: text.replace("{% block main %}", "{% block main %}OMA"),
                 lambda template: template == "404.html"),
    "indicator override": ("templates/indicator.html",
                           lambda text: text.replace("{% block main %}", "{% block main %}OMA"),
                           lambda template: template == "indicator.html"),
    "macros": ("theme/templates/_macros.html",
                                        lambda text: text.replace("<tr data-status", "<tr data-oma data-status"),
                                        lambda template: template not in WITHOUT_MACROS),
    "base": ("theme/templates/base.html", lambda text: text.replace("<main", "<main data-oma"),
             lambda template: True),
}


@pytest.mark.parametrize("name", TEMPLATE_EDITS)
def test_a_template_change_renders_the_pages_using_it(project, tmp_path, name, live):
    out = live.out
    before = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}
    relative, change, rendered_again = TEMPLATE_EDITS[name]
    updated = live.update({write_template(project, relative, change)})
    live.settle()
    assert not updated.full and live.problems == []
    expected = {page.path for page in live.engine.current.pages if not page.producer and rendered_again(page.template)}
    assert updated.later == len(expected) and updated.pages == 0
    untouched = {path for path in before if path.relative_to(out).as_posix() not in expected}
    assert {path for path in untouched if path.stat().st_mtime_ns != before[path]} == set()
    assert_same_as_full_build(project, out, tmp_path)


def test_a_template_importing_the_macros_depends_on_them(project, tmp_path, live):
    """A page's templates are found from its template alone: an override that imports _macros.html uses it."""
    out = live.out
    override = write_template(project, "templates/accessibility.html", lambda text: text.replace(
        "{% block main %}", '{% from "_macros.html" import action_table %}{% block main %}'
        '{{ action_table(site.actions[:1], "x") }}'))
    live.update({override})
    live.settle()
    macros = write_template(project, "theme/templates/_macros.html",
                            lambda text: text.replace("<tr data-status", "<tr data-oma data-status"))
    updated = live.update({macros})
    live.settle()
    again = {page.path for page in live.engine.current.pages
             if not page.producer and page.template not in WITHOUT_MACROS - {"accessibility.html"}}
    assert updated.later == len(again)
    assert_same_as_full_build(project, out, tmp_path)


def test_removing_an_override_brings_back_the_themes_template(project, tmp_path, live):
    out = live.out
    override = write_template(project, "templates/indicator.html",
                              lambda text: text.replace("{% block main %}", "{% block main %}OMA"))
    live.update({override})
    live.settle()
    override.unlink()
    updated = live.update({override})
    live.settle()
    assert not updated.full and updated.later > 0 and live.problems == []
    assert_same_as_full_build(project, out, tmp_path)


def test_an_editors_swap_file_among_the_templates_renders_nothing(project, live):
    swap = project / "theme/templates/.base.html.swp"
    swap.write_bytes(b"b0VIM 9.0\xff\xfe{% if %}")
    updated = live.update({swap})
    assert not updated.shows_anything_new and live.problems == []


def test_a_template_saved_while_the_content_is_invalid_keeps_the_problems_and_the_pending_edits(project, live):
    valid = edit(project, "content/actions/112.yaml", lambda data: data.update(name="Odottava muutos"))
    broken = project / "content/actions/111.yaml"
    original = broken.read_text(encoding="utf-8")
    broken.write_text(original.replace("phase: implementation", "phase: [implementation"), encoding="utf-8")
    with pytest.raises(BuildFailed):
        live.update({valid, broken})
    problems = list(live.problems)
    template = write_template(project, "theme/templates/404.html",
                              lambda text: text.replace("{% block main %}", "{% block main %}OMA"))
    with pytest.raises(BuildFailed):
        live.update({template})
    assert live.problems == problems
    broken.write_text(original, encoding="utf-8")
    live.update({broken})
    live.settle()
    assert live.problems == []
    assert_same_as_full_build(project, live.out, live.out.parent)

def test_a_template_mistake_is_shown_and_its_fix_brings_the_site_back(project, tmp_path, live):
    out = live.out
    before = tree(out)
    template = write_template(project, "theme/templates/indicator.html",
                              lambda text: text.replace("{% block main %}", "{% block main %}{% if %}"))
    with pytest.raises(BuildFailed):
        live.update({template})
    line = template.read_text(encoding="utf-8").splitlines().index("{% block main %}{% if %}") + 1
    assert len(live.problems) == 1 and live.problems[0].startswith(f"theme/templates/indicator.html:{line}: template: ")
    assert tree(out) == before
    template.write_text(template.read_text(encoding="utf-8").replace("{% if %}", "OMA"), encoding="utf-8")
    live.update({template})
    live.settle()
    assert live.problems == []
    assert_same_as_full_build(project, out, tmp_path)


def test_the_schemas_follow_the_configuration_which_builds_everything(project, tmp_path, live):
    out = live.out
    schema = project / "schemas/action.schema.json"  # the editors' copy: the site's are made from the configuration
    schema.write_text(schema.read_text(encoding="utf-8").replace("{", '{"$comment": "uusi", ', 1), encoding="utf-8")
    assert not live.update({schema}).shows_anything_new
    assert b'"$comment": "uusi"' not in (out / "schemas/action.schema.json").read_bytes()
    config = project / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# uusi\n", encoding="utf-8")
    assert not live.update({config}).shows_anything_new, "a comment changes no setting"
    config.write_text(config.read_text(encoding="utf-8").replace("TESTI Tämä", "KOE Tämä").replace(
        "fi: Kaupunkistrategian toimenpide", "fi: Ohjelman toimenpide"), encoding="utf-8")
    assert live.update({config}).full
    live.settle()
    assert b"Ohjelman toimenpide" in (out / "schemas/action.schema.json").read_bytes()
    assert_same_as_full_build(project, out, tmp_path)


def test_the_search_index_is_rebuilt_once_edits_pause(project, tmp_path, monkeypatch):
    from katalogi.devserver import live as live_module
    from katalogi.outputs.search import pagefind_installed

    if not pagefind_installed():
        pytest.skip("Pagefind is not installed")
    out = tmp_path / "output"
    live = LiveBuild(Project(project), out, search=True)
    live.build_all()
    index_before = tree(out / "pagefind")
    edit(project, "content/actions/111.yaml", lambda data: data.update(name="Hakusanatesti"))
    live.update({project / "content/actions/111.yaml"})
    live.settle()
    monkeypatch.setattr(live_module, "SEARCH_PAUSE", 3600.0)  # however slow the machine, the edit is recent
    live.index_when_quiet()
    assert live.indexing is None, "not while edits go on"
    monkeypatch.setattr(live_module, "SEARCH_PAUSE", 0.0)
    live.index_when_quiet()
    live.indexing.join(timeout=120)
    index_after = tree(out / "pagefind")
    assert index_after != index_before
    assert "pagefind-entry.json" in index_after and "pagefind.js" in index_after
    assert not list(tmp_path.glob(".output.search-*")), "the temporary bundle is gone"


def test_a_save_stops_the_search_index_being_made(project, tmp_path, monkeypatch, live):
    """Pagefind would compete with the reload for the cores, making an index that is already stale."""
    from katalogi.devserver import live as live_module
    from katalogi.outputs import search

    out = live.out
    index_before = tree(out)
    monkeypatch.setattr(search, "pagefind_command", lambda: [sys.executable, "-c", "import time; time.sleep(60)"])
    monkeypatch.setattr(live_module, "SEARCH_PAUSE", 0.0)
    live.search, live.search_stale = True, True
    live.index_when_quiet()
    assert live.indexing.is_alive()
    edit(project, "content/actions/111.yaml", lambda data: data.update(name="Hakusanatesti"))
    live.update({project / "content/actions/111.yaml"})
    live.indexing.join(timeout=30)
    assert not live.indexing.is_alive(), "Pagefind was killed, not waited for"
    assert live.search_stale, "indexed again at the next pause"
    live.settle()
    assert "pagefind" not in {path.split("/")[0] for path in tree(out)} and tree(out) != index_before
    assert not list(tmp_path.glob(".output.search-*")), "the temporary bundle is gone"


def test_a_save_without_a_change_renders_nothing(project, tmp_path, live):
    out = live.out
    times = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}
    file = project / "content/actions/111.yaml"
    file.write_bytes(file.read_bytes())  # saved again as it was: a new time, the same bytes
    stray = project / "content/actions/4913"  # the probe file vim writes before saving
    stray.write_text("", encoding="utf-8")
    updated = live.update({file, stray})
    assert not updated.shows_anything_new and str(updated) == "Nothing changed."
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()} == times


def test_serve_starts_on_a_site_that_build_left_unchanged(project):
    """`make build` then `make serve`: nothing changed, so nothing is written, but the dev server still gets the
    site it will update (it once failed here, with no site to keep)."""
    out = project / "output"
    pipeline.build(Project(project, history=False), out, cache_folder=project / ".katalogi-cache", search=False)
    before = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}
    live = LiveBuild(Project(project, history=False), out, search=False)
    live.build_all()
    assert live.site is not None and live.site.default.actions
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()} == before
    edited = project / "content/actions/111.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("name: ", "name: Muokattu ", 1), encoding="utf-8")
    live.update({edited})
    assert "Muokattu" in (out / "toimenpiteet/111/index.html").read_text(encoding="utf-8")
