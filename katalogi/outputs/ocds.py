"""The procurement records as an Open Contracting Data Standard (OCDS 1.1) release package, as OCDS for eForms maps
notices (the open-contracting european-union-support guidance).

The releases of one procedure share an ocid (the `procurements.ocid_prefix` of
site_config.yaml and the procedure identifier, BT-04; a record without one is a
procedure of its own), so that compiling them (ocdskit's compile) gives one record per
procedure. A record made from notices gives one release per notice, shared by the lots
(records) of the procedure that list it: the notice's identifier and version is the
release's id and its dispatch date the release's date, a prior information notice is
tagged `planning`, a contract notice `tender`, an award or ex-ante transparency notice
`award` and `contract`, and a change notice updates what it changes. A record without
notices gives one release as before: `tender`, or `award` and `contract`.

Each lot (BT-137) is a lot of the tender (the lots extension) with its items (CPV,
the main code first, with its name); a record without a lot puts them on the tender.
What eForms records of green procurement is mapped as the guidance says: BT-805 as
`hasSustainability` and `sustainability[].strategies`, BT-774 as `sustainability[].goal`
(the sustainability extension), BT-717 as `coveredBy: ["EU-CVD"]` (the coveredBy
extension). The package declares the extensions; copies of them are in
outputs/schemas/ocds/extensions/, which the tests patch the release schema with.

Dates come from the records and the site's as_of date, never from the clock.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..content import vocabularies
from ..content.notice_types import subtype_stage
from ..site.views import Procurement, Site

OCDS_VERSION = "1.1"
SCHEMA_DIR = Path(__file__).parent / "schemas" / "ocds"
PACKAGE_PATH = "data/procurements-ocds.json"
RAW = "https://raw.githubusercontent.com/open-contracting-extensions"
EXTENSIONS = {  # the folder of the shipped copy -> the address the package declares
    "lots": f"{RAW}/ocds_lots_extension/v1.1.5/extension.json",
    "sustainability": f"{RAW}/ocds_sustainability_extension/master/extension.json",
    "coveredBy": f"{RAW}/ocds_coveredBy_extension/master/extension.json",
}
STRATEGIES = {"eu": "euGPPCriteria", "national": "nationalGPPCriteria", "other": "otherGPPCriteria"}  # BT-805
GOALS = {  # BT-774, the guidance's environmental-impact mapping table
    "biodiv-eco": "environmental.biodiversityProtectionRestoration", "circ-econ": "environmental.circularEconomy",
    "clim-adapt": "environmental.climateChangeAdaptation", "clim-mitig": "environmental.climateChangeMitigation",
    "other": "environmental", "pollu-prev": "environmental.pollutionPrevention",
    "water-mar": "environmental.waterResources",
}
TAGS = {"planning": ["planning"], "tender": ["tender"], "contract": ["award", "contract"]}
UPDATE_TAGS = {"planning": ["planningUpdate"], "tender": ["tenderUpdate"], "contract": ["awardUpdate",
                                                                                         "contractUpdate"]}
TENDER_STATUS = {"planning": "planned", "tender": "active", "contract": "complete"}
FINNISH_BUSINESS_IDS = "FI-PRO"  # org-id.guide: the Finnish Patent and Registration Office's register (Y-tunnus)


def timestamp(date) -> str:
    """An OCDS date-time: the day at midnight UTC (the records know days, not times)."""
    return f"{date.isoformat()}T00:00:00Z"


def value(amount: float | None) -> dict:
    return {"amount": amount, "currency": "EUR"} if amount is not None else {}


def ocid(procurement: Procurement, prefix: str) -> str:
    return f"{prefix}-{procurement.procedure or procurement.id}"


def organisation_reference(procurement: Procurement) -> dict:
    return {"id": procurement.organisation.id, "name": str(procurement.organisation.name)}


def party(procurement: Procurement) -> dict:
    found = {**organisation_reference(procurement), "roles": ["buyer", "procuringEntity"]}
    if procurement.organisation.business_id:
        found["identifier"] = {"scheme": FINNISH_BUSINESS_IDS, "id": procurement.organisation.business_id}
    return found


def estimate_of(procurement: Procurement) -> float | None:
    """What the call for tenders estimated: `estimated_value`, or the value of a record not yet a contract."""
    return procurement.estimated_value if procurement.stage == "contract" else procurement.value


def green(procurement: Procurement) -> dict:
    """BT-805, BT-774 and BT-717 as OCDS for eForms maps them (on a lot, or on the tender without lots)."""
    sustainability = [{"strategies": [STRATEGIES[procurement.gpp_criteria]]}] \
        if procurement.gpp_criteria in STRATEGIES else []
    sustainability += [{"goal": GOALS[aim]} for aim in procurement.gpp_aims]
    found = {}
    if sustainability:
        found.update(hasSustainability=True, sustainability=sustainability)
    elif procurement.gpp_criteria == "none":
        found["hasSustainability"] = False
    if procurement.clean_vehicles:
        found["coveredBy"] = ["EU-CVD"]
    return found


def item(procurement: Procurement, language: str) -> list[dict]:
    """The record's CPV codes as one item: the main code its classification, the others additional."""
    if not procurement.cpv_codes:
        return []

    def classification(code: str) -> dict:
        return {"scheme": "CPV", "id": code, "description": vocabularies.cpv_name(code, language)}

    found = {"id": procurement.lot or "1", "classification": classification(procurement.cpv_codes[0])}
    if procurement.cpv_codes[1:]:
        found["additionalClassifications"] = [classification(code) for code in procurement.cpv_codes[1:]]
    if procurement.lot:
        found["relatedLot"] = procurement.lot
    return [found]


def lot(procurement: Procurement, status: str) -> dict:
    found = {"id": procurement.lot, "title": str(procurement.name), "status": status}
    estimate = estimate_of(procurement)
    if estimate is not None:
        found["value"] = value(estimate)
    return {**found, **green(procurement)}


def awards(procurement: Procurement) -> tuple[dict, dict]:
    """The record's award and contract, each with the contract's value; a hand-made record's date is the
    contract's signature, a notice's the award decision."""
    award_id = f"{procurement.id}-award"
    award = {"id": award_id, "status": "active", "date": timestamp(procurement.date), **(
        {"value": value(procurement.value)} if procurement.value is not None else {})}
    contract = {"id": f"{procurement.id}-contract", "awardID": award_id, "status": "active", **(
        {"value": value(procurement.value)} if procurement.value is not None else {})}
    if procurement.lot:
        award["relatedLots"] = [procurement.lot]
    if not procurement.notices:
        contract["dateSigned"] = timestamp(procurement.date)
    return award, contract


def release(records: list[Procurement], release_id: str, date, stage: str, tags: list[str], language: str,
            prefix: str, notice_url: str | None) -> dict:
    """One release of the records of one procedure: `stage` is what the release tells of."""
    first = records[0]
    tender = {"id": first.procedure or first.id, "status": TENDER_STATUS[stage],
              "procuringEntity": organisation_reference(first)}
    items = [entry for procurement in records for entry in item(procurement, language)]
    if items:
        tender["items"] = items
    with_lots = [procurement for procurement in records if procurement.lot]
    if with_lots:
        tender["lots"] = [lot(procurement, "unsuccessful" if stage == "contract" and procurement.stage != "contract"
                              else TENDER_STATUS[stage]) for procurement in with_lots]
    else:
        tender.update(title=str(first.name), **green(first))
        if estimate_of(first) is not None:
            tender["value"] = value(estimate_of(first))
    if len(records) == 1:
        tender["title"] = str(first.name)
    found = {"ocid": ocid(first, prefix), "id": release_id, "date": timestamp(date), "tag": tags,
             "initiationType": "tender", "language": language, "parties": [party(first)],
             "buyer": organisation_reference(first), "tender": tender}
    made = [awards(procurement) for procurement in records if stage == "contract" and procurement.stage == "contract"]
    if made:
        found["awards"] = [award for award, _ in made]
        found["contracts"] = [contract for _, contract in made]
    if notice_url:
        tender["documents"] = [{"id": f"{release_id}-notice", "documentType": "tenderNotice", "url": notice_url}]
    return found


def releases(site: Site) -> list[dict]:
    """Every release: one per notice of each procedure (its records together), one per record without notices."""
    prefix, language = site.config.procurements.ocid_prefix, site.language
    by_notice: dict[tuple[str, str], list[Procurement]] = defaultdict(list)
    found = []
    for procurement in site.procurements:
        if not procurement.notices:
            found.append(release([procurement], f"{procurement.id}-{procurement.stage}", procurement.date,
                                 procurement.stage, TAGS[procurement.stage], language, prefix, procurement.notice_url))
        for notice in procurement.notices:
            by_notice[(ocid(procurement, prefix), f"{notice.id}-{notice.version or ''}".rstrip("-"))].append(
                procurement)
    for (_, release_id), records in by_notice.items():
        notice = next(notice for notice in records[0].notices
                      if f"{notice.id}-{notice.version or ''}".rstrip("-") == release_id)
        stage = subtype_stage(notice.subtype) or records[0].stage
        tags = (UPDATE_TAGS if notice.kind == "change" else TAGS)[stage]
        records.sort(key=lambda procurement: (procurement.lot or "", procurement.id))
        found.append(release(records, release_id, notice.date, stage, tags, language, prefix, notice.url))
    return sorted(found, key=lambda entry: (entry["ocid"], entry["date"], entry["id"]))


def release_package(site: Site) -> dict:
    """Every procurement record of the site as one release package, published on the as_of date."""
    config = site.config
    uri = config.absolute(config.base_path + PACKAGE_PATH) or f"urn:katalogi:{config.base_path}{PACKAGE_PATH}"
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": list(EXTENSIONS.values()),
        "publishedDate": timestamp(config.as_of),
        "publisher": {"name": str(config.title)},
        "license": config.licence["url"],
        "releases": releases(site),
    }
