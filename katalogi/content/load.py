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
from yaml.constructor import SafeConstructor
from yaml.resolver import BaseResolver

from ..base import problems
from ..base.errors import ContentError, ContentWarning
from .schema import describe

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
            if not isinstance(value, str) or value in container:
                raise _Unusual
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


# Spaces that look like a space but are not one to YAML; pasted from web pages and word processors.
ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f" \
             "\u3000\ufeff"
ODD_SPACE = re.compile(f"[{ODD_SPACES}]")
ODD_INDENT = re.compile(f"^[ {ODD_SPACES}]*[{ODD_SPACES}]", re.M)
ODD_AFTER_DASH = re.compile(f"^[ ]*-[{ODD_SPACES}]", re.M)
ODD_AFTER_COLON = re.compile(f"^[ ]*(?:- +)?([^\\s#'\"\\[{{|>-][^:#\\n]*):[{ODD_SPACES}]", re.M)


def odd_spaces(text: str, path: str) -> list[ContentError]:
    """A non-breaking (or other unusual) space where YAML needs an ordinary one: in the indentation, after a
    list item's '-' or after a field's colon. Inside a text such a space is fine and kept."""
    if not ODD_SPACE.search(text):
        return []
    found = {}
    for pattern, place in ((ODD_INDENT, lambda match: problems.SPACE_IN_INDENTATION()),
                           (ODD_AFTER_DASH, lambda match: problems.SPACE_AFTER_DASH()),
                           (ODD_AFTER_COLON, lambda match: problems.SPACE_AFTER_COLON(key=match[1].strip()))):
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            character = match[0][-1]
            space = problems.NO_BREAK_SPACE() if character == "\u00a0" else \
                problems.OTHER_SPACE(code=f"{ord(character):04X}")
            found.setdefault(line, ContentError(path, line, "yaml", problems.ODD_SPACE(space=space,
                                                                                      place=place(match))))
    return [found[line] for line in sorted(found)]


def explain(error: yaml.MarkedYAMLError, text: str, path: str) -> ContentError:
    """A YAML reader's error in the editor's terms, at the line to fix."""
    lines = text.splitlines()
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    start = error.context_mark.line + 1 if error.context_mark else line
    problem = (error.problem or "invalid YAML").removeprefix("but ")
    detail = problem + (f" ({error.context} started on line {start})" if error.context and error.context_mark
                        else "")

    def at(number: int, message) -> ContentError:
        return ContentError(path, number, "yaml", message)

    def source(number: int) -> str:
        return lines[number - 1] if 0 < number <= len(lines) else ""

    if "maximum nesting depth" in problem:  # PyYAML 6.0.4 and later stop deep flow nesting themselves
        return at(line, problems.TOO_DEEP(limit=MAX_DEPTH))
    if "\t" in source(line):
        return at(line, problems.TAB_INDENTATION(detail=detail))
    if "could not find expected ':'" in problem and error.context_mark:
        block = enclosing_block(lines, start)
        if block is not None:
            key, indicator, key_line = block
            return at(start, problems.UNINDENTED_TEXT(key=key, indicator=indicator, start=key_line))
        return at(start, problems.MISSING_COLON(suggestion=with_colon(source(start))))
    if "mapping values are not allowed" in problem:
        return at(line, colon_in_text(source(line)))
    if "found unexpected end of stream" in problem and "quoted scalar" in (error.context or ""):
        quote = source(start)[error.context_mark.column:error.context_mark.column + 1] or '"'
        return at(start, problems.UNCLOSED_QUOTE(start=start, quote=quote))
    if problem.startswith("did not find expected ',' or"):
        closing = problem[-2]
        return at(start, problems.UNCLOSED_BRACKET(bracket="[" if closing == "]" else "{", closing=closing,
                                                  start=start))
    if problem.startswith(("did not find expected key", "did not find expected '-' indicator")):
        return at(line, problems.BAD_INDENTATION(detail=detail))
    if "cannot start any token" in problem and mark is not None:
        character = source(line)[mark.column:mark.column + 1]
        if character in ("@", "`"):
            return at(line, problems.RESERVED_START(character=character))
    if "could not determine a constructor for the tag" in problem or "undefined tag handle" in problem:
        tag = re.search(r"'([^']*)'", problem)
        return at(line, problems.TAG_NOT_ALLOWED(tag=(tag[1] if tag else "!").replace("tag:yaml.org,2002:", "!!")))
    return at(line, problems.YAML_SYNTAX(detail=detail))


BLOCK_HEADER = re.compile(r"^(\s*)(?:- +)?([^\s#:][^:#]*):\s*([|>])[-+0-9]*\s*(?:#.*)?$")


def enclosing_block(lines: list[str], number: int) -> tuple[str, str, int] | None:
    """The `key: |` text that line `number` (1-based, not indented under it) was meant to continue, if any.

    Looking up from the line, past empty lines and lines indented under the header:
    `description: |` then an unindented paragraph is a paragraph pasted without its indentation.
    """
    indent = len(lines[number - 1]) - len(lines[number - 1].lstrip(" "))
    for index in range(number - 2, -1, -1):
        text = lines[index]
        if not text.strip():
            continue
        header = BLOCK_HEADER.match(text)
        if header and len(header[1]) >= indent:
            return header[2].strip(), header[3], index + 1
        if len(text) - len(text.lstrip(" ")) <= indent:
            return None
    return None


def with_colon(text: str) -> str:
    """'name Toinen' as the editor meant it: 'name: Toinen'."""
    stripped = text.strip()
    key, _, rest = stripped.partition(" ")
    return f"'{key}: {rest.strip()}'" if rest.strip() else f"'{key}: ...'"


def colon_in_text(text: str):
    """`lead: Huom: tämä` -> put the text of lead in quotes."""
    stripped = text.strip()
    prefix = "- " if stripped.startswith("- ") else ""
    body = stripped[len(prefix):]
    key, _, value = body.partition(": ")
    if not value:
        return problems.YAML_SYNTAX(detail="mapping values are not allowed in this context")
    return problems.COLON_IN_TEXT(key=key.strip(), suggestion=f"{prefix}{key.strip()}: {yaml_quoted(value.strip())}")


def yaml_quoted(text: str) -> str:
    """A text in YAML quotes that read back as the same text."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


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


def read_bounded(file: Path | str, path: str) -> tuple[bytes | None, list[ContentError]]:
    """The bytes of a regular file of at most MAX_FILE_BYTES; a folder, a pipe or a huge file is an error."""
    def problem(message) -> tuple[None, list[ContentError]]:
        return None, [ContentError(path, 1, "file", message)]

    too_big = problems.FILE_TOO_BIG(limit=MAX_FILE_BYTES // (1024 * 1024))
    try:
        info = os.stat(file)
        if stat.S_ISDIR(info.st_mode):
            return problem(problems.FOLDER_NOT_FILE())
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device could block the build for ever
            return problem(problems.NOT_REGULAR_FILE())
        if info.st_size > MAX_FILE_BYTES:
            return problem(too_big)
        with open(file, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return problem(problems.UNREADABLE(reason=error.strerror))
    if len(raw) > MAX_FILE_BYTES:  # it grew after stat
        return problem(too_big)
    return raw, []


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


SOURCE_SUFFIXES = (".yaml", ".yml")
BACKUP_SUFFIXES = (".bak", ".orig", ".old", ".backup")
EDITOR_TEMPORARY = re.compile(r"#.*#|.*\.sw[a-p]|~\$.*|4913")  # Emacs, Vim and Office files while editing


def find_sources(project: Path, content_dir: str, folders: list[str]
                 ) -> tuple[list[tuple[str, str, str]], list[ContentError]]:
    """List (folder, file, shown path) of every YAML file under content/, sorted, and the folder's problems.

    Nothing in content/ is skipped in silence: a YAML file outside the known folders
    is an error (it is almost always saved in the wrong place), and so is a file whose
    name is almost that of a content file (`136.YAML`, `136.yaml.txt`); any other file
    is a warning, since it is never read. Hidden files and an editor's files of work in
    progress are left alone. File names must work on every system editors clone to
    (see check_file_names).
    """
    root = project / content_dir
    found, errors = [], []
    if not root.is_dir():
        return [], [ContentError(content_dir, 1, "file", problems.CONTENT_MISSING())]
    inside = os.path.realpath(project)
    if os.path.commonpath([inside, os.path.realpath(root)]) != inside:
        return [], [ContentError(content_dir, 1, "file", problems.CONTENT_OUTSIDE())]
    prefix = f"{content_dir}/"
    for parts, entry in sorted(entries_below(root)):
        relative = prefix + "/".join(parts)
        file = entry.path  # a Path for each of 10,000 files would take a tenth of a second
        if entry.is_symlink():
            target = os.path.realpath(file)
            if os.path.commonpath([inside, target]) != inside:
                errors.append(ContentError(relative, 1, "file", problems.LINK_OUTSIDE()))
                continue
            if os.path.isdir(target):
                errors.append(ContentError(relative, 1, "file", problems.LINK_TO_FOLDER()))
                continue
        if os.path.splitext(entry.name)[1] not in SOURCE_SUFFIXES:
            if not entry.is_dir():
                errors += not_read(Path(file), relative)
            continue
        if parts[0] not in folders:
            errors.append(ContentError(relative, 1, "file", problems.NOT_IN_CONTENT_FOLDER(folders=", ".join(folders))))
        else:
            found.append((parts[0], file, relative))
    errors += check_file_names([relative for _, _, relative in found])
    return found, errors


def entries_below(root: Path):
    """(path parts below `root`, DirEntry) of everything below it but hidden files and folders, without
    following links to folders (one scandir per folder: much quicker than globbing)."""
    waiting = [(str(root), ())]
    while waiting:
        directory, parts = waiting.pop()
        with os.scandir(directory) as scanned:
            for entry in scanned:
                if entry.name.startswith("."):
                    continue
                yield (*parts, entry.name), entry
                if entry.is_dir(follow_symlinks=False):
                    waiting.append((entry.path, (*parts, entry.name)))


def not_read(file: Path, relative: str) -> list[ContentError]:
    """What to say of a file in content/ that is not read: an error when it was surely meant as content."""
    name = file.name
    if EDITOR_TEMPORARY.fullmatch(name):
        return []
    yaml_name = re.match(r"(.+?)(\.ya?ml)", name, re.IGNORECASE)
    if yaml_name:
        meant = yaml_name[1] + yaml_name[2].lower()
        if name.endswith("~") or file.suffix.casefold() in BACKUP_SUFFIXES:
            return [ContentWarning(relative, 1, "file", problems.BACKUP_FILE(suggestion=meant), "not_read")]
        if len(yaml_name[0]) == len(name):
            return [ContentError(relative, 1, "file", problems.NAME_CASE(suffix=file.suffix, suggestion=meant))]
        return [ContentError(relative, 1, "file", problems.NAME_EXTRA_SUFFIX(suggestion=meant))]
    return [ContentWarning(relative, 1, "file", problems.NOT_CONTENT_FILE(folder=Path(relative).parent.as_posix()),
                           "not_read")]


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
            errors.append(ContentError(path, 1, "file", problems.RESERVED_FILE_NAME(name=bad)))
        elif any(WINDOWS_FORBIDDEN.search(part) or part.endswith((".", " ")) for part in parts):
            errors.append(ContentError(path, 1, "file", problems.WINDOWS_CHARACTER()))
        key = unicodedata.normalize("NFKC", path).casefold()
        if key in first_by_key:
            errors.append(ContentError(path, 1, "file", problems.NAME_COLLISION(other=first_by_key[key])))
        else:
            first_by_key[key] = path
    return errors
