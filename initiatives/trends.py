"""The time views of public figures: latest values, recent changes, and one series per county.

Every query here reads a bounded number of rows whatever the number of figures: the newest one
or two of each indicator from the listing's index in that order, and an indicator's monthly
points per county, which the database keeps (SeriesPoint).
"""

from dataclasses import dataclass

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from .charts import bar_chart, line_chart
from .models import Figure, FigureTally, SeriesPoint
from .querysets import newest_figure_first
from .series import MAX_CHART_POINTS, series_of

# What series_of() and a chart read of a figure.
POINT_FIELDS = ["as_of", "amount", "basis", "base_unit"]


@dataclass(slots=True)
class Point:
    """One month's figure of an indicator's series in a county, as its chart draws it."""

    indicator: object
    indicator_id: int
    counted: str
    initiative__county: int
    as_of: object
    amount: object
    basis: str
    base_unit: str


def indicator_trends(county):
    """Return the series of each indicator in a county, from its latest reading and the one before."""
    indicators = (
        FigureTally.objects.filter(county=county, indicator__isnull=False)
        .order_by("indicator")
        .values_list("indicator", flat=True)
        .distinct()
    )
    figures = Figure.objects.public().filter(
        listing__county_position=county.position, listing__county=county
    )
    newest = figures.newest_per("listing__indicator", list(indicators), keep=2)
    return series_of(newest.select_related("indicator", "initiative").newest_first())


def newest_points(indicator):
    """Return the indicator's monthly points ranked per county, the newest first."""
    return SeriesPoint.objects.filter(indicator=indicator).annotate(
        rank=Window(RowNumber(), partition_by=[F("county")], order_by=newest_figure_first(path=""))
    )


def latest_by_county(indicator):
    """Return each county's latest public figure of an indicator, the largest amount first."""
    latest = newest_points(indicator).filter(rank=1).values("figure")
    return (
        Figure.objects.filter(pk__in=latest)
        .select_related("initiative__county")
        .order_by("-amount", "initiative__county__position", "pk")
    )


def county_comparison(indicator, keys, *, title):
    """Return the latest figures of `keys` in their order, each with its series, and their bars."""
    latest = Figure.objects.select_related("initiative__county").in_order_of(keys)
    latest = county_series(indicator, latest, chart_prefix="county")
    bars = [(figure.initiative.county.name, figure.amount) for figure in latest]
    return latest, bar_chart(bars, title=title, chart_id="indicator-chart") if bars else ""


def county_series(indicator, latest, *, chart_prefix):
    """Attach to each latest figure its county's monthly series (the last reading of a month)."""
    counties = [figure.initiative.county_id for figure in latest]
    # Enough of the newest months for the newest chart of either basis.
    points = (
        newest_points(indicator)
        .filter(county__in=counties, rank__lte=MAX_CHART_POINTS * 2)
        .values("figure")
    )
    # Only what a chart and its change line read: twenty counties' points are thousands of rows,
    # and whole figures with their initiatives cost several times the query.
    monthly = (
        Figure.objects.filter(pk__in=points)
        .order_by("initiative__county", "-as_of", "basis", "pk")
        .values_list("initiative__county", *POINT_FIELDS)
    )
    by_county = {}
    for row in monthly:
        # In Point's order: hundreds of rows, built without a dict each.
        by_county.setdefault(row[0], []).append(Point(indicator, indicator.pk, "", *row))
    for number, figure in enumerate(latest, 1):
        same_basis = [
            point
            for point in by_county.get(figure.initiative.county_id, [])
            if (point.basis == "new") == (figure.basis == "new")
        ]
        series = series_of(same_basis)
        figure.series = series[0] if series else None
        if figure.series and len(figure.series.points) > 1:
            figure.series.chart = line_chart(
                figure.series.chart_points,
                title=figure.initiative.county.name,
                chart_id=f"{chart_prefix}-{number}",
                unit=figure.base_unit,
            )
    return latest
