"""Indicator -> an accessible inline SVG chart, drawn at build time.

The site sends no JavaScript and asks no other host for anything, so a chart is plain SVG
inside the page. The same indicator always gives the same bytes (every coordinate has one
decimal, nothing depends on time or set order), so golden files and caches stay stable.
Colours meet WCAG 2.1 AA on white, and goals differ from values by shape (a hollow
diamond), not by colour alone. The text alternative is the <desc>, in Finnish.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext

from markupsafe import Markup, escape

from ..site.views import Indicator

VALUE_COLOUR = "#0000bf"  # the site's blue, 11:1 on white
GOAL_COLOUR = "#1a1a1a"  # the text colour
TEXT_COLOUR = "#1a1a1a"
GRID_COLOUR = "#c8c8c8"  # gridlines only help the eye: the tick labels carry the values
AXIS_COLOUR = "#555555"  # the zero line, 7.5:1
NICE_STEPS = tuple(Decimal(step) for step in ("1", "2", "2.5", "5", "10"))
CHAR_WIDTH = 7.5  # rough width of a digit at font-size 13, to keep labels apart
COMPACT_CHAR_WIDTH = 7.0  # the same at font-size 12


@dataclass(frozen=True)
class Frame:
    """The viewBox and the plot area inside it."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float


def format_number(value: float | int) -> str:
    """Finnish style: 1 234,5. Pages pass render.format_number for their language instead."""
    return format(value, ",").replace(",", "\u00a0").replace(".", ",")


def untranslated(message: str) -> str:
    return message


def with_unit(value: float | int, unit: str, number: Callable = format_number) -> str:
    return f"{number(value)} {unit}" if unit else number(value)


def nice_ticks(numbers: Iterable[float | int]) -> list[Decimal]:
    """Round y ticks (1, 2, 2.5 or 5 × 10ⁿ apart) covering 0 and every number.

    Decimal keeps 0.1 × 3 from becoming 0.30000000000000004 and huge or tiny numbers
    from overflowing.
    """
    with localcontext(Context(prec=28)):
        exact = [Decimal(str(number)) for number in numbers]
        low, high = min([Decimal(0), *exact]), max([Decimal(0), *exact])
        if low == high:
            high = Decimal(1)
        raw_step = (high - low) / 4
        magnitude = Decimal(1).scaleb(raw_step.adjusted())
        step = next(nice * magnitude for nice in NICE_STEPS if nice * magnitude >= raw_step)
        return [step * k for k in range(math.floor(low / step), math.ceil(high / step) + 1)]


def tick_label(tick: Decimal, step: Decimal, number: Callable = format_number) -> str:
    """The tick in the page's style (Finnish by default) with no more decimals than the step needs."""
    decimals = max(0, -step.normalize().as_tuple().exponent)
    text = f"{tick:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return number(Decimal(text))


def date_format(dates: list[datetime.date]) -> Callable[[datetime.date], str]:
    """Years for yearly data or spans over two years; else months, or days when they matter."""
    if all((day.month, day.day) in ((1, 1), (12, 31)) for day in dates) or (max(dates) - min(dates)).days > 731:
        return lambda day: str(day.year)
    if all(day.day == 1 or (day + datetime.timedelta(days=1)).day == 1 for day in dates):
        return lambda day: f"{day.month}/{day.year}"
    return lambda day: f"{day.day:02}.{day.month:02}.{day.year}"


def describe(values: list[dict], goals: list[dict], unit: str, label_date: Callable,
             gettext: Callable = untranslated, number: Callable = format_number) -> str:
    """The chart in words: what a screen reader says instead of drawing it."""

    def series(points: list[dict], one: str, many: str) -> str:
        first, last = label_date(points[0].date), label_date(points[-1].date)
        span = first if first == last else f"{first}–{last}"
        numbers = ", ".join(with_unit(point.value, unit, number) for point in points)
        return f"{one if len(points) == 1 else many} {span}: {numbers}."

    parts = [series(values, gettext("Arvo"), gettext("Arvot")) if values else gettext("Ei vielä arvoja.")]
    if goals:
        parts.append(series(goals, gettext("Tavoite"), gettext("Tavoitteet")))
    return " ".join(parts)


def coordinate(number: float) -> str:
    text = f"{number:.1f}"
    return "0.0" if text == "-0.0" else text


def element(name: str, text: str | None = None, **attributes: str | float) -> str:
    """One SVG element with escaped text and attributes (class_ -> class, stroke_width -> stroke-width)."""
    pairs = "".join(
        f' {key.rstrip("_").replace("_", "-")}="{escape(coordinate(value) if isinstance(value, float) else value)}"'
        for key, value in attributes.items())
    return f"<{name}{pairs}/>" if text is None else f"<{name}{pairs}>{escape(text)}</{name}>"


def y_scale(ticks: list[Decimal], frame: Frame) -> Callable[[float | int | Decimal], float]:
    low, high = ticks[0], ticks[-1]

    def y_of(value: float | int | Decimal) -> float:
        with localcontext(Context(prec=28)):
            share = float((Decimal(str(value)) - low) / (high - low))
        return frame.bottom - share * (frame.bottom - frame.top)

    return y_of


def x_positions(dates: list[datetime.date], bars: bool, frame: Frame, inset: float) -> dict[datetime.date, float]:
    """Bars evenly spaced in slots; line points in proportion to time."""
    if bars:
        slot = (frame.right - frame.left) / len(dates)
        return {day: frame.left + (index + 0.5) * slot for index, day in enumerate(dates)}
    left, right = frame.left + inset, frame.right - inset
    first, last = dates[0].toordinal(), dates[-1].toordinal()
    if first == last:
        return {dates[0]: (left + right) / 2}
    return {day: left + (right - left) * (day.toordinal() - first) / (last - first) for day in dates}


def diamond(x: float, y: float, size: float) -> str:
    corners = ((x, y - size), (x + size, y), (x, y + size), (x - size, y))
    return element("polygon", points=" ".join(f"{coordinate(cx)},{coordinate(cy)}" for cx, cy in corners),
                   fill="#ffffff", stroke=GOAL_COLOUR, stroke_width="2")


def draw_series(values: list[dict], goals: list[dict], bars: bool, x_of: dict, y_of: Callable,
                bar_width: float, marker: float) -> list[str]:
    """Values as bars or a line with dots; goals as hollow diamonds (on bars with a dashed target line)."""
    drawn = []
    zero = y_of(0)
    if bars:
        for point in values:
            x, y = x_of[point.date], y_of(point.value)
            drawn.append(element("rect", x=x - bar_width / 2, y=min(y, zero), width=bar_width,
                                 height=abs(zero - y), fill=VALUE_COLOUR))
    else:
        if len(values) > 1:
            points = " ".join(f"{coordinate(x_of[p.date])},{coordinate(y_of(p.value))}" for p in values)
            drawn.append(element("polyline", points=points, fill="none", stroke=VALUE_COLOUR,
                                 stroke_width="2.5", stroke_linejoin="round"))
        drawn += [element("circle", cx=x_of[p.date], cy=y_of(p.value), r=marker, fill=VALUE_COLOUR)
                  for p in values]
    for point in goals:
        x, y = x_of[point.date], y_of(point.value)
        if bars:
            drawn.append(element("line", x1=x - bar_width / 2 - 4, y1=y, x2=x + bar_width / 2 + 4, y2=y,
                                 stroke=GOAL_COLOUR, stroke_width="2", stroke_dasharray="5 3"))
        drawn.append(diamond(x, y, marker * 1.5))
    return drawn


def y_axis(ticks: list[Decimal], frame: Frame, y_of: Callable, unit: str, number: Callable = format_number
           ) -> list[str]:
    drawn = [element("text", unit, x=8.0, y=16.0)] if unit else []
    for tick in ticks:
        y = y_of(tick)
        colour = AXIS_COLOUR if tick == 0 else GRID_COLOUR
        drawn.append(element("line", x1=frame.left, y1=y, x2=frame.right, y2=y, stroke=colour, stroke_width="1"))
        drawn.append(element("text", tick_label(tick, ticks[1] - ticks[0], number), x=frame.left - 8, y=y + 4.5,
                             text_anchor="end"))
    return drawn


def x_axis(dates: list[datetime.date], x_of: dict, label_date: Callable, y: float) -> list[str]:
    """Date labels: the last and first date first, then the others while they fit without overlap or repeat."""
    kept: dict[str, tuple[float, float, float]] = {}
    for day in [dates[-1], dates[0], *reversed(dates[1:-1])]:
        text, x = label_date(day), x_of[day]
        half = CHAR_WIDTH * len(text) / 2 + 4
        if text not in kept and all(x + half <= start or x - half >= end for start, end, _ in kept.values()):
            kept[text] = (x - half, x + half, x)
    return [element("text", text, x=x, y=y, text_anchor="middle")
            for text, (_, _, x) in sorted(kept.items(), key=lambda item: item[1])]


def legend(has_values: bool, bars: bool, x: float, y: float, gettext: Callable = untranslated) -> list[str]:
    """The same shapes as in the chart, so the legend reads without colour."""
    drawn = []
    if has_values:
        if bars:
            drawn.append(element("rect", x=x + 4, y=y - 11, width=12.0, height=12.0, fill=VALUE_COLOUR))
        else:
            drawn.append(element("line", x1=x, y1=y - 5, x2=x + 20, y2=y - 5, stroke=VALUE_COLOUR,
                                 stroke_width="2.5"))
            drawn.append(element("circle", cx=x + 10, cy=y - 5, r=4.0, fill=VALUE_COLOUR))
        drawn.append(element("text", gettext("Toteutunut"), x=x + 26, y=y))
        x += 26 + CHAR_WIDTH * len(gettext("Toteutunut")) + 20
    drawn += [diamond(x + 10, y - 5, 6.0), element("text", gettext("Tavoite"), x=x + 26, y=y)]
    return drawn


def end_labels(values: list[dict], unit: str, x_of: dict, frame: Frame, number: Callable = format_number) -> list[str]:
    """The first and last value under the sparkline, each ending near its own point rather than under a goal."""
    first_text, last_text = with_unit(values[0].value, unit, number), with_unit(values[-1].value, unit, number)
    first_x = max(frame.left, min(x_of[values[0].date], frame.right - COMPACT_CHAR_WIDTH * len(first_text)))
    drawn = [element("text", first_text, x=first_x, y=74.0)]
    if len(values) > 1:
        clear_of_first = first_x + COMPACT_CHAR_WIDTH * (len(first_text) + len(last_text) + 2)
        drawn.append(element("text", last_text, x=min(frame.right, max(x_of[values[-1].date], clear_of_first)),
                             y=74.0, text_anchor="end"))
    return drawn


def indicator_chart(indicator: Indicator, *, compact: bool = False, id_prefix: str = "chart",
                    gettext: Callable = untranslated, number: Callable = format_number) -> Markup:
    """The indicator's values and goals as inline SVG; "" when it has neither.

    `compact` draws a small sparkline labelled with its first and last value, for pages
    where the chart sits beside other facts.
    """
    values, goals = list(indicator.values), list(indicator.goals)
    if not values and not goals:
        return Markup("")
    unit = indicator.unit or ""
    bars = indicator.chart == "bar"
    dates = sorted({point.date for point in values + goals})
    label_date = date_format(dates)
    ticks = nice_ticks(point.value for point in values + goals)
    if compact:
        frame = Frame(240, 80, 8.0, 232.0, 8.0, 58.0)
    else:
        label_width = max(len(tick_label(tick, ticks[1] - ticks[0], number)) for tick in ticks)
        frame = Frame(600, 300, min(240.0, 16 + CHAR_WIDTH * label_width), 572.0, 28.0, 242.0 if goals else 266.0)
    y_of = y_scale(ticks, frame)
    x_of = x_positions(dates, bars, frame, inset=0.0 if compact else 12.0)
    slot = (frame.right - frame.left) / len(dates)
    bar_width = min(slot * 0.6, 24.0 if compact else 48.0)

    body = []
    if compact:
        body.append(element("line", x1=frame.left, y1=y_of(0), x2=frame.right, y2=y_of(0), stroke=AXIS_COLOUR,
                            stroke_width="1"))
    else:
        body += y_axis(ticks, frame, y_of, unit, number)
        body += x_axis(dates, x_of, label_date, frame.bottom + 20)
        if goals:
            body += legend(bool(values), bars, frame.left, 288.0, gettext)
    body += draw_series(values, goals, bars, x_of, y_of, bar_width, marker=3.0 if compact else 4.0)
    if compact and values:
        body += end_labels(values, unit, x_of, frame, number)

    ids = f"{id_prefix}-{indicator.id}"
    return Markup("\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width} {frame.height}"'
        f' class="{"chart chart-compact" if compact else "chart"}" role="img"'
        f' aria-labelledby="{escape(ids)}-title {escape(ids)}-desc"'
        f' font-family="system-ui, sans-serif" font-size="{12 if compact else 13}" fill="{TEXT_COLOUR}">',
        element("title", indicator.name, id=f"{ids}-title"),
        element("desc", describe(values, goals, unit, label_date, gettext, number), id=f"{ids}-desc"),
        *body,
        "</svg>",
    ]))
