"""The council report's PDF, read back: its sections, figures and changes, its tags, and its reproducible bytes.

The fixture is the sample with two tagged rounds (tests/rounds_fixture.py); the expected
figures are counted here from the files at the tags, not taken from the site.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rounds_fixture import FIRST, SECOND, git

from katalogi.build import pipeline
from katalogi.cli import cli
from katalogi.inputs.sources import Project

pypdf = pytest.importorskip("pypdf", reason="reading the PDF back needs pypdf (the [test] extra)")
pytest.importorskip("weasyprint", reason="the PDF is made by WeasyPrint")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SECTIONS_FI = ["Sisällys", "Yhteenveto", "Toimenpiteet toimialoittain", "Myöhässä olevat toimenpiteet",
               "Muutokset edellisestä raportista", "Mittarit", "Tietojen laatu"]


@pytest.fixture
def repository(rounds_repository) -> Path:
    """The shared two-round fixture (conftest.py): tests that change it copy it first."""
    return rounds_repository


@pytest.fixture
def built(rounds_site) -> Path:
    """The shared two-round fixture's site (conftest.py), built once for the tests that only read it."""
    return rounds_site


def pdf_text(file: Path) -> list[str]:
    """Each page's text as pypdf extracts it, spaces single."""
    reader = pypdf.PdfReader(io.BytesIO(file.read_bytes()))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def actions_at(repository: Path, tag: str) -> dict[str, dict]:
    listed = git(repository, "ls-tree", "--name-only", tag, "content/actions/").split()
    return {Path(path).stem: yaml.safe_load(git(repository, "show", f"{tag}:{path}")) for path in listed}


def test_the_report_has_every_section_in_order_with_page_numbers(built):
    pages = pdf_text(built / "raportit" / "2019-h2" / "raportti.pdf")
    assert "Raportti 2019, syksy" in pages[0] and "Tilanne 20.10.2019" in pages[0]
    assert "Toimenpideohjelman raportti valtuustolle" in pages[0]
    contents = pages[1]
    assert contents.startswith("Sisällys")
    listed = [(title.strip(), int(number)) for title, number in
              re.findall(r"([^.]+?) ?\.{3,} ?(\d+)", contents.removeprefix("Sisällys"))]
    titles = [title for title, _ in listed]
    assert [title for title in SECTIONS_FI[1:] if title in titles] == SECTIONS_FI[1:]
    for title, number in listed:  # the table of contents points at the page that starts with the section
        if title in SECTIONS_FI:
            assert pages[number - 1].startswith(title), (title, number)
    for number, text in enumerate(pages[2:], start=3):  # running header and page number on every later page
        assert f"Hankintojen toimenpiteet Raportti 2019, syksy {number} / {len(pages)}" in text


def test_the_summary_counts_what_the_files_at_the_tag_say(repository, built):
    """The count of actions and the completed ones come from the YAML at the tag (status completed, or every task
    done is not enough: the sample's completed statuses are written)."""
    actions = actions_at(repository, SECOND)
    completed = sum(1 for action in actions.values() if action.get("status") == "completed")
    text = " ".join(pdf_text(built / "raportit" / "2019-h2" / "raportti.pdf"))
    assert f"{len(actions)} toimenpidettä, joista {completed} valmiina." in text
    spring = " ".join(pdf_text(built / "raportit" / "2019-h1" / "raportti.pdf"))
    assert f"{len(actions_at(repository, FIRST))} toimenpidettä" in spring
    assert "Muutokset edellisestä raportista" not in spring, "the first round has no round before it"


def test_the_report_lists_the_changes_and_the_late_actions(repository, built):
    text = " ".join(pdf_text(built / "raportit" / "2019-h2" / "raportti.pdf"))
    changes = text[text.index("Muutokset raportista"):]
    assert "1 uusi toimenpide: 134 Kertakäyttötuotteiden" in changes
    assert re.search(r"111 Julkisten toimijoiden yhteistyö vastuullisissa hankinnoissa Myöhässä Ajallaan", changes)
    late = text[text.rindex("Myöhässä olevat toimenpiteet"):text.index("Muutokset raportista")]
    autumn = actions_at(repository, SECOND)
    assert "115 Kalusteiden kiertotalous" in late, "a seriously late action (its status written)"
    assert autumn["115"]["status"] == "major_delay"


def test_the_report_is_in_every_language(built):
    swedish = " ".join(pdf_text(built / "sv" / "raportit" / "2019-h2" / "raportti.pdf"))
    english = " ".join(pdf_text(built / "en" / "raportit" / "2019-h2" / "raportti.pdf"))
    assert "Innehåll" in swedish and "Sammanfattning" in swedish
    assert "Contents" in english and "Actions by division" in english and "Changes since the previous report" \
        in english


def test_the_pdf_is_tagged_and_uses_only_the_shipped_fonts(built):
    """PDF/UA-1 (marked, a structure tree, the language, the XMP claim) and only the theme's @font-face fonts
    (report.css names them Katalogi Sans, a name no system font has)."""
    reader = pypdf.PdfReader(built / "en" / "raportit" / "2019-h2" / "raportti.pdf")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert "pdfuaid" in root["/Metadata"].get_object().get_data().decode("utf-8")
    assert reader.metadata.title.startswith("Report: ")
    fonts = {font["/BaseFont"] for page in reader.pages
             for font in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts and all(re.fullmatch(r"/[A-Z]{6}\+Katalogi-Sans(-Bold)?", str(name)) for name in fonts), fonts


def test_the_same_commit_gives_the_same_bytes(repository, built, tmp_path, monkeypatch):
    """No date from the clock: a second build, elsewhere and later, writes the same PDF; SOURCE_DATE_EPOCH sets
    its dates."""
    again = tmp_path / "again"
    pipeline.build(Project(repository), again, jobs=1, search=False)
    for path in ("raportit/2019-h2/raportti.pdf", "sv/raportit/2019-h1/raportti.pdf"):
        assert (again / path).read_bytes() == (built / path).read_bytes()
    assert pypdf.PdfReader(built / "raportit/2019-h2/raportti.pdf").metadata["/CreationDate"] == "D:20191020000000Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")  # 2020-01-01T00:00:00Z
    first, second = tmp_path / "epoch1", tmp_path / "epoch2"
    for out in (first, second):
        pipeline.build(Project(repository), out, jobs=1, search=False)
    assert (first / "raportit/2019-h2/raportti.pdf").read_bytes() == (second / "raportit/2019-h2/raportti.pdf"
                                                                      ).read_bytes()
    assert pypdf.PdfReader(first / "raportit/2019-h2/raportti.pdf").metadata["/CreationDate"] == "D:20200101000000Z"


def test_the_report_command_writes_what_build_writes(repository, built, tmp_path):
    pdf = tmp_path / "raportti.pdf"
    umask = os.umask(0o022)
    try:
        result = CliRunner().invoke(cli, ["report", "-C", str(repository), SECOND, "--pdf", str(pdf), "--lang", "en"])
    finally:
        os.umask(umask)
    assert result.exit_code == 0, result.output
    assert pdf.stat().st_mode & 0o777 == 0o644, "readable by others, as any new file (not mkstemp's 0600)"
    assert pdf.read_bytes() == (built / "raportit" / "2019-h2" / "raportti.pdf").read_bytes()
    html = CliRunner().invoke(cli, ["report", "-C", str(repository), "2019-h2", "--in", "sv"])
    assert html.stdout == (built / "sv" / "raportit" / "2019-h2" / "raportti" / "index.html").read_text(
        encoding="utf-8")
    unknown = CliRunner().invoke(cli, ["report", "-C", str(repository), "2030", "--lang", "en"])
    assert unknown.exit_code == 1
    assert "no reporting round 2030; the rounds are: raportti/2019-h1, raportti/2019-h2" in unknown.output


def test_the_pdf_fetches_nothing_but_the_theme(tmp_path):
    from katalogi.reporting.report_pdf import theme_fetcher

    static = tmp_path / "static"
    (static / "report").mkdir(parents=True)
    (static / "report" / "report.css").write_text("p { color: red }", encoding="utf-8")
    fetcher = theme_fetcher([static], "/")
    assert fetcher.fetch("https://katalogi.invalid/static/report/report.css").status == 200
    for refused in ("https://example.org/style.css", "https://katalogi.invalid/static/../secret",
                    "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(refused)


def test_the_report_page_is_valid_html(built):
    import subprocess

    from tools import VNU, java

    if not VNU.is_file() or java() is None:
        pytest.skip("the HTML validity test needs vnu.jar (make test-tools) and Java")
    pages = [built / path for path in ("raportit/2019-h2/raportti/index.html",
                                       "en/raportit/2019-h1/raportti/index.html")]
    result = subprocess.run([java(), "-jar", str(VNU), "--errors-only", "--format", "gnu", *map(str, pages)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.stdout + result.stderr == ""
