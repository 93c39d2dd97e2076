"""Messages to editors, kept as data until they are shown in the editor's language.

A message is its English text (the gettext msgid, with `{named}` fields) and the
values of its fields; Finnish and Swedish come from the catalogues
`locale/<language>/LC_MESSAGES/editor.po`. Keeping the message as data rather than
text lets the build cache hold problems in no language at all, and lets `check`,
`build`, `new` and the dev server each show them in the language their user reads.
Values that are messages themselves (a "did you mean" hint, "a list") are rendered
in the same language; every other value (a field name, a code, a file name) is
shown exactly as the editor wrote it.

Which messages exist is declared once, in `problems.py`.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from .paths import LOCALE_DIR

SOURCE_LANGUAGE = "en"  # the language the msgids are written in
EDITOR_LANGUAGES = ("fi", "sv", "en")
DOMAIN = "editor"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX order: the first one set decides


@dataclass(frozen=True)
class Message:
    """A text for an editor, not yet in any language: the English template and the values of its fields.

    With `plural`, `text` is the singular and `count` chooses the form (gettext's ngettext).
    """

    text: str
    args: tuple[tuple[str, Any], ...] = ()
    plural: str = ""
    count: int = 0

    def render(self, language: str = SOURCE_LANGUAGE) -> str:
        catalogue = catalogue_of(language)
        template = catalogue.ngettext(self.text, self.plural, self.count) if self.plural \
            else catalogue.gettext(self.text)
        values = {name: value_text(value, language) for name, value in self.args}
        if self.plural:
            values.setdefault("count", self.count)
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation that lost a field: the English text says it all
            english = self.plural if self.plural and self.count != 1 else self.text
            return english.format(**values)

    def __str__(self) -> str:
        return self.render(SOURCE_LANGUAGE)


def value_text(value: Any, language: str) -> str:
    """A field's value in the message: a message in the same language, anything else as written."""
    if isinstance(value, Message):
        return value.render(language)
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(part, language) for part in value)
    return str(value)


def text_of(message: Message | str, language: str = SOURCE_LANGUAGE) -> str:
    """Any message, or a plain string (a template engine's or the operating system's words), in `language`."""
    return message.render(language) if isinstance(message, Message) else str(message)


@functools.cache
def catalogue_of(language: str) -> NullTranslations:
    """The editor catalogue of `language`, compiled from its .po file in memory; English needs none."""
    po_file = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == SOURCE_LANGUAGE or not po_file.is_file():
        return NullTranslations()
    with po_file.open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)


def language_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The language of LC_ALL, LC_MESSAGES or LANG (`sv_FI.UTF-8` is sv), if it is one we speak.

    As in POSIX, the first variable that is set decides; C and POSIX name no language.
    """
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            language = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return language if language in EDITOR_LANGUAGES else None
    return None


def editor_language(option: str | None, site_default: str | None, environ: Mapping[str, str] | None = None) -> str:
    """Which language to speak to the editor: --lang, else the locale's, else the site's default language."""
    if option:
        return option
    return language_from_environment(environ) or (site_default if site_default in EDITOR_LANGUAGES else "fi")
