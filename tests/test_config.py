"""Site settings: badge contrast, build date, base path normalisation."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pytest

from katalogi.config import Status, build_date, contrast, load_config

ROOT = Path(__file__).resolve().parent.parent


def test_contrast_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", ["#ffff00", "#0000bf", "#777777", "#7a7a7a", "#00d7a7", "#bd2719", "#ff0000"])
def test_badge_text_colour_always_reaches_aa_contrast(colour):
    status = Status("s", "S", colour, completed=False, final=False)
    assert contrast(status.colour, status.text_colour) >= 4.5


def test_every_shipped_status_badge_reaches_aa_contrast():
    config, errors = load_config(ROOT)
    assert errors == []
    for status in config.statuses:
        assert contrast(status.colour, status.text_colour) >= 4.5, status.id


def test_build_date_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1571097600")
    assert build_date() == datetime.date(2019, 10, 15)


def test_as_of_defaults_to_the_build_date(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1571097600")
    config_text = "title: T\nstatuses:\n  - id: a\n    label: A\n    colour: '#ffffff'\n"
    config, errors = load_config(project(config=config_text))
    assert errors == [] and config.as_of == datetime.date(2019, 10, 15)
    assert config.base_path == "/" and config.language == "fi" and config.show_contact_email is False


def test_console_script_is_installed():
    assert (Path(sys.executable).parent / "katalogi").is_file()
