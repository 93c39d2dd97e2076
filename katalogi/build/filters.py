"""How pages write dates, numbers and shares: the filters of each language's Jinja environment (render.py).

Every percentage a page shows comes from base.shares (one decimal, halves up) and is written
here the one way: 12,5 % in Finnish and Swedish, 12.5 % in English, with a no-break space.
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from ..content.i18n import LOCALES

DATE_FORMATS = {"fi": "dd.MM.yyyy"}  # as on the city's Finnish pages: 01.03.2019; others Babel's "medium"


@functools.lru_cache(maxsize=8192)  # pages show the same dates again and again; Babel parses the locale each time
def format_date(value: datetime.date | None, language: str = "fi") -> str:
    """The page's locale: 15.10.2019 in Finnish, 15 okt. 2019 in Swedish, 15 Oct 2019 in English."""
    if not value:
        return ""
    return babel_format_date(value, DATE_FORMATS.get(language, "medium"), locale=LOCALES.get(language, language))


@functools.lru_cache(maxsize=1024)
def format_month(value: datetime.date, language: str = "fi") -> str:
    """A month as a timeline's axis names it: 3/2019 in Finnish, mars 2019 in Swedish, Mar 2019 in English."""
    pattern = "M/yyyy" if language == "fi" else "LLL yyyy"
    return babel_format_date(value, pattern, locale=LOCALES.get(language, language))


@functools.lru_cache(maxsize=1024)
def format_percent(value: Decimal | None, language: str = "fi") -> str:
    """A share as base.shares made it (one decimal): 12,5 % in Finnish and Swedish, 12.5 % in English; – for none."""
    if value is None:
        return "–"
    return format_decimal(value, "#,##0.0", locale=LOCALES.get(language, language)) + "\u00a0%"


@functools.lru_cache(maxsize=1024)
def format_points(value: Decimal, language: str = "fi") -> str:
    """A change of a share in percentage points, signed, one decimal: +2,0 or −0,7 (±0,0 for none)."""
    shown = format_decimal(abs(value), "#,##0.0", locale=LOCALES.get(language, language))
    return ("+" if value > 0 else "\u2212" if value < 0 else "\u00b1") + shown


def iso_date(value: str, language: str = "fi") -> str:
    """A date written as YYYY-MM-DD (as the change history keeps values) in the page's format; other text as is."""
    try:
        return format_date(datetime.date.fromisoformat(value), language)
    except (TypeError, ValueError):
        return value


@functools.lru_cache(maxsize=8192)
def format_number(value: float | int, language: str = "fi") -> str:
    """The page's locale: 1 234,5 in Finnish and Swedish, 1,234.5 in English; every decimal kept."""
    return format_decimal(value, locale=LOCALES.get(language, language), decimal_quantization=False)
