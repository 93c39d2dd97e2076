"""The build cache and the parallel build never change what is built, only how fast."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from katalogi.base.parallel import worker_count
from katalogi.build import cache as cache_module
from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project


def tree(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def clean_build(root: Path, out: Path) -> dict[str, str]:
    build(Project(root), out, jobs=1)
    return tree(out)


EDITS = {
    "content": lambda root: (root / "content/actions/1.yaml").write_text(
        (root / "content/actions/1.yaml").read_text(encoding="utf-8").replace("Ensimmäinen", "Muutettu"),
        encoding="utf-8"),
    "new content file": lambda root: (root / "content/actions/3.yaml").write_text(
        'id: "3"\nname: Kolmas\ndescription: D\nstatus: on_time\n', encoding="utf-8"),
    "deleted content file": lambda root: (root / "content/actions/2.yaml").unlink(),
    "site template": lambda root: (root / "templates").mkdir() or (root / "templates/404.html").write_text(
        "<!doctype html><title>oma</title>\n", encoding="utf-8"),
    "theme template": lambda root: (root / "theme/templates/404.html").write_text(
        (root / "theme/templates/404.html").read_text(encoding="utf-8") + "<!-- muutettu -->\n", encoding="utf-8"),
    "theme asset": lambda root: (root / "theme/static/style.css").write_text("body { color: #000; }\n",
                                                                             encoding="utf-8"),
    "configuration": lambda root: (root / "site_config.yaml").write_text(
        (root / "site_config.yaml").read_text(encoding="utf-8").replace("Testikatalogi", "Uusi nimi"),
        encoding="utf-8"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_warm_cache_builds_exactly_what_a_clean_build_does_after_an_edit(project, tmp_path, edit):
    root = project()
    cache, out = tmp_path / "cache", tmp_path / "cached"
    build(Project(root), out, cache_folder=cache)
    EDITS[edit](root)
    built = build(Project(root), out, cache_folder=cache)
    assert not built.skipped
    assert tree(out) == clean_build(root, tmp_path / "clean")


def test_a_new_generator_version_ignores_the_old_cache(project, tmp_path, monkeypatch):
    root = project()
    cache, out = tmp_path / "cache", tmp_path / "cached"
    build(Project(root), out, cache_folder=cache)
    assert cache_module.read_kept(cache, "last-build.pickle") is not None
    assert cache_module.CheckStore(cache).entries, "the first build filled the cache"
    monkeypatch.setattr(cache_module, "code_version", lambda: "another version")
    assert cache_module.read_kept(cache, "last-build.pickle") is None
    assert cache_module.CheckStore(cache).entries == {}
    assert not build(Project(root), out, cache_folder=cache).skipped
    assert tree(out) == clean_build(root, tmp_path / "clean")


def test_an_unchanged_project_is_not_built_again_unless_its_output_was_touched(project, tmp_path):
    root = project()
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = build(Project(root), out, cache_folder=cache)
    again = build(Project(root), out, cache_folder=cache)
    assert (again.skipped, again.actions, again.quality_warnings) == (True, first.actions, first.quality_warnings)
    expected = tree(out)
    (out / "404.html").write_text("rikottu", encoding="utf-8")
    assert not build(Project(root), out, cache_folder=cache).skipped
    assert tree(out) == expected
    (out / "404.html").unlink()
    assert not build(Project(root), out, cache_folder=cache).skipped
    assert tree(out) == expected
    assert not build(Project(root), tmp_path / "elsewhere", cache_folder=cache).skipped


def test_a_broken_cache_file_is_ignored(project, tmp_path):
    root = project()
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(Project(root), out, cache_folder=cache)
    for stored in cache.rglob("*"):
        if stored.is_file():
            stored.write_bytes(b"not a pickle")
    assert not build(Project(root), out, cache_folder=cache).skipped
    assert tree(out) == clean_build(root, tmp_path / "clean")


def many_actions(count: int) -> dict[str, str]:
    return {f"content/actions/{number}.yaml":
            f'id: "{number}"\nname: Toimenpide {number}\ndescription: Kuvaus **{number}**.\nstatus: on_time\n'
            f"categories: [hankinnat]\norganisations:\n  - organisation: ympa\ncontacts: [mia]\n"
            f"tasks:\n  - name: Tehtävä\n    due: 2020-0{1 + number % 9}-01\n"
            for number in range(3, count + 3)}


def test_parallel_build_equals_single_process_build(project, tmp_path):
    root = project(many_actions(700))
    assert worker_count(3, 700) == 3, "700+ files and pages: three processes for each step"
    serial = clean_build(root, tmp_path / "serial")
    build(Project(root), tmp_path / "parallel", jobs=3)
    assert tree(tmp_path / "parallel") == serial
    assert len(serial) > 700


def test_a_misplaced_file_is_reported_even_when_nothing_else_changed(project, tmp_path):
    from katalogi.base.errors import BuildFailed

    root = project()
    build(Project(root), tmp_path / "out", cache_folder=tmp_path / "cache")
    (root / "content/toimenpiteet").mkdir()
    (root / "content/toimenpiteet/3.yaml").write_text("id: '3'\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(Project(root), tmp_path / "out", cache_folder=tmp_path / "cache")


def test_work_begun_in_the_background_gives_its_result_or_its_exception():
    from katalogi.base.parallel import Background

    begun = Background(sorted, [3, 1, 2])
    assert begun.result() == [1, 2, 3]
    assert begun.result() == [1, 2, 3]  # asked again: the same value, the process is gone
    failing = Background(int, "kolme")
    with pytest.raises(ValueError, match="kolme"):
        failing.result()
    slow = Background(__import__("time").sleep, 30)
    slow.cancel()  # ends at once, not in 30 s
    assert slow.worker is None


def test_a_build_overtaken_by_others_walks_output_again_and_writes_the_site_it_read(project, tmp_path, monkeypatch):
    """output/ and its spare are walked as a build begins. Were two other builds to finish before it writes, the
    spare would hold their pages, not those walked: the build sees that the record changed, walks again, and
    swaps in exactly the site of the content it read (the next build then brings in the others' edits)."""
    import shutil

    from katalogi.build import pipeline

    root = project()
    cache, out = tmp_path / "cache", tmp_path / "out"
    action = root / "content/actions/1.yaml"
    for before, after in (("Ensimmäinen", "Yksi"), ("Yksi", "Kaksi"), ("Kaksi", "Kolme")):
        build(Project(root), out, cache_folder=cache)  # the last two leave a spare to trust
        action.write_text(action.read_text(encoding="utf-8").replace(f"name: {before}", f"name: {after}"),
                          encoding="utf-8")
    as_read = tmp_path / "as-read"
    shutil.copytree(root, as_read)
    real_write_build = pipeline.write_build

    def two_other_builds_first(*args, **kwargs):
        monkeypatch.setattr(pipeline, "write_build", real_write_build)
        other = root / "content/actions/2.yaml"
        for lead in ("Välissä", "Välissä taas"):
            other.write_text(other.read_text(encoding="utf-8").split("lead:")[0] + f"lead: {lead}.\n",
                             encoding="utf-8")
            build(Project(root), out, cache_folder=cache)
        return real_write_build(*args, **kwargs)

    monkeypatch.setattr(pipeline, "write_build", two_other_builds_first)
    build(Project(root), out, cache_folder=cache)
    assert tree(out) == clean_build(as_read, tmp_path / "clean-as-read")
    build(Project(root), out, cache_folder=cache)
    assert tree(out) == clean_build(root, tmp_path / "clean")


def test_parallel_work_comes_back_in_order_the_heaviest_begun_first(tmp_path, monkeypatch):
    """Workers take small shares as they become free, the heaviest items first (a council report's PDF is
    not left for the end); the results are in the items' order whatever the order of the work."""
    from katalogi.base import parallel

    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    log = tmp_path / "begun"

    def work(item: str) -> str:
        with open(log, "a", encoding="utf-8") as file:
            file.write(item)
        return item.upper()

    items = list("abcdefghij") * 20
    weights = [1] * len(items)
    weights[-1] = 400  # the last item is the heaviest: begun first
    assert parallel.parallel_map(work, items, jobs=2, weights=weights) == [item.upper() for item in items]
    begun = log.read_text(encoding="utf-8")
    assert sorted(begun) == sorted(items) and begun[0] == "j", "every item once, the heavy one first"
    assert parallel.parallel_map(str.upper, list("abc"), jobs=2) == list("ABC")
