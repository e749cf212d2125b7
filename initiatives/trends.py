"""The time views of public figures: latest values, recent changes, and one series per county.

Every query here returns a bounded number of rows whatever the number of figures: the newest
one or two per group, or one per month, ranked in the database.
"""

from django.db.models.functions import TruncMonth

from .charts import line_chart
from .series import MAX_CHART_POINTS, series_of


def indicator_trends(figures):
    """Return each indicator's series among figures, from its latest and the reading before."""
    newest = figures.filter(indicator__isnull=False).latest_per("indicator", keep=2)
    return series_of(newest.select_related("indicator", "initiative"))


def latest_by_county(figures):
    """Return each county's latest figure among figures, the largest amount first."""
    return list(
        figures.latest_per("initiative__county")
        .select_related("initiative__county", "initiative", "paragraph__report")
        .order_by("-amount", "initiative__county__position", "pk")
    )


def county_series(figures, latest, *, chart_prefix):
    """Attach to each latest figure its county's monthly series (the last reading of a month)."""
    counties = [figure.initiative.county_id for figure in latest]
    monthly = (
        figures.filter(initiative__county__in=counties)
        .annotate(month=TruncMonth("as_of"))
        .latest_per("initiative__county", "basis", "month")
        .select_related("indicator")
        .order_by("initiative__county", "-as_of")
    )
    by_county = {}
    for figure in monthly:
        points = by_county.setdefault(figure.initiative.county_id, [])
        if len(points) < MAX_CHART_POINTS * 2:  # Enough for the newest of either basis.
            points.append(figure)
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
