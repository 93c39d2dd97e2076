"""The editors' catalogues: every text an editor reads, gathered from the code and merged into the .po files.

The texts are the messages of `problems.py` with their advice, and the meaning of
every field in `model.py` (the comments `new` writes, the hints of editors' tools).
`python -m katalogi.generate.catalogue` (part of `make messages`) merges them into
`locale/{fi,sv}/LC_MESSAGES/editor.po`: new texts come in untranslated, texts no
longer used go, and translations of unchanged texts stay. A test fails while the
catalogues are out of date or a text lacks its translation.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from ..base import every_problem
from ..base.messages import DOMAIN, LOCALE_DIR
from ..content.model import CONTENT_TYPES
from ..content.schema import ListOf, Object
from ..content.settings import SITE_CONFIG

TRANSLATED = ("fi", "sv")  # English is the text itself


def field_docs(schema: Object) -> list[str]:
    """The meaning of every field of a schema and of its nested fields, in declaration order."""
    docs = []
    for declared in schema.fields:
        docs.append(declared.doc)
        nested = declared.type.item if isinstance(declared.type, ListOf) else declared.type
        if isinstance(nested, Object):
            docs += field_docs(nested)
    return docs


def texts() -> list[tuple[str | tuple[str, str], str]]:
    """(msgid, or (singular, plural), a note for translators) of every editor text, each once, in a stable order."""
    found: dict = {}
    for name, problem in every_problem.ALL.items():
        msgid = (problem.text, problem.plural) if problem.plural else problem.text
        found.setdefault(msgid, f"problems.{name}")
        if problem.advice:
            found.setdefault(problem.advice, f"problems.{name}: what to do")
    for schema_name, schema in [*((t.kind, t.schema) for t in CONTENT_TYPES), ("site_config", SITE_CONFIG)]:
        for doc in field_docs(schema):
            found.setdefault(doc, f"model: a field of {schema_name}")
    return list(found.items())


def template() -> Catalog:
    catalog = Catalog(project="katalogi", domain=DOMAIN, fuzzy=False)
    for msgid, note in texts():
        catalog.add(msgid, auto_comments=[note])
    return catalog


def po_file(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def merged(language: str) -> str:
    """The language's catalogue with every current text and the translations it already has."""
    path = po_file(language)
    if path.is_file():
        with path.open("rb") as source:
            catalog = read_po(source, locale=language)
    else:
        catalog = Catalog(locale=language, project="katalogi", domain=DOMAIN, fuzzy=False)
    catalog.update(template(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    catalog.header_comment = (f"# What katalogi says to editors, in {language}. Written by"
                              " `python -m katalogi.generate.catalogue`\n# (make messages); translate the empty msgstr"
                              " entries.")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=120, omit_header=False, sort_output=False, ignore_obsolete=True,
             include_previous=False)
    return "\n".join(line for line in buffer.getvalue().decode("utf-8").splitlines()
                     if not line.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:', '"Generated-By:'))) + "\n"


if __name__ == "__main__":
    for language in sys.argv[1:] or TRANSLATED:
        po_file(language).parent.mkdir(parents=True, exist_ok=True)
        po_file(language).write_text(merged(language), encoding="utf-8")
