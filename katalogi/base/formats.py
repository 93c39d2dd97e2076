"""`check --format github|json`: the same problems for machines.

github: one workflow command per problem, `::error file=...,line=...,title=field::message`
(`::warning` for data-quality points), which GitHub Actions shows on the lines of a pull
request; a note about no file (the history from git is incomplete) is a `::notice`. json: one
document, {"errors": [...], "warnings": [...], "summary": {...}}, the note in summary.history.
Paths are given from the folder the command runs in (the repository root in CI), so
`-C site` gives `site/content/...`.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import said
from .errors import ContentError, ContentWarning
from .messages import SOURCE_LANGUAGE, text_of

FORMATS = ("text", "github", "json")


def escape_data(text: str) -> str:
    """A workflow command's message: % and line breaks are encoded (GitHub's toolkit, escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also ':' and ',' that would end it (escapeProperty)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def file_path(root: Path, problem: ContentError) -> str:
    """The problem's file from the working folder: paths in problems are relative to the project."""
    return (root / problem.path).as_posix()


def annotation(root: Path, problem: ContentError, language: str = SOURCE_LANGUAGE) -> str:
    level = "warning" if isinstance(problem, ContentWarning) else "error"
    properties = f"file={escape_property(file_path(root, problem))},line={problem.line}," \
                 f"title={escape_property(problem.field)}"
    return f"::{level} {properties}::{escape_data(text_of(problem.message, language))}"


def notice(title: str, message: str) -> str:
    """A note for the workflow's summary that is about no file, such as a shallow clone's missing history."""
    return f"::notice title={escape_property(title)}::{escape_data(message)}"


def github(root: Path, problems: list[ContentError], summary: str, language: str = SOURCE_LANGUAGE,
           general_warnings: list[tuple[str, str]] = ()) -> str:
    """Annotations, errors first, each group in file and line order; warnings about no one file (the translation
    summary, as (title, message)); then the summary as plain text."""
    ordered = sorted(problems, key=lambda problem: (isinstance(problem, ContentWarning), problem.sort_key()))
    general = [f"::warning title={escape_property(title)}::{escape_data(message)}"
               for title, message in general_warnings]
    return "\n".join([*(annotation(root, problem, language) for problem in ordered), *general, summary])


def as_dict(root: Path, problem: ContentError, language: str) -> dict:
    entry = {"file": file_path(root, problem), "line": problem.line, "field": problem.field,
             "message": text_of(problem.message, language)}
    if isinstance(problem, ContentWarning):
        entry["rule"] = problem.rule
    return entry


def json_document(root: Path, errors: list[ContentError], warnings: list[ContentWarning], summary: dict,
                  language: str = SOURCE_LANGUAGE) -> str:
    return json.dumps({
        "errors": [as_dict(root, error, language) for error in sorted(errors)],
        "warnings": [as_dict(root, warning, language) for warning in sorted(warnings)],
        "summary": summary,
        "language": language,
    }, ensure_ascii=False, indent=2)


def failure(root: Path, errors: list[ContentError], warnings: list[ContentWarning], output_format: str, strict: bool,
            language: str) -> tuple[str, bool]:
    """What a check that failed says, in the format asked for: every error, then every warning, then how many; and
    whether it goes to standard error (the text format's does)."""
    summary = (said.PROBLEMS_AND_WARNINGS_FOUND(count=len(errors), warnings=said.COUNT_WARNINGS_SHOWN(
        count=len(warnings))) if warnings else said.PROBLEMS_FOUND(count=len(errors))).render(language)
    if output_format == "github":
        return github(root, [*errors, *warnings], summary, language), False
    if output_format == "json":
        return json_document(root, errors, warnings, {
            "passed": False, "errors": len(errors), "warnings": len(warnings), "strict": strict, "items": None,
            "text": summary}, language), False
    return "\n".join([*(problem.text(language) for problem in [*sorted(errors), *sorted(warnings)]), summary]), True


def checked_summary(counts: dict[str, int], named: set[str], quality_count: int, other_count: int,
                    translation_count: int | None = None):
    """The last line of a passing check: what was checked, every kind by name, and how many warnings of each kind."""
    warnings = warning_counts(quality_count, other_count, translation_count)
    if named:
        return said.CHECKED_FILES(files=said.COUNT_FILES(count=len(named)), warnings=warnings)
    parts = [said.COUNTS[kind](count=number) for kind, number in counts.items()]
    return said.CHECKED(items=[*parts[:-2], said.AND(first=parts[-2], last=parts[-1])], warnings=warnings)


def warning_counts(quality_count: int, other_count: int, translation_count: int | None = None):
    """"3 data-quality warnings, 1 other warning": the warnings a command found, by kind."""
    parts = [said.COUNT_QUALITY_WARNINGS(count=quality_count)]
    if other_count:
        parts.append(said.COUNT_WARNINGS(count=other_count))
    if translation_count is not None:
        parts.append(said.COUNT_TRANSLATION_WARNINGS(count=translation_count))
    return parts
