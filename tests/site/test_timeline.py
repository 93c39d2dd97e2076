"""Timelines: the axis's arithmetic, and every date the action pages and /aikajana/ show against the content
(tasks from the YAML files, phase changes from a git history made here)."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import textwrap
from html.parser import HTMLParser

import pytest
import yaml
from tools import ROOT

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project
from katalogi.site.timeline import MAX_TICKS, Axis, programme_timeline

AS_OF = datetime.date(2019, 10, 20)  # the sample's as_of


def test_a_day_falls_where_its_share_of_the_axis_is():
    axis = Axis(datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))
    assert axis.at(datetime.date(2019, 1, 1)) == 0 and axis.at(datetime.date(2019, 12, 31)) == 100
    assert axis.at(datetime.date(2019, 7, 2)) == pytest.approx(100 * 182 / 364, abs=0.01)
    assert axis.span(datetime.date(2019, 7, 2), datetime.date(2019, 1, 1)) == (0, axis.at(datetime.date(2019, 7, 2)))
    assert axis.span(datetime.date(2019, 3, 1), datetime.date(2019, 3, 1))[1] == 0.5  # a day is a sliver, not nothing


@pytest.mark.parametrize("days, first, yearly", [(20, datetime.date(2019, 2, 1), False),
                                                 (200, datetime.date(2019, 4, 1), False),
                                                 (700, datetime.date(2019, 7, 1), False),
                                                 (3000, datetime.date(2020, 1, 1), True),
                                                 (20000, datetime.date(2020, 1, 1), True)])
def test_the_ticks_are_few_and_fall_on_the_first_of_a_month(days, first, yearly):
    axis = Axis(datetime.date(2019, 1, 15), datetime.date(2019, 1, 15) + datetime.timedelta(days=days))
    ticks = axis.ticks
    assert 1 <= len(ticks) <= MAX_TICKS
    assert ticks[0].day == first and all(tick.day.day == 1 for tick in ticks)
    assert all(tick.yearly == yearly for tick in ticks) and all(0 <= tick.position <= 100 for tick in ticks)


class Rows(HTMLParser):
    """The rows of the timeline tables of a page: each row's header and its cells' dates (datetime) and texts."""

    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell, self.inside = [], None, None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "timeline" in (attrs.get("class") or ""):
            self.inside += 1
        if not self.inside:
            return
        if tag == "tr":
            self.row = {"class": attrs.get("class") or "", "cells": []}
        elif tag in ("td", "th") and self.row is not None:
            self.cell = {"text": "", "date": None, "class": attrs.get("class") or ""}
        elif tag == "time" and self.cell is not None:
            self.cell["date"] = attrs["datetime"]
        elif tag == "span" and self.cell is not None and "timeline-bar" in (attrs.get("class") or ""):
            self.cell["bar"] = attrs["class"]

    def handle_endtag(self, tag):
        if tag == "table" and self.inside:
            self.inside -= 1
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row["cells"].append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row["cells"] and any(cell["class"] == "timeline-track" for cell in self.row["cells"]):
                self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data


def rows_of(path) -> list[dict]:
    parser = Rows()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.rows


def shown(cell) -> str | None:
    return cell["date"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("timeline") / "out"
    build(Project(ROOT, history=False), out, search=False)
    return out


def dated_tasks(data: dict) -> list[dict]:
    return [task for task in data.get("tasks") or [] if any(task.get(key) for key in ("start", "due", "completed"))]


def as_text(value) -> str | None:
    return value.isoformat() if isinstance(value, datetime.date) else value


def overdue(task: dict) -> bool:
    return task.get("state", "not_started") in ("not_started", "in_progress") and task.get("due") is not None \
        and task["due"] < AS_OF


def test_each_action_pages_timeline_shows_its_tasks_dates_as_the_content_has_them(sample):
    checked = 0
    for path in sorted((ROOT / "content/actions").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        tasks = dated_tasks(data)
        rows = [row for row in rows_of(sample / f"toimenpiteet/{data['id']}/index.html")
                if "timeline-span" not in row["class"] and "timeline-phase" not in row["class"]]
        expected = sorted(((min(as_text(task[key]) for key in ("start", "due", "completed") if task.get(key)),
                            index, task) for index, task in enumerate(tasks)), key=lambda entry: entry[:2])
        assert len(rows) == len(expected), data["id"]
        for row, (_, _, task) in zip(rows, expected, strict=True):
            header, start, due, completed, state = row["cells"][:5]
            assert header["text"].strip() == task["name"]
            assert (shown(start), shown(due), shown(completed)) == (
                as_text(task.get("start")), as_text(task.get("due")), as_text(task.get("completed")))
            late = overdue(task)
            assert ("Myöhässä" in state["text"]) == late and ("timeline-late" in row["class"]) == late
            assert ("timeline-overdue" in row["cells"][-1].get("bar", "")) == late  # and in colour
            checked += 1
    assert checked > 50


def test_the_programme_timeline_shows_every_dated_task_once_with_its_dates(sample):
    expected = []
    for path in sorted((ROOT / "content/actions").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        expected += [(data["id"], task["name"], as_text(task.get("start")), as_text(task.get("due")),
                      as_text(task.get("completed")), overdue(task)) for task in dated_tasks(data)]
    rows = rows_of(sample / "aikajana/index.html")
    found = [(re.match(r"\s*(\S+)", row["cells"][0]["text"])[1], row["cells"][1]["text"].strip(),
              *(shown(cell) for cell in row["cells"][2:5]), "timeline-late" in row["class"]) for row in rows]
    assert sorted(found) == sorted(expected)


def test_an_organisations_timeline_shows_the_tasks_of_its_actions_and_its_units(sample):
    page = (sample / "organisaatiot/kymp/index.html").read_text(encoding="utf-8")
    actions = set(re.findall(r'<td class="action-id">(\w+)</td>', page))
    timeline = {re.match(r"\s*(\S+)", row["cells"][0]["text"])[1] for row in rows_of(
        sample / "aikajana/organisaatiot/kymp/index.html")}
    assert timeline and timeline <= actions
    assert 'href="/aikajana/organisaatiot/kymp/"' in page and 'href="/organisaatiot/kymp/toimenpiteet.csv"' in page


def test_the_programme_timeline_is_bounded():
    class Task:
        def __init__(self, day):
            self.start, self.due, self.completed = None, day, None

    class Action:
        def __init__(self, count):
            self.tasks = [Task(datetime.date(2019, 1, 1) + datetime.timedelta(days=day)) for day in range(count)]

    timeline = programme_timeline([Action(40), Action(30)], AS_OF, limit=50)
    assert len(timeline.tasks) == 50 and timeline.left_out == 20
    assert timeline.axis.start == datetime.date(2018, 12, 17)  # the first shown task's day, less the margin


def git(root, *args, when="2019-01-01T12:00:00"):
    environment = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
                   "GIT_AUTHOR_NAME": "Testi", "GIT_AUTHOR_EMAIL": "t@example.org",
                   "GIT_COMMITTER_NAME": "Testi", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=environment)


def test_the_phase_changes_come_from_the_history(project, tmp_path):
    action = textwrap.dedent("""\
        id: "1"
        name: Ensimmäinen
        description: Kuvaus.
        status: on_time
        phase: planning
        tasks:
          - name: Aloitetaan
            start: 2019-02-01
            due: 2019-03-01
        """)
    root = project({"content/actions/1.yaml": action})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Alku", when="2019-01-10T12:00:00")
    (root / "content/actions/1.yaml").write_text(action.replace("planning", "implementation"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "Toteutukseen", when="2019-04-15T12:00:00")
    out = tmp_path / "out"
    build(Project(root), out, search=False)
    rows = rows_of(out / "toimenpiteet/1/index.html")
    phases = [row for row in rows if "timeline-phase" in row["class"]]
    assert [(row["cells"][0]["text"].strip(), shown(row["cells"][1])) for row in phases] == [
        ("Toteutusvaihe: Suunnittelu → Toteutus", "2019-04-15")]
    assert [(row["cells"][0]["text"].strip(), shown(row["cells"][1]), shown(row["cells"][2]), row["class"])
            for row in rows if "timeline-phase" not in row["class"]] == [
        ("Aloitetaan", "2019-02-01", "2019-03-01", "timeline-late")]  # overdue on the as-of day, 2020-01-15
