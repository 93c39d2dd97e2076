"""`import procurements FILE.csv`: procurement records from a spreadsheet export, merged into content/procurements/.

The file may be UTF-8 with or without a byte order mark, separated by `;` (Finnish
Excel) or `,`, with decimal commas or points. Its first row names the columns, in
Finnish or English (COLUMNS; the headings of data/procurements.csv are among them,
so the site's own export reads back). Every row is checked as a procurement record
is, against the catalogue's organisations and actions; any bad row is reported as
`FILE.csv:ROW: column: message` (ROW as the spreadsheet numbers it, the heading
being row 1) and then nothing is written.

A row updates the record of its identifier wherever that record is, and only the
fields the file has columns for (an empty cell removes the field); a new record goes
into content/procurements/<year>.yaml by its date. Each file written holds its
records sorted by identifier in one fixed format, so importing the same file again
changes nothing and a changed row changes only its record's lines.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..base import problems
from ..base.errors import BuildFailed, ContentError
from ..content.checker import folded, suggestion
from ..content.codes import GPP_AIM, GPP_LEVEL, PROCUREMENT_STAGE
from ..content.load import Document, LineDict, LineList, decode, parse_yaml
from ..content.model import PROCUREMENT, TYPES_BY_KIND
from ..content.procurements import LIST_KEY, is_list_file
from ..content.validate import Item, check_document, check_references
from ..site.link import natural_key
from .edits import write_all
from .typed_cells import date_text, number_text, windows_1252

FOLDER = "content/procurements"

# field -> the headings that name it (compared folded: case, accents of spacing and punctuation aside)
COLUMNS = {
    "id": ("tunniste", "tunnus", "ilmoitusnumero", "hilma-numero", "id", "identifier", "notice number"),
    "name": ("nimi", "hankinnan nimi", "otsikko", "namn", "name", "title"),
    "organisation": ("hankintayksikkö", "organisaatio", "upphandlande enhet", "organisation", "organization",
                     "procuring organisation", "buyer"),
    "stage": ("vaihe", "skede", "stage"),
    "date": ("päivämäärä", "pvm", "hankintapäivä", "datum", "date", "procedure date"),
    "value": ("arvo", "arvo (eur)", "arvioitu arvo", "sopimuksen arvo", "värde (eur)", "value", "value (eur)",
              "estimated value", "contract value"),
    "cpv_codes": ("cpv", "cpv-koodit", "cpv-koodi", "cpv-koder", "cpv codes", "cpv code"),
    "gpp_criteria": ("ympäristökriteerit", "gpp-kriteerit", "miljökriterier", "green criteria", "gpp criteria",
                     "bt-805"),
    "gpp_aims": ("ympäristötavoitteet", "miljömål", "green aims", "gpp aims", "bt-774"),
    "clean_vehicles": ("puhtaiden ajoneuvojen direktiivi", "ajoneuvodirektiivi", "direktivet om rena fordon",
                       "clean vehicles directive", "clean vehicles", "bt-717"),
    "actions": ("toimenpiteet", "toimenpide", "åtgärder", "actions", "action"),
    "notice_url": ("hankintailmoitus", "ilmoituksen osoite", "upphandlingsannons", "notice", "notice url"),
}
IGNORED = ("hankintayksikön nimi", "enhetens namn", "organisation name", "osoite", "adress", "address")  # our export's

REQUIRED = ("id", "name", "organisation", "date")
LISTS = ("cpv_codes", "gpp_aims", "actions")
CHOICES = {"stage": PROCUREMENT_STAGE, "gpp_criteria": GPP_LEVEL, "gpp_aims": GPP_AIM}
TRUE_WORDS = {"true", "kyllä", "k", "x", "ja", "yes", "y", "1"}
FALSE_WORDS = {"false", "ei", "e", "nej", "no", "n", "0"}
FIELD_ORDER = [field.name for field in PROCUREMENT.fields]


@dataclass(frozen=True)
class Imported:
    """What an import did: rows read, records added, changed and left as they were, and the files written."""

    rows: int
    added: int
    changed: int
    same: int
    written: tuple[str, ...]


def heading_key(text: str) -> str:
    return " ".join(folded(text.strip()).split())


HEADINGS = {heading_key(heading): field for field, headings in COLUMNS.items() for heading in headings}
IGNORED_KEYS = frozenset(map(heading_key, IGNORED))


def read_rows(raw: bytes, path: str) -> tuple[list[str], list[tuple[int, list[str]]], list[ContentError]]:
    """The headings and the rows (with their spreadsheet row numbers) of a CSV export, `;` or `,` separated."""
    text, errors = decode(raw, path)
    if text is None:
        return [], [], windows_1252(raw, path) or errors
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        return [], [], [ContentError(path, 1, "file", problems.IMPORT_NO_ROWS())]
    numbered = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)]
    if not numbered:
        return rows[0], [], [ContentError(path, 1, "file", problems.IMPORT_NO_ROWS())]
    return rows[0], numbered, []


def choice_code(cell: str, field: str) -> str:
    """A code, also when the cell holds its label (EU:n GPP-kriteerit -> eu); anything else is left for the check."""
    choice = CHOICES[field]
    text = cell.strip()
    return text if text in choice.options else choice.labels.get(folded(text), text)


def cell_value(field: str, cell: str):
    """The raw value a cell gives a field, as a YAML file would hold it: text, a list of texts, true or false."""
    text = cell.strip()
    if field == "gpp_aims":  # codes, or labels (which hold spaces) between commas
        return [code for part in re.split(r"[,;]+", text) if part.strip()
                for code in ([choice_code(part, field)] if choice_code(part, field) != part.strip()
                             or " " not in part.strip() else part.split())]
    if field in LISTS:
        return [part for part in re.split(r"[\s,;]+", text) if part]
    if field == "value":
        return number_text(text)
    if field == "date":
        return date_text(text)
    if field == "clean_vehicles":
        word = folded(text)
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else text
    if field in CHOICES:
        return choice_code(text, field)
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):  # how a spreadsheet export keeps a formula off
        return text[1:]
    return text


DEFAULTS = {field.name: field.default for field in PROCUREMENT.fields if field.default is not None}


def same_value(field: str, old, new) -> bool:
    """Whether a cell says what the record already does, though written otherwise: 250000.50 and 250000,5, the
    actions in another order, one language of a translated name, a default the record leaves out."""
    if old == new:
        return True
    if old is None:
        return DEFAULTS.get(field, object()) == new
    if field == "value":
        try:
            return float(number_text(str(old))) == float(number_text(str(new)))
        except ValueError:
            return False
    if field == "actions" and isinstance(old, list) and isinstance(new, list):
        return sorted(map(str, old)) == sorted(map(str, new))
    return isinstance(old, dict) and new in [str(text) for text in old.values()]


def map_headings(headings: list[str], path: str) -> tuple[dict[int, str], list[ContentError]]:
    """Which column holds which field; unknown, repeated and missing required columns are errors at row 1."""
    fields, first, errors = {}, {}, []
    known = sorted({heading for heading_list in COLUMNS.values() for heading in heading_list})
    for index, heading in enumerate(headings):
        key = heading_key(heading)
        if not key or key in IGNORED_KEYS:
            continue
        field = HEADINGS.get(key)
        if field is None:
            errors.append(ContentError(path, 1, heading.strip(), problems.IMPORT_UNKNOWN_COLUMN(
                hint=suggestion(key, known))))
        elif field in first:
            errors.append(ContentError(path, 1, heading.strip(), problems.IMPORT_DUPLICATE_COLUMN(
                first=first[field] + 1)))
        else:
            fields[index], first[field] = field, index
    for field in REQUIRED:
        if field not in first:
            errors.append(ContentError(path, 1, COLUMNS[field][0], problems.IMPORT_MISSING_COLUMN(
                headings=", ".join(f"{COLUMNS[field][0]} / {english}" for english in COLUMNS[field][-1:]))))
    return fields, errors


def row_record(row: list[str], number: int, fields: dict[int, str]) -> LineDict:
    """A row as the record a YAML file would hold, every value at the row's number; empty cells left out."""
    record = LineDict()
    record.line, record.key_lines = number, {}
    for index, field in fields.items():
        cell = row[index] if index < len(row) else ""
        if cell.strip():
            record[field] = cell_value(field, cell)
            record.key_lines[field] = number
            if isinstance(record[field], list):
                items = LineList(record[field])
                items.line, items.item_lines = number, [number] * len(items)
                record[field] = items
    return record


def check_rows(headings: list[str], rows: list[tuple[int, list[str]]], path: str, catalogue: list[Item]
               ) -> tuple[dict[int, str], list[tuple[int, LineDict, Item]], list[ContentError]]:
    """Every row as a record, checked alone and against the catalogue; errors named by the column's heading."""
    fields, errors = map_headings(headings, path)
    if errors:
        return fields, [], errors
    column_of = {field: headings[index].strip() for index, field in fields.items()}
    content_type = TYPES_BY_KIND["procurement"]
    checked, first_row = [], {}
    for number, row in rows:
        if len(row) > len(headings):
            errors.append(ContentError(path, number, "row", problems.IMPORT_CELL_COUNT(count=len(row),
                                                                                     expected=len(headings))))
            continue
        record = row_record(row, number, fields)
        item, found = check_document(content_type, Document(path, record))
        errors += found
        if item is None or item.fields.get("id") is None:
            continue
        if item.id in first_row:
            errors.append(ContentError(path, number, column_of["id"], problems.IMPORT_DUPLICATE_ROW(
                id=item.id, first=first_row[item.id])))
            continue
        first_row[item.id] = number
        checked.append((number, record, item))
    others = [item for item in catalogue if item.kind != "procurement"]
    errors += [error for error in check_references([item for _, _, item in checked] + others, {})
               if error.path == path]

    def in_column(error: ContentError) -> ContentError:
        field = re.match(r"[a-z_]*", error.field)[0]
        return ContentError(error.path, error.line, column_of.get(field, error.field), error.message)

    return fields, checked, sorted(set(map(in_column, errors)))


# --- writing records ---

PLAIN = re.compile(r"[\w(][\w .,()/€%+'’–-]*")
NOT_PLAIN = {"true", "false", "null", "~", "yes", "no", "on", "off"}


LOOKS_TYPED = re.compile(r"[-+.\d]")  # what other YAML readers may take for a number or a date


YAML_1_1 = yaml.resolver.Resolver()  # PyYAML's: what a YAML 1.1 reader takes a plain scalar for


def reads_as_text(text: str) -> bool:
    """A plain scalar a YAML 1.1 reader reads back as text, not a number or date (the resolver's own rules,
    without parsing a document for each value)."""
    return YAML_1_1.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def scalar(value, typed: bool = False) -> str:
    """A value as YAML: plain where every YAML reader reads back the same text, else double-quoted.

    `typed`: the field is a number or a date, which the JSON Schema (and VS Code) expect unquoted; any
    other text that a YAML 1.1 reader would take for a number or date (an action `113`) is quoted."""
    if value is True or value is False:
        return "true" if value else "false"
    if value is None:
        return "null"
    text = str(value)
    if PLAIN.fullmatch(text) and not text.endswith(" ") and text.casefold() not in NOT_PLAIN and (
            typed or not LOOKS_TYPED.match(text) or reads_as_text(text)):
        return text
    return json.dumps(text, ensure_ascii=False)


def plain_data(value):
    """Data read from YAML (LineDict, LineList) as plain dicts and lists, to compare and write."""
    if isinstance(value, dict):
        return {key: plain_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_data(item) for item in value]
    return value


TYPED = ("value", "estimated_value", "date")


def value_lines(key: str, value, indent: str) -> list[str]:
    """One field of a record: a scalar or a list of scalars on one line, a mapping (texts by language) below."""
    if isinstance(value, dict):
        return [f"{indent}{key}:", *(line for name, item in value.items()
                                     for line in value_lines(name, item, indent + "  "))]
    if isinstance(value, list):
        if all(not isinstance(item, (dict, list)) for item in value):
            return [f"{indent}{key}: [{', '.join(scalar(item) for item in value)}]"]
        lines = [f"{indent}{key}:"]
        for item in value:
            if isinstance(item, dict):  # `- first: ...` and the other fields below it
                nested = [line for name, part in item.items() for line in value_lines(name, part, indent + "    ")]
                lines += [f"{indent}  - {nested[0][len(indent) + 4:]}", *nested[1:]]
            else:
                lines += value_lines("-", item, indent + "  ")
        return lines
    return [f"{indent}{key}: {scalar(value, key in TYPED)}"]


def record_lines(record: dict) -> list[str]:
    """A record as a list item under `procurements:`, its fields in the content type's order, others after."""
    keys = [key for key in FIELD_ORDER if key in record] + [key for key in record if key not in FIELD_ORDER]
    lines = []
    for position, key in enumerate(keys):
        first, *rest = value_lines(key, record[key], "    ")
        lines += [("  - " + first[4:]) if position == 0 else first, *rest]
    return lines


def records_text(records: list[dict], header: str = "") -> str:
    """A file of many procurements, sorted by identifier: the one format the import and the sample write.
    `header`: the comment lines the file starts with."""
    ordered = sorted(records, key=lambda record: natural_key(str(record["id"])))
    return header + "\n".join([f"{LIST_KEY}:", *(line for record in ordered for line in record_lines(record))]) + "\n"


def single_text(record: dict, header: str = "") -> str:
    """A file of one procurement."""
    return header + "\n".join(line[4:] for line in record_lines(record)) + "\n"


def leading_comments(text: str) -> str:
    """The comment lines a file starts with, kept when the import writes it again."""
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


# --- the import ---

@dataclass
class Stored:
    """The procurement records of one file of content/procurements/, as written (raw)."""

    path: Path
    records: list[dict]
    many: bool  # a file of many records (else of one)
    header: str = ""  # its leading comment lines


def read_stored(root: Path) -> tuple[dict[str, Stored], dict[str, Stored], list[ContentError]]:
    """Every procurement file by its path, each record's file by the record's id, and the files that do not read."""
    files, where, errors = {}, {}, []
    folder = root / FOLDER
    for file in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        relative = file.relative_to(root).as_posix()
        text, found = decode(file.read_bytes(), relative)
        data, problems_found = parse_yaml(text, relative) if text is not None else (None, [])
        if data is None:
            errors += found + problems_found
            continue
        many = is_list_file(data)
        records = [plain_data(record) for record in data[LIST_KEY] if isinstance(record, dict)] \
            if many and isinstance(data[LIST_KEY], list) else ([] if many else [plain_data(data)])
        stored = files[relative] = Stored(file, records, many, leading_comments(text))
        for record in records:
            where.setdefault(str(record.get("id")), stored)
    return files, where, errors


def import_procurements(root: Path, csv_file: Path, shown_as: str, catalogue: list[Item]) -> Imported:
    """Check every row of `csv_file`, then merge them into the procurement files; raise BuildFailed (and write
    nothing) when any row is bad. `shown_as`: the file's name in messages; `catalogue`: the items it may name."""
    headings, rows, errors = read_rows(csv_file.read_bytes(), shown_as)
    if errors:
        raise BuildFailed(errors)
    fields, checked, errors = check_rows(headings, rows, shown_as, catalogue)
    files, where, unreadable = read_stored(root)
    if errors or unreadable:
        raise BuildFailed(errors + unreadable)
    columns = set(fields.values())
    touched: dict[str, Stored] = {}
    added = changed = same = 0
    for _, record, item in checked:
        new = {key: plain_data(value) for key, value in record.items()}
        stored = where.get(item.id)
        if stored is None:
            new = {key: value for key, value in new.items() if not same_value(key, None, value)}
            relative = f"{FOLDER}/{item.fields['date'].year}.yaml"
            stored = files.setdefault(relative, Stored(root / relative, [], True))
            stored.records.append(new)
            where[item.id] = touched[relative] = stored
            added += 1
            continue
        index = next(index for index, old in enumerate(stored.records) if str(old.get("id")) == item.id)
        old = stored.records[index]
        new = {key: old[key] if same_value(key, old.get(key), value) and key in old else value
               for key, value in new.items() if not (key not in old and same_value(key, None, value))}
        merged = {**{key: value for key, value in old.items() if key not in columns}, **new}
        merged = {key: merged[key] for key in [*FIELD_ORDER, *old] if key in merged}
        if merged == {key: old[key] for key in [*FIELD_ORDER, *old] if key in old}:
            same += 1
            continue
        stored.records[index] = merged
        touched[stored.path.relative_to(root).as_posix()] = stored
        changed += 1
    write_all({stored.path: (records_text(stored.records, stored.header) if stored.many
                             else single_text(stored.records[0], stored.header)).encode("utf-8")
               for _, stored in sorted(touched.items())})
    return Imported(len(checked), added, changed, same, tuple(sorted(touched)))
