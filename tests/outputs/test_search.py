"""The search index: Pagefind runs over the staging folder when installed; a clear notice when it is not."""

from __future__ import annotations

import json
import os
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from katalogi.base.errors import Failure
from katalogi.build import pipeline
from katalogi.cli import cli
from katalogi.inputs.sources import Project
from katalogi.outputs import search


def test_without_pagefind_the_build_goes_on_and_says_so(project, monkeypatch):
    monkeypatch.setattr(search, "pagefind_command", lambda: None)
    root = project()
    result = CliRunner().invoke(cli, ["build", "-C", str(root)], catch_exceptions=False)
    assert result.exit_code == 0
    assert ("Notice: Pagefind is not installed, so the site has no search index "
            "(pip install 'katalogi[search]').") in result.output
    assert (root / "output/haku/index.html").is_file() and not (root / "output/pagefind").exists()


@pytest.mark.skipif(not search.pagefind_installed(), reason="needs Pagefind (pip install 'katalogi[search]')")
def test_pagefind_indexes_each_language_before_the_swap(project):
    config = project().joinpath("site_config.yaml").read_text(encoding="utf-8") + "languages: [fi, sv]\n"
    root = project(config=config)
    result = CliRunner().invoke(cli, ["build", "-C", str(root)], catch_exceptions=False)
    assert result.exit_code == 0 and "Notice" not in result.output
    entry = json.loads((root / "output/pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["fi", "sv"]
    assert list(entry["languages"]) == sorted(entry["languages"]), "sorted, so rebuilds give the same bytes"
    action = (root / "output/toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in action
    assert "data-pagefind-body" not in (root / "output/tilannekatsaus/index.html").read_text(encoding="utf-8")


def test_the_dev_servers_index_runs_at_lowest_priority_and_stops_when_told(tmp_path, monkeypatch):
    """A save arriving while the background index is made kills Pagefind: its index would be stale anyway."""
    niceness = tmp_path / "niceness"
    stand_in = f"import os, time; open({str(niceness)!r}, 'w').write(str(os.nice(0))); time.sleep(60)"
    monkeypatch.setattr(search, "pagefind_command", lambda: [sys.executable, "-c", stand_in])
    stop = threading.Event()

    def stop_once_started():  # however long a loaded machine takes to start the stand-in
        deadline = time.monotonic() + 30
        while not (niceness.exists() and niceness.read_text()) and time.monotonic() < deadline:
            time.sleep(0.02)
        stop.set()

    threading.Thread(target=stop_once_started, daemon=True).start()
    made = search.index_for_search(tmp_path, tmp_path / "bundle", stop)
    assert made is False and not (tmp_path / "bundle").exists()
    assert niceness.read_text() == "19"


def test_the_builds_index_runs_at_normal_priority_and_reports_failure(tmp_path, monkeypatch):
    stand_in = "import os, sys; sys.exit(f'Pagefind failed at niceness {os.nice(0)}')"
    monkeypatch.setattr(search, "pagefind_command", lambda: [sys.executable, "-c", stand_in])
    expected = f"^Pagefind could not index the site: Pagefind failed at niceness {os.nice(0)}$"  # as this process
    with pytest.raises(Failure, match=expected):
        search.index_for_search(tmp_path)


def test_a_titles_compound_words_give_their_tails_at_syllable_starts():
    from katalogi.outputs.search import compound_tails

    tails = compound_tails("Pääkaupunkiseudun yhteiset ympäristökriteerit kevyille tavara- ja "
                           "henkilökuljetuspalveluille").split()
    assert "kuljetuspalveluille" in tails and "palveluille" in tails and "kriteerit" in tails
    assert all(len(tail) >= 6 for tail in tails)
    assert all(tail[0] not in "aeiouyåäö" for tail in tails), "a tail starts at a consonant"
    assert "ljetuspalveluille" in tails, "... next to a vowel, before it or after it"
    assert "henkilökuljetuspalveluille" not in tails and "kevyille" not in tails, "short words and whole words not"
    assert compound_tails("Sähkön hankinta 2019") == "", "no long word, no tails"
    assert compound_tails("Sähköpakettiautojen leasing") == "pakettiautojen kettiautojen ttiautojen tiautojen"


@pytest.mark.skipif(not search.pagefind_installed(), reason="needs Pagefind (pip install 'katalogi[search]')")
def test_the_records_have_an_index_of_their_own_and_both_are_the_same_on_every_build(project, tmp_path):
    """The catalogue's pages in pagefind/, the procurement records' in pagefind/records/ (search.js lists them
    after the catalogue's), each only its own pages; two builds write the same bytes."""
    record = "id: 2019-1\nname: Sähköautot\norganisation: ympa\ndate: 2019-05-01\n"
    root = project({"content/procurements/2019-1.yaml": record})
    for out in (tmp_path / "one", tmp_path / "two"):
        pipeline.build(Project(root, history=False), out, jobs=1)
    one, two = tmp_path / "one" / "pagefind", tmp_path / "two" / "pagefind"
    assert (one / "pagefind-entry.json").is_file() and (one / "records" / "pagefind-entry.json").is_file()
    catalogue = json.loads((one / "pagefind-entry.json").read_text(encoding="utf-8"))
    records = json.loads((one / "records" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert catalogue["languages"]["fi"]["page_count"] == 6, "2 actions, 1 category, 2 organisations, 1 indicator"
    assert records["languages"]["fi"]["page_count"] == 1
    files = sorted(path.relative_to(one) for path in one.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(two) for path in two.rglob("*") if path.is_file())
    assert all((one / path).read_bytes() == (two / path).read_bytes() for path in files)


@pytest.mark.skipif(not search.pagefind_installed(), reason="needs Pagefind (pip install 'katalogi[search]')")
def test_a_large_group_is_indexed_in_parts_of_one_language_the_same_on_every_build(project, tmp_path, monkeypatch):
    """Past PAGES_PER_BUNDLE pages, Pagefind runs once per part (its memory grows with the pages of a run): each
    part holds one language's pages, parts.json lists them by language, and every marked page is in one part."""
    config = project().joinpath("site_config.yaml").read_text(encoding="utf-8") + "languages: [fi, sv]\n"
    root = project(config=config)
    whole = tmp_path / "whole"
    pipeline.build(Project(root, history=False), whole, jobs=1)
    monkeypatch.setattr(search, "PAGES_PER_BUNDLE", 2)
    for out in (tmp_path / "one", tmp_path / "two"):
        pipeline.build(Project(root, history=False), out, jobs=1)
    one, two = tmp_path / "one" / "pagefind", tmp_path / "two" / "pagefind"
    parts = json.loads((one / "parts.json").read_text(encoding="utf-8"))
    assert parts == {"fi": ["fi-1/", "fi-2/", "fi-3/"], "sv": ["sv-1/", "sv-2/", "sv-3/"]}
    counted = {}
    for language, folders in parts.items():
        for folder in folders:
            entry = json.loads((one / folder / "pagefind-entry.json").read_text(encoding="utf-8"))
            assert list(entry["languages"]) == [language], folder
            counted[language] = counted.get(language, 0) + entry["languages"][language]["page_count"]
    in_one = json.loads((whole / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    assert counted == {language: entry["page_count"] for language, entry in in_one.items()} == {"fi": 6, "sv": 6}
    assert json.loads((whole / "pagefind/parts.json").read_text(encoding="utf-8")) == {}, "one part: none listed"
    files = sorted(path.relative_to(one) for path in one.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(two) for path in two.rglob("*") if path.is_file())
    assert all((one / path).read_bytes() == (two / path).read_bytes() for path in files)
    assert not list(tmp_path.glob(".pagefind-part-*")), "the folders of links are removed"
