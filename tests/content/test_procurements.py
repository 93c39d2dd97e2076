"""Procurement records: files of one or many, their checks, pages, figures and data files.

Every figure the site shows of procurements is recomputed here from the YAML files,
read with PyYAML on their own (not through katalogi), and compared with the page.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import textwrap
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from tools import ROOT

from katalogi.base.errors import BuildFailed
from katalogi.build import pipeline
from katalogi.build.engine import Engine
from katalogi.inputs.sources import Project

GREEN = {"eu", "national", "other"}

MANY = textwrap.dedent("""\
    procurements:
      - id: 2024-000001
        name: Sähköautot
        organisation: ympa
        date: 2024-03-01
        value: 1000,5
        gpp_criteria: eu
        actions: ["1"]
      - id: 2024-000002
        name: Siivous
        organisation: kaupunki
        stage: contract
        date: 2023-12-31
        value: 500
        gpp_criteria: none
    """)


def problems(root: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        pipeline.check_project(Project(root, history=False))
    return [str(error) for error in failed.value.errors]


# --- files of one and of many records ---

def test_a_file_of_many_records_gives_each_its_own_item_page_and_figures(project, tmp_path):
    root = project({"content/procurements/2024.yaml": MANY,
                    "content/procurements/yksi.yaml": "id: oma-1\nname: Oma\norganisation: ympa\ndate: 2022-05-05\n"})
    site = pipeline.check_project(Project(root, history=False)).default
    assert [procurement.id for procurement in site.procurements] == ["2024-000001", "2024-000002", "oma-1"]
    first = site.procurements[0]
    assert (first.source, first.line, first.lines["value"]) == ("content/procurements/2024.yaml", 2, 6)
    assert first.value == 1000.5 and first.stage == "tender" and first.green
    assert [action.id for action in first.actions] == ["1"]
    assert [record.id for record in site.actions_by_id["1"].procurements] == ["2024-000001"]
    city = next(node for node in site.organisations if node.id == "kaupunki")
    assert [record.id for record in city.procurements] == ["2024-000002"]
    assert sorted(record.id for record in city.all_procurements) == ["2024-000001", "2024-000002", "oma-1"]
    out = tmp_path / "out"
    pipeline.build(Project(root, history=False), out, jobs=1, search=False)
    for identifier in ("2024-000001", "2024-000002", "oma-1"):
        assert (out / f"hankinnat/{identifier}/index.html").is_file()


@pytest.mark.parametrize("text, expected", [
    (MANY.replace("value: 500", "value: paljon").replace("date: 2024-03-01", "date: 2024-02-30"),
     ["content/procurements/p.yaml:5: date: impossible date 2024-02-30 (day is out of range for month)",
      "content/procurements/p.yaml:14: value: expected a number, got 'paljon'"]),
    ("procurements:\n  - id: a\n    name: A\n    organisation: ympa\n    date: 2024-01-01\n"
     "  - id: a\n    name: B\n    organisation: ympx\n    date: 2024-01-02\n",
     ["content/procurements/p.yaml:6: id: duplicate procurement identifier 'a', also used in "
      "content/procurements/p.yaml:2",
      "content/procurements/p.yaml:8: organisation: unknown organisation 'ympx' (did you mean 'ympa'?)"]),
    ("title: Vuosi 2024\nprocurements:\n  - id: a\n    name: A\n    organisation: ympa\n    date: 2024-01-01\n",
     ["content/procurements/p.yaml:1: title: a file of many procurements holds only the list `procurements:`, "
      "not title"]),
    ("procurements: kaikki\n",
     ["content/procurements/p.yaml:1: procurements: expected a list of procurements, got 'kaikki'"]),
    ("procurements:\n  - 2024-1\n  - id: a\n    name: A\n    organisation: ympa\n    date: 2024-01-01\n",
     ["content/procurements/p.yaml:2: procurements: expected the fields of one procurement, got '2024-1'"]),
    ("procurements:\n  - id: a\n    name: A\n    date: 2024-01-01\n    gpp_criteria: EU-kriteerit\n",
     ["content/procurements/p.yaml:2: organisation: required field is missing",
      "content/procurements/p.yaml:5: gpp_criteria: 'EU-kriteerit' is not allowed: write eu (EU-kriteerit)"]),
])
def test_each_record_of_a_file_is_checked_at_its_own_lines(project, text, expected):
    assert problems(project({"content/procurements/p.yaml": text})) == expected


# --- the sample: about 200 records across the units of 5 divisions and 7 enterprises ---

def sample_records() -> list[dict]:
    """The sample's procurement records as PyYAML reads the files, independently of katalogi."""
    records = []
    for file in sorted((ROOT / "content/procurements").glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        records += data.get("procurements", [data])
    return records


def counted(records: list[dict]) -> list[dict]:
    """The records the figures count: every stage but planning (a prior information notice's plan)."""
    return [record for record in records if record.get("stage") != "planning"]


def sample_organisations() -> dict[str, dict]:
    return {data["id"]: data for data in (yaml.safe_load(file.read_text(encoding="utf-8"))
                                          for file in (ROOT / "content/organisations").glob("*.yaml"))}


def ancestors(identifier: str, organisations: dict[str, dict]) -> list[str]:
    found = []
    while identifier is not None:
        found.append(identifier)
        identifier = organisations[identifier].get("parent")
    return found


def test_the_sample_has_about_200_records_across_every_division_and_enterprise():
    records, organisations = sample_records(), sample_organisations()
    assert 180 <= len(records) <= 220
    reached = {above for record in records for above in ancestors(record["organisation"], organisations)}
    tops = {identifier for identifier, data in organisations.items() if data.get("kind") in ("division", "enterprise")}
    assert len([t for t in tops if organisations[t]["kind"] == "division"]) == 5
    assert len([t for t in tops if organisations[t]["kind"] == "enterprise"]) == 7
    assert tops <= reached
    assert sum(1 for record in records if record.get("actions")) >= 20
    assert all(text.startswith("# ESIMERKKIAINEISTO") for text in
               (file.read_text(encoding="utf-8") for file in (ROOT / "content/procurements").glob("*.yaml")))


def test_the_sample_is_what_its_seeded_script_writes(tmp_path):
    """The committed records are the script's output: anyone can make them again, byte for byte."""
    import runpy
    import sys

    argv = sys.argv
    try:
        sys.argv = ["sample_procurements.py", str(tmp_path)]
        runpy.run_path(str(ROOT / "scripts/sample_procurements.py"), run_name="__main__")
    finally:
        sys.argv = argv
    written = {file.name: file.read_bytes() for file in (tmp_path / "content/procurements").glob("*.yaml")}
    shipped = {file.name: file.read_bytes() for file in (ROOT / "content/procurements").glob("*.yaml")}
    assert written == {name: data for name, data in shipped.items() if name in written}
    assert set(shipped) - set(written) == {"ilmoitukset.yaml"}  # scripts/sample_notices.py's


def test_the_samples_notice_records_are_what_importing_its_notices_makes(tmp_path):
    """scripts/sample_notices.py writes the same notices and records again, and importing the notices into the
    sample changes nothing: the records are the import's, with example: true and their actions added."""
    import runpy
    import sys

    for name in ("content", "examples"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "site_config.yaml", tmp_path)
    argv = sys.argv
    try:
        sys.argv = ["sample_notices.py", str(tmp_path)]
        runpy.run_path(str(ROOT / "scripts/sample_notices.py"), run_name="__main__")
    finally:
        sys.argv = argv
    for folder, pattern in (("examples/notices", "*.xml"), ("content/procurements", "ilmoitukset.yaml")):
        assert {file.name: file.read_bytes() for file in (tmp_path / folder).glob(pattern)} == {
            file.name: file.read_bytes() for file in (ROOT / folder).glob(pattern)}
    from click.testing import CliRunner

    from katalogi.cli import cli
    result = CliRunner().invoke(cli, ["import", "notices", str(tmp_path / "examples/notices"), "-C", str(tmp_path),
                                      "--lang", "en"])
    assert result.output == "5 files read: 5 notices, 4 lots; 0 records added, 0 changed, 4 unchanged\n"
    records = [record for record in sample_records() if record.get("notices")]
    assert len(records) == 4 and all(record["example"] is True for record in records)
    assert {record["stage"] for record in records} == {"planning", "contract"}


class Cells(HTMLParser):
    """The rows of one table (by its class), each a list of cell texts."""

    def __init__(self, table_class: str):
        super().__init__()
        self.table_class, self.depth, self.rows, self.cell = table_class, 0, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and (self.depth or self.table_class in (dict(attrs).get("class") or "").split()):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def table(html: str, table_class: str) -> list[list[str]]:
    parser = Cells(table_class)
    parser.feed(html)
    return [row for row in parser.rows if row]


def digits(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def euros(records) -> int:
    return round(sum(float(str(record.get("value", 0))) for record in records))


def share(part: float, whole: float) -> str:
    """A percentage as the Finnish page writes it, rounded to one decimal."""
    return f"{round(100 * part / whole, 1):g}".replace(".", ",") + " %"


def test_the_yearly_totals_match_an_independent_count(sample_site):
    by_year = defaultdict(list)
    for record in counted(sample_records()):
        by_year[str(record["date"])[:4]].append(record)
    rows = table((sample_site / "hankinnat/index.html").read_text(encoding="utf-8"), "procurement-years")
    assert rows[0][0] == "Vuosi"
    shown = {row[0]: row for row in rows[1:]}
    assert sorted(shown) == sorted(by_year)
    for year, records in by_year.items():
        green = [record for record in records if record.get("gpp_criteria") in GREEN]
        _, count, value, by_count, by_euros = shown[year]
        assert digits(count) == len(records), year
        assert digits(value) == euros(records), year
        assert by_count == share(len(green), len(records)), year
        assert by_euros == share(sum(float(str(r["value"])) for r in green),
                                 sum(float(str(r["value"])) for r in records)), year


def test_an_organisation_counts_its_units_procurements_once(sample_site):
    records, organisations = sample_records(), sample_organisations()
    for identifier in ("helsinki", "kymp", "palu", "rya", "hkl"):
        expected = sorted(record["id"] for record in records
                          if identifier in ancestors(record["organisation"], organisations))
        html = (sample_site / f"organisaatiot/{identifier}/index.html").read_text(encoding="utf-8")
        listed = [row[0] for row in table(html, "procurements")[1:]]
        assert sorted(listed) == expected, identifier
        assert len(listed) == len(set(listed)), "each procurement once"
        count = len([record for record in counted(records) if record["id"] in expected])
        assert f"<dd>{count}</dd>" in html or f"<dd>{count:,}</dd>".replace(",", "\u00a0") in html


def test_an_action_lists_the_procurements_that_implement_it(sample_site):
    records = sample_records()
    linked = defaultdict(list)
    for record in records:
        for action in record.get("actions", ()):
            linked[str(action)].append(record["id"])
    assert linked
    for action, identifiers in linked.items():
        html = (sample_site / f"toimenpiteet/{action}/index.html").read_text(encoding="utf-8")
        assert sorted(row[0] for row in table(html, "procurements")[1:]) == sorted(identifiers), action
    unlinked = next(path for path in sorted((ROOT / "content/actions").glob("*.yaml")) if path.stem not in linked)
    assert 'class="procurements"' not in (sample_site / f"toimenpiteet/{unlinked.stem}/index.html").read_text(
        encoding="utf-8")


def test_every_record_has_its_page_and_is_in_the_list(sample_site):
    records = sample_records()
    listed = table((sample_site / "hankinnat/index.html").read_text(encoding="utf-8"), "procurements")
    assert sorted(row[0] for row in listed[1:]) == sorted(record["id"] for record in records)
    for record in records[:20]:
        html = (sample_site / f"hankinnat/{record['id']}/index.html").read_text(encoding="utf-8")
        assert record["name"] in html and f'datetime="{record["date"]}"' in html


def test_the_data_files_hold_every_record(sample_site):
    records = {record["id"]: record for record in sample_records()}
    data = json.loads((sample_site / "data/procurements.json").read_text(encoding="utf-8"))
    assert [entry["id"] for entry in data["procurements"]] and \
        sorted(entry["id"] for entry in data["procurements"]) == sorted(records)
    for entry in data["procurements"]:
        record = records[entry["id"]]
        assert entry["value"] == pytest.approx(float(str(record["value"])))
        assert entry["gpp_criteria"] == record.get("gpp_criteria")
        assert sorted(entry["actions"]) == sorted(str(action) for action in record.get("actions", []))
    text = (sample_site / "data/procurements.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufefftunniste;nimi;hankintayksikkö;")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert sorted(row[0] for row in rows[1:]) == sorted(records)
    assert sum(float(row[6].replace(",", ".")) for row in rows[1:]) == pytest.approx(
        sum(float(str(record["value"])) for record in records.values()))


def test_the_procurement_data_file_matches_its_schema(sample_site):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((sample_site / "data/schema/procurements.schema.json").read_text(encoding="utf-8"))
    data = json.loads((sample_site / "data/procurements.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["procurements"][0]["stage"] = "ehdotus"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


# --- one file changed: only its records' pages ---

def test_an_edit_of_one_file_renders_only_the_pages_of_its_records(project):
    others = MANY.replace("2024-0000", "2023-9000").replace("Sähköautot", "Muut")
    root = project({"content/procurements/2024.yaml": MANY, "content/procurements/2023.yaml": others})
    engine = Engine(Project(root, history=False))
    engine.commit(engine.update())
    file = root / "content/procurements/2024.yaml"
    file.write_text(MANY.replace("value: 500", "value: 700"), encoding="utf-8")
    rendered = {page.path for page in engine.update({file}).plan.pages}
    procurement_pages = {path for path in rendered if path.startswith("hankinnat/") and path.count("/") == 2}
    assert procurement_pages == {"hankinnat/2024-000001/index.html", "hankinnat/2024-000002/index.html"}
    assert "hankinnat/index.html" in rendered and "data/procurements.json" in rendered
    assert not any("2023-9000" in path for path in rendered)
    assert "organisaatiot/kaupunki/index.html" in rendered, "the unit that made it shows its figures"
    assert "kategoriat/hankinnat/index.html" in rendered, "its action's category lists the edited record"
    assert not any(path.startswith("mittarit/") for path in rendered), "no indicator is computed from it"


# --- indicators computed from the records ---

def independent_shares(records, organisations, organisation=None, criteria=GREEN, by_value=False):
    """Per year: (share in per cent, records counted, green records), counted here from the YAML alone."""
    years = defaultdict(list)
    for record in records:
        if organisation is None or organisation in ancestors(record["organisation"], organisations):
            years[int(str(record["date"])[:4])].append(record)
    found = {}
    for year, counted in years.items():
        green = [record for record in counted if record.get("gpp_criteria") in criteria]
        if by_value:
            part = sum(float(str(record.get("value", 0))) for record in green)
            whole = sum(float(str(record.get("value", 0))) for record in counted)
        else:
            part, whole = len(green), len(counted)
        found[year] = (round(100 * part / whole, 1), len(counted), len(green))
    return found


def test_the_computed_indicators_match_an_independent_count(sample_site):
    records, organisations = counted(sample_records()), sample_organisations()
    data = {indicator["id"]: indicator for indicator in json.loads(
        (sample_site / "data/indicators.json").read_text(encoding="utf-8"))["indicators"]}
    for identifier, expected in (
            ("ilmastokriteerien-osuus", independent_shares(records, organisations)),
            ("ympariston-kriteerit-euroina", independent_shares(records, organisations, "kymp", {"eu", "national"},
                                                                by_value=True))):
        values = data[identifier]["values"]
        assert {int(value["date"][:4]): (value["value"], value["records"], value["green_records"])
                for value in values} == expected, identifier
        assert all(value["date"].endswith("-12-31") for value in values)
        rows = table((sample_site / f"mittarit/{identifier}/index.html").read_text(encoding="utf-8"), "values")
        shown = {int(row[0]): (float(row[1].replace(",", ".")), digits(row[3]), digits(row[2]))
                 for row in rows if row[0].isdigit()}
        assert shown == expected, identifier
    assert data["ilmastokriteerien-osuus"]["computed"] == {
        "measure": "green_share_by_count", "organisation": None, "cpv_prefixes": [], "criteria": ["eu", "national",
                                                                                               "other"], "aims": []}


def test_an_indicator_page_says_how_it_is_computed(sample_site):
    html = (sample_site / "mittarit/ympariston-kriteerit-euroina/index.html").read_text(encoding="utf-8")
    assert "Miten arvot lasketaan" in html and "hankintayksikkö Kaupunkiympäristön toimiala alayksiköineen" in html
    assert ("EU:n ympäristöä säästävien julkisten hankintojen kriteerit, Kansalliset ympäristöä säästävien julkisten "
            "hankintojen kriteerit") in html
    typed = (sample_site / "mittarit/kasvisruoan-osuus/index.html").read_text(encoding="utf-8")
    assert "Miten arvot lasketaan" not in typed


INDICATOR = textwrap.dedent("""\
    id: osuus
    name: Osuus
    unit: "%"
    computed:
      measure: green_share_by_count
      organisation: ympa
      cpv_prefixes: ["34"]
      aims: [clim-mitig]
    values:
      - date: 2019-12-31
        value: 12
      - date: 2024-06-30
        value: 99
    goals:
      - date: 2030-12-31
        value: 50
    """)
FILTERED = textwrap.dedent("""\
    procurements:
      - {id: a, name: A, organisation: ympa, date: 2024-01-01, cpv_codes: [34144900-7], gpp_criteria: eu,
         gpp_aims: [clim-mitig]}
      - {id: b, name: B, organisation: ympa, date: 2024-02-01, cpv_codes: [34144900-7], gpp_criteria: eu,
         gpp_aims: [circ-econ]}
      - {id: c, name: C, organisation: ympa, date: 2024-03-01, cpv_codes: [34144900-7], gpp_criteria: none}
      - {id: d, name: D, organisation: ympa, date: 2024-03-01, cpv_codes: [90910000-9], gpp_criteria: eu,
         gpp_aims: [clim-mitig]}
      - {id: e, name: E, organisation: kaupunki, date: 2024-03-01, cpv_codes: [34144900-7], gpp_criteria: eu,
         gpp_aims: [clim-mitig]}
      - {id: f, name: F, organisation: ympa, date: 2023-03-01, cpv_codes: [34100000-8, 90910000-9],
         gpp_criteria: other, gpp_aims: [clim-mitig, other]}
    """)


def test_a_computed_indicator_filters_by_unit_cpv_and_aims_and_keeps_typed_years(project):
    root = project({"content/indicators/osuus.yaml": INDICATOR, "content/procurements/p.yaml": FILTERED})
    indicator = pipeline.check_project(Project(root, history=False)).default.indicators[0]
    # 2024: a, b, c count (ympa, CPV 34...); only a is green with the aim; d is CPV 90, e another unit
    # 2023: f counts and is green; 2019: typed, no records; the typed 2024 value gives way to the computed one
    assert [(point.date.isoformat(), point.value, point.records, point.green_records) for point in indicator.values] \
        == [("2019-12-31", 12, None, None), ("2023-12-31", 100.0, 1, 1), ("2024-12-31", 33.3, 3, 1)]
    assert [point.value for point in indicator.goals] == [50]


def test_a_changed_record_changes_the_computed_figure_and_only_then_renders_the_indicator(project):
    root = project({"content/indicators/osuus.yaml": INDICATOR, "content/procurements/p.yaml": FILTERED})
    engine = Engine(Project(root, history=False))
    engine.commit(engine.update())
    file = root / "content/procurements/p.yaml"
    file.write_text(FILTERED.replace("name: B,", "name: Bee,"), encoding="utf-8")  # no figure changes
    update = engine.update({file})
    assert "mittarit/osuus/index.html" not in {page.path for page in update.plan.pages}
    engine.commit(update)
    file.write_text(FILTERED.replace("gpp_criteria: none", "gpp_criteria: eu, gpp_aims: [clim-mitig]"),
                    encoding="utf-8")
    update = engine.update({file})
    assert "mittarit/osuus/index.html" in {page.path for page in update.plan.pages}
    assert "toimenpiteet/1/index.html" in {page.path for page in update.plan.pages}, "it shows the latest value"
    assert update.editions.default.indicators[0].values[-1].value == 66.7


# --- the steering page of procurement units ---

def test_the_units_page_rolls_each_procurement_up_once(sample_site):
    records, organisations = counted(sample_records()), sample_organisations()
    html = (sample_site / "hankintayksikot/index.html").read_text(encoding="utf-8")
    links = re.findall(r'<th scope="row">(?:– )*<a href="/organisaatiot/([^/]+)/">', html)
    rows = table(html, "procurement-units")[1:]
    assert len(links) == len(rows) and "helsinki" in links and "kymp" in links and "palu-ympa" in links
    for unit, row in zip(links, rows, strict=True):
        own = [record for record in records if unit in ancestors(record["organisation"], organisations)]
        green = [record for record in own if record.get("gpp_criteria") in GREEN]
        assert digits(row[1]) == len(own), unit
        assert digits(row[2]) == euros(own), unit
        assert row[3] == share(len(green), len(own)), unit
    city = rows[links.index("helsinki")]
    assert digits(city[1]) == len(records), "the city counts every procurement once"
    divisions = [unit for unit, data in organisations.items() if data.get("parent") == "helsinki"]
    assert sum(digits(rows[links.index(unit)][1]) for unit in divisions if unit in links) == len(records)


# --- the criteria sets a procurement used ---

CRITERIA = "id: kuljetukset\nname: Kuljetusten kriteerit\nlevel: city-minimum\ntext: Euro 6.\n"


def test_a_procurement_names_the_criteria_sets_it_used_and_each_set_lists_them(project, tmp_path):
    used = MANY.replace('actions: ["1"]', 'actions: ["1"]\n    criteria_sets: [kuljetukset]')
    root = project({"content/procurements/2024.yaml": used, "content/criteria/kuljetukset.yaml": CRITERIA})
    site = pipeline.check_project(Project(root, history=False)).default
    first, second = site.procurements[:2]
    assert [criteria.id for criteria in first.criteria_sets] == ["kuljetukset"] and second.criteria_sets == ()
    assert [record.id for record in site.criteria_sets[0].procurements] == ["2024-000001"]
    out = tmp_path / "out"
    pipeline.build(Project(root, history=False), out, jobs=1, search=False)
    page = (out / "hankinnat/2024-000001/index.html").read_text(encoding="utf-8")
    assert '<a href="/kriteerit/kuljetukset/">Kuljetusten kriteerit</a>' in page
    assert [row[0] for row in table((out / "kriteerit/kuljetukset/index.html").read_text(encoding="utf-8"),
                                    "procurements")[1:]] == ["2024-000001"]
    records = json.loads((out / "data/procurements.json").read_text(encoding="utf-8"))["procurements"]
    assert {record["id"]: record["criteria_sets"] for record in records} == {"2024-000001": ["kuljetukset"],
                                                                             "2024-000002": []}


def test_an_unknown_criteria_set_is_an_error_at_its_line(project):
    used = MANY.replace('actions: ["1"]', 'actions: ["1"]\n    criteria_sets: [kuljetus]')
    root = project({"content/procurements/p.yaml": used, "content/criteria/kuljetukset.yaml": CRITERIA})
    assert problems(root) == ["content/procurements/p.yaml:9: criteria_sets[0]: unknown criteria set 'kuljetus' "
                              "(did you mean 'kuljetukset'?)"]


def test_a_category_lists_the_procurements_of_its_actions_and_its_sub_categories_once(sample_site):
    parents = {data["id"]: data.get("parent") for data in (
        yaml.safe_load(file.read_text(encoding="utf-8")) for file in (ROOT / "content/categories").glob("*.yaml"))}
    actions = [yaml.safe_load(file.read_text(encoding="utf-8")) for file in (ROOT / "content/actions").glob("*.yaml")]

    def under(category: str, node: str | None) -> bool:
        while node is not None:
            if node == category:
                return True
            node = parents.get(node)
        return False

    checked = 0
    for category in parents:
        members = {str(data["id"]) for data in actions
                   if any(under(category, written) for written in data.get("categories", ()))}
        expected = sorted({record["id"] for record in sample_records()
                           if members & {str(action) for action in record.get("actions", ())}})
        html = (sample_site / f"kategoriat/{category}/index.html").read_text(encoding="utf-8")
        assert sorted(row[0] for row in table(html, "procurements")[1:]) == expected, category
        checked += bool(expected)
    assert checked >= 2, "the sample has categories whose actions have procurements"
