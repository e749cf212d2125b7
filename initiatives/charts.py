"""Draw small accessible bar charts as SVG, on the server, with every label escaped."""

from decimal import Decimal

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

# Each bar has its label on a line of its own above it, so the label can be set large enough to
# read on a phone (site.css enlarges .bar-chart text there) without running off the left edge.
LABEL_LINE = 32
BAR_HEIGHT = 20
GAP = 12
VALUE_WIDTH = 150
WIDTH = 640
TOP = 4
# Characters of a label shown above a bar; the full label is in the bar's tooltip and the table.
LABEL_CHARS = 16


def format_number(value):
    """Return a number as short readable text: 3000000 -> '3,000,000', 1.50 -> '1.5'."""
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral_value():
            value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,f}".rstrip("0").rstrip(".")


def bar_chart(rows, *, title, chart_id, description=""):
    """Return a horizontal bar chart of (label, value) rows as a safe SVG string."""
    rows = [(str(label), value) for label, value in rows]
    largest = max((value for _, value in rows), default=0) or 1
    bar_space = WIDTH - VALUE_WIDTH
    row_height = LABEL_LINE + BAR_HEIGHT + GAP
    height = TOP * 2 + max(len(rows), 1) * row_height
    bars = []
    for index, (label, value) in enumerate(rows):
        y = TOP + index * row_height
        width = max(float(value) / float(largest) * bar_space, 2 if value else 0)
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        bar_y = y + LABEL_LINE
        bars.append(
            (
                y + LABEL_LINE - 7,
                short,
                bar_y,
                f"{width:.1f}",
                BAR_HEIGHT,
                label,
                format_number(value),
                f"{width + 8:.1f}",
                bar_y + BAR_HEIGHT / 2,
                format_number(value),
            )
        )
    body = format_html_join(
        "\n",
        '<text class="chart-label" x="0" y="{}">{}</text>'
        '<rect class="chart-bar" x="0" y="{}" width="{}" height="{}" rx="3">'
        "<title>{}：{}</title></rect>"
        '<text class="chart-value" x="{}" y="{}" dominant-baseline="middle">{}</text>',
        bars,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart bar-chart" role="img" '
        'viewBox="0 0 {width} {height}" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        "{body}</svg>",
        width=WIDTH,
        height=height,
        id=chart_id,
        title=title,
        description=description,
        body=body,
    )


# A small time chart: wide enough for two date labels, short enough to sit beside a table.
LINE_WIDTH = 320
LINE_HEIGHT = 120
LINE_PAD = 14
LINE_LEFT = 64


def line_chart(points, *, title, chart_id, unit="", description=""):
    """Return a small time chart of (date, value) points, oldest first, as a safe SVG string."""
    values = [float(value) for _, value in points]
    low, high = min(values, default=0), max(values, default=0)
    span = (high - low) or (abs(high) or 1)
    days = [(date - points[0][0]).days for date, _ in points] if points else []
    length = max(days[-1] if days else 0, 1)
    inner_width = LINE_WIDTH - LINE_LEFT - LINE_PAD
    inner_height = LINE_HEIGHT - 2 * LINE_PAD - 14

    def x(day):
        return LINE_LEFT + (day / length * inner_width if len(points) > 1 else inner_width / 2)

    def y(value):
        return LINE_PAD + inner_height - (value - low) / span * inner_height

    coords = [(f"{x(day):.1f}", f"{y(value):.1f}") for day, value in zip(days, values, strict=True)]
    # Built as text, not escaped argument by argument (an indicator page draws hundreds of
    # dots): coordinates, dates and formatted numbers hold no markup; the unit is escaped once.
    unit = conditional_escape(unit)
    dots = mark_safe(
        "".join(
            f'<circle class="chart-dot" cx="{cx}" cy="{cy}" r="3.5">'
            f"<title>{date.isoformat()}：{format_number(value)}{unit}</title></circle>"
            for (cx, cy), (date, value) in zip(coords, points, strict=True)
        )
    )
    axis = format_html(
        '<text class="chart-value" x="{}" y="{}" text-anchor="end">{}</text>'
        '<text class="chart-value" x="{}" y="{}" text-anchor="end">{}</text>'
        '<text class="chart-label" x="{}" y="{}">{}</text>'
        '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>',
        LINE_LEFT - 6,
        f"{y(high) + 4:.1f}",
        format_number(max(value for _, value in points)) if points else "",
        LINE_LEFT - 6,
        f"{y(low) + 4:.1f}",
        format_number(min(value for _, value in points)) if points else "",
        LINE_LEFT,
        LINE_HEIGHT - 4,
        points[0][0].isoformat() if points else "",
        LINE_WIDTH - LINE_PAD,
        LINE_HEIGHT - 4,
        points[-1][0].isoformat() if len(points) > 1 else "",
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart line-chart" role="img" '
        'viewBox="0 0 {width} {height}" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        '<polyline class="chart-line" fill="none" points="{line}"/>{dots}{axis}</svg>',
        width=LINE_WIDTH,
        height=LINE_HEIGHT,
        id=chart_id,
        title=title,
        description=description,
        line=" ".join(f"{cx},{cy}" for cx, cy in coords),
        dots=dots,
        axis=axis,
    )
