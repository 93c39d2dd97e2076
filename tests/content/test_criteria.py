"""Criteria sets: the content type, its problems, its pages, and how a category's page lists them."""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from tools import ROOT

from katalogi.base.errors import BuildFailed
from katalogi.build import pipeline
from katalogi.build.pipeline import check_project
from katalogi.inputs.sources import Project

CRITERIA = textwrap.dedent("""\
    id: minimi
    name: Kuljetusten minimikriteerit
    level: joint-minimum
    category: hankinnat
    cpv_prefixes: ["6010", "6013"]
    text: |
      - Ajoneuvot ovat vähintään **Euro 6** -luokkaa.
    source: Kolme kaupunkia
    source_url: https://example.org/kriteerit
    valid_from: 2019-04-01
    valid_until: 2024-12-31
    adopted_by: [ympa, kaupunki]
    """)


def problems(root) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        check_project(Project(root))
    return [str(error) for error in failure.value.errors]


def text_of(path: Path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())


def test_a_criteria_set_has_its_page_and_is_listed_on_its_category_and_the_list(project):
    root = project({"content/criteria/minimi.yaml": CRITERIA})
    out = root / "output"
    pipeline.build(Project(root), out, jobs=1, search=False)
    page = text_of(out / "kriteerit/minimi/index.html")
    for shown in ("Kuljetusten minimikriteerit", "Taso Useiden kaupunkien yhteinen vähimmäistaso",
                  "Hankintakategoria Hankinnat", "CPV-koodien alut 6010 Tieliikennepalvelut 6013 "
                  "Matkustajien erikoismaantiekuljetukset",
                  "Voimassaolo voimassa 01.04.2019 – 31.12.2024", "Lähde Kolme kaupunkia",
                  "Käyttöön ottaneet Ympäristöpalvelut (Ympa) Kaupunki", "Ajoneuvot ovat vähintään Euro 6 -luokkaa."):
        assert shown in page, shown
    raw = (out / "kriteerit/minimi/index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/kriteerit">Kolme kaupunkia</a>' in raw
    assert "<strong>Euro 6</strong>" in raw, "the text is Markdown"
    category = text_of(out / "kategoriat/hankinnat/index.html")
    assert "Hankintakriteerit Kuljetusten minimikriteerit Useiden kaupunkien yhteinen vähimmäistaso" in category
    listing = text_of(out / "kriteerit/index.html")
    assert ("Kuljetusten minimikriteerit Useiden kaupunkien yhteinen vähimmäistaso ; kategoria Hankinnat ; voimassa "
            "01.04.2019 – 31.12.2024") in listing


def test_a_category_without_criteria_sets_shows_no_heading_for_them(project):
    root = project({})
    out = root / "output"
    pipeline.build(Project(root), out, jobs=1, search=False)
    assert "Hankintakriteerit" not in text_of(out / "kategoriat/hankinnat/index.html")
    assert "Kriteeristöjä ei ole vielä." in text_of(out / "kriteerit/index.html")


ERRORS = {
    "validity reversed": (CRITERIA.replace("valid_until: 2024-12-31", "valid_until: 2018-12-31"),
                          ["content/criteria/minimi.yaml:11: valid_until: valid until 2018-12-31, before it is valid "
                           "from 2019-04-01"]),
    "unknown level": (CRITERIA.replace("level: joint-minimum", "level: yhteinen minimi"),
                      ["content/criteria/minimi.yaml:3: level: 'yhteinen minimi' is not allowed: write joint-minimum "
                       "(yhteinen minimi)"]),
    "unknown organisation": (CRITERIA.replace("[ympa, kaupunki]", "[ympa, hsy]"),
                             ["content/criteria/minimi.yaml:12: adopted_by[1]: unknown organisation 'hsy' (expected "
                              "one of: kaupunki, ympa)"]),
    "unknown category": (CRITERIA.replace("category: hankinnat", "category: liikenne"),
                         ["content/criteria/minimi.yaml:4: category: unknown category 'liikenne' (expected one of: "
                          "hankinnat)"]),
    "bad prefix": (CRITERIA.replace('"6013"', '"6"'),
                   ["content/criteria/minimi.yaml:5: cpv_prefixes[1]: expected the start of a CPV code, 2 to 8 digits "
                    "such as 60 or 09134200, got '6'"]),
    "no text": (CRITERIA.replace("text: |\n  - Ajoneuvot ovat vähintään **Euro 6** -luokkaa.\n", ""),
                ["content/criteria/minimi.yaml:1: text: required field is missing"]),
}


@pytest.mark.parametrize("text, expected", ERRORS.values(), ids=ERRORS.keys())
def test_each_criteria_problem_has_its_exact_message(project, text, expected):
    assert problems(project({"content/criteria/minimi.yaml": text})) == expected


def test_the_sample_has_three_criteria_sets_one_of_them_the_joint_capital_region_minimum_of_action_111():
    sets = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in (ROOT / "content/criteria").glob("*.yaml")}
    assert len(sets) == 3
    levels = {data["level"] for data in sets.values()}
    assert {"joint-minimum", "eu-gpp-core", "city-minimum"} <= levels
    joint = sets["pks-kevyet-kuljetukset"]
    assert joint["level"] == "joint-minimum" and "111" in joint["text"]
    action = yaml.safe_load((ROOT / "content/actions/111.yaml").read_text(encoding="utf-8"))
    assert "kevyille tavara- ja henkilökuljetuspalveluhankinnoille" in action["tasks"][1]["name"]
    assert {"helsinki", "espoo", "vantaa", "hsy"} <= set(joint["adopted_by"])
