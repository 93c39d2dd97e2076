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

from ..base.addresses import page_path
from ..base.paths import SCHEMAS_DIR
from ..content.json_schemas import schema_texts
from ..outputs import decap, feeds, list_export, opendata, opendata_schemas
from ..reporting.comparison import NO_NETWORK, Network
from ..reporting.council import CHANGES_LISTED, LATE_DIR, late_lists
from ..reporting.rounds import ROUNDS_EXIST, Rounds
from ..site.views import Editions, Site
from .network_pages import network_data_pages, network_pages
from .page import Page
from .page_inputs import EVERYTHING, NOTHING, UNUSED, Inputs, Key

NO_ROUNDS = Rounds()


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
    return (pages + timeline_pages(site, inputs) + round_pages(site, rounds) + feed_pages(site, inputs, rounds)
            + export_pages(site, inputs))


TIMELINE = FEEDS | ACTION_LIST  # each action's tasks and title, and where it is in the category and organisation trees


def timeline_pages(site: Site, inputs: Inputs) -> list[Page]:
    """The programme's timeline (/aikajana/), and each category's and organisation's (/aikajana/<section>/<id>/),
    which are what a reader without JavaScript filters it with."""
    root = page_path("timeline")
    found = [Page(root + "index.html", "timeline.html", {"node": None, "kind": None, "section": "action"},
                  depends=TIMELINE | inputs.order)]
    for kind, nodes in (("category", site.categories), ("organisation", site.organisations)):
        found += [Page(root + page_path(kind, node.id) + "index.html", "timeline.html",
                       {"node": node, "kind": kind, "section": kind}, depends=inputs.feed(kind, node))
                  for node in nodes]
    return found


def export_pages(site: Site, inputs: Inputs) -> list[Page]:
    """The spreadsheet of the actions of each organisation, category and status (list_export.py), beside its page:
    what the action list's filter offers, for readers without JavaScript."""
    found = []
    for kind, nodes in (("organisation", site.organisations), ("category", site.categories),
                        ("status", site.statuses)):
        found += [Page(page_path(kind, node.id) + list_export.NODE_CSV, context={"kind": kind, "node_id": node.id},
                       producer="node_csv", depends=inputs.export(node.actions if kind == "status" else
                                                                  node.all_actions))
                  for node in nodes]
    return found


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
    found += [Page(f"{SCHEMAS_DIR}/{name}", context={"name": name}, producer="content_schema")
              for name in schema_texts(site.config.attributes)]  # the content files' schemas, for editors' tools
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
