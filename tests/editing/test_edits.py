"""Content files written by import and the web editor: all of them or none."""

from __future__ import annotations

import pytest

from katalogi.base.errors import Failure
from katalogi.editing.edits import write_all


def test_every_file_is_written_keeping_the_mode_of_those_that_exist(tmp_path):
    existing = tmp_path / "content/actions/1.yaml"
    existing.parent.mkdir(parents=True)
    existing.write_bytes(b"old\n")
    existing.chmod(0o640)
    new = tmp_path / "content/procurements/2024.yaml"
    write_all({existing: b"new\n", new: b"records\n"})
    assert (existing.read_bytes(), new.read_bytes()) == (b"new\n", b"records\n")
    assert existing.stat().st_mode & 0o777 == 0o640
    assert sorted(path.name for path in tmp_path.rglob("*") if path.is_file()) == ["1.yaml", "2024.yaml"]


def test_a_file_that_cannot_be_written_changes_no_file(tmp_path):
    first = tmp_path / "a.yaml"
    first.write_bytes(b"old\n")
    (tmp_path / "not-a-folder").write_bytes(b"")
    with pytest.raises(Failure) as failed:
        write_all({first: b"new\n", tmp_path / "not-a-folder/b.yaml": b"b\n"})
    assert first.read_bytes() == b"old\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.yaml", "not-a-folder"], "no temporary left"
    assert failed.value.text().startswith(f"{tmp_path / 'not-a-folder'}: cannot write (")
    assert failed.value.text().endswith("); no file was changed")
