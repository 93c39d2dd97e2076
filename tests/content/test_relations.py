"""Relations between actions: checked like any reference, a circle of dependencies named whole, shown both ways
with three levels of a chain, and a merged action counted once."""

from __future__ import annotations

import textwrap

import pytest
from conftest import TINY_CONFIG
from hypothesis import given, settings
from hypothesis import strategies as st
from validation_cases import problems

from katalogi.build.pipeline import build, check_project
from katalogi.content.relations import circles, loop_through
from katalogi.inputs.sources import Project
from katalogi.site.relations import chain, in_chains

ROLES = TINY_CONFIG + textwrap.dedent("""\
    dependency_roles:
      - id: requires
        label: Edellyttää
        reverse_label: Edellytys toimenpiteelle
      - id: supports
        label: Tukee
        reverse_label: Saa tukea toimenpiteeltä
    """)


def action(identifier: str, extra: str = "") -> str:
    return f'id: "{identifier}"\nname: Toimenpide {identifier}\ndescription: Kuvaus.\nstatus: on_time\n{extra}'


def depends(*targets: str, role: str | None = "requires") -> str:
    return "depends_on:\n" + "".join(f'  - action: "{target}"\n' + (f"    role: {role}\n" if role else "")
                                     for target in targets)


def test_a_circle_of_dependencies_is_one_error_naming_every_action_in_it(project):
    root = project({"content/actions/3.yaml": action("3", depends("4")), "content/actions/4.yaml": action("4",
                    depends("5")), "content/actions/5.yaml": action("5", depends("3", "2"))}, config=ROLES)
    assert problems(root) == [
        "content/actions/3.yaml:6: depends_on[0].action: the actions 3, 4, 5 depend on each other in a circle "
        "(3 -> 4 -> 5 -> 3); a chain of depends_on must end"]


def test_two_circles_are_two_errors_and_a_chain_into_a_circle_is_not_in_it(project):
    root = project({"content/actions/3.yaml": action("3", depends("4")), "content/actions/4.yaml": action("4",
                    depends("3")), "content/actions/5.yaml": action("5", depends("3", "6")),
                    "content/actions/6.yaml": action("6", depends("5"))}, config=ROLES)
    assert problems(root) == [
        "content/actions/3.yaml:6: depends_on[0].action: the actions 3, 4 depend on each other in a circle "
        "(3 -> 4 -> 3); a chain of depends_on must end",
        "content/actions/5.yaml:8: depends_on[1].action: the actions 5, 6 depend on each other in a circle "
        "(5 -> 6 -> 5); a chain of depends_on must end"]


@pytest.mark.parametrize("text, message", [
    ('related: ["3"]\n', "content/actions/3.yaml:5: related[0]: an action cannot name itself here ('3' is this "
                         "action)"),
    (depends("3"), "content/actions/3.yaml:6: depends_on[0].action: an action cannot name itself here ('3' is "
                   "this action)"),
    ('merged_into: "3"\n', "content/actions/3.yaml:5: merged_into: an action cannot name itself here ('3' is this "
                           "action)"),
])
def test_an_action_does_not_relate_to_itself(project, text, message):
    root = project({"content/actions/3.yaml": action("3", text)}, config=ROLES)
    assert problems(root) == [message]


def test_relations_name_existing_actions_and_declared_roles(project):
    root = project({"content/actions/3.yaml": action("3", 'related: ["1", "9"]\ndepends_on:\n  - action: "2"\n'
                                                          "    role: requires\n  - action: \"1\"\n    role: needs\n"
                                                          "merged_into: Ensimmäinen\n")}, config=ROLES)
    assert problems(root) == [
        "content/actions/3.yaml:5: related[1]: unknown action '9' (expected one of: 1, 2, 3)",
        "content/actions/3.yaml:10: depends_on[1].role: unknown dependency role 'needs' (expected one of: "
        "requires, supports)",
        "content/actions/3.yaml:11: merged_into: unknown action 'Ensimmäinen': write 1 (Ensimmäinen)"]


def test_a_role_written_as_its_label_says_which_id_to_write(project):
    root = project({"content/actions/3.yaml": action("3", depends("1", role="Tukee"))}, config=ROLES)
    assert problems(root) == ["content/actions/3.yaml:7: depends_on[0].role: unknown dependency role 'Tukee': "
                              "write supports (Tukee)"]


def test_merged_and_superseded_at_once_and_a_circle_of_merges(project):
    root = project({"content/actions/3.yaml": action("3", 'merged_into: "1"\nsuperseded_by: "2"\n'),
                    "content/actions/4.yaml": action("4", 'merged_into: "5"\n'),
                    "content/actions/5.yaml": action("5", 'superseded_by: "4"\n')}, config=ROLES)
    assert problems(root) == [
        "content/actions/3.yaml:6: superseded_by: an action is either merged into another or superseded by "
        "another, not both",
        "content/actions/4.yaml:5: merged_into: the actions 4, 5 are merged into or superseded by each other in a "
        "circle (4 -> 5 -> 4); the work must end up in one action"]


def test_a_site_without_roles_refuses_a_role(project):
    root = project({"content/actions/3.yaml": action("3", depends("1"))})
    assert problems(root) == ["content/actions/3.yaml:7: depends_on[0].role: unknown dependency role 'requires'"]


def test_a_role_declared_twice(project):
    config = ROLES + "  - id: requires\n    label: x\n    reverse_label: y\n"
    assert problems(project(config=config)) == [
        "site_config.yaml:20: dependency_roles[2].id: duplicate dependency role 'requires', also on line 14"]


CHAIN = {
    "content/actions/3.yaml": action("3", depends("4") + 'related: ["6"]\n'),
    "content/actions/4.yaml": action("4", depends("5", role="supports")),
    "content/actions/5.yaml": action("5", depends("6", role=None)),
    "content/actions/6.yaml": action("6", depends("7")),
    "content/actions/7.yaml": action("7"),
    "content/actions/8.yaml": action("8", depends("3") + 'merged_into: "3"\n'),
}


def test_relations_are_linked_both_ways_with_their_roles(project):
    site = check_project(Project(project(CHAIN, config=ROLES), history=False)).default
    actions = site.actions_by_id
    assert [(dependency.action.id, dependency.role.id) for dependency in actions["3"].depends_on] == [("4", "requires")]
    assert [(dependency.action.id, dependency.role.id) for dependency in actions["3"].dependents] == [("8", "requires")]
    assert [other.id for other in actions["6"].related] == ["3"]  # named by 3: shown on 6 too
    assert actions["5"].depends_on[0].role is None
    assert actions["8"].merged_into is actions["3"] and actions["3"].merged_from == (actions["8"],)
    assert not actions["8"].counted and actions["8"].taken_over is actions["3"]


def test_a_chain_goes_three_levels_each_way_and_a_page_depends_on_every_action_in_it(project):
    site = check_project(Project(project(CHAIN, config=ROLES), history=False)).default
    actions = site.actions_by_id

    def ids(levels):
        return [(dependency.action.id, ids(below)) for dependency, below in levels]

    assert ids(chain(actions["3"], "depends_on")) == [("4", [("5", [("6", [])])])]  # 7 is a fourth level
    assert ids(chain(actions["7"], "dependents")) == [("6", [("5", [("4", [])])])]
    assert in_chains(actions["3"]) == {"4", "5", "6", "8"}


def test_the_action_pages_show_relations_both_ways(project, tmp_path):
    root = project(CHAIN, config=ROLES)
    build(Project(root, history=False), tmp_path / "out", search=False)
    three = (tmp_path / "out/toimenpiteet/3/index.html").read_text(encoding="utf-8")
    assert 'Edellyttää:</span> <a href="/toimenpiteet/4/">4 Toimenpide 4</a>' in three
    assert 'Tukee:</span> <a href="/toimenpiteet/5/">5 Toimenpide 5</a>' in three
    assert 'Riippuu toimenpiteestä:</span> <a href="/toimenpiteet/6/">6 Toimenpide 6</a>' in three
    assert "/toimenpiteet/7/" not in three  # a fourth level
    assert 'Edellytys toimenpiteelle:</span> <a href="/toimenpiteet/8/">8 Toimenpide 8</a>' in three
    six = (tmp_path / "out/toimenpiteet/6/index.html").read_text(encoding="utf-8")
    assert "Liittyvät toimenpiteet" in six and '<a href="/toimenpiteet/3/">3 Toimenpide 3</a>' in six
    eight = (tmp_path / "out/toimenpiteet/8/index.html").read_text(encoding="utf-8")
    assert 'Tämä toimenpide on yhdistetty toimenpiteeseen <a href="/toimenpiteet/3/">3 Toimenpide 3</a>' in eight


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdefgh"), st.lists(st.sampled_from("abcdefgh"), max_size=3), max_size=8))
def test_every_circle_found_is_a_real_one_and_every_node_on_a_circle_is_in_one(edges):
    edges = {node: [target for target in targets if target != node] for node, targets in edges.items()}
    found = circles(edges)

    def reaches(start, goal):
        seen, waiting = set(), [start]
        while waiting:
            node = waiting.pop()
            for target in edges.get(node, ()):
                if target == goal:
                    return True
                if target not in seen:
                    seen.add(target)
                    waiting.append(target)
        return False

    on_circle = {node for node in edges if reaches(node, node)}
    assert {node for group in found for node in group} == on_circle
    for group in found:
        loop = loop_through(group[0], set(group), edges)
        assert loop[0] == loop[-1] == group[0]
        assert all(target in edges[node] for node, target in zip(loop, loop[1:], strict=False))
