"""The public listing and its counts equal a fresh computation after every kind of write."""

import io
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from initiatives import listing
from initiatives.filters import FigureFilter
from initiatives.importing import import_items, publish_reviewed, read
from initiatives.models import (
    CountyTally,
    Figure,
    FigureTally,
    Indicator,
    Initiative,
    Paragraph,
    PublicFigure,
    PublicInitiative,
    Report,
    SeriesPoint,
    Status,
)
from initiatives.querysets import public_initiative, shown_figure
from initiatives.reading import decode

from .factories import (
    make_counties,
    make_county,
    make_figure,
    make_indicator,
    make_initiative,
    make_report,
    make_theme,
)
from .import_helpers import SEED_PAGE

pytestmark = pytest.mark.django_db

TEXT = (
    "目前，全县第一批论证通过的102个帮扶项目正在实施，统筹使用300万元帮扶资金，累计组织35名党员。"
)


def public_figures():
    """Return the public figures by the rule written in querysets.py, not by the listing."""
    return Figure.objects.filter(public_initiative("initiative__"), shown_figure())


def public_initiatives():
    return Initiative.objects.filter(public_initiative())


def newest_key(figure):
    """Return newest_figure_first() as a key that sorts the newest first."""
    report = figure.paragraph.report
    return (
        figure.as_of is None,
        -(figure.as_of.toordinal() if figure.as_of else 0),
        report.published_on is None,
        -(report.published_on.toordinal() if report.published_on else 0),
        -report.pk,
        figure.paragraph.position,
        figure.start,
        figure.pk,
    )


def expected():
    """Compute every listing table afresh from the content, as plain values."""
    figures = list(
        public_figures().select_related("initiative__county", "paragraph__report").order_by("pk")
    )
    rows = {
        figure.pk: (
            figure.initiative_id,
            figure.initiative.county_id,
            figure.initiative.county.position,
            figure.initiative.theme_id,
            figure.indicator_id,
            figure.paragraph.report_id,
            figure.paragraph.report.published_on,
            figure.paragraph.position,
            figure.start,
            Decimal(figure.amount),
            figure.unit,
            figure.base_unit,
            figure.qualifier,
            figure.kind,
            figure.basis,
            figure.as_of,
        )
        for figure in figures
    }
    counts = Counter(figure.initiative_id for figure in figures)
    initiatives = {}
    for initiative in public_initiatives().select_related("county"):
        reports = initiative.reports.all()
        dates = [r.published_on for r in reports if r.status == Status.PUBLISHED]
        dates = [d for d in dates if d is not None]
        initiatives[initiative.pk] = (
            initiative.county_id,
            initiative.county.position,
            initiative.theme_id,
            initiative.title,
            counts[initiative.pk],
            min(dates, default=None),
            max(dates, default=None),
        )
    tally = Counter(
        (
            f.initiative.county_id,
            f.initiative.theme_id,
            f.indicator_id,
            f.unit,
            f.base_unit,
            f.qualifier,
            f.kind,
        )
        for f in figures
    )
    counties = defaultdict(lambda: [0, 0, 0])
    for report in Report.objects.public():
        counties[report.county_id][0] += 1
    for county_id, *_ in initiatives.values():
        counties[county_id][1] += 1
    for figure in figures:
        counties[figure.initiative.county_id][2] += 1
    months = defaultdict(list)
    for f in figures:
        if f.indicator_id:
            month = f.as_of.replace(day=1) if f.as_of else None
            months[(f.indicator_id, f.initiative.county_id, f.basis, month)].append(f)
    points = {key: min(group, key=newest_key).pk for key, group in months.items()}
    return {
        "figures": rows,
        "initiatives": initiatives,
        "tally": dict(tally),
        "counties": {k: tuple(v) for k, v in counties.items() if any(v)},
        "points": points,
    }


def stored():
    """Read every listing table as plain values, as expected() gives them."""
    rows = {
        row.figure_id: (
            row.initiative_id,
            row.county_id,
            row.county_position,
            row.theme_id,
            row.indicator_id,
            row.report_id,
            row.published_on,
            row.paragraph_position,
            row.start,
            Decimal(row.amount),
            row.unit,
            row.base_unit,
            row.qualifier,
            row.kind,
            row.basis,
            row.as_of,
        )
        for row in PublicFigure.objects.all()
    }
    initiatives = {
        row.initiative_id: (
            row.county_id,
            row.county_position,
            row.theme_id,
            row.title,
            row.figure_count,
            row.first_on,
            row.latest_on,
        )
        for row in PublicInitiative.objects.all()
    }
    tally = {
        (t.county_id, t.theme_id, t.indicator_id, t.unit, t.base_unit, t.qualifier, t.kind): (
            t.figures
        )
        for t in FigureTally.objects.all()
    }
    counties = {
        t.county_id: (t.reports, t.initiatives, t.figures)
        for t in CountyTally.objects.all()
        if t.reports or t.initiatives or t.figures
    }
    points = {
        (p.indicator_id, p.county_id, p.basis, p.month): p.figure_id
        for p in SeriesPoint.objects.all()
    }
    return {
        "figures": rows,
        "initiatives": initiatives,
        "tally": tally,
        "counties": counties,
        "points": points,
    }


def assert_fresh():
    now, fresh = stored(), expected()
    for table in fresh:
        assert now[table] == fresh[table], table


@pytest.fixture
def content():
    """Two counties' published initiatives with figures, and one draft."""
    theme = make_theme()
    indicator = make_indicator(unit="个")
    here, there = make_county(position=1), make_county(position=2)
    found = []
    for county in (here, there):
        report = make_report(county=county, paragraphs=[TEXT, "第二段：102个项目。"])
        initiative = make_initiative(report, theme=theme)
        make_figure(initiative, "102个", indicator=indicator, as_of=report.published_on)
        make_figure(initiative, "300万元", unit="万元", base_unit="元", amount=3000000)
        make_figure(initiative, "35名", unit="名", counted="党员")
        found.append(initiative)
    draft = make_initiative(county=here, status=Status.DRAFT)
    make_figure(draft, "102个")
    assert_fresh()
    return found


def test_the_listing_holds_exactly_the_public_rows(content):
    assert PublicFigure.objects.count() == 6 == public_figures().count()
    assert PublicInitiative.objects.count() == 2


def test_inserting_updating_and_deleting_figures(content):
    initiative = content[0]
    paragraph = Paragraph.objects.filter(report__initiatives=initiative).last()
    figure = make_figure(initiative, "102个", paragraph=paragraph, as_of="2024-05-31")
    assert_fresh()
    figure.amount = 7
    figure.indicator = make_indicator()
    figure.save()
    assert_fresh()
    figure.review = Figure.Review.SUGGESTED
    figure.save()
    assert_fresh()
    figure.review = Figure.Review.CONFIRMED
    figure.save()
    assert_fresh()
    figure.delete()
    assert_fresh()


def test_bulk_writes(content):
    initiative = content[1]
    paragraph = Paragraph.objects.filter(report__initiatives=initiative).last()
    Figure.objects.bulk_create(
        Figure(
            initiative=initiative,
            paragraph=paragraph,
            start=3,
            end=7,
            quote=paragraph.text[3:7],
            value="102",
            unit="个",
            amount=102 + n,
            base_unit="个",
            counted=f"项目{n}",
        )
        for n in range(1)
    )
    assert_fresh()
    Figure.objects.filter(initiative=initiative).update(unit="项", qualifier="approximate")
    assert_fresh()
    Figure.objects.filter(initiative__in=content).update(review=Figure.Review.REJECTED)
    assert_fresh()
    Figure.objects.all().delete()
    assert_fresh()


def test_publishing_and_unpublishing_reports_and_initiatives(content):
    report = content[0].reports.get()
    Report.objects.filter(pk=report.pk).unpublish()
    assert_fresh()
    Report.objects.filter(pk=report.pk).publish()
    assert_fresh()
    Initiative.objects.filter(pk=content[0].pk).publish()
    assert_fresh()
    Initiative.objects.filter(pk__in=[i.pk for i in content]).unpublish()
    assert_fresh()
    Initiative.objects.all().publish()
    assert_fresh()


def test_a_draft_source_hides_an_initiative_and_removing_it_shows_it_again(content):
    draft = make_report(county=content[0].county, status=Status.DRAFT)
    content[0].reports.add(draft)
    assert_fresh()
    content[0].reports.remove(draft)
    assert_fresh()
    content[1].reports.set([draft, *content[1].reports.all()])
    assert_fresh()
    content[1].reports.clear()
    assert_fresh()


def test_editing_what_the_listing_copies(content):
    initiative = content[0]
    initiative.title = "改过的名称"
    initiative.county = content[1].county
    initiative.theme = make_theme()
    initiative.save()
    assert_fresh()
    county = content[1].county
    county.position = 9
    county.save()
    assert_fresh()
    report = initiative.reports.get()
    report.published_on = "2023-01-02"
    report.county = make_county()
    report.save()
    assert_fresh()
    paragraph = report.paragraphs.get(position=1)
    paragraph.text = "第二段：改写后102个项目。"
    paragraph.save()
    assert_fresh()
    Paragraph.objects.create(report=report, position=5, text="新的一段。")
    assert_fresh()
    Indicator.objects.all().delete()
    assert_fresh()


def test_deleting_initiatives_and_reports(content):
    report = content[0].reports.get()
    content[0].delete()
    assert_fresh()
    Figure.objects.filter(paragraph__report=report).delete()
    report.delete()
    assert_fresh()


def test_the_newest_figure_of_a_month_is_its_series_point(content):
    initiative = content[0]
    paragraph = Paragraph.objects.filter(report__initiatives=initiative).last()
    indicator = Figure.objects.filter(initiative=initiative).exclude(indicator=None).get().indicator
    older = make_figure(initiative, "102个", paragraph=paragraph, indicator=indicator)
    older.as_of = "2024-03-01"
    older.save()
    newer = make_figure(initiative, "项目", paragraph=paragraph, indicator=indicator)
    newer.as_of = "2024-03-30"
    newer.save()
    assert_fresh()
    assert SeriesPoint.objects.filter(figure=newer).exists()
    newer.delete()
    assert_fresh()
    assert SeriesPoint.objects.filter(figure=older).exists()


def test_the_importer_and_publishing_what_it_read(db):
    make_counties()
    result = import_items(read(decode(SEED_PAGE.read_bytes())), publication="济宁日报")
    assert_fresh()
    Figure.objects.filter(review=Figure.Review.SUGGESTED).update(review=Figure.Review.CONFIRMED)
    for report in result.created:
        publish_reviewed(report)
    assert_fresh()
    assert PublicFigure.objects.exists()


def test_generate_demo(db):
    call_command("generate_demo", figures=400, seed=3, stdout=io.StringIO())
    assert_fresh()
    assert PublicFigure.objects.count() == 400


def test_rebuilding_gives_the_same_rows(content):
    before = stored()
    listing.rebuild(connection)
    assert stored() == before


FIGURE_FILTERS = [
    {},
    {"county": ["here"]},
    {"county": ["here", "there"], "unit": "元"},
    {"theme": "topic"},
    {"indicator": "measure", "qualifier": "exact"},
    {"unit": "名", "kind": "achieved"},
    {"kind": "expected"},
]


@pytest.fixture
def named(content):
    """Name the content's counties, theme and indicator as a visitor's filters do."""
    first, second = content
    first.county.slug, second.county.slug = "here", "there"
    first.county.save()
    second.county.save()
    first.theme.slug = "topic"
    first.theme.save()
    Indicator.objects.filter(figures__initiative=first).update(slug="measure")
    return content


@pytest.mark.parametrize("params", FIGURE_FILTERS)
def test_a_figure_filters_count_from_the_tallies_is_its_row_count(named, params):
    from django.http import QueryDict

    from initiatives.filters import FigureFilter

    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    filterset = FigureFilter(query, queryset=Figure.objects.public())
    assert filterset.tallied_count() == filterset.qs.count()


@pytest.mark.parametrize(
    "params", [{}, {"county": ["here"]}, {"county": ["here", "there"]}, {"theme": "topic"}]
)
def test_an_initiative_filters_count_from_the_tallies_is_its_row_count(named, params):
    from django.http import QueryDict

    from initiatives.filters import InitiativeFilter

    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    filterset = InitiativeFilter(query, queryset=Initiative.objects.public_listing())
    assert filterset.tallied_count() in (None, filterset.qs.count())
    assert params.get("theme") or filterset.tallied_count() is not None


def test_the_rebuild_command_repairs_a_listing_changed_behind_the_triggers(content):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM initiatives_publicfigure")
        cursor.execute("UPDATE initiatives_countytally SET figures = 99")
    assert PublicFigure.objects.count() == 0
    out = io.StringIO()
    call_command("rebuild_listing", stdout=out)
    assert_fresh()
    assert "Listed 6 public figures and 2 initiatives" in out.getvalue()


def test_a_bulk_load_with_the_listing_suspended_ends_with_it_fresh(content):
    with transaction.atomic(), listing.suspended(connection):
        Figure.objects.filter(unit="名").update(review=Figure.Review.REJECTED)
        Figure.objects.filter(unit="个").update(amount=Decimal(7))
    assert_fresh()
    assert PublicFigure.objects.count() == 4
    # The triggers work again afterwards.
    Figure.objects.filter(unit="万元").delete()
    assert_fresh()


def test_each_filter_set_has_filters_of_its_own_copied_from_the_class(content):
    first = FigureFilter({"county": ["wenshang"]}, queryset=Figure.objects.public())
    second = FigureFilter({}, queryset=Figure.objects.public())
    for name, base in FigureFilter.base_filters.items():
        mine, theirs = first.filters[name], second.filters[name]
        assert mine is not base
        assert mine is not theirs
        assert (mine.parent, theirs.parent) == (first, second)
        assert not hasattr(base, "parent")
    # What one request chose is not in the other's form.
    assert first.form["county"].value() == ["wenshang"]
    assert not second.form["county"].value()


def test_rows_are_loaded_in_the_order_of_their_keys_without_the_models_ordering(content):
    draft = Figure.objects.exclude(pk__in=Figure.objects.public()).get()
    first, second, third = Figure.objects.public().order_by("pk")[:3]
    keys = [third.pk, draft.pk, first.pk, second.pk]
    with CaptureQueriesContext(connection) as queries:
        rows = Figure.objects.public().in_order_of(keys)
    assert rows == [third, first, second]  # the draft is not public: left out
    assert "ORDER BY" not in queries[0]["sql"]
    assert "initiatives_report" not in queries[0]["sql"]  # joined only for the reading order
