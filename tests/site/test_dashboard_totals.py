"""Every figure of the dashboard, recomputed from the content files and compared with the built page.

The expected numbers come from the YAML files read here with `yaml.safe_load` and the
counting rules the dashboard states on the page, never from katalogi's linked site:

- the tables by organisation count an action once, under the division or enterprise of
  its responsible organisation (the first with role primary); "Muut organisaatiot" holds
  actions whose responsible organisation is under none, "Ei vastuuorganisaatiota" those
  without one; "Lisäksi mukana" counts the other actions a division's or enterprise's
  units take part in, whatever their role, and is no part of the sum;
- the tables by category count an action once, under the top-level category of its
  first category; "Lisäksi mukana" counts the other actions naming the category or
  one below it;
- a total row equals the overall figures, so every column adds up to it.

The shipped sample and a small catalogue of the tricky cases are both checked.
"""

from __future__ import annotations

import calendar
import datetime
import gzip
import re
import textwrap
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import write_project
from tools import ROOT

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project

OPEN = ("not_started", "in_progress")
TOP_KINDS = ("division", "enterprise")
WINDOW = datetime.timedelta(days=90)
DATA = ROOT / "katalogi/content/data"
# The eForms code list gpp-criteria's Finnish labels and the CPV codes' Finnish names, read from the shipped files.
GPP_LABELS = {row.split("\t")[1]: row.split("\t")[2] for row in (DATA / "eforms_codes.tsv").read_text(
    encoding="utf-8").splitlines() if row.startswith("gpp-criteria\t")}
with gzip.open(DATA / "cpv.tsv.gz", "rt", encoding="utf-8") as _stream:
    CPV_NAMES = {row.split("\t")[0]: row.split("\t")[1] for row in _stream.read().splitlines()
                 if not row.startswith("#")}
OUTSIDE, NOBODY, NO_CATEGORY, TOTAL = "Muut organisaatiot", "Ei vastuuorganisaatiota", "Ei kategoriaa", "Yhteensä"


# -- the content, as the files say ------------------------------------------------------------------------------


def finnish(text) -> str:
    """A text field in the default language (a plain string is that language)."""
    return text["fi"] if isinstance(text, dict) else str(text)


def read_kind(root: Path, folder: str) -> dict[str, dict]:
    items = [yaml.safe_load(path.read_text(encoding="utf-8"))
             for path in sorted((root / "content" / folder).glob("*.yaml"))]
    return {str(item["id"]): item for item in items}


def read_catalogue(root: Path) -> dict:
    config = yaml.safe_load((root / "site_config.yaml").read_text(encoding="utf-8"))
    actions = read_kind(root, "actions")
    tables = read_kind(root, "emission_factors")
    for action in actions.values():  # a calculated reduction is the action's reduction, worked out here again
        if action.get("emission_calculation"):
            action["emission_reduction"] = {"value": calculated_reduction(action, tables), "calculated": True}
    return {"config": config, "actions": actions, "organisations": read_kind(root, "organisations"),
            "categories": read_kind(root, "categories")}


def calculated_reduction(action: dict, tables: dict[str, dict]) -> Decimal:
    """The formula of docs/content.md: spend x the factor of the longest prefix of the first CPV code / 1000
    x reduction %, to a tenth of a tonne, halves up."""
    calculation = action["emission_calculation"]
    spend = calculation.get("spend", action.get("procurement_volume"))
    factors = {str(row["cpv"]): row["factor"] for row in tables[calculation["factors"]]["factors"]}
    digits = str(action["cpv_codes"][0])[:8]
    factor = next(factors[digits[:length]] for length in range(8, 1, -1) if digits[:length] in factors)
    value = exact(spend) * exact(factor) * exact(calculation["reduction"]) / Decimal(100_000)
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


def chain(nodes: dict[str, dict], identifier: str) -> list[str]:
    """The identifiers from the root of the tree down to `identifier`."""
    found = []
    while identifier:
        found.insert(0, identifier)
        identifier = nodes[identifier].get("parent")
    return found


def status_of(action: dict, config: dict) -> str:
    """The status rule of docs/site.md: a closing written status stays; else tasks decide when they are to."""
    closing = {status["id"] for status in config["statuses"] if status.get("completed") or status.get("final")}
    written = action.get("status")
    if (action.get("status_from") or config.get("status_from", "editor")) == "tasks" and written not in closing:
        tasks = action.get("tasks") or []
        if any(task.get("state", "not_started") in OPEN and task.get("due") and task["due"] < config["as_of"]
               for task in tasks):
            return "late"
        return "on_time" if any(task.get("state") == "completed" for task in tasks) else "not_started"
    return written


def months_earlier(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def exact(value) -> Decimal:
    return Decimal(str(value))


def percent(count: int, total: int) -> int:
    return int((Decimal(100 * count) / Decimal(total)).quantize(Decimal(1), ROUND_HALF_EVEN)) if total else 0


# -- what the dashboard should show --------------------------------------------------------------------------------


def status_cells(ids: list[str], status: dict[str, str], config: dict) -> dict:
    counts = [sum(1 for identifier in ids if status[identifier] == entry["id"]) for entry in config["statuses"]]
    return {"counts": counts, "percents": [percent(count, len(ids)) for count in counts], "total": len(ids)}


def money_cells(ids: list[str], actions: dict[str, dict]) -> dict:
    estimated = [actions[i]["emission_reduction"]["value"] for i in ids if actions[i].get("emission_reduction")]
    calculated = [actions[i]["emission_reduction"]["value"] for i in ids
                  if (actions[i].get("emission_reduction") or {}).get("calculated")]
    volumes = [actions[i]["procurement_volume"] for i in ids if actions[i].get("procurement_volume") is not None]
    return {"emission": sum(map(exact, estimated), Decimal(0)), "estimated": len(estimated),
            "calculated": sum(map(exact, calculated), Decimal(0)), "calculated_count": len(calculated),
            "without_estimate": len(ids) - len(estimated), "volume": sum(map(exact, volumes), Decimal(0)),
            "without_volume": len(ids) - len(volumes), "total": len(ids)}


def partition_rows(catalogue: dict, status: dict[str, str], place, involved, rows: list[str], extra: list[str],
                   label) -> dict:
    """Expected rows: label -> status cells, money cells and `also`; `place(action)` is a node id or an extra row."""
    actions, config = catalogue["actions"], catalogue["config"]
    members, also = defaultdict(list), defaultdict(int)
    for identifier, action in actions.items():
        row = place(action)
        members[row].append(identifier)
        for node in involved(action) - {row}:
            also[node] += 1
    expected = {label(node): {"status": status_cells(members[node], status, config),
                              "money": money_cells(members[node], actions), "also": also[node]} for node in rows}
    for row in extra:
        if members[row]:
            expected[row] = {"status": status_cells(members[row], status, config),
                             "money": money_cells(members[row], actions), "also": None}
    expected[TOTAL] = {"status": status_cells(list(actions), status, config),
                       "money": money_cells(list(actions), actions), "also": None}
    return expected


def by_organisation(catalogue: dict, status: dict[str, str]) -> dict:
    organisations = catalogue["organisations"]

    def top(identifier: str) -> str | None:
        return next((node for node in chain(organisations, identifier)
                     if organisations[node].get("kind") in TOP_KINDS), None)

    def place(action: dict) -> str:
        primary = [entry["organisation"] for entry in action.get("organisations") or []
                   if entry.get("role", "primary") == "primary"]
        return NOBODY if not primary else (top(primary[0]) or OUTSIDE)

    def involved(action: dict) -> set[str]:
        return {top(entry["organisation"]) for entry in action.get("organisations") or []} - {None}

    def label(identifier: str) -> str:
        node = organisations[identifier]
        return finnish(node["name"]) + (f" ({node['abbreviation']})" if node.get("abbreviation") else "")

    rows = [identifier for identifier in organisations if top(identifier) == identifier]
    return partition_rows(catalogue, status, place, involved, rows, [OUTSIDE, NOBODY], label)


def by_category(catalogue: dict, status: dict[str, str]) -> dict:
    categories = catalogue["categories"]

    def place(action: dict) -> str:
        return chain(categories, action["categories"][0])[0] if action.get("categories") else NO_CATEGORY

    def involved(action: dict) -> set[str]:
        return {chain(categories, category)[0] for category in action.get("categories") or []}

    rows = [identifier for identifier, node in categories.items() if not node.get("parent")]
    return partition_rows(catalogue, status, place, involved, rows, [NO_CATEGORY],
                          lambda identifier: finnish(categories[identifier]["name"]))


def task_windows(catalogue: dict) -> dict[str, list[tuple]]:
    """(action id, task name, date shown, days) of each task table."""
    as_of = catalogue["config"]["as_of"]
    windows = {"overdue-tasks": [], "upcoming-tasks": [], "completed-tasks": []}
    for identifier, action in catalogue["actions"].items():
        for task in action.get("tasks") or []:
            state, due, done = task.get("state", "not_started"), task.get("due"), task.get("completed")
            if state in OPEN and due and due < as_of:
                windows["overdue-tasks"].append((identifier, finnish(task["name"]), due, (as_of - due).days))
            elif state in OPEN and due and as_of <= due <= as_of + WINDOW:
                windows["upcoming-tasks"].append((identifier, finnish(task["name"]), due, (due - as_of).days))
            elif state == "completed" and as_of - WINDOW <= done <= as_of:
                windows["completed-tasks"].append((identifier, finnish(task["name"]), done, (as_of - done).days))
    return {key: sorted(rows) for key, rows in windows.items()}


def groups(catalogue: dict, keys) -> dict[str, dict]:
    members = defaultdict(list)
    for identifier, action in catalogue["actions"].items():
        for key in keys(action):
            members[key].append(identifier)
    return {key: {"actions": sorted(ids), **money_cells(ids, catalogue["actions"])} for key, ids in members.items()}


def expected_dashboard(root: Path) -> dict:
    catalogue = read_catalogue(root)
    config, actions = catalogue["config"], catalogue["actions"]
    status = {identifier: status_of(action, config) for identifier, action in actions.items()}
    closing = {entry["id"] for entry in config["statuses"] if entry.get("completed") or entry.get("final")}
    stale_before = months_earlier(config["as_of"], config.get("stale_after_months", 12))
    return {
        "as_of": config["as_of"],
        "overall": status_cells(list(actions), status, config),
        "completed": sum(1 for s in status.values()
                         if any(e["id"] == s and e.get("completed") for e in config["statuses"])),
        "status_labels": [finnish(entry["label"]) for entry in config["statuses"]],
        "money": money_cells(list(actions), actions),
        "status-by-organisation": by_organisation(catalogue, status),
        "status-by-category": by_category(catalogue, status),
        "tasks": task_windows(catalogue),
        "stale": sorted((identifier, action.get("updated")) for identifier, action in actions.items()
                        if status[identifier] not in closing
                        and (not action.get("updated") or action["updated"] < stale_before)),
        "by-gpp-level": {GPP_LABELS[key]: value for key, value in groups(
            catalogue, lambda action: [action["gpp_level"]] if action.get("gpp_level") else []).items()},
        "without_gpp_level": sum(1 for action in actions.values() if not action.get("gpp_level")),
        "by-cpv": {f"{code} {CPV_NAMES[code]}": value for code, value in groups(
            catalogue, lambda action: action.get("cpv_codes") or []).items()},
    }


# -- what the built page shows ---------------------------------------------------------------------------------


class DashboardParser(HTMLParser):
    """Tables by id as rows of (section, [(cell tag, text)]), the visible text, and the status summary items."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {}
        self.text: list[str] = []
        self.summary: list[str] = []
        self.table = self.section = self.row = self.cell = self.item = None
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and attributes.get("id"):
            self.table = self.tables.setdefault(attributes["id"], [])
        elif tag in ("thead", "tbody", "tfoot"):
            self.section = tag
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = (tag, [])
        elif tag == "ul" and "status-summary" in (attributes.get("class") or "") and not self.summary:
            self.summary = []
            self.item = "list"
        elif tag == "li" and self.item == "list":
            self.item = []
        elif tag == "caption":
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag == "table":
            self.table = None
        elif tag == "tr" and self.row is not None:
            self.table.append((self.section, self.row))
            self.row = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append((self.cell[0], " ".join("".join(self.cell[1]).split())))
            self.cell = None
        elif tag == "li" and isinstance(self.item, list):
            self.summary.append(" ".join("".join(self.item).split()))
            self.item = "list"
        elif tag == "ul" and self.item == "list":
            self.item = "done"
        elif tag == "caption":
            self.hidden -= 1

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[1].append(data)
        if isinstance(self.item, list):
            self.item.append(data)
        if not self.hidden:
            self.text.append(data)


def parse_page(path: Path) -> DashboardParser:
    parser = DashboardParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def number(text: str) -> Decimal:
    """A number as the Finnish pages write it: 18 200 or 0,3."""
    return Decimal(re.sub(r"\s", "", text).replace(",", "."))


def count_and_share(text: str) -> tuple[int, int | None]:
    """'2 (25 %)' -> (2, 25); '0' -> (0, None)."""
    match = re.fullmatch(r"(\d+)(?: \((\d+) %\))?", text)
    assert match, text
    return int(match[1]), int(match[2]) if match[2] else None


def body_rows(table: list, section: str = "tbody") -> list[list[str]]:
    return [[text for _, text in cells] for where, cells in table if where == section]


def shown_status_rows(table: list) -> dict:
    shown = {}
    for where, cells in table:
        if where == "thead":
            continue
        texts = [text for _, text in cells]
        label, statuses, total, also = texts[0], texts[1:-3], texts[-3], texts[-1]
        pairs = [count_and_share(text) for text in statuses]
        assert where == ("tfoot" if label == TOTAL else "tbody"), label
        assert label not in shown, f"{label} is shown twice"
        shown[label] = {"counts": [count for count, _ in pairs], "percents": [share or 0 for _, share in pairs],
                        "total": int(total), "also": int(also) if also else None}
    return shown


def shown_money_rows(table: list) -> dict:
    shown = {}
    for where, cells in table:
        if where == "thead":
            continue
        label, emission, calculated, without, volume = (text for _, text in cells)
        without_estimate, total = (int(part) for part in without.split(" / "))
        shown[label] = {"emission": number(emission), "calculated": number(calculated),
                        "without_estimate": without_estimate, "total": total, "volume": number(volume)}
    return shown


# -- the catalogues ---------------------------------------------------------------------------------------------

FIXTURE_CONFIG = """\
title: Testikatalogi
base_path: /
notice: TESTI
as_of: 2020-01-15
status_from: tasks
stale_after_months: 6
statuses:
  - {id: not_started, label: Ei aloitettu, colour: "#dedfe1"}
  - {id: on_time, label: Ajallaan, colour: "#00d7a7"}
  - {id: late, label: Myöhässä, colour: "#ffc61e"}
  - {id: completed, label: Valmis, colour: "#0000bf", completed: true}
  - {id: cancelled, label: Peruttu, colour: "#666666", final: true}
"""


def organisation(identifier: str, name: str, kind: str, parent: str = "", abbreviation: str = "") -> str:
    return (f"id: {identifier}\nname: {name}\nkind: {kind}\n" + (f"parent: {parent}\n" if parent else "")
            + (f"abbreviation: {abbreviation}\n" if abbreviation else ""))


def action(identifier: str, body: str) -> str:
    return f'id: "{identifier}"\nname: Toimenpide {identifier}\ndescription: D\n' + textwrap.dedent(body)


TRICKY = {
    "content/actions/1.yaml": None, "content/actions/2.yaml": None,  # the tiny project's own actions
    "content/organisations/kaupunki.yaml": organisation("kaupunki", "Kaupunki", "city"),
    "content/organisations/ympa.yaml": organisation("ympa", "Ympäristöpalvelut", "unit", "toimiala-a", "Ympa"),
    "content/organisations/toimiala-a.yaml": organisation("toimiala-a", "Toimiala A", "division", "kaupunki", "TA"),
    "content/organisations/yksikko-a.yaml": organisation("yksikko-a", "Yksikkö A", "unit", "ympa"),
    "content/organisations/toimiala-b.yaml": organisation("toimiala-b", "Toimiala B", "division", "kaupunki"),
    "content/organisations/yksikko-b.yaml": organisation("yksikko-b", "Yksikkö B", "unit", "toimiala-b"),
    "content/organisations/liikelaitos.yaml": organisation("liikelaitos", "Liikelaitos", "enterprise", "kaupunki"),
    "content/organisations/naapuri.yaml": organisation("naapuri", "Naapurikunta", "external"),
    "content/categories/hankinnat.yaml": "id: hankinnat\nname: Hankinnat\n",
    "content/categories/ala-1.yaml": "id: ala-1\nname: Alakategoria 1\nparent: hankinnat\n",
    "content/categories/ala-2.yaml": "id: ala-2\nname: Alakategoria 2\nparent: hankinnat\n",
    "content/categories/liikenne.yaml": "id: liikenne\nname: Liikenne\n",
    # a primary and a collaborator organisation in different divisions; its first category is a root
    "content/actions/10.yaml": action("10", """\
        categories: [liikenne, ala-1]
        organisations:
          - {organisation: yksikko-a}
          - {organisation: yksikko-b, role: collaborator}
        emission_reduction: {value: 0.1, basis: arvio}
        procurement_volume: 1000
        gpp_level: eu
        cpv_codes: ["60000000-8"]
        updated: 2019-12-01
        tasks:
          - {name: tehty ikkunassa, state: completed, completed: 2019-10-17}
          - {name: myöhässä, due: 2020-01-14}
        """),
    # two primary organisations: counted under the first one's division only
    "content/actions/11.yaml": action("11", """\
        categories: [liikenne]
        organisations:
          - {organisation: toimiala-b}
          - {organisation: yksikko-a}
        emission_reduction: {value: 0.2, basis: arvio}
        procurement_volume: 250
        gpp_level: eu
        cpv_codes: ["60000000-8", "34144900-7"]
        updated: 2019-12-01
        tasks:
          - {name: tehty, state: completed, completed: 2019-10-16}
          - {name: erääntyy, due: 2020-04-14}
          - {name: ikkunan jälkeen, due: 2020-04-15}
        """),
    # two sub-categories of one root: one action in that root's row
    "content/actions/12.yaml": action("12", """\
        categories: [ala-1, ala-2]
        organisations: [{organisation: liikelaitos}]
        emission_reduction: {value: 1200, basis: arvio}
        gpp_level: national
        updated: 2019-01-15
        """),
    # responsible organisation outside the city, with a collaborator under a division; no category
    "content/actions/13.yaml": action("13", """\
        organisations:
          - {organisation: naapuri}
          - {organisation: yksikko-a, role: collaborator}
        procurement_volume: 40
        status: cancelled
        tasks:
          - {name: peruttu, state: cancelled, due: 2019-01-01}
        """),
    # no organisation at all
    "content/actions/14.yaml": action("14", """\
        categories: [hankinnat]
        status_from: editor
        status: completed
        """),
    # only a collaborator, so no responsible organisation
    "content/actions/15.yaml": action("15", """\
        categories: [ala-2, liikenne]
        organisations: [{organisation: liikelaitos, role: collaborator}]
        emission_reduction: {value: 3, basis: arvio}
        updated: 2019-12-24
        tasks:
          - {name: tänään, due: 2020-01-15}
        """),
    # the city itself is responsible
    "content/actions/16.yaml": action("16", """\
        categories: [hankinnat]
        organisations: [{organisation: kaupunki}]
        updated: 2019-07-01
        """),
}


@pytest.fixture(scope="module", params=["sample", "tricky"])
def catalogue_root(request, tmp_path_factory) -> Path:
    """The shipped sample, or the tricky cases written over the tiny project of conftest."""
    if request.param == "sample":
        return ROOT
    return write_project(tmp_path_factory.mktemp("tricky") / "project", TRICKY, FIXTURE_CONFIG)


@pytest.fixture(scope="module")
def built(catalogue_root, tmp_path_factory) -> tuple[dict, DashboardParser]:
    """The figures the content files give, and the built dashboard of the same catalogue (built once a module:
    the tests only read it)."""
    out = tmp_path_factory.mktemp("dashboard") / "output"
    build(Project(catalogue_root, history=False), out, search=False)
    return expected_dashboard(catalogue_root), parse_page(out / "tilannekatsaus/index.html")


def test_the_tricky_cases_land_where_the_dashboard_says(tmp_path):
    """The rules worked out by hand for the tricky catalogue, against the built page (and so against the
    recomputation the other tests trust)."""
    root = write_project(tmp_path / "project", TRICKY, FIXTURE_CONFIG)
    build(Project(root, history=False), tmp_path / "output", search=False)
    page = parse_page(tmp_path / "output/tilannekatsaus/index.html")
    organisations = shown_status_rows(page.tables["status-by-organisation"])
    assert {label: (row["total"], row["also"]) for label, row in organisations.items()} == {
        "Toimiala A (TA)": (1, 2),  # 10 by its unit; also 11 (second primary) and 13 (collaborator)
        "Toimiala B": (1, 1),  # 11, its first primary; also 10, where its unit collaborates
        "Liikelaitos": (1, 1),  # 12; also 15, where it is the only (collaborating) organisation
        OUTSIDE: (2, None),  # 13 (a neighbouring municipality) and 16 (the city itself)
        NOBODY: (2, None),  # 14 (no organisation) and 15 (a collaborator only)
        TOTAL: (7, None),
    }
    categories = shown_status_rows(page.tables["status-by-category"])
    assert {label: (row["total"], row["also"]) for label, row in categories.items()} == {
        "Hankinnat": (4, 1),  # 12 once for its two sub-categories, 14, 15, 16; also 10
        "Liikenne": (2, 1),  # 10 and 11; also 15
        NO_CATEGORY: (1, None),  # 13
        TOTAL: (7, None),
    }
    assert categories[TOTAL]["counts"] == [3, 1, 1, 1, 1]  # 12, 15, 16 not started; 11; 10 late; 14 done; 13
    figures = shown_money_rows(page.tables["figures-by-organisation"])
    assert figures["Toimiala A (TA)"]["emission"] == Decimal("0.1")
    assert figures[TOTAL]["emission"] == Decimal("1203.3")  # 0.1 + 0.2 + 1200 + 3, exactly


@pytest.mark.parametrize("table", ["status-by-organisation", "status-by-category"])
def test_status_tables_count_each_action_once_and_add_up(built, table):
    expected, page = built
    shown = shown_status_rows(page.tables[table])
    assert list(shown)[-1] == TOTAL
    assert {label: {"counts": row["status"]["counts"], "percents": row["status"]["percents"],
                    "total": row["status"]["total"], "also": row["also"]} for label, row in expected[table].items()} \
        == shown
    rows = [row for label, row in shown.items() if label != TOTAL]
    for column, total in enumerate(shown[TOTAL]["counts"]):
        assert sum(row["counts"][column] for row in rows) == total
    assert sum(row["total"] for row in rows) == shown[TOTAL]["total"] == expected["overall"]["total"]
    assert shown[TOTAL]["counts"] == expected["overall"]["counts"]


@pytest.mark.parametrize(("table", "status_table"), [("figures-by-organisation", "status-by-organisation"),
                                                     ("figures-by-category", "status-by-category")])
def test_figure_tables_count_each_action_once_and_add_up(built, table, status_table):
    expected, page = built
    shown = shown_money_rows(page.tables[table])
    assert shown == {label: {"emission": row["money"]["emission"], "calculated": row["money"]["calculated"],
                             "without_estimate": row["money"]["without_estimate"],
                             "total": row["money"]["total"], "volume": row["money"]["volume"].quantize(Decimal(1))}
                     for label, row in expected[status_table].items()}
    rows = [row for label, row in shown.items() if label != TOTAL]
    for column in ("emission", "calculated", "without_estimate", "total", "volume"):
        assert sum(row[column] for row in rows) == shown[TOTAL][column], column
    money = expected["money"]
    assert (shown[TOTAL]["emission"], shown[TOTAL]["volume"]) == (money["emission"], money["volume"])


def test_overall_figures_are_the_catalogues(built):
    expected, page = built
    text = " ".join("".join(page.text).split())
    overall, money = expected["overall"], expected["money"]
    as_of = expected["as_of"].strftime("%d.%m.%Y")
    assert f"Tilanne {as_of}: {overall['total']} toimenpidettä, joista {expected['completed']} valmiina." in text
    summary = [f"{label} {count} ({share} %)" for label, count, share
               in zip(expected["status_labels"], overall["counts"], overall["percents"], strict=True) if count]
    assert page.summary == summary
    figures = re.search(r"Arvioitu päästövähennys yhteensä ([\d\s,]+) t CO2e vuodessa (\d+) toimenpiteestä; "
                        r"(\d+) toimenpiteellä ei ole arviota\. Hankintojen arvo yhteensä ([\d\s]+) € vuodessa; "
                        r"(\d+) toimenpiteellä ei ole arvoa\.", text)
    assert figures, "the sentence of the overall figures"
    assert (number(figures[1]), int(figures[2]), int(figures[3]), number(figures[4]), int(figures[5])) == (
        money["emission"], money["estimated"], money["without_estimate"], money["volume"].quantize(Decimal(1)),
        money["without_volume"])
    split = re.search(r"Päästövähennyksistä ([\d\s,]+) t CO2e vuodessa on laskettu päästökertoimista "
                      r"\(toimenpiteitä (\d+)\) ja ([\d\s,]+) t CO2e vuodessa on käsin kirjoitettuja arvioita "
                      r"\(toimenpiteitä (\d+)\)", text)
    assert split, "the sentence that says which figures are calculated and which typed"
    assert (number(split[1]), int(split[2]), number(split[3]), int(split[4])) == (
        money["calculated"], money["calculated_count"], money["emission"] - money["calculated"],
        money["estimated"] - money["calculated_count"])


def test_task_and_stale_tables_list_exactly_the_tasks_of_their_windows(built):
    expected, page = built
    text = " ".join("".join(page.text).split())
    for table, title in (("overdue-tasks", "Myöhässä olevat tehtävät"),
                         ("upcoming-tasks", "Seuraavien 90 päivän aikana erääntyvät tehtävät"),
                         ("completed-tasks", "Viimeisten 90 päivän aikana tehdyt tehtävät")):
        rows = expected["tasks"][table]
        assert f"{title} ({len(rows)})" in text
        shown = sorted((cells[0].split(" ")[0], cells[1], datetime.datetime.strptime(cells[2], "%d.%m.%Y").date(),
                        int(cells[3])) for cells in body_rows(page.tables.get(table, [])))
        assert shown == rows, table
    stale = expected["stale"]
    assert re.search(rf"tai joilla ei ole päivityspäivää: {len(stale)}\.", text)
    shown = sorted((cells[0].split(" ")[0], None if cells[1] == "Ei tiedossa"
                    else datetime.datetime.strptime(cells[1], "%d.%m.%Y").date())
                   for cells in body_rows(page.tables.get("stale-actions", [])))
    assert shown == stale


@pytest.mark.parametrize("table", ["by-gpp-level", "by-cpv"])
def test_gpp_and_cpv_tables_list_each_group(built, table):
    expected, page = built
    shown = {cells[0]: {"actions": sorted(cells[1].split(", ")), "emission": number(cells[2]),
                        "volume": number(cells[3])} for cells in body_rows(page.tables.get(table, []))}
    assert shown == {key: {"actions": group["actions"], "emission": group["emission"],
                           "volume": group["volume"].quantize(Decimal(1))} for key, group in expected[table].items()}
    if table == "by-gpp-level":
        text = " ".join("".join(page.text).split())
        assert f"{expected['without_gpp_level']} toimenpiteellä tasoa ei ole kirjattu." in text
