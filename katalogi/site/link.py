"""Items -> Site: the views of views.py with page addresses, resolved references, previous/next order, trees.

`link` builds them once per language in one pass, nothing quadratic in the number of
actions; `link_editions` does it for every language of the site.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from ..base.addresses import SECTIONS, page_path, site_url
from ..content import emissions
from ..content import procurements as procurement_figures
from ..content.config import Config
from ..content.i18n import localise_config, localise_items, missing_translations
from ..content.model import TYPES_BY_KIND
from ..content.progress import OPEN_STATES, resolve_status
from ..content.validate import Item
from ..inputs.history import History
from . import goals, quality
from .attributes import attribute_values
from .origins import Origin, origin_of_item, origins
from .relations import link_relations
from .view_parts import settle
from .views import (
    Action,
    Calculation,
    Category,
    Computation,
    Contact,
    CriteriaSet,
    Editions,
    Estimate,
    Factor,
    FactorTable,
    Indicator,
    Link,
    Milestone,
    Notice,
    OfficialDescription,
    Organisation,
    Point,
    Procurement,
    Role,
    Site,
    StatusGroup,
    Task,
    Timespan,
)


@functools.lru_cache(maxsize=1 << 17)  # every link sorts every identifier again: the dev server's saves
def natural_key(identifier: str) -> tuple:
    """Sort '2' before '10' before '111', and 'a2' before 'a10'."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.findall(r"\d+|\D+", identifier))


def action_order(item: Item) -> tuple:
    """Actions with an explicit `order` first, by it; then the rest by identifier."""
    if item.fields["order"] is not None:
        return (0, item.fields["order"], natural_key(item.id))
    return (1, 0, natural_key(item.id))


def placed(item: Item, root: str) -> dict[str, Any]:
    """What every item's view has: where it was written, and its address below `root` (the language's root)."""
    found = {"source": item.path, "line": item.line, "lines": item.lines}
    if item.kind in SECTIONS:
        found["url"] = root + page_path(item.kind, item.id)
    return found


def tree_order(nodes: dict[str, Category | Organisation], parents: dict[str, str | None]) -> tuple:
    """Parents before children, siblings by name; each node gets its parent, children and ancestors."""
    children: dict[str | None, list] = defaultdict(list)
    for identifier, node in nodes.items():
        parent = parents[identifier] if parents[identifier] in nodes else None
        children[parent].append(node)
    ordered = []

    def visit(parent_id: str | None, ancestors: tuple) -> None:
        siblings = sorted(children[parent_id], key=lambda node: (node.name.casefold(), node.id))
        for node in siblings:
            settle(node, parent=nodes[parent_id] if parent_id else None, ancestors=ancestors,
                   children=tuple(sorted(children[node.id], key=lambda child: (child.name.casefold(), child.id))))
            ordered.append(node)
            visit(node.id, (*ancestors, node))

    visit(None, ())
    return tuple(ordered)


def roll_up(ordered: tuple, own: dict[str, list[Action]], position: dict[str, int]) -> None:
    """Give each tree node its own actions and `all_actions`: its own and its descendants', once each."""
    for node in reversed(ordered):  # children before parents
        merged = {action.id: action for child in node.children for action in child.all_actions}
        merged.update((action.id, action) for action in own.get(node.id, ()))
        settle(node, actions=tuple(own.get(node.id, ())),
               all_actions=tuple(sorted(merged.values(), key=lambda action: position[action.id])))


def link_tasks(action: Action, raw_tasks: list[dict], config: Config) -> None:
    """The action's tasks, and split as the action page shows them: done newest first, open soonest first."""
    tasks = tuple(Task(action, position, task["name"], task["state"], task["due"], task["completed"],
                       task["comment"], task["state"] in OPEN_STATES and task["due"] is not None
                       and task["due"] < config.as_of, task["start"])
                  for position, task in enumerate(raw_tasks))
    settle(action, tasks=tasks,
           tasks_done=tuple(sorted((task for task in tasks if task.state == "completed"),
                                   key=lambda task: task.completed, reverse=True)),
           tasks_open=tuple(sorted((task for task in tasks if task.state in OPEN_STATES),
                                   key=lambda task: (task.due is None, task.due or config.as_of))),
           tasks_cancelled=tuple(task for task in tasks if task.state == "cancelled"))


def maybe(view_type, value: dict | None):
    return view_type(**value) if value else None


def factor_table_view(item: Item, root: str, known: dict[str, Origin]) -> FactorTable:
    fields = item.fields
    return FactorTable(
        item.id, fields["name"], fields["description"], fields["source"], fields["source_url"], fields["year"],
        fields["version"], fields["example"],
        tuple(sorted((Factor(entry["cpv"], entry["factor"], entry["label"]) for entry in fields["factors"]),
                     key=lambda factor: factor.cpv)), **placed(item, root), origin=origin_of_item(item.path, known))


def calculation_view(fields: dict, tables: dict[str, FactorTable], recorded: Decimal | None = None
                     ) -> tuple[Calculation, Decimal] | None:
    """An action's calculated reduction with its inputs, and the reduction (emissions.py works it out); None when
    it is not calculated. `recorded`: the yearly spend summed from the action's procurement records."""
    written = fields["emission_calculation"]
    if not written:
        return None
    table = tables[written["factors"]]
    spend, spend_from = emissions.spend_of(written, fields["procurement_volume"],
                                           recorded if written["spend_from_procurements"] else None)
    cpv_code = fields["cpv_codes"][0]
    by_prefix = {factor.cpv: factor for factor in table.factors}
    factor = by_prefix[emissions.longest_prefix(by_prefix, cpv_code)]
    worked = emissions.calculate(spend, factor.value, written["reduction"], written["reduction_low"],
                                 written["reduction_high"])
    return Calculation(table, factor, cpv_code, spend, spend_from, written["reduction"], written["reduction_low"],
                       written["reduction_high"], worked.emissions, worked.low, worked.high), worked.value


def estimate_of(fields: dict, tables: dict[str, FactorTable], recorded: Decimal | None = None) -> Estimate | None:
    """The reduction an action shows: calculated when it has a calculation (which wins), else as typed."""
    calculated = calculation_view(fields, tables, recorded)
    if calculated is not None:
        calculation, value = calculated
        return Estimate(value, fields["emission_calculation"]["basis"], calculation)
    return maybe(Estimate, fields["emission_reduction"])


def action_view(item: Item, config: Config, changes: History, categories: dict, organisations: dict,
                contacts: dict, indicators: dict, tables: dict[str, FactorTable],
                recorded: dict[str, Decimal]) -> Action:
    """An action with its references resolved; tasks, neighbours and findings come after."""
    fields, root = item.fields, config.language_root()
    history = tuple(changes.of(item.path))
    status, derived = resolve_status(fields, config)
    return Action(
        id=item.id, order=fields["order"], name=fields["name"], lead=fields["lead"],
        description=fields["description"], official_description=maybe(OfficialDescription,
                                                                       fields["official_description"]),
        links=tuple(Link(entry["title"], entry["url"] and site_url(entry["url"], config.base_path, root))
                    for entry in fields["links"]),
        categories=tuple(categories[identifier] for identifier in fields["categories"]),
        organisations=tuple(Role(organisations[entry["organisation"]], entry["role"])
                            for entry in fields["organisations"]),
        contacts=tuple(contacts[identifier] for identifier in fields["contacts"]),
        status=status, status_written=config.status(fields["status"]) if fields["status"] else None,
        status_derived=derived, status_from=fields["status_from"], status_reason=fields["status_reason"],
        phase=fields["phase"], timespan=maybe(Timespan, fields["timespan"]),
        indicators=tuple(indicators[identifier] for identifier in fields["indicators"]),
        emission_reduction=estimate_of(fields, tables, recorded.get(item.id)),
        procurement_volume=fields["procurement_volume"], cpv_codes=tuple(fields["cpv_codes"]),
        gpp_level=fields["gpp_level"], weight=fields["weight"],
        updated=fields["updated"] or (history[0].date if history else None), history=history, **placed(item, root))


def link(items: list[Item], config: Config, changes: History | None = None) -> Site:
    """Resolve every reference; validation has already proved they all exist. `changes`: the git history."""
    changes = changes or History()
    root = config.language_root()
    known = origins(config)
    by_kind: dict[str, list[Item]] = defaultdict(list)
    for item in sorted(items, key=lambda item: (item.kind, natural_key(item.id))):
        by_kind[item.kind].append(item)

    categories = {item.id: Category(item.id, item.fields["name"], item.fields["description"], **placed(item, root),
                                    origin=origin_of_item(item.path, known))
                  for item in by_kind["category"]}
    organisations = {item.id: Organisation(item.id, item.fields["name"], item.fields["abbreviation"],
                                           item.fields["kind"], **placed(item, root),
                                           business_id=item.fields["business_id"])
                     for item in by_kind["organisation"]}
    category_list = tree_order(categories, {item.id: item.fields["parent"] for item in by_kind["category"]})
    organisation_list = tree_order(organisations,
                                   {item.id: item.fields["parent"] for item in by_kind["organisation"]})
    contacts = {item.id: Contact(item.id, item.fields["name"], item.fields["title"],
                                 organisations.get(item.fields["organisation"]), item.fields["email"],
                                 **placed(item, root), public_email=item.fields["public_email"],
                                 language=item.fields["language"])
                for item in by_kind["contact"]}
    indicators = {item.id: Indicator(
        item.id, item.fields["name"], item.fields["unit"], item.fields["chart"], item.fields["description"],
        tuple(sorted((Point(point["date"], point["value"]) for point in item.fields["values"]),
                     key=lambda point: point.date)),
        tuple(sorted((Point(point["date"], point["value"]) for point in item.fields["goals"]),
                     key=lambda point: point.date)),
        **placed(item, root), interval_months=item.fields["interval_months"],
        contacts=tuple(contacts[identifier] for identifier in item.fields["contacts"]),
        origin=origin_of_item(item.path, known))
        for item in by_kind["indicator"]}

    tables = {item.id: factor_table_view(item, root, known) for item in by_kind["factor_table"]}
    action_items = sorted(by_kind["action"], key=action_order)
    recorded = emissions.recorded_spends(by_kind["procurement"])
    actions = tuple(action_view(item, config, changes, categories, organisations, contacts, indicators, tables,
                                recorded) for item in action_items)
    listed: dict[str, dict[str, list[Action]]] = {"category": defaultdict(list), "organisation": defaultdict(list),
                                                  "indicator": defaultdict(list)}
    for index, (action, item) in enumerate(zip(actions, action_items, strict=True)):
        settle(action, prev=actions[index - 1] if index > 0 else None,
               next=actions[index + 1] if index + 1 < len(actions) else None)
        link_tasks(action, item.fields["tasks"], config)
        for kind, nodes in (("category", action.categories), ("indicator", action.indicators),
                            ("organisation", [entry.organisation for entry in action.organisations])):
            for node in nodes:
                own = listed[kind][node.id]
                if not own or own[-1] is not action:  # listed twice in one action
                    own.append(action)
    link_relations(actions, action_items, config)
    default = config.default_language
    for action, item in zip(actions, action_items, strict=True):
        settle(action, findings=tuple(quality.check_action(action, config)),
               attributes=attribute_values(config.attributes.actions, item.fields.get("attributes"), categories,
                                           config.language, default))
    for item in by_kind["category"]:
        settle(categories[item.id], attributes=attribute_values(config.attributes.categories,
                                                                item.fields.get("attributes"), categories,
                                                                config.language, default))
    for indicator in indicators.values():
        settle(indicator, actions=tuple(listed["indicator"].get(indicator.id, ())))
    position = {action.id: index for index, action in enumerate(actions)}
    roll_up(category_list, listed["category"], position)
    roll_up(organisation_list, listed["organisation"], position)
    criteria_sets = link_criteria_sets(by_kind["criteria_set"], root, categories, organisations, config, known)
    procurement_list = link_procurements(by_kind["procurement"], root, organisations,
                                         {action.id: action for action in actions}, position,
                                         {criteria.id: criteria for criteria in criteria_sets})
    roll_up_procurements(organisation_list, procurement_list)
    listed_at = {procurement.id: index for index, procurement in enumerate(procurement_list)}
    for category in category_list:  # the procurements of its actions, each once, in the list's order
        implementing = {procurement.id: procurement for action in category.all_actions
                        for procurement in action.procurements}
        settle(category, procurements=tuple(sorted(implementing.values(), key=lambda record: listed_at[record.id])))
    for item in by_kind["indicator"]:
        if item.fields["computed"] is not None:
            compute_indicator(indicators[item.id], item.fields["computed"], organisations, procurement_list, config)
        indicator = indicators[item.id]
        settle(indicator, verdict=goals.judge(indicator.values, indicator.goals, config.as_of))
    indicator_list, contact_list = by_name(indicators.values()), by_name(contacts.values())
    for table in tables.values():
        settle(table, actions=tuple(action for action in actions if action.emission_reduction
                                    and action.emission_reduction.calculation
                                    and action.emission_reduction.calculation.table is table))
    link_roadmaps(by_kind["category"], categories, indicators)
    return Site(config, actions, category_list, organisation_list, indicator_list, contact_list,
                link_statuses(actions, config), tuple(finding for action in actions for finding in action.findings),
                history=changes, actions_by_id={action.id: action for action in actions},
                factor_tables=by_name(tables.values()), criteria_sets=criteria_sets, procurements=procurement_list)


def by_name(nodes) -> tuple:
    """Nodes in the order of their names, whatever their case; the identifier settles a tie."""
    return tuple(sorted(nodes, key=lambda node: (node.name.casefold(), node.id)))


def link_criteria_sets(items: list[Item], root: str, categories: dict, organisations: dict, config: Config,
                       known: dict[str, Origin]) -> tuple[CriteriaSet, ...]:
    """Every criteria set by name, each category given its own; a shared set adopted by the organisations and since
    the day site_config.yaml's `shared: adopted` says."""
    adopted = {(source.id, adoption.criteria_set): adoption for source in config.shared for adoption in source.adopted}

    def criteria_view(item: Item) -> CriteriaSet:
        origin = origin_of_item(item.path, known)
        adoption = adopted.get((origin.id, item.id)) if origin is not None else None
        adopters = adoption.organisations if adoption is not None else item.fields["adopted_by"]
        return CriteriaSet(
            item.id, item.fields["name"], item.fields["level"], categories.get(item.fields["category"]),
            tuple(item.fields["cpv_prefixes"]), item.fields["text"], item.fields["source"], item.fields["source_url"],
            item.fields["valid_from"], item.fields["valid_until"],
            tuple(organisations[identifier] for identifier in adopters), **placed(item, root), origin=origin,
            adopted_since=adoption.since if adoption is not None else None)

    sets = by_name(criteria_view(item) for item in items)
    by_category: dict[str, list[CriteriaSet]] = defaultdict(list)
    for criteria in sets:
        if criteria.category is not None:
            by_category[criteria.category.id].append(criteria)
    for identifier, own in by_category.items():
        settle(categories[identifier], criteria_sets=tuple(own))
    return sets


def link_roadmaps(items: list[Item], categories: dict, indicators: dict) -> None:
    """Each category's milestones by year (a stable sort: within a year, as written)."""
    for item in items:
        milestones = [Milestone(entry["year"], entry["text"], indicators.get(entry["indicator"]), entry["goal"],
                                position) for position, entry in enumerate(item.fields["roadmap"])]
        settle(categories[item.id], roadmap=tuple(sorted(milestones, key=lambda milestone: milestone.year)))


def compute_indicator(indicator: Indicator, spec: dict, organisations: dict,
                      procurements: tuple[Procurement, ...], config: Config) -> None:
    """Give a computed indicator its values: one point per year of the records, and the typed values of the years
    without records. The green criteria are the site's green share's unless the indicator names its own.

    Nothing after the site's date (a round's date, in a round) is counted: the records of the current year are
    those up to that day, and its point is dated that day, not the year's end."""
    criteria = tuple(dict.fromkeys(spec["criteria"])) or config.green_share.criteria
    computation = Computation(spec["measure"], organisations.get(spec["organisation"]),
                              tuple(spec["cpv_prefixes"]), criteria, tuple(dict.fromkeys(spec["aims"])))
    known = [procurement for procurement in procurements if procurement.date <= config.as_of]
    shares = procurement_figures.shares_by_year(known, computation.measure, spec["organisation"],
                                                computation.cpv_prefixes, computation.criteria, computation.aims)
    years = {share.year for share in shares}
    typed = [point for point in indicator.values if point.date.year not in years]  # years without records
    settle(indicator, computed=computation, values=tuple(sorted([*typed, *(
        Point(min(datetime.date(share.year, 12, 31), config.as_of), share.value, share.records, share.green_records,
              share.euros, share.green_euros) for share in shares)], key=lambda point: point.date)))


def procurement_order(procurement: Procurement) -> tuple:
    """Newest first; on one day, by identifier."""
    return (-procurement.date.toordinal(), natural_key(procurement.id))


def link_procurements(items: list[Item], root: str, organisations: dict, actions: dict, position: dict,
                      criteria_sets: dict) -> tuple[Procurement, ...]:
    """Every procurement with its organisation, actions and criteria sets; each action gets the procurements that
    implement it, and each criteria set those that used it."""
    found = []
    for item in items:
        fields = item.fields
        linked = sorted({identifier: actions[identifier] for identifier in fields["actions"]}.values(),
                        key=lambda action: position[action.id])
        found.append(Procurement(
            id=item.id, name=fields["name"], organisation=organisations[fields["organisation"]],
            stage=fields["stage"], date=fields["date"], value=fields["value"], cpv_codes=tuple(fields["cpv_codes"]),
            gpp_criteria=fields["gpp_criteria"], gpp_aims=tuple(dict.fromkeys(fields["gpp_aims"])),
            clean_vehicles=fields["clean_vehicles"], actions=tuple(linked), notice_url=fields["notice_url"],
            criteria_sets=tuple(criteria_sets[identifier] for identifier in dict.fromkeys(fields["criteria_sets"])),
            estimated_value=fields["estimated_value"], procedure=fields["procedure"], lot=fields["lot"],
            notices=tuple(Notice(**notice) for notice in fields["notices"] if notice), example=fields["example"],
            **placed(item, root)))
    ordered = tuple(sorted(found, key=procurement_order))
    of_action: dict[str, list[Procurement]] = defaultdict(list)
    of_criteria: dict[str, list[Procurement]] = defaultdict(list)
    for procurement in ordered:
        for action in procurement.actions:
            of_action[action.id].append(procurement)
        for criteria in procurement.criteria_sets:
            of_criteria[criteria.id].append(procurement)
    for identifier, listed in of_action.items():
        settle(actions[identifier], procurements=tuple(listed))
    for identifier, listed in of_criteria.items():
        settle(criteria_sets[identifier], procurements=tuple(listed))
    return ordered


def roll_up_procurements(ordered: tuple, procurements: tuple[Procurement, ...]) -> None:
    """Each organisation's own procurements, and its units' with them, each once (a tree has no shared units,
    but the rule is the actions' and is kept: a record is counted once wherever it is seen from)."""
    position = {procurement.id: index for index, procurement in enumerate(procurements)}
    own: dict[str, list[Procurement]] = defaultdict(list)
    for procurement in procurements:
        own[procurement.organisation.id].append(procurement)
    for node in reversed(ordered):  # children before parents
        merged = {procurement.id: procurement for child in node.children for procurement in child.all_procurements}
        merged.update((procurement.id, procurement) for procurement in own.get(node.id, ()))
        settle(node, procurements=tuple(own.get(node.id, ())),
               all_procurements=tuple(sorted(merged.values(), key=lambda procurement: position[procurement.id])))


def link_statuses(actions: tuple[Action, ...], config: Config) -> tuple[StatusGroup, ...]:
    """One list page per status, holding its actions in action order; an action merged into or superseded by
    another is on none (its work is counted under the other)."""
    by_status: dict[str, list[Action]] = defaultdict(list)
    for action in actions:
        if action.counted:
            by_status[action.status.id].append(action)
    return tuple(StatusGroup(status, status.id, status.label, config.language_root() + page_path("status", status.id),
                             tuple(by_status[status.id]))
                 for status in config.statuses)


def link_editions(items: list[Item], config: Config, changes: History | None = None,
                  localise=localise_items) -> Editions:
    """The site in every language: items resolved to one language, then linked (cheap: linear in the items).

    `changes` is the content's git history, read once for every language;
    `localise(items, language, default)` may reuse earlier results (the dev server's does).
    """
    default = config.default_language
    changes = changes or History()
    gaps = list(config.missing_translations)
    for item in items:
        gaps += missing_translations(item.path, item.line, TYPES_BY_KIND[item.kind].schema, item.fields, item.lines,
                                     config.languages)
    return Editions({language: link(localise(items, language, default), localise_config(config, language), changes)
                     for language in config.languages}, tuple(gaps))
