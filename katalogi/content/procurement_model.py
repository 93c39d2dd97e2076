"""The fields of a procurement record (content/procurements/), part of the content model of model.py.

A record is written by hand, by `import procurements` (a CSV export) or by `import notices`
(eForms notices): the fields after `notice_url` are the notices' own, which the notice
import keeps up to date, and which tie the record to the procedure and lot the notices
describe.
"""

from __future__ import annotations

from .codes import GPP_AIM, GPP_LEVEL, NOTICE_KIND, PROCUREMENT_STAGE
from .field_types import Boolean, CpvCode, Date, Identifier, Number, Ref, Text, Url
from .schema import Field, ListOf, Object

NOTICE = Object((
    Field("id", Text(translatable=False), "The notice identifier (eForms BT-701).", required=True,
          example="c4c415ee-ac08-4465-8fa6-57568cf69462"),
    Field("version", Text(translatable=False), "The notice's version (eForms BT-757); a later version of the same "
          "notice replaces the earlier one.", example="01"),
    Field("kind", NOTICE_KIND, "pin (prior information), cn (contract notice), can (contract award), veat "
          "(voluntary ex-ante transparency) or change (a change notice).", required=True, example="cn"),
    Field("subtype", Text(translatable=False), "The eForms notice subtype (1-40, E1-E6, T01, T02, CEI).",
          example="16"),
    Field("date", Date(), "The notice's dispatch date (eForms BT-05).", required=True, example="2024-03-15"),
    Field("publication", Text(translatable=False), "The notice's publication number in the Official Journal "
          "(eForms OPP-010), when it has been published on TED.", example="123456-2024"),
    Field("changes", Text(translatable=False), "For a change notice: the notice and version it changes (eForms "
          "BT-758).", example="c4c415ee-ac08-4465-8fa6-57568cf69462-01"),
    Field("url", Url(), "Address of the notice on TED, when it has a publication number.",
          example="https://ted.europa.eu/en/notice/-/detail/123456-2024"),
))

PROCUREMENT = Object((
    Field("id", Identifier(), "Identifier: the Hilma or TED notice number or the city's own, also the page address: "
          "/hankinnat/<id>/.", required=True, example="2024-123456"),
    Field("name", Text(), "The procurement's title, as in its notice.", required=True,
          example="Sähköpakettiautojen leasing"),
    Field("organisation", Ref("organisation"), "Identifier of the procuring organisation, usually a unit.",
          required=True, example="palu-ympa"),
    Field("stage", PROCUREMENT_STAGE, "The stage: planning (announced in a prior information notice, not counted "
          "in the figures), tender (a call for tenders, its value estimated) or contract (a contract made, with the "
          "contract's value).", default="tender", example="contract"),
    Field("date", Date(), "Date of the procedure: the notice's publication, or the contract's signature.",
          required=True, example="2024-03-15"),
    Field("value", Number(minimum=0), "Estimated (planning, tender) or contract value in euros, without VAT.",
          example=250000),
    Field("estimated_value", Number(minimum=0), "The estimated value in euros (eForms BT-27) of a record whose value "
          "is the contract's.", example=300000),
    Field("cpv_codes", ListOf(CpvCode()), "CPV codes of the CPV 2008 vocabulary, the main one first, such as "
          "34144900-7.", example=["34144900-7"]),
    Field("gpp_criteria", GPP_LEVEL, "Green public procurement criteria used (eForms BT-805): eu, national, other "
          "or none; without it, not known.", example="eu"),
    Field("gpp_aims", ListOf(GPP_AIM), "Green procurement aims (eForms BT-774): biodiv-eco, circ-econ, "
          "clim-adapt, clim-mitig, pollu-prev, water-mar or other.", example=["clim-mitig"]),
    Field("clean_vehicles", Boolean(), "true when the clean vehicles directive applies (eForms BT-717).",
          default=False, example=False),
    Field("actions", ListOf(Ref("action")), "Identifiers of the actions the procurement implements.",
          example=["111"]),
    Field("criteria_sets", ListOf(Ref("criteria_set")), "Identifiers of the criteria sets the procurement used "
          "(content/criteria/).", example=["pks-kevyet-kuljetukset"]),
    Field("example", Boolean(), "true marks the record as example data, not a real procurement; its page says so.",
          default=False, example=False),
    Field("notice_url", Url(), "Address of the notice in Hilma or TED.",
          example="https://www.hankintailmoitukset.fi/fi/public/procurement/123456/notice/654321/overview"),
    Field("procedure", Text(translatable=False), "The procedure identifier of its notices (eForms BT-04), which "
          "ties a contract award notice to the contract notice before it.",
          example="1e86a664-ae3c-41eb-8529-0242ac130003"),
    Field("lot", Text(translatable=False), "The lot of the procedure the record is (eForms BT-137), such as "
          "LOT-0001.", example="LOT-0001"),
    Field("notices", ListOf(NOTICE), "The eForms notices the record was imported from, oldest first."),
))
