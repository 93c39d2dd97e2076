"""Packaging: a wheel holds every UI catalogue (.po), and building it prints no setuptools warning.

The wheel is built offline with the setuptools installed here (its build_meta API, as
`pip wheel --no-build-isolation` would call it) from a copy of the project in tmp_path,
so the working tree gets no build/ or egg-info from the test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

setuptools = pytest.importorskip("setuptools", reason="building the wheel needs setuptools")

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("pyproject.toml", "README.md")
ABSENT_PACKAGE = "is absent from the `packages` configuration"
BUILD = """\
import sys
from setuptools import build_meta
print("built:", getattr(build_meta, sys.argv[1])(sys.argv[2]))
"""


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def required_setuptools() -> tuple[int, ...]:
    """The lowest setuptools pyproject.toml's build-system accepts (older ones cannot read its metadata)."""
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    found = next(re.match(r"setuptools\s*>=\s*([\d.]+)", entry) for entry in requires if entry.startswith("setuptools"))
    return version_tuple(found.group(1))


if version_tuple(setuptools.__version__) < required_setuptools():
    pytest.skip(f"setuptools {setuptools.__version__} is older than pyproject.toml's build-system requires",
                allow_module_level=True)


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


def test_the_editable_install_prints_no_package_warning(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    _, output = build(copy_project(project), "build_editable", tmp_path / "dist")
    assert ABSENT_PACKAGE not in output
