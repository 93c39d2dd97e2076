"""The council report of a reporting round: what its sections show, worked out once, laid out by report.html.

The same data makes the print-ready page /raportit/<round>/raportti/ and its PDF
(report_pdf.py). It summarises rather than lists, so that its length does not grow with
the catalogue: page 1 is the summary (each figure beside the round before's, the five most
significant exceptions), then one section per division with its figures and at most
`reports.late_actions` of its most overdue late actions (the rest counted, with the address
of the round's web list of them), every kind of change since the round before counted with
its largest items, the indicators against their goals, and the data-quality findings
counted by rule. The full lists stay on the round's web pages and in the open data. Every
figure comes from the round's linked site (figures.py), so it can be recomputed from the
files at the tag.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..site.dashboard import OUTSIDE, TOP_ORGANISATION_KINDS, UNPLACED, outermost
from ..site.views import Indicator, Site
from .changes import RoundChanges, round_changes, site_in
from .figures import Compared, Division, LateAction, RoundFigures, exceptions, percent_points, round_figures
from .rounds import Round

CHANGES_LISTED = 5  # of each kind of change, the largest; the rest are counted
INDICATORS_LISTED = 20  # indicators in the table, those off track first; the rest are counted
LATE_DIR = "myohassa"  # /raportit/<round>/myohassa/<division>/: a division's late actions, every one


@dataclass(frozen=True)
class StatusLine:
    status: object  # config.Status
    count: Compared
    share: Compared  # per cent


@dataclass(frozen=True)
class DivisionSection:
    now: Division
    before: Division | None  # the same division in the round before
    listed: tuple[LateAction, ...]  # its most overdue late actions, at most reports.late_actions
    more: int  # its other late actions, on the round's web list
    measure: str  # the green share the targets are set for: euros or count

    @property
    def green_change(self):
        """The change of its green share (by the targets' measure) since the round before, in percentage points."""
        if self.now.procurements is None or self.before is None or self.before.procurements is None:
            return None
        return percent_points(self.now.procurements.green_percent(self.measure),
                              self.before.procurements.green_percent(self.measure))


@dataclass(frozen=True)
class ChangeKind:
    """How many changes of one kind since the round before, and the largest of them."""

    kind: str
    count: int
    listed: tuple  # at most CHANGES_LISTED, the largest first


@dataclass(frozen=True)
class CouncilReport:
    round: Round
    site: Site  # the round's site in the report's language
    now: RoundFigures
    before: RoundFigures | None  # the round before's, None for the first round
    statuses: tuple[StatusLine, ...]
    exceptions: tuple  # figures.Deviation, the five most significant
    divisions: tuple[DivisionSection, ...]
    changes: RoundChanges | None
    change_kinds: tuple[ChangeKind, ...]
    indicators: tuple[Indicator, ...]  # with a goal: those off track first, at most INDICATORS_LISTED
    more_indicators: int
    findings: tuple[tuple[str, int], ...]  # each data-quality rule and how many actions break it

    def compared(self, name: str) -> Compared:
        """A figure of the summary beside the round before's: `name` is a path into RoundFigures, such as
        procurements.green_percent_by_value or emissions.calculated_reduction."""
        return Compared(figure_of(self.now, name), figure_of(self.before, name) if self.before else None)


def figure_of(found: RoundFigures, name: str):
    value = found
    for part in name.split("."):
        value = value[part] if isinstance(value, dict) else getattr(value, part)
    return value


def status_lines(now: RoundFigures, before: RoundFigures | None) -> tuple[StatusLine, ...]:
    earlier = {row["status"].id: row for row in before.summary["rows"]} if before else {}
    return tuple(StatusLine(row["status"],
                            Compared(row["count"], earlier[row["status"].id]["count"] if row["status"].id in earlier
                                     else None if before is None else 0),
                            Compared(row["percent"], earlier[row["status"].id]["percent"]
                                     if row["status"].id in earlier else None))
                 for row in now.summary["rows"])


def division_sections(now: RoundFigures, before: RoundFigures | None, limit: int) -> tuple[DivisionSection, ...]:
    return tuple(DivisionSection(division, before.division(division.key) if before else None,
                                 division.late[:limit], max(0, len(division.late) - limit), now.measure)
                 for division in now.divisions)


def largest(items, key=None) -> tuple:
    ordered = sorted(items, key=key) if key else list(items)
    return tuple(ordered[:CHANGES_LISTED])


def change_kinds(changes: RoundChanges) -> tuple[ChangeKind, ...]:
    """Every kind of change the round's changes page shows, counted, with the largest first: the biggest moves of a
    due date and of a figure, the others in the action order."""
    changed = changes.changed
    completed = [(change.action, task) for change in changed for task in change.completed]
    added = [(change.action, task) for change in changed for task in change.added
             if task.state not in ("completed", "cancelled")]
    moved = [(change.action, task, old, new) for change in changed for task, old, new in change.moved]
    cancelled = [(change.action, task) for change in changed for task in change.cancelled]
    removed = [(change.action, task) for change in changed for task in change.removed]

    def size(pair) -> float:
        before, after = pair
        return -abs((after or 0) - (before or 0))

    def moved_by(entry) -> int:
        _, _, old, new = entry
        return -abs((new - old).days) if old and new else 0

    found = [
        ("added", changes.added, largest(changes.added)),
        ("removed", changes.removed, largest(changes.removed)),
        ("status", [change for change in changed if change.status], None),
        ("phase", [change for change in changed if change.phase], None),
        ("completed", completed, largest(completed)),
        ("new_task", added, largest(added)),
        ("moved", moved, largest(moved, moved_by)),
        ("cancelled", cancelled, largest(cancelled)),
        ("task_removed", removed, largest(removed)),
        ("emission", [change for change in changed if change.emission_reduction], None),
        ("volume", [change for change in changed if change.procurement_volume], None),
        ("indicator", changes.indicators, largest(changes.indicators)),
    ]
    kinds = []
    for kind, items, listed in found:
        if listed is None and kind == "emission":
            listed = largest(items, lambda change: size(change.emission_reduction))
        elif listed is None and kind == "volume":
            listed = largest(items, lambda change: size(change.procurement_volume))
        elif listed is None:
            listed = largest(items)
        kinds.append(ChangeKind(kind, len(items), listed))
    return tuple(kinds)


def indicators_listed(site: Site) -> tuple[tuple[Indicator, ...], int]:
    """The indicators with a goal, those off track first (then on track, achieved, without data), in name order
    within each; at most INDICATORS_LISTED, and how many more."""
    judged = [indicator for indicator in site.indicators if indicator.verdict is not None]
    order = {"off_track": 0, "on_track": 1, "achieved": 2, "no_data": 3}
    judged.sort(key=lambda indicator: order[indicator.verdict.status])
    return tuple(judged[:INDICATORS_LISTED]), max(0, len(judged) - INDICATORS_LISTED)


def council_report(entry: Round, language: str) -> CouncilReport:
    """Every section of a round's report in one language."""
    site = site_in(entry.editions, language)
    earlier = site_in(entry.previous.editions, language) if entry.previous else None
    now = round_figures(site)
    before = round_figures(earlier) if earlier is not None else None
    changes = round_changes(entry, language)
    listed, more = indicators_listed(site)
    rules = Counter(finding.rule for action in site.actions for finding in action.findings)
    return CouncilReport(entry, site, now, before, status_lines(now, before), exceptions(now, site, earlier),
                         division_sections(now, before, site.config.reports.late_actions), changes,
                         change_kinds(changes) if changes else (), listed, more, tuple(sorted(rules.items())))


def late_lists(entry: Round) -> tuple[str, ...]:
    """The keys of the divisions a round's report may have (every division and enterprise at the top of the
    organisation tree, OUTSIDE and UNPLACED): each has the round's web list of its late actions, made from the
    organisation tree alone, so that listing the pages costs nothing per action."""
    tops = [node.id for node in entry.editions.default.organisations
            if outermost(node, TOP_ORGANISATION_KINDS) is node]
    return (*tops, OUTSIDE, UNPLACED)
