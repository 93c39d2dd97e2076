"""History from git: updated dates, the "Muutoshistoria" section and the changes feed, and what happens without it.

Each test makes its own repository in tmp_path with fixed dates, so nothing here
depends on this repository's commits or on the clock.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from conftest import TINY_CONFIG
from hypothesis import given
from hypothesis import strategies as st
from tools import ROOT

from katalogi.build.pipeline import build
from katalogi.cli import cli
from katalogi.content.config import HistorySettings
from katalogi.devserver.live import LiveBuild
from katalogi.inputs import history
from katalogi.inputs.history import HEADER, Change, clean_message, parse_log
from katalogi.inputs.sources import Project

ATOM = "{http://www.w3.org/2005/Atom}"
EMAIL, AUTHOR = "editor@example.org", "Eetu Editori"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str, date: str = "2024-03-01T12:00:00+02:00") -> str:
    environment = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_GLOBAL": os.devnull,
                   "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-C", str(root), "-c", f"user.email={EMAIL}", "-c", f"user.name={AUTHOR}",
                           "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          capture_output=True, text=True, env=environment, check=True)
    return done.stdout


def commit(root: Path, message: str, date: str, *paths: str) -> None:
    git(root, "add", "--", *(paths or ["."]))
    git(root, "commit", "-q", "-m", message, date=date)


def write(root: Path, relative: str, text: str) -> None:
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_text(text, encoding="utf-8")


@pytest.fixture
def repository(project) -> Path:
    """The tiny project in git: three commits, one message with markup, action 2 with an explicit updated date."""
    root = project({"content/actions/2.yaml": 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: done\n'
                                              "updated: 2019-05-05\n"},
                   config=TINY_CONFIG + "languages: [fi, sv, en]\n")
    git(root, "init", "-q")
    commit(root, "Lisätään sisältö", "2024-01-10T09:00:00+02:00")
    write(root, "content/actions/1.yaml", (root / "content/actions/1.yaml").read_text(encoding="utf-8")
          + "lead: Uusi johdanto.\n")
    commit(root, "Toimenpide 1: <script>alert(1)</script> & johdanto", "2024-02-20T23:30:00+02:00")
    write(root, "content/actions/2.yaml", (root / "content/actions/2.yaml").read_text(encoding="utf-8")
          + "lead: Toinen johdanto.\n")
    commit(root, "Toimenpide 2: johdanto", "2024-03-05T08:00:00+00:00")
    return root


def every_output_text(out: Path) -> str:
    return "\n".join(path.read_bytes().decode("utf-8", "replace") for path in sorted(out.rglob("*"))
                     if path.is_file())


def history_section(page: str) -> str:
    start = page.index('id="history-heading"')
    return page[start:page.index("</section>", start)]


@needs_git
def test_updated_date_comes_from_the_last_commit_unless_written(repository, tmp_path):
    out = tmp_path / "out"
    build(Project(repository), out, search=False)
    first = (out / "toimenpiteet/1/index.html").read_text(encoding="utf-8")
    second = (out / "toimenpiteet/2/index.html").read_text(encoding="utf-8")
    assert 'Tietoja päivitetty <time datetime="2024-02-20">20.02.2024</time>' in first, "the committer's own day"
    assert 'Tietoja päivitetty <time datetime="2019-05-05">05.05.2019</time>' in second, "explicit updated wins"


@needs_git
def test_history_is_listed_newest_first_and_escaped(repository, tmp_path):
    out = tmp_path / "out"
    build(Project(repository), out, search=False)
    section = history_section((out / "toimenpiteet/1/index.html").read_text(encoding="utf-8"))
    assert "Muutoshistoria" in section
    assert section.index("20.02.2024") < section.index("10.01.2024")
    assert "Toimenpide 1: &lt;script&gt;alert(1)&lt;/script&gt; &amp; johdanto" in section
    assert "<script>" not in every_output_text(out).replace('<script type="module"', "")
    assert "Toimenpide 2" not in section, "only the commits that touched this action's file"
    swedish = (out / "sv/toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert "Ändringshistorik" in swedish and "Lisätään sisältö" in swedish


@needs_git
def test_no_email_address_or_author_name_anywhere(repository, tmp_path):
    out = tmp_path / "out"
    build(Project(repository), out, search=False)
    text = every_output_text(out)
    assert EMAIL not in text and AUTHOR not in text and "Eetu" not in text


@needs_git
def test_changes_feed_has_an_entry_per_commit_and_action_file(repository, tmp_path):
    out = tmp_path / "out"
    build(Project(repository), out, search=False)
    feed = ElementTree.parse(out / "muutokset.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    summary = [(entry.findtext(f"{ATOM}title"), entry.findtext(f"{ATOM}summary"), entry.findtext(f"{ATOM}updated"))
               for entry in entries]
    assert summary == [
        ("2 Toinen", "Toimenpide 2: johdanto", "2024-03-05T08:00:00Z"),
        ("1 Ensimmäinen", "Toimenpide 1: <script>alert(1)</script> & johdanto", "2024-02-20T21:30:00Z"),
        ("2 Toinen", "Lisätään sisältö", "2024-01-10T07:00:00Z"),
        ("1 Ensimmäinen", "Lisätään sisältö", "2024-01-10T07:00:00Z"),
    ]
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 4 and all(i.startswith("tag:katalogi,20") for i in ids)
    assert ids[0].endswith("/content/actions/2.yaml")
    assert feed.findtext(f"{ATOM}updated") == "2024-03-05T08:00:00Z"
    assert ElementTree.parse(out / "sv/muutokset.xml").getroot().get("{http://www.w3.org/XML/1998/namespace}lang") \
        == "sv"
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="Kaikki toimenpiteet: muutokset" ' \
           'href="/muutokset.xml">' in page
    assert 'href="/muutokset.xml"' in (out / "avoin-data/index.html").read_text(encoding="utf-8")
    category = (out / "kategoriat/hankinnat/index.html").read_text(encoding="utf-8")
    assert category.count('href="/muutokset.xml"') == 1, "in <head>, not among the category's own feeds"


@needs_git
def test_the_same_commits_give_the_same_site_whatever_the_working_tree(repository, tmp_path):
    build(Project(repository), tmp_path / "a", search=False)
    for file in (repository / "content/actions").iterdir():
        os.utime(file, (0, 0))
    write(repository, "content/actions/1.yaml", (repository / "content/actions/1.yaml").read_text(encoding="utf-8")
          + "order: 5\n")  # uncommitted: the page changes, its history does not
    build(Project(repository), tmp_path / "b", search=False)
    a = (tmp_path / "a/muutokset.xml").read_bytes()
    assert a == (tmp_path / "b/muutokset.xml").read_bytes()
    assert history_section((tmp_path / "b/toimenpiteet/1/index.html").read_text(encoding="utf-8")) == \
        history_section((tmp_path / "a/toimenpiteet/1/index.html").read_text(encoding="utf-8"))


@needs_git
def test_a_new_commit_is_a_new_input_for_the_build_cache(repository, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert not build(Project(repository), out, cache_folder=cache, search=False).skipped
    assert build(Project(repository), out, cache_folder=cache, search=False).skipped
    git(repository, "commit", "-q", "--allow-empty", "-m", "Tyhjä", date="2024-04-01T10:00:00+00:00")
    assert not build(Project(repository), out, cache_folder=cache, search=False).skipped


@needs_git
def test_the_history_is_read_from_git_once_and_kept_until_head_moves(repository, tmp_path, monkeypatch):
    """A no-change build decides without reading the history; a build after an edit of the working tree takes
    it from the cache, field by field; a new commit makes it read git again. Each site equals a fresh build."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    real_read = history.read_history
    reads = []

    def counted(*args, **kwargs):
        reads.append(args)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(history, "read_history", counted)
    build(Project(repository), out, cache_folder=cache, search=False)
    assert len(reads) == 1
    assert build(Project(repository), out, cache_folder=cache, search=False).skipped and len(reads) == 1
    write(repository, "content/actions/1.yaml", (repository / "content/actions/1.yaml").read_text(encoding="utf-8")
          + "order: 5\n")
    assert not build(Project(repository), out, cache_folder=cache, search=False).skipped
    assert len(reads) == 1, "the kept history, as HEAD has not moved"
    build(Project(repository), tmp_path / "fresh", search=False)
    assert every_output_text(out) == every_output_text(tmp_path / "fresh")
    git(repository, "commit", "-q", "-am", "Järjestys", date="2024-04-01T10:00:00+00:00")
    assert not build(Project(repository), out, cache_folder=cache, search=False).skipped and len(reads) == 3
    build(Project(repository), tmp_path / "fresh-after", search=False)
    assert every_output_text(out) == every_output_text(tmp_path / "fresh-after")
    assert "Järjestys" in (out / "toimenpiteet/1/index.html").read_text(encoding="utf-8")


def test_without_git_the_build_says_so_and_succeeds(project, tmp_path):
    root = project()
    result = CliRunner().invoke(cli, ["build", "-C", str(root), "--no-search", "--no-cache",
                                      "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("history:")]
    assert lines in (["history: content/ is not in a git repository; updated dates come only from the files"],
                     ["history: git is not installed; updated dates come only from the files"])
    page = (tmp_path / "out/toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert "Muutoshistoria" not in page and not (tmp_path / "out/muutokset.xml").exists()
    assert "ilman sisällön versionhallinnan historiaa" in (tmp_path / "out/avoin-data/index.html").read_text(
        encoding="utf-8")
    check = CliRunner().invoke(cli, ["check", "-C", str(root)], catch_exceptions=False)
    assert check.exit_code == 0 and lines[0] in check.output


@needs_git
def test_check_formats_for_machines_carry_the_note(repository, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repository}", str(clone))
    github = CliRunner().invoke(cli, ["check", "--format", "github", "-C", str(clone)], catch_exceptions=False)
    assert github.stdout.startswith("::notice title=history::history: shallow clone, changes up to 2024-03-05 ")
    document = CliRunner().invoke(cli, ["check", "--format", "json", "-C", str(clone)], catch_exceptions=False)
    assert json.loads(document.stdout)["summary"]["history"].startswith("history: shallow clone")
    assert document.stderr == ""


@needs_git
def test_no_history_switches_it_off_quietly(repository, tmp_path):
    result = CliRunner().invoke(cli, ["build", "-C", str(repository), "--no-search", "--no-history",
                                      "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0 and "history:" not in result.output
    assert "Muutoshistoria" not in (tmp_path / "out/toimenpiteet/1/index.html").read_text(encoding="utf-8")
    check = CliRunner().invoke(cli, ["check", "--no-history", "-C", str(repository)], catch_exceptions=False)
    assert check.exit_code == 0 and "history:" not in check.output


@needs_git
def test_content_without_commits_is_said_to_have_none(project, tmp_path):
    root = project()
    git(root, "init", "-q")
    assert str(history.read_history(root).reason) == \
        "history: the git repository has no commits yet; updated dates come only from the files"
    commit(root, "Muuta", "2024-01-01T10:00:00+00:00", "site_config.yaml")
    assert str(history.read_history(root).reason) == \
        "history: content/ has no commits in git yet; updated dates come only from the files"


@needs_git
def test_shallow_clone_says_what_is_missing(repository, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repository}", str(clone))
    result = CliRunner().invoke(cli, ["build", "-C", str(clone), "--no-search", "--no-cache",
                                      "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert ("history: shallow clone, changes up to 2024-02-20 are missing; fetch the full history "
            "(git fetch --unshallow, or fetch-depth: 0 in GitHub Actions) to show them") in result.output
    first = history_section((tmp_path / "out/toimenpiteet/1/index.html").read_text(encoding="utf-8"))
    second = history_section((tmp_path / "out/toimenpiteet/2/index.html").read_text(encoding="utf-8"))
    assert "Muutoshistoria on puutteellinen: muutokset 20.02.2024 asti puuttuvat." in first
    assert "<li>" not in first, "the boundary commit lists every file; it says nothing about this one"
    assert "Toimenpide 2: johdanto" in second and "Lisätään sisältö" not in second


@needs_git
def test_a_catalogue_in_a_subfolder_of_a_repository(project, tmp_path):
    root = project()
    nested = tmp_path / "monorepo"
    nested.mkdir()
    shutil.move(str(root), str(nested / "katalogi"))
    git(nested, "init", "-q")
    write(nested, "README.md", "muu projekti\n")
    commit(nested, "Kaikki", "2023-06-01T10:00:00+03:00")
    out = tmp_path / "out"
    build(Project(nested / "katalogi"), out, search=False)
    page = (out / "toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert 'datetime="2023-06-01"' in page and "Kaikki" in history_section(page)


@needs_git
def test_a_file_with_a_non_ascii_name(repository, tmp_path):
    write(repository, "content/actions/ääkköset.yaml", 'id: "3"\nname: Kolmas\ndescription: Kuvaus.\nstatus: done\n')
    commit(repository, "Ääkkösnimi", "2024-05-01T10:00:00+03:00")
    out = tmp_path / "out"
    build(Project(repository), out, search=False)
    page = (out / "toimenpiteet/3/index.html").read_text(encoding="utf-8")
    assert 'Tietoja päivitetty <time datetime="2024-05-01">' in page and "Ääkkösnimi" in history_section(page)
    feed = (out / "muutokset.xml").read_text(encoding="utf-8")
    assert "/content/actions/%C3%A4%C3%A4kk%C3%B6set.yaml</id>" in feed


@needs_git
def test_uncommitted_new_action_has_no_changes_yet(repository, tmp_path):
    write(repository, "content/actions/3.yaml", 'id: "3"\nname: Kolmas\ndescription: Kuvaus.\nstatus: done\n')
    out = tmp_path / "out"
    build(Project(repository), out, search=False)
    page = (out / "toimenpiteet/3/index.html").read_text(encoding="utf-8")
    assert "Muutoksia ei ole vielä kirjattu." in history_section(page) and "Tietoja päivitetty" not in page


@needs_git
def test_older_changes_than_the_newest_twenty_are_counted(repository, tmp_path):
    for day in range(1, 23):
        write(repository, "content/actions/1.yaml", (repository / "content/actions/1.yaml").read_text(
            encoding="utf-8") + f"# {day}\n")
        commit(repository, f"Muutos {day}", f"2024-06-{day:02d}T10:00:00+03:00")
    out = tmp_path / "out"
    build(Project(repository), out, search=False)
    section = history_section((out / "toimenpiteet/1/index.html").read_text(encoding="utf-8"))
    assert section.count("<li>") == 20 and "Muutos 22" in section and "Muutos 2<" not in section
    assert "Lisäksi 4 vanhempaa muutosta, joita ei näytetä." in section
    english = history_section((out / "en/toimenpiteet/1/index.html").read_text(encoding="utf-8"))
    assert "4 older changes are not shown." in english


def log_record(commit: str, parents: str, when: str, subject: str, *paths: str) -> str:
    return f"{HEADER}{commit}\x1f{parents}\x1f{when}\x1f{subject}\0\n" + "".join(f"{path}\0" for path in paths)


def test_parse_log_groups_commits_by_file_newest_first():
    text = (log_record("b" * 40, "a" * 40, "2024-02-01T10:00:00+02:00", "Toinen", "sub/content/actions/1.yaml")
            + log_record("a" * 40, "", "2024-01-01T10:00:00+02:00", "Eka\x07 <b>", "sub/content/actions/1.yaml",
                         "sub/content/actions/ä.yaml"))
    changes = parse_log(text, "sub/")
    assert list(changes) == ["content/actions/1.yaml", "content/actions/ä.yaml"]
    assert [change.message for change in changes["content/actions/1.yaml"]] == ["Toinen", "Eka <b>"]
    assert changes["content/actions/ä.yaml"][0].date == datetime.date(2024, 1, 1)
    assert parse_log(text, "sub/", frozenset({"a" * 40})) == {"content/actions/1.yaml": [Change(
        "b" * 40, datetime.datetime.fromisoformat("2024-02-01T10:00:00+02:00"), "Toinen")]}


def test_parse_log_skips_what_it_cannot_read():
    text = log_record("x" * 40, "", "not a date", "Rikki", "content/a.yaml") + "roskaa\0" + \
        log_record("c" * 40, "", "2024-01-01T10:00:00", "Ei aikavyöhykettä", "content/b.yaml")
    assert parse_log(text) == {}
    assert parse_log("") == {}


def test_clean_message_keeps_text_and_drops_control_characters():
    assert clean_message("  Korjaus\x00\x1b[31m  \ud800 punainen\t ") == "Korjaus [31m punainen"


@given(st.lists(st.sampled_from(["\0", "\n", "\x1e", "\x1f", "a", "0", "-", ":", "+", "T", "/", "ä", "content/",
                                 "2024-01-01T10:00:00+02:00", "\ud800"]), max_size=80).map("".join) | st.text())
def test_parse_log_never_crashes(text):
    for path, found in parse_log(text).items():
        assert path and all(isinstance(change, Change) for change in found)


# --- site_config.yaml's `history`: which commits are the public history ---

def choose(root: Path, *lines: str) -> None:
    """Give the (uncommitted) site_config.yaml a `history` setting; only commits count, so this changes no history."""
    config = root / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "history:\n" + "".join(f"  {line}\n" for line in lines),
                      encoding="utf-8")


def head(root: Path, revision: str = "HEAD") -> str:
    return git(root, "rev-parse", revision).strip()


def messages(out: Path, identifier: str, prefix: str = "") -> list[str]:
    """The subject lines an action page lists as its change history."""
    section = history_section((out / f"{prefix}toimenpiteet/{identifier}/index.html").read_text(encoding="utf-8"))
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).split("|", 1)[1].strip()
            for item in re.findall(r"<li>(.*?)(?:<ul|</li>)", section, re.S)]  # not what it changed, field by field


def feed_summaries(out: Path) -> list[str]:
    return [entry.findtext(f"{ATOM}summary")
            for entry in ElementTree.parse(out / "muutokset.xml").getroot().findall(f"{ATOM}entry")]


def updated_on(out: Path, identifier: str) -> str | None:
    found = re.search(r'Tietoja päivitetty <time datetime="([0-9-]+)">',
                      (out / f"toimenpiteet/{identifier}/index.html").read_text(encoding="utf-8"))
    return found[1] if found else None


@needs_git
def test_since_a_date_keeps_the_commits_of_that_day_and_after(repository, tmp_path):
    choose(repository, "since: 2024-02-20")  # the second commit was made 2024-02-20T23:30+02:00 (21:30 UTC)
    out = tmp_path / "out"
    assert build(Project(repository), out, search=False).history == ""
    assert messages(out, "1") == ["Toimenpide 1: <script>alert(1)</script> & johdanto"], "that day counts"
    assert messages(out, "2") == ["Toimenpide 2: johdanto"]
    assert feed_summaries(out) == ["Toimenpide 2: johdanto", "Toimenpide 1: <script>alert(1)</script> & johdanto"]
    later = tmp_path / "later"
    (repository / "site_config.yaml").write_text((repository / "site_config.yaml").read_text(encoding="utf-8")
                                                 .replace("since: 2024-02-20", "since: 2024-02-21"), encoding="utf-8")
    build(Project(repository), later, search=False)
    assert messages(later, "1") == [] and updated_on(later, "1") is None, "no date from a commit before `since`"
    assert "Muutoksia ei ole vielä kirjattu." in history_section(
        (later / "toimenpiteet/1/index.html").read_text(encoding="utf-8"))
    assert updated_on(later, "2") == "2019-05-05" and messages(later, "2") == ["Toimenpide 2: johdanto"]


@needs_git
@pytest.mark.parametrize("name", ["hash", "short hash", "tag", "annotated tag"])
def test_since_a_commit_counts_only_the_commits_after_it(repository, tmp_path, name):
    second = head(repository, "HEAD~1")  # "Toimenpide 1: ..."
    git(repository, "tag", "julkinen", second)
    git(repository, "tag", "-a", "-m", "Julkaistu", "v1.0", second)
    since = {"hash": second, "short hash": second[:8], "tag": "julkinen", "annotated tag": "v1.0"}[name]
    choose(repository, f'since: "{since}"')
    out = tmp_path / "out"
    assert build(Project(repository), out, search=False).history == ""
    assert messages(out, "1") == [], "the commit itself is not after it"
    assert messages(out, "2") == ["Toimenpide 2: johdanto"]
    assert feed_summaries(out) == ["Toimenpide 2: johdanto"]
    assert updated_on(out, "1") is None


@needs_git
def test_content_only_leaves_out_a_commit_that_also_changed_other_files(repository, tmp_path):
    write(repository, "content/actions/1.yaml", (repository / "content/actions/1.yaml").read_text(encoding="utf-8")
          + "order: 3\n")
    write(repository, "theme/templates/extra.html", "<p>uusi</p>\n")
    commit(repository, "Kehitys: uusi malli ja järjestys", "2024-04-01T10:00:00+03:00")
    write(repository, "content/actions/2.yaml", (repository / "content/actions/2.yaml").read_text(encoding="utf-8")
          + "order: 4\n")
    commit(repository, "Toimenpide 2: järjestys", "2024-04-02T10:00:00+03:00", "content/actions/2.yaml")
    choose(repository, "commits: content_only")
    out = tmp_path / "out"
    assert build(Project(repository), out, search=False).history == ""
    # "Lisätään sisältö" added site_config.yaml and the theme as well, "Kehitys" changed a template
    assert messages(out, "1") == ["Toimenpide 1: <script>alert(1)</script> & johdanto"]
    assert messages(out, "2") == ["Toimenpide 2: järjestys", "Toimenpide 2: johdanto"]
    assert feed_summaries(out) == ["Toimenpide 2: järjestys", "Toimenpide 2: johdanto",
                                   "Toimenpide 1: <script>alert(1)</script> & johdanto"]
    assert updated_on(out, "1") == "2024-02-20", "not the development commit of 2024-04-01"


@needs_git
def test_content_only_in_a_catalogue_inside_a_larger_repository(project, tmp_path):
    """content_only means the catalogue's own content/: not its site_config.yaml, nor another project's content/."""
    nested = tmp_path / "monorepo"
    nested.mkdir()
    shutil.move(str(project()), str(nested / "katalogi"))
    git(nested, "init", "-q")
    write(nested, "README.md", "muu projekti\n")
    commit(nested, "Kaikki", "2023-06-01T10:00:00+03:00")
    action = "katalogi/content/actions/1.yaml"
    other = "muu/content/1.yaml"  # another project's content/ folder in the same repository
    steps = [("Vain sisältö", [action]), ("Sisältö ja asetukset", [action, "katalogi/site_config.yaml"]),
             ("Sisältö ja toinen content/", [action, other]), ("Toinen content/", [other])]
    for day, (message, paths) in enumerate(steps, start=2):
        for path in paths:
            write(nested, path, ((nested / path).read_text(encoding="utf-8") if (nested / path).exists() else "")
                  + f"# {message}\n")
        commit(nested, message, f"2023-06-{day:02d}T10:00:00+03:00", *paths)
    choose(nested / "katalogi", "commits: content_only")
    out = tmp_path / "out"
    assert build(Project(nested / "katalogi"), out, search=False).history == ""
    assert messages(out, "1") == ["Vain sisältö"]
    assert feed_summaries(out) == ["Vain sisältö"] and updated_on(out, "1") == "2023-06-02"


def since_error(line: int, since: str, what: str) -> str:
    return (f"site_config.yaml:{line}: history.since: '{since}' {what}: write a date as YYYY-MM-DD, or the hash or "
            "tag of a commit that git log --oneline lists")


@needs_git
def test_a_since_commit_git_cannot_find_is_a_configuration_error(repository, tmp_path):
    line = len((repository / "site_config.yaml").read_text(encoding="utf-8").splitlines()) + 2
    choose(repository, "since: v9.9")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "-C", str(repository), "--no-search", "--no-cache", "--out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 1 and not out.exists()
    assert since_error(line, "v9.9", "is not a commit git can find in this repository") in result.output
    check = CliRunner().invoke(cli, ["check", "-C", str(repository)], catch_exceptions=False)
    assert check.exit_code == 1
    assert check.output.splitlines()[0] == since_error(line, "v9.9", "is not a commit git can find in this repository")
    git(repository, "checkout", "-q", "-b", "sivupolku", "HEAD~1")
    git(repository, "commit", "-q", "--allow-empty", "-m", "Sivupolku", date="2024-03-10T10:00:00+00:00")
    git(repository, "checkout", "-q", "main")
    (repository / "site_config.yaml").write_text((repository / "site_config.yaml").read_text(encoding="utf-8")
                                                 .replace("since: v9.9", "since: sivupolku"), encoding="utf-8")
    elsewhere = CliRunner().invoke(cli, ["check", "-C", str(repository)], catch_exceptions=False)
    assert elsewhere.exit_code == 1
    assert since_error(line, "sivupolku", "is not in the history of the checked-out commit (HEAD)") \
        in elsewhere.output


@needs_git
def test_a_shallow_clone_with_a_since_and_content_only(repository, tmp_path):
    """Only what the clone lacks after `since` is missing; a `since` beyond its reach shows nothing, and says so."""
    write(repository, "content/actions/1.yaml", (repository / "content/actions/1.yaml").read_text(encoding="utf-8")
          + "order: 3\n")
    write(repository, "README.md", "kehitys\n")
    commit(repository, "Kehitys", "2024-04-01T10:00:00+03:00")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "3", f"file://{repository}", str(clone))  # boundary: 2024-02-20
    config = (clone / "site_config.yaml").read_text(encoding="utf-8")

    def built(*lines: str) -> tuple[str, Path]:
        (clone / "site_config.yaml").write_text(config, encoding="utf-8")
        choose(clone, *lines)
        out = tmp_path / f"out-{len(list(tmp_path.iterdir()))}"
        result = CliRunner().invoke(cli, ["build", "-C", str(clone), "--no-search", "--no-cache", "--out", str(out)],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return "\n".join(line for line in result.output.splitlines() if line.startswith("history:")), out

    note, out = built("commits: content_only")
    assert note.startswith("history: shallow clone, changes up to 2024-02-20 are missing;")
    assert messages(out, "1") == [] and messages(out, "2") == ["Toimenpide 2: johdanto"]
    assert "Muutoshistoria on puutteellinen" in history_section(
        (out / "toimenpiteet/1/index.html").read_text(encoding="utf-8"))
    note, out = built("commits: content_only", "since: 2024-03-01")  # the cut is before it: nothing is missing
    assert note == "" and messages(out, "2") == ["Toimenpide 2: johdanto"] and messages(out, "1") == []
    note, out = built(f"since: {head(repository, 'HEAD~2')}")  # the boundary itself: nothing older is needed
    assert note == "" and messages(out, "1") == ["Kehitys"] and messages(out, "2") == ["Toimenpide 2: johdanto"]
    first = head(repository, "HEAD~3")  # "Lisätään sisältö", not in the clone
    note, out = built(f"since: {first}")
    assert note == (f"history: shallow clone without the commit history.since names ({first}); updated dates come "
                    "only from the files; fetch the full history (git fetch --unshallow, or fetch-depth: 0 in GitHub "
                    "Actions) to show the changes after it")
    assert "Muutoshistoria" not in (out / "toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert not (out / "muutokset.xml").exists() and updated_on(out, "1") is None


@needs_git
def test_enabled_false_turns_the_history_off_like_no_history(repository, tmp_path):
    choose(repository, "enabled: false")
    result = CliRunner().invoke(cli, ["build", "-C", str(repository), "--no-search", "--no-cache",
                                      "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0 and "history:" not in result.output
    assert "Muutoshistoria" not in (tmp_path / "out/toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert not (tmp_path / "out/muutokset.xml").exists() and updated_on(tmp_path / "out", "1") is None


@needs_git
def test_a_moved_since_tag_is_a_new_input_for_the_build_cache(repository, tmp_path):
    git(repository, "tag", "julkinen", "HEAD~2")
    choose(repository, "since: julkinen")
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert not build(Project(repository), out, cache_folder=cache, search=False).skipped
    assert build(Project(repository), out, cache_folder=cache, search=False).skipped
    git(repository, "tag", "-f", "julkinen", "HEAD~1")
    assert not build(Project(repository), out, cache_folder=cache, search=False).skipped
    assert messages(out, "1") == []


@needs_git
def test_the_dev_server_uses_the_same_chosen_history(repository, tmp_path):
    """The dev server reads the history itself (live.py): its pages show the same commits as `build`."""
    write(repository, "content/actions/1.yaml", (repository / "content/actions/1.yaml").read_text(encoding="utf-8")
          + "order: 3\n")
    write(repository, "README.md", "kehitys\n")
    commit(repository, "Kehitys", "2024-04-01T10:00:00+03:00")
    choose(repository, "commits: content_only", "since: 2024-02-01")
    live = LiveBuild(Project(repository), tmp_path / "output", search=False)
    live.build_all()
    assert [change.message for change in live.site.default.actions_by_id["1"].history] == \
        ["Toimenpide 1: <script>alert(1)</script> & johdanto"]
    file = repository / "content/actions/1.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("order: 3", "order: 4"), encoding="utf-8")
    assert not live.update({file}).full  # rendered from the dev server's own site, not a full build
    live.settle()
    assert messages(tmp_path / "output", "1") == ["Toimenpide 1: <script>alert(1)</script> & johdanto"]
    assert updated_on(tmp_path / "output", "1") == "2024-02-20"
    commit(repository, "Toimenpide 1: johdanto muokattu", "2024-04-02T10:00:00+03:00", "content/actions/1.yaml")
    updated = live.update({file})
    assert not updated.full and updated.pages == 3, "a new commit changes the history of action 1's pages only"
    live.settle()
    assert messages(tmp_path / "output", "1") == ["Toimenpide 1: johdanto muokattu",
                                                 "Toimenpide 1: <script>alert(1)</script> & johdanto"]


def test_parse_log_keeps_only_the_public_commits():
    """content_only: one file outside the catalogue's content/ makes a development commit; since: that day on."""
    text = (log_record("c" * 40, "b" * 40, "2024-03-01T00:30:00+02:00", "Sisältö", "sub/content/actions/1.yaml")
            + log_record("b" * 40, "a" * 40, "2024-02-29T23:59:00+02:00", "Sisältö ja koodi",
                         "katalogi/pipeline.py", "sub/content/actions/1.yaml", "sub/content/actions/2.yaml")
            + log_record("a" * 40, "", "2024-01-01T10:00:00+02:00", "Toinen content/", "sub/content/actions/2.yaml",
                         "content/actions/2.yaml"))
    content_only = HistorySettings(content_only=True)
    assert {path: [change.message for change in found]
            for path, found in parse_log(text, "sub/", settings=content_only).items()} == \
        {"content/actions/1.yaml": ["Sisältö"]}
    since = HistorySettings(since_date=datetime.date(2024, 2, 29))
    assert {path: [change.message for change in found] for path, found in parse_log(text, "sub/", settings=since)
            .items()} == {"content/actions/1.yaml": ["Sisältö", "Sisältö ja koodi"],
                          "content/actions/2.yaml": ["Sisältö ja koodi"]}
    assert list(parse_log(text)) == ["content/actions/2.yaml"], "only the catalogue's content/ folder"


def sample_is_in_git() -> bool:
    if shutil.which("git") is None:
        return False
    found = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", "HEAD"], capture_output=True,
                           check=False)
    return found.returncode == 0


@pytest.mark.skipif(not sample_is_in_git(), reason="the shipped sample is not in a git checkout")
def test_the_shipped_sample_shows_no_development_commit(tmp_path):
    """No commit listed on an action page or in muutokset.xml changed a file outside content/.

    The development commits are found with git here, one `git show` per commit that touched content/.
    """
    commits = git(ROOT, "log", "--no-merges", "--format=%H", "--", "content/").split()
    development = {}
    for found in commits:
        files = git(ROOT, "show", "--no-renames", "--name-only", "--format=", found).split("\n")
        if any(file and not file.startswith("content/") for file in files):
            development[found] = git(ROOT, "show", "-s", "--format=%s", found).strip()
    out = tmp_path / "out"
    built = build(Project(ROOT), out, search=False)
    assert not built.history.startswith(("history: content/", "history: git")), built.history
    for page in sorted(out.glob("**/toimenpiteet/*/index.html")):
        listed = messages(out, page.parent.name, page.relative_to(out).parts[0] + "/"
                          if page.relative_to(out).parts[0] in ("sv", "en") else "")
        assert not set(listed) & set(development.values()), page
    for feed in sorted(out.glob("**/muutokset.xml")):
        for entry in ElementTree.parse(feed).getroot().findall(f"{ATOM}entry"):
            assert entry.findtext(f"{ATOM}id").split("/")[1] not in development, feed
    for file in sorted((ROOT / "content/actions").glob("*.yaml")):
        written = re.search(r"(?m)^updated: (\S+)$", file.read_text(encoding="utf-8"))
        identifier = re.search(r'(?m)^id: "?([^"\s]+)', file.read_text(encoding="utf-8"))[1]
        assert updated_on(out, identifier) == (written[1] if written else None), file.name
