"""`export xlsx` and `import xlsx`: the round trip changes exactly the edited values, and every bad cell is placed.

Workbooks are edited with openpyxl as an editor would edit them in Excel or LibreOffice:
cells by their sheet's field names (row 2), rows by their identifiers.
"""

from __future__ import annotations

import datetime
import json
import shutil
import textwrap
from pathlib import Path

import pytest
from conftest import TINY_CONFIG
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from tools import ROOT
from workbook_support import (
    LANGUAGES_CONFIG,
    PROCUREMENTS,
    add_row,
    columns_of,
    contents,
    delete_row,
    diff,
    edit,
    export,
    import_,
    run,
)

from katalogi.base.errors import CellError, ContentError


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The shipped sample catalogue, copied."""
    root = tmp_path / "sample"
    root.mkdir()
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "site_config.yaml", root / "site_config.yaml")
    shutil.copytree(ROOT / "theme", root / "theme")
    return root


# --- the round trip ---

@pytest.mark.parametrize("args", [(), ("--organisation", "palu")], ids=["all", "one unit"])
def test_an_unchanged_workbook_changes_no_file(sample, args):
    before = contents(sample)
    book = export(sample, *args)
    result = import_(sample, book)
    assert result.exit_code == 0, result.output
    assert result.output == "The workbook has no changes; no file was written.\n"
    assert contents(sample) == before


def test_the_same_catalogue_gives_the_same_workbook_byte_for_byte(sample):
    assert export(sample, name="a.xlsx").read_bytes() == export(sample, name="b.xlsx").read_bytes()


def test_an_edited_cell_changes_exactly_its_line(sample):
    before = (sample / "content/actions/111.yaml").read_bytes()
    book = export(sample)
    edit(book, "Actions", {("111", "updated"): datetime.datetime(2019, 10, 18)})
    result = import_(sample, book)
    assert result.exit_code == 0, result.output
    assert result.output == ("content/actions/111.yaml: Actions!K12 updated\n"
                             "Changed 1 cell in 1 file.\n")
    assert diff(before, (sample / "content/actions/111.yaml").read_bytes()) == [
        "-updated: 2019-10-15", "+updated: 2019-10-18"]


def test_a_task_edit_keeps_every_other_byte_of_a_file_with_comments_quotes_and_its_own_order(project):
    text = textwrap.dedent("""\
        # yaml-language-server: $schema=../../schemas/action.schema.json
        # Toimenpide 1: seurataan kahdesti vuodessa.
        name:   Ensimmäinen   # nimi sovittu
        id: '1'
        description: |
          Kuvaus, jossa on kaksi riviä
          ja "lainausmerkit".

        categories: [ hankinnat ]
        organisations:
        - organisation: ympa
        contacts: ["mia"]
        status: "on_time"   # tarkistettu
        indicators: [osuus]
        procurement_volume: 2500000
        tasks:
        # tehdyt ensin
        - name: 'Tehty'
          state: completed
          completed: 2019-03-01
        - name: Tekemättä
          due: 2020-02-01   # sovittu
        """)
    root = project({"content/actions/1.yaml": text})
    book = export(root)
    edit(book, "Tasks", {("1", 2, "state"): "in_progress"})
    assert import_(root, book).exit_code == 0
    assert (root / "content/actions/1.yaml").read_text(encoding="utf-8") == text.replace(
        "- name: Tekemättä\n", "- name: Tekemättä\n  state: in_progress\n")


def test_windows_line_ends_and_a_byte_order_mark_are_kept(project):
    text = '\ufeffid: "1"\r\nname: Ensimmäinen\r\ndescription: Kuvaus.\r\nstatus: on_time\r\n'
    root = project({"content/actions/1.yaml": text.encode("utf-8")})
    book = export(root)
    edit(book, "Actions", {("1", "status"): "done"})
    assert import_(root, book).exit_code == 0
    assert (root / "content/actions/1.yaml").read_bytes() == text.replace("on_time", "done").encode("utf-8")


def test_values_equal_to_the_files_are_not_rewritten_so_their_quotes_stay(project):
    text = 'id: "1"\nname: "Ensimmäinen"\ndescription: Kuvaus.\nstatus: \'on_time\'\nprocurement_volume: 2500000\n' \
           'cpv_codes:\n  - "60000000-8"\nupdated: 2019-10-15\n'
    root = project({"content/actions/1.yaml": text})
    book = export(root)
    # the same values as the cells' own types: a number as a float, a date as a date, a code as typed
    edit(book, "Actions", {("1", "procurement_volume"): 2500000.0, ("1", "status"): "on_time",
                           ("1", "updated"): datetime.datetime(2019, 10, 15), ("1", "name.fi"): "Ensimmäinen",
                           ("1", "lead.fi"): "Uusi tiivistelmä."})
    assert import_(root, book).exit_code == 0
    assert (root / "content/actions/1.yaml").read_text(encoding="utf-8") == text.replace(
        'name: "Ensimmäinen"\n', 'name: "Ensimmäinen"\nlead: Uusi tiivistelmä.\n')


def test_a_text_in_another_language_turns_the_field_into_a_mapping_by_language(project):
    root = project(config=TINY_CONFIG + LANGUAGES_CONFIG)
    book = export(root)
    edit(book, "Actions", {("2", "name.sv"): "Den andra", ("2", "status_reason.en"): "Done: on time"})
    assert import_(root, book).output.splitlines() == [  # a translation needs its default language's text too
        "Actions!F4: status_reason: no text in fi, the site's default language",
        "1 problem found; nothing was written."]
    edit(book, "Actions", {("2", "status_reason.fi"): "Valmis"})
    result = import_(root, book)
    assert result.exit_code == 0, result.output
    assert (root / "content/actions/2.yaml").read_text(encoding="utf-8") == (
        'id: "2"\nname:\n  fi: Toinen\n  sv: Den andra\ndescription: Kuvaus.\nstatus: done\n'
        "status_reason:\n  fi: Valmis\n  en: 'Done: on time'\n")
    assert import_(root, export(root, name="again.xlsx")).output.endswith("no file was written.\n")


def test_a_long_comment_with_line_breaks_becomes_a_block_text(project):
    root = project()
    book = export(root)
    edit(book, "Tasks", {("1", 1, "comment.fi"): "Ensimmäinen rivi.\r\n\r\n- toinen: kohta #2"})
    assert import_(root, book).exit_code == 0
    text = (root / "content/actions/1.yaml").read_text(encoding="utf-8")
    assert "    completed: 2019-03-01\n    comment: |\n      Ensimmäinen rivi.\n\n      - toinen: kohta #2\n" in text


def test_a_row_for_a_new_task_adds_the_task(project):
    root = project()
    book = export(root)
    row = add_row(book, "Tasks", {"action": "1", "name.fi": "Uusi tehtävä", "state": "in_progress",
                                  "due": datetime.datetime(2020, 6, 30)})
    result = import_(root, book)
    assert result.exit_code == 0, result.output
    assert result.output == (f"content/actions/1.yaml: Tasks!A{row} adds tasks[2]\n"
                             "Changed 3 cells in 1 file.\n")
    assert (root / "content/actions/1.yaml").read_text(encoding="utf-8").endswith(
        "  - name: Tekemättä\n    due: 2020-02-01\n"
        "  - name: Uusi tehtävä\n    state: in_progress\n    due: 2020-06-30\n")
    again = export(root, name="again.xlsx")
    assert load_workbook(again)["Tasks"].cell(5, 2).value == 3  # the new task's position


def test_a_deleted_task_row_is_reported_and_kept_unless_deletions_are_allowed(project):
    root = project()
    before = contents(root)
    book = export(root)
    delete_row(book, "Tasks", ("1", 1))
    kept = import_(root, book)
    assert kept.exit_code == 0
    assert kept.output == ("content/actions/1.yaml:11: tasks[0] is not in the sheet Tasks; it is kept (import with "
                           "--allow-deletions to delete it)\n"
                           "The workbook has no changes; no file was written.\n")
    assert contents(root) == before
    deleted = import_(root, book, "--allow-deletions")
    assert deleted.exit_code == 0, deleted.output
    assert "content/actions/1.yaml:11: tasks[0] is not in the sheet Tasks: deleted\n" in deleted.output
    assert (root / "content/actions/1.yaml").read_text(encoding="utf-8").endswith(
        "tasks:\n  - name: Tekemättä\n    due: 2020-02-01\n")


def test_a_deleted_item_row_deletes_its_file_only_when_allowed_and_only_if_nothing_refers_to_it(project):
    root = project()
    book = export(root)
    delete_row(book, "Actions", ("2",))
    assert "content/actions/2.yaml:1: file is not in the sheet Actions; it is kept" in import_(root, book).output
    assert (root / "content/actions/2.yaml").exists()
    assert import_(root, book, "--allow-deletions").exit_code == 0
    assert not (root / "content/actions/2.yaml").exists()
    referred = export(root, name="contacts.xlsx")
    delete_row(referred, "Contacts", ("mia",))
    result = import_(root, referred, "--allow-deletions")
    assert result.exit_code == 1
    assert "content/actions/1.yaml:7: contacts[0]: unknown contact 'mia'" in result.output
    assert (root / "content/contacts/mia.yaml").exists()


def test_dry_run_lists_the_changes_and_writes_nothing(project):
    root = project()
    before = contents(root)
    book = export(root)
    edit(book, "Actions", {("2", "status_reason.fi"): "Valmis."})
    result = import_(root, book, "--dry-run")
    assert result.output == ("content/actions/2.yaml: Actions!D4 status_reason\n"
                             "--dry-run: nothing was written; the import would change 1 cell in 1 file.\n")
    assert contents(root) == before


def test_a_file_changed_since_the_export_is_not_overwritten(project):
    root = project()
    book = export(root)
    path = root / "content/actions/2.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "phase: planning\n", encoding="utf-8")
    edit(book, "Actions", {("2", "status_reason.fi"): "Valmis."})
    result = import_(root, book)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "content/actions/2.yaml:1: file: has changed since the workbook was exported, and the workbook would undo "
        "that change; export again and make your changes in the new workbook")
    assert "status_reason" not in path.read_text(encoding="utf-8")


# --- every bad cell, placed ---

BAD_CELLS = {
    "task state written as a label": ("Tasks", ("1", 2, "state"), "valmis",
                                      "Tasks!D4: tasks[1].state: 'valmis' is not allowed: write completed (valmis)"),
    "impossible date": ("Actions", ("1", "updated"), "2019-13-01",
                        "Actions!G3: updated: impossible date 2019-13-01 (month must be in 1..12)"),
    "text in a date": ("Tasks", ("1", 2, "due"), "ensi viikolla",
                       "Tasks!E4: tasks[1].due: expected a date as YYYY-MM-DD, got 'ensi viikolla'"),
    "text in a number": ("Actions", ("1", "procurement_volume"), "paljon",
                         "Actions!R3: procurement_volume: expected a number, got 'paljon'"),
    "negative volume": ("Actions", ("1", "procurement_volume"), -5,
                        "Actions!R3: procurement_volume: must be at least 0, got -5"),
    "status by its label": ("Actions", ("1", "status"), "Ajallaan",
                            "Actions!C3: status: unknown status 'Ajallaan': write on_time (Ajallaan)"),
    "phase not allowed": ("Actions", ("1", "phase"), "done",
                          "Actions!E3: phase: 'done' is not allowed: write completed (done)"),
    "contact by name": ("Actions", ("1", "contacts"), "Mia Malin",
                        "Actions!J3: contacts[0]: unknown contact 'Mia Malin': write mia (Mia Malin)"),
    "category listed twice": ("Actions", ("1", "categories"), "hankinnat, hankinnat",
                              "Actions!K3: categories[1]: 'hankinnat' is already listed as categories[0]"),
    "unknown organisation": ("Actions", ("1", "responsible_organisation"), "ymp",
                             "Actions!F3: organisations[0].organisation: unknown organisation 'ymp' (did you mean "
                             "'ympa'?)"),
    "role not allowed": ("Action organisations", ("1", 1, "role"), "vastuu",
                         "Action organisations!D3: organisations[0].role: 'vastuu' is not allowed: write primary "
                         "(vastuu)"),
    "required name emptied": ("Actions", ("2", "name.fi"), None, "Actions!B4: name: required field is missing"),
    "completed without its date": ("Tasks", ("1", 2, "state"), "completed",
                                   "Tasks!F4: tasks[1].completed: required when state is completed"),
    "unsafe parent": ("Organisations", ("ympa", "parent"), "Kaupunki Oy",
                      "Organisations!D4: parent: unknown organisation 'Kaupunki Oy' (did you mean 'kaupunki'?)"),
    "indicator value not a number": ("Indicator values", ("osuus", 1, "value"), "12 %",
                                     "Indicator values!D3: values[0].value: expected a number, got '12 %'"),
    "control character": ("Contacts", ("mia", "title.fi"), "suunnittelija\x9f",  # XML allows it, YAML does not
                          "Contacts!C3: title: the control character #x009f is not allowed in content; remove it"),
    "a text that looks like a formula": ("Tasks", ("1", 2, "due"), "=2020-01-01",
                                         "Tasks!E4: tasks[1].due: expected a date as YYYY-MM-DD, got '=2020-01-01'"),
    "unknown CPV code": ("Actions", ("1", "cpv_codes"), "99999999-9",
                         "Actions!S3: cpv_codes[0]: 99999999-9 is not a code of the CPV 2008 vocabulary; the nearest "
                         "code is 98910000-5 (Services specific to international organisations and bodies)"),
    "CPV check digit": ("Actions", ("1", "cpv_codes"), "34144900-1",
                        "Actions!S3: cpv_codes[0]: the check digit of 34144900-1 is wrong: the CPV code is 34144900-7 "
                        "(Electric vehicles)"),
    "a broken link in a comment": ("Tasks", ("1", 1, "comment.fi"), "Katso [toinen](/toimenpiteet/3/).",
                                   "Tasks!G3: tasks[0].comment: links to /toimenpiteet/3/, which is not a page or file "
                                   "of this site (there is no action '3')"),
}


@pytest.mark.parametrize("case", BAD_CELLS, ids=str)
def test_a_bad_cell_is_reported_at_its_cell_as_check_says_it_and_nothing_is_written(project, case):
    sheet, key, value, expected = BAD_CELLS[case]
    root = project()
    before = contents(root)
    book = export(root)
    edit(book, sheet, {key: value})
    result = import_(root, book)
    assert result.exit_code == 1
    assert result.output.splitlines() == [expected, "1 problem found; nothing was written."]
    assert contents(root) == before


def test_the_problems_speak_finnish_with_lang_fi(project):
    root = project()
    book = export(root)
    edit(book, "Tasks", {("1", 2, "state"): "valmis"})
    result = import_(root, book, "--lang", "fi")
    assert result.output.splitlines() == [
        "Tasks!D4: tasks[1].state: 'valmis' ei ole sallittu: kirjoita completed (valmis)",
        "Löytyi 1 ongelma; mitään ei kirjoitettu."]


def test_one_bad_cell_among_many_good_ones_stops_every_file(project):
    root = project()
    before = contents(root)
    book = export(root)
    edit(book, "Actions", {("1", "status_reason.fi"): "Etenee.", ("2", "status_reason.fi"): "Valmis.",
                           ("2", "updated"): datetime.datetime(2020, 1, 2)})
    edit(book, "Tasks", {("1", 2, "state"): "in_progress", ("1", 2, "due"): "31.2.2020"})
    edit(book, "Contacts", {("mia", "title.fi"): "ympäristösuunnittelija"})
    result = import_(root, book)
    assert result.output.splitlines() == [
        "Tasks!E4: tasks[1].due: expected a date as YYYY-MM-DD, got '31.2.2020'",
        "1 problem found; nothing was written."]
    assert contents(root) == before


STRUCTURE = {
    "unknown column": "Tasks!H2: comments: unknown column (did you mean 'comment.fi'?)",
    "a row for an action that is not there": "Tasks!A5: action: there is no action '9' in the catalogue; make a new "
                                             "one with: python build.py new action 9, then export the workbook again",
    "a new action row": "Actions!A5: id: there is no action '3' in the catalogue; make a new one with: python "
                        "build.py new action 3, then export the workbook again",
    "a row without its action": "Tasks!A5: action: the row has values but no action",
    "the same task twice": "Tasks!A5: position: row 4 is about the same item (1 2); keep one of them",
    "a position that is not a number": "Tasks!B5: position: expected a whole number, got 'toinen'",
}


@pytest.mark.parametrize("case", STRUCTURE, ids=str)
def test_rows_and_columns_that_cannot_be_matched_are_reported(project, case):
    root = project()
    book = export(root)
    if case == "unknown column":
        workbook = load_workbook(book)
        workbook["Tasks"].cell(2, 8, "comments")
        workbook["Tasks"].cell(3, 8, "Sovittu.")
        workbook.save(book)
    else:
        sheet, values = {
            "a row for an action that is not there": ("Tasks", {"action": "9", "name.fi": "Uusi"}),
            "a new action row": ("Actions", {"id": 3, "name.fi": "Kolmas"}),
            "a row without its action": ("Tasks", {"name.fi": "Uusi"}),
            "the same task twice": ("Tasks", {"action": "1", "position": 2, "name.fi": "Tekemättä"}),
            "a position that is not a number": ("Tasks", {"action": "1", "position": "toinen"}),
        }[case]
        add_row(book, sheet, values)
    result = import_(root, book)
    assert result.exit_code == 1
    assert result.output.splitlines() == [STRUCTURE[case], "1 problem found; nothing was written."]


def test_a_cell_error_prints_as_sheet_and_cell_and_a_file_error_as_before():
    cell = CellError("Tehtävät", 12, "tasks[2].state", "x", "C")
    assert cell.text() == "Tehtävät!C12: tasks[2].state: x"
    assert str(ContentError("content/actions/1.yaml", 12, "tasks[2].state", "x")) == (
        "content/actions/1.yaml:12: tasks[2].state: x")
    assert sorted([CellError("T", 2, "f", "x", "AA"), CellError("T", 2, "f", "x", "B"), cell]) == [
        CellError("T", 2, "f", "x", "B"), CellError("T", 2, "f", "x", "AA"), cell]


# --- what the workbook holds ---

def test_one_units_workbook_holds_its_actions_their_tasks_and_its_procurements(project):
    root = project({"content/organisations/muu.yaml": "id: muu\nname: Muu\nkind: external\n",
                    "content/actions/2.yaml": 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: done\n'
                                              "organisations:\n  - organisation: muu\n",
                    "content/procurements/2019.yaml": PROCUREMENTS})
    path = root.parent / "unit.xlsx"
    result = run("export", "xlsx", str(path), "-C", str(root), "--organisation", "kaupunki")
    assert result.output == f"Wrote {path}: 1 action, 2 tasks, 2 procurements.\n"
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Actions", "Tasks", "Action organisations", "Procurements", "lists", "katalogi"]
    assert [row[0] for row in workbook["Actions"].iter_rows(min_row=3, values_only=True)] == ["1"]
    assert [row[:2] for row in workbook["Tasks"].iter_rows(min_row=3, values_only=True)] == [("1", 1), ("1", 2)]
    assert [row[0] for row in workbook["Procurements"].iter_rows(min_row=3, values_only=True)] == \
        ["2019-1", "2019-2"], "the unit's own (kaupunki and ympa below it), not muu's"
    unknown = run("export", "xlsx", str(path), "-C", str(root), "--organisation", "ympä")
    assert unknown.exit_code == 1
    assert unknown.output == "unknown organisation 'ympä' (did you mean 'ympa'?)\n"


def validations(worksheet) -> dict[str, object]:
    """Each column's data validation, by the field name in row 2."""
    columns = {cell.column_letter: cell.value for cell in worksheet[2]}
    found = {}
    for validation in worksheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            found[columns[cell_range.coord.split(":")[0].rstrip("0123456789")]] = validation
    return found


def listed(workbook, formula: str) -> list[str]:
    sheet, cells = formula.split("!")
    first, last = cells.replace("$", "").split(":")
    return [cell.value for (cell,) in workbook[sheet][first:last]]


def test_drop_down_lists_come_from_the_model_and_site_config(project):
    root = project()
    workbook = load_workbook(export(root))
    actions, tasks = validations(workbook["Actions"]), validations(workbook["Tasks"])
    assert listed(workbook, actions["status"].formula1) == ["on_time", "done"]
    assert listed(workbook, actions["phase"].formula1) == ["not_started", "planning", "implementation", "completed"]
    assert listed(workbook, actions["responsible_organisation"].formula1) == ["kaupunki", "ympa"]
    assert listed(workbook, actions["contacts"].formula1) == ["mia"]
    assert actions["contacts"].errorStyle == "warning"  # several, separated by commas, are allowed
    assert actions["status"].errorStyle == "stop"
    assert listed(workbook, tasks["state"].formula1) == ["not_started", "in_progress", "completed", "cancelled"]
    assert listed(workbook, tasks["action"].formula1) == ["1", "2"]
    roles = validations(workbook["Action organisations"])["role"]
    assert listed(workbook, roles.formula1) == ["primary", "collaborator"]
    assert listed(workbook, validations(workbook["Contacts"])["organisation"].formula1) == ["kaupunki", "ympa"]
    assert (tasks["due"].type, actions["procurement_volume"].type, tasks["position"].type) == ("date", "decimal",
                                                                                                 "whole")
    assert [cells.coord for cells in actions["status"].sqref.ranges] == ["C3:C1048576"]  # rows an editor adds too
    assert workbook["lists"].sheet_state == workbook["katalogi"].sheet_state == "hidden"


def test_dates_are_dates_numbers_numbers_and_the_headings_stay_in_view(project):
    root = project({"content/actions/2.yaml": 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: done\n'
                                              "procurement_volume: 2500000.5\nupdated: 2019-10-15\n"})
    workbook = load_workbook(export(root))
    actions, tasks = workbook["Actions"], workbook["Tasks"]
    columns = columns_of(actions)
    updated = actions.cell(4, columns["updated"])
    assert updated.value == datetime.datetime(2019, 10, 15) and updated.number_format == "yyyy-mm-dd"
    assert actions.cell(4, columns["procurement_volume"]).value == 2500000.5
    assert actions.cell(3, columns["id"]).value == "1" and actions.cell(3, columns["id"]).number_format == "@"
    assert tasks.cell(3, columns_of(tasks)["completed"]).value == datetime.datetime(2019, 3, 1)
    assert (actions.freeze_panes, tasks.freeze_panes) == ("B3", "C3")
    assert (actions.auto_filter.ref, tasks.auto_filter.ref) == ("A2:U4", "A2:G4")
    assert actions.column_dimensions["B"].width == len("Ensimmäinen") + 2
    assert actions.column_dimensions["F"].width == len("responsible_organisation") + 2
    assert workbook.properties.created == datetime.datetime(2000, 1, 1)


@pytest.mark.parametrize("language, title, headings", [
    ("fi", "Toimenpiteet", ["Tunniste", "Nimi [fi]", "Nimi [sv]", "Nimi [en]", "Tila", "Tilan perustelu [fi]"]),
    ("en", "Actions", ["Identifier", "Name [fi]", "Name [sv]", "Name [en]", "Status", "Status reason [fi]"]),
    ("sv", "Åtgärder", ["Identifierare", "Namn [fi]", "Namn [sv]", "Namn [en]", "Status", "Motivering av status [fi]"]),
])
def test_headings_speak_the_editors_language_and_field_names_stay(project, language, title, headings):
    root = project(config=TINY_CONFIG + LANGUAGES_CONFIG)
    workbook = load_workbook(export(root, "--lang", language))
    worksheet = workbook.worksheets[0]
    assert worksheet.title == title
    assert [cell.value for cell in worksheet[1]][:6] == headings
    assert [cell.value for cell in worksheet[2]][:6] == ["id", "name.fi", "name.sv", "name.en", "status",
                                                        "status_reason.fi"]
    assert worksheet["B1"].comment.text == {"fi": "Toimenpiteen nimi.", "en": "The action's name.",
                                            "sv": "Åtgärdens namn."}[language]


def test_a_workbook_made_in_finnish_imports_in_english(project, monkeypatch):
    root = project()
    book = export(root, "--lang", "fi")
    edit(book, "Toimenpiteet", {("2", "status_reason.fi"): "Valmis."})
    result = import_(root, book, "--lang", "en")
    assert result.output == ("content/actions/2.yaml: Toimenpiteet!D4 status_reason\nChanged 1 cell in 1 file.\n")


# --- .ods and other files ---

def test_ods_is_refused_with_how_to_save_as_xlsx(project, tmp_path):
    root = project()
    ods = tmp_path / "taulukko.ods"
    ods.write_bytes(b"PK")
    for args in (("export", "xlsx", str(ods)), ("import", "xlsx", str(ods))):
        result = run(*args, "-C", str(root))
        assert result.exit_code == 1
        assert result.output == (
            f"{ods}: LibreOffice's .ods is not supported, only .xlsx. In LibreOffice Calc choose File > Save As..., "
            'file type "Excel 2007-365 (.xlsx)", and "Use Excel 2007-365!" when asked; then import the .xlsx file. '
            "(export writes .xlsx, which LibreOffice opens as it is.)\n")
    finnish = run("import", "xlsx", str(ods), "-C", str(root), "--lang", "fi")
    assert finnish.output.startswith(f"{ods}: LibreOfficen .ods-muotoa ei tueta, vain .xlsx-muotoa. Valitse "
                                     "LibreOffice Calcissa Tiedosto > Tallenna nimellä...")


def test_a_workbook_that_export_did_not_make_is_refused(project, tmp_path):
    from openpyxl import Workbook

    root = project()
    other = tmp_path / "oma.xlsx"
    Workbook().save(other)
    result = import_(root, other)
    assert result.exit_code == 1
    assert result.output == (f"{other}: not a workbook made by export (it has no sheet 'katalogi'); make one with: "
                             "python build.py export xlsx FILE.xlsx\n")
    broken = tmp_path / "rikki.xlsx"
    broken.write_bytes(b"not a zip")
    assert import_(root, broken).output.startswith(f"{broken}: cannot be read as an .xlsx workbook (")


# --- any text edit comes back ---

TEXTS = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"),
                                       exclude_characters="\u2028\u2029\x85"), min_size=1, max_size=40
                ).filter(lambda text: text.strip())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXTS, reason=TEXTS, task=TEXTS)
def test_any_text_written_in_a_cell_is_what_the_next_export_shows(tmp_path_factory, name, reason, task):
    from conftest import write_project

    root = write_project(tmp_path_factory.mktemp("site"), {})
    book = export(root)
    edit(book, "Actions", {("1", "name.fi"): name, ("2", "status_reason.fi"): reason})
    edit(book, "Tasks", {("1", 2, "name.fi"): task})
    result = import_(root, book)
    assert result.exit_code == 0, result.output
    again = load_workbook(export(root, name="again.xlsx"))
    actions, tasks = again["Actions"], again["Tasks"]
    assert actions["B3"].value == name.strip()
    assert actions["D4"].value == reason.strip()
    assert tasks["C4"].value == task.strip()
    assert import_(root, again_path := root.parent / "again.xlsx").output.endswith("no file was written.\n"), again_path


def test_the_example_of_the_commands_page_is_what_import_prints(sample):
    import re

    shown = re.search(r"```text\n  \$ python build.py import xlsx toimenpiteet.xlsx --lang en\n(.*?)  ```",
                      (ROOT / "docs/commands.md").read_text(encoding="utf-8"), re.S)[1]
    book = export(sample, name="toimenpiteet.xlsx")
    edit(book, "Tasks", {("111", 3, "state"): "valmis"})
    edit(book, "Actions", {("111", "updated"): "2019-13-01"})
    result = import_(sample, book, "--lang", "en")
    assert result.exit_code == 1
    assert result.output == textwrap.dedent(shown.replace("\n  ", "\n").removeprefix("  "))


@pytest.mark.parametrize("text", ["=SUM(1)", "+358 40 123", "-1 tehtävä", "@kaupunki", "=HYPERLINK(\"x\")"])
def test_a_text_that_starts_like_a_formula_is_exported_as_text_and_comes_back_unchanged(project, text):
    root = project({"content/actions/2.yaml": f'id: "2"\nname: {json.dumps(text)}\ndescription: Kuvaus.\n'
                                              'status: done\n'})
    before = contents(root)
    book = export(root)
    cell = load_workbook(book)["Actions"]["B4"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True), "Excel's quote prefix: ' typed first"
    assert load_workbook(book)["Actions"]["B3"].quotePrefix is False, "an ordinary text has none"
    assert import_(root, book).output == "The workbook has no changes; no file was written.\n"
    assert contents(root) == before
