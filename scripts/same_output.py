"""Show that a change to the generator's code leaves the built sites byte for byte as they were.

Builds the shipped sample (with its history from git) and the two-round fixture of
tests/rounds_fixture.py (with both rounds and their council reports) twice: with the code
and theme of COMMIT (a worktree of it) and with those of the working tree, into folders of
their own, and compares every file. The two-round fixture is made once, by COMMIT's script,
so both builds read the same commits and tags; the working tree's theme and templates are
copied over it for the second build.
Used to prove that a refactoring (moving modules into packages) changed no output.

    .venv/bin/python scripts/same_output.py COMMIT      # exit 0: identical; 1: lists the differences
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def digests(folder: Path) -> dict[str, str]:
    """Every file under `folder` by its relative path, with the BLAKE2 digest of its bytes."""
    return {str(path.relative_to(folder)): hashlib.blake2b(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def build(code: Path, project: Path, out: Path) -> None:
    """Build `project` into `out` with the generator whose code is in `code`."""
    environment = {**os.environ, "PYTHONPATH": str(code), "LANG": "C.UTF-8"}
    subprocess.run([sys.executable, str(code / "build.py"), "build", "-C", str(project), "--out", str(out),
                    "--no-cache", "--no-search", "--lang", "en"], check=True, env=environment, cwd=code)


def main(commit: str) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        scratch_path = Path(scratch)
        before = scratch_path / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(before), commit], check=True,
                       capture_output=True)
        try:
            differences = 0
            rounds_before = scratch_path / "rounds-before"
            subprocess.run([sys.executable, str(before / "tests" / "rounds_fixture.py"), str(rounds_before)],
                           check=True, capture_output=True)
            rounds_after = scratch_path / "rounds-after"  # the same commits, with this tree's theme and templates
            shutil.copytree(rounds_before, rounds_after, symlinks=True)
            for folder in ("theme", "templates"):
                shutil.rmtree(rounds_after / folder, ignore_errors=True)
                if (ROOT / folder).is_dir():
                    shutil.copytree(ROOT / folder, rounds_after / folder)
            for name, project_before, project_after in (("sample", before, ROOT),
                                                        ("two rounds", rounds_before, rounds_after)):
                old, new = scratch_path / f"{name}-before", scratch_path / f"{name}-after"
                build(before, project_before, old)
                build(ROOT, project_after, new)
                old_files, new_files = digests(old), digests(new)
                changed = sorted(path for path in old_files.keys() | new_files.keys()
                                 if old_files.get(path) != new_files.get(path))
                for path in changed:
                    print(f"{name}: {path}: " + ("only before" if path not in new_files else
                                                "only after" if path not in old_files else "differs"))
                print(f"{name}: {len(new_files)} files, {len(changed)} differ")
                differences += len(changed)
            return 1 if differences else 0
        finally:
            shutil.rmtree(before, ignore_errors=True)
            subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], check=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "HEAD"))
