"""Open data: JSON valid against its published JSON Schema, CSV that Finnish Excel opens (headed in the site's
default language; actions and tasks), no hidden e-mail."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from pathlib import Path

import pytest
import yaml

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project

jsonschema = pytest.importorskip("jsonschema", reason="the open data tests validate with the jsonschema package")

LICENCE = "licence:\n  name: CC0 1.0\n  url: https://creativecommons.org/publicdomain/zero/1.0/\n"


@pytest.fixture
def built(project, tmp_path):
    def make(config_extra: str = "", files: dict[str, str | None] | None = None, languages: str = "[fi, en]") -> Path:
        config = (project().joinpath("site_config.yaml").read_text(encoding="utf-8") + f"languages: {languages}\n"
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
                            """), **(files or {})}, config=config)
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
    for link in ("/data/actions.json", "/data/actions.csv", "/data/tasks.csv", "/data/indicators.json",
                 "/data/schema/actions.schema.json", "/data/actions/1.json"):
        assert f'href="{link}"' in page, link
    action_list = (out / "toimenpiteet/index.html").read_text(encoding="utf-8")
    assert 'href="/data/actions.csv"' in action_list and 'href="/data/tasks.csv"' in action_list


def test_csv_opens_in_finnish_excel(built):
    raw = (built() / "data/actions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte order mark tells Excel the file is UTF-8"
    rows = spreadsheet_rows(raw)
    assert rows[0][:4] == ["tunniste", "nimi", "tila", "tilan nimi"]
    assert b"\r\n" in raw
    third = next(row for row in rows if row[0] == "3")
    assert third[1] == "Kolmas; puolipisteellä", "a semicolon in a text is quoted"
    header = rows[0]
    assert third[header.index("päästövähennys (t CO2e/v)")] == "12,5", "decimal comma"
    assert third[header.index("hankintojen arvo (EUR/v)")] == "1000000"


def test_contact_emails_are_in_the_data_only_when_shown_on_the_site_with_consent(built):
    for extra in ("", "show_contact_email: true\n"):  # without public_email: true, never
        hidden = built(extra)
        assert "mia.malin@example.org" not in "".join(
            path.read_text(encoding="utf-8") for path in (hidden / "data").rglob("*") if path.is_file())
    shown = built("show_contact_email: true\n", {"content/contacts/mia.yaml": "id: mia\nname: Mia Malin\n"
                                                 "email: mia.malin@example.org\npublic_email: true\n"})
    assert load(shown / "data/actions/1.json")["action"]["contacts"][0]["email"] == "mia.malin@example.org"


def spreadsheet_rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


# What a spreadsheet user reads in the first row, by the site's default language (written out here, not taken
# from opendata.py, so that a changed heading is a decision).
TASK_HEADINGS = {
    "fi": ["toimenpide", "toimenpiteen nimi", "tehtävän numero", "tehtävä", "tila", "määräaika", "valmistunut",
           "myöhässä", "toimenpiteen osoite"],
    "sv": ["åtgärd", "åtgärdens namn", "uppgiftens nummer", "uppgift", "status", "tidsfrist", "slutförd",
           "försenad", "åtgärdens adress"],
    "en": ["action", "action name", "task number", "task", "state", "due", "completed", "overdue",
           "action address"],
}
ACTION_HEADINGS = {
    "fi": ["tunniste", "nimi", "tila", "tilan nimi", "toteutusvaihe", "alkaa", "päättyy", "jatkuva",
           "vastuuorganisaatiot", "kategoriat", "tehtäviä", "tehtäviä valmiina", "tehtäviä myöhässä",
           "päästövähennys (t CO2e/v)", "hankintojen arvo (EUR/v)", "GPP-taso", "CPV-koodit", "päivitetty",
           "liittyvät toimenpiteet", "riippuu toimenpiteistä", "yhdistetty toimenpiteeseen", "korvattu toimenpiteellä",
           "osoite"],
    "sv": ["id", "namn", "status", "statusens namn", "genomförandefas", "börjar", "slutar", "kontinuerlig",
           "ansvariga organisationer", "kategorier", "uppgifter", "uppgifter klara", "uppgifter försenade",
           "utsläppsminskning (t CO2e/år)", "upphandlingarnas värde (EUR/år)", "GPP-nivå", "CPV-koder", "uppdaterad",
           "relaterade åtgärder", "beror på åtgärder", "sammanslagen med åtgärd", "ersatt av åtgärd", "adress"],
    "en": ["id", "name", "status", "status name", "phase", "start", "end", "continuous", "responsible organisations",
           "categories", "tasks", "tasks completed", "tasks overdue", "emission reduction (t CO2e/yr)",
           "procurement volume (EUR/yr)", "GPP level", "CPV codes", "updated", "related actions", "depends on",
           "merged into", "superseded by", "address"],
}
YES_NO = {"fi": {"kyllä", "ei"}, "sv": {"ja", "nej"}, "en": {"yes", "no"}}


@pytest.mark.parametrize("default", ["fi", "sv", "en"])
def test_csv_headings_are_in_the_default_language(built, default):
    others = ", ".join(language for language in ("fi", "sv", "en") if language != default)
    # Action 3's name has no Swedish or English text, which a site in those languages requires.
    out = built(files={"content/actions/3.yaml": None}, languages=f"[{default}, {others}]")
    actions = spreadsheet_rows((out / "data/actions.csv").read_bytes())
    tasks = spreadsheet_rows((out / "data/tasks.csv").read_bytes())
    assert actions[0] == ACTION_HEADINGS[default]
    assert tasks[0] == TASK_HEADINGS[default]
    assert all(len(row) == len(actions[0]) for row in actions) and all(len(row) == len(tasks[0]) for row in tasks)
    assert {row[7] for row in tasks[1:]} <= YES_NO[default], "overdue is yes or no in the same language"


TASKS_ACTION = textwrap.dedent("""\
    id: "4"
    name: "+Neljäs"
    description: Kuvaus.
    status: on_time
    tasks:
      - name: "=1+2 laske"
        state: in_progress
        due: 2019-12-01
      - name:
          fi: "-Peruttu tehtävä"
          en: "-Cancelled task"
        state: cancelled
        due: 2019-06-01
      - name: "@myöhemmin; puolipisteellä"
        due: 2021-01-01
      - name: Valmistui myöhässä
        state: completed
        due: 2019-01-01
        completed: 2019-02-01
    """)


def guarded(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def expected_task_rows(root: Path) -> list[list[str]]:
    """tasks.csv as it should be, worked out from the content's YAML and the as_of date."""
    as_of = yaml.safe_load((root / "site_config.yaml").read_text(encoding="utf-8"))["as_of"]
    rows = []
    for path in sorted((root / "content/actions").glob("*.yaml"), key=lambda path: int(path.stem)):
        action = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, task in enumerate(action.get("tasks") or [], start=1):
            name = task["name"]["fi"] if isinstance(task["name"], dict) else task["name"]
            state = task.get("state", "not_started")
            overdue = state in ("not_started", "in_progress") and task.get("due") is not None and task["due"] < as_of
            rows.append([action["id"], guarded(action["name"]), str(number), guarded(name), state,
                         str(task.get("due") or ""), str(task.get("completed") or ""), "kyllä" if overdue else "ei",
                         f"/toimenpiteet/{action['id']}/"])
    return rows


def test_tasks_csv_has_a_row_for_every_task_in_the_content(built):
    out = built(files={"content/actions/4.yaml": TASKS_ACTION})
    raw = (out / "data/tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == raw.count(b"\n"), "BOM and CRLF, as actions.csv"
    rows = spreadsheet_rows(raw)
    assert rows[1:] == expected_task_rows(out.parent)
    assert len(rows) == 1 + 2 + 4, "action 1's two tasks and action 4's four; actions 2 and 3 have none"
    overdue = [row[3] for row in rows[1:] if row[7] == "kyllä"]
    assert overdue == ["'=1+2 laske"], "open and past due on as_of 2020-01-15; cancelled and completed ones are not"


def test_a_task_name_that_looks_like_a_formula_is_text_in_tasks_csv(built):
    rows = spreadsheet_rows((built(files={"content/actions/4.yaml": TASKS_ACTION}) / "data/tasks.csv").read_bytes())
    names = {row[3] for row in rows[1:] if row[0] == "4"}
    assert names == {"'=1+2 laske", "'-Peruttu tehtävä", "'@myöhemmin; puolipisteellä", "Valmistui myöhässä"}
    assert {row[1] for row in rows[1:] if row[0] == "4"} == {"'+Neljäs"}, "the action's name too"
