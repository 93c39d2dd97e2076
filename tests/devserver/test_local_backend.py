"""The dev server's answer to Decap CMS's local-backend protocol (local_backend.py, serve.DevSite).

A save goes through the checks a file saved by hand goes through (the file, then the
catalogue with it); when it fails nothing is written and the editor gets every problem
as `path:line: field: message`. Only content files can be read or written.
"""

from __future__ import annotations

import errno
import io
import json

import pytest
from conftest import TINY_CONFIG

from katalogi.build.pipeline import build
from katalogi.devserver.local_backend import LocalBackend, Refused
from katalogi.devserver.serve import DevSite
from katalogi.inputs.sources import Project

ACTION = "content/actions/1.yaml"
EDITOR = "editor:\n  enabled: true\n  repo: example/katalogi\n"


@pytest.fixture
def root(project):
    return project(config=TINY_CONFIG + EDITOR)


def persist(backend: LocalBackend, path: str, raw: str):
    return backend.answer({"action": "persistEntry", "params": {
        "branch": "main", "dataFiles": [{"path": path, "raw": raw, "slug": path.rsplit("/", 1)[-1][:-5]}],
        "assets": [], "options": {"commitMessage": "Update"}}})


def test_info_says_what_decap_server_says(root):
    answer = LocalBackend(Project(root)).answer({"action": "info"})
    assert answer == {"repo": root.name, "publish_modes": ["simple"], "type": "local_fs"}


def test_entries_of_a_folder_are_its_yaml_files_with_their_text(root):
    (root / "content/actions/notes.txt").write_text("not an entry", encoding="utf-8")
    entries = LocalBackend(Project(root)).answer(
        {"action": "entriesByFolder", "params": {"folder": "content/actions", "extension": "yaml", "depth": 1}})
    assert [entry["file"]["path"] for entry in entries] == ["content/actions/1.yaml", "content/actions/2.yaml"]
    assert entries[0]["data"] == (root / ACTION).read_text(encoding="utf-8")
    assert len(entries[0]["file"]["id"]) == 64


def test_get_entry_gives_one_file(root):
    entry = LocalBackend(Project(root)).answer({"action": "getEntry", "params": {"path": "content/actions/2.yaml"}})
    assert entry["data"].startswith('id: "2"\n')


@pytest.mark.parametrize("path", [
    "site_config.yaml", "/etc/passwd", "content/../site_config.yaml", "content/actions/../../site_config.yaml",
    "content/actions/../1.yaml", "theme/templates/base.html", "content/other/x.yaml", "content/actions/x.txt",
    "content/actions/.hidden.yaml", "content\\actions\\1.yaml", "content/actions/sub/1.yaml", "content/actions",
])
def test_only_content_files_are_read_or_written(root, path):
    backend = LocalBackend(Project(root))
    before = {file: file.read_bytes() for file in root.rglob("*") if file.is_file()}
    with pytest.raises(Refused) as refused:
        backend.answer({"action": "getEntry", "params": {"path": path}})
    assert refused.value.status == 400
    with pytest.raises(Refused):
        persist(backend, path, "id: x\nname: X\n")
    assert {file: file.read_bytes() for file in root.rglob("*") if file.is_file()} == before


def test_a_folder_outside_the_content_types_is_not_listed(root):
    with pytest.raises(Refused):
        LocalBackend(Project(root)).answer({"action": "entriesByFolder", "params": {"folder": "content/../theme"}})


def test_a_valid_save_writes_exactly_the_text_given(root):
    raw = (root / ACTION).read_text(encoding="utf-8").replace("name: Ensimmäinen", "name: Uusi nimi")
    assert persist(LocalBackend(Project(root)), ACTION, raw) == {"message": "entry persisted"}
    assert (root / ACTION).read_text(encoding="utf-8") == raw
    assert not [file for file in (root / "content/actions").iterdir() if file.name.startswith(".")]


def test_a_new_entry_is_written_when_valid(root):
    raw = 'id: "3"\nname: Kolmas\ndescription: Uusi.\nstatus: on_time\n'
    persist(LocalBackend(Project(root)), "content/actions/3.yaml", raw)
    assert (root / "content/actions/3.yaml").read_text(encoding="utf-8") == raw


def test_an_invalid_entry_is_not_written_and_every_problem_is_told(root):
    original = (root / ACTION).read_bytes()
    raw = original.decode().replace("name: Ensimmäinen\n", "").replace("state: completed", "state: valmis")
    with pytest.raises(Refused) as refused:
        persist(LocalBackend(Project(root)), ACTION, raw)
    assert refused.value.status == 422
    assert refused.value.message.splitlines() == [
        "content/actions/1.yaml:1: name: required field is missing",
        "content/actions/1.yaml:11: tasks[0].state: 'valmis' is not allowed: write completed (valmis)",
    ]
    assert (root / ACTION).read_bytes() == original


def test_a_save_is_checked_against_the_whole_catalogue(root):
    original = (root / ACTION).read_bytes()
    raw = original.decode().replace("categories: [hankinnat]", "categories: [hankinta]")
    with pytest.raises(Refused) as refused:
        persist(LocalBackend(Project(root)), ACTION, raw)
    assert refused.value.message.startswith("content/actions/1.yaml:4: categories[0]: unknown category 'hankinta'")
    assert (root / ACTION).read_bytes() == original


def test_a_save_that_breaks_another_file_is_refused(root):
    category = root / "content/categories/hankinnat.yaml"
    with pytest.raises(Refused) as refused:
        persist(LocalBackend(Project(root)), "content/categories/hankinnat.yaml", "id: hankinta\nname: Hankinnat\n")
    assert refused.value.message.startswith("content/actions/1.yaml:4: categories[0]: unknown category 'hankinnat'")
    assert category.read_text(encoding="utf-8") == "id: hankinnat\nname: Hankinnat\n"


def test_problems_another_file_already_had_do_not_stop_a_save(root):
    (root / "content/actions/2.yaml").write_text('id: "2"\nname: Toinen\nstatus: done\n', encoding="utf-8")
    raw = (root / ACTION).read_text(encoding="utf-8").replace("name: Ensimmäinen", "name: Korjattu")
    persist(LocalBackend(Project(root)), ACTION, raw)
    assert "name: Korjattu" in (root / ACTION).read_text(encoding="utf-8")


def test_the_problems_are_in_the_editors_language(root):
    raw = (root / ACTION).read_text(encoding="utf-8").replace("name: Ensimmäinen\n", "")
    with pytest.raises(Refused) as refused:
        persist(LocalBackend(Project(root), language="fi"), ACTION, raw)
    assert refused.value.message == "content/actions/1.yaml:1: name: pakollinen kenttä puuttuu"


@pytest.mark.parametrize("action", ["persistMedia", "deleteFile", "deleteFiles", "unpublishedEntries", "nothing"])
def test_what_the_editor_does_not_do_here_is_refused_with_a_reason(root, action):
    with pytest.raises(Refused) as refused:
        LocalBackend(Project(root)).answer({"action": action, "params": {"path": ACTION, "paths": [ACTION]}})
    assert refused.value.status == 422 and action in refused.value.message
    assert (root / ACTION).is_file()


def test_a_save_with_media_is_refused(root):
    with pytest.raises(Refused):
        LocalBackend(Project(root)).answer({"action": "persistEntry", "params": {
            "dataFiles": [{"path": ACTION, "raw": "id: x\n"}],
            "assets": [{"path": "theme/static/x.png", "content": "", "encoding": "base64"}]}})


@pytest.fixture
def outside(tmp_path):
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/sh\n", encoding="utf-8")
    return secret


def test_a_link_in_a_content_folder_is_neither_listed_nor_read(root, outside):
    (root / "content/actions/zz.yaml").symlink_to(outside)
    (root / "content/actions/3.yaml").symlink_to(root / ACTION)  # a link inside the project: not followed either
    backend = LocalBackend(Project(root), language="en")
    entries = backend.answer({"action": "entriesByFolder", "params": {"folder": "content/actions"}})
    assert [entry["file"]["path"] for entry in entries] == ["content/actions/1.yaml", "content/actions/2.yaml"]
    for path in ("content/actions/zz.yaml", "content/actions/3.yaml"):
        with pytest.raises(Refused) as refused:
            backend.answer({"action": "getEntry", "params": {"path": path}})
        assert (refused.value.status, refused.value.message) == (403, f"{path} is a link (or lies in a linked "
                                                                 "folder), which the web editor neither reads nor "
                                                                 "writes; edit the file it leads to by hand")
    with pytest.raises(Refused):
        backend.answer({"action": "entriesByFiles", "params": {"files": [{"path": "content/actions/zz.yaml"}]}})
    assert "root:x" not in json.dumps(entries)


def test_a_linked_content_folder_is_neither_listed_nor_read(root, outside):
    (root / "content/contacts").rename(root / "contacts-elsewhere")
    (root / "content/contacts").symlink_to(outside.parent)
    backend = LocalBackend(Project(root))
    for request in ({"action": "entriesByFolder", "params": {"folder": "content/contacts"}},
                    {"action": "getEntry", "params": {"path": "content/contacts/passwd.yaml"}}):
        with pytest.raises(Refused) as refused:
            backend.answer(request)
        assert refused.value.status == 403


def test_nothing_is_written_through_a_link_or_in_place_of_one(root, outside):
    link = root / "content/actions/zz.yaml"
    link.symlink_to(outside)
    before = outside.read_bytes()
    with pytest.raises(Refused) as refused:
        persist(LocalBackend(Project(root)), "content/actions/zz.yaml", 'id: zz\nname: Z\ndescription: D.\n'
                                                                        'status: on_time\n')
    assert refused.value.status == 403
    assert outside.read_bytes() == before and link.is_symlink()
    (root / "content/contacts").rename(root / "contacts-elsewhere")
    (root / "content/contacts").symlink_to(outside.parent)
    with pytest.raises(Refused):
        persist(LocalBackend(Project(root)), "content/contacts/x.yaml", "id: x\nname: X\n")
    assert sorted(path.name for path in outside.parent.iterdir()) == ["passwd"]


def test_the_finnish_editor_is_told_in_finnish(root, outside):
    (root / "content/actions/zz.yaml").symlink_to(outside)
    with pytest.raises(Refused) as refused:
        LocalBackend(Project(root), language="fi").answer({"action": "getEntry",
                                                           "params": {"path": "content/actions/zz.yaml"}})
    assert refused.value.message.startswith("content/actions/zz.yaml on linkki")


# --- through the dev server's WSGI app ---


def post(app: DevSite, body: bytes, path: str = "/api/v1", **environ) -> tuple[str, dict]:
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered["status"] = status

    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": path, "REMOTE_ADDR": "127.0.0.1",
               "HTTP_HOST": "127.0.0.1:8000", "CONTENT_TYPE": "application/json; charset=utf-8",
               "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), **environ}
    chunks = app(environ, start_response)
    return answered["status"], json.loads(b"".join(chunks)) if answered["status"] != "405 Method Not Allowed" else {}


@pytest.fixture
def app(root):
    out = root / "output"
    build(Project(root), out, search=False)
    return DevSite(out, backend=LocalBackend(Project(root)))


def test_the_dev_server_answers_the_protocol_at_api_v1(app):
    status, answer = post(app, json.dumps({"action": "info"}).encode(), HTTP_ORIGIN="http://127.0.0.1:8000")
    assert status == "200 OK" and answer["type"] == "local_fs"


def test_the_dev_server_sends_the_problems_as_decaps_error(app, root):
    raw = (root / ACTION).read_text(encoding="utf-8").replace("name: Ensimmäinen\n", "")
    body = json.dumps({"action": "persistEntry", "params": {"dataFiles": [{"path": ACTION, "raw": raw}],
                                                             "assets": []}}).encode()
    status, answer = post(app, body)
    assert status.startswith("422")
    assert answer == {"error": "content/actions/1.yaml:1: name: required field is missing"}


@pytest.mark.parametrize("environ", [
    {"REMOTE_ADDR": "192.0.2.7"},  # another machine (serve --host 0.0.0.0)
    {"HTTP_ORIGIN": "https://evil.example"},  # a page of another site in the editor's browser
    {"CONTENT_TYPE": "text/plain"},  # a form another site could send without asking
])
def test_requests_from_elsewhere_are_refused(app, root, environ):
    original = (root / ACTION).read_bytes()
    body = json.dumps({"action": "persistEntry", "params": {
        "dataFiles": [{"path": ACTION, "raw": original.decode().replace("Ensimmäinen", "Hacked")}],
        "assets": []}}).encode()
    status, _ = post(app, body, **environ)
    assert status.startswith(("403", "400"))
    assert (root / ACTION).read_bytes() == original


def test_without_the_editor_enabled_there_is_no_api(project):
    root = project()
    out = root / "output"
    build(Project(root), out, search=False)
    app = DevSite(out, backend=None)
    status, _ = post(app, json.dumps({"action": "info"}).encode())
    assert status == "405 Method Not Allowed"


def test_a_save_that_cannot_be_written_is_told_and_changes_nothing(app, root, monkeypatch):
    before = (root / ACTION).read_bytes()
    raw = before.decode("utf-8").replace("name: Ensimmäinen", "name: Uusi nimi")

    def disk_full(path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path.parent))

    monkeypatch.setattr("katalogi.editing.edits.temporary_beside", disk_full)
    status, answer = post(app, json.dumps({"action": "persistEntry", "params": {
        "dataFiles": [{"path": ACTION, "raw": raw}], "assets": []}}).encode())
    assert status == "500 Internal Server Error"
    assert answer == {"error": f"{root / 'content/actions'}: cannot write (No space left on device); no file was "
                               "changed"}
    assert (root / ACTION).read_bytes() == before
