"""The content types: every field an editor can write, its type, and what it means.

This is the one place that defines the content format. Validation, the `new`
scaffold and the documentation of fields all read these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..base import problems
from .attributes import AttributeValues
from .checker import Checker, join, line_of
from .codes import (
    CHART,
    CRITERIA_LEVEL,
    GPP_AIM,
    GPP_LEVEL,
    LANGUAGES,
    ORGANISATION_KIND,
    PHASE,
    ROLE,
    STATUS_SOURCE,
    TASK_STATE,
)
from .field_types import (
    Boolean,
    BusinessId,
    Choice,
    CpvCode,
    CpvPrefix,
    Date,
    Identifier,
    Integer,
    Markdown,
    Number,
    Ref,
    Text,
    Url,
)
from .procurement_model import PROCUREMENT
from .relations import RELATION_FIELDS, relations_name_others
from .schema import Field, ListOf, Object


def completed_date_iff_completed(task: dict, where: str, raw: dict, checker: Checker) -> None:
    """A completed task says when; any other task must not claim a completion date."""
    if task["state"] is None:  # its own error says what state to write
        return
    if task["state"] == "completed" and raw.get("completed") is None:
        checker.error(raw.line, join(where, "completed"), problems.COMPLETED_DATE_REQUIRED())
    if task["state"] != "completed" and task["completed"] is not None:
        checker.error(
            line_of(checker, join(where, "completed"), raw.line), join(where, "completed"),
            problems.COMPLETED_DATE_ONLY(state=task["state"]),
        )


def task_starts_before_due(task: dict, where: str, raw: dict, checker: Checker) -> None:
    """A task starts before it is due and before it is completed."""
    for name in ("due", "completed"):
        if task["start"] and task[name] and task[name] < task["start"]:
            checker.error(line_of(checker, join(where, "start"), raw.line), join(where, "start"),
                          problems.TASK_STARTS_AFTER(start=task["start"], name=name, date=task[name]))
            return


def timespan_is_ordered(span: dict, where: str, raw: dict, checker: Checker) -> None:
    """A continuous action has no end; a span ends after it starts."""
    if span["continuous"] and span["end"] is not None:
        checker.error(line_of(checker, join(where, "end"), raw.line), join(where, "end"),
                      problems.CONTINUOUS_WITH_END())
    if span["start"] and span["end"] and span["end"] < span["start"]:
        checker.error(line_of(checker, join(where, "end"), raw.line), join(where, "end"),
                      problems.ENDS_BEFORE_START(end=span["end"], start=span["start"]))


def emission_calculation_is_complete(action: dict, where: str, raw: dict, checker: Checker) -> None:
    """A calculated reduction has a spend and a CPV code to work from, and a typed one beside it is not shown."""
    calculation = action.get("emission_calculation")
    if not calculation:
        return
    at = line_of(checker, "emission_calculation", raw.line)
    if action.get("emission_reduction"):
        checker.warn(line_of(checker, "emission_reduction", raw.line), "emission_reduction",
                     problems.TYPED_AND_CALCULATED(), "typed_and_calculated")
    if calculation["spend"] is None and not calculation["spend_from_procurements"] \
            and action.get("procurement_volume") is None and "procurement_volume" not in raw:
        checker.error(at, "emission_calculation", problems.CALCULATION_WITHOUT_SPEND())
    if not action.get("cpv_codes") and "cpv_codes" not in raw:
        checker.error(at, "emission_calculation", problems.CALCULATION_WITHOUT_CPV())


def tasks_are_different(action: dict, where: str, raw: dict, checker: Checker) -> None:
    """No task is written twice: two tasks with the same name and due date would be published as two."""
    written = raw.get("tasks") if isinstance(raw.get("tasks"), list) else []
    positions = [index for index, task in enumerate(written) if task is not None]  # the checked list skips empty items
    first: dict[tuple, int] = {}
    for index, task in zip(positions, action.get("tasks") or [], strict=False):
        if not task or task.get("name") is None:
            continue
        key = (task["name"], task["due"])
        task_where = join(where, f"tasks[{index}]")
        if key in first:
            checker.warn(line_of(checker, task_where, raw.line), task_where, problems.DUPLICATE_TASK(
                first=line_of(checker, join(where, f"tasks[{first[key]}]"), raw.line), other=f"tasks[{first[key]}]"),
                "duplicate_task")
        else:
            first[key] = index


def reduction_range_is_ordered(calculation: dict, where: str, raw: dict, checker: Checker) -> None:
    """Shares are percentages, and a low-high range has both ends around the estimate."""
    for name in ("reduction", "reduction_low", "reduction_high"):
        if calculation[name] is not None and calculation[name] > 100:
            checker.error(line_of(checker, join(where, name), raw.line), join(where, name),
                          problems.SHARE_OVER_100(value=calculation[name]))
    low, share, high = calculation["reduction_low"], calculation["reduction"], calculation["reduction_high"]
    low_where = join(where, "reduction_low")
    if (low is None) != (high is None) and ("reduction_low" in raw) != ("reduction_high" in raw):
        checker.error(line_of(checker, low_where, raw.line), low_where, problems.RANGE_HALF())
    elif None not in (low, share, high) and not low <= share <= high:
        checker.error(line_of(checker, low_where, raw.line), low_where,
                      problems.RANGE_ORDER(low=low, share=share, high=high))


def factors_are_unique(table: dict, where: str, raw: dict, checker: Checker) -> None:
    """One factor per CPV prefix: the longest matching prefix must pick one number."""
    first: dict[str, int] = {}
    for index, factor in enumerate(table["factors"]):
        if not factor or factor["cpv"] is None:
            continue
        if factor["cpv"] in first:
            at = join(where, f"factors[{index}].cpv")
            checker.error(line_of(checker, at, raw.line), at,
                          problems.DUPLICATE_FACTOR(cpv=factor["cpv"], other=first[factor["cpv"]]))
        else:
            first[factor["cpv"]] = index


def validity_is_ordered(criteria: dict, where: str, raw: dict, checker: Checker) -> None:
    """A criteria set is valid until a day after it became valid."""
    start, end = criteria["valid_from"], criteria["valid_until"]
    if start and end and end < start:
        checker.error(line_of(checker, join(where, "valid_until"), raw.line), join(where, "valid_until"),
                      problems.VALID_UNTIL_BEFORE_FROM(end=end, start=start))


def goal_has_its_indicator(milestone: dict, where: str, raw: dict, checker: Checker) -> None:
    """A milestone's goal is a value of one indicator: both are written, or neither."""
    if milestone["goal"] is not None and milestone["indicator"] is None and "indicator" not in raw:
        checker.error(line_of(checker, join(where, "goal"), raw.line), join(where, "goal"),
                      problems.GOAL_WITHOUT_INDICATOR())
    if milestone["indicator"] is not None and milestone["goal"] is None and "goal" not in raw:
        checker.error(line_of(checker, join(where, "indicator"), raw.line), join(where, "indicator"),
                      problems.INDICATOR_WITHOUT_GOAL())


def dated_values(what: str) -> ListOf:
    return ListOf(Object((
        Field("date", Date(), f"Date of the {what}.", required=True, example="2019-12-31"),
        Field("value", Number(), f"The {what} on that date.", required=True, example=12),
    )))


TASK = Object((
    Field("name", Text(), "What is to be done.", required=True,
          example="Valitaan yhteyshenkilö ja sovitaan toimenpiteen toteuttamisesta"),
    Field("state", TASK_STATE, "not_started, in_progress, completed or cancelled.",
          default="not_started", example="completed"),
    Field("start", Date(), "Date work on the task starts, for the timelines (YYYY-MM-DD).", example="2019-01-15"),
    Field("due", Date(), "Date by which the task should be done (YYYY-MM-DD).", example="2019-03-31"),
    Field("completed", Date(), "Date the task was completed; required exactly when state is completed.",
          example="2019-03-01"),
    Field("comment", Markdown(), "What was achieved or why, in Markdown.",
          example="Yhteiset suositukset laadittiin."),
), rules=(completed_date_iff_completed, task_starts_before_due))

ACTION = Object((
    Field("id", Identifier(), "Identifier, also the page address: /toimenpiteet/<id>/.",
          required=True, example="111"),
    Field("order", Integer(), "Position in previous/next order; without it, identifiers sort naturally.",
          example=10),
    Field("name", Text(), "The action's name.", required=True,
          example="Julkisten toimijoiden yhteistyö vastuullisissa hankinnoissa"),
    Field("lead", Text(), "One-sentence summary shown under the name.",
          example="Yhteistyötä lähialueen kuntien kanssa."),
    Field("description", Markdown(), "What the action is, in Markdown.", required=True,
          example="Helsingin kaupungille tärkeitä yhteistyötahoja ovat ..."),
    Field("official_description", Object((
        Field("text", Markdown(), "The text as written in the action programme.", required=True,
              example="Lisätään hankintayhteistyötä ..."),
        Field("label", Text(), "Label above the text.", example="Toimenpideohjelman mukaisesti"),
        Field("source", Text(), "Where the text comes from.",
              example="Hiilineutraali Helsinki 2035 -toimenpideohjelmasta"),
    )), "The action as worded in the official programme."),
    Field("links", ListOf(Object((
        Field("title", Text(), "Text of the link.", required=True, example="Hankinta-Suomi"),
        Field("url", Url(), "Address: https://..., mailto:... or a path on this site; without it the title is "
              "shown as text.", example="https://www.hankintasuomi.fi/"),
    ))), "Related links and networks."),
    Field("categories", ListOf(Ref("category")), "Identifiers of the action's categories.",
          example=["hankinnat"]),
    Field("organisations", ListOf(Object((
        Field("organisation", Ref("organisation"), "Identifier of the organisation.", required=True,
              example="palu-ympa"),
        Field("role", ROLE, "primary (responsible) or collaborator.", default="primary",
              example="primary"),
    ))), "Responsible organisations, each with its role."),
    Field("contacts", ListOf(Ref("contact")), "Identifiers of the contact persons.", example=["mia-malin"]),
    Field("status", Ref("status"), "Progress status: the id of one of site_config.yaml's statuses. Required "
          "when the status is set by the editor; when it is derived from tasks, only a final status (completed, "
          "cancelled) is kept.", example="on_time"),
    Field("status_from", STATUS_SOURCE, "Where this action's status comes from, editor or tasks; "
          "overrides site_config.yaml's status_from.", example="editor"),
    Field("status_reason", Text(), "Why the status is what it is.", example="Aikataulussa."),
    Field("phase", PHASE, "Implementation phase: not_started, planning, implementation or completed.",
          example="implementation"),
    Field("timespan", Object((
        Field("start", Date(), "First day of the action.", example="2019-01-01"),
        Field("end", Date(), "Last day; leave out for an open end.", example="2024-12-31"),
        Field("continuous", Boolean(), "true for a continuous action without an end.", default=False,
              example=False),
    ), rules=(timespan_is_ordered,)), "When the action runs."),
    Field("tasks", ListOf(TASK), "The tasks of the action."),
    Field("weight", Number(minimum=0), "How much the action weighs in its categories' progress (their actions' "
          "progress averaged); 1 unless written.", default=1, example=2),
    Field("indicators", ListOf(Ref("indicator")), "Identifiers of the indicators that follow the action.",
          example=["ilmastokriteerien-osuus"]),
    *RELATION_FIELDS,
    Field("emission_reduction", Object((
        Field("value", Number(), "Estimated reduction in tonnes of CO2 equivalent per year.", required=True,
              example=1200),
        Field("basis", Text(), "How the estimate was made.", required=True,
              example="HSY:n päästölaskelma 2018, ajoneuvojen vuosisuorite"),
    )), "Estimated yearly emission reduction (t CO2e/yr) and its basis."),
    Field("emission_calculation", Object((
        Field("factors", Ref("factor_table"), "Identifier of the emission factor table (content/emission_factors/) "
              "whose factor for the action's first CPV code is used.", required=True, example="esimerkki-2024"),
        Field("spend", Number(minimum=0), "Affected yearly spend in euros; without it, procurement_volume.",
              example=1500000),
        Field("spend_from_procurements", Boolean(), "true: the spend is the sum of the values of the procurement "
              "records that implement the action (content/procurements/), in the latest year they have; spend, "
              "when written, still comes first.", default=False, example=False),
        Field("reduction", Number(minimum=0), "Expected reduction, as a percentage of the emissions of that spend.",
              required=True, example=20),
        Field("reduction_low", Number(minimum=0), "Low end of the range of the expected reduction, percent.",
              example=10),
        Field("reduction_high", Number(minimum=0), "High end of the range of the expected reduction, percent.",
              example=30),
        Field("basis", Text(), "Why the reduction is expected to be this much.",
              example="Sähköajoneuvot korvaavat dieselajoneuvot sopimuskauden aikana."),
    ), rules=(reduction_range_is_ordered,)), "Calculated yearly emission reduction: spend x the table's factor "
          "(kg CO2e/EUR) x the reduction; instead of emission_reduction."),
    Field("procurement_volume", Number(minimum=0), "Yearly procurement volume affected, in euros.",
          example=2500000),
    Field("cpv_codes", ListOf(CpvCode()), "CPV codes of the procurements, such as 60000000-8: codes of the CPV 2008 "
          "vocabulary, with their check digits.",
          example=["60000000-8"]),
    Field("gpp_level", GPP_LEVEL, "EU green public procurement criteria used: eu, national, other or "
          "none.", example="eu"),
    Field("updated", Date(), "Date the information was last updated (YYYY-MM-DD); without it, the date of the "
          "last commit that changed the file.", example="2019-10-15"),
    Field("attributes", AttributeValues(), "The city's own fields, as site_config.yaml's attributes.actions "
          "declare them.", example={"budjetti": 50000}),
), rules=(emission_calculation_is_complete, tasks_are_different, relations_name_others))

CONTACT = Object((
    Field("id", Identifier(), "Identifier used in actions' contacts lists.", required=True, example="mia-malin"),
    Field("name", Text(translatable=False), "Full name.", required=True, example="Mia Malin"),
    Field("title", Text(), "Job title.", example="ympäristösuunnittelija"),
    Field("organisation", Ref("organisation"), "Identifier of the unit or organisation.", example="palu-ympa"),
    Field("email", Text(translatable=False),
          "E-mail address, where `remind` sends reminders; published only with public_email: true (and "
          "site_config.yaml's show_contact_email).", example="etunimi.sukunimi@hel.fi"),
    Field("public_email", Boolean(), "true publishes the e-mail address on the site and in the open data.",
          default=False, example=False),
    Field("language", Choice(LANGUAGES), "The language of the person's reminders (fi, sv or en); without it, the "
          "site's default language.", example="fi"),
))

ORGANISATION = Object((
    Field("id", Identifier(), "Identifier, also the page address: /organisaatiot/<id>/.", required=True,
          example="palu-ympa"),
    Field("name", Text(), "Full name.", required=True, example="Ympäristöpalvelut"),
    Field("abbreviation", Text(translatable=False), "Short name used in the city.", example="Palu_Ympa"),
    Field("parent", Ref("organisation"), "Identifier of the parent organisation.", example="palu"),
    Field("kind", ORGANISATION_KIND, "city, division, enterprise, unit or external.",
          default="unit", example="unit"),
    Field("business_id", BusinessId(), "Finnish business id (Y-tunnus) of the organisation; the notices whose "
          "buyer has it are imported as its procurements.", example="0201256-6"),
))

CATEGORY = Object((
    Field("id", Identifier(), "Identifier, also the page address: /kategoriat/<id>/.", required=True,
          example="hankinnat"),
    Field("name", Text(), "Name of the category.", required=True, example="Hankinnat"),
    Field("description", Markdown(), "What belongs to the category, in Markdown.",
          example="Hankintoja koskevat toimenpiteet."),
    Field("parent", Ref("category"), "Identifier of the parent category.", example="ilmasto"),
    Field("roadmap", ListOf(Object((
        Field("year", Integer(minimum=1900), "Year of the milestone.", required=True, example=2025),
        Field("text", Markdown(), "What is to be reached by then, in Markdown.", required=True,
              example="Kaikissa kilpailutuksissa käytetään vähintään yhteisiä minimikriteerejä."),
        Field("indicator", Ref("indicator"), "Identifier of the indicator the goal is a value of.",
              example="ilmastokriteerien-osuus"),
        Field("goal", Number(), "The value the indicator should reach by the end of the year.", example=50),
    ), rules=(goal_has_its_indicator,))), "The category's roadmap: milestones by year."),
    Field("attributes", AttributeValues(), "The city's own fields, as site_config.yaml's attributes.categories "
          "declare them.", example={"teema": "ilmasto"}),
))

FACTOR_TABLE = Object((
    Field("id", Identifier(), "Identifier, also the page address: /paastokertoimet/<id>/.", required=True,
          example="esimerkki-2024"),
    Field("name", Text(), "Name of the table.", required=True, example="Esimerkkikertoimet"),
    Field("description", Markdown(), "What the table covers and how it was made, in Markdown.",
          example="Kulutusperusteiset kertoimet CPV-pääryhmittäin."),
    Field("source", Text(), "Where the factors come from (a model or publication).", required=True,
          example="ENVIMAT-malli, Suomen ympäristökeskus"),
    Field("source_url", Url(), "Address of the source.", example="https://www.syke.fi/"),
    Field("year", Integer(minimum=1900), "Year the factors describe.", required=True, example=2024),
    Field("version", Text(translatable=False), "Version of the table; change it with every change of figures.",
          required=True, example="1.0"),
    Field("example", Boolean(), "true marks the figures as examples, not for real decisions.", default=False,
          example=False),
    Field("factors", ListOf(Object((
        Field("cpv", CpvPrefix(), "The first digits of the CPV codes the factor applies to; the longest matching "
              "prefix wins.", required=True, example="60"),
        Field("factor", Number(minimum=0), "Emissions in kg CO2e per euro spent.", required=True, example=0.35),
        Field("label", Text(), "What the prefix covers.", example="Kuljetuspalvelut"),
    ))), "The factors by CPV prefix.", required=True, example=[{"cpv": "60", "factor": 0.35}]),
), rules=(factors_are_unique,))

CRITERIA_SET = Object((
    Field("id", Identifier(), "Identifier, also the page address: /kriteerit/<id>/.", required=True,
          example="kevyet-kuljetukset"),
    Field("name", Text(), "Name of the criteria set.", required=True,
          example="Kevyiden kuljetuspalveluiden ympäristökriteerit"),
    Field("level", CRITERIA_LEVEL, "eu-gpp-core, eu-gpp-comprehensive, national, city-minimum or joint-minimum "
          "(a minimum agreed by several cities).", required=True, example="city-minimum"),
    Field("category", Ref("category"), "Identifier of the procurement category the set is for.",
          example="hankinnat"),
    Field("cpv_prefixes", ListOf(CpvPrefix()), "The first digits of the CPV codes the set covers.",
          example=["6010"]),
    Field("text", Markdown(), "The criteria, in Markdown.", required=True,
          example="- Ajoneuvot täyttävät vähintään Euro 6 -päästöluokan."),
    Field("source", Text(), "Who wrote the criteria, or where they are published.",
          example="Pääkaupunkiseudun kaupungit ja HSY"),
    Field("source_url", Url(), "Address of the published criteria.", example="https://www.hsy.fi/"),
    Field("valid_from", Date(), "First day the criteria apply.", example="2019-04-01"),
    Field("valid_until", Date(), "Last day the criteria apply; leave out while they apply.", example="2024-12-31"),
    Field("adopted_by", ListOf(Ref("organisation")), "Identifiers of the organisations that have adopted the set.",
          example=["palu-ympa"]),
), rules=(validity_is_ordered,))

COMPUTED_MEASURES = ("green_share_by_count", "green_share_by_value")
MEASURE_WORDS = (("green_share_by_count", ("osuus hankinnoista", "kappaleina", "lukumäärä", "by count", "count")),
                 ("green_share_by_value", ("osuus euroista", "euroina", "arvo", "by value", "euros", "value")))


COMPUTED = Object((
    Field("measure", Choice(COMPUTED_MEASURES, MEASURE_WORDS), "green_share_by_count (the share of procurements "
          "with green criteria, in per cent of their number) or green_share_by_value (of their euros), by year.",
          required=True, example="green_share_by_count"),
    Field("organisation", Ref("organisation"), "Only the procurements of this organisation and its units.",
          example="palu"),
    Field("cpv_prefixes", ListOf(CpvPrefix()), "Only the procurements whose main CPV code starts with one of "
          "these digits.", example=["60"]),
    Field("criteria", ListOf(GPP_LEVEL), "The green criteria (BT-805) that count; without it those of "
          "site_config.yaml's green_share, which every other green share of the site counts too.",
          example=["eu", "national"]),
    Field("aims", ListOf(GPP_AIM), "Count only the procurements whose green aims (BT-774) include one of these.",
          example=["clim-mitig"]),
))

INDICATOR = Object((
    Field("id", Identifier(), "Identifier, also the page address: /mittarit/<id>/.", required=True,
          example="ilmastokriteerien-osuus"),
    Field("name", Text(), "Name of the indicator.", required=True, example="Ilmastokriteerien osuus"),
    Field("unit", Text(), "Unit of the values.", example="%"),
    Field("chart", CHART, "Chart type: line (a trend over time) or bar (separate periods).",
          default="line", example="line"),
    Field("description", Markdown(), "What is measured and how, in Markdown.",
          example="Kilpailutukset, joissa on ilmastokriteerit."),
    Field("values", dated_values("measured value"), "Measured values."),
    Field("goals", dated_values("goal"), "Goals."),
    Field("computed", COMPUTED, "Values computed from the procurement records: a share in per cent for each year "
          "of their dates; a typed value is kept for a year without records."),
    Field("interval_months", Integer(minimum=1), "How often a new value is due, in months: `remind` reminds the "
          "contacts when the next value (the last one's date plus this) is due.", example=12),
    Field("contacts", ListOf(Ref("contact")), "Identifiers of the people who record the values.",
          example=["mia-malin"]),
))


@dataclass(frozen=True)
class ContentType:
    """A kind of item: the folder under content/ that holds its files, and its fields."""

    kind: str
    folder: str
    schema: Object


CONTENT_TYPES = (
    ContentType("action", "actions", ACTION),
    ContentType("category", "categories", CATEGORY),
    ContentType("contact", "contacts", CONTACT),
    ContentType("criteria_set", "criteria", CRITERIA_SET),
    ContentType("factor_table", "emission_factors", FACTOR_TABLE),
    ContentType("indicator", "indicators", INDICATOR),
    ContentType("organisation", "organisations", ORGANISATION),
    ContentType("procurement", "procurements", PROCUREMENT),  # one per file, or many under `procurements:`
)
TYPES_BY_FOLDER = {content_type.folder: content_type for content_type in CONTENT_TYPES}  # actions -> ACTION's
TYPES_BY_KIND = {content_type.kind: content_type for content_type in CONTENT_TYPES}  # action -> ACTION's


def schema_file(kind: str) -> str:
    """The file name of a kind's schema, below schemas/ and /schemas/."""
    return f"{kind}.schema.json"
