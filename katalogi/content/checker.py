"""What checking a document collects (each problem at its line, the references to check once every item is
known), and the words a problem uses: a value described, the nearest code suggested."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..base import problems
from ..base.errors import ContentError, ContentWarning
from ..base.messages import Message

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True)
class Translated:
    """A text written in several languages, in the order the editor wrote them."""

    texts: tuple[tuple[str, str], ...]

    def get(self, language: str) -> str | None:
        return dict(self.texts).get(language)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(language for language, _ in self.texts)


class Invalid(Exception):
    """A value does not fit its type; `message` says what was expected."""

    def __init__(self, message: Message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Reference:
    """A value that names another item, resolved after every item is loaded."""

    kind: str
    id: str  # as written: when it is not a safe identifier, the catalogue check says what to write instead
    field: str
    line: int


@dataclass
class Checker:
    """What checking one document found: errors, field lines and references."""

    path: str
    languages: tuple[str, ...] | None = None  # the site's languages, default first; None: not known yet
    comments: dict[int, tuple[str, str]] = field(default_factory=dict)  # line -> (text kept, comment dropped)
    translated: bool = False  # a text was written in several languages
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentWarning] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)

    def error(self, line: int, where: str, message: Message) -> None:
        self.errors.append(ContentError(self.path, line, where, message))

    def warn(self, line: int, where: str, message: Message, rule: str) -> None:
        self.warnings.append(ContentWarning(self.path, line, where, message, rule))


def quoted(text: str) -> str:
    """A text in quotes as the editor would write it (never Python's repr with its escapes)."""
    return f'"{text}"' if "'" in text else f"'{text}'"


def describe(value: Any) -> Message | str:
    """Show a wrong value the way the editor typed it."""
    if value is True or value is False:
        return "true" if value else "false"
    if value is None:
        return problems.NOTHING()
    if isinstance(value, dict):
        return problems.A_MAPPING()
    if isinstance(value, list):
        return problems.A_LIST()
    return quoted(str(value))


def suggestion(word: str, candidates, labels: Mapping[str, str] | None = None) -> Message | str:
    """Which code to write when `word` is a label or name of one (`labels`: word -> code); else the closest
    candidate, or all of them when there are only a few."""
    candidates = sorted(candidates)
    same_letters = [candidate for candidate in candidates if candidate.casefold() == word.casefold()]
    code = None if same_letters else label_code(word, labels or {})
    if code is not None:
        return problems.WRITE_CODE(code=code, label=word)
    close = same_letters or difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if close:
        return problems.DID_YOU_MEAN(candidate=close[0])
    if 0 < len(candidates) <= 8:
        return problems.ONE_OF(candidates=", ".join(candidates))
    return ""


def folded(word: str) -> str:
    """A label as compared: case, accents' absence, punctuation and spacing do not matter."""
    return " ".join(re.sub(r"[^\w]+", " ", word.casefold()).split())


def label_code(word: str, labels: Mapping[str, str]) -> str | None:
    """The code whose label or name `word` is (`labels` maps folded words to codes)."""
    return labels.get(folded(word))


def slug(text: str) -> str:
    """A safe identifier made from a name: 'Palu Ympä' -> 'palu-ympa'."""
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:63].strip("-")


def join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def line_of(checker: Checker, where: str, fallback: int) -> int:
    """The line a field was written on, for rules that compare fields."""
    return checker.lines.get(where, fallback)


def unknown_field(key: str, mapping: dict, known: frozenset[str]) -> Message:
    """An unknown field, or a line of text that was meant to be inside the long text above it.

    A paragraph pasted without indentation after `description: |` ends the text; when that
    paragraph has a colon in it, YAML reads it as one more field. `mapping.blocks` (from load.py)
    tells which fields hold a `|` or `>` text and on which line the next field starts.
    """
    blocks = getattr(mapping, "blocks", {})
    key_lines = getattr(mapping, "key_lines", {})
    looks_like_text = not re.fullmatch(r"[a-z_]+", key)  # a field name is one lower-case word
    for name, (indicator, next_line) in blocks.items():
        if looks_like_text and next_line == key_lines.get(key) and not difflib.get_close_matches(key, known, 1, 0.6):
            return problems.UNINDENTED_TEXT(key=name, indicator=indicator, start=key_lines[name])
    return problems.UNKNOWN_FIELD(hint=suggestion(key, known))


def warn_of_comment(line: int, where: str, checker: Checker) -> None:
    """A text followed by ` # ...` on its line: YAML dropped that part as a comment, so say so."""
    comment = checker.comments.get(line)
    if comment is None:
        return
    kept, dropped = comment
    whole = f"{kept} {dropped}"
    suggestion_text = f'{where.rsplit(".", 1)[-1]}: "{whole}"' if '"' not in whole else f"{where}: '{whole}'"
    checker.warn(line, where, problems.INLINE_COMMENT(dropped=dropped, suggestion=suggestion_text), "inline_comment")
