"""Write the JSON Schemas of content/json_schemas.py into a project's schemas/ folder (`make docs`).

`python -m katalogi.generate.json_schema [FOLDER]` writes them for the site_config.yaml of the current
folder, so that a city's own fields (its attributes) are in them; the build publishes the same schemas
under /schemas/. A test fails when the sample's schemas/ drift from the model and its configuration.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..base.paths import SCHEMAS_DIR
from ..content.attributes import Attributes
from ..content.config import load_config
from ..content.json_schemas import NO_ATTRIBUTES, schema_texts


def write_schemas(folder: Path, attributes: Attributes = NO_ATTRIBUTES) -> list[Path]:
    """Write every schema into `folder`, replacing what was there under the same names."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts(attributes).items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def project_attributes(root: Path) -> Attributes:
    """The own fields site_config.yaml declares, none when it does not check."""
    config, _ = load_config(root)
    return config.attributes if config is not None else NO_ATTRIBUTES


if __name__ == "__main__":
    write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else SCHEMAS_DIR), project_attributes(Path(".")))
