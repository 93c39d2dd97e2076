"""Open data: the catalogue as JSON and CSV at stable addresses, with JSON Schemas.

Below the base path, the same for every language (texts carry every language):

    data/actions.json              every action                 (schema: data/schema/actions.schema.json)
    data/actions/<id>.json         one action                   (schema: data/schema/action.schema.json)
    data/actions.csv               one row per action, for spreadsheets
    data/tasks.csv                 one row per task, for spreadsheets
    data/indicators.json           every indicator with values  (schema: data/schema/indicators.schema.json)
    data/emission_factors.json     every emission factor table  (schema: data/schema/emission_factors.schema.json)
    data/procurements.json         every procurement record     (schema: data/schema/procurements.schema.json)
    data/procurements.csv          one row per procurement, for spreadsheets
    data/procurements-ocds.json    the procurements as an Open Contracting (OCDS 1.1) release package (ocds.py)

A translated text is an object by language ({"fi": ..., "sv": ...}) holding only
the languages written; Markdown stays Markdown. A contact person's e-mail address
is included only when both show_contact_email and the contact's public_email allow
it. The CSV files are for Excel as used in Finland: UTF-8 with a byte order mark
(without it Excel reads UTF-8 as Windows-1252), semicolons between fields and decimal
commas (Finnish Excel's list separator and decimal mark), CRLF line ends, texts in the
site's default language and column headings in it too (a spreadsheet's reader reads
the first row); the JSON files are for programs.
"""

from __future__ import annotations

import json
from decimal import Decimal

from ..content import vocabularies
from ..content.i18n import Fallback
from ..content.json_schemas import schema_texts
from ..site.views import Action, Calculation, Editions, Site
from . import ocds
from .opendata_csv import actions_csv, address, procurements_csv, tasks_csv
from .opendata_schemas import SCHEMAS

DATA_DIR = "data"
SCHEMA_DIR = f"{DATA_DIR}/schema"


def pages(site: Site, page_type) -> list:
    """Every data file and schema, language-neutral."""
    found = [page_type(f"{DATA_DIR}/actions.json", "", producer="actions_json"),
             page_type(f"{DATA_DIR}/actions.csv", "", producer="actions_csv"),
             page_type(f"{DATA_DIR}/tasks.csv", "", producer="tasks_csv"),
             page_type(f"{DATA_DIR}/indicators.json", "", producer="indicators_json")]
    found += [page_type(f"{DATA_DIR}/actions/{action.id}.json", "", {"action_id": action.id},
                        producer="action_json") for action in site.actions]
    found += [page_type(f"{SCHEMA_DIR}/{name}.schema.json", "", {"name": name}, producer="schema")
              for name in SCHEMAS]
    return found


def in_languages(editions: Editions, get) -> dict | None:
    """A text in every language it is written in; `get(edition)` picks it from one language's site."""
    texts = {}
    for language, edition in editions.items():
        text = get(edition)
        if text is not None and not isinstance(text, Fallback):
            texts[language] = str(text)
    return texts or None


def action_record(editions: Editions, action_id: str) -> dict:
    """One action as open data."""
    def this(edition: Site) -> Action:
        return edition.actions_by_id[action_id]

    def text(get):
        return in_languages(editions, lambda edition: get(this(edition)))

    site = editions.default
    action = this(site)
    show_email = site.config.show_contact_email
    return {
        "id": action.id,
        "url": address(site, action.url),
        "name": text(lambda a: a.name),
        "lead": text(lambda a: a.lead),
        "description": text(lambda a: a.description),
        "official_description": action.official_description and {
            "text": text(lambda a: a.official_description.text),
            "label": text(lambda a: a.official_description.label),
            "source": text(lambda a: a.official_description.source),
        },
        "status": {"id": action.status.id, "label": text(lambda a: a.status.label),
                   "derived_from_tasks": action.status_derived, "reason": text(lambda a: a.status_reason)},
        "phase": action.phase,
        "timespan": action.timespan and {
            "start": action.timespan.start and action.timespan.start.isoformat(),
            "end": action.timespan.end and action.timespan.end.isoformat(),
            "continuous": action.timespan.continuous},
        "categories": [{"id": node.id, "name": text(lambda a, i=i: a.categories[i].name)}
                       for i, node in enumerate(action.categories)],
        "organisations": [{"id": entry.organisation.id, "role": entry.role,
                           "name": text(lambda a, i=i: a.organisations[i].organisation.name),
                           "abbreviation": entry.organisation.abbreviation}
                          for i, entry in enumerate(action.organisations)],
        "contacts": [{"name": contact.name, "title": text(lambda a, i=i: a.contacts[i].title),
                      "organisation": contact.organisation.id if contact.organisation else None,
                      **({"email": contact.published_email} if show_email else {})}
                     for i, contact in enumerate(action.contacts)],
        "links": [{"title": text(lambda a, i=i: a.links[i].title), "url": entry.url}
                  for i, entry in enumerate(action.links)],
        "tasks": [{"name": text(lambda a, i=i: a.tasks[i].name), "state": task.state,
                   "start": task.start and task.start.isoformat(), "due": task.due and task.due.isoformat(),
                   "completed": task.completed and task.completed.isoformat(),
                   "overdue": task.overdue, "comment": text(lambda a, i=i: a.tasks[i].comment)}
                  for i, task in enumerate(action.tasks)],
        "indicators": [indicator.id for indicator in action.indicators],
        "emission_reduction": action.emission_reduction and {
            "value": json_number(action.emission_reduction.value),
            "basis": text(lambda a: a.emission_reduction.basis),
            "calculated": calculation_record(action.emission_reduction.calculation)},
        "procurement_volume": action.procurement_volume,
        "cpv_codes": list(action.cpv_codes),
        "gpp_level": action.gpp_level,
        "updated": action.updated and action.updated.isoformat(),
        "related": [other.id for other in action.relates],  # as its file names them: the others' name it too
        "depends_on": [{"action": dependency.action.id, "role": dependency.role and dependency.role.id}
                       for dependency in action.depends_on],
        "merged_into": action.merged_into and action.merged_into.id,
        "superseded_by": action.superseded_by and action.superseded_by.id,
        "attributes": attribute_record(editions, lambda edition: this(edition).attributes),
    }


def attribute_record(editions: Editions, values_of) -> dict:
    """The city's own fields that have a value: a text by language, a category or choice by its id, a date as
    YYYY-MM-DD, a number or yes/no as it is."""
    site = editions.default
    found = {}
    for index, entry in enumerate(values_of(site)):
        value = entry.value
        if entry.attribute.type in ("text", "markdown"):
            value = in_languages(editions, lambda edition, i=index: values_of(edition)[i].value)
        elif entry.attribute.type == "category":
            value = value.id
        elif entry.attribute.type == "date":
            value = value.isoformat()
        found[entry.attribute.id] = value
    return found


def json_number(value):
    """A number for JSON: whole numbers as integers, calculated decimals as the float they print as."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def calculation_record(calculation: Calculation | None) -> dict | None:
    """Every input of a calculated reduction, so that anyone can redo it (the factor is in emission_factors.json)."""
    if calculation is None:
        return None
    return {
        "formula": "spend_eur * factor_kg_co2e_per_eur / 1000 * reduction_percent / 100",
        "factor_table": calculation.table.id, "factor_table_version": calculation.table.version,
        "cpv_code": calculation.cpv_code, "cpv_prefix": calculation.factor.cpv,
        "factor_kg_co2e_per_eur": calculation.factor.value,
        "spend_eur": json_number(calculation.spend), "spend_from": calculation.spend_from,
        "reduction_percent": calculation.reduction,
        "reduction_low_percent": calculation.reduction_low, "reduction_high_percent": calculation.reduction_high,
        "emissions_t_co2e": json_number(calculation.emissions),
        "low": json_number(calculation.low), "high": json_number(calculation.high),
    }


def envelope(editions: Editions, key: str, records: list[dict]) -> dict:
    """What every data file says about itself: source, licence, date, languages."""
    site = editions.default
    return {
        "title": in_languages(editions, lambda edition: edition.config.title),
        "licence": site.config.licence,
        "as_of": site.config.as_of.isoformat(),
        "languages": list(site.config.languages),
        key: records,
    }


def dump(data, indent: int | None = None) -> str:
    """JSON whose text can never be read as markup: < > & written as \\u escapes (decoders give them back),
    so the file stays safe even where a tool pastes it into an HTML page.

    Data files are compact: Python's fast (C) encoder only works without indentation,
    and at 10,000 actions the indented files took seconds to write. Schemas, read by
    people, are indented.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") + "\n"


def record_text(editions: Editions, fragments, action_id: str) -> str:
    """One action's record as JSON text, as `dump` writes it (kept between builds: render.Fragments)."""
    return fragments.text("json", "", action_id, lambda: dump(action_record(editions, action_id)).rstrip("\n"))


def with_records(editions: Editions, key: str, records: str) -> str:
    """A data file: the envelope, and `records` (JSON text) as its last member, as `dump` would write them."""
    head = dump(envelope(editions, key, None)).rstrip("\n")
    return f"{head.removesuffix('null}')}{records}}}\n"


def actions_json(site: Site, editions: Editions, fragments) -> str:
    records = ",".join(record_text(editions, fragments, action.id) for action in site.actions)
    return with_records(editions, "actions", f"[{records}]")


def action_json(site: Site, editions: Editions, fragments, action_id: str) -> str:
    return with_records(editions, "action", record_text(editions, fragments, action_id))


def indicators_json(site: Site, editions: Editions, fragments) -> str:
    records = []
    by_id = {language: {node.id: node for node in edition.indicators} for language, edition in editions.items()}
    for indicator in site.indicators:
        def text(get, identifier=indicator.id):
            return in_languages(editions, lambda edition: get(by_id[edition.language][identifier]))
        records.append({
            "id": indicator.id, "url": address(site, indicator.url),
            "name": text(lambda node: node.name), "unit": text(lambda node: node.unit),
            "description": text(lambda node: node.description), "chart": indicator.chart,
            "values": [{"date": point.date.isoformat(), "value": point.value, **computed_point(point)}
                       for point in indicator.values],
            "computed": indicator.computed and {
                "measure": indicator.computed.measure,
                "organisation": indicator.computed.organisation and indicator.computed.organisation.id,
                "cpv_prefixes": list(indicator.computed.cpv_prefixes), "criteria": list(indicator.computed.criteria),
                "aims": list(indicator.computed.aims)},
            "goals": [{"date": point.date.isoformat(), "value": point.value} for point in indicator.goals],
            "goal_status": indicator.verdict and indicator.verdict.status,
            "goal_status_goal": indicator.verdict and {"date": indicator.verdict.goal.date.isoformat(),
                                                        "value": indicator.verdict.goal.value},
            "actions": [action.id for action in indicator.actions],
        })
    return dump(envelope(editions, "indicators", records))


def emission_factors_json(site: Site, editions: Editions, fragments) -> str:
    """Every emission factor table with its source, year, version and factors by CPV prefix."""
    by_id = {language: {table.id: table for table in edition.factor_tables} for language, edition in editions.items()}
    records = []
    for table in site.factor_tables:
        def text(get, identifier=table.id):
            return in_languages(editions, lambda edition: get(by_id[edition.language][identifier]))
        records.append({
            "id": table.id, "url": address(site, table.url), "name": text(lambda node: node.name),
            "description": text(lambda node: node.description), "source": text(lambda node: node.source_text),
            "source_url": table.source_url, "year": table.year, "version": table.version, "example": table.example,
            "unit": "kg CO2e/EUR",
            "factors": [{"cpv_prefix": factor.cpv, "factor": factor.value,
                         "label": text(lambda node, i=i: node.factors[i].label)}
                        for i, factor in enumerate(table.factors)],
            "actions": [action.id for action in table.actions],
        })
    return dump(envelope(editions, "emission_factors", records))


def procurement_record(editions: Editions, by_id: dict, procurement_id: str) -> dict:
    """One procurement as open data: codes as in the content, the name in every language it is written in.

    `by_id`: each language's procurements by identifier."""
    site = editions.default
    procurement = by_id[site.language][procurement_id]
    return {
        "id": procurement.id, "url": address(site, procurement.url),
        "name": in_languages(editions, lambda edition: by_id[edition.language][procurement_id].name),
        "organisation": procurement.organisation.id, "stage": procurement.stage,
        "date": procurement.date.isoformat(), "value": procurement.value, "currency": "EUR",
        "cpv_codes": list(procurement.cpv_codes), "gpp_criteria": procurement.gpp_criteria,
        "gpp_aims": list(procurement.gpp_aims), "clean_vehicles": procurement.clean_vehicles,
        "actions": [action.id for action in procurement.actions],
        "criteria_sets": [criteria.id for criteria in procurement.criteria_sets], "notice_url": procurement.notice_url,
        "estimated_value": procurement.estimated_value, "procedure": procurement.procedure, "lot": procurement.lot,
        "notices": [{"id": notice.id, "version": notice.version, "kind": notice.kind, "subtype": notice.subtype,
                     "date": notice.date.isoformat(), "publication": notice.publication, "changes": notice.changes,
                     "url": notice.url} for notice in procurement.notices],
        "example": procurement.example,
    }


def code_lists() -> dict:
    """Which code lists the records' codes are of, and where their names come from."""
    about = vocabularies.about()
    return {"cpv": {"vocabulary": about["vocabulary"], "names": about["names"], "check_digits": about["check digits"]},
            "gpp_criteria": "eForms code list gpp-criteria (BT-805)",
            "gpp_aims": "eForms code list environmental-impact (BT-774)"}


def procurements_json(site: Site, editions: Editions, fragments) -> str:
    by_id = {language: {node.id: node for node in edition.procurements} for language, edition in editions.items()}
    return dump({**envelope(editions, "procurements", [procurement_record(editions, by_id, procurement.id)
                                                       for procurement in site.procurements]),
                 "code_lists": code_lists()})


def procurements_ocds(site: Site, editions: Editions, fragments) -> str:
    return dump(ocds.release_package(site))


def computed_point(point) -> dict:
    """What a computed value is made of: the records counted, those with green criteria, and their euros."""
    if point.records is None:
        return {}
    return {"records": point.records, "green_records": point.green_records, "euros": point.euros,
            "green_euros": point.green_euros}


def schema(site: Site, editions: Editions, fragments, name: str) -> str:
    return dump(SCHEMAS[name], indent=2)


def content_schema(site: Site, editions: Editions, fragments, name: str) -> str:
    """The JSON Schema of a content file (below /schemas/), with the city's own fields its configuration declares;
    < > & written as escapes, as in every data file (`dump`), so no text in it can be read as markup."""
    text = schema_texts(site.config.attributes)[name]
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


PRODUCERS = {"actions_json": actions_json, "action_json": action_json, "actions_csv": actions_csv,
             "tasks_csv": tasks_csv, "indicators_json": indicators_json, "schema": schema,
             "emission_factors_json": emission_factors_json,
             "procurements_json": procurements_json, "procurements_csv": procurements_csv,
             "procurements_ocds": procurements_ocds, "content_schema": content_schema}
