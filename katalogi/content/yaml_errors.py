"""What a YAML mistake means to an editor: the parser's error explained at its line, and spaces that only
look like spaces."""

from __future__ import annotations

import re

import yaml
import yaml.reader

from ..base import problems
from ..base.errors import ContentError

MAX_DEPTH = 50  # how deep content may nest: load.py refuses deeper before building anything


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


CONFLICT_START = re.compile(r"<{7}(?: (.*))?")
CONFLICT_BASE = re.compile(r"\|{7}(?: .*)?")  # diff3's common ancestor, between the two versions
CONFLICT_MIDDLE = re.compile(r"={7}")
CONFLICT_END = re.compile(r">{7}(?: (.*))?")


def merge_conflicts(text: str, path: str) -> list[ContentError]:
    """A git merge left unfinished: `<<<<<<< HEAD`, one version, `=======`, the other, `>>>>>>> branch`.

    Recognised before the YAML is read, which would only complain of the markers' odd characters; each
    conflict is one problem at its `<<<<<<<` line, naming the lines of both versions."""
    if "<<<<<<<" not in text:
        return []
    found, start = [], None
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        if (opened := CONFLICT_START.fullmatch(line)) is not None:
            start = (number, opened[1] or "<<<<<<<", None, None)
        elif start is not None and CONFLICT_BASE.fullmatch(line) and start[2] is None:
            start = (*start[:2], number, None)
        elif start is not None and CONFLICT_MIDDLE.fullmatch(line):
            start = (*start[:3], number)
        elif start is not None and start[3] is not None and (closed := CONFLICT_END.fullmatch(line)) is not None:
            first, ours_name, base, middle = start
            found.append(ContentError(path, first, "git", problems.MERGE_CONFLICT(
                ours=lines_of(first + 1, (base or middle) - 1), ours_name=ours_name,
                theirs=lines_of(middle + 1, number - 1), theirs_name=closed[1] or ">>>>>>>")))
            start = None
    return found


def lines_of(first: int, last: int):
    """'lines 5-7', 'line 5', or 'no lines' (a version that deleted what the other kept)."""
    if last < first:
        return problems.NO_LINES()
    return problems.ONE_LINE(line=first) if first == last else problems.LINE_RANGE(first=first, last=last)


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
