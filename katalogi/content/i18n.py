"""Languages: translated content texts, the site in each language, and the UI catalogues.

A text field is either a plain string (in the site's default language) or a mapping
by language (`name: {fi: ..., sv: ..., en: ...}`), checked in `schema.py` into a
`Translated` value. `localise_items` resolves every such value for one language
before `link`, so templates keep reading `action.name`. A text missing in that
language falls back to the default language and comes out as a `Fallback` string
that remembers its language: templates mark it with `lang="fi"` (the `t` filter
and `lang_attr`), so a screen reader reads Finnish text with Finnish rules.

UI strings live in gettext catalogues under `katalogi/locale/<lang>/LC_MESSAGES/
messages.po` with the Finnish text as msgid (Finnish is the source language; the
Finnish site needs no catalogue). They are compiled in memory at build time, so no
.mo binaries are committed.
"""

from __future__ import annotations

import dataclasses
import functools
import io
from dataclasses import dataclass

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

from ..base import problems
from ..base.errors import ContentWarning
from ..base.paths import LOCALE_DIR
from .attributes import Attribute
from .checker import Translated
from .field_types import Text
from .model import TYPES_BY_KIND
from .schema import FieldType, ListOf, Object
from .settings import SITE_CONFIG

SITE_CONFIG_FIELDS = {declared.name: declared.type for declared in SITE_CONFIG.fields}
LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}  # for Babel's formats and og:locale
LANGUAGE_NAMES = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}  # each in its own language


class Fallback(str):
    """A text shown in another language than the page's because its translation is missing."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Fallback:
        fallback = super().__new__(cls, text)
        fallback.lang = lang
        return fallback


def resolve(value, language: str, default: str):
    """One language's text; a missing translation (or a text written as a plain string) is the default language's."""
    if isinstance(value, Translated):
        text = value.get(language)
        if text is not None:
            return text
        return Fallback(value.get(default) or value.texts[0][1], default)
    if isinstance(value, str) and language != default and not isinstance(value, Fallback):
        return Fallback(value, default)
    return value


def localise(field_type: FieldType, value, language: str, default: str):
    """`value` of `field_type` with every translatable text in it resolved for `language`."""
    if value is None:
        return None
    if isinstance(field_type, Text):
        return resolve(value, language, default) if field_type.translatable else value
    if isinstance(field_type, Object) and isinstance(value, dict):
        return {**value, **{declared.name: localise(declared.type, value[declared.name], language, default)
                            for declared in field_type.fields if declared.name in value}}
    if isinstance(field_type, ListOf) and isinstance(value, list):
        return [localise(field_type.item, item, language, default) for item in value]
    return value


def localise_items(items: list, language: str, default: str) -> list:
    """Validated items with their texts in one language, ready for `link` (in the default language an item
    whose texts are all plain is already so)."""
    return [item if language == default and not item.translated
            else dataclasses.replace(item, fields=localise(TYPES_BY_KIND[item.kind].schema, item.fields, language,
                                                           default))
            for item in items]


def localise_config(config, language: str):
    """The configuration as the pages of one language see it."""
    default = config.languages[0]
    return dataclasses.replace(
        config,
        language=language,
        title=resolve(config.title, language, default),
        description=resolve(config.description, language, default),
        notice=resolve(config.notice, language, default),
        licence=localise(SITE_CONFIG_FIELDS["licence"], config.licence, language, default),
        accessibility=localise(SITE_CONFIG_FIELDS["accessibility"], config.accessibility, language, default),
        statuses=tuple(dataclasses.replace(status, label=resolve(status.label, language, default))
                       for status in config.statuses),
        shared=tuple(dataclasses.replace(source, name=resolve(source.name, language, default))
                     for source in config.shared),
        dependency_roles=tuple(dataclasses.replace(role, label=resolve(role.label, language, default),
                                                   reverse_label=resolve(role.reverse_label, language, default))
                               for role in config.dependency_roles),
        attributes=dataclasses.replace(config.attributes, **{
            kind: tuple(localise_attribute(attribute, language, default)
                        for attribute in getattr(config.attributes, kind)) for kind in ("actions", "categories")}),
    )


def localise_attribute(attribute: Attribute, language: str, default: str) -> Attribute:
    """A city's field as the pages of one language name it."""
    return dataclasses.replace(
        attribute, **{name: resolve(getattr(attribute, name), language, default)
                      for name in ("label", "help", "unit", "section")},
        choices=tuple(dataclasses.replace(choice, label=resolve(choice.label, language, default))
                      for choice in attribute.choices))


def text_fields(schema: Object, fields: dict, where: str = ""):
    """(where, value) of every translatable text field that has a value, in declaration order."""
    for declared in schema.fields:
        value = fields.get(declared.name)
        name = f"{where}.{declared.name}" if where else declared.name
        if value is None or value == []:
            continue
        if isinstance(declared.type, Text) and declared.type.translatable:
            yield name, value
        elif isinstance(declared.type, Object) and isinstance(value, dict):
            yield from text_fields(declared.type, value, name)
        elif isinstance(declared.type, ListOf) and isinstance(declared.type.item, Object):
            for index, entry in enumerate(value):
                if isinstance(entry, dict):
                    yield from text_fields(declared.type.item, entry, f"{name}[{index}]")


@dataclass(frozen=True)
class TranslationGap(ContentWarning):
    """Texts of one place (a field, or a file's untranslated plain texts) that lack some of the site's languages."""

    languages: tuple[str, ...] = ()  # the languages missing
    count: int = 1  # how many text fields


def missing_translations(path: str, line: int, schema: Object, fields: dict, lines: dict[str, int],
                         languages: tuple[str, ...]) -> list[TranslationGap]:
    """Warnings for one file's texts that lack a configured language.

    A translated field missing a language is named on its own line; texts written
    as plain strings (not translated at all) are summed up in one line per file, so
    a catalogue that is only starting its translations gets a short list.
    """
    if len(languages) < 2:
        return []
    found, untranslated = [], []
    for where, value in text_fields(schema, fields):
        if isinstance(value, Translated):
            missing = tuple(language for language in languages if value.get(language) is None)
            if missing:
                found.append(TranslationGap(path, lines.get(where, line), where, problems.NO_TRANSLATION(
                    languages=", ".join(missing)), "missing_translation", missing))
        else:
            untranslated.append(where)
    if untranslated:
        found.append(TranslationGap(path, line, "translations", problems.ONLY_DEFAULT_LANGUAGE(
            count=len(untranslated), language=languages[0], others=", ".join(languages[1:]),
            fields=", ".join(untranslated)), "missing_translation", languages[1:], len(untranslated)))
    return found


def translation_summary(gaps: list[TranslationGap], languages: tuple[str, ...]) -> list:
    """One message per language: how many texts lack it, in how many files."""
    summary = []
    for language in languages[1:]:
        lacking = [gap for gap in gaps if language in gap.languages]
        if lacking:
            files = problems.IN_FILES(count=len({gap.path for gap in lacking}))
            summary.append(problems.TRANSLATION_SUMMARY(language=language, count=sum(gap.count for gap in lacking),
                                                        files=files))
    return summary


@functools.cache
def translations(language: str) -> NullTranslations:
    """The UI catalogue of `language`, compiled from its .po file in memory; Finnish is the msgid."""
    po_file = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not po_file.is_file():
        return NullTranslations()
    with po_file.open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def marked(text, page_language: str) -> Markup:
    """Escaped text, inside <span lang=".."> when it is a fallback in another language."""
    if text is None:
        return Markup("")
    if isinstance(text, Fallback) and text.lang != page_language:
        return Markup('<span lang="{}">{}</span>').format(text.lang, text)
    return escape(text)


def lang_attr(text, page_language: str) -> Markup:
    """` lang="fi"` for an element whose whole text is a fallback, else nothing."""
    if isinstance(text, Fallback) and text.lang != page_language:
        return Markup(' lang="{}"').format(text.lang)
    return Markup("")
