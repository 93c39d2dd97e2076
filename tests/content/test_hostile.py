"""Hostile YAML, files and names: a clear `path:line` error or a build, never a traceback or a hang.

The real command runs in a subprocess under a memory and CPU limit (RLIMIT_AS,
RLIMIT_CPU) and a wall-clock timeout, so an alias bomb, a deep nesting or a huge
file that escaped the loader's bounds would fail the test instead of the machine.
The limits are generous hang guards, not timings.
"""

from __future__ import annotations

import datetime
import html
import os
import resource
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import TINY_CONFIG, TINY_CONTENT, write_project
from htmlcheck import broken_links
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tools import ROOT

from katalogi.base.addresses import SECTIONS
from katalogi.base.errors import BuildFailed
from katalogi.build.pages import list_pages
from katalogi.build.pipeline import build, check_project
from katalogi.content.files import MAX_FILE_BYTES
from katalogi.content.load import decode, parse_yaml
from katalogi.content.markup import MAX_DEPTH, markdown_to_html
from katalogi.content.model import CONTENT_TYPES
from katalogi.content.validate import check_document
from katalogi.inputs.sources import Project

MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space; a normal check of a small site uses a fraction
CPU_LIMIT = 60  # seconds of CPU
WALL_LIMIT = 120  # seconds

ACTION_2 = 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: done\n'


def limit_resources() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def run_limited(command: str, root: Path) -> subprocess.CompletedProcess:
    """`build.py COMMAND -C root` under the resource limits."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), command, "-C", str(root)],
        cwd=root, capture_output=True, text=True, timeout=WALL_LIMIT, preexec_fn=limit_resources, check=False,
    )


def assert_problems(result: subprocess.CompletedProcess, expected: list[str]) -> None:
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, f"exit {result.returncode}: {result.stderr[-2000:]}"
    assert [line for line in result.stderr.splitlines()[:-1] if ": warning: " not in line] == expected


def billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
    return ACTION_2 + "\n".join(lines) + "\ntasks: *j\n"


HOSTILE = {
    "alias bomb (billion laughs)": (
        {"content/actions/2.yaml": billion_laughs()},
        ["content/actions/2.yaml:5: yaml: anchors (&a) are not allowed in content; write the value out where it "
         "is needed"],
    ),
    "merge key with an alias": (
        {"content/actions/2.yaml": "base: &base\n  status: done\n" + ACTION_2 + "<<: *base\n"},
        ["content/actions/2.yaml:1: yaml: anchors (&base) are not allowed in content; write the value out where "
         "it is needed"],
    ),
    "deeply nested lists": (
        {"content/actions/2.yaml": ACTION_2 + "lead: " + "[" * 200_000 + "]" * 200_000 + "\n"},
        ["content/actions/2.yaml:5: yaml: nested more than 50 levels deep"],
    ),
    "deeply nested mappings, block style": (
        {"content/actions/2.yaml": ACTION_2 + "".join(f"{'  ' * depth}k:\n" for depth in range(2_000))},
        ["content/actions/2.yaml:55: yaml: nested more than 50 levels deep"],
    ),
    "a 50 MB file": (
        {"content/actions/2.yaml": ACTION_2 + "lead: " + "x" * (50 * 1024 * 1024) + "\n"},
        ["content/actions/2.yaml:1: file: the file is larger than 5 MB, the limit for a content file"],
    ),
    "NUL bytes": (
        {"content/actions/2.yaml": ACTION_2 + "lead: a\x00b\n"},
        ["content/actions/2.yaml:5: yaml: character #x0000 is not allowed in YAML"],
    ),
    "NUL and other control characters written as escapes": (
        {"content/actions/2.yaml": ACTION_2 + 'lead: "a\\0b"\nstatus_reason: "\\x1b[31m"\n'},
        ["content/actions/2.yaml:5: yaml: the control character #x0000 is not allowed in content; remove it"],
    ),
    "tabs for indentation": (
        {"content/actions/2.yaml": ACTION_2 + "timespan:\n\tstart: 2019-01-01\n"},
        ["content/actions/2.yaml:6: yaml: found character that cannot start any token (while scanning for "
         "the next token started on line 6); YAML does not allow tabs for indentation, use spaces"],
    ),
    "bytes that are not UTF-8": (
        {"content/actions/2.yaml": ACTION_2.encode() + b"lead: \xff\xfe\n"},
        ["content/actions/2.yaml:5: encoding: the file is not UTF-8 (byte 0xff); save it as UTF-8"],
    ),
    "UTF-16 with a byte-order mark": (
        {"content/actions/2.yaml": ACTION_2.encode("utf-16")},
        ["content/actions/2.yaml:1: encoding: the file is not UTF-8 (byte 0xff); save it as UTF-8"],
    ),
    "duplicate keys": (
        {"content/actions/2.yaml": ACTION_2 + "status: on_time\n"},
        ["content/actions/2.yaml:5: yaml: duplicate key 'status' (first given on line 4)"],
    ),
    "a tag that would run code": (
        {"content/actions/2.yaml": ACTION_2 + "lead: !!python/object/apply:os.system [touch /tmp/pwned]\n"},
        ["content/actions/2.yaml:5: yaml: YAML tags (!!python/object/apply:os.system) are not allowed in content; "
         "remove the tag and write the value"],
    ),
    "a custom tag": (
        {"content/actions/2.yaml": ACTION_2 + "lead: !include /etc/passwd\n"},
        ["content/actions/2.yaml:5: yaml: YAML tags (!include) are not allowed in content; remove the tag and write "
         "the value"],
    ),
    "an empty file": (
        {"content/actions/2.yaml": ""},
        ["content/actions/2.yaml:1: file: the file is empty; expected a mapping of fields"],
    ),
    "only a byte-order mark": (
        {"content/actions/2.yaml": b"\xef\xbb\xbf"},
        ["content/actions/2.yaml:1: file: the file is empty; expected a mapping of fields"],
    ),
    "CRLF line ends with a mistake": (
        {"content/actions/2.yaml": (ACTION_2 + "order: ensin\n").replace("\n", "\r\n")},
        ["content/actions/2.yaml:5: order: expected a whole number, got 'ensin'"],
    ),
    "several documents": (
        {"content/actions/2.yaml": ACTION_2 + "---\n" + ACTION_2},
        ["content/actions/2.yaml:5: yaml: found another document (expected a single document in the stream "
         "started on line 1)"],
    ),
}


@pytest.mark.parametrize(("files", "expected"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_yaml_gives_a_located_error_within_bounds(project, files, expected):
    assert_problems(run_limited("check", project(files)), expected)


def test_byte_order_mark_and_crlf_line_ends_build(project):
    root = project({"content/actions/2.yaml": b"\xef\xbb\xbf" + ACTION_2.replace("\n", "\r\n").encode()})
    result = run_limited("build", root)
    assert result.returncode == 0, result.stderr
    assert "<h1>Toinen</h1>" in (root / "output/toimenpiteet/2/index.html").read_text(encoding="utf-8")


def test_markdown_nested_a_million_levels_deep_builds_within_bounds(project):
    """HTML parsers take time with the square of the nesting depth; such a text is shown as text instead."""
    texts = {"3": "<div>" * 800_000, "4": "> " * 1_000_000 + "x", "5": "<b>x</p>" * 300_000}
    root = project({f"content/actions/{number}.yaml": f"id: '{number}'\nname: Syvä\nstatus: done\n"
                    f"description: '{text}'\n" for number, text in texts.items()})
    result = run_limited("build", root)
    assert result.returncode == 0, result.stderr[-2000:]
    page = (root / "output/toimenpiteet/3/index.html").read_text(encoding="utf-8")
    assert "&lt;div&gt;" * 1000 in page and "<div><div>" not in page


def test_nesting_deeper_than_the_limit_is_text_and_ordinary_nesting_is_markup():
    deep = "<div>" * (MAX_DEPTH + 1)
    assert markdown_to_html(deep) == f"<p>{html.escape(deep)}</p>\n"
    nested_list = "".join(f"{'  ' * level}- kohta {level}\n" for level in range(10))
    assert markdown_to_html("> " * 10 + nested_list).count("<li>") == 10
    assert markdown_to_html("<b>x</p>" * 120).startswith("<p>&lt;b&gt;")  # unclosed tags count as open


def test_file_that_never_ends_is_an_error_not_a_hang(project):
    """A named pipe in content/ would block a plain read for ever."""
    root = project()
    os.mkfifo(root / "content/actions/3.yaml")
    assert_problems(run_limited("check", root), ["content/actions/3.yaml:1: file: not a regular file"])


def test_folder_where_a_file_is_expected(project):
    root = project()
    (root / "content/actions/3.yaml").mkdir()
    assert_problems(run_limited("check", root), ["content/actions/3.yaml:1: file: expected a file, found a folder"])
    (root / "content/actions/3.yaml").rmdir()
    (root / "site_config.yaml").unlink()
    (root / "site_config.yaml").mkdir()
    assert_problems(run_limited("check", root), ["site_config.yaml:1: file: expected a file, found a folder"])


def test_link_in_content_to_a_file_outside_the_project(project, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text('id: "3"\nname: SALAINEN\ndescription: x\nstatus: done\n', encoding="utf-8")
    root = project()
    (root / "content/actions/3.yaml").symlink_to(secret)
    (root / "content/actions/passwd.yaml").symlink_to("/etc/passwd")
    (root / "content/categories/muualla").symlink_to(tmp_path, target_is_directory=True)
    result = run_limited("build", root)
    assert_problems(result, [
        "content/actions/3.yaml:1: file: is a link to a file outside the project; content must be inside the project",
        "content/actions/passwd.yaml:1: file: is a link to a file outside the project; content must be inside "
        "the project",
        "content/categories/muualla:1: file: is a link to a file outside the project; content must be inside "
        "the project",
    ])
    assert "SALAINEN" not in result.stderr and not (root / "output").exists()


def test_content_folder_that_is_a_link_out_of_the_project(project, tmp_path):
    root = project()
    (root / "content").rename(tmp_path / "muualla")
    (root / "content").symlink_to(tmp_path / "muualla", target_is_directory=True)
    assert_problems(run_limited("check", root), [
        "content:1: file: is a link to a folder outside the project; content must be inside the project"])


def test_link_to_a_file_inside_the_project_is_read(project):
    root = project({"shared/3.yaml": 'id: "3"\nname: Jaettu\ndescription: x\nstatus: done\n'})
    (root / "content/actions/3.yaml").symlink_to(root / "shared/3.yaml")
    site = check_project(Project(root)).default
    assert [action.name for action in site.actions] == ["Ensimmäinen", "Toinen", "Jaettu"]


# Paths: names that would escape output/ or collide on another system


def problems(root: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        check_project(Project(root))
    return [str(error) for error in failure.value.errors]


def test_file_names_differing_only_in_case_collide(project):
    root = project({"content/actions/Kolme.yaml": 'id: "3"\nname: A\ndescription: x\nstatus: done\n',
                    "content/actions/kolme.yaml": 'id: "4"\nname: B\ndescription: x\nstatus: done\n'})
    assert problems(root) == ["content/actions/kolme.yaml:1: file: the name differs from content/actions/"
                              "Kolme.yaml only in upper and lower case or in how its letters are encoded; rename one"]


def test_file_names_equal_after_unicode_normalisation_collide(project):
    composed, decomposed = unicodedata.normalize("NFC", "työ"), unicodedata.normalize("NFD", "työ")
    assert composed != decomposed
    root = project({f"content/actions/{composed}.yaml": 'id: "3"\nname: A\ndescription: x\nstatus: done\n',
                    f"content/actions/{decomposed}.yaml": 'id: "4"\nname: B\ndescription: x\nstatus: done\n',
                    "content/categories/ﬁ.yaml": "id: fi1\nname: A\n",  # the ligature fi, NFKC: 'fi'
                    "content/categories/fi.yaml": "id: fi2\nname: B\n"})
    assert sorted(problems(root)) == sorted([
        f"content/actions/{composed}.yaml:1: file: the name differs from content/actions/{decomposed}.yaml only in "
        "upper and lower case or in how its letters are encoded; rename one",
        "content/categories/ﬁ.yaml:1: file: the name differs from content/categories/fi.yaml only in "
        "upper and lower case or in how its letters are encoded; rename one",
    ])


@pytest.mark.parametrize("name", ["con.yaml", "NUL.yaml", "aux.yml", "com1.yaml", "lpt9.yaml", "con.backup.yaml"])
def test_file_names_reserved_on_windows_are_errors(project, name):
    root = project({f"content/categories/{name}": "id: uusi\nname: Uusi\n"})
    assert problems(root) == [f"content/categories/{name}:1: file: '{name}' is a reserved name on Windows; "
                              "rename the file"]


@pytest.mark.parametrize("name", ["a:b.yaml", "kysymys?.yaml", "tähti*.yaml", "kansio./x.yaml", 'lainaus".yaml',
                                  "vinoviiva\\.yaml", "rivin\nvaihto.yaml"])
def test_file_names_windows_cannot_hold_are_errors(project, name):
    root = project({f"content/categories/{name}": "id: uusi\nname: Uusi\n"})
    assert problems(root) == [
        f"content/categories/{name}:1: file: the name has a character that Windows does not allow "
        '(one of < > : " | ? * \\ or a trailing dot or space); rename the file']


@pytest.mark.parametrize("identifier", ["con", "nul", "aux", "prn", "com1", "lpt3"])
def test_identifiers_reserved_on_windows_are_errors(project, identifier):
    root = project({"content/categories/uusi.yaml": f"id: {identifier}\nname: Uusi\n"})
    assert problems(root) == [f"content/categories/uusi.yaml:1: id: '{identifier}' is a reserved file name on "
                              "Windows, where the site's folder could not be created; choose another identifier"]


@pytest.mark.parametrize("identifier", ["..", "../x", "/etc", "a/b", "A", "ä", "ｘ", "x\u200b", " x", "a.b", ""])
def test_identifiers_that_would_escape_or_collide_are_errors(project, identifier):
    root = project({"content/categories/uusi.yaml": yaml.safe_dump({"id": identifier, "name": "Uusi"})})
    [problem] = problems(root)
    assert problem.startswith("content/categories/uusi.yaml:1: id: ")


def test_output_paths_of_different_kinds_cannot_collide(project):
    """Every kind has its own section folder, and no identifier can name a theme file."""
    same = {f"content/{folder}/static.yaml": f"id: static\nname: S\n{extra}" for folder, extra in (
        ("categories", ""), ("organisations", ""), ("indicators", ""), ("contacts", ""))}
    root = project({**same, "content/actions/static.yaml": "id: static\nname: S\ndescription: x\nstatus: done\n"})
    site = check_project(Project(root))
    paths = [page.path for page in list_pages(site)]
    assert len(paths) == len(set(paths))
    assert not any(path.startswith("static/") for path in paths)
    assert len(set(SECTIONS.values())) == len(SECTIONS) and "static" not in SECTIONS.values()
    assert all(".." not in path and not path.startswith("/") for path in paths)


# Property: arbitrary text never gives a traceback, only content errors

YAML_ALPHABET = st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`?,\n\t \\~0189.") + ["id", "name", "tasks", "- ", ": "])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(YAML_ALPHABET, max_size=60).map("".join)), st.sampled_from(CONTENT_TYPES))
def test_any_text_through_loader_and_validator_gives_only_content_errors(text, content_type):
    data, errors = parse_yaml(text, "f.yaml")
    if data is not None:
        _, errors = check_document(content_type, type("Doc", (), {"path": "f.yaml", "data": data})())
    for error in errors:
        assert error.path == "f.yaml" and error.line >= 1 and error.field and error.message


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_through_the_loader_give_only_content_errors(raw):
    text, errors = decode(raw, "f.yaml")
    if text is not None:
        _, errors = parse_yaml(text, "f.yaml")
    assert all(error.path == "f.yaml" and error.line >= 1 for error in errors)


def test_the_file_size_limit_is_what_the_security_page_says():
    assert MAX_FILE_BYTES == 5 * 1024 * 1024
    assert "5 MB" in (ROOT / "docs/security.md").read_text(encoding="utf-8")


# Property: any valid catalogue builds, and its same-site links resolve

WORDS = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" -.,!?'\"äöå"),
                min_size=1, max_size=24).filter(str.strip)  # for Markdown, where [x](/y) would be a link
NAMES = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=24
                ).filter(str.strip)  # any text: it is escaped
IDS = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,8}", fullmatch=True).filter(lambda s: s not in {"con", "nul", "aux", "prn"})
DATES = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31)).map(str)
PAST_DATES = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2020, 1, 15)).map(str)  # as_of


@st.composite
def catalogues(draw) -> tuple[dict[str, str], str]:
    """Content files of a valid catalogue, and the base path; references only to items that exist."""
    def ids(minimum: int, maximum: int) -> list[str]:
        return draw(st.lists(IDS, min_size=minimum, max_size=maximum, unique=True))

    base_path = draw(st.sampled_from(["/", "/hankinnat/"]))
    kinds = {"categories": ids(0, 4), "organisations": ids(1, 4), "contacts": ids(0, 3), "indicators": ids(0, 3),
             "actions": ids(1, 6)}
    files: dict[str, dict] = {}

    def pick(folder: str, maximum: int) -> list[str]:
        return draw(st.lists(st.sampled_from(kinds[folder]), max_size=maximum, unique=True)) if kinds[folder] else []

    def markdown() -> str:
        pages = [f"/{section}/{identifier}/" for folder, section in (
            ("actions", "toimenpiteet"), ("categories", "kategoriat"), ("indicators", "mittarit"))
            for identifier in kinds[folder]]
        parts = draw(st.lists(st.one_of(WORDS, st.sampled_from(pages).map(lambda url: f"[linkki]({url})"),
                                        WORDS.map(lambda w: f"**{w.strip()}**"), st.just("\n\n- kohta\n")),
                              min_size=1, max_size=5))
        return " ".join(parts)

    for index, identifier in enumerate(kinds["categories"]):
        parent = draw(st.sampled_from([None, *kinds["categories"][:index]]))
        files[f"categories/{identifier}"] = {"id": identifier, "name": draw(NAMES), "parent": parent,
                                             "description": draw(st.none() | st.builds(markdown))}
    for index, identifier in enumerate(kinds["organisations"]):
        files[f"organisations/{identifier}"] = {
            "id": identifier, "name": draw(NAMES), "abbreviation": draw(st.none() | NAMES),
            "parent": draw(st.sampled_from([None, *kinds["organisations"][:index]])),
            "kind": draw(st.sampled_from(["city", "division", "enterprise", "unit", "external"]))}
    for identifier in kinds["contacts"]:
        files[f"contacts/{identifier}"] = {"id": identifier, "name": draw(NAMES),
                                           "organisation": draw(st.sampled_from(kinds["organisations"]))}
    for identifier in kinds["indicators"]:
        files[f"indicators/{identifier}"] = {
            "id": identifier, "name": draw(NAMES), "unit": draw(st.none() | NAMES),
            "values": [{"date": d, "value": str(v)} for d, v in draw(st.lists(st.tuples(
                DATES, st.integers(-10**6, 10**6) | st.floats(-1e6, 1e6, allow_nan=False).map(round3)), max_size=3))]}
    for identifier in kinds["actions"]:
        tasks = []
        for state in draw(st.lists(st.sampled_from(["not_started", "in_progress", "completed", "cancelled"]),
                                   max_size=3)):
            tasks.append({"name": draw(NAMES), "state": state, "due": draw(st.none() | DATES),
                          "completed": draw(PAST_DATES) if state == "completed" else None,
                          "comment": draw(st.none() | st.builds(markdown))})
        files[f"actions/{identifier}"] = {
            "id": identifier, "name": draw(NAMES), "lead": draw(st.none() | NAMES), "description": markdown(),
            "order": draw(st.none() | st.integers(-5, 5).map(str)),
            "status": draw(st.sampled_from(["on_time", "done"])),
            "categories": pick("categories", 2), "contacts": pick("contacts", 2), "indicators": pick("indicators", 2),
            "organisations": [{"organisation": o, "role": draw(st.sampled_from(["primary", "collaborator"]))}
                              for o in pick("organisations", 2)],
            "links": [{"title": draw(NAMES), "url": draw(st.none() | st.sampled_from(
                ["https://example.org/", "mailto:a@example.org", "/toimenpiteet/", "/mittarit/"]))}],
            "tasks": tasks,
        }
    texts = {f"content/{name}.yaml": yaml.safe_dump({k: v for k, v in data.items() if v is not None},
                                                    allow_unicode=True) for name, data in files.items()}
    return texts, base_path


def round3(value: float) -> float:
    return round(value, 3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(catalogues())
def test_any_valid_catalogue_builds_and_its_same_site_links_resolve(catalogue):
    files, base_path = catalogue
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        config = TINY_CONFIG.replace("base_path: /", f"base_path: {base_path}")
        write_project(root, dict.fromkeys(TINY_CONTENT), config)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        build(Project(root), root / "output")
        broken, checked = broken_links(root / "output", base_path)
        assert broken == [] and checked > 0

