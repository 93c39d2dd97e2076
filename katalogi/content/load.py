"""Read source files into plain data that remembers the line of every key and list item.

Only plain YAML is accepted: `yaml.safe_load` semantics, no implicit timestamps,
numbers or yes/no booleans. Scalars stay text unless they are `true`, `false` or
empty, and the schema decides what a text means. A duplicate key is an error.

Content comes from many editors, so reading it must stay bounded whatever a file
holds: a file is at most files.MAX_FILE_BYTES, nesting at most MAX_DEPTH levels, and
anchors and aliases (`&a`, `*a`: the "billion laughs" bomb, and never needed in
content) are refused before anything is built from the events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
import yaml.reader
from yaml.constructor import SafeConstructor
from yaml.resolver import BaseResolver

from ..base import problems
from ..base.errors import ContentError
from .checker import describe
from .files import read_bounded
from .yaml_errors import MAX_DEPTH, explain, merge_conflicts, odd_spaces

try:  # PyYAML's C parser is several times faster; the pure one gives the same data.
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


CONTROL = yaml.reader.Reader.NON_PRINTABLE  # what YAML refuses raw, refused when escaped ("\x01") too


class LineDict(dict):
    """A mapping that knows its own line and the line of each key (1-based).

    `blocks` holds the keys whose value is a `|` or `>` text: (indicator, the line after the text).
    The document's root also has `comments`: line -> (text kept, comment dropped) for every plain
    text that a ` #` comment followed on its line.
    """

    line: int = 0
    key_lines: dict
    blocks: dict
    comments: dict


class LineList(list):
    """A sequence that knows its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list


class _StrictResolver(BaseResolver):
    """Resolve only null and true/false; everything else is a string for the schema."""

    yaml_implicit_resolvers: dict = {}


_StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _KeyProblem(Exception):
    """A field name that is not text, or one given twice: found while building the mapping."""

    def __init__(self, line: int, message):
        super().__init__(str(message))
        self.line, self.message = line, message


class _LineConstructor(SafeConstructor):
    def construct_line_mapping(self, node):
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        yield mapping
        for key_node, value_node in node.value:
            key = self.construct_object(key_node)
            if not isinstance(key, str):
                raise _KeyProblem(key_node.start_mark.line + 1, problems.KEY_NOT_TEXT(value=describe(key)))
            if not key.strip():
                raise _KeyProblem(key_node.start_mark.line + 1, problems.EMPTY_KEY())
            if key in mapping:
                first = mapping.key_lines[key]
                raise _KeyProblem(key_node.start_mark.line + 1, problems.DUPLICATE_KEY(key=key, first=first))
            mapping[key] = self.construct_object(value_node)
            mapping.key_lines[key] = key_node.start_mark.line + 1

    def construct_line_sequence(self, node):
        sequence = LineList()
        sequence.line = node.start_mark.line + 1
        sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
        yield sequence
        sequence.extend(self.construct_object(child) for child in node.value)


_LineConstructor.add_constructor("tag:yaml.org,2002:map", _LineConstructor.construct_line_mapping)
_LineConstructor.add_constructor("tag:yaml.org,2002:seq", _LineConstructor.construct_line_sequence)


class _Loader(_Parser, _LineConstructor, _StrictResolver):
    def __init__(self, stream):
        _Parser.__init__(self, stream)
        _LineConstructor.__init__(self)
        _StrictResolver.__init__(self)


@dataclass(frozen=True)
class Document:
    """The data of one source file, before any schema is applied."""

    path: str
    data: LineDict


def check_events(parser, path: str) -> ContentError | None:
    """The first anchor, alias, control character or too deep nesting, found from the parser's events.

    libyaml's parser keeps its own stack, so this pass is safe at any depth; the
    composer and constructor that run afterwards recurse, and would build an alias
    bomb's billions of nodes, so they only see documents that passed.
    """
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                return ContentError(path, line, "yaml", problems.ALIAS(anchor=event.anchor))
            if getattr(event, "anchor", None) is not None:
                return ContentError(path, line, "yaml", problems.ANCHOR(anchor=event.anchor))
            if isinstance(event, yaml.ScalarEvent) and (control := CONTROL.search(event.value)):
                return ContentError(path, line, "yaml", problems.CONTROL_CHARACTER(code=f"{ord(control[0]):04x}"))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return ContentError(path, line, "yaml", problems.TOO_DEEP(limit=MAX_DEPTH))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        parser.dispose()
    return None


class _Unusual(Exception):
    """The document needs PyYAML's composer and constructor: a tag, a key that is not text, a key given twice, or
    more than one document. They give the exact data or error; `read_events` only takes the common case."""


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


TRAILING_COMMENT = re.compile(r"[ \t]+#(.*)")


def read_events(parser, path: str, text: str = ""):
    """Refuse what `check_events` refuses and build the data in the same single pass over libyaml's events.

    For a plain document (no tags, text keys given once) this gives what the
    composer and constructor would, with the same lines, in a third of the time;
    anything else raises _Unusual and takes the full path. `text` is the document,
    to find the comments that follow plain texts on their lines.
    """
    root, stack, depth, documents = None, [], 0, 0
    comments: dict[int, tuple[str, str]] = {}

    def add(value, line: int, event=None) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        entry = stack[-1]
        container = entry[0]
        if isinstance(container, LineList):
            container.append(value)
            container.item_lines.append(line)
        elif entry[1] is None:  # a key
            if not isinstance(value, str) or value in container or not value.strip():
                raise _Unusual  # the full path names the problem
            entry[1], entry[2] = value, line
        else:
            container[entry[1]] = value
            container.key_lines[entry[1]] = entry[2]
            if event is not None and event.style in ("|", ">"):
                if not hasattr(container, "blocks"):
                    container.blocks = {}
                container.blocks[entry[1]] = (event.style, event.end_mark.line + 1)
            entry[1] = None

    try:
        while parser.check_event():
            event = parser.get_event()
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Unusual
                continue
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                depth -= 1
                stack.pop()
                continue
            if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            line = event.start_mark.line + 1
            if kind is yaml.AliasEvent:
                return None, ContentError(path, line, "yaml", problems.ALIAS(anchor=event.anchor))
            if event.anchor is not None:
                return None, ContentError(path, line, "yaml", problems.ANCHOR(anchor=event.anchor))
            if kind is yaml.ScalarEvent:
                if control := CONTROL.search(event.value):
                    return None, ContentError(path, line, "yaml",
                                              problems.CONTROL_CHARACTER(code=f"{ord(control[0]):04x}"))
                if event.tag is not None:
                    raise _Unusual
                value = event.value
                if event.implicit[0]:  # plain, not quoted: only null and true/false mean something else
                    value = None if value in _NULLS else _BOOLEANS.get(value, value)
                    end = event.end_mark.index
                    if text[end:end + 1] in (" ", "\t") and (comment := TRAILING_COMMENT.match(text, end)) \
                            and isinstance(value, str):
                        comments[line] = (value, "#" + comment[1].rstrip())
                add(value, line, event)
            else:  # the start of a mapping or sequence
                depth += 1
                if depth > MAX_DEPTH:
                    return None, ContentError(path, line, "yaml", problems.TOO_DEEP(limit=MAX_DEPTH))
                if event.tag is not None:
                    raise _Unusual
                if kind is yaml.MappingStartEvent:
                    container = LineDict()
                    container.key_lines = {}
                else:
                    container = LineList()
                    container.item_lines = []
                container.line = line
                add(container, line)
                stack.append([container, None, 0])
    finally:
        parser.dispose()
    if isinstance(root, LineDict):
        root.comments = comments
    return root, None


def parse_yaml(text: str, path: str, fast: bool = True) -> tuple[LineDict | None, list[ContentError]]:
    """Parse one YAML document that must be a mapping of fields (`fast=False`: always the full path)."""
    conflicts = merge_conflicts(text, path)
    if conflicts:
        return None, conflicts
    spaces = odd_spaces(text, path)
    if spaces:
        return None, spaces
    loader = None
    try:
        try:
            if not fast:
                raise _Unusual
            data, problem = read_events(_Parser(text), path, text)
        except _Unusual:
            problem = check_events(_Parser(text), path)
            if not problem:
                loader = _Loader(text)
                data = loader.get_single_data()
        if problem:
            return None, [problem]
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        return None, [ContentError(path, line, "yaml", problems.NOT_YAML_CHARACTER(code=f"{error.character:04x}"))]
    except _KeyProblem as error:
        return None, [ContentError(path, error.line, "yaml", error.message)]
    except yaml.MarkedYAMLError as error:
        return None, [explain(error, text, path)]
    except yaml.YAMLError as error:  # pragma: no cover - every error PyYAML raises on text is a marked one
        return None, [ContentError(path, 1, "yaml", problems.YAML_SYNTAX(detail=str(error)))]
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        return None, [ContentError(path, 1, "file", problems.EMPTY_FILE())]
    if not isinstance(data, LineDict):
        got = problems.A_LIST() if isinstance(data, list) else problems.A_SINGLE_VALUE()
        line = getattr(data, "line", 1)
        return None, [ContentError(path, line, "file", problems.FILE_NOT_MAPPING(value=got))]
    return data, []


def decode(raw: bytes, path: str) -> tuple[str | None, list[ContentError]]:
    """Decode UTF-8 (a leading byte-order mark is allowed), naming the line of a bad byte."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = raw[error.start]
        return None, [
            ContentError(path, line, "encoding", problems.NOT_UTF8(byte=f"{byte:02x}"))
        ]


def read_document(file: Path, path: str) -> tuple[Document | None, list[ContentError]]:
    """Read one source file; `path` is how errors name it."""
    raw, errors = read_bounded(file, path)
    if raw is None:
        return None, errors
    return parse_document(raw, path)


def parse_document(raw: bytes, path: str) -> tuple[Document | None, list[ContentError]]:
    """A source file's bytes as a Document, or what stops them being one (not UTF-8, not YAML)."""
    text, errors = decode(raw, path)
    if text is None:
        return None, errors
    data, errors = parse_yaml(text, path)
    if data is None:
        return None, errors
    return Document(path, data), []


