"""The JSON Schemas (2020-12) of the open data's JSON files, published beside them under /data/schema/."""

from __future__ import annotations

JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
TEXT = {"type": ["object", "null"], "description": "A text by language code; only the languages written.",
        "additionalProperties": {"type": "string"}, "propertyNames": {"pattern": "^[a-z]{2,3}$"}}
DATE = {"type": ["string", "null"], "format": "date"}
ENVELOPE = {
    "title": TEXT,
    "licence": {"type": "object", "required": ["name", "url"],
                "properties": {"name": {"type": ["string", "object"]}, "url": {"type": "string"}}},
    "as_of": {"type": "string", "format": "date"},
    "languages": {"type": "array", "items": {"type": "string"}},
}
ACTION = {
    "type": "object",
    "required": ["id", "url", "name", "description", "status", "tasks"],
    "properties": {
        "id": {"type": "string"}, "url": {"type": "string"}, "name": TEXT, "lead": TEXT, "description": TEXT,
        "official_description": {"type": ["object", "null"]},
        "status": {"type": "object", "required": ["id", "label", "derived_from_tasks"],
                   "properties": {"id": {"type": "string"}, "label": TEXT, "derived_from_tasks": {"type": "boolean"},
                                  "reason": TEXT}},
        "phase": {"enum": [None, "not_started", "planning", "implementation", "completed"]},
        "timespan": {"type": ["object", "null"]},
        "categories": {"type": "array", "items": {"type": "object", "required": ["id", "name"]}},
        "organisations": {"type": "array", "items": {"type": "object", "required": ["id", "role", "name"],
                                                     "properties": {"role": {"enum": ["primary", "collaborator"]}}}},
        "contacts": {"type": "array", "items": {"type": "object", "required": ["name"]}},
        "links": {"type": "array"},
        "tasks": {"type": "array", "items": {
            "type": "object", "required": ["name", "state"],
            "properties": {"name": TEXT, "state": {"enum": ["not_started", "in_progress", "completed", "cancelled"]},
                           "start": DATE, "due": DATE, "completed": DATE, "overdue": {"type": "boolean"},
                           "comment": TEXT}}},
        "indicators": {"type": "array", "items": {"type": "string"}},
        "emission_reduction": {"type": ["object", "null"]},
        "procurement_volume": {"type": ["number", "null"]},
        "cpv_codes": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]{8}-[0-9]$"}},
        "gpp_level": {"enum": [None, "eu", "national", "other", "none"]},
        "updated": DATE,
        "related": {"type": "array", "items": {"type": "string"},
                    "description": "Related actions as this one names them (a related action names it too, "
                                   "so the relation goes both ways)."},
        "depends_on": {"type": "array", "items": {"type": "object", "required": ["action", "role"], "properties": {
            "action": {"type": "string"}, "role": {"type": ["string", "null"]}}}},
        "merged_into": {"type": ["string", "null"], "description": "Merged into this action, which counts its work."},
        "superseded_by": {"type": ["string", "null"], "description": "Replaced by this action."},
        "attributes": {"type": "object", "description": "The city's own fields (site_config.yaml's attributes) that "
                       "have a value: a text by language, a choice or category by its id, a date as YYYY-MM-DD."},
    },
}
INDICATOR = {
    "type": "object",
    "required": ["id", "url", "name", "values", "goals"],
    "properties": {
        "id": {"type": "string"}, "url": {"type": "string"}, "name": TEXT, "unit": TEXT, "description": TEXT,
        "chart": {"enum": ["line", "bar"]},
        "values": {"type": "array", "items": {"type": "object", "required": ["date", "value"]}},
        "goals": {"type": "array", "items": {"type": "object", "required": ["date", "value"]}},
        "actions": {"type": "array", "items": {"type": "string"}},
        "computed": {"type": ["object", "null"], "description": "How the values are computed from "
                     "data/procurements.json; each value then has records, green_records, euros and green_euros."},
        "goal_status": {"enum": [None, "achieved", "on_track", "off_track", "no_data"],
                        "description": "Against the next goal on the site's date: achieved, on_track (the latest "
                        "value on or ahead of the straight line from the first value to the goal), off_track, "
                        "no_data (no value yet); null without goals."},
        "goal_status_goal": {"type": ["object", "null"], "description": "The goal goal_status is judged against."},
    },
}
PROCUREMENT = {
    "type": "object",
    "required": ["id", "url", "name", "organisation", "stage", "date", "value", "currency", "cpv_codes",
                 "gpp_criteria", "gpp_aims", "clean_vehicles", "actions"],
    "properties": {
        "id": {"type": "string"}, "url": {"type": "string"}, "name": TEXT, "organisation": {"type": "string"},
        "stage": {"enum": ["planning", "tender", "contract"]}, "date": {"type": "string", "format": "date"},
        "value": {"type": ["number", "null"], "minimum": 0}, "currency": {"const": "EUR"},
        "cpv_codes": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]{8}-[0-9]$"}},
        "gpp_criteria": {"enum": [None, "eu", "national", "other", "none"]},
        "gpp_aims": {"type": "array", "items": {"enum": ["biodiv-eco", "circ-econ", "clim-adapt", "clim-mitig",
                                                         "pollu-prev", "water-mar", "other"]}},
        "clean_vehicles": {"type": "boolean"},
        "actions": {"type": "array", "items": {"type": "string"}},
        "notice_url": {"type": ["string", "null"]},
        "estimated_value": {"type": ["number", "null"], "minimum": 0}, "procedure": {"type": ["string", "null"]},
        "lot": {"type": ["string", "null"]}, "example": {"type": "boolean"},
        "notices": {"type": "array", "items": {"type": "object", "required": ["id", "kind", "date"], "properties": {
            "kind": {"enum": ["pin", "cn", "can", "veat", "change"]}, "date": {"type": "string", "format": "date"}}}},
    },
}
CODE_LISTS = {"type": "object", "required": ["cpv"], "description": "The code lists of the records' codes: the CPV "
              "vocabulary's version, and where the names the pages show come from."}


def document_schema(title: str, key: str, record: dict, many: bool) -> dict:
    return {"$schema": JSON_SCHEMA, "title": title, "type": "object", "required": [*ENVELOPE, key],
            "properties": {**ENVELOPE, key: {"type": "array", "items": record} if many else record}}


def with_code_lists(schema: dict) -> dict:
    return {**schema, "required": [*schema["required"], "code_lists"],
            "properties": {**schema["properties"], "code_lists": CODE_LISTS}}


FACTOR_TABLE = {
    "type": "object",
    "required": ["id", "url", "name", "source", "year", "version", "example", "unit", "factors"],
    "properties": {
        "id": {"type": "string"}, "url": {"type": "string"}, "name": TEXT, "description": TEXT, "source": TEXT,
        "source_url": {"type": ["string", "null"]}, "year": {"type": "integer"}, "version": {"type": "string"},
        "example": {"type": "boolean"}, "unit": {"const": "kg CO2e/EUR"},
        "factors": {"type": "array", "items": {
            "type": "object", "required": ["cpv_prefix", "factor"],
            "properties": {"cpv_prefix": {"type": "string", "pattern": "^[0-9]{2,8}$"},
                           "factor": {"type": "number", "minimum": 0}, "label": TEXT}}},
        "actions": {"type": "array", "items": {"type": "string"}},
    },
}
SCHEMAS = {
    "actions": document_schema("Actions of the catalogue (data/actions.json)", "actions", ACTION, True),
    "action": document_schema("One action (data/actions/<id>.json)", "action", ACTION, False),
    "indicators": document_schema("Indicators (data/indicators.json)", "indicators", INDICATOR, True),
    "emission_factors": document_schema("Emission factor tables (data/emission_factors.json)", "emission_factors",
                                        FACTOR_TABLE, True),
    "procurements": with_code_lists(document_schema("Procurements (data/procurements.json)", "procurements",
                                                    PROCUREMENT, True)),
}
