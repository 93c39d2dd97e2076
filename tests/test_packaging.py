"""Packaging: what `make` installs, and a wheel that holds every UI catalogue (.po) and builds without warnings.

The wheel is built offline with the setuptools installed here (its build_meta API, as
`pip wheel --no-build-isolation` would call it) from a copy of the project in tmp_path,
so the working tree gets no build/ or egg-info from the test. The Makefile is read with
`make -n`, which prints its commands without running them.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from tools import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT_FILES = ("pyproject.toml", "README.md")
ABSENT_PACKAGE = "is absent from the `packages` configuration"
BUILD = """\
import sys
from setuptools import build_meta
print("built:", getattr(build_meta, sys.argv[1])(sys.argv[2]))
"""


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def setuptools_problem() -> str | None:
    """Why the setuptools here cannot build the project, or None when it can."""
    if importlib.util.find_spec("setuptools") is None:
        return "building the wheel needs setuptools"
    import setuptools

    requires = next(entry for entry in PYPROJECT["build-system"]["requires"] if entry.startswith("setuptools"))
    lowest = re.match(r"setuptools\s*>=\s*([\d.]+)", requires).group(1)
    if version_tuple(setuptools.__version__) < version_tuple(lowest):  # it could not read the metadata
        return f"setuptools {setuptools.__version__} is older than the build-system's {requires}"
    return None


needs_setuptools = pytest.mark.skipif(setuptools_problem() is not None, reason=str(setuptools_problem()))
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="reading the Makefile needs make")


def copy_project(target: Path) -> Path:
    """The files a build reads, without caches or an earlier build's leftovers."""
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "katalogi", target / "katalogi", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def build(project: Path, hook: str, dist: Path) -> tuple[Path, str]:
    """Run a PEP 517 hook of setuptools in `project`; the wheel and everything the build printed."""
    dist.mkdir()
    result = subprocess.run([sys.executable, "-c", BUILD, hook, str(dist)], cwd=project, capture_output=True,
                            text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return dist / output.split("built: ", 1)[1].split()[0], output


def catalogues(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.glob("katalogi/locale/*/LC_MESSAGES/*.po")}


@needs_setuptools
def test_the_wheel_holds_every_catalogue_and_the_build_prints_no_package_warning(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    # A catalogue added later beside messages.po (the editor messages, say) is packaged as well.
    (project / "katalogi/locale/sv/LC_MESSAGES/editor.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    wheel, output = build(project, "build_wheel", tmp_path / "dist")
    assert ABSENT_PACKAGE not in output
    with zipfile.ZipFile(wheel) as archive:
        packaged = set(archive.namelist())
    expected = catalogues(project)
    assert {"katalogi/locale/sv/LC_MESSAGES/messages.po", "katalogi/locale/en/LC_MESSAGES/messages.po",
            "katalogi/locale/sv/LC_MESSAGES/editor.po"} <= expected
    assert expected <= packaged, sorted(expected - packaged)
    data = {"katalogi/content/data/cpv.tsv.gz", "katalogi/content/data/eforms_codes.tsv",
            "katalogi/content/data/README.md"} | {
        f"katalogi/outputs/schemas/ocds/extensions/{name}/{file}" for name in ("lots", "sustainability", "coveredBy")
        for file in ("extension.json", "release-schema.json", "LICENSE")}
    assert data <= packaged, sorted(data - packaged)  # the CPV vocabulary and the OCDS extensions are package data


@needs_setuptools
def test_the_editable_install_prints_no_package_warning(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    _, output = build(copy_project(project), "build_editable", tmp_path / "dist")
    assert ABSENT_PACKAGE not in output


def make_would_run(venv: Path, target: str) -> list[str]:
    """The commands `make TARGET` would run with the virtual environment in `venv` (nothing is run)."""
    result = subprocess.run(["make", "-n", "-C", str(ROOT), f"VENV={venv}", target], capture_output=True, text=True,
                            timeout=60, env={**os.environ, "MAKEFLAGS": ""})
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if "pip install" in line]


def set_up(venv: Path, *stamps: str) -> None:
    """A virtual environment that has run the install steps of `stamps` (newer than the Makefile)."""
    (venv / "bin").mkdir(parents=True)
    (venv / "bin/python").touch()
    for stamp in stamps:
        (venv / stamp).touch()


def requirement_names(extra: str) -> set[str]:
    return {re.split(r"[<>=!~;\s]", entry, maxsplit=1)[0].lower()
            for entry in PYPROJECT["project"]["optional-dependencies"][extra]}


@needs_make
def test_make_serve_installs_pagefind_and_either_order_with_make_test_installs_what_is_missing(tmp_path):
    fresh = tmp_path / "fresh"
    assert make_would_run(fresh, "serve")[-1].endswith("pip install --quiet -e '.[search]'")
    assert make_would_run(fresh, "build")[-1].endswith("pip install --quiet -e '.[search]'")
    after_serve = tmp_path / "after-serve"
    set_up(after_serve, ".installed-run")
    assert make_would_run(after_serve, "serve") == []
    assert [line.split("pip install")[1] for line in make_would_run(after_serve, "test")] == [" --quiet -e '.[test]'"]
    after_test = tmp_path / "after-test"
    set_up(after_test, ".installed-test", ".installed-run")
    assert make_would_run(after_test, "serve") == [] and make_would_run(after_test, "test") == []
    assert {"pagefind[bin]"} <= requirement_names("search") <= requirement_names("test"), (
        "make test marks the [search] extra as installed too")
