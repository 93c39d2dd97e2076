"""Golden sites: build each folder under tests/sites/ and compare with its expected/ output.

Regenerate after an intended change with `make golden` (pytest --update-golden) and
read the diff of tests/sites/*/expected/ before committing it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from htmlcheck import broken_links
from tools import ROOT, TESTS

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project

SITES = sorted(path for path in (TESTS / "sites").iterdir() if path.is_dir())


GOLDEN_SUFFIXES = (".html", ".xml", ".ics", ".json", ".csv", ".txt")


def html_files(folder: Path) -> dict[str, str]:
    """Every page, feed, calendar and data file; not the search index, which Pagefind writes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes().decode("utf-8")
            for path in sorted(folder.rglob("*")) if path.suffix in GOLDEN_SUFFIXES
            and path.relative_to(folder).parts[0] not in ("pagefind", "static")}


@pytest.mark.parametrize("site", SITES, ids=[site.name for site in SITES])
def test_site_matches_expected_output(site: Path, tmp_path: Path, update_golden: bool):
    source = tmp_path / "site"
    shutil.copytree(site, source, ignore=shutil.ignore_patterns("expected"))
    # history=False: the expected output must not depend on the commits of whatever repository holds the copy
    build(Project(source, theme_dir=ROOT / "theme", history=False), source / "output")
    built = html_files(source / "output")
    expected_dir = site / "expected"
    if update_golden:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for relative, html in built.items():
            (expected_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / relative).write_text(html, encoding="utf-8", newline="")
    broken, _ = broken_links(source / "output", "/hankinnat/")
    assert broken == []
    expected = html_files(expected_dir)
    assert sorted(built) == sorted(expected), "pages added or removed"
    for relative in expected:
        assert built[relative] == expected[relative], f"{relative} differs; run `make golden` if intended"
