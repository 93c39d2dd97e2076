"""Write a synthetic catalogue of N actions in the project's own content format.

Deterministic: the same N and seed give the same bytes, so runs on different days
and machines measure the same work. Each action has a 150-400 word Markdown
description (headings, lists, links), 3-8 tasks with dates and states, categories,
organisations, contacts and indicators, like the shipped sample but many more; two
procurement records per action (content/procurements/<year>.yaml, each with its page) and
two indicators computed from them. With `rounds`, the folder is a git repository with two
reporting rounds (tags raportti/2019-h1 and raportti/2019-h2) and a commit after each that
changes some actions, so the build reads the history, both rounds and what changed.

    python bench/generate.py 1000 /tmp/catalogue-1000 [--rounds]
"""

from __future__ import annotations

import datetime
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = (  # noqa: SIM905 - a paragraph of words reads better than a list
    "hankinta hankinnat kilpailutus sopimus toimittaja kriteeri ilmasto päästö vähennys energia kuljetus "
    "ajoneuvo rakentaminen työmaa ruoka kasvis jäte kierrätys kiertotalous markkina vuoropuhelu yhteistyö "
    "kaupunki toimiala liikelaitos palvelu seuranta mittari tavoite vuosi laskenta hiilijalanjälki sähkö "
    "lämpö valaistus kalusteet tekstiilit laitteet tietotekniikka koulutus osaaminen innovaatio kokeilu "
    "pilotti vastuullisuus työehdot ihmisoikeudet toimitusketju elinkaari kustannus hinta laatu arviointi"
).split()
YEARS = range(2015, 2020)
CPV_CODES = ("60100000-9", "45210000-2", "55520000-1", "39130000-2", "09310000-5", "34144900-7")
GPP_AIMS = ("clim-mitig", "circ-econ", "clim-adapt", "pollu-prev")
STATES = ("completed", "completed", "in_progress", "not_started", "not_started", "cancelled")
AS_OF = datetime.date(2019, 10, 20)
CONFIG = """\
title: Testikatalogi ({count} toimenpidettä)
languages: [fi]  # one language, like the Hugo site it is compared with
base_path: /
as_of: 2019-10-20
status_from: tasks
statuses:
  - {{id: not_started, label: Ei aloitettu, colour: "#dedfe1"}}
  - {{id: on_time, label: Ajallaan, colour: "#00d7a7"}}
  - {{id: late, label: Myöhässä, colour: "#ffc61e"}}
  - {{id: completed, label: Valmis, colour: "#0000bf", completed: true}}
  - {{id: cancelled, label: Peruttu, colour: "#666666", final: true}}
"""


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    return " ".join(words).capitalize() + "."


def description(rng: random.Random, number: int) -> str:
    """150-400 words of GFM: paragraphs, a heading, a list and links."""
    target = rng.randint(150, 400)
    parts, words = [], 0
    while words < target:
        kind = rng.random()
        if kind < 0.12 and parts:
            block = f"## {sentence(rng)[:-1]}"
        elif kind < 0.3:
            items = [f"- {sentence(rng)}" for _ in range(rng.randint(2, 5))]
            block = "\n".join(items)
        else:
            block = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
            if rng.random() < 0.4:
                block += f" Katso [toimenpide {max(1, number - 1)}](/toimenpiteet/{max(1, number - 1)}/) " \
                         f"ja [lisätietoja](https://www.hel.fi/sivu-{number})."
        parts.append(block)
        words += len(block.split())
    return "\n\n".join(parts)


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def block(text: str, indent: str = "  ") -> str:
    return "|\n" + "\n".join(indent + line if line else "" for line in text.splitlines())


def action(rng: random.Random, number: int, ids: dict[str, list[str]]) -> str:
    lines = [f'id: "{number}"', f"name: {quoted(sentence(rng)[:-1])}", f"lead: {quoted(sentence(rng))}",
             "description: " + block(description(rng, number))]
    lines.append("categories: [" + ", ".join(rng.sample(ids["category"], rng.randint(1, 2))) + "]")
    organisations = rng.sample(ids["organisation"], rng.randint(1, 2))
    lines.append("organisations:")
    for index, organisation in enumerate(organisations):
        lines.append(f"  - organisation: {organisation}\n    role: {'primary' if index == 0 else 'collaborator'}")
    lines.append("contacts: [" + ", ".join(rng.sample(ids["contact"], rng.randint(1, 2))) + "]")
    if rng.random() < 0.1:
        lines += ["status: completed" if rng.random() < 0.7 else "status: cancelled"]
    lines.append(f"phase: {rng.choice(('not_started', 'planning', 'implementation', 'completed'))}")
    lines.append("indicators: [" + ", ".join(rng.sample(ids["indicator"], rng.randint(0, 2))) + "]")
    if rng.random() < 0.5:
        lines.append(f"emission_reduction:\n  value: {rng.randint(5, 5000)}\n  basis: {quoted(sentence(rng))}")
    if rng.random() < 0.6:
        lines.append(f"procurement_volume: {rng.randint(10, 50000) * 1000}")
        lines.append(f'cpv_codes: ["{rng.choice(("60000000-8", "45000000-7", "15000000-8", "09310000-5"))}"]')
        lines.append(f"gpp_level: {rng.choice(('eu', 'national', 'other', 'none'))}")
    lines.append("timespan:\n  start: 2019-01-01\n  end: 2025-12-31")
    lines.append("tasks:")
    for _ in range(rng.randint(3, 8)):
        state = rng.choice(STATES)
        due = AS_OF + datetime.timedelta(days=rng.randint(-300, 400))
        lines.append(f"  - name: {quoted(sentence(rng)[:-1])}\n    state: {state}\n    due: {due.isoformat()}")
        if state == "completed":
            done = min(due, AS_OF) - datetime.timedelta(days=rng.randint(0, 200))
            lines.append(f"    completed: {done.isoformat()}\n    comment: {quoted(sentence(rng))}")
    updated = AS_OF - datetime.timedelta(days=rng.randint(0, 500))
    lines.append(f"updated: {updated.isoformat()}")
    return "\n".join(lines) + "\n"


def procurement(rng: random.Random, number: int, index: int, units: list[str]) -> tuple[int, str]:
    """One record of a procurement implementing action `number`: its year and its lines in a list."""
    year = rng.choice(YEARS)
    date = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
    criteria = rng.choice(("eu", "national", "other", "none", "none"))
    lines = [f"  - id: {year}-{number:06d}{index}", f"    name: {quoted(sentence(rng)[:-1])}",
             f"    organisation: {rng.choice(units)}", f"    stage: {rng.choice(('tender', 'contract'))}",
             f"    date: {date.isoformat()}", f"    value: {rng.randint(10, 5000) * 100}",
             f"    cpv_codes: [{rng.choice(CPV_CODES)}]", f"    gpp_criteria: {criteria}"]
    if criteria != "none":
        lines.append(f"    gpp_aims: [{', '.join(rng.sample(GPP_AIMS, rng.randint(1, 2)))}]")
    lines += [f"    clean_vehicles: {'true' if rng.random() < 0.2 else 'false'}", f'    actions: ["{number}"]']
    return year, "\n".join(lines)


def edited_action(text: str, rng: random.Random, day: datetime.date) -> str:
    """The action a round later: its first open task completed on `day`, and the phase moved on."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("    state: ") and line != "    state: completed":
            lines[index] = "    state: completed"
            lines.insert(index + 2, f"    completed: {day.isoformat()}")
            break
    phases = ("not_started", "planning", "implementation", "completed")
    lines = [f"phase: {phases[min(3, phases.index(line[7:]) + 1)]}" if line.startswith("phase: ") else line
             for line in lines]
    lines = [f"updated: {day.isoformat()}" if line.startswith("updated: ") else line for line in lines]
    return "\n".join(lines) + "\n"


def git(folder: Path, *arguments: str) -> None:
    """Git in the catalogue, with a fixed author and dates, so that the same N gives the same commits."""
    environment = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
                   "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
                   "GIT_AUTHOR_DATE": "2019-10-20T12:00:00+03:00", "GIT_COMMITTER_DATE": "2019-10-20T12:00:00+03:00"}
    subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false",
                    *arguments], cwd=folder, env=environment, check=True, capture_output=True)


def with_rounds(folder: Path, actions: dict[int, str], rng: random.Random) -> None:
    """Commit the catalogue and tag it as two reporting rounds, a tenth of the actions changing after each."""
    (folder / ".gitignore").write_text("output/\n.katalogi-cache/\n", encoding="utf-8")
    git(folder, "init", "--quiet")
    git(folder, "add", ".")
    git(folder, "commit", "--quiet", "-m", "Toimenpiteet")
    for tag, label, day in (("raportti/2019-h1", "Raportti 2019, kevät", datetime.date(2019, 4, 30)),
                            ("raportti/2019-h2", "Raportti 2019, syksy", AS_OF)):
        git(folder, "tag", "-a", tag, "-m", label, "-m", f"date: {day.isoformat()}")
        for number in rng.sample(sorted(actions), max(1, len(actions) // 10)):
            actions[number] = edited_action(actions[number], rng, day)
            (folder / f"content/actions/{number}.yaml").write_text(actions[number], "utf-8")
        git(folder, "commit", "--quiet", "-a", "-m", f"Päivitys {label}")


def generate(count: int, folder: Path, seed: int = 2019, rounds: bool = False) -> dict[str, list[str]]:
    """Write site_config.yaml, content/ and a link to the project's theme/ into `folder`."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    content = folder / "content"
    for kind in ("actions", "categories", "contacts", "indicators", "organisations", "procurements"):
        (content / kind).mkdir(parents=True)
    (folder / "theme").symlink_to(ROOT / "theme", target_is_directory=True)  # always the current theme
    (folder / "site_config.yaml").write_text(CONFIG.format(count=count), encoding="utf-8")
    ids: dict[str, list[str]] = {"organisation": [], "category": [], "contact": [], "indicator": []}
    (content / "organisations/kaupunki.yaml").write_text("id: kaupunki\nname: Kaupunki\nkind: city\n", "utf-8")
    for division in range(8):
        kind = "division" if division < 5 else "enterprise"
        (content / f"organisations/org-{division}.yaml").write_text(
            f"id: org-{division}\nname: Toimiala {division}\nkind: {kind}\nparent: kaupunki\n", "utf-8")
        ids["organisation"].append(f"org-{division}")
        for unit in range(5):
            identifier = f"org-{division}-{unit}"
            (content / f"organisations/{identifier}.yaml").write_text(
                f"id: {identifier}\nname: Yksikkö {division}.{unit}\nabbreviation: Y{division}{unit}\n"
                f"parent: org-{division}\n", "utf-8")
            ids["organisation"].append(identifier)
    for category in range(12):
        parent = f"parent: cat-{category % 4}\n" if category >= 4 else ""
        (content / f"categories/cat-{category}.yaml").write_text(
            f"id: cat-{category}\nname: Kategoria {category}\n{parent}description: {quoted(sentence(rng))}\n",
            "utf-8")
        ids["category"].append(f"cat-{category}")
    for contact in range(200):
        (content / f"contacts/c-{contact}.yaml").write_text(
            f"id: c-{contact}\nname: Henkilö {contact}\ntitle: asiantuntija\n"
            f"organisation: {rng.choice(ids['organisation'])}\n", "utf-8")
        ids["contact"].append(f"c-{contact}")
    for indicator in range(20):
        values = "\n".join(f"  - date: {2015 + year}-12-31\n    value: {rng.randint(0, 100)}" for year in range(5))
        (content / f"indicators/i-{indicator}.yaml").write_text(
            f"id: i-{indicator}\nname: Mittari {indicator}\nunit: \"%\"\nchart: {rng.choice(('line', 'bar'))}\n"
            f"values:\n{values}\ngoals:\n  - date: 2030-12-31\n    value: 100\n", "utf-8")
        ids["indicator"].append(f"i-{indicator}")
    for index, measure in enumerate(("green_share_by_count", "green_share_by_value")):
        (content / f"indicators/computed-{index}.yaml").write_text(
            f"id: computed-{index}\nname: Vihreät hankinnat {index}\nunit: \"%\"\nchart: line\n"
            f"computed:\n  measure: {measure}\n", "utf-8")
    actions, by_year = {}, {year: [] for year in YEARS}
    units = [identifier for identifier in ids["organisation"] if identifier.count("-") == 2]
    for number in range(1, count + 1):
        actions[number] = action(rng, number, ids)
        (content / f"actions/{number}.yaml").write_text(actions[number], "utf-8")
        for index in range(2):
            year, record = procurement(rng, number, index, units)
            by_year[year].append(record)
    for year, records in by_year.items():
        (content / f"procurements/{year}.yaml").write_text("procurements:\n" + "\n".join(records) + "\n", "utf-8")
    if rounds:
        with_rounds(folder, actions, rng)
    return ids


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]), rounds="--rounds" in sys.argv[3:])
    print(f"Wrote {sys.argv[1]} actions into {sys.argv[2]}")
