"""`new KIND`: a file for every kind, valid as written and with every optional field filled in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import TINY_CONFIG
from schema_check import schema_problems
from tools import ROOT

from katalogi.base.paths import SCHEMAS_DIR
from katalogi.cli import cli
from katalogi.content.model import CONTENT_TYPES
from katalogi.generate.json_schema import write_schemas

TYPES = {content_type.kind: content_type for content_type in CONTENT_TYPES}
NAMED_KINDS = sorted(kind for kind in TYPES if kind != "action")

# The items the scaffolds' examples refer to, for files with every optional field filled in.
REFERENCED = {
    "content/categories/hankinnat.yaml": None,
    "content/categories/c.yaml": "id: hankinnat\nname: H\n",
    "content/categories/ilmasto.yaml": "id: ilmasto\nname: I\n",
    "content/organisations/palu.yaml": "id: palu\nname: P\n",
    "content/organisations/palu-ympa.yaml": "id: palu-ympa\nname: P\nparent: palu\n",
    "content/contacts/mia-malin.yaml": "id: mia-malin\nname: M\n",
    "content/indicators/i.yaml": "id: ilmastokriteerien-osuus\nname: I\n",
    "content/emission_factors/e.yaml": "id: esimerkki-2024\nname: E\nsource: S\nyear: 2024\nversion: '1'\n"
                                       "factors:\n  - cpv: '60'\n    factor: 0.4\n",
    "content/actions/111.yaml": "id: \"111\"\nname: A\ndescription: D.\nstatus: on_time\n",
    "content/criteria/k.yaml": "id: pks-kevyet-kuljetukset\nname: K\nlevel: joint-minimum\ntext: T.\n",
}


ROLES = "dependency_roles:\n  - id: requires\n    label: Edellyttää\n    reverse_label: Edellytys\n"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def uncomment_fields(text: str) -> str:
    """Remove '# ' before every commented-out field; keep the explanations and the modeline commented, and
    superseded_by, which an action merged_into another cannot have too."""
    lines = []
    for line in text.splitlines():
        body = line.removeprefix("# ")
        is_field = body.startswith(" ") or body.split(":")[0].isidentifier() and not body[:1].isupper()
        lines.append(body if is_field and not body.startswith("superseded_by:") else line)
    return "\n".join(lines) + "\n"


def new_file(root: Path, kind: str, identifier: str | None = None) -> Path:
    result = run("new", kind, *([identifier] if identifier else []), "-C", str(root))
    assert result.exit_code == 0, result.output
    relative = result.output.removeprefix("Wrote ").strip()
    assert relative.startswith(f"content/{TYPES[kind].folder}/")
    return root / relative


@pytest.mark.parametrize("kind", NAMED_KINDS)
def test_new_item_is_named_lists_every_field_and_passes_check(project, kind):
    root = project()
    result = run("new", kind, "uusi-1", "-C", str(root))
    assert (result.exit_code, result.output) == (0, f"Wrote content/{TYPES[kind].folder}/uusi-1.yaml\n")
    text = (root / f"content/{TYPES[kind].folder}/uusi-1.yaml").read_text(encoding="utf-8")
    for field in TYPES[kind].schema.fields:
        assert f"{field.name}:" in text and field.doc in text
    assert yaml.safe_load(text)["id"] == "uusi-1"
    assert run("check", "-C", str(root)).exit_code == 0


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_first_line_names_the_kinds_schema_relative_to_the_file(project, kind):
    root = project()
    write_schemas(root / SCHEMAS_DIR)
    path = new_file(root, kind, None if kind == "action" else "uusi")
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve() == (root / SCHEMAS_DIR / f"{kind}.schema.json").resolve()


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_every_optional_field_uncommented_passes_check_and_the_schema(project, kind):
    root = project(REFERENCED, config=TINY_CONFIG + ROLES)
    path = new_file(root, kind, None if kind == "action" else "uusi")
    text = uncomment_fields(path.read_text(encoding="utf-8"))
    assert [line for line in text.splitlines() if line.startswith("#") and ":" in line
            and not line[2:3].isupper() and not line.startswith(("# yaml-language-server:", "# superseded_by:"))] == []
    path.write_text(text, encoding="utf-8")
    result = run("check", "-C", str(root))
    assert result.exit_code == 0, result.output
    assert schema_problems(path.relative_to(root).as_posix(), text) == []


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_new_file_as_written_passes_the_schema(project, kind):
    root = project()
    path = new_file(root, kind, None if kind == "action" else "uusi")
    assert schema_problems(path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")) == []


def test_an_identifier_that_looks_like_a_number_is_quoted(project):
    root = project()
    path = new_file(root, "category", "2035")
    assert 'id: "2035"' in path.read_text(encoding="utf-8")
    assert run("check", "-C", str(root)).exit_code == 0


def test_a_named_kind_needs_an_identifier(project):
    result = run("new", "contact", "-C", str(project()))
    assert result.exit_code == 2 and result.output.endswith("Error: Missing argument 'IDENTIFIER'.\n")


@pytest.mark.parametrize("identifier, message", [
    ("Mia Malin", "'Mia Malin' is not a safe identifier: use 1-63 lower-case letters a-z, digits, '-' or '_', "
                  "starting with a letter or digit; for example mia-malin"),
    ("../mia", "'../mia' is not a safe identifier: use 1-63 lower-case letters a-z, digits, '-' or '_', "
               "starting with a letter or digit; for example mia"),
    ("nul", "'nul' is a reserved file name on Windows, where the site's folder could not be created; choose another "
            "identifier"),
])
def test_an_unsafe_identifier_is_refused(project, identifier, message):
    root = project()
    result = run("new", "contact", identifier, "-C", str(root))
    assert (result.exit_code, result.output) == (1, f"{message}\n")
    assert sorted(path.name for path in (root / "content/contacts").iterdir()) == ["mia.yaml"]


def test_an_existing_identifier_is_refused_whatever_its_file_is_called(project):
    root = project()
    result = run("new", "contact", "mia", "-C", str(root))
    assert (result.exit_code, result.output) == (
        1, "content/contacts/mia.yaml already has the contact 'mia'; nothing was written\n")
    result = run("new", "organisation", "kaupunki", "-C", str(root))
    assert (result.exit_code, result.output) == (
        1, "content/organisations/kaupunki.yaml already has the organisation 'kaupunki'; nothing was written\n")


def test_a_file_is_never_overwritten(project):
    root = project({"content/contacts/uusi.yaml": "id: toinen\nname: T\n"})
    result = run("new", "contact", "uusi", "-C", str(root))
    assert (result.exit_code, result.output) == (1, "content/contacts/uusi.yaml already exists; "
                                                    "nothing was written\n")
    assert (root / "content/contacts/uusi.yaml").read_text(encoding="utf-8") == "id: toinen\nname: T\n"


def test_vscode_settings_map_every_content_folder_and_the_config_to_its_schema():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    expected = {f"{SCHEMAS_DIR}/{t.kind}.schema.json": [f"content/{t.folder}/*.yaml"] for t in CONTENT_TYPES}
    expected[f"{SCHEMAS_DIR}/site_config.schema.json"] = ["site_config.yaml"]
    assert settings["yaml.schemas"] == expected
    assert all((ROOT / schema).is_file() for schema in expected)
    assert settings["yaml.yamlVersion"] == "1.2"  # the reading the schemas are written for
    assert "redhat.vscode-yaml" in json.loads((ROOT / ".vscode/extensions.json").read_text())["recommendations"]
