"""The checks of content: each file on its own (cacheable by its bytes), then the catalogue as a whole.

`build`, `check`, the dev server, the reporting rounds (each tag's files), the web
editor's backend and the workbook import all check content through these two steps.
"""

from __future__ import annotations

import dataclasses

from ..base.errors import ContentError
from . import emissions, links, procurements
from .attributes import check_attributes
from .checker import Translated, folded
from .config import Config
from .load import parse_document
from .model import ContentType
from .progress import check_statuses
from .validate import Item, check_across, check_document

CheckedFile = tuple[tuple[Item, ...], list[ContentError]]  # one content file's items (none if it has errors), problems


def check_items(content_type: ContentType, raw: bytes, path: str, languages: tuple[str, ...] | None
                ) -> CheckedFile:
    """Everything one file can tell on its own (the cacheable part): its YAML and its fields, as the items it
    holds (one, or each record of a file of many procurements) and its problems."""
    document, problems = parse_document(raw, path)
    if document is None:
        return (), problems
    if content_type.kind == "procurement" and procurements.is_list_file(document.data):
        items, problems = procurements.check_records(content_type, document, languages)
    else:
        item, problems = check_document(content_type, document, languages)
        items = (item,) if item is not None and item.fields.get("id") is not None else ()
    return tuple(dataclasses.replace(item, addresses=links.addresses_of(item)) for item in items), problems


def items_of(checked: dict[str, CheckedFile]) -> list[Item]:
    """The items of checked files, in the order of the files."""
    return [item for found, _ in checked.values() for item in found]


def problems_of(checked: dict[str, CheckedFile]) -> list[ContentError]:
    """The problems of checked files, each file's on its own, in the order of the files."""
    return [problem for _, problems in checked.values() for problem in problems]


def check_catalogue(items: list[Item], config: Config | None) -> list[ContentError]:
    """What only the whole catalogue can tell: unique identifiers, references, statuses, and the city's own
    fields."""
    if config is None:
        return check_across(items, {})
    known = {"status": {status.id for status in config.statuses},
             "dependency_role": {role.id for role in config.dependency_roles}}
    labels = {"status": status_labels(config.statuses), "dependency_role": status_labels(config.dependency_roles)}
    return (check_across(items, known, labels) + check_statuses(items, config)
            + check_attributes(items, config.attributes, config.languages) + emissions.check_recorded_spends(items))


def status_labels(codes) -> dict[str, str]:
    """Each status's (or role's) label in every language, folded, to tell an editor who wrote `Ajallaan` to write
    on_time."""
    labels = {}
    for status in codes:
        texts = [text for _, text in status.label.texts] if isinstance(status.label, Translated) else [status.label]
        labels.update((folded(str(text)), status.id) for text in texts)
    return labels
