"""A city's own fields (site_config.yaml's attributes), each type end to end: checked like the built-in fields,
in the JSON Schema, the new scaffold, the workbook and back, on the pages, in the filter and in the open data."""

from __future__ import annotations

import csv
import datetime
import io
import json
import textwrap

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import TINY_CONFIG
from schema_check import read_yaml
from validation_cases import problems

from katalogi.build.pipeline import build, check_project
from katalogi.cli import cli
from katalogi.inputs.sources import Project
from katalogi.outputs.decap import decap_config

SWEDISH = TINY_CONFIG.replace("title: Testikatalogi\n", "title: Testikatalogi\nlanguages: [fi, sv]\n")
FIELDS = SWEDISH + textwrap.dedent("""\
    attributes:
      actions:
        - id: kuvaus
          type: text
          label:
            fi: Lisäkuvaus
            sv: Tilläggsbeskrivning
        - id: perustelu
          type: markdown
          label: Perustelu
          section: Perustelut
        - id: budjetti
          type: number
          unit: €
          label: Budjetti
          help: Vuosibudjetti euroina.
          section: Talous
        - id: rahoitus
          type: choice
          label: Rahoitus
          choices:
            - id: oma
              label: Oma budjetti
            - id: hanke
              label: Hankerahoitus
        - id: koko
          type: ordered_choice
          label: Koko
          required: true
          choices:
            - id: pieni
              label: Pieni
            - id: keski
              label: Keskikokoinen
            - id: suuri
              label: Suuri
        - id: paatos
          type: date
          label: Päätöspäivä
        - id: sitova
          type: boolean
          label: Sitova
        - id: teema
          type: category
          label: Teema
          under: teemat
      categories:
        - id: vastuu
          type: text
          label: Vastuu
    """)
CATEGORIES = {
    "content/categories/teemat.yaml": "id: teemat\nname: Teemat\n",
    "content/categories/ilmasto.yaml": "id: ilmasto\nname: Ilmasto\nparent: teemat\nattributes:\n  vastuu: Ympa\n",
}
GOOD = textwrap.dedent("""\
    id: "1"
    name: Ensimmäinen
    description: Kuvaus.
    status: on_time
    attributes:
      kuvaus:
        fi: Tarkempi kuvaus
        sv: Närmare beskrivning
      perustelu: "**Tärkeä** asia"
      budjetti: 12500,5
      rahoitus: hanke
      koko: keski
      paatos: 2019-05-02
      sitova: true
      teema: ilmasto
    """)
MINIMAL = 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: done\nattributes:\n  koko: pieni\n'


@pytest.fixture
def catalogue(project):
    return project({**CATEGORIES, "content/actions/1.yaml": GOOD, "content/actions/2.yaml": MINIMAL}, config=FIELDS)


def test_every_type_of_value_is_checked_as_the_built_in_fields_are(project):
    wrong = textwrap.dedent("""\
        id: "1"
        name: Ensimmäinen
        description: Kuvaus.
        status: on_time
        attributes:
          kuvaus: [a, b]
          perustelu: ""
          budjetti: paljon
          rahoitus: Hankerahoitus
          koko: suur
          paatos: 2019-13-02
          sitova: kyllä
          teema: hankinnat
          tyyppi: x
        """)
    root = project({**CATEGORIES, "content/actions/1.yaml": wrong, "content/actions/2.yaml": MINIMAL.replace(
        "attributes:\n  koko: pieni\n", "attributes:\n  teema: ilmastoo\n")}, config=FIELDS)
    assert problems(root) == [
        "content/actions/1.yaml:6: attributes.kuvaus: expected text, got a list",
        "content/actions/1.yaml:8: attributes.budjetti: expected a number, got 'paljon'",
        "content/actions/1.yaml:9: attributes.rahoitus: 'Hankerahoitus' is not allowed: write hanke (Hankerahoitus)",
        "content/actions/1.yaml:10: attributes.koko: 'suur' is not allowed (did you mean 'suuri'?)",
        "content/actions/1.yaml:11: attributes.paatos: impossible date 2019-13-02 (month must be in 1..12)",
        "content/actions/1.yaml:12: attributes.sitova: expected true or false, got 'kyllä'",
        "content/actions/1.yaml:13: attributes.teema: 'hankinnat' is not the category teemat or one below it",
        "content/actions/1.yaml:14: attributes.tyyppi: unknown field (expected one of: budjetti, koko, kuvaus, "
        "paatos, perustelu, rahoitus, sitova, teema); site_config.yaml's attributes declare the fields a city adds",
        "content/actions/2.yaml:5: attributes.koko: required field is missing",
        "content/actions/2.yaml:6: attributes.teema: unknown category 'ilmastoo' (did you mean 'ilmasto'?)",
    ]


def test_the_messages_speak_the_editors_language(project, monkeypatch):
    root = project({**CATEGORIES, "content/actions/2.yaml": MINIMAL.replace("koko: pieni", "kokko: pieni")},
                   config=FIELDS)
    result = CliRunner().invoke(cli, ["check", "-C", str(root), "--no-history", "--lang", "fi"])
    assert "content/actions/2.yaml:6: attributes.kokko: tuntematon kenttä (tarkoititko 'koko'?); kaupungin omat " \
           "kentät määritellään site_config.yaml-tiedoston attributes-kohdassa" in result.output.splitlines()


@pytest.mark.parametrize("declaration, message", [
    ("    - id: x\n      type: choice\n      label: X\n", "a field of type choice needs its choices"),
    ("    - id: x\n      type: text\n      label: X\n      unit: €\n", "only a field of type number has a unit"),
    ("    - id: x\n      type: number\n      label: X\n      under: teemat\n",
     "only a field of type category has under"),
    ("    - id: x\n      type: text\n      label: X\n      choices:\n        - id: a\n          label: A\n",
     "only a field of type choice or ordered_choice has choices"),
    ("    - id: x\n      type: choice\n      label: X\n      choices:\n        - id: a\n          label: A\n"
     "        - id: a\n          label: B\n", "the choice 'a' is listed twice"),
    ("    - id: koko\n      type: text\n      label: X\n", "the field 'koko' is declared twice, also on line 39"),
])
def test_a_declaration_is_checked(project, declaration, message):
    config = FIELDS.replace("  categories:\n", declaration + "  categories:\n")
    found = problems(project({**CATEGORIES, "content/actions/2.yaml": MINIMAL}, config=config))
    assert [line.split(": ", 2)[2] for line in found] == [message]
    assert found[0].startswith("site_config.yaml:") and ": attributes.actions[8]: " in found[0]


def test_a_type_it_does_not_know_and_a_branch_that_does_not_exist(project):
    config = FIELDS.replace("      type: boolean\n", "      type: kyllä/ei\n")
    found = problems(project({**CATEGORIES, "content/actions/2.yaml": MINIMAL}, config=config))
    assert found == ["site_config.yaml:54: attributes.actions[6].type: 'kyllä/ei' is not allowed: write boolean "
                     "(kyllä/ei)"]
    found = problems(project({**CATEGORIES, "content/actions/1.yaml": GOOD, "content/actions/2.yaml": MINIMAL},
                             config=FIELDS.replace("under: teemat", "under: teema")))
    assert found == ["site_config.yaml:56: attributes.actions: unknown category 'teema' (did you mean 'teemat'?)"]


def test_the_views_hold_clean_values_in_each_language(catalogue):
    editions = check_project(Project(catalogue, history=False))
    values = {entry.attribute.id: entry.value for entry in editions.default.actions_by_id["1"].attributes}
    assert values["kuvaus"] == "Tarkempi kuvaus" and values["budjetti"] == 12500.5 and values["sitova"] is True
    assert values["paatos"] == datetime.date(2019, 5, 2) and values["teema"].id == "ilmasto"
    swedish = {entry.attribute.id: entry for entry in editions["sv"].actions_by_id["1"].attributes}
    assert swedish["kuvaus"].value == "Närmare beskrivning"
    assert swedish["kuvaus"].attribute.label == "Tilläggsbeskrivning"
    assert [entry.attribute.id for entry in editions.default.actions_by_id["2"].attributes] == ["koko"]


def test_the_pages_show_each_value_in_its_section_and_the_filter_offers_the_choices(catalogue, tmp_path):
    out = tmp_path / "out"
    build(Project(catalogue, history=False), out, search=False)
    page = (out / "toimenpiteet/1/index.html").read_text(encoding="utf-8")
    more = page.split(">Lisätiedot</h2>", 1)[1].split("</section>", 1)[0]
    assert "<dt>Lisäkuvaus</dt>\n    <dd>Tarkempi kuvaus</dd>" in more
    assert "<dd>Hankerahoitus</dd>" in more and '<dd>Keskikokoinen <span class="scale">(2/3)</span></dd>' in more
    assert '<dd><time datetime="2019-05-02">02.05.2019</time></dd>' in more and "<dd>Kyllä</dd>" in more
    assert '<dd><a href="/kategoriat/ilmasto/">Ilmasto</a></dd>' in more
    assert "<dt>Budjetti</dt>\n    <dd>12\xa0500,5 €</dd>" in page.split(">Talous</h2>", 1)[1]
    assert "<strong>Tärkeä</strong> asia" in page.split(">Perustelut</h2>", 1)[1]
    assert "Närmare beskrivning" in (out / "sv/toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert "<dd>Ympa</dd>" in (out / "kategoriat/ilmasto/index.html").read_text(encoding="utf-8")
    listing = (out / "toimenpiteet/index.html").read_text(encoding="utf-8")
    assert '<select id="filter-koko" name="koko" data-attribute="attr-koko">' in listing
    assert '<option value="keski">Keskikokoinen</option>' in listing and 'data-attr-koko="keski"' in listing
    assert 'data-attr-rahoitus="hanke"' in listing and "data-attr-budjetti" not in listing


def test_the_open_data_carries_every_field(catalogue, tmp_path):
    out = tmp_path / "out"
    build(Project(catalogue, history=False), out, search=False)
    record = json.loads((out / "data/actions/1.json").read_text(encoding="utf-8"))["action"]
    assert record["attributes"] == {
        "kuvaus": {"fi": "Tarkempi kuvaus", "sv": "Närmare beskrivning"}, "perustelu": {"fi": "**Tärkeä** asia"},
        "budjetti": 12500.5, "rahoitus": "hanke", "koko": "keski", "paatos": "2019-05-02", "sitova": True,
        "teema": "ilmasto"}
    rows = list(csv.reader(io.StringIO((out / "data/actions.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    own = rows[0].index("Lisäkuvaus")
    assert rows[0][own:] == ["Lisäkuvaus", "Perustelu", "Budjetti", "Rahoitus", "Koko", "Päätöspäivä", "Sitova",
                             "Teema"]
    assert rows[1][own:] == ["Tarkempi kuvaus", "**Tärkeä** asia", "12500,5", "hanke", "keski", "2019-05-02",
                             "true", "ilmasto"]
    assert rows[2][own:] == ["", "", "", "", "pieni", "", "", ""]


def test_the_published_schema_checks_the_fields_as_check_does(catalogue, tmp_path):
    out = tmp_path / "out"
    build(Project(catalogue, history=False), out, search=False)
    schema = json.loads((out / "schemas/action.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    assert list(validator.iter_errors(read_yaml(GOOD))) == []
    bad = read_yaml(GOOD.replace("koko: keski", "koko: jattimainen").replace("sitova: true", "sitova: kyllä"))
    assert sorted(error.message for error in validator.iter_errors(bad)) == [
        "'jattimainen' is not one of ['pieni', 'keski', 'suuri']", "'kyllä' is not of type 'boolean'"]
    assert "'koko' is a required property" in [error.message for error in validator.iter_errors(
        read_yaml(MINIMAL.replace("  koko: pieni\n", "  sitova: false\n")))]
    category = json.loads((out / "schemas/category.schema.json").read_text(encoding="utf-8"))
    assert list(category["properties"]["attributes"]["properties"]) == ["vastuu"]


def test_new_writes_every_field_with_the_required_ones_filled_in(catalogue):
    result = CliRunner().invoke(cli, ["new", "action", "-C", str(catalogue), "--lang", "fi"])
    assert result.exit_code == 0, result.output
    text = (catalogue / "content/actions/3.yaml").read_text(encoding="utf-8")
    assert text.split("attributes:", 1)[1].splitlines()[:5] == [
        "", "  # Lisäkuvaus", "#   kuvaus: Lisäkuvaus", "  # Perustelu", "#   perustelu: Perustelu"]
    assert "  # Koko (pakollinen)\n  koko: pieni\n" in text and "#   teema: ilmasto\n" in text
    assert "#   paatos: 2019-06-01\n" not in text and "#   budjetti: 0\n" in text
    check = CliRunner().invoke(cli, ["check", "-C", str(catalogue), "--no-history"])
    assert check.exit_code == 0, check.output
    head, tail = text.split("attributes:", 1)  # the last field: uncomment every field of the city's own
    uncommented = head + "attributes:" + tail.replace("#   ", "  ")
    (catalogue / "content/actions/3.yaml").write_text(uncommented, encoding="utf-8")
    check = CliRunner().invoke(cli, ["check", "-C", str(catalogue), "--no-history"])
    assert check.exit_code == 0, check.output


def test_the_workbook_has_a_column_each_with_drop_downs_and_brings_edits_back(catalogue, tmp_path):
    workbook = tmp_path / "toimet.xlsx"
    exported = CliRunner().invoke(cli, ["export", "xlsx", "-C", str(catalogue), str(workbook), "--lang", "fi"])
    assert exported.exit_code == 0, exported.output
    book = openpyxl.load_workbook(workbook)
    sheet = book.worksheets[0]
    names = [cell.value for cell in sheet[2]]
    own = names.index("attributes.kuvaus.fi")
    assert names[own:] == ["attributes.kuvaus.fi", "attributes.kuvaus.sv", "attributes.perustelu.fi",
                           "attributes.perustelu.sv", "attributes.budjetti", "attributes.rahoitus", "attributes.koko",
                           "attributes.paatos", "attributes.sitova", "attributes.teema"]
    assert [cell.value for cell in sheet[1]][own:own + 2] == ["Lisäkuvaus [fi]", "Lisäkuvaus [sv]"]
    assert [cell.value for cell in sheet[3]][own:] == ["Tarkempi kuvaus", "Närmare beskrivning", "**Tärkeä** asia",
                                                       None, 12500.5, "hanke", "keski", datetime.datetime(2019, 5, 2),
                                                       True, "ilmasto"]
    lists = {str(rule.sqref).split(":")[0][:-1]: rule.formula1 for rule in sheet.data_validations.dataValidation}
    letter = openpyxl.utils.get_column_letter
    koko = book["lists"][lists[letter(own + 7)].split("!")[1].split(":")[0].replace("$", "")].column
    assert [row[0].value for row in book["lists"].iter_rows(min_col=koko, max_col=koko)][:4] == [
        "attributes.koko", "pieni", "keski", "suuri"]
    for column, value in ((own + 1, "Uusi kuvaus"), (own + 5, 99), (own + 7, "suuri"), (own + 8,
                          datetime.datetime(2020, 1, 31)), (own + 9, False)):
        sheet.cell(3, column, value)
    sheet.cell(4, own + 6, "oma")
    book.save(workbook)
    imported = CliRunner().invoke(cli, ["import", "xlsx", "-C", str(catalogue), str(workbook), "--lang", "fi"])
    assert imported.exit_code == 0, imported.output
    first = (catalogue / "content/actions/1.yaml").read_text(encoding="utf-8")
    assert "    fi: Uusi kuvaus\n" in first and "  budjetti: 99\n" in first and "  koko: suuri\n" in first
    assert "  paatos: 2020-01-31\n" in first and "  sitova: false\n" in first and "  teema: ilmasto\n" in first
    assert "  rahoitus: oma\n" in (catalogue / "content/actions/2.yaml").read_text(encoding="utf-8")
    sheet.cell(3, own + 7, "jattimainen")
    book.save(workbook)
    refused = CliRunner().invoke(cli, ["import", "xlsx", "-C", str(catalogue), str(workbook), "--lang", "en"])
    assert refused.exit_code == 1
    assert "attributes.koko: 'jattimainen' is not allowed (expected one of: keski, pieni, suuri)" in refused.output


def test_the_web_editor_offers_each_field_with_its_label_and_choices(catalogue):
    editions = check_project(Project(catalogue, history=False))
    collection = decap_config(editions.default.config)["collections"][0]
    own = next(field for field in collection["fields"] if field["name"] == "attributes")
    assert [(field["name"], field["label"], field["widget"]) for field in own["fields"]] == [
        ("kuvaus", "Lisäkuvaus (fi)", "string"), ("kuvaus__sv", "Lisäkuvaus (sv)", "string"),
        ("perustelu", "Perustelu (fi)", "markdown"), ("perustelu__sv", "Perustelu (sv)", "markdown"),
        ("budjetti", "Budjetti", "number"), ("rahoitus", "Rahoitus", "select"), ("koko", "Koko", "select"),
        ("paatos", "Päätöspäivä", "datetime"), ("boolean" and "sitova", "Sitova", "boolean"),
        ("teema", "Teema", "relation")]
    koko = next(field for field in own["fields"] if field["name"] == "koko")
    assert koko["required"] is True and koko["options"][1] == {"label": "Keskikokoinen", "value": "keski"}
    assert next(field for field in own["fields"] if field["name"] == "budjetti")["hint"] == "Vuosibudjetti euroina."
