"""A build killed at any moment, or unable to write, keeps a complete site in output/.

The build of a hundred actions runs in a subprocess and is killed with SIGKILL,
many times over: half of the runs after a random delay, half at a random one of
the build's own file operations (the subprocess kills itself just before it), so
every step of writing and swapping is hit regardless of how fast the machine is.
After each kill output/ must be exactly the previous complete site or the new one.
"""

from __future__ import annotations

import hashlib
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import write_project
from tools import ROOT

from katalogi.build.write import clean_up_after_killed_builds, staging_prefix, write_site

ACTIONS = 120  # a few hundred files: every kind of file operation, many times over
REPETITIONS = 30

# Runs the CLI after making the process SIGKILL itself just before file operation number KILL_AT.
KILL_AT_OPERATION = """
import os, shutil, signal, sys
from pathlib import Path
import katalogi.build.write

count, kill_at = 0, int(os.environ["KILL_AT"])

def counted(function):
    def wrapper(*args, **kwargs):
        global count
        count += 1
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return function(*args, **kwargs)
    return wrapper

Path.write_text = counted(Path.write_text)
Path.mkdir = counted(Path.mkdir)
Path.rename = counted(Path.rename)
shutil.copyfile = counted(shutil.copyfile)
os.unlink = counted(os.unlink)
os.rmdir = counted(os.rmdir)
katalogi.build.write._exchange = counted(katalogi.build.write._exchange)

from katalogi.cli import cli
cli(sys.argv[1:], prog_name="build.py")
"""


def action(number: int, version: str) -> str:
    return (f'id: a{number}\nname: Toimenpide {number} {version}\ndescription: |\n  Kuvaus {number}, **{version}**.\n'
            "categories: [hankinnat]\norganisations:\n  - organisation: ympa\nstatus: on_time\n"
            "tasks:\n  - name: Tehtävä\n    due: 2020-02-01\n")


def write_version(root: Path, version: str) -> None:
    for number in range(ACTIONS):
        (root / f"content/actions/a{number}.yaml").write_text(action(number, version), encoding="utf-8")


def manifest(folder: Path) -> dict[str, str]:
    """Every file below `folder` with the hash of its bytes; what 'the same site' means here."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def build_command(root: Path) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "build", "-C", str(root)]


def build_fully(root: Path) -> None:
    subprocess.run(build_command(root), check=True, capture_output=True, timeout=120)


def kill_after(delay: float, root: Path) -> None:
    process = subprocess.Popen(build_command(root), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)


def kill_at_operation(operation: int, root: Path) -> None:
    subprocess.run([sys.executable, "-c", KILL_AT_OPERATION, "build", "-C", str(root)], cwd=ROOT,
                   env={**os.environ, "KILL_AT": str(operation)}, capture_output=True, timeout=120, check=False)


def count_operations(root: Path) -> int:
    """How many counted file operations a whole build does (a kill point past the end never fires)."""
    script = KILL_AT_OPERATION.replace("cli(sys.argv[1:]", "try:\n    cli(sys.argv[1:]").replace(
        'prog_name="build.py")', 'prog_name="build.py", standalone_mode=False)\nfinally:\n    print(count)')
    result = subprocess.run([sys.executable, "-c", script, "build", "--no-cache", "-C", str(root)], cwd=ROOT,
                            check=True,
                            env={**os.environ, "KILL_AT": "0"}, capture_output=True, text=True, timeout=120)
    return int(result.stdout.split()[-1])


def test_a_build_killed_at_random_moments_leaves_a_complete_site(tmp_path):
    root = write_project(tmp_path / "site", {})
    out = root / "output"
    sites = {}
    for version in ("A", "B"):
        write_version(root, version)
        started = time.monotonic()
        build_fully(root)
        duration = time.monotonic() - started
        sites[version] = manifest(out)
    assert sites["A"] != sites["B"] and len(sites["A"]) > ACTIONS
    operations = count_operations(root)
    assert operations > 2 * ACTIONS, "every page written is a counted operation"

    chance = random.Random(20191015)
    outcomes = []
    for repetition in range(REPETITIONS):
        current = next(version for version, files in sites.items() if manifest(out) == files)
        write_version(root, "B" if current == "A" else "A")
        if repetition % 2:
            kill_after(chance.uniform(0, duration * 1.2), root)
        else:
            kill_at_operation(chance.randint(1, operations), root)
        assert out.is_dir(), f"output/ missing after kill {repetition}"
        now = manifest(out)
        assert now in sites.values(), f"output/ is neither complete site after kill {repetition}"
        outcomes.append(next(version for version, files in sites.items() if now == files))

    build_fully(root)
    leftovers = [path.name for path in root.iterdir() if path.name.startswith(".output.")]
    # the spare is the build's own copy of a site, trusted only while its record says it is whole
    assert leftovers == [".output.spare"], "the next complete build removes what killed builds left"
    assert manifest(out) in sites.values()
    for version in ("A", "B", "A"):  # whatever a killed build left in the spare, the next builds are right
        write_version(root, version)
        build_fully(root)
        assert manifest(out) == sites[version]


KILLED_WHILE_WORKERS_SEND = """
import os, signal, time
from katalogi.base.parallel import parallel_map

def page(number):
    if number == 0:  # in a worker: the build is killed while the workers go on sending
        time.sleep(0.5)
        os.kill(os.getppid(), signal.SIGKILL)
    return "x" * 100_000

parallel_map(page, list(range(400)), 2)
"""


def test_the_workers_of_a_killed_build_end_too():
    """A worker must not wait for ever to hand its pages to a build that was killed (it would hold the pipes
    of whoever started the build, here subprocess.run's, which then never returns)."""
    finished = subprocess.run([sys.executable, "-c", KILLED_WHILE_WORKERS_SEND], cwd=ROOT, capture_output=True,
                              timeout=60, check=False)
    assert finished.returncode == -signal.SIGKILL
    assert finished.stderr == b"", "a worker ends quietly when nobody waits for its results"


def test_staging_folders_of_dead_builds_are_removed_and_of_live_ones_kept(tmp_path):
    out = tmp_path / "output"
    finished = subprocess.Popen(["true"])
    finished.wait()
    dead = tmp_path / f"{staging_prefix(out)}{finished.pid}-abc"
    alive = tmp_path / f"{staging_prefix(out)}{os.getpid()}-def"
    unrelated = tmp_path / ".other.building-1-x"
    for folder in (dead, alive, unrelated):
        (folder / "sub").mkdir(parents=True)
        (folder / "sub/index.html").write_text("puolikas", encoding="utf-8")
    write_site(out, {"index.html": "uusi"}, {})
    assert not dead.exists() and alive.exists() and unrelated.exists()
    assert (out / "index.html").read_text(encoding="utf-8") == "uusi"


def test_a_site_parked_by_an_interrupted_fallback_swap_is_restored(tmp_path):
    """Without renameat2 the swap is two renames; killed between them, output/ waits in output.previous."""
    out = tmp_path / "output"
    write_site(out, {"index.html": "vanha"}, {})
    out.rename(tmp_path / "output.previous")
    clean_up_after_killed_builds(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "vanha"
    assert not (tmp_path / "output.previous").exists()


@pytest.mark.parametrize("path", ["../x.html", "/etc/x.html", "a/../../x.html", "a\\..\\x.html", "", "a//b.html",
                                  "./x.html", "x\x00.html"])
def test_paths_that_would_leave_output_are_refused(tmp_path, path):
    with pytest.raises(OSError, match="refusing a path that leads outside the output folder"):
        write_site(tmp_path / "output", {"index.html": "x", path: "y"}, {})
    assert not (tmp_path / "output").exists() and list(tmp_path.iterdir()) == []


def test_a_page_and_a_theme_file_on_the_same_path_are_refused(tmp_path):
    css = tmp_path / "style.css"
    css.write_text("body{}", encoding="utf-8")
    with pytest.raises(OSError, match="a page and a theme file would be written to the same path"):
        write_site(tmp_path / "output", {"static/style.css": "x"}, {"static/style.css": css})


def test_a_real_write_failure_gives_a_clear_error_and_keeps_the_previous_site(project):
    """The disk fills up: a file size limit makes every write past it fail with EFBIG, in a real process."""
    root = project()
    build_fully(root)
    before = manifest(root / "output")
    (root / "content/actions/2.yaml").write_text('id: "2"\nname: Uusi nimi\ndescription: D\nstatus: done\n',
                                                 encoding="utf-8")

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of killing the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    result = subprocess.run(build_command(root), capture_output=True, text=True, timeout=120,
                            preexec_fn=small_disk, check=False)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith("cannot write the site (File too large); the previous output is kept\n")
    assert manifest(root / "output") == before
    assert not [path for path in root.iterdir() if path.name.startswith(".output.") and path.name != ".output.spare"]
