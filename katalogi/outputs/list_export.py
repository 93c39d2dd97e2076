"""The action list as a spreadsheet: the columns the list shows and a "late" column, for the actions of one
organisation, category or status (`toimenpiteet.csv` beside its page, in the page's language).

The list's filter offers the same columns for the actions it shows, built in the browser from
data/actions.json (theme/static/export.js); these files are what a reader without JavaScript gets. Late
means what the action page calls overdue: an open task whose due date is before the site's as-of date.
Texts are in the page's language, the cells as actions.csv writes them for Excel (opendata_csv.py).
"""

from __future__ import annotations

from ..content.i18n import translations
from ..site.views import Action, Site
from .opendata_csv import address, csv_lines, spreadsheet, spreadsheet_text

NODE_CSV = "toimenpiteet.csv"  # beside the page of an organisation, category or status
COLUMNS = {
    "id": {"fi": "tunniste", "sv": "id", "en": "id"},
    "name": {"fi": "nimi", "sv": "namn", "en": "name"},
    "status": {"fi": "eteneminen", "sv": "framsteg", "en": "progress"},
    "organisations": {"fi": "vastuuorganisaatiot", "sv": "ansvariga organisationer", "en": "responsible organisations"},
    "phase": {"fi": "toteutusvaihe", "sv": "genomförandefas", "en": "phase"},
    "tasks_done": {"fi": "tehtäviä tehty", "sv": "uppgifter klara", "en": "tasks done"},
    "tasks": {"fi": "tehtäviä", "sv": "uppgifter", "en": "tasks"},
    "updated": {"fi": "päivitetty", "sv": "uppdaterad", "en": "updated"},
    "late": {"fi": "myöhässä", "sv": "försenad", "en": "late"},
    "url": {"fi": "osoite", "sv": "adress", "en": "address"},
}


def phase_labels(gettext) -> dict[str, str]:
    """The phases' names as the pages show them (theme/templates/_macros.html has the same)."""
    return {"not_started": gettext("Ei aloitettu"), "planning": gettext("Suunnittelu"),
            "implementation": gettext("Toteutus"), "completed": gettext("Valmis")}


def headings(language: str) -> list[str]:
    return [heading.get(language, heading["en"]) for heading in COLUMNS.values()]


def is_late(action: Action) -> bool:
    """An open task of the action is past its due date on the as-of date."""
    return any(task.overdue for task in action.tasks)


def state_text(action: Action, gettext) -> str:
    """The status's name, or where a merged or superseded action's work went."""
    if action.merged_into is not None:
        return f"{gettext('Yhdistetty toimenpiteeseen')} {action.merged_into.id}"
    if action.superseded_by is not None:
        return f"{gettext('Korvattu toimenpiteellä')} {action.superseded_by.id}"
    return str(action.status.label)


def export_row(site: Site, action: Action, gettext) -> list:
    """One action's row, as the filter's export makes it in the browser."""
    responsible = ", ".join(f"{entry.organisation.name} ({entry.organisation.abbreviation})"
                            if entry.organisation.abbreviation else str(entry.organisation.name)
                            for entry in action.organisations if entry.role == "primary")
    yes, no = gettext("kyllä"), gettext("ei")
    return [spreadsheet_text(action.id), spreadsheet_text(action.name), spreadsheet_text(state_text(action, gettext)),
            spreadsheet_text(responsible), phase_labels(gettext).get(action.phase, ""), len(action.tasks_done),
            len(action.tasks), action.updated or "", yes if is_late(action) else no, address(site, action.url)]


def node_actions(site: Site, kind: str, node_id: str) -> tuple[Action, ...]:
    """The actions a node's page lists: an organisation's or category's with its units' or sub-categories', a
    status's own."""
    if kind == "status":
        return next(group.actions for group in site.statuses if group.id == node_id)
    nodes = site.organisations if kind == "organisation" else site.categories
    return next(node.all_actions for node in nodes if node.id == node_id)


def node_csv(site: Site, editions, fragments, kind: str, node_id: str) -> str:
    """The actions of one organisation, category or status, in the language of its page."""
    gettext = translations(site.language).gettext
    buffer, _ = spreadsheet(site, {key: {site.config.default_language: heading}
                                   for key, heading in zip(COLUMNS, headings(site.language), strict=True)})
    buffer.write(csv_lines([export_row(site, action, gettext) for action in node_actions(site, kind, node_id)]))
    return buffer.getvalue()


PRODUCERS = {"node_csv": node_csv}
