"""Change values in a YAML file and nothing else: comments, key order, quoting and line breaks are kept.

ruamel.yaml's round trip keeps comments, key order and the quoting of every value it
reads, and it edits the data in place. Its dump is not quite the text the editor wrote
(it normalises spacing such as `name:   x`, a plain text folded over two lines, or an
indentation other than the one it is told), so the result is carried over onto the
original text line by line: only the lines where the edited dump differs from an
unedited dump change. A file that ruamel dumps exactly as written (every shipped one)
simply gets the edited dump. Values are given as `check` reads them back; `set_value`
and friends give each the style of the value it replaces.

Used by `import xlsx` (xlsx_import.py); pure text in, text out.
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from ..content.schema import FieldType, ListOf, Object

# (mapping indent, sequence indent, sequence dash offset) that editors' files use: `  - name:` first.
LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 3, 1), (4, 4, 0))
BYTE_ORDER_MARK = "\ufeff"

Segment = str | int  # a field name, or the position in a list


def yaml_for(layout: tuple[int, int, int]) -> YAML:
    """A round-trip YAML that keeps quotes and never wraps a line."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def dumped(yaml: YAML, data) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def closest_layout(text: str) -> tuple[YAML, str]:
    """The YAML whose dump of the unedited file is closest to the file (the same, for most files), and that dump."""
    best = None
    for layout in LAYOUTS:
        yaml = yaml_for(layout)
        base = dumped(yaml, yaml.load(text))
        if base == text:
            return yaml, base
        differing = sum(tag != "equal" for tag, *_ in difflib.SequenceMatcher(
            None, text.splitlines(True), base.splitlines(True), autojunk=False).get_opcodes())
        if best is None or differing < best[0]:
            best = (differing, yaml, base)
    return best[1], best[2]


def carried_over(original: str, base: str, edited: str) -> str:
    """The original text with the lines where `edited` differs from `base` (both ruamel's dumps) replaced.

    Where ruamel's dump differs from the original around an edit (a line it normalised),
    that neighbouring line takes the dump's form too; everywhere else the original stays.
    """
    if base == original:
        return edited
    old, unedited, new = original.splitlines(True), base.splitlines(True), edited.splitlines(True)
    to_old = {}
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, old, unedited, autojunk=False).get_opcodes():
        if tag == "equal":
            to_old.update((j1 + offset, i1 + offset) for offset in range(i2 - i1))
    hunks: list[list[int]] = []  # [start, end) in the unedited dump, [start, end) in the edited one
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, unedited, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        start, end = i1, i2
        while start > 0 and start - 1 not in to_old:
            start -= 1
        while end < len(unedited) and end not in to_old:
            end += 1
        hunk = [start, end, j1 - (i1 - start), j2 + (end - i2)]
        if hunks and hunk[0] <= hunks[-1][1]:
            hunks[-1][1], hunks[-1][3] = max(hunks[-1][1], hunk[1]), max(hunks[-1][3], hunk[3])
        else:
            hunks.append(hunk)
    result, position = [], 0
    for start, end, new_start, new_end in hunks:
        old_start = to_old[start - 1] + 1 if start > 0 else 0
        old_end = to_old[end] if end < len(unedited) else len(old)
        result += old[position:old_start] + new[new_start:new_end]
        position = old_end
    return "".join(result + old[position:])


def edit_text(text: str, change: Callable[[CommentedMap], None]) -> str:
    """`text` (a YAML file's) with `change` applied to its data, and nothing else changed.

    A byte-order mark and Windows line ends are kept as they were.
    """
    bom = text.startswith(BYTE_ORDER_MARK)
    body = text[1:] if bom else text
    crlf = "\r\n" in body
    if crlf:
        body = body.replace("\r\n", "\n")
    yaml, base = closest_layout(body)
    data = yaml.load(body)
    change(data)
    edited = dumped(yaml, data)
    result = carried_over(body, base, edited)
    if result != edited and yaml.load(result) != yaml.load(edited):  # the merge must not change the data
        result = edited
    if crlf:
        result = result.replace("\n", "\r\n")
    return (BYTE_ORDER_MARK if bom else "") + result


# --- changing the data ---

def styled(old, value):
    """`value` written the way `old` (the value it replaces, or None) was: quoted, as a `|` block, or plain.

    A text of several lines becomes a `|` block; a `|` block that ended with a line break still does.
    """
    if not isinstance(value, str):
        return value
    if isinstance(old, (LiteralScalarString, FoldedScalarString)) or "\n" in value:
        ending = "\n" if old is None or not isinstance(old, str) or str(old).endswith("\n") or "\n" in value else ""
        text = value + ending if not value.endswith("\n") else value
        return FoldedScalarString(text) if isinstance(old, FoldedScalarString) and "\n" not in value \
            else LiteralScalarString(text)
    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(value)
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(value)
    return value


def schema_at(schema: Object, segments: tuple[Segment, ...]) -> FieldType:
    """The declared type at a path of field names and list positions."""
    field_type: FieldType = schema
    for segment in segments:
        if isinstance(segment, int):
            field_type = field_type.item if isinstance(field_type, ListOf) else field_type
            continue
        field_type = next(declared.type for declared in field_type.fields if declared.name == segment)
    return field_type


def insert_in_order(mapping: CommentedMap, key: str, value, order: tuple[str, ...]) -> None:
    """Add `key` after the fields that the model declares before it (or first), as `new` would place it."""
    declared_before = order[:order.index(key)] if key in order else order
    position = 0
    for index, existing in enumerate(mapping):
        if existing in declared_before:
            position = index + 1
    mapping.insert(position, key, value)


def field_names(field_type: FieldType) -> tuple[str, ...]:
    return tuple(declared.name for declared in field_type.fields) if isinstance(field_type, Object) else ()


def container(data: CommentedMap, schema: Object, segments: tuple[Segment, ...], create: bool):
    """The mapping that holds the last segment's field, made (in model order) when `create` and missing."""
    node = data
    for depth, segment in enumerate(segments[:-1]):
        if isinstance(segment, int):
            node = node[segment]
            continue
        if segment not in node or node[segment] is None:
            if not create:
                return None
            insert_in_order(node, segment, CommentedMap(), field_names(schema_at(schema, segments[:depth])))
        node = node[segment]
    return node


def set_value(data: CommentedMap, schema: Object, segments: tuple[Segment, ...], value, language: str | None = None,
              languages: tuple[str, ...] = ("fi",)) -> None:
    """Write `value` at the field; `language` names one text of a translated field (`languages`: the site's).

    A plain text (in the default language) gets another language by becoming a mapping
    `{fi: ..., sv: ...}`; a list is edited item by item, so unchanged items keep their quotes.
    """
    node = container(data, schema, segments, create=True)
    name = segments[-1]
    old = node.get(name)
    if language is not None and (isinstance(old, dict) or language != languages[0]):
        if not isinstance(old, dict):
            translations = CommentedMap()
            if old is not None:
                translations[languages[0]] = old
            if name in node:
                node[name] = translations
            else:
                insert_in_order(node, name, translations, field_names(schema_at(schema, segments[:-1])))
            old = translations
        if language in old:
            old[language] = styled(old[language], value)
        else:
            insert_in_order(old, language, styled(None, value), languages)
        return
    if isinstance(value, list):
        if isinstance(old, list):
            set_list(old, value)
            return
        value = CommentedSeq(value)
    if name in node:
        node[name] = styled(old, value)
    else:
        insert_in_order(node, name, styled(None, value), field_names(schema_at(schema, segments[:-1])))


def set_list(old: CommentedSeq, values: list) -> None:
    """Items changed in place: an unchanged one stays as written, a new one is quoted like its neighbours."""
    template = old[0] if len(old) else None
    for index, value in enumerate(values):
        if index < len(old):
            if str(old[index]) != str(value):
                old[index] = styled(old[index], value)
        else:
            old.append(styled(template, value))
    while len(old) > len(values):
        del old[-1]


def remove_value(data: CommentedMap, schema: Object, segments: tuple[Segment, ...], language: str | None = None
                 ) -> None:
    """Remove the field (or one language of it); a mapping left empty goes too."""
    node = container(data, schema, segments, create=False)
    name = segments[-1]
    if node is None or name not in node:
        return
    if language is not None and isinstance(node[name], dict):
        node[name].pop(language, None)
        if node[name]:
            return
    del node[name]
    parent = container(data, schema, segments[:-1], create=False) if len(segments) > 1 else None
    if parent is not None and not node and not isinstance(segments[-2], int):
        del parent[segments[-2]]


def append_item(data: CommentedMap, schema: Object, list_field: str, values: list[tuple[str, str | None, object]],
                languages: tuple[str, ...] = ("fi",)) -> None:
    """Add a mapping to a list of mappings (a new task), its fields in model order; the list is made if missing.

    `values`: (field, language or None, value) for every filled cell of the row.
    """
    item = CommentedMap()
    item_schema = schema_at(schema, (list_field, 0))
    for name, language, value in values:
        set_value(item, item_schema, (name,), value, language, languages)
    items = data.get(list_field)
    if isinstance(items, list):
        items.append(item)
    else:
        insert_in_order(data, list_field, CommentedSeq([item]), field_names(schema))


def delete_items(data: CommentedMap, list_field: str, positions: list[int]) -> None:
    """Remove list items by position (0-based), the last first so that the others keep theirs."""
    items = data.get(list_field)
    for position in sorted(positions, reverse=True):
        del items[position]
    if not items:
        del data[list_field]

