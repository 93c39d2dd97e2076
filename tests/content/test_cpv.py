"""CPV codes against the CPV 2008 vocabulary, with their names in three languages, and Finnish business ids.

The vocabulary is package data (katalogi/content/data/cpv.tsv.gz); these tests read it on
their own (gzip and csv, not through katalogi) where they compare, and check what the
content check, the CSV import and the workbook import say about an unknown code, a wrong
check digit and a business id.
"""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tools import ROOT

from katalogi.base.errors import BuildFailed
from katalogi.build import pipeline
from katalogi.content import vocabularies
from katalogi.content.checker import Checker
from katalogi.content.field_types import BusinessId, CpvCode, CpvPrefix
from katalogi.inputs.sources import Project

DATA = ROOT / "katalogi/content/data"


def shipped_rows() -> tuple[list[str], list[list[str]]]:
    with gzip.open(DATA / "cpv.tsv.gz", "rt", encoding="utf-8") as stream:
        lines = stream.read().splitlines()
    header = [line for line in lines if line.startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(line for line in lines if not line.startswith("#"))),
                           delimiter="\t", quoting=csv.QUOTE_NONE))
    return header, rows


def test_the_vocabulary_has_every_cpv_2008_code_once_with_three_names_and_says_where_they_come_from():
    header, rows = shipped_rows()
    assert len(rows) == 9454
    assert len({row[0][:8] for row in rows}) == 9454
    assert all(len(row) == 4 and all(row) and row[0][8] == "-" for row in rows)
    assert header[0] == "#vocabulary\tCPV 2008 (Commission Regulation (EC) No 213/2008)"
    assert "eForms SDK 1.15.1" in header[1] and "CC BY 4.0" in header[1]
    assert vocabularies.about()["vocabulary"].startswith("CPV 2008")
    assert "CC BY 4.0" in (DATA / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("code, fi, sv, en", [
    ("34144900-7", "Sähköajoneuvot", "Elfordon", "Electric vehicles"),
    ("09310000-5", "Sähkö", "Elektricitet", "Electricity"),
    ("60000000-8", "Kuljetuspalvelut (jätteen kuljetusta lukuun ottamatta)", "Transporter (utom avfallstransport)",
     "Transport services (excl. Waste transport)"),
])
def test_a_code_is_named_in_the_page_language(code, fi, sv, en):
    assert [vocabularies.cpv_name(code, language) for language in ("fi", "sv", "en")] == [fi, sv, en]
    assert vocabularies.cpv_name(code[:8], "fi") == fi


def check(field_type, value) -> list[str]:
    checker = Checker("f.yaml")
    field_type.check(value, "cpv_codes[0]", 3, checker)
    return [error.text() for error in checker.errors]


def test_every_code_of_the_vocabulary_passes_and_a_changed_check_digit_does_not():
    _, rows = shipped_rows()
    for code, *_ in rows:
        assert CpvCode().parse(code) == code
        wrong = f"{code[:8]}-{(int(code[9]) + 1) % 10}"
        assert check(CpvCode(), wrong) == [f"f.yaml:3: cpv_codes[0]: the check digit of {wrong} is wrong: the CPV "
                                           f"code is {code} ({vocabularies.cpv_name(code, 'en')})"]


@pytest.mark.parametrize("written, expected", [
    ("99999999-9", "99999999-9 is not a code of the CPV 2008 vocabulary; the nearest code is 98910000-5 (Services "
                   "specific to international organisations and bodies)"),
    ("34144999-0", "34144999-0 is not a code of the CPV 2008 vocabulary; the nearest code is 34144910-0 (Electric "
                   "buses)"),
    ("34144900-1", "the check digit of 34144900-1 is wrong: the CPV code is 34144900-7 (Electric vehicles)"),
    ("3414490", "expected a CPV code such as 45000000-7, got '3414490'"),
])
def test_an_unknown_code_or_a_wrong_check_digit_says_the_nearest_code(written, expected):
    assert check(CpvCode(), written) == [f"f.yaml:3: cpv_codes[0]: {expected}"]


def test_the_nearest_code_shares_the_longest_start_and_is_closest_in_number():
    _, rows = shipped_rows()
    codes = sorted(row[0] for row in rows)
    for digits in ("34144999", "99999999", "45123456", "03000001", "72999999"):
        longest = max(length for length in range(9) if any(code.startswith(digits[:length]) for code in codes))
        sharing = [code for code in codes if code.startswith(digits[:longest])]
        expected = min(sharing, key=lambda code: (abs(int(code[:8]) - int(digits)), code))
        assert vocabularies.nearest_code(digits) == expected


def test_the_messages_name_the_nearest_code_in_the_editors_language():
    checker = Checker("f.yaml")
    CpvCode().check("34144900-1", "cpv_codes[0]", 3, checker)
    assert checker.errors[0].text("fi") == ("f.yaml:3: cpv_codes[0]: tarkistusnumero koodissa 34144900-1 on väärä: "
                                            "CPV-koodi on 34144900-7 (Sähköajoneuvot)")
    assert checker.errors[0].text("sv").endswith("34144900-7 (Elfordon)")


@pytest.mark.parametrize("prefix, expected", [
    ("60", None), ("6010", None), ("341449", None),
    ("99", "no CPV code starts with 99; the nearest code is 98910000-5 (Services specific to international "
           "organisations and bodies)"),
])
def test_a_prefix_must_start_some_code(prefix, expected):
    assert check(CpvPrefix(), prefix) == ([f"f.yaml:3: cpv_codes[0]: {expected}"] if expected else [])


def test_a_prefix_is_named_by_the_code_it_stands_for():
    assert vocabularies.prefix_code("6010") == "60100000-9"
    assert vocabularies.prefix_name("60", "fi") == vocabularies.cpv_name("60000000-8", "fi")
    assert vocabularies.prefix_name("341449", "en") == "Electric vehicles"
    assert vocabularies.prefix_name("03111", "en") == "Seeds"
    assert vocabularies.is_prefix("34511") and vocabularies.prefix_name("34511", "en") == ""  # 34511000 is no code


def test_the_eforms_code_lists_have_their_labels_in_three_languages():
    assert vocabularies.code_label("gpp-criteria", "eu", "sv") == "EU-kriterier för grön upphandling"
    assert vocabularies.code_label("environmental-impact", "clim-mitig", "fi") == "Ilmastonmuutoksen hillintä"
    assert set(vocabularies.code_labels("gpp-criteria", "en")) == {"eu", "national", "other", "none"}
    assert set(vocabularies.code_labels("environmental-impact", "en")) == {
        "biodiv-eco", "circ-econ", "clim-adapt", "clim-mitig", "pollu-prev", "water-mar", "other"}


# --- in content, the CSV import and the workbook ---

def test_check_names_an_unknown_code_in_a_procurement_and_an_action(project):
    root = project({
        "content/procurements/2024.yaml": "procurements:\n  - id: p-1\n    name: P\n    organisation: ympa\n"
                                          "    date: 2024-01-01\n    cpv_codes: [99999999-9]\n",
        "content/actions/2.yaml": 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: done\n'
                                  'cpv_codes: ["34144900-1"]\n'})
    with pytest.raises(BuildFailed) as failed:
        pipeline.check_project(Project(root, history=False))
    assert [str(error) for error in failed.value.errors] == [
        "content/actions/2.yaml:5: cpv_codes[0]: the check digit of 34144900-1 is wrong: the CPV code is 34144900-7 "
        "(Electric vehicles)",
        "content/procurements/2024.yaml:6: cpv_codes[0]: 99999999-9 is not a code of the CPV 2008 vocabulary; the "
        "nearest code is 98910000-5 (Services specific to international organisations and bodies)",
    ]


def test_the_csv_import_names_an_unknown_code_at_its_row_and_writes_nothing(project):
    from click.testing import CliRunner

    from katalogi.cli import cli

    root = project()
    (root / "vienti.csv").write_text("tunniste;nimi;hankintayksikkö;päivämäärä;CPV-koodit\n"
                                     "2024-1;Sähköautot;ympa;2024-03-15;34144900-7\n"
                                     "2024-2;Siivous;ympa;2024-03-16;99999999-9\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "procurements", str(root / "vienti.csv"), "-C", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{root / 'vienti.csv'}:3: CPV-koodit: 99999999-9 is not a code of the CPV 2008 vocabulary; the nearest code "
        "is 98910000-5 (Services specific to international organisations and bodies)")
    assert not (root / "content/procurements").exists()


# --- business ids ---

def with_digit(seven: str) -> str | None:
    remainder = sum(int(d) * w for d, w in zip(seven, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return None if remainder == 1 else f"{seven}-{0 if remainder == 0 else 11 - remainder}"


@given(st.text("0123456789", min_size=7, max_size=7))
def test_a_business_id_passes_exactly_with_its_check_digit(seven):
    valid = with_digit(seven)
    for digit in range(10):
        written = f"{seven}-{digit}"
        errors = check(BusinessId(), written)
        if written == valid:
            assert errors == []
        elif valid is None:
            assert errors == [f"f.yaml:3: cpv_codes[0]: {written} cannot be a business id: no check digit fits its "
                              "seven digits"]
        else:
            assert errors == [f"f.yaml:3: cpv_codes[0]: the check digit of the business id {written} is wrong: it "
                              f"would be {valid[-1]}"]


@pytest.mark.parametrize("written", ["0201256", "FI02012566", "0201256-66", "", "020125-6"])
def test_a_business_id_in_another_form_says_how_to_write_it(written):
    assert check(BusinessId(), written) == [
        f"f.yaml:3: cpv_codes[0]: expected a Finnish business id (Y-tunnus) such as 0201256-6, got "
        f"'{written}'"]


# --- on the pages, in each language ---

THREE = "languages: [fi, sv, en]\n"
PAGES = {
    "content/procurements/2019.yaml": "procurements:\n  - id: p-1\n    name: Sähköautot\n    organisation: ympa\n"
                                      "    date: 2019-05-01\n    cpv_codes: [34144900-7, 60000000-8]\n"
                                      "    criteria_sets: [autot]\n    example: true\n"
                                      "  - id: p-2\n    name: Suunnitelma\n    organisation: ympa\n"
                                      "    stage: planning\n    date: 2019-06-01\n    value: 100\n",
    "content/criteria/autot.yaml": "id: autot\nname: Autojen kriteerit\nlevel: city-minimum\ntext: Sähkö.\n"
                                   "cpv_prefixes: [\"341449\"]\n",
    "content/emission_factors/kertoimet.yaml": "id: kertoimet\nname: Kertoimet\nsource: Testi\nyear: 2024\n"
                                               "version: \"1\"\nfactors:\n  - cpv: \"60\"\n    factor: 0.4\n",
    "content/actions/2.yaml": 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: done\ncpv_codes: ["34144900-7"]\n',
}
SHOWN = {
    "fi": ("34144900-7 Sähköajoneuvot", "60000000-8 Kuljetuspalvelut (jätteen kuljetusta lukuun ottamatta)",
           "341449 Sähköajoneuvot", "Esimerkkiaineistoa: tämä ei ole oikea hankinta."),
    "sv": ("34144900-7 Elfordon", "60000000-8 Transporter (utom avfallstransport)", "341449 Elfordon",
           "Exempeldata: det här är ingen verklig upphandling."),
    "en": ("34144900-7 Electric vehicles", "60000000-8 Transport services (excl. Waste transport)",
           "341449 Electric vehicles", "Example data: this is not a real procurement."),
}


def page_text(path) -> str:
    import html
    import re
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())


@pytest.fixture(scope="module")
def built_pages(tmp_path_factory):
    from conftest import TINY_CONFIG, write_project
    root = write_project(tmp_path_factory.mktemp("cpv") / "site", PAGES, TINY_CONFIG + THREE)
    pipeline.build(Project(root, history=False), root / "output", jobs=1, search=False)
    return root / "output"


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_pages_name_each_code_in_their_language(built_pages, language):
    prefix = "" if language == "fi" else f"{language}/"
    code, second, in_prefix, example = SHOWN[language]
    procurement = page_text(built_pages / f"{prefix}hankinnat/p-1/index.html")
    assert code in procurement and second in procurement and example in procurement
    assert in_prefix in page_text(built_pages / f"{prefix}kriteerit/autot/index.html")
    assert code in page_text(built_pages / f"{prefix}toimenpiteet/2/index.html")
    assert code in page_text(built_pages / f"{prefix}tilannekatsaus/index.html")
    factor_name = {"fi": "Kuljetuspalvelut (jätteen kuljetusta lukuun ottamatta)",
                   "sv": "Transporter (utom avfallstransport)", "en": "Transport services (excl. Waste transport)"}
    assert f"60 {factor_name[language]}" in page_text(built_pages / f"{prefix}paastokertoimet/kertoimet/index.html")


def test_a_planned_procurement_is_listed_but_not_counted(built_pages):
    text = page_text(built_pages / "hankinnat/index.html")
    assert "Suunnitelma (suunnitteilla)" in text
    assert "Hankintoja 1 " in text
    assert "1 suunnitteilla oleva hankinta (ennakkoilmoitus) on listassa, mutta ei luvuissa" in text
    data = json.loads((built_pages / "data/procurements.json").read_text(encoding="utf-8"))
    assert data["code_lists"]["cpv"]["vocabulary"] == "CPV 2008 (Commission Regulation (EC) No 213/2008)"
    assert "eForms SDK 1.15.1" in data["code_lists"]["cpv"]["names"]
