"""Measure a comparison site of many members and write the figures into docs/performance.md.

    .venv/bin/python bench/members.py                       # 20 members of 1,000 actions each
    .venv/bin/python bench/members.py --members 5 --actions 200 --out /tmp/members.md

Each member is a synthetic catalogue of bench/generate.py (two procurement records per action, its
own seed), a folder beside the comparison site, which compares them under the shared definitions
of examples/shared/. Measured, each a `build.py build --no-search --no-history` in a process of its
own (time, the peak resident memory of its largest process and the CPU time of them all, os.wait4,
as bench/run.py measures):

- one member's own build, cold: the reference for memory (what one member takes);
- the comparison site with a quarter of the members, then with all of them, cold (an empty cache);
- the comparison site again, nothing changed (the fingerprint);
- the comparison site after one action of one member changed (that member read again, the others from
  the build cache).

The section "Comparison site: N members" of --out is replaced (or added before "Earlier measurements
and notes"; bench/run.py keeps what follows that heading).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

NETWORK_CONFIG = """\
title: Vertailu ({members} jäsentä)
languages: [fi]
base_path: /
as_of: 2019-10-20
status_from: editor
statuses:
  - {{id: on_time, label: Ajallaan, colour: "#00d7a7"}}
green_share:
  criteria: [eu, national]
  measure: euros
history:
  enabled: false
shared:
  - id: yhteiset
    folder: {shared}
members:
{listed}
"""
NOTES_HEADING = "\n## Earlier measurements and notes"


def timed(command: list[str]) -> tuple[float, int, float]:
    """Wall seconds, the peak resident memory in MiB of the command's largest process, and the CPU seconds of all
    of its processes."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def build(project: Path, *options: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "build", "--no-search", "--no-history", "-C", str(project),
            *options]


def network(folder: Path, members: list[Path]) -> Path:
    """A comparison site of `members` in `folder`, its own content one organisation."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "content/organisations").mkdir(parents=True)
    (folder / "content/organisations/verkosto.yaml").write_text("id: verkosto\nname: Verkosto\n", "utf-8")
    (folder / "theme").symlink_to(ROOT / "theme", target_is_directory=True)
    listed = "\n".join(f"  - id: jasen-{index:02d}\n    folder: {member}" for index, member in enumerate(members, 1))
    (folder / "site_config.yaml").write_text(NETWORK_CONFIG.format(
        members=len(members), shared=ROOT / "examples/shared", listed=listed), "utf-8")
    return folder


def edit_one_action(member: Path) -> None:
    path = member / "content/actions/1.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join('lead: "Muokattu lyhyt kuvaus."' if line.startswith("lead:") else line
                              for line in lines) + "\n", encoding="utf-8")


def measure(count: int, actions: int, work: Path) -> dict[str, tuple[float, int, float]]:
    started = time.perf_counter()
    members = [work / f"member-{index:02d}" for index in range(1, count + 1)]
    for index, member in enumerate(members):
        generate(actions, member, seed=2019 + index)
    print(f"generated {count} members of {actions} actions in {time.perf_counter() - started:.0f} s", flush=True)
    figures = {"member": timed(build(members[0], "--no-cache", "--out", str(work / "member-output")))}
    quarter = network(work / "network-quarter", members[:max(1, count // 4)])
    figures["quarter"] = timed(build(quarter))
    site = network(work / "network", members)
    figures["cold"] = timed(build(site))
    figures["unchanged"] = timed(build(site))
    edit_one_action(members[-1])
    figures["one changed"] = timed(build(site))
    for name, (seconds, memory, cpu) in figures.items():
        print(f"{name}: {seconds:.1f} s, {memory} MiB, {cpu:.1f} s CPU", flush=True)
    return figures


def machine() -> str:
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}")


def section(figures: dict, count: int, actions: int, command: str) -> str:
    quarter = max(1, count // 4)
    rows = [("one member's own build, cold", "member"),
            (f"comparison site of {quarter} members, cold", "quarter"),
            (f"comparison site of {count} members, cold", "cold"),
            (f"comparison site of {count} members, nothing changed", "unchanged"),
            (f"comparison site of {count} members, one action of one member changed", "one changed")]
    table = "\n".join(f"| {label} | {figures[key][0]:.1f} s | {figures[key][2]:.1f} s | {figures[key][1]} MiB |"
                      for label, key in rows)
    return f"""
## Comparison site: {count} members

{count} members of {actions:,} actions each (bench/generate.py, two procurement records per action, a seed of
their own), compared under the shared definitions of `examples/shared/` ([network.md](network.md#a-comparison-site)).
Each line is one `build.py build --no-search --no-history` ({machine()}; `{command}`). Peak memory is the
resident set of the build's largest process (os.wait4), CPU the time of all of its processes.

| build | wall | CPU | peak memory |
|---|---|---|---|
{table}

Memory follows the largest member, not the number of members: each member is read, checked, linked
and reduced to its figures (a few records per year, status and shared definition) in a worker, and
let go before the next, so the comparison of {count} members peaks where the comparison of {quarter}
does, near one member's own build. A member whose files did not change is not read again: its figures
come from the build cache (`.katalogi-cache/members/`), so one changed member costs one member's read.
"""


def write_section(text: str, out: Path, count: int) -> None:
    existing = out.read_text(encoding="utf-8") if out.exists() else ""
    heading = f"\n## Comparison site: {count} members\n"
    if heading in existing:
        start = existing.index(heading)
        end = existing.find("\n## ", start + len(heading))
        existing = existing[:start] + existing[end if end >= 0 else len(existing):]
    at = existing.find(NOTES_HEADING)
    at = at if at >= 0 else len(existing)
    out.write_text(existing[:at].rstrip("\n") + "\n" + text + existing[at:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    arguments = parser.parse_args()
    command = ".venv/bin/python bench/members.py" + (f" {' '.join(sys.argv[1:])}" if sys.argv[1:] else "")
    with tempfile.TemporaryDirectory(prefix="katalogi-members-") as work:
        figures = measure(arguments.members, arguments.actions, Path(work))
    text = section(figures, arguments.members, arguments.actions, command)
    write_section(text, arguments.out, arguments.members)
    print(text)


if __name__ == "__main__":
    main()
