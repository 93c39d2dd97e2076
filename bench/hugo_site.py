"""The same synthetic catalogue as a Hugo site, for comparing build times.

Each action becomes content/toimenpiteet/<id>.md: its fields as YAML front matter,
its description as the Markdown body. The minimal theme in bench/hugo/ renders the
action page with the same fields and previous/next links, and one list page.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def dates_as_text(value):
    """Front matter keeps dates as ISO text so Hugo's templates see the same values as ours."""
    if isinstance(value, dict):
        return {key: dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [dates_as_text(item) for item in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def convert(catalogue: Path, site: Path) -> None:
    """Write a Hugo site for the catalogue in `catalogue` into `site`."""
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(HERE / "hugo", site)
    shutil.copytree(catalogue / "theme" / "static", site / "static" / "static")
    section = site / "content" / "toimenpiteet"
    section.mkdir(parents=True)
    (section / "_index.md").write_text("---\ntitle: Toimenpiteet\n---\n", encoding="utf-8")
    for source in sorted((catalogue / "content" / "actions").glob("*.yaml")):
        data = dates_as_text(yaml.load(source.read_text(encoding="utf-8"), Loader=Loader))
        body = data.pop("description")
        front = {"title": data.pop("name"), "weight": int(data["id"]), "slug": data["id"], **data}
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body + "\n"
        (section / f"{data['id']}.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
