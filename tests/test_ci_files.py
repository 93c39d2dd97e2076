"""The shipped CI files: every command they run exists in the CLI, and Pages get the right base path."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner
from tools import ROOT

from katalogi.cli import cli, normalised_base_path

CHECK = ROOT / ".github/workflows/check.yml"
PUBLISH = ROOT / ".github/workflows/publish.yml"
REMIND = ROOT / ".github/workflows/remind.yml"
GITLAB = ROOT / ".gitlab-ci.yml"

# What the CI variables hold on a project site, for parsing the commands that use them.
SAMPLE_VALUES = {
    "${{ steps.pages.outputs.base_path }}": "/katalogi",
    "$CI_PAGES_URL": "https://kaupunki.gitlab.io/katalogi",
    "$PREVIEW_URL": "https://kaupunki.gitlab.io/-/katalogi/-/jobs/123/artifacts/preview/",
}
SHELL_OPERATORS = {">", ">>", "2>&1", "|", "||", "&&", ";"}


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads GitHub's `on:` key as true
        data["on"] = data.pop(True)
    return data


def github_steps(workflow: dict):
    for job_name, job in workflow["jobs"].items():
        for step in job["steps"]:
            yield job_name, step


def shell_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def commands(path: Path) -> dict[str, list[str]]:
    """Every shell command, by job."""
    data = load(path)
    found: dict[str, list[str]] = {}
    if path.suffix == ".yml" and "jobs" in data:
        for job, step in github_steps(data):
            found.setdefault(job, []).extend(shell_lines(step.get("run", "")))
    else:
        for job, spec in data.items():
            if isinstance(spec, dict) and "script" in spec:
                found[job] = [line for entry in spec["script"] for line in shell_lines(entry)]
    return found


def build_py_args(command: str) -> list[str] | None:
    """The arguments of a `python build.py ...` command, CI variables replaced by sample values, without what the
    shell does with its output (`>> "$GITHUB_STEP_SUMMARY" 2>&1 || true`)."""
    words = shlex.split(command)
    if words[:2] != ["python", "build.py"]:
        return None
    args = []
    for word in words[2:]:
        if word in SHELL_OPERATORS:
            break
        args.append(word)
    arguments = " ".join(args)
    for expression, value in SAMPLE_VALUES.items():
        arguments = arguments.replace(expression, value)
    assert "${{" not in arguments and not re.search(r"\$[A-Z_]", arguments), f"unknown variable in: {command}"
    return shlex.split(arguments)


def parse(args: list[str]) -> click.Context:
    """Parse as the CLI would, without running anything: unknown commands, options and bad values raise."""
    command, name, parent = cli, "build.py", None
    while isinstance(command, click.Group):
        parent = click.Context(command, info_name=name, parent=parent)
        name, *args = args
        found = command.get_command(parent, name)
        assert found is not None, f"no command {name!r}"
        command = found
    return command.make_context(name, args, parent=parent)


ALL_FILES = [CHECK, PUBLISH, REMIND, GITLAB]


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda path: path.name)
def test_every_build_py_command_parses(path):
    runs = [args for lines in commands(path).values() for line in lines
            if (args := build_py_args(line)) is not None]
    assert runs, f"{path.name} runs no build.py command"
    for args in runs:
        parse(args)


def test_parse_refuses_what_the_cli_refuses():
    with pytest.raises(click.NoSuchOption):
        parse(["check", "--formatt", "github"])
    with pytest.raises(click.BadParameter):
        parse(["check", "--format", "githb"])
    with pytest.raises(AssertionError):
        parse(["publish"])
    assert parse(["new", "contact", "mia"]).params["identifier"] == "mia"


def test_github_checks_every_pull_request_with_annotations():
    workflow = load(CHECK)
    assert "pull_request" in workflow["on"]
    steps = [step for _, step in github_steps(workflow)]
    assert any(step.get("uses", "").startswith("actions/setup-python@") and step["with"]["python-version"] == "3.11"
               for step in steps)
    assert commands(CHECK)["check"][:2] == ["pip install -e .", "python build.py check --format github"]
    assert workflow["permissions"] == {"contents": "read"}  # a pull request from a fork gets no more


def step_named(workflow: dict, name: str) -> dict:
    return next(step for _, step in github_steps(workflow) if step.get("name") == name)


def test_github_puts_the_check_report_in_the_runs_summary_even_when_the_check_fails():
    summary = step_named(load(CHECK), "Summary")
    assert summary["if"] == "always()"
    lines = shell_lines(summary["run"])
    report = next(line for line in lines if build_py_args(line) is not None)
    assert parse(build_py_args(report)).info_name == "check"
    assert report.endswith('>> "$GITHUB_STEP_SUMMARY" 2>&1 || true')  # its problems too, and the step never fails
    assert all(line.endswith('>> "$GITHUB_STEP_SUMMARY"') or line == report for line in lines)


def test_github_builds_every_pull_request_and_uploads_the_site_as_its_preview():
    workflow = load(CHECK)
    build = parse(build_py_args(next(line for line in shell_lines(step_named(workflow, "Build the preview")["run"]))))
    assert build.info_name == "build" and build.params["base_path"] == "/"  # opened from a folder on one's machine
    upload = step_named(workflow, "Upload the preview")
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["name"] == "site-preview" and upload["with"]["path"] == str(build.params["out"])
    link = step_named(workflow, "Link the preview")["run"]
    assert f"steps.{upload['id']}.outputs.artifact-url" in link and "$GITHUB_STEP_SUMMARY" in link
    checkout = next(step for _, step in github_steps(workflow) if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the preview shows the change history as the site will


def test_github_publishes_main_to_pages():
    workflow = load(PUBLISH)
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build_steps = workflow["jobs"]["build"]["steps"]
    pages = next(step for step in build_steps if step.get("uses", "").startswith("actions/configure-pages@"))
    build = parse(build_py_args(next(line for line in commands(PUBLISH)["build"] if "build.py" in line)))
    upload = next(step for step in build_steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert pages["id"] == "pages"
    assert "${{ steps.pages.outputs.base_path }}" in next(step["run"] for step in build_steps
                                                           if "build.py" in step.get("run", ""))
    assert str(build.params["out"]) == upload["with"]["path"]
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_gitlab_builds_every_merge_request_as_a_review_app_and_exposes_it():
    pipeline = load(GITLAB)
    preview = pipeline["preview"]
    assert preview["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert preview["stage"] in pipeline["stages"]
    script = commands(GITLAB)["preview"]
    build = parse(build_py_args(next(line for line in script if "build.py" in line)))
    assert [str(build.params["out"])] == preview["artifacts"]["paths"] == ["preview"]
    assert build.params["base_path"] == "/-/katalogi/-/jobs/123/artifacts/preview/"  # where GitLab serves it
    assert preview["artifacts"]["expose_as"] == "site preview"
    assert preview["environment"]["name"].startswith("review/")
    assert preview["environment"]["url"] == "$PREVIEW_URL"
    dotenv = preview["artifacts"]["reports"]["dotenv"]
    assert any(line.startswith("echo \"PREVIEW_URL=") and line.endswith(f">> {dotenv}") for line in script)
    assert str(preview["variables"]["GIT_DEPTH"]) == "0"


def test_gitlab_checks_merge_requests_and_publishes_the_default_branch():
    pipeline = load(GITLAB)
    assert pipeline["check"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert pipeline["pages"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"', "when": "never"},
                                          {"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]  # not the reminders'

    build_line = next(line for line in commands(GITLAB)["pages"] if "build.py" in line)
    assert '--base-path "$CI_PAGES_URL"' in build_line
    assert [str(parse(build_py_args(build_line)).params["out"])] == pipeline["pages"]["artifacts"]["paths"] == [
        "public"]
    assert "python build.py check" in commands(GITLAB)["check"]


def test_published_sites_are_built_from_the_whole_history():
    """A shallow clone would leave the change history and the changes feed with the last commit only."""
    checkout = next(step for _, step in github_steps(load(PUBLISH)) if step.get("uses", "").startswith(
        "actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert str(load(GITLAB)["pages"]["variables"]["GIT_DEPTH"]) == "0"


@pytest.mark.parametrize("given, expected", [
    ("/katalogi", "/katalogi/"),  # configure-pages on a project site
    ("", "/"),  # configure-pages on <owner>.github.io or a custom domain
    ("https://kaupunki.gitlab.io/katalogi", "/katalogi/"),  # CI_PAGES_URL of a project site
    ("https://katalogi-0a1b2c.gitlab.io", "/"),  # GitLab's unique domain
    ("https://kaupunki.github.io/katalogi/", "/katalogi/"),
    ("/a/b", "/a/b/"),
])
def test_base_path_from_what_ci_knows(given, expected):
    assert normalised_base_path(given) == expected


def test_a_bad_base_path_is_refused(project):
    result = CliRunner().invoke(cli, ["build", "-C", str(project()), "--base-path", "/a/../b"])
    assert result.exit_code == 2
    assert "expected a path such as / or /hankinnat/, or an address, got '/a/../b'" in result.output


def test_build_with_a_base_path_links_under_it_and_a_new_base_path_rebuilds(project):
    root = project()
    for base_path, prefix in (("https://kaupunki.github.io/katalogi", "/katalogi/"), ("", "/")):
        result = CliRunner().invoke(cli, ["build", "-C", str(root), "--base-path", base_path])
        assert result.exit_code == 0 and not result.output.startswith("Nothing changed"), result.output
        page = (root / "output/index.html").read_text(encoding="utf-8")
        assert f'href="{prefix}static/' in page


def test_reminders_are_sent_on_a_schedule_with_the_mail_server_from_secrets_and_the_record_committed():
    workflow = load(REMIND)
    assert [entry["cron"] for entry in workflow["on"]["schedule"]] == ["0 5 * * 1-5"]
    assert workflow["permissions"] == {"contents": "write"} and workflow["concurrency"]["cancel-in-progress"] is False
    steps = {step.get("name"): step for _, step in github_steps(workflow)}
    send = steps["Send the reminders"]
    assert send["run"] == "python build.py remind --send"
    assert all(value.startswith(("${{ secrets.", "${{ vars.")) for value in send["env"].values())
    assert {"KATALOGI_SMTP_HOST", "KATALOGI_SMTP_PASSWORD", "KATALOGI_MAIL_FROM"} <= set(send["env"])
    commit = steps["Commit the record of what was sent"]
    assert commit["if"] == "always()" and "git add .katalogi-reminders.json" in commit["run"]
    gitlab = load(GITLAB)["remind"]
    assert gitlab["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
    assert "python build.py remind --send" in gitlab["script"]
    assert "git add .katalogi-reminders.json" in gitlab["after_script"][0]
