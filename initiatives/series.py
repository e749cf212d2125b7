"""Group figures into series over time and describe each change; pure Python, no queries.

A series is the figures that measure the same thing in the same base unit: the same indicator,
or else the same counted noun. Running totals (and figures that do not say) and new amounts per
period are kept apart, since a line through both would compare unlike things. Nothing is ever
added up: a point is one reported figure.
"""

from dataclasses import dataclass, field
from decimal import Decimal

# Points on a small chart; older ones stay in the table and the export.
MAX_CHART_POINTS = 24


@dataclass
class Series:
    label: str  # The indicator's name, or the counted noun.
    base_unit: str
    new_amounts: bool  # True for 新增 per period, False for running totals or unstated.
    points: list = field(default_factory=list)  # Figures, oldest first, one per date.

    @property
    def latest(self):
        return self.points[-1]

    @property
    def previous(self):
        return self.points[-2] if len(self.points) > 1 else None

    @property
    def change(self):
        """Return the latest amount minus the one before, or None with a single point."""
        if self.previous is None:
            return None
        return self.latest.amount - self.previous.amount

    @property
    def change_percent(self):
        """Return the change as a percentage of the earlier amount, or None if that was 0."""
        if self.change is None or not self.previous.amount:
            return None
        return (self.change / self.previous.amount * 100).quantize(Decimal(1))

    @property
    def chart_points(self):
        return [(figure.as_of, figure.amount) for figure in self.points[-MAX_CHART_POINTS:]]


def series_key(figure):
    measure = (
        ("indicator", figure.indicator_id) if figure.indicator_id else ("counted", figure.counted)
    )
    return (*measure, figure.base_unit, figure.basis == "new")


def label(figure):
    """Return what a figure's series is called: its indicator's name, else its counted noun."""
    return figure.indicator.name if figure.indicator_id else figure.counted


def series_of(figures):
    """Return the series among figures (in reading order), longest first; undated ones are left out.

    Where one date has several figures of a series (a total and a part of it in one report), the
    first in reading order stands for that date: papers give the total before its parts.
    """
    grouped, dates = {}, set()
    for figure in figures:
        if figure.as_of is None:
            continue
        key = series_key(figure)
        if key not in grouped:
            grouped[key] = Series(label(figure), figure.base_unit, new_amounts=key[-1])
        if (key, figure.as_of) not in dates:
            dates.add((key, figure.as_of))
            grouped[key].points.append(figure)
    for series in grouped.values():
        series.points.sort(key=lambda figure: figure.as_of)
    return sorted(grouped.values(), key=lambda series: (-len(series.points), series.label))
