"""Members' shares side by side as one inline SVG line chart: a line for each member over the years.

Like charts.py: no script, no clock, one decimal per coordinate, so the same figures always give the same
bytes. Members differ by colour and by the shape of their markers (not by colour alone), the legend
uses the same shapes, and the table beside the chart holds every figure for a screen reader (the
<desc> says so). With many members the lines crowd: the table and the CSV hold every figure.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from .charts import CHAR_WIDTH, GRID_COLOUR, TEXT_COLOUR, coordinate, element, format_number, untranslated

# Eight colours of at least 4.5:1 on white, then the same again with other shapes.
COLOURS = ("#0000bf", "#b3261e", "#00663d", "#6b2fa0", "#8a4b00", "#005f73", "#9c1e6b", "#3d3d3d")
SHAPES = ("circle", "square", "triangle", "diamond")
WIDTH, PLOT_HEIGHT = 640, 240
LEFT, RIGHT, TOP = 48.0, 620.0, 16.0
LEGEND_ROW = 22


def marker(shape: str, x: float, y: float, colour: str) -> str:
    """A member's marker: the shape tells the members apart without colour."""
    if shape == "circle":
        return element("circle", cx=x, cy=y, r=4.5, fill=colour)
    if shape == "square":
        return element("rect", x=x - 4, y=y - 4, width=8.0, height=8.0, fill=colour)
    if shape == "triangle":
        points = ((x, y - 5), (x + 5, y + 4), (x - 5, y + 4))
    else:
        points = ((x, y - 5.5), (x + 5.5, y), (x, y + 5.5), (x - 5.5, y))
    return element("polygon", points=" ".join(f"{coordinate(px)},{coordinate(py)}" for px, py in points),
                   fill=colour)


def style_of(index: int) -> tuple[str, str, str]:
    """Colour, marker shape and dash pattern of the index-th member."""
    colour, shape = COLOURS[index % len(COLOURS)], SHAPES[(index // len(COLOURS)) % len(SHAPES)]
    return colour, shape, "" if index < len(COLOURS) else "6 3"


def members_chart(series: list[tuple[str, list[tuple[int, float]]]], chart_id: str, title: str, *,
                  gettext: Callable = untranslated, number: Callable = format_number) -> Markup:
    """Each (member's name, [(year, share in per cent)]) as a line over the years, 0-100 %; "" without figures."""
    years = sorted({year for _, points in series for year, _ in points})
    if not years:
        return Markup("")
    bottom = TOP + PLOT_HEIGHT
    columns = max(1, int((RIGHT - LEFT) // 200))
    rows = -(-len(series) // columns)
    height = int(bottom + 40 + rows * LEGEND_ROW)

    def x_of(year: int) -> float:
        return (LEFT + RIGHT) / 2 if len(years) == 1 else LEFT + (RIGHT - LEFT) * years.index(year) / (len(years) - 1)

    def y_of(value: float) -> float:
        return bottom - value / 100 * PLOT_HEIGHT

    body = []
    for tick in (0, 25, 50, 75, 100):
        body.append(element("line", x1=LEFT, y1=y_of(tick), x2=RIGHT, y2=y_of(tick), stroke=GRID_COLOUR,
                            stroke_width="1"))
        body.append(element("text", f"{number(tick)} %", x=LEFT - 6, y=y_of(tick) + 4.5, text_anchor="end"))
    fits = int((RIGHT - LEFT) // (CHAR_WIDTH * 6))  # year labels side by side
    step = max(1, -(-len(years) // fits))
    body += [element("text", str(year), x=x_of(year), y=bottom + 20, text_anchor="middle")
             for index, year in enumerate(years) if index % step == 0 or year == years[-1]]
    for index, (name, points) in enumerate(series):
        colour, shape, dash = style_of(index)
        line = " ".join(f"{coordinate(x_of(year))},{coordinate(y_of(value))}" for year, value in points)
        if len(points) > 1:
            body.append(element("polyline", points=line, fill="none", stroke=colour, stroke_width="2",
                                **({"stroke_dasharray": dash} if dash else {})))
        body += [marker(shape, x_of(year), y_of(value), colour) for year, value in points]
        column, row = index % columns, index // columns
        x, y = LEFT + column * 200, bottom + 44 + row * LEGEND_ROW
        body += [element("line", x1=x, y1=y - 4, x2=x + 20, y2=y - 4, stroke=colour, stroke_width="2",
                         **({"stroke_dasharray": dash} if dash else {})),
                 marker(shape, x + 10, y - 4, colour), element("text", name[:24], x=x + 26, y=y)]
    ids = escape(chart_id)
    desc = gettext("Kunkin jäsenen osuus vuosittain; samat luvut ovat kaavion alla olevassa taulukossa.")
    return Markup("\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="chart comparison-chart"'
        f' role="img" aria-labelledby="{ids}-title {ids}-desc" font-family="system-ui, sans-serif" font-size="13"'
        f' fill="{TEXT_COLOUR}">',
        element("title", title, id=f"{chart_id}-title"),
        element("desc", desc, id=f"{chart_id}-desc"),
        *body,
        "</svg>",
    ]))
