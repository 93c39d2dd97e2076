"""The command line: build, check, serve and new, each a thin call into the package."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click

from . import pipeline, report
from .cache import CACHE_FOLDER
from .config import BASE_PATH
from .errors import BuildFailed
from .model import CONTENT_TYPES, ContentType
from .pipeline import Project


def project_option(function):
    return click.option(
        "-C", "--project", "project_root", type=click.Path(file_okay=False, path_type=Path),
        default=".", show_default=True, help="Folder holding site_config.yaml and content/.",
    )(function)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Build the procurement action catalogue from content/ into a static site."""


def history_option(function):
    return click.option("--no-history", is_flag=True,
                        help="Do not read the content's history from git: no change history, no changes feed, "
                             "updated dates only from the files.")(function)


def jobs_option(function):
    return click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                        help="Processes to check and render with.  [default: one per core]")(function)


@cli.command()
@project_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site.  [default: output/ in the project]")
@jobs_option
@click.option("--no-cache", is_flag=True, help=f"Ignore and do not update the build cache ({CACHE_FOLDER}/).")
@click.option("--no-search", is_flag=True, help="Do not make the search index (Pagefind), for a quicker build.")
@history_option
@click.option("--base-path", callback=lambda ctx, param, value: None if value is None else normalised_base_path(value),
              help="Publish under this path instead of site_config.yaml's base_path: /hankinnat/, or the site's "
                   "whole address (https://owner.github.io/hankinnat), whose path is taken; empty means /.")
def build(project_root: Path, out: Path | None, jobs: int | None, no_cache: bool, no_search: bool,
          no_history: bool, base_path: str | None) -> None:
    """Check everything, then write the site; a failed build leaves the previous site as it was."""
    out = out or project_root / "output"
    built = pipeline.build(Project(project_root, history=not no_history), out, jobs,
                           None if no_cache else project_root / CACHE_FOLDER, base_path, search=not no_search)
    if built.history:
        click.echo(built.history, err=True)
    warnings = f"; {counted(len(built.warnings), 'data-quality warning')} (`check` lists them)" \
        if built.warnings else ""
    done = "Nothing changed since the last build of" if built.skipped else "Built"
    click.echo(f"{done} {counted(built.actions, 'action')} into {out}{warnings}.")


@cli.command()
@project_option
@click.option("--strict", is_flag=True, help="Fail (exit 1) on data-quality warnings too.")
@click.option("--format", "output_format", type=click.Choice(report.FORMATS), default="text", show_default=True,
              help="text for people; github for annotations on a pull request's lines (GitHub Actions); "
                   "json for other tools.")
@history_option
@click.pass_context
def check(ctx: click.Context, project_root: Path, strict: bool, output_format: str, no_history: bool) -> None:
    """Validate content and configuration without writing anything (exit 1 on problems)."""
    try:
        with pipeline.collector_paused():
            site = pipeline.check_project(Project(project_root, history=not no_history))
    except BuildFailed as failure:
        if output_format == "text":
            raise
        summary = failure.message.splitlines()[-1]
        if output_format == "github":
            click.echo(report.github(project_root, failure.errors, summary))
        else:
            click.echo(report.json_document(project_root, failure.errors, [], {
                "passed": False, "errors": len(failure.errors), "warnings": 0, "strict": strict, "items": None,
                "text": summary}))
        ctx.exit(1)
    note = site.history.reason  # why the history from git is missing or incomplete
    if note and output_format == "text":
        click.echo(note, err=True)
    warnings = sorted(site.findings) + sorted(site.missing_translations)
    counts = {"action": len(site.actions), "category": len(site.categories),
              "organisation": len(site.organisations), "contact": len(site.contacts),
              "indicator": len(site.indicators)}
    summary = checked_summary(counts, len(site.findings),
                              len(site.missing_translations) if len(site.config.languages) > 1 else None)
    failed = strict and bool(warnings)
    if output_format == "json":
        click.echo(report.json_document(project_root, [], warnings, {
            "passed": not failed, "errors": 0, "warnings": len(warnings), "strict": strict, "items": counts,
            "text": summary, **({"history": note} if note else {})}))
        ctx.exit(1 if failed else 0)
    if output_format == "github":
        if note:
            click.echo(report.notice("history", note))
        click.echo(report.github(project_root, warnings, summary))
    else:
        show_warnings(warnings)
        click.echo(summary)
    if failed:
        raise click.ClickException("--strict: the warnings above count as problems.")


def checked_summary(counts: dict[str, int], warnings: int, translation_warnings: int | None = None) -> str:
    """The last line of a passing check: what was checked, and how many data-quality (and translation) warnings."""
    plurals = {"category": "categories"}
    parts = [counted(number, kind, plurals.get(kind)) for kind, number in counts.items()]
    translations = "" if translation_warnings is None else \
        f", {counted(translation_warnings, 'translation warning')}"
    return (f"Checked {', '.join(parts[:-1])} and {parts[-1]}: no errors, "
            f"{counted(warnings, 'data-quality warning')}{translations}.")


def show_warnings(findings) -> None:
    """Data-quality points go to stderr, one per line, like errors."""
    for finding in sorted(findings):
        click.echo(str(finding), err=True)


def normalised_base_path(value: str) -> str:
    """A --base-path as the site uses it: /, or /a/b/ (from a path or a whole address)."""
    path = urlsplit(value).path if "://" in value else value
    path = f"/{path.strip('/')}/" if path.strip("/") else "/"
    if not BASE_PATH.fullmatch(path):
        raise click.BadParameter(f"expected a path such as / or /hankinnat/, or an address, got {value!r}")
    return path


def counted(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


@cli.command()
@project_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; only this machine can connect by default.")
@click.option("--port", default=8000, show_default=True, type=int)
@history_option
def serve(project_root: Path, host: str, port: int, no_history: bool) -> None:
    """Build, serve the site and rebuild and reload the browser on every change."""
    from .serve import serve_project

    serve_project(Project(project_root, history=not no_history), project_root / "output", host, port)


@cli.group()
def new() -> None:
    """Create a new content file with every field present and explained."""


def new_command(content_type: ContentType) -> click.Command:
    """`new KIND [IDENTIFIER]`: an action takes the next free number; other kinds are named."""
    is_action = content_type.kind == "action"
    what = "<next free number or IDENTIFIER>" if is_action else "<IDENTIFIER>"

    @click.command(content_type.kind, help=f"Write content/{content_type.folder}/{what}.yaml.")
    @project_option
    @click.argument("identifier", required=not is_action)
    def command(project_root: Path, identifier: str | None) -> None:
        from .scaffold import write_new

        path = write_new(Project(project_root), content_type.kind, identifier)
        click.echo(f"Wrote {path.as_posix()}")

    return command


for _content_type in CONTENT_TYPES:
    new.add_command(new_command(_content_type))
