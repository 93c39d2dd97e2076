"""The field types of one value: text, Markdown, identifiers, numbers, dates, addresses, codes, choices and
references, each checking what an editor wrote and saying precisely what is wrong."""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from ..base import problems, procurement_problems
from . import vocabularies
from .checker import (
    LANGUAGE_CODE,
    Checker,
    Invalid,
    Reference,
    Translated,
    describe,
    folded,
    quoted,
    slug,
    suggestion,
    warn_of_comment,
)
from .schema import FieldType, with_minimum

IDENTIFIER = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,62})")
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
CPV_CODE = re.compile(r"\d{8}-\d")
BUSINESS_ID = re.compile(r"\d{7}-\d")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
SAFE_URL = re.compile(r"(?:https?://[^\s/]+|mailto:[^\s@]+@|/(?![/\\]))\S*", re.IGNORECASE)


# The same rules as JSON Schema patterns (ECMA-262: anchored by hand, ASCII digits, no flags). The schemas
# also carry `patternErrorMessage`, which VS Code's YAML extension shows instead of the pattern itself.
JSON_IDENTIFIER = "^[a-z0-9][a-z0-9_-]{0,62}$"
JSON_HEX_COLOUR = "^#[0-9a-fA-F]{6}$"
JSON_CPV_CODE = "^[0-9]{8}-[0-9]$"
JSON_BUSINESS_ID = "^[0-9]{7}-[0-9]$"
JSON_ISO_DATE = "^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"
JSON_SAFE_URL = r"^(?:[hH][tT][tT][pP][sS]?://[^\s/]+|[mM][aA][iI][lL][tT][oO]:[^\s@]+@|/(?![/\\]))\S*$"
JSON_NOT_BLANK = r"\S"


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
    """A code of the CPV 2008 vocabulary: eight digits, a dash and the check digit the vocabulary gives it."""

    def parse(self, value):
        if isinstance(value, (bool, dict, list)):
            raise Invalid(problems.EXPECTED_CPV(value=describe(value)))
        text = str(value).strip()
        if not CPV_CODE.fullmatch(text):
            raise Invalid(problems.EXPECTED_CPV(value=quoted(text)))
        known = vocabularies.known_code(text)
        if known is None:
            nearest = vocabularies.nearest_code(text[:8])
            raise Invalid(procurement_problems.UNKNOWN_CPV(value=text, code=nearest,
                                                           name=vocabularies.CpvName(nearest)))
        if known != text:
            raise Invalid(procurement_problems.CPV_CHECK_DIGIT(value=text, code=known,
                                                               name=vocabularies.CpvName(known)))
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
        if not vocabularies.is_prefix(text):
            nearest = vocabularies.nearest_prefix_code(text)
            raise Invalid(procurement_problems.UNKNOWN_CPV_PREFIX(value=text, code=nearest,
                                                                  name=vocabularies.CpvName(nearest)))
        return text

    def json_schema(self, rule_schemas=None):
        return {"type": ["string", "integer"], "pattern": "^[0-9]{2,8}$",
                "patternErrorMessage": "expected 2 to 8 digits of a CPV code, such as 60"}


def business_id_digit(digits: str) -> int | None:
    """The check digit of a Finnish business id's seven digits (weights 7 9 10 5 8 4 2, modulo 11); None when
    the remainder is 1, which no business id has."""
    remainder = sum(int(digit) * weight for digit, weight in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return None if remainder == 1 else 0 if remainder == 0 else 11 - remainder


class BusinessId(FieldType):
    """A Finnish business id (Y-tunnus): seven digits, a dash and the check digit."""

    def parse(self, value):
        text = "" if isinstance(value, (bool, dict, list)) else str(value).strip()
        if not BUSINESS_ID.fullmatch(text):
            raise Invalid(procurement_problems.EXPECTED_BUSINESS_ID(value=quoted(text) if text
                                                                    else describe(value)))
        digit = business_id_digit(text[:7])
        if digit is None:
            raise Invalid(procurement_problems.BUSINESS_ID_IMPOSSIBLE(value=text))
        if digit != int(text[-1]):
            raise Invalid(procurement_problems.BUSINESS_ID_CHECK_DIGIT(value=text, digit=digit))
        return text

    def json_schema(self, rule_schemas=None):
        return {"type": "string", "pattern": JSON_BUSINESS_ID,
                "patternErrorMessage": "expected a Finnish business id such as 0201256-6"}


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
    listed_once = True

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
