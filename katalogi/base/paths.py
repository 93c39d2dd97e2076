"""Where things are: the package's own files, and the folders and files of a catalogue project."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # katalogi/: its code and the data files beside it
LOCALE_DIR = PACKAGE_DIR / "locale"  # the UI's and the editors' message catalogues

# A project's folders and files, relative to its root
CONFIG_FILE = "site_config.yaml"
CONTENT_DIR = "content"
TEMPLATES_DIR = "templates"
THEME_DIR = "theme"
SCHEMAS_DIR = "schemas"
