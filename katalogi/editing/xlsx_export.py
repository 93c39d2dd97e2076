"""`export xlsx`: the catalogue, or the actions one organisation answers for, as a workbook whose every sheet
and column workbook.py declares."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..base import problems, said
from ..base.errors import BuildFailed, Failure, split
from ..build.pipeline import Project, load_items
from ..content.checker import suggestion
from ..content.config import load_config
from ..content.field_types import Ref
from ..content.model import TYPES_BY_KIND
from ..content.validate import Item
from ..inputs.sources import digest_of
from ..site.link import natural_key
from .cells import current_value, shown_in_cell
from .edits import write_all
from .workbook import (
    ACTION_SHEETS,
    RESPONSIBLE,
    Column,
    Sheet,
    SheetRows,
    sheets,
    workbook_bytes,
)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def catalogue_items(project: Project):
    """The configuration and every item, from a catalogue that passes `check` (else its problems)."""
    config, config_errors = load_config(project.root)
    if config is None:
        raise BuildFailed(config_errors)
    items, found = load_items(project, config)
    errors, _ = split(found)
    if errors or config_errors:
        raise BuildFailed([*config_errors, *errors])
    return config, items


def units_below(organisation: str, items: list[Item]) -> set[str]:
    """The organisation and every unit whose parents lead to it."""
    parents = {item.id: item.fields.get("parent") for item in items if item.kind == "organisation"}
    found = {organisation}
    for identifier in parents:
        chain, current = set(), identifier
        while current is not None and current not in chain:
            if current == organisation:
                found.add(identifier)
                break
            chain.add(current)
            current = parents.get(current)
    return found


def ordered(items: list[Item], kind: str) -> list[Item]:
    chosen = [item for item in items if item.kind == kind]
    if kind == "action":
        return sorted(chosen, key=lambda item: (item.fields.get("order") is None, item.fields.get("order") or 0,
                                                natural_key(item.id)))
    return sorted(chosen, key=lambda item: natural_key(item.id))


def sheet_rows(sheet: Sheet, items: list[Item], default_language: str) -> SheetRows:
    content = SheetRows(sheet)
    for item in items:
        if sheet.list_field is None:
            content.rows.append([shown_in_cell(current_value(column, item.fields, default_language))
                                 for column in sheet.columns])
            continue
        for position, entry in enumerate(item.fields.get(sheet.list_field) or [], start=1):
            content.rows.append([item.id, position, *(shown_in_cell(current_value(column, entry or {},
                                                                                 default_language))
                                                     for column in sheet.columns[2:])])
    return content


def drop_down_lists(config, items: list[Item], layout: list[Sheet]) -> dict[str, list[str]]:
    """Every column's drop-down values: the choices of the model, the statuses of site_config.yaml, the ids."""
    lists = {"status": [status.id for status in config.statuses]}
    for kind in TYPES_BY_KIND:
        lists[kind] = [item.id for item in ordered(items, kind)]
    for sheet in layout:
        for column in sheet.columns:
            options = getattr(column.type.item if column.is_list else column.type, "options", None)
            if options:
                lists[column.choices] = list(options)
    return lists


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: tuple  # Messages: how many actions, tasks, ... were written


def export_xlsx(project: Project, path: Path, language: str, organisation: str | None = None) -> Exported:
    """Write the workbook of the whole catalogue, or of the actions one organisation and its units answer for."""
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise Failure((said.NO_ODS if path.suffix.lower() == ".ods" else said.ONLY_XLSX)(path=path))
    config, items = catalogue_items(project)
    default_language = config.default_language
    actions = ordered(items, "action")
    if organisation is not None:
        known = {item.id for item in items if item.kind == "organisation"}
        if organisation not in known:
            raise Failure(problems.UNKNOWN_REFERENCE(kind=problems.KIND_ORGANISATION(), id=organisation,
                                                     hint=suggestion(organisation, known)))
        units = units_below(organisation, items)
        actions = [action for action in actions if current_value(
            Column(RESPONSIBLE, (), Ref("organisation"), said.HEADING_RESPONSIBLE), action.fields,
            default_language) in units]
    layout = sheets(config.languages, ACTION_SHEETS if organisation is not None else None, config.attributes)
    chosen = {kind: (actions if kind == "action" else ordered(items, kind)) for kind in TYPES_BY_KIND}
    if organisation is not None:  # the unit's own procurements, to report their criteria and actions
        chosen["procurement"] = [record for record in chosen["procurement"] if record.fields["organisation"] in units]
    contents = [sheet_rows(sheet, chosen[sheet.kind], default_language) for sheet in layout]
    exported = {(item.path, item.kind, item.id) for sheet in layout for item in chosen[sheet.kind]}
    digests = {path_: digest_of((project.root / path_).read_bytes()) for path_, _, _ in exported}
    about = [["organisation", organisation or ""], ["sheets", ",".join(sheet.name for sheet in layout)], [],
             ["path", "sha256", "kind", "id"],  # a row per item: a file of many procurements has many
             *([path_, digests[path_], kind, identifier] for path_, kind, identifier in sorted(exported))]
    data = workbook_bytes(contents, drop_down_lists(config, items, layout), about, language, config.languages)
    write_all({path: data})
    counts = [said.COUNT_ACTIONS(count=len(actions)),
              said.COUNT_TASKS(count=sum(len(action.fields.get("tasks") or []) for action in actions))]
    shown_kinds = {sheet.kind for sheet in layout} - {"action"}
    counts += [said.COUNTS[kind](count=len(chosen[kind])) for kind in TYPES_BY_KIND if kind in shown_kinds]
    return Exported(path, tuple(counts))
