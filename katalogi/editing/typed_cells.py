"""What an editor types into a spreadsheet, read as they mean it: dates and numbers as Excel shows them in Finland,
and a CSV file Excel saved in Windows-1252 instead of UTF-8 (`import procurements`)."""

from __future__ import annotations

import re

from ..base import problems
from ..base.errors import ContentError

THOUSANDS = {".": re.compile(r"\d{1,3}(?:\.\d{3}){2,}"), ",": re.compile(r"\d{1,3}(?:,\d{3}){2,}")}
FINNISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?: +0?0:00(?::00)?)?")  # 31.12.2024, 1.3.2024 0:00


def number_text(cell: str) -> str:
    """A number as the schema reads it, as Excel writes it in Finland or elsewhere: spaces (no-break ones too) and a
    euro sign dropped; of `,` and `.` the last one the decimal mark; a mark repeated in groups of three (1.200.000,
    1,200,000) the thousands separator. A lone 1.200 or 1,200 could be either, and is read as 1.2."""
    text = re.sub(r"[\s\u00a0\u202f€]", "", cell)
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "").replace(",", ".")
    for mark, grouped in THOUSANDS.items():
        if grouped.fullmatch(text):
            return text.replace(mark, "")
    return text.replace(",", ".")


def date_text(cell: str) -> str:
    """A date as the schema reads it: 31.12.2024 and 1.3.2024 (as Excel shows dates in Finland) as 2024-12-31 and
    2024-03-01; anything else as written, for the check to say what is wrong with it."""
    finnish = FINNISH_DATE.fullmatch(cell)
    if finnish is None:
        return cell
    day, month, year = finnish.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def windows_1252(raw: bytes, path: str) -> list[ContentError]:
    """A file that is not UTF-8 but reads as Windows-1252 (what Excel's plain "CSV" saves): how to save it as CSV
    UTF-8, at the line of its first such byte; none for a file that is UTF-8 or not Windows-1252 either. Nothing is
    decoded by guess: a wrong guess would write wrong letters into the records."""
    try:
        raw.decode("utf-8")  # a byte order mark is UTF-8 too, and the error's position is then the file's
        return []
    except UnicodeDecodeError as error:
        start = error.start
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return []
    return [ContentError(path, raw.count(b"\n", 0, start) + 1, "encoding", problems.IMPORT_WINDOWS_1252(
        byte=f"{raw[start]:02x}", character=raw[start:start + 1].decode("cp1252")))]
