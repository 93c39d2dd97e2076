"""Write a synthetic catalogue of N actions in the project's own content format.

Deterministic: the same N and seed give the same bytes, so runs on different days
and machines measure the same work. Each action has a 150-400 word Markdown
description (headings, lists, links), 3-8 tasks with dates and states, categories,
organisations, contacts and indicators, like the shipped sample but many more.

    python bench/generate.py 1000 /tmp/catalogue-1000
"""

from __future__ import annotations

import datetime
import random
import shutil
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


def generate(count: int, folder: Path, seed: int = 2019) -> dict[str, list[str]]:
    """Write site_config.yaml, content/ and a link to the project's theme/ into `folder`."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    content = folder / "content"
    for kind in ("actions", "categories", "contacts", "indicators", "organisations"):
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
    for number in range(1, count + 1):
        (content / f"actions/{number}.yaml").write_text(action(rng, number, ids), "utf-8")
    return ids


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"Wrote {sys.argv[1]} actions into {sys.argv[2]}")
