"""Declared field types that check one YAML value each and say precisely what is wrong.

A content type is an `Object` of `Field`s. Checking a document walks the declaration,
collects every problem with its line, records the line of every field (for later
cross-reference errors) and every reference to another item (checked once all items
are known). Adding a field to a content type is one line in `model.py`.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..base import problems
from ..base.errors import ContentError, ContentWarning
from ..base.messages import Message

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
IDENTIFIER = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,62})")
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
CPV_CODE = re.compile(r"\d{8}-\d")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
SAFE_URL = re.compile(r"(?:https?://[^\s/]+|mailto:[^\s@]+@|/(?![/\\]))\S*", re.IGNORECASE)

# The same rules as JSON Schema patterns (ECMA-262: anchored by hand, ASCII digits, no flags). The schemas
# also carry `patternErrorMessage`, which VS Code's YAML extension shows instead of the pattern itself.
JSON_IDENTIFIER = "^[a-z0-9][a-z0-9_-]{0,62}$"
JSON_HEX_COLOUR = "^#[0-9a-fA-F]{6}$"
JSON_CPV_CODE = "^[0-9]{8}-[0-9]$"
JSON_ISO_DATE = "^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"
JSON_SAFE_URL = r"^(?:[hH][tT][tT][pP][sS]?://[^\s/]+|[mM][aA][iI][lL][tT][oO]:[^\s@]+@|/(?![/\\]))\S*$"
JSON_NOT_BLANK = r"\S"


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


class FieldType:
    """A scalar type: `parse` turns the YAML value into a clean one or raises Invalid."""

    def check(self, value: Any, where: str, line: int, checker: Checker) -> Any:
        try:
            return self.parse(value)
        except Invalid as problem:
            checker.error(line, where, problem.message)
            return None

    def parse(self, value: Any) -> Any:
        raise NotImplementedError

    def json_schema(self, rule_schemas: RuleSchemas | None = None) -> dict:
        """The JSON Schema (draft-07) of the values `parse` accepts, as YAML 1.2 tools read them.

        Editors' tools (VS Code's YAML extension) read `2035` as a number and
        `2019-10-15` as text, where katalogi reads both as text; the schemas accept
        what `check` accepts in either reading. `rule_schemas` gives the schema of an
        Object's rules that JSON Schema can express (see json_schema.py).
        """
        raise NotImplementedError


class Text(FieldType):
    """One line or paragraph of plain text, or a mapping of such texts by language.

    `translatable=False` marks texts that stay as written in every language (a person's
    name, an e-mail address), so `check` does not ask for their translations.
    """

    def __init__(self, translatable: bool = True):
        self.translatable = translatable

    def check(self, value, where, line, checker):
        if isinstance(value, dict) and self.translatable:
            return self.check_translations(value, where, line, checker)
        checked = super().check(value, where, line, checker)
        if checked is not None:
            warn_of_comment(line, where, checker)
        return checked

    def check_translations(self, value: dict, where: str, line: int, checker: Checker) -> Translated | None:
        """`{fi: ..., sv: ...}`: every key a site language, the default language always present."""
        key_lines = getattr(value, "key_lines", {})
        texts = []
        for language, text in value.items():
            language_line, language_where = key_lines.get(language, line), f"{where}.{language}"
            known = checker.languages
            if known is not None and language not in known:
                checker.error(language_line, language_where, problems.NOT_SITE_LANGUAGE(
                    language=language, hint=suggestion(language, known)))
                continue
            if known is None and not LANGUAGE_CODE.fullmatch(str(language)):
                checker.error(language_line, language_where, problems.NOT_LANGUAGE_CODE(language=language))
                continue
            checker.lines[language_where] = language_line
            try:
                texts.append((language, self.parse(text)))
            except Invalid as problem:
                checker.error(language_line, language_where, problem.message)
                continue
            warn_of_comment(language_line, language_where, checker)
        if checker.languages and checker.languages[0] not in value:
            checker.error(line, where, problems.NO_DEFAULT_TEXT(language=checker.languages[0]))
            return None
        checker.translated = True
        return Translated(tuple(texts)) if texts else None

    def parse(self, value):
        if isinstance(value, (bool, dict, list)):
            raise Invalid(problems.EXPECTED_TEXT(value=describe(value)))
        text = str(value).strip()
        if not text:
            raise Invalid(problems.EMPTY_TEXT())
        return text

    def json_schema(self, rule_schemas=None):
        text = {"type": ["string", "number"], "minLength": 1, "pattern": JSON_NOT_BLANK,
                "patternErrorMessage": "must not be empty"}
        if not self.translatable:
            return text
        by_language = {"type": "object", "minProperties": 1, "propertyNames": {"pattern": "^[a-z]{2,3}$"},
                       "additionalProperties": text,
                       "description": "The text by language code (fi, sv, en): the site's languages only."}
        return {"anyOf": [text, by_language]}


class Markdown(Text):
    """Longer text in GitHub Flavored Markdown."""

    def parse(self, value):
        super().parse(value)
        return str(value).strip("\n")


class Identifier(FieldType):
    """A name that becomes part of a URL and a file path, so only safe characters."""

    def parse(self, value):
        text = str(value) if not isinstance(value, (bool, dict, list)) else None
        if text is None:
            raise Invalid(problems.EXPECTED_IDENTIFIER(value=describe(value)))
        if not IDENTIFIER.fullmatch(text):
            safe = slug(text)
            hint = problems.FOR_EXAMPLE(code=safe) if safe and safe != text else ""
            raise Invalid(problems.UNSAFE_IDENTIFIER(value=text, hint=hint))
        return text

    def json_schema(self, rule_schemas=None):
        # A number-like identifier must be quoted: YAML tools would read `0111` as 111.
        return {"type": "string", "pattern": JSON_IDENTIFIER,
                "patternErrorMessage": "not a safe identifier: use 1-63 lower-case letters a-z, digits, '-' or '_', "
                                       "starting with a letter or digit"}


@dataclass(frozen=True)
class Integer(FieldType):
    minimum: int | None = None

    def parse(self, value):
        if isinstance(value, (bool, dict, list)) or not re.fullmatch(r"[+-]?\d+", str(value).strip()):
            raise Invalid(problems.EXPECTED_WHOLE_NUMBER(value=describe(value)))
        number = int(str(value))
        if self.minimum is not None and number < self.minimum:
            raise Invalid(problems.AT_LEAST(minimum=self.minimum, value=number))
        return number

    def json_schema(self, rule_schemas=None):
        sign = "[+-]?" if self.minimum is None or self.minimum < 0 else "[+]?"
        return with_minimum({"type": ["integer", "string"], "pattern": f"^{sign}[0-9]+$",
                             "patternErrorMessage": "expected a whole number"}, self.minimum)


@dataclass(frozen=True)
class Number(FieldType):
    """A decimal number (a comma works as the decimal mark too); `minimum` bounds it."""

    minimum: float | None = None

    def parse(self, value):
        text = "" if isinstance(value, (bool, dict, list)) else str(value).strip().replace(",", ".")
        if re.fullmatch(r"[+-]?\d+", text):
            number = int(text)
        elif re.fullmatch(r"[+-]?(?:\d+\.\d*|\.\d+)", text):
            number = float(text)
        else:
            raise Invalid(problems.EXPECTED_NUMBER(value=describe(value)))
        if self.minimum is not None and number < self.minimum:
            raise Invalid(problems.AT_LEAST(minimum=f"{self.minimum:g}", value=text))
        return number

    def json_schema(self, rule_schemas=None):
        # A quoted number, or one with a decimal comma, is text to YAML tools and a number to `check`.
        sign = "[+-]?" if self.minimum is None or self.minimum < 0 else "[+]?"
        return with_minimum({"type": ["number", "string"], "pattern": f"^{sign}(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)$",
                             "patternErrorMessage": "expected a number"}, self.minimum)


class Boolean(FieldType):
    def parse(self, value):
        if value is True or value is False:
            return value
        raise Invalid(problems.EXPECTED_BOOLEAN(value=describe(value)))

    def json_schema(self, rule_schemas=None):
        return {"type": "boolean"}


class Date(FieldType):
    """A calendar date written YYYY-MM-DD."""

    def parse(self, value):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        text = str(value).strip() if not isinstance(value, (bool, dict, list)) else ""
        match = ISO_DATE.fullmatch(text)
        if not match:
            raise Invalid(problems.EXPECTED_DATE(value=describe(value)))
        year, month, day = map(int, match.groups())
        if not 1 <= month <= 12:
            raise Invalid(problems.IMPOSSIBLE_DATE(value=text, reason=problems.MONTH_OUT_OF_RANGE()))
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise Invalid(problems.IMPOSSIBLE_DATE(value=text, reason=problems.DAY_OUT_OF_RANGE())) from None

    def json_schema(self, rule_schemas=None):
        # YAML 1.2 (VS Code's YAML extension) reads an unquoted 2019-10-15 as text, so a date is a string.
        return {"type": "string", "pattern": JSON_ISO_DATE, "patternErrorMessage": "expected a date as YYYY-MM-DD"}


class Url(FieldType):
    """A web address: http(s), mailto, or a path on this site starting with '/'."""

    def parse(self, value):
        text = Text().parse(value)
        if not SAFE_URL.fullmatch(text):
            raise Invalid(problems.EXPECTED_URL(value=quoted(text)))
        return text

    def json_schema(self, rule_schemas=None):
        return {"type": "string", "pattern": JSON_SAFE_URL,
                "patternErrorMessage": "expected a web address starting with https://, http://, mailto: or /"}


class SiteUrl(FieldType):
    """The scheme and host a site is published on, without a path: https://www.example.org."""

    def parse(self, value):
        text = Text().parse(value).rstrip("/")
        if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(?::\d+)?", text):
            raise Invalid(problems.EXPECTED_SITE_URL(value=quoted(text)))
        return text

    def json_schema(self, rule_schemas=None):
        return {"type": "string", "pattern": r"^https?://[A-Za-z0-9.-]+(:[0-9]+)?/?$",
                "patternErrorMessage": "expected an address such as https://www.example.org (no path: that is "
                                       "base_path)"}


class CpvCode(FieldType):
    """A Common Procurement Vocabulary code: eight digits, a dash and the check digit."""

    def parse(self, value):
        if isinstance(value, (bool, dict, list)):
            raise Invalid(problems.EXPECTED_CPV(value=describe(value)))
        text = str(value).strip()
        if not CPV_CODE.fullmatch(text):
            raise Invalid(problems.EXPECTED_CPV(value=quoted(text)))
        return text

    def json_schema(self, rule_schemas=None):
        return {"type": "string", "pattern": JSON_CPV_CODE,
                "patternErrorMessage": "expected a CPV code such as 45000000-7"}


class CpvPrefix(FieldType):
    """The first 2 to 8 digits of CPV codes (a division has 2): 60 is every transport service, 3414 every motor
    vehicle."""

    def parse(self, value):
        text = "" if isinstance(value, (bool, dict, list)) else str(value).strip()
        if not re.fullmatch(r"\d{2,8}", text):
            raise Invalid(problems.EXPECTED_CPV_PREFIX(value=quoted(text) if text else describe(value)))
        return text

    def json_schema(self, rule_schemas=None):
        return {"type": ["string", "integer"], "pattern": "^[0-9]{2,8}$",
                "patternErrorMessage": "expected 2 to 8 digits of a CPV code, such as 60"}


class Colour(FieldType):
    def parse(self, value):
        text = "" if isinstance(value, (bool, dict, list)) else str(value).strip()
        if not HEX_COLOUR.fullmatch(text):
            raise Invalid(problems.EXPECTED_COLOUR(value=describe(value)))
        return text.lower()

    def json_schema(self, rule_schemas=None):
        return {"type": "string", "pattern": JSON_HEX_COLOUR, "patternErrorMessage": "expected a colour as #rrggbb"}


@dataclass(frozen=True)
class Choice(FieldType):
    """One of `options`; `words` are what editors write instead (labels in fi, sv, en), to say which code fits."""

    options: tuple[str, ...]
    words: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (code, its labels and synonyms)

    @functools.cached_property
    def labels(self) -> dict[str, str]:
        return {folded(word): code for code, words in self.words for word in (*words, code.replace("_", " "))}

    def parse(self, value):
        if isinstance(value, (bool, dict, list)):
            raise Invalid(problems.NOT_ALLOWED(value=describe(value), hint=suggestion("", self.options)))
        text = str(value).strip()
        if text not in self.options:
            raise Invalid(problems.NOT_ALLOWED(value=quoted(text), hint=suggestion(text, self.options, self.labels)))
        return text

    def json_schema(self, rule_schemas=None):
        return {"type": "string", "enum": list(self.options)}


@dataclass(frozen=True)
class Ref(FieldType):
    """The identifier of another item of `kind`; whether it exists is checked later."""

    kind: str

    def check(self, value, where, line, checker):
        if isinstance(value, str) and value.strip() and not IDENTIFIER.fullmatch(value):
            # perhaps a name or label ('Liisa Lehtonen', 'Ajallaan'): the catalogue check knows which id it is
            checker.references.append(Reference(self.kind, value.strip(), where, line))
            return None
        identifier = Identifier().check(value, where, line, checker)
        if identifier is not None:
            checker.references.append(Reference(self.kind, identifier, where, line))
        return identifier

    def json_schema(self, rule_schemas=None):
        return {**Identifier().json_schema(), "$comment": f"Must name an existing {self.kind}: checked by `check`."}


@dataclass(frozen=True)
class ListOf(FieldType):
    item: FieldType

    def check(self, value, where, line, checker):
        if not isinstance(value, list):
            hint = problems.LIST_HINT(value=value) if isinstance(value, str) else ""
            checker.error(line, where, problems.EXPECTED_LIST(value=describe(value), hint=hint))
            return []
        item_lines = getattr(value, "item_lines", [line] * len(value))
        result, first_index = [], {}
        for index, (item, item_line) in enumerate(zip(value, item_lines, strict=True)):
            item_where = f"{where}[{index}]"
            checker.lines[item_where] = item_line
            if item is None:
                checker.error(item_line, item_where, problems.EMPTY_LIST_ITEM())
                continue
            if isinstance(self.item, Ref) and isinstance(item, str):
                if item in first_index:
                    checker.error(item_line, item_where, problems.ALREADY_LISTED(
                        value=item, other=f"{where}[{first_index[item]}]"))
                    continue
                first_index[item] = index
            result.append(self.item.check(item, item_where, item_line, checker))
        return result

    def json_schema(self, rule_schemas=None):
        schema = {"type": "array", "items": self.item.json_schema(rule_schemas)}
        if isinstance(self.item, Ref):
            schema["uniqueItems"] = True
        return schema


@dataclass(frozen=True)
class Field:
    """One named field of a content type; `doc` is shown to editors in scaffolds and docs."""

    name: str
    type: FieldType
    doc: str
    required: bool = False
    default: Any = None
    example: Any = None


Rule = Callable[[dict, str, Any, Checker], None]
RuleSchemas = Mapping[Rule, dict]


@dataclass(frozen=True)
class Object(FieldType):
    """A mapping with declared fields; `rules` check how fields depend on each other."""

    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()

    @functools.cached_property
    def field_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields)

    def check(self, value, where, line, checker):
        if not isinstance(value, dict):
            checker.error(line, where or "file", problems.EXPECTED_MAPPING(value=describe(value)))
            return None
        key_lines = getattr(value, "key_lines", {})
        for key in value:
            if key not in self.field_names:
                checker.error(key_lines.get(key, line), join(where, key), unknown_field(key, value, self.field_names))
        result = {}
        for declared in self.fields:
            field_where = join(where, declared.name)
            raw = value.get(declared.name)
            if raw is None or raw == [] or raw == {}:
                if declared.required:
                    missing = problems.REQUIRED_EMPTY() if declared.name in value else problems.REQUIRED_MISSING()
                    checker.error(key_lines.get(declared.name, line), field_where, missing)
                result[declared.name] = [] if isinstance(declared.type, ListOf) else declared.default
                continue
            field_line = key_lines.get(declared.name, line)
            checker.lines[field_where] = field_line
            result[declared.name] = declared.type.check(raw, field_where, field_line, checker)
        for rule in self.rules:
            rule(result, where, value, checker)
        return result

    def json_schema(self, rule_schemas=None):
        rule_schemas = rule_schemas or {}
        schema = {
            "type": "object",
            "properties": {declared.name: field_json_schema(declared, rule_schemas) for declared in self.fields},
            "required": [declared.name for declared in self.fields if declared.required],
            "additionalProperties": False,
        }
        if self.rules:
            schema["$comment"] = "Also checked by `check`: " + " ".join(
                (rule.__doc__ or rule.__name__).strip() for rule in self.rules)
        expressed = [rule_schemas[rule] for rule in self.rules if rule in rule_schemas]
        if expressed:
            schema["allOf"] = expressed
        return schema


def field_json_schema(declared: Field, rule_schemas: RuleSchemas) -> dict:
    """A field's schema with its meaning, default and example, as editors' tools show them."""
    schema = {**declared.type.json_schema(rule_schemas), "description": declared.doc}
    if declared.required and isinstance(declared.type, ListOf):
        schema["minItems"] = 1  # `check`: "required field is empty"
    if declared.required and isinstance(declared.type, Object):
        schema["minProperties"] = 1
    if declared.default is not None:
        schema["default"] = declared.default
    if declared.example is not None:
        schema["examples"] = [declared.example]
    return schema


def with_minimum(schema: dict, minimum: float | None) -> dict:
    return schema if minimum is None else {**schema, "minimum": minimum}


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
