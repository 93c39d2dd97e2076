"""The pages of a site's network: its shared sources (/yhteiset/) and, on a comparison site, its members side by
side (/vertailu/), with the compared figures as open data; each page with the inputs it shows.

A shared source's page shows the source (where it is, its version and commit: ("shared source", id), see
network.shared_digests), the catalogue's items read from it and what changed at each move of its pin.
The comparison's pages show every member (("member", "*"): any member's figures, its commit or its
problems) and the shared definitions they are compared by (the items of those definitions).
"""

from __future__ import annotations

from ..base.addresses import page_path
from ..outputs.opendata import DATA_DIR
from ..reporting.comparison import Network
from ..site.views import Site
from .page import Key, Page

ANY_MEMBER: frozenset[Key] = frozenset({("member", "*")})
PROCUREMENTS_DIR, INDICATORS_DIR, CRITERIA_DIR, STATUSES_DIR = "hankinnat", "mittarit", "kriteerit", "tilat"
DATA_FILES = (("comparison.json", "comparison_json"), ("comparison-procurements.csv", "comparison_procurements_csv"),
              ("comparison-indicators.csv", "comparison_indicators_csv"),
              ("comparison-statuses.csv", "comparison_statuses_csv"),
              ("comparison-adoptions.csv", "comparison_adoptions_csv"))


def shared_items(site: Site, source: str) -> dict[str, tuple]:
    """The site's items read from a shared source, by kind."""
    return {kind: tuple(node for node in nodes if node.origin is not None and node.origin.id == source)
            for kind, nodes in (("criteria_set", site.criteria_sets), ("factor_table", site.factor_tables),
                                ("indicator", site.indicators), ("category", site.categories))}


def keys_of(items: dict[str, tuple]) -> frozenset[Key]:
    return frozenset((kind, node.id) for kind, nodes in items.items() for node in nodes)


def shared_pages(site: Site, network: Network) -> list[Page]:
    """/yhteiset/ and a page of each shared source, when site_config.yaml names any."""
    if not site.config.shared:
        return []
    every: set[Key] = {("shared source", "*")}
    found = []
    for source in site.config.shared:
        items = shared_items(site, source.id)
        every |= keys_of(items) | {(kind, "*") for kind in items}
        found.append(Page(page_path("shared", source.id) + "index.html", "shared_source.html",
                          {"source": source, "items": items, "moves": network.moves.get(source.id, ()),
                           "section": "shared"},
                          depends=frozenset({("shared source", source.id), *((kind, "*") for kind in items)})
                          | keys_of(items)))
    return [Page(page_path("shared") + "index.html", "shared_sources.html",
                 {"sources": [(source, shared_items(site, source.id)) for source in site.config.shared],
                  "section": "shared"}, depends=frozenset(every)), *found]


def compared(site: Site, network: Network) -> tuple[list, list, frozenset[Key]]:
    """The shared indicators and criteria sets the comparison shows, as this site's views, and their keys."""
    definitions = network.comparison.definitions
    indicators = {indicator.id: indicator for indicator in site.indicators}
    criteria = {criteria.id: criteria for criteria in site.criteria_sets}
    shown_indicators = [(definition, indicators[definition.id]) for definition in definitions.indicators
                        if definition.id in indicators]
    shown_criteria = [criteria[identifier] for _, identifier in definitions.criteria_sets if identifier in criteria]
    keys = frozenset({*(("indicator", definition.id) for definition, _ in shown_indicators),
                      *(("criteria_set", entry.id) for entry in shown_criteria)})
    return shown_indicators, shown_criteria, keys


def comparison_pages(site: Site, network: Network) -> list[Page]:
    """/vertailu/ and its pages, on a site that names members."""
    comparison = network.comparison
    if not site.config.members or comparison.definitions is None:
        return []
    indicators, criteria, keys = compared(site, network)
    root = site.root + page_path("comparison")
    context = {"comparison": comparison, "indicators": indicators, "criteria_sets": criteria,
               "comparison_root": root, "section": "comparison"}
    depends = ANY_MEMBER | keys
    base = page_path("comparison")
    found = [Page(base + "index.html", "comparison.html", context, depends=depends),
             Page(f"{base}{PROCUREMENTS_DIR}/index.html", "comparison_procurements.html", context, depends=depends),
             Page(f"{base}{STATUSES_DIR}/index.html", "comparison_statuses.html", context, depends=depends),
             Page(f"{base}{CRITERIA_DIR}/index.html", "comparison_criteria.html", context, depends=depends)]
    found += [Page(f"{base}{INDICATORS_DIR}/{definition.id}/index.html", "comparison_indicator.html",
                   {**context, "definition": definition, "indicator": indicator},
                   depends=ANY_MEMBER | {("indicator", definition.id)})
              for definition, indicator in indicators]
    return found


def network_pages(site: Site, network: Network) -> list[Page]:
    """Every page of the network in one language."""
    return shared_pages(site, network) + comparison_pages(site, network)


def network_data_pages(site: Site, network: Network) -> list[Page]:
    """The compared figures as open data (outputs/comparison_data.py), language-neutral."""
    if not site.config.members or network.comparison.definitions is None:
        return []
    _, _, keys = compared(site, network)
    return [Page(f"{DATA_DIR}/{name}", context={"comparison": network.comparison}, producer=producer,
                 depends=ANY_MEMBER | keys) for name, producer in DATA_FILES]
