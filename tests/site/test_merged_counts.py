"""A merged or superseded action is counted once, under the action that took its work: the site's figures
against a count made here from the YAML files alone."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml
from conftest import TINY_CONFIG

from katalogi.build.pipeline import build, check_project
from katalogi.inputs.sources import Project

CONFIG = TINY_CONFIG + '  - id: late\n    label: Myöhässä\n    colour: "#ffc61e"\n'


def action(identifier: str, status: str, extra: str = "") -> str:
    return (f'id: "{identifier}"\nname: Toimenpide {identifier}\ndescription: Kuvaus.\nstatus: {status}\n'
            f"organisations:\n  - organisation: ympa\n{extra}")


CATALOGUE = {
    "content/actions/1.yaml": action("1", "on_time"),
    "content/actions/2.yaml": action("2", "late"),
    "content/actions/3.yaml": action("3", "late", 'merged_into: "1"\n'),
    "content/actions/4.yaml": action("4", "on_time", 'merged_into: "3"\n'),  # a chain: its work ends up in 1
    "content/actions/5.yaml": action("5", "done", 'superseded_by: "2"\n'),
    "content/actions/6.yaml": action("6", "done"),
}


def independent_counts(root: Path) -> Counter:
    """Statuses of the actions whose work is their own, read from the files and nothing else."""
    counted = Counter()
    for path in sorted((root / "content/actions").glob("*.yaml")):
        fields = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not fields.get("merged_into") and not fields.get("superseded_by"):
            counted[fields["status"]] += 1
    return counted


def shown_counts(html: str) -> dict[str, int]:
    """The status list of a page (status_counts): label -> count."""
    summary = html.split('<ul class="status-summary">', 1)[1].split("</ul>", 1)[0]
    return {label: int(count) for label, count in re.findall(r">([^<>]+)</span> (\d+) <span class=\"share\">",
                                                               summary)}


def test_the_status_counts_leave_out_what_was_merged_or_superseded(project, tmp_path):
    root = project(CATALOGUE, config=CONFIG)
    out = tmp_path / "out"
    build(Project(root, history=False), out, search=False)
    expected = independent_counts(root)
    assert expected == Counter({"on_time": 1, "late": 1, "done": 1})
    labels = {"on_time": "Ajallaan", "late": "Myöhässä", "done": "Valmis"}
    wanted = {labels[status]: count for status, count in expected.items()}
    for page in ("index.html", "tilannekatsaus/index.html", "organisaatiot/ympa/index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert shown_counts(html) == wanted, page
        assert "Lisäksi 3 toimenpidettä on yhdistetty toisiin tai korvattu toisilla" in html, page
    dashboard = (out / "tilannekatsaus/index.html").read_text(encoding="utf-8")
    assert "3 toimenpidettä, joista 1 valmiina." in dashboard
    late = (out / "tilat/late/index.html").read_text(encoding="utf-8")
    assert "/toimenpiteet/2/" in late and "/toimenpiteet/3/" not in late


def test_the_lists_show_a_merged_action_as_such(project, tmp_path):
    root = project(CATALOGUE, config=CONFIG)
    out = tmp_path / "out"
    build(Project(root, history=False), out, search=False)
    listing = (out / "toimenpiteet/index.html").read_text(encoding="utf-8")
    row = listing.split('data-id="4"', 1)[1].split("</tr>", 1)[0]
    assert listing.split('data-id="4"', 1)[0].endswith('<tr data-status="replaced" ')
    assert 'Yhdistetty toimenpiteeseen <a href="/toimenpiteet/3/">3</a>' in row
    assert '<option value="replaced">Yhdistetyt ja korvatut</option>' in listing
    superseded = (out / "organisaatiot/ympa/index.html").read_text(encoding="utf-8")
    assert 'Korvattu toimenpiteellä <a href="/toimenpiteet/2/">2</a>' in superseded


def test_the_site_knows_where_the_work_went(project):
    site = check_project(Project(project(CATALOGUE, config=CONFIG), history=False)).default
    actions = site.actions_by_id
    assert actions["4"].taken_over is actions["1"] and actions["5"].taken_over is actions["2"]
    assert [action.id for action in site.actions if action.counted] == ["1", "2", "6"]
    assert site.dashboard["overall"]["total"] == 3 and site.dashboard["overall"]["replaced"] == 3
    assert [action.id for action in site.dashboard["replaced"]] == ["3", "4", "5"]
