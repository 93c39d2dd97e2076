"""The checks of content: each file on its own (cacheable by its bytes), then the catalogue as a whole.

`build`, `check`, the dev server, the reporting rounds (each tag's files), the web
editor's backend and the workbook import all check content through these two steps.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ..base import problems, procurement_problems
from ..base.errors import ContentError
from ..base.paths import CONFIG_FILE, CONTENT_DIR
from . import emissions, links, procurements
from .attributes import check_attributes
from .checker import Translated, folded, suggestion
from .config import Config
from .load import parse_document
from .model import TYPES_BY_FOLDER, ContentType
from .progress import check_dates, check_statuses
from .shared import check_shared
from .validate import Item, check_across, check_document

CheckedFile = tuple[tuple[Item, ...], list[ContentError]]  # one content file's items (none if it has errors), problems


def check_items(content_type: ContentType, raw: bytes, path: str, languages: tuple[str, ...] | None
                ) -> CheckedFile:
    """Everything one file can tell on its own (the cacheable part): its YAML and its fields, as the items it
    holds (one, or each record of a file of many procurements) and its problems."""
    document, errors = parse_document(raw, path)
    if document is None:
        return (), errors
    if content_type.kind == "procurement" and procurements.is_list_file(document.data):
        items, errors = procurements.check_records(content_type, document, languages)
    else:
        item, errors = check_document(content_type, document, languages)
        items = (item,) if item is not None and item.fields.get("id") is not None else ()
    return tuple(dataclasses.replace(item, addresses=links.addresses_of(item)) for item in items), errors


def items_of(checked: dict[str, CheckedFile]) -> list[Item]:
    """The items of checked files, in the order of the files."""
    return [item for found, _ in checked.values() for item in found]


def problems_of(checked: dict[str, CheckedFile]) -> list[ContentError]:
    """The problems of checked files, each file's on its own, in the order of the files."""
    return [problem for _, errors in checked.values() for problem in errors]


def check_catalogue(items: list[Item], config: Config | None,
                    unread: Mapping[tuple[str, str], str] | None = None) -> list[ContentError]:
    """What only the whole catalogue can tell: unique identifiers, references, statuses, dates that have not come
    yet, and the city's own fields. `unread`: the items whose files could not be read (unread_files), whose
    references are not checked."""
    if config is None:
        found = check_across(items, {}, unread=unread) + unique_business_ids(items) + check_shared(items, None)
        return list(dict.fromkeys(found))  # a shared item's unknown reference is found twice
    known = {"status": {status.id for status in config.statuses},
             "dependency_role": {role.id for role in config.dependency_roles}}
    labels = {"status": status_labels(config.statuses), "dependency_role": status_labels(config.dependency_roles)}
    found = (check_across(items, known, labels, unread) + check_statuses(items, config) + check_dates(items, config)
             + check_attributes(items, config.attributes, config.languages) + emissions.check_recorded_spends(items)
             + unique_business_ids(items) + check_green_targets(items, config) + check_shared(items, config))
    return list(dict.fromkeys(found))  # a shared item's unknown reference is found twice


def unread_files(checked: dict[str, CheckedFile], walked: list[ContentError] = ()) -> dict[tuple[str, str], str]:
    """(kind, identifier) -> path of every content file that gave no item because it could not be read (not YAML, a
    merge conflict, not UTF-8, a name that is not read). Its identifier is taken to be its name's stem, as `new`
    names files: a reference to it is then not checked (and says why) instead of being called unknown."""
    found = {}
    paths = [path for path, (items, errors) in checked.items()
             if not items and any(not problem.is_warning for problem in errors)]
    for path in [*paths, *(problem.path for problem in walked if not problem.is_warning)]:
        parts = path.split("/")
        if len(parts) == 3 and parts[0] == CONTENT_DIR and parts[1] in TYPES_BY_FOLDER:
            found.setdefault((TYPES_BY_FOLDER[parts[1]].kind, parts[2].split(".")[0]), path)
    return found


def unique_business_ids(items: list[Item]) -> list[ContentError]:
    """A business id names one organisation: the notice import maps a buyer to it."""
    first: dict[str, str] = {}
    found = []
    for item in items:
        business_id = item.fields.get("business_id") if item.kind == "organisation" else None
        if business_id is None:
            continue
        if business_id in first:
            found.append(ContentError(item.path, item.lines.get("business_id", item.line), "business_id",
                                      procurement_problems.DUPLICATE_BUSINESS_ID(value=business_id,
                                                                                 other=first[business_id])))
        else:
            first[business_id] = item.id
    return found


def check_green_targets(items: list[Item], config: Config) -> list[ContentError]:
    """Each organisation site_config.yaml sets a green-share target for must exist."""
    known = sorted(item.id for item in items if item.kind == "organisation")
    return [ContentError(CONFIG_FILE, target.line, f"green_share.targets[{index}].organisation",
                         problems.UNKNOWN_REFERENCE(kind=problems.KIND_ORGANISATION(), id=target.organisation,
                                                    hint=suggestion(target.organisation, known)))
            for index, target in enumerate(target for target in config.green_share.targets if target.organisation)
            if target.organisation not in known]


def status_labels(codes) -> dict[str, str]:
    """Each status's (or role's) label in every language, folded, to tell an editor who wrote `Ajallaan` to write
    on_time."""
    labels = {}
    for status in codes:
        texts = [text for _, text in status.label.texts] if isinstance(status.label, Translated) else [status.label]
        labels.update((folded(str(text)), status.id) for text in texts)
    return labels
