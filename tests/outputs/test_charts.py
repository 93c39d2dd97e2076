"""Indicator charts: well-formed, escaped, deterministic SVG whose numbers and shapes can be checked."""

from __future__ import annotations

import dataclasses
import datetime
import math
import xml.etree.ElementTree as ET
from decimal import Decimal

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from katalogi.outputs.charts import coordinate, date_format, format_number, indicator_chart, nice_ticks, tick_label
from katalogi.site.views import Indicator, Point

SVG = "{http://www.w3.org/2000/svg}"
NBSP = "\u00a0"


def points(*pairs) -> tuple[Point, ...]:
    return tuple(Point(datetime.date.fromisoformat(day), value) for day, value in pairs)


def indicator(values=(), goals=(), **fields) -> Indicator:
    return Indicator(**{"id": "osuus", "name": "Ilmastokriteerien osuus", "unit": "%", "chart": "line",
                        "description": None, "values": points(*values), "goals": points(*goals),
                        "url": "/mittarit/osuus/", "source": "content/indicators/osuus.yaml", "line": 1, "lines": {},
                        **fields})


SHARE = indicator(values=[("2017-12-31", 12), ("2018-12-31", 25), ("2019-12-31", 40)],
                  goals=[("2025-12-31", 100)])


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def find_all(root: ET.Element, tag: str) -> list[ET.Element]:
    return root.findall(f".//{SVG}{tag}")


def texts(root: ET.Element) -> list[str]:
    return [text.text for text in find_all(root, "text")]


def tick_texts(root: ET.Element) -> list[str]:
    """Labels drawn with text-anchor end at the left of the plot: the y ticks."""
    return [text.text for text in find_all(root, "text") if text.get("text-anchor") == "end"]


def circle_centres(root: ET.Element) -> list[tuple[float, float]]:
    return [(float(circle.get("cx")), float(circle.get("cy"))) for circle in find_all(root, "circle")]


def test_no_values_and_no_goals_gives_empty_markup():
    chart = indicator_chart(indicator())
    assert chart == "" and isinstance(chart, Markup)


def test_svg_root_is_accessible_and_labelled_by_its_title_and_desc():
    root = parse(indicator_chart(SHARE, id_prefix="page"))
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 600 300"
    assert root.get("class") == "chart"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "page-osuus-title page-osuus-desc"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert (title.get("id"), title.text) == ("page-osuus-title", "Ilmastokriteerien osuus")
    assert desc.get("id") == "page-osuus-desc"
    assert desc.text == "Arvot 2017–2019: 12 %, 25 %, 40 %. Tavoite 2025: 100 %."


def test_output_has_no_xml_declaration_doctype_or_script():
    chart = indicator_chart(SHARE)
    assert chart.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')
    assert chart.endswith("</svg>")
    assert "<?xml" not in chart and "DOCTYPE" not in chart and "<script" not in chart


def test_ids_come_from_prefix_and_indicator_id_so_charts_can_share_a_page():
    first = parse(indicator_chart(SHARE, id_prefix="list"))
    second = parse(indicator_chart(dataclasses.replace(SHARE, id="muu"), id_prefix="list"))
    compact = parse(indicator_chart(SHARE, compact=True, id_prefix="action"))
    ids = [element.get("id") for root in (first, second, compact) for element in root.iter() if element.get("id")]
    assert ids == ["list-osuus-title", "list-osuus-desc", "list-muu-title", "list-muu-desc",
                   "action-osuus-title", "action-osuus-desc"]


def test_same_input_gives_identical_bytes():
    copy = dataclasses.replace(SHARE, values=tuple(Point(point.date, point.value) for point in SHARE.values))
    assert indicator_chart(SHARE) == indicator_chart(copy) == indicator_chart(SHARE)
    assert indicator_chart(SHARE, compact=True) == indicator_chart(copy, compact=True)


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "a & b 'c'"])
def test_name_unit_and_id_are_escaped(hostile: str):
    chart = indicator_chart(dataclasses.replace(SHARE, name=hostile, unit=hostile, id=hostile), id_prefix=hostile)
    assert "<script" not in chart and "<img" not in chart
    root = parse(chart)
    assert root.find(f"{SVG}title").text == hostile
    assert root.find(f"{SVG}desc").text.startswith(f"Arvot 2017–2019: 12 {hostile}, ")
    assert [element.tag for element in root.iter()].count(f"{SVG}img") == 0
    assert root.get("aria-labelledby") == f"{hostile}-{hostile}-title {hostile}-{hostile}-desc"


def test_chart_filter_is_not_escaped_twice_by_an_autoescaping_template():
    environment = jinja2.Environment(autoescape=True)
    environment.filters["chart"] = indicator_chart
    html = environment.from_string('{{ indicator | chart(compact=True, id_prefix="x") }}').render(indicator=SHARE)
    assert html == indicator_chart(SHARE, compact=True, id_prefix="x")
    assert html.startswith("<svg ")


@pytest.mark.parametrize(("numbers", "ticks"), [
    ([40], ["0", "10", "20", "30", "40"]),
    ([7], ["0", "2", "4", "6", "8"]),
    ([100, 12], ["0", "25", "50", "75", "100"]),
    ([0.03], ["0", "0.01", "0.02", "0.03"]),
    ([0.003, 0.001], ["0", "0.001", "0.002", "0.003"]),
    ([1e9], ["0", "250000000", "500000000", "750000000", "1000000000"]),
    ([-5, 10], ["-5", "0", "5", "10"]),
    ([-12], ["-15", "-10", "-5", "0"]),
    ([0.3, 0.1], ["0", "0.1", "0.2", "0.3"]),
    ([5, 5, 5], ["0", "2", "4", "6"]),
    ([0], ["0", "0.25", "0.5", "0.75", "1"]),
])
def test_nice_ticks(numbers, ticks):
    assert nice_ticks(numbers) == [Decimal(tick) for tick in ticks]


@pytest.mark.parametrize(("tick", "step", "label"), [
    ("1000000000", "250000000", f"1{NBSP}000{NBSP}000{NBSP}000"),
    ("2.5", "2.5", "2,5"),
    ("5.0", "2.5", "5"),
    ("-2.5", "2.5", "-2,5"),
    ("0.0025", "0.0025", "0,0025"),
    ("0.010", "0.005", "0,01"),
])
def test_tick_labels_are_finnish(tick, step, label):
    assert tick_label(Decimal(tick), Decimal(step)) == label


def test_format_number_matches_the_pages():
    assert format_number(1234567.5) == f"1{NBSP}234{NBSP}567,5"
    assert format_number(0.003) == "0,003"
    assert format_number(-12) == "-12"


def test_full_chart_draws_finnish_tick_labels_and_unit():
    root = parse(indicator_chart(indicator(values=[("2019-03-15", 1e9), ("2019-05-20", 2.5e8)], unit="kpl")))
    assert tick_texts(root) == ["0", f"250{NBSP}000{NBSP}000", f"500{NBSP}000{NBSP}000", f"750{NBSP}000{NBSP}000",
                                f"1{NBSP}000{NBSP}000{NBSP}000"]
    assert texts(root)[0] == "kpl"
    decimals = parse(indicator_chart(indicator(values=[("2019-03-15", 0.003), ("2019-05-20", 0.001)], unit=None)))
    assert tick_texts(decimals) == ["0", "0,001", "0,002", "0,003"]
    assert "kpl" not in texts(decimals)


@pytest.mark.parametrize(("days", "labels"), [
    (["2017-12-31", "2018-12-31"], ["2017", "2018"]),
    (["2019-01-01", "2020-01-01"], ["2019", "2020"]),
    (["2019-01-01", "2019-07-01"], ["1/2019", "7/2019"]),
    (["2017-03-15", "2019-06-30"], ["2017", "2019"]),
    (["2019-03-01", "2019-04-30"], ["3/2019", "4/2019"]),
    (["2019-03-15", "2020-01-01"], ["15.03.2019", "01.01.2020"]),
])
def test_date_labels(days, labels):
    dates = [datetime.date.fromisoformat(day) for day in days]
    assert [date_format(dates)(day) for day in dates] == labels


def test_x_labels_keep_the_first_and_last_date_and_never_overlap():
    emissions = indicator(values=[("2017-12-31", 610000), ("2018-12-31", 595000), ("2019-06-30", 580000)],
                          goals=[("2030-12-31", 300000), ("2035-12-31", 120000)])
    root = parse(indicator_chart(emissions))
    labels = [text for text in find_all(root, "text") if text.get("text-anchor") == "middle"]
    assert [label.text for label in labels] == ["2017", "2019", "2030", "2035"]  # 2018 would touch its neighbours
    xs = [float(label.get("x")) for label in labels]
    assert all(right - left >= 4 * 7.5 for left, right in zip(xs, xs[1:], strict=False))


def test_x_labels_prefer_the_first_date_to_its_crowded_neighbour_and_do_not_repeat():
    root = parse(indicator_chart(indicator(values=[("2017-12-31", 1), ("2018-06-30", 2)], goals=[("2035-12-31", 3)])))
    assert [text.text for text in find_all(root, "text") if text.get("text-anchor") == "middle"] == ["2017", "2035"]
    root = parse(indicator_chart(indicator(values=[("2019-01-15", 1), ("2019-12-15", 2)], goals=[("2022-06-30", 3)])))
    labels = [text for text in find_all(root, "text") if text.get("text-anchor") == "middle"]
    assert [label.text for label in labels] == ["2019", "2022"]
    first_point = find_all(root, "polyline")[0].get("points").split()[0]
    assert labels[0].get("x") == first_point.split(",")[0]  # under the first 2019 point


def test_coordinates_have_one_decimal_and_no_negative_zero():
    assert [coordinate(number) for number in (-0.04, 0.0, 12.345, -3.06, 1e3)] == ["0.0", "0.0", "12.3", "-3.1",
                                                                                     "1000.0"]


def test_line_chart_is_a_polyline_with_dots_in_proportion_to_time_and_on_their_gridlines():
    values = [("2017-12-31", 10), ("2018-12-31", 20), ("2021-12-31", 40)]
    root = parse(indicator_chart(indicator(values=values)))
    assert find_all(root, "rect") == []
    (polyline,) = find_all(root, "polyline")
    centres = circle_centres(root)
    assert polyline.get("points") == " ".join(f"{x:.1f},{y:.1f}" for x, y in centres)
    xs = [x for x, _ in centres]
    assert (xs[2] - xs[1]) / (xs[1] - xs[0]) == pytest.approx(1096 / 365, abs=0.01)  # days between the dates
    gridline_y = {float(line.get("y1")) for line in find_all(root, "line")}
    assert {y for _, y in centres} <= gridline_y  # 10, 20 and 40 are all ticks (step 10)


def test_bar_chart_draws_evenly_spaced_bars_and_no_polyline():
    values = [("2017-12-31", 10), ("2018-12-31", 20), ("2021-12-31", 40)]
    root = parse(indicator_chart(indicator(values=values, chart="bar")))
    assert find_all(root, "polyline") == [] and find_all(root, "circle") == []
    bars = find_all(root, "rect")
    assert len(bars) == 3
    centres = [float(bar.get("x")) + float(bar.get("width")) / 2 for bar in bars]
    assert centres[2] - centres[1] == pytest.approx(centres[1] - centres[0], abs=0.1)
    heights = [float(bar.get("height")) for bar in bars]
    assert heights[1] == pytest.approx(2 * heights[0], abs=0.1) and heights[2] == pytest.approx(4 * heights[0], abs=0.1)


def test_negative_bar_hangs_from_the_zero_line():
    root = parse(indicator_chart(indicator(values=[("2019-03-01", -3.5), ("2019-06-01", 2.25)], chart="bar")))
    assert tick_texts(root) == ["-4", "-2", "0", "2", "4"]
    zero_line = next(line for line in find_all(root, "line") if line.get("stroke") == "#555555")
    negative, positive = find_all(root, "rect")
    assert negative.get("y") == zero_line.get("y1")
    assert float(positive.get("y")) + float(positive.get("height")) == pytest.approx(float(zero_line.get("y1")))


def test_goals_are_hollow_diamonds_after_the_values_with_a_legend_of_the_same_shapes():
    root = parse(indicator_chart(SHARE))
    diamonds = find_all(root, "polygon")
    assert len(diamonds) == 2  # the goal and its legend entry
    assert all(diamond.get("fill") == "#ffffff" and diamond.get("stroke") == "#1a1a1a" for diamond in diamonds)
    assert len(circle_centres(root)) == 4  # three values and the legend's dot
    goal_x = float(diamonds[-1].get("points").split(",")[0])
    last_value_x = circle_centres(root)[-1][0]
    assert goal_x > last_value_x
    assert {"Toteutunut", "Tavoite", "2025"} <= set(texts(root))


def test_without_goals_there_is_no_legend_or_diamond():
    root = parse(indicator_chart(indicator(values=[("2018-12-31", 1), ("2019-12-31", 2)])))
    assert find_all(root, "polygon") == []
    assert "Toteutunut" not in texts(root) and "Tavoite" not in texts(root)


def test_bar_goal_has_a_dashed_target_line():
    root = parse(indicator_chart(dataclasses.replace(SHARE, chart="bar")))
    dashed = [line for line in find_all(root, "line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1
    assert len(find_all(root, "rect")) == 4  # three bars and the legend's square


def test_only_goals():
    root = parse(indicator_chart(indicator(goals=[("2025-01-01", 50)], unit="kpl")))
    assert root.find(f"{SVG}desc").text == "Ei vielä arvoja. Tavoite 2025: 50 kpl."
    assert find_all(root, "circle") == [] and len(find_all(root, "polygon")) == 2
    assert "Toteutunut" not in texts(root) and "Tavoite" in texts(root)


def test_single_value_sits_in_the_middle():
    root = parse(indicator_chart(indicator(values=[("2019-03-15", 7)])))
    assert find_all(root, "polyline") == []
    ((x, _),) = circle_centres(root)
    zero_line = next(line for line in find_all(root, "line") if line.get("stroke") == "#555555")
    assert x == pytest.approx((float(zero_line.get("x1")) + float(zero_line.get("x2"))) / 2, abs=0.1)
    assert root.find(f"{SVG}desc").text == "Arvo 15.03.2019: 7 %."
    assert "15.03.2019" in texts(root)


def test_compact_chart_has_no_ticks_but_labels_first_and_last_value():
    root = parse(indicator_chart(SHARE, compact=True))
    assert root.get("viewBox") == "0 0 240 80"
    assert root.get("class") == "chart chart-compact"
    assert texts(root) == ["12 %", "40 %"]
    assert len(find_all(root, "polygon")) == 1
    assert [line for line in find_all(root, "line") if line.get("stroke") == "#c8c8c8"] == []
    first_label, last_label = find_all(root, "text")
    assert float(last_label.get("x")) < float(find_all(root, "polygon")[0].get("points").split(",")[0])
    assert float(first_label.get("x")) < float(last_label.get("x"))


def test_compact_labels_with_a_long_unit_stay_inside_the_viewbox():
    long_unit = "tonnia hiilidioksidiekvivalenttia vuodessa"
    root = parse(indicator_chart(indicator(values=[("2019-03-15", 5), ("2019-05-15", 6)], unit=long_unit),
                                 compact=True))
    assert texts(root) == [f"5 {long_unit}", f"6 {long_unit}"]
    assert [float(text.get("x")) for text in find_all(root, "text")] == [8.0, 232.0]


def test_compact_chart_with_one_value_labels_it_once():
    root = parse(indicator_chart(indicator(values=[("2019-03-15", 0.5)], unit=None), compact=True))
    assert texts(root) == ["0,5"]


def relative_luminance(colour: str) -> float:
    channels = [int(colour[index:index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour: str) -> float:
    return 1.05 / (relative_luminance(colour) + 0.05)


def test_colours_meet_wcag_contrast_on_white():
    root = parse(indicator_chart(dataclasses.replace(SHARE, chart="bar")))
    assert contrast_on_white(root.get("fill")) >= 4.5  # the text colour, inherited from the root
    for element in root.iter():
        for attribute in ("fill", "stroke"):
            colour = element.get(attribute)
            if colour in (None, "none", "#ffffff", "#c8c8c8"):  # white fill of hollow shapes; decorative gridlines
                continue
            assert contrast_on_white(colour) >= 3, (element.tag, colour)


COORDINATES = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "width", "height", "r")
finite_numbers = st.one_of(st.integers(min_value=-10**15, max_value=10**15),
                           st.floats(allow_nan=False, allow_infinity=False))
# What YAML can hold and XML can carry: no control characters, surrogates or noncharacters.
texts_from_yaml = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn")), max_size=40)
dated_values = st.lists(st.tuples(st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 12, 31)), finite_numbers),
                        max_size=8).map(lambda pairs: tuple(Point(day, value) for day, value in sorted(pairs)))


@settings(max_examples=300, deadline=None)
@given(values=dated_values, goals=dated_values, chart=st.sampled_from(["line", "bar"]), compact=st.booleans(),
       name=texts_from_yaml, unit=st.one_of(st.none(), texts_from_yaml))
def test_any_dated_numbers_give_well_formed_svg_inside_its_viewbox(values, goals, chart, compact, name, unit):
    data = dataclasses.replace(SHARE, id="m", name=name, unit=unit, chart=chart, values=values, goals=goals)
    chart_markup = indicator_chart(data, compact=compact)
    if not values and not goals:
        assert chart_markup == ""
        return
    root = parse(chart_markup)
    title = root.find(f"{SVG}title")
    assert (title.get("id"), title.text or "") == ("chart-m-title", name)
    assert root.find(f"{SVG}desc").text
    _, _, width, height = (float(number) for number in root.get("viewBox").split())
    for element in root.iter():
        numbers = [float(element.get(name)) for name in COORDINATES if element.get(name) is not None]
        for pair in (element.get("points") or "").split():
            numbers += [float(number) for number in pair.split(",")]
        assert all(math.isfinite(number) and 0 <= number <= max(width, height) for number in numbers), element.attrib
        if element.get("cx") is not None:
            assert 0 <= float(element.get("cx")) <= width and 0 <= float(element.get("cy")) <= height
        if element.get("x") is not None:
            assert 0 <= float(element.get("x")) <= width and 0 <= float(element.get("y")) <= height
    assert indicator_chart(data, compact=compact) == chart_markup
