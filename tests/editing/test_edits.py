"""Content files written by import and the web editor: all of them or none."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from katalogi.base.errors import Failure
from katalogi.cli import cli
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


@pytest.fixture
def umask():
    """Set the process's umask for one test, and put the old one back."""
    previous = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(previous)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_new_file_gets_the_mode_the_umask_gives_not_0600(tmp_path, umask, mask, mode):
    umask(mask)
    write_all({tmp_path / "new.xlsx": b"workbook"})
    assert (tmp_path / "new.xlsx").stat().st_mode & 0o777 == mode


def test_export_and_import_write_new_files_readable_by_others(project, tmp_path, umask):
    root = project()
    book = tmp_path / "book.xlsx"
    assert CliRunner().invoke(cli, ["export", "xlsx", str(book), "-C", str(root)]).exit_code == 0
    csv_file = tmp_path / "hankinnat.csv"
    csv_file.write_text("tunniste;nimi;hankintayksikkö;päivämäärä\n2024-1;Siivous;ympa;2024-05-02\n",
                        encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "procurements", str(csv_file), "-C", str(root)])
    assert result.exit_code == 0, result.output
    written = [book, root / "content/procurements/2024.yaml"]
    assert {path.name: oct(path.stat().st_mode & 0o777) for path in written} == \
        {path.name: "0o644" for path in written}
