"""The page cache: fast repeats, and never a page older than the last committed change."""

from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.caching import content_revision, rows_counted
from initiatives.listing.search import COUNTED_AT_MOST
from initiatives.models import Figure, Initiative, Paragraph, Report, Revision, Status
from tests.factories import (
    make_county,
    make_figure,
    make_indicator,
    make_initiative,
    make_region,
    make_report,
    make_theme,
)

FIGURES = reverse("initiatives:figure_list")


@pytest.fixture(autouse=True)
def page_cache(settings):
    """Turn the page cache on, empty, as in production."""
    settings.DIGEST_PAGE_CACHE_SECONDS = 600
    caches[settings.DIGEST_PAGE_CACHE].clear()
    yield
    caches[settings.DIGEST_PAGE_CACHE].clear()


@pytest.fixture
def published(db):
    county = make_county(slug="wenshang")
    initiative = make_initiative(county=county, slug="help")
    make_figure(initiative, "102个", indicator=make_indicator(slug="projects"))
    return initiative


@pytest.mark.parametrize(
    "url",
    [
        reverse("initiatives:initiative_detail", args=["help"]),
        f"{FIGURES}?county=wenshang",
        reverse("initiatives:initiative_list") + "?county=wenshang",
        reverse("initiatives:county_detail", args=["wenshang"]),
        reverse("initiatives:home"),
        reverse("initiatives:county_list"),
        reverse("initiatives:indicator_list") + "?x=1",
        reverse("initiatives:indicator_detail", args=["projects"]),
    ],
)
def test_every_public_page_is_cached_and_a_repeat_costs_one_query(
    client, published, django_assert_num_queries, url
):
    first = client.get(url)
    assert first.status_code == HTTPStatus.OK
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.status_code == HTTPStatus.OK
    assert again["X-Cache"] == "HIT"
    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_exports_and_the_health_check_are_never_cached(client, published, settings):
    cache = caches[settings.DIGEST_PAGE_CACHE]

    def pages():
        return sum(":page:" in key for key in cache._cache)

    client.get(reverse("initiatives:home"))
    assert pages() == 1
    for url in [reverse("initiatives:figures_csv"), reverse("initiatives:healthz")]:
        client.get(url)
        client.get(url)
    assert pages() == 1


def comparison(html):
    """Return the indicator page's section comparing counties."""
    start = html.index('<section aria-labelledby="latest-heading">')
    return html[start : html.index('<section aria-labelledby="all-heading">', start)]


def test_an_indicators_pages_share_its_comparison_of_counties_until_the_content_changes(
    client, published
):
    url = reverse("initiatives:indicator_detail", args=["projects"])

    def read(address):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(address)
        assert page["X-Cache"] == "MISS"  # every address is new: no page comes from the cache
        series = [query for query in queries if "initiatives_seriespoint" in query["sql"]]
        return comparison(page.text), series

    first, series = read(url)
    assert '<td class="num">102' in first
    assert series  # the first page computed the comparison
    again, series = read(url + "?page=2")
    assert again == first
    assert not series  # the second page read it
    Figure.objects.filter(initiative=published).update(amount=250)
    changed, series = read(url + "?page=3")
    assert series
    assert '<td class="num">250' in changed
    assert '<td class="num">102' not in changed


def test_unpublishing_makes_the_cached_page_404_at_once(client, published):
    url = published.get_absolute_url()
    assert client.get(url).status_code == HTTPStatus.OK
    Initiative.objects.filter(pk=published.pk).unpublish()
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_unpublishing_a_report_empties_the_cached_list_at_once(client, published):
    url = f"{FIGURES}?county=wenshang"
    assert "102个" in client.get(url).text
    Report.objects.filter(initiatives=published).unpublish()
    assert "102个" not in client.get(url).text


def test_publishing_and_editing_show_on_the_cached_pages_at_once(client, published):
    draft = make_initiative(county=published.county, slug="draft", status=Status.DRAFT)
    make_figure(draft, "102个", counted="草稿项目")
    url = f"{FIGURES}?county=wenshang"
    assert "草稿项目" not in client.get(url).text
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    Initiative.objects.filter(pk=draft.pk).publish()
    assert "草稿项目" in client.get(url).text
    published.title = "改过的名称"
    published.save()
    assert "改过的名称" in client.get(published.get_absolute_url()).text


def test_every_kind_of_write_raises_the_revision(published):
    seen = [content_revision()]

    def raised():
        seen.append(content_revision())
        return seen[-1] > seen[-2]

    Figure.objects.filter(initiative=published).update(counted="改")
    assert raised()
    make_report(county=published.county)
    assert raised()
    Figure.objects.bulk_create([])  # nothing written, nothing raised
    assert not raised()
    report = published.reports.get()
    Paragraph.objects.bulk_create([Paragraph(report=report, position=9, text="新段落")])
    assert raised()
    Figure.objects.filter(initiative=published).delete()
    assert raised()
    published.reports.clear()
    assert raised()


def test_a_cached_page_holds_nothing_per_visitor_and_its_language_switch_needs_no_token(
    published,
):
    url = published.get_absolute_url()
    first = Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert page.content == first.content
    assert "csrfmiddlewaretoken" not in page.text
    assert not page.cookies

    switched = visitor.post(reverse("set_language"), {"language": "en", "next": url})

    assert switched.status_code == HTTPStatus.FOUND
    assert 'lang="en"' in visitor.get(url).text


def test_languages_are_cached_apart(client, published):
    url = published.get_absolute_url()
    chinese = client.get(url, headers={"accept-language": "zh-hans"})
    english = client.get(url, headers={"accept-language": "en"})
    assert 'lang="zh-hans"' in chinese.text
    assert 'lang="en"' in english.text


def test_without_a_revision_row_pages_are_not_cached_until_the_next_write(
    client, published, django_assert_num_queries
):
    Revision.objects.all().delete()
    url = published.get_absolute_url()
    client.get(url)
    # Rendered again, uncached: the revision, the initiative, its reports with their
    # paragraphs, its figures and its corrections.
    with django_assert_num_queries(6):
        client.get(url)
    Initiative.objects.filter(pk=published.pk).update(title="改")
    assert content_revision() is not None


def counted(client, url):
    """Return the page's text and whether rendering it counted rows.

    A capped count reads the keys up to one past how far the page counts instead of counting them.
    """
    with CaptureQueriesContext(connection) as queries:
        text = client.get(url).text
    page = parse_qs(urlsplit(url).query).get("page", [None])[0]
    capped = f"LIMIT {rows_counted(page, 20, COUNTED_AT_MOST) + 1}"
    return text, any("COUNT(*)" in query["sql"] or capped in query["sql"] for query in queries)


@pytest.fixture
def initiative(db):
    """An initiative of 汶上县 with 25 figures, one in each paragraph of its report."""
    county = make_county(slug="wenshang")
    report = make_report(county=county, paragraphs=[f"第{n}段有102个项目。" for n in range(25)])
    initiative = make_initiative(report)
    for paragraph in report.paragraphs.all():
        make_figure(initiative, "102个", paragraph=paragraph)
    return initiative


def test_further_pages_of_a_filter_reuse_its_row_count_until_the_content_changes(
    client, initiative
):
    # An amount is a test of each figure: its count is of rows, not of the listing's counts.
    url = f"{FIGURES}?county=wenshang&amount_min=1"
    text, did_count = counted(client, url)
    assert did_count
    assert "共 25 条数据" in text
    text, did_count = counted(client, f"{url}&page=2&o=amount")
    assert not did_count
    assert "共 25 条数据" in text
    Figure.objects.filter(pk=initiative.figures.first().pk).delete()
    text, did_count = counted(client, f"{url}&page=2")
    assert did_count
    assert "共 24 条数据" in text


def test_a_count_one_page_stored_answers_another_only_where_it_holds(
    client, initiative, monkeypatch
):
    monkeypatch.setattr("initiatives.caching.PAGES_COUNTED_AHEAD", 0)  # a page counts itself
    url = f"{FIGURES}?county=wenshang&amount_min=1"
    text, did_count = counted(client, url)
    assert did_count
    assert "超过 20 条数据" in text
    # "More than 20" does not say how many page 2 has: it reads further.
    text, did_count = counted(client, f"{url}&page=2")
    assert did_count
    assert "共 25 条数据" in text
    # That exact count answers page 1 too, in any order.
    text, did_count = counted(client, f"{url}&o=amount")
    assert not did_count
    assert "共 25 条数据" in text


def test_a_filter_the_listing_counts_as_empty_reads_no_row(client, initiative):
    make_theme(slug="empty")  # a theme with no figures: nothing is read to find none
    with CaptureQueriesContext(connection) as queries:
        text = client.get(FIGURES, {"theme": "empty", "q": "项目", "amount_min": "1"}).text
    assert "共 0 条数据" in text
    assert "没有符合条件的数据。" in text
    assert not any('FROM "initiatives_figure"' in query["sql"] for query in queries)


def test_a_filter_the_listing_counts_cover_counts_no_rows(client, initiative):
    text, did_count = counted(client, f"{FIGURES}?county=wenshang&unit=个&kind=achieved")
    assert not did_count
    assert "共 25 条数据" in text
    text, did_count = counted(client, f"{FIGURES}?county=wenshang&unit=元")
    assert not did_count
    assert "共 0 条数据" in text


def test_the_admins_unpublish_action_makes_the_cached_pages_stale_at_once(
    client, published, django_user_model
):
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.user_permissions.set(
        Permission.objects.filter(codename__in=["view_report", "change_report", "publish_report"])
    )
    staff = Client()
    staff.force_login(editor)
    url = published.get_absolute_url()
    listed = f"{FIGURES}?county=wenshang"
    assert client.get(url).status_code == HTTPStatus.OK
    assert "102个" in client.get(listed).text
    staff.post(
        reverse("admin:initiatives_report_changelist"),
        {"action": "unpublish", "_selected_action": [published.reports.get().pk]},
    )
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert "102个" not in client.get(listed).text


@pytest.mark.django_db
def test_every_content_table_keeps_its_revision_triggers_after_all_migrations():
    """SQLite rebuilds a table to add a column with a default, and the rebuilt one has none."""
    from initiatives.triggers import CONTENT_TABLES

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal")
        tables = {row[0] for row in cursor.fetchall()}
    assert set(CONTENT_TABLES) <= tables


def test_a_lost_database_gets_the_503_page_from_the_page_cache_too(client, published, monkeypatch):
    """The revision is read before the view, where DatabaseUnavailableMiddleware cannot see."""
    from django.db import OperationalError

    from initiatives import caching

    def unreachable(request=None):
        raise OperationalError("connection refused")

    monkeypatch.setattr(caching, "content_revision", unreachable)

    response = client.get(published.get_absolute_url())

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"]


def test_a_counted_list_reads_its_keys_once_and_pages_through_them(client, initiative):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{FIGURES}?county=wenshang&amount_min=1&page=2")
    expected = list(Figure.objects.public().in_reading_order().values_list("pk", flat=True))
    assert [figure.pk for figure in response.context["object_list"]] == expected[20:]
    assert "共 25 条数据" in response.text
    sql = [query["sql"] for query in queries]
    assert sum(f"LIMIT {rows_counted(2, 20, COUNTED_AT_MOST) + 1}" in text for text in sql) == 1
    assert not any("OFFSET" in text for text in sql)  # the page is a slice of those keys


def test_a_filter_forms_choices_are_read_once_per_content_revision(client, db):
    """The counties, regions and themes a list offers are read again only after a change."""
    province = make_region("370000", "山东省")
    county = make_county(slug="wenshang", name="汶上县", region=province)
    theme = make_theme(name="乡村振兴")
    make_figure(make_initiative(county=county, theme=theme), "102个")

    def tables_read(url):
        with CaptureQueriesContext(connection) as queries:
            text = client.get(url).text
        choices = ("initiatives_theme", "initiatives_region", "initiatives_county")
        read = {t for q in queries for t in choices if f'FROM "{t}"' in q["sql"]}
        return text, read

    text, read = tables_read(f"{FIGURES}?x=1")
    assert read == {"initiatives_theme", "initiatives_region", "initiatives_county"}
    assert all(name in text for name in ("乡村振兴", "山东省", "汶上县"))
    _text, read = tables_read(f"{FIGURES}?x=2")
    assert read == set()
    # Every change to those tables raises the revision: the next list reads them again.
    theme.name = "人居环境"
    theme.save()
    text, read = tables_read(f"{FIGURES}?x=3")
    assert "人居环境" in text
    assert "乡村振兴" not in text
    province.name = "山东"
    province.save()
    text, _read = tables_read(f"{FIGURES}?x=4")
    assert 'value="370000">山东</option>' in text.replace("\n", "")


def test_the_shared_counts_of_every_address_follow_the_content(client, published):
    """The indicator list's and the provinces' counts are shared by addresses until a change."""
    shandong = make_region("370000", "山东省")
    published.county.region = make_region("370800", "济宁市", shandong)
    published.county.save()
    indicators, regions = reverse("initiatives:indicator_list"), reverse("initiatives:region_list")
    assert [i.figure_count for i in client.get(indicators + "?a=1").context["indicators"]] == [1]
    assert [r.figure_count for r in client.get(regions + "?a=1").context["regions"]] == [1]
    with CaptureQueriesContext(connection) as queries:
        client.get(indicators + "?a=2")
    assert not any("initiatives_figuretally" in query["sql"] for query in queries)
    make_figure(published, "300万元", indicator=Figure.objects.get().indicator)
    assert [i.figure_count for i in client.get(indicators + "?a=3").context["indicators"]] == [2]
    assert [r.figure_count for r in client.get(regions + "?a=3").context["regions"]] == [2]
