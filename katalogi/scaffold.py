"""`new`: write a content file with every field present and explained.

The file is generated from the declarations in model.py, so it always lists
exactly the fields the validator accepts. Required fields get values that pass
`check`; optional ones are commented out with an example.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import yaml

from .config import load_config
from .errors import BuildFailed
from .model import ACTION, CONTENT_TYPES
from .pipeline import CONTENT_DIR, Project, load_items
from .schema import Boolean, Date, Field, Integer, ListOf, Markdown, Number, Object

PLAIN_TYPES = (Date, Integer, Number, Boolean)


def scalar(value, field_type) -> str:
    """Write a value so that any YAML reader reads back the same type."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(field_type, PLAIN_TYPES):
        return text
    if isinstance(yaml.safe_load(text), str) and not re.search(r": | #|:$|^[-?:,\[\]{}#&*!|>'\"%@`\s]|\s$", text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def field_lines(declared: Field, value, indent: str) -> list[str]:
    """YAML lines for one field with its value (no comment markers)."""
    field_type = declared.type
    if isinstance(field_type, Object):
        lines = [f"{indent}{declared.name}:"]
        for sub in field_type.fields:
            lines += field_lines(sub, sub.example, indent + "  ")
        return lines
    if isinstance(field_type, ListOf):
        if isinstance(field_type.item, Object):
            lines = [f"{indent}{declared.name}:"]
            for position, sub in enumerate(field_type.item.fields):
                sub_lines = field_lines(sub, sub.example, indent + "    ")
                marker = "  - " if position == 0 else "    "
                lines += [indent + marker + sub_lines[0].lstrip(), *sub_lines[1:]]
            return lines
        items = value if isinstance(value, list) else [value]
        return [f"{indent}{declared.name}:", *(f"{indent}  - {scalar(item, field_type.item)}" for item in items)]
    if isinstance(field_type, Markdown):
        return [f"{indent}{declared.name}: |", f"{indent}  {value}"]
    return [f"{indent}{declared.name}: {scalar(value, field_type)}"]


def scaffold(schema: Object, values: dict, title: str) -> str:
    """A commented YAML file: given `values` filled in, other fields commented out."""
    lines = [f"# {title}", "# Optional fields are commented out: remove the '# ' in front of a field to use it.",
             "# Check the file with: python build.py check", ""]
    for declared in schema.fields:
        required = " (required)" if declared.required else ""
        lines.append(f"# {declared.doc}{required}")
        if declared.name in values:
            lines += field_lines(declared, values[declared.name], "")
        else:
            lines += [f"# {line}" for line in field_lines(declared, declared.example, "")]
        lines.append("")
    return "\n".join(lines)


def next_action_id(identifiers: list[str]) -> str:
    """One more than the largest numeric identifier; 1 in an empty catalogue."""
    numbers = [int(identifier) for identifier in identifiers if identifier.isdigit()]
    return str(max(numbers, default=0) + 1)


def write_new_action(project: Project) -> Path:
    """Write content/actions/<next id>.yaml, ready to edit and valid as written."""
    config, errors = load_config(project.root)
    if config is None:
        raise BuildFailed(errors)
    items, _ = load_items(project, config)
    identifier = next_action_id([item.id for item in items if item.kind == "action"])
    folder = next(t.folder for t in CONTENT_TYPES if t.kind == "action")
    path = project.root / CONTENT_DIR / folder / f"{identifier}.yaml"
    values = {
        "id": identifier,
        "name": "Uusi toimenpide",
        "description": "Kirjoita tähän, mitä toimenpide on ja miksi se tehdään.",
    }
    if config.status_from == "editor":  # a derived status needs no field
        values["status"] = sorted(config.statuses, key=lambda status: status.closes)[0].id
    if path.exists():  # a file named like the next number may hold another identifier: never overwrite it
        raise click.ClickException(f"{path.relative_to(project.root)} already exists; nothing was written")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold(ACTION, values, f"Action {identifier}"), encoding="utf-8")
    return path.relative_to(project.root)

