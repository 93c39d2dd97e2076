"""Languages: translated fields, fallbacks marked with lang, check's warnings, UI catalogues, Babel formats."""

from __future__ import annotations

import datetime
import re
import textwrap

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from click.testing import CliRunner
from htmlcheck import parse
from tools import ROOT

from katalogi.build.filters import format_date, format_number
from katalogi.build.pipeline import build, check_project
from katalogi.cli import cli
from katalogi.content.codes import LANGUAGES
from katalogi.content.i18n import Fallback, translations
from katalogi.inputs.sources import Project

THREE_LANGUAGES = textwrap.dedent("""\
    title:
      fi: Testikatalogi
      sv: Testkatalog
      en: Test catalogue
    languages: [fi, sv, en]
    base_path: /
    as_of: 2020-01-15
    statuses:
      - id: on_time
        label:
          fi: Ajallaan
          sv: Enligt tidsplan
          en: On time
        colour: "#00d7a7"
      - id: done
        label: Valmis
        colour: "#0000bf"
        completed: true
    """)
TRANSLATED_ACTION = textwrap.dedent("""\
    id: "1"
    name:
      fi: Ensimmäinen
      sv: Den första
    description:
      fi: Kuvaus.
      en: A description.
    categories: [hankinnat]
    status: on_time
    """)


def three_languages(project, files=None):
    return project({"content/actions/1.yaml": TRANSLATED_ACTION, **(files or {})}, config=THREE_LANGUAGES)


def test_each_language_has_its_pages_under_its_prefix_with_the_same_path_segments(project, tmp_path):
    out = tmp_path / "out"
    build(Project(three_languages(project)), out, search=False)
    for prefix in ("", "sv/", "en/"):
        assert (out / prefix / "toimenpiteet/1/index.html").is_file()
        assert (out / prefix / "kategoriat/hankinnat/index.html").is_file()
    assert not (out / "fi").exists(), "the default language is at the root"
    html = (out / "sv/toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in html
    assert '<h1>Den första</h1>' in html
    assert '<link rel="alternate" hreflang="fi" href="/toimenpiteet/1/">' in html
    assert '<link rel="alternate" hreflang="en" href="/en/toimenpiteet/1/">' in html
    assert '<a href="/toimenpiteet/1/" hreflang="fi" lang="fi">Suomeksi</a>' in html
    assert '<span aria-current="true" lang="sv">På svenska</span>' in html
    assert 'href="/sv/toimenpiteet/2/"' in html, "links stay in the page's language"


def test_missing_translations_fall_back_to_finnish_marked_with_lang(project, tmp_path):
    out = tmp_path / "out"
    build(Project(three_languages(project)), out, search=False)
    english = (out / "en/toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert '<h1 lang="fi">Ensimmäinen</h1>' in english, "no English name: the Finnish one, marked"
    assert "<p>A description.</p>" in english
    assert '<h2 id="tasks-heading">Tasks</h2>' in english, "UI strings come from the English catalogue"
    swedish = (out / "sv/toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert '<div lang="fi"><p>Kuvaus.</p>' in swedish, "a Markdown fallback is wrapped"
    statuses = (out / "sv/tilat/index.html").read_text(encoding="utf-8")
    assert '<a href="/sv/tilat/done/"><span lang="fi">Valmis</span></a>' in statuses, "a plain string is Finnish"
    finnish = (out / "toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert ' lang="fi"' not in finnish.split("<main", 1)[1].split("</main>")[0], "no marks on Finnish pages"


def test_every_page_of_every_language_nests_and_has_one_language(project, tmp_path):
    out = tmp_path / "out"
    build(Project(three_languages(project)), out, search=False)
    for page in out.rglob("*.html"):
        parsed = parse(page)
        assert parsed.problems == [] and parsed.open == [], page
        language = page.relative_to(out).parts[0] if page.relative_to(out).parts[0] in ("sv", "en") else "fi"
        assert f'<html lang="{language}">' in page.read_text(encoding="utf-8"), page


def test_a_text_in_a_language_the_site_lacks_is_an_error(project):
    root = three_languages(project, {"content/categories/hankinnat.yaml": "id: hankinnat\nname:\n  fi: H\n  se: H\n"})
    with pytest.raises(Exception) as raised:
        check_project(Project(root))
    assert str(raised.value.errors[0]) == (
        "content/categories/hankinnat.yaml:4: name.se: 'se' is not one of the site's languages "
        "(expected one of: en, fi, sv)")


def test_a_translated_text_needs_the_default_language(project):
    root = three_languages(project, {"content/categories/hankinnat.yaml": "id: hankinnat\nname:\n  sv: H\n"})
    with pytest.raises(Exception) as raised:
        check_project(Project(root))
    assert [str(error) for error in raised.value.errors] == [
        "content/categories/hankinnat.yaml:2: name: no text in fi, the site's default language"]


def test_check_warns_about_missing_translations(project):
    root = three_languages(project)
    result = CliRunner().invoke(cli, ["check", "--translations", "-C", str(root)], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "content/actions/1.yaml:2: warning: name: no translation in en" in lines
    assert "content/actions/1.yaml:5: warning: description: no translation in sv" in lines
    assert ("content/actions/2.yaml:1: warning: translations: 2 text fields only in fi (no sv, en): name, "
            "description") in lines
    assert "site_config.yaml:1: warning: translations: 1 text field only in fi (no sv, en): statuses[1].label" in lines
    assert not any("contacts/mia.yaml" in line and "name" in line for line in lines), "names are not translated"
    assert lines[-1].endswith("translation warnings.")
    strict = CliRunner().invoke(cli, ["check", "--strict", "-C", str(root)], catch_exceptions=False)
    assert strict.exit_code == 1


def test_a_single_language_site_has_no_translation_warnings_and_no_switcher(project, tmp_path):
    site = check_project(Project(project()))
    assert site.missing_translations == ()
    out = tmp_path / "out"
    build(Project(project()), out, search=False)
    html = (out / "toimenpiteet/1/index.html").read_text(encoding="utf-8")
    assert 'hreflang' not in html and 'class="languages"' not in html


def test_fallback_is_a_string_that_remembers_its_language():
    text = Fallback("Hankinnat", "fi")
    assert text == "Hankinnat" and text.lang == "fi" and text.upper() == "HANKINNAT"


@pytest.mark.parametrize("language, date, number", [
    ("fi", "01.03.2019", "1\u00a0234,5"),
    ("sv", "1 mars 2019", "1\u00a0234,5"),
    ("en", "1 Mar 2019", "1,234.5"),
])
def test_dates_and_numbers_follow_the_page_locale(language, date, number):
    assert format_date(datetime.date(2019, 3, 1), language) == date
    assert format_number(1234.5, language) == number
    assert format_date(datetime.date(2019, 10, 15), "fi") == "15.10.2019"


def catalogue(language: str):
    with (ROOT / f"katalogi/locale/{language}/LC_MESSAGES/messages.po").open("rb") as source:
        return read_po(source, locale=language)


def source_messages() -> set:
    """What `make messages` would extract from the templates and the Python modules."""
    method_map = [("katalogi/**.py", "python"), ("theme/templates/**.html", "jinja2")]
    options = {"theme/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    found = extract_from_dir(str(ROOT), method_map, options, keywords)
    return {first_id(message) for _, _, message, _, _ in found}


def first_id(message_id) -> str:
    """A catalogue keys a plural message by its singular, which a plain message of the same text shares."""
    return message_id[0] if isinstance(message_id, tuple) else message_id


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "fi"])
def test_every_ui_string_is_translated_and_the_catalogue_is_current(language):
    messages = {first_id(message.id): message for message in catalogue(language) if message.id}
    assert set(messages) == source_messages(), "run `make messages` and translate the new strings"
    for message in messages.values():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and "fuzzy" not in message.flags, message.id
        placeholders = set(re.findall(r"%\(\w+\)s", str(message.id)))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)s", string)) <= placeholders | {"%(num)s"}, message.id


def test_catalogues_compile_in_memory():
    assert translations("sv").gettext("Tehtävät") == "Uppgifter"
    assert translations("en").ngettext("%(num)s toimenpide", "%(num)s toimenpidettä", 2) == "%(num)s actions"
    assert translations("fi").gettext("Tehtävät") == "Tehtävät"
    assert not list((ROOT / "katalogi/locale").rglob("*.mo")), "no compiled catalogues in the source tree"


def test_charts_speak_the_page_language(project, tmp_path):
    root = three_languages(project, {"content/indicators/osuus.yaml": textwrap.dedent("""\
        id: osuus
        name: Osuus
        unit: t
        values:
          - date: 2018-12-31
            value: 1234.5
          - date: 2019-12-31
            value: 2500
        """)})
    out = tmp_path / "out"
    build(Project(root), out, search=False)
    english = (out / "en/mittarit/osuus/index.html").read_text(encoding="utf-8")
    assert "Values 2018–2019: 1,234.5 t, 2,500 t." in english
    assert '<text x="' in english and ">3,000</text>" in english, "y axis ticks in English style"
    finnish = (out / "mittarit/osuus/index.html").read_text(encoding="utf-8")
    assert "Arvot 2018–2019: 1\u00a0234,5 t, 2\u00a0500 t." in finnish and ">3\u00a0000</text>" in finnish


def test_check_sums_up_translation_gaps_in_one_line_per_language(project):
    root = three_languages(project)
    result = CliRunner().invoke(cli, ["check", "-C", str(root), "--no-history"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line for line in lines if line.startswith("translations:")] == [
        "translations: sv: 10 texts have no translation, in 8 files; `check --translations` lists them",
        "translations: en: 10 texts have no translation, in 8 files; `check --translations` lists them",
    ]
    assert not any("no translation in" in line or "only in fi" in line for line in lines), "the details wait"
    assert lines[-1].endswith("5 data-quality warnings, 9 translation warnings.")
