"""The editors' guide's tables of messages, generated from problems.py and the catalogues so they cannot drift.

`python -m katalogi.generate.guide docs/editing.md` (part of `make docs`) rewrites the tables
between `<!-- messages:error -->` (or `warning`) and `<!-- /messages -->`: one row per
message an editor can get, in Finnish and English, with what to do about it. A test
checks they are current.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..base import every_problem
from ..base.messages import catalogue_of

MARKER = re.compile(r"(<!-- messages:(\w+) -->\n).*?(<!-- /messages -->)", re.S)
FIELD = re.compile(r"\{[^{}]*\}")
ANY = "…"


def guide_text(text: str, language: str, plural: str = "") -> str:
    """A message as the guide shows it: in `language`, with `…` for the parts that change."""
    catalogue = catalogue_of(language)
    translated = catalogue.ngettext(text, plural, 2) if plural else catalogue.gettext(text)
    return FIELD.sub(ANY, translated).replace("|", "\\|")


def cell(text: str) -> str:
    """A message as code; one with backticks of its own in a double-backtick span."""
    if not text or text == ANY:
        return ANY
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def table(kind: str) -> str:
    """The rows of every message of `kind` (error or warning), in the order problems.py declares them."""
    rows = ["| kenttä – field | ilmoitus | message | mitä tehdä | what to do |", "|---|---|---|---|---|"]
    for problem in every_problem.ALL.values():
        if problem.kind != kind:
            continue
        advice_fi = catalogue_of("fi").gettext(problem.advice) if problem.advice else ""
        finnish, english = (guide_text(problem.text, language, problem.plural) for language in ("fi", "en"))
        rows.append(f"| {cell(problem.field)} | {cell(finnish)} | "
                    f"{cell(english)} | {advice_fi.replace('|', chr(92) + '|')} | "
                    f"{problem.advice.replace('|', chr(92) + '|')} |")
    return "\n".join(rows) + "\n"


def refresh(text: str) -> str:
    return MARKER.sub(lambda match: match[1] + table(match[2]) + match[3], text)


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/editing.md")
    path.write_text(refresh(path.read_text(encoding="utf-8")), encoding="utf-8")
