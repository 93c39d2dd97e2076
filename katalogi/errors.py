"""Errors an editor can act on: each one says where, which field, and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one place of a source file, printed as `path:line: field: message`."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


@dataclass(frozen=True, order=True)
class ContentWarning(ContentError):
    """A data-quality point: the site builds, but readers miss something. `rule` names the check."""

    rule: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: warning: {self.field}: {self.message}"


class BuildFailed(click.ClickException):
    """Every problem found, raised once so the CLI prints them all and exits 1."""

    exit_code = 1

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        count = len(self.errors)
        summary = f"{count} problem{'s' if count != 1 else ''} found; nothing was written."
        super().__init__("\n".join([*map(str, self.errors), summary]))

    def show(self, file=None) -> None:
        click.echo(self.message, file=file, err=file is None)
