"""Measure the live preview: from saving an action's file to the reloaded page in a real browser.

    make bench-live                                 # 1,000 actions, 20 saves of each kind -> docs/live-preview.md
    .venv/bin/python bench/live.py --actions 1000 --saves 10 --out /tmp/live.md
    .venv/bin/python bench/live.py --out docs/live-preview.md --against b5e5769   # and the code of a commit

It generates a catalogue (bench/generate.py), starts `build.py serve` on it, opens
an action page in headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright) and then, again and again, rewrites that action's file and waits for
the browser's `load` event of the reloaded page, checking that the page shows the
edit. The clock starts just before the file is written and stops at `load`.

Kinds of save, alternated: the description (the page itself, lists and dashboard
after it) and the name (also the neighbours' previous/next links). Saves come
`--pause` seconds apart; the search index is rebuilt in the background after two
quiet seconds, so with the default pause of 3 s it starts between saves, and a
save that comes while it still runs stops it, as an editor's would.

Reference in the same session: a plain reload of the same page with no change
(what the browser and server take anyway). The medians go to `--out` as Markdown.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import socket
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

from katalogi.devserver.serve import SourceWatcher  # noqa: E402

STEP_MS = SourceWatcher.STEP_MS

CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_server(url: str, log: Path, seconds: float = 300) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer {url}; its output:\n{log.read_text(errors='replace')}")


def measure(count: int, saves: int, pause: float, code: Path = ROOT) -> dict[str, list[float]]:
    """The saves' and reloads' times with the dev server of the checkout `code`."""
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="katalogi-live-"))
    generate(count, folder)
    (folder / "theme").unlink()
    (folder / "theme").symlink_to(code / "theme", target_is_directory=True)  # the theme of the code measured
    actions = sorted((folder / "content/actions").glob("*.yaml"))
    file = actions[len(actions) // 2]
    identifier = file.stem
    port = free_port()
    url = f"http://127.0.0.1:{port}/toimenpiteet/{identifier}/"
    log = folder / "serve.log"
    with open(log, "wb") as output:
        server = subprocess.Popen([sys.executable, str(code / "build.py"), "serve", "-C", str(folder),
                                   "--port", str(port)], stdout=output, stderr=subprocess.STDOUT,
                                  env={**os.environ, "PYTHONUNBUFFERED": "1"})
    times: dict[str, list[float]] = {"description": [], "name": [], "plain reload": []}
    try:
        wait_for_server(url, log)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page()
            page.goto(url)  # livereload.js connects within the pause before each save
            original = file.read_text(encoding="utf-8")
            for number in range(saves * 2):
                time.sleep(pause)
                kind = ("description", "name")[number % 2]
                marker = f"Mittaus {number}"
                if kind == "name":
                    text = re.sub(r"^name: .*$", f"name: {marker}", original, count=1, flags=re.MULTILINE)
                else:
                    text = original.replace("description: |\n", f"description: |\n  {marker}.\n\n", 1)
                with page.expect_event("load", timeout=20_000):
                    started = time.perf_counter()
                    file.write_text(text, encoding="utf-8")
                times[kind].append(time.perf_counter() - started)
                shown = page.inner_text("h1" if kind == "name" else "main")
                if marker not in shown:
                    raise SystemExit(f"save {number}: the reloaded page does not show {marker!r}")
            for _ in range(saves):
                time.sleep(0.2)
                started = time.perf_counter()
                page.reload(wait_until="load")
                times["plain reload"].append(time.perf_counter() - started)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    # The server's own part of each save, as it printed it: "Updated 1 page(s) in 56 ms, ..."
    times["server"] = [float(ms) / 1000 for ms in re.findall(r"^Updated \d+ page\(s\) in (\d+) ms",
                                                             log.read_text(errors="replace"), re.MULTILINE)]
    return times


GOAL_MS = 300

EXPLANATION = """\
What happens in between (katalogi/devserver/live.py, katalogi/build/engine.py): watchfiles reports
the save after {step} ms without further events; only the saved file is read and checked
again; the catalogue is checked and linked as a whole; the action's own page is
rendered and written; livereload tells the browser to reload. Meanwhile a thread works
out which other pages the save changed (every page's inputs), and its lists, the
dashboard, feeds and data files follow in a forked process at the lowest priority (a
request for one of those pages waits until it is written). Python's cycle
collector waits for a pause in the edits, and so does the search index (Pagefind, also at
the lowest priority, and stopped by the next save). The server prints how long its part
took after each save (`Updated 1 page(s) in 56 ms, 41 more following.`).

The reference row is the same page reloaded with no change: what the browser and the
server take anyway on this machine, so the rest of the saves' time is the update.
"""


def against(revision: str, count: int, saves: int, pause: float) -> dict[str, list[float]]:
    """The same measurement with the dev server of another commit, checked out beside this one for the run."""
    folder = Path(tempfile.mkdtemp(prefix="katalogi-against-"))
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(folder), revision],
                   check=True)
    try:
        return measure(count, saves, pause, folder)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)], check=False)


def comparison(ours: dict[str, list[float]], theirs: dict[str, list[float]], revision: str) -> list[str]:
    def median(times: dict[str, list[float]], kind: str) -> str:
        values = times["description"] + times["name"] if kind == "saves" else times[kind]
        return f"{statistics.median(values) * 1000:.0f} ms"

    return ["", f"Against commit {revision}, measured by the same command right after:", "",
            f"| | this code | {revision} |", "|---|---|---|",
            *(f"| {label} | **{median(ours, kind)}** | {median(theirs, kind)} |"
              for label, kind in (("all saves -> reloaded", "saves"), ("the server's part", "server"),
                                  ("plain reload (reference)", "plain reload")))]


def report(times: dict[str, list[float]], arguments, command: str) -> str:
    cores = len(os.sched_getaffinity(0))
    lines = ["# Live preview: save to reloaded page", "",
             f"Measured by `bench/live.py` ({arguments.actions:,} generated actions, one language; "
             f"{arguments.saves} saves of each kind, {arguments.pause} s apart; headless Chromium). "
             f"Regenerate with `{command}`.", "",
             f"Machine: {cores} cores available; {platform.system()} {platform.release()}; "
             f"Python {platform.python_version()}.", "",
             f"Goal: median at most {GOAL_MS} ms.", "",
             "| | median | fastest | slowest |", "|---|---|---|---|"]
    labels = {"plain reload": "plain reload, no change (reference)",
              "server": "of a save: the server's part, as it printed it"}
    for kind, values in times.items():
        label = labels.get(kind, f"save the {kind} -> reloaded")
        lines.append(f"| {label} | **{statistics.median(values) * 1000:.0f} ms** | {min(values) * 1000:.0f} ms "
                     f"| {max(values) * 1000:.0f} ms |")
    saves = times["description"] + times["name"]
    lines += ["", f"All saves: median {statistics.median(saves) * 1000:.0f} ms, "
              f"{statistics.median(saves) / statistics.median(times['plain reload']):.1f}x the plain reload.", "",
              EXPLANATION.format(step=STEP_MS)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=20, help="saves of each kind")
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between saves")
    parser.add_argument("--out", type=Path, help="write the results here as Markdown")
    parser.add_argument("--against", metavar="COMMIT", help="also measure the dev server of this commit, after")
    arguments = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt install chromium")
    command = ("make bench-live" if sys.argv[1:] == ["--out", "docs/live-preview.md"]
               else f".venv/bin/python bench/live.py {' '.join(sys.argv[1:])}")
    ours = measure(arguments.actions, arguments.saves, arguments.pause)
    text = report(ours, arguments, command)
    if arguments.against:
        theirs = against(arguments.against, arguments.actions, arguments.saves, arguments.pause)
        text += "\n".join(comparison(ours, theirs, arguments.against)) + "\n"
    print(text)
    if arguments.out:
        arguments.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
