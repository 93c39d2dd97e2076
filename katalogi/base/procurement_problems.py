"""The messages of procurement data from outside: CPV codes checked against the vocabulary, business ids, and
eForms notices being imported, declared once like the content's problems (problems.py) and translated in the
same catalogues; every_problem.ALL has them after the others.
"""

from __future__ import annotations

from .problems import NOTE, PART, Problem

# --- CPV codes and business ids ---

UNKNOWN_CPV = Problem(
    "{value} is not a code of the CPV 2008 vocabulary; the nearest code is {code} ({name})",
    "Write a code of the CPV vocabulary: its eight digits, a dash and its check digit.", "cpv_codes")
CPV_CHECK_DIGIT = Problem(
    "the check digit of {value} is wrong: the CPV code is {code} ({name})",
    "Write the code with the check digit the CPV vocabulary gives it.", "cpv_codes")
UNKNOWN_CPV_PREFIX = Problem(
    "no CPV code starts with {value}; the nearest code is {code} ({name})",
    "Write the first digits of codes that exist in the CPV vocabulary.", "cpv")
EXPECTED_BUSINESS_ID = Problem(
    "expected a Finnish business id (Y-tunnus) such as 0201256-6, got {value}",
    "Seven digits, a dash and the check digit, as the Finnish trade register writes it.", "business_id")
BUSINESS_ID_CHECK_DIGIT = Problem(
    "the check digit of the business id {value} is wrong: it would be {digit}",
    "Copy the business id from the trade register (ytj.fi); a mistyped digit changes the check digit.",
    "business_id")
BUSINESS_ID_IMPOSSIBLE = Problem(
    "{value} cannot be a business id: no check digit fits its seven digits",
    "Copy the business id from the trade register (ytj.fi).", "business_id")
DUPLICATE_BUSINESS_ID = Problem(
    "the business id {value} is also organisation {other}'s",
    "A business id names one organisation: give it to the one that procures (the notices' buyer).",
    "business_id")
BUYER_WITHOUT_KEY = Problem(
    "a buyer needs its registration_number or its name, as the notices write them",
    "Write the buyer's registration number (or its name) beside the organisation it is.",
    "procurements.buyers")

# --- eForms notices (import notices) ---

NO_NOTICE_FILES = Problem("the folder has no notices (.xml files)",
                          "Give the folder the notices were saved in, or the notice files themselves.", "folder")
NOTICE_TOO_LARGE = Problem(
    "the file has {size} bytes, more than the {limit} a notice may have; it is not read",
    "A notice, even of a hundred lots, is a few megabytes at most: this file is something else.", "file")
NOTICE_NOT_XML = Problem(
    "the file is not well-formed XML ({detail}); it is not read",
    "Download the notice again: the file is cut short or was changed by hand.", "xml")
NOTICE_DTD = Problem(
    "the file declares a DTD (<!DOCTYPE ...>), which no eForms notice has; it is not read",
    "Import the notice as Hilma or TED gives it; a DTD in the file is not part of a notice.", "xml")
NOT_A_NOTICE = Problem(
    "not an eForms notice: the root element is {root}, where a notice's is PriorInformationNotice, ContractNotice "
    "or ContractAwardNotice",
    "Import the eForms notices (UBL XML) that Hilma or TED give for each notice; TED's exports of the forms "
    "before eForms (2023) are not eForms notices.", "xml")
NOTICE_SUBTYPE_UNKNOWN = Problem(
    "unknown notice subtype {subtype}; eForms has 1-40, E1-E6, T01, T02, X01, X02 and CEI",
    "Check the notice: its efac:NoticeSubType gives the subtype.", "OPP-070")
NOTICE_SUBTYPE_NOT_IMPORTED = Problem(
    "the notice is of subtype {subtype} ({notice_type}), which is not imported: prior information, contract, "
    "contract award, voluntary ex-ante transparency and change notices are",
    "Leave the notice out, or enter what it tells in the record by hand.", "OPP-070")
NOTICE_TERM_MISSING = Problem("the notice has no {term}",
                              "Import the notice as published: a published notice has it.", "BT-…")
TERM_SUBTYPE = Problem("notice subtype (OPP-070)", kind=PART)
TERM_NOTICE_ID = Problem("notice identifier (BT-701)", kind=PART)
TERM_PROCEDURE = Problem("procedure identifier (BT-04)", kind=PART)
TERM_DISPATCH_DATE = Problem("dispatch date (BT-05)", kind=PART)
TERM_BUYER = Problem("buyer (OPT-300)", kind=PART)
TERM_TITLE = Problem("title (BT-21)", kind=PART)
TERM_LOT = Problem("lot or part (BT-137)", kind=PART)
NOTICE_TWO_TITLES = Problem("the title is given twice in {language}",
                             "Give the title once in each language.", "BT-21")
NOTICE_OTHER_PROCEDURE = Problem(
    "the change notice is of procedure {procedure}, but the notice it changes ({changed}) is of procedure {original}",
    "A change notice keeps the procedure identifier of the notice it changes; check which notice it changes.",
    "BT-04")
NOTICE_BAD_DATE = Problem("{value} is not a date (YYYY-MM-DD)",
                          "Check the notice: eForms dates are written 2024-03-15+02:00.", "BT-…")
NOTICE_BAD_AMOUNT = Problem("{value} is not an amount",
                            "Check the notice: eForms amounts are written 250000.50.", "BT-…")
NOTICE_CURRENCY = Problem(
    "the amount {amount} is in {currency}: the catalogue's values are in euros (EUR), and the import does not "
    "convert currencies",
    "Enter the record by hand, with the value converted to euros and the rate said in its name or notes, or "
    "leave the notice out.", "BT-…")
NOTICE_BUYER_UNKNOWN = Problem(
    "the buyer {name} (registration number {number}) is not an organisation of the catalogue: write "
    "business_id: {number} in its organisation's file if that is its Finnish business id, or map the buyer in "
    "site_config.yaml under procurements: buyers",
    "Write the buyer's business id in its organisation's file (business_id: 0201256-6, in "
    "content/organisations/), or say in site_config.yaml which organisation it is: procurements: buyers: - "
    "registration_number: the number, organisation: its identifier.", "BT-501")
NOTICE_BUYER_MAPPED_TO_UNKNOWN = Problem(
    "site_config.yaml (line {line}) says the buyer is organisation {organisation}, which the catalogue does not have",
    "Name an organisation of content/organisations/ in site_config.yaml's procurements: buyers.", "BT-501")
NOTICE_TWICE = Problem(
    "the notice {id} (version {version}) is also {other}, with other contents",
    "Keep one file of each notice and version.", "BT-701")
NOTICE_RECORD_CLASH = Problem(
    "the record {id} of this lot is already in {path} for another procedure or lot",
    "Rename the record in that file: its identifier is the one this lot's record gets.", "BT-04")
NOTICES_DONE = Problem(
    "{files} read: {notices} notices, {lots} lots; {added} records added, {changed} changed, {same} unchanged",
    kind=NOTE)
