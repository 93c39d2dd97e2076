"""Shared definitions kept once: a criteria set, factor table or computed indicator read from a folder or a git
repository pinned at a version, used like the catalogue's own, marked with its source and version on its pages,
and never silently shadowed; every problem of a source at its line."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from network_fixture import commit_all, member, shared_entry, shared_folder, shared_repository
from rounds_fixture import git

from katalogi.base.errors import BuildFailed
from katalogi.build import pipeline
from katalogi.build.pipeline import check_project
from katalogi.inputs.sources import Project


def text_of(path: Path) -> str:
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())
    return re.sub(r" ([,):]|\.(?=\s|$))", r"\1", words)


def problems(root: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        check_project(Project(root, history=False))
    return [str(error) for error in failure.value.errors]


def test_a_shared_criteria_set_used_by_two_catalogues_shows_its_source_and_version(tmp_path):
    commits = shared_repository(tmp_path / "shared")
    first = member(tmp_path / "a", "a", shared_entry("repository: ../shared\nversion: v1.0"))
    second = member(tmp_path / "b", "b", shared_entry("repository: ../shared\nversion: v2.0"))
    for root, version, rule in ((first, "v1.0", "Euro 6 -luokkaa"), (second, "v2.0", "Euro 6d -luokkaa")):
        out = root / "output"
        pipeline.build(Project(root, history=False), out, jobs=1, search=False)
        page = text_of(out / "kriteerit/yhteiset-kuljetukset/index.html")
        assert rule in page
        assert (f"Lähde: Verkoston määritelmät, versio {version} (commit {commits[version][:12]})." in page), page
        listed = text_of(out / "kriteerit/index.html")
        assert "Yhteiset kuljetusten minimikriteerit" in listed
        assert f"(yhteinen määritelmä: Verkoston määritelmät, versio {version})" in listed
        assert "Käyttöön ottaneet Ympäristöpalvelut (Ympa)" in page, "the catalogue's own adoption"
        source = text_of(out / "yhteiset/verkosto/index.html")
        assert commits[version] in source or commits[version][:12] in source
        assert "Yhteiset kuljetusten minimikriteerit" in source
        indicator = text_of(out / "mittarit/vihrea-osuus/index.html")
        assert f"versio {version}" in indicator, "a shared indicator is marked as well"
    assert not (first / "output/mittarit/kuljetukset-euroina").exists(), "v1.0 had no such indicator"
    assert (second / "output/mittarit/kuljetukset-euroina/index.html").is_file()


def test_a_shared_folder_is_read_as_it_is_and_marked_as_a_folder(tmp_path):
    shared_folder(tmp_path / "shared")
    root = member(tmp_path / "a", "a", shared_entry("folder: ../shared"))
    out = root / "output"
    pipeline.build(Project(root, history=False), out, jobs=1, search=False)
    page = text_of(out / "kriteerit/yhteiset-kuljetukset/index.html")
    assert "Lähde: Verkoston määritelmät (kansio ../shared)." in page


def test_a_local_item_with_a_shared_items_identifier_is_an_error_naming_both(tmp_path):
    shared_repository(tmp_path / "shared")
    root = member(tmp_path / "a", "a", shared_entry("repository: ../shared\nversion: v1.0"), files={
        "content/criteria/oma.yaml": "id: yhteiset-kuljetukset\nname: Oma\nlevel: city-minimum\ntext: Oma.\n",
        "content/indicators/vihrea-osuus.yaml": "id: vihrea-osuus\nname: Oma osuus\nunit: '%'\n"})
    assert problems(root) == [
        "content/criteria/oma.yaml:1: id: the criteria set 'yhteiset-kuljetukset' is also in the shared source "
        "verkosto (verkosto@v1.0:content/criteria/yhteiset-kuljetukset.yaml:1); a catalogue cannot redefine a shared "
        "item",
        "content/indicators/vihrea-osuus.yaml:1: id: the indicator 'vihrea-osuus' is also in the shared source "
        "verkosto (verkosto@v1.0:content/indicators/vihrea-osuus.yaml:1); a catalogue cannot redefine a shared item"]


@pytest.mark.parametrize(("where", "expected"), [
    ("repository: ../shared", "site_config.yaml:17: shared[0].version: a shared source read from a repository needs "
                              "its version: the tag or commit to read it at"),
    ("folder: ../shared\nrepository: ../shared\nversion: v1.0",
     "site_config.yaml:17: shared[0]: write either folder or repository: where the shared source is"),
    ("repository: ../nowhere\nversion: v1.0", "site_config.yaml:17: shared: the folder ../nowhere does not exist"),
    ("repository: ../plain\nversion: v1.0",
     "site_config.yaml:17: shared: git cannot read the repository ../plain: fatal: not a git repository (or any of "
     "the parent directories): .git"),
    ("repository: ../shared\nversion: v9.9", "site_config.yaml:17: shared: the repository ../shared has no tag, "
                                             "branch or commit v9.9"),
    ("repository: ../shared\nversion: main",
     "site_config.yaml:17: shared: main is a branch of ../shared, which moves when the network changes its "
     "definitions; pin a tag or a commit"),
    ("repository: file:///nonexistent/verkosto.git\nversion: v1.0",
     "site_config.yaml:17: shared: git cannot read the repository file:///nonexistent/verkosto.git: fatal: "
     "'/nonexistent/verkosto.git' does not appear to be a git repository"),
    ("folder: ../plain", "site_config.yaml:17: shared: ../plain has no content/ folder of shared definitions"),
])
def test_a_source_that_cannot_be_read_is_a_message_and_no_build(tmp_path, where, expected):
    shared_repository(tmp_path / "shared")
    (tmp_path / "plain").mkdir()
    root = member(tmp_path / "a", "a", shared_entry(where, adopted=""))
    assert expected in problems(root)
    with pytest.raises(BuildFailed):
        pipeline.build(Project(root, history=False), root / "output", jobs=1, search=False)
    assert not (root / "output").exists()


def test_what_a_shared_item_may_not_say_and_an_adoption_of_an_unknown_set(tmp_path):
    shared_folder(tmp_path / "shared", {
        "content/indicators/mitattu.yaml": "id: mitattu\nname: Mitattu\nunit: kpl\nvalues:\n"
                                           "  - date: 2019-12-31\n    value: 3\n",
        "content/actions/9.yaml": 'id: "9"\nname: Ei kuulu tänne\n'})
    root = member(tmp_path / "a", "a", shared_entry("folder: ../shared").replace(
        "criteria_set: yhteiset-kuljetukset", "criteria_set: yhteiset-kuljetus"))
    found = problems(root)
    assert ("verkosto:content/actions/9.yaml:1: file: a shared source holds only criteria sets, emission factor "
            "tables, indicators and categories (content/criteria/, content/emission_factors/, content/indicators/, "
            "content/categories/); this file is not read") in found
    assert ("verkosto:content/indicators/mitattu.yaml:1: computed: a shared indicator is computed from each "
            "catalogue's own procurement records: write its computed: rule") in found
    assert ("verkosto:content/indicators/mitattu.yaml:4: values: a shared indicator has no values of its own: each "
            "catalogue's values are computed from its own procurement records") in found
    assert ("site_config.yaml:21: shared[0].adopted[0].criteria_set: the shared source verkosto has no criteria set "
            "'yhteiset-kuljetus' (did you mean 'yhteiset-kuljetukset'?)") in found


def test_a_shared_repository_is_read_at_its_tag_not_as_it_is_now(tmp_path):
    commits = shared_repository(tmp_path / "shared")
    (tmp_path / "shared/content/criteria/yhteiset-kuljetukset.yaml").write_text("id: rikki\n", encoding="utf-8")
    commit_all(tmp_path / "shared", "work in progress", "2019-07-01T12:00:00+03:00")
    git(tmp_path / "shared", "checkout", "-q", "v1.0")
    root = member(tmp_path / "a", "a", shared_entry(f"repository: ../shared\nversion: {commits['v2.0']}"))
    out = root / "output"
    pipeline.build(Project(root, history=False), out, jobs=1, search=False)
    assert "Euro 6d -luokkaa" in text_of(out / "kriteerit/yhteiset-kuljetukset/index.html")


def test_a_source_in_every_language_serves_a_catalogue_of_one(tmp_path):
    """The network writes its definitions in Finnish, Swedish and English; a Finnish-only catalogue uses them and
    shows the Finnish, and a text without the catalogue's own language is still an error."""
    shared_folder(tmp_path / "shared", {"content/categories/kuljetukset.yaml": "id: kuljetukset\nname:\n"
                                        "  fi: Kuljetukset\n  sv: Transporter\n  en: Transport\n"})
    root = member(tmp_path / "a", "a", shared_entry("folder: ../shared"))
    out = root / "output"
    pipeline.build(Project(root, history=False), out, jobs=1, search=False)
    page = text_of(out / "kategoriat/kuljetukset/index.html")
    assert "Kuljetukset" in page and "Transporter" not in page
    shared_folder(tmp_path / "shared", {"content/categories/kuljetukset.yaml": "id: kuljetukset\nname:\n"
                                        "  sv: Transporter\n  en: Transport\n"})
    assert problems(root) == ["verkosto:content/categories/kuljetukset.yaml:2: name: no text in fi, the site's "
                              "default language"]
