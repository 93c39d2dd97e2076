"""Messages speak the editor's language: the catalogues are complete and current, and nothing shows Python."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from tools import ROOT

from katalogi.base import every_problem, problems
from katalogi.base.messages import EDITOR_LANGUAGES, Message, editor_language, language_from_environment
from katalogi.cli import cli
from katalogi.content.checker import Checker
from katalogi.content.model import CONTENT_TYPES
from katalogi.devserver.serve import error_page
from katalogi.generate import catalogue

BROKEN = {"content/actions/2.yaml": 'id: "2"\nname: Toinen\nstatus: Ajallaan\ntasks:\n  - name: x\n    state: valmis\n'}
PYTHON_WORDS = re.compile(r"\b(?:None|NoneType|dict|str|int|float|bool|True|False|Traceback)\b|<class |\\x[0-9a-f]{2}")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")  # what the editor wrote, shown as written


def check(root, *args: str):
    return CliRunner().invoke(cli, ["check", "-C", str(root), "--no-history", *args], catch_exceptions=False)


def test_check_speaks_the_sites_default_language_when_the_locale_names_none(project, monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    result = check(project(BROKEN))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "content/actions/2.yaml:1: description: pakollinen kenttä puuttuu",
        "content/actions/2.yaml:3: status: tuntematon tila 'Ajallaan': kirjoita on_time (Ajallaan)",
        "content/actions/2.yaml:6: tasks[0].state: 'valmis' ei ole sallittu: kirjoita completed (valmis)",
        "Löytyi 3 ongelmaa; mitään ei kirjoitettu.",
    ]


@pytest.mark.parametrize("environment, option, first", [
    ({"LANG": "sv_FI.UTF-8"}, None, "content/actions/2.yaml:1: description: ett obligatoriskt fält saknas"),
    ({"LANG": "sv_FI.UTF-8"}, "en", "content/actions/2.yaml:1: description: required field is missing"),
    ({"LANG": "en_GB.UTF-8", "LC_ALL": "fi_FI.UTF-8"}, None, "content/actions/2.yaml:1: description: pakollinen "
                                                             "kenttä puuttuu"),
    ({"LANG": "de_DE.UTF-8"}, None, "content/actions/2.yaml:1: description: pakollinen kenttä puuttuu"),
])
def test_lang_or_the_locale_chooses_another_language(project, monkeypatch, environment, option, first):
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    result = check(project(BROKEN), *(["--lang", option] if option else []))
    assert result.output.splitlines()[0] == first


def test_field_names_and_codes_stay_as_written_in_every_language(project):
    for language in EDITOR_LANGUAGES:
        lines = check(project(BROKEN), "--lang", language).output.splitlines()
        assert lines[1].startswith("content/actions/2.yaml:3: status: ") and "on_time" in lines[1]
        assert lines[2].startswith("content/actions/2.yaml:6: tasks[0].state: ") and "completed" in lines[2]


def test_a_passing_check_and_a_build_speak_finnish_too(project, monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    root = project({"content/actions/2.yaml": None})
    assert check(root).output.splitlines()[-1] == (
        "Tarkistettiin 1 toimenpide, 1 kategoria, 2 organisaatiota, 1 yhteyshenkilö, 1 mittari, 0 hankintaa, "
        "0 kriteeristöä ja 0 päästökerrointaulukkoa: ei virheitä, 0 tietojen laadun varoitusta.")
    built = CliRunner().invoke(cli, ["build", "-C", str(root), "--no-history", "--no-search"])
    assert built.output == f"Sivusto rakennettiin kansioon {root / 'output'}: 1 toimenpide.\n"


def test_new_writes_its_explanations_and_placeholders_in_the_editors_language(project, monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    root = project()
    result = CliRunner().invoke(cli, ["new", "action", "-C", str(root)])
    assert result.output == "Kirjoitettiin tiedosto content/actions/3.yaml\n"
    text = (root / "content/actions/3.yaml").read_text(encoding="utf-8")
    assert "# Toimenpide 3\n" in text
    assert "# Toimenpiteen nimi. (pakollinen)\nname: Uusi toimenpide\n" in text
    swedish = CliRunner().invoke(cli, ["new", "contact", "liisa", "-C", str(root), "--lang", "sv"])
    assert swedish.exit_code == 0
    assert "name: Förnamn Efternamn\n" in (root / "content/contacts/liisa.yaml").read_text(encoding="utf-8")


def test_the_dev_servers_error_page_speaks_the_editors_language():
    page = error_page(["content/actions/2.yaml:1: description: pakollinen kenttä puuttuu"], "fi").decode()
    assert '<html lang="fi">' in page
    assert "<h1>Sivustoa ei voitu rakentaa</h1>" in page
    assert "Korjaa nämä ongelmat ja tallenna; sivu latautuu uudelleen itsestään." in page


@pytest.mark.parametrize("environment, expected", [
    ({}, None), ({"LANG": "C.UTF-8"}, None), ({"LANG": "POSIX"}, None), ({"LANG": "fi_FI.UTF-8"}, "fi"),
    ({"LANG": "sv_FI@euro"}, "sv"), ({"LANG": "en_US"}, "en"), ({"LANG": "de_DE.UTF-8"}, None),
    ({"LANG": "fi_FI.UTF-8", "LC_MESSAGES": "sv_SE.UTF-8"}, "sv"),
    ({"LANG": "fi_FI.UTF-8", "LC_MESSAGES": "sv_SE.UTF-8", "LC_ALL": "C"}, None),
])
def test_the_locale_is_read_as_posix_reads_it(environment, expected):
    assert language_from_environment(environment) == expected


def test_the_language_is_the_option_then_the_locale_then_the_sites():
    assert editor_language("sv", "fi", {"LANG": "en_GB.UTF-8"}) == "sv"
    assert editor_language(None, "fi", {"LANG": "en_GB.UTF-8"}) == "en"
    assert editor_language(None, "sv", {"LANG": "C.UTF-8"}) == "sv"
    assert editor_language(None, None, {}) == "fi"


# --- the catalogues ---

@pytest.mark.parametrize("language", catalogue.TRANSLATED)
def test_the_catalogue_is_current(language):
    assert catalogue.po_file(language).read_text(encoding="utf-8") == catalogue.merged(language), \
        "run: make messages"


FIELD = re.compile(r"\{[^{}]*\}")


@pytest.mark.parametrize("language", catalogue.TRANSLATED)
def test_every_text_is_translated_keeping_its_fields_and_what_joins_it(language):
    with catalogue.po_file(language).open("rb") as source:
        entries = [entry for entry in read_po(source, locale=language) if entry.id]
    assert len(entries) > 300
    for entry in entries:
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert all(strings), f"untranslated: {ids[0]!r}"
        for string in strings:
            assert sorted(FIELD.findall(string)) == sorted(FIELD.findall(ids[-1])), (ids[0], string)
            for start in (" (", ": ", "; "):
                assert ids[0].startswith(start) == string.startswith(start), (ids[0], string)


def test_every_declared_message_is_used():
    declaring = ("problems.py", "said.py", "procurement_problems.py", "coordination.py")
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "katalogi").rglob("*.py")
                       if path.name not in declaring)
    declared = "\n".join((ROOT / "katalogi/base" / name).read_text(encoding="utf-8") for name in declaring)
    unused = [name for name in every_problem.ALL if not re.search(rf"\b{name}\b", source)
              and len(re.findall(rf"\b{name}\b", declared)) < 2]
    assert unused == []


# --- no Python words ---

def sample(problem: problems.Problem) -> Message:
    values = {name: "x" for name in FIELD.findall(problem.text + problem.plural)}
    return problem(**{name.strip("{}"): value for name, value in values.items()} | ({"count": 2} if problem.plural
                                                                                       else {}))


@pytest.mark.parametrize("language", EDITOR_LANGUAGES)
def test_no_message_shows_python_words(language):
    for name, problem in every_problem.ALL.items():
        text = sample(problem).render(language)
        assert not PYTHON_WORDS.search(text), (name, text)


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.text(max_size=20) | st.integers().map(str) | st.floats(allow_nan=False).map(str),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(YAML_VALUES)
def test_any_value_in_any_field_gives_messages_without_python_words(value):
    for content_type in CONTENT_TYPES:
        for declared in content_type.schema.fields:
            checker = Checker("f.yaml", ("fi", "sv"))
            declared.type.check(value, declared.name, 1, checker)
            for error in checker.errors:
                for language in EDITOR_LANGUAGES:
                    text = error.text(language)
                    ours = QUOTED.sub("", text.split(": ", 2)[-1])  # without the place and the values written
                    assert not PYTHON_WORDS.search(ours), text
