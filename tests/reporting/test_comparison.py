"""A comparison site: its members read with the same engine as their own builds and compared under one definition;
every figure checked against a count made straight from each member's files; a member that does not pass its
checks listed with its problems and left out (or stopping the build with --strict-members); an unchanged member
not read again; members from git repositories at tags; the figures as open data."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from network_fixture import (
    commit_all,
    comparison_site,
    counted_figures,
    counted_indicator,
    member,
    shared_entry,
    shared_folder,
)
from rounds_fixture import git

from katalogi.base.errors import BuildFailed
from katalogi.build import pipeline
from katalogi.cli import cli
from katalogi.inputs.sources import Project
from katalogi.reporting import members as members_module

GREEN = ("eu", "national")
MEMBERS = "members:\n  - id: a\n    folder: ../a\n  - id: b\n    folder: ../b\n"
BROKEN = {"content/actions/9.yaml": 'id: "9"\nname: Rikki\ndescription: Kuvaus.\nstatus: valmis\n'}


def text_of(path: Path) -> str:
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())
    return re.sub(r" ([,):]|\.(?=\s|$))", r"\1", words)


def network(tmp_path: Path, members: str = MEMBERS, broken: bool = False) -> Path:
    """Two members (and `c`, which does not pass its checks, when `broken`) and the comparison site, all using the
    shared folder."""
    shared_folder(tmp_path / "shared")
    member(tmp_path / "a", "a", shared_entry("folder: ../shared"))
    member(tmp_path / "b", "b", shared_entry("folder: ../shared", adopted="2019-09-15"))
    if broken:
        member(tmp_path / "c", "b", shared_entry("folder: ../shared"), files=BROKEN, title="Jäsen C")
        members += "  - id: c\n    folder: ../c\n"
    return comparison_site(tmp_path / "network", members, shared_entry("folder: ../shared", adopted=""))


def built(root: Path, **options) -> dict:
    out = root / "output"
    pipeline.build(Project(root, **options), out, jobs=1, search=False)
    return json.loads((out / "data/comparison.json").read_text(encoding="utf-8"))


def rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def test_each_compared_figure_is_what_the_members_files_count(tmp_path):
    root = network(tmp_path)
    data = built(root, history=False)
    assert data["definition"]["green_criteria"] == list(GREEN)
    assert [entry["id"] for entry in data["members"]] == ["a", "b"]
    for entry in data["members"]:
        folder = tmp_path / entry["id"]
        counted = counted_figures(folder, GREEN)
        assert entry["included"] and entry["problems"] == []
        assert entry["actions"] == counted["actions"]
        assert {status["id"]: status["actions"] for status in entry["statuses"] if status["actions"]} == \
            counted["statuses"]
        assert entry["planned_procurements"] == counted["planned"]
        assert {year["year"]: {key: value for key, value in year.items() if key != "year"}
                for year in entry["procurements"]} == counted["years"]
        indicators = {indicator["id"]: {value["year"]: value["value"] for value in indicator["values"]}
                      for indicator in entry["indicators"]}
        assert indicators == {
            "kuljetukset-euroina": counted_indicator(counted["records"], "green_share_by_value", "60", GREEN),
            "vihrea-osuus": counted_indicator(counted["records"], "green_share_by_count", "", GREEN)}
    adoptions = {entry["id"]: [(adoption["criteria_set"], adoption["since"], adoption["organisations"])
                               for adoption in entry["adoptions"]] for entry in data["members"]}
    assert adoptions == {"a": [("yhteiset-kuljetukset", "2019-06-01", 1)],
                         "b": [("yhteiset-kuljetukset", "2019-09-15", 1)]}


def test_the_figures_are_on_the_pages_with_the_one_definition(tmp_path):
    root = network(tmp_path)
    built(root, history=False)
    out = root / "output"
    members = text_of(out / "vertailu/index.html")
    assert "Vihreä hankinta: käytetty ympäristökriteerejä" in members
    counted = counted_figures(tmp_path / "a", GREEN)
    share = str(counted["years"][2019]["green_share_by_value"]).replace(".", ",")
    assert re.search(r"Jäsen A kansio \.\./a 3 " + r".*? " + share + " %", members), members
    procurements = text_of(out / "vertailu/hankinnat/index.html")
    assert "Jäsen B" in procurements and "100 000" in procurements
    indicator = text_of(out / "vertailu/mittarit/vihrea-osuus/index.html")
    assert "Vihreiden hankintojen osuus: vertailu" in indicator
    criteria = text_of(out / "vertailu/kriteerit/index.html")
    assert "Yhteiset kuljetusten minimikriteerit 01.06.2019 15.09.2019" in criteria
    statuses = text_of(out / "vertailu/tilat/index.html")
    assert "Jäsen A" in statuses and "Jäsen B" in statuses
    assert '<a href="https://a.example.org/">Jäsen A</a>' in (out / "vertailu/index.html").read_text(encoding="utf-8")


def test_the_compared_figures_are_open_data_in_json_and_csv(tmp_path):
    root = network(tmp_path)
    data = built(root, history=False)
    out = root / "output/data"
    by_member = {entry["id"]: entry for entry in data["members"]}
    procurements = rows(out / "comparison-procurements.csv")
    assert procurements[0][:4] == ["jäsen", "commit", "vuosi", "hankintoja"]
    assert [(row[0], int(row[2]), int(row[3]), float(row[4].replace(",", "."))) for row in procurements[1:]] == [
        (identifier, year["year"], year["procurements"], year["value_eur"])
        for identifier, entry in by_member.items() for year in entry["procurements"]]
    indicators = rows(out / "comparison-indicators.csv")
    assert sorted((row[0], row[1], int(row[3]), float(row[4].replace(",", "."))) for row in indicators[1:]) == sorted(
        (indicator["id"], identifier, value["year"], value["value"]) for identifier, entry in by_member.items()
        for indicator in entry["indicators"] for value in indicator["values"])
    statuses = rows(out / "comparison-statuses.csv")
    assert sorted((row[0], row[2], int(row[5])) for row in statuses[1:]) == sorted(
        (identifier, status["id"], status["actions"]) for identifier, entry in by_member.items()
        for status in entry["statuses"])
    adoptions = rows(out / "comparison-adoptions.csv")
    assert [(row[0], row[2], row[4]) for row in adoptions[1:]] == [
        ("yhteiset-kuljetukset", "a", "2019-06-01"), ("yhteiset-kuljetukset", "b", "2019-09-15")]
    assert '<a href="/data/comparison.json" type="application/json">' in (
        root / "output/vertailu/index.html").read_text(encoding="utf-8")


def test_a_member_that_does_not_pass_its_checks_is_listed_and_left_out(tmp_path):
    root = network(tmp_path, broken=True)
    out = root / "output"
    result = pipeline.build(Project(root, history=False), out, jobs=1, search=False)
    data = json.loads((out / "data/comparison.json").read_text(encoding="utf-8"))
    broken = data["members"][2]
    assert broken["id"] == "c" and broken["included"] is False and "actions" not in broken
    problem = "c:content/actions/9.yaml:4: status: unknown status 'valmis': write done (valmis)"
    assert broken["problems"] == ["c:content/actions/9.yaml:4: status: tuntematon tila 'valmis': kirjoita done "
                                  "(valmis)"], "in the site's language"
    assert [str(note.render("en")) for note in result.notes] == [
        f"members: c left out of the figures: 1 problem; the first: {problem}"]
    assert all(row[0] != "c" for row in rows(out / "data/comparison-procurements.csv")[1:])
    page = text_of(out / "vertailu/index.html")
    assert "Jäsen C kansio ../c Jätetty pois luvuista" in page
    assert "Luvuista pois jätetyt jäsenet" in page
    assert "c:content/actions/9.yaml:4: status:" in page
    assert "Jäsen C" not in text_of(out / "vertailu/hankinnat/index.html").split("Luvuista pois jätetyt")[0]


def test_strict_members_stops_the_build_with_the_members_problems(tmp_path):
    root = network(tmp_path, broken=True)
    with pytest.raises(BuildFailed) as failure:
        pipeline.build(Project(root, history=False, strict_members=True), root / "output", jobs=1, search=False)
    assert [str(error) for error in failure.value.errors] == [
        "c:content/actions/9.yaml:4: status: unknown status 'valmis': write done (valmis)",
        f"site_config.yaml:{member_line(root, 'c')}: members: the member c does not pass its checks: 1 problem, "
        "each listed with the member before its path"]
    assert not (root / "output").exists()
    result = CliRunner().invoke(cli, ["build", "-C", str(root), "--no-search", "--no-history", "--strict-members",
                                      "--lang", "en"])
    assert result.exit_code == 1
    assert "c:content/actions/9.yaml:4: status: unknown status 'valmis': write done (valmis)" in result.output
    result = CliRunner().invoke(cli, ["build", "-C", str(root), "--no-search", "--no-history", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "members: c left out of the figures: 1 problem" in result.output
    result = CliRunner().invoke(cli, ["check", "-C", str(root), "--no-history", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert ("members: c left out of the figures: 1 problem; the first: c:content/actions/9.yaml:4: status: unknown "
            "status 'valmis': write done (valmis)") in result.output


def test_an_unchanged_member_is_not_read_again(tmp_path, monkeypatch):
    root = network(tmp_path)
    read = []
    original = members_module.read_member

    def counting(located, *args, **kwargs):
        read.append(located.member.id)
        return original(located, *args, **kwargs)

    monkeypatch.setattr(members_module, "read_member", counting)
    cache = root / ".katalogi-cache"

    def build() -> dict:
        pipeline.build(Project(root, history=False), root / "output", jobs=1, cache_folder=cache, search=False)
        return json.loads((root / "output/data/comparison.json").read_text(encoding="utf-8"))

    build()
    assert read == ["a", "b"]
    (root / "content/actions/1.yaml").write_text('id: "1"\nname: Yksi muutettu\ndescription: Kuvaus.\n'
                                                 'status: on_time\n', encoding="utf-8")
    build()
    assert read == ["a", "b"], "the comparison site's own change reads no member"
    (tmp_path / "b/content/actions/4.yaml").write_text('id: "4"\nname: Uusi\ndescription: Kuvaus.\nstatus: done\n',
                                                       encoding="utf-8")
    data = build()
    assert read == ["a", "b", "b"], "only the changed member is read"
    assert [entry["actions"] for entry in data["members"]] == [3, 2]


def member_repository(tmp_path: Path) -> dict[str, str]:
    """Member a in git: tagged 2019-h1 with its three actions, then a fourth action committed after the tag."""
    root = tmp_path / "a"
    git(root, "init", "-q", "-b", "main")
    tagged = commit_all(root, "Kevät", "2019-06-28T12:00:00+03:00", tag="2019-h1")
    (root / "content/actions/4.yaml").write_text('id: "4"\nname: Syksyn uusi\ndescription: Kuvaus.\nstatus: done\n',
                                                 encoding="utf-8")
    later = commit_all(root, "Syksy", "2019-10-18T12:00:00+03:00")
    return {"tag": tagged, "main": later}


def test_members_from_local_git_repositories_at_tags_and_branches(tmp_path):
    members = ("members:\n  - id: a\n    repository: ../a\n    version: 2019-h1\n"
               "  - id: a-now\n    repository: ../a\n    version: main\n  - id: b\n    folder: ../b\n")
    shared_folder(tmp_path / "shared")
    member(tmp_path / "a", "a", shared_entry("folder: ../shared"))
    commits = member_repository(tmp_path)
    (tmp_path / "a/content/actions/5.yaml").write_text('id: "5"\nname: Ei tallennettu\ndescription: K.\n'
                                                       'status: done\n', encoding="utf-8")
    member(tmp_path / "b", "b", shared_entry("folder: ../shared"))
    root = comparison_site(tmp_path / "network", members, shared_entry("folder: ../shared", adopted=""))
    data = built(root, history=False)
    by_member = {entry["id"]: entry for entry in data["members"]}
    assert (by_member["a"]["commit"], by_member["a"]["actions"]) == (commits["tag"], 3)
    assert (by_member["a-now"]["commit"], by_member["a-now"]["actions"]) == (commits["main"], 4)
    assert by_member["a"]["read_from"] == "../a @ 2019-h1"
    page = text_of(root / "output/vertailu/index.html")
    assert f"../a @ 2019-h1, commit {commits['tag'][:12]}" in page
    assert all(row[1] == commits["tag"] for row in rows(root / "output/data/comparison-procurements.csv")[1:]
               if row[0] == "a")


@pytest.mark.parametrize(("members", "expected"), [  # in comparison.json, in the site's language
    ("members:\n  - id: x\n    folder: ../nowhere\n", "site_config.yaml:1: members: kansiota ../nowhere ei ole"),
    ("members:\n  - id: x\n    folder: ../shared\n", "site_config.yaml:1: members: ../shared ei ole katalogi: siinä "
                                                       "ei ole site_config.yaml-tiedostoa"),
    ("members:\n  - id: x\n    repository: ../b\n    version: main\n",
     "site_config.yaml:1: members: git ei pysty lukemaan repositoriota ../b: fatal: not a git repository (or any of "
     "the parent directories): .git"),
])
def test_a_member_that_cannot_be_read_is_listed_with_why(tmp_path, members, expected):
    root = network(tmp_path, MEMBERS + members.removeprefix("members:\n"))
    data = built(root, history=False)
    left_out = data["members"][2]
    assert left_out["included"] is False
    assert [problem.replace(f":{member_line(root)}:", ":1:") for problem in left_out["problems"]] == [expected]


def member_line(root: Path, identifier: str = "x") -> int:
    lines = (root / "site_config.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line == f"  - id: {identifier}")


def test_a_member_from_a_repository_needs_its_version(tmp_path):
    root = network(tmp_path, MEMBERS + "  - id: x\n    repository: ../b\n")
    with pytest.raises(BuildFailed) as failure:
        pipeline.check_project(Project(root, history=False))
    assert [str(error) for error in failure.value.errors] == [
        f"site_config.yaml:{member_line(root)}: members[2].version: a member read from a repository needs its "
        "version: a tag, a branch or a commit"]
