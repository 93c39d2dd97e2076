"""Nothing an editor typed is lost in silence: cut-off texts, unread files, links to nowhere, placeholders.

Each case runs `check` as the editor would and asserts the exact line it prints.
"""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from katalogi.base.errors import BuildFailed
from katalogi.build.pipeline import check_project
from katalogi.cli import cli
from katalogi.inputs.sources import Project

ACTION = 'id: "3"\nname: Kolmas\ndescription: Kuvaus.\nstatus: on_time\n'


def check(root, *args: str):
    return CliRunner().invoke(cli, ["check", "-C", str(root), "--no-history", *args], catch_exceptions=False)


def warnings_of(root) -> list[str]:
    return [str(warning) for warning in check_project(Project(root, history=False)).warnings]


def errors_of(root) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        check_project(Project(root, history=False))
    return [str(error) for error in failure.value.errors]


# --- a comment that cut a text short ---

def test_a_comment_after_a_text_is_reported_with_what_it_dropped(project):
    root = project({"content/actions/3.yaml": ACTION + "lead: Kokeilu #1 ja #2\n"})
    result = check(root)
    assert result.exit_code == 0
    assert ("content/actions/3.yaml:5: warning: lead: ' #' starts a comment, so '#1 ja #2' is not part of the text "
            'and is not published; to keep it, put the whole text in quotes: lead: "Kokeilu #1 ja #2"'
            ) in result.output.splitlines()
    assert check(root, "--strict").exit_code == 1


def test_comments_after_codes_and_on_their_own_lines_are_fine(project):
    root = project({"content/actions/3.yaml": "# Toimenpide 3\n" + ACTION.replace(
        "status: on_time", "status: on_time  # tarkistettu") + "tasks:\n  # seuraavaksi\n  - name: Tee  # huom\n"})
    assert warnings_of(root) == [
        "content/actions/3.yaml:8: warning: tasks[0].name: ' #' starts a comment, so '# huom' is not part of the "
        'text and is not published; to keep it, put the whole text in quotes: name: "Tee # huom"']


def test_a_comment_in_a_translation_and_in_a_list_of_texts(project):
    root = project({"content/actions/3.yaml": ACTION + "lead:\n  fi: Osa #1\n"},
                   config=None)
    (root / "site_config.yaml").write_text(textwrap.dedent("""\
        title: T
        languages: [fi, sv]
        statuses:
          - {id: on_time, label: Ajallaan, colour: "#00d7a7"}
          - {id: done, label: Valmis, colour: "#0000bf", completed: true}
        accessibility:
          statement_date: 2019-10-15
          contact_email: a@example.org
          known_issues:
            - Kaaviot #2
        """), encoding="utf-8")
    found = [warning for warning in warnings_of(root) if "starts a comment" in warning]
    assert found == [
        "content/actions/3.yaml:6: warning: lead.fi: ' #' starts a comment, so '#1' is not part of the text and is "
        'not published; to keep it, put the whole text in quotes: fi: "Osa #1"',
    ]


# --- files the loader does not read ---

@pytest.mark.parametrize("name, expected", [
    ("136.yaml~", "content/actions/136.yaml~:1: warning: file: looks like an editor's backup copy, which is not "
                  "read; delete it, or rename it to 136.yaml if it should be read"),
    ("136.yml.bak", "content/actions/136.yml.bak:1: warning: file: looks like an editor's backup copy, which is "
                    "not read; delete it, or rename it to 136.yml if it should be read"),
    ("LUE.md", "content/actions/LUE.md:1: warning: file: is not read: only .yaml files are content; move it out of "
               "content/actions/ or delete it"),
])
def test_a_file_that_is_not_read_is_reported(project, name, expected):
    root = project({f"content/actions/{name}": ACTION})
    assert expected in check(root).output.splitlines()


@pytest.mark.parametrize("name", [".136.yaml.swp", "#136.yaml#", ".#136.yaml", "~$taulukko.xlsx", "4913"])
def test_an_editors_files_of_work_in_progress_are_left_alone(project, name):
    root = project({f"content/actions/{name}": "x"})
    assert not any(name in warning for warning in warnings_of(root))


# --- links and images that lead nowhere ---

def test_a_same_site_link_in_markdown_that_leads_nowhere_is_an_error_at_its_line(project):
    root = project({"content/actions/3.yaml": ACTION.replace("description: Kuvaus.\n", textwrap.dedent("""\
        description: |
          Katso [ensimmäinen](/toimenpiteet/1/) ja [kategoria](/kategoriat/hankinnat/).

          Myös [kadonnut](/toimenpiteet/999/) ja [tila](/tilat/on_time/#x).
        """))})
    assert errors_of(root) == [
        "content/actions/3.yaml:6: description: links to /toimenpiteet/999/, which is not a page or file of this "
        "site (there is no action '999')"]


def test_a_link_field_and_a_reference_link_are_checked_too(project):
    root = project({"content/actions/3.yaml": ACTION + textwrap.dedent("""\
        links:
          - title: Mittari
            url: /mittarit/osus/
          - title: Data
            url: /data/actions.json
        official_description:
          text: |
            Katso [tämä][1].

            [1]: /organisaatiot/ymp/
          source: Ohjelma
        """)})
    assert errors_of(root) == [
        "content/actions/3.yaml:7: links[0].url: links to /mittarit/osus/, which is not a page or file of this site "
        "(there is no indicator 'osus')",
        "content/actions/3.yaml:14: official_description.text: links to /organisaatiot/ymp/, which is not a page or "
        "file of this site (there is no organisation 'ymp')",
    ]


def test_a_link_by_the_sites_own_address_is_checked(project):
    root = project({"content/actions/3.yaml": ACTION + "lead: x\n" + textwrap.dedent("""\
        official_description:
          text: "[x](https://hankinnat.example.org/toimenpiteet/4/)"
          source: Ohjelma
        """)}, config=None)
    (root / "site_config.yaml").write_text(
        'title: T\nsite_url: https://hankinnat.example.org\nstatuses:\n  - {id: on_time, label: A, colour: "#00d7a7"}'
        '\n  - {id: done, label: V, colour: "#0000bf", completed: true}\n', encoding="utf-8")
    assert errors_of(root) == [
        "content/actions/3.yaml:7: official_description.text: links to https://hankinnat.example.org/toimenpiteet/4/, "
        "which is not a page or file of this site (there is no action '4')"]


def test_images_must_be_files_of_this_site(project):
    root = project({"content/actions/3.yaml": ACTION.replace("description: Kuvaus.\n", textwrap.dedent("""\
        description: |
          ![Logo](/static/favicon.svg)
          ![Kaavio](/kuvat/kaavio.png)
          ![Ulkoinen](https://example.org/kuva.png)
        """))})
    assert errors_of(root) == [
        "content/actions/3.yaml:5: description: shows the image /kuvat/kaavio.png, which is not a file of this site"]
    (root / "content/actions/3.yaml").write_text(ACTION + "lead: x\n" + textwrap.dedent("""\
        official_description:
          text: "![Ulkoinen](https://example.org/kuva.png)"
          source: Ohjelma
        """), encoding="utf-8")
    assert warnings_of(root) == [
        "content/actions/3.yaml:7: warning: official_description.text: shows an image from another host "
        "(https://example.org/kuva.png), which the site does not load (it asks no other host for anything), so "
        "readers see no image; use an image on this site"]


# --- text left as `new` wrote it ---

def test_text_left_as_new_wrote_it_is_a_data_quality_warning(project):
    root = project()
    assert CliRunner().invoke(cli, ["new", "action", "-C", str(root)]).exit_code == 0
    assert CliRunner().invoke(cli, ["new", "contact", "liisa", "-C", str(root)]).exit_code == 0
    lines = check(root).output.splitlines()
    assert "content/actions/3.yaml:13: warning: name: still says 'New action', as `new` wrote it; write the real " \
           "name" in lines
    assert ("content/actions/3.yaml:19: warning: description: still says 'Write here what the action is and why it "
            "is done.', as `new` wrote it; write the real description") in lines
    assert ("content/contacts/liisa.yaml:10: warning: name: still says 'Firstname Lastname', as `new` wrote it; "
            "write the real name") in lines
    assert check(root, "--strict").exit_code == 1


def test_the_same_placeholder_in_another_language_is_found_too(project):
    root = project({"content/contacts/liisa.yaml": "id: liisa\nname: Etunimi Sukunimi\n"})
    assert any("contacts/liisa.yaml:2: warning: name: still says 'Etunimi Sukunimi'" in line
               for line in check(root).output.splitlines())


# --- a written status that the tasks decide ---

def test_a_status_written_where_the_tasks_decide_is_a_warning_at_its_line(project):
    from conftest import TINY_CONFIG

    config = TINY_CONFIG.replace("statuses:", "status_from: tasks\nstatuses:") + (
        '  - id: not_started\n    label: Ei aloitettu\n    colour: "#dedfe1"\n'
        '  - id: late\n    label: Myöhässä\n    colour: "#ffc61e"\n')
    root = project(config=config)
    lines = check(root).output.splitlines()
    assert ("content/actions/1.yaml:8: warning: status: not used: this action's status comes from its tasks (now "
            "'on_time'), so the written 'on_time' is ignored; delete this line, or write status_from: editor to set "
            "the status yourself") in lines


# --- check FILE ---

def test_check_of_named_files_shows_only_their_problems(project):
    root = project({"content/actions/3.yaml": ACTION + "contacts: [mai]\n",
                    "content/actions/4.yaml": 'id: "4"\nname: Neljäs\n'})
    result = check(root, "content/actions/3.yaml")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "content/actions/3.yaml:5: contacts[0]: unknown contact 'mai' (did you mean 'mia'?)",
        "1 problem found; nothing was written."]
    (root / "content/actions/3.yaml").write_text(ACTION, encoding="utf-8")
    result = check(root, str(root / "content/actions/3.yaml"))
    assert result.exit_code == 0
    assert result.output.splitlines() == [  # its warnings are known although other files have errors
        "content/actions/3.yaml:1: warning: contacts: no contact person",
        "content/actions/3.yaml:1: warning: organisations: no responsible (primary) organisation",
        "content/actions/3.yaml:1: warning: tasks: not completed, but no open task is due on or after 2020-01-15",
        "2 problems in other files (run check without file names to see them)"]


def test_check_of_a_named_file_counts_its_own_warnings(project):
    root = project({"content/actions/3.yaml": ACTION + "lead: Kokeilu #1\n"})
    result = check(root, "content/actions/3.yaml")
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == (
        "Checked 1 file against the whole catalogue: no errors, 3 data-quality warnings, 1 other warning.")
    assert all(line.startswith("content/actions/3.yaml:") for line in result.output.splitlines()[:-1])


def test_check_refuses_a_file_outside_content(project, tmp_path):
    root = project()
    result = check(root, str(tmp_path / "elsewhere.yaml"))
    assert result.exit_code == 1
    assert result.output == f"{tmp_path / 'elsewhere.yaml'}: not a file of the catalogue's content/ folder\n"
