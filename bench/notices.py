"""Time `import notices` on 10,000 eForms notices and write the figure into docs/performance.md.

    .venv/bin/python bench/notices.py                  # 10,000 notices, 3 runs
    .venv/bin/python bench/notices.py --notices 2000 --runs 1 --out /tmp/perf.md

The notices are the sample's example notices (examples/notices/, derived from the eForms
SDK's) with every notice and procedure identifier replaced, so each group of five is a
procedure of its own: a contract notice of two lots, its change notice and its contract
award notice, a prior information notice and a voluntary ex-ante transparency notice
(four records per group). They are written into a folder and imported into a copy of the
sample with `build.py import notices FOLDER`, in a process of its own; then imported once
more, which must change nothing. The target (issue 27): 10,000 notices in at most 30 s.
The figures go between the `<!-- notices -->` markers of docs/performance.md, in its
hand-written part, which bench/run.py keeps.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEMPLATES = ROOT / "examples/notices"
TARGET_SECONDS = 30.0
MARKER = re.compile(r"(<!-- notices -->\n).*?(<!-- /notices -->)", re.S)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def new_id(generator: random.Random) -> str:
    return str(uuid.UUID(int=generator.getrandbits(128), version=4))


def write_notices(folder: Path, count: int, seed: int = 27) -> tuple[int, int]:
    """`count` notices (whole groups of the five templates), with fresh identifiers; their total bytes."""
    generator = random.Random(seed)
    templates = {path.name: path.read_text(encoding="utf-8") for path in sorted(TEMPLATES.glob("*.xml"))}
    identifiers = sorted({found for text in templates.values() for found in UUID.findall(text)})
    folder.mkdir(parents=True)
    size = written = 0
    for group in range(count // len(templates)):
        renamed = {old: new_id(generator) for old in identifiers}
        pattern = re.compile("|".join(map(re.escape, renamed)))
        for name, text in templates.items():
            data = pattern.sub(lambda match, renamed=renamed: renamed[match[0]], text).encode("utf-8")
            (folder / f"{group:05d}-{name}").write_bytes(data)
            size += len(data)
            written += 1
    return written, size


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory (MiB) and the output of a command in a process of its own."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    output = process.stdout.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    return wall, usage.ru_maxrss / 1024, output.strip()


def project_copy(folder: Path) -> Path:
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "site_config.yaml", folder)
    return folder


def measure(count: int, runs: int) -> dict:
    results: dict = {"first": [], "again": [], "memory": []}
    with tempfile.TemporaryDirectory() as scratch:
        notices = Path(scratch) / "notices"
        files, size = write_notices(notices, count)
        for run in range(runs):
            project = project_copy(Path(scratch) / f"project-{run}")
            command = [sys.executable, str(ROOT / "build.py"), "import", "notices", str(notices), "-C", str(project),
                       "--lang", "en"]
            wall, memory, output = timed(command)
            results["first"].append(wall)
            results["memory"].append(memory)
            again, _, again_output = timed(command)
            if " 0 records added, 0 changed" not in again_output:
                raise SystemExit(f"importing again changed something: {again_output}")
            results["again"].append(again)
            print(f"run {run + 1}: {wall:.2f} s ({output}); again {again:.2f} s", flush=True)
    return {**results, "files": files, "size": size, "output": output,
            "load": os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0}


def section(result: dict, runs: int) -> str:
    first, again = statistics.median(result["first"]), statistics.median(result["again"])
    verdict = "met" if first <= TARGET_SECONDS else "**not met**"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return "\n".join([
        f"Measured by `bench/notices.py` ({runs} runs, medians; {cores} cores shared with other work, load average "
        f"{result['load']:.1f}; Python {platform.python_version()}): {result['files']:,} notices "
        f"({result['size'] / 1e6:.0f} MB of XML, the "
        "sample's example notices with fresh identifiers) imported into a copy of the sample with "
        "`build.py import notices FOLDER`, each in a process of its own.",
        "",
        "| notices | import | importing again (nothing changes) | peak memory | target: ≤ 30 s |",
        "|---|---|---|---|---|",
        f"| {result['files']:,} | {first:.2f} s ({min(result['first']):.2f}–{max(result['first']):.2f}) | "
        f"{again:.2f} s | {statistics.median(result['memory']):.0f} MiB | {verdict} |",
        "",
        f"The import said: `{result['output']}`",
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "docs/performance.md")
    arguments = parser.parse_args()
    result = measure(arguments.notices, arguments.runs)
    text = arguments.out.read_text(encoding="utf-8") if arguments.out.exists() \
        else "<!-- notices -->\n<!-- /notices -->\n"
    if not MARKER.search(text):
        raise SystemExit(f"{arguments.out} has no <!-- notices --> ... <!-- /notices --> markers")
    arguments.out.write_text(MARKER.sub(lambda match: match[1] + section(result, arguments.runs)
                                        + match[2], text), encoding="utf-8")


if __name__ == "__main__":
    main()
