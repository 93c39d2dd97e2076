"""The council report's PDF, read back: its sections, figures and changes, its tags, and its reproducible bytes.

The fixture is the sample with two tagged rounds (tests/rounds_fixture.py); the expected
figures are counted here from the files at the tags, not taken from the site. How long
the report is at 1,000 and 10,000 actions: test_report_length.py.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import shutil
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
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

SECTIONS_FI = ["Yhteenveto", "Toimialat ja liikelaitokset", "Muutokset edellisestä raportista",
               "Mittarit ja tavoitteet", "Tietojen laatu"]
OPEN = ("not_started", "in_progress")


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


def at_tag(repository: Path, tag: str, folder: str) -> dict[str, dict]:
    listed = git(repository, "ls-tree", "--name-only", tag, f"content/{folder}/").split()
    return {Path(path).stem: yaml.safe_load(git(repository, "show", f"{tag}:{path}")) for path in listed}


def actions_at(repository: Path, tag: str) -> dict[str, dict]:
    return at_tag(repository, tag, "actions")


def config_at(repository: Path, tag: str) -> dict:
    return yaml.safe_load(git(repository, "show", f"{tag}:site_config.yaml"))


def status_at(action: dict, config: dict, as_of: datetime.date) -> str:
    """The status the site states its rule for (docs/settings.md, status_from): a completed or final status as
    written stays; from tasks, late when an open task is past due, not started before the first completed one."""
    closing = {entry["id"] for entry in config["statuses"] if entry.get("completed") or entry.get("final")}
    written = action.get("status")
    if (action.get("status_from") or config.get("status_from", "editor")) != "tasks" or written in closing:
        return written
    tasks = action.get("tasks") or []
    if any(task.get("state", "not_started") in OPEN and task.get("due") and task["due"] < as_of for task in tasks):
        return "late"
    return "on_time" if any(task.get("state") == "completed" for task in tasks) else "not_started"


def tenths(counts: list[int]) -> list[str]:
    """Shares of a whole by the largest remainder, in tenths of a per cent, written as the Finnish report does."""
    total = sum(counts)
    exact = [Fraction(1000 * count, total) for count in counts]
    floors = [int(value) for value in exact]
    for index in sorted(range(len(counts)), key=lambda index: (floors[index] - exact[index], index))[
            :1000 - sum(floors)]:
        floors[index] += 1
    return [f"{value // 10},{value % 10} %" for value in floors]


def percent_text(part, whole) -> str:
    value = (Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value}".replace(".", ",") + " %"


def test_the_report_begins_with_its_summary_and_the_contents_follow(built):
    pages = pdf_text(built / "raportit" / "2019-h2" / "raportti.pdf")
    first = pages[0]
    for expected in ("Toimenpideohjelman raportti valtuustolle", "Raportti 2019, syksy", "Tilanne 20.10.2019",
                     "edellinen raportti Raportti 2019, kevät, tilanne 30.06.2019", "Yhteenveto", "Tunnusluvut",
                     "Merkittävimmät poikkeamat", "Vihreä osuus toimialoittain"):
        assert expected in first, expected
    contents = pages[1]
    assert contents.startswith("Sisällys"), "no bare title page: the contents follow the summary"
    listed = [(title.strip(), int(number)) for title, number in
              re.findall(r"([^.]+?) ?\.{3,} ?(\d+)", contents.removeprefix("Sisällys"))]
    assert [title for title, _ in listed] == SECTIONS_FI
    for title, number in listed[1:]:  # the table of contents points at the page that starts with the section
        assert pages[number - 1].startswith(title), (title, number)
    assert listed[0] == ("Yhteenveto", 1)
    text = " ".join(pages)
    for title in SECTIONS_FI:
        assert text.count(title) == 2, f"{title}: once in the contents, once as its section's heading"
    for number, page in enumerate(pages[1:], start=2):  # running header and page number on every later page
        assert f"Hankintojen toimenpiteet Raportti 2019, syksy {number} / {len(pages)}" in page


def test_the_summary_counts_what_the_files_at_the_tags_say(repository, built):
    """Each round's statuses (the site's rule for deriving them, restated here), its records up to its date and
    their green share by the definition at the tag, and the typed emission reductions, beside the round before's."""
    first = pdf_text(built / "raportit" / "2019-h2" / "raportti.pdf")[0]
    counted = {}
    for tag, day in ((SECOND, datetime.date(2019, 10, 20)), (FIRST, datetime.date(2019, 6, 30))):
        config, actions = config_at(repository, tag), actions_at(repository, tag)
        statuses = [status_at(action, config, day) for action in actions.values()]
        counts = [statuses.count(entry["id"]) for entry in config["statuses"]]
        records = [record for data in at_tag(repository, tag, "procurements").values()
                   for record in data.get("procurements", [data])
                   if record["date"] <= day and record.get("stage") != "planning"]  # a plan is not yet a procurement
        green = [record for record in records if record.get("gpp_criteria") in config["green_share"]["criteria"]]
        typed = sum(Decimal(str(action["emission_reduction"]["value"])) for action in actions.values()
                    if action.get("emission_reduction") and not action.get("emission_calculation"))
        completed = sum(count for count, entry in zip(counts, config["statuses"], strict=True)
                        if entry.get("completed"))
        counted[tag] = {"total": len(actions), "counts": counts, "completed": completed, "shares": tenths(counts),
                        "records": len(records),
                        "by_count": percent_text(len(green), len(records)),
                        "by_euros": percent_text(sum(Decimal(str(record["value"])) for record in green),
                                                 sum(Decimal(str(record["value"])) for record in records)),
                        "typed": typed, "labels": [entry["label"]["fi"] for entry in config["statuses"]]}
    now, before = counted[SECOND], counted[FIRST]
    assert f"{now['total']} toimenpidettä, joista {now['completed']} valmiina." in first
    change = now["total"] - before["total"]
    assert f"Toimenpiteitä {now['total']} {before['total']} {'+' if change > 0 else '±'}{change}" in first
    for index, label in enumerate(now["labels"]):
        difference = now["counts"][index] - before["counts"][index]
        shown = f"+{difference}" if difference > 0 else f"−{-difference}" if difference < 0 else "±0"
        assert (f"{label} {now['counts'][index]} ({now['shares'][index]}) {before['counts'][index]} "
                f"({before['shares'][index]}) {shown}") in first, label
    assert sum(now["counts"]) == now["total"], "every action has one of the statuses"
    assert f"Kirjattuja hankintoja {now['records']} {before['records']} +{now['records'] - before['records']}" in first
    assert f"Vihreä osuus hankinnoista {now['by_count']} {before['by_count']}" in first
    assert f"Vihreä osuus euroista {now['by_euros']} {before['by_euros']}" in first
    typed = f"{now['typed']:,}".replace(",", " ")
    assert f"Päästövähennys, käsin arvioitu (t CO₂e/v) {typed} t" in first
    spring = " ".join(pdf_text(built / "raportit" / "2019-h1" / "raportti.pdf"))
    assert f"{before['total']} toimenpidettä" in spring
    assert "Muutokset edellisestä raportista" not in spring, "the first round has no round before it"


def test_the_report_counts_every_kind_of_change_and_lists_the_largest(built):
    text = " ".join(pdf_text(built / "raportit" / "2019-h2" / "raportti.pdf"))
    changes = text[text.rindex("Muutokset raportista"):text.rindex("Mittarit ja tavoitteet")]
    for kind, count in (("Uudet toimenpiteet", 1), ("Poistetut toimenpiteet", 0), ("Etenemisen muutokset", 6),
                        ("Vaiheen muutokset", 1), ("Tehdyt tehtävät", 1), ("Siirtyneet määräajat", 1),
                        ("Perutut tehtävät", 1), ("Päästövähennysarvion muutokset", 1),
                        ("Mittareiden uudet arvot", 3)):
        assert f"{kind} {count}" in changes, kind
    assert "134 Kertakäyttötuotteiden vähentäminen hoito- ja vastaanottotyössä" in changes
    assert "111 Julkisten toimijoiden yhteistyö vastuullisissa hankinnoissa: Myöhässä → Ajallaan" in changes
    assert "ja 1 muu" in changes, "six status changes: five listed, one counted"
    assert "111 Julkisten toimijoiden yhteistyö vastuullisissa hankinnoissa: Suunnittelu → Toteutus" in changes
    assert "111 Toimenpiteestä on tilannekuvaus: 30.09.2019 → 23.10.2019" in changes
    assert "106 Kilpailutetaan jakelukeskuksen pilotti" in changes
    assert "105 Kaupungin oman ajoneuvo- ja työkonekaluston sähköistäminen: 180 t → 205 t CO₂e/v" in changes


def test_the_report_shows_nothing_dated_after_its_date(built):
    """The latest value of an indicator computed from the records is dated the round's day, not the year's end."""
    for slug, day in (("2019-h2", datetime.date(2019, 10, 20)), ("2019-h1", datetime.date(2019, 6, 30))):
        text = " ".join(pdf_text(built / "raportit" / slug / "raportti.pdf"))
        table = text[text.rindex("Mittari Viimeisin arvo Tavoite Tilanne"):text.rindex("Tietojen laatu")]
        latest = [datetime.datetime.strptime(found, "%d.%m.%Y").date()
                  for found in re.findall(r"\((\d\d\.\d\d\.\d{4})\) [\d\s,]+", table)]
        assert latest and max(latest) <= day, (slug, latest)
        assert f"({day:%d.%m.%Y})" in table, "the computed indicator's value of the round's year, dated then"


def test_a_division_lists_its_most_overdue_late_actions_and_points_to_the_rest(repository, tmp_path):
    """With reports.late_actions: 1, Kaupunginkanslia (two late actions) lists the most overdue one and counts the
    other; the round's web list of the division holds both. Without site_url no address is printed."""
    copy = tmp_path / "copy"
    shutil.copytree(repository, copy)
    config = (copy / "site_config.yaml").read_text(encoding="utf-8")
    (copy / "site_config.yaml").write_text(config.replace("site_url: https://hankinnat.example.org\n", "")
                                           + "reports:\n  late_actions: 1\n", encoding="utf-8")
    out = tmp_path / "out"
    pipeline.build(Project(copy), out, jobs=1, search=False)
    text = " ".join(pdf_text(out / "raportit" / "2019-h2" / "raportti.pdf"))
    kanslia = text[text.index("Kaupunginkanslia (Kanslia) 11 toimenpidettä"):]
    kanslia = kanslia[:kanslia.index("Kaupunkiympäristön toimiala (Kymp)")]
    assert "2 myöhässä olevaa toimenpidettä" in kanslia and "127 Vastuullisten hankintojen" in kanslia
    assert "113 ICT-laitteiden" not in kanslia and "ja 1 muu" in kanslia
    assert "https://" not in text and "Verkossa" not in text, "no address without site_url"
    web = (out / "raportit" / "2019-h2" / "myohassa" / "kanslia" / "index.html").read_text(encoding="utf-8")
    assert web.index("127 Vastuullisten") < web.index("113 ICT-laitteiden"), "every one, the most overdue first"


def test_the_address_is_printed_with_site_url(built):
    text = " ".join(pdf_text(built / "raportit" / "2019-h2" / "raportti.pdf"))
    assert "Verkossa: https://hankinnat.example.org/raportit/2019-h2/" in text


def test_a_rounds_pdf_is_typeset_once_and_kept_in_the_cache(repository, tmp_path, monkeypatch):
    """A build that renders the report page again (the configuration changed) takes its PDF from the cache when the
    page, the theme's report files and the libraries are the same; the bytes are those of a build without cache;
    a changed report stylesheet typesets it again."""
    from katalogi.build import render

    calls = []
    real = render.typeset
    monkeypatch.setattr(render, "typeset", lambda *arguments: calls.append(arguments[3]) or real(*arguments))
    copy, cache = tmp_path / "copy", tmp_path / "cache"
    shutil.copytree(repository, copy)
    pipeline.build(Project(copy), tmp_path / "first", jobs=1, cache_folder=cache, search=False)
    assert len(calls) == 6, "two rounds in three languages"
    config = (copy / "site_config.yaml").read_text(encoding="utf-8")
    (copy / "site_config.yaml").write_text(config.replace("stale_after_months: 12", "stale_after_months: 11"),
                                           encoding="utf-8")
    calls.clear()
    built = pipeline.build(Project(copy), tmp_path / "first", jobs=1, cache_folder=cache, search=False)
    assert built.pages > 6 and calls == [], "every page rendered again, no PDF typeset again"
    pipeline.build(Project(copy), tmp_path / "uncached", jobs=1, cache_folder=None, search=False)
    assert len(calls) == 6, "--no-cache typesets"
    for path in ("raportit/2019-h2/raportti.pdf", "en/raportit/2019-h1/raportti.pdf"):
        assert (tmp_path / "first" / path).read_bytes() == (tmp_path / "uncached" / path).read_bytes()
    stylesheet = copy / "theme/static/report/report.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n.more { color: #333; }\n", encoding="utf-8")
    calls.clear()
    pipeline.build(Project(copy), tmp_path / "first", jobs=1, cache_folder=cache, search=False)
    assert len(calls) == 6, "the theme's report files are part of the key"


def test_the_report_is_in_every_language(built):
    swedish = " ".join(pdf_text(built / "sv" / "raportit" / "2019-h2" / "raportti.pdf"))
    english = " ".join(pdf_text(built / "en" / "raportit" / "2019-h2" / "raportti.pdf"))
    assert "Innehåll" in swedish and "Sammanfattning" in swedish
    assert "Contents" in english and "Divisions and enterprises" in english and "Changes since the previous report" \
        in english and "Key figures" in english


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
