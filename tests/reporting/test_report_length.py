"""The council report's length does not grow with the catalogue: at most 30 A4 pages at 10,000 actions.

Catalogues of 26, 1,000 and 10,000 actions come from bench/generate.py, each a git
repository with two tagged reporting rounds. The report is made as the build makes it,
without building every other page: the rounds read from the tags
(rounds.read_rounds), the round's PDF page as pages.round_pages lists it, rendered and
typeset by a Renderer of the round's site. The page count is read back with pypdf.
docs/performance.md has the counts measured this way.
"""

from __future__ import annotations

import io
import shutil
import sys

import pytest
from tools import ROOT

from katalogi.build.pages import round_pages
from katalogi.build.render import Renderer
from katalogi.content.config import load_config
from katalogi.inputs.sources import Project
from katalogi.reporting import rounds

pypdf = pytest.importorskip("pypdf", reason="reading the PDF back needs pypdf (the [test] extra)")
pytest.importorskip("weasyprint", reason="the PDF is made by WeasyPrint")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
MOST_PAGES = 30


def report_pages(count: int, folder) -> tuple[int, str]:
    """The number of pages of the newest round's report of a generated catalogue of `count` actions, and its text."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    generate(count, folder, rounds=True)
    config, errors = load_config(folder)
    assert not errors
    found = rounds.read_rounds(folder, config, rounds.revision(folder, config), False, rounds.Checked())
    newest = found.rounds[-1]
    assert newest.previous is not None and len(newest.editions.default.actions) == count
    page = next(page for page in round_pages(newest.editions.default, found)
                if page.typeset and f"/{newest.slug}/" in page.path)
    pdf = Renderer(newest.editions, Project(folder).template_dirs).render(page)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize("count", [26, 1000, 10_000])
def test_the_report_stays_short_at_any_size(count, tmp_path):
    pages, text = report_pages(count, tmp_path / f"catalogue-{count}")
    assert pages <= MOST_PAGES, f"{pages} pages at {count} actions"
    assert f"{count:,} toimenpidettä".replace(",", " ") in text
    if count >= 1000:  # every division has more late actions than the report lists: it counts the rest
        assert "ja " in text and " muuta" in text
