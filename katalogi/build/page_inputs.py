"""What each page depends on: the keys of the items, aspects and orders a page shows (pages.py lists the pages).

A key is (kind, identifier) of an item's file; (aspect, id) what a kind of page shows of
an action (plan.aspect_digests); ("order", digest) which actions a list shows in which
order; (kind, "*") any of that kind; ("*",) any change of content. `Inputs` works them out
once per site, on the default language's: every language's page has the same inputs.
"""

from __future__ import annotations

import hashlib

from ..site.relations import in_chains
from ..site.views import Action, Category, CriteriaSet, FactorTable, Organisation, Procurement, Site

Key = tuple[str, ...]  # ("action", "111"), ("organisation", "palu"), ("*",), ("action", "*"), ("template", name)
EVERYTHING: frozenset[Key] = frozenset({("*",)})
NOTHING: frozenset[Key] = frozenset()


def named_by(action: Action) -> frozenset[Key]:
    """Every item an action's row and page show: categories and organisations with the nodes above them,
    contacts (and their organisations), indicators."""
    keys: set[Key] = {("action", action.id)}
    for category in action.categories:
        keys.update(("category", node.id) for node in (*category.ancestors, category))
    organisations = [entry.organisation for entry in action.organisations]
    for contact in action.contacts:
        keys.add(("contact", contact.id))
        if contact.organisation is not None:
            organisations.append(contact.organisation)
    for organisation in organisations:
        keys.update(("organisation", node.id) for node in (*organisation.ancestors, organisation))
    keys.update(("indicator", indicator.id) for indicator in action.indicators)
    keys.update(("category", entry.value.id) for entry in action.attributes if entry.attribute.type == "category")
    if action.emission_reduction and action.emission_reduction.calculation:  # its factor, source and version
        calculation = action.emission_reduction.calculation
        keys.add(("factor_table", calculation.table.id))
        if calculation.spend_from == "procurements":  # and the records its spend is summed from
            keys.update(("procurement", procurement.id) for procurement in action.procurements)
    return frozenset(keys)


def related_to(action: Action) -> list[Action]:
    """The actions an action's page names in its relations, those whose files name it among them (what it shows
    of each is their ("relations", id), plan.aspect_digests)."""
    return [*action.related, *(dependency.action for dependency in (*action.depends_on, *action.dependents)),
            *(other for other in (action.merged_into, action.superseded_by) if other is not None),
            *action.merged_from, *action.supersedes]


def order_of(actions) -> str:
    """Which actions, in which order: a digest (a list's input, whatever each row shows)."""
    return hashlib.sha256("\0".join(action.id for action in actions).encode()).hexdigest()


def row_of(action: Action) -> frozenset[Key]:
    """What an action's row in a table shows: the row itself (see engine.aspect_digests) and its responsible
    units' names."""
    return frozenset({("row", action.id), *(("organisation", entry.organisation.id) for entry in action.organisations
                                            if entry.role == "primary")})


class Inputs:
    """What the pages of one site depend on, worked out once per action and node (on the default language's
    site: every language's page has the same inputs)."""

    def __init__(self, site: Site):
        self.site = site
        self.named = {action.id: named_by(action) for action in site.actions}
        self.rows = {action.id: row_of(action) for action in site.actions}
        self.order = frozenset({("order", order_of(site.actions))})  # the lists of every action show them in order

    def action_page(self, action: Action) -> frozenset[Key]:
        """The action and all it names, what its links to the previous and next action show, and the procurements
        that implement it."""
        neighbours = {("title", other.id) for other in (action.prev, action.next) if other is not None}
        computed = {("indicator values", indicator.id) for indicator in action.indicators if indicator.computed}
        related = {("relations", identifier) for identifier in in_chains(action) | {
            other.id for other in related_to(action)}}  # both ways, and three levels of dependencies
        return (self.named[action.id] | neighbours | computed | related
                | self.procurement_rows(action.procurements))

    @staticmethod
    def procurement_rows(procurements) -> frozenset[Key]:
        """A table of procurements shows each record and the name of its organisation."""
        return frozenset(key for procurement in procurements
                         for key in (("procurement", procurement.id), ("organisation", procurement.organisation.id)))

    @staticmethod
    def procurement_page(procurement: Procurement) -> frozenset[Key]:
        """A procurement's page: the record, its organisation with the units above it, the titles of its actions."""
        return frozenset({("procurement", procurement.id),
                          *(("organisation", node.id) for node in (*procurement.organisation.ancestors,
                                                                    procurement.organisation)),
                          *(("title", action.id) for action in procurement.actions),
                          *(("criteria_set", criteria.id) for criteria in procurement.criteria_sets)})

    def listing(self, actions) -> frozenset[Key]:
        """A page that lists actions in a table shows each row, in that order."""
        return frozenset().union(*(self.rows[action.id] for action in actions)) | {("order", order_of(actions))}

    def export(self, actions) -> frozenset[Key]:
        """A list's spreadsheet (list_export.py) shows what the action list's rows show, in that order."""
        return frozenset({("order", order_of(actions)), *(("filter row", action.id) for action in actions),
                          *(key for action in actions for key in self.rows[action.id] if key[0] == "organisation")})

    @staticmethod
    def tree(kind: str, node: Category | Organisation) -> set[Key]:
        """A node's page shows the nodes above it (breadcrumb) and below it (its tree, with how many actions each
        has: which actions those are is part of the input)."""
        keys, waiting = {(kind, node.id)}, [*node.children]
        keys.update((kind, above.id) for above in node.ancestors)
        while waiting:
            child = waiting.pop()
            keys |= {(kind, child.id), ("members", kind, child.id, order_of(child.all_actions))}
            waiting += child.children
        return keys

    def node_page(self, kind: str, node) -> frozenset[Key]:
        if kind == "category":  # and its progress, rolled up from its actions'
            return (frozenset(self.tree(kind, node)) | self.listing(node.all_actions) | self.category_extras(node)
                    | self.procurement_rows(node.procurements)
                    | {("progress", action.id) for action in node.all_actions})
        if kind == "organisation":
            return (frozenset(self.tree(kind, node)) | self.listing(node.all_actions)
                    | self.procurement_rows(node.all_procurements))
        if kind == "indicator" and node.computed is not None:
            named = {("organisation", node.computed.organisation.id)} if node.computed.organisation else set()
            return frozenset({(kind, node.id), ("indicator values", node.id), *named}) | self.listing(node.actions)
        return frozenset({(kind, node.id)}) | self.listing(node.actions)

    @staticmethod
    def category_extras(node: Category) -> frozenset[Key]:
        """What a category's page shows besides its actions: its criteria sets, and the indicators its roadmap
        sets goals for (their names, units, goals and verdicts)."""
        indicators = [milestone.indicator for milestone in node.roadmap if milestone.indicator is not None]
        return frozenset({*(("criteria_set", criteria.id) for criteria in node.criteria_sets),
                          *(("indicator", indicator.id) for indicator in indicators),
                          *(("indicator values", indicator.id) for indicator in indicators if indicator.computed)})

    def criteria_page(self, criteria: CriteriaSet) -> frozenset[Key]:
        """A criteria set's page: the set, its category (with the nodes above it) and who adopted it."""
        keys: set[Key] = {("criteria_set", criteria.id)}
        if criteria.category is not None:
            keys.update(("category", node.id) for node in (*criteria.category.ancestors, criteria.category))
        keys.update(("organisation", organisation.id) for organisation in criteria.adopted_by)
        return frozenset(keys) | self.procurement_rows(criteria.procurements)

    @staticmethod
    def factor_page(table: FactorTable) -> frozenset[Key]:
        """A factor table's page: the table, and the actions calculated with it (their titles and figures)."""
        return frozenset({("factor_table", table.id), ("order", order_of(table.actions)),
                          *(key for action in table.actions for key in (("title", action.id),
                                                                        ("summary", action.id)))})

    @staticmethod
    def feed(kind: str, node) -> frozenset[Key]:
        return frozenset({(kind, node.id), ("order", order_of(node.all_actions)),
                          *(("feed", action.id) for action in node.all_actions)})


class Unused(Inputs):
    """For the other languages' pages, whose inputs are those of the default language's."""

    def __init__(self):
        self.named, self.rows, self.order = {}, {}, NOTHING

    def action_page(self, action):
        return NOTHING

    @staticmethod
    def procurement_page(procurement):
        return NOTHING

    def listing(self, actions):
        return NOTHING

    def export(self, actions):
        return NOTHING

    def node_page(self, kind, node):
        return NOTHING

    def criteria_page(self, criteria):
        return NOTHING

    @staticmethod
    def factor_page(table):
        return NOTHING

    @staticmethod
    def feed(kind, node):
        return NOTHING


UNUSED = Unused()
