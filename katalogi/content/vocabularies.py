"""The code lists whose codes the site names: the CPV 2008 vocabulary and the eForms code lists it shows.

The data are files of this package (content/data/, see its README.md for the sources
and their licences), made by scripts/cpv_vocabulary.py: every CPV code with its check
digit and its names in Finnish, Swedish and English, and the labels of the eForms
code lists gpp-criteria (BT-805) and environmental-impact (BT-774). They are read once
per process, when a code is first checked or named.

A CPV code is known when its eight digits are in the vocabulary; its check digit is
then the vocabulary's (the CPV's check digits are data, not a formula: a few hundred of
them follow no arithmetic rule). An unknown code is answered with the nearest code that
exists: the one that shares the longest start with it, and of those the closest in
number.
"""

from __future__ import annotations

import bisect
import functools
import gzip
from dataclasses import dataclass
from pathlib import Path

from ..base.messages import Message

DATA = Path(__file__).parent / "data"
CPV_FILE = DATA / "cpv.tsv.gz"
EFORMS_FILE = DATA / "eforms_codes.tsv"
LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class Vocabulary:
    """The CPV codes: by their eight digits, the code with its check digit and its names by language."""

    codes: dict[str, str]  # "34144900" -> "34144900-7"
    names: dict[str, tuple[str, str, str]]  # "34144900" -> (fi, sv, en)
    about: dict[str, str]  # the file's header: vocabulary, names, check digits
    ordered: tuple[str, ...]  # the eight digits of every code, sorted

    @functools.cached_property
    def prefixes(self) -> frozenset[str]:
        """Every start (2 to 8 digits) of a code: what a CPV prefix may be."""
        return frozenset(digits[:length] for digits in self.codes for length in range(2, 9))


def read_table(lines) -> tuple[dict[str, str], list[list[str]]]:
    """The `#key<TAB>value` header and the rows of a tab-separated data file."""
    about, rows = {}, []
    for line in lines:
        line = line.rstrip("\n")
        if line.startswith("#"):
            key, _, value = line[1:].partition("\t")
            about[key] = value
        elif line:
            rows.append(line.split("\t"))
    return about, rows


@functools.cache
def cpv() -> Vocabulary:
    with gzip.open(CPV_FILE, "rt", encoding="utf-8") as stream:
        about, rows = read_table(stream)
    codes = {row[0][:8]: row[0] for row in rows}
    names = {row[0][:8]: (row[1], row[2], row[3]) for row in rows}
    return Vocabulary(codes, names, about, tuple(sorted(codes)))


@functools.cache
def eforms_labels() -> dict[str, dict[str, tuple[str, str, str]]]:
    """list -> code -> (fi, sv, en): the labels of the eForms code lists the site shows."""
    about, rows = read_table(EFORMS_FILE.read_text(encoding="utf-8").splitlines())
    found: dict[str, dict[str, tuple[str, str, str]]] = {}
    for code_list, code, *labels in rows:
        found.setdefault(code_list, {})[code] = tuple(labels)
    return found


def language_index(language: str) -> int:
    return LANGUAGES.index(language) if language in LANGUAGES else LANGUAGES.index("en")


def known_code(text: str) -> str | None:
    """The code of the vocabulary with these eight digits (and its own check digit), or None."""
    return cpv().codes.get(text[:8])


def cpv_name(code: str, language: str) -> str:
    """The name of a CPV code (written with or without its check digit) in `language`; "" when unknown."""
    names = cpv().names.get(code[:8])
    return names[language_index(language)] if names else ""


def cpv_text(code: str, language: str) -> str:
    """A code as the pages show it: "34144900-7 Sähköajoneuvot" (the code alone when the vocabulary lacks it)."""
    name = cpv_name(code, language)
    return f"{code} {name}" if name else code


def prefix_text(prefix: str, language: str) -> str:
    """A prefix as the pages show it: "6010 Maantieliikennepalvelut", or the digits alone when they stand for no
    code of their own."""
    name = prefix_name(prefix, language)
    return f"{prefix} {name}" if name else prefix


def prefix_code(prefix: str) -> str | None:
    """The code a CPV prefix stands for (6010 -> 60100000-9), when the vocabulary has it."""
    return known_code(prefix.ljust(8, "0")) if prefix.isdigit() and len(prefix) <= 8 else None


def prefix_name(prefix: str, language: str) -> str:
    """The name of what a prefix covers: the name of the code it stands for, else ""."""
    code = prefix_code(prefix)
    return cpv_name(code, language) if code else ""


def is_prefix(prefix: str) -> bool:
    """Some code of the vocabulary starts with these digits."""
    return prefix in cpv().prefixes


def nearest_code(digits: str) -> str:
    """The existing code nearest to eight digits that are not one: of the codes that share the longest start
    with them, the closest in number (34144999 -> 34144910-0, 99999999 -> 98910000-5)."""
    ordered = cpv().ordered
    for length in range(min(len(digits), 8), -1, -1):
        start = digits[:length]
        low = bisect.bisect_left(ordered, start)
        high = bisect.bisect_left(ordered, start + "\uffff")
        if low < high:
            target = int(digits.ljust(8, "0")[:8])
            best = min(ordered[low:high], key=lambda candidate: (abs(int(candidate) - target), candidate))
            return cpv().codes[best]
    return cpv().codes[ordered[0]]


def nearest_prefix_code(prefix: str) -> str:
    """The existing code nearest to a prefix no code starts with, as for a code."""
    return nearest_code(prefix.ljust(8, "0"))


def code_label(code_list: str, code: str, language: str) -> str:
    """The label of an eForms code (gpp-criteria eu -> "EU:n ympäristöä säästävien ..."), or the code itself."""
    labels = eforms_labels().get(code_list, {}).get(code)
    return labels[language_index(language)] if labels else code


def code_labels(code_list: str, language: str, order: tuple[str, ...] = ()) -> dict[str, str]:
    """Every code of an eForms code list with its label in `language`: those of `order` first, in its order."""
    labels = eforms_labels().get(code_list, {})
    codes = [code for code in order if code in labels] + [code for code in labels if code not in order]
    return {code: labels[code][language_index(language)] for code in codes}


@dataclass(frozen=True)
class CpvName(Message):
    """The name of a CPV code as a value in a message (`text` is the code): shown in the message's language."""

    def render(self, language: str = "en") -> str:
        return cpv_name(self.text, language)


def about() -> dict[str, str]:
    """Which vocabulary, and where its names and check digits come from: stated in the open data."""
    return dict(cpv().about)
