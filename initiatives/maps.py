"""Draw a choropleth map as SVG on the server: units shaded by value, each one a link.

Pure Python: the caller gives each unit's name, address, value and stored outline (see
outlines.py); region_maps.py gathers them from the database. Every text is escaped.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .charts import format_number

# Every map is drawn 1000 wide, whatever the region's size, so the site's CSS can size its
# labels in one unit for a desktop and a phone.
WIDTH = 1000
MARGIN = 12
# Shades for values above zero: up to this many classes, each a range of the values.
CLASSES = 4
# A unit gets its value written on it if its box is at least this wide and tall on the map;
# smaller ones (a city's districts) keep theirs in the tooltip and the table.
LABEL_MIN_WIDTH = 90
LABEL_MIN_HEIGHT = 45
# Side of a pattern's tile on the map, in the 1000-wide space.
TILE = 14
# What class a unit without a value and a unit with zero are in.
NO_VALUE = "none"
ZERO = 0


@dataclass(frozen=True)
class Unit:
    """A county or a prefecture on a map: its value, and its outline if it has one."""

    name: str
    url: str
    value: int | Decimal | None
    text: str  # The value as a visitor reads it: "12 项工作举措", "3,000 元".
    path: str = ""
    box: tuple[int, int, int, int] | None = None
    label: tuple[int, int] | None = None
    current: bool = False


@dataclass(frozen=True)
class Shade:
    """One class of the legend: values from low to high, or no value at all."""

    key: int | str  # NO_VALUE, ZERO, or 1 to CLASSES.
    low: int | Decimal | None = None
    high: int | Decimal | None = None

    def label(self):
        if self.key == NO_VALUE:
            return _("无数据")
        if self.low == self.high:
            return format_number(self.low)
        return f"{format_number(self.low)}–{format_number(self.high)}"


def shades_for(values):
    """Return the legend's classes for values: no value, zero, then ranges of the rest."""
    present = [value for value in values if value is not None]
    shades = []
    if len(present) < len(values):
        shades.append(Shade(NO_VALUE))
    if any(value == 0 for value in present):
        shades.append(Shade(ZERO, 0, 0))
    distinct = sorted({value for value in present if value != 0})
    # Classes of equal numbers of distinct values: a few large counties do not squash the
    # rest into one shade, and equal values never straddle two classes.
    groups = min(CLASSES, len(distinct))
    for number in range(groups):
        part = distinct[number * len(distinct) // groups : (number + 1) * len(distinct) // groups]
        shades.append(Shade(number + 1, part[0], part[-1]))
    return shades


def shade_of(value, shades):
    """Return the class key of a value among shades."""
    if value is None:
        return NO_VALUE
    for shade in shades:
        if shade.key != NO_VALUE and shade.low <= value <= shade.high:
            return shade.key
    return ZERO  # Only for a value that was not among those the shades were made from.


@dataclass(frozen=True)
class Drawing:
    """A drawn map: the SVG, its legend as HTML, and the units without an outline."""

    svg: str
    legend: str
    unmapped: list


def box_around(units):
    """Return the bounding box of the units' outlines."""
    boxes = [unit.box for unit in units]
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


def pattern(pattern_id, key, tile):
    """Return a pattern filling one class: its colour, and a texture so colour is not alone."""
    half, size, line = f"{tile / 2:.4g}", f"{tile:.4g}", f"{tile / 8:.3g}"
    # Textures by class: none hatched, zero plain, then dots, lines, crossed lines, dense dots.
    marks = {
        NO_VALUE: f"M0 {size}L{size} 0",
        ZERO: "",
        1: f"M{half} {half}h0.01",
        2: f"M0 {half}H{size}",
        3: f"M0 {half}H{size}M{half} 0V{size}",
        4: f"M0 0L{size} {size}M0 {size}L{size} 0",
    }
    # A dot is a round-capped line of almost no length: one element and one class for all.
    width = f"{tile / 3:.3g}" if key == 1 else line
    return format_html(
        '<pattern id="{}" patternUnits="userSpaceOnUse" width="{}" height="{}">'
        '<rect class="map-shade-{}" width="{}" height="{}"/>{}</pattern>',
        pattern_id,
        size,
        size,
        key,
        size,
        size,
        format_html('<path class="map-ink" stroke-width="{}" d="{}"/>', width, marks[key])
        if marks[key]
        else "",
    )


def choropleth(units, *, title, description, map_id):
    """Return a Drawing of the units shaded by value, each outline a link with a tooltip."""
    units = list(units)
    shades = shades_for([unit.value for unit in units])
    mapped = [unit for unit in units if unit.path and unit.box]
    unmapped = [unit for unit in units if not (unit.path and unit.box)]
    legend = legend_html(shades, map_id)
    if not mapped:
        return Drawing(svg="", legend=legend, unmapped=unmapped)
    min_x, min_y, max_x, max_y = box_around(mapped)
    scale = (WIDTH - 2 * MARGIN) / max(max_x - min_x, 1)
    height = round((max_y - min_y) * scale + 2 * MARGIN)
    # The current county is drawn last, so its thick border lies on top of its neighbours'.
    mapped.sort(key=lambda unit: unit.current)
    shapes = format_html_join(
        "",
        '<a href="{}" class="map-link{}"{}><title>{}：{}</title>'
        '<path class="map-unit" fill="url(#{}-{})" d="{}"/></a>',
        (
            (
                unit.url,
                " map-current" if unit.current else "",
                mark_safe(' aria-current="page"') if unit.current else "",
                unit.name,
                unit.text,
                map_id,
                shade_of(unit.value, shades),
                unit.path,
            )
            for unit in mapped
        ),
    )
    labels = format_html_join(
        "",
        '<text class="map-value" x="{}" y="{}" text-anchor="middle" dominant-baseline="middle">'
        "{}</text>",
        (
            (
                f"{MARGIN + (unit.label[0] - min_x) * scale:.0f}",
                f"{MARGIN + (unit.label[1] - min_y) * scale:.0f}",
                format_number(unit.value),
            )
            for unit in mapped
            if unit.value is not None and unit.label and labelled(unit.box, scale)
        ),
    )
    patterns = format_html_join(
        "",
        "{}",
        ((pattern(f"{map_id}-{shade.key}", shade.key, TILE / scale),) for shade in shades),
    )
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="map" role="group" '
        'viewBox="0 0 {width} {height}" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        "<defs>{patterns}</defs>"
        '<g transform="translate({margin} {margin}) scale({scale}) translate({x} {y})">'
        "{shapes}</g>"
        '<g class="map-values" aria-hidden="true">{labels}</g></svg>',
        width=WIDTH,
        height=height,
        id=map_id,
        title=title,
        description=description,
        patterns=patterns,
        margin=MARGIN,
        scale=f"{scale:.6g}",
        x=-min_x,
        y=-min_y,
        shapes=shapes,
        labels=labels,
    )
    return Drawing(svg=svg, legend=legend, unmapped=unmapped)


def labelled(box, scale):
    """Return whether a unit's box is large enough on the map to carry its value."""
    return (box[2] - box[0]) * scale >= LABEL_MIN_WIDTH and (
        box[3] - box[1]
    ) * scale >= LABEL_MIN_HEIGHT


def legend_html(shades, map_id):
    """Return the legend as a list: a swatch with the class's colour and texture, and its range."""
    # Each swatch carries its own pattern: a pattern's tile follows the user space of the
    # drawing that uses it, and the map's is scaled.
    return format_html(
        '<ul class="map-legend">{}</ul>',
        format_html_join(
            "",
            '<li><svg class="map-swatch" viewBox="0 0 36 20" aria-hidden="true" focusable="false">'
            '<defs>{}</defs><rect fill="url(#{})" width="36" height="20"/></svg>{}</li>',
            (
                (
                    pattern(f"{map_id}-key-{shade.key}", shade.key, 10),
                    f"{map_id}-key-{shade.key}",
                    shade.label(),
                )
                for shade in shades
            ),
        ),
    )
