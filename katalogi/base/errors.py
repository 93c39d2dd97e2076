"""Problems an editor can act on: each one says where, which field, and what is wrong.

The core raises and returns these; only the command line (cli.py) turns them into
printed text and exit codes, in the editor's language.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .messages import SOURCE_LANGUAGE, Message, text_of
from .problems import WARNING_LABEL
from .said import COUNT_WARNINGS_SHOWN, PROBLEMS_AND_WARNINGS_FOUND, PROBLEMS_FOUND


@functools.total_ordering
@dataclass(frozen=True)
class ContentError:
    """One problem in one place of a source file, shown as `path:line: field: message`.

    `message` is a `messages.Message` (shown in the reader's language) or, for words that
    are not ours (a template engine's), plain text.
    """

    path: str
    line: int
    field: str
    message: Message | str

    def text(self, language: str = SOURCE_LANGUAGE) -> str:
        return f"{self.path}:{self.line}: {self.field}: {text_of(self.message, language)}"

    def __str__(self) -> str:
        return self.text()

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.field, str(self.message))

    def __lt__(self, other: ContentError) -> bool:
        return self.sort_key() < other.sort_key()

    @property
    def is_warning(self) -> bool:
        return False


@dataclass(frozen=True)
class ContentWarning(ContentError):
    """A point that does not stop the build, but readers miss something. `rule` names the check."""

    rule: str = ""

    def text(self, language: str = SOURCE_LANGUAGE) -> str:
        return f"{self.path}:{self.line}: {WARNING_LABEL().render(language)}: {self.field}: " \
               f"{text_of(self.message, language)}"

    @property
    def is_warning(self) -> bool:
        return True


@dataclass(frozen=True)
class CellError(ContentError):
    """A problem in one cell of a workbook being imported, shown as `Sheet!C12: field: message`.

    `path` is the sheet's name as the workbook shows it and `line` the cell's row, so that
    problems sort by sheet and row; `column` is the cell's column letter. The field is the one
    `check` would name in the YAML file the cell is written to.
    """

    column: str = "A"

    def text(self, language: str = SOURCE_LANGUAGE) -> str:
        return f"{self.place}: {self.field}: {text_of(self.message, language)}"

    @property
    def place(self) -> str:
        return f"{self.path}!{self.column}{self.line}"

    def sort_key(self) -> tuple:
        return (self.path, self.line, f"{len(self.column)}{self.column}:{self.field}", str(self.message))


def split(problems) -> tuple[list[ContentError], list[ContentWarning]]:
    """Errors (which stop the build) and warnings (which do not), each in file and line order."""
    problems = sorted(set(problems))
    return [p for p in problems if not p.is_warning], [p for p in problems if p.is_warning]


class BuildFailed(Exception):
    """Every problem found, raised once so that the command line lists them all and exits 1: the errors, and the
    warnings found on the way (shown after them, so that one run tells an editor everything)."""

    def __init__(self, errors: list[ContentError], warnings=()):
        self.errors = sorted(set(errors))
        self.warnings = sorted(set(warnings))
        super().__init__("\n".join(map(str, self.errors)))

    def summary(self, language: str = SOURCE_LANGUAGE) -> str:
        if self.warnings:
            return PROBLEMS_AND_WARNINGS_FOUND(count=len(self.errors), warnings=COUNT_WARNINGS_SHOWN(
                count=len(self.warnings))).render(language)
        return PROBLEMS_FOUND(count=len(self.errors)).render(language)

    def text(self, language: str = SOURCE_LANGUAGE) -> str:
        return "\n".join([*(problem.text(language) for problem in [*self.errors, *self.warnings]),
                          self.summary(language)])


class Failure(Exception):
    """A command could not do what was asked, for a reason that is not in the content (a full disk, a file that
    already exists); its message says so in the editor's language."""

    def __init__(self, message: Message | str):
        self.message = message
        super().__init__(str(message))

    def text(self, language: str = SOURCE_LANGUAGE) -> str:
        return text_of(self.message, language)
