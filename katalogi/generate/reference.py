"""The field tables of docs/content.md and docs/settings.md, generated from model.py so they cannot drift.

`python -m katalogi.generate.reference docs/content.md` (part of `make docs`) rewrites the tables
between the `<!-- fields:NAME -->` and `<!-- /fields -->` markers of the page it is given;
tests/generate/test_docs.py checks they are current.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..content.attributes import AttributeValues
from ..content.field_types import Choice, Date, Markdown, Ref, SiteUrl, Text
from ..content.model import CONTENT_TYPES
from ..content.schema import FieldType, ListOf, Object
from ..content.settings import SITE_CONFIG

SCHEMAS = {content_type.kind: content_type.schema for content_type in CONTENT_TYPES}
SCHEMAS.update(site_config=SITE_CONFIG)
MARKER = re.compile(r"(<!-- fields:(\w+) -->\n).*?(<!-- /fields -->)", re.S)


def type_name(field_type: FieldType) -> str:
    if isinstance(field_type, ListOf):
        return f"list of {type_name(field_type.item)}"
    if isinstance(field_type, Ref):
        return f"{field_type.kind} id"
    if isinstance(field_type, Choice):
        return " \\| ".join(f"`{option}`" for option in field_type.options)
    if isinstance(field_type, (Object, AttributeValues)):
        return "mapping"
    if isinstance(field_type, Markdown):
        return "Markdown"
    if isinstance(field_type, Date):
        return "date YYYY-MM-DD"
    if isinstance(field_type, SiteUrl):
        return "address https://host"
    if type(field_type) is Text:
        return "text"
    return type(field_type).__name__.lower()


def field_rows(schema: Object, prefix: str = "") -> list[str]:
    """One row per field; fields of nested mappings follow as `parent.field` or `list[].field`."""
    rows = []
    for declared in schema.fields:
        required = "yes" if declared.required else ""
        default = f" Default: `{str(declared.default).lower()}`." if declared.default not in (None, False) else ""
        name = prefix + declared.name
        rows.append(f"| `{name}` | {type_name(declared.type)} | {required} | {declared.doc}{default} |")
        nested = declared.type.item if isinstance(declared.type, ListOf) else declared.type
        if isinstance(nested, Object):
            rows += field_rows(nested, name + ("[]." if isinstance(declared.type, ListOf) else "."))
    return rows


def field_table(schema: Object) -> str:
    return "\n".join(["| field | type | required | meaning |", "|---|---|---|---|", *field_rows(schema)]) + "\n"


def refresh(text: str) -> str:
    return MARKER.sub(lambda m: m[1] + field_table(SCHEMAS[m[2]]) + m[3], text)


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/content.md")
    path.write_text(refresh(path.read_text(encoding="utf-8")), encoding="utf-8")
