"""Site settings: badge contrast, build date, base path normalisation."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pytest
from tools import ROOT

from katalogi.content.config import HistorySettings, Status, build_date, contrast, load_config


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


HISTORY_BASE = "title: T\nstatuses:\n  - id: a\n    label: A\n    colour: '#ffffff'\nhistory:\n"


def test_history_since_is_a_date_when_it_looks_like_one_and_otherwise_a_commit(project):
    config, errors = load_config(project(config=HISTORY_BASE + "  since: 2024-02-29\n  commits: content_only\n"))
    assert errors == []
    assert config.history == HistorySettings(True, datetime.date(2024, 2, 29), "", True, 7)
    config, _ = load_config(project(config=HISTORY_BASE + "  since: v1.0\n  enabled: false\n"))
    assert config.history == HistorySettings(False, None, "v1.0", False, 7)
    config, _ = load_config(project(config=HISTORY_BASE.removesuffix("history:\n")))
    assert config.history == HistorySettings() and config.history.enabled and not config.history.content_only


@pytest.mark.parametrize(("written", "message"), [
    ("  since: 2023-02-29\n", "7: history.since: impossible date 2023-02-29 (day is out of range for month)"),
    ("  since: 2023-2-1\n", "7: history.since: expected a date as YYYY-MM-DD, got '2023-2-1'"),
    ("  since: '--all'\n", "7: history.since: expected a date as YYYY-MM-DD or a commit (its hash, or a tag such as "
                           "v1.0), got '--all'"),
    ("  commits: development\n", "7: history.commits: 'development' is not allowed (expected one of: all, "
                                 "content_only)"),
])
def test_history_mistakes_say_what_to_write(project, written, message):
    config, errors = load_config(project(config=HISTORY_BASE + written))
    assert config is None and [str(error) for error in errors] == [f"site_config.yaml:{message}"]
