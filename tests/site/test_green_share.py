"""One definition of the green share: site_config.yaml's green_share, counted the same way and stated beside every
share the site shows; and the verdicts of the indicators in the open data."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml
from conftest import TINY_CONFIG
from tools import ROOT

from katalogi.base.errors import BuildFailed
from katalogi.build import pipeline
from katalogi.inputs.sources import Project

DEFINITION = re.compile(r"Vihreä osuus: niiden hankintojen osuus, joissa on käytetty ympäristökriteerejä "
                        r"\(eForms BT-805: ([^)]*)\), hankintojen lukumäärästä ja euroista\.")
LABELS = {"eu": "EU:n ympäristöä säästävien julkisten hankintojen kriteerit",  # the eForms code list's words
          "national": "Kansalliset ympäristöä säästävien julkisten hankintojen kriteerit",
          "other": "Muut ympäristöä säästävien julkisten hankintojen kriteerit"}
SHARE_WORDS = ("Vihreä osuus hankinnoista", "Vihreä osuus euroista")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("green")
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "site_config.yaml", root)
    out = root / "output"
    pipeline.build(Project(root, history=False), out, search=False)
    return out


def text(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", html.replace("\u00a0", " ")).split())


def test_every_page_that_shows_a_green_share_states_the_one_definition(sample):
    criteria = yaml.safe_load((ROOT / "site_config.yaml").read_text(encoding="utf-8"))["green_share"]["criteria"]
    stated = ", ".join(LABELS[code] for code in criteria)
    showing = []
    for page in sorted(sample.glob("**/*.html")):
        if page.relative_to(sample).parts[0] in ("sv", "en", "raportit"):
            continue
        words = text(page)
        if any(word in words for word in SHARE_WORDS):
            showing.append(page.relative_to(sample).as_posix())
            assert [found.group(1) for found in DEFINITION.finditer(words)] and all(
                found.group(1) == stated for found in DEFINITION.finditer(words)), page
    for expected in ("hankintayksikot/index.html", "hankinnat/index.html", "tilannekatsaus/index.html",
                     "organisaatiot/kymp/index.html", "kategoriat/hankinnat/index.html",
                     "toimenpiteet/103/index.html"):
        assert expected in showing, expected
    computed = text(sample / "mittarit/ilmastokriteerien-osuus/index.html")
    assert DEFINITION.search(computed).group(1) == stated, "a computed indicator counts the same way"


TWO_UNITS = {
    "content/organisations/tila.yaml": "id: tila\nname: Tilapalvelut\nparent: kaupunki\nkind: division\n",
    "content/procurements/p.yaml": textwrap.dedent("""\
        procurements:
          - {id: a, name: A, organisation: ympa, date: 2019-03-01, value: 100, gpp_criteria: eu}
          - {id: b, name: B, organisation: ympa, date: 2019-04-01, value: 300, gpp_criteria: other}
          - {id: c, name: C, organisation: ympa, date: 2019-05-01, value: 600, gpp_criteria: none}
          - {id: d, name: D, organisation: tila, date: 2019-05-01, value: 50, gpp_criteria: national}
        """),
    "content/indicators/laskettu.yaml": "id: laskettu\nname: Laskettu\nunit: \"%\"\ncomputed:\n"
                                        "  measure: green_share_by_value\n  organisation: ympa\n",
}


@pytest.mark.parametrize("criteria, ympa_count, ympa_euros", [
    ("[eu]", "33,3 %", "10,0 %"),  # a: 1 of 3, 100 of 1 000 euros
    ("[eu, national, other]", "66,7 %", "40,0 %"),  # a and b: 2 of 3, 400 of 1 000
])
def test_the_definition_in_site_config_decides_every_share(project, tmp_path, criteria, ympa_count, ympa_euros):
    config = TINY_CONFIG + f"green_share:\n  criteria: {criteria}\n  target: 30\n  targets:\n" \
                           "    - organisation: tila\n      target: 100\n"
    root = project(TWO_UNITS, config=config)
    out = tmp_path / "out"
    pipeline.build(Project(root, history=False), out, jobs=1, search=False)
    organisation = text(out / "organisaatiot/ympa/index.html")
    assert f"Vihreä osuus hankinnoista {ympa_count}" in organisation
    assert f"Vihreä osuus euroista {ympa_euros}" in organisation
    steering = (out / "hankintayksikot/index.html").read_text(encoding="utf-8").replace("\u00a0", " ")
    row = re.search(r'<tr>\s*<th scope="row" data-value="Ympäristöpalvelut">.*?</tr>', steering, re.S).group(0)
    assert f">{ympa_count}<" in row and f">{ympa_euros}<" in row
    standing = "Alle tavoitteen" if Decimal(ympa_euros.split()[0].replace(",", ".")) < 30 else "Yli tavoitteen"
    assert standing in row, "the city's target of 30 % by euros"
    tila = re.search(r'<tr>\s*<th scope="row" data-value="Tilapalvelut">.*?</tr>', steering, re.S).group(0)
    if "national" in criteria:  # its one record: national criteria, so 100 % against its own target of 100 %
        assert ">100,0 %<" in tila and "Tavoitteessa" in tila
    else:
        assert ">0,0 %<" in tila and "Alle tavoitteen" in tila
    data = json.loads((out / "data/indicators.json").read_text(encoding="utf-8"))
    computed = next(entry for entry in data["indicators"] if entry["id"] == "laskettu")
    assert computed["computed"]["criteria"] == yaml.safe_load(criteria)
    assert [value["value"] for value in computed["values"]] == [float(ympa_euros.split()[0].replace(",", "."))]
    dashboard = text(out / "tilannekatsaus/index.html")
    everything = (Decimal(100) + (300 if "other" in criteria else 0) + (50 if "national" in criteria else 0)) \
        * 100 / Decimal(1050)
    assert f"Vihreä osuus euroista {everything.quantize(Decimal('0.1'), ROUND_HALF_UP)}".replace(".", ",") \
        in dashboard


def test_a_target_for_an_unknown_organisation_is_an_error_at_its_line(project):
    config = TINY_CONFIG + "green_share:\n  targets:\n    - organisation: ymppa\n      target: 60\n"
    root = project({}, config=config)
    with pytest.raises(BuildFailed) as failed:
        pipeline.check_project(Project(root, history=False))
    assert [str(error) for error in failed.value.errors] == [
        "site_config.yaml:15: green_share.targets[0].organisation: unknown organisation 'ymppa' (did you mean "
        "'ympa'?)"]


def test_an_indicator_that_counts_other_criteria_is_a_warning(project):
    indicator = "id: oma\nname: Oma\ncomputed:\n  measure: green_share_by_count\n  criteria: [eu]\n"
    root = project({"content/indicators/oma.yaml": indicator},
                   config=TINY_CONFIG + "green_share:\n  criteria: [eu, national]\n")
    warnings = [str(warning) for warning in pipeline.check_project(Project(root, history=False)).warnings]
    assert ("content/indicators/oma.yaml:5: warning: computed.criteria: the indicator counts other green criteria "
            "(eu) than the site's green share (eu, national), so its share is not the one the other pages show"
            in warnings)


def test_the_open_data_says_where_each_indicator_stands(sample):
    """The sample's typed indicators against their next goal, judged here from the files: from the first value to the
    goal in a straight line, on the site's date."""
    data = {entry["id"]: entry for entry in json.loads((sample / "data/indicators.json").read_text(
        encoding="utf-8"))["indicators"]}
    as_of = yaml.safe_load((ROOT / "site_config.yaml").read_text(encoding="utf-8"))["as_of"]
    judged = 0
    for file in sorted((ROOT / "content/indicators").glob("*.yaml")):
        written = yaml.safe_load(file.read_text(encoding="utf-8"))
        if written.get("computed") or not written.get("goals"):
            continue
        values = sorted((point["date"], Decimal(str(point["value"]))) for point in written.get("values", [])
                        if point["date"] <= as_of)
        goals = sorted((point["date"], Decimal(str(point["value"]))) for point in written["goals"])
        (first_day, first), (day, latest) = values[0], values[-1]
        goal_day, goal = next((goal for goal in goals if goal[0] >= day), goals[-1])
        line = first + (goal - first) * (day - first_day).days / (goal_day - first_day).days
        rising = goal >= first
        expected = ("achieved" if (latest >= goal if rising else latest <= goal)
                    else "on_track" if (latest >= line if rising else latest <= line) else "off_track")
        assert data[written["id"]]["goal_status"] == expected, written["id"]
        assert data[written["id"]]["goal_status_goal"] == {"date": goal_day.isoformat(), "value": float(goal)}
        judged += 1
    assert judged >= 4
    statuses = {entry["goal_status"] for entry in data.values()}
    assert statuses <= {"achieved", "on_track", "off_track", "no_data"} and len(statuses) >= 2
