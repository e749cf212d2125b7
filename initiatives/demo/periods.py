"""The periods a generated figure is dated by: 截至X月底, 今年以来, 上半年 and the like."""

import datetime
from typing import NamedTuple

from .text import MONTH_UNDER_WAY

# Jining's counties, cities and districts, in the order the paper lists them.


def previous_month(day):
    """Return the first and last day of the month before day's."""
    end = day.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def month_name(end, day):
    """Return how a report of day names end's month: "5月", or "2024年12月" across a year."""
    return f"{end.month}月" if end.year == day.year else f"{end.year}年{end.month}月"


class Period(NamedTuple):
    """How a sentence dates its figure, and the days the figure covers."""

    words: str  # Written before the sentence.
    name: str  # Figure.period.
    start: datetime.date | None  # First day of an amount within a period; None for a total.
    as_of: datetime.date


def total_periods(day):
    """Return the ways a report of day dates a running total."""
    _, end = previous_month(day)
    month_end_name = f"截至{month_name(end, day)}底"
    return [
        Period(f"{month_end_name}，", month_end_name, None, end),
        Period("截至目前，", "截至目前", None, day),
        Period("", "累计", None, day),  # The sentence's own 累计 is the period.
    ]


def new_periods(day):
    """Return the ways a report of day dates an amount within a period."""
    year = day.replace(month=1, day=1)
    start, end = previous_month(day)
    periods = [Period(f"{month_name(end, day)}份，", f"{month_name(end, day)}份", start, end)]
    # "本月" or "今年以来" in the first days of a month or year would report next to nothing.
    if day.day >= MONTH_UNDER_WAY:
        periods.append(Period("本月", "本月", day.replace(day=1), day))
    if (day - year).days >= MONTH_UNDER_WAY:
        periods.append(Period("今年以来，", "今年以来", year, day))
    if day.month >= 7:
        periods.append(Period("上半年，", "上半年", year, day.replace(month=6, day=30)))
    return periods


def rate_period(day):
    return Period("目前，", "目前", None, day)


def correction_period(day):
    """Return the period of a running total restated lower than the paper printed it before."""
    return Period("经核实更正，截至目前，", "截至目前", None, day)


def printed(fact, number):
    """Return number as the paper prints it: tenths with one decimal for "dec" and "pct"."""
    return f"{number // 10}.{number % 10}" if fact.style in ("dec", "pct") else str(number)
