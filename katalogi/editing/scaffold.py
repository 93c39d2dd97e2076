"""`new`: write a content file with every field present and explained.

The file is generated from the declarations in model.py, so it always lists
exactly the fields the validator accepts. Required fields get values that pass
`check`; optional ones are commented out with an example. The first line names
the kind's JSON Schema, so VS Code's YAML extension completes and checks fields.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import yaml

from ..base import problems, said
from ..base.errors import BuildFailed, Failure
from ..base.messages import SOURCE_LANGUAGE, catalogue_of
from ..base.paths import CONTENT_DIR, SCHEMAS_DIR
from ..build.pipeline import Project, read_items
from ..content.attributes import Attribute, AttributeValues, in_branch
from ..content.checker import Invalid
from ..content.config import load_config
from ..content.field_types import Boolean, Date, Identifier, Integer, Markdown, Number
from ..content.files import reserved_name
from ..content.i18n import resolve
from ..content.model import CONTENT_TYPES, ContentType, schema_file
from ..content.schema import Field, ListOf, Object
from ..site.quality import PLACEHOLDERS

PLAIN_TYPES = (Date, Integer, Number, Boolean)

def scalar(value, field_type) -> str:
    """Write a value so that any YAML reader reads back the same type."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(field_type, PLAIN_TYPES):
        return text
    if not re.search(r": | #|:$|^[-?:,\[\]{}#&*!|>'\"%@`\s]|\s$", text) and isinstance(yaml.safe_load(text), str):
        return text  # the characters first: a leading '%' is a directive, which safe_load refuses
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
    if isinstance(field_type, AttributeValues):  # the site declares no fields of its own
        return [f"{indent}{declared.name}: {{}}"]
    return [f"{indent}{declared.name}: {scalar(value, field_type)}"]


def modeline(schema_path: str) -> str:
    """The comment that tells the YAML language server (VS Code's YAML extension) which schema applies."""
    return f"# yaml-language-server: $schema={schema_path}"


def branch_of(attribute: Attribute, categories: list) -> list[str]:
    """The categories a category field may name, by identifier."""
    parents = {item.id: item.fields.get("parent") for item in categories}
    return sorted(identifier for identifier in parents
                  if attribute.under is None or in_branch(identifier, attribute.under, parents))


def attribute_example(attribute: Attribute, config, categories: list[str]):
    """A value of one of the city's fields that `check` accepts (a text: the field's name)."""
    if attribute.type in ("choice", "ordered_choice"):
        return attribute.choices[0].id
    if attribute.type == "category":
        return categories[0] if categories else "kategoria"
    return {"number": 0, "date": config.as_of, "boolean": False}.get(
        attribute.type, str(resolve(attribute.label, config.default_language, config.default_language)))


def attribute_lines(attributes: tuple[Attribute, ...], written: dict, examples: dict, language: str,
                    default: str) -> list[str]:
    """`attributes:` with every declared field explained: those `written` (the required ones) with their value,
    the others commented out with an example (removing '# ' leaves them indented as they must be)."""
    commented = not written
    lines = ["# attributes:" if commented else "attributes:"]
    for attribute in attributes:
        required = problems.SCAFFOLD_REQUIRED().render(language) if attribute.required else ""
        lines.append(f"{'# ' if commented else ''}  # {resolve(attribute.help or attribute.label, language, default)}"
                     f"{required}")
        if attribute.id in written:
            lines.append(f"  {attribute.id}: {scalar(written[attribute.id], attribute.field_type)}")
        else:
            lines.append(f"#   {attribute.id}: {scalar(examples[attribute.id], attribute.field_type)}")
    return lines


def scaffold(schema: Object, values: dict, title: str, schema_path: str | None = None,
             language: str = SOURCE_LANGUAGE, attributes: tuple[Attribute, ...] = (),
             examples: dict | None = None, default: str = "fi") -> str:
    """A commented YAML file in the editor's language: given `values` filled in, other fields commented out;
    `attributes`: the city's own fields of the kind, `examples` a value of each."""
    lines = [modeline(schema_path)] if schema_path else []
    lines += [f"# {title}", f"# {problems.SCAFFOLD_OPTIONAL().render(language)}",
              f"# {problems.SCAFFOLD_CHECK().render(language)}", ""]
    docs = catalogue_of(language)
    for declared in schema.fields:
        required = problems.SCAFFOLD_REQUIRED().render(language) if declared.required else ""
        lines.append(f"# {docs.gettext(declared.doc)}{required}")
        if isinstance(declared.type, AttributeValues) and attributes:
            lines += attribute_lines(attributes, values.get(declared.name) or {}, examples or {}, language, default)
        elif declared.name in values:
            lines += field_lines(declared, values[declared.name], "")
        else:
            lines += [f"# {line}" for line in field_lines(declared, declared.example, "")]
        lines.append("")
    return "\n".join(lines)


def next_action_id(identifiers: list[str]) -> str:
    """One more than the largest numeric identifier; 1 in an empty catalogue."""
    numbers = [int(identifier) for identifier in identifiers if identifier.isdigit()]
    return str(max(numbers, default=0) + 1)


def checked_identifier(identifier: str, kind: str) -> str:
    """An identifier given on the command line, held to the rules `check` applies to the file."""
    try:
        identifier = Identifier().parse(identifier)
    except Invalid as problem:
        raise Failure(problem.message) from None
    if reserved_name(identifier):
        raise Failure(problems.RESERVED_ID(id=identifier))
    return identifier


def write_new(project: Project, kind: str, identifier: str | None = None, language: str = SOURCE_LANGUAGE) -> Path:
    """Write content/<folder>/<identifier>.yaml, ready to edit and valid as written.

    An action without an identifier takes the next free number. Nothing is
    written over an existing file or an item of the same identifier.
    """
    content_type = next(t for t in CONTENT_TYPES if t.kind == kind)
    config, errors = load_config(project.root)
    if config is None and kind == "action":  # a new action's status comes from the configuration
        raise BuildFailed(errors)
    items, _ = read_items(project)
    existing = {item.id: item.path for item in items if item.kind == kind}
    if identifier is None:
        identifier = next_action_id(list(existing))
    identifier = checked_identifier(identifier, kind)
    if identifier in existing:
        raise Failure(said.ITEM_EXISTS(path=existing[identifier], kind=problems.KIND_NAMES[kind](), id=identifier))
    path = project.root / CONTENT_DIR / content_type.folder / f"{identifier}.yaml"
    if path.exists():  # a file named like the identifier may hold another one: never overwrite it
        raise Failure(said.FILE_EXISTS(path=path.relative_to(project.root).as_posix()))
    values = {"id": identifier, **{field: placeholder().render(language)
                                   for field, placeholder in PLACEHOLDERS[kind].items()}}
    values.update({field.name: field.example for field in content_type.schema.fields  # other required fields
                   if field.required and field.name not in values and field.example is not None})
    if kind == "action" and config.status_from == "editor":  # a derived status needs no field
        values["status"] = sorted(config.statuses, key=lambda status: status.closes)[0].id
    if kind == "procurement":  # who and when are required: a unit of the catalogue, and the as-of day
        organisations = sorted(item.id for item in items if item.kind == "organisation")
        if organisations:
            values["organisation"] = organisations[0]
        values["date"] = (config.as_of if config is not None else datetime.date(2000, 1, 1)).isoformat()
    attributes = config.attributes.of(kind) if config is not None else ()
    categories = [item for item in items if item.kind == "category"]
    examples = {attribute.id: attribute_example(attribute, config, branch_of(attribute, categories))
                for attribute in attributes}
    required = {attribute.id: examples[attribute.id] for attribute in attributes if attribute.required}
    if required:
        values["attributes"] = required
    path.parent.mkdir(parents=True, exist_ok=True)
    title = problems.SCAFFOLD_TITLE(kind=problems.KIND_NAMES[kind](), id=identifier).render(language)
    path.write_text(scaffold(content_type.schema, values, title[:1].upper() + title[1:],
                             schema_path_from(path, project, content_type), language, attributes, examples,
                             config.default_language if config is not None else "fi"), encoding="utf-8")
    return path.relative_to(project.root)


def schema_path_from(path: Path, project: Project, content_type: ContentType) -> str:
    """The kind's schema under schemas/, relative to the new file (as the modeline wants it)."""
    schema = project.root / SCHEMAS_DIR / schema_file(content_type.kind)
    return Path(os.path.relpath(schema, path.parent)).as_posix()
