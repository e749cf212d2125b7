"""Gather each county's initiatives as candidates a read report may continue, for matching.py to rank."""

from collections import defaultdict
from itertools import chain

from django.db.models import F, Q

from . import importing, matching
from .models import County, Figure, Initiative, Paragraph, Report


def subject_of(item):
    """Return what the matching reads of an item."""
    title = f"{importing.headline_of(item)} {item.subheadline}".strip()
    return matching.Subject(title, tuple(item.paragraphs), tuple(f.counted for f in item.figures))


def candidate_pools(counties):
    """Return a matching Pool of each county's initiatives, by county id, in six queries."""
    ids = {county.pk for county in counties}
    if not ids:
        return {}
    places = list(County.objects.values_list("name", flat=True))
    initiatives = (
        Initiative.objects.filter(county__in=ids)
        .select_related("theme")
        .only("slug", "title", "summary", "county", "theme__name")
        .order_by("pk")
    )
    counted, sources, texts = counted_nouns(ids), sources_of(ids), paragraphs_of(ids)
    pools = defaultdict(list)
    for initiative in initiatives:
        reports = sources[initiative.pk]
        text = "\n".join(line for report, _headline in reports for line in texts[report])
        pools[initiative.county_id].append(
            matching.Candidate(
                slug=initiative.slug,
                title=initiative.title,
                summary=initiative.summary,
                counted=tuple(counted[initiative.pk]),
                theme=initiative.theme.name if initiative.theme else "",
                headlines=tuple(headline for _report, headline in reports),
                text=text[: matching.TEXT_LIMIT],
            )
        )
    return {county: matching.Pool(pools[county], places=places) for county in ids}


def counted_nouns(counties):
    """Return the nouns the figures of these counties' initiatives count, by initiative id."""
    counted = defaultdict(list)
    for initiative, noun in (
        Figure.objects.filter(initiative__county__in=counties)
        .exclude(review=Figure.Review.REJECTED)
        .order_by()
        .values_list("initiative", "counted")
        .distinct()
    ):
        counted[initiative].append(noun)
    return counted


def sources_of(counties):
    """Return the (id, headline) of each initiative's reports, by initiative id, newest first."""
    # Pending follow-ups count with the sources: they are the newest word on the work.
    sources = defaultdict(list)
    for initiative, report, headline in chain(
        Initiative.reports.through.objects.filter(initiative__county__in=counties)
        .order_by(F("report__published_on").desc(nulls_last=True), "-report")
        .values_list("initiative", "report", "report__headline"),
        Report.objects.filter(continues__county__in=counties)
        .order_by(F("published_on").desc(nulls_last=True), "-pk")
        .values_list("continues", "pk", "headline"),
    ):
        sources[initiative].append((report, headline))
    return sources


def paragraphs_of(counties):
    """Return the paragraph texts of the reports of these counties' initiatives, by report id."""
    reports = Report.objects.filter(
        Q(initiatives__county__in=counties) | Q(continues__county__in=counties)
    )
    texts = defaultdict(list)
    for report, text in (
        Paragraph.objects.filter(report__in=reports)
        .order_by("report", "position")
        .values_list("report", "text")
    ):
        texts[report].append(text)
    return texts


def suggest_continuations(items, counties):
    """Return, per item, the initiatives of its county (a County, or None) it may continue."""
    pools = candidate_pools({county for county in counties if county is not None})
    return [
        pools[county.pk].rank(subject_of(item)) if county is not None else []
        for item, county in zip(items, counties, strict=True)
    ]


def default_continuations(suggestions):
    """Return, per item, the initiative its best match names if that reaches the threshold."""
    slugs = [matching.continues(found) for found in suggestions]
    chosen = Initiative.objects.in_bulk({slug for slug in slugs if slug}, field_name="slug")
    return [chosen.get(slug) for slug in slugs]
