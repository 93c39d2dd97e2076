"""docs/editing.md: its tables of messages are generated from problems.py and cover what the tests expect."""

from __future__ import annotations

import re

import pytest
from tools import ROOT
from validation_cases import CASES, CONFIG_CASES

from katalogi.base import every_problem, problems
from katalogi.generate import guide

GUIDE = ROOT / "docs/editing.md"
ANY = "…"


def rows(kind: str) -> list[tuple[str, str]]:
    """(field, English message) of each row of the generated table of `kind`."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index(f"<!-- messages:{kind} -->"):]
    section = section[:section.index("<!-- /messages -->")]
    found = []
    for line in section.splitlines()[3:]:
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        found.append((cells[0].strip("`"), cells[2].strip("` ").replace("\\|", "|")))
    return found


def test_the_tables_are_current():
    text = GUIDE.read_text(encoding="utf-8")
    assert guide.refresh(text) == text, "run: make docs"


def test_every_error_and_warning_has_a_row_with_advice():
    errors, warnings = rows("error"), rows("warning")
    assert len(errors) == sum(problem.kind == problems.ERROR for problem in every_problem.ALL.values()) > 60
    assert len(warnings) == sum(problem.kind == problems.WARNING for problem in every_problem.ALL.values()) >= 10
    assert all(problem.advice for problem in every_problem.ALL.values() if problem.kind in (problems.ERROR,
                                                                                       problems.WARNING))


def pattern(text: str) -> str:
    return ".*".join(re.escape(part) for part in text.split(ANY))


def documented(problem: str, table: list[tuple[str, str]]) -> bool:
    """Whether `path:line: [warning: ]field: message` matches a row of the table."""
    field, message = re.sub(r"^[^:]+:\d+: (?:warning: )?", "", problem).split(": ", 1)
    return any(re.fullmatch(pattern(row_field), field) and re.fullmatch(pattern(row_message), message, re.S)
               for row_field, row_message in table)


EXPECTED = sorted({message for _, expected in [*CASES.values(), *CONFIG_CASES.values()] for message in expected})


@pytest.mark.parametrize("problem", EXPECTED, ids=lambda text: text[:60])
def test_every_message_the_tests_expect_is_in_the_guide(problem):
    assert documented(problem, rows("error")), problem
