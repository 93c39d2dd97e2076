"""A comparison site's figures: every member's, side by side, under the comparison site's definitions, and what its
pages and open data need of them (the years, each shared indicator by member, who adopted each shared set).

The definitions come from the comparison site's own catalogue (`definitions_of`): its green share, and the
shared computed indicators and criteria sets it reads from its shared sources. Every figure is a member's
own (site.member_figures), computed from its own files; nothing here counts anything again, it only lays
the members' figures out. The pages grow with the members times the years (and the shared indicators):
a national network of a few hundred procurement units is a table of a few thousand cells.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..base import network_problems
from ..content.config import Config
from ..content.shared import source_of
from ..content.validate import Item
from ..inputs.shared_changes import Move
from ..site.member_figures import Definitions, IndicatorDefinition
from .members import MemberResult


def definitions_of(items: list[Item], config: Config) -> Definitions:
    """The comparison site's definitions, from its checked items and its configuration (shared sources resolved):
    its green share, and each shared computed indicator and criteria set."""
    commits = {source.id: source.commit for source in config.shared}
    indicators = []
    for item in sorted(items, key=lambda item: item.id):
        source = source_of(item.path)
        spec = item.fields.get("computed") if item.kind == "indicator" else None
        if source is None or spec is None:
            continue
        criteria = tuple(dict.fromkeys(spec["criteria"])) or config.green_share.criteria
        indicators.append(IndicatorDefinition(item.id, spec["measure"], tuple(spec["cpv_prefixes"]), criteria,
                                              tuple(dict.fromkeys(spec["aims"])), source, commits.get(source, "")))
    sets = tuple(sorted((source_of(item.path), item.id) for item in items
                        if item.kind == "criteria_set" and source_of(item.path) is not None))
    return Definitions(config.green_share.criteria, config.green_share.measure, tuple(indicators), sets,
                       config.languages)


@dataclass(frozen=True)
class Comparison:
    """Every member as read, in the order site_config.yaml lists them, and the definitions they were compared by."""

    members: tuple[MemberResult, ...] = ()
    definitions: Definitions | None = None

    @property
    def included(self) -> tuple[MemberResult, ...]:
        return tuple(member for member in self.members if member.included)

    @property
    def left_out(self) -> tuple[MemberResult, ...]:
        return tuple(member for member in self.members if not member.included)

    @property
    def years(self) -> tuple[int, ...]:
        """Every year any member has procurement records for, oldest first."""
        return tuple(sorted({entry.year for member in self.included for entry in member.figures.years}))

    def indicator_years(self, identifier: str) -> tuple[int, ...]:
        return tuple(sorted({share.year for member in self.included
                             for share in (member.figures.indicator(identifier).years
                                           if member.figures.indicator(identifier) else ())}))

    def procurement_series(self, measure: str, language: str) -> list[tuple[str, list[tuple[int, float]]]]:
        """Each included member's green share by year, by euros or by count: a chart's lines."""
        return [(str(member.title(language)),
                 [(entry.year, float(share)) for entry in member.figures.years
                  for share in [entry.share_by_euros if measure == "euros" else entry.share_by_count]
                  if share is not None]) for member in self.included]

    def indicator_series(self, identifier: str, language: str) -> list[tuple[str, list[tuple[int, float]]]]:
        """Each included member's values of a shared indicator by year: a chart's lines."""
        return [(str(member.title(language)), [(share.year, share.value) for share in figures.years])
                for member in self.included for figures in [member.figures.indicator(identifier)]
                if figures is not None]

    def own_criteria_differ(self) -> tuple[MemberResult, ...]:
        """The members whose own sites count the green share by other criteria than the comparison does."""
        wanted = set(self.definitions.green_criteria) if self.definitions else set()
        return tuple(member for member in self.included if set(member.figures.own_green_criteria) != wanted)

    def notes(self) -> tuple:
        """What the build says of the members left out of the figures."""
        return tuple(network_problems.MEMBER_LEFT_OUT(
            member=member.id, count=len(member.problems), first=network_problems.PROBLEM_AT(
                place=f"{member.problems[0].path}:{member.problems[0].line}", field=member.problems[0].field,
                message=member.problems[0].message)) for member in self.left_out if member.problems)

    def digests(self) -> dict[tuple, bytes]:
        """("member", id) -> a digest of everything the pages show of the member (pages.py's inputs)."""
        return {("member", member.id): hashlib.blake2b(repr(member).encode(), digest_size=16).digest()
                for member in self.members}


@dataclass(frozen=True)
class Network:
    """What a site shows of its network: the comparison of its members, and its shared sources' pin moves."""

    comparison: Comparison = field(default_factory=Comparison)
    moves: dict[str, tuple[Move, ...]] = field(default_factory=dict)  # shared source -> its moves, newest first

NO_NETWORK = Network()
