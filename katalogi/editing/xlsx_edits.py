"""The import's edits as files: each changed file's new text (roundtrip.py keeps the rest of it), checked with
the whole catalogue as `check` would, with a problem in a changed value placed at its cell."""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAMLError

from ..base import said
from ..base.errors import BuildFailed, CellError, ContentError, Failure
from ..build.checking import linked_and_checked
from ..build.pipeline import Project
from ..content.checks import check_catalogue, check_items, items_of, problems_of, unread_files
from ..content.load import parse_document
from ..content.model import PROCUREMENT, TYPES_BY_FOLDER, TYPES_BY_KIND
from ..content.procurements import LIST_KEY, is_list_file
from ..content.schema import Field, ListOf, Object
from ..inputs.history import History
from . import roundtrip

MANY_PROCUREMENTS = Object((Field(LIST_KEY, ListOf(PROCUREMENT), "The procurement records of the file."),))


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


def edited_texts(project: Project, plan: Plan, languages: tuple[str, ...]) -> dict[str, str]:
    """The new text of every file the workbook changes (files that come out the same are left out)."""
    by_path = defaultdict(list)
    for change in plan.changes.values():
        by_path[change.path].append(change)
    texts, emptied = {}, set()
    for path in sorted((set(by_path) | set(plan.additions) | set(plan.removals)) - set(plan.deleted_files)):
        original = (project.root / path).read_bytes().decode("utf-8")

        def change(data, path=path):
            schema = MANY_PROCUREMENTS if kind_of(path) == "procurement" and LIST_KEY in data \
                else TYPES_BY_KIND[kind_of(path)].schema
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
            if not data:  # every record of a file of many procurements deleted
                emptied.add(path)

        try:
            text = roundtrip.edit_text(original, change)
        except YAMLError as error:  # a file `check` reads that ruamel.yaml cannot: say so, write nothing
            raise Failure(said.CANNOT_WRITE_FILE(path=path, reason=str(error).splitlines()[0])) from None
        if path in emptied:  # the file goes, as a file of one item does when its row is deleted
            plan.deleted_files[path] = next(removal[-1] for removal in plan.removals[path])
        elif text != original:
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
    unread = unread_files(results, other_errors)
    found = [*problems_of(results), *check_catalogue(items, config, unread)]
    try:
        linked_and_checked(items, config, [*other_errors, *found], History(), assets, unread=unread)
    except BuildFailed as failure:
        starts = record_starts(texts)
        return [at_cell(plan, error, set(texts), starts) for error in failure.errors]
    return []


def record_starts(texts: dict[str, str]) -> dict[str, list[int]]:
    """The first line of each record of every edited file of many procurements: `check` names a record's fields
    without its position (`value`, not procurements[3].value), at its lines."""
    found = {}
    for path, text in texts.items():
        if kind_of(path) != "procurement":
            continue
        document, _ = parse_document(text.encode("utf-8"), path)
        if document is not None and is_list_file(document.data) and isinstance(document.data[LIST_KEY], list):
            found[path] = list(document.data[LIST_KEY].item_lines)
    return found


def at_cell(plan: Plan, error: ContentError, edited: set[str], starts: dict[str, list[int]] | None = None
            ) -> ContentError:
    """A problem of an edited file at the cell of its field (the changed one, if two cells hold it)."""
    if error.path not in edited or isinstance(error, CellError):
        return error
    where = error.field
    lines = (starts or {}).get(error.path)
    if lines and error.line >= lines[0]:  # a record of a file of many: its field by its position in the file
        where = f"{LIST_KEY}[{bisect.bisect_right(lines, error.line) - 1}].{where}"
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
