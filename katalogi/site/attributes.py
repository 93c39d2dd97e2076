"""The city's own fields of an action or category as its view shows them: clean values in the page's language,
a category field's value as the linked Category, grouped by the section of the page that shows them."""

from __future__ import annotations

from ..content.attributes import DEFAULT_SECTION, Attribute, value_of
from ..content.i18n import resolve
from .views import AttributeValue


def attribute_values(declared: tuple[Attribute, ...], written: dict | None, categories: dict, language: str,
                     default: str) -> tuple[AttributeValue, ...]:
    """The fields that have a value, in the order site_config.yaml declares them (`declared`: localised)."""
    found = []
    for attribute in declared:
        value = value_of(attribute, written)
        if value is None:
            continue
        if attribute.type == "category":
            value = categories[value]
        elif attribute.type in ("text", "markdown"):
            value = resolve(value, language, default)
        found.append(AttributeValue(attribute, value))
    return tuple(found)


def sections(values: tuple[AttributeValue, ...]) -> list[tuple[str | None, list[AttributeValue]]]:
    """The values by the section that shows them, sections in the order of their first field (None: the default
    section, which the template names in the page's language)."""
    grouped: dict[str | None, list[AttributeValue]] = {}
    for entry in values:
        section = entry.attribute.section
        grouped.setdefault(None if section in (None, DEFAULT_SECTION) else section, []).append(entry)
    return list(grouped.items())
