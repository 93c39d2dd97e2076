"""Open data as CSV: actions, tasks and procurement records as a spreadsheet opens them (a text is never read
as a formula)."""

from __future__ import annotations

import csv
import io

from ..site.views import Action, Editions, Procurement, Site


def address(site: Site, url: str) -> str:
    """A page's whole address when the site's is known (base_url), else its path."""
    return site.config.absolute(url) or url


# The columns of the CSV files in order, each with its heading in every language that has a UI catalogue
# (model.LANGUAGES); the file is headed in the site's default language. Codes in the cells (status, phase,
# state) stay as in the content, like the JSON.
ACTION_COLUMNS = {
    "id": {"fi": "tunniste", "sv": "id", "en": "id"},
    "name": {"fi": "nimi", "sv": "namn", "en": "name"},
    "status": {"fi": "tila", "sv": "status", "en": "status"},
    "status_label": {"fi": "tilan nimi", "sv": "statusens namn", "en": "status name"},
    "phase": {"fi": "toteutusvaihe", "sv": "genomförandefas", "en": "phase"},
    "start": {"fi": "alkaa", "sv": "börjar", "en": "start"},
    "end": {"fi": "päättyy", "sv": "slutar", "en": "end"},
    "continuous": {"fi": "jatkuva", "sv": "kontinuerlig", "en": "continuous"},
    "organisations": {"fi": "vastuuorganisaatiot", "sv": "ansvariga organisationer", "en": "responsible organisations"},
    "categories": {"fi": "kategoriat", "sv": "kategorier", "en": "categories"},
    "tasks": {"fi": "tehtäviä", "sv": "uppgifter", "en": "tasks"},
    "tasks_completed": {"fi": "tehtäviä valmiina", "sv": "uppgifter klara", "en": "tasks completed"},
    "tasks_overdue": {"fi": "tehtäviä myöhässä", "sv": "uppgifter försenade", "en": "tasks overdue"},
    "emission_reduction_t_co2e": {"fi": "päästövähennys (t CO2e/v)", "sv": "utsläppsminskning (t CO2e/år)",
                                  "en": "emission reduction (t CO2e/yr)"},
    "procurement_volume_eur": {"fi": "hankintojen arvo (EUR/v)", "sv": "upphandlingarnas värde (EUR/år)",
                               "en": "procurement volume (EUR/yr)"},
    "gpp_level": {"fi": "GPP-taso", "sv": "GPP-nivå", "en": "GPP level"},
    "cpv_codes": {"fi": "CPV-koodit", "sv": "CPV-koder", "en": "CPV codes"},
    "updated": {"fi": "päivitetty", "sv": "uppdaterad", "en": "updated"},
    "related": {"fi": "liittyvät toimenpiteet", "sv": "relaterade åtgärder", "en": "related actions"},
    "depends_on": {"fi": "riippuu toimenpiteistä", "sv": "beror på åtgärder", "en": "depends on"},
    "merged_into": {"fi": "yhdistetty toimenpiteeseen", "sv": "sammanslagen med åtgärd", "en": "merged into"},
    "superseded_by": {"fi": "korvattu toimenpiteellä", "sv": "ersatt av åtgärd", "en": "superseded by"},
    "url": {"fi": "osoite", "sv": "adress", "en": "address"},
}
TASK_COLUMNS = {
    "action": {"fi": "toimenpide", "sv": "åtgärd", "en": "action"},
    "action_name": {"fi": "toimenpiteen nimi", "sv": "åtgärdens namn", "en": "action name"},
    "task_number": {"fi": "tehtävän numero", "sv": "uppgiftens nummer", "en": "task number"},
    "task": {"fi": "tehtävä", "sv": "uppgift", "en": "task"},
    "state": {"fi": "tila", "sv": "status", "en": "state"},
    "due": {"fi": "määräaika", "sv": "tidsfrist", "en": "due"},
    "completed": {"fi": "valmistunut", "sv": "slutförd", "en": "completed"},
    "overdue": {"fi": "myöhässä", "sv": "försenad", "en": "overdue"},
    "url": {"fi": "toimenpiteen osoite", "sv": "åtgärdens adress", "en": "action address"},
}
PROCUREMENT_COLUMNS = {
    "id": {"fi": "tunniste", "sv": "id", "en": "id"},
    "name": {"fi": "nimi", "sv": "namn", "en": "name"},
    "organisation": {"fi": "hankintayksikkö", "sv": "upphandlande enhet", "en": "procuring organisation"},
    "organisation_name": {"fi": "hankintayksikön nimi", "sv": "enhetens namn", "en": "organisation name"},
    "stage": {"fi": "vaihe", "sv": "skede", "en": "stage"},
    "date": {"fi": "päivämäärä", "sv": "datum", "en": "date"},
    "value_eur": {"fi": "arvo (EUR)", "sv": "värde (EUR)", "en": "value (EUR)"},
    "cpv_codes": {"fi": "CPV-koodit", "sv": "CPV-koder", "en": "CPV codes"},
    "gpp_criteria": {"fi": "ympäristökriteerit", "sv": "miljökriterier", "en": "green criteria"},
    "gpp_aims": {"fi": "ympäristötavoitteet", "sv": "miljömål", "en": "green aims"},
    "clean_vehicles": {"fi": "puhtaiden ajoneuvojen direktiivi", "sv": "direktivet om rena fordon",
                       "en": "clean vehicles directive"},
    "actions": {"fi": "toimenpiteet", "sv": "åtgärder", "en": "actions"},
    "notice_url": {"fi": "hankintailmoitus", "sv": "upphandlingsannons", "en": "notice"},
    "url": {"fi": "osoite", "sv": "adress", "en": "address"},
}
YES_NO = {"fi": ("kyllä", "ei"), "sv": ("ja", "nej"), "en": ("yes", "no")}


def procurements_csv(site: Site, editions: Editions, fragments) -> str:
    """One row per procurement in the default language, newest first."""
    buffer, writer = spreadsheet(site, PROCUREMENT_COLUMNS)
    writer.writerows(procurement_row(site, procurement) for procurement in site.procurements)
    return buffer.getvalue()


def procurement_row(site: Site, procurement: Procurement) -> list:
    return [spreadsheet_text(procurement.id), spreadsheet_text(procurement.name), procurement.organisation.id,
            spreadsheet_text(procurement.organisation.name), procurement.stage, procurement.date.isoformat(),
            spreadsheet_number(procurement.value), " ".join(procurement.cpv_codes), procurement.gpp_criteria or "",
            " ".join(procurement.gpp_aims), spreadsheet_yes_no(site, procurement.clean_vehicles),
            " ".join(action.id for action in procurement.actions), spreadsheet_text(procurement.notice_url),
            address(site, procurement.url)]


def spreadsheet_number(value) -> str:
    return "" if value is None else str(value).replace(".", ",")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value) -> str:
    """Text a spreadsheet shows as text: a leading ' keeps =, +, -, @ from starting a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def spreadsheet(site: Site, columns: dict[str, dict[str, str]]):
    """A CSV writer for Excel as used in Finland (see the module docstring) and the text it writes to,
    which already holds the byte order mark and the headings in the site's default language."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headings[site.config.default_language] for headings in columns.values())
    return buffer, writer


def spreadsheet_yes_no(site: Site, value: bool) -> str:
    """Yes or no in the site's default language: what a reader of the headings expects in the cells."""
    yes, no = YES_NO[site.config.default_language]
    return yes if value else no


def csv_lines(rows: list[list]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def own_columns(site: Site) -> dict[str, dict[str, str]]:
    """A column per field of the city's own, after the built-in ones, headed by its label."""
    return {f"attributes.{attribute.id}": {site.config.default_language: str(attribute.label)}
            for attribute in site.config.attributes.actions}


def own_cells(site: Site, action: Action) -> list:
    """The city's own fields of an action as its row shows them: codes and identifiers as written, a number with
    a decimal comma, a date as YYYY-MM-DD, yes or no as true or false, a text in the default language."""
    values = {entry.attribute.id: entry.value for entry in action.attributes}
    cells = []
    for attribute in site.config.attributes.actions:
        value = values.get(attribute.id)
        if value is None:
            cells.append("")
        elif attribute.type == "number":
            cells.append(spreadsheet_number(value))
        elif attribute.type == "boolean":
            cells.append("true" if value else "false")
        elif attribute.type == "category":
            cells.append(value.id)
        else:
            cells.append(spreadsheet_text(value))
    return cells


def actions_csv(site: Site, editions: Editions, fragments) -> str:
    """One row per action in the default language."""
    buffer, _ = spreadsheet(site, {**ACTION_COLUMNS, **own_columns(site)})
    for action in site.actions:
        buffer.write(fragments.text("actions.csv", "", action.id, lambda action=action: csv_lines([
            action_row(site, action)])))
    return buffer.getvalue()


def action_row(site: Site, action: Action) -> list:
    """An action's row of actions.csv."""
    span = action.timespan
    return [
        action.id, spreadsheet_text(action.name), action.status.id,
        spreadsheet_text(action.status.label), action.phase or "",
        (span and span.start) or "", (span and span.end) or "", "true" if span and span.continuous else "false",
        spreadsheet_text(", ".join(f"{entry.organisation.name} ({entry.organisation.abbreviation})"
                                   if entry.organisation.abbreviation else entry.organisation.name
                                   for entry in action.organisations if entry.role == "primary")),
        spreadsheet_text(", ".join(node.name for node in action.categories)),
        len(action.tasks), len(action.tasks_done), sum(task.overdue for task in action.tasks),
        spreadsheet_number(action.emission_reduction and action.emission_reduction.value),
        spreadsheet_number(action.procurement_volume), action.gpp_level or "",
        " ".join(action.cpv_codes), action.updated or "", " ".join(other.id for other in action.relates),
        " ".join(dependency.action.id for dependency in action.depends_on),
        action.merged_into.id if action.merged_into else "", action.superseded_by.id if action.superseded_by else "",
        address(site, action.url), *own_cells(site, action),
    ]


def tasks_csv(site: Site, editions: Editions, fragments) -> str:
    """One row per task in the default language, in the order of the actions and of the tasks in each;
    overdue on the as_of date."""
    buffer, _ = spreadsheet(site, TASK_COLUMNS)
    for action in site.actions:
        buffer.write(fragments.text("tasks.csv", "", action.id, lambda action=action: csv_lines([
            [action.id, spreadsheet_text(action.name), number, spreadsheet_text(task.name),
             task.state, task.due or "", task.completed or "", spreadsheet_yes_no(site, task.overdue),
             address(site, action.url)] for number, task in enumerate(action.tasks, start=1)])))
    return buffer.getvalue()
