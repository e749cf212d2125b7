"""A list read in its index's order or sorted apart from it: the same rows in the same order."""

import pytest
from django.db import connection
from django.db.models import Q
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.filters import FigureFilter, InitiativeFilter
from initiatives.listing import ordering
from initiatives.listing.keys import MergedKeys, listing_keys, merged_by_county
from initiatives.models import County, Figure, Initiative
from initiatives.querysets import (
    dated_order,
    initiative_dated_order,
    initiative_order,
    newest_figure_first,
    reading_order,
)

from .factories import (
    make_county,
    make_figure,
    make_indicator,
    make_initiative,
    make_report,
    make_theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(db):
    """Three counties' figures, several reports each, with ties in amount and date."""
    for position, slug in enumerate(["a", "b", "c"], 1):
        county = make_county(slug=slug, position=position)
        for day in (1, 2, 2, 3):
            report = make_report(
                county=county,
                paragraphs=["有102个项目，300万元。", "又有102个。", "再有102个。"],
                published_on=f"2025-03-0{day}",
            )
            initiative = make_initiative(report, title=f"举措{slug}{day}")
            for paragraph in report.paragraphs.all():
                make_figure(initiative, "102个", paragraph=paragraph)


ORDERS = {
    "reading": reading_order(),
    "dated": dated_order(),
    "newest": newest_figure_first(),
    "amount, descending": [
        term.copy().reverse_ordering() for term in [*reading_order()[:1], *dated_order()]
    ],
}


@pytest.mark.parametrize("order", ORDERS.values(), ids=ORDERS.keys())
def test_a_figure_list_sorted_apart_from_its_index_keeps_its_order(content, order):
    listed = Figure.objects.public().order_by(*order).values_list("pk", flat=True)
    assert list(ordering.unindexed(listed)) == list(listed)
    assert "COALESCE" in str(ordering.unindexed(listed).query)


@pytest.mark.parametrize("order", [initiative_order(), initiative_dated_order()])
def test_an_initiative_list_sorted_apart_from_its_index_keeps_its_order(content, order):
    listed = Initiative.objects.public().order_by(*order).values_list("pk", flat=True)
    assert list(ordering.unindexed(listed)) == list(listed)


@pytest.mark.parametrize(
    ("kept", "needed", "place_first", "counties_only", "read"),
    [
        (2_000_000, 20, False, False, 20),  # No filter: the first page is the first rows.
        (14_600, 16_840, False, False, 2_306_849),  # A theme and a unit, page 842: millions.
        (140_000, 20, True, True, 20),  # One county in county order: it seeks to its rows.
        (430_000, 101, True, True, 101),  # Three counties in county order: to each in turn.
        (430_000, 1001, True, False, 786_001),  # A region's counties in county order.
    ],
)
def test_rows_read_in_order_follow_how_the_kept_rows_lie_in_the_order(
    kept, needed, place_first, counties_only, read
):
    found = ordering.rows_read_in_order(kept, 2_000_000, needed, place_first, counties_only)
    assert round(found) == read


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans only")
@pytest.mark.parametrize("sort", ["county", "-county"])
def test_several_counties_in_county_order_are_read_from_the_index_by_their_positions(
    client, content, monkeypatch, sort
):
    # As if the two counties had hundreds of thousands of figures: sorting them would cost more.
    monkeypatch.setattr(FigureFilter, "kept", 430_000)
    url = reverse("initiatives:figure_list")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, {"county": ["b", "c"], "o": sort, "amount_min": "0"})
    keys = next(query["sql"] for query in queries if 'ORDER BY "initiatives_pub' in query["sql"])
    assert '"county_position" IN' in keys
    assert "COALESCE" not in keys  # read in the index's order, not sorted
    with connection.cursor() as cursor:
        # However few the rows, the plan may not sort: the index must give the order itself.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {keys}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # It seeks to the counties' rows by position, in order, not filtering the whole index.
    assert "using initiatives_public_reading" in plan
    assert "Index Cond: ((county_position = ANY" in plan
    assert "Sort" not in plan
    order = Figure.objects.public().filter(initiative__county__slug__in=["b", "c"])
    order = order.in_reading_order().values_list("pk", flat=True)
    expected = list(order if sort == "county" else order.reverse())
    assert [figure.pk for figure in page.context["object_list"]] == expected[:20]


def test_a_list_page_is_the_same_sorted_or_read_in_order(client, content, monkeypatch):
    url = reverse("initiatives:figure_list")
    query = {"county": ["b", "c"], "o": "-amount", "page": "2"}
    walked = [figure.pk for figure in client.get(url, query).context["object_list"]]
    # As if the two counties' figures were few of millions: sorted (on PostgreSQL; SQLite's
    # lists are always as asked).
    monkeypatch.setattr(ordering.search, "statistics", lambda connection: {"figure": (2e6, {})})
    if connection.vendor == "postgresql":
        keys = Figure.objects.public().order_by(*dated_order()).values_list("pk", flat=True)
        assert "COALESCE" in str(ordering.cheaper_order(keys, kept=24, needed=40).query)
    sorted_ = [figure.pk for figure in client.get(url, query).context["object_list"]]
    assert sorted_ == walked
    assert len(walked) == 4  # 24 figures of two counties, 20 a page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's lists keep their order")
def test_a_filter_keeping_few_rows_of_many_is_sorted(content, monkeypatch):
    # As if the listing held two million figures, of which the filters keep 12.
    monkeypatch.setattr(ordering.search, "statistics", lambda connection: {"figure": (2e6, {})})
    filterset = FigureFilter({"county": ["a"], "unit": "个"}, queryset=Figure.objects.public())
    assert filterset.is_valid()
    listed = Figure.objects.public().order_by(*dated_order()).values_list("pk", flat=True)
    assert "COALESCE" in str(filterset.in_cheaper_order(listed, 1001).query)
    # The whole list, unfiltered, reads its first rows from the index.
    total = Figure.objects.public().count()
    monkeypatch.setattr(ordering.search, "statistics", lambda connection: {"figure": (total, {})})
    everything = FigureFilter({}, queryset=Figure.objects.public())
    assert everything.is_valid()
    assert "COALESCE" not in str(everything.in_cheaper_order(listed, 20).query)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's lists keep their order")
def test_the_sample_counts_the_rows_an_amount_keeps_among_those_counted(content):
    Figure.objects.filter(initiative__county__slug="a", paragraph__position=1).update(amount=5)
    filterset = FigureFilter(
        {"county": ["a"], "amount_max": "10"}, queryset=Figure.objects.public()
    )
    assert filterset.is_valid()
    kept = Figure.objects.public().filter(initiative__county__slug="a")
    assert filterset.sampled.read == kept.count() == filterset.kept
    assert filterset.sampled.held == kept.filter(amount__lte=10).count() > 0
    assert filterset.share_tested() == filterset.sampled.held / filterset.sampled.read


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's lists keep their order")
def test_a_filtered_searchs_sample_is_read_in_the_searchs_order(content, monkeypatch):
    # The word is in the last county's titles only; its rows are last on disk, newest first.
    Initiative.objects.update(theme=make_theme(slug="t"))
    Initiative.objects.filter(county__slug="c").update(title="念好五字诀")

    def sample():
        filterset = FigureFilter({"q": "念好五", "theme": "t"}, queryset=Figure.objects.public())
        filterset.needed = 2
        assert filterset.is_valid()
        return filterset.sampled

    found = sample()
    assert found.read == 8
    assert found.held > 0
    # Had the theme kept too few rows to find them in that order, the first rows on disk.
    monkeypatch.setattr("initiatives.filters.SAMPLE_READ_AT_MOST", -1)
    assert sample().held == 0


@pytest.mark.parametrize(
    "query",
    [
        "",
        "o=-amount",
        "county=a&unit=个",
        "county=a&county=b&o=county&amount_min=1",
        "kind=achieved&qualifier=exact&o=-county&amount_max=500",
    ],
)
def test_a_list_filtered_and_sorted_by_its_listing_reads_its_keys_from_the_listing_alone(
    content, query
):
    filterset = FigureFilter(QueryDict(query), queryset=Figure.objects.public().in_reading_order())
    assert filterset.is_valid()
    keys = filterset.qs.select_related(None).values_list("pk", flat=True)
    alone = listing_keys(filterset.in_cheaper_order(keys, 40))
    sql = str(alone.query)
    assert 'FROM "initiatives_publicfigure"' in sql
    assert '"initiatives_figure"' not in sql  # no figure joined to each row read or skipped
    assert list(alone) == list(keys)
    assert list(alone[20:30]) == list(keys[20:30])


@pytest.mark.parametrize("query", ["q=102", "county=a&q=102&o=-amount"])
def test_a_word_tested_in_the_figures_own_text_keeps_the_figure_joined(content, query):
    filterset = FigureFilter(QueryDict(query), queryset=Figure.objects.public().in_reading_order())
    assert filterset.is_valid()
    keys = filterset.qs.select_related(None).values_list("pk", flat=True)
    if '"initiatives_figure"."quote"' in str(keys.query) or "initiatives_holds" in str(keys.query):
        assert listing_keys(keys) is keys
    assert list(listing_keys(keys)) == list(keys)


def test_an_initiative_list_reads_its_keys_from_its_listing_too(content):
    filterset = InitiativeFilter(
        QueryDict("county=a&county=b&o=-date"), queryset=Initiative.objects.public_listing()
    )
    assert filterset.is_valid()
    keys = filterset.qs.select_related(None).values_list("pk", flat=True)
    alone = listing_keys(keys)
    assert 'FROM "initiatives_publicinitiative"' in str(alone.query)
    assert list(alone) == list(keys)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's lists keep their order")
@pytest.mark.parametrize("page", ["1", "2"])
@pytest.mark.parametrize("narrowed", [{}, {"theme": "t"}, {"theme": "t", "amount_min": "1"}])
def test_several_counties_in_amount_order_are_each_read_in_their_own_index_and_merged(
    client, content, page, narrowed
):
    # A theme narrows the counties' rows; an amount range is sought to in each county's index.
    Initiative.objects.update(theme=make_theme(slug="t"))
    url = reverse("initiatives:figure_list")
    query = {"county": ["a", "b"], "o": "-amount", "page": page, **narrowed}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    merged = [q["sql"] for q in queries if "UNION ALL" in q["sql"]]
    assert len(merged) == 1  # the page's keys, each county's read merged
    assert merged[0].count('"initiatives_publicfigure"."county_id" =') == 2
    listed = Figure.objects.public().filter(initiative__county__slug__in=["a", "b"])
    expected = list(listed.order_by("-amount", "-pk").values_list("pk", flat=True))
    start = (int(page) - 1) * 20
    assert [figure.pk for figure in response.context["object_list"]] == expected[start : start + 20]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's lists keep their order")
def test_counties_are_not_merged_where_a_filters_own_index_or_sorting_costs_less(client, content):
    Initiative.objects.update(theme=make_theme(slug="t"))
    Figure.objects.update(indicator=make_indicator(slug="i"))
    url = reverse("initiatives:figure_list")
    for query in (
        # An indicator's own index in amount order holds fewer rows than each county's.
        {"theme": "t", "indicator": "i"},
        # A deep page of a theme's rows: reading each county's index would meet every row the
        # theme drops on the way; the rows the theme keeps are sorted instead.
        {"theme": "t", "page": "60"},
        # One county reads its own index anyway.
        {"county": ["a"]},
    ):
        with CaptureQueriesContext(connection) as queries:
            client.get(url, {"county": ["a", "b"], "o": "-amount", **query})
        assert not any("UNION ALL" in q["sql"] for q in queries), query


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's lists keep their order")
def test_merged_keys_are_sliced_as_the_list_in_its_order(content):
    filterset = FigureFilter(
        QueryDict("county=a&county=b&o=amount"), queryset=Figure.objects.public()
    )
    assert filterset.is_valid()
    keys = listing_keys(filterset.qs.select_related(None).values_list("pk", flat=True))
    assert 'FROM "initiatives_publicfigure"' in str(keys.query)
    counties = County.objects.filter(slug__in=["a", "b"])
    merged = merged_by_county(keys, counties, needed=30)
    assert merged[0:30] == list(keys[:30])
    assert merged[7:19] == list(keys[7:19])
    assert merged[25:25] == []
    assert merged.count() == keys.count() == 24
    with pytest.raises(TypeError):
        merged[3]


@pytest.fixture
def units(db):
    """Figures in 元, 万元 (base unit 元), 亩 (base unit 平方米) and 平方米 itself."""
    county = make_county(slug="u")
    texts = ["有300元。", "有5万元。", "有20亩。", "有800平方米。", "有7元。"]
    report = make_report(county=county, paragraphs=texts)
    initiative = make_initiative(report)
    shown = [
        ("300元", "元", 300, "元"),
        ("5万元", "万元", 50000, "元"),
        ("20亩", "亩", 13333, "平方米"),
        ("800平方米", "平方米", 800, "平方米"),
        ("7元", "元", 7, "元"),
    ]
    for paragraph, (quote, unit, amount, base) in zip(report.paragraphs.all(), shown, strict=True):
        make_figure(
            initiative, quote, paragraph=paragraph, unit=unit, amount=amount, base_unit=base
        )


@pytest.mark.parametrize(
    ("unit", "column"),
    [
        ("元", "base_unit"),
        ("万元", "unit"),
        ("平方米", "base_unit"),
        ("亩", "unit"),
        ("斤", "base_unit"),
    ],
)
def test_a_unit_filters_one_column_where_one_says_the_same(units, unit, column):
    filterset = FigureFilter(QueryDict(f"unit={unit}&o=amount"), queryset=Figure.objects.public())
    assert filterset.is_valid()
    condition = filterset.unit_condition(unit)
    assert condition.children == [(f"listing__{column}", unit)]  # one column, its index in order
    either = Figure.objects.public().filter(Q(listing__unit=unit) | Q(listing__base_unit=unit))
    expected = list(either.order_by("listing__amount", "pk").values_list("pk", flat=True))
    assert list(filterset.qs.values_list("pk", flat=True)) == expected


def test_a_unit_both_a_unit_and_another_units_base_keeps_both_columns(units):
    # As if 亩 were also the base unit of 万亩: figures in 亩 (base 平方米) and in 万亩 (base 亩).
    report = make_report(county=County.objects.get(slug="u"), paragraphs=["有3万亩。"])
    make_figure(make_initiative(report), "3万亩", unit="万亩", amount=30000, base_unit="亩")
    filterset = FigureFilter(QueryDict("unit=亩"), queryset=Figure.objects.public())
    assert filterset.is_valid()
    assert len(filterset.unit_condition("亩").children) == 2
    assert {figure.quote for figure in filterset.qs} == {"20亩", "3万亩"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans only")
def test_a_unit_sorted_by_amount_is_read_from_its_own_index(client, units, monkeypatch):
    # As if the unit had hundreds of thousands of two million figures: sorting them would cost
    # more than reading its index (whatever statistics an earlier test left cached).
    monkeypatch.setattr(FigureFilter, "kept", 430_000)
    monkeypatch.setattr(ordering.search, "statistics", lambda connection: {"figure": (2e6, {})})
    plan = key_plan(client, {"unit": "元", "o": "-amount"})
    assert "initiatives_pub_base_amount" in plan
    assert "Sort" not in plan


def key_plan(client, query):
    """Return PostgreSQL's plan of the query reading the figure list's keys, sorts discouraged."""
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("initiatives:figure_list"), query)
    keys = next(q["sql"] for q in queries if 'ORDER BY "initiatives_publicfigure"' in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {keys}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans only")
def test_one_county_in_an_order_its_index_holds_is_weighed_by_its_own_rows(
    client, content, monkeypatch
):
    # One county's 143,000 of two million figures, of which a qualifier keeps 8,800: read in
    # the county's amount order, a page meets 16 rows for each it keeps, not 227.
    monkeypatch.setattr(FigureFilter, "kept", 8_800)
    monkeypatch.setattr(FigureFilter, "tally", lambda self, data: 143_000)
    monkeypatch.setattr(ordering.search, "statistics", lambda connection: {"figure": (2e6, {})})
    filterset = FigureFilter(
        QueryDict("county=a&qualifier=approximate&o=-amount"), queryset=Figure.objects.public()
    )
    assert filterset.is_valid()
    keys = filterset.qs.values_list("pk", flat=True)
    assert "COALESCE" not in str(filterset.in_cheaper_order(keys, 61).query)
    # Two counties' rows lie through the whole order: each county's index is read, and merged.
    two = FigureFilter(
        QueryDict("county=a&county=b&qualifier=approximate&o=-amount&page=40"),
        queryset=Figure.objects.public(),
    )
    assert two.is_valid()
    keys = two.qs.values_list("pk", flat=True)
    assert isinstance(two.in_cheaper_order(keys, 801), MergedKeys)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans only")
def test_a_theme_in_reading_order_is_read_from_its_own_index(client, content, monkeypatch):
    # One theme's 300,000 of two million figures, page 4,506: in the whole list's order a page
    # meets the other themes' rows too, so the theme's rows were sorted; its own index holds
    # them in that order, and reading it meets only the theme's.
    Initiative.objects.filter(county__slug="a").update(theme=make_theme(slug="t"))
    monkeypatch.setattr(FigureFilter, "kept", 300_000)
    monkeypatch.setattr(FigureFilter, "tally", lambda self, data: 300_000)
    monkeypatch.setattr(ordering.search, "statistics", lambda connection: {"figure": (2e6, {})})

    def keys(query, needed=90_120):
        # As the list's view reads it: in reading order unless the query orders it otherwise.
        listed = Figure.objects.public().in_reading_order()
        filterset = FigureFilter(QueryDict(query), queryset=listed)
        assert filterset.is_valid()
        queryset = filterset.qs.values_list("pk", flat=True)
        return str(filterset.in_cheaper_order(queryset, needed).query)

    assert "COALESCE" not in keys("theme=t")
    assert "COALESCE" not in keys("theme=t&o=county")
    assert "COALESCE" not in keys("theme=t&o=-county")  # the index read backwards
    # Another order is weighed as before, by the whole list's rows: sorted.
    assert "COALESCE" in keys("theme=t&o=-amount")
    # An indicator's own index holds its amounts in order, not its reading order. With an
    # amount range, which an index of amounts seeks to, a list is weighed by the whole list's
    # rows, as before.
    Figure.objects.update(indicator=make_indicator(slug="i"))
    for query, own in [
        ("theme=t", True),
        ("theme=t&amount_min=50", False),
        ("indicator=i&o=-amount", True),
        ("indicator=i&o=amount&amount_min=50", False),
        ("indicator=i", False),
    ]:
        listed = Figure.objects.public().in_reading_order()
        filterset = FigureFilter(QueryDict(query), queryset=listed)
        assert filterset.is_valid()
        assert bool(filterset.own_order(filterset.qs)) is own, query
    theirs = Figure.objects.public().filter(initiative__theme__slug="t").in_reading_order()
    expected = list(theirs.values_list("pk", flat=True))
    assert expected
    for sort, rows in [("county", expected), ("-county", expected[::-1])]:
        plan = key_plan(client, {"theme": "t", "o": sort})
        assert "initiatives_pub_theme" in plan
        assert "Sort" not in plan
        # The same rows, in the same order, as the list sorted apart from the index.
        response = client.get(reverse("initiatives:figure_list"), {"theme": "t", "o": sort})
        assert [figure.pk for figure in response.context["object_list"]] == rows[:20]


def test_an_empty_amount_range_is_said_and_reads_no_figure(client, content):
    url = reverse("initiatives:figure_list")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"amount_min": "100", "amount_max": "50", "o": "county"})
    assert list(response.context["object_list"]) == []
    assert not any("initiatives_publicfigure" in q["sql"] for q in queries)
    assert "区间上限不能小于下限（100）。" in response.text
    # The export says so too, in English for an English reader, rather than an empty file.
    refused = client.get(
        reverse("initiatives:figures_csv"),
        {"amount_min": "1e2", "amount_max": "50"},
        headers={"accept-language": "en"},
    )
    assert refused.status_code == 400
    assert refused.text.endswith(
        "(amount_max): The range maximum cannot be less than its minimum (100).\n"
    )
    # A range that holds the figures' 102 still lists them.
    response = client.get(url, {"amount_min": "100", "amount_max": "102"})
    assert len(response.context["object_list"]) == 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics only")
@pytest.mark.parametrize("table", ["initiatives_publicfigure", "initiatives_publicinitiative"])
def test_the_planner_knows_a_countys_position_goes_with_the_county(content, table):
    # Taken for independent, county IN (a, b) AND county_position IN (1, 2) guessed a third of
    # the rows two counties of three hold: those rows were then sorted, not read in order.
    counties = list(County.objects.filter(slug__in=["a", "b"]))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table} "
            "WHERE county_id = ANY(%s) AND county_position = ANY(%s)",
            [[c.pk for c in counties], [c.position for c in counties]],
        )
        guessed = cursor.fetchone()[0][0]["Plan"]["Plan Rows"]
        cursor.execute(
            f"SELECT count(*) FROM {table} WHERE county_id = ANY(%s)", [[c.pk for c in counties]]
        )
        held = cursor.fetchone()[0]
    assert held * 0.8 <= guessed <= held * 1.2
