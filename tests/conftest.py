"""Shared fixtures: tiny projects written into tmp_path, the shipped sample and the two-round fixture built once
per test process for the tests that only read them, and the golden-file switch."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from rounds_fixture import make_repository
from tools import ROOT

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project

TINY_CONFIG = """\
title: Testikatalogi
base_path: /
notice: TESTI
as_of: 2020-01-15
statuses:
  - id: on_time
    label: Ajallaan
    colour: "#00d7a7"
  - id: done
    label: Valmis
    colour: "#0000bf"
    completed: true
"""

TINY_CONTENT = {
    "content/categories/hankinnat.yaml": "id: hankinnat\nname: Hankinnat\n",
    "content/organisations/kaupunki.yaml": "id: kaupunki\nname: Kaupunki\nkind: city\n",
    "content/organisations/ympa.yaml": "id: ympa\nname: Ympäristöpalvelut\nabbreviation: Ympa\nparent: kaupunki\n",
    "content/contacts/mia.yaml": "id: mia\nname: Mia Malin\ntitle: suunnittelija\norganisation: ympa\n",
    "content/indicators/osuus.yaml": textwrap.dedent("""\
        id: osuus
        name: Osuus
        unit: "%"
        values:
          - date: 2019-12-31
            value: 12
        goals:
          - date: 2030-12-31
            value: 50
        """),
    "content/actions/1.yaml": textwrap.dedent("""\
        id: "1"
        name: Ensimmäinen
        description: Kuvaus.
        categories: [hankinnat]
        organisations:
          - organisation: ympa
        contacts: [mia]
        status: on_time
        indicators: [osuus]
        tasks:
          - name: Tehty
            state: completed
            completed: 2019-03-01
          - name: Tekemättä
            due: 2020-02-01
        """),
    "content/actions/2.yaml": 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: done\n',
}


def write_project(root: Path, files: dict[str, str | bytes | None], config: str | None = TINY_CONFIG) -> Path:
    """Write the tiny project into `root`, then `files` over it (None deletes a file)."""
    for relative, text in {**({"site_config.yaml": config} if config else {}), **TINY_CONTENT, **files}.items():
        path = root / relative
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    theme = root / "theme"
    if not theme.exists():
        shutil.copytree(ROOT / "theme", theme)
    return root


@pytest.fixture
def project(tmp_path: Path):
    """A function that writes the tiny project, with changes, and returns its folder."""
    def make(files: dict[str, str | bytes | None] | None = None, config: str | None = TINY_CONFIG) -> Path:
        return write_project(tmp_path / "site", files or {}, config)
    return make


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the expected output of the golden sites instead of comparing.")
    parser.addoption("--update-screenshots", action="store_true",
                     help="Save the browser tests' screenshots under docs/screenshots/ for the README.")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """Messages to editors in English unless a test asks for another language: the tests assert their words.

    The locale decides before the site's default language (Finnish here), so LANG alone sets it; the
    variables that would override LANG are removed, so the developer's own locale never matters.
    """
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The shipped sample built once per test process, without its history from git or a search index: the
    output/ folder, for tests that only read it."""
    out = tmp_path_factory.mktemp("sample") / "output"
    build(Project(ROOT, history=False), out, search=False)
    return out


@pytest.fixture(scope="session")
def rounds_repository(tmp_path_factory) -> Path:
    """The sample in git with two tagged reporting rounds (tests/rounds_fixture.py), made once per test process;
    tests that change it make their own."""
    return make_repository(tmp_path_factory.mktemp("rounds") / "sample")


@pytest.fixture(scope="session")
def rounds_site(rounds_repository, tmp_path_factory) -> Path:
    """The two-round fixture's site, council reports included, built once per test process."""
    out = tmp_path_factory.mktemp("rounds-out") / "output"
    build(Project(rounds_repository), out, jobs=1, search=False)
    return out
