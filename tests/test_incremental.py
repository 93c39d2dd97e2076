"""The dev server's incremental updates give the same site as a full build, byte for byte.

Edits are applied one after another to a copy of the shipped catalogue (three
languages); after each, the updated output/ is compared with a full build of the
same files. The edits cover what editors do: texts, names, identifiers, order,
tasks and statuses, new and deleted files, and changes to categories,
organisations, contacts and indicators, plus invalid saves and their fixes.
"""

from __future__ import annotations

import random
import shutil
import sys
import time
from pathlib import Path

import pytest
import yaml

from katalogi import incremental, pipeline
from katalogi.errors import BuildFailed
from katalogi.live import LiveBuild
from katalogi.pipeline import Project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for name in ("content", "theme", "schemas"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "site_config.yaml", root)
    return root


def tree(folder: Path) -> dict[str, bytes]:
    return {file.relative_to(folder).as_posix(): file.read_bytes()
            for file in sorted(folder.rglob("*")) if file.is_file()}


def assert_same_as_full_build(root: Path, out: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    shutil.rmtree(reference, ignore_errors=True)
    pipeline.build(Project(root), reference, jobs=1, search=False)
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


@pytest.mark.parametrize("name", [*EDITS, "new action", "deleted action", "organisation moved"])
def test_one_edit_updates_output_as_a_full_build_would(project, tmp_path, name):
    out = tmp_path / "output"
    live = LiveBuild(Project(project), out, search=False)
    live.build_all()
    change = {**EDITS, "new action": add_action, "deleted action": delete_action,
              "organisation moved": move_organisation}[name]
    changed = change(project)
    updated = live.update({changed})
    live.settle()
    assert live.problems == []
    assert not updated.full
    assert_same_as_full_build(project, out, tmp_path)


def test_a_run_of_edits_and_broken_saves_keeps_matching_full_builds(project, tmp_path):
    """Twenty seeded random edits, some invalid; after each valid one output/ equals a full build."""
    out = tmp_path / "output"
    live = LiveBuild(Project(project), out, search=False)
    live.build_all()
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


def test_an_edited_action_renders_its_own_page_first_and_not_unrelated_actions(project, tmp_path):
    """A description edit: the action's page in every language first; other actions' pages not at all."""
    live = LiveBuild(Project(project), tmp_path / "output", search=False)
    live.build_all()
    old = live.site
    edit(project, "content/actions/111.yaml", lambda data: data.update(description="Toinen kuvaus."))
    site = live.check_again({str(project / "content/actions/111.yaml")})
    plan = incremental.plan(old, site, live.changed)
    assert sorted(page.path for page in plan.first) == ["en/toimenpiteet/111/index.html",
                                                        "sv/toimenpiteet/111/index.html", "toimenpiteet/111/index.html"]
    others = [page.path for page in plan.rest if page.template == "action.html"]
    assert others == []
    assert "tilannekatsaus/index.html" in [page.path for page in plan.rest]
    unrelated = [page.path for page in plan.rest if page.template == "organisation.html"]
    assert 0 < len(unrelated) < len(site.organisations) * 3  # only the units that list action 111


def test_a_renamed_action_re_renders_its_neighbours(project, tmp_path):
    live = LiveBuild(Project(project), tmp_path / "output", search=False)
    live.build_all()
    old = live.site
    neighbours = [old.actions_by_id["111"][side]["id"] for side in ("prev", "next")]
    edit(project, "content/actions/111.yaml", lambda data: data.update(name="Uusi nimi"))
    plan = incremental.plan(old, live.check_again({str(project / "content/actions/111.yaml")}), live.changed)
    rendered = {page.path for page in plan.rest if page.template == "action.html"}
    assert rendered == {f"{prefix}toimenpiteet/{identifier}/index.html"
                        for identifier in neighbours for prefix in ("", "sv/", "en/")}


def test_a_page_still_being_rendered_is_answered_once_it_is_written(project, tmp_path, monkeypatch):
    """The reload comes after the first pages; a request for a later one waits for it instead of the old one."""
    from test_serve import call

    from katalogi.serve import DevSite

    slow_finish = LiveBuild.finish

    def finish_after_a_while(self, pages, sending):
        time.sleep(1.5)  # so that a request not waiting would surely see the old page
        slow_finish(self, pages, sending)

    monkeypatch.setattr(LiveBuild, "finish", finish_after_a_while)
    out = tmp_path / "output"
    live = LiveBuild(Project(project), out, search=False)
    live.build_all()
    app = DevSite(out, live=live)
    edit(project, "content/actions/111.yaml", lambda data: data.update(name="Odotettu nimi"))
    updated = live.update({project / "content/actions/111.yaml"})
    assert updated.pages == 3 and updated.later > 0 and live.finishing is not None
    assert "Odotettu nimi" in call(app, "/toimenpiteet/111/")[2].decode(), "the first pages are there at once"
    assert live.finishing is not None, "and answering them did not wait for the rest"
    status, _, body = call(app, "/toimenpiteet/")
    assert status == "200 OK" and "Odotettu nimi" in body.decode()
    assert live.finishing is None


def test_a_theme_file_is_copied_without_rendering_pages(project, tmp_path):
    out = tmp_path / "output"
    live = LiveBuild(Project(project), out, search=False)
    live.build_all()
    pages_before = {path: path.stat().st_mtime_ns for path in out.rglob("*.html")}
    css = project / "theme/static/style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* uusi */\n", encoding="utf-8")
    updated = live.update({css})
    assert not updated.full and updated.pages == 0
    assert (out / "static/style.css").read_text(encoding="utf-8").endswith("/* uusi */\n")
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*.html")} == pages_before


def test_a_template_change_builds_everything(project, tmp_path):
    out = tmp_path / "output"
    live = LiveBuild(Project(project), out, search=False)
    live.build_all()
    template = project / "theme/templates/404.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{% block main %}", "{% block main %}OMA"),
                        encoding="utf-8")
    assert live.update({template}).full
    assert "OMA" in (out / "404.html").read_text(encoding="utf-8")


def test_the_search_index_is_rebuilt_once_edits_pause(project, tmp_path, monkeypatch):
    from katalogi import live as live_module
    from katalogi.search import pagefind_installed

    if not pagefind_installed():
        pytest.skip("Pagefind is not installed")
    out = tmp_path / "output"
    live = LiveBuild(Project(project), out, search=True)
    live.build_all()
    index_before = tree(out / "pagefind")
    edit(project, "content/actions/111.yaml", lambda data: data.update(name="Hakusanatesti"))
    live.update({project / "content/actions/111.yaml"})
    live.settle()
    live.index_when_quiet()
    assert live.indexing is None, "not while edits go on"
    monkeypatch.setattr(live_module, "SEARCH_PAUSE", 0.0)
    live.index_when_quiet()
    live.indexing.join(timeout=120)
    index_after = tree(out / "pagefind")
    assert index_after != index_before
    assert "pagefind-entry.json" in index_after and "pagefind.js" in index_after
    assert not list(tmp_path.glob(".output.search-*")), "the temporary bundle is gone"


def test_a_save_stops_the_search_index_being_made(project, tmp_path, monkeypatch):
    """Pagefind would compete with the reload for the cores, making an index that is already stale."""
    from katalogi import live as live_module
    from katalogi import search

    out = tmp_path / "output"
    live = LiveBuild(Project(project), out, search=False)
    live.build_all()
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


def test_a_save_without_a_change_renders_nothing(project, tmp_path):
    out = tmp_path / "output"
    live = LiveBuild(Project(project), out, search=False)
    live.build_all()
    times = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}
    file = project / "content/actions/111.yaml"
    file.write_bytes(file.read_bytes())  # saved again as it was: a new time, the same bytes
    stray = project / "content/actions/4913"  # the probe file vim writes before saving
    stray.write_text("", encoding="utf-8")
    updated = live.update({file, stray})
    assert not updated.shows_anything_new and str(updated) == "Nothing changed."
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()} == times
