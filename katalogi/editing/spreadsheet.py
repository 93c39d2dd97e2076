"""`export xlsx` and `import xlsx`: the catalogue as a workbook, and the workbook's edits back into the YAML files.

Export writes what the files hold, checked as `check` checks them, into the sheets of
workbook.py. Import reads the workbook, compares every cell with the file it came from
and changes only the values that differ (roundtrip.py keeps everything else of the file
as it was). Each changed cell is first checked by its field's type (the messages of
`check`, placed `Sheet!C12: field: message`); then the changed files are checked with
the whole catalogue, as `check` would, and a problem in a changed value is placed at
its cell too. Nothing is written unless everything passed; then each file is replaced
atomically. Rows missing from a sheet are deletions, applied only when asked.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAMLError

from ..base import problems
from ..base.errors import BuildFailed, CellError, ContentError, Failure, split
from ..build.engine import linked_and_checked
from ..build.pipeline import Project, check_files, load_items
from ..content.checks import check_catalogue, check_items, items_of, problems_of
from ..content.config import load_config
from ..content.load import CONTROL
from ..content.model import TYPES_BY_FOLDER, TYPES_BY_KIND
from ..content.schema import IDENTIFIER, Boolean, Checker, Identifier, Invalid, Ref, Translated, suggestion
from ..content.validate import Item
from ..inputs.history import History
from ..inputs.sources import digest_of
from ..site.link import natural_key
from . import roundtrip
from .edits import write_all
from .workbook import (
    ABOUT_SHEET,
    ACTION_SHEETS,
    FORMAT,
    POSITION,
    RESPONSIBLE,
    Column,
    ReadCell,
    ReadSheet,
    Sheet,
    SheetRows,
    UnreadableWorkbook,
    empty,
    read_workbook,
    sheets,
    workbook_bytes,
)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


# --- values: as the files hold them, as cells show them ---

def dig(fields: dict | None, path: tuple[str, ...]) -> Any:
    for name in path:
        if not isinstance(fields, dict):
            return None
        fields = fields.get(name)
    return fields


def responsible_position(fields: dict) -> int | None:
    """The position of an action's responsible organisation: the first with role primary."""
    return next((index for index, entry in enumerate(fields.get("organisations") or [])
                 if isinstance(entry, dict) and entry.get("role") == "primary"), None)


def current_value(column: Column, fields: dict, default_language: str) -> Any:
    """What the file holds for a column, as `check` reads it (defaults filled in)."""
    if column.key == RESPONSIBLE:
        position = responsible_position(fields)
        return None if position is None else fields["organisations"][position]["organisation"]
    value = dig(fields, column.path)
    if column.language is not None:
        if isinstance(value, Translated):
            return value.get(column.language)
        return value if column.language == default_language else None
    return value


def shown_in_cell(value: Any) -> Any:
    """A value as a cell holds it: a list as identifiers separated by commas."""
    if isinstance(value, list):
        return ", ".join(str(part) for part in value if part is not None) or None
    return value


def from_cell(value: Any, column: Column) -> Any:
    """A cell's value as YAML would have read it: text, true/false, a date, or None when empty."""
    if empty(value):
        return None
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n")
        if isinstance(column.type, Boolean) and text.strip().lower() in ("true", "false"):
            return text.strip().lower() == "true"
        return text
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, (bool, datetime.date)):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def checked_cell(column: Column, value: Any, where: str) -> tuple[Any, tuple[str, Any] | None]:
    """The value to write for a filled cell, checked by its field's type; or the problem `check` would report
    (the field it names, and the message)."""
    control = CONTROL.search(str(value))
    if control:
        return None, (where, problems.CONTROL_CHARACTER(code=f"{ord(control[0]):04x}"))
    if column.is_list:
        parts = [part.strip() for part in str(value).split(",") if part.strip()]
        checker = Checker("")
        column.type.check(parts, where, 0, checker)
        return parts, ((checker.errors[0].field, checker.errors[0].message) if checker.errors else None)
    if isinstance(column.type, Ref) and isinstance(value, str) and not IDENTIFIER.fullmatch(value.strip()):
        return value.strip(), None  # perhaps a name: the catalogue's check says which identifier to write
    try:
        return (Identifier() if isinstance(column.type, Ref) else column.type).parse(value), None
    except Invalid as problem:
        return None, (where, problem.message)


def same(value: Any, current: Any, column: Column) -> bool:
    """Whether a cell says what the file says (an empty cell: the field is missing, or has its default)."""
    if value is None:
        return current is None or current == [] or (column.default is not None and current == column.default)
    if isinstance(value, list):
        return [str(part) for part in value] == [str(part) for part in current or []]
    if isinstance(value, bool) or isinstance(current, bool):
        return value is current
    return type(value) is type(current) and value == current or (
        isinstance(value, (int, float)) and isinstance(current, (int, float)) and value == current)


def field_name(segments: tuple, language: str | None, plain_text: bool) -> str:
    """A field as `check` names it: tasks[2].state, name.sv (name, when the text is a plain one)."""
    text = ""
    for segment in segments:
        text += f"[{segment}]" if isinstance(segment, int) else (f".{segment}" if text else segment)
    return f"{text}.{language}" if language is not None and not plain_text else text


# --- export ---

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
        raise Failure((problems.NO_ODS if path.suffix.lower() == ".ods" else problems.ONLY_XLSX)(path=path))
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
            Column(RESPONSIBLE, (), Ref("organisation"), problems.HEADING_RESPONSIBLE), action.fields,
            default_language) in units]
    layout = sheets(config.languages, ACTION_SHEETS if organisation is not None else None)
    chosen = {kind: (actions if kind == "action" else ordered(items, kind)) for kind in TYPES_BY_KIND}
    contents = [sheet_rows(sheet, chosen[sheet.kind], default_language) for sheet in layout]
    exported = {item.path: item for sheet in layout for item in chosen[sheet.kind]}
    about = [["organisation", organisation or ""], ["sheets", ",".join(sheet.name for sheet in layout)], [],
             ["path", "sha256", "kind", "id"],
             *([path_, digest_of((project.root / path_).read_bytes()), item.kind, item.id]
               for path_, item in sorted(exported.items()))]
    data = workbook_bytes(contents, drop_down_lists(config, items, layout), about, language, config.languages)
    write_all({path: data})
    counts = [problems.COUNT_ACTIONS(count=len(actions)),
              problems.COUNT_TASKS(count=sum(len(action.fields.get("tasks") or []) for action in actions))]
    if organisation is None:
        counts += [problems.COUNTS[kind](count=len(chosen[kind])) for kind in TYPES_BY_KIND if kind != "action"]
    return Exported(path, tuple(counts))


# --- import ---

@dataclass(frozen=True)
class Place:
    """A cell of the imported workbook."""

    sheet: str
    column: str
    row: int

    def __str__(self) -> str:
        return f"{self.sheet}!{self.column}{self.row}"

    def error(self, where: str, message) -> CellError:
        return CellError(self.sheet, self.row, where, message, self.column)


@dataclass(frozen=True)
class Change:
    """One cell's new value for one field of one file (`value` None: the field is removed)."""

    path: str
    segments: tuple
    language: str | None
    value: Any
    where: str
    place: Place


@dataclass
class Plan:
    """What an import would do, file by file, and where each field of those files is in the workbook."""

    changes: dict[tuple, Change] = field(default_factory=dict)  # by (path, segments, language)
    additions: dict[str, list[tuple[str, list, Place, str]]] = field(default_factory=lambda: defaultdict(list))
    removals: dict[str, list[tuple[str, int, str, int, str]]] = field(default_factory=lambda: defaultdict(list))
    deleted_files: dict[str, str] = field(default_factory=dict)  # path -> sheet
    kept: list[tuple[str, int, str, str]] = field(default_factory=list)  # (path, line, what, sheet)
    cells: dict[tuple[str, str], list[Place]] = field(default_factory=lambda: defaultdict(list))
    errors: list[ContentError] = field(default_factory=list)
    notes: list = field(default_factory=list)

    def touched(self) -> set[str]:
        return ({change.path for change in self.changes.values()} | set(self.additions) | set(self.removals)
                | set(self.deleted_files))


def exported_files(about: list[list[Any]]) -> dict[str, str]:
    """path -> its digest at the export, from the hidden sheet."""
    rows = iter(about)
    files = {}
    for row in rows:
        if row and row[0] == "path":
            break
    for row in rows:
        if row and row[0]:
            files[str(row[0])] = str(row[1])
    return files


def recognised(read: dict[str, ReadSheet], layout: list[Sheet], plan: Plan) -> list[tuple[Sheet, ReadSheet]]:
    """The workbook's sheets that are ours, whatever language their names are in."""
    by_title = {title: sheet for sheet in layout for title in sheet.titles()}
    found = []
    for title, content in read.items():
        if title in by_title:
            found.append((by_title[title], content))
        else:
            plan.notes.append(problems.SHEET_NOT_READ(sheet=title))
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
        raise Failure((problems.NO_ODS if suffix == ".ods" else problems.ONLY_XLSX)(path=workbook_path))
    try:
        read, about = read_workbook(workbook_path)
    except UnreadableWorkbook as error:
        raise Failure(problems.WORKBOOK_UNREADABLE(path=workbook_path, reason=str(error))) from None
    if about is None or not about or not about[0] or about[0][0] != FORMAT:
        raise Failure(problems.NOT_OUR_WORKBOOK(path=workbook_path, sheet=ABOUT_SHEET))
    config, config_errors = load_config(project.root)
    if config is None:
        raise BuildFailed(config_errors)
    checked, folder_errors, assets = check_files(project, config)
    items = {(item.kind, item.id): item for item in items_of(checked)}
    exported = exported_files(about)
    plan = Plan()
    for sheet, content in recognised(read, sheets(config.languages), plan):
        plan_sheet(plan, sheet, content, items, exported, config.languages, project, allow_deletions)
    return plan, checked, config, [*config_errors, *folder_errors], exported, assets


def plan_sheet(plan: Plan, sheet: Sheet, content: ReadSheet, items: dict, exported: dict[str, str],
               languages: tuple[str, ...], project: Project, allow_deletions: bool) -> None:
    """The changes, new rows and missing rows of one sheet."""
    columns = {column.key: column for column in sheet.columns}
    for letter, key in content.keys:
        if key not in columns:
            plan.errors.append(Place(content.title, letter, 2).error(key, problems.UNKNOWN_COLUMN(
                hint=suggestion(key, columns))))
    present = {key for _, key in content.keys}
    needed = [sheet.key] + ([POSITION] if sheet.list_field else [])
    missing = [key for key in needed if key not in present]
    if missing:
        plan.errors.append(Place(content.title, "A", 2).error(missing[0], problems.KEY_COLUMN_MISSING(
            key=missing[0])))
        return
    seen: dict[tuple, int] = {}
    new_positions: dict[str, int] = defaultdict(int)
    for row, cells in content.rows:
        key_cell = cells[sheet.key]
        identifier = key_text(key_cell)
        key_place = Place(content.title, key_cell.column, row)
        if identifier is None:
            plan.errors.append(key_place.error(sheet.key, problems.ROW_WITHOUT_KEY(key=sheet.key)))
            continue
        item = items.get((sheet.kind, identifier))
        if item is None:
            plan.errors.append(key_place.error(sheet.key, problems.UNKNOWN_ROW(
                kind=problems.KIND_NAMES[sheet.kind](), id=identifier, command=f"{sheet.kind} {identifier}")))
            continue
        if sheet.list_field is None:
            if check_twice(plan, seen, (identifier,), row, key_place, sheet.key, identifier):
                continue
            plan_row(plan, sheet, cells, item, (), item.fields, content.title, row, languages)
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
    plan_missing(plan, sheet, content, items, exported, seen, project, allow_deletions)


def check_twice(plan: Plan, seen: dict, key: tuple, row: int, place: Place, where: str, what: str) -> bool:
    if key in seen:
        plan.errors.append(place.error(where, problems.ROW_TWICE(row=seen[key], what=what)))
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
        if value is not None:
            value, problem = checked_cell(column, value, where)
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
        plan.errors.append(change.place.error(change.where, problems.CELLS_DISAGREE(
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


def plan_missing(plan: Plan, sheet: Sheet, content: ReadSheet, items: dict, exported: dict[str, str], seen: dict,
                 project: Project, allow_deletions: bool) -> None:
    """Items (or list items) that were exported but have no row now: deletions, kept unless allowed."""
    rows_of = defaultdict(set)
    for key in seen:
        rows_of[key[0]].add(key[1] if len(key) > 1 else None)
    for item in sorted((item for item in items.values() if item.kind == sheet.kind and item.path in exported),
                       key=lambda item: item.path):
        if sheet.list_field is None:
            if item.id in rows_of:
                continue
            if allow_deletions:
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
            plan.errors.append(ContentError(path, 1, "file", problems.CHANGED_SINCE_EXPORT()))
    texts = edited_texts(project, plan, config.languages)  # the valid cells: `check` then finds what else is wrong
    errors = plan.errors + check_edits(plan, checked, config, texts, other_errors, assets)
    if errors:
        raise BuildFailed(errors)
    if not dry_run:
        write_all({project.root / path: text.encode("utf-8") for path, text in texts.items()})
        for path in plan.deleted_files:
            (project.root / path).unlink()
    return report(plan, texts, dry_run)


def edited_texts(project: Project, plan: Plan, languages: tuple[str, ...]) -> dict[str, str]:
    """The new text of every file the workbook changes (files that come out the same are left out)."""
    by_path = defaultdict(list)
    for change in plan.changes.values():
        by_path[change.path].append(change)
    texts = {}
    for path in sorted((set(by_path) | set(plan.additions) | set(plan.removals)) - set(plan.deleted_files)):
        original = (project.root / path).read_bytes().decode("utf-8")
        schema = TYPES_BY_KIND[kind_of(path)].schema

        def change(data, path=path, schema=schema):
            for edit in by_path[path]:
                if edit.value is None:
                    roundtrip.remove_value(data, schema, edit.segments, edit.language)
                else:
                    roundtrip.set_value(data, schema, edit.segments, edit.value, edit.language, languages)
            for list_field, values, _, _ in plan.additions.get(path, []):
                roundtrip.append_item(data, schema, list_field, values, languages)
            removals = defaultdict(list)
            for list_field, position, *_ in plan.removals.get(path, []):
                removals[list_field].append(position)
            for list_field, positions in removals.items():
                roundtrip.delete_items(data, list_field, positions)

        try:
            text = roundtrip.edit_text(original, change)
        except YAMLError as error:  # a file `check` reads that ruamel.yaml cannot: say so, write nothing
            raise Failure(problems.CANNOT_WRITE_FILE(path=path, reason=str(error).splitlines()[0])) from None
        if text != original:
            texts[path] = text
    return texts


def kind_of(path: str) -> str:
    return TYPES_BY_FOLDER[path.split("/")[1]].kind


def check_edits(plan: Plan, checked: dict, config, texts: dict[str, str], other_errors: list[ContentError],
                assets: dict) -> list[ContentError]:
    """Check the catalogue as it would be, as `check` does; a problem in an edited file is shown at its cell."""
    results = {path: result for path, result in checked.items() if path not in plan.deleted_files}
    for path, text in texts.items():
        results[path] = check_items(TYPES_BY_KIND[kind_of(path)], text.encode("utf-8"), path, config.languages)
    items = items_of(results)
    found = [*problems_of(results), *check_catalogue(items, config)]
    try:
        linked_and_checked(items, config, [*other_errors, *found], History(), assets)
    except BuildFailed as failure:
        return [at_cell(plan, error, set(texts)) for error in failure.errors]
    return []


def at_cell(plan: Plan, error: ContentError, edited: set[str]) -> ContentError:
    """A problem of an edited file at the cell of its field (the changed one, if two cells hold it)."""
    if error.path not in edited or isinstance(error, CellError):
        return error
    where = error.field
    while where:
        places = plan.cells.get((error.path, where))
        if places:
            changed = {change.place for change in plan.changes.values()}
            return next((place for place in places if place in changed), places[0]).error(error.field, error.message)
        where = parent_field(where)
    return error


def parent_field(where: str) -> str:
    """tasks[2].state -> tasks[2] -> tasks -> ''."""
    if where.endswith("]"):
        return where[:where.rindex("[")]
    return where.rpartition(".")[0]


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
                changed[path].append(problems.ROW_ADDED(place=str(place), field=where))
                cells += max(len(values), 1)
    notes = list(plan.notes)
    for path, line, what, sheet in plan.kept:
        notes.append((f"{path}:{line}", problems.ROW_NOT_IN_SHEET(what=what, sheet=sheet)))
    for path, removals in sorted(plan.removals.items()):
        for _, _, where, line, sheet in removals:
            notes.append((f"{path}:{line}", problems.ROW_DELETED(what=where, sheet=sheet)))
    for path, sheet in sorted(plan.deleted_files.items()):
        notes.append((f"{path}:1", problems.ROW_DELETED(what="file", sheet=sheet)))
        changed.setdefault(path, [])
    return Imported(dict(changed), cells, tuple(notes), dry_run)
