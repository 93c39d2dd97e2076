"""`import xlsx`: a workbook's edits back into the YAML files (xlsx_export.py writes the workbook).

Import reads the workbook, compares every cell with the file it came from
and changes only the values that differ (roundtrip.py keeps everything else of the file
as it was). Each changed cell is first checked by its field's type (the messages of
`check`, placed `Sheet!C12: field: message`); then the changed files are checked with
the whole catalogue, as `check` would, and a problem in a changed value is placed at
its cell too. Nothing is written unless everything passed; then each file is replaced
atomically. Rows missing from a sheet are deletions, applied only when asked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base import problems, said
from ..base.errors import BuildFailed, ContentError, Failure
from ..build.pipeline import Project, check_files
from ..content.checker import Invalid, Translated, suggestion
from ..content.checks import items_of
from ..content.config import load_config
from ..content.load import parse_document
from ..content.procurements import LIST_KEY, is_list_file
from ..content.validate import Item
from ..inputs.sources import digest_of
from .cells import checked_cell, current_value, dig, field_name, from_cell, responsible_position, same, shown_in_cell
from .edits import write_all
from .workbook import (
    ABOUT_SHEET,
    FORMAT,
    POSITION,
    RESPONSIBLE,
    Column,
    ReadCell,
    ReadSheet,
    Sheet,
    UnreadableWorkbook,
    empty,
    read_workbook,
    sheets,
)
from .xlsx_edits import Change, Place, Plan, check_edits, edited_texts
from .xlsx_export import WORKBOOK_SUFFIXES

# --- values: as the files hold them, as cells show them ---


# --- export ---


# --- import ---


def exported_files(about: list[list[Any]]) -> dict[str, str]:
    """path -> its digest at the export, from the hidden sheet."""
    return {str(row[0]): str(row[1]) for row in exported_rows(about)}


def exported_rows(about: list[list[Any]]) -> list[list[Any]]:
    """The hidden sheet's rows of what was exported: path, digest, kind, identifier."""
    rows = iter(about)
    for row in rows:
        if row and row[0] == "path":
            break
    return [row for row in rows if row and row[0]]


def recognised(read: dict[str, ReadSheet], layout: list[Sheet], plan: Plan) -> list[tuple[Sheet, ReadSheet]]:
    """The workbook's sheets that are ours, whatever language their names are in."""
    by_title = {title: sheet for sheet in layout for title in sheet.titles()}
    found = []
    for title, content in read.items():
        if title in by_title:
            found.append((by_title[title], content))
        else:
            plan.notes.append(said.SHEET_NOT_READ(sheet=title))
    return found


def key_text(cell: ReadCell | None) -> str | None:
    if cell is None or empty(cell.value):
        return None
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def plan_import(project: Project, workbook_path: Path, allow_deletions: bool
                ) -> tuple[Plan, dict, Any, list, dict[str, str]]:
    """Read the workbook and find every change it makes, with the problems of its cells."""
    suffix = workbook_path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES:
        raise Failure((said.NO_ODS if suffix == ".ods" else said.ONLY_XLSX)(path=workbook_path))
    try:
        read, about = read_workbook(workbook_path)
    except UnreadableWorkbook as error:
        raise Failure(said.WORKBOOK_UNREADABLE(path=workbook_path, reason=str(error))) from None
    if about is None or not about or not about[0] or about[0][0] != FORMAT:
        raise Failure(said.NOT_OUR_WORKBOOK(path=workbook_path, sheet=ABOUT_SHEET))
    config, config_errors = load_config(project.root)
    if config is None:
        raise BuildFailed(config_errors)
    checked, folder_errors, assets = check_files(project, config)
    items = {(item.kind, item.id): item for item in items_of(checked)}
    exported = exported_files(about)
    exported_items = {(str(row[2]), str(row[3])) for row in exported_rows(about) if len(row) > 3}
    plan = Plan()
    positions = record_positions(project, items.values())
    for sheet, content in recognised(read, sheets(config.languages, attributes=config.attributes), plan):
        plan_sheet(plan, sheet, content, items, exported_items, config.languages, allow_deletions, positions)
    return plan, checked, config, [*config_errors, *folder_errors], exported, assets


def record_positions(project: Project, items) -> dict[tuple[str, str], tuple]:
    """(kind, id) -> where a record of a file of many procurements is in it, ("procurements", position): its row
    edits it there, and its file is kept when the row is deleted."""
    found = {}
    by_path = defaultdict(list)
    for item in items:
        if item.kind == "procurement":
            by_path[item.path].append(item)
    for path, records in by_path.items():
        document, _ = parse_document((project.root / path).read_bytes(), path)
        if document is None or not is_list_file(document.data) or not isinstance(document.data[LIST_KEY], list):
            continue
        lines = document.data[LIST_KEY].item_lines
        for item in records:
            if item.line in lines:
                found[item.kind, item.id] = (LIST_KEY, lines.index(item.line))
    return found


def plan_sheet(plan: Plan, sheet: Sheet, content: ReadSheet, items: dict, exported: set[tuple[str, str]],
               languages: tuple[str, ...], allow_deletions: bool, positions: dict[tuple[str, str], tuple]) -> None:
    """The changes, new rows and missing rows of one sheet."""
    columns = {column.key: column for column in sheet.columns}
    for letter, key in content.keys:
        if key not in columns:
            plan.errors.append(Place(content.title, letter, 2).error(key, said.UNKNOWN_COLUMN(
                hint=suggestion(key, columns))))
    present = {key for _, key in content.keys}
    needed = [sheet.key] + ([POSITION] if sheet.list_field else [])
    missing = [key for key in needed if key not in present]
    if missing:
        plan.errors.append(Place(content.title, "A", 2).error(missing[0], said.KEY_COLUMN_MISSING(
            key=missing[0])))
        return
    seen: dict[tuple, int] = {}
    new_positions: dict[str, int] = defaultdict(int)
    for row, cells in content.rows:
        key_cell = cells[sheet.key]
        identifier = key_text(key_cell)
        key_place = Place(content.title, key_cell.column, row)
        if identifier is None:
            plan.errors.append(key_place.error(sheet.key, said.ROW_WITHOUT_KEY(key=sheet.key)))
            continue
        item = items.get((sheet.kind, identifier))
        if item is None:
            plan.errors.append(key_place.error(sheet.key, said.UNKNOWN_ROW(
                kind=problems.KIND_NAMES[sheet.kind](), id=identifier, command=f"{sheet.kind} {identifier}")))
            continue
        if sheet.list_field is None:
            if check_twice(plan, seen, (identifier,), row, key_place, sheet.key, identifier):
                continue
            plan_row(plan, sheet, cells, item, positions.get((item.kind, item.id), ()), item.fields, content.title,
                     row, languages)
            continue
        entries = item.fields.get(sheet.list_field) or []
        position_cell = cells.get(POSITION)
        position_text = key_text(position_cell)
        if position_text is not None:
            try:
                position = sheet.columns[1].type.parse(position_text)
            except Invalid as problem:
                plan.errors.append(Place(content.title, position_cell.column, row).error(POSITION, problem.message))
                continue
        else:
            position = None
        if position is not None and position <= len(entries):
            if check_twice(plan, seen, (identifier, position), row, key_place, POSITION, f"{identifier} {position}"):
                continue
            plan_row(plan, sheet, cells, item, (sheet.list_field, position - 1), entries[position - 1],
                     content.title, row, languages)
        else:
            index = len(entries) + new_positions[item.path]
            new_positions[item.path] += 1
            plan_new_row(plan, sheet, cells, item, index, content.title, row, languages, key_place)
    plan_missing(plan, sheet, content, items, exported, seen, positions, allow_deletions)


def check_twice(plan: Plan, seen: dict, key: tuple, row: int, place: Place, where: str, what: str) -> bool:
    if key in seen:
        plan.errors.append(place.error(where, said.ROW_TWICE(row=seen[key], what=what)))
        return True
    seen[key] = row
    return False


def plan_row(plan: Plan, sheet: Sheet, cells: dict[str, ReadCell], item: Item, prefix: tuple, fields: dict,
             title: str, row: int, languages: tuple[str, ...]) -> None:
    """The changed cells of a row about an existing item (or list item); every cell's place is remembered."""
    for column in sheet.columns:
        if not column.path or column.key not in cells:
            continue
        cell = cells[column.key]
        place = Place(title, cell.column, row)
        current = current_value(column, fields or {}, languages[0])
        segments, language = target(column, item, prefix)
        if segments is None:  # the responsible organisation of an action that has none
            segments = ("organisations", len(item.fields.get("organisations") or []), "organisation")
        plain_text = not isinstance(dig(fields, column.path), Translated) and language == languages[0]
        where = field_name(segments, language, plain_text)
        remember(plan, item.path, where, place, language, languages, segments)
        value = from_cell(cell.value, column)
        if value is not None:  # a record among many: `check` names its fields without its position
            shown = field_name(segments[2:], language, plain_text) if prefix[:1] == (LIST_KEY,) else where
            value, problem = checked_cell(column, value, shown)
            if problem is not None:
                plan.errors.append(place.error(*problem))
                continue
        if same(value, current, column):
            continue
        if column.key == RESPONSIBLE and responsible_position(item.fields) is None:
            if value is not None:
                plan.additions[item.path].append(("organisations", [("organisation", None, value),
                                                                    ("role", None, "primary")], place, where))
            continue
        add_change(plan, Change(item.path, segments, language, value, where, place))


def target(column: Column, item: Item, prefix: tuple) -> tuple[tuple | None, str | None]:
    """Where in the file a column's value goes: the segments of its field, and its language."""
    if column.key == RESPONSIBLE:
        position = responsible_position(item.fields)
        return (None if position is None else ("organisations", position, "organisation")), None
    return (*prefix, *column.path), column.language


def remember(plan: Plan, path: str, where: str, place: Place, language: str | None, languages: tuple[str, ...],
             segments: tuple) -> None:
    """Where a field is in the workbook, so that a problem `check` finds in it is shown at its cell."""
    plan.cells[(path, where)].append(place)
    if language is not None:
        plan.cells[(path, field_name(segments, language, False))].append(place)
        if language == languages[0]:
            plan.cells[(path, field_name(segments, None, True))].append(place)


def add_change(plan: Plan, change: Change) -> None:
    """One more change; two cells that write one field must agree."""
    key = (change.path, change.segments, change.language)
    other = plan.changes.get(key)
    if other is not None and other.value != change.value:
        plan.errors.append(change.place.error(change.where, said.CELLS_DISAGREE(
            other=str(other.place), value=shown_in_cell(other.value) if other.value is not None else
            problems.NOTHING())))
        return
    plan.changes[key] = change


def plan_new_row(plan: Plan, sheet: Sheet, cells: dict[str, ReadCell], item: Item, index: int, title: str, row: int,
                 languages: tuple[str, ...], key_place: Place) -> None:
    """A row for a new item of a list (a new task): its filled cells, checked, become the new item's fields."""
    values = []
    for column in sheet.columns[2:]:
        cell = cells.get(column.key)
        value = from_cell(cell.value, column) if cell is not None else None
        segments = (sheet.list_field, index, *column.path)
        where = field_name(segments, column.language, column.language == languages[0])
        place = Place(title, cell.column, row) if cell is not None else key_place
        remember(plan, item.path, where, place, column.language, languages, segments)
        if value is None:
            continue
        value, problem = checked_cell(column, value, where)
        if problem is not None:
            plan.errors.append(place.error(*problem))
            continue
        values.append((column.path[-1], column.language, value))
    plan.cells[(item.path, field_name((sheet.list_field, index), None, True))].append(key_place)
    plan.additions[item.path].append((sheet.list_field, values, key_place,
                                      field_name((sheet.list_field, index), None, True)))


def plan_missing(plan: Plan, sheet: Sheet, content: ReadSheet, items: dict, exported: set[tuple[str, str]],
                 seen: dict, positions: dict[tuple[str, str], tuple], allow_deletions: bool) -> None:
    """Items (or list items) that were exported (`exported`: their kinds and ids) but have no row now: deletions,
    kept unless allowed. A record of a file of many procurements is deleted from its file."""
    rows_of = defaultdict(set)
    for key in seen:
        rows_of[key[0]].add(key[1] if len(key) > 1 else None)
    chosen = [item for item in items.values() if item.kind == sheet.kind and (item.kind, item.id) in exported]
    for item in sorted(chosen, key=lambda item: (item.path, item.line)):
        if sheet.list_field is None:
            if item.id in rows_of:
                continue
            position = positions.get((item.kind, item.id))
            if position is not None:
                where = field_name(position, None, True)
                if allow_deletions:
                    plan.removals[item.path].append((*position, where, item.line, content.title))
                else:
                    plan.kept.append((item.path, item.line, where, content.title))
            elif allow_deletions:
                plan.deleted_files[item.path] = content.title
            else:
                plan.kept.append((item.path, item.line, "file", content.title))
            continue
        entries = item.fields.get(sheet.list_field) or []
        for position in range(1, len(entries) + 1):
            if position in rows_of.get(item.id, set()):
                continue
            where = field_name((sheet.list_field, position - 1), None, True)
            line = item.lines.get(where, item.line)
            if allow_deletions:
                plan.removals[item.path].append((sheet.list_field, position - 1, where, line, content.title))
            else:
                plan.kept.append((item.path, line, where, content.title))


@dataclass(frozen=True)
class Imported:
    """What an import changed (or, in a dry run, would change): cells by file, and notes on rows not applied."""

    changed: dict[str, list[str]]
    cells: int
    notes: tuple
    dry_run: bool


def import_xlsx(project: Project, workbook_path: Path, allow_deletions: bool = False, dry_run: bool = False
                ) -> Imported:
    """Apply the workbook's edited cells to the files; raise BuildFailed with every problem, writing nothing."""
    plan, checked, config, other_errors, exported, assets = plan_import(project, workbook_path, allow_deletions)
    for path in sorted(plan.touched()):
        if path in exported and exported[path] != digest_of((project.root / path).read_bytes()):
            plan.errors.append(ContentError(path, 1, "file", said.CHANGED_SINCE_EXPORT()))
    texts = edited_texts(project, plan, config.languages)  # the valid cells: `check` then finds what else is wrong
    errors = plan.errors + check_edits(plan, checked, config, texts, other_errors, assets)
    if errors:
        raise BuildFailed(errors)
    if not dry_run:
        write_all({project.root / path: text.encode("utf-8") for path, text in texts.items()})
        for path in plan.deleted_files:
            (project.root / path).unlink()
    return report(plan, texts, dry_run)


def report(plan: Plan, texts: dict[str, str], dry_run: bool) -> Imported:
    """What was changed, file by file: the cells, and the rows added; and the rows that are not applied."""
    changed: dict[str, list[str]] = defaultdict(list)
    cells = 0
    for change in sorted(plan.changes.values(), key=lambda change: (change.path, str(change.place))):
        if change.path in texts:
            changed[change.path].append(f"{change.place} {change.where}")
            cells += 1
    for path, additions in sorted(plan.additions.items()):
        for _, values, place, where in additions:
            if path in texts:
                changed[path].append(said.ROW_ADDED(place=str(place), field=where))
                cells += max(len(values), 1)
    notes = list(plan.notes)
    for path, line, what, sheet in plan.kept:
        notes.append((f"{path}:{line}", said.ROW_NOT_IN_SHEET(what=what, sheet=sheet)))
    for path, removals in sorted(plan.removals.items()):
        for _, _, where, line, sheet in removals:
            notes.append((f"{path}:{line}", said.ROW_DELETED(what=where, sheet=sheet)))
    for path, sheet in sorted(plan.deleted_files.items()):
        notes.append((f"{path}:1", said.ROW_DELETED(what="file", sheet=sheet)))
        changed.setdefault(path, [])
    return Imported(dict(changed), cells, tuple(notes), dry_run)
