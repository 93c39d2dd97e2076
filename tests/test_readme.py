"""The README's field reference matches the content model."""

from __future__ import annotations

from pathlib import Path

from katalogi.generate.reference import MARKER, SCHEMAS, refresh

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def test_field_tables_are_current():
    text = README.read_text(encoding="utf-8")
    assert refresh(text) == text, "run: .venv/bin/python -m katalogi.reference README.md"


def test_every_content_type_and_the_config_have_a_table():
    assert {match[2] for match in MARKER.finditer(README.read_text(encoding="utf-8"))} == set(SCHEMAS)


def test_the_problem_report_shown_is_what_check_prints(tmp_path):
    """The README's example: four slips made in a copy of the sample, checked in Finnish and in English."""
    import re
    import shutil

    from click.testing import CliRunner

    from katalogi.cli import cli

    for name in ("content", "theme", "site_config.yaml"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    action = tmp_path / "content/actions/111.yaml"
    text = action.read_text(encoding="utf-8").replace("  - mia-malin\n", "  - Mia Malin\n")
    text = text.replace("    state: completed\n", "    state: valmis\n", 1)
    action.write_text(text.replace("    state: not_started\n    due: 2019-10-23\n",
                                   "    state: completed\n    due: 2019-10-23\n"), encoding="utf-8")
    category = tmp_path / "content/categories/hankinnat.yaml"
    category.write_text(category.read_text(encoding="utf-8").replace("description:", "desription:"), encoding="utf-8")
    shown = re.search(r"```text\n(\$ python build.py check\n.*?)```", README.read_text(encoding="utf-8"), re.S)[1]
    printed = ""
    for language in ("fi", "en"):
        result = CliRunner().invoke(cli, ["check", "-C", str(tmp_path), "--no-history", "--lang", language])
        assert result.exit_code == 1
        printed += ("$ python build.py check\n" if language == "fi" else "$ python build.py check --lang en\n")
        printed += result.output
    assert printed == shown
