"""Reporting rounds from git tags: read without a checkout, checked by their own rules, and their pages.

The fixture (tests/rounds_fixture.py) is the sample in git with two tagged rounds,
spring and autumn 2019; the expected figures are worked out here from the files as
they were at each tag, not taken from the site.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rounds_fixture import FIRST, SECOND, git, make_repository
from tools import ROOT

from katalogi.build import pipeline
from katalogi.build.engine import Engine
from katalogi.cli import cli
from katalogi.content.config import load_config
from katalogi.inputs.sources import Project
from katalogi.reporting import rounds

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repository(rounds_repository) -> Path:
    """The shared two-round fixture (conftest.py): tests that change it copy it first."""
    return rounds_repository


@pytest.fixture
def built(rounds_site) -> Path:
    """The shared two-round fixture's site (conftest.py), built once for the tests that only read it."""
    return rounds_site


def text_of(page: Path) -> str:
    """A page's main text, tags removed and spaces single, for reading what it says."""
    html = page.read_text(encoding="utf-8")
    main = html[html.index("<main"):html.index("</main>")]
    inline = re.sub(r"</?(?:a|time|span|strong|sub|em)\b[^>]*>", "", main)
    return " ".join(re.sub(r"<[^>]+>", " ", inline).split())


def files_at(repository: Path, tag: str, folder: str) -> dict[str, dict]:
    """The YAML files of a content folder as they were at a tag, parsed independently of the generator."""
    listed = git(repository, "ls-tree", "--name-only", tag, f"content/{folder}/").split()
    return {Path(path).stem: yaml.safe_load(git(repository, "show", f"{tag}:{path}")) for path in listed}


def test_rounds_are_read_from_the_tags_without_touching_the_working_tree(repository):
    """Both rounds, oldest first, each with its label and date from the tag's message and its own content."""
    config, _ = load_config(repository)
    before = git(repository, "status", "--porcelain", "--ignored")
    found = rounds.read_rounds(repository, config, rounds.revision(repository, config), False, rounds.Checked())
    assert [(entry.tag.name, entry.slug, entry.date.isoformat(), entry.label("fi")) for entry in found.rounds] == [
        (FIRST, "2019-h1", "2019-06-30", "Raportti 2019, kevät"),
        (SECOND, "2019-h2", "2019-10-20", "Raportti 2019, syksy")]
    spring, autumn = found.rounds
    assert autumn.previous is spring and spring.previous is None
    assert sorted(action.id for action in spring.editions.default.actions) == sorted(files_at(repository, FIRST,
                                                                                               "actions"))
    assert "134" in autumn.editions.default.actions_by_id and "134" not in spring.editions.default.actions_by_id
    assert spring.editions.default.config.as_of.isoformat() == "2019-06-30", "overdue as on the round's date"
    assert git(repository, "status", "--porcelain", "--ignored") == before, "nothing written, nothing checked out"


def test_identical_files_are_checked_once_across_rounds(repository):
    config, _ = load_config(repository)
    checked = rounds.Checked()
    rounds.read_rounds(repository, config, rounds.revision(repository, config), False, checked)
    files = {path for tag in (FIRST, SECOND)
             for path in git(repository, "ls-tree", "-r", "--name-only", tag, "content/").split()}
    differing = {path for path in files if git(repository, "rev-parse", f"{FIRST}:{path}", check=False)
                 != git(repository, "rev-parse", f"{SECOND}:{path}", check=False)}
    assert len(checked.results) == len(files) + len(differing - {"content/actions/134.yaml"})


def test_each_version_of_a_file_is_checked_once_for_the_tree_the_history_and_the_rounds(repository, monkeypatch):
    """The working tree's files, their earlier versions (the history field by field) and the rounds' files are
    mostly the same bytes: each is checked once, whichever of them needs it first."""
    import collections
    import hashlib

    from katalogi.build import engine as engine_module

    calls = collections.Counter()
    real_check_items = engine_module.check_items

    def counted(content_type, raw, path, languages):
        calls[path, hashlib.sha256(raw).digest()] += 1
        return real_check_items(content_type, raw, path, languages)

    monkeypatch.setattr(engine_module, "check_items", counted)
    update = Engine(Project(repository), jobs=1).update()  # one process: every check is counted here
    assert len(update.rounds.rounds) == 2 and calls, "the rounds and the history were read"
    assert [key for key, count in calls.items() if count > 1] == []
    same_in_the_tree = [path for path in git(repository, "ls-tree", "-r", "--name-only", SECOND, "content/").split()
                        if (repository / path).is_file()
                        and (repository / path).read_bytes() == git_bytes(repository, f"{SECOND}:{path}")]
    assert same_in_the_tree and all(calls[path, hashlib.sha256((repository / path).read_bytes()).digest()] == 1
                                    for path in same_in_the_tree)


def git_bytes(repository: Path, name: str) -> bytes:
    return subprocess.run(["git", "cat-file", "blob", name], cwd=repository, capture_output=True,
                          check=True).stdout


def test_the_rounds_page_lists_the_rounds_newest_first_with_their_counts(repository, built):
    page = text_of(built / "raportit" / "index.html")
    assert page.index("Raportti 2019, syksy") < page.index("Raportti 2019, kevät")
    for tag, label in ((SECOND, "Raportti 2019, syksy"), (FIRST, "Raportti 2019, kevät")):
        count = len(files_at(repository, tag, "actions"))
        assert re.search(f"{label} Tilanne [0-9.]+: {count} toimenpidettä", page), (label, count)
    assert (built / "en" / "raportit" / "2019-h1" / "index.html").is_file()
    assert "Reports" in text_of(built / "en" / "raportit" / "index.html")


def status_of(page: str, action_id: str) -> str:
    """The badge after an action's heading on a round's page."""
    return re.search(rf"\b{action_id} [^:]*? (Ajallaan|Myöhässä|Merkittävästi myöhässä|Ei aloitettu|Valmis|"
                     r"Peruttu)\b", page).group(1)


def test_a_round_page_shows_the_programme_as_it_was(repository, built):
    """Action 111's second task was open and past due in spring (late), done by autumn (on time); 106 was
    cancelled only in autumn; 134 is new in autumn."""
    spring_111 = files_at(repository, FIRST, "actions")["111"]
    assert spring_111["tasks"][1]["state"] == "in_progress" and str(spring_111["tasks"][1]["due"]) < "2019-06-30"
    spring = text_of(built / "raportit" / "2019-h1" / "index.html")
    autumn = text_of(built / "raportit" / "2019-h2" / "index.html")
    assert status_of(spring, "111") == "Myöhässä" and status_of(autumn, "111") == "Ajallaan"
    assert status_of(autumn, "106") == "Peruttu" and status_of(spring, "106") != "Peruttu"
    assert " 134 " in autumn and " 134 " not in spring
    assert "Vaihe: Suunnittelu" in spring[spring.index(" 111 "):spring.index(" 112 ")]


def test_a_round_invalid_at_its_tag_stops_the_build_and_names_the_tag(repository, tmp_path):
    """A tag on content that does not pass check: exit 1 naming the tag and the file, output/ untouched; with
    --skip-broken-rounds the site is built without it and the build says so."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", f"file://{repository}", str(clone))
    action = clone / "content" / "actions" / "111.yaml"
    action.write_text(action.read_text(encoding="utf-8").replace("state: completed", "state: valmis", 1),
                      encoding="utf-8")
    git(clone, "commit", "-q", "-am", "Rikki", date="2020-01-10T10:00:00+02:00")
    git(clone, "tag", "-a", "raportti/2020-rikki", "-m", "Rikki", date="2020-01-10T10:00:00+02:00")
    git(clone, "checkout", "-q", "HEAD~1", "--", "content")  # the working tree is valid again
    out = tmp_path / "output"
    out.mkdir()
    (out / "old.html").write_text("vanha", encoding="utf-8")
    failed = CliRunner().invoke(cli, ["build", "-C", str(clone), "--out", str(out), "--no-search", "--lang", "en"])
    assert failed.exit_code == 1
    assert "raportti/2020-rikki:1: tag: the reporting round raportti/2020-rikki does not pass check" in failed.output
    assert "raportti/2020-rikki:content/actions/111.yaml:" in failed.output
    assert sorted(path.name for path in out.iterdir()) == ["old.html"]
    skipped = CliRunner().invoke(cli, ["build", "-C", str(clone), "--out", str(out), "--no-search", "--lang", "en",
                                       "--skip-broken-rounds"])
    assert skipped.exit_code == 0, skipped.output
    assert "rounds: raportti/2020-rikki left out (--skip-broken-rounds): 1 problem at its tag" in skipped.output
    assert (out / "raportit" / "2019-h2" / "index.html").is_file()
    assert not (out / "raportit" / "2020-rikki").exists()


def test_a_shallow_clone_without_the_tags_says_so_and_builds_without_rounds(repository, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-tags", f"file://{repository}", str(clone))
    result = CliRunner().invoke(cli, ["build", "-C", str(clone), "--out", str(tmp_path / "out"), "--no-search",
                                      "--lang", "en"])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if line.startswith("rounds:")]
    assert notes == ["rounds: shallow clone without tags raportti/*, so the site has no reporting rounds; fetch them "
                     "(git fetch --unshallow --tags, or fetch-depth: 0 and fetch-tags: true in GitHub Actions)"]
    assert not (tmp_path / "out" / "raportit").exists()


def test_without_git_there_are_no_rounds(repository, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(repository, copy, ignore=shutil.ignore_patterns(".git"))
    pipeline.build(Project(copy), tmp_path / "out", jobs=1, search=False)
    assert not (tmp_path / "out" / "raportit").exists()


def test_a_round_page_depends_only_on_its_tag(repository, tmp_path):
    """A tag moved or relabelled renders that round's pages (and the list, the next round's changes and the action
    pages, whose change history names the round), not the rest of the site."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", f"file://{repository}", str(clone))
    engine = Engine(Project(clone), jobs=1)
    first = engine.update()
    engine.commit(first)
    pages = {page.path: page for page in first.pages}
    assert pages["raportit/2019-h1/index.html"].depends == frozenset({("round", "2019-h1")})
    assert pages["sv/raportit/2019-h1/index.html"].depends == frozenset({("round", "2019-h1")})
    assert pages["raportit/index.html"].depends == frozenset({("round", "*")})
    git(clone, "tag", "-f", "-a", FIRST, f"{FIRST}^{{commit}}", "-m", "Raportti 2019, kevät (korjattu)\n\n"
        "date: 2019-06-30", date="2019-07-01T10:00:00+03:00")
    engine.look()
    second = engine.update()
    rendered = {page.path for page in second.plan.pages}
    assert {"raportit/2019-h1/index.html", "raportit/index.html", "en/raportit/2019-h1/index.html"} <= rendered
    assert not {path for path in rendered if path.startswith(("index.html", "tilannekatsaus", "kategoriat", "tilat",
                                                               "sv/index.html", "data/"))}
    assert "raportit/2019-h2/index.html" not in rendered or ("round", "2019-h2") in second.plan.changed


def test_a_new_tag_is_a_new_input_of_the_build(repository, tmp_path):
    """The build is skipped when nothing changed; a new round's tag is a change."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", f"file://{repository}", str(clone))
    out, cache = tmp_path / "out", tmp_path / "cache"
    pipeline.build(Project(clone), out, jobs=1, cache_folder=cache, search=False)
    assert pipeline.build(Project(clone), out, jobs=1, cache_folder=cache, search=False).skipped
    git(clone, "tag", "-a", "raportti/2020-h1", "-m", "Raportti 2020, kevät\n\ndate: 2020-06-30",
        date="2020-06-30T10:00:00+03:00")
    again = pipeline.build(Project(clone), out, jobs=1, cache_folder=cache, search=False)
    assert not again.skipped
    assert (out / "raportit" / "2020-h1" / "index.html").is_file()


def test_the_fixture_is_the_same_on_every_run(tmp_path):
    """Fixed dates and identities: the same commits and tags, so the same site, every time."""
    first, second = make_repository(tmp_path / "a"), make_repository(tmp_path / "b")
    assert git(first, "show-ref", "--tags") == git(second, "show-ref", "--tags")
    assert subprocess.run(["git", "-C", str(first), "rev-parse", "HEAD"], capture_output=True).stdout == \
        subprocess.run(["git", "-C", str(second), "rev-parse", "HEAD"], capture_output=True).stdout


def changes_page(built: Path, language: str = "") -> str:
    return text_of(built / language / "raportit" / "2019-h2" / "muutokset" / "index.html")


def test_the_changes_page_lists_what_changed_since_the_previous_round(repository, built):
    """Worked out from the files at both tags: the new action, 111's status, phase, completed and moved tasks,
    106's cancellation, 105's emission estimate and the indicator's new value."""
    spring, autumn = files_at(repository, FIRST, "actions"), files_at(repository, SECOND, "actions")
    assert sorted(autumn.keys() - spring.keys()) == ["134"] and not spring.keys() - autumn.keys()
    page = changes_page(built)
    added = page[page.index("Uudet toimenpiteet"):page.index("Poistetut toimenpiteet")]
    assert " 134 Kertakäyttötuotteiden" in added and "Ei poistettuja toimenpiteitä." in page
    part_111 = page[page.index("111 Julkisten"):page.index(" 113 ")]
    assert "Eteneminen: Myöhässä → Ajallaan" in part_111
    assert "Vaihe: Suunnittelu → Toteutus" in part_111
    completed = autumn["111"]["tasks"][1]
    assert f"Tehty: {completed['name']} (31.03.2019)" in part_111
    assert f"Määräaika siirtyi: {autumn['111']['tasks'][2]['name']} (30.09.2019 → 23.10.2019)" in part_111
    part_106 = page[page.index("106 Kaupungin"):page.index(" 109 ")]
    assert f"Eteneminen: Ajallaan → Peruttu ({autumn['106']['status_reason']})" in part_106
    assert "Peruttu: Kilpailutetaan jakelukeskuksen pilotti" in part_106
    spring_estimate, autumn_estimate = (files["105"]["emission_reduction"]["value"] for files in (spring, autumn))
    assert f"Arvioitu päästövähennys: {spring_estimate} t CO₂e/v → {autumn_estimate} t CO₂e/v" in page
    spring_values = files_at(repository, FIRST, "indicators")["puhtaiden-ajoneuvojen-osuus"]["values"]
    autumn_values = files_at(repository, SECOND, "indicators")["puhtaiden-ajoneuvojen-osuus"]["values"]
    new_value = next(value for value in autumn_values if value not in spring_values)
    assert f"Puhtaiden ajoneuvojen osuus kuljetussopimuksissa: {new_value['date'].strftime('%d.%m.%Y')} " \
           f"{new_value['value']} %" in page
    assert "Changes since the previous report" in text_of(built / "en" / "raportit" / "2019-h2" / "index.html")
    assert "Actions changed" in changes_page(built, "en") and "Ändrade åtgärder" in changes_page(built, "sv")


def test_every_changed_action_links_to_its_page(built):
    html = (built / "raportit" / "2019-h2" / "muutokset" / "index.html").read_text(encoding="utf-8")
    for action_id in re.findall(r'<h3 id="change-([^"]+)">', html):
        assert f'<h3 id="change-{action_id}"><a href="/toimenpiteet/{action_id}/">' in html
        assert (built / "toimenpiteet" / action_id / "index.html").is_file()
    assert '<a href="/toimenpiteet/134/">134 ' in html
    assert not (built / "raportit" / "2019-h1" / "muutokset").exists(), "the first round has nothing before it"


def test_a_renamed_task_is_one_removed_and_one_added():
    from types import SimpleNamespace

    from katalogi.reporting.changes import match_tasks

    old = [SimpleNamespace(name=name) for name in ("A", "B", "B")]
    new = [SimpleNamespace(name=name) for name in ("B", "C")]
    pairs = [(before and before.name, after and after.name) for before, after in match_tasks(old, new)]
    assert pairs == [("B", "B"), (None, "C"), ("A", None), ("B", None)]


def test_a_change_in_the_working_tree_builds_as_a_clean_build_does(repository, tmp_path):
    """The rounds' pages take part in the incremental build like any other: a one-file change with the cache
    gives the same bytes as a clean build, and leaves the rounds' pages alone."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", f"file://{repository}", str(clone))
    out, cache, clean = tmp_path / "out", tmp_path / "cache", tmp_path / "clean"
    pipeline.build(Project(clone), out, jobs=1, cache_folder=cache, search=False)
    action = clone / "content" / "actions" / "111.yaml"
    action.write_text(action.read_text(encoding="utf-8").replace("phase: implementation", "phase: completed"),
                      encoding="utf-8")
    engine = Engine(Project(clone), jobs=1)
    pipeline.build(Project(clone), out, jobs=1, cache_folder=cache, search=False, engine=engine)
    assert not any("raportit/" in page.path for page in engine.current.plan.pages)
    pipeline.build(Project(clone), clean, jobs=1, search=False)
    files = {path.relative_to(out).as_posix(): path.read_bytes() for path in out.rglob("*") if path.is_file()}
    assert files == {path.relative_to(clean).as_posix(): path.read_bytes() for path in clean.rglob("*")
                     if path.is_file()}


ROUND_PAGES = ["raportit/index.html", "raportit/2019-h1/index.html", "raportit/2019-h2/index.html",
               "raportit/2019-h2/muutokset/index.html", "sv/raportit/2019-h2/muutokset/index.html",
               "en/raportit/2019-h2/index.html", "raportit/2019-h2/raportti/index.html",
               "sv/raportit/2019-h1/raportti/index.html", "toimenpiteet/111/index.html",
               "en/toimenpiteet/111/index.html"]


def test_the_rounds_pages_are_valid_html(built):
    from tools import VNU, java

    if not VNU.is_file() or java() is None:
        pytest.skip("the HTML validity test needs vnu.jar (make test-tools) and Java")
    result = subprocess.run([java(), "-jar", str(VNU), "--errors-only", "--format", "gnu",
                             *(str(built / path) for path in ROUND_PAGES)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.stdout + result.stderr == ""


def test_axe_finds_no_violation_on_the_rounds_pages(built):
    from tools import AXE, CHROMIUM, CHROMIUM_ARGS, serving

    if not CHROMIUM.is_file() or not AXE.is_file():
        pytest.skip("accessibility tests need Chromium and axe-core (make test-tools)")
    sync_api = pytest.importorskip("playwright.sync_api")
    from tools import violations

    with serving(built) as origin, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            for path in ROUND_PAGES:
                response = page.goto(f"{origin}/{path.removesuffix('index.html')}", wait_until="load")
                assert response is not None and response.status == 200
                assert violations(page) == [], path
        finally:
            browser.close()


def test_the_publish_workflows_fetch_the_tags():
    """Without the tags a published site would have no rounds (and say so only in the build's log)."""
    root = ROOT
    publish = yaml.safe_load((root / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    checkouts = [step for job in publish["jobs"].values() for step in job.get("steps", [])
                 if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step["with"]["fetch-tags"] is True and step["with"]["fetch-depth"] == 0
                             for step in checkouts)
    gitlab = yaml.safe_load((root / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "--tags" in gitlab["pages"]["variables"]["GIT_FETCH_EXTRA_FLAGS"].split()


def history_of(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    start = html.index('<h2 id="history-heading"')
    return text_of_html(html[start:html.index("</section>", start)])


def text_of_html(html: str) -> str:
    inline = re.sub(r"</?(?:a|time|span|strong|sub|em|code)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", inline).split())


def test_an_action_page_shows_each_commit_field_by_field_with_its_round(repository, built):
    """Action 111 between the tags, from the files at both: its phase, a task's due date and another's state and
    dates; each commit with its message and the round it was first reported in."""
    spring, autumn = (yaml.safe_load(git(repository, "show", f"{tag}:content/actions/111.yaml"))
                      for tag in (FIRST, SECOND))
    history = history_of(built / "toimenpiteet" / "111" / "index.html")
    latest = history[:history.index("Kevään 2019 tilanne")]
    assert latest.startswith("Muutoshistoria 18.10.2019 | Syksyn 2019 tilanne (raportissa Raportti 2019, syksy)")
    assert f"phase: {spring['phase']} → {autumn['phase']}" in latest
    moved = autumn["tasks"][2]
    assert f"Tehtävä ”{moved['name']}”: due: {spring['tasks'][2]['due']} → {moved['due']}" in latest
    assert f"Tehtävä ”{autumn['tasks'][1]['name']}”: state: in_progress → completed" in latest
    assert "Kevään 2019 tilanne (raportissa Raportti 2019, kevät) Toimenpide lisättiin." in history
    english = history_of(built / "en" / "toimenpiteet" / "111" / "index.html")
    assert "(in the report Raportti 2019, syksy)" in english and "Task ”" in english


def test_a_long_text_is_said_to_be_edited_and_a_change_after_the_last_round_has_no_round(repository, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", f"file://{repository}", str(clone))
    action = clone / "content" / "actions" / "111.yaml"
    text = action.read_text(encoding="utf-8")
    action.write_text(text.replace("description: |\n  Helsingin", "description: |\n  Uusi alku. Helsingin")
                      .replace("updated: 2019-10-15", "updated: 2019-10-19"), encoding="utf-8")  # as_of: 10-20
    git(clone, "commit", "-q", "-am", "Kuvaus täsmennetty", date="2019-11-01T10:00:00+02:00")
    pipeline.build(Project(clone), tmp_path / "out", jobs=1, search=False)
    history = history_of(tmp_path / "out" / "toimenpiteet" / "111" / "index.html")
    assert "01.11.2019 | Kuvaus täsmennetty description muokattu updated: 2019-10-15 → 2019-10-19" in history
    assert "Kuvaus täsmennetty (raportissa" not in history


def test_field_changes_say_old_and_new_for_short_fields_and_edited_for_long_ones():
    from katalogi.inputs.field_changes import FieldChange, field_changes

    before = {"status": "on_time", "description": "A", "tasks": [{"name": "T", "state": "not_started",
                                                                  "due": None, "completed": None, "comment": None}]}
    after = {"status": "late", "description": "B", "tasks": [{"name": "U", "state": "not_started", "due": None,
                                                               "completed": None, "comment": None}]}
    assert field_changes(before, after, "fi") == (
        FieldChange("status", "changed", "on_time", "late"), FieldChange("description", "edited"),
        FieldChange("tasks", "removed", task="T"), FieldChange("tasks", "added", task="U"))
    assert field_changes(None, after, "fi") == (FieldChange("file", "added"),)


def test_the_changes_feed_has_an_entry_per_round(built):
    feed = (built / "muutokset.xml").read_text(encoding="utf-8")
    for tag, day, label in ((FIRST, "2019-06-30", "Raportti 2019, kevät"), (SECOND, "2019-10-20",
                                                                              "Raportti 2019, syksy")):
        entry = feed[feed.index(f"<id>tag:katalogi,{day}:fi/round/{tag}</id>") - 200:][:800]
        assert f"<title>Raportti: {label}</title>" in entry
        assert f'href="https://hankinnat.example.org/raportit/{tag.split("/")[1]}/"' in entry
    assert feed.count("/round/") == 2
    assert "<title>111 Julkisten" in feed, "the commits stay"
