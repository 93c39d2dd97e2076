"""Read source files into plain data that remembers the line of every key and list item.

Only plain YAML is accepted: `yaml.safe_load` semantics, no implicit timestamps,
numbers or yes/no booleans. Scalars stay text unless they are `true`, `false` or
empty, and the schema decides what a text means. A duplicate key is an error.
"""

from __future__ import annotations

import re
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


def parse_yaml(text: str, path: str) -> tuple[LineDict | None, list[ContentError]]:
    """Parse one YAML document that must be a mapping of fields."""
    loader = None
    try:
        loader = _Loader(text)
        data = loader.get_single_data()
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        return None, [ContentError(path, line, "yaml", f"character #x{error.character:04x} is not allowed in YAML")]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = (error.problem or "invalid YAML").removeprefix("but ")
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


def read_document(file: Path, path: str) -> tuple[Document | None, list[ContentError]]:
    """Read one source file; `path` is how errors name it."""
    try:
        raw = file.read_bytes()
    except OSError as error:
        return None, [ContentError(path, 1, "file", f"cannot be read: {error.strerror}")]
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
    it is almost always a file saved in the wrong place. Other files are left alone.
    """
    root = project / content_dir
    found, errors = [], []
    if not root.is_dir():
        return [], [ContentError(content_dir, 1, "file", "the content folder is missing")]
    for file in sorted(root.rglob("*")):
        relative = file.relative_to(project).as_posix()
        if file.suffix not in SOURCE_SUFFIXES or any(part.startswith(".") for part in file.parts[len(root.parts):]):
            continue
        folder = file.relative_to(root).parts[0]
        if folder not in folders:
            errors.append(ContentError(
                relative, 1, "file", f"not in a content folder; move it into one of: {', '.join(folders)}"
            ))
        elif not file.is_file():
            errors.append(ContentError(relative, 1, "file", "expected a file, found a folder"))
        else:
            found.append((folder, file, relative))
    return found, errors
