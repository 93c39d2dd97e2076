"""The search index: Pagefind runs over the staging folder when installed; a clear notice when it is not."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from katalogi import search
from katalogi.cli import cli


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
