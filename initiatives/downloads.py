"""The downloads: each export reads the same FilterSet as its page, so it is exactly the view."""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from . import exports, trends
from .filters import FigureFilter, InitiativeFilter
from .models import Figure, Indicator, Initiative


def filtered_figures(request):
    """Return the filter of the /figures/ page bound to this query string."""
    return FigureFilter(request.GET, queryset=Figure.objects.public().in_reading_order())


@require_safe
def figures_csv(request):
    """Download every figure of the filtered /figures/ view as CSV."""
    figures = filtered_figures(request)
    if not figures.is_valid():
        return exports.invalid_filter_response(figures)
    return exports.figures_csv_response(
        figures.qs, request, exports.export_filename("figures", request.GET, "csv")
    )


@require_safe
def figures_json(request):
    """Return every figure of the filtered /figures/ view as JSON."""
    figures = filtered_figures(request)
    if not figures.is_valid():
        return exports.invalid_filter_response(figures)
    return exports.json_response(
        exports.figure_json_rows(figures.qs, request),
        exports.export_filename("figures", request.GET, "json"),
    )


def filtered_initiatives(request):
    """Return the filter of the /initiatives/ page bound to this query string."""
    return InitiativeFilter(request.GET, queryset=Initiative.objects.public_listing())


@require_safe
def initiatives_csv(request):
    """Download every initiative of the filtered /initiatives/ view as CSV."""
    initiatives = filtered_initiatives(request)
    if not initiatives.is_valid():
        return exports.invalid_filter_response(initiatives)
    return exports.csv_response(
        exports.initiative_rows(initiatives.qs, request),
        exports.export_filename("initiatives", request.GET, "csv"),
        columns=exports.INITIATIVE_COLUMNS,
    )


@require_safe
def initiatives_json(request):
    """Return every initiative of the filtered /initiatives/ view as JSON."""
    initiatives = filtered_initiatives(request)
    if not initiatives.is_valid():
        return exports.invalid_filter_response(initiatives)
    return exports.json_response(
        exports.initiative_rows(initiatives.qs, request),
        exports.export_filename("initiatives", request.GET, "json"),
    )


@require_safe
def indicator_csv(request, slug):
    """Download every public figure of one indicator as CSV, with its as_of date."""
    indicator = get_object_or_404(Indicator, slug=slug)
    figures = Figure.objects.public().in_reading_order().filter(indicator=indicator)
    return exports.figures_csv_response(figures, request, f"indicator_{indicator.slug}.csv")


@require_safe
def indicator_latest_csv(request, slug):
    """Download each county's latest figure of one indicator as CSV, one row per county."""
    indicator = get_object_or_404(Indicator, slug=slug)
    latest = trends.latest_by_county(indicator).select_related("paragraph__report")
    return exports.csv_response(
        exports.latest_rows(latest, request),
        f"indicator_{indicator.slug}_latest.csv",
        columns=exports.LATEST_COLUMNS,
    )


@require_safe
def initiative_figures_csv(request, slug):
    """Download the public figures of one initiative as CSV."""
    initiative = get_object_or_404(Initiative.objects.public(), slug=slug)
    figures = Figure.objects.public().in_reading_order().filter(initiative=initiative)
    return exports.figures_csv_response(figures, request, f"figures_{initiative.slug}.csv")
