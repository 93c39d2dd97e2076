"""A comparison site's figures as open data: data/comparison.json with everything, and one CSV per table (the
members' procurement by year, the shared indicators by year, the statuses, the adoptions), each row naming the
commit of the member it was computed from.

The figures are the members' own (reporting.comparison, site.member_figures); nothing is counted here. The
files grow with the members times the years, like the pages.
"""

from __future__ import annotations

from decimal import Decimal

from ..site.views import Editions, Site
from .opendata import dump
from .opendata_csv import spreadsheet, spreadsheet_number, spreadsheet_text

MEMBER_COLUMNS = {
    "member": {"fi": "jäsen", "sv": "medlem", "en": "member"},
    "commit": {"fi": "commit", "sv": "commit", "en": "commit"},
}
PROCUREMENT_COLUMNS = {
    **MEMBER_COLUMNS,
    "year": {"fi": "vuosi", "sv": "år", "en": "year"},
    "procurements": {"fi": "hankintoja", "sv": "upphandlingar", "en": "procurements"},
    "value_eur": {"fi": "arvo (EUR)", "sv": "värde (EUR)", "en": "value (EUR)"},
    "green_procurements": {"fi": "vihreitä hankintoja", "sv": "gröna upphandlingar", "en": "green procurements"},
    "green_value_eur": {"fi": "vihreiden arvo (EUR)", "sv": "de grönas värde (EUR)", "en": "green value (EUR)"},
    "green_share_by_count": {"fi": "vihreä osuus hankinnoista (%)", "sv": "grön andel av upphandlingarna (%)",
                             "en": "green share by count (%)"},
    "green_share_by_value": {"fi": "vihreä osuus euroista (%)", "sv": "grön andel av eurona (%)",
                             "en": "green share by value (%)"},
}
INDICATOR_COLUMNS = {
    "indicator": {"fi": "mittari", "sv": "indikator", "en": "indicator"},
    **MEMBER_COLUMNS,
    "year": {"fi": "vuosi", "sv": "år", "en": "year"},
    "value": {"fi": "arvo (%)", "sv": "värde (%)", "en": "value (%)"},
    "procurements": {"fi": "hankintoja", "sv": "upphandlingar", "en": "procurements"},
    "green_procurements": {"fi": "vihreitä hankintoja", "sv": "gröna upphandlingar", "en": "green procurements"},
    "value_eur": {"fi": "arvo (EUR)", "sv": "värde (EUR)", "en": "value (EUR)"},
    "green_value_eur": {"fi": "vihreiden arvo (EUR)", "sv": "de grönas värde (EUR)", "en": "green value (EUR)"},
    "own_definition": {"fi": "jäsenen oma määritelmä", "sv": "medlemmens egen definition", "en": "member's own "
                       "definition"},
}
STATUS_COLUMNS = {
    **MEMBER_COLUMNS,
    "status": {"fi": "tila", "sv": "status", "en": "status"},
    "status_label": {"fi": "tilan nimi", "sv": "statusens namn", "en": "status name"},
    "group": {"fi": "ryhmä", "sv": "grupp", "en": "group"},
    "actions": {"fi": "toimenpiteitä", "sv": "åtgärder", "en": "actions"},
    "share": {"fi": "osuus (%)", "sv": "andel (%)", "en": "share (%)"},
}
ADOPTION_COLUMNS = {
    "criteria_set": {"fi": "kriteeristö", "sv": "kriterieuppsättning", "en": "criteria set"},
    "source": {"fi": "lähde", "sv": "källa", "en": "source"},
    **MEMBER_COLUMNS,
    "since": {"fi": "käytössä alkaen", "sv": "i bruk sedan", "en": "adopted since"},
    "organisations": {"fi": "organisaatioita", "sv": "organisationer", "en": "organisations"},
    "version": {"fi": "lähteen versio", "sv": "källans version", "en": "source version"},
}


def number(value):
    """A figure for JSON: a Decimal share as a number, None as null."""
    return float(value) if isinstance(value, Decimal) else value


def member_record(member, language: str) -> dict:
    """Everything the comparison shows of one member."""
    record = {"id": member.id, "title": str(member.title(language)), "url": member.url,
              "read_from": member.location.written, "commit": member.commit or None, "files": member.files,
              "included": member.included,
              "problems": [error.text(language) for error in member.problems]}
    figures = member.figures
    if figures is None:
        return record
    record.update({
        "as_of": figures.as_of.isoformat(), "actions": figures.actions,
        "own_green_criteria": list(figures.own_green_criteria), "planned_procurements": figures.planned,
        "statuses": [{"id": status.id, "label": dict(status.labels).get(language, status.id), "group": status.group,
                      "actions": status.count, "share": number(status.percent)} for status in figures.statuses],
        "status_groups": [{"group": group, "actions": count, "share": number(share)}
                          for group, count, share in figures.groups],
        "procurements": [{"year": year.year, "procurements": year.count, "value_eur": year.euros,
                          "green_procurements": year.green_count, "green_value_eur": year.green_euros,
                          "green_share_by_count": number(year.share_by_count),
                          "green_share_by_value": number(year.share_by_euros)} for year in figures.years],
        "indicators": [{"id": indicator.id, "own_definition": indicator.own, "own_version": indicator.own_version,
                        "values": [{"year": share.year, "value": share.value, "procurements": share.records,
                                    "green_procurements": share.green_records, "value_eur": share.euros,
                                    "green_value_eur": share.green_euros} for share in indicator.years]}
                       for indicator in figures.indicators],
        "adoptions": [{"criteria_set": adoption.criteria_set, "source": adoption.source,
                       "since": adoption.since.isoformat(), "organisations": adoption.organisations,
                       "version": adoption.version} for adoption in figures.adoptions],
        "shared_sources": [{"id": source, "version": version, "commit": commit or None}
                           for source, version, commit in figures.pins],
    })
    return record


def comparison_json(site: Site, editions: Editions, fragments, comparison) -> str:
    """Every member's figures, and the definitions they are computed by."""
    definitions = comparison.definitions
    language = site.config.default_language
    return dump({
        "title": str(site.config.title),
        "definition": {
            "green_criteria": list(definitions.green_criteria), "measure": definitions.measure,
            "counted": "procurement records at the tender and contract stages, by the year of their date; planned "
                       "ones are not counted; a record without a value counts in the count, not in the euros",
            "indicators": [{"id": entry.id, "measure": entry.measure, "cpv_prefixes": list(entry.cpv_prefixes),
                            "criteria": list(entry.criteria), "aims": list(entry.aims), "source": entry.source,
                            "commit": entry.commit or None} for entry in definitions.indicators],
            "criteria_sets": [{"source": source, "id": identifier} for source, identifier in definitions.criteria_sets],
        },
        "members": [member_record(member, language) for member in comparison.members],
    })


def comparison_procurements_csv(site: Site, editions: Editions, fragments, comparison) -> str:
    buffer, writer = spreadsheet(site, PROCUREMENT_COLUMNS)
    writer.writerows([member.id, member.commit, year.year, year.count, spreadsheet_number(year.euros),
                      year.green_count, spreadsheet_number(year.green_euros), spreadsheet_number(year.share_by_count),
                      spreadsheet_number(year.share_by_euros)]
                     for member in comparison.included for year in member.figures.years)
    return buffer.getvalue()


def comparison_indicators_csv(site: Site, editions: Editions, fragments, comparison) -> str:
    buffer, writer = spreadsheet(site, INDICATOR_COLUMNS)
    writer.writerows([indicator.id, member.id, member.commit, share.year, spreadsheet_number(share.value),
                      share.records, share.green_records, spreadsheet_number(share.euros),
                      spreadsheet_number(share.green_euros), indicator.own]
                     for definition in comparison.definitions.indicators for member in comparison.included
                     for indicator in [member.figures.indicator(definition.id)] if indicator is not None
                     for share in indicator.years)
    return buffer.getvalue()


def comparison_statuses_csv(site: Site, editions: Editions, fragments, comparison) -> str:
    buffer, writer = spreadsheet(site, STATUS_COLUMNS)
    language = site.config.default_language
    writer.writerows([member.id, member.commit, status.id, spreadsheet_text(dict(status.labels).get(language, "")),
                      status.group, status.count, spreadsheet_number(status.percent)]
                     for member in comparison.included for status in member.figures.statuses)
    return buffer.getvalue()


def comparison_adoptions_csv(site: Site, editions: Editions, fragments, comparison) -> str:
    buffer, writer = spreadsheet(site, ADOPTION_COLUMNS)
    writer.writerows([adoption.criteria_set, adoption.source, member.id, member.commit, adoption.since.isoformat(),
                      adoption.organisations, spreadsheet_text(adoption.version)]
                     for member in comparison.included for adoption in member.figures.adoptions)
    return buffer.getvalue()


PRODUCERS = {"comparison_json": comparison_json, "comparison_procurements_csv": comparison_procurements_csv,
             "comparison_indicators_csv": comparison_indicators_csv,
             "comparison_statuses_csv": comparison_statuses_csv,
             "comparison_adoptions_csv": comparison_adoptions_csv}
