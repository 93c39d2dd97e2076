"""Atom feeds and iCalendar files: well-formed, parsed by real parsers, stable, escaped."""

from __future__ import annotations

import textwrap
from pathlib import Path
from xml.etree import ElementTree

import pytest

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project
from katalogi.outputs.feeds import escape_text, fold

icalendar = pytest.importorskip("icalendar", reason="the calendar tests parse with the icalendar package")

ATOM = "{http://www.w3.org/2005/Atom}"
TRICKY = "Sovitaan; hinnat, ehdot & <määrät> \\ loppuun asti – ja vielä pitkä nimi, joka taitetaan kahdelle riville"


@pytest.fixture
def built(project, tmp_path) -> Path:
    root = project({"content/actions/1.yaml": textwrap.dedent(f"""\
        id: "1"
        name: Ensimmäinen
        description: Kuvaus.
        categories: [hankinnat]
        organisations:
          - organisation: ympa
        status: on_time
        updated: 2019-12-01
        tasks:
          - name: Tehty
            state: completed
            completed: 2019-03-01
          - name: '{TRICKY}'
            due: 2020-02-01
          - name: Ilman määräaikaa
          - name: Peruttu
            state: cancelled
            due: 2020-03-01
        """)}, config=(Path(project().joinpath("site_config.yaml")).read_text(encoding="utf-8")
                       + "site_url: https://www.example.org\n"))
    out = tmp_path / "out"
    build(Project(root), out, search=False)
    return out


def test_site_feed_lists_completions_and_statuses_newest_first(built):
    feed = ElementTree.parse(built / "atom.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Testikatalogi"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://www.example.org/atom.xml"
    assert feed.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Testikatalogi"
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert titles[0] == "1 Ensimmäinen: Ajallaan" and updated[0] == "2019-12-01T00:00:00Z"
    assert "Tehty: Tehty (1 Ensimmäinen)" in titles
    assert updated == sorted(updated, reverse=True)
    assert feed.findtext(f"{ATOM}updated") == updated[0]
    for entry in entries:
        assert entry.findtext(f"{ATOM}id") and entry.find(f"{ATOM}link").get("href").startswith("https://")
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == len(entries)


def test_organisation_and_category_feeds_cover_their_actions(built):
    for path in ("organisaatiot/ympa/atom.xml", "organisaatiot/kaupunki/atom.xml", "kategoriat/hankinnat/atom.xml"):
        feed = ElementTree.parse(built / path).getroot()
        assert any(entry.findtext(f"{ATOM}title") == "1 Ensimmäinen: Ajallaan"
                   for entry in feed.findall(f"{ATOM}entry")), path
    page = (built / "organisaatiot/ympa/index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml" title="Ympäristöpalvelut (Ympa): tehtävät ja eteneminen"' in page
    assert 'href="/organisaatiot/ympa/tehtavat.ics"' in page


def test_calendar_has_an_all_day_event_per_open_task_with_a_due_date(built):
    raw = (built / "tehtavat.ics").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "CRLF line ends only"
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines folded at 75 octets"
    calendar = icalendar.Calendar.from_ical(raw)
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == [TRICKY]
    event = events[0]
    assert event.decoded("DTSTART").isoformat() == "2020-02-01" and event.decoded("DTEND").isoformat() == "2020-02-02"
    assert event.decoded("DTSTAMP").isoformat() == "2020-01-15T00:00:00+00:00", "from as_of, not the clock"
    assert str(event["UID"]) == "1-1@www.example.org"
    assert str(event["URL"]) == "https://www.example.org/toimenpiteet/1/"
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    organisation = icalendar.Calendar.from_ical((built / "organisaatiot/kaupunki/tehtavat.ics").read_bytes())
    assert [str(event["UID"]) for event in organisation.walk("VEVENT")] == ["1-1@www.example.org"], "units roll up"


def test_text_is_escaped_and_folded_without_splitting_characters():
    assert escape_text('a,b;c\\d\ne') == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "ä" * 60
    folded = fold(line).encode("utf-8").split(b"\r\n ")
    assert all(len(part) <= 75 for part in folded)
    assert b"".join(folded).decode("utf-8") == line


def test_feeds_exist_in_every_language(project, tmp_path):
    config = (project().joinpath("site_config.yaml").read_text(encoding="utf-8") + "languages: [fi, sv]\n")
    out = tmp_path / "out"
    build(Project(project(config=config)), out, search=False)
    feed = ElementTree.parse(out / "sv/atom.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "sv"
    assert feed.findtext(f"{ATOM}subtitle") == "Slutförda uppgifter och åtgärdernas framskridande"
    assert (out / "sv/organisaatiot/ympa/tehtavat.ics").is_file()
