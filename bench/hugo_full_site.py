"""The synthetic catalogue as the same site in Hugo: the comparison issue 30 asks for.

bench/hugo_site.py makes the minimal reference site (the action pages and their list, kept so
that figures stay comparable with earlier ones). This one converts the whole catalogue of
bench/generate.py into Hugo content that makes the pages our build makes without history and
rounds (`build.py build --no-history`, one language):

- a page per action (content/toimenpiteet/<id>.md) and a JSON file beside it (the `json` output
  format: toimenpiteet/<id>/index.json, ours data/actions/<id>.json);
- a page per procurement record (content/hankinnat/<id>.md), two per action;
- the action list and the record list (the sections' own pages);
- categories, organisations and statuses as taxonomies (kategoriat, organisaatiot, tilat): a page
  per term with its actions and records, and the taxonomies' lists; the terms' own _index.md
  give their names, parents and descriptions;
- an Atom feed per category and organisation and for the whole site (the custom output format
  `atom`), a calendar of due tasks per organisation and for the whole site (`ics`);
- the indicators (content/mittarit/), the dashboard and the other single pages of ours;
- open data at the site's root: data/actions.json, actions.csv, tasks.csv, procurements.json
  and procurements.csv (custom output formats of the home page);
- the theme's static files.

What Hugo cannot compute without a plugin is computed here, once, and written into the front
matter: an action's status (derived from its tasks on the site's as-of date, as ours does),
the ancestors of its categories and organisations (so that a term lists its descendants'
actions too, as ours does), the procurement records of each action and the categories of each
record. Names of organisations, categories, contacts and indicators are in data/*.yaml, looked
up by the templates (site.Data), as ours looks them up in the linked site.
"""

from __future__ import annotations

import datetime
import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
OPEN_STATES = ("not_started", "in_progress")


def dates_as_text(value):
    """Front matter keeps dates as ISO text so Hugo's templates see the same values as ours."""
    if isinstance(value, dict):
        return {key: dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [dates_as_text(item) for item in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def load(path: Path):
    return dates_as_text(yaml.load(path.read_text(encoding="utf-8"), Loader=Loader))


def dump(data) -> str:
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False)


def page(path: Path, front: dict, body: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + dump(front) + "---\n" + body + ("\n" if body else ""), encoding="utf-8")


def status_of(action: dict, as_of: str, closing: set[str]) -> tuple[str, bool]:
    """The action's status as ours shows it with `status_from: tasks` (katalogi.content.progress)."""
    written = action.get("status")
    if written in closing:
        return written, False
    tasks = action.get("tasks") or []
    if any(task["state"] in OPEN_STATES and task.get("due") and task["due"] < as_of for task in tasks):
        return "late", True
    if not any(task["state"] == "completed" for task in tasks):
        return "not_started", True
    return "on_time", True


def with_ancestors(ids, nodes: dict[str, dict]) -> list[str]:
    """The ids and every parent above each, once, in order."""
    found: list[str] = []
    for identifier in ids:
        while identifier and identifier not in found:
            found.append(identifier)
            identifier = nodes.get(identifier, {}).get("parent")
    return found


def convert(catalogue: Path, site: Path) -> None:
    """Write the Hugo site for the catalogue in `catalogue` into `site`."""
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(HERE / "hugo_full", site)
    shutil.copytree(catalogue / "theme" / "static", site / "static" / "static")
    shutil.copytree(HERE.parent / "schemas", site / "static" / "schemas")  # ours publishes the content's schemas
    source, content, data = catalogue / "content", site / "content", site / "data"
    config = load(catalogue / "site_config.yaml")
    as_of = config["as_of"]
    statuses = config["statuses"]
    closing = {status["id"] for status in statuses if status.get("completed") or status.get("final")}
    kinds = {}
    for kind in ("organisations", "categories", "contacts", "indicators"):
        kinds[kind] = {item["id"]: item for item in map(load, sorted((source / kind).glob("*.yaml")))}
    data.mkdir()
    for kind, items in kinds.items():
        (data / f"{kind}.yaml").write_text(dump(items), encoding="utf-8")
    (data / "statuses.yaml").write_text(dump(statuses), encoding="utf-8")
    (data / "config.yaml").write_text(dump({"as_of": as_of, "title": config["title"]}), encoding="utf-8")
    toml = (site / "hugo.toml").read_text(encoding="utf-8")
    (site / "hugo.toml").write_text(toml.replace("{title}", config["title"].replace('"', "'")), encoding="utf-8")

    records = [dict(record) for path in sorted((source / "procurements").glob("*.yaml"))
               for record in load(path)["procurements"]]
    records_of: dict[str, list[str]] = {}
    for record in records:
        for action in record["actions"]:
            records_of.setdefault(action, []).append(record["id"])
    categories_of: dict[str, list[str]] = {}

    actions = sorted((load(path) for path in (source / "actions").glob("*.yaml")), key=lambda a: int(a["id"]))
    page(content / "toimenpiteet/_index.md", {"title": "Toimenpiteet"})
    for action in actions:
        body = action.pop("description", "")
        status, derived = status_of(action, as_of, closing)
        categories_of[action["id"]] = action["categories"]
        front = {
            "title": action.pop("name"), "weight": int(action["id"]), "slug": action["id"],
            "lastmod": action.get("updated"), "outputs": ["html", "json"],
            "kategoriat": with_ancestors(action["categories"], kinds["categories"]),
            "organisaatiot": with_ancestors([entry["organisation"] for entry in action["organisations"]],
                                            kinds["organisations"]),
            "tilat": [status], "status": status, "status_derived": derived,
            "procurements": records_of.get(action["id"], []), **action,
        }
        page(content / "toimenpiteet" / f"{action['id']}.md", front, body)

    page(content / "hankinnat/_index.md", {"title": "Hankinnat"})
    for record in records:
        front = {
            "title": record.pop("name"), "slug": record["id"], "year": int(record["date"][:4]),
            "record_date": record.pop("date"),
            "organisaatiot": with_ancestors([record["organisation"]], kinds["organisations"]),
            "kategoriat": with_ancestors([c for a in record["actions"] for c in categories_of.get(a, [])],
                                         kinds["categories"]),
            **record,
        }
        page(content / "hankinnat" / f"{record['id']}.md", front)

    for identifier, category in kinds["categories"].items():
        page(content / "kategoriat" / identifier / "_index.md",
             {"title": category["name"], "id": identifier, "parent": category.get("parent"),
              "description": category.get("description", "")})
    for identifier, organisation in kinds["organisations"].items():
        page(content / "organisaatiot" / identifier / "_index.md",
             {"title": organisation["name"], "id": identifier, "parent": organisation.get("parent"),
              "abbreviation": organisation.get("abbreviation"),
              "outputs": ["html", "atom", "ics", "termcsv", "timeline"]})
    for weight, status in enumerate(statuses):
        page(content / "tilat" / status["id"] / "_index.md",
             {"title": status["label"], "id": status["id"], "colour": status["colour"], "weight": weight,
              "outputs": ["html", "termcsv"]})
    page(content / "kategoriat/_index.md", {"title": "Kategoriat"})
    page(content / "organisaatiot/_index.md", {"title": "Organisaatiot"})
    page(content / "tilat/_index.md", {"title": "Eteneminen"})

    page(content / "mittarit/_index.md", {"title": "Mittarit"})
    for identifier, indicator in kinds["indicators"].items():
        page(content / "mittarit" / f"{identifier}.md", {"title": indicator["name"], "slug": identifier,
                                                          "id": identifier})
    for slug, title, layout in (
            ("tilannekatsaus", "Tilannekatsaus", "dashboard"), ("tietojen-laatu", "Tietojen laatu", "quality"),
            ("avoin-data", "Avoin data", "opendata"), ("saavutettavuusseloste", "Saavutettavuusseloste", "plain"),
            ("kriteerit", "Kriteeristöt", "plain"), ("paastokertoimet", "Päästökertoimet", "plain"),
            ("hankintayksikot", "Hankintayksiköt", "units"), ("haku", "Haku", "plain")):
        page(content / f"{slug}.md", {"title": title, "layout": layout, "date": as_of})


if __name__ == "__main__":
    started = datetime.datetime.now()
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"Wrote the Hugo site of {sys.argv[1]} into {sys.argv[2]} in {datetime.datetime.now() - started}")
