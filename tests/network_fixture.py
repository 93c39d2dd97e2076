"""A small network in tmp_path: shared definitions (a folder, or a git repository with tagged versions), member
catalogues that use them, and a comparison site that reads the members; and each member's figures counted again
straight from its YAML files, by code that shares nothing with the engine's.

Every date is fixed (the commits' too), so the repositories and the sites are the same on every run.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml
from conftest import TINY_CONFIG, write_project
from rounds_fixture import git

SHARED_FILES = {
    "content/categories/kuljetukset.yaml": "id: kuljetukset\nname: Kuljetukset\n",
    "content/criteria/yhteiset-kuljetukset.yaml": textwrap.dedent("""\
        id: yhteiset-kuljetukset
        name: Yhteiset kuljetusten minimikriteerit
        level: joint-minimum
        category: kuljetukset
        cpv_prefixes: ["6010"]
        text: |
          - Ajoneuvot ovat vähintään Euro 6 -luokkaa.
        source: Verkosto
        valid_from: 2019-04-01
        """),
    "content/indicators/vihrea-osuus.yaml": textwrap.dedent("""\
        id: vihrea-osuus
        name: Vihreiden hankintojen osuus
        unit: "%"
        computed:
          measure: green_share_by_count
          criteria: [eu, national]
        """),
    "content/indicators/kuljetukset-euroina.yaml": textwrap.dedent("""\
        id: kuljetukset-euroina
        name: Kuljetusten vihreä osuus euroista
        unit: "%"
        computed:
          measure: green_share_by_value
          cpv_prefixes: ["60"]
          criteria: [eu, national]
        """),
}

# (id, organisation, stage, date, value, main CPV code, criteria): a member's records, made different per member
RECORDS = {
    "a": [("a-1", "ympa", "contract", "2018-03-01", 100000, "60100000-9", "eu"),
          ("a-2", "ympa", "contract", "2018-06-01", 50000, "45210000-2", "none"),
          ("a-3", "kaupunki", "tender", "2019-02-01", 20000.5, "60130000-8", "national"),
          ("a-4", "kaupunki", "contract", "2019-05-01", None, "60100000-9", "other"),
          ("a-5", "ympa", "planning", "2019-09-01", 900000, "60100000-9", "eu")],
    "b": [("b-1", "kaupunki", "contract", "2019-01-10", 70000, "60100000-9", "national"),
          ("b-2", "kaupunki", "contract", "2019-03-10", 30000, "60100000-9", "national"),
          ("b-3", "ympa", "contract", "2019-04-10", 10000, "55520000-1", "other")],
}


def shared_folder(root: Path, files: dict[str, str] | None = None, only: bool = False) -> Path:
    """The shared definitions as a folder (`only`: just `files`)."""
    for relative, text in {**({} if only else SHARED_FILES), **(files or {})}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def commit_all(root: Path, message: str, date: str, tag: str | None = None) -> str:
    """Commit everything in `root` at a fixed date (and tag it); the commit's hash."""
    git(root, "add", "-A", date=date)
    git(root, "commit", "-q", "-m", message, date=date)
    if tag:
        git(root, "tag", tag, date=date)
    return git(root, "rev-parse", "HEAD").strip()


def shared_repository(root: Path) -> dict[str, str]:
    """The shared definitions in git: version 1.0, then 2.0 with the criteria set changed and an indicator added;
    the tags' commits."""
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    shared_folder(root, {path: text for path, text in SHARED_FILES.items() if "kuljetukset-euroina" not in path},
                  only=True)
    first = commit_all(root, "1.0", "2019-01-10T12:00:00+02:00", "v1.0")
    shared_folder(root, {"content/criteria/yhteiset-kuljetukset.yaml": SHARED_FILES[
        "content/criteria/yhteiset-kuljetukset.yaml"].replace("Euro 6", "Euro 6d").replace("source: Verkosto",
                                                                                           "source: Verkosto 2.0")})
    second = commit_all(root, "2.0", "2019-05-10T12:00:00+03:00", "v2.0")
    return {"v1.0": first, "v2.0": second}


def shared_entry(where: str, adopted: str = "2019-06-01") -> str:
    """site_config.yaml's `shared:` naming one source, `where` its lines (folder: or repository: and version:)."""
    adoption = textwrap.dedent(f"""\
            adopted:
              - criteria_set: yhteiset-kuljetukset
                organisations: [ympa]
                since: {adopted}
        """) if adopted else ""
    return ("shared:\n  - id: verkosto\n    name: Verkoston määritelmät\n"
            + textwrap.indent(where.rstrip("\n") + "\n" + adoption, "    "))


def records_file(key: str) -> str:
    lines = ["procurements:"]
    for identifier, organisation, stage, date, value, cpv, criteria in RECORDS[key]:
        lines += [f"  - id: {identifier}", f"    name: Hankinta {identifier}", f"    organisation: {organisation}",
                  f"    stage: {stage}", f"    date: {date}", f"    cpv_codes: [{cpv}]",
                  f"    gpp_criteria: {criteria}"]
        if value is not None:
            lines.append(f"    value: {value}")
    return "\n".join(lines) + "\n"


def member(root: Path, key: str, shared: str, files: dict | None = None, title: str | None = None) -> Path:
    """A member catalogue: the tiny project with the records of RECORDS[key], using the shared source `shared`."""
    config = (TINY_CONFIG.replace("title: Testikatalogi", f"title: {title or 'Jäsen ' + key.upper()}")
              + f"site_url: https://{key}.example.org\ngreen_share:\n  criteria: [eu, national]\n"
              + shared)
    extra = {"content/procurements/hankinnat.yaml": records_file(key),
             "content/actions/3.yaml": 'id: "3"\nname: Kolmas\ndescription: Kuvaus.\nstatus: on_time\n'
             if key == "a" else None,
             "content/actions/1.yaml": None if key == "b" else textwrap.dedent("""\
                 id: "1"
                 name: Ensimmäinen
                 description: Kuvaus.
                 categories: [kuljetukset]
                 status: on_time
                 indicators: [vihrea-osuus]
                 """),
             "content/indicators/osuus.yaml": None}
    return write_project(root, {**extra, **(files or {})}, config)


def comparison_site(root: Path, members: str, shared: str) -> Path:
    """A comparison site naming `members` (site_config.yaml's lines) and the shared source."""
    config = (TINY_CONFIG.replace("title: Testikatalogi", "title: Verkosto")
              + "green_share:\n  criteria: [eu, national]\n  measure: euros\n" + shared + members)
    return write_project(root, {"content/actions/1.yaml": 'id: "1"\nname: Yksi\ndescription: Kuvaus.\n'
                                                          'status: on_time\n', "content/indicators/osuus.yaml": None},
                         config)


# --- an independent count, from the files alone ---

def percent(part, whole) -> float | None:
    if not whole:
        return None
    return float((Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(Decimal("0.1"), ROUND_HALF_UP))


def read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def counted_figures(root: Path, green: tuple[str, ...] = ("eu", "national")) -> dict:
    """A member's figures counted from its files: actions by status, and its procurement records by year."""
    actions = [read_yaml(path) for path in sorted((root / "content/actions").glob("*.yaml"))]
    records = [record for path in sorted((root / "content/procurements").glob("*.yaml"))
               for record in read_yaml(path)["procurements"]]
    counted = [record for record in records if record.get("stage") != "planning"]
    years: dict[int, dict] = {}
    for record in counted:
        year = years.setdefault(record["date"].year, {"procurements": 0, "value_eur": 0.0, "green_procurements": 0,
                                                      "green_value_eur": 0.0})
        value = float(record.get("value") or 0)
        year["procurements"] += 1
        year["value_eur"] += value
        if record.get("gpp_criteria") in green:
            year["green_procurements"] += 1
            year["green_value_eur"] += value
    for year in years.values():
        year["green_share_by_count"] = percent(year["green_procurements"], year["procurements"])
        year["green_share_by_value"] = percent(year["green_value_eur"], year["value_eur"])
    return {"actions": len(actions), "statuses": dict(Counter(action["status"] for action in actions)),
            "planned": len(records) - len(counted), "years": years, "records": counted}


def counted_indicator(records: list[dict], measure: str, prefix: str, green: tuple[str, ...]) -> dict[int, float]:
    """A shared computed indicator by year, counted from the records (`prefix`: of the main CPV code, "" for any)."""
    years: dict[int, list] = {}
    for record in records:
        if str(record["cpv_codes"][0]).startswith(prefix):
            years.setdefault(record["date"].year, []).append(record)
    found = {}
    for year, chosen in years.items():
        greens = [record for record in chosen if record.get("gpp_criteria") in green]
        if measure == "green_share_by_count":
            found[year] = percent(len(greens), len(chosen))
        else:
            whole = sum(float(record.get("value") or 0) for record in chosen)
            if whole:
                found[year] = percent(sum(float(record.get("value") or 0) for record in greens), whole)
    return found
