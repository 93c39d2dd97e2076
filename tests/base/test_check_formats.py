"""`check --format text|github|json`: exact output for people, GitHub Actions and other tools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from katalogi.base.errors import ContentError, ContentWarning
from katalogi.base.formats import annotation, escape_data, escape_property
from katalogi.cli import cli

BROKEN_ACTION = {"content/actions/2.yaml": 'id: "2"\nname: Toinen\nstatus: nope\n'}
SUMMARY = "Checked 2 actions, 1 category, 2 organisations, 1 contact, 1 indicator, 0 procurements, " \
          "0 criteria sets and 0 emission factor tables: no errors, 2 data-quality warnings."


def run(*args: str):
    """`check` without the history from git, whose note would depend on where the test runs (test_history.py)."""
    return CliRunner().invoke(cli, [*args, "--no-history"], catch_exceptions=False)


@pytest.fixture
def inside(monkeypatch):
    """Run from the project's folder, as CI runs from the repository root."""
    def enter(root):
        monkeypatch.chdir(root)
        return root
    return enter


def test_text_is_the_default(project, inside):
    inside(project())
    assert run("check", "--format", "text").output == run("check").output == (
        "content/actions/2.yaml:1: warning: contacts: no contact person\n"
        "content/actions/2.yaml:1: warning: organisations: no responsible (primary) organisation\n"
        f"{SUMMARY}\n")


def test_github_errors(project, inside):
    inside(project(BROKEN_ACTION))
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=content/actions/2.yaml,line=1,title=description::required field is missing\n"
        "::error file=content/actions/2.yaml,line=3,title=status::unknown status 'nope' "
        "(expected one of: done, on_time)\n"
        "2 problems found; nothing was written.\n")
    assert result.stderr == ""


def test_github_warnings_pass(project, inside):
    inside(project())
    result = run("check", "--format", "github")
    assert result.exit_code == 0
    assert result.stdout == (
        "::warning file=content/actions/2.yaml,line=1,title=contacts::no contact person\n"
        "::warning file=content/actions/2.yaml,line=1,title=organisations::no responsible (primary) organisation\n"
        f"{SUMMARY}\n")


def test_github_strict_fails_on_warnings(project, inside):
    inside(project())
    result = run("check", "--strict", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == SUMMARY
    assert result.stderr == "--strict: the warnings above count as problems.\n"


def test_github_paths_are_from_the_working_folder(project, tmp_path, monkeypatch):
    project(BROKEN_ACTION)  # written into tmp_path / "site"
    monkeypatch.chdir(tmp_path)
    result = run("check", "--format", "github", "-C", "site")
    assert result.stdout.splitlines()[0] == (
        "::error file=site/content/actions/2.yaml,line=1,title=description::required field is missing")


def test_json_errors(project, inside):
    inside(project(BROKEN_ACTION))
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "errors": [
            {"file": "content/actions/2.yaml", "line": 1, "field": "description",
             "message": "required field is missing"},
            {"file": "content/actions/2.yaml", "line": 3, "field": "status",
             "message": "unknown status 'nope' (expected one of: done, on_time)"},
        ],
        "warnings": [],
        "summary": {"passed": False, "errors": 2, "warnings": 0, "strict": False, "items": None,
                    "text": "2 problems found; nothing was written."},
        "language": "en",
    }
    assert result.stderr == ""


@pytest.mark.parametrize("strict", [False, True])
def test_json_warnings(project, inside, strict):
    inside(project())
    result = run("check", "--format", "json", *(["--strict"] if strict else []))
    assert result.exit_code == (1 if strict else 0)
    assert result.stderr == ""
    assert json.loads(result.stdout) == {
        "errors": [],
        "warnings": [
            {"file": "content/actions/2.yaml", "line": 1, "field": "contacts", "message": "no contact person",
             "rule": "no_contact"},
            {"file": "content/actions/2.yaml", "line": 1, "field": "organisations",
             "message": "no responsible (primary) organisation", "rule": "no_organisation"},
        ],
        "summary": {"passed": not strict, "errors": 0, "warnings": 2, "strict": strict,
                    "items": {"action": 2, "category": 1, "organisation": 2, "contact": 1, "indicator": 1,
                              "procurement": 0, "criteria_set": 0, "factor_table": 0},
                    "text": SUMMARY},
        "language": "en",
    }


def test_unknown_format_is_refused():
    result = run("check", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format': 'xml' is not one of 'text', 'github', 'json'." in result.output


def test_workflow_command_escaping():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    problem = ContentError("content/a,b:c.yaml", 3, "tasks[0].name", "50% done,\nreally: yes")
    assert annotation(Path("."), problem) == (
        "::error file=content/a%2Cb%3Ac.yaml,line=3,title=tasks[0].name::50%25 done,%0Areally: yes")
    warning = ContentWarning("content/x.yaml", 1, "contacts", "no contact person", "no_contact")
    assert annotation(Path("."), warning) == (
        "::warning file=content/x.yaml,line=1,title=contacts::no contact person")
