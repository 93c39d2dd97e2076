"""Content files read as VS Code's YAML extension reads them (YAML 1.2 core schema) and checked against the
JSON Schemas: shared by the schema and scaffold tests."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import yaml
from tools import ROOT

from katalogi.content.json_schemas import all_schemas
from katalogi.content.model import CONTENT_TYPES, schema_file
from katalogi.generate.json_schema import project_attributes

KIND_BY_FOLDER = {content_type.folder: content_type.kind for content_type in CONTENT_TYPES}


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core schema: null, true/false, decimal, octal (0o) and hex integers, floats; all else is text."""


def construct_int(loader, node):
    text = loader.construct_scalar(node)
    base = {"0o": 8, "0x": 16}.get(text[:2], 10)
    return int(text[2:] if base != 10 else text, base)


def construct_float(loader, node):
    text = loader.construct_scalar(node).lower()
    return float(text.replace(".inf", "inf").replace(".nan", "nan"))


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in (
    ("null", r"~|null|Null|NULL|", list("~nN") + [""]),
    ("bool", r"true|True|TRUE|false|False|FALSE", list("tTfF")),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", list("-+0123456789")),
    ("float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN",
     list("-+.0123456789")),
):
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(f"^(?:{pattern})$"), first)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", construct_float)


def read_yaml(text: str):
    return yaml.load(text, Loader=Yaml12Loader)  # noqa: S506 - a SafeLoader subclass


SAMPLE = project_attributes(ROOT)  # the sample's own fields, as its site_config.yaml declares them


def schema_for(relative: str) -> dict:
    if relative == "site_config.yaml":
        return all_schemas(SAMPLE)[schema_file("site_config")]
    return all_schemas(SAMPLE)[schema_file(KIND_BY_FOLDER[Path(relative).parent.name])]


def schema_problems(relative: str, text: str) -> list[str]:
    validator = jsonschema.Draft7Validator(schema_for(relative))
    return sorted(f"{'.'.join(map(str, error.absolute_path))}: {error.message}"
                  for error in validator.iter_errors(read_yaml(text)))
