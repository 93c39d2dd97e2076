"""The command line: build, check, serve and new, each a thin call into the package.

The only module that knows Click: the core raises `BuildFailed` (the content's
problems) and `Failure` (anything else a command cannot do), and this module prints
them in the editor's language and exits 1, never with a traceback.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from .base import formats as report
from .base import problems, said, timings
from .base import procurement_problems as problems_of_notices
from .base.errors import BuildFailed, Failure
from .base.messages import EDITOR_LANGUAGES, editor_language
from .base.paths import CONFIG_FILE, CONTENT_DIR
from .build import pipeline
from .build.cache import CACHE_FOLDER
from .build.pipeline import Project
from .build.round_report import render_report
from .content.config import BASE_PATH, configured_languages
from .content.i18n import translation_summary
from .content.load import read_document
from .content.model import CONTENT_TYPES, ContentType
from .editing.edits import write_all


def project_option(function):
    return click.option(
        "-C", "--project", "project_root", type=click.Path(file_okay=False, path_type=Path),
        default=".", show_default=True, help="Folder holding site_config.yaml and content/.",
    )(function)


def language_option(function):
    return click.option(
        "--lang", "language", type=click.Choice(EDITOR_LANGUAGES), default=None,
        help="Language of the messages.  [default: the locale's (LANG), else the site's default language]",
    )(function)


def speaking(function):
    """Run a command with messages in the editor's language; the core's failures become exit status 1."""
    @functools.wraps(function)
    def command(*args, project_root: Path, language: str | None, **kwargs):
        language = editor_language(language, site_language(project_root))
        try:
            return function(*args, project_root=project_root, language=language, **kwargs)
        except (BuildFailed, Failure) as failure:
            click.echo(failure.text(language), err=True)
            raise SystemExit(1) from None

    return command


def site_language(root: Path) -> str | None:
    """The default language of the site, read leniently: the first of `languages` when the file is readable."""
    document, _ = read_document(root / CONFIG_FILE, CONFIG_FILE)
    return configured_languages(document.data)[0] if document is not None else None


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
@click.option("--skip-broken-rounds", is_flag=True,
              help="Leave out a reporting round whose content does not pass check at its tag (and say so) "
                   "instead of failing.")
@click.option("--strict-members", is_flag=True,
              help="On a comparison site, stop the build when a member does not pass its checks (listing its "
                   "problems) instead of leaving it out of the figures.")
@click.option("--base-path", callback=lambda ctx, param, value: None if value is None else normalised_base_path(value),
              help="Publish under this path instead of site_config.yaml's base_path: /hankinnat/, or the site's "
                   "whole address (https://owner.github.io/hankinnat), whose path is taken; empty means /.")
@click.option("--timings", "timings_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write where the build's time went to this JSON file: each stage, and the pages rendered and "
                   "written by kind.")
@language_option
@speaking
def build(project_root: Path, out: Path | None, jobs: int | None, no_cache: bool, no_search: bool,
          no_history: bool, skip_broken_rounds: bool, strict_members: bool, base_path: str | None,
          timings_file: Path | None, language: str) -> None:
    """Check everything, then write the site; a failed build leaves the previous site as it was."""
    timings.RECORDED.reset()
    out = out or project_root / "output"
    project = Project(project_root, history=not no_history, skip_broken_rounds=skip_broken_rounds,
                      strict_members=strict_members)
    built = pipeline.build(project, out, jobs, None if no_cache else project_root / CACHE_FOLDER, base_path,
                           search=not no_search)
    if timings_file is not None:
        write_all({timings_file: timings.RECORDED.as_text().encode("utf-8")})
    for note in (built.history, *built.notes):
        if note:
            click.echo(say(note, language), err=True)
    warnings = said.BUILT_WARNINGS(warnings=report.warning_counts(built.quality_warnings, built.other_warnings)) \
        if built.quality_warnings or built.other_warnings else ""
    done = said.UNCHANGED if built.skipped else said.BUILT
    click.echo(done(actions=said.COUNT_ACTIONS(count=built.actions), out=out, warnings=warnings).render(language))


@cli.command("report")
@project_option
@click.argument("round_name", metavar="ROUND")
@click.option("--pdf", "pdf_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report as a PDF to this file.  [default: the print-ready HTML page to stdout]")
@click.option("--in", "report_language", default=None,
              help="Language of the report, one of the site's.  [default: the site's default language]")
@language_option
@speaking
def report_command(project_root: Path, round_name: str, pdf_file: Path | None, report_language: str | None,
                   language: str) -> None:
    """The council report of a reporting round (its tag, raportti/2019-h2, or 2019-h2), as build writes it."""

    with pipeline.collector_paused():
        made = render_report(Project(project_root), round_name, report_language, pdf=pdf_file is not None)
    if pdf_file is None:
        click.echo(made, nl=False)
        return
    write_all({pdf_file: made})
    click.echo(said.WROTE(path=pdf_file).render(language), err=True)


@cli.command()
@project_option
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--translations", "list_translations", is_flag=True,
              help="List every text that lacks a translation (by default one line per language sums them up).")
@click.option("--format", "output_format", type=click.Choice(report.FORMATS), default="text", show_default=True,
              help="text for people; github for annotations on a pull request's lines (GitHub Actions); "
                   "json for other tools.")
@history_option
@language_option
@speaking
def check(project_root: Path, files: tuple[Path, ...], strict: bool, list_translations: bool, output_format: str,
          no_history: bool, language: str) -> None:
    """Validate content and configuration without writing anything (exit 1 on problems).

    With FILES, only their problems are shown, each checked against the whole catalogue (its references and
    identifiers), for a quick look at one's own change.
    """
    named = named_files(project_root, files)
    in_named_files = (lambda problem: problem.path in named) if files else (lambda problem: True)
    try:
        with pipeline.collector_paused():
            editions, notes = pipeline.check_with_notes(Project(project_root, history=not no_history))
    except BuildFailed as failure:  # every error, and after them every warning that could be found
        failed_here = [error for error in failure.errors if in_named_files(error)]
        warned_here = [warning for warning in failure.warnings if in_named_files(warning)]
        elsewhere = len(failure.errors) - len(failed_here)
        if files and not failed_here:
            for warning in warned_here if output_format == "text" else ():
                click.echo(warning.text(language), err=True)
            click.echo(said.OTHER_FILES_FAIL(count=elsewhere).render(language), err=True)
            return
        shown, to_stderr = report.failure(project_root, failed_here, warned_here, output_format, strict, language)
        click.echo(shown, err=to_stderr)
        raise SystemExit(1) from None
    site = editions.default
    note = site.history.reason  # why the history from git is missing or incomplete
    if note and output_format == "text":
        click.echo(say(note, language), err=True)
    for left_out in notes if output_format == "text" else ():  # a comparison site's members left out
        click.echo(left_out.render(language), err=True)
    editor_warnings = [warning for warning in [*editions.warnings, *site.findings] if in_named_files(warning)]
    gaps = [gap for gap in editions.missing_translations if in_named_files(gap)]
    multilingual = len(site.config.languages) > 1
    counts = {"action": len(site.actions), "category": len(site.categories),
              "organisation": len(site.organisations), "contact": len(site.contacts),
              "indicator": len(site.indicators), "procurement": len(site.procurements),
              "criteria_set": len(site.criteria_sets), "factor_table": len(site.factor_tables)}
    quality_count = sum(1 for finding in site.findings if in_named_files(finding))
    summary = report.checked_summary(counts, named, quality_count, len(editor_warnings) - quality_count,
                                     len(gaps) if multilingual else None).render(language)
    failed = strict and bool(editor_warnings or gaps)
    if output_format == "json":
        click.echo(report.json_document(project_root, [], sorted(editor_warnings) + sorted(gaps), {
            "passed": not failed, "errors": 0, "warnings": len(editor_warnings) + len(gaps), "strict": strict,
            "items": counts, "text": summary, **({"history": say(note, language)} if note else {})}, language))
        raise SystemExit(1 if failed else 0)
    summed = [] if list_translations else translation_summary(gaps, site.config.languages)
    listed = sorted(editor_warnings) + (sorted(gaps) if list_translations else [])
    if output_format == "github":
        if note:
            click.echo(report.notice("history", say(note, language)))
        click.echo(report.github(project_root, listed, summary, language,
                                 [("translations", message.render(language)) for message in summed]))
    else:
        for warning in listed:
            click.echo(warning.text(language), err=True)
        for message in summed:
            click.echo(f"translations: {message.render(language)}", err=True)
        click.echo(summary)
    if failed:
        click.echo(said.STRICT_FAILED().render(language), err=True)
        raise SystemExit(1)


def named_files(root: Path, files: tuple[Path, ...]) -> set[str]:
    """The named files as problems name them (relative to the project); a file outside content/ is refused."""
    named = set()
    for file in files:
        absolute = file if file.is_absolute() else Path.cwd() / file
        if not absolute.exists() and (root / file).exists():
            absolute = root / file
        try:
            relative = absolute.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            relative = ""
        if not (relative.startswith(f"{CONTENT_DIR}/") or relative == CONFIG_FILE):
            raise Failure(said.NOT_A_CONTENT_FILE(path=file))
        named.add(relative)
    return named


def normalised_base_path(value: str) -> str:
    """A --base-path as the site uses it: /, or /a/b/ (from a path or a whole address)."""
    path = urlsplit(value).path if "://" in value else value
    path = f"/{path.strip('/')}/" if path.strip("/") else "/"
    if not BASE_PATH.fullmatch(path):
        raise click.BadParameter(f"expected a path such as / or /hankinnat/, or an address, got {value!r}")
    return path


@cli.command()
@project_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; only this machine can connect by default.")
@click.option("--port", default=8000, show_default=True, type=int)
@history_option
@language_option
@speaking
def serve(project_root: Path, host: str, port: int, no_history: bool, language: str) -> None:
    """Build, serve the site and rebuild and reload the browser on every change."""
    from .devserver.serve import serve_project

    serve_project(Project(project_root, history=not no_history), project_root / "output", host, port, language)


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
    @language_option
    @speaking
    def command(project_root: Path, identifier: str | None, language: str) -> None:
        from .editing.scaffold import write_new

        path = write_new(Project(project_root), content_type.kind, identifier, language)
        click.echo(said.WROTE(path=path.as_posix()).render(language))

    return command


for _content_type in CONTENT_TYPES:
    new.add_command(new_command(_content_type))



@cli.command()
@project_option
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day to remind as of, YYYY-MM-DD.  [default: today]")
@click.option("--send", is_flag=True, help="Send the reminders over SMTP (KATALOGI_SMTP_* variables, "
              "docs/commands.md) and record them, instead of writing .eml files.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the .eml files without --send.  [default: reminders/ in the project]")
@history_option
@language_option
@speaking
def remind(project_root: Path, as_of, send: bool, out: Path | None, no_history: bool, language: str) -> None:
    """Remind each contact person of their overdue and soon due tasks, actions not updated and indicator values
    due: one message each, in their language; a thing is sent once a day at most."""
    from .build import remind as reminding

    done = reminding.remind(Project(project_root, history=not no_history), as_of and as_of.date(), out, send)
    for message, problem in reminding.report(done):
        click.echo(message.render(language), err=problem)
    if done.unsent:
        raise SystemExit(1)


@cli.group("export")
def export_group() -> None:
    """Write the catalogue into a file for other tools."""


@export_group.command("xlsx")
@project_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--organisation", default=None, metavar="ID",
              help="Only the actions this organisation or a unit below it is responsible for, and their tasks.")
@language_option
@speaking
def export_xlsx(project_root: Path, file: Path, organisation: str | None, language: str) -> None:
    """Write the catalogue as a workbook (.xlsx) to edit in Excel or LibreOffice, then bring back with import."""
    from .editing.xlsx_export import export_xlsx as export

    exported = export(Project(project_root), file, language, organisation)
    click.echo(said.EXPORTED(path=exported.path, rows=list(exported.rows)).render(language))


@cli.group("import")
def import_group() -> None:
    """Bring edits and records from other tools into the catalogue's files: a workbook's cells, a CSV export,
    eForms notices."""


@import_group.command("xlsx")
@project_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--allow-deletions", is_flag=True,
              help="Delete what was exported but is no longer in the workbook (a task, an item's file); without "
                   "it such rows are listed and kept.")
@click.option("--dry-run", is_flag=True, help="Check and list the changes, but write nothing.")
@language_option
@speaking
def import_xlsx(project_root: Path, file: Path, allow_deletions: bool, dry_run: bool, language: str) -> None:
    """Apply the edited cells of an exported workbook to the YAML files, changing nothing else.

    Every cell is checked as `check` checks the file; nothing is written if any is wrong.
    """
    from .editing.xlsx_import import import_xlsx as apply

    imported = apply(Project(project_root), file, allow_deletions, dry_run)
    for note in imported.notes:
        place, message = note if isinstance(note, tuple) else (None, note)
        click.echo(f"{place}: {message.render(language)}" if place else message.render(language), err=True)
    for path, cells in imported.changed.items():
        click.echo(f"{path}: {', '.join(say(cell, language) for cell in cells)}".rstrip(": "))
    if not imported.changed:
        click.echo(said.IMPORT_NOTHING().render(language))
        return
    counts = {"cells": said.COUNT_CELLS(count=imported.cells),
              "files": said.COUNT_FILES(count=len(imported.changed))}
    done = said.IMPORT_DRY_RUN if imported.dry_run else said.IMPORTED
    click.echo(done(**counts).render(language))


@import_group.command("procurements")
@project_option
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@language_option
@speaking
def import_procurements(project_root: Path, csv_file: Path, language: str) -> None:
    """Merge the procurement records of CSV_FILE (a spreadsheet export) into content/procurements/.

    Columns by their Finnish or English headings (see docs/commands.md); nothing is written when any row is bad, and
    importing the same file again changes nothing."""
    from .editing.procurement_import import import_procurements as merge

    items, _ = pipeline.read_items(Project(project_root))
    done = merge(project_root, csv_file, str(csv_file), items)
    click.echo(problems.IMPORT_DONE(path=csv_file, count=done.rows, added=done.added, changed=done.changed,
                                    same=done.same).render(language))


@import_group.command("notices")
@project_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@language_option
@speaking
def import_notices(project_root: Path, paths: tuple[Path, ...], language: str) -> None:
    """Merge the procurement records of eForms notices (XML files, or folders of them) into content/procurements/.

    One record per lot; a contract award notice moves its procedure's records to the contract stage. Nothing is
    written when any notice has a problem, and importing the same notices again changes nothing."""
    from .content.config import load_config
    from .editing.notices.merge import import_notices as merge

    config, errors = load_config(project_root)
    if config is None:
        raise BuildFailed(errors)
    items, _ = pipeline.read_items(Project(project_root))
    done = merge(project_root, list(paths), [str(path) for path in paths], items, config)
    click.echo(problems_of_notices.NOTICES_DONE(
        files=said.COUNT_FILES(count=done.files), notices=done.notices, lots=done.lots,
        added=done.added, changed=done.changed, same=done.same).render(language))


def main(prog_name: str | None = None) -> None:
    """The command line as a process of its own (build.py, the `katalogi` script), not called from other code.

    Python's cycle collector is off: it would scan the millions of objects a build makes again and again
    (and once more when turned back on: half a second at 10,000 actions) to find almost nothing. The dev
    server turns it on while edits pause (serve.py). At the end the process leaves without freeing those
    objects one by one (a third of a second more): the exit handlers run, the output is flushed, and the
    system takes back the memory."""
    gc.disable()
    try:
        cli(prog_name=prog_name)
        code = 0
    except SystemExit as stop:  # as Python itself would end: a text is said, and means failure
        code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
        if not isinstance(stop.code, int | None):
            print(stop.code, file=sys.stderr)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream: nothing more to say there
            stream.flush()
    os._exit(code)


def say(message, language: str) -> str:
    return message.render(language) if hasattr(message, "render") else str(message)
