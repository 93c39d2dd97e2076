"""The web editor's Decap CMS configuration, generated from the content model, and its files in output/.

The expectations here are written out independently of decap.py: which Decap widget
each kind of field needs, walked over every field of every content type in model.py.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import textwrap

import pytest
import yaml
from conftest import TINY_CONFIG
from htmlcheck import broken_links, outside_requests, parse
from tools import ROOT, VNU, java

from katalogi.build.pipeline import build
from katalogi.content.attributes import AttributeValues
from katalogi.content.codes import PHASES, TASK_STATES
from katalogi.content.config import load_config
from katalogi.content.field_types import (
    Boolean,
    BusinessId,
    Choice,
    CpvCode,
    CpvPrefix,
    Date,
    Identifier,
    Integer,
    Markdown,
    Number,
    Ref,
    Text,
    Url,
)
from katalogi.content.i18n import localise_config
from katalogi.content.model import CONTENT_TYPES
from katalogi.content.schema import ListOf, Object
from katalogi.devserver.live import LiveBuild
from katalogi.inputs.sources import Project
from katalogi.outputs import decap

EDITOR = "editor:\n  enabled: true\n  repo: example/katalogi\n"
FOLDERS = {content_type.kind: content_type.folder for content_type in CONTENT_TYPES}


def configured(root, language: str | None = None) -> dict:
    config, errors = load_config(root)
    assert errors == []
    return yaml.safe_load(decap.config_yml(localise_config(config, language or config.default_language)))


def expected_widget(field_type) -> str:
    """The Decap widget a value of this type needs, as the editors' guide promises it."""
    for kind, widget in ((Markdown, "markdown"), (Text, "string"), (Identifier, "string"), (Url, "string"),
                         (CpvCode, "string"), (CpvPrefix, "string"), (BusinessId, "string"), (Integer, "number"),
                         (Number, "number"),
                         (Boolean, "boolean"), (Date, "datetime"), (Choice, "select"), (Object, "object")):
        if isinstance(field_type, kind):
            return widget
    if isinstance(field_type, Ref):
        return "select" if field_type.kind in ("status", "dependency_role") else "relation"
    if isinstance(field_type, ListOf):
        return "relation" if isinstance(field_type.item, Ref) else "list"
    raise AssertionError(f"no widget known for {field_type!r}")


def check_fields(schema: Object, widgets: list[dict], languages: list[str], where: str) -> int:
    """Assert every declared field has its widget(s) in order, nothing else is there; count the fields seen."""
    by_name = {widget["name"]: widget for widget in widgets}
    names = []
    seen = 0
    for field in schema.fields:
        if isinstance(field.type, AttributeValues):  # the city's own fields: none declared here
            continue
        translated = isinstance(field.type, Text) and field.type.translatable and len(languages) > 1
        own = [field.name, *(f"{field.name}__{language}" for language in languages[1:])] if translated \
            else [field.name]
        names += own
        for name in own:
            widget = by_name.get(name)
            assert widget is not None, f"{where}{name} has no widget"
            assert widget["widget"] == expected_widget(field.type), f"{where}{name}"
            assert widget["required"] == (field.required and name == field.name and not where.endswith("?."))
        seen += 1
        widget = by_name[field.name]
        nested = field.type.item if isinstance(field.type, ListOf) else field.type
        if isinstance(nested, Object):
            inner_where = f"{where}{field.name}{'?' if not field.required and isinstance(field.type, Object) else ''}."
            seen += check_fields(nested, widget["fields"], languages, inner_where)
        if isinstance(field.type, ListOf) and isinstance(field.type.item, Ref):
            assert widget["multiple"] is True
    assert [widget["name"] for widget in widgets] == names, where
    return seen


def test_every_field_of_every_content_type_has_a_widget_of_its_kind(project):
    root = project(config=TINY_CONFIG.replace("base_path: /\n", "base_path: /\nlanguages: [fi, sv, en]\n") + EDITOR)
    collections = {collection["name"]: collection for collection in configured(root)["collections"]}
    assert list(collections) == [content_type.folder for content_type in CONTENT_TYPES]
    seen = 0
    for content_type in CONTENT_TYPES:
        collection = collections[content_type.folder]
        assert collection["folder"] == f"content/{content_type.folder}"
        assert (collection["extension"], collection["format"], collection["slug"]) == ("yaml", "katalogi-yaml",
                                                                                        "{{id}}")
        seen += check_fields(content_type.schema, collection["fields"], ["fi", "sv", "en"], f"{content_type.kind}.")
    assert seen > 60  # every field of the model, nested ones too


def fields_of(collection: dict, path: str) -> dict:
    widgets = collection["fields"]
    widget = None
    for name in path.split("."):
        widget = next(widget for widget in widgets if widget["name"] == name)
        widgets = widget.get("fields", [])
    return widget


def test_references_are_relations_to_the_collection_of_their_kind(project):
    collections = {collection["name"]: collection for collection in configured(project(config=TINY_CONFIG + EDITOR))
                   ["collections"]}
    actions = collections["actions"]
    for path, kind, multiple in (("categories", "category", True), ("contacts", "contact", True),
                                 ("indicators", "indicator", True), ("organisations.organisation", "organisation",
                                                                     False)):
        widget = fields_of(actions, path)
        assert (widget["widget"], widget["collection"], widget["value_field"]) == ("relation", FOLDERS[kind], "id")
        assert widget.get("multiple", False) is multiple
    assert fields_of(collections["categories"], "parent")["collection"] == "categories"
    assert fields_of(collections["contacts"], "organisation")["collection"] == "organisations"


def test_statuses_states_and_phases_are_select_lists_of_their_codes(project):
    root = project(config=TINY_CONFIG + EDITOR)
    actions = configured(root)["collections"][0]
    assert fields_of(actions, "status")["options"] == [{"label": "Ajallaan", "value": "on_time"},
                                                       {"label": "Valmis", "value": "done"}]
    assert fields_of(actions, "tasks.state")["options"] == list(TASK_STATES)
    assert fields_of(actions, "tasks.state")["default"] == "not_started"
    assert fields_of(actions, "phase")["options"] == list(PHASES)
    date = fields_of(actions, "tasks.due")
    assert (date["format"], date["time_format"]) == ("YYYY-MM-DD", False)


def test_hints_are_the_field_descriptions_in_the_editors_language(project):
    actions = configured(project(config=TINY_CONFIG + EDITOR))["collections"][0]
    assert fields_of(actions, "name")["hint"] == "Toimenpiteen nimi."
    assert fields_of(actions, "tasks.state")["hint"] == "not_started, in_progress, completed tai cancelled."
    assert actions["label"] == "Toimenpiteet"


def test_a_site_in_one_language_has_one_field_per_text(project):
    actions = configured(project(config=TINY_CONFIG + EDITOR))["collections"][0]
    assert [widget["name"] for widget in actions["fields"] if widget["name"].startswith("name")] == ["name"]


def test_the_editors_language_is_the_sites_when_decap_has_it(project):
    swedish = TINY_CONFIG.replace("base_path: /\n", "base_path: /\nlanguages: [sv, fi]\n") + EDITOR
    config = configured(project(config=swedish))
    assert config["locale"] == "sv"
    assert config["collections"][0]["label"] == "Åtgärder"
    assert configured(project(config=TINY_CONFIG + EDITOR))["locale"] == "en"  # Decap 3 has no Finnish


def test_the_github_backend_logs_in_through_the_oauth_server_named(project):
    config = configured(project(config=TINY_CONFIG + textwrap.dedent("""\
        editor:
          enabled: true
          repo: helsinki/hankinnat
          branch: julkaisu
          base_url: https://oauth.example.org
        """)))
    assert config["backend"] == {"name": "github", "repo": "helsinki/hankinnat", "branch": "julkaisu",
                                 "base_url": "https://oauth.example.org"}
    assert config["local_backend"] is True


def test_the_gitlab_backend_with_an_application_id_uses_pkce(project):
    config = configured(project(config=TINY_CONFIG + textwrap.dedent("""\
        editor:
          enabled: true
          backend: gitlab
          repo: kaupunki/hankinnat
          app_id: 0123abcd
          api_root: https://gitlab.example.org/api/v4
          base_url: https://gitlab.example.org
        """)))
    assert config["backend"] == {"name": "gitlab", "repo": "kaupunki/hankinnat", "branch": "main",
                                 "auth_type": "pkce", "app_id": "0123abcd",
                                 "base_url": "https://gitlab.example.org",
                                 "api_root": "https://gitlab.example.org/api/v4"}


def test_an_unknown_backend_is_an_error_of_site_config(project):
    root = project(config=TINY_CONFIG + "editor:\n  enabled: true\n  backend: bitbucket\n  repo: a/b\n")
    _, errors = load_config(root)
    assert [error.field for error in errors] == ["editor.backend"]


def test_without_the_editor_no_admin_files_are_written(project):
    root = project()
    build(Project(root), root / "output", search=False)
    assert not (root / "output" / "admin").exists()


def test_with_the_editor_its_page_config_and_pinned_bundle_are_written(project):
    root = project(config=TINY_CONFIG + EDITOR)
    out = root / "output"
    build(Project(root), out, search=False)
    admin = out / "admin"
    config, _ = load_config(root)
    assert (admin / "config.yml").read_text(encoding="utf-8") == decap.config_yml(
        localise_config(config, config.default_language))
    for name, digest in decap.bundle_digests().items():
        assert hashlib.sha256((admin / name).read_bytes()).hexdigest() == digest, name
    assert (admin / "katalogi-admin.js").read_bytes() == decap.ADMIN_SCRIPT.read_bytes()
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<script src="/admin/decap-cms.js"></script>' in page
    assert outside_requests(out) == []


def test_the_bundle_is_the_pinned_version_and_nothing_else(project):
    pinned = decap.bundle_digests()
    files = {file.name for file in decap.VENDOR.iterdir()} - {"SHA256SUMS", "README.md"}
    assert files == set(pinned)
    for name, digest in pinned.items():
        assert hashlib.sha256((decap.VENDOR / name).read_bytes()).hexdigest() == digest, name
    assert f"decap-cms {decap.DECAP_VERSION}" in (decap.VENDOR / "decap-cms.js").read_text(encoding="utf-8")
    assert f"js-yaml {decap.JS_YAML_VERSION}" in (decap.VENDOR / "js-yaml.min.js").read_text(encoding="utf-8")


def test_the_bundles_licences_come_with_it():
    assert {"decap-cms.js.LICENSE.txt", "js-yaml.LICENSE.txt"} <= set(decap.bundle_digests())
    assert "MIT" in (decap.VENDOR / "js-yaml.LICENSE.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_with_editor(tmp_path_factory):
    """The shipped sample catalogue with the editor enabled, built."""
    root = tmp_path_factory.mktemp("sample-editor") / "site"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "theme", root / "theme")
    config = (ROOT / "site_config.yaml").read_text(encoding="utf-8")
    (root / "site_config.yaml").write_text(config.replace("editor:\n  enabled: false", "editor:\n  enabled: true"),
                                           encoding="utf-8")
    out = root / "output"
    build(Project(root, history=False), out, search=False)
    assert (out / "admin" / "index.html").is_file()
    return out


def test_with_the_editor_the_sample_asks_no_other_host_and_its_links_resolve(sample_with_editor):
    assert outside_requests(sample_with_editor) == []
    broken, _ = broken_links(sample_with_editor, "/")
    assert broken == []
    parser = parse(sample_with_editor / "admin" / "index.html")
    assert parser.problems == [] and parser.open == []


def test_the_editors_page_is_valid_html(sample_with_editor):
    if not VNU.is_file() or java() is None:
        pytest.skip(f"the HTML validity check needs vnu.jar at {VNU} and Java (run `make test-tools`)")
    result = subprocess.run([java(), "-jar", str(VNU), "--errors-only", "--format", "gnu",
                             str(sample_with_editor / "admin" / "index.html")],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.stdout + result.stderr == "" and result.returncode == 0


def tree(folder) -> dict[str, bytes]:
    return {file.relative_to(folder).as_posix(): file.read_bytes()
            for file in sorted(folder.rglob("*")) if file.is_file()}


def test_the_editors_files_depend_only_on_the_configuration_and_an_edit_matches_a_clean_build(project, tmp_path):
    root = project(config=TINY_CONFIG + EDITOR)
    live = LiveBuild(Project(root), tmp_path / "output", search=False)
    live.build_all()
    depends = live.engine.made.depends
    assert depends["admin/config.yml"] == frozenset() and depends["admin/decap-cms.js"] == frozenset()
    action = root / "content/actions/1.yaml"
    action.write_text(action.read_text(encoding="utf-8").replace("Ensimmäinen", "Muokattu"), encoding="utf-8")
    updated = live.update({action})
    live.settle()
    written = {page.path for page in live.engine.current.plan.pages}
    assert updated.pages and not any(path.startswith("admin/") for path in written)
    build(Project(root), tmp_path / "clean", jobs=1, search=False)
    assert tree(tmp_path / "output") == tree(tmp_path / "clean")


def test_turning_the_editor_off_removes_its_files(project, tmp_path):
    root = project(config=TINY_CONFIG + EDITOR)
    live = LiveBuild(Project(root), tmp_path / "output", search=False)
    live.build_all()
    assert (tmp_path / "output/admin/decap-cms.js").is_file()
    (root / "site_config.yaml").write_text(TINY_CONFIG, encoding="utf-8")
    live.update({root / "site_config.yaml"})
    live.settle()
    assert not [path for path in tree(tmp_path / "output") if path.startswith("admin/")]


def test_make_decap_bundle_fetches_the_versions_the_code_names():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"DECAP_VERSION := {decap.DECAP_VERSION}\n" in makefile
    assert f"JS_YAML_VERSION := {decap.JS_YAML_VERSION}\n" in makefile
    assert "decap-cms@$(DECAP_VERSION) js-yaml@$(JS_YAML_VERSION)" in makefile


def test_an_enabled_editor_needs_the_repository_it_commits_to(project):
    _, errors = load_config(project(config=TINY_CONFIG + "editor:\n  enabled: true\n"))
    assert [error.text() for error in errors] == [
        "site_config.yaml:13: editor.repo: required when the web editor is enabled: the repository it commits to, "
        "as owner/name"]


def test_texts_of_the_configuration_never_read_as_markup_in_config_yml(project):
    root = project(config=TINY_CONFIG.replace("label: Ajallaan", 'label: "<script>alert(1)</script> & Co"') + EDITOR)
    config, _ = load_config(root)
    text = decap.config_yml(localise_config(config, config.default_language))
    assert "<" not in text and ">" not in text and "&" not in text
    status = next(field for field in yaml.safe_load(text)["collections"][0]["fields"] if field["name"] == "status")
    assert status["options"][0]["label"] == "<script>alert(1)</script> & Co"
