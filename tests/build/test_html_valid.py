"""Every page of the built sample catalogue, in every language, is valid HTML for the Nu Html Checker.

vnu.jar comes from npm's vnu-jar package in .cache/node/node_modules (`make test-tools`) and
runs on the installed Java; the test skips when either is missing.
"""

from __future__ import annotations

import subprocess

import pytest
from tools import ROOT, VNU, java

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project

if not VNU.is_file():
    pytest.skip(f"the HTML validity test needs vnu.jar at {VNU} (run `make test-tools`)", allow_module_level=True)
if java() is None:
    pytest.skip("the HTML validity test needs Java to run vnu.jar", allow_module_level=True)


def test_every_page_is_valid_html(tmp_path):
    out = tmp_path / "output"
    build(Project(ROOT), out)
    pages = list(out.rglob("*.html"))
    assert len(pages) > 200
    result = subprocess.run([java(), "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "gnu",
                             str(out)], capture_output=True, text=True, timeout=300, check=False)
    assert result.stdout + result.stderr == ""
    assert result.returncode == 0


def test_every_page_of_the_comparison_site_is_valid_html(tmp_path):
    """The example network (examples/network): the comparison's pages and the shared definitions' pages."""
    out = tmp_path / "output"
    build(Project(ROOT / "examples" / "network", history=False), out, search=False)
    assert (out / "vertailu/mittarit/yhteisten-kriteerien-osuus/index.html").is_file()
    assert (out / "yhteiset/keino/index.html").is_file()
    result = subprocess.run([java(), "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "gnu",
                             str(out)], capture_output=True, text=True, timeout=300, check=False)
    assert result.stdout + result.stderr == ""
    assert result.returncode == 0


def test_the_checker_does_report_invalid_html(tmp_path):
    (tmp_path / "bad.html").write_text('<!doctype html><html lang="fi"><title>x</title><p><div></p>',
                                       encoding="utf-8")
    result = subprocess.run([java(), "-jar", str(VNU), "--errors-only", str(tmp_path / "bad.html")],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0 and "error" in result.stderr
