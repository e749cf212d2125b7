"""Draw small accessible bar charts as SVG, on the server, with every label escaped."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join

BAR_HEIGHT = 28
GAP = 10
LABEL_WIDTH = 120
VALUE_WIDTH = 110
WIDTH = 640
TOP = 8
# Characters of a label that fit beside a bar; the full label is in the bar's tooltip and the table.
LABEL_CHARS = 8


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
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP * 2 + max(len(rows), 1) * (BAR_HEIGHT + GAP)
    bars = []
    for index, (label, value) in enumerate(rows):
        y = TOP + index * (BAR_HEIGHT + GAP)
        width = max(float(value) / float(largest) * bar_space, 2 if value else 0)
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        bars.append(
            (
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT / 2,
                short,
                LABEL_WIDTH,
                y,
                f"{width:.1f}",
                BAR_HEIGHT,
                label,
                format_number(value),
                f"{LABEL_WIDTH + width + 6:.1f}",
                y + BAR_HEIGHT / 2,
                format_number(value),
            )
        )
    body = format_html_join(
        "\n",
        '<text class="chart-label" x="{}" y="{}" text-anchor="end" dominant-baseline="middle">'
        "{}</text>"
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" rx="3">'
        "<title>{}：{}</title></rect>"
        '<text class="chart-value" x="{}" y="{}" dominant-baseline="middle">{}</text>',
        bars,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
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
