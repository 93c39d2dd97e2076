"""Open data: JSON valid against its published JSON Schema, CSV that Finnish Excel opens, no hidden e-mail."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from pathlib import Path

import pytest

from katalogi.pipeline import Project, build

jsonschema = pytest.importorskip("jsonschema", reason="the open data tests validate with the jsonschema package")

ROOT = Path(__file__).resolve().parent.parent
LICENCE = "licence:\n  name: CC0 1.0\n  url: https://creativecommons.org/publicdomain/zero/1.0/\n"


@pytest.fixture
def built(project, tmp_path):
    def make(config_extra: str = "") -> Path:
        config = (project().joinpath("site_config.yaml").read_text(encoding="utf-8") + "languages: [fi, en]\n"
                  + config_extra)
        root = project({"content/contacts/mia.yaml": "id: mia\nname: Mia Malin\nemail: mia.malin@example.org\n",
                        "content/actions/3.yaml": textwrap.dedent("""\
                            id: "3"
                            name:
                              fi: Kolmas; puolipisteellä
                              en: The third
                            description: Kuvaus.
                            status: on_time
                            emission_reduction:
                              value: 12.5
                              basis: Arvio.
                            procurement_volume: 1000000
                            """)}, config=config)
        out = root / "out"
        build(Project(root), out, search=False)
        return out
    return make


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_json_file_validates_against_its_published_schema(built):
    out = built()
    for data, schema in (("actions.json", "actions"), ("indicators.json", "indicators"),
                         ("actions/1.json", "action"), ("actions/3.json", "action")):
        schema_document = load(out / f"data/schema/{schema}.schema.json")
        jsonschema.Draft202012Validator.check_schema(schema_document)
        jsonschema.validate(load(out / "data" / data), schema_document)
    actions = load(out / "data/actions.json")
    assert [action["id"] for action in actions["actions"]] == ["1", "2", "3"]
    third = load(out / "data/actions/3.json")["action"]
    assert third["name"] == {"fi": "Kolmas; puolipisteellä", "en": "The third"}
    assert third["url"] == "/toimenpiteet/3/"
    assert actions["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    first = actions["actions"][0]
    assert [task["state"] for task in first["tasks"]] == ["completed", "not_started"]
    assert first["organisations"][0]["name"] == {"fi": "Ympäristöpalvelut"}


def test_the_licence_comes_from_site_config_and_is_on_the_open_data_page(built):
    out = built(LICENCE + "site_url: https://www.example.org\n")
    assert load(out / "data/actions.json")["licence"]["name"] == "CC0 1.0"
    assert load(out / "data/actions/1.json")["action"]["url"] == "https://www.example.org/toimenpiteet/1/"
    page = (out / "avoin-data/index.html").read_text(encoding="utf-8")
    assert '<a href="https://creativecommons.org/publicdomain/zero/1.0/">CC0 1.0</a>' in page
    for link in ("/data/actions.json", "/data/actions.csv", "/data/indicators.json",
                 "/data/schema/actions.schema.json", "/data/actions/1.json"):
        assert f'href="{link}"' in page, link


def test_csv_opens_in_finnish_excel(built):
    raw = (built() / "data/actions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte order mark tells Excel the file is UTF-8"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:4] == ["id", "name", "status", "status_label"]
    assert b"\r\n" in raw
    third = next(row for row in rows if row[0] == "3")
    assert third[1] == "Kolmas; puolipisteellä", "a semicolon in a text is quoted"
    header = rows[0]
    assert third[header.index("emission_reduction_t_co2e")] == "12,5", "decimal comma"
    assert third[header.index("procurement_volume_eur")] == "1000000"


def test_contact_emails_are_in_the_data_only_when_shown_on_the_site(built):
    hidden = built()
    assert "mia.malin@example.org" not in "".join(
        path.read_text(encoding="utf-8") for path in (hidden / "data").rglob("*") if path.is_file())
    shown = built("show_contact_email: true\n")
    assert load(shown / "data/actions/1.json")["action"]["contacts"][0]["email"] == "mia.malin@example.org"
