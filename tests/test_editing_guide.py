"""docs/editing.md: its table of messages names messages katalogi gives, and covers every message the tests expect."""

from __future__ import annotations

import ast
import functools
import re
import textwrap
from pathlib import Path

import pytest
from test_validation import CASES, CONFIG_CASES

from katalogi.pipeline import Project, check_project

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs/editing.md"
ANY = "…"


def rows(heading: str) -> list[tuple[str, str]]:
    """(field, message) of each row of the table under `heading`; a message in italics is the YAML reader's."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index(heading):]
    section = section[:section.find("\n## ", 1)] if "\n## " in section[1:] else section
    found = []
    for line in section.splitlines():
        if line.startswith("| `"):
            field, message = (cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:3])
            found.append((field.strip("`"), ANY if message.startswith("*") else message.strip("`")))
    return found


ERRORS = rows("## Virheilmoitukset")
WARNINGS = rows("## Tietojen laadun varoitukset")


def pattern(text: str) -> str:
    return ".*".join(re.escape(part) for part in text.split(ANY))


@functools.cache
def message_templates() -> tuple[str, ...]:
    """Every string in katalogi's source, with each {placeholder} of an f-string shown as …."""
    templates = []
    for path in sorted((ROOT / "katalogi").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                templates.append("".join(part.value if isinstance(part, ast.Constant) else ANY
                                         for part in node.values))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                templates.append(node.value)
    return tuple(templates)


def test_the_tables_are_there():
    assert len(ERRORS) > 40 and len(WARNINGS) == 5


@pytest.mark.parametrize("field, message", [row for row in ERRORS + WARNINGS if row[1] != ANY],
                         ids=lambda value: value[:40])
def test_every_message_in_the_guide_is_one_katalogi_gives(field, message):
    templates = message_templates()
    written_out = any(re.search(pattern(message), template) for template in templates)
    # or composed at run time: "required field {missing}" gives "required field is empty"
    composed = any(re.match(pattern(template), message) for template in templates
                   if len(template.replace(ANY, "")) >= 10)
    assert written_out or composed, message


def documented(problem: str, table: list[tuple[str, str]]) -> bool:
    """Whether `path:line: [warning: ]field: message` matches a row of the table."""
    field, message = re.sub(r"^[^:]+:\d+: (?:warning: )?", "", problem).split(": ", 1)
    return any(re.fullmatch(pattern(row_field), field) and re.match(pattern(row_message), message)
               for row_field, row_message in table)


EXPECTED = sorted({message for _, expected in [*CASES.values(), *CONFIG_CASES.values()] for message in expected})


@pytest.mark.parametrize("problem", EXPECTED)
def test_every_message_the_validation_tests_expect_is_in_the_guide(problem):
    assert documented(problem, ERRORS)


def test_every_data_quality_warning_is_in_the_guide(project):
    config = textwrap.dedent("""\
        title: T
        as_of: 2020-01-15
        status_from: tasks
        statuses:
          - {id: not_started, label: A, colour: "#ffffff"}
          - {id: on_time, label: B, colour: "#ffffff"}
          - {id: late, label: C, colour: "#ffffff"}
        """)
    action = textwrap.dedent("""\
        id: "1"
        name: N
        description: D
        status: on_time
        official_description:
          text: T
        tasks:
          - name: Myöhässä
            due: 2019-01-01
        """)
    site = check_project(Project(project({"content/actions/1.yaml": action, "content/actions/2.yaml": None},
                                         config=config)))
    assert sorted({finding.rule for finding in site.findings}) == [
        "no_contact", "no_next_task", "no_organisation", "no_source", "status_ignored"]
    for finding in site.findings:
        assert documented(str(finding), WARNINGS), str(finding)
