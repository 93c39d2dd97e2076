"""The workbook's layout, from the content model: which sheets, which columns, and how each is typed.

A sheet has one row per item (actions, categories, ...) or one row per item of a list
field (an action's tasks, an indicator's values), and a column per scalar field the
editors change; a translated text has a column per site language. Row 1 holds the
headings in the editor's language (with the field's meaning as a comment), row 2 the
field names, which `import xlsx` reads, so a workbook made in Finnish imports whatever
language it is imported in. Sheets are recognised by their name in any of the editors'
languages.

`write_workbook` and `read_workbook` are the only functions that know openpyxl.
"""

from __future__ import annotations

import datetime
import io
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from ..base import said
from ..base.messages import EDITOR_LANGUAGES, catalogue_of
from ..base.problems import Problem
from ..content.attributes import Attributes
from ..content.field_types import Boolean, Date, Integer, Number, Ref, Text
from ..content.json_schemas import NO_ATTRIBUTES
from ..content.model import (
    ACTION,
    CATEGORY,
    CONTACT,
    CRITERIA_SET,
    FACTOR_TABLE,
    INDICATOR,
    ORGANISATION,
    PROCUREMENT,
)
from ..content.schema import FieldType, Object
from .columns import Column, own_columns

LISTS_SHEET = "lists"  # hidden: the values of the drop-down lists
ABOUT_SHEET = "katalogi"  # hidden: what was exported, so that import can tell a deleted row from one never exported
FORMAT = "katalogi workbook 1"
FIRST_ROW = 3  # rows 1 and 2 are the headings and the field names
LAST_ROW = 1_048_576  # Excel's last row: drop-down lists and formats reach rows the editor adds
FIXED_TIME = datetime.datetime(2000, 1, 1)  # the workbook's dates of creation and change: never the clock
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
RESPONSIBLE = "responsible_organisation"  # the first primary organisation of an action, on the actions' sheet
POSITION = "position"
HEADING_FILL = PatternFill("solid", fgColor="DDE3EA")
NAME_FONT = Font(italic=True, color="555555", size=9)
FORMULA_STARTS = ("=", "+", "-", "@")  # what a spreadsheet reads as the start of a formula


@dataclass(frozen=True)
class Sheet:
    """A sheet of one kind's items, or (with `list_field`) of the items of a list field of them."""

    name: str
    title: Problem
    kind: str
    schema: Object
    columns: tuple[Column, ...]
    list_field: str | None = None

    @property
    def key(self) -> str:
        """The column that names the item a row is about: id, or the kind of the parent (action)."""
        return self.columns[0].key

    def shown_title(self, language: str) -> str:
        return self.title().render(language)[:31]

    def titles(self) -> set[str]:
        return {self.shown_title(language) for language in EDITOR_LANGUAGES}


HEADINGS = {
    "id": said.HEADING_ID, "order": said.HEADING_ORDER, "name": said.HEADING_NAME,
    "lead": said.HEADING_LEAD, "status": said.HEADING_STATUS, "status_from": said.HEADING_STATUS_FROM,
    "status_reason": said.HEADING_STATUS_REASON, "phase": said.HEADING_PHASE,
    RESPONSIBLE: said.HEADING_RESPONSIBLE, "updated": said.HEADING_UPDATED,
    "contacts": said.HEADING_CONTACTS, "categories": said.HEADING_CATEGORIES,
    "indicators": said.HEADING_INDICATORS, "timespan.start": said.HEADING_START,
    "timespan.end": said.HEADING_END, "timespan.continuous": said.HEADING_CONTINUOUS,
    "emission_reduction.value": said.HEADING_EMISSION_REDUCTION,
    "emission_reduction.basis": said.HEADING_EMISSION_BASIS,
    "procurement_volume": said.HEADING_PROCUREMENT_VOLUME, "cpv_codes": said.HEADING_CPV_CODES,
    "gpp_level": said.HEADING_GPP_LEVEL, "action": said.HEADING_ACTION, POSITION: said.HEADING_POSITION,
    "tasks.name": said.HEADING_TASK, "state": said.HEADING_STATE, "due": said.HEADING_DUE,
    "completed": said.HEADING_COMPLETED, "comment": said.HEADING_COMMENT,
    "organisation": said.HEADING_ORGANISATION, "role": said.HEADING_ROLE,
    "description": said.HEADING_DESCRIPTION, "parent": said.HEADING_PARENT,
    "abbreviation": said.HEADING_ABBREVIATION, "kind": said.HEADING_KIND, "title": said.HEADING_TITLE,
    "email": said.HEADING_EMAIL, "indicator": said.HEADING_INDICATOR, "unit": said.HEADING_UNIT,
    "chart": said.HEADING_CHART, "date": said.HEADING_DATE, "value": said.HEADING_VALUE,
    "stage": said.HEADING_STAGE, "procurements.value": said.HEADING_PROCUREMENT_VALUE,
    "procurements.date": said.HEADING_PROCEDURE_DATE, "gpp_criteria": said.HEADING_GPP_LEVEL,
    "gpp_aims": said.HEADING_GPP_AIMS, "clean_vehicles": said.HEADING_CLEAN_VEHICLES, "actions": said.HEADING_ACTIONS,
    "criteria_sets": said.HEADING_CRITERIA_SETS, "notice_url": said.HEADING_NOTICE_URL, "level": said.HEADING_LEVEL,
    "category": said.HEADING_CATEGORY, "cpv_prefixes": said.HEADING_CPV_PREFIXES, "source": said.HEADING_SOURCE,
    "source_url": said.HEADING_SOURCE_URL, "valid_from": said.HEADING_VALID_FROM,
    "valid_until": said.HEADING_VALID_UNTIL, "adopted_by": said.HEADING_ADOPTED_BY, "year": said.HEADING_YEAR,
    "version": said.HEADING_VERSION, "example": said.HEADING_EXAMPLE, "factor_table": said.HEADING_FACTOR_TABLE,
    "cpv": said.HEADING_CPV_PREFIX, "factor": said.HEADING_FACTOR, "label": said.HEADING_LABEL,
}

# The fields each sheet shows, in the order of its columns. Long texts of the programme (an action's
# description and official description) and its links stay in the files.
ACTION_FIELDS = ("name", "status", "status_reason", "phase", RESPONSIBLE, "updated", "lead", "status_from",
                 "contacts", "categories", "indicators", "timespan.start", "timespan.end", "timespan.continuous",
                 "emission_reduction.value", "emission_reduction.basis", "procurement_volume", "cpv_codes",
                 "gpp_level", "order")
SHEET_FIELDS = (
    # name, title, kind, schema, list field, fields
    ("actions", said.SHEET_ACTIONS, "action", ACTION, None, ACTION_FIELDS),
    ("tasks", said.SHEET_TASKS, "action", ACTION, "tasks", ("name", "state", "due", "completed", "comment")),
    ("action_organisations", said.SHEET_ACTION_ORGANISATIONS, "action", ACTION, "organisations",
     ("organisation", "role")),
    ("categories", said.SHEET_CATEGORIES, "category", CATEGORY, None, ("name", "parent", "description")),
    ("organisations", said.SHEET_ORGANISATIONS, "organisation", ORGANISATION, None,
     ("name", "abbreviation", "parent", "kind")),
    ("contacts", said.SHEET_CONTACTS, "contact", CONTACT, None, ("name", "title", "organisation", "email")),
    ("indicators", said.SHEET_INDICATORS, "indicator", INDICATOR, None, ("name", "unit", "chart", "description")),
    ("indicator_values", said.SHEET_INDICATOR_VALUES, "indicator", INDICATOR, "values", ("date", "value")),
    ("indicator_goals", said.SHEET_INDICATOR_GOALS, "indicator", INDICATOR, "goals", ("date", "value")),
    # A procurement record may be one of many in a file (`procurements:`); its row edits it there.
    ("procurements", said.SHEET_PROCUREMENTS, "procurement", PROCUREMENT, None,
     ("name", "organisation", "stage", "date", "value", "cpv_codes", "gpp_criteria", "gpp_aims", "clean_vehicles",
      "actions", "criteria_sets", "notice_url")),
    ("criteria_sets", said.SHEET_CRITERIA_SETS, "criteria_set", CRITERIA_SET, None,
     ("name", "level", "category", "cpv_prefixes", "valid_from", "valid_until", "adopted_by", "source",
      "source_url")),
    ("factor_tables", said.SHEET_FACTOR_TABLES, "factor_table", FACTOR_TABLE, None,
     ("name", "year", "version", "source", "source_url", "example")),
    ("factors", said.SHEET_FACTORS, "factor_table", FACTOR_TABLE, "factors", ("cpv", "factor", "label")),
)
# What `export --organisation` writes: the actions the unit answers for, and the procurements it made.
ACTION_SHEETS = ("actions", "tasks", "action_organisations", "procurements")


def declared_field(schema: Object, path: tuple[str, ...]):
    """The Field at a dotted path of an Object."""
    found = None
    for name in path:
        found = next(declared for declared in schema.fields if declared.name == name)
        schema = found.type
    return found


def columns_of(schema: Object, names: Iterable[str], languages: tuple[str, ...], prefix: str = ""
               ) -> list[Column]:
    """The columns of `names` (dotted paths in `schema`): a translated text gets one per language."""
    columns = []
    for name in names:
        if name == RESPONSIBLE:
            organisation = declared_field(ACTION, ("organisations",)).type.item.fields[0]
            columns.append(Column(RESPONSIBLE, (RESPONSIBLE,), organisation.type, said.HEADING_RESPONSIBLE,
                                  "Responsible organisations, each with its role."))
            continue
        path = tuple(name.split("."))
        declared = declared_field(schema, path)
        heading = HEADINGS.get(f"{prefix}{name}", HEADINGS.get(name, HEADINGS.get(path[-1])))
        if isinstance(declared.type, Text) and declared.type.translatable:
            columns += [Column(f"{name}.{language}", path, declared.type, heading, declared.doc, language,
                               declared.required and language == languages[0]) for language in languages]
        else:
            columns.append(Column(name, path, declared.type, heading, declared.doc, None, declared.required,
                                  declared.default))
    return columns


def sheets(languages: tuple[str, ...], only: Iterable[str] | None = None,
           attributes: Attributes = NO_ATTRIBUTES) -> list[Sheet]:
    """Every sheet of the workbook for a site of `languages` (or those named in `only`), with the city's own
    fields (`attributes`) on the sheets of actions and categories."""
    found = []
    for name, title, kind, schema, list_field, names in SHEET_FIELDS:
        if only is not None and name not in only:
            continue
        if list_field is None:
            key = Column("id", ("id",), declared_field(schema, ("id",)).type, said.HEADING_ID,
                         declared_field(schema, ("id",)).doc, required=True)
            columns = [key, *columns_of(schema, names, languages, prefix=f"{name}."),
                       *own_columns(attributes.of(kind), languages)]
            found.append(Sheet(name, title, kind, schema, tuple(columns)))
            continue
        item_schema = declared_field(schema, (list_field,)).type.item
        keys = [Column(kind, (), Ref(kind), HEADINGS[kind], required=True),
                Column(POSITION, (), Integer(minimum=1), said.HEADING_POSITION)]
        columns = keys + columns_of(item_schema, names, languages, prefix=f"{list_field}.")
        found.append(Sheet(name, title, kind, item_schema, tuple(columns), list_field))
    return found


def heading_text(column: Column, language: str, languages: tuple[str, ...]) -> str:
    heading = column.heading().render(language)
    return f"{heading} [{column.language}]" if column.language and len(languages) > 1 else heading


# --- writing ---

@dataclass
class SheetRows:
    """What one sheet of an export holds: its rows, each a value per column (None: empty)."""

    sheet: Sheet
    rows: list[list[Any]] = field(default_factory=list)


def number_format(field_type: FieldType) -> str:
    if isinstance(field_type, Date):
        return "yyyy-mm-dd"
    if isinstance(field_type, Integer):
        return "0"
    if isinstance(field_type, (Number, Boolean)):
        return "General"
    return "@"  # text: what the editor types stays text (an identifier 0111 stays 0111)


def validation(column: Column, language: str, lists: dict[str, str]) -> DataValidation | None:
    """The drop-down list or the type check of a column, with its message in the editor's language."""
    def say(problem: Problem) -> str:
        return problem().render(language)

    common = {"allow_blank": True, "showErrorMessage": True, "errorTitle": say(said.VALIDATION_TITLE)}
    if column.choices in lists:
        several = column.is_list
        return DataValidation(type="list", formula1=lists[column.choices], errorStyle="warning" if several else "stop",
                              error=say(said.VALIDATION_SEVERAL if several else said.VALIDATION_CHOOSE),
                              **common)
    if isinstance(column.type, Date):
        return DataValidation(type="date", operator="greaterThanOrEqual", formula1="DATE(1900,1,1)",
                              error=say(said.VALIDATION_DATE), **common)
    if isinstance(column.type, Integer):
        minimum = column.type.minimum if column.type.minimum is not None else -2_147_483_648
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1=str(minimum),
                              error=say(said.VALIDATION_WHOLE_NUMBER), **common)
    if isinstance(column.type, Number):
        minimum = column.type.minimum if column.type.minimum is not None else -1e300
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=f"{minimum:g}",
                              error=say(said.VALIDATION_NUMBER), **common)
    return None


def shown_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_sheet(workbook: Workbook, content: SheetRows, language: str, languages: tuple[str, ...],
                lists: dict[str, str]) -> None:
    """One sheet: headings, field names, rows, formats, drop-down lists, frozen headings, a filter, widths."""
    sheet = content.sheet
    worksheet = workbook.create_sheet(sheet.shown_title(language))
    docs = catalogue_of(language)
    for index, column in enumerate(sheet.columns, start=1):
        heading = worksheet.cell(1, index, heading_text(column, language, languages))
        heading.font, heading.fill = Font(bold=True), HEADING_FILL
        if column.doc:
            heading.comment = Comment(docs.gettext(column.doc), "katalogi", width=300, height=120)
        worksheet.cell(2, index, column.key).font = NAME_FONT
    for row_number, values in enumerate(content.rows, start=FIRST_ROW):
        for index, (column, value) in enumerate(zip(sheet.columns, values, strict=True), start=1):
            cell = worksheet.cell(row_number, index, value)
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                # a text, not a formula to compute; and Excel's quote prefix (what typing ' first gives), so that
                # typing the cell again, or Enter in it, never turns it into a formula either
                cell.data_type, cell.quotePrefix = "s", True
            cell.number_format = number_format(column.type)
    last_row = FIRST_ROW + len(content.rows) - 1
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        dimension = worksheet.column_dimensions[letter]
        dimension.number_format = number_format(column.type)
        widest = max([len(heading_text(column, language, languages)), len(column.key),
                      *(shown_length(values[index - 1]) for values in content.rows)])
        dimension.width = min(max(widest + 2, 8), 60)
        checked = validation(column, language, lists)
        if checked is not None:
            checked.add(f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}")
            worksheet.add_data_validation(checked)
    worksheet.freeze_panes = worksheet.cell(FIRST_ROW, 3 if sheet.list_field else 2)
    worksheet.auto_filter.ref = f"A2:{get_column_letter(len(sheet.columns))}{max(last_row, 2)}"


def write_lists(workbook: Workbook, lists: dict[str, list[str]]) -> dict[str, str]:
    """The hidden sheet of drop-down values, a column per list; returns each list's range for a validation."""
    worksheet = workbook.create_sheet(LISTS_SHEET)
    worksheet.sheet_state = "hidden"
    ranges = {}
    for index, (name, values) in enumerate(sorted(lists.items()), start=1):
        letter = get_column_letter(index)
        worksheet.cell(1, index, name)
        for row, value in enumerate(values, start=2):
            worksheet.cell(row, index, value)
        if values:
            ranges[name] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def write_about(workbook: Workbook, about: list[list[str]]) -> None:
    worksheet = workbook.create_sheet(ABOUT_SHEET)
    worksheet.sheet_state = "hidden"
    for row in [[FORMAT], *about]:
        worksheet.append(row)


def workbook_bytes(contents: list[SheetRows], lists: dict[str, list[str]], about: list[list[str]], language: str,
                   languages: tuple[str, ...]) -> bytes:
    """The .xlsx file: the same contents give the same bytes (fixed dates in it and in its zip entries)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    ranges = write_lists(workbook, lists)
    for content in contents:
        write_sheet(workbook, content, language, languages, ranges)
    workbook.move_sheet(LISTS_SHEET, len(workbook.sheetnames))
    write_about(workbook, about)
    workbook.active = 0
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = "katalogi"
    properties.created = properties.modified = FIXED_TIME
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return with_fixed_times(written.getvalue())


def with_fixed_times(archive_bytes: bytes) -> bytes:
    """The zip again with every entry dated ZIP_TIME: zipfile stamps entries with the time they are written."""
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as source, zipfile.ZipFile(fixed, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, ZIP_TIME)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o600 << 16
            target.writestr(info, source.read(entry.filename))
    return fixed.getvalue()


# --- reading ---

@dataclass(frozen=True)
class ReadCell:
    """A cell as read: its value (None when empty) and where it is."""

    value: Any
    column: str  # the column's letter


@dataclass
class ReadSheet:
    """One sheet of an imported workbook: its name as shown, the field name of each column and its rows."""

    title: str
    keys: list[tuple[str, str]]  # (column letter, field name in row 2), for the columns that have one
    rows: list[tuple[int, dict[str, ReadCell]]]  # (row number, cells by field name)


class UnreadableWorkbook(Exception):
    """The file is not an .xlsx workbook openpyxl can read; the reason in its own words."""


def read_workbook(path: Path) -> tuple[dict[str, ReadSheet], list[list[Any]] | None]:
    """Every visible sheet by its name, and the hidden record of the export (None if there is none)."""
    try:
        with warnings.catch_warnings():  # features openpyxl drops when it saves (Excel's extensions): it never does
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as error:
        raise UnreadableWorkbook(str(error) or type(error).__name__) from None
    about = None
    found = {}
    for worksheet in workbook.worksheets:
        if worksheet.title == ABOUT_SHEET:
            about = [list(row) for row in worksheet.iter_rows(values_only=True)]
            continue
        if worksheet.title == LISTS_SHEET:
            continue
        keys = []
        for cell in next(worksheet.iter_rows(min_row=2, max_row=2), ()):
            if isinstance(cell.value, str) and cell.value.strip():
                keys.append((cell.column_letter, cell.value.strip()))
        letters = dict(keys)
        rows = []
        for row in worksheet.iter_rows(min_row=FIRST_ROW):
            cells = {letters[cell.column_letter]: ReadCell(cell.value, cell.column_letter) for cell in row
                     if cell.column_letter in letters}
            if any(not empty(read.value) for read in cells.values()):
                rows.append((row[0].row, cells))
        found[worksheet.title] = ReadSheet(worksheet.title, keys, rows)
    return found, about


def empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())

