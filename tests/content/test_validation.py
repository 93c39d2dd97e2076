"""Every validation rule, each with the exact message an editor sees."""

from __future__ import annotations

import pytest
from validation_cases import CASES, CONFIG_CASES, problems


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_each_problem_has_its_exact_message(project, files, expected):
    assert problems(project(files)) == expected


def test_every_problem_in_every_file_is_reported_at_once(project):
    root = project({
        "content/actions/2.yaml": 'id: "2"\nname: Toinen\nstatus: late\n',
        "content/categories/hankinnat.yaml": "id: hankinnat\nnimi: Hankinnat\n",
        "content/indicators/osuus.yaml": "id: osuus\nname: Osuus\nvalues:\n  - date: 2019-13-01\n    value: 1\n",
    })
    assert problems(root) == [
        "content/actions/2.yaml:1: description: required field is missing",
        "content/actions/2.yaml:3: status: unknown status 'late' (expected one of: done, on_time)",
        "content/categories/hankinnat.yaml:1: name: required field is missing",
        "content/categories/hankinnat.yaml:2: nimi: unknown field (expected one of: attributes, description, id, "
        "name, parent, roadmap)",
        "content/indicators/osuus.yaml:4: values[0].date: impossible date 2019-13-01 (month must be in 1..12)",
    ]


def test_a_broken_item_does_not_make_references_to_it_look_unknown(project):
    root = project({"content/categories/hankinnat.yaml": "id: hankinnat\nname: Hankinnat\ncolour: red\n"})
    assert problems(root) == [
        "content/categories/hankinnat.yaml:3: colour: unknown field (expected one of: attributes, description, id, "
        "name, parent, roadmap)"
    ]


@pytest.mark.parametrize("config, expected", CONFIG_CASES.values(), ids=CONFIG_CASES.keys())
def test_each_config_problem_has_its_exact_message(project, config, expected):
    root = project({"content/actions/1.yaml": None, "content/actions/2.yaml": None}, config=config)
    assert problems(root) == expected


def test_config_problems_do_not_hide_content_problems(project):
    root = project({"content/actions/2.yaml": 'id: "2"\nname: Toinen\ndescription: x\nstatus: done\nfoo: 1\n'},
                   config="title: T\n")
    assert problems(root) == [
        "content/actions/2.yaml:5: foo: unknown field",
        "site_config.yaml:1: statuses: required field is missing",
    ]


def test_missing_config_file(project):
    root = project(config=None)
    assert problems(root) == ["site_config.yaml:1: file: cannot be read: No such file or directory"]
