"""`import notices PATH...`: the eForms SDK's example notices in, every field against the notice read independently.

The expected records are read from each notice here with lxml and the SDK's absolute
XPaths (fields/fields.json), not through katalogi; the shipped CPV data is read with gzip
for the check digits. The notices are the SDK 1.15.1's (tests/data/eforms/README.md).
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from tools import ROOT, TESTS

from katalogi.build import pipeline
from katalogi.cli import cli
from katalogi.inputs.sources import Project

EFORMS = TESTS / "data/eforms"
NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
}
EXT = "/*/ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
STAGES = {"planning": "planning", "competition": "tender", "result": "contract", "dir-awa-pre": "contract"}
BUYERS = {"998298": "ympa", "123 456 789": "kaupunki", "xyz": "ympa", "buyerid01": "ympa",
          "PartyLegalEntityCID1234": "kaupunki", "123456789": "kaupunki", "EU-PO": "kaupunki"}
CONFIG_BUYERS = "procurements:\n  buyers:\n" + "".join(
    f'    - registration_number: "{number}"\n      organisation: {organisation}\n'
    for number, organisation in BUYERS.items())
THREE_LANGUAGES = "languages: [fi, sv, en]\n"
EXAMPLES = ["cn_24_maximal.xml", "can_24_maximal.xml", "cn_24_FRA_comments.xml", "can_24_FRA_comments.xml",
            "pin-only_24.xml", "pin-only_24_lots.xml", "veat_24.xml", "cn_24_cumbria.xml",
            "change-cn_24_cumbria_suppliers.xml", "derived/cn_24_maximal_gpp.xml", "cn_24_multilingual.xml"]


@pytest.fixture
def notices_project(project):
    """The tiny project in three languages, with site_config.yaml mapping the examples' buyers."""
    def make(files=None, extra_config: str = CONFIG_BUYERS) -> Path:
        from conftest import TINY_CONFIG
        return project(files or {}, TINY_CONFIG + THREE_LANGUAGES + extra_config)
    return make


def run(root: Path, *paths, language: str = "en"):
    return CliRunner().invoke(cli, ["import", "notices", *map(str, paths), "-C", str(root), "--lang", language],
                              catch_exceptions=False)


def files_of(root: Path) -> dict[str, bytes]:
    folder = root / "content/procurements"
    return {file.name: file.read_bytes() for file in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}


def imported(root: Path) -> dict[str, dict]:
    """Every record, read with PyYAML, values as text."""
    found = {}
    for text in files_of(root).values():
        for record in yaml.safe_load(text)["procurements"]:
            found[record["id"]] = normal(record)
    return found


def normal(value):
    if isinstance(value, dict):
        return {key: normal(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normal(item) for item in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(Decimal(str(value)).normalize())
    return value if isinstance(value, (bool, str)) else str(value)


# --- the notice read independently ---

def clean(text: str) -> str:
    """Whitespace collapsed, control characters (not text, and not allowed in YAML) as spaces."""
    return " ".join("".join(" " if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in text).split())


def texts(tree, path: str) -> list[str]:
    return [clean(str(value)) for value in tree.xpath(path, namespaces=NS) if clean(str(value))]


def cpv_codes() -> dict[str, str]:
    with gzip.open(ROOT / "katalogi/content/data/cpv.tsv.gz", "rt", encoding="utf-8") as stream:
        return {line[:8]: line.split("\t")[0] for line in stream if not line.startswith("#")}


CPV = cpv_codes()
LANGUAGE_CODES = {"FIN": "fi", "SWE": "sv", "ENG": "en"}


def titles(tree, path: str) -> dict[str, str]:
    return {element.get("languageID"): clean(element.text)
            for element in tree.xpath(path, namespaces=NS) if element.text and clean(element.text)}


def name_of(tree, lot: str, lots: list[str]):
    procedure = titles(tree, "/*/cac:ProcurementProject/cbc:Name")
    own = titles(tree, f"/*/cac:ProcurementProjectLot[cbc:ID='{lot}']/cac:ProcurementProject/cbc:Name")
    if len(lots) == 1:
        chosen = procedure or own
    else:
        chosen = {language: text if language not in procedure or procedure[language].casefold() in text.casefold()
                  else f"{procedure[language]} – {text}" for language, text in own.items()}
    ours = {LANGUAGE_CODES[code]: text for code, text in chosen.items() if code in LANGUAGE_CODES}
    if "fi" in ours and len(ours) > 1:
        return {language: ours[language] for language in ("fi", "sv", "en") if language in ours}
    language = texts(tree, "/*/cbc:NoticeLanguageCode/text()")[0]
    return ours.get("fi") or chosen.get(language) or next(iter(chosen.values()))


def money(values: list[str]) -> str:
    return str(sum((Decimal(value) for value in values), Decimal(0)).normalize())


def classification_codes(tree, at: str) -> list[str]:
    """BT-262, then BT-263, of a lot or (at /*) of the procedure."""
    return [code for kind in ("Main", "Additional") for code in texts(
        tree, f"{at}/cac:ProcurementProject/cac:{kind}CommodityClassification/cbc:ItemClassificationCode/text()")]


def expected_records(path: Path) -> dict[str, dict]:
    """The records a notice should give, read with the SDK's absolute XPaths."""
    tree = etree.parse(str(path))
    notice_id = texts(tree, "/*/cbc:ID[@schemeName='notice-id']/text()")[0]
    procedure = (texts(tree, "/*/cbc:ContractFolderID/text()") or [notice_id])[0]
    issued = texts(tree, "/*/cbc:IssueDate/text()")[0][:10]
    form = texts(tree, "/*/cbc:NoticeTypeCode/@listName")[0]
    changes = texts(tree, f"{EXT}/efac:Changes/efbc:ChangedNoticeIdentifier/text()")
    publication = texts(tree, f"{EXT}/efac:Publication/efbc:NoticePublicationID[@schemeName='ojs-notice-id']/text()")
    kind = "change" if changes else {"planning": "pin", "result": "can", "dir-awa-pre": "veat"}.get(form, "cn")
    if kind == "cn" and tree.getroot().tag.endswith("PriorInformationNotice"):
        kind = "pin"
    numbers = texts(tree, f"{EXT}/efac:Organizations/efac:Organization/efac:Company[cac:PartyIdentification/cbc:ID="
                          f"/*/cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID]/cac:PartyLegalEntity/"
                          "cbc:CompanyID/text()")
    lots = texts(tree, "/*/cac:ProcurementProjectLot/cbc:ID[@schemeName='Lot' or @schemeName='Part']/text()")
    entry = {"id": notice_id, "version": texts(tree, "/*/cbc:VersionID/text()")[0], "kind": kind,
             "subtype": texts(tree, f"{EXT}/efac:NoticeSubType/cbc:SubTypeCode/text()")[0], "date": issued,
             **({"publication": publication[0]} if publication else {}), **({"changes": changes[0]} if changes else {})}
    found = {}
    for lot in lots:
        at = f"/*/cac:ProcurementProjectLot[cbc:ID='{lot}']"
        single = len(lots) == 1
        estimate = texts(tree, f"{at}/cac:ProcurementProject/cac:RequestedTenderTotal/"
                               "cbc:EstimatedOverallContractAmount/text()") or (texts(
            tree, "/*/cac:ProcurementProject/cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount/text()")
            if single else [])
        codes = classification_codes(tree, at) or classification_codes(tree, "/*")
        record = {"id": f"{procedure}-{lot}".lower(), "name": name_of(tree, lot, lots),
                  "organisation": BUYERS[numbers[0]], "stage": STAGES[form], "date": issued}
        stage = STAGES[form]
        result = f"{EXT}/efac:NoticeResult/efac:LotResult[efac:TenderLot/cbc:ID='{lot}']"
        code = texts(tree, f"{result}/cbc:TenderResultCode/text()")
        contracts = texts(tree, f"{result}/efac:SettledContract/cbc:ID/text()")
        if stage == "contract" and (code == ["selec-w"] if code else bool(contracts)):
            tenders = texts(tree, f"{result}/efac:LotTender/cbc:ID/text()")
            values = [value for tender in tenders for value in texts(
                tree, f"{EXT}/efac:NoticeResult/efac:LotTender[cbc:ID='{tender}'][efac:TenderLot/cbc:ID='{lot}']/"
                      "cac:LegalMonetaryTotal/cbc:PayableAmount/text()")]
            if not values and single:
                values = texts(tree, f"{EXT}/efac:NoticeResult/cbc:TotalAmount/text()")
            dates = sorted(day[:10] for contract in contracts for day in texts(
                tree, f"{EXT}/efac:NoticeResult/efac:SettledContract[cbc:ID='{contract}']/cbc:AwardDate/text()"))
            record.update(date=dates[0] if dates else issued, **({"value": money(values)} if values else {}),
                          **({"estimated_value": money(estimate)} if estimate else {}))
        else:
            record.update(stage="tender" if stage == "contract" else stage,
                          **({"value": money(estimate)} if estimate else {}))
        if codes:
            record["cpv_codes"] = list(dict.fromkeys(CPV[code] for code in codes))
        criteria = texts(tree, f"{at}/cac:ProcurementProject/cac:ProcurementAdditionalType/"
                               "cbc:ProcurementTypeCode[@listName='gpp-criteria']/text()")
        if criteria:
            record["gpp_criteria"] = min(criteria, key=["eu", "national", "other", "none"].index)
        aims = texts(tree, f"{at}/cac:ProcurementProject/cac:ProcurementAdditionalType/"
                           "cbc:ProcurementTypeCode[@listName='environmental-impact']/text()")
        if aims:
            record["gpp_aims"] = list(dict.fromkeys(aims))
        vehicles = texts(tree, f"{at}/cac:TenderingTerms/ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/"
                               "efext:EformsExtension/efac:StrategicProcurement/efbc:ApplicableLegalBasis"
                               "[@listName='cvd-scope']/text()")
        if vehicles:
            record["clean_vehicles"] = vehicles[0] == "true"
        if publication:
            record["notice_url"] = f"https://ted.europa.eu/en/notice/-/detail/{publication[0]}"
        record.update(procedure=procedure, lot=lot, notices=[entry])
        found[record["id"]] = record
    return found


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_field_of_an_example_notice_is_as_the_notice_says(notices_project, example):
    root = notices_project()
    result = run(root, EFORMS / example)
    assert result.exit_code == 0, result.output
    assert imported(root) == normal(expected_records(EFORMS / example))
    assert pipeline.check_project(Project(root, history=False)).default.procurements


def test_the_examples_cover_every_kind_of_notice_and_the_green_terms(notices_project):
    root = notices_project()
    assert run(root, *(EFORMS / example for example in EXAMPLES)).exit_code == 0
    records = imported(root).values()
    kinds = {notice["kind"] for record in records for notice in record["notices"]}
    assert kinds == {"pin", "cn", "can", "veat", "change"}
    assert {record["stage"] for record in records} == {"planning", "tender", "contract"}
    assert {record.get("gpp_criteria") for record in records} >= {"eu", "national"}
    assert any(record.get("gpp_aims") for record in records)
    assert any(record.get("clean_vehicles") is True for record in records)
    assert any(isinstance(record["name"], dict) and set(record["name"]) == {"fi", "sv", "en"} for record in records)


def test_the_notice_with_100_lots_gives_100_records(notices_project, tmp_path):
    source = tmp_path / "cn_24_maximal_100_lots.xml"
    source.write_bytes(gzip.decompress((EFORMS / "cn_24_maximal_100_lots.xml.gz").read_bytes()))
    root = notices_project()
    result = run(root, source)
    assert result.output == "1 file read: 1 notices, 100 lots; 100 records added, 0 changed, 0 unchanged\n"
    assert imported(root) == normal(expected_records(source))
    assert len(pipeline.check_project(Project(root, history=False)).default.procurements) == 100


# --- the procedure through its notices ---

def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", message)


def test_an_award_notice_moves_its_contract_notices_records_to_the_contract_stage_and_git_keeps_the_tender(
        notices_project):
    root = notices_project()
    git(root, "init", "-q")
    assert run(root, EFORMS / "cn_24_FRA_comments.xml").exit_code == 0
    tender = imported(root)
    assert {record["stage"] for record in tender.values()} == {"tender"}
    commit_all(root, "contract notice")
    result = run(root, EFORMS / "can_24_FRA_comments.xml")
    assert result.output == "1 file read: 1 notices, 2 lots; 0 records added, 2 changed, 0 unchanged\n"
    contract = imported(root)
    assert sorted(contract) == sorted(tender)
    can = expected_records(EFORMS / "can_24_FRA_comments.xml")
    for identifier, record in contract.items():
        assert record["stage"] == "contract"
        assert record["value"] == normal(can[identifier]["value"])
        assert [notice["kind"] for notice in record["notices"]] == ["cn", "can"]
        assert record["notices"][0] == tender[identifier]["notices"][0]
    previous = yaml.safe_load(git(root, "show", "HEAD:content/procurements/2019.yaml"))["procurements"]
    assert {record["stage"] for record in previous} == {"tender"}


def test_the_order_of_the_files_and_of_the_runs_does_not_change_the_records(notices_project, tmp_path):
    one_run = notices_project()
    assert run(one_run, EFORMS / "can_24_FRA_comments.xml", EFORMS / "cn_24_FRA_comments.xml").exit_code == 0
    two_runs = write_tiny(tmp_path / "two")
    assert run(two_runs, EFORMS / "cn_24_FRA_comments.xml").exit_code == 0
    assert run(two_runs, EFORMS / "can_24_FRA_comments.xml").exit_code == 0
    assert files_of(one_run) == files_of(two_runs)


def write_tiny(folder: Path) -> Path:
    from conftest import TINY_CONFIG, write_project
    return write_project(folder, {}, TINY_CONFIG + THREE_LANGUAGES + CONFIG_BUYERS)


def test_a_later_version_replaces_the_earlier_and_the_earlier_again_changes_nothing(notices_project):
    root = notices_project()
    run(root, EFORMS / "cn_24_maximal.xml")
    assert all("gpp_criteria" not in record for record in imported(root).values())
    result = run(root, EFORMS / "derived/cn_24_maximal_gpp.xml")
    assert result.output == "1 file read: 1 notices, 2 lots; 0 records added, 2 changed, 0 unchanged\n"
    records = imported(root)
    assert {record["lot"]: record["gpp_criteria"] for record in records.values()} == {"LOT-0001": "eu",
                                                                                      "LOT-0002": "national"}
    assert all([notice["version"] for notice in record["notices"]] == ["04"] for record in records.values())
    before = files_of(root)
    assert run(root, EFORMS / "cn_24_maximal.xml").output.endswith("0 records added, 0 changed, 2 unchanged\n")
    assert files_of(root) == before


def change_notice(text: str, title: str, estimate: str) -> str:
    """The SDK's change notice of cn_24_cumbria.xml, now changing the title and the estimated value."""
    text = text.replace("<cbc:Name languageID=\"ENG\">School Payroll and HR Admin Services</cbc:Name>",
                        f"<cbc:Name languageID=\"ENG\">{title}</cbc:Name>", 1)
    return text.replace(">1230000</cbc:EstimatedOverallContractAmount>",
                        f">{estimate}</cbc:EstimatedOverallContractAmount>")


def test_a_change_notice_replaces_what_it_changes_and_only_its_records_lines(notices_project, tmp_path):
    root = notices_project()
    run(root, EFORMS / "cn_24_maximal.xml", EFORMS / "cn_24_cumbria.xml")
    before = (root / "content/procurements/2020.yaml").read_text(encoding="utf-8")
    changed = tmp_path / "change.xml"
    changed.write_text(change_notice((EFORMS / "change-cn_24_cumbria_suppliers.xml").read_text(encoding="utf-8"),
                                     "School Payroll Services", "1500000.50"), encoding="utf-8")
    result = run(root, changed)
    assert result.output == "1 file read: 1 notices, 1 lots; 0 records added, 1 changed, 0 unchanged\n"
    (record,) = [record for record in imported(root).values() if record["procedure"].startswith("9af3b735")]
    assert (record["name"], record["value"], [notice["kind"] for notice in record["notices"]]) == (
        "School Payroll Services", "1500000.5", ["cn", "change"])
    assert record["notices"][1]["changes"] == "6bc75979-ce6c-46eb-81a6-eee543697dec-01"
    after = (root / "content/procurements/2020.yaml").read_text(encoding="utf-8")
    import difflib
    changed_lines = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
                     if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert sorted(changed_lines) == sorted([
        "-    name: School Payroll and HR Admin Services", "-    value: 1230000", "+    name: School Payroll Services",
        "+    value: 1500000.50", "+      - id: 92521e66-3cd5-4a5f-bea1-51991d5871ea", '+        version: "01"',
        "+        kind: change", '+        subtype: "16"', "+        date: 2020-04-09",
        "+        changes: 6bc75979-ce6c-46eb-81a6-eee543697dec-01"])
    assert (root / "content/procurements/2023.yaml").exists()  # the other procedure's file, untouched:
    assert run(root, changed).output.endswith("0 changed, 1 unchanged\n")


def natural(identifier: str) -> list:
    """Numbers by their value (9 before 199), as the CSV import sorts."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", identifier)]


def test_the_records_are_sorted_by_identifier_in_each_file(notices_project):
    root = notices_project()
    run(root, *(EFORMS / example for example in reversed(EXAMPLES)))
    for text in files_of(root).values():
        identifiers = [record["id"] for record in yaml.safe_load(text)["procurements"]]
        assert identifiers == sorted(identifiers, key=natural)
        assert len(identifiers) > 1


def test_records_made_by_hand_keep_their_own_fields(notices_project):
    root = notices_project()
    run(root, EFORMS / "cn_24_FRA_comments.xml")
    path = root / "content/procurements/2019.yaml"
    text = path.read_text(encoding="utf-8").replace("    lot: LOT-0001\n", "    lot: LOT-0001\n    example: true\n", 1)
    path.write_text(text.replace("    organisation: kaupunki\n", '    organisation: kaupunki\n', 1), encoding="utf-8")
    run(root, EFORMS / "can_24_FRA_comments.xml")
    record = imported(root)["e3cdabf1-e057-47a5-9210-b1f6fc757228-lot-0001"]
    assert record["example"] is True and record["stage"] == "contract"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(["cn_24_FRA_comments.xml", "can_24_FRA_comments.xml", "cn_24_cumbria.xml",
                        "change-cn_24_cumbria_suppliers.xml", "cn_24_maximal.xml", "derived/cn_24_maximal_gpp.xml",
                        "veat_24.xml"]), st.integers(1, 3), st.randoms(use_true_random=False))
def test_any_order_of_files_and_runs_gives_the_same_records_and_importing_again_changes_nothing(
        tmp_path_factory, order, runs, chance):
    reference = reference_import()
    root = write_tiny(tmp_path_factory.mktemp("run"))
    cuts = sorted(chance.sample(range(1, len(order)), runs - 1))
    for start, end in zip([0, *cuts], [*cuts, len(order)], strict=True):
        assert run(root, *(EFORMS / name for name in order[start:end])).exit_code == 0
    assert files_of(root) == reference
    assert run(root, *(EFORMS / name for name in order)).output.endswith(" 0 records added, 0 changed, 6 unchanged\n")
    assert files_of(root) == reference


_REFERENCE: dict = {}


def reference_import() -> dict[str, bytes]:
    if not _REFERENCE:
        root = write_tiny(Path(__import__("tempfile").mkdtemp()) / "site")
        run(root, *(EFORMS / name for name in ["cn_24_FRA_comments.xml", "can_24_FRA_comments.xml",
                                                "cn_24_cumbria.xml", "change-cn_24_cumbria_suppliers.xml",
                                                "cn_24_maximal.xml", "derived/cn_24_maximal_gpp.xml", "veat_24.xml"]))
        _REFERENCE.update(files_of(root))
        shutil.rmtree(root.parent)
    return _REFERENCE


def test_a_buyer_is_found_by_its_business_id_without_a_mapping(project, tmp_path):
    notice = tmp_path / "notice.xml"
    notice.write_text((EFORMS / "veat_24.xml").read_text(encoding="utf-8").replace(
        "<cbc:CompanyID>buyerid01</cbc:CompanyID>", "<cbc:CompanyID>FI02012566</cbc:CompanyID>"), encoding="utf-8")
    root = project({"content/organisations/ympa.yaml": "id: ympa\nname: Ympäristöpalvelut\nparent: kaupunki\n"
                                                       "business_id: 0201256-6\n"})
    assert run(root, notice).exit_code == 0
    assert [record["organisation"] for record in imported(root).values()] == ["ympa"]


# --- every bad input: its message at its place, and nothing written ---

VEAT = (EFORMS / "veat_24.xml").read_text(encoding="utf-8")
XXE = """<?xml version="1.0"?>
<!DOCTYPE ContractNotice [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2">&secret;</ContractNotice>
"""
LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
                    for n in range(1, 10)) + ']>\n<lolz>&lol9;</lolz>\n')


@pytest.mark.parametrize("name, text, expected", [
    ("broken.xml", VEAT.replace("</cbc:IssueDate>", "</cbc:IssueTime>", 1),
     "broken.xml:{date}: xml: the file is not well-formed XML (Opening and ending tag mismatch: IssueDate line {date} "
     "and IssueTime); it is not read"),
    ("xxe.xml", XXE, "xxe.xml:1: xml: the file declares a DTD (<!DOCTYPE ...>), which no eForms notice has; it is not "
                     "read"),
    ("laughs.xml", LAUGHS, "laughs.xml:1: xml: the file declares a DTD (<!DOCTYPE ...>), which no eForms notice has; "
                           "it is not read"),
    ("dtd.xml", VEAT.replace('<?xml version="1.0" ?>',
                             '<?xml version="1.0" ?>\n<!DOCTYPE ContractAwardNotice SYSTEM '
                             '"http://example.invalid/notice.dtd">', 1),
     "dtd.xml:1: xml: the file declares a DTD (<!DOCTYPE ...>), which no eForms notice has; it is not read"),
    ("other.xml", "<?xml version='1.0'?>\n<TED_EXPORT><FORM_SECTION/></TED_EXPORT>\n",
     "other.xml:2: xml: not an eForms notice: the root element is TED_EXPORT, where a notice's is "
     "PriorInformationNotice, ContractNotice or ContractAwardNotice"),
    ("subtype.xml", VEAT.replace('listName="notice-subtype">25<', 'listName="notice-subtype">99<'),
     "subtype.xml:{subtype}: OPP-070: unknown notice subtype 99; eForms has 1-40, E1-E6, T01, T02, X01, X02 and CEI"),
    ("cpv.xml", VEAT.replace('listName="cpv">33000000<', 'listName="cpv">33999999<'),
     "cpv.xml:{cpv}: BT-262: 33999999 is not a code of the CPV 2008 vocabulary; the nearest code is 33975000-5 "
     "(Mortuary hardening compounds)"),
    ("buyer.xml", VEAT.replace("<cbc:CompanyID>buyerid01</cbc:CompanyID>", "<cbc:CompanyID>0201256-6</cbc:CompanyID>"),
     "buyer.xml:{buyer}: BT-501: the buyer Middlesbrough Council (registration number 0201256-6) is not an "
     "organisation of the catalogue: write business_id: 0201256-6 in its organisation's file if that is its Finnish "
     "business id, or map the buyer in site_config.yaml under procurements: buyers"),
    ("date.xml", VEAT.replace("<cbc:IssueDate>2020-04-23+01:00</cbc:IssueDate>",
                              "<cbc:IssueDate>23.4.2020</cbc:IssueDate>"),
     "date.xml:{date}: BT-05: 23.4.2020 is not a date (YYYY-MM-DD)"),
])
def test_a_bad_notice_says_what_is_wrong_at_its_line_and_nothing_is_written(notices_project, tmp_path, name, text,
                                                                            expected):
    root = notices_project()
    run(root, EFORMS / "cn_24_FRA_comments.xml")
    before = files_of(root)
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    places = {name: max((n for n, line in enumerate(lines, 1) if mark in line), default=0) for name, mark in (
        ("subtype", "notice-subtype"), ("cpv", "33999999"), ("buyer", "0201256-6"), ("date", "IssueDate"))}
    result = run(root, bad)
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{tmp_path}/{expected.format(**places)}",
                                          "1 problem found; nothing was written."]
    assert files_of(root) == before


def test_a_file_larger_than_a_notice_is_not_read(notices_project, tmp_path, monkeypatch):
    from katalogi.editing.notices import parse
    monkeypatch.setattr(parse, "MAX_BYTES", 10_000)
    root = notices_project()
    result = run(root, EFORMS / "veat_24.xml")
    assert result.output.splitlines()[0] == (f"{EFORMS / 'veat_24.xml'}:1: file: the file has 20457 bytes, more than "
                                             "the 10000 a notice may have; it is not read")
    assert files_of(root) == {}


def test_amounts_in_another_currency_are_a_message_not_a_conversion(notices_project):
    root = notices_project({}, CONFIG_BUYERS + '    - name: London South Bank University\n      organisation: ympa\n')
    result = run(root, EFORMS / "can_24_LSBU.xml")
    lines = (EFORMS / "can_24_LSBU.xml").read_text(encoding="utf-8").splitlines()
    gbp = [n for n, line in enumerate(lines, 1) if 'currencyID="GBP"' in line and "PayableAmount" in line]
    assert result.output.splitlines()[0] == (
        f"{EFORMS / 'can_24_LSBU.xml'}:{gbp[0]}: BT-720: the amount 4500000 is in GBP: the catalogue's values are in "
        "euros (EUR), and the import does not convert currencies")
    assert files_of(root) == {}


def test_notices_that_are_not_imported_say_which_are(notices_project):
    root = notices_project()
    result = run(root, EFORMS / "can-modif_24_value.xml", EFORMS / "X01_EEIG.xml")
    subtype = next(n for n, line in enumerate((EFORMS / "can-modif_24_value.xml").read_text(
        encoding="utf-8").splitlines(), 1) if "notice-subtype" in line)
    assert result.output.splitlines() == [
        f"{EFORMS / 'X01_EEIG.xml'}:2: xml: not an eForms notice: the root element is "
        "BusinessRegistrationInformationNotice, where a notice's is PriorInformationNotice, ContractNotice or "
        "ContractAwardNotice",
        f"{EFORMS / 'can-modif_24_value.xml'}:{subtype}: OPP-070: the notice is of subtype 38 (can-modif), which is "
        "not imported: prior information, contract, contract award, voluntary ex-ante transparency and change notices "
        "are",
        "2 problems found; nothing was written."]


INVALID = {
    "INVALID_can_24_empty.xml": ["BT-04: the notice has no procedure identifier (BT-04)",
                                 "BT-137: the notice has no lot or part (BT-137)",
                                 "BT-701: the notice has no notice identifier (BT-701)",
                                 "OPT-300: the notice has no buyer (OPT-300)"],
    "INVALID_cn_24_empty.xml": ["BT-04: the notice has no procedure identifier (BT-04)",
                                "BT-05: the notice has no dispatch date (BT-05)",
                                "BT-137: the notice has no lot or part (BT-137)",
                                "BT-701: the notice has no notice identifier (BT-701)",
                                "OPT-300: the notice has no buyer (OPT-300)"],
    "INVALID_pin-only_24_empty.xml": ["BT-137: the notice has no lot or part (BT-137)",
                                      "BT-701: the notice has no notice identifier (BT-701)",
                                      "OPT-300: the notice has no buyer (OPT-300)"],
    "INVALID_pin-only_24_minimal.xml": ["BT-137: the notice has no lot or part (BT-137)",
                                        "BT-701: the notice has no notice identifier (BT-701)",
                                        "OPT-300: the notice has no buyer (OPT-300)"],
    "INVALID_cn_24_stage-1.xml": ["BT-04: the notice has no procedure identifier (BT-04)",
                                  "BT-05: the notice has no dispatch date (BT-05)",
                                  "BT-701: the notice has no notice identifier (BT-701)",
                                  "OPT-300: the notice has no buyer (OPT-300)"],
}


@pytest.mark.parametrize("example", sorted(INVALID))
def test_the_sdks_invalid_examples_say_what_they_lack(notices_project, example):
    root = notices_project()
    result = run(root, EFORMS / example)
    line = next(n for n, text in enumerate((EFORMS / example).read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("<") and not text.startswith(("<?", "<!")))
    assert result.output.splitlines() == [f"{EFORMS / example}:{line}: {message}" for message in INVALID[example]] + [
        f"{len(INVALID[example])} problems found; nothing was written."]


def test_every_invalid_example_of_the_sdk_is_refused_with_messages_and_no_traceback(notices_project):
    root = notices_project()
    run(root, EFORMS / "cn_24_FRA_comments.xml")  # the notice INVALID_change-cn_24_FRA_comments.xml changes
    before = files_of(root)
    invalid = sorted(EFORMS.glob("INVALID_*.xml"))
    result = run(root, *invalid)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert {line.split(":")[0] for line in result.output.splitlines()[:-1]} == {str(path) for path in invalid}
    assert files_of(root) == before


def test_a_change_notice_may_not_move_its_notice_to_another_procedure(notices_project):
    root = notices_project()
    run(root, EFORMS / "cn_24_FRA_comments.xml")
    result = run(root, EFORMS / "INVALID_change-cn_24_FRA_comments.xml")
    line = next(n for n, text in enumerate((EFORMS / "INVALID_change-cn_24_FRA_comments.xml").read_text(
        encoding="utf-8").splitlines(), 1) if "ContractFolderID" in text)
    assert result.output.splitlines() == [
        f"{EFORMS / 'INVALID_change-cn_24_FRA_comments.xml'}:{line}: BT-04: the change notice is of procedure "
        "9999abf1-e057-47a5-9210-b1f6fc759999, but the notice it changes (da4d46e9-490b-41ff-a2ae-8166d356a619-01) "
        "is of procedure e3cdabf1-e057-47a5-9210-b1f6fc757228",
        "1 problem found; nothing was written."]


def test_a_title_given_twice_in_one_language_is_a_problem(notices_project):
    root = notices_project()
    result = run(root, EFORMS / "INVALID_cn_24_multiple.xml")
    line = next(n for n, text in enumerate((EFORMS / "INVALID_cn_24_multiple.xml").read_text(
        encoding="utf-8").splitlines(), 1) if "related to other OP IT Systems</cbc:Name>" in text.replace("Related",
                                                                                                       "related"))
    assert result.output.splitlines() == [
        f"{EFORMS / 'INVALID_cn_24_multiple.xml'}:{line + 1}: BT-21: the title is given twice in ENG",
        "1 problem found; nothing was written."]


def test_a_folder_without_notices_and_a_notice_twice_with_other_contents(notices_project, tmp_path):
    root = notices_project()
    empty = tmp_path / "empty"
    empty.mkdir()
    twice = tmp_path / "twice"
    twice.mkdir()
    (twice / "a.xml").write_text(VEAT, encoding="utf-8")
    (twice / "b.xml").write_text(VEAT.replace("DN140070", "DN140071"), encoding="utf-8")
    (twice / "c.xml").write_text(VEAT, encoding="utf-8")  # the same bytes again: read once
    result = run(root, empty, twice)
    line = next(n for n, text in enumerate(VEAT.splitlines(), 1) if "notice-id" in text)
    assert result.output.splitlines() == [
        f"{empty}:1: folder: the folder has no notices (.xml files)",
        f"{twice}/b.xml:{line}: BT-701: the notice 6ea164b2-228c-4ae8-b3b5-26f3946b8300 (version 01) is also "
        f"{twice}/a.xml, with other contents",
        "2 problems found; nothing was written."]


def test_a_buyer_mapped_to_an_organisation_the_catalogue_lacks(notices_project):
    root = notices_project({}, "procurements:\n  buyers:\n    - registration_number: buyerid01\n"
                               "      organisation: poistettu\n")
    result = run(root, EFORMS / "veat_24.xml")
    line = next(n for n, text in enumerate(VEAT.splitlines(), 1) if "buyerid01" in text)
    config_line = next(n for n, text in enumerate((root / "site_config.yaml").read_text(
        encoding="utf-8").splitlines(), 1) if "buyerid01" in text)
    assert result.output.splitlines()[0] == (
        f"{EFORMS / 'veat_24.xml'}:{line}: BT-501: site_config.yaml (line {config_line}) says the buyer is "
        "organisation poistettu, which the catalogue does not have")


def test_the_messages_speak_the_editors_language(notices_project):
    root = notices_project()
    result = run(root, EFORMS / "X01_EEIG.xml", language="fi")
    assert result.output.splitlines()[-1] == "Löytyi 1 ongelma; mitään ei kirjoitettu."
    assert "ei ole eForms-ilmoitus" in result.output


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=300),
    st.integers(0, len(VEAT.encode())).map(lambda cut: VEAT.encode()[:cut]),
    st.tuples(st.integers(0, len(VEAT) - 1), st.text(max_size=12)).map(
        lambda change: (VEAT[:change[0]] + change[1] + VEAT[change[0] + len(change[1]):]).encode("utf-8"))))
def test_any_bytes_give_messages_never_a_traceback(tmp_path_factory, raw):
    """Random bytes, a notice cut anywhere, a notice with a few characters overwritten: problems or records."""
    from conftest import TINY_CONFIG

    from katalogi.content.config import checked_config
    from katalogi.content.load import parse_document
    from katalogi.editing.notices.merge import read_notices
    from katalogi.editing.notices.records import Buyers

    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "notice.xml").write_bytes(raw)
    document, _ = parse_document((TINY_CONFIG + CONFIG_BUYERS).encode(), "site_config.yaml")
    config, _ = checked_config(document)
    files, _, proposals, errors = read_notices([folder], ["f"], config, Buyers({}, frozenset({"ympa", "kaupunki"}),
                                                                              config))
    assert files == 1
    assert proposals or errors
    for error in errors:
        assert error.path == "f/notice.xml" and error.line >= 1 and "Traceback" not in error.text()
