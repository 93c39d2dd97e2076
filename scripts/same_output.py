"""Show that a change to the generator's code leaves the built sites byte for byte as they were.

Builds the shipped sample (with its history from git) and the two-round fixture of
tests/rounds_fixture.py (with both rounds and their council reports) twice: with the code
of COMMIT and with the code of the working tree, into folders of their own, and compares
every file. Both builds read the same project at the same moment, so only the code differs.
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
            rounds = scratch_path / "rounds"
            subprocess.run([sys.executable, str(ROOT / "tests" / "rounds_fixture.py"), str(rounds)], check=True)
            differences = 0
            for name, project in (("sample", ROOT), ("two rounds", rounds)):
                old, new = scratch_path / f"{name}-before", scratch_path / f"{name}-after"
                build(before, project, old)
                build(ROOT, project, new)
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
