"""Check documents against their content types, then check references between items.

Pure: documents in, items and errors out. Nothing here reads files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .errors import ContentError
from .load import Document, reserved_name
from .model import CONTENT_TYPES, ContentType
from .schema import Checker, Reference, suggestion


@dataclass(frozen=True)
class Item:
    """One validated content item: clean field values plus where each was written."""

    kind: str
    path: str
    line: int
    fields: dict
    lines: dict[str, int]
    references: tuple[Reference, ...]

    @property
    def id(self) -> str:
        return self.fields["id"]


def check_document(content_type: ContentType, document: Document, languages: tuple[str, ...] | None = None
                   ) -> tuple[Item, list[ContentError]]:
    """Apply a content type's schema to one document.

    The item comes back even when some fields are wrong, so that references to it
    and from it are still checked and one typo does not hide the next problem.
    """
    checker = Checker(document.path, languages)
    fields = content_type.schema.check(document.data, "", document.data.line, checker)
    item = Item(content_type.kind, document.path, document.data.line, fields, checker.lines,
                tuple(checker.references))
    return item, checker.errors


def check_unique(items: list[Item]) -> list[ContentError]:
    """Two items of one kind may not share an identifier; name both files."""
    first_by_key: dict[tuple[str, str], Item] = {}
    errors = []
    for item in sorted(items, key=lambda item: (item.path, item.line)):
        key = (item.kind, item.id)
        if key in first_by_key:
            first = first_by_key[key]
            first_place = f"{first.path}:{first.lines.get('id', first.line)}"
            errors.append(ContentError(
                item.path, item.lines.get("id", item.line), "id",
                f"duplicate {item.kind} identifier '{item.id}', also used in {first_place}",
            ))
        else:
            first_by_key[key] = item
    return errors


def check_reserved_ids(items: list[Item]) -> list[ContentError]:
    """Identifiers become folder names in output/; `con` or `nul` would break a copy of the site on Windows."""
    return [ContentError(item.path, item.lines.get("id", item.line), "id",
                         f"'{item.id}' is a reserved file name on Windows, where the site's folder "
                         "could not be created; choose another identifier")
            for item in items if reserved_name(item.id)]


def check_references(items: list[Item], known_ids: dict[str, set[str]]) -> list[ContentError]:
    """Every reference names an existing item.

    `known_ids` adds kinds kept outside content/ (statuses from the config); a
    reference to such a kind is skipped when its ids are not known.
    """
    checkable = {content_type.kind for content_type in CONTENT_TYPES} | set(known_ids)
    ids_by_kind: dict[str, set[str]] = defaultdict(set)
    for item in items:
        ids_by_kind[item.kind].add(item.id)
    for kind, ids in known_ids.items():
        ids_by_kind[kind] |= ids
    errors = []
    for item in items:
        for reference in item.references:
            if reference.kind not in checkable:
                continue
            candidates = ids_by_kind[reference.kind]
            if reference.id not in candidates:
                errors.append(ContentError(
                    item.path, reference.line, reference.field,
                    f"unknown {reference.kind} '{reference.id}'{suggestion(reference.id, candidates)}",
                ))
    return errors


def check_parent_cycles(items: list[Item]) -> list[ContentError]:
    """Organisations and categories form trees: following parents must end."""
    parent_of = {(item.kind, item.id): item.fields.get("parent") for item in items if "parent" in item.fields}
    items_by_key = {(item.kind, item.id): item for item in items}
    errors = []
    for (kind, identifier), item in sorted(items_by_key.items()):
        if (kind, identifier) not in parent_of:
            continue
        chain = [identifier]
        current = parent_of[(kind, identifier)]
        while current is not None and current not in chain and (kind, current) in parent_of:
            chain.append(current)
            current = parent_of[(kind, current)]
        if current == identifier:
            loop = " -> ".join([*chain, identifier])
            errors.append(ContentError(item.path, item.lines.get("parent", item.line), "parent",
                                       f"{kind} parents form a loop: {loop}"))
    return errors


def check_across(items: list[Item], known_ids: dict[str, set[str]]) -> list[ContentError]:
    """What no single file can tell: duplicate or reserved identifiers, unknown references, parent loops."""
    return (check_unique(items) + check_reserved_ids(items) + check_references(items, known_ids)
            + check_parent_cycles(items))
