"""Calculated emission reductions: the formula, its inputs on the page, the factor tables, and what a change of a
table does. Every expected figure is worked out here from the numbers in the files, not by katalogi."""

from __future__ import annotations

import html
import json
import re
import shutil
import textwrap
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import jsonschema
import pytest
from tools import ROOT

from katalogi.base.errors import BuildFailed
from katalogi.build import pipeline
from katalogi.build.pipeline import check_project
from katalogi.content import emissions
from katalogi.devserver.live import LiveBuild
from katalogi.inputs.sources import Project
from katalogi.outputs import opendata_schemas

TABLE = textwrap.dedent("""\
    id: kertoimet
    name: Kertoimet
    source: Testilähde
    year: 2024
    version: "1.0"
    example: true
    factors:
      - cpv: "60"
        factor: 0.45
        label: Kuljetus
      - cpv: "6013"
        factor: 0.38
      - cpv: "15"
        factor: 1.6
    """)


def action(identifier: str, calculation: str, extra: str = "") -> str:
    return (f'id: "{identifier}"\nname: Toimenpide {identifier}\ndescription: Kuvaus.\nstatus: on_time\n'
            f"{extra}emission_calculation:\n" + textwrap.indent(calculation, "  "))


CALCULATED = {
    "content/emission_factors/kertoimet.yaml": TABLE,
    "content/actions/3.yaml": action("3", "factors: kertoimet\nreduction: 2\nreduction_low: 1.5\nreduction_high: 3\n",
                                     'cpv_codes: ["60130000-8"]\nprocurement_volume: 1234567\n'),
    "content/actions/4.yaml": action("4", "factors: kertoimet\nspend: 800000\nreduction: 12.5\n",
                                     'cpv_codes: ["15110000-2", "60000000-8"]\nprocurement_volume: 5\n'),
    "content/actions/5.yaml": 'id: "5"\nname: Kirjoitettu\ndescription: K.\nstatus: on_time\n'
                              "emission_reduction:\n  value: 10.5\n  basis: arvio\n",
}


def expected_reduction(spend, factor, share) -> Decimal:
    """The formula of docs/content.md, to a tenth of a tonne, halves up."""
    value = Decimal(str(spend)) * Decimal(str(factor)) * Decimal(str(share)) / Decimal(100_000)
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


def problems(root) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        check_project(Project(root))
    return [str(error) for error in failure.value.errors]


def built(root: Path) -> Path:
    out = root / "output"
    pipeline.build(Project(root), out, jobs=1, search=False)
    return out


def text_of(path: Path) -> str:
    """A page's text as a reader reads it: tags out, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split()).replace(
        "CO 2 e", "CO2e")


def test_the_longest_listed_prefix_picks_the_factor():
    assert emissions.longest_prefix(["60", "6013", "601"], "60130000-8") == "6013"
    assert emissions.longest_prefix(["60", "6013"], "60100000-9") == "60"
    assert emissions.longest_prefix(["15"], "60100000-9") is None


def test_a_calculated_reduction_is_spend_times_factor_times_share_with_every_input_on_the_page(project):
    out = built(project(CALCULATED))
    # 3: procurement_volume, first code 60130000-8 -> prefix 6013 (0.38), not 60
    three = expected_reduction(1234567, "0.38", 2)
    assert three == Decimal("9.4")
    page = text_of(out / "toimenpiteet/3/index.html")
    assert "Laskettu päästövähennys 9,4 t CO2e vuodessa (vaihteluväli 7–14,1 t)" in page
    assert "1 234 567 € vuodessa (toimenpiteen hankintojen arvo)" in page
    assert ("0,38 kg CO2e/€: CPV-koodin 60130000-8 (Matkustajien erikoismaantiekuljetukset) pisin taulukossa oleva "
            "alku on 6013") in page
    assert "1 234 567 € × 0,38 kg/€ ÷ 1 000 = 469,1 t CO2e vuodessa" in page
    assert "469,1 t × 2 % = 9,4 t" in page
    assert "versio 1.0, vuosi 2024. Lähde: Testilähde" in page and "Esimerkkiluvut, eivät todellisia kertoimia." in page
    # 4: its own spend wins over procurement_volume; the first code (meat, 15...) picks 15
    four = expected_reduction(800000, "1.6", "12.5")
    page = text_of(out / "toimenpiteet/4/index.html")
    assert four == Decimal("160")
    assert "Laskettu päästövähennys 160 t CO2e vuodessa" in page and "1 280 t × 12,5 % = 160 t" in page
    assert "800 000 € vuodessa (laskelmaan kirjoitettu)" in page
    record = json.loads((out / "data/actions/3.json").read_text(encoding="utf-8"))["action"]["emission_reduction"]
    assert record["value"] == float(three)
    assert record["calculated"] | {} == {
        "formula": "spend_eur * factor_kg_co2e_per_eur / 1000 * reduction_percent / 100",
        "factor_table": "kertoimet", "factor_table_version": "1.0", "cpv_code": "60130000-8", "cpv_prefix": "6013",
        "factor_kg_co2e_per_eur": 0.38, "spend_eur": 1234567, "spend_from": "procurement_volume",
        "reduction_percent": 2, "reduction_low_percent": 1.5, "reduction_high_percent": 3,
        "emissions_t_co2e": 469.1, "low": 7, "high": 14.1}


def test_the_dashboard_says_which_totals_are_calculated_and_which_typed(project):
    out = built(project(CALCULATED))
    calculated = expected_reduction(1234567, "0.38", 2) + expected_reduction(800000, "1.6", "12.5")
    typed = Decimal("10.5")
    page = text_of(out / "tilannekatsaus/index.html")
    assert "Arvioitu päästövähennys yhteensä " + str(calculated + typed).replace(".", ",") in page
    assert (f"Päästövähennyksistä {str(calculated).replace('.', ',')} t CO2e vuodessa on laskettu "
            f"päästökertoimista (toimenpiteitä 2) ja {str(typed).replace('.', ',')} t CO2e vuodessa on "
            "käsin kirjoitettuja arvioita (toimenpiteitä 1)") in page


def test_the_factor_tables_are_open_data_valid_against_their_schema(project):
    out = built(project(CALCULATED))
    data = json.loads((out / "data/emission_factors.json").read_text(encoding="utf-8"))
    schema = json.loads((out / "data/schema/emission_factors.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["emission_factors"] == [{
        "id": "kertoimet", "url": "/paastokertoimet/kertoimet/", "name": {"fi": "Kertoimet"}, "description": None,
        "source": {"fi": "Testilähde"}, "source_url": None, "year": 2024, "version": "1.0", "example": True,
        "unit": "kg CO2e/EUR",
        "factors": [{"cpv_prefix": "15", "factor": 1.6, "label": None},
                    {"cpv_prefix": "60", "factor": 0.45, "label": {"fi": "Kuljetus"}},
                    {"cpv_prefix": "6013", "factor": 0.38, "label": None}],
        "actions": ["3", "4"]}]
    assert "emission_factors" in opendata_schemas.SCHEMAS
    page = text_of(out / "paastokertoimet/kertoimet/index.html")
    assert "pisintä taulukossa olevaa koodin alkua" in page


ERRORS = {
    "no spend": ({"content/actions/3.yaml": action("3", "factors: kertoimet\nreduction: 2\n",
                                                    'cpv_codes: ["60000000-8"]\n')},
                 ["content/actions/3.yaml:6: emission_calculation: no yearly spend to calculate from: write "
                  "emission_calculation.spend or procurement_volume"]),
    "no code": ({"content/actions/3.yaml": action("3", "factors: kertoimet\nspend: 5\nreduction: 2\n")},
                ["content/actions/3.yaml:5: emission_calculation: no CPV code to pick the emission factor with: write "
                 "the action's cpv_codes"]),
    "no factor": ({"content/actions/3.yaml": action("3", "factors: kertoimet\nspend: 5\nreduction: 2\n",
                                                     'cpv_codes: ["45000000-7"]\n')},
                  ["content/actions/3.yaml:7: emission_calculation.factors: the emission factor table 'kertoimet' has "
                   "no factor for the CPV code 45000000-7 (no prefix of it is listed)"]),
    "unknown table": ({"content/actions/3.yaml": action("3", "factors: muut\nspend: 5\nreduction: 2\n",
                                                         'cpv_codes: ["60000000-8"]\n')},
                      ["content/actions/3.yaml:7: emission_calculation.factors: unknown emission factor table 'muut' "
                       "(expected one of: kertoimet)"]),
    "over 100": ({"content/actions/3.yaml": action("3", "factors: kertoimet\nspend: 5\nreduction: 120\n",
                                                    'cpv_codes: ["60000000-8"]\n')},
                 ["content/actions/3.yaml:9: emission_calculation.reduction: a reduction is a percentage, at most "
                  "100, got 120"]),
    "half a range": ({"content/actions/3.yaml": action("3", "factors: kertoimet\nspend: 5\nreduction: 2\n"
                                                            "reduction_low: 1\n", 'cpv_codes: ["60000000-8"]\n')},
                     ["content/actions/3.yaml:10: emission_calculation.reduction_low: a range needs both reduction_low "
                      "and reduction_high"]),
    "range outside": ({"content/actions/3.yaml": action("3", "factors: kertoimet\nspend: 5\nreduction: 2\n"
                                                             "reduction_low: 3\nreduction_high: 4\n",
                                                        'cpv_codes: ["60000000-8"]\n')},
                      ["content/actions/3.yaml:10: emission_calculation.reduction_low: the range must hold the "
                       "estimate: reduction_low (3) <= reduction (2) <= reduction_high (4)"]),
    "prefix twice": ({"content/emission_factors/kertoimet.yaml": TABLE + '  - cpv: "60"\n    factor: 1\n'},
                     ["content/emission_factors/kertoimet.yaml:15: factors[3].cpv: the CPV prefix 60 already has a "
                      "factor in factors[0]"]),
    "bad prefix": ({"content/emission_factors/kertoimet.yaml": TABLE.replace('"6013"', '"6013-1"')},
                   ["content/emission_factors/kertoimet.yaml:11: factors[1].cpv: expected the start of a CPV code, 2 "
                    "to 8 digits such as 60 or 09134200, got '6013-1'"]),
    "no records to sum": ({"content/actions/3.yaml": action("3", "factors: kertoimet\nspend_from_procurements: true\n"
                                                                 "reduction: 2\n", 'cpv_codes: ["60000000-8"]\n')},
                          ["content/actions/3.yaml:8: emission_calculation.spend_from_procurements: no procurement "
                           "record with a value names this action in its actions, so there is no spend to sum"]),
}


@pytest.mark.parametrize("files, expected", ERRORS.values(), ids=ERRORS.keys())
def test_each_calculation_problem_has_its_exact_message(project, files, expected):
    assert problems(project({"content/emission_factors/kertoimet.yaml": TABLE, **files})) == expected


def test_a_typed_figure_beside_a_calculation_is_a_warning_and_not_shown(project):
    root = project({**CALCULATED, "content/actions/3.yaml": CALCULATED["content/actions/3.yaml"]
                    + "emission_reduction:\n  value: 999\n  basis: vanha\n"})
    warnings = [str(warning) for warning in check_project(Project(root)).warnings]
    assert ("content/actions/3.yaml:12: warning: emission_reduction: the emission reduction is also calculated "
            "(emission_calculation), so this typed figure is not shown") in warnings
    page = text_of(built(root) / "toimenpiteet/3/index.html")
    assert "999" not in page and "Laskettu päästövähennys 9,4 t" in page


def changed_table(root: Path) -> Path:
    """The sample's table with its transport factor doubled (and a new version), as a new release would be."""
    file = root / "content/emission_factors/esimerkki-2024.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("factor: 0.45", "factor: 0.9")
                    .replace('version: "0.1-esimerkki"', 'version: "0.2-esimerkki"'), encoding="utf-8")
    return file


@pytest.fixture
def sample(tmp_path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for name in ("content", "theme", "schemas"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "site_config.yaml", root)
    return root


def test_a_changed_factor_table_changes_every_figure_using_it_in_the_next_build(sample, tmp_path):
    """Built with the cache, then the table changes: the pages showing its figures are rendered again, and the
    site is byte for byte a clean build's."""
    out, cache = tmp_path / "output", sample / ".katalogi-cache"
    project = Project(sample)
    pipeline.build(project, out, cache_folder=cache, search=False)
    assert "17 100 t × 2 % = 342 t" in text_of(out / "toimenpiteet/104/index.html")
    changed_table(sample)
    pipeline.build(project, out, cache_folder=cache, search=False)
    action = text_of(out / "toimenpiteet/104/index.html")
    assert "38 000 000 € × 0,9 kg/€ ÷ 1 000 = 34 200 t" in action and "34 200 t × 2 % = 684 t" in action
    assert "versio 0.2-esimerkki" in action
    assert "version 0.2-esimerkki, year 2024" in text_of(out / "en/toimenpiteet/104/index.html")
    record = json.loads((out / "data/actions/104.json").read_text(encoding="utf-8"))["action"]
    assert record["emission_reduction"]["value"] == 684
    assert "684" in text_of(out / "paastokertoimet/esimerkki-2024/index.html")
    reference = tmp_path / "reference"
    pipeline.build(project, reference, jobs=1, search=False)
    files = sorted(path.relative_to(reference) for path in reference.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(out) for path in out.rglob("*") if path.is_file())
    assert [path for path in files if (out / path).read_bytes() != (reference / path).read_bytes()] == []


def test_the_pages_using_a_table_depend_on_it_and_are_re_rendered_by_the_dev_server(sample, tmp_path):
    live = LiveBuild(Project(sample), tmp_path / "output", search=False)
    live.build_all()
    pages = {page.path: page for page in live.engine.current.pages}
    table = ("factor_table", "esimerkki-2024")
    users = {"103", "104", "109"}
    assert all(table in pages[f"toimenpiteet/{identifier}/index.html"].depends for identifier in users)
    assert table not in pages["toimenpiteet/101/index.html"].depends, "a typed figure uses no table"
    assert table in pages["data/actions/104.json"].depends
    assert ("factor_table", "*") in pages["data/emission_factors.json"].depends
    plan = live.engine.update({changed_table(sample)}).plan
    rendered = {page.path for page in plan.pages}
    assert {f"{prefix}toimenpiteet/{identifier}/index.html" for identifier in users
            for prefix in ("", "sv/", "en/")} <= rendered
    assert {"tilannekatsaus/index.html", "data/emission_factors.json", "data/actions/104.json",
            "paastokertoimet/esimerkki-2024/index.html"} <= rendered
    assert "toimenpiteet/101/index.html" not in rendered


RECORDS = textwrap.dedent("""\
    procurements:
      - {id: r-2023, name: Vanha, organisation: ympa, date: 2023-05-01, value: 900000, actions: ["3"]}
      - {id: r-2024-a, name: Uusi A, organisation: ympa, date: 2024-02-01, value: 300000, actions: ["3"]}
      - {id: r-2024-b, name: Uusi B, organisation: ympa, date: 2024-09-01, value: "200000,5", actions: ["3", "4"]}
      - {id: r-2024-c, name: Ei arvoa, organisation: ympa, date: 2024-10-01, actions: ["3"]}
    """)


def test_the_spend_can_be_summed_from_the_actions_procurement_records_of_their_latest_year(project):
    files = {**CALCULATED, "content/procurements/2024.yaml": RECORDS,
             "content/actions/3.yaml": action("3", "factors: kertoimet\nspend_from_procurements: true\nreduction: 2\n",
                                              'cpv_codes: ["60130000-8"]\nprocurement_volume: 1234567\n')}
    out = built(project(files))
    spend = Decimal("300000") + Decimal("200000.5")  # 2024, the latest year with values; 2023 and no-value left out
    expected = expected_reduction(spend, "0.38", 2)
    page = text_of(out / "toimenpiteet/3/index.html")
    assert "500 000 € vuodessa (toimenpiteen hankintojen summa)" in page  # euros shown whole
    assert f"Laskettu päästövähennys {str(expected).replace('.', ',')} t CO2e vuodessa" in page
    record = json.loads((out / "data/actions/3.json").read_text(encoding="utf-8"))["action"]["emission_reduction"]
    assert (record["calculated"]["spend_from"], record["calculated"]["spend_eur"], record["value"]) == (
        "procurements", 500000.5, float(expected))
    # 4 names a record too, but writes its own spend: the records are not used
    four = json.loads((out / "data/actions/4.json").read_text(encoding="utf-8"))["action"]["emission_reduction"]
    assert four["calculated"]["spend_eur"] == 800000
