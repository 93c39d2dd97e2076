"""A notice's business terms -> one procurement record per lot, as the YAML file would hold it, each value at the
line of the notice it came from (so the content check's problems point into the notice).

What each record gets (docs/commands.md says the same to procurement units):

- `id`: the procedure (BT-04; a prior information notice without one: its notice
  identifier) and the lot (BT-137), `2d2d24a2-...-lot-0001`; `procedure`, `lot`.
- `name`: the title (BT-21) in the site's languages the notice has: of the procedure
  when the notice has one lot, else the procedure's and the lot's.
- `organisation`: the buyer (OPT-300), as site_config.yaml's procurements.buyers map
  its registration number (BT-501) or name (BT-500), else the organisation whose
  business id its registration number is.
- `stage` from the form type (BT-03): planning, competition (tender), result and
  direct award (contract; a lot whose result chose no winner stays a tender).
- `date`: the dispatch date (BT-05); of a contract, the earliest award date
  (BT-1451) of its lot's contracts where the notice gives one.
- `value`: the estimated value (BT-27, the lot's or a one-lot notice's procedure's);
  of a contract, the sum of its winning tenders' values (BT-720) for the lot, or a
  one-lot notice's value (BT-161); then `estimated_value` keeps the estimate.
- `cpv_codes`: BT-262 then BT-263 (the lot's, else the procedure's), with their
  check digits from the CPV vocabulary.
- `gpp_criteria` (BT-805: the strongest given, eu before national before other
  before none), `gpp_aims` (BT-774), `clean_vehicles` (BT-717).
- `notice_url`: the notice on TED, when it has a publication number (OPP-010).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ...base import procurement_problems as notice_problems
from ...base.errors import ContentError
from ...content.checker import folded, slug
from ...content.codes import GPP_LEVELS
from ...content.config import Config
from ...content.load import LineDict, LineList
from ...content.notice_types import FORMS, SUBTYPES
from ...content.vocabularies import CpvName, known_code, nearest_code
from .fields import Found, Lot, Notice

CURRENCY = "EUR"  # the catalogue's values are in euros
LANGUAGES = {"FIN": "fi", "SWE": "sv", "ENG": "en"}  # eForms' ISO 639-3 codes of the site's languages
TED_NOTICE = "https://ted.europa.eu/en/notice/-/detail/{}"
@dataclass
class Proposal:
    """One lot of one notice as a record, and the notice as the record lists it."""

    notice: Notice
    lot: Lot
    record: LineDict  # the fields the notice gives, as YAML would hold them, at the notice's lines
    entry: dict  # the record's `notices` entry for this notice
    terms: dict[str, str]  # field -> the business term it comes from, to name it in messages

    @property
    def key(self) -> tuple[str, str]:
        return (self.record["procedure"], self.record["lot"])

    @property
    def stage(self) -> str:
        return self.record["stage"]


def notice_kind(notice: Notice, form_type: str) -> str:
    """pin, cn, can, veat, or change for a change notice (whatever it changes)."""
    if notice.changes is not None:
        return "change"
    if form_type == "dir-awa-pre":
        return "veat"
    if form_type == "result":
        return "can"
    return "pin" if notice.document == "PriorInformationNotice" else "cn"


def a_date(value: Found, term: str, path: str, errors: list) -> str | None:
    match = re.match(r"(\d{4}-\d{2}-\d{2})(?:$|[+-Z])", value.text)
    if not match:
        errors.append(ContentError(path, value.line, term, notice_problems.NOTICE_BAD_DATE(value=value.text)))
        return None
    return match[1]


def an_amount(value: Found, term: str, path: str, errors: list) -> Decimal | None:
    """An amount in euros; another currency or not a number is a problem."""
    try:
        amount = Decimal(value.text)
    except InvalidOperation:
        errors.append(ContentError(path, value.line, term, notice_problems.NOTICE_BAD_AMOUNT(value=value.text)))
        return None
    if value.currency and value.currency != CURRENCY:
        errors.append(ContentError(path, value.line, term, notice_problems.NOTICE_CURRENCY(
            amount=value.text, currency=value.currency)))
        return None
    return amount


def amount_text(amount: Decimal) -> str:
    return format(amount, "f")


def cpv_codes(values: list[Found], term: str, path: str, errors: list) -> tuple[list[str], list[int]]:
    """The codes with their check digits, each once, and their lines; an unknown code is a problem."""
    codes, lines = [], []
    for value in values:
        code = known_code(value.text) if re.fullmatch(r"\d{8}(?:-\d)?", value.text) else None
        if code is None:
            digits = re.sub(r"\D", "", value.text)[:8].ljust(8, "0")
            nearest = nearest_code(digits)
            errors.append(ContentError(path, value.line, term, notice_problems.UNKNOWN_CPV(
                value=value.text, code=nearest, name=CpvName(nearest))))
        elif code not in codes:
            codes.append(code)
            lines.append(value.line)
    return codes, lines


def by_language(values: list[Found], path: str, errors: list) -> dict[str, str]:
    """Texts by their languageID; one language twice is a problem."""
    found: dict[str, str] = {}
    for value in values:
        if value.language in found:
            errors.append(ContentError(path, value.line, "BT-21", notice_problems.NOTICE_TWO_TITLES(
                language=value.language or "–")))
        found.setdefault(value.language, value.text)
    return found


def title_of(notice: Notice, lot: Lot, config: Config, errors: list):
    """The record's name: a text, or texts by language when the notice has two or more of the site's."""
    procedure = by_language(notice.titles, notice.path, errors if lot is notice.lots[0] else [])
    own = by_language(lot.titles, notice.path, errors)
    if len(notice.lots) > 1:
        titles = {language: (f"{procedure[language]} – {text}" if procedure.get(language)
                             and procedure[language].casefold() not in text.casefold() else text)
                  for language, text in own.items()} or procedure
    else:
        titles = procedure or own
    by_site_language = {LANGUAGES[code]: text for code, text in titles.items() if LANGUAGES.get(code)
                        in config.languages}
    ordered = {language: by_site_language[language] for language in config.languages if language in by_site_language}
    if config.default_language in ordered and len(ordered) > 1:
        return ordered
    return ordered.get(config.default_language) or titles.get(notice.language) or next(iter(titles.values()), None)


def strongest(values: list[Found]) -> Found | None:
    """Of several BT-805 codes, the strongest: eu, national, other, none (an unknown code is left for the check)."""
    known = [value for value in values if value.text in GPP_LEVELS]
    return min(known, key=lambda value: GPP_LEVELS.index(value.text)) if known else (values[0] if values else None)


def awarded(lot: Lot) -> bool:
    """A winner was chosen for the lot: its result says so (BT-142 selec-w), or names contracts without saying."""
    if lot.result_code is not None:
        return lot.result_code.text == "selec-w"
    return lot.contracts > 0


def new_record(line: int) -> LineDict:
    record = LineDict()
    record.line, record.key_lines = line, {}
    return record


def put(record: LineDict, key: str, value, line: int, lines: list[int] | None = None) -> None:
    if isinstance(value, list):
        value = LineList(value)
        value.line, value.item_lines = line, lines or [line] * len(value)
    record[key] = value
    record.key_lines[key] = line


def record_id(procedure: str, lot: str) -> str:
    return slug(f"{procedure}-{lot}")


def business_id_of(number: str) -> str | None:
    """A registration number as a Finnish business id, when it is one (0201256-6, FI02012566, 02012566)."""
    match = re.fullmatch(r"(?:FI)?(\d{7})-?(\d)", re.sub(r"[\s.]", "", number).upper())
    return f"{match[1]}-{match[2]}" if match else None


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


@dataclass(frozen=True)
class Buyers:
    """Which organisation of the catalogue a notice's buyer is: by site_config.yaml's map, then by business id."""

    by_business_id: dict[str, str]  # business id -> organisation
    organisations: frozenset[str]
    config: Config

    def organisation(self, notice: Notice, errors: list) -> str | None:
        """site_config.yaml's buyers first (one that names the buyer as well as its number before one that gives
        only either), then the organisation whose business id the buyer's registration number is."""
        numbers, names = notice.buyer_numbers, notice.buyer_names
        line = (numbers or names or [notice.buyer_ref])[0].line

        def same_number(written: str) -> bool:
            return any(compact(value.text) == compact(written) or business_id_of(value.text) is not None
                       and business_id_of(value.text) == business_id_of(written) for value in numbers)

        mapped = [buyer for buyer in self.config.procurements.buyers
                  if (buyer.registration_number is None or same_number(buyer.registration_number))
                  and (buyer.name is None or any(folded(value.text) == folded(buyer.name) for value in names))]
        if mapped:
            chosen = min(mapped, key=lambda buyer: (buyer.name is None or buyer.registration_number is None))
            if chosen.organisation not in self.organisations:
                errors.append(ContentError(notice.path, line, "BT-501", notice_problems.NOTICE_BUYER_MAPPED_TO_UNKNOWN(
                    line=chosen.line, organisation=chosen.organisation)))
                return None
            return chosen.organisation
        found = next((self.by_business_id[business_id] for business_id in map(business_id_of,
                      (value.text for value in numbers)) if business_id in self.by_business_id), None)
        if found is None:
            errors.append(ContentError(notice.path, line, "BT-501", notice_problems.NOTICE_BUYER_UNKNOWN(
                name=self.name_of(notice) or "–", number=numbers[0].text if numbers else "–")))
        return found

    def name_of(self, notice: Notice) -> str | None:
        """The buyer's name in the site's default language, else in the notice's, else the first given."""
        wanted = [code for code, language in LANGUAGES.items() if language == self.config.default_language]
        names = sorted(notice.buyer_names, key=lambda value: (value.language not in wanted,
                                                               value.language != notice.language))
        return names[0].text if names else None


def form_of(notice: Notice, errors: list) -> str | None:
    """The notice's form type (BT-03) by its subtype, when the import reads notices of that form."""
    if notice.subtype is None:
        errors.append(ContentError(notice.path, notice.line, "OPP-070", notice_problems.NOTICE_TERM_MISSING(
            term=notice_problems.TERM_SUBTYPE())))
        return None
    subtype = notice.subtype.text
    if subtype not in SUBTYPES:
        errors.append(ContentError(notice.path, notice.subtype.line, "OPP-070",
                                   notice_problems.NOTICE_SUBTYPE_UNKNOWN(subtype=subtype)))
        return None
    form_type, notice_type = SUBTYPES[subtype]
    if form_type not in FORMS:
        errors.append(ContentError(notice.path, notice.subtype.line, "OPP-070",
                                   notice_problems.NOTICE_SUBTYPE_NOT_IMPORTED(subtype=subtype,
                                                                              notice_type=notice_type)))
        return None
    return form_type


def required_terms(notice: Notice, form_type: str, errors: list) -> None:
    """A problem for each term a record needs that the notice lacks."""
    needed = [("BT-701", notice.id, notice_problems.TERM_NOTICE_ID), ("BT-05", notice.issue_date,
                                                                    notice_problems.TERM_DISPATCH_DATE),
              ("OPT-300", notice.buyer_ref, notice_problems.TERM_BUYER),
              ("BT-137", notice.lots or None, notice_problems.TERM_LOT)]
    if form_type != "planning":  # a prior information notice may come before the procedure has an identifier
        needed.insert(1, ("BT-04", notice.procedure, notice_problems.TERM_PROCEDURE))
    for term, value, name in needed:
        if value is None:
            errors.append(ContentError(notice.path, notice.line, term, notice_problems.NOTICE_TERM_MISSING(
                term=name())))


def notice_entry(notice: Notice, kind: str, day: str) -> dict:
    """The record's `notices` entry for the notice (what it says of itself)."""
    entry = {"id": notice.id.text, "version": notice.version.text if notice.version else None, "kind": kind,
             "subtype": notice.subtype.text, "date": day,
             "publication": notice.publication.text if notice.publication else None,
             "changes": notice.changes.text if notice.changes else None,
             "url": TED_NOTICE.format(notice.publication.text) if notice.publication else None}
    return {key: value for key, value in entry.items() if value is not None}


def lot_values(notice: Notice, lot: Lot, stage: str, issue_date: str, errors: list
               ) -> tuple[str, str | None, int, str | None, str | None, str, int]:
    """The lot's stage, value (and its line and term), estimate and date (and its line)."""
    path, single = notice.path, len(notice.lots) == 1
    estimate_found = lot.estimate or (notice.estimate if single else None)
    estimate = an_amount(estimate_found, "BT-27", path, errors) if estimate_found else None
    if stage == "contract" and not awarded(lot):
        stage = "tender"  # no winner chosen for this lot: the call for tenders is what the record tells
    if stage != "contract":
        return (stage, amount_text(estimate) if estimate is not None else None,
                estimate_found.line if estimate_found else lot.id.line, "BT-27", None, issue_date, lot.id.line)
    values, term, line = [], "BT-720", lot.result_line
    if lot.tender_values:
        values = [an_amount(value, "BT-720", path, errors) for value in lot.tender_values]
        line = lot.tender_values[0].line
    elif single and notice.notice_value is not None:
        values, term, line = [an_amount(notice.notice_value, "BT-161", path, errors)], "BT-161", \
            notice.notice_value.line
    value = amount_text(sum(values, Decimal(0))) if values and None not in values else None
    dates = [day for day in (a_date(found, "BT-1451", path, errors) for found in lot.award_dates) if day]
    return (stage, value, line, term, amount_text(estimate) if estimate is not None else None,
            min(dates) if dates else issue_date, lot.award_dates[0].line if dates else lot.result_line)


def lot_record(notice: Notice, lot: Lot, stage: str, organisation: str, issue_date: str, entry: dict,
               config: Config, errors: list) -> tuple[LineDict, dict[str, str]]:
    """One lot as a record, each value at its line in the notice; `terms` names each field's business term."""
    path = notice.path
    procedure = notice.procedure.text if notice.procedure else notice.id.text
    record, terms = new_record(lot.id.line), {}
    put(record, "id", record_id(procedure, lot.id.text), lot.id.line)
    title = title_of(notice, lot, config, errors)
    if title is None:
        errors.append(ContentError(path, lot.id.line, "BT-21", notice_problems.NOTICE_TERM_MISSING(
            term=notice_problems.TERM_TITLE())))
    else:
        put(record, "name", title, (lot.titles or notice.titles)[0].line)
    put(record, "organisation", organisation, (notice.buyer_numbers or [notice.buyer_ref])[0].line)
    stage, value, value_line, term, estimate, day, day_line = lot_values(notice, lot, stage, issue_date, errors)
    put(record, "stage", stage, notice.line)
    put(record, "date", day, day_line)
    terms.update(stage="BT-03", date="BT-1451" if day_line != lot.id.line and stage == "contract" else "BT-05")
    if value is not None:
        put(record, "value", value, value_line)
        terms["value"] = term
    if estimate is not None:
        put(record, "estimated_value", estimate, (lot.estimate or notice.estimate).line)
        terms["estimated_value"] = "BT-27"
    main, more = (lot.main_cpv, lot.more_cpv) if lot.main_cpv else (notice.main_cpv, notice.more_cpv)
    codes, lines = cpv_codes([*main, *more], "BT-262", path, errors)
    if codes:
        put(record, "cpv_codes", codes, lines[0], lines)
    criteria = strongest(lot.gpp_criteria)
    if criteria is not None:
        put(record, "gpp_criteria", criteria.text, criteria.line)
    aims = list(dict.fromkeys(value.text for value in lot.gpp_aims))
    if aims:
        put(record, "gpp_aims", aims, lot.gpp_aims[0].line)
    if lot.clean_vehicles is not None:
        written = lot.clean_vehicles.text
        put(record, "clean_vehicles", {"true": True, "false": False}.get(written, written), lot.clean_vehicles.line)
    if "url" in entry:
        put(record, "notice_url", entry["url"], notice.publication.line)
    put(record, "procedure", procedure, (notice.procedure or notice.id).line)
    put(record, "lot", lot.id.text, lot.id.line)
    notice_data = new_record(notice.line)
    for key, written in entry.items():
        put(notice_data, key, written, notice.line)
    put(record, "notices", [notice_data], notice.line)
    terms.update(name="BT-21", organisation="BT-501", cpv_codes="BT-262", gpp_criteria="BT-805", gpp_aims="BT-774",
                 clean_vehicles="BT-717", notice_url="OPP-010", procedure="BT-04", lot="BT-137", notices="BT-701",
                 id="BT-04")
    return record, terms


def proposals_of(notice: Notice, config: Config, buyers: Buyers) -> tuple[list[Proposal], list[ContentError]]:
    """One proposal per lot of the notice, or every problem that keeps it from being imported."""
    errors: list[ContentError] = []
    form_type = form_of(notice, errors)
    if form_type is None:
        return [], errors
    required_terms(notice, form_type, errors)
    if errors:
        return [], errors
    issue_date = a_date(notice.issue_date, "BT-05", notice.path, errors)
    organisation = buyers.organisation(notice, errors)
    if issue_date is None or organisation is None:
        return [], errors
    kind = notice_kind(notice, form_type)
    entry = notice_entry(notice, kind, issue_date)
    found = []
    for lot in notice.lots:
        record, terms = lot_record(notice, lot, FORMS[form_type], organisation, issue_date, entry, config, errors)
        found.append(Proposal(notice, lot, record, entry, terms))
    return found, errors
