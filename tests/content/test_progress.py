"""Status logic: derived from tasks or set by the editor, per site and per action."""

from __future__ import annotations

import datetime

import pytest
from conftest import TINY_CONFIG

from katalogi.build.pipeline import check_project
from katalogi.content.progress import derive_status
from katalogi.inputs.sources import Project

AS_OF = datetime.date(2020, 1, 15)
DERIVING_CONFIG = TINY_CONFIG.replace("statuses:\n", """status_from: tasks
statuses:
  - id: not_started
    label: Ei aloitettu
    colour: "#dedfe1"
  - id: late
    label: Myöhässä
    colour: "#ffc61e"
  - id: cancelled
    label: Peruttu
    colour: "#666666"
    final: true
""")


def task(state: str, due: str | None = None, completed: str | None = None) -> dict:
    day = datetime.date.fromisoformat
    return {"state": state, "due": due and day(due), "completed": completed and day(completed)}


@pytest.mark.parametrize(("tasks", "expected"), [
    ([], "not_started"),
    ([task("not_started", "2020-02-01")], "not_started"),
    ([task("in_progress", "2020-02-01")], "not_started"),
    ([task("not_started")], "not_started"),
    ([task("cancelled", "2019-01-01")], "not_started"),
    ([task("completed", completed="2019-05-01")], "on_time"),
    ([task("completed", completed="2019-05-01"), task("not_started", "2020-01-15")], "on_time"),  # due today
    ([task("completed", completed="2019-05-01"), task("not_started", "2020-01-14")], "late"),
    ([task("not_started", "2020-01-14")], "late"),  # late wins over not started
    ([task("in_progress", "2019-12-01"), task("completed", completed="2019-05-01")], "late"),
    ([task("completed", "2019-01-01", "2019-05-01")], "on_time"),  # done late is no longer late
    ([task("cancelled", "2019-01-01"), task("completed", completed="2019-05-01")], "on_time"),
    ([task("completed", completed="2019-05-01"), task("not_started")], "on_time"),  # no due date, never late
])
def test_status_derived_from_tasks(tasks, expected):
    assert derive_status(tasks, AS_OF) == expected


def action(extra: str) -> str:
    return 'id: "1"\nname: Yksi\ndescription: D\n' + extra


LATE_TASKS = "tasks:\n  - name: myöhässä\n    due: 2020-01-01\n"


@pytest.mark.parametrize(("config", "fields", "status", "derived"), [
    (TINY_CONFIG, "status: on_time\n" + LATE_TASKS, "on_time", False),  # the site's default: the editor's
    (DERIVING_CONFIG, LATE_TASKS, "late", True),
    (DERIVING_CONFIG, "status: on_time\n" + LATE_TASKS, "late", True),  # written but not final: derived wins
    (DERIVING_CONFIG, "status: done\n" + LATE_TASKS, "done", False),  # completed stays as set
    (DERIVING_CONFIG, "status: cancelled\n" + LATE_TASKS, "cancelled", False),  # final stays as set
    (DERIVING_CONFIG, "status: on_time\nstatus_from: editor\n" + LATE_TASKS, "on_time", False),
    (DERIVING_CONFIG.replace("status_from: tasks\n", ""), "status_from: tasks\n" + LATE_TASKS, "late", True),
])
def test_site_setting_and_action_override(project, config, fields, status, derived):
    root = project({"content/actions/1.yaml": action(fields), "content/actions/2.yaml": None}, config=config)
    site = check_project(Project(root)).default
    assert (site.actions[0].status.id, site.actions[0].status_derived) == (status, derived)


def test_action_page_says_where_its_status_comes_from(project, tmp_path):
    from katalogi.build.pipeline import build

    root = project({
        "content/actions/1.yaml": action(LATE_TASKS),
        "content/actions/2.yaml": action("status: on_time\nstatus_from: editor\nstatus_reason: Hyvin menee.\n")
        .replace('"1"', '"2"'),
    }, config=DERIVING_CONFIG)
    build(Project(root), tmp_path / "out")
    first = (tmp_path / "out/toimenpiteet/1/index.html").read_text(encoding="utf-8")
    second = (tmp_path / "out/toimenpiteet/2/index.html").read_text(encoding="utf-8")
    assert '<p class="status-source">Päätelty tehtävistä: tehtävä on myöhässä.</p>' in first
    assert '<p class="status-source">Ylläpitäjän asettama: Hyvin menee.</p>' in second
