"""The command line: exit codes, messages without tracebacks, all-or-nothing output, `new`."""

from __future__ import annotations

import errno
import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import TINY_CONFIG
from tools import ROOT

from katalogi.cli import cli
from katalogi.content.model import ACTION


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def tree_digest(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_build_writes_the_site(project):
    root = project()
    result = run("build", "-C", str(root), "--no-history")
    assert result.exit_code == 0, result.output
    assert result.output == (f"Built 2 actions into {root / 'output'}; 2 data-quality warnings "
                             "(`check` lists them).\n")
    assert (root / "output/toimenpiteet/1/index.html").is_file()
    assert (root / "output/static/style.css").is_file()


@pytest.mark.parametrize("workers", [1, 2])
def test_build_timings_count_every_page_once_by_kind(project, tmp_path, monkeypatch, workers):
    """`build --timings FILE`: every stage of the build, and each page rendered, by the process that rendered it
    (forked workers send their figures back), counted once under its template or producer."""
    from katalogi.base import parallel

    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    root = project()
    result = run("build", "-C", str(root), "--no-history", "--no-search", "-j", str(workers),
                 "--timings", str(tmp_path / "timings.json"))
    assert result.exit_code == 0, result.output
    timings = json.loads((tmp_path / "timings.json").read_text(encoding="utf-8"))
    theme_files = {path.relative_to(root / "theme").as_posix() for path in (root / "theme/static").rglob("*")
                   if path.is_file()}
    pages = [path for path in tree_digest(root / "output") if path not in theme_files]
    assert sum(kind["count"] for kind in timings["pages"].values()) == len(pages)
    assert timings["pages"]["action.html"]["count"] == 2
    assert timings["pages"]["action_json"]["count"] == 2, "each action's open-data file"
    assert {"read the sources", "check", "link, list the pages", "plan", "render and write the pages",
            "swap the new site in"} <= timings["stages"].keys()
    assert timings["wall"] >= timings["stages"]["render and write the pages"]["wall"] > 0


def test_build_to_another_folder(project, tmp_path):
    result = run("build", "-C", str(project()), "--out", str(tmp_path / "elsewhere"))
    assert result.exit_code == 0 and (tmp_path / "elsewhere/index.html").is_file()


def test_check_passes_and_summarises(project):
    result = run("check", "-C", str(project({"content/actions/2.yaml": None})), "--no-history")
    assert result.exit_code == 0
    assert result.output == (
        "Checked 1 action, 1 category, 2 organisations, 1 contact, 1 indicator, 0 procurements, "
        "0 criteria sets and 0 emission factor tables: no errors, "
        "0 data-quality warnings.\n")


def test_check_lists_data_quality_warnings_and_strict_fails_on_them(project):
    root = project({"content/actions/3.yaml": textwrap.dedent("""\
        id: "3"
        name: Kolmas
        description: Kuvaus.
        status: on_time
        official_description:
          text: Virallinen.
        tasks:
          - name: Myöhässä
            due: 2020-01-01
        """)})
    expected = (
        "content/actions/2.yaml:1: warning: contacts: no contact person\n"
        "content/actions/2.yaml:1: warning: organisations: no responsible (primary) organisation\n"
        "content/actions/3.yaml:1: warning: contacts: no contact person\n"
        "content/actions/3.yaml:1: warning: organisations: no responsible (primary) organisation\n"
        "content/actions/3.yaml:5: warning: official_description.source: "
        "the official description does not say where it comes from\n"
        "content/actions/3.yaml:7: warning: tasks: not completed, but no open task is due on or after 2020-01-15\n"
        "Checked 3 actions, 1 category, 2 organisations, 1 contact, 1 indicator, 0 procurements, "
        "0 criteria sets and 0 emission factor tables: no errors, "
        "6 data-quality warnings.\n"
    )
    result = run("check", "-C", str(root), "--no-history")
    assert (result.exit_code, result.output) == (0, expected)
    strict = run("check", "--strict", "-C", str(root), "--no-history")
    assert strict.exit_code == 1
    assert strict.output == expected + "--strict: the warnings above count as problems.\n"


def test_check_fails_with_every_problem_and_no_traceback(project):
    root = project({"content/actions/2.yaml": 'id: "2"\nname: Toinen\nstatus: nope\n'})
    result = run("check", "-C", str(root))
    assert result.exit_code == 1
    assert result.output == (
        "content/actions/2.yaml:1: description: required field is missing\n"
        "content/actions/2.yaml:3: status: unknown status 'nope' (expected one of: done, on_time)\n"
        "2 problems found; nothing was written.\n"
    )


def test_real_process_prints_problems_to_stderr_without_traceback(project):
    root = project({"content/actions/2.yaml": "id: [\n"})
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "-C", str(root)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("content/actions/2.yaml:2: yaml: ")
    assert "Traceback" not in result.stderr


def test_failed_build_leaves_previous_output_byte_identical(project):
    root = project()
    assert run("build", "-C", str(root)).exit_code == 0
    before = tree_digest(root / "output")
    (root / "content/actions/1.yaml").write_text("id: '1'\nname: Rikki\n", encoding="utf-8")
    (root / "content/actions/3.yaml").write_text('id: "3"\nname: Uusi\ndescription: D\nstatus: on_time\n')
    result = run("build", "-C", str(root))
    assert result.exit_code == 1
    assert tree_digest(root / "output") == before
    assert not any(path.name.startswith(".output.") for path in root.iterdir()), "staging folder left behind"


def test_template_mistake_names_the_template_and_line(project):
    root = project({"templates/actions.html": '{% extends "base.html" %}\n{% block main %}\n{{ nothing.here }}\n'
                                              "{% endblock %}\n"})
    result = run("build", "-C", str(root))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "templates/actions.html:3: template: 'nothing' is undefined"


def test_template_syntax_error_names_the_template_and_line(project):
    root = project({"templates/404.html": "{% extends 'base.html' %}\n{% block main %}\n{% if %}\n"})
    result = run("build", "-C", str(root))
    assert result.exit_code == 1
    assert result.output.startswith("templates/404.html:3: template: ")


def test_site_template_overrides_theme_template(project):
    root = project({"templates/404.html": "<!doctype html><title>oma</title>{{ config.title }}\n"})
    assert run("build", "-C", str(root)).exit_code == 0
    assert (root / "output/404.html").read_text() == "<!doctype html><title>oma</title>Testikatalogi\n"


def test_write_failure_is_reported_and_previous_output_kept(project, monkeypatch):
    root = project()
    assert run("build", "--no-cache", "-C", str(root)).exit_code == 0
    before = tree_digest(root / "output")

    def disk_full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_text", disk_full)
    result = run("build", "--no-cache", "-C", str(root))
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "cannot write the site (No space left on device); the previous output is kept" in result.output
    assert tree_digest(root / "output") == before
    assert sorted(path.name for path in root.iterdir()) == ["content", "output", "site_config.yaml", "theme"]


def test_new_action_takes_the_next_number_lists_every_field_and_passes_check(project):
    root = project()
    result = run("new", "action", "-C", str(root))
    assert result.exit_code == 0
    assert result.output == "Wrote content/actions/3.yaml\n"
    text = (root / "content/actions/3.yaml").read_text(encoding="utf-8")
    for field in ACTION.fields:
        assert f"{field.name}:" in text and field.doc in text
    assert yaml.safe_load(text)["id"] == "3"
    assert run("check", "-C", str(root)).exit_code == 0


def test_new_action_never_overwrites_a_file(project):
    root = project({"content/actions/3.yaml": 'id: kolmas\nname: K\ndescription: D\nstatus: done\n'})
    result = run("new", "action", "-C", str(root))
    assert result.exit_code == 1
    assert result.output == "content/actions/3.yaml already exists; nothing was written\n"
    assert (root / "content/actions/3.yaml").read_text(encoding="utf-8").startswith("id: kolmas")


def test_new_action_with_every_optional_field_uncommented_is_valid(project):
    root = project()
    run("new", "action", "-C", str(root))
    path = root / "content/actions/3.yaml"
    lines = []  # remove '# ' before every commented-out field, keep the explanations and the modeline commented,
    for line in path.read_text(encoding="utf-8").splitlines():  # and superseded_by, which merged_into excludes
        body = line.removeprefix("# ")
        is_field = body.startswith(" ") or body.split(":")[0].isidentifier() and not body[:1].isupper()
        lines.append(body if is_field and not body.startswith("superseded_by:") else line)
    assert sum(1 for line in lines if line.startswith("#") and ":" in line and not line[2:3].isupper()
               and not line.startswith(("# yaml-language-server:", "# superseded_by:"))) == 0
    references = {
        "content/categories/hankinnat.yaml": None,
        "content/categories/c.yaml": "id: hankinnat\nname: H\n",
        "content/organisations/palu-ympa.yaml": "id: palu-ympa\nname: P\n",
        "content/contacts/mia-malin.yaml": "id: mia-malin\nname: M\n",
        "content/indicators/i.yaml": "id: ilmastokriteerien-osuus\nname: I\n",
        "content/emission_factors/e.yaml": "id: esimerkki-2024\nname: E\nsource: S\nyear: 2024\nversion: '1'\n"
                                           "factors:\n  - cpv: '60'\n    factor: 0.4\n",
        "content/actions/111.yaml": "id: \"111\"\nname: A\ndescription: D.\nstatus: on_time\n",
    }
    roles = "dependency_roles:\n  - id: requires\n    label: E\n    reverse_label: R\n"
    project(references, config=TINY_CONFIG + roles)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("check", "-C", str(root))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["serve"], ["new"], ["new", "action"]])
def test_help_everywhere(command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and result.output.startswith("Usage: ")


def test_the_command_line_process_ends_with_its_exit_status_and_all_its_output(tmp_path):
    """build.py leaves with os._exit (cli.main): the status and everything it printed must still come out."""
    failed = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "-C", str(tmp_path), "--lang", "en"],
                            capture_output=True, text=True)
    assert failed.returncode == 1
    assert "content:1: file: the content folder is missing" in failed.stderr
    helped = subprocess.run([sys.executable, str(ROOT / "build.py"), "--help"], capture_output=True, text=True)
    assert helped.returncode == 0
    listed = [line.split()[0] for line in helped.stdout.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == sorted(cli.commands), "every command, the last ones too: nothing lost at the end"
