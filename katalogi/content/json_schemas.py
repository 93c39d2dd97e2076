"""JSON Schemas (draft-07) of every content type and of site_config.yaml, made from model.py and the site's own
fields (site_config.yaml's attributes).

Editors' tools read them: VS Code's YAML extension completes field names, shows
each field's meaning and marks mistakes as the editor types. The build publishes
them under /schemas/ for the site's configuration; `python -m katalogi.generate.json_schema
[FOLDER]` (`make docs`) writes them into a project's schemas/ folder, where a new file's
first line points (scaffold.py).

The schemas check one file at a time. What needs the whole catalogue (unknown
references, duplicate identifiers, parent loops) and what JSON Schema cannot say
(2019-02-31 is not a date, a timespan ends after it starts) is checked by `check`
alone; tests/generate/test_json_schema.py lists those differences.
"""

from __future__ import annotations

import json

from .attributes import Attributes, declared_schema
from .model import CONTENT_TYPES, completed_date_iff_completed, schema_file, timespan_is_ordered
from .schema import Object
from .settings import SITE_CONFIG

NO_ATTRIBUTES = Attributes()
DRAFT_07 = "http://json-schema.org/draft-07/schema#"

# The rules of model.py that JSON Schema can express, as if/then/else. A property whose schema is `false`
# must not be there; VS Code's YAML extension then marks that property with `errorMessage`, check's words.
RULE_SCHEMAS = {
    completed_date_iff_completed: {
        "if": {"properties": {"state": {"const": "completed"}}, "required": ["state"]},
        "then": {"required": ["completed"], "errorMessage": "completed: required when state is completed"},
        "else": {"properties": {"completed": False}, "errorMessage": "only a completed task has a completion date"},
    },
    # Only its first half: that the end comes after the start is checked by `check`.
    timespan_is_ordered: {
        "if": {"properties": {"continuous": {"const": True}}, "required": ["continuous"]},
        "then": {"properties": {"end": False}, "errorMessage": "a continuous action has no end date"},
    },
}


def document_schema(title: str, description: str, declaration: Object) -> dict:
    return {
        "$schema": DRAFT_07,
        "title": title,
        "description": description + " Generated from katalogi/model.py by `make docs`; do not edit.",
        **declaration.json_schema(RULE_SCHEMAS),
    }


def all_schemas(attributes: Attributes = NO_ATTRIBUTES) -> dict[str, dict]:
    """Every schema, by file name: one per content type and one for site_config.yaml; `attributes:` of actions
    and categories as the site's configuration declares them."""
    schemas = {
        schema_file(content_type.kind): document_schema(
            content_type.kind.capitalize(), f"One file in content/{content_type.folder}/.", content_type.schema)
        for content_type in CONTENT_TYPES
    }
    for kind in ("action", "category"):
        if attributes.of(kind):
            schemas[schema_file(kind)]["properties"]["attributes"] = {
                **declared_schema(attributes.of(kind)),
                "description": schemas[schema_file(kind)]["properties"]["attributes"]["description"]}
    procurement = schemas[schema_file("procurement")]
    record = {key: value for key, value in procurement.items() if key not in ("$schema", "title", "description")}
    schemas[schema_file("procurement")] = {
        **{key: procurement[key] for key in ("$schema", "title")},
        "description": "One file in content/procurements/: one procurement, or many as the list `procurements:`. "
                       "Generated from katalogi/model.py by `make docs`; do not edit.",
        "definitions": {"procurement": record},
        "oneOf": [{"$ref": "#/definitions/procurement"},
                  {"type": "object", "required": ["procurements"], "additionalProperties": False,
                   "properties": {"procurements": {"type": "array", "items": {"$ref": "#/definitions/procurement"}}}}],
    }
    schemas[schema_file("site_config")] = document_schema(
        "Site configuration", "The file site_config.yaml.", SITE_CONFIG)
    return schemas


def schema_texts(attributes: Attributes = NO_ATTRIBUTES) -> dict[str, str]:
    """The files to write, by name: stable JSON, so regenerating gives the same bytes."""
    return {name: json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
            for name, schema in all_schemas(attributes).items()}
