"""Organisations are shown by their name, with the abbreviation beside it, on every page, feed and file."""

from __future__ import annotations

import csv
import html
import io
import re
from xml.etree import ElementTree

import pytest

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project

NAME, ABBREVIATION = "Ympäristöpalvelut", "Ympa"  # the tiny project's unit (conftest.py)
SHOWN = f"{NAME} ({ABBREVIATION})"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def out(project, tmp_path):
    """The tiny project, whose unit has an abbreviation, with an overdue task so the dashboard lists it."""
    root = project({"content/actions/3.yaml": 'id: "3"\nname: Kolmas\ndescription: Kuvaus.\nstatus: on_time\n'
                                              "organisations: [{organisation: ympa}]\n"
                                              "tasks:\n  - {name: Myöhässä, due: 2019-01-01}\n"})
    build(Project(root, history=False), tmp_path / "out", search=False)
    return tmp_path / "out"


INLINE = "a|span|strong|em|b|i|time|abbr|sub|sup|small"


def texts(page: str) -> list[str]:
    """The page's text, as runs between block elements, and the values of attributes a reader sees or hears."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    spoken = re.findall(r'\s(?:title|aria-label|alt|content)="([^"]*)"', page)
    runs = re.split(r"<[^>]+>", re.sub(rf"</?(?:{INLINE})\b[^>]*>", "", page))
    return [" ".join(html.unescape(text).split()) for text in runs + spoken]


def test_no_page_shows_the_abbreviation_without_the_name(out):
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    alone = {}
    for page in pages:
        for text in texts(page.read_text(encoding="utf-8")):
            bare = re.sub(re.escape(SHOWN), "", text)
            if re.search(rf"\b{ABBREVIATION}\b", bare):
                alone.setdefault(str(page.relative_to(out)), []).append(text)
    assert alone == {}


@pytest.mark.parametrize("page", ["toimenpiteet/1/index.html", "toimenpiteet/index.html",
                                  "tilannekatsaus/index.html", "organisaatiot/ympa/index.html",
                                  "kategoriat/hankinnat/index.html", "tietojen-laatu/index.html"])
def test_pages_that_name_the_organisation_show_its_name_and_abbreviation(out, page):
    assert any(SHOWN in text for text in texts((out / page).read_text(encoding="utf-8")))


def test_feeds_calendars_and_the_csv_name_the_organisation(out):
    feed = ElementTree.parse(out / "organisaatiot/ympa/atom.xml").getroot()
    assert feed.findtext(f"{ATOM}title") == f"Testikatalogi: {SHOWN}"
    calendar = (out / "organisaatiot/ympa/tehtavat.ics").read_bytes().decode("utf-8")
    assert f"X-WR-CALNAME:Testikatalogi: {SHOWN}\r\n" in calendar
    page = (out / "organisaatiot/ympa/index.html").read_text(encoding="utf-8")
    assert f'title="{SHOWN}: tehtävät ja eteneminen"' in page
    rows = list(csv.DictReader(io.StringIO((out / "data/actions.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert {row["tunniste"]: row["vastuuorganisaatiot"] for row in rows} == {"1": SHOWN, "2": "", "3": SHOWN}
