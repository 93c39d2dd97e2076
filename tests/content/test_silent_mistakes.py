"""Mistakes editors make that used to pass in silence, and every problem of a catalogue told in one run: a task
written twice, a date that has not come yet, a late status without a reason, a git merge conflict left in a file,
and what is still checked while some files have errors."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner
from conftest import TINY_CONFIG

from katalogi.base.errors import BuildFailed
from katalogi.build.pipeline import check_project
from katalogi.cli import cli
from katalogi.content.load import parse_document
from katalogi.inputs.sources import Project

ACTION_3 = textwrap.dedent("""\
    id: "3"
    name: Kolmas
    description: Kuvaus.
    organisations:
      - organisation: ympa
    contacts: [mia]
    status: on_time
    status_reason: Etenee.
    """)


def check(root, *args: str):
    return CliRunner().invoke(cli, ["check", "-C", str(root), "--no-history", "--lang", "en", *args],
                              catch_exceptions=False)


def failure(root) -> BuildFailed:
    with pytest.raises(BuildFailed) as failed:
        check_project(Project(root, history=False))
    return failed.value


def warnings_of(root) -> list[str]:
    editions = check_project(Project(root, history=False))
    return [str(warning) for warning in [*editions.warnings, *editions.default.findings]]


# --- the same task twice ---

def test_a_task_written_twice_is_a_warning_at_the_copy_naming_the_first(project):
    tasks = ("tasks:\n  - name: Kilpailutus\n    due: 2020-03-01\n  - name: Sopimus\n    due: 2020-03-01\n"
             "  - name: Kilpailutus\n    due: 2020-04-01\n  - name: Kilpailutus\n    due: 2020-03-01\n")
    root = project({"content/actions/3.yaml": ACTION_3 + tasks})
    assert [warning for warning in warnings_of(root) if "tasks[" in warning] == [
        "content/actions/3.yaml:16: warning: tasks[3]: the same task as tasks[0] on line 10 (the same name and due "
        "date), so the site would show it twice; delete one of them"]
    result = check(root, "--strict")
    assert result.exit_code == 1 and "tasks[3]: the same task as tasks[0]" in result.output


# --- dates that have not come yet ---

def test_a_completion_or_update_after_the_as_of_date_is_an_error_saying_so(project):
    root = project({"content/actions/3.yaml": ACTION_3 + "updated: 2020-01-16\ntasks:\n  - name: Tehty\n"
                    "    state: completed\n    completed: 2031-01-01\n  - name: Tulossa\n    due: 2031-01-01\n"})
    assert [str(error) for error in failure(root).errors] == [
        "content/actions/3.yaml:9: updated: 2020-01-16 is later than the site's as_of date 2020-01-15 "
        "(site_config.yaml): a task cannot be completed, nor an action updated, on a day that has not come yet",
        "content/actions/3.yaml:13: tasks[0].completed: 2031-01-01 is later than the site's as_of date 2020-01-15 "
        "(site_config.yaml): a task cannot be completed, nor an action updated, on a day that has not come yet"]


def test_without_as_of_the_date_of_the_build_is_the_measure(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1579046400")  # 2020-01-15
    root = project({"content/actions/3.yaml": ACTION_3 + "updated: 2020-01-16\n"},
                   config=TINY_CONFIG.replace("as_of: 2020-01-15\n", ""))
    assert [str(error) for error in failure(root).errors] == [
        "content/actions/3.yaml:9: updated: 2020-01-16 is later than the date of the build, 2020-01-15: a task "
        "cannot be completed, nor an action updated, on a day that has not come yet"]
    (root / "content/actions/3.yaml").write_text(ACTION_3 + "updated: 2020-01-15\n", encoding="utf-8")
    check_project(Project(root, history=False))  # the day itself is fine


# --- a late status without a reason ---

LATE = ACTION_3.replace("status: on_time\nstatus_reason: Etenee.\n", "status: late\n")
LATE_CONFIG = TINY_CONFIG + "  - id: late\n    label: Myöhässä\n    colour: \"#ffc61e\"\n" \
                            "  - id: major_delay\n    label: Pahasti myöhässä\n    colour: \"#bd2719\"\n"


@pytest.mark.parametrize("status", ["late", "major_delay"])
def test_a_late_status_without_a_reason_is_a_data_quality_warning(project, status):
    root = project({"content/actions/3.yaml": LATE.replace("status: late", f"status: {status}")}, config=LATE_CONFIG)
    assert f"content/actions/3.yaml:7: warning: status_reason: the status is {status}, but no status_reason says " \
           "why the action is late" in warnings_of(root)
    result = check(root, "--strict")
    assert result.exit_code == 1
    (root / "content/actions/3.yaml").write_text(LATE + "status_reason: Kilpailutus viivästyi.\n", encoding="utf-8")
    assert not [warning for warning in warnings_of(root) if "status_reason" in warning]


def test_a_late_status_derived_from_tasks_needs_a_reason_too(project):
    config = LATE_CONFIG.replace("statuses:", "status_from: tasks\nstatuses:") + \
        "  - id: not_started\n    label: Ei aloitettu\n    colour: \"#dedfe1\"\n"
    late = ACTION_3.replace("status: on_time\nstatus_reason: Etenee.\n", "") + \
        "tasks:\n  - name: Myöhässä\n    due: 2020-01-01\n"
    root = project({"content/actions/3.yaml": late, "content/actions/1.yaml": None, "content/actions/2.yaml": None},
                   config=config)
    assert "content/actions/3.yaml:1: warning: status_reason: the status is late, but no status_reason says why " \
           "the action is late" in warnings_of(root)


# --- a git merge conflict ---

CONFLICTED = textwrap.dedent("""\
    id: "3"
    <<<<<<< HEAD
    name: Kolmas
    =======
    name: Kolmas toimenpide
    >>>>>>> muokkaus
    description: Kuvaus.
    status: on_time
    """)


def test_merge_conflict_markers_are_one_problem_naming_both_versions(project):
    root = project({"content/actions/3.yaml": CONFLICTED,
                    "content/actions/2.yaml": 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: done\n'
                                              'links:\n  - title: Kolmas\n    url: /toimenpiteet/3/\n',
                    "content/procurements/1.yaml": "id: h-1\nname: H\norganisation: ympa\ndate: 2019-01-01\n"
                                                   'actions: ["3", "31"]\n'})
    failed = failure(root)
    assert [str(error) for error in failed.errors] == [
        "content/actions/3.yaml:2: git: a git merge was left unfinished here: one version (HEAD) is on line 3, the "
        "other (muokkaus) on line 5; keep one of them, and delete the other and the lines <<<<<<<, ======= and "
        ">>>>>>>",
        "content/procurements/1.yaml:5: actions[1]: unknown action '31' (did you mean '1'?)"]
    assert [str(warning) for warning in failed.warnings if "not checked" in str(warning)] == [
        "content/actions/2.yaml:7: warning: links[0].url: not checked: action 3 is in content/actions/3.yaml, which "
        "could not be read (its own problem is listed with it)",
        "content/procurements/1.yaml:5: warning: actions[0]: not checked: action 3 is in content/actions/3.yaml, "
        "which could not be read (its own problem is listed with it)"]


def test_the_finnish_editor_reads_which_file_could_not_be_read(project):
    root = project({"content/actions/111.yaml": CONFLICTED.replace('"3"', '"111"'),
                    "content/procurements/1.yaml": "id: h-1\nname: H\norganisation: ympa\ndate: 2019-01-01\n"
                                                   'actions: ["111"]\n'})
    result = CliRunner().invoke(cli, ["check", "-C", str(root), "--no-history", "--lang", "fi"])
    assert "content/procurements/1.yaml:5: varoitus: actions[0]: ei tarkistettu: toimenpide 111 on tiedostossa " \
           "content/actions/111.yaml, jota ei voitu lukea" in result.output
    assert "tarkoititko" not in result.output


@pytest.mark.parametrize(("text", "expected"), [
    ("a: 1\n<<<<<<< HEAD\nb: 2\n||||||| base\nb: 1\n=======\nb: 3\nc: 4\n>>>>>>> other\n",
     "x.yaml:2: git: a git merge was left unfinished here: one version (HEAD) is on line 3, the other (other) on "
     "lines 7-8; keep one of them, and delete the other and the lines <<<<<<<, ======= and >>>>>>>"),
    ("<<<<<<< HEAD\n=======\nb: 3\n>>>>>>> other\r\n",
     "x.yaml:1: git: a git merge was left unfinished here: one version (HEAD) is on no lines, the other (other) on "
     "line 3; keep one of them, and delete the other and the lines <<<<<<<, ======= and >>>>>>>"),
])
def test_conflicts_of_every_shape_are_recognised_before_the_yaml(text, expected):
    document, problems = parse_document(text.encode(), "x.yaml")
    assert document is None and [str(problem) for problem in problems] == [expected]


def test_text_that_only_looks_like_a_marker_is_text(project):
    document, problems = parse_document(b"a: |\n  Otsikko\n  =======\n  <<<<<<< ei ristiriita\n", "x.yaml")
    assert problems == [] and document.data["a"].startswith("Otsikko\n=======")


# --- every problem at once ---

def test_a_label_error_a_dead_link_elsewhere_and_a_comment_warning_in_one_run(project):
    root = project({
        "content/actions/2.yaml": 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: Valmis\n',
        "content/actions/3.yaml": ACTION_3 + "tasks:\n  - name: Seuraava\n    due: 2020-02-01\n"
                                  "links:\n  - title: Puuttuva\n    url: /toimenpiteet/99/\n",
        "content/categories/hankinnat.yaml": "id: hankinnat\nname: Hankinnat #1\n",
    })
    result = check(root)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "content/actions/2.yaml:4: status: unknown status 'Valmis': write done (Valmis)",
        "content/actions/3.yaml:14: links[0].url: links to /toimenpiteet/99/, which is not a page or file of this "
        "site (there is no action '99')",
        "content/categories/hankinnat.yaml:2: warning: name: ' #' starts a comment, so '#1' is not part of the "
        "text and is not published; to keep it, put the whole text in quotes: name: \"Hankinnat #1\"",
        "2 problems found, and 1 warning; nothing was written."]


def test_files_without_errors_still_get_their_data_quality_warnings(project):
    root = project({"content/actions/2.yaml": 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: nope\n',
                    "content/actions/3.yaml": ACTION_3.replace("contacts: [mia]\n", "")})
    failed = failure(root)
    assert [str(error) for error in failed.errors] == [
        "content/actions/2.yaml:4: status: unknown status 'nope' (expected one of: done, on_time)"]
    assert "content/actions/3.yaml:1: warning: contacts: no contact person" in map(str, failed.warnings)
    assert not [warning for warning in failed.warnings if warning.path == "content/actions/2.yaml"], \
        "an action with errors is left out of what is linked"


def test_an_action_naming_a_broken_one_is_left_out_of_the_link_but_its_links_are_checked(project):
    root = project({"content/categories/hankinnat.yaml": "id: hankinnat\nname: Hankinnat\ncolour: red\n",
                    "content/actions/3.yaml": ACTION_3 + "categories: [hankinnat]\n"
                                              "links:\n  - title: x\n    url: /kategoriat/hankinnat/\n"
                                              "  - title: y\n    url: /mittarit/ei/\n"})
    assert [str(error) for error in failure(root).errors] == [
        "content/actions/3.yaml:14: links[1].url: links to /mittarit/ei/, which is not a page or file of this site "
        "(there is no indicator 'ei')",
        "content/categories/hankinnat.yaml:3: colour: unknown field (expected one of: attributes, description, id, "
        "name, parent, roadmap)"]


def test_without_a_configuration_the_files_and_their_references_are_still_checked(project):
    root = project({"content/actions/3.yaml": ACTION_3 + "contacts: [mai]\n"}, config="title: T\n")
    assert [str(error) for error in failure(root).errors] == [
        "content/actions/3.yaml:9: yaml: duplicate key 'contacts' (first given on line 6)",
        "site_config.yaml:1: statuses: required field is missing"]
    (root / "content/actions/3.yaml").write_text(ACTION_3.replace("[mia]", "[mai]"), encoding="utf-8")
    assert [str(error) for error in failure(root).errors] == [
        "content/actions/3.yaml:6: contacts[0]: unknown contact 'mai' (did you mean 'mia'?)",
        "site_config.yaml:1: statuses: required field is missing"]


def test_the_closing_count_names_every_kind(project):
    root = project({"content/procurements/1.yaml": "id: h-1\nname: H\norganisation: ympa\ndate: 2019-01-01\n",
                    "content/criteria/k.yaml": "id: k\nname: K\nlevel: national\ntext: T.\n",
                    "content/emission_factors/e.yaml": 'id: e\nname: E\nsource: S\nyear: 2024\nversion: "1"\n'
                                                       'factors:\n  - cpv: "60"\n    factor: 1\n'})
    assert check(root).output.splitlines()[-1] == (
        "Checked 2 actions, 1 category, 2 organisations, 1 contact, 1 indicator, 1 procurement, 1 criteria set and "
        "1 emission factor table: no errors, 2 data-quality warnings.")
