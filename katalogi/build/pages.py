"""Every output file of the site, each made together with the inputs it depends on.

A `Page` is one file below output/: an HTML template with its variables, or a
producer (feeds, calendars, data files). Each page says here, where it is made,
which content items it shows (`depends`) and which item it is about (`subject`),
so that after a change the engine renders exactly the pages whose inputs changed:
a set intersection, not a guess. The keys are (kind, identifier) of items; ("row",
id) is what an action's row in a table shows and ("title", id) what a link to it
shows (engine.aspect_digests works out when those changed); ("order", digest) is which
actions a list shows, in which order; ("*",) is any change of content (actions.json shows all of
it). The templates a page uses come from its template's name
(render.templates_used); a change of the configuration or of the code changes
every page.

What each page shows, and so depends on:

- an action's page: the action, the titles of its previous and next action, and
  every item it names (categories, organisations and contacts with the units above
  them, indicators); its data file the same but the neighbours;
- a category's or organisation's page: the node, the nodes above and below it, and
  the row of every action it lists (with its responsible units' names); a category's
  also its criteria sets and its roadmap's indicators; its feed and
  calendar the node and its actions; an indicator's or status's page likewise the
  rows of its actions;
- the front page, the lists of categories, organisations, indicators and statuses, the
  dashboard, the quality page and indicators.json: what they count and show of every
  action (("summary", id): all but its free texts and history) and every other item;
- actions.json and the changes feed: everything; the site's feeds, actions.csv and
  tasks.csv: what they show of every action;
- a criteria set's page: the set, its category and who adopted it; a factor table's
  page: the table and the title and summary of each action calculated with it (an
  action's page names its table too, so a changed table renders every figure it made);
- the search, accessibility and 404 pages, robots.txt and the data schemas: only the
  configuration and templates;
- the reporting rounds' pages (/raportit/<round>/, its changes, its council report and
  PDF): ("round", slug), its tag and the round before (rounds.round_digests); their list and the
  changes feed any round (("round", "*")), and so do action pages while there are rounds
  (their change history names the round of each commit).
"""

from __future__ import annotations

import hashlib

from ..base.addresses import page_path
from ..outputs import decap, feeds, opendata, opendata_schemas
from ..reporting.comparison import NO_NETWORK, Network
from ..reporting.council import CHANGES_LISTED, LATE_DIR, late_lists
from ..reporting.rounds import ROUNDS_EXIST, Rounds
from ..site.views import Action, Category, CriteriaSet, Editions, FactorTable, Organisation, Procurement, Site
from .network_pages import network_data_pages, network_pages
from .page import EVERYTHING, NOTHING, Key, Page

NO_ROUNDS = Rounds()

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
    if action.emission_reduction and action.emission_reduction.calculation:  # its factor, source and version
        calculation = action.emission_reduction.calculation
        keys.add(("factor_table", calculation.table.id))
        if calculation.spend_from == "procurements":  # and the records its spend is summed from
            keys.update(("procurement", procurement.id) for procurement in action.procurements)
    return frozenset(keys)


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
        return self.named[action.id] | neighbours | computed | self.procurement_rows(action.procurements)

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

ALL, FIXED = "all", "fixed"
SUMMARY = frozenset({("summary", "*"), ("title", "*"), ("row", "*"), ("category", "*"), ("organisation", "*"),
                     ("indicator", "*"), ("contact", "*"), ("indicator values", "*")})  # what pages about the whole
# catalogue show
ACTION_LIST = frozenset({("filter row", "*"), ("category", "*"), ("organisation", "*")})
FEEDS = frozenset({("feed", "*")})
CRITERIA_LIST = frozenset({("criteria_set", "*"), ("category", "*")})
FACTOR_LIST = frozenset({("factor_table", "*")})
PROCUREMENTS = frozenset({("procurement", "*"), ("organisation", "*")})  # every record, and its organisation's name
PROCUREMENT_UNITS = PROCUREMENTS  # the steering page: every record and organisation (its targets: configuration)
# The pages that link to /raportit/ when there are rounds, and what else they show: the dashboard the green share.
LINKS_ROUNDS = {"index.html": NOTHING, "dashboard.html": PROCUREMENTS, "procurement_units.html": NOTHING}
LIST_PAGES = (  # (path, template, section, what it shows): the whole catalogue, or the configuration only
    ("index.html", "index.html", "action", ALL),
    ("404.html", "404.html", None, FIXED),
    (page_path("action") + "index.html", "actions.html", "action", ACTION_LIST),
    (page_path("category") + "index.html", "categories.html", "category", ALL),
    (page_path("organisation") + "index.html", "organisations.html", "organisation", ALL),
    (page_path("indicator") + "index.html", "indicators.html", "indicator", ALL),
    (page_path("procurement") + "index.html", "procurements.html", "procurement", PROCUREMENTS),
    (page_path("procurement_units") + "index.html", "procurement_units.html", "procurement_units",
     PROCUREMENT_UNITS),
    (page_path("status") + "index.html", "statuses.html", "action", ALL),
    (page_path("dashboard") + "index.html", "dashboard.html", "dashboard", ALL),
    (page_path("quality") + "index.html", "quality.html", None, ALL),
    (page_path("search") + "index.html", "search.html", "search", FIXED),
    (page_path("accessibility") + "index.html", "accessibility.html", None, FIXED),
    (page_path("opendata") + "index.html", "opendata.html", None, ALL),
    (page_path("criteria_set") + "index.html", "criteria_sets.html", "category", CRITERIA_LIST),
    (page_path("factor_table") + "index.html", "factor_tables.html", None, FACTOR_LIST),
)


ROUNDS_DIR = "raportit"  # the reporting rounds' pages: /raportit/, /raportit/<round>/
ANY_ROUND: frozenset[Key] = frozenset({("round", "*")})
REPORT_DIR = "raportti"  # /raportit/<round>/raportti/: the council report, and raportti.pdf beside it
REPORT_PDF = "raportti.pdf"


def round_pages(site: Site, rounds: Rounds) -> list[Page]:
    """The pages of the reporting rounds (rounds.py) in one language: the list of rounds, and each round as it
    stood and what changed since the round before. A round's pages depend only on its tag and the one before
    (("round", slug), see rounds.round_digests), besides the configuration and templates every page depends on."""
    if not rounds.rounds:
        return []
    root = site.root + ROUNDS_DIR + "/"
    found = [Page(f"{ROUNDS_DIR}/index.html", "rounds.html", {"rounds": rounds.newest_first, "rounds_root": root,
                                                             "section": "dashboard"}, depends=ANY_ROUND)]
    for entry in rounds.rounds:
        depends = frozenset({("round", entry.slug)})
        context = {"round": entry, "rounds_root": root, "section": "dashboard", "late_dir": LATE_DIR,
                   "changes_listed": CHANGES_LISTED}
        found.append(Page(f"{ROUNDS_DIR}/{entry.slug}/index.html", "round.html", context, depends=depends))
        found.append(Page(f"{ROUNDS_DIR}/{entry.slug}/{REPORT_DIR}/index.html", "report.html", context,
                          depends=depends))  # the council report, print-ready
        found.append(Page(f"{ROUNDS_DIR}/{entry.slug}/{REPORT_PDF}", "report.html", context, depends=depends,
                          typeset=True))  # the same page as a PDF
        if entry.previous is not None:  # what changed since it; ("round", slug) covers the round before too
            found.append(Page(f"{ROUNDS_DIR}/{entry.slug}/muutokset/index.html", "round_changes.html", context,
                              depends=depends))
        found += [Page(f"{ROUNDS_DIR}/{entry.slug}/{LATE_DIR}/{key}/index.html", "round_late.html",
                       {**context, "division_key": key}, depends=depends)
                  for key in late_lists(entry)]  # every late action of a division, where the report counts them
    return found


def language_pages(site: Site, inputs: Inputs, rounds: Rounds = NO_ROUNDS) -> list[Page]:
    """Every page of one language, its paths without the language prefix."""
    reported = ANY_ROUND if rounds.rounds else NOTHING  # the change history says which round each change is in
    pages = [Page(path, template, {"section": section} if section else {},
                  depends=NOTHING if shows == FIXED else (SUMMARY if shows == ALL else shows) | inputs.order)
             for path, template, section, shows in LIST_PAGES]
    rounds_links = {"rounds": rounds, "rounds_root": site.root + ROUNDS_DIR + "/"}
    pages = [Page(page.path, page.template, {**page.context, **rounds_links},
                  depends=page.depends | {ROUNDS_EXIST} | LINKS_ROUNDS[page.template])
             if page.template in LINKS_ROUNDS else page for page in pages]
    pages += [Page(page_path("action", action.id) + "index.html", "action.html",
                   {"action": action, "section": "action", "searchable": "action", "rounds": rounds,
                    "rounds_root": site.root + ROUNDS_DIR + "/"},
                   depends=inputs.action_page(action) | reported, subject=("action", action.id))
              for action in site.actions]
    for kind, template, nodes in (("category", "category.html", site.categories),
                                  ("organisation", "organisation.html", site.organisations),
                                  ("indicator", "indicator.html", site.indicators)):
        pages += [Page(page_path(kind, node.id) + "index.html", template,
                       {kind: node, "section": kind, "searchable": kind},
                       depends=inputs.node_page(kind, node), subject=(kind, node.id))
                  for node in nodes]
    pages += [Page(page_path("criteria_set", criteria.id) + "index.html", "criteria_set.html",
                   {"criteria_set": criteria, "section": "category", "searchable": "criteria_set"},
                   depends=inputs.criteria_page(criteria), subject=("criteria_set", criteria.id))
              for criteria in site.criteria_sets]
    pages += [Page(page_path("factor_table", table.id) + "index.html", "factor_table.html",
                   {"table": table, "searchable": "factor_table"},
                   depends=inputs.factor_page(table), subject=("factor_table", table.id))
              for table in site.factor_tables]
    pages += [Page(page_path("procurement", procurement.id) + "index.html", "procurement.html",
                   {"procurement": procurement, "section": "procurement", "searchable": "procurement"},
                   depends=inputs.procurement_page(procurement), subject=("procurement", procurement.id))
              for procurement in site.procurements]
    pages += [Page(page_path("status", group.id) + "index.html", "status.html",
                   {"status": group, "section": "status", "searchable": False},
                   depends=inputs.listing(group.actions)) for group in site.statuses]
    return pages + round_pages(site, rounds) + feed_pages(site, inputs, rounds)


def feed_pages(site: Site, inputs: Inputs, rounds: Rounds = NO_ROUNDS) -> list[Page]:
    """The feed and calendar files of one language (feeds.py makes them)."""
    found = [Page(feeds.SITE_FEED, context={"kind": "site", "node_id": ""}, producer="atom",
                  depends=FEEDS | inputs.order),
             Page(feeds.SITE_CALENDAR, context={"kind": "site", "node_id": ""}, producer="ical",
                  depends=FEEDS | inputs.order)]
    if site.history.available:
        found.append(Page(feeds.CHANGES_FEED, producer="changes", context={"rounds": rounds},
                          depends=EVERYTHING | ANY_ROUND))
    for node in site.organisations:
        context = {"kind": "organisation", "node_id": node.id}
        found += [Page(page_path("organisation", node.id) + feeds.FEED_NAME, context=context, producer="atom",
                       depends=inputs.feed("organisation", node)),
                  Page(page_path("organisation", node.id) + feeds.CALENDAR_NAME, context=context, producer="ical",
                       depends=inputs.feed("organisation", node))]
    found += [Page(page_path("category", node.id) + feeds.FEED_NAME, context={"kind": "category", "node_id": node.id},
                   producer="atom", depends=inputs.feed("category", node)) for node in site.categories]
    return found


def data_pages(site: Site, inputs: Inputs) -> list[Page]:
    """Every data file and schema, language-neutral (opendata.py makes them)."""
    names = frozenset({("category", "*"), ("organisation", "*")})
    found = [Page(f"{opendata.DATA_DIR}/{name}", producer=producer, depends=depends)
             for name, producer, depends in (("actions.json", "actions_json", EVERYTHING),
                                             ("actions.csv", "actions_csv",
                                              frozenset({("csv", "*")}) | names | inputs.order),
                                             ("tasks.csv", "tasks_csv", FEEDS | inputs.order),
                                             ("indicators.json", "indicators_json", SUMMARY | inputs.order),
                                             ("emission_factors.json", "emission_factors_json", FACTOR_LIST),
                                             ("procurements.json", "procurements_json", PROCUREMENTS),
                                             ("procurements.csv", "procurements_csv", PROCUREMENTS))]
    if site.procurements:  # an OCDS release package holds at least one release
        found.append(Page(f"{opendata.DATA_DIR}/procurements-ocds.json", producer="procurements_ocds",
                          depends=PROCUREMENTS))
    found += [Page(f"{opendata.DATA_DIR}/actions/{action.id}.json", context={"action_id": action.id},
                   producer="action_json", depends=inputs.named.get(action.id, NOTHING)) for action in site.actions]
    found += [Page(f"{opendata.SCHEMA_DIR}/{name}.schema.json", context={"name": name}, producer="schema")
              for name in opendata_schemas.SCHEMAS]
    return found


def crawler_pages(site: Site, inputs: Inputs, html_paths: list[str]) -> list[Page]:
    """robots.txt, and sitemap.xml (web.py) when the site's address is known: it lists every page."""
    found = [Page("robots.txt", producer="robots")]
    if site.config.site_url:
        found.append(Page("sitemap.xml", context={"paths": [path for path in html_paths if path != "404.html"]},
                          producer="sitemap", depends=frozenset({("title", "*"), ("category", "*"),
                                                                 ("organisation", "*"), ("indicator", "*"),
                                                                 ("criteria_set", "*"), ("factor_table", "*"),
                                                                 ("procurement", "*")})
                          | inputs.order | ANY_ROUND))
    return found


def editor_pages(site: Site) -> list[Page]:
    """The web editor below admin/ when site_config.yaml enables it (decap.py): its page, its config.yml
    (from the model and the configuration only) and the bundled Decap CMS files."""
    if not decap.enabled(site.config):
        return []
    files = [*decap.bundle_names(), decap.ADMIN_SCRIPT.name]
    return [Page(decap.ADMIN_DIR + "index.html", "admin.html"),
            Page(decap.ADMIN_DIR + "config.yml", producer="decap_config"),
            *(Page(decap.ADMIN_DIR + name, context={"name": name}, producer="decap_file") for name in files)]


def list_pages(editions: Editions, rounds: Rounds = NO_ROUNDS, inputs: Inputs | None = None,
               network: Network = NO_NETWORK) -> list[Page]:
    """Every output file of the site in every language, then the language-neutral ones, in a stable order.

    Every language has the same pages with the same inputs, so the inputs are worked out
    on the default language's site and shared: `inputs` is `Inputs(editions.default)`, made
    once by the caller, which needs it again (the engine's `validity`). Without it the listing
    is quicker, for what needs only the pages' paths and contexts.
    """
    site = editions.default
    inputs = inputs or UNUSED
    local = language_pages(site, inputs, rounds) + network_pages(site, network)
    depends = {page.path: (page.depends, page.subject) for page in local}
    pages = []
    for language, edition in editions.items():
        prefix = edition.root[len(site.config.base_path):]
        made = local if edition is site else language_pages(edition, UNUSED, rounds) + network_pages(edition, network)
        pages += [Page(prefix + page.path, page.template, page.context, language, page.producer, page.path,
                       *depends[page.path], page.typeset) for page in made]
    html_paths = [page.path for page in local if not page.producer and not page.typeset]
    return (pages + data_pages(site, inputs) + network_data_pages(site, network)
            + crawler_pages(site, inputs, html_paths) + editor_pages(site))
