"""Dashboard numbers: roll-ups, task windows, freshness and procurement figures."""

from __future__ import annotations

import datetime
import re
import textwrap
from decimal import Decimal

import pytest
from conftest import TINY_CONFIG

from katalogi.build.pipeline import check_project
from katalogi.inputs.sources import Project
from katalogi.site.dashboard import months_before

ORGANISATIONS = {
    "content/organisations/toimiala.yaml": "id: toimiala\nname: Toimiala\nkind: division\nparent: kaupunki\n",
    "content/organisations/liikelaitos.yaml": "id: liikelaitos\nname: Liikelaitos\nkind: enterprise\n"
                                              "parent: kaupunki\n",
    "content/organisations/ympa.yaml": "id: ympa\nname: Ympa\nparent: toimiala\n",
    "content/organisations/yksikko.yaml": "id: yksikko\nname: Yksikkö\nparent: ympa\n",
}


def action(identifier: str, body: str) -> str:
    return f'id: "{identifier}"\nname: Toimenpide {identifier}\ndescription: D\n' + textwrap.dedent(body)


@pytest.fixture
def site(project):
    root = project({
        **ORGANISATIONS,
        "content/actions/1.yaml": action("1", """\
            status: on_time
            organisations: [{organisation: yksikko}]
            updated: 2019-01-15
            emission_reduction: {value: 100.5, basis: arvio}
            procurement_volume: 1000
            cpv_codes: ["60000000-8", "34144900-7"]
            gpp_level: eu
            tasks:
              - {name: a day late, due: 2020-01-14}
              - {name: due today, due: 2020-01-15}
              - {name: last day of the window, due: 2020-04-14}
              - {name: beyond the window, due: 2020-04-15}
              - {name: done in the window, state: completed, completed: 2019-10-17}
              - {name: done before it, state: completed, completed: 2019-10-16}
            """),
        "content/actions/2.yaml": action("2", """\
            status: done
            organisations: [{organisation: ympa}, {organisation: liikelaitos, role: collaborator}]
            procurement_volume: 500.5
            cpv_codes: ["60000000-8"]
            tasks:
              - {name: long overdue but cancelled, state: cancelled, due: 2019-01-01}
            """),
        "content/actions/3.yaml": action("3", """\
            status: on_time
            updated: 2019-01-14
            categories: [hankinnat]
            organisations: [{organisation: toimiala}, {organisation: ympa}]
            """),
    })
    return check_project(Project(root)).default


def test_tasks_fall_in_the_windows_around_the_as_of_date(site):
    board = site.dashboard
    assert [(row["task"].name, row["days"]) for row in board["overdue"]] == [("a day late", 1)]
    assert [(row["task"].name, row["days"]) for row in board["upcoming"]] == [
        ("due today", 0), ("last day of the window", 90)]
    assert [(row["task"].name, row["days"]) for row in board["completed"]] == [("done in the window", 90)]


def test_stale_actions_are_the_open_ones_not_updated_within_the_threshold(site):
    board = site.dashboard
    assert board["stale_before"] == datetime.date(2019, 1, 15)
    assert [action.id for action in board["stale"]] == ["3"]  # 1 is exactly on the threshold, 2 is done


def test_status_counts_roll_up_from_units_to_divisions_once_per_action(site):
    table = site.dashboard["by_organisation"]
    rows = {row["node"].id: row for row in table["rows"]}
    assert list(rows) == ["liikelaitos", "toimiala"]
    counts = {status_row["status"].id: status_row["count"] for status_row in rows["toimiala"]["summary"]["rows"]}
    assert counts == {"on_time": 2, "done": 1}
    assert rows["toimiala"]["summary"]["total"] == 3  # 3 has two primaries in the division: counted once
    assert (rows["liikelaitos"]["summary"]["total"], rows["liikelaitos"]["also"]) == (0, 1)  # collaborates in 2
    liikelaitos = next(node for node in site.organisations if node.id == "liikelaitos")
    assert [action.id for action in liikelaitos.all_actions] == ["2"], "its page still lists the action"
    overall = site.dashboard["overall"]
    assert (overall["total"], overall["completed"]) == (3, 1)
    assert [row["percent"] for row in overall["rows"]] == [Decimal("66.7"), Decimal("33.3")]
    assert table["total"]["summary"] == overall


def test_figures_total_per_organisation_and_count_missing_estimates(site):
    rows = {row["node"].id: row["figures"] for row in site.dashboard["by_organisation"]["rows"]}
    assert rows["toimiala"] == {"emission_reduction": Decimal("100.5"), "estimated": 1, "without_estimate": 2,
                                "calculated_reduction": Decimal(0), "calculated": 0,
                                "typed_reduction": Decimal("100.5"), "typed": 1,
                                "procurement_volume": Decimal("1500.5"), "without_volume": 1}
    assert site.dashboard["figures"]["without_estimate"] == 2


def test_an_enterprise_below_a_division_counts_in_the_outermost(project):
    """Nested divisions and enterprises would count an action in two rows; only the outermost has a row."""
    root = project({
        **ORGANISATIONS,
        "content/organisations/ympa.yaml": "id: ympa\nname: Ympa\nkind: enterprise\nparent: toimiala\n",
        "content/actions/1.yaml": action("1", "status: on_time\norganisations: [{organisation: yksikko}]\n"),
        "content/actions/2.yaml": action("2", "status: on_time\norganisations: [{organisation: kaupunki}]\n"),
    })
    table = check_project(Project(root)).default.dashboard["by_organisation"]
    assert [(row["kind"], row["node"] and row["node"].id, row["summary"]["total"]) for row in table["rows"]] == [
        ("node", "liikelaitos", 0), ("node", "toimiala", 1), ("outside", None, 1)]
    assert table["total"]["summary"]["total"] == 2


def test_sums_of_figures_are_exact_decimals(project):
    """0.1 + 0.2 t is shown as 0,3 t, not as the binary float 0,30000000000000004."""
    root = project({
        "content/actions/1.yaml": action("1", "status: on_time\nemission_reduction: {value: 0.1, basis: a}\n"),
        "content/actions/2.yaml": action("2", "status: on_time\nemission_reduction: {value: 0.2, basis: a}\n"),
    })
    assert check_project(Project(root)).default.dashboard["figures"]["emission_reduction"] == Decimal("0.3")


def test_actions_group_by_cpv_code_and_gpp_level(site):
    by_cpv = {group["key"]: [action.id for action in group["actions"]] for group in site.dashboard["by_cpv"]}
    assert by_cpv == {"34144900-7": ["1"], "60000000-8": ["1", "2"]}
    assert [(group["key"], group["figures"]["procurement_volume"]) for group in site.dashboard["by_gpp_level"]] \
        == [("eu", 1000)]


@pytest.mark.parametrize(("day", "months", "expected"), [
    ("2020-01-15", 12, "2019-01-15"),
    ("2020-03-31", 1, "2020-02-29"),
    ("2019-03-31", 1, "2019-02-28"),
    ("2020-01-31", 2, "2019-11-30"),
    ("2020-01-15", 25, "2017-12-15"),
])
def test_months_before_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert months_before(datetime.date.fromisoformat(day), months) == datetime.date.fromisoformat(expected)


def test_long_task_tables_show_their_first_rows_and_count_them_all(project, tmp_path, monkeypatch):
    from katalogi.build.pipeline import build
    from katalogi.site import dashboard

    monkeypatch.setattr(dashboard, "TABLE_ROWS", 2)
    tasks = "".join(f"  - {{name: myöhässä {day}, due: 2020-01-0{day}}}\n" for day in (3, 1, 2))
    root = project({"content/actions/1.yaml": action("1", "status: on_time\ntasks:\n" + tasks)})
    build(Project(root), tmp_path / "out")
    html = (tmp_path / "out/tilannekatsaus/index.html").read_text(encoding="utf-8")
    start = html.index("Myöhässä olevat tehtävät (3)")
    overdue = html[start:html.index("</table>", start)]
    assert "Näytetään 2 ensimmäistä." in overdue
    assert re.findall(r"<td>(myöhässä \d)</td>", overdue) == ["myöhässä 1", "myöhässä 2"]


def visible(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize(("config_as_of", "epoch", "day", "said"), [
    ("as_of: 2019-10-20\n", None, "2019-10-20",
     ["Tilanne 20.10.2019", "Läget 20 okt. 2019", "Situation on 20 Oct 2019"]),
    ("", "1579046400", "2020-01-15",
     ["Tilanne 15.01.2020", "Läget 15 jan. 2020", "Situation on 15 Jan 2020"]),
], ids=["as_of", "build date"])
def test_front_page_says_the_date_its_figures_describe_in_every_language(project, tmp_path, monkeypatch,
                                                                          config_as_of, epoch, day, said):
    """`as_of` when site_config.yaml sets it, else the build date (here SOURCE_DATE_EPOCH's)."""
    from katalogi.build.pipeline import build

    if epoch:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    config = TINY_CONFIG.replace("as_of: 2020-01-15\n", config_as_of) + "languages: [fi, sv, en]\n"
    root = project({}, config=config)
    build(Project(root, history=False), tmp_path / "out", search=False)
    for page, sentence in zip(("index.html", "sv/index.html", "en/index.html"), said, strict=True):
        html = (tmp_path / "out" / page).read_text(encoding="utf-8")
        assert f"{sentence} :" in visible(html), page  # then the number of actions, as on the dashboard
        assert f'<time datetime="{day}">' in html
