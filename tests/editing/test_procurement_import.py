"""`import procurements FILE.csv`: every bad row reported, nothing written then; re-importing changes nothing."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from tools import ROOT

from katalogi.build import pipeline
from katalogi.cli import cli
from katalogi.editing.procurement_import import check_rows, read_rows
from katalogi.editing.typed_cells import number_text
from katalogi.inputs.sources import Project

HEADINGS = "tunniste;nimi;hankintayksikkö;päivämäärä;arvo;CPV-koodit;ympäristökriteerit;toimenpiteet\n"
GOOD = HEADINGS + textwrap.dedent("""\
    2024-000002;Siivous;kaupunki;2024-05-02;1 200 000;90910000-9;none;
    2024-000001;Sähköautot;ympa;2024-03-15;250 000,50;34144900-7;EU:n GPP-kriteerit;1
    2023-000009;Työvaatteet;ympa;2023-01-31;9000;18100000-0;national;
    """)


def run(root: Path, text: str | bytes, *options: str, name: str = "vienti.csv"):
    file = root / name
    file.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return CliRunner().invoke(cli, ["import", "procurements", str(file), "-C", str(root), *options],
                              catch_exceptions=False)


def procurement_files(root: Path) -> dict[str, bytes]:
    folder = root / "content/procurements"
    return {file.name: file.read_bytes() for file in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}


def test_an_import_writes_records_by_year_sorted_and_they_pass_check(project):
    root = project()
    result = run(root, GOOD)
    assert (result.exit_code, result.output) == (0, f"{root}/vienti.csv: 3 rows read; 3 added, 0 changed, "
                                                    "0 unchanged\n")
    assert sorted(procurement_files(root)) == ["2023.yaml", "2024.yaml"]
    assert (root / "content/procurements/2024.yaml").read_text(encoding="utf-8") == textwrap.dedent("""\
        procurements:
          - id: 2024-000001
            name: Sähköautot
            organisation: ympa
            date: 2024-03-15
            value: 250000.50
            cpv_codes: [34144900-7]
            gpp_criteria: eu
            actions: ["1"]
          - id: 2024-000002
            name: Siivous
            organisation: kaupunki
            date: 2024-05-02
            value: 1200000
            cpv_codes: [90910000-9]
            gpp_criteria: none
        """)
    site = pipeline.check_project(Project(root, history=False)).default
    assert {record.id: record.value for record in site.procurements} == {
        "2024-000001": 250000.5, "2024-000002": 1200000, "2023-000009": 9000}


def test_importing_the_same_file_again_changes_nothing(project):
    root = project()
    run(root, GOOD)
    before = procurement_files(root)
    result = run(root, GOOD)
    assert result.output.endswith(": 3 rows read; 0 added, 0 changed, 3 unchanged\n")
    assert procurement_files(root) == before


def test_a_changed_row_changes_only_its_record_and_keeps_fields_the_file_has_no_column_for(project):
    root = project()
    run(root, GOOD)
    file = root / "content/procurements/2024.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("    gpp_criteria: none\n", "    gpp_criteria: none\n    clean_vehicles: true\n"),
                    encoding="utf-8")  # written by hand: the export has no such column
    before = file.read_text(encoding="utf-8").splitlines()
    result = run(root, GOOD.replace("1 200 000;90910000-9;none", "1 300 000;90910000-9;other"))
    assert result.output.endswith(": 3 rows read; 0 added, 1 changed, 2 unchanged\n")
    after = file.read_text(encoding="utf-8").splitlines()
    assert [(old, new) for old, new in zip(before, after, strict=True) if old != new] == [
        ("    value: 1200000", "    value: 1300000"), ("    gpp_criteria: none", "    gpp_criteria: other")]
    assert "    clean_vehicles: true" in after


def test_a_row_updates_its_record_where_it_is_and_an_empty_cell_removes_the_field(project):
    root = project({"content/procurements/oma.yaml": "# Käsin kirjoitettu\nid: 2024-000001\nname: Vanha\n"
                                                     "organisation: ympa\ndate: 2024-03-15\nvalue: 1\n"})
    result = run(root, GOOD.replace("250 000,50", ""))
    assert result.output.endswith(": 3 rows read; 2 added, 1 changed, 0 unchanged\n")
    assert (root / "content/procurements/oma.yaml").read_text(encoding="utf-8") == textwrap.dedent("""\
        # Käsin kirjoitettu
        id: 2024-000001
        name: Sähköautot
        organisation: ympa
        date: 2024-03-15
        cpv_codes: [34144900-7]
        gpp_criteria: eu
        actions: ["1"]
        """)
    assert "2024-000001" not in (root / "content/procurements/2024.yaml").read_text(encoding="utf-8")


ERRORS = {
    "unknown column": (HEADINGS.replace("arvo;", "arvio;"), GOOD.split("\n", 1)[1],
                       ["vienti.csv:1: arvio: unknown column (did you mean 'arvo'?)"]),
    "missing required column": ("tunniste;nimi;päivämäärä\n", "a;A;2024-01-01\n",
                                ["vienti.csv:1: hankintayksikkö: required column is missing; the headings are "
                                 "hankintayksikkö / buyer"]),
    "column given twice": ("tunniste;nimi;hankintayksikkö;päivämäärä;date\n", "a;A;ympa;2024-01-01;2024-01-01\n",
                           ["vienti.csv:1: date: the column is given twice, first as column 4"]),
    "too many cells": (HEADINGS, "a;A;ympa;2024-01-01;1;18100000-0;eu;;ylimääräinen\n",
                       ["vienti.csv:2: row: the row has 9 cells, the heading row 8"]),
    "row given twice": (HEADINGS, "a;A;ympa;2024-01-01;1;;;\nb;B;ympa;2024-01-01;1;;;\na;C;ympa;2024-01-01;2;;;\n",
                        ["vienti.csv:4: tunniste: procurement a is also on row 2"]),
    "bad values": (HEADINGS, "a;A;ympa;2024-13-01;paljon;1810000;EU-taso;\n",
                   ["vienti.csv:2: CPV-koodit: expected a CPV code such as 45000000-7, got '1810000'",
                    "vienti.csv:2: arvo: expected a number, got 'paljon'",
                    "vienti.csv:2: päivämäärä: impossible date 2024-13-01 (month must be in 1..12)",
                    "vienti.csv:2: ympäristökriteerit: 'EU-taso' is not allowed (expected one of: eu, national, none, "
                    "other)"]),
    "unsafe identifier": (HEADINGS, "Hilma 2024/1;A;ympa;2024-01-01;1;;;\n",
                          ["vienti.csv:2: tunniste: 'Hilma 2024/1' is not a safe identifier: use 1-63 lower-case "
                           "letters a-z, digits, '-' or '_', starting with a letter or digit; for example "
                           "hilma-2024-1"]),
    "required value empty": (HEADINGS, "a;;ympa;2024-01-01;1;;;\n",
                             ["vienti.csv:2: nimi: required field is missing"]),
    "unknown references": (HEADINGS, "a;A;ymppa;2024-01-01;1;;;99\n",
                           ["vienti.csv:2: hankintayksikkö: unknown organisation 'ymppa' (did you mean 'ympa'?)",
                            "vienti.csv:2: toimenpiteet: unknown action '99' (expected one of: 1, 2)"]),
    "no rows": (HEADINGS, ";;;;;;;\n", ["vienti.csv:1: file: the file has no procurement rows under its headings"]),
}


@pytest.mark.parametrize("headings, rows, expected", ERRORS.values(), ids=ERRORS.keys())
def test_every_bad_row_is_reported_and_nothing_is_written(project, headings, rows, expected):
    root = project()
    run(root, GOOD)
    before = procurement_files(root)
    result = run(root, headings + rows)
    messages = [line.removeprefix(f"{root}/") for line in result.output.splitlines()]
    assert result.exit_code == 1
    assert messages[:-1] == expected
    assert messages[-1].endswith("; nothing was written.")
    assert procurement_files(root) == before


def test_a_file_saved_as_windows_1252_says_how_to_save_it_as_csv_utf8(project):
    root = project()
    result = run(root, ("tunniste;nimi;hankintayksikkö;päivämäärä\na;Ympäristö;ympa;2024-01-01\n").encode("cp1252"))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{root}/vienti.csv:1: encoding: the file is not UTF-8 but Windows-1252 (byte 0xf6, the letter ö), as Excel's "
        'plain "CSV" saves it; nothing was read. Save it as CSV UTF-8: in Excel choose File > Save As and the file '
        'type "CSV UTF-8 (Comma delimited) (*.csv)"; in LibreOffice Calc choose File > Save As, "Text CSV (.csv)", '
        'tick "Edit filter settings" and choose the character set "Unicode (UTF-8)"',
        "1 problem found; nothing was written."]
    assert procurement_files(root) == {}
    finnish = run(root, "id;name;organisation;date\na;Sää;ympa;2024-01-01\n".encode("cp1252"),
                  "--lang", "fi")
    assert finnish.output.splitlines()[0].startswith(f"{root}/vienti.csv:2: encoding: tiedosto ei ole UTF-8")
    assert "Tiedosto > Tallenna nimellä" in finnish.output


def test_a_file_in_neither_encoding_is_still_not_utf8(project):
    root = project()
    result = run(root, "tunniste;nimi;hankintayksikkö;päivämäärä\na;A;ympa;2024-01-01\n".encode() + b"\x81\x8d\n")
    assert result.output.splitlines()[0] == f"{root}/vienti.csv:3: encoding: the file is not UTF-8 (byte 0x81); " \
                                            "save it as UTF-8"


def test_finnish_dates_and_numbers_are_read_as_meant(project):
    root = project()
    result = run(root, "tunniste;nimi;hankintayksikkö;päivämäärä;arvo\n"
                       "a;A;ympa;31.12.2024;1 200 000,50\n"
                       "b;B;ympa;1.3.2024;1.200.000\n"
                       "c;C;ympa;2023-05-02;1\u00a0250,5 €\n"
                       "d;D;ympa;7.10.2024 0:00;1,250,000.75\n")
    assert result.exit_code == 0, result.output
    records = {record["id"]: (record["date"], record["value"]) for name in ("2023.yaml", "2024.yaml")
               for record in yaml.safe_load((root / "content/procurements" / name).read_text(encoding="utf-8"))[
                   "procurements"]}
    assert records == {"a": (datetime.date(2024, 12, 31), 1200000.5), "b": (datetime.date(2024, 3, 1), 1200000),
                       "c": (datetime.date(2023, 5, 2), 1250.5), "d": (datetime.date(2024, 10, 7), 1250000.75)}


@pytest.mark.parametrize(("cell", "read"), [
    ("1 200 000,50", "1200000.50"), ("1.200.000", "1200000"), ("1,200,000", "1200000"), ("1.200,5", "1200.5"),
    ("1,200.5", "1200.5"), ("1.200", "1.200"), ("1,200", "1.200"), ("12.00.000", "12.00.000"), ("-1 000", "-1000"),
])
def test_a_thousands_separator_is_taken_only_where_it_is_unambiguous(cell, read):
    assert number_text(cell) == read


def test_an_impossible_finnish_date_is_said_as_an_impossible_date(project):
    root = project()
    result = run(root, "tunniste;nimi;hankintayksikkö;päivämäärä\na;A;ympa;31.2.2024\nb;B;ympa;1.13.2024\n")
    assert result.output.splitlines()[:-1] == [
        f"{root}/vienti.csv:2: päivämäärä: impossible date 2024-02-31 (day is out of range for month)",
        f"{root}/vienti.csv:3: päivämäärä: impossible date 2024-13-01 (month must be in 1..12)"]


def test_messages_are_in_the_editors_language(project):
    root = project()
    result = run(root, HEADINGS.replace("arvo;", "arvio;") + "a;A;ympa;2024-01-01;1;;;\n", "--lang", "fi")
    assert result.output.splitlines()[0] == f"{root}/vienti.csv:1: arvio: tuntematon sarake (tarkoititko 'arvo'?)"


def test_the_sites_own_export_reads_back_without_a_change(project, tmp_path):
    root = project()
    run(root, GOOD)
    before = procurement_files(root)
    out = tmp_path / "out"
    pipeline.build(Project(root, history=False), out, jobs=1, search=False)
    exported = (out / "data/procurements.csv").read_bytes()
    result = run(root, exported, name="export.csv")
    assert result.exit_code == 0, result.output
    assert result.output.endswith(": 3 rows read; 0 added, 0 changed, 3 unchanged\n")
    assert procurement_files(root) == before


def test_the_sample_reads_back_from_its_own_export(tmp_path):
    """The 200 records of the sample, exported as the site publishes them and imported again: no change."""
    root = tmp_path / "sample"
    for name in ("content", "theme", "schemas"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "site_config.yaml", root)
    pipeline.build(Project(root, history=False), root / "output", search=False)
    before = procurement_files(root)
    result = run(root, (root / "output/data/procurements.csv").read_bytes(), name="export.csv")
    assert result.exit_code == 0, result.output
    assert procurement_files(root) == before


# --- the reader: delimiters, byte order mark, decimal marks ---

def catalogue(project_root: Path):
    items, _ = pipeline.read_items(Project(project_root))
    return items


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30).filter(
    lambda text: text.strip() and text == text.strip() and not text.startswith("#"))


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(TEXT, st.integers(min_value=0, max_value=10**9), st.integers(0, 99)),
                     min_size=1, max_size=5),
       delimiter=st.sampled_from([";", ","]), bom=st.booleans(), decimal=st.sampled_from([",", "."]),
       thousands=st.sampled_from(["", " ", "\u00a0", "\u202f", "other"]),
       day=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31)),
       finnish_date=st.booleans())
def test_the_reader_takes_either_delimiter_a_bom_and_either_decimal_mark(tmp_path_factory, rows, delimiter, bom,
                                                                          decimal, thousands, day, finnish_date):
    from tests.conftest import write_project

    root = write_project(tmp_path_factory.mktemp("reader") / "site", {})
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["id", "name", "organisation", "date", "value"])
    for index, (name, euros, cents) in enumerate(rows):
        separator = ("." if decimal == "," else ",") if thousands == "other" else thousands  # as Excel groups them
        whole = f"{euros:,}".replace(",", separator)
        written_day = f"{day.day}.{day.month}.{day.year}" if finnish_date else day.isoformat()
        writer.writerow([f"r-{index}", name, "ympa", written_day, f"{whole}{decimal}{cents:02d}"])
    raw = ("\ufeff" if bom else "") + buffer.getvalue()
    headings, read, errors = read_rows(raw.encode("utf-8"), "x.csv")
    assert errors == [] and headings == ["id", "name", "organisation", "date", "value"]
    _, checked, errors = check_rows(headings, read, "x.csv", catalogue(root))
    assert errors == []
    assert [(item.fields["name"], item.fields["value"], item.fields["date"]) for _, _, item in checked] == [
        (name, pytest.approx(euros + cents / 100), day) for name, euros, cents in rows]
    assert [number for number, _, _ in checked] == list(range(2, 2 + len(rows)))


def test_the_written_records_read_back_as_written(project):
    """Names with quotes, colons and hashes survive the writer: PyYAML and katalogi read the same text."""
    root = project()
    awkward = ['Kuljetus: "pikku" #1', "- alkaa viivalla", "true", "2024-01-01", "  välilyönti"]
    rows = "".join(f"k-{index};{name!s};ympa;2024-01-0{index + 1};1;;;\n".replace('"', '""').replace(
        f";{name.replace(chr(34), chr(34) * 2)};", f';"{name.replace(chr(34), chr(34) * 2)}";')
        for index, name in enumerate(awkward))
    result = run(root, HEADINGS + rows)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((root / "content/procurements/2024.yaml").read_text(encoding="utf-8"))
    assert [record["name"] for record in data["procurements"]] == [name.strip() for name in awkward]
    site = pipeline.check_project(Project(root, history=False)).default
    assert sorted(str(record.name) for record in site.procurements) == sorted(name.strip() for name in awkward)
