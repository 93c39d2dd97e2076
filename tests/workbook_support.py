"""The workbook in the tests: export a project, change, add and delete rows and cells as an editor would in
Excel, import it back, and compare the files."""

from __future__ import annotations

import difflib
import textwrap
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from katalogi.cli import cli

LANGUAGES_CONFIG = "languages: [fi, sv, en]\n"
PROCUREMENTS = textwrap.dedent("""\
    # Hankintajärjestelmästä viety
    procurements:
      - id: 2019-1
        name: Siivous
        organisation: kaupunki
        date: 2019-05-02
        value: 1200
      - id: 2019-2
        name: Sähköautot  # vuokrataan
        organisation: ympa
        date: 2019-03-15
        cpv_codes: [34144900-7]
        actions: ["1"]
      - id: 2019-3
        name: Muiden hankinta
        organisation: muu
        date: 2019-01-31
    """)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def export(root: Path, *args: str, name: str = "book.xlsx") -> Path:
    path = root.parent / name
    result = run("export", "xlsx", str(path), "-C", str(root), *args)
    assert result.exit_code == 0, result.output
    return path


def import_(root: Path, path: Path, *args: str):
    return run("import", "xlsx", str(path), "-C", str(root), *args)


def contents(root: Path) -> dict[str, bytes]:
    return {file.relative_to(root).as_posix(): file.read_bytes() for file in sorted((root / "content").rglob("*"))
            if file.is_file()}


def columns_of(worksheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in worksheet[2] if cell.value}


def row_of(worksheet, key: tuple) -> int:
    for row in worksheet.iter_rows(min_row=3):
        if tuple(cell.value for cell in row[:len(key)]) == key:
            return row[0].row
    raise AssertionError(f"no row {key}")


def edit(path: Path, sheet: str, changes: dict[tuple, object]) -> None:
    """Set cells: {(row key..., field name): value}, the row found by its first columns (id, or action and position)."""
    workbook = load_workbook(path)
    worksheet = workbook[sheet]
    columns = columns_of(worksheet)
    for (*key, name), value in changes.items():
        cell = worksheet.cell(row_of(worksheet, tuple(key)), columns[name])
        cell.value = value  # None empties the cell
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # typed as text ('=0 in Excel), not as a formula
    workbook.save(path)


def add_row(path: Path, sheet: str, values: dict[str, object]) -> int:
    workbook = load_workbook(path)
    worksheet = workbook[sheet]
    columns = columns_of(worksheet)
    row = worksheet.max_row + 1
    for name, value in values.items():
        worksheet.cell(row, columns[name], value)
    workbook.save(path)
    return row


def delete_row(path: Path, sheet: str, key: tuple) -> None:
    workbook = load_workbook(path)
    worksheet = workbook[sheet]
    worksheet.delete_rows(row_of(worksheet, key))
    workbook.save(path)


def diff(before: bytes, after: bytes) -> list[str]:
    return [line for line in difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(),
                                                  lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++",
                                                                                                             "---")]
