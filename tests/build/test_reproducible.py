"""Two builds of the same sources give byte-identical output, whatever the process or the day.

Each build runs in its own process with another hash seed (so set and dict-of-set
orders differ), with SOURCE_DATE_EPOCH standing in for the clock and no `as_of` in
the configuration, and with and without the search index's own ordering to settle.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tools import ROOT

EPOCH = "1571529600"  # 2019-10-20


def tree(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_two_builds_in_different_processes_are_byte_identical(tmp_path):
    source = tmp_path / "site"
    for name in ("content", "theme", "site_config.yaml"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, source / name)
    config = source / "site_config.yaml"
    config.write_text(re.sub(r"(?m)^as_of: .*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--no-cache", "-C", str(source),
                        "--out", str(out)], check=True, capture_output=True, env=environment, timeout=300)
        outputs.append(tree(out))
    assert len(outputs[0]) > 200
    assert [path for path in outputs[0] if outputs[0][path] != outputs[1].get(path)] == []
    assert outputs[0] == outputs[1]
    page = (tmp_path / "out-1/tilannekatsaus/index.html").read_text(encoding="utf-8")
    assert 'datetime="2019-10-20"' in page, "the as-of date comes from SOURCE_DATE_EPOCH"
