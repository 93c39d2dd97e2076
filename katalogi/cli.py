"""The command line: build, check, serve and new, each a thin call into the package."""

from __future__ import annotations

from pathlib import Path

import click

from . import pipeline
from .cache import CACHE_FOLDER
from .pipeline import Project


def project_option(function):
    return click.option(
        "-C", "--project", "project_root", type=click.Path(file_okay=False, path_type=Path),
        default=".", show_default=True, help="Folder holding site_config.yaml and content/.",
    )(function)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Build the procurement action catalogue from content/ into a static site."""


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
def build(project_root: Path, out: Path | None, jobs: int | None, no_cache: bool, no_search: bool) -> None:
    """Check everything, then write the site; a failed build leaves the previous site as it was."""
    out = out or project_root / "output"
    built = pipeline.build(Project(project_root), out, jobs, None if no_cache else project_root / CACHE_FOLDER,
                           search=not no_search)
    warnings = f"; {counted(len(built.warnings), 'data-quality warning')} (`check` lists them)" \
        if built.warnings else ""
    done = "Nothing changed since the last build of" if built.skipped else "Built"
    click.echo(f"{done} {counted(built.actions, 'action')} into {out}{warnings}.")


@cli.command()
@project_option
@click.option("--strict", is_flag=True, help="Fail (exit 1) on data-quality warnings too.")
def check(project_root: Path, strict: bool) -> None:
    """Validate content and configuration without writing anything (exit 1 on problems)."""
    with pipeline.collector_paused():
        site = pipeline.check_project(Project(project_root))
    show_warnings(site.findings + site.missing_translations)
    counts = [counted(len(site.actions), "action"), counted(len(site.categories), "category", "categories"),
              counted(len(site.organisations), "organisation"), counted(len(site.contacts), "contact"),
              counted(len(site.indicators), "indicator")]
    warnings = counted(len(site.findings), "data-quality warning")
    if len(site.config.languages) > 1:
        warnings += f", {counted(len(site.missing_translations), 'translation warning')}"
    click.echo(f"Checked {', '.join(counts[:-1])} and {counts[-1]}: no errors, {warnings}.")
    if strict and (site.findings or site.missing_translations):
        raise click.ClickException("--strict: the warnings above count as problems.")


def show_warnings(findings) -> None:
    """Data-quality points go to stderr, one per line, like errors."""
    for finding in sorted(findings):
        click.echo(str(finding), err=True)


def counted(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


@cli.command()
@project_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; only this machine can connect by default.")
@click.option("--port", default=8000, show_default=True, type=int)
def serve(project_root: Path, host: str, port: int) -> None:
    """Build, serve the site and rebuild and reload the browser on every change."""
    from .serve import serve_project

    serve_project(Project(project_root), project_root / "output", host, port)


@cli.group()
def new() -> None:
    """Create a new content file with every field present and explained."""


@new.command("action")
@project_option
def new_action(project_root: Path) -> None:
    """Write content/actions/<next free number>.yaml."""
    from .scaffold import write_new_action

    path = write_new_action(Project(project_root))
    click.echo(f"Wrote {path}")


