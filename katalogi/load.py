"""Read source files into plain data that remembers the line of every key and list item.

Only plain YAML is accepted: `yaml.safe_load` semantics, no implicit timestamps,
numbers or yes/no booleans. Scalars stay text unless they are `true`, `false` or
empty, and the schema decides what a text means. A duplicate key is an error.

Content comes from many editors, so reading it must stay bounded whatever a file
holds: a file is at most MAX_FILE_BYTES, nesting at most MAX_DEPTH levels, and
anchors and aliases (`&a`, `*a`: the "billion laughs" bomb, and never needed in
content) are refused before anything is built from the events.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
import yaml.reader
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import BaseResolver

from .errors import ContentError

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


MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 50
CONTROL = yaml.reader.Reader.NON_PRINTABLE  # what YAML refuses raw, refused when escaped ("\x01") too


class LineDict(dict):
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict


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


class _LineConstructor(SafeConstructor):
    def construct_line_mapping(self, node):
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        yield mapping
        for key_node, value_node in node.value:
            key = self.construct_object(key_node)
            if not isinstance(key, str):
                raise ConstructorError(
                    None, None, f"a key must be text, got {key!r}", key_node.start_mark
                )
            if key in mapping:
                first = mapping.key_lines[key]
                raise ConstructorError(
                    None, None, f"duplicate key '{key}' (first given on line {first})",
                    key_node.start_mark,
                )
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
                return ContentError(path, line, "yaml", f"aliases (*{event.anchor}) are not allowed in content; "
                                    "write the value out in full")
            if getattr(event, "anchor", None) is not None:
                return ContentError(path, line, "yaml", f"anchors (&{event.anchor}) are not allowed in content; "
                                    "write the value out where it is needed")
            if isinstance(event, yaml.ScalarEvent) and (control := CONTROL.search(event.value)):
                return ContentError(path, line, "yaml", f"the control character #x{ord(control[0]):04x} is not "
                                    "allowed in content; remove it")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return ContentError(path, line, "yaml", f"nested more than {MAX_DEPTH} levels deep")
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


def read_events(parser, path: str):
    """Refuse what `check_events` refuses and build the data in the same single pass over libyaml's events.

    For a plain document (no tags, text keys given once) this gives what the
    composer and constructor would, with the same lines, in a third of the time;
    anything else raises _Unusual and takes the full path.
    """
    root, stack, depth, documents = None, [], 0, 0

    def add(value, line: int) -> None:
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
            if not isinstance(value, str) or value in container:
                raise _Unusual
            entry[1], entry[2] = value, line
        else:
            container[entry[1]] = value
            container.key_lines[entry[1]] = entry[2]
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
                return None, ContentError(path, line, "yaml", f"aliases (*{event.anchor}) are not allowed in "
                                          "content; write the value out in full")
            if event.anchor is not None:
                return None, ContentError(path, line, "yaml", f"anchors (&{event.anchor}) are not allowed in "
                                          "content; write the value out where it is needed")
            if kind is yaml.ScalarEvent:
                if control := CONTROL.search(event.value):
                    return None, ContentError(path, line, "yaml", f"the control character #x{ord(control[0]):04x} "
                                              "is not allowed in content; remove it")
                if event.tag is not None:
                    raise _Unusual
                value = event.value
                if event.implicit[0]:  # plain, not quoted: only null and true/false mean something else
                    value = None if value in _NULLS else _BOOLEANS.get(value, value)
                add(value, line)
            else:  # the start of a mapping or sequence
                depth += 1
                if depth > MAX_DEPTH:
                    return None, ContentError(path, line, "yaml", f"nested more than {MAX_DEPTH} levels deep")
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
    return root, None


def parse_yaml(text: str, path: str, fast: bool = True) -> tuple[LineDict | None, list[ContentError]]:
    """Parse one YAML document that must be a mapping of fields (`fast=False`: always the full path)."""
    loader = None
    try:
        try:
            if not fast:
                raise _Unusual
            data, problem = read_events(_Parser(text), path)
        except _Unusual:
            problem = check_events(_Parser(text), path)
            if not problem:
                loader = _Loader(text)
                data = loader.get_single_data()
        if problem:
            return None, [problem]
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        return None, [ContentError(path, line, "yaml", f"character #x{error.character:04x} is not allowed in YAML")]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = (error.problem or "invalid YAML").removeprefix("but ")
        if "maximum nesting depth" in problem:  # PyYAML 6.0.4 and later stop deep flow nesting themselves
            return None, [ContentError(path, line, "yaml", f"nested more than {MAX_DEPTH} levels deep")]
        if error.context and error.context_mark:
            problem += f" ({error.context} started on line {error.context_mark.line + 1})"
        if "\t" in (text.splitlines()[line - 1:line] or [""])[0]:
            problem += "; YAML does not allow tabs for indentation, use spaces"
        return None, [ContentError(path, line, "yaml", problem)]
    except yaml.YAMLError as error:
        return None, [ContentError(path, 1, "yaml", str(error))]
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        return None, [ContentError(path, 1, "file", "the file is empty; expected a mapping of fields")]
    if not isinstance(data, LineDict):
        got = "a list" if isinstance(data, list) else "a single value"
        line = getattr(data, "line", 1)
        return None, [ContentError(path, line, "file", f"expected a mapping of fields, got {got}")]
    return data, []


def decode(raw: bytes, path: str) -> tuple[str | None, list[ContentError]]:
    """Decode UTF-8 (a leading byte-order mark is allowed), naming the line of a bad byte."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = raw[error.start]
        return None, [
            ContentError(path, line, "encoding", f"the file is not UTF-8 (byte 0x{byte:02x}); save it as UTF-8")
        ]


def read_bounded(file: Path, path: str) -> tuple[bytes | None, list[ContentError]]:
    """The bytes of a regular file of at most MAX_FILE_BYTES; a folder, a pipe or a huge file is an error."""
    def problem(message: str) -> tuple[None, list[ContentError]]:
        return None, [ContentError(path, 1, "file", message)]

    too_big = f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, the limit for a content file"
    try:
        info = file.stat()
        if stat.S_ISDIR(info.st_mode):
            return problem("expected a file, found a folder")
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device could block the build for ever
            return problem("not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            return problem(too_big)
        with file.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return problem(f"cannot be read: {error.strerror}")
    if len(raw) > MAX_FILE_BYTES:  # it grew after stat
        return problem(too_big)
    return raw, []


def read_document(file: Path, path: str) -> tuple[Document | None, list[ContentError]]:
    """Read one source file; `path` is how errors name it."""
    raw, errors = read_bounded(file, path)
    if raw is None:
        return None, errors
    text, errors = decode(raw, path)
    if text is None:
        return None, errors
    data, errors = parse_yaml(text, path)
    if data is None:
        return None, errors
    return Document(path, data), []


SOURCE_SUFFIXES = (".yaml", ".yml")


def find_sources(project: Path, content_dir: str, folders: list[str]
                 ) -> tuple[list[tuple[str, Path, str]], list[ContentError]]:
    """List (folder, file, shown path) of every YAML file under content/, sorted.

    A YAML file outside the known folders is an error rather than silently ignored:
    it is almost always a file saved in the wrong place. Other files are left alone,
    except links that lead out of the project. File names must work on every
    system editors clone to (see check_file_names).
    """
    root = project / content_dir
    found, errors = [], []
    if not root.is_dir():
        return [], [ContentError(content_dir, 1, "file", "the content folder is missing")]
    inside = os.path.realpath(project)
    if os.path.commonpath([inside, os.path.realpath(root)]) != inside:
        return [], [ContentError(content_dir, 1, "file", "is a link to a folder outside the project; "
                                 "content must be inside the project")]
    for file in sorted(root.rglob("*")):
        relative = file.relative_to(project).as_posix()
        if any(part.startswith(".") for part in file.parts[len(root.parts):]):
            continue
        if file.is_symlink():
            target = os.path.realpath(file)
            if os.path.commonpath([inside, target]) != inside:
                errors.append(ContentError(relative, 1, "file", "is a link to a file outside the project; "
                                           "content must be inside the project"))
                continue
            if os.path.isdir(target):
                errors.append(ContentError(relative, 1, "file", "is a link to a folder, which is not followed; "
                                           "move the files here instead"))
                continue
        if file.suffix not in SOURCE_SUFFIXES:
            continue
        folder = file.relative_to(root).parts[0]
        if folder not in folders:
            errors.append(ContentError(
                relative, 1, "file", f"not in a content folder; move it into one of: {', '.join(folders)}"
            ))
        else:
            found.append((folder, file, relative))
    errors += check_file_names([relative for _, _, relative in found])
    return found, errors


# Names Windows refuses for a file or folder, whatever the extension.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$",
                    *(f"{name}{digit}" for name in ("com", "lpt") for digit in "0123456789¹²³")}
WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*\\\x00-\x1f]')


def reserved_name(name: str) -> bool:
    """True for CON, nul.yaml, com1.txt and the like."""
    return name.split(".")[0].rstrip(" ").casefold() in WINDOWS_RESERVED


def check_file_names(paths: list[str]) -> list[ContentError]:
    """File names that break a clone elsewhere: reserved on Windows, or equal to another ignoring case.

    On Windows and macOS `Ohjelma.yaml` and `ohjelma.yaml`, or `ä` typed composed and
    decomposed, are one file; a clone there would silently lose one of them.
    """
    errors, first_by_key = [], {}
    for path in sorted(paths):
        parts = path.split("/")
        bad = next((part for part in parts if reserved_name(part)), None)
        if bad:
            errors.append(ContentError(path, 1, "file", f"'{bad}' is a reserved name on Windows; rename the file"))
        elif any(WINDOWS_FORBIDDEN.search(part) or part.endswith((".", " ")) for part in parts):
            errors.append(ContentError(path, 1, "file", "the name has a character that Windows does not allow "
                                       '(one of < > : " | ? * \\ or a trailing dot or space); rename the file'))
        key = unicodedata.normalize("NFKC", path).casefold()
        if key in first_by_key:
            errors.append(ContentError(path, 1, "file", f"the name differs from {first_by_key[key]} only in "
                                       "upper and lower case or in how its letters are encoded; rename one"))
        else:
            first_by_key[key] = path
    return errors
