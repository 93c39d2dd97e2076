"""A notice's XML -> the business terms the catalogue keeps, each with the line it was read at.

The XPaths are the eForms SDK's (fields/fields.json, `xpathAbsolute`), relative to the
notice's root element: BT-701 notice identifier, BT-757 version, BT-04 procedure,
BT-05 dispatch date, BT-02/BT-03 notice and form type, OPP-070 subtype, OPP-010
publication number, BT-758 the notice a change notice changes, OPT-300 the buyer and
its organisation's BT-500 name and BT-501 registration numbers, and per lot (BT-137,
or per part of a prior information notice): BT-21 title, BT-262/BT-263 CPV codes,
BT-27 estimated value, BT-805 green criteria, BT-774 green aims, BT-717 clean vehicles;
and of a result: each lot's BT-142 winner chosen, its tenders' BT-720 values and its
contracts' BT-1451 award dates, and BT-161 the notice value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .parse import NS

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # control characters (a stray \x8d in an SDK example): not text
EXT = "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
PROJECT = "cac:ProcurementProject"
RESULT = f"{EXT}/efac:NoticeResult"


def xpath(expression: str) -> etree.XPath:
    return etree.XPath(expression, namespaces=NS)


NOTICE_ID = xpath("cbc:ID[@schemeName='notice-id']")
VERSION = xpath("cbc:VersionID")
PROCEDURE = xpath("cbc:ContractFolderID")
ISSUE_DATE = xpath("cbc:IssueDate")
NOTICE_TYPE = xpath("cbc:NoticeTypeCode")
LANGUAGE = xpath("cbc:NoticeLanguageCode")
SUBTYPE = xpath(f"{EXT}/efac:NoticeSubType/cbc:SubTypeCode")
PUBLICATION = xpath(f"{EXT}/efac:Publication/efbc:NoticePublicationID[@schemeName='ojs-notice-id']")
CHANGED = xpath(f"{EXT}/efac:Changes/efbc:ChangedNoticeIdentifier")
BUYER = xpath("cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID")
COMPANIES = xpath(f"{EXT}/efac:Organizations/efac:Organization/efac:Company")
COMPANY_ID = xpath("cac:PartyIdentification/cbc:ID")
COMPANY_NAME = xpath("cac:PartyName/cbc:Name")
COMPANY_NUMBER = xpath("cac:PartyLegalEntity/cbc:CompanyID")
TITLE = xpath(f"{PROJECT}/cbc:Name")
MAIN_CPV = xpath(f"{PROJECT}/cac:MainCommodityClassification/cbc:ItemClassificationCode")
MORE_CPV = xpath(f"{PROJECT}/cac:AdditionalCommodityClassification/cbc:ItemClassificationCode")
ESTIMATE = xpath(f"{PROJECT}/cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount")
LOTS = xpath("cac:ProcurementProjectLot[cbc:ID/@schemeName='Lot' or cbc:ID/@schemeName='Part']")
LOT_ID = xpath("cbc:ID")
GPP_CRITERIA = xpath(f"{PROJECT}/cac:ProcurementAdditionalType/cbc:ProcurementTypeCode[@listName='gpp-criteria']")
GPP_AIMS = xpath(f"{PROJECT}/cac:ProcurementAdditionalType/cbc:ProcurementTypeCode"
                 "[@listName='environmental-impact']")
CLEAN_VEHICLES = xpath(f"cac:TenderingTerms/{EXT}/efac:StrategicProcurement/efbc:ApplicableLegalBasis"
                       "[@listName='cvd-scope']")
NOTICE_VALUE = xpath(f"{RESULT}/cbc:TotalAmount")
LOT_RESULTS = xpath(f"{RESULT}/efac:LotResult")
RESULT_LOT = xpath("efac:TenderLot/cbc:ID")
RESULT_CODE = xpath("cbc:TenderResultCode")
RESULT_TENDERS = xpath("efac:LotTender/cbc:ID")
RESULT_CONTRACTS = xpath("efac:SettledContract/cbc:ID")
TENDERS = xpath(f"{RESULT}/efac:LotTender")
TENDER_VALUE = xpath("cac:LegalMonetaryTotal/cbc:PayableAmount")
TENDER_LOT = xpath("efac:TenderLot/cbc:ID")
CONTRACTS = xpath(f"{RESULT}/efac:SettledContract")
AWARD_DATE = xpath("cbc:AwardDate")
ID = xpath("cbc:ID")


@dataclass(frozen=True)
class Found:
    """A value as the notice writes it (stripped), the line it is on, and its attributes that matter."""

    text: str
    line: int
    language: str = ""  # languageID of a text (ENG, FIN, SWE)
    currency: str = ""  # currencyID of an amount


def found(element) -> Found | None:
    text = " ".join(CONTROL.sub(" ", element.text or "").split())
    if not text:
        return None
    return Found(text, element.sourceline or 1, element.get("languageID", ""), element.get("currencyID", ""))


def first(elements) -> Found | None:
    return next((value for value in map(found, elements) if value is not None), None)


def every(elements) -> list[Found]:
    return [value for value in map(found, elements) if value is not None]


@dataclass
class Lot:
    """One lot (or part) of a notice, and its result when the notice has one."""

    id: Found
    titles: list[Found]
    main_cpv: list[Found]
    more_cpv: list[Found]
    estimate: Found | None
    gpp_criteria: list[Found]
    gpp_aims: list[Found]
    clean_vehicles: Found | None
    result_line: int = 0  # of its LotResult; 0: the notice has none for it
    result_code: Found | None = None  # BT-142: selec-w, clos-nw, open-nw
    contracts: int = 0  # settled contracts of its result
    tender_values: list[Found] = field(default_factory=list)  # BT-720 of the tenders its result names for it
    award_dates: list[Found] = field(default_factory=list)  # BT-1451 of its result's contracts


@dataclass
class Notice:
    """The business terms of one notice."""

    path: str
    line: int  # of the root element
    document: str  # PriorInformationNotice, ContractNotice, ContractAwardNotice
    id: Found | None
    version: Found | None
    procedure: Found | None
    issue_date: Found | None
    notice_type: Found | None
    form_type: str
    language: str
    subtype: Found | None
    publication: Found | None
    changes: Found | None
    buyer_ref: Found | None
    buyer_names: list[Found]
    buyer_numbers: list[Found]
    titles: list[Found]
    main_cpv: list[Found]
    more_cpv: list[Found]
    estimate: Found | None
    notice_value: Found | None
    lots: list[Lot]


def read_lot(element) -> Lot:
    return Lot(id=first(LOT_ID(element)) or Found("", element.sourceline or 1), titles=every(TITLE(element)),
               main_cpv=every(MAIN_CPV(element)), more_cpv=every(MORE_CPV(element)),
               estimate=first(ESTIMATE(element)), gpp_criteria=every(GPP_CRITERIA(element)),
               gpp_aims=every(GPP_AIMS(element)), clean_vehicles=first(CLEAN_VEHICLES(element)))


def read_results(root, lots: list[Lot]) -> None:
    """Each lot's result: whether a winner was chosen, its winning tenders' values, its contracts' award dates."""
    by_id = {lot.id.text: lot for lot in lots}
    tenders = {}  # tender id -> (its lot, its value)
    for tender in TENDERS(root):
        tender_id, tender_lot = first(ID(tender)), first(TENDER_LOT(tender))
        if tender_id is not None:
            tenders[tender_id.text] = (tender_lot.text if tender_lot else "", first(TENDER_VALUE(tender)))
    award_dates = {}
    for contract in CONTRACTS(root):
        contract_id = first(ID(contract))
        if contract_id is not None:
            award_dates[contract_id.text] = first(AWARD_DATE(contract))
    for result in LOT_RESULTS(root):
        lot_id = first(RESULT_LOT(result))
        lot = by_id.get(lot_id.text) if lot_id else None
        if lot is None:
            continue
        lot.result_line = result.sourceline or 1
        lot.result_code = first(RESULT_CODE(result))
        named = dict.fromkeys(value.text for value in every(RESULT_TENDERS(result)))
        lot.tender_values = [tenders[tender][1] for tender in named
                             if tender in tenders and tenders[tender][0] == lot.id.text and tenders[tender][1]]
        contracts = [value.text for value in every(RESULT_CONTRACTS(result))]
        lot.contracts = len(contracts)
        lot.award_dates = [award_dates[contract] for contract in contracts if award_dates.get(contract)]


def buyer_company(root, reference: Found | None):
    """The efac:Company of the organisation the buyer reference (OPT-300) names."""
    if reference is None:
        return None
    return next((company for company in COMPANIES(root)
                 if (first(COMPANY_ID(company)) or Found("", 0)).text == reference.text), None)


def read_notice(root, shown_as: str) -> Notice:
    """Every business term the import uses, as the notice writes it; what is missing is None or empty."""
    notice_type_element = NOTICE_TYPE(root)
    buyer_ref = first(BUYER(root))
    company = buyer_company(root, buyer_ref)
    language = first(LANGUAGE(root))
    lots = [read_lot(element) for element in LOTS(root)]
    read_results(root, lots)
    return Notice(
        path=shown_as, line=root.sourceline or 1, document=etree.QName(root).localname,
        id=first(NOTICE_ID(root)), version=first(VERSION(root)), procedure=first(PROCEDURE(root)),
        issue_date=first(ISSUE_DATE(root)), notice_type=first(notice_type_element),
        form_type=notice_type_element[0].get("listName", "") if notice_type_element else "",
        language=language.text if language else "", subtype=first(SUBTYPE(root)),
        publication=first(PUBLICATION(root)), changes=first(CHANGED(root)), buyer_ref=buyer_ref,
        buyer_names=every(COMPANY_NAME(company)) if company is not None else [],
        buyer_numbers=every(COMPANY_NUMBER(company)) if company is not None else [],
        titles=every(TITLE(root)), main_cpv=every(MAIN_CPV(root)), more_cpv=every(MORE_CPV(root)),
        estimate=first(ESTIMATE(root)), notice_value=first(NOTICE_VALUE(root)), lots=lots)
