"""The procurement records as an Open Contracting Data Standard (OCDS 1.1) release package.

One release per record: a tender's release is tagged `tender` and carries the
estimated value; a contract's is tagged `award` and `contract` and carries the
contract value on both. The procuring organisation is the buyer. CPV codes are the
items' classifications (scheme CPV), the main code first. What eForms records of
green procurement has no field in OCDS 1.1 core, so the tender carries it as
additional fields named after their business terms: `greenProcurementCriteria`
(BT-805), `greenProcurementAims` (BT-774) and `cleanVehiclesDirective` (BT-717);
OCDS allows additional fields, and the release schema shipped in
katalogi/schemas/ocds/ (Apache-2.0, from the OCDS 1.1.5 release) is what the tests
validate the package against.

Dates come from the records and the site's as_of date, never from the clock.
"""

from __future__ import annotations

from pathlib import Path

from ..site.views import Procurement, Site

OCDS_VERSION = "1.1"
SCHEMA_DIR = Path(__file__).parent / "schemas" / "ocds"
# A publisher registers its own prefix with the Open Contracting Partnership; until it has, this one says whose.
OCID_PREFIX = "ocds-katalogi"
PACKAGE_PATH = "data/procurements-ocds.json"


def timestamp(date) -> str:
    """An OCDS date-time: the day at midnight UTC (the records know days, not times)."""
    return f"{date.isoformat()}T00:00:00Z"


def value(amount: float | None) -> dict:
    return {"amount": amount, "currency": "EUR"} if amount is not None else {}


def organisation_reference(procurement: Procurement) -> dict:
    return {"id": procurement.organisation.id, "name": str(procurement.organisation.name)}


def release(procurement: Procurement, language: str) -> dict:
    """One record as an OCDS release."""
    contract = procurement.stage == "contract"
    tender = {
        "id": procurement.id,
        "title": str(procurement.name),
        "status": "complete" if contract else "active",
        "procuringEntity": organisation_reference(procurement),
        "items": [{"id": str(position), "classification": {"scheme": "CPV", "id": code}}
                  for position, code in enumerate(procurement.cpv_codes, start=1)],
        "tenderPeriod": {"startDate": timestamp(procurement.date)},
        "greenProcurementCriteria": procurement.gpp_criteria,
        "greenProcurementAims": list(procurement.gpp_aims),
        "cleanVehiclesDirective": procurement.clean_vehicles,
    }
    if not contract and procurement.value is not None:
        tender["value"] = value(procurement.value)
    found = {
        "ocid": f"{OCID_PREFIX}-{procurement.id}",
        "id": f"{procurement.id}-{procurement.stage}",
        "date": timestamp(procurement.date),
        "tag": ["award", "contract"] if contract else ["tender"],
        "initiationType": "tender",
        "language": language,
        "parties": [{**organisation_reference(procurement), "roles": ["buyer", "procuringEntity"]}],
        "buyer": organisation_reference(procurement),
        "tender": tender,
    }
    if contract:
        award_id = f"{procurement.id}-award"
        found["awards"] = [{"id": award_id, "status": "active", "date": timestamp(procurement.date),
                            **({"value": value(procurement.value)} if procurement.value is not None else {})}]
        found["contracts"] = [{"id": f"{procurement.id}-contract", "awardID": award_id, "status": "active",
                               "dateSigned": timestamp(procurement.date),
                               **({"value": value(procurement.value)} if procurement.value is not None else {})}]
    if procurement.notice_url:
        tender["documents"] = [{"id": f"{procurement.id}-notice", "documentType": "tenderNotice",
                                "url": procurement.notice_url}]
    return found


def release_package(site: Site) -> dict:
    """Every procurement record of the site as one release package, published on the as_of date."""
    config = site.config
    uri = config.absolute(config.base_path + PACKAGE_PATH) or f"urn:katalogi:{config.base_path}{PACKAGE_PATH}"
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": timestamp(config.as_of),
        "publisher": {"name": str(config.title)},
        "license": config.licence["url"],
        "releases": [release(procurement, site.language) for procurement in site.procurements],
    }
