"""A small git repository of the sample catalogue with two tagged reporting rounds, made the same way every time.

Tags on the generator's own repository are not the place for sample rounds, so tests
and CI make this one: the sample as it stood in spring 2019 is committed and tagged
`raportti/2019-h1`, the sample as shipped is committed and tagged `raportti/2019-h2`.
Between them statuses move (action 111's overdue task is completed, so it is on time
again), a task is completed and another's due date moved, a phase advances, a task is
cancelled, an indicator gets a new value, an emission estimate changes and action 134
is new. Commit and tag dates are fixed, so the repository, and the site built from it,
are the same on every run.

    python tests/rounds_fixture.py TARGET     # writes TARGET, a project folder with its .git
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST, SECOND = "raportti/2019-h1", "raportti/2019-h2"
FIRST_DATE, SECOND_DATE = "2019-06-28T12:00:00+03:00", "2019-10-18T12:00:00+03:00"

# (file, text as shipped, text in the spring round): the spring round is the shipped sample with these undone
SPRING = [
    ("content/actions/111.yaml",
     "  - name: Laaditaan pääkaupunkiseudun yhteiset ympäristökriteerisuositukset kevyille tavara- ja "
     "henkilökuljetuspalveluhankinnoille\n    state: completed\n    completed: 2019-03-31\n",
     "  - name: Laaditaan pääkaupunkiseudun yhteiset ympäristökriteerisuositukset kevyille tavara- ja "
     "henkilökuljetuspalveluhankinnoille\n    state: in_progress\n    due: 2019-03-31\n"),
    ("content/actions/111.yaml", "    state: not_started\n    due: 2019-10-23\n",
     "    state: not_started\n    due: 2019-09-30\n"),
    ("content/actions/111.yaml", "phase: implementation\n", "phase: planning\n"),
    ("content/actions/105.yaml", "  value: 205\n", "  value: 180\n"),
    ("content/actions/106.yaml", "status: cancelled\nstatus_reason: Selvityksen perusteella jakelukeskus ei ole "
     "kustannustehokas tapa vähentää päästöjä.\n",
     "status_reason: Vertailu valmistui, pilotista päätetään syksyllä.\n"),
    ("content/actions/106.yaml", "  - name: Kilpailutetaan jakelukeskuksen pilotti\n    state: cancelled\n",
     "  - name: Kilpailutetaan jakelukeskuksen pilotti\n    state: not_started\n"),
]


def git(root: Path, *args: str, date: str = FIRST_DATE, check: bool = True) -> str:
    """git in `root` with a fixed identity and fixed dates, so every run makes the same commits."""
    environment = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "Toimittaja",
                   "GIT_AUTHOR_EMAIL": "toimittaja@example.org", "GIT_COMMITTER_NAME": "Toimittaja",
                   "GIT_COMMITTER_EMAIL": "toimittaja@example.org", "GIT_CONFIG_GLOBAL": os.devnull,
                   "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=environment,
                          check=check)
    return done.stdout


def spring_edits(root: Path) -> None:
    """Turn the shipped sample in `root` back into the spring round: undo the changes listed in SPRING, take out
    the newest indicator value and action 134."""
    for relative, shipped, spring in SPRING:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert shipped in text, (relative, shipped)  # the sample changed: keep this fixture in step with it
        path.write_text(text.replace(shipped, spring, 1), encoding="utf-8")
    (root / "content/actions/134.yaml").unlink()
    for records in (root / "content/procurements").glob("*.yaml"):  # nor did the procurements name it then
        text = records.read_text(encoding="utf-8")
        records.write_text(text.replace('actions: ["103", "134"]', 'actions: ["103"]'), encoding="utf-8")
    indicator = root / "content/indicators/puhtaiden-ajoneuvojen-osuus.yaml"  # typed values (the other is computed)
    lines = indicator.read_text(encoding="utf-8")
    last_value = lines.rindex("  - date: 2019")
    goals = lines.index("goals:")
    assert last_value < goals
    indicator.write_text(lines[:last_value] + lines[goals:], encoding="utf-8")


def make_repository(target: Path, source: Path = ROOT) -> Path:
    """Write the sample into `target` as a git repository with the two rounds; return `target`."""
    target.mkdir(parents=True)
    for name in ("content", "theme"):
        shutil.copytree(source / name, target / name)
    shutil.copy(source / "site_config.yaml", target / "site_config.yaml")
    (target / ".gitignore").write_text("output/\n.katalogi-cache/\n.output.spare/\n", encoding="utf-8")
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "theme", ".gitignore", "site_config.yaml")
    git(target, "commit", "-q", "-m", "Sivuston pohja", date="2019-01-02T09:00:00+02:00")
    spring_edits(target)
    git(target, "add", "-A", "content")
    git(target, "commit", "-q", "-m", "Kevään 2019 tilanne", date=FIRST_DATE)
    git(target, "tag", "-a", FIRST, "-m", "Raportti 2019, kevät\n\ndate: 2019-06-30", date=FIRST_DATE)
    shutil.rmtree(target / "content")
    shutil.copytree(source / "content", target / "content")
    git(target, "add", "-A", "content")
    git(target, "commit", "-q", "-m", "Syksyn 2019 tilanne", date=SECOND_DATE)
    git(target, "tag", "-a", SECOND, "-m", "Raportti 2019, syksy\n\ndate: 2019-10-20", date=SECOND_DATE)
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(make_repository(Path(sys.argv[1])))
