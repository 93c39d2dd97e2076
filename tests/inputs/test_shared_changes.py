"""Moving the pin of a shared source: the source's page lists each move in the catalogue's git history (and one not
committed yet), with the shared items added, removed and changed between the two versions."""

from __future__ import annotations

import html
import re
from pathlib import Path

from network_fixture import commit_all, member, shared_entry, shared_repository
from rounds_fixture import git

from katalogi.build import pipeline
from katalogi.inputs.shared_changes import pins_of
from katalogi.inputs.sources import Project


def text_of(path: Path) -> str:
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split())
    return re.sub(r" ([,):]|\.(?=\s|$))", r"\1", words)


def catalogue_in_git(tmp_path: Path) -> Path:
    """A member that pinned v1.0 in January 2019 and moved to v2.0 in June."""
    shared_repository(tmp_path / "shared")
    root = member(tmp_path / "a", "a", shared_entry("repository: ../shared\nversion: v1.0"))
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "Yhteiset määritelmät käyttöön", "2019-01-15T12:00:00+02:00")
    config = root / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("version: v1.0", "version: v2.0"), encoding="utf-8")
    commit_all(root, "Yhteisten määritelmien versio 2.0", "2019-06-03T12:00:00+03:00")
    return root


def test_the_sources_page_shows_what_changed_when_the_pin_moved(tmp_path):
    root = catalogue_in_git(tmp_path)
    out = root / "output"
    pipeline.build(Project(root), out, jobs=1, search=False)
    page = text_of(out / "yhteiset/verkosto/index.html")
    assert "Käytössä oleva versio v2.0" in page
    move = page[page.index("v1.0 → v2.0, 03.06.2019"):]
    assert "Uusi: mittari kuljetukset-euroina (Kuljetusten vihreä osuus euroista)" in move
    changed = move[move.index("Muutettu: kriteeristö yhteiset-kuljetukset"):]
    assert "source: Verkosto → Verkosto 2.0" in changed
    assert "text: - Ajoneuvot ovat vähintään Euro 6 -luokkaa. → - Ajoneuvot ovat vähintään Euro 6d -luokkaa." in changed
    assert "vihrea-osuus" not in move, "an item the same in both versions is not listed"


def test_a_move_not_committed_yet_is_shown_too_and_an_unmoved_pin_has_no_moves(tmp_path):
    root = catalogue_in_git(tmp_path)
    out = root / "output"
    config = root / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("version: v2.0", "version: v1.0"), encoding="utf-8")
    pipeline.build(Project(root), out, jobs=1, search=False)
    page = text_of(out / "yhteiset/verkosto/index.html")
    assert "v2.0 → v1.0 (ei vielä tallennettu gitiin)" in page
    assert "Poistettu: mittari kuljetukset-euroina" in page
    assert page.index("v2.0 → v1.0") < page.index("v1.0 → v2.0, 03.06.2019"), "newest first"

    fresh = member(tmp_path / "b", "b", shared_entry("repository: ../shared\nversion: v1.0"))
    git(fresh, "init", "-q", "-b", "main")
    commit_all(fresh, "Alku", "2019-01-15T12:00:00+02:00")
    pipeline.build(Project(fresh), fresh / "output", jobs=1, search=False)
    assert "Versiota ei ole vaihdettu tämän katalogin git-historiassa." in text_of(
        fresh / "output/yhteiset/verkosto/index.html")


def test_pins_are_read_leniently_from_any_old_site_config():
    assert pins_of(b"shared:\n  - id: a\n    repository: x\n    version: v1\n  - id: b\n    folder: y\n") == {"a": "v1"}
    assert pins_of(b"shared: [oops\n") == {}
    assert pins_of(b"- just a list\n") == {}
