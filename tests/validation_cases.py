"""The validation cases: each mistake an editor can make, as files, with the exact messages `check` gives;
shared by the validation, JSON Schema and editors' guide tests."""

from __future__ import annotations

import pytest
import yaml

from katalogi.base.errors import BuildFailed
from katalogi.build.pipeline import check_project
from katalogi.inputs.sources import Project

ACTION_2 = 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: done\n'  # a valid action to add a mistake to


def problems(root) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        check_project(Project(root))
    return [str(error) for error in failure.value.errors]


CASES = {
    "yaml syntax error": (
        {"content/actions/2.yaml": 'id: "2"\nname: [Toinen\ndescription: x\nstatus: done\n'},
        # libyaml (in PyYAML's wheels) and PyYAML's pure-Python parser word this differently
        ["content/actions/2.yaml:2: yaml: the list or mapping opened with '[' on line 2 is not closed with ']'"
         if yaml.__with_libyaml__ else
         "content/actions/2.yaml:3: yaml: expected ',' or ']', but got ':' "
         "(while parsing a flow sequence started on line 2)"],
    ),
    "tab used for indentation": (
        {"content/actions/2.yaml": ACTION_2 + "tasks:\n\t- name: a\n"},
        ["content/actions/2.yaml:6: yaml: found character that cannot start any token (while scanning for the "
         "next token started on line 6); YAML does not allow tabs for indentation, use spaces"],
    ),
    "missing required field": (
        {"content/actions/2.yaml": 'id: "2"\ndescription: Kuvaus.\nstatus: done\n'},
        ["content/actions/2.yaml:1: name: required field is missing"],
    ),
    "empty required field": (
        {"content/actions/2.yaml": 'id: "2"\nname:\ndescription: Kuvaus.\nstatus: done\n'},
        ["content/actions/2.yaml:2: name: required field is empty"],
    ),
    "unknown field with suggestion": (
        {"content/actions/2.yaml": ACTION_2 + "catgories: [hankinnat]\n"},
        ["content/actions/2.yaml:5: catgories: unknown field (did you mean 'categories'?)"],
    ),
    "unknown field without a close match": (
        {"content/actions/2.yaml": ACTION_2 + "budjetti: 100\n"},
        ["content/actions/2.yaml:5: budjetti: unknown field"],
    ),
    "unknown nested field": (
        {"content/actions/2.yaml": ACTION_2 + "tasks:\n  - name: a\n    deu: 2019-01-01\n"},
        ["content/actions/2.yaml:7: tasks[0].deu: unknown field (did you mean 'due'?)"],
    ),
    "wrong type: text instead of a list": (
        {"content/actions/2.yaml": ACTION_2 + "categories: hankinnat\n"},
        ["content/actions/2.yaml:5: categories: expected a list, got 'hankinnat' "
         "(write [hankinnat] or put each item on its own line after '- ')"],
    ),
    "wrong type: not a date": (
        {"content/actions/2.yaml": ACTION_2 + "updated: eilen\n"},
        ["content/actions/2.yaml:5: updated: expected a date as YYYY-MM-DD, got 'eilen'"],
    ),
    "a translation in a language the site does not have": (
        {"content/actions/2.yaml": 'id: "2"\nname:\n  de: Zweite\ndescription: Kuvaus.\nstatus: done\n'},
        ["content/actions/2.yaml:2: name: no text in fi, the site's default language",
         "content/actions/2.yaml:3: name.de: 'de' is not one of the site's languages (expected one of: fi)"],
    ),
    "wrong type: a list instead of text": (
        {"content/actions/2.yaml": 'id: "2"\nname: [Toinen]\ndescription: Kuvaus.\nstatus: done\n'},
        ["content/actions/2.yaml:2: name: expected text, got a list"],
    ),
    "wrong type: not a number": (
        {"content/indicators/osuus.yaml": "id: osuus\nname: Osuus\nvalues:\n  - date: 2019-01-01\n    value: paljon\n"},
        ["content/indicators/osuus.yaml:5: values[0].value: expected a number, got 'paljon'"],
    ),
    "wrong type: not true or false": (
        {"content/actions/2.yaml": ACTION_2 + "timespan:\n  continuous: yes\n"},
        ["content/actions/2.yaml:6: timespan.continuous: expected true or false, got 'yes'"],
    ),
    "impossible date": (
        {"content/actions/2.yaml": ACTION_2 + "updated: 2019-02-31\n"},
        ["content/actions/2.yaml:5: updated: impossible date 2019-02-31 (day is out of range for month)"],
    ),
    "not an allowed choice": (
        {"content/actions/2.yaml": ACTION_2 + "tasks:\n  - name: a\n    state: valmis\n"},
        ["content/actions/2.yaml:7: tasks[0].state: 'valmis' is not allowed: write completed (valmis)"],
    ),
    "not an allowed choice, and no label of one": (
        {"content/actions/2.yaml": ACTION_2 + "tasks:\n  - name: a\n    state: vähän\n"},
        ["content/actions/2.yaml:7: tasks[0].state: 'vähän' is not allowed "
         "(expected one of: cancelled, completed, in_progress, not_started)"],
    ),
    "unknown status": (
        {"content/actions/2.yaml": 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: aikataulussa\n'},
        ["content/actions/2.yaml:4: status: unknown status 'aikataulussa' (expected one of: done, on_time)"],
    ),
    "a status written as its label": (
        {"content/actions/2.yaml": 'id: "2"\nname: Toinen\ndescription: Kuvaus.\nstatus: Ajallaan\n'},
        ["content/actions/2.yaml:4: status: unknown status 'Ajallaan': write on_time (Ajallaan)"],
    ),
    "a contact written by name": (
        {"content/actions/2.yaml": ACTION_2 + "contacts: [Mia Malin]\n"},
        ["content/actions/2.yaml:5: contacts[0]: unknown contact 'Mia Malin': write mia (Mia Malin)"],
    ),
    "an organisation written by its abbreviation": (
        {"content/actions/2.yaml": ACTION_2 + "organisations:\n  - organisation: Ympa\n"},
        ["content/actions/2.yaml:6: organisations[0].organisation: unknown organisation 'Ympa': write ympa (Ympa)"],
    ),
    "a name that is no item's, where an identifier belongs": (
        {"content/actions/2.yaml": ACTION_2 + "contacts: [Liisa Lehtonen]\n"},
        ["content/actions/2.yaml:5: contacts[0]: unknown contact 'Liisa Lehtonen' (expected one of: mia)"],
    ),
    "unknown category": (
        {"content/actions/2.yaml": ACTION_2 + "categories: [hankinat]\n"},
        ["content/actions/2.yaml:5: categories[0]: unknown category 'hankinat' (did you mean 'hankinnat'?)"],
    ),
    "unknown organisation": (
        {"content/actions/2.yaml": ACTION_2 + "organisations:\n  - organisation: ympa2\n"},
        ["content/actions/2.yaml:6: organisations[0].organisation: unknown organisation 'ympa2' "
         "(did you mean 'ympa'?)"],
    ),
    "unknown contact": (
        {"content/actions/2.yaml": ACTION_2 + "contacts:\n  - mia\n  - maija\n"},
        ["content/actions/2.yaml:7: contacts[1]: unknown contact 'maija' (did you mean 'mia'?)"],
    ),
    "unknown indicator": (
        {"content/actions/2.yaml": ACTION_2 + "indicators: [osuu]\n"},
        ["content/actions/2.yaml:5: indicators[0]: unknown indicator 'osuu' (did you mean 'osuus'?)"],
    ),
    "unknown parent organisation": (
        {"content/organisations/ympa.yaml": "id: ympa\nname: Ympäristöpalvelut\nparent: kaupunk\n"},
        ["content/organisations/ympa.yaml:3: parent: unknown organisation 'kaupunk' (did you mean 'kaupunki'?)"],
    ),
    "unknown organisation of a contact": (
        {"content/contacts/mia.yaml": "id: mia\nname: Mia Malin\norganisation: palu\n"},
        ["content/contacts/mia.yaml:3: organisation: unknown organisation 'palu' "
         "(expected one of: kaupunki, ympa)"],
    ),
    "the same reference twice in a list": (
        {"content/actions/2.yaml": ACTION_2 + "categories:\n  - hankinnat\n  - hankinnat\n"},
        ["content/actions/2.yaml:7: categories[1]: 'hankinnat' is already listed as categories[0]"],
    ),
    "a link to another host without a scheme": (
        {"content/actions/2.yaml": ACTION_2 + "links:\n  - title: x\n    url: //example.org/\n"},
        ["content/actions/2.yaml:7: links[0].url: expected a web address starting with https://, http://, "
         "mailto: or /, got '//example.org/'"],
    ),
    "same identifier in two files": (
        {"content/actions/toinen.yaml": 'id: "1"\nname: Kopio\ndescription: Kuvaus.\nstatus: done\n'},
        ["content/actions/toinen.yaml:1: id: duplicate action identifier '1', also used in content/actions/1.yaml:1"],
    ),
    "completed task without a completed date": (
        {"content/actions/2.yaml": ACTION_2 + "tasks:\n  - name: a\n    state: completed\n"},
        ["content/actions/2.yaml:6: tasks[0].completed: required when state is completed"],
    ),
    "completed date on a task that is not completed": (
        {"content/actions/2.yaml": ACTION_2 + "tasks:\n  - name: a\n    state: in_progress\n"
                                              "    completed: 2019-01-01\n"},
        ["content/actions/2.yaml:8: tasks[0].completed: only a completed task has a completion date "
         "(state is in_progress)"],
    ),
    "completed date on a task without a state": (
        {"content/actions/2.yaml": ACTION_2 + "tasks:\n  - name: a\n    completed: 2019-01-01\n"},
        ["content/actions/2.yaml:7: tasks[0].completed: only a completed task has a completion date "
         "(state is not_started)"],
    ),
    "identifier that is not a safe URL path segment": (
        {"content/actions/2.yaml": 'id: ../2\nname: Toinen\ndescription: Kuvaus.\nstatus: done\n'},
        ["content/actions/2.yaml:1: id: '../2' is not a safe identifier: use 1-63 lower-case letters a-z, "
         "digits, '-' or '_', starting with a letter or digit; for example 2"],
    ),
    "identifier with capitals and spaces": (
        {"content/organisations/x.yaml": "id: Palu Ympa\nname: X\n"},
        ["content/organisations/x.yaml:1: id: 'Palu Ympa' is not a safe identifier: use 1-63 lower-case "
         "letters a-z, digits, '-' or '_', starting with a letter or digit; for example palu-ympa"],
    ),
    "file that is not UTF-8": (
        {"content/actions/2.yaml": 'id: "2"\nname: Toinen\ndescription: Ty\xf6.\nstatus: done\n'.encode("latin-1")},
        ["content/actions/2.yaml:3: encoding: the file is not UTF-8 (byte 0xf6); save it as UTF-8"],
    ),
    "duplicate key": (
        {"content/actions/2.yaml": ACTION_2 + "name: Kolmas\n"},
        ["content/actions/2.yaml:5: yaml: duplicate key 'name' (first given on line 2)"],
    ),
    "empty file": (
        {"content/actions/2.yaml": ""},
        ["content/actions/2.yaml:1: file: the file is empty; expected a mapping of fields"],
    ),
    "a list instead of a mapping": (
        {"content/actions/2.yaml": "- id: 2\n"},
        ["content/actions/2.yaml:1: file: expected a mapping of fields, got a list"],
    ),
    "YAML tag that would run code": (
        {"content/actions/2.yaml": ACTION_2 + "lead: !!python/object/apply:os.system [ls]\n"},
        ["content/actions/2.yaml:5: yaml: YAML tags (!!python/object/apply:os.system) are not allowed in content; "
         "remove the tag and write the value"],
    ),
    "file outside the content folders": (
        {"content/toimenpiteet/3.yaml": ACTION_2},
        ["content/toimenpiteet/3.yaml:1: file: not in a content folder; move it into one of: "
         "actions, categories, contacts, criteria, emission_factors, indicators, organisations, procurements"],
    ),
    "organisation parents forming a loop": (
        {"content/organisations/kaupunki.yaml": "id: kaupunki\nname: Kaupunki\nparent: ympa\n"},
        ["content/organisations/kaupunki.yaml:3: parent: organisation parents form a loop: "
         "kaupunki -> ympa -> kaupunki",
         "content/organisations/ympa.yaml:4: parent: organisation parents form a loop: ympa -> kaupunki -> ympa"],
    ),
    "timespan ending before it starts": (
        {"content/actions/2.yaml": ACTION_2 + "timespan:\n  start: 2020-01-01\n  end: 2019-12-31\n"},
        ["content/actions/2.yaml:7: timespan.end: ends (2019-12-31) before it starts (2020-01-01)"],
    ),
    "continuous timespan with an end": (
        {"content/actions/2.yaml": ACTION_2 + "timespan:\n  continuous: true\n  end: 2019-12-31\n"},
        ["content/actions/2.yaml:7: timespan.end: a continuous action has no end date"],
    ),
    "link that could run script": (
        {"content/actions/2.yaml": ACTION_2 + "links:\n  - title: x\n    url: javascript:alert(1)\n"},
        ["content/actions/2.yaml:7: links[0].url: expected a web address starting with https://, http://, "
         "mailto: or /, got 'javascript:alert(1)'"],
    ),
    "status missing where the editor sets it": (
        {"content/actions/2.yaml": 'id: "2"\nname: Toinen\ndescription: Kuvaus.\n'},
        ["content/actions/2.yaml:1: status: required field is missing (or set status_from: tasks to derive it)"],
    ),
    "status derived without the statuses it needs": (
        {"content/actions/2.yaml": ACTION_2 + "status_from: tasks\n"},
        ["content/actions/2.yaml:5: status_from: deriving the status from tasks needs the statuses not_started, "
         "late in site_config.yaml"],
    ),
    "unknown phase": (
        {"content/actions/2.yaml": ACTION_2 + "phase: toteutus\n"},
        ["content/actions/2.yaml:5: phase: 'toteutus' is not allowed: write implementation (toteutus)"],
    ),
    "CPV code without its check digit": (
        {"content/actions/2.yaml": ACTION_2 + "cpv_codes: ['60000000', 34144900-7]\n"},
        ["content/actions/2.yaml:5: cpv_codes[0]: expected a CPV code such as 45000000-7, got '60000000'"],
    ),
    "negative procurement volume": (
        {"content/actions/2.yaml": ACTION_2 + "procurement_volume: -5\n"},
        ["content/actions/2.yaml:5: procurement_volume: must be at least 0, got -5"],
    ),
    "emission estimate without its basis": (
        {"content/actions/2.yaml": ACTION_2 + "emission_reduction:\n  value: 120\n"},
        ["content/actions/2.yaml:5: emission_reduction.basis: required field is missing"],
    ),
    "unknown GPP level": (
        {"content/actions/2.yaml": ACTION_2 + "gpp_level: EU\n"},
        ["content/actions/2.yaml:5: gpp_level: 'EU' is not allowed (did you mean 'eu'?)"],
    ),
    # YAML mistakes, explained at the line to fix
    "a field name without its colon": (
        {"content/actions/2.yaml": 'id: "2"\nname Toinen\n# kommentti\n\ndescription: Kuvaus.\nstatus: done\n'},
        ["content/actions/2.yaml:2: yaml: no ':' after the field name; write 'name: Toinen'"],
    ),
    "a colon inside a text": (
        {"content/actions/2.yaml": ACTION_2 + "lead: Huom: tämä on kokeilu\n"},
        ["content/actions/2.yaml:5: yaml: the text of lead has ': ' in it, which YAML reads as the start of "
         'another field; put the whole text in quotes: lead: "Huom: tämä on kokeilu"'],
    ),
    "a paragraph pasted without indentation": (
        {"content/actions/2.yaml": 'id: "2"\nname: Toinen\nstatus: done\ndescription: |\n  Ensimmäinen.\n\n'
                                   "Toinen kappale ilman sisennystä.\n"},
        ["content/actions/2.yaml:7: yaml: this line is not indented, so the text of 'description: |' (line 4) "
         "ends before it; indent every line of the text by at least two spaces"],
    ),
    "a pasted paragraph that YAML reads as a field": (
        {"content/actions/2.yaml": 'id: "2"\nname: Toinen\nstatus: done\ndescription: |\n  Ensimmäinen.\n'
                                   "Huomio: toinen kappale.\n"},
        ["content/actions/2.yaml:6: Huomio: this line is not indented, so the text of 'description: |' (line 4) "
         "ends before it; indent every line of the text by at least two spaces"],
    ),
    "a quotation mark never closed": (
        {"content/actions/2.yaml": 'id: "2"\nname: "Toinen\ndescription: Kuvaus.\nstatus: done\n'},
        ['content/actions/2.yaml:2: yaml: the quotation mark opened on line 2 is not closed; add the closing "'],
    ),
    "a non-breaking space after a colon": (
        {"content/actions/2.yaml": 'id: "2"\nname:\u00a0Toinen\ndescription: Kuvaus.\nstatus: done\n'},
        ["content/actions/2.yaml:2: yaml: a non-breaking space after 'name:' (often pasted from a web page or a "
         "word processor); replace it with an ordinary space"],
    ),
    "a non-breaking space after a list item's dash": (
        {"content/actions/2.yaml": ACTION_2 + "categories:\n  -\u00a0hankinnat\n"},
        ["content/actions/2.yaml:6: yaml: a non-breaking space after the '-' of a list item (often pasted from a "
         "web page or a word processor); replace it with an ordinary space"],
    ),
    "a non-breaking space as indentation": (
        {"content/actions/2.yaml": ACTION_2 + "tasks:\n  - name: a\n\u00a0\u00a0\u00a0 state: completed\n"},
        ["content/actions/2.yaml:7: yaml: a non-breaking space in the indentation (often pasted from a web page or "
         "a word processor); replace it with an ordinary space"],
    ),
    "a field name that is not text": (
        {"content/actions/2.yaml": ACTION_2 + "? [a, b]\n: x\n"},
        ["content/actions/2.yaml:5: yaml: a field name must be text, got a list"],
    ),
    "an empty field name": (
        {"content/actions/2.yaml": ACTION_2 + "~: x\n"},
        ["content/actions/2.yaml:5: yaml: a field name must be text, got nothing"],
    ),
    # files the loader would not read
    "a content file named .YAML": (
        {"content/actions/3.YAML": ACTION_2.replace('"2"', '"3"')},
        ["content/actions/3.YAML:1: file: the name ends in '.YAML', which is not read; rename it to 3.yaml"],
    ),
    "a content file with .txt after .yaml": (
        {"content/actions/136.yaml.txt": ACTION_2.replace('"2"', '"136"')},
        ["content/actions/136.yaml.txt:1: file: the name does not end in .yaml, so the file is not read; rename it "
         "to 136.yaml if it should be, or delete it"],
    ),
    "a contact saved among the actions": (
        {"content/actions/liisa.yaml": "id: liisa\nname: Liisa Lehtonen\ntitle: suunnittelija\n"
                                       "email: liisa@example.org\n"},
        ["content/actions/liisa.yaml:1: file: this looks like a contact, not an action (it has the fields of one); "
         "move it to content/contacts/"],
    ),
}


CONFIG_CASES = {
    "missing statuses": (
        "title: T\n",
        ["site_config.yaml:1: statuses: required field is missing"],
    ),
    "bad colour": (
        "title: T\nstatuses:\n  - id: a\n    label: A\n    colour: red\n",
        ["site_config.yaml:5: statuses[0].colour: expected a colour as #rrggbb, got 'red'"],
    ),
    "duplicate status": (
        "title: T\nstatuses:\n  - id: a\n    label: A\n    colour: '#ffffff'\n"
        "  - id: a\n    label: B\n    colour: '#000000'\n",
        ["site_config.yaml:6: statuses[1].id: duplicate status 'a', also on line 3"],
    ),
    "bad base path": (
        "title: T\nbase_path: /hankinnat/../x\nstatuses:\n  - id: a\n    label: A\n    colour: '#ffffff'\n",
        ["site_config.yaml:2: base_path: expected a path such as / or /hankinnat/, got '/hankinnat/../x'"],
    ),
    "deriving statuses without the statuses it needs": (
        "title: T\nstatus_from: tasks\nstatuses:\n  - id: on_time\n    label: A\n    colour: '#ffffff'\n",
        ["site_config.yaml:3: statuses: status_from: tasks needs the statuses not_started, on_time, late; "
         "missing: not_started, late"],
    ),
    "stale threshold below one month": (
        "title: T\nstale_after_months: 0\nstatuses:\n  - id: a\n    label: A\n    colour: '#ffffff'\n",
        ["site_config.yaml:2: stale_after_months: must be at least 1, got 0"],
    ),
    "unknown setting": (
        "title: T\nlanguges: [fi]\nstatuses:\n  - id: a\n    label: A\n    colour: '#ffffff'\n",
        ["site_config.yaml:2: languges: unknown field (did you mean 'languages'?)"],
    ),
}
