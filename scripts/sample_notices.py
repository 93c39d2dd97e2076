#!/usr/bin/env python3
"""Write the sample's example notices (examples/notices/) and the records imported from them
(content/procurements/ilmoitukset.yaml), plainly example data.

The notices are eForms SDK 1.15.1 examples (tests/data/eforms/, CC BY 4.0) with what a
Helsinki procurement unit's notices would say put in: identifiers, dates in 2019 (before
the sample's as_of date), the city's business id and its units' names as buyers, titles in
Finnish, Swedish and English, CPV codes, values in euros and the green procurement terms
(BT-805, BT-774, BT-717). One procedure goes through its whole life: a contract notice of two
lots, a change notice of it and its contract award notice; beside it a prior information
notice and a voluntary ex-ante transparency notice. The records are what `katalogi import
notices examples/notices` makes of them in the sample, with `example: true` and the actions and
criteria set they implement added; importing the notices again changes nothing (a test checks).

    python scripts/sample_notices.py [PROJECT]
"""

from __future__ import annotations

import copy
import shutil
import sys
import tempfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from katalogi.build import pipeline  # noqa: E402
from katalogi.content.config import load_config  # noqa: E402
from katalogi.editing.notices.merge import import_notices  # noqa: E402
from katalogi.editing.notices.parse import NS  # noqa: E402
from katalogi.editing.procurement_import import read_stored, records_text  # noqa: E402
from katalogi.inputs.sources import Project  # noqa: E402

SDK = ROOT / "tests/data/eforms"
NOTICES_FOLDER = "examples/notices"
RECORDS_FILE = "content/procurements/ilmoitukset.yaml"
HEADER = ("# ESIMERKKIAINEISTO: hankintoja esimerkki-ilmoituksista examples/notices/ (johdettu eForms SDK:n\n"
          "# esimerkeistä, CC BY 4.0), eivät oikeita ilmoituksia. Kirjoittanut scripts/sample_notices.py;\n"
          "# aja se uudelleen, älä muokkaa käsin.\n")
CITY = "0201256-6"  # Helsingin kaupunki's business id; its units publish under it
PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False}
EXT = "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
CBC, CAC, EFBC, EFAC = (f"{{{NS[prefix]}}}" for prefix in ("cbc", "cac", "efbc", "efac"))
EXT_NS, EFEXT = f"{{{NS['ext']}}}", f"{{{NS['efext']}}}"

TRANSPORT = "7c1e9b2a-4d3f-4e5a-9b8c-6d7e8f9a0b03"  # the procedure of the contract, change and award notices
TRANSPORT_NOTICE = "5e2f8a61-3c4d-4b7e-8f90-2a1b3c4d5e02"
TRANSPORT_TITLE = {"FIN": "Kevyet kuljetuspalvelut 2019–2021", "SWE": "Lätta transporttjänster 2019–2021",
                   "ENG": "Light transport services 2019–2021"}
TRANSPORT_LOTS = {
    "LOT-0001": {"titles": {"FIN": "Pakettiautokuljetukset", "SWE": "Paketbilstransporter", "ENG": "Van transport"},
                 "cpv": ["60161000"], "estimate": "400000", "gpp": ["eu"], "aims": ["clim-mitig"], "cvd": True},
    "LOT-0002": {"titles": {"FIN": "Sähköavusteiset pyöräkuljetukset",
                            "SWE": "Transporter med elassisterade lastcyklar", "ENG": "E-cargo bike transport"},
                 "cpv": ["60100000"], "estimate": "150000", "gpp": ["national"], "aims": ["clim-mitig", "pollu-prev"],
                 "cvd": False},
}
EXTRAS = {  # what the import does not know: example data, the actions and criteria sets the records implement
    TRANSPORT: {"actions": ["106"], "criteria_sets": ["pks-kevyet-kuljetukset"]},
    "0b5d0d3c-7d3a-4c1e-9a44-1c2f3a4b5c01": {"actions": ["105"]},
    "8e9f0a1b-2c3d-4e5f-a6b7-c8d9e0f1a207": {"actions": ["105"]},
}


def one(root, path: str):
    return root.xpath(path, namespaces=NS)[0]


def set_text(root, path: str, text: str) -> None:
    for element in root.xpath(path, namespaces=NS):
        element.text = text


def set_titles(project, titles: dict[str, str]) -> None:
    """The cbc:Name of a cac:ProcurementProject: one per language, where the first one was."""
    names = project.findall(f"{CBC}Name")
    at = list(project).index(names[0]) if names else 0
    for name in names:
        project.remove(name)
    for offset, (language, text) in enumerate(titles.items()):
        element = etree.Element(f"{CBC}Name", languageID=language)
        element.text = text
        project.insert(at + offset, element)


def set_cpv(project, codes: list[str]) -> None:
    set_text(project, "cac:MainCommodityClassification/cbc:ItemClassificationCode", codes[0])
    for extra in project.findall(f"{CAC}AdditionalCommodityClassification"):
        project.remove(extra)


def add_green(lot, gpp: list[str], aims: list[str], cvd: bool) -> None:
    """BT-805 and BT-774 in the lot's procurement project, BT-717 in its tendering terms, as eForms writes them."""
    project = lot.find(f"{CAC}ProcurementProject")
    for code_list, codes in (("gpp-criteria", gpp), ("environmental-impact", aims)):
        for code in codes:
            kind = etree.SubElement(project, f"{CAC}ProcurementAdditionalType")
            etree.SubElement(kind, f"{CBC}ProcurementTypeCode", listName=code_list).text = code
    terms = lot.find(f"{CAC}TenderingTerms")
    extensions = etree.Element(f"{EXT_NS}UBLExtensions")
    content = etree.SubElement(etree.SubElement(extensions, f"{EXT_NS}UBLExtension"), f"{EXT_NS}ExtensionContent")
    strategic = etree.SubElement(etree.SubElement(content, f"{EFEXT}EformsExtension"), f"{EFAC}StrategicProcurement")
    etree.SubElement(strategic, f"{EFBC}ApplicableLegalBasis", listName="cvd-scope").text = "true" if cvd else "false"
    terms.insert(0, extensions)


def set_notice(root, notice_id: str, issued: str, procedure: str | None = None, version: str = "01") -> None:
    set_text(root, "cbc:ID[@schemeName='notice-id']", notice_id)
    set_text(root, "cbc:VersionID", version)
    set_text(root, "cbc:IssueDate", f"{issued}+03:00")
    set_text(root, "cbc:NoticeLanguageCode", "FIN")
    if procedure:
        set_text(root, "cbc:ContractFolderID", procedure)


def set_buyer(root, name: str) -> None:
    """The buyer's organisation (OPT-300's): the city's business id, the unit's name."""
    reference = one(root, "cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID").text
    company = one(root, f"{EXT}/efac:Organizations/efac:Organization/efac:Company[cac:PartyIdentification/cbc:ID="
                        f"'{reference}']")
    for number in company.xpath("cac:PartyLegalEntity/cbc:CompanyID", namespaces=NS)[1:]:
        number.getparent().remove(number)
    set_text(company, "cac:PartyLegalEntity/cbc:CompanyID", CITY)
    set_titles(company.find(f"{CAC}PartyName"), {"FIN": name})


def transport_notice(base: str, notice_id: str, issued: str) -> etree._ElementTree:
    """The transport procedure's notice: its titles, lots, CPV codes, estimates and green terms."""
    tree = etree.parse(str(SDK / base), parser=etree.XMLParser(**PARSER_OPTIONS))
    root = tree.getroot()
    set_notice(root, notice_id, issued, TRANSPORT)
    set_buyer(root, "Helsingin kaupunki, ympäristöpalvelut")
    project = one(root, "cac:ProcurementProject")
    set_titles(project, TRANSPORT_TITLE)
    set_cpv(project, ["60100000"])
    for lot in root.xpath("cac:ProcurementProjectLot[cbc:ID/@schemeName='Lot']", namespaces=NS):
        spec = TRANSPORT_LOTS[lot.findtext(f"{CBC}ID")]
        lot_project = lot.find(f"{CAC}ProcurementProject")
        set_titles(lot_project, spec["titles"])
        set_cpv(lot_project, spec["cpv"])
        total = lot_project.find(f"{CAC}RequestedTenderTotal")
        if total is None:
            total = etree.SubElement(lot_project, f"{CAC}RequestedTenderTotal")
            etree.SubElement(total, f"{CBC}EstimatedOverallContractAmount", currencyID="EUR")
        set_text(total, "cbc:EstimatedOverallContractAmount", spec["estimate"])
        add_green(lot, spec["gpp"], spec["aims"], spec["cvd"])
    return tree


def contract_notice() -> etree._ElementTree:
    return transport_notice("cn_24_FRA_comments.xml", TRANSPORT_NOTICE, "2019-04-02")


def change_notice(original: etree._ElementTree) -> etree._ElementTree:
    """A change of the contract notice: the second lot's estimate corrected."""
    tree = copy.deepcopy(original)
    root = tree.getroot()
    set_notice(root, "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c04", "2019-04-16", TRANSPORT)
    set_text(root, "cac:ProcurementProjectLot[cbc:ID='LOT-0002']/cac:ProcurementProject/cac:RequestedTenderTotal/"
                   "cbc:EstimatedOverallContractAmount", "180000")
    extension = one(root, EXT)
    changes = etree.Element(f"{EFAC}Changes")
    etree.SubElement(changes, f"{EFBC}ChangedNoticeIdentifier").text = f"{TRANSPORT_NOTICE}-01"
    change = etree.SubElement(changes, f"{EFAC}Change")
    etree.SubElement(change, f"{EFBC}ChangeDescription", languageID="FIN").text = "Osan 2 arvioitu arvo korjattu."
    etree.SubElement(etree.SubElement(change, f"{EFAC}ChangedSection"), f"{EFBC}ChangedSectionIdentifier").text = \
        "LOT-0002"
    reason = etree.SubElement(changes, f"{EFAC}ChangeReason")
    etree.SubElement(reason, f"{CBC}ReasonCode", listName="change-corrig-justification").text = "update-add"
    extension.insert(0, changes)
    return tree


def award_notice() -> etree._ElementTree:
    """The contract award notice: both lots won, the winning tenders' values, the award decisions."""
    tree = transport_notice("can_24_FRA_comments.xml", "3d4e5f60-7a8b-4c9d-a0e1-f2a3b4c5d605", "2019-09-20")
    root = tree.getroot()
    result = one(root, f"{EXT}/efac:NoticeResult")
    set_text(result, "cbc:TotalAmount", "527000")
    for tender, amount in (("TEN-0001", "385000"), ("TEN-0002", "142000")):
        set_text(result, f"efac:LotTender[cbc:ID='{tender}']/cac:LegalMonetaryTotal/cbc:PayableAmount", amount)
    set_text(result, "efac:SettledContract/cbc:AwardDate", "2019-09-10+03:00")
    set_text(result, "efac:SettledContract/cbc:IssueDate", "2019-09-18+03:00")
    set_text(root, "cac:ProcurementProjectLot[cbc:ID='LOT-0002']/cac:ProcurementProject/cac:RequestedTenderTotal/"
                   "cbc:EstimatedOverallContractAmount", "180000")  # as the change notice corrected it
    return tree


def prior_information_notice() -> etree._ElementTree:
    tree = etree.parse(str(SDK / "pin-only_24.xml"), parser=etree.XMLParser(**PARSER_OPTIONS))
    root = tree.getroot()
    set_notice(root, "0b5d0d3c-7d3a-4c1e-9a44-1c2f3a4b5c01", "2019-06-14")
    set_buyer(root, "Helsingin kaupungin liikenneliikelaitos")
    titles = {"FIN": "Sähköbussien hankinta", "SWE": "Upphandling av elbussar", "ENG": "Procurement of electric buses"}
    for project in root.xpath("cac:ProcurementProject | cac:ProcurementProjectLot/cac:ProcurementProject",
                              namespaces=NS):
        set_titles(project, titles)
        set_cpv(project, ["34144910"])
    set_text(root, "cac:ProcurementProject/cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount", "6000000")
    return tree


def transparency_notice() -> etree._ElementTree:
    tree = etree.parse(str(SDK / "veat_24.xml"), parser=etree.XMLParser(**PARSER_OPTIONS))
    root = tree.getroot()
    set_notice(root, "6f7a8b9c-0d1e-4f2a-b3c4-d5e6f7a8b906", "2019-08-12", "8e9f0a1b-2c3d-4e5f-a6b7-c8d9e0f1a207")
    set_buyer(root, "Helsingin kaupungin rakentamispalveluliikelaitos Stara")
    titles = {"FIN": "Sähkötyökoneiden vuokraus työmaille", "SWE": "Hyra av eldrivna arbetsmaskiner till byggplatser",
              "ENG": "Hire of electric work machines for building sites"}
    for project in root.xpath("cac:ProcurementProject | cac:ProcurementProjectLot/cac:ProcurementProject",
                              namespaces=NS):
        set_titles(project, titles)
        set_cpv(project, ["45500000"])
    set_text(root, f"{EXT}/efac:NoticeResult/efac:SettledContract/cbc:AwardDate", "2019-08-01+03:00")
    return tree


NOTICES = {  # file -> (the notice, the SDK example it is derived from)
    "1-ennakkoilmoitus-sahkobussit.xml": (prior_information_notice, "pin-only_24.xml"),
    "2-hankintailmoitus-kuljetukset.xml": (contract_notice, "cn_24_FRA_comments.xml"),
    "3-muutosilmoitus-kuljetukset.xml": (None, "cn_24_FRA_comments.xml"),
    "4-jalki-ilmoitus-kuljetukset.xml": (award_notice, "can_24_FRA_comments.xml"),
    "5-suorahankinta-tyokoneet.xml": (transparency_notice, "veat_24.xml"),
}


def note(source: str) -> etree._Comment:
    return etree.Comment(f" Example data of the katalogi sample, derived from the eForms SDK 1.15.1 example {source} "
                         "(OP-TED/eForms-SDK, CC BY 4.0, (c) European Union) by scripts/sample_notices.py: "
                         "identifiers, dates, buyer, titles, CPV codes, values and green procurement terms changed. "
                         "Not a real notice. ")


def write_notices(project: Path) -> None:
    out = project / NOTICES_FOLDER
    out.mkdir(parents=True, exist_ok=True)
    contract = contract_notice()
    trees = {name: (make() if make else change_notice(contract), source) for name, (make, source) in NOTICES.items()}
    for name, (tree, source) in trees.items():
        text = etree.tostring(tree.getroot(), encoding="unicode")  # the root alone: the SDK's note about it goes
        (out / name).write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<!--{note(source).text}-->\n{text}\n',
                                encoding="utf-8", newline="\n")


def write_records(project: Path) -> None:
    """Import the notices into a copy of the project and keep their records, marked as example data."""
    with tempfile.TemporaryDirectory() as folder:
        copy_root = Path(folder)
        shutil.copytree(project / "content", copy_root / "content")
        shutil.copy(project / "site_config.yaml", copy_root)
        (copy_root / RECORDS_FILE).unlink(missing_ok=True)
        config, _ = load_config(copy_root)
        items, _ = pipeline.read_items(Project(copy_root, history=False))
        import_notices(copy_root, [project / NOTICES_FOLDER], [NOTICES_FOLDER], items, config)
        stored, _, _ = read_stored(copy_root)
        records = [record for file in stored.values() for record in file.records if record.get("notices")]
    for record in records:
        record.update(EXTRAS.get(record["procedure"], {}), example=True)
    (project / RECORDS_FILE).write_text(records_text(records, HEADER), encoding="utf-8", newline="\n")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    write_notices(target)
    write_records(target)
