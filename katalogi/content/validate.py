"""Check documents against their content types, then check references between items.

Pure: documents in, items and errors out. Nothing here reads files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ..base import problems
from ..base.errors import ContentError, ContentWarning
from .checker import Checker, Reference, Translated, folded, label_code, slug, suggestion
from .emissions import check_calculations
from .field_types import IDENTIFIER
from .files import reserved_name
from .load import Document
from .model import CONTENT_TYPES, ContentType
from .relations import check_relations


@dataclass(frozen=True)
class Item:
    """One validated content item: clean field values plus where each was written.

    `warnings` are what the file's own check found that does not stop the build (a
    comment that cut a text short); `addresses` the links and images it shows.
    """

    kind: str
    path: str
    line: int
    fields: dict
    lines: dict[str, int]
    references: tuple[Reference, ...]
    warnings: tuple[ContentWarning, ...] = ()
    addresses: tuple[tuple[str, int, str, str], ...] = ()  # links and images: links.addresses_of
    translated: bool = False  # some text is written in several languages (else it needs no localising)

    @property
    def id(self) -> str:
        return self.fields["id"]


def check_document(content_type: ContentType, document: Document, languages: tuple[str, ...] | None = None
                   ) -> tuple[Item | None, list[ContentError]]:
    """Apply a content type's schema to one document.

    The item comes back even when some fields are wrong, so that references to it
    and from it are still checked and one typo does not hide the next problem. A file
    whose fields are plainly another kind's (a contact saved in actions/) gets one
    error that says where it belongs, instead of a list of unknown fields, and no item.
    """
    checker = Checker(document.path, languages, getattr(document.data, "comments", {}))
    fields = content_type.schema.check(document.data, "", document.data.line, checker)
    item = Item(content_type.kind, document.path, document.data.line, fields, checker.lines,
                tuple(checker.references), tuple(checker.warnings), translated=checker.translated)
    if checker.errors:
        other = kind_it_fits(document.data, content_type)
        if other is not None:
            return None, [ContentError(document.path, document.data.line, "file", problems.WRONG_FOLDER(
                kind_article=problems.KIND_ARTICLES[other.kind](), folder=f"content/{other.folder}",
                folder_article=problems.KIND_ARTICLES[content_type.kind]()))]
    return item, checker.errors


def kind_it_fits(data: Mapping, written_as: ContentType) -> ContentType | None:
    """The one other content type whose fields the document has, all its required ones among them."""
    keys = set(data)
    fits = [content_type for content_type in CONTENT_TYPES if content_type is not written_as
            and keys <= content_type.schema.field_names
            and {field.name for field in content_type.schema.fields if field.required} <= keys]
    return fits[0] if len(fits) == 1 else None


def is_shared(item: Item) -> bool:
    """Whether an item comes from a shared source (its path names the source: content.shared.shared_path)."""
    return not item.path.startswith("content/")


def check_unique(items: list[Item]) -> list[ContentError]:
    """Two items of one kind may not share an identifier; name both files. A catalogue's item with a shared item's
    identifier is shared.shadowing's to report."""
    first_by_key: dict[tuple[str, str], Item] = {}
    errors = []
    for item in sorted(items, key=lambda item: (item.path, item.line)):
        key = (item.kind, item.id)
        if key in first_by_key:
            first = first_by_key[key]
            if is_shared(first) != is_shared(item):
                continue
            first_place = f"{first.path}:{first.lines.get('id', first.line)}"
            errors.append(ContentError(item.path, item.lines.get("id", item.line), "id", problems.DUPLICATE_ID(
                kind=problems.KIND_NAMES[item.kind](), id=item.id, place=first_place)))
        else:
            first_by_key[key] = item
    return errors


def check_reserved_ids(items: list[Item]) -> list[ContentError]:
    """Identifiers become folder names in output/; `con` or `nul` would break a copy of the site on Windows."""
    return [ContentError(item.path, item.lines.get("id", item.line), "id", problems.RESERVED_ID(id=item.id))
            for item in items if reserved_name(item.id)]


def names_of(items: list[Item], kind: str) -> dict[str, str]:
    """What editors write instead of an item's identifier: its name (in any language) and abbreviation."""
    found = {}
    for item in items:
        if item.kind != kind:
            continue
        for field in ("name", "abbreviation"):
            value = item.fields.get(field)
            texts = [text for _, text in value.texts] if isinstance(value, Translated) else [value]
            found.update((folded(text), item.id) for text in texts if isinstance(text, str))
    return found


def check_references(items: list[Item], known_ids: dict[str, set[str]],
                     known_labels: dict[str, dict[str, str]] | None = None,
                     unread: Mapping[tuple[str, str], str] | None = None) -> list[ContentError]:
    """Every reference names an existing item; one that names it by its name or label says which id to write.

    `known_ids` adds kinds kept outside content/ (statuses from the config), and
    `known_labels` their labels (folded label -> id); a reference to such a kind is
    skipped when its ids are not known. A reference to an item whose file could not be
    read (`unread`: (kind, id) -> path, see checks.unread_files) is not checked, and says so,
    instead of guessing another identifier.
    """
    unread = unread or {}
    checkable = {content_type.kind for content_type in CONTENT_TYPES} | set(known_ids)
    ids_by_kind: dict[str, set[str]] = defaultdict(set)
    for item in items:
        ids_by_kind[item.kind].add(item.id)
    for kind, ids in known_ids.items():
        ids_by_kind[kind] |= ids
    labels = dict(known_labels or {})  # each kind's names, gathered when a reference to it is unknown
    errors = []
    for item in items:
        for reference in item.references:
            if reference.kind not in checkable:
                continue
            candidates = ids_by_kind[reference.kind]
            if reference.id in candidates:
                continue
            if (reference.kind, reference.id) in unread:
                errors.append(unread_warning(item.path, reference.line, reference.field, reference.kind, reference.id,
                                             unread[reference.kind, reference.id]))
                continue
            if reference.kind not in labels:
                labels[reference.kind] = names_of(items, reference.kind)
            named = label_code(reference.id, labels[reference.kind])
            hint = problems.WRITE_CODE(code=named, label=reference.id) if named is not None \
                else suggestion(reference.id if IDENTIFIER.fullmatch(reference.id) else slug(reference.id), candidates)
            errors.append(ContentError(item.path, reference.line, reference.field, problems.UNKNOWN_REFERENCE(
                kind=problems.KIND_NAMES[reference.kind](), id=reference.id, hint=hint)))
    return errors


def unread_warning(path: str, line: int, field: str, kind: str, identifier: str, unread_path: str) -> ContentWarning:
    """A reference or link to an item whose file could not be read: not checked, and why."""
    return ContentWarning(path, line, field, problems.NOT_CHECKED_UNREAD(
        kind=problems.KIND_NAMES[kind](), id=identifier, path=unread_path), "unread_reference")


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
                                       problems.PARENT_LOOP(kind=problems.KIND_NAMES[kind](), loop=loop)))
    return errors


def check_across(items: list[Item], known_ids: dict[str, set[str]],
                 known_labels: dict[str, dict[str, str]] | None = None,
                 unread: Mapping[tuple[str, str], str] | None = None) -> list[ContentError]:
    """What no single file can tell: duplicate or reserved identifiers, unknown references, parent loops, circles
    of relations between actions, and calculations whose table has no factor for their CPV code."""
    return (check_unique(items) + check_reserved_ids(items)
            + check_references(items, known_ids, known_labels, unread)
            + check_parent_cycles(items) + check_relations(items) + check_calculations(items))
