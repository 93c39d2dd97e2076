"""The workbook's sheets of procurement records, criteria sets and emission factor tables: the same round trip as the
actions' (comments kept, every bad cell placed, nothing written on error), also for a record that is one of many in
its file."""

from __future__ import annotations

import datetime
import shutil
import textwrap

import yaml
from openpyxl import load_workbook
from tools import ROOT
from workbook_support import PROCUREMENTS, add_row, contents, delete_row, diff, edit, export, import_

CRITERIA = textwrap.dedent("""\
    id: kuljetukset
    name: Kuljetusten kriteerit
    level: city-minimum
    cpv_prefixes: ["6010"]
    text: Euro 6.
    valid_from: 2019-04-01
    """)
FACTORS = textwrap.dedent("""\
    id: kertoimet
    name: Kertoimet
    source: Esimerkki
    year: 2024
    version: "1.0"
    factors:
      - cpv: "60"
        factor: 0.35
        label: Kuljetus
    """)
FILES = {"content/organisations/muu.yaml": "id: muu\nname: Muu\nkind: external\n",
         "content/procurements/2019.yaml": PROCUREMENTS, "content/criteria/kuljetukset.yaml": CRITERIA,
         "content/emission_factors/kertoimet.yaml": FACTORS}


def test_the_sample_workbook_has_every_record_set_and_table(tmp_path):
    sample = tmp_path / "sample"
    for folder in ("content", "theme"):
        shutil.copytree(ROOT / folder, sample / folder)
    shutil.copy(ROOT / "site_config.yaml", sample)
    book = load_workbook(export(sample))
    assert book.sheetnames[-6:] == ["Procurements", "Criteria sets", "Emission factor tables", "Emission factors",
                                    "lists", "katalogi"]
    records = [row[0] for row in book["Procurements"].iter_rows(min_row=3, values_only=True)]
    written = [record["id"] for file in sorted((sample / "content/procurements").glob("*.yaml"))
               for record in yaml.safe_load(file.read_text(encoding="utf-8"))["procurements"]]
    assert sorted(records) == sorted(written) and len(records) == 204  # 200 generated, 4 from example notices
    assert len(list(book["Criteria sets"].iter_rows(min_row=3))) == 3
    assert [row[:2] for row in book["Emission factors"].iter_rows(min_row=3, max_row=4, values_only=True)] == [
        ("esimerkki-2024", 1), ("esimerkki-2024", 2)]
    headings = [cell.value for cell in book["Procurements"][1]]
    assert headings[:8] == ["Identifier", "Name [fi]", "Name [sv]", "Name [en]", "Organisation", "Stage",
                            "Date of the procedure", "Value (EUR, without VAT)"]


def test_a_record_among_many_is_edited_in_its_file_and_the_comments_stay(project):
    root = project(FILES)
    before = (root / "content/procurements/2019.yaml").read_bytes()
    book = export(root)
    edit(book, "Procurements", {("2019-2", "gpp_criteria"): "eu", ("2019-1", "value"): 1500,
                                ("2019-2", "actions"): "1, 2"})
    result = import_(root, book)
    assert result.exit_code == 0, result.output
    assert diff(before, (root / "content/procurements/2019.yaml").read_bytes()) == [  # in model order, quoted alike
        "-    value: 1200", "+    value: 1500", '-    actions: ["1"]', "+    gpp_criteria: eu",
        '+    actions: ["1", "2"]']
    after = (root / "content/procurements/2019.yaml").read_text(encoding="utf-8")
    assert after.startswith("# Hankintajärjestelmästä viety\n") and "Sähköautot  # vuokrataan" in after
    records = {record["id"]: record for record in yaml.safe_load(after)["procurements"]}
    assert (records["2019-1"]["value"], records["2019-2"]["gpp_criteria"], records["2019-2"]["actions"]) == (
        1500, "eu", ["1", "2"])
    assert import_(root, export(root, name="again.xlsx")).output == \
        "The workbook has no changes; no file was written.\n"


def test_a_bad_cell_of_a_record_is_placed_at_its_cell_and_nothing_is_written(project):
    root = project(FILES)
    before = contents(root)
    book = export(root)
    edit(book, "Procurements", {("2019-1", "organisation"): "ymppa", ("2019-3", "actions"): "9",
                                ("2019-2", "gpp_criteria"): "EU-taso", ("2019-1", "date"): "2019-13-01"})
    result = import_(root, book)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Procurements!C3: organisation: unknown organisation 'ymppa' (did you mean 'ympa'?)",
        "Procurements!E3: date: impossible date 2019-13-01 (month must be in 1..12)",
        "Procurements!H4: gpp_criteria: 'EU-taso' is not allowed (expected one of: eu, national, none, other)",
        "Procurements!K5: actions[0]: unknown action '9' (expected one of: 1, 2)",
        "4 problems found; nothing was written."]
    assert contents(root) == before


def test_criteria_sets_and_factor_tables_round_trip_with_new_and_bad_factors(project):
    root = project(FILES)
    book = export(root)
    edit(book, "Criteria sets", {("kuljetukset", "valid_until"): datetime.datetime(2019, 1, 1)})
    edit(book, "Emission factors", {("kertoimet", 1, "factor"): -1})
    result = import_(root, book)
    assert result.output.splitlines() == [
        "Criteria sets!G3: valid_until: valid until 2019-01-01, before it is valid from 2019-04-01",
        "Emission factors!D3: factors[0].factor: must be at least 0, got -1",
        "2 problems found; nothing was written."]
    book = export(root, name="good.xlsx")
    edit(book, "Criteria sets", {("kuljetukset", "valid_until"): datetime.datetime(2024, 12, 31)})
    edit(book, "Emission factor tables", {("kertoimet", "version"): "1.1"})
    add_row(book, "Emission factors", {"factor_table": "kertoimet", "cpv": "6010", "factor": 0.5})
    result = import_(root, book)
    assert result.exit_code == 0, result.output
    table = yaml.safe_load((root / "content/emission_factors/kertoimet.yaml").read_text(encoding="utf-8"))
    assert (table["version"], table["factors"][-1]) == ("1.1", {"cpv": "6010", "factor": 0.5})
    assert yaml.safe_load((root / "content/criteria/kuljetukset.yaml").read_text(encoding="utf-8"))[
        "valid_until"] == datetime.date(2024, 12, 31)


def test_a_deleted_record_row_deletes_only_that_record_and_only_when_allowed(project):
    root = project(FILES)
    book = export(root)
    delete_row(book, "Procurements", ("2019-2",))
    kept = import_(root, book)
    assert kept.output.splitlines()[0] == ("content/procurements/2019.yaml:8: procurements[1] is not in the sheet "
                                           "Procurements; it is kept (import with --allow-deletions to delete it)")
    assert kept.exit_code == 0
    result = import_(root, book, "--allow-deletions")
    assert result.exit_code == 0, result.output
    ids = [record["id"] for record in yaml.safe_load(
        (root / "content/procurements/2019.yaml").read_text(encoding="utf-8"))["procurements"]]
    assert ids == ["2019-1", "2019-3"]
