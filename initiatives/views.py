import re
from collections import defaultdict

from django.core.exceptions import RequestDataTooBig
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError, connection
from django.db.models import F, Prefetch, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_filters.views import FilterView

from . import caching, region_maps, trends
from .caching import RevisionCountPaginator, rows_counted
from .charts import bar_chart, line_chart
from .filters import CountyListFilter, FigureFilter, InitiativeFilter, active_filters
from .highlighting import usable_spans
from .listing.keys import listing_keys
from .listing.search import COUNTED_AT_MOST
from .models import (
    Correction,
    County,
    Figure,
    FigureTally,
    Indicator,
    Initiative,
    Region,
    Report,
)
from .querysets import newest_figure_first
from .reading import MAX_PAGE_CHARS
from .series import series_of

# Initiatives shown on a county page; the rest are a link away in the filtered list.
COUNTY_INITIATIVES = 12
# Counties a page of the county list or of a search shows (there are three thousand).
COUNTIES_PER_PAGE = 24
# Counties the overview shows as cards: a prefecture's or a few. From the papers of many
# regions, it shows their provinces instead (the counties were 115 kB at 494 counties).
HOME_COUNTIES = 60
# A GB/T 2260 code in an address: /counties/370830/ leads to 汶上县.
CODE = re.compile(r"[0-9]{6}")
# Newest reports and figures on a county page.
RECENT = 6
# An indicator page's counties (each with its time chart) and figure rows per page.
INDICATOR_COUNTIES = 20
INDICATOR_FIGURES = 50
CORRECTIONS_PER_PAGE = 50


def nearest_page(paginator, number):
    """Return the page asked for, or the nearest real one with a note saying so."""
    number = number or 1
    try:
        return paginator.page(number), ""
    except (PageNotAnInteger, EmptyPage) as error:
        # The nearest page to 0 or -1, as to a page that is no number, is the first.
        if isinstance(error, PageNotAnInteger) or int(number) < 1:
            return paginator.page(1), _("页码“%(page)s”无效，已显示第一页。") % {"page": number}
        last = paginator.num_pages
        note = _("没有第 %(page)s 页，已显示最后一页（第 %(last)d 页）。") % {
            "page": number,
            "last": last,
        }
        return paginator.page(last), note


class PublicListView(FilterView):
    """A filtered public list: the nearest real page for a bad page number, and filter chips."""

    paginate_by = 20
    paginator_class = RevisionCountPaginator
    page_note = ""

    @property
    def page_asked(self):
        return self.request.GET.get(self.page_kwarg)

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        # A search chooses how to find its word by how many matches the page counts (the keys
        # the paginator reads: one past how far it counts).
        counted = rows_counted(self.page_asked, self.paginate_by, COUNTED_AT_MOST)
        filterset.needed = counted + 1
        return filterset

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(
            queryset,
            per_page,
            request=self.request,
            name=type(self).__name__,
            number=self.page_asked,
            limit=COUNTED_AT_MOST,
            **kwargs,
        )

    def paginate_queryset(self, queryset, page_size):
        # Filter, sort and count the keys alone, in the listing's order, then load just the
        # page's rows: an offset skips index entries, not rows joined to five tables.
        keys = queryset.select_related(None).values_list("pk", flat=True)
        paginator = self.get_paginator(keys, page_size)
        if self.filterset.is_valid():
            needed = paginator.rows_read()
            keys = self.filterset.in_cheaper_order(keys, needed)
            paginator.object_list = listing_keys(keys)
        page, self.page_note = nearest_page(paginator, self.page_asked)
        # The public rows again: one withdrawn between the two queries stays off the page.
        page.object_list = self.page_rows().in_order_of(list(page.object_list))
        return paginator, page, page.object_list, page.has_other_pages()

    def page_rows(self):
        """Return the queryset a page's rows are loaded from, with what the page shows."""
        return self.get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_note"] = self.page_note
        context["active_filters"] = active_filters(self.request.GET, self.filterset)
        return context


class InitiativeListView(PublicListView):
    filterset_class = InitiativeFilter
    template_name = "initiatives/initiative_list.html"

    def get_queryset(self):
        return Initiative.objects.public_listing()

    def get_paginator(self, queryset, per_page, **kwargs):
        # As the figure list: the counties' counts where they answer, else rows up to a cap.
        return super().get_paginator(
            queryset, per_page, tally=self.filterset.tallied_count, **kwargs
        )


class FigureListView(PublicListView):
    filterset_class = FigureFilter
    template_name = "initiatives/figure_list.html"

    def get_queryset(self):
        return Figure.objects.public().in_reading_order()

    def get_paginator(self, queryset, per_page, **kwargs):
        # Most filters' counts are sums of the listing's counts; only the rest count rows.
        return super().get_paginator(
            queryset, per_page, tally=self.filterset.tallied_count, **kwargs
        )

    def page_rows(self):
        return Figure.objects.public().select_related("initiative__county")


@require_safe
def home(request):
    """Show the overview of published work: its counties, or its provinces where they are many."""
    counties = list(County.objects.listed().with_public_counts()[: HOME_COUNTIES + 1])
    provinces = None
    if len(counties) > HOME_COUNTIES:
        counties, provinces = [], provinces_with_counts(request, show_all=False)
    latest = (
        Report.objects.public()
        .latest_first()
        .select_related("county")
        .prefetch_related(
            Prefetch("initiatives", queryset=Initiative.objects.public().order_by("title"))
        )[:6]
    )
    return render(
        request,
        "initiatives/home.html",
        {
            "counties": counties,
            "provinces": provinces,
            "latest_reports": latest,
            # Every county with a report is listed, so its reports are all counted here.
            "totals": County.objects.listed().public_totals(),
        },
    )


@require_safe
def county_list(request):
    """List the counties of the regions with reports, or the counties a search finds."""
    search = CountyListFilter(request.GET, queryset=County.objects.all())
    query = search.form.cleaned_data.get("q") if search.form.is_valid() else ""
    counties = search.qs if query else County.objects.listed()
    page, note = nearest_page(
        Paginator(counties.with_public_counts(), COUNTIES_PER_PAGE), request.GET.get("page")
    )
    return render(
        request,
        "initiatives/county_list.html",
        {
            "counties": page.object_list,
            "page_obj": page,
            "page_note": note,
            "search": search,
            "query": query,
        },
    )


@require_safe
def county_detail(request, slug):
    """Show a county's initiatives, headline figures and its figures per theme."""
    county = (
        County.objects.select_related("region__parent")
        .with_public_counts()
        .filter(slug=slug)
        .first()
    )
    if county is None and CODE.fullmatch(slug):
        # /counties/370830/: the county's code leads to its page.
        return redirect(get_object_or_404(County, code=slug), permanent=True)
    if county is None:
        raise Http404
    initiatives = Initiative.objects.public_listing().in_county(county)
    figures = Figure.objects.public().in_county(county)
    recent_reports = (
        Report.objects.public()
        .filter(county=county)
        .latest_first()
        .prefetch_related(Prefetch("initiatives", queryset=Initiative.objects.public()))[:RECENT]
    )
    per_theme = [
        (row["theme__name"] or _("未分类"), row["n"])
        for row in FigureTally.objects.filter(county=county)
        .values("theme__name")
        .annotate(n=Sum("figures"))
        .order_by("-n", "theme__name")
    ]
    chart_title = _("%(county)s各主题的数据条数") % {"county": county.name}
    return render(
        request,
        "initiatives/county_detail.html",
        {
            "county": county,
            "initiatives": initiatives[:COUNTY_INITIATIVES],
            "initiative_total": county.initiative_count,
            "recent_reports": recent_reports,
            "recent_figures": figures.newest_first().select_related("initiative")[:RECENT],
            "trends": trends.indicator_trends(county),
            "per_theme": per_theme,
            "chart": bar_chart(per_theme, title=chart_title, chart_id="theme-chart")
            if per_theme
            else "",
            "chart_title": chart_title,
            "figure_total": sum(n for _, n in per_theme),
            "map": region_maps.region_map(county.region, request.GET, current=county)
            if county.region_id
            else None,
        },
    )


@require_safe
def region_list(request):
    """List the provinces with reports (every province with ?all=1), with their counts."""
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "initiatives/region_list.html",
        {"regions": provinces_with_counts(request, show_all), "show_all": show_all},
    )


def provinces_with_counts(request, show_all):
    """Return the provinces with reports (or all), with their counts: the same for every page."""
    provinces = Region.objects.provinces()
    if not show_all:
        provinces = provinces.with_data()
    # Each province's counts add up its counties' and its prefectures' (15 ms at 494 counties).
    return caching.shared(
        request, f"provinces:{show_all}", lambda: list(provinces.with_public_counts())
    )


@require_safe
def region_detail(request, code):
    """Show a province's prefectures, or a prefecture's counties, with their counts."""
    region = get_object_or_404(
        Region.objects.select_related("parent").with_public_counts(), code=code
    )
    show_all = request.GET.get("all") == "1"
    prefectures = region.children.all()
    counties = County.objects.filter(region=region).order_by("code", "position", "name")
    if not show_all:
        prefectures = prefectures.filter(pk__in=Region.objects.with_data().values("pk"))
        counties = counties.listed()
    return render(
        request,
        "initiatives/region_detail.html",
        {
            "region": region,
            "prefectures": prefectures.with_public_counts(),
            "counties": counties.select_related("region").with_public_counts(),
            "show_all": show_all,
            "map": region_maps.region_map(region, request.GET),
        },
    )


@require_safe
def initiative_detail(request, slug):
    """Show an initiative's sources with each figure highlighted where it was read."""
    initiative = Initiative.objects.public().select_related("county", "theme").filter(slug=slug)
    initiative = initiative.first()
    if initiative is None:
        # A merged initiative's old address leads to the one it joined.
        if target := Initiative.objects.redirect_for(slug):
            return redirect(target, permanent=True)
        raise Http404
    # A timeline: the newest report first.
    reports = list(initiative.reports.public().latest_first().prefetch_related("paragraphs"))
    figures = list(
        Figure.objects.public()
        .filter(initiative=initiative)
        .select_related("indicator", "paragraph__report")
        .order_by(
            "paragraph__report__published_on", "paragraph__report", "paragraph__position", "start"
        )
    )
    by_paragraph = defaultdict(list)
    for figure in figures:
        by_paragraph[figure.paragraph_id].append(figure)
    highlighted = set()
    for report in reports:
        for paragraph in report.paragraphs.all():
            paragraph.figures_here = by_paragraph[paragraph.pk]
            highlighted.update(
                figure.pk for figure in usable_spans(paragraph.text, paragraph.figures_here)
            )
    for figure in figures:
        figure.highlighted = figure.pk in highlighted
        figure.initiative = initiative  # Its address, in its citation, names the initiative.
    corrected = list(
        Correction.objects.public().filter(figure__initiative=initiative).select_related("figure")
    )
    newest = {}  # Newest first: each figure's row links to its latest correction.
    for correction in corrected:
        newest.setdefault(correction.figure_id, correction)
    for figure in figures:
        figure.correction = newest.get(figure.pk)
    progress = [series for series in series_of(figures) if len(series.points) > 1]
    for number, series in enumerate(progress, 1):
        series.chart = line_chart(
            series.chart_points,
            title=series.label,
            chart_id=f"series-{number}",
            unit=series.base_unit,
        )
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "reports": reports,
            "figures": figures,
            "progress": progress,
            "corrections": corrected,
        },
    )


@require_safe
def indicator_list(request):
    """List the comparable measures with how many public figures each has."""
    # The same for every address of a content revision: summing the tallies of each indicator
    # took 15 ms at 2M figures in 494 counties (2,700 rows an indicator).
    indicators = caching.shared(
        request,
        "indicators",
        lambda: list(Indicator.objects.select_related("theme").with_public_counts()),
    )
    return render(request, "initiatives/indicator_list.html", {"indicators": indicators})


@require_safe
def indicator_detail(request, slug):
    """Compare one measure across counties by their latest values, and list every figure."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("theme").with_public_counts(), slug=slug
    )
    figures = Figure.objects.public().filter(listing__indicator=indicator)
    chart_title = _("各县区%(indicator)s的最新数值（%(unit)s）") % {
        "indicator": indicator.name,
        "unit": indicator.unit,
    }
    # Latest values only, one per county: bars of every reading would double-count. The same on
    # every page of the table below, so its pages compute it once per content revision.
    ranked = caching.shared(
        request,
        f"indicator-latest:{indicator.pk}",
        lambda: list(trends.latest_by_county(indicator).values_list("pk", flat=True)),
    )
    counties, county_note = nearest_page(
        Paginator(ranked, INDICATOR_COUNTIES), request.GET.get("counties")
    )
    latest, chart = caching.shared(
        request,
        f"indicator-comparison:{indicator.pk}:{counties.number}:{get_language()}",
        lambda: trends.county_comparison(indicator, list(counties), title=chart_title),
    )
    table = RevisionCountPaginator(
        listing_keys(
            figures.order_by(
                F("listing__county_position"), F("listing__county"), *newest_figure_first()
            ).values_list("pk", flat=True)
        ),
        INDICATOR_FIGURES,
        request=request,
        name=f"indicator-{indicator.pk}",
        tally=lambda: indicator.figure_count,
    )
    rows, row_note = nearest_page(table, request.GET.get("page"))
    # The page's keys first, then its rows: a far page skips index entries, not joined rows.
    # What a row shows: its county and initiative, not its paragraph's text and report.
    rows.object_list = figures.select_related("initiative__county").in_order_of(
        list(rows.object_list)
    )
    return render(
        request,
        "initiatives/indicator_detail.html",
        {
            "indicator": indicator,
            "latest": latest,
            "counties": counties,
            "rows": rows,
            "page_note": county_note or row_note,
            "chart": chart,
            "chart_title": chart_title,
        },
    )


@require_safe
def correction_list(request):
    """List every public correction, newest first."""
    corrections = Correction.objects.public().select_related("figure__initiative__county")
    page, note = nearest_page(Paginator(corrections, CORRECTIONS_PER_PAGE), request.GET.get("page"))
    return render(
        request,
        "initiatives/correction_list.html",
        {"page_obj": page, "corrections": page.object_list, "page_note": note},
    )


@require_safe
def robots_txt(request):
    """Let search engines read the public site, not the admin, and point them to the sitemap."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", f"Disallow: {reverse('admin:index')}", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@never_cache
@require_safe
def healthz(request):
    """Answer 200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def bad_request(request, exception):
    """Answer 400 with the reason, saying so plainly when a submission was too large."""
    too_large = isinstance(exception, RequestDataTooBig)
    context = {"too_large": too_large, "max_chars": MAX_PAGE_CHARS}
    return render(request, "400.html", context, status=400)
