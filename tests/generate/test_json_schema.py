"""The JSON Schemas agree with `check`: they accept every shipped file and reject what `check` rejects in one file.

Files are read here the way VS Code's YAML extension (yaml-language-server, YAML
1.2 core schema) reads them, since that is who uses the schemas: `2035` is a
number, `true` a boolean, `2019-10-15` and `yes` are text. PyYAML's
`safe_load` follows YAML 1.1 instead (dates become datetime.date, `yes` becomes
true, `0111` an octal number), which is not what an editor's tool sees, so it
would test the schemas against data nobody validates.
"""

from __future__ import annotations

import datetime
import json
import re
import textwrap

import jsonschema
import pytest
from conftest import TINY_CONFIG
from hypothesis import given
from hypothesis import strategies as st
from schema_check import SAMPLE, read_yaml, schema_problems
from tools import ROOT
from validation_cases import CASES, CONFIG_CASES, problems

from katalogi.base.paths import SCHEMAS_DIR
from katalogi.build.pipeline import build, check_project
from katalogi.content.field_types import (
    CPV_CODE,
    HEX_COLOUR,
    IDENTIFIER,
    ISO_DATE,
    JSON_CPV_CODE,
    JSON_HEX_COLOUR,
    JSON_IDENTIFIER,
    JSON_ISO_DATE,
    JSON_SAFE_URL,
    SAFE_URL,
)
from katalogi.content.json_schemas import schema_texts
from katalogi.content.model import CONTENT_TYPES
from katalogi.generate.json_schema import project_attributes, write_schemas
from katalogi.inputs.sources import Project


def test_yaml_12_reading():
    assert read_yaml("a: 2019-10-15\nb: yes\nc: 0111\nd: 1,5\ne: 0o17\nf: true\ng:\nh: 1.5") == {
        "a": "2019-10-15", "b": "yes", "c": 111, "d": "1,5", "e": 15, "f": True, "g": None, "h": 1.5}


def test_committed_schemas_are_current():
    folder = ROOT / SCHEMAS_DIR
    committed = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*")}
    assert committed == schema_texts(SAMPLE), "run: make docs"


@pytest.mark.parametrize("name", sorted(schema_texts()))
def test_each_schema_is_valid_draft_07(name):
    schema = json.loads(schema_texts()[name])
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)


def test_there_is_a_schema_for_every_content_type_and_the_config():
    assert set(schema_texts()) == {f"{t.kind}.schema.json" for t in CONTENT_TYPES} | {"site_config.schema.json"}


SHIPPED = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "content").rglob("*.yaml")) + [
    "site_config.yaml"]


@pytest.mark.parametrize("relative", SHIPPED)
def test_every_shipped_file_is_valid(relative):
    assert schema_problems(relative, (ROOT / relative).read_text(encoding="utf-8")) == []


# test_validation's cases about one file's fields: the schema rejects each one too.
REJECTED_BY_BOTH = [
    "missing required field", "empty required field", "unknown field with suggestion",
    "unknown field without a close match", "unknown nested field", "wrong type: text instead of a list",
    "wrong type: not a date", "wrong type: a list instead of text", "wrong type: not a number",
    "wrong type: not true or false", "not an allowed choice", "the same reference twice in a list",
    "a link to another host without a scheme", "completed task without a completed date",
    "completed date on a task that is not completed", "completed date on a task without a state",
    "identifier that is not a safe URL path segment", "identifier with capitals and spaces",
    "a list instead of a mapping", "continuous timespan with an end", "link that could run script",
    "unknown phase", "CPV code without its check digit", "negative procurement volume",
    "emission estimate without its basis", "unknown GPP level", "not an allowed choice, and no label of one",
    # names and labels where an identifier belongs are not identifiers to the schema either
    "a status written as its label", "a contact written by name", "an organisation written by its abbreviation",
    "a name that is no item's, where an identifier belongs", "a pasted paragraph that YAML reads as a field",
    "a contact saved among the actions",
]
CONFIG_REJECTED_BY_BOTH = ["missing statuses", "bad colour", "stale threshold below one month", "unknown setting"]

# Known differences: `check` rejects these, the schema accepts them, and why.
CHECK_ONLY = {
    "impossible date": "a pattern cannot know how many days a month has",
    "unknown status": "statuses are declared in site_config.yaml, another file",
    "unknown category": "whether an item exists needs the whole catalogue",
    "unknown organisation": "whether an item exists needs the whole catalogue",
    "unknown contact": "whether an item exists needs the whole catalogue",
    "unknown indicator": "whether an item exists needs the whole catalogue",
    "unknown parent organisation": "whether an item exists needs the whole catalogue",
    "unknown organisation of a contact": "whether an item exists needs the whole catalogue",
    "same identifier in two files": "duplicates span files",
    "organisation parents forming a loop": "a loop spans files",
    "timespan ending before it starts": "JSON Schema cannot compare two values",
    "status missing where the editor sets it": "whether a status is needed depends on site_config.yaml",
    "status derived without the statuses it needs": "the statuses are declared in site_config.yaml",
    "a translation in a language the site does not have": "the site's languages are declared in site_config.yaml",
}
CONFIG_CHECK_ONLY = {
    "duplicate status": "JSON Schema's uniqueItems compares whole statuses, not their ids",
    "bad base path": "base_path is plain text in the model; config.py checks its form",
    "deriving statuses without the statuses it needs": "needs the ids of every status, a rule across the list",
}
# Not about fields: the file cannot be read as YAML, or is in no content folder. The YAML
# extension reports syntax, tabs, duplicate keys and an empty document itself.
NOT_ABOUT_FIELDS = {
    "yaml syntax error", "tab used for indentation", "file that is not UTF-8", "duplicate key", "empty file",
    "YAML tag that would run code", "file outside the content folders", "a field name without its colon",
    "a colon inside a text", "a paragraph pasted without indentation", "a quotation mark never closed",
    "a non-breaking space after a colon", "a non-breaking space after a list item's dash",
    "a non-breaking space as indentation", "a field name that is not text", "an empty field name",
    "a content file named .YAML", "a content file with .txt after .yaml",
}


def test_every_validation_case_is_classified():
    assert sorted([*REJECTED_BY_BOTH, *CHECK_ONLY, *NOT_ABOUT_FIELDS]) == sorted(CASES)
    assert sorted([*CONFIG_REJECTED_BY_BOTH, *CONFIG_CHECK_ONLY]) == sorted(CONFIG_CASES)


def changed_texts(files: dict) -> dict[str, str]:
    return {relative: text for relative, text in files.items() if isinstance(text, str)}


@pytest.mark.parametrize("name", REJECTED_BY_BOTH)
def test_schema_and_check_both_reject(project, name):
    files, expected = CASES[name]
    assert problems(project(files)) == expected
    assert any(schema_problems(relative, text) for relative, text in changed_texts(files).items())


@pytest.mark.parametrize("name", CONFIG_REJECTED_BY_BOTH)
def test_schema_and_check_both_reject_config(project, name):
    config, expected = CONFIG_CASES[name]
    assert problems(project({"content/actions/1.yaml": None, "content/actions/2.yaml": None},
                            config=config)) == expected
    assert schema_problems("site_config.yaml", config)


@pytest.mark.parametrize("name", sorted(CHECK_ONLY))
def test_only_check_rejects(project, name):
    files, expected = CASES[name]
    assert problems(project(files)) == expected
    for relative, text in changed_texts(files).items():
        assert schema_problems(relative, text) == [], relative


@pytest.mark.parametrize("name", sorted(CONFIG_CHECK_ONLY))
def test_only_check_rejects_config(name):
    config, _ = CONFIG_CASES[name]
    assert schema_problems("site_config.yaml", config) == []


ACTION = 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: done\n'

# Known differences the other way: the schema asks for more than `check`, and why.
SCHEMA_ONLY = {
    "an identifier YAML tools read as a number": (
        'id: 2\nname: Toinen\ndescription: Kuvaus.\nstatus: done\n',
        "quote it (id: \"0111\" would be 111 to them); docs/content.md asks for quotes"),
    "an optional field left empty": (
        ACTION + "lead:\n", "`check` reads it as left out; an editor's tool asks to delete the line"),
}


@pytest.mark.parametrize("name", sorted(SCHEMA_ONLY))
def test_only_the_schema_rejects(project, name):
    text, _ = SCHEMA_ONLY[name]
    root = project({"content/actions/2.yaml": text})
    check_project(Project(root))  # no BuildFailed
    assert schema_problems("content/actions/2.yaml", text)


# More known differences: numbers YAML 1.2 reads the same as plain ones, so a schema cannot tell them apart.
CHECK_ONLY_NUMBERS = {
    "a whole number written with a decimal point": ("order: 10.0\n", "order: expected a whole number, got '10.0'"),
    "a number in exponent notation": ("procurement_volume: 1e6\n", "procurement_volume: expected a number, got '1e6'"),
    "a hexadecimal number": ("procurement_volume: 0x10\n", "procurement_volume: expected a number, got '0x10'"),
}


@pytest.mark.parametrize("name", sorted(CHECK_ONLY_NUMBERS))
def test_only_check_rejects_unusual_numbers(project, name):
    line, message = CHECK_ONLY_NUMBERS[name]
    assert problems(project({"content/actions/2.yaml": ACTION + line})) == [f"content/actions/2.yaml:5: {message}"]
    assert schema_problems("content/actions/2.yaml", ACTION + line) == []


def test_numbers_and_decimal_commas_are_accepted_as_check_accepts_them():
    indicator = textwrap.dedent("""\
        id: osuus
        name: 2035
        values:
          - date: 2019-01-01
            value: 1,5
          - date: "2020-01-01"
            value: "12"
          - date: 2021-01-01
            value: -3.25
        """)
    assert schema_problems("content/indicators/osuus.yaml", indicator) == []


def ecma_search(pattern: str, text: str):
    """Search as JSON Schema's ECMA-262 regexes do, where `$` never matches before a final newline."""
    return re.search(re.sub(r"\$$", r"\\Z", pattern), text)


URL_TEXT = st.text(alphabet="hHtTpPsS:/\\mMaAiIlLoO@ .x\t", max_size=14)


@given(st.one_of(URL_TEXT, st.sampled_from(["https://", "mailto:", "/", "//", "/\\"]).flatmap(
    lambda start: URL_TEXT.map(lambda rest: start + rest))))
def test_url_pattern_agrees_with_the_checker(text):
    assert bool(ecma_search(JSON_SAFE_URL, text)) == bool(SAFE_URL.fullmatch(text)), text


@pytest.mark.parametrize("checker_pattern, json_pattern, alphabet", [
    (IDENTIFIER, JSON_IDENTIFIER, "az09_-A ./"),
    (CPV_CODE, JSON_CPV_CODE, "0123456789-x "),
    (HEX_COLOUR, JSON_HEX_COLOUR, "#0aFgz "),
], ids=["identifier", "cpv code", "colour"])
@given(data=st.data())
def test_patterns_agree_with_the_checker(checker_pattern, json_pattern, alphabet, data):
    # ASCII only: the checker's \d also takes other scripts' digits ('٠'), JSON Schema's [0-9] does not.
    text = data.draw(st.one_of(st.text(alphabet, max_size=70), st.from_regex(json_pattern)))
    assert bool(ecma_search(json_pattern, text)) == bool(checker_pattern.fullmatch(text)), text


@given(st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True))
def test_date_pattern_accepts_every_possible_date(text):
    year, month, day = map(int, ISO_DATE.fullmatch(text).groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        return  # impossible dates: see CHECK_ONLY
    assert ecma_search(JSON_ISO_DATE, text)


def test_the_build_publishes_the_schemas_of_its_configuration_and_rebuilds_them_when_it_changes(project):
    root = project()
    cache = root / ".katalogi-cache"
    build(Project(root), root / "output", cache_folder=cache)
    published = root / "output" / SCHEMAS_DIR
    assert {path.name: json.loads(path.read_text(encoding="utf-8")) for path in published.iterdir()} == {
        name: json.loads(text) for name, text in schema_texts().items()}
    assert "<" not in (published / "action.schema.json").read_text(encoding="utf-8"), "no text reads as markup"
    with (root / "site_config.yaml").open("a", encoding="utf-8") as config:
        config.write("attributes:\n  actions:\n    - id: koko\n      type: choice\n      label: Koko\n"
                     "      required: true\n      choices:\n        - id: pieni\n          label: Pieni\n")
    (root / "content/actions/1.yaml").write_text((root / "content/actions/1.yaml").read_text(encoding="utf-8")
                                                 + "attributes:\n  koko: pieni\n", encoding="utf-8")
    (root / "content/actions/2.yaml").write_text((root / "content/actions/2.yaml").read_text(encoding="utf-8")
                                                 + "attributes:\n  koko: pieni\n", encoding="utf-8")
    assert not build(Project(root), root / "output", cache_folder=cache).skipped
    action = json.loads((published / "action.schema.json").read_text(encoding="utf-8"))
    assert action["properties"]["attributes"]["properties"]["koko"]["enum"] == ["pieni"]
    assert action["properties"]["attributes"]["required"] == ["koko"]
    assert action["properties"]["attributes"]["additionalProperties"] is False


def test_schemas_written_for_a_project_hold_its_own_fields(project, tmp_path):
    root = project(config=TINY_CONFIG + "attributes:\n  categories:\n    - id: teema\n      type: category\n"
                   "      label: Teema\n      help: Kategorian teema.\n")
    write_schemas(tmp_path / "schemas", project_attributes(root))
    category = json.loads((tmp_path / "schemas/category.schema.json").read_text(encoding="utf-8"))
    assert category["properties"]["attributes"]["properties"]["teema"]["description"] == "Kategorian teema."
    assert category["properties"]["attributes"]["properties"]["teema"]["pattern"] == JSON_IDENTIFIER
