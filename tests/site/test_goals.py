"""Goals with a verdict (achieved, on track, off track, no data) on constructed indicators, a category's progress
rolled up once per action, and the warning for a roadmap goal that differs from its indicator's own."""

from __future__ import annotations

import datetime
import textwrap
from decimal import Decimal
from fractions import Fraction

import pytest
from click.testing import CliRunner
from conftest import TINY_CONFIG

from katalogi.build import pipeline
from katalogi.cli import cli
from katalogi.inputs.sources import Project
from katalogi.site.goals import judge
from katalogi.site.views import Point

DAY = datetime.date
RISING = (((2030, 1, 1), 50),)  # from 10 on 1.1.2020 to 50 on 1.1.2030: the line is at 30 on 1.1.2025
FALLING = (((2030, 1, 1), 300),)  # from 600 to 300, as emissions: the line is at 450 halfway


def points(*pairs) -> tuple[Point, ...]:
    return tuple(Point(DAY(*day), value) for day, value in pairs)


@pytest.mark.parametrize("values, goals, as_of, expected", [
    ((((2020, 1, 1), 10), ((2025, 1, 1), 31)), RISING, DAY(2025, 6, 1), "on_track"),
    ((((2020, 1, 1), 10), ((2025, 1, 1), 29)), RISING, DAY(2025, 6, 1), "off_track"),
    ((((2020, 1, 1), 10), ((2025, 1, 1), 50)), RISING, DAY(2025, 6, 1), "achieved"),
    ((((2020, 1, 1), 600), ((2025, 1, 1), 440)), FALLING, DAY(2025, 6, 1), "on_track"),
    ((((2020, 1, 1), 600), ((2025, 1, 1), 460)), FALLING, DAY(2025, 6, 1), "off_track"),
    ((((2020, 1, 1), 600), ((2025, 1, 1), 290)), FALLING, DAY(2025, 6, 1), "achieved"),
    ((((2021, 1, 1), 10), ((2022, 1, 1), 30)), (((2023, 1, 1), 50),), DAY(2022, 6, 1), "on_track"),  # on the line
    ((((2020, 1, 1), 10),), RISING, DAY(2025, 6, 1), "on_track"),  # one value: the line's start
    ((), RISING, DAY(2025, 6, 1), "no_data"),  # no value yet
    ((((2026, 1, 1), 10),), RISING, DAY(2025, 6, 1), "no_data"),  # none on the day asked about
    ((((2020, 1, 1), 10), ((2032, 1, 1), 40)), RISING, DAY(2033, 1, 1), "off_track"),  # the goal past, not reached
])
def test_the_verdict_of_constructed_indicators(values, goals, as_of, expected):
    assert judge(points(*values), points(*goals), as_of).status == expected


def test_the_verdict_judges_the_next_goal_and_ignores_values_after_the_date():
    """Goals 2025: 40 and 2030: 100; the latest value on 1.1.2024 (from 10 on 1.1.2020): the 2025 goal is next, and
    its line is at 10 + 30 * 1461 / 1827, about 33.99, on that day. A value after the date asked about (the 1 of
    1.9.2024, on 1.6.2024) is not known then."""
    goals = points(((2025, 1, 1), 40), ((2030, 1, 1), 100))
    values = [((2020, 1, 1), 10), ((2024, 1, 1), 34), ((2024, 9, 1), 1)]
    found = judge(points(*values), goals, DAY(2024, 6, 1))
    assert found.goal.date == DAY(2025, 1, 1) and found.latest.value == 34
    assert found.expected == 10 + Fraction(30 * 1461, 1827)
    assert found.status == "on_track"
    values[1] = ((2024, 1, 1), 33.9)
    assert judge(points(*values), goals, DAY(2024, 6, 1)).status == "off_track"
    assert judge(points(((2020, 1, 1), 10)), (), DAY(2024, 1, 1)) is None, "no goal, no verdict"


ACTION = textwrap.dedent("""\
    id: "{id}"
    name: Toimenpide {id}
    description: Kuvaus.
    categories: [{categories}]
    status_from: tasks
    weight: {weight}
    tasks:
    {tasks}
    """)
STATUSES = "  - {id: not_started, label: Ei aloitettu, colour: \"#dedfe1\"}\n  - {id: late, label: Myöhässä, " \
           "colour: \"#ffc61e\"}\n  - {id: cancelled, label: Peruttu, colour: \"#666666\", final: true}\n"


def action(identifier: str, categories: str, done: int, open_: int, weight: int = 1, cancelled: int = 0) -> str:
    tasks = [f"  - name: Tehty {index}\n    state: completed\n    completed: 2019-03-01" for index in range(done)]
    tasks += [f"  - name: Auki {index}\n    due: 2021-01-01" for index in range(open_)]
    tasks += [f"  - name: Peruttu {index}\n    state: cancelled" for index in range(cancelled)]
    return ACTION.format(id=identifier, categories=categories, weight=weight, tasks="\n".join(tasks) or "  []")


def test_a_category_rolls_up_its_actions_once_weighted(project):
    """Category `yla` has `ala` below it. Action 1 is in both (counted once), 2 only in `ala` with weight 3, 3 is
    cancelled (left out). Action 1's cancelled tasks do not count either."""
    root = project({
        "content/categories/yla.yaml": "id: yla\nname: Ylä\n",
        "content/categories/ala.yaml": "id: ala\nname: Ala\nparent: yla\n",
        "content/actions/1.yaml": action("1", "yla, ala", done=1, open_=1, cancelled=2),
        "content/actions/2.yaml": action("2", "ala", done=1, open_=3, weight=3),
        "content/actions/3.yaml": action("3", "ala", done=0, open_=1) + "status: cancelled\n",
    }, config=TINY_CONFIG + STATUSES)
    site = pipeline.check_project(Project(root, history=False)).default
    by_id = {category.id: category for category in site.categories}
    progress = by_id["yla"].progress
    # 1: 1 of 2 tasks done, weight 1; 2: 1 of 4, weight 3; 3 cancelled: (1/2 + 3/4) / 4 = 31.25 %
    assert (progress.percent, progress.counted, progress.left_out) == (Decimal("31.3"), 2, 1)
    assert by_id["ala"].progress.percent == Decimal("31.3")
    out = root / "output"
    pipeline.build(Project(root, history=False), out, jobs=1, search=False)
    page = " ".join((out / "kategoriat/yla/index.html").read_text(encoding="utf-8").split())
    assert 'Edistyminen: <span class="progress-figure">31,3 %</span>' in page
    assert "1 peruttu toimenpide ei ole mukana." in page



def test_a_merged_action_is_left_out_of_its_categorys_progress(project):
    """Action 2's work went into action 1 (merged_into): the category's progress is action 1's alone, not an
    average that counts the same work twice."""
    root = project({
        "content/categories/yla.yaml": "id: yla\nname: Ylä\n",
        "content/actions/1.yaml": action("1", "yla", done=1, open_=3),
        "content/actions/2.yaml": action("2", "yla", done=2, open_=0) + 'merged_into: "1"\n',
    }, config=TINY_CONFIG + STATUSES)
    site = pipeline.check_project(Project(root, history=False)).default
    progress = next(category for category in site.categories if category.id == "yla").progress
    assert (progress.percent, progress.counted, progress.left_out) == (Decimal("25.0"), 1, 0)


ROADMAP = textwrap.dedent("""\
    id: hankinnat
    name: Hankinnat
    roadmap:
      - year: 2025
        text: Puolet.
        indicator: osuus
        goal: 60
      - year: 2030
        text: Kaikki.
        indicator: osuus
        goal: 50
    """)


def test_a_roadmap_goal_that_differs_from_the_indicators_own_is_a_warning(project):
    """The indicator sets 40 for 2025 and 50 for 2030: the 2030 milestone agrees, the 2025 one's 60 does not."""
    indicator = "id: osuus\nname: Osuus\nunit: \"%\"\ngoals:\n  - date: 2025-12-31\n    value: 40\n" \
                "  - date: 2030-12-31\n    value: 50\n"
    root = project({"content/categories/hankinnat.yaml": ROADMAP, "content/indicators/osuus.yaml": indicator})
    result = CliRunner().invoke(cli, ["check", "-C", str(root), "--no-history", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert ("content/categories/hankinnat.yaml:7: warning: roadmap[0].goal: the goal 60 for 2025 differs from the "
            "goal the indicator 'osuus' itself sets for 2025, 40") in result.output
    assert "roadmap[1].goal" not in result.output
    strict = CliRunner().invoke(cli, ["check", "-C", str(root), "--no-history", "--strict"])
    assert strict.exit_code != 0
    out = root / "output"
    pipeline.build(Project(root, history=False), out, jobs=1, search=False)
    page = " ".join((out / "kategoriat/hankinnat/index.html").read_text(encoding="utf-8").split())
    assert "Huom. mittarin oma tavoite vuodelle 2025 on 40 %." in page
