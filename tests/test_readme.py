"""The README's field reference matches the content model."""

from __future__ import annotations

from pathlib import Path

from katalogi.reference import MARKER, SCHEMAS, refresh

README = Path(__file__).resolve().parent.parent / "README.md"


def test_field_tables_are_current():
    text = README.read_text(encoding="utf-8")
    assert refresh(text) == text, "run: .venv/bin/python -m katalogi.reference README.md"


def test_every_content_type_and_the_config_have_a_table():
    assert {match[2] for match in MARKER.finditer(README.read_text(encoding="utf-8"))} == set(SCHEMAS)
