import re
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from initiatives.filters import SEARCH_MAX_LENGTH
from initiatives.models import County, Figure, Initiative, Report, Status
from initiatives.templatetags.digest import highlighted
from tests.factories import (
    make_county,
    make_figure,
    make_indicator,
    make_initiative,
    make_report,
    make_theme,
)

FIGURES = reverse("initiatives:figure_list")
INITIATIVES = reverse("initiatives:initiative_list")


def ids(objects):
    return {obj.pk for obj in objects}


# The demo page -------------------------------------------------------------------------


def test_the_wenshang_page_lists_its_initiative_and_its_figures(client, seed):
    response = client.get(reverse("initiatives:county_detail", args=["wenshang"]))
    assert response.status_code == HTTPStatus.OK
    assert [i.slug for i in response.context["initiatives"]] == ["wenshang-assistance-projects"]
    assert "汶上县抓实帮扶项目" in response.text
    assert response.context["figure_total"] == 5
    assert "300万元" in response.text


def test_the_figure_list_for_jinxiang_shows_exactly_jinxiangs_figures(client, seed):
    response = client.get(FIGURES, {"county": "jinxiang"})
    expected = Figure.objects.public().filter(initiative__county__slug="jinxiang")
    assert expected.count() == 8
    assert ids(response.context["object_list"]) == ids(expected)
    assert response.context["paginator"].count == 8


def test_several_counties_at_once(client, seed):
    response = client.get(FIGURES, {"county": ["jinxiang", "yutai"]})
    # The paginator pages the list's keys; the page loads its rows.
    keys = list(response.context["paginator"].object_list)
    counties = {figure.initiative.county.slug for figure in Figure.objects.filter(pk__in=keys)}
    assert counties == {"jinxiang", "yutai"}
    assert response.context["paginator"].count == 8 + 13


def test_a_filtered_csv_has_exactly_the_rows_of_the_filtered_page(client, seed):
    query = {"county": ["jinxiang", "liangshan"], "q": "企业"}
    page = client.get(FIGURES, query)
    csv = client.get(reverse("initiatives:figures_csv"), query)
    rows = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()[1:]
    page_ids = list(page.context["paginator"].object_list)  # the list's keys, in its order
    assert page_ids  # the filter matches something on the demo page
    assert [int(row.split(",", 1)[0]) for row in rows] == page_ids


def test_the_figure_list_links_to_its_exports_with_the_current_filters(client, seed):
    response = client.get(FIGURES, {"county": "jinxiang", "page": "1"})
    assert 'href="/figures.csv?county=jinxiang"' in response.text
    assert 'href="/figures.json?county=jinxiang"' in response.text
    assert "8 行，不只是本页" in response.text


def test_the_overview_totals_count_the_demo_page(client, seed):
    response = client.get(reverse("initiatives:home"))
    totals = response.context["totals"]
    assert totals == {"initiatives": 9, "figures": 63, "reports": 9, "counties": 9}
    assert 'action="/initiatives/"' in response.text  # the search box


def test_the_overview_says_what_each_number_counts(client, seed):
    """9 counties have published work and 14 cards follow: the page says which is which."""
    text = client.get(reverse("initiatives:home")).text

    assert "<strong>9</strong> 个县区已有公开的工作举措" in text
    assert "<strong>9</strong> 篇已发布的报道" in text
    assert "<strong>9</strong> 项已发布的工作举措" in text
    assert "<strong>63</strong> 条已确认的数据" in text
    cards = text.count('<li class="card')
    assert cards == 14
    assert "下面列出 14 个县区，其中 9 个已有公开的工作举措。" in text


def test_the_indicator_page_compares_counties_by_their_latest_values(client, seed):
    """One bar per county, its latest value: bars of every reading would double-count."""
    url = reverse("initiatives:indicator_detail", args=["retired-cadres-taking-part"])
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert 'role="img"' in response.text
    shown = [(f.initiative.county.name, f.amount) for f in response.context["latest"]]
    # 泗水县's one report gives 120, then 560 and 12: the first in reading order stands for it.
    assert shown == [
        ("金乡县", Decimal("425")),
        ("鱼台县", Decimal("238")),
        ("泗水县", Decimal("120")),
    ]
    chart = str(response.context["chart"])
    assert [int(value) for value in re.findall(r'class="chart-value"[^>]*>([\d,]+)<', chart)] == [
        425,
        238,
        120,
    ]
    every = [(f.initiative.county.name, f.amount) for f in response.context["rows"]]
    assert sorted(every) == sorted(
        [
            ("鱼台县", Decimal("238")),
            ("金乡县", Decimal("425")),
            ("泗水县", Decimal("560")),
            ("泗水县", Decimal("120")),
            ("泗水县", Decimal("12")),
        ]
    )


def test_text_search_finds_an_initiative_by_words_in_its_source_paragraphs(client, seed):
    response = client.get(INITIATIVES, {"q": "柏籽加工"})
    assert [i.slug for i in response.context["object_list"]] == ["wenshang-assistance-projects"]


# Drafts never leak ----------------------------------------------------------------------


@pytest.fixture
def mixed(db):
    """One public initiative with a public figure, and drafts of every kind around it."""
    county = make_county(name="汶上县", slug="wenshang")
    public = make_initiative(county=county, title="公开举措", slug="public")
    shown = make_figure(public, "102个")
    hidden = make_figure(public, "300万元", review=Figure.Review.SUGGESTED, counted="待审对象")
    draft = make_initiative(county=county, title="草稿举措", slug="draft", status=Status.DRAFT)
    make_figure(draft, "102个")
    draft_report = make_report(county=county, status=Status.DRAFT, headline="草稿报道")
    withdrawn = make_initiative(draft_report, title="来源未发布", slug="withdrawn")
    make_figure(withdrawn, "102个")
    return {"public": public, "shown": shown, "hidden": hidden}


@pytest.mark.parametrize("slug", ["draft", "withdrawn"])
def test_a_drafts_url_answers_404(client, mixed, slug):
    assert client.get(reverse("initiatives:initiative_detail", args=[slug])).status_code == 404
    csv = reverse("initiatives:initiative_figures_csv", args=[slug])
    assert client.get(csv).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "url",
    [
        reverse("initiatives:home"),
        reverse("initiatives:county_list"),
        reverse("initiatives:county_detail", args=["wenshang"]),
        INITIATIVES,
        FIGURES,
        reverse("initiatives:initiative_detail", args=["public"]),
    ],
)
def test_drafts_are_absent_from_every_page(client, mixed, url):
    text = client.get(url).text
    assert "草稿举措" not in text
    assert "来源未发布" not in text
    assert "草稿报道" not in text
    assert "待审对象" not in text  # the unconfirmed figure's counted noun


def test_counts_and_charts_leave_drafts_out(client, mixed):
    home = client.get(reverse("initiatives:home")).context
    assert home["totals"]["initiatives"] == 1
    assert home["totals"]["figures"] == 1
    assert home["totals"]["reports"] == 2  # the draft initiative's own report is published
    county = client.get(reverse("initiatives:county_detail", args=["wenshang"])).context
    assert county["figure_total"] == 1
    listing = client.get(INITIATIVES).context
    assert [(i.title, i.figure_count) for i in listing["object_list"]] == [("公开举措", 1)]


def test_the_figure_list_shows_only_public_figures(client, mixed):
    response = client.get(FIGURES)
    assert ids(response.context["object_list"]) == {mixed["shown"].pk}


def test_the_detail_page_highlights_only_confirmed_figures(client, mixed):
    text = client.get(mixed["public"].get_absolute_url()).text
    assert f'id="quote-{mixed["shown"].pk}"' in text
    assert f"quote-{mixed['hidden'].pk}" not in text


def test_an_indicator_counts_only_public_figures(client, mixed):
    indicator = make_indicator(name="帮扶项目数", slug="projects")
    Figure.objects.update(indicator=indicator)
    response = client.get(indicator.get_absolute_url())
    assert ids(response.context["rows"]) == {mixed["shown"].pk}
    assert ids(response.context["latest"]) == {mixed["shown"].pk}
    listing = client.get(reverse("initiatives:indicator_list"))
    assert [i.figure_count for i in listing.context["indicators"]] == [1]


# Figures highlighted in their source text -----------------------------------------------


def test_each_figure_is_highlighted_in_place_and_linked_both_ways(client, db):
    initiative = make_initiative(slug="wenshang-projects")
    projects = make_figure(initiative, "102个")
    funds = make_figure(initiative, "300万元", unit="万元", amount=3000000, base_unit="元")
    text = client.get(initiative.get_absolute_url()).text
    assert (
        f'通过的<mark id="quote-{projects.pk}" class="quote"><a href="#figure-{projects.pk}">'
        f"102个</a></mark>帮扶项目" in text
    )
    assert f'<tr id="figure-{funds.pk}">' in text
    assert f'href="#quote-{funds.pk}"' in text
    assert text.index(f"quote-{projects.pk}") < text.index(f'id="quote-{funds.pk}"')


def test_source_text_is_escaped_around_and_inside_highlights(db):
    report = make_report(paragraphs=["<b>注意</b>：共有<i>5</i>个&项目"])
    initiative = make_initiative(report)
    figure = make_figure(initiative, "<i>5</i>个")
    html = str(highlighted(report.paragraphs.get(), [figure]))
    assert "<b>" not in html
    assert "&lt;b&gt;注意&lt;/b&gt;" in html
    assert f'<a href="#figure-{figure.pk}">&lt;i&gt;5&lt;/i&gt;个</a>' in html
    assert html.endswith("&amp;项目")


def test_overlapping_and_invalid_spans_leave_the_page_readable(client, db):
    initiative = make_initiative()
    whole = make_figure(initiative, "102个帮扶项目")
    inner = make_figure(initiative, "102个")  # overlaps the first: shown in the table only
    stale = make_figure(initiative, "300万元")
    Figure.objects.filter(pk=stale.pk).update(quote="999万元")  # the text was edited since
    response = client.get(initiative.get_absolute_url())
    text = response.text
    assert response.status_code == HTTPStatus.OK
    assert text.count("<mark") == 1
    assert f'id="quote-{whole.pk}"' in text
    assert f'<tr id="figure-{inner.pk}">' in text
    assert f'href="#quote-{inner.pk}"' not in text  # no link to a highlight that is not there
    assert f'href="#quote-{stale.pk}"' not in text
    assert "全县第一批论证通过的" in text


def test_the_source_says_unknown_where_the_page_does_not_say(client, db):
    initiative = make_initiative(
        report=make_report(dateline="本报汶上讯", correspondents="袁军 孙超")
    )
    text = client.get(initiative.get_absolute_url()).text
    assert "本报汶上讯" in text
    assert "袁军、孙超" in text
    assert text.count("未注明") == 3  # publication, date and page


# Filters and bad input ------------------------------------------------------------------


def test_an_unknown_county_gives_a_clear_message_and_no_rows(client, mixed):
    response = client.get(FIGURES, {"county": "atlantis"})
    assert response.status_code == HTTPStatus.OK
    assert list(response.context["object_list"]) == []
    assert "筛选条件有误" in response.text
    assert "atlantis" in response.text


def test_text_in_a_number_field_gives_a_clear_message(client, mixed):
    response = client.get(FIGURES, {"amount_min": "三百"})
    assert response.status_code == HTTPStatus.OK
    assert list(response.context["object_list"]) == []
    assert "折算数值不小于" in response.text


@pytest.mark.parametrize(
    "url",
    [
        reverse("initiatives:figures_csv"),
        reverse("initiatives:figures_json"),
        reverse("initiatives:initiatives_csv"),
        reverse("initiatives:initiatives_json"),
    ],
)
def test_an_export_of_an_invalid_filter_is_refused_with_the_reason(client, mixed, url):
    response = client.get(url, {"county": "atlantis", "amount_min": "abc"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not response.streaming  # refused before the first byte of a file
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Content-Disposition" not in response
    assert response.text.startswith("筛选条件有误，没有导出：\n")
    assert "县区 (county)：" in response.text
    assert "atlantis" in response.text
    if url.startswith("/figures"):
        assert "折算数值不小于 (amount_min)：输入一个数字。" in response.text


def test_the_refusal_of_an_export_is_translated(client, mixed):
    response = client.get(
        reverse("initiatives:figures_csv"),
        {"amount_max": "0.00001"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.text.endswith(
        "\nAmount at most (amount_max): Ensure that there are no more than 4 decimal places.\n"
    )


AMOUNT_PLACES = Figure._meta.get_field("amount").decimal_places
AMOUNT_WHOLE_DIGITS = Figure._meta.get_field("amount").max_digits - AMOUNT_PLACES


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("1e-16384", "确认总共不超过 20 个数字"),  # 0.000…1 has 16,384 digits
        ("0." + "0" * AMOUNT_PLACES + "1", "确认小数不超过 4 位"),
        ("1e-20000", "确认总共不超过 20 个数字"),
        ("1e400", "确认总共不超过 20 个数字"),
        ("-1e400", "确认总共不超过 20 个数字"),
        ("1" * (AMOUNT_WHOLE_DIGITS + 1), "确认小数点前不超过 16 位"),
        ("9" * 20_000, "确认总共不超过 20 个数字"),
        ("NaN", "输入一个数字"),
        ("Infinity", "输入一个数字"),
        ("-inf", "输入一个数字"),
    ],
)
@pytest.mark.parametrize("name", ["amount_min", "amount_max"])
def test_an_amount_the_column_cannot_hold_is_a_form_error_not_a_query(
    client, mixed, name, value, error
):
    response = client.get(FIGURES, {name: value})
    assert response.status_code == HTTPStatus.OK
    assert list(response.context["object_list"]) == []
    assert "筛选条件有误" in response.text
    assert error in response.text
    export = client.get(reverse("initiatives:figures_json"), {name: value})
    assert export.status_code == HTTPStatus.BAD_REQUEST
    assert error in export.text


@pytest.mark.parametrize(
    "value",
    ["1" * AMOUNT_WHOLE_DIGITS + "." + "9" * AMOUNT_PLACES, "0.0001", "102.50000000", "-5", "1E+3"],
)
def test_an_amount_the_column_can_hold_filters(client, mixed, value):
    response = client.get(FIGURES, {"amount_min": value})
    assert not response.context["filter"].errors
    export = client.get(reverse("initiatives:figures_csv"), {"amount_min": value})
    assert export.status_code == HTTPStatus.OK


def test_amount_bounds_compare_exactly(client, db):
    initiative = make_initiative()
    figure = make_figure(initiative, "102个", amount=Decimal("102.5"))

    def shown(**query):
        return ids(client.get(FIGURES, query).context["object_list"])

    assert shown(amount_min="102.5000000") == {figure.pk}
    assert shown(amount_min="102.5001") == set()
    assert shown(amount_max="102.4999") == set()
    assert shown(amount_max="1.025e2") == {figure.pk}


def test_a_search_longer_than_the_limit_is_a_form_error_not_a_database_error(client, mixed):
    for url in (FIGURES, INITIATIVES):
        response = client.get(url, {"q": "帮" * (SEARCH_MAX_LENGTH + 1)})
        assert response.status_code == HTTPStatus.OK
        assert list(response.context["object_list"]) == []
        assert f"确保该变量包含不超过 {SEARCH_MAX_LENGTH} 字符" in response.text
        assert f'maxlength="{SEARCH_MAX_LENGTH}"' in response.text
    assert client.get(FIGURES, {"q": "帮" * SEARCH_MAX_LENGTH}).context["filter"].is_valid()
    export = client.get(reverse("initiatives:figures_csv"), {"q": "a" * 50_001})
    assert export.status_code == HTTPStatus.BAD_REQUEST
    assert "关键词 (q)：" in export.text


def test_a_unit_longer_than_the_column_is_a_form_error(client, mixed):
    length = Figure._meta.get_field("unit").max_length
    assert client.get(FIGURES, {"unit": "元" * length}).context["filter"].is_valid()
    response = client.get(FIGURES, {"unit": "元" * (length + 1)})
    assert response.context["filter"].errors
    assert "单位" in response.text


@pytest.mark.parametrize(
    ("page", "note"),
    [("99999999999999999999", "已显示最后一页"), ("two", "已显示第一页"), ("²", "已显示第一页")],
)
def test_a_bad_page_number_shows_a_real_page_with_a_note(client, db, page, note):
    county = make_county()
    for _ in range(21):
        make_initiative(county=county)
    response = client.get(INITIATIVES, {"page": page})
    assert response.status_code == HTTPStatus.OK
    assert note in response.text
    assert len(response.context["object_list"]) in {1, 20}


def test_initiatives_filter_by_theme_date_and_figures(client, db):
    theme = make_theme(name="老干部工作", slug="retired-cadres")
    make_initiative(report=make_report(published_on="2023-05-01"), theme=theme, title="旧")
    new = make_initiative(report=make_report(published_on="2024-06-12"), theme=theme, title="新")
    make_figure(new, "102个")
    make_initiative(report=make_report(published_on="2024-06-12"), title="别的")

    def titles(**query):
        return {i.title for i in client.get(INITIATIVES, query).context["object_list"]}

    assert titles(theme="retired-cadres") == {"旧", "新"}
    assert titles(published_after="2024-01-01") == {"新", "别的"}
    assert titles(published_before="2023-12-31") == {"旧"}
    assert titles(has_figures="true") == {"新"}
    assert titles(has_figures="false") == {"旧", "别的"}


def test_search_does_not_multiply_the_figure_counts(client, db):
    report = make_report(paragraphs=["第一段有102个帮扶项目。", "第二段也讲帮扶。"])
    initiative = make_initiative(report)
    make_figure(initiative, "102个")
    listing = client.get(INITIATIVES, {"q": "帮扶"}).context["object_list"]
    assert [i.figure_count for i in listing] == [1]


def test_initiatives_sort_by_the_number_of_figures(client, db):
    few = make_initiative(title="少")
    many = make_initiative(title="多")
    make_figure(many, "102个")
    make_figure(many, "300万元")
    make_figure(few, "102个")
    listing = client.get(INITIATIVES, {"o": "-figures"}).context["object_list"]
    assert [i.title for i in listing] == ["多", "少"]


def test_active_filters_are_shown_and_each_can_be_removed(client, seed):
    response = client.get(FIGURES, {"county": ["jinxiang", "yutai"], "q": "老干部"})
    active = {
        (item["label"], item["value"]): item["url"] for item in response.context["active_filters"]
    }
    assert active[("县区", "金乡县")] == "?county=yutai&q=%E8%80%81%E5%B9%B2%E9%83%A8"
    assert active[("关键词", "老干部")] == "?county=jinxiang&county=yutai"
    assert "金乡县 <span" in response.text


def test_figure_list_filters_by_amount_unit_qualifier_and_kind(client, db):
    initiative = make_initiative()
    small = make_figure(initiative, "102个")
    big = make_figure(
        initiative,
        "300万元",
        unit="万元",
        amount=3000000,
        base_unit="元",
        qualifier=Figure.Qualifier.APPROXIMATE,
        kind=Figure.Kind.EXPECTED,
    )

    def shown(**query):
        return ids(client.get(FIGURES, query).context["object_list"])

    assert shown(amount_min="1000") == {big.pk}
    assert shown(amount_max="1000") == {small.pk}
    assert shown(unit="万元") == {big.pk}
    assert shown(unit="元") == {big.pk}  # the base unit takes 万元 in
    assert shown(unit="个", amount_min="1000") == set()
    assert shown(qualifier="approximate") == {big.pk}
    assert shown(kind="achieved") == {small.pk}


# Query counts -----------------------------------------------------------------------------


def build(count, county, theme, indicator):
    for _ in range(count):
        initiative = make_initiative(county=county, theme=theme)
        make_figure(initiative, "102个", indicator=indicator)
        make_figure(initiative, "300万元", unit="万元", amount=3000000, base_unit="元")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(context)


@pytest.mark.parametrize(
    "url",
    [
        reverse("initiatives:home"),
        reverse("initiatives:county_list"),
        reverse("initiatives:county_detail", args=["wenshang"]),
        INITIATIVES,
        INITIATIVES + "?q=帮扶&county=wenshang&o=-figures",
        FIGURES,
        FIGURES + "?county=wenshang&q=帮扶",
        reverse("initiatives:indicator_list"),
        reverse("initiatives:indicator_detail", args=["projects"]),
    ],
)
def test_list_queries_do_not_grow_with_the_rows(client, db, django_assert_max_num_queries, url):
    county = make_county(name="汶上县", slug="wenshang")
    theme = make_theme()
    indicator = make_indicator(slug="projects")
    build(2, county, theme, indicator)
    client.get(url)  # A search reads the index's statistics once per process and ten minutes.
    few = queries_for(client, url)
    build(8, county, theme, indicator)
    # The filter form's choices (regions, counties, themes, indicators) are a query each.
    with django_assert_max_num_queries(9):
        client.get(url)
    assert queries_for(client, url) == few


def test_the_detail_page_takes_a_constant_number_of_queries(
    client, db, django_assert_max_num_queries
):
    report = make_report(
        paragraphs=["有102个项目。"] * 1 + [f"第{n}段有300万元。" for n in range(9)]
    )
    initiative = make_initiative(report)
    for paragraph in report.paragraphs.all()[1:]:
        make_figure(initiative, "300万元", paragraph=paragraph)
    with django_assert_max_num_queries(5):
        response = client.get(initiative.get_absolute_url())
    assert response.text.count("<mark") == 9


# Error pages ------------------------------------------------------------------------------


def test_an_unknown_address_gets_the_friendly_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "找不到这个页面" in response.text
    assert 'href="/"' in response.text
    assert "site.css" in response.text


def test_an_unknown_county_page_is_404(client, db):
    response = client.get(reverse("initiatives:county_detail", args=["atlantis"]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_the_500_page_renders_without_a_request_or_database():
    with translation.override("zh-hans"):
        html = render_to_string("500.html")
    assert "出了点问题" in html
    assert "site.css" in html


def test_the_counties_page_lists_every_county_with_counts(client, seed):
    counties = client.get(reverse("initiatives:county_list")).context["counties"]
    assert len(counties) == County.objects.count()
    yutai = next(county for county in counties if county.slug == "yutai")
    assert (yutai.initiative_count, yutai.figure_count) == (1, 13)
    assert Report.objects.public().count() == Initiative.objects.public().count() == 9


BAD_QUERIES = [
    "amount_min=1e400",
    "amount_max=-1e400",
    "amount_min=99999999999999999999999999999",
    "amount_min=NaN",
    "amount_min=Infinity",
    "o=bogus",
    "published_after=2024-13-45",
    "county=",
    "county=%00",
    "q=%00",
    "unit=%00",
    "page=-1",
    "page=0",
    "page=1.5",
    "theme=nope",
    "indicator=x&kind=zzz&qualifier=%3Cscript%3E",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize("url", [FIGURES, INITIATIVES])
def test_bad_query_parameters_never_give_a_server_error(client, mixed, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code == HTTPStatus.OK
    assert "<script>" not in response.text


@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize(
    ("url", "page"),
    [
        (reverse("initiatives:figures_csv"), FIGURES),
        (reverse("initiatives:figures_json"), FIGURES),
        (reverse("initiatives:initiatives_csv"), INITIATIVES),
        (reverse("initiatives:initiatives_json"), INITIATIVES),
    ],
)
def test_an_export_is_refused_exactly_when_its_page_shows_filter_errors(
    client, mixed, url, page, query
):
    response = client.get(f"{url}?{query}")
    if client.get(f"{page}?{query}").context["filter"].errors:
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response["Content-Type"] == "text/plain; charset=utf-8"
    else:
        assert response.status_code == HTTPStatus.OK
        assert b"".join(response.streaming_content)


def test_a_county_page_shows_a_dozen_initiatives_and_links_to_the_rest(client, db):
    county = make_county(slug="wenshang")
    for _ in range(13):
        make_initiative(county=county)
    response = client.get(county.get_absolute_url())
    assert len(response.context["initiatives"]) == 12
    assert 'href="/initiatives/?county=wenshang">查看全部 13 项工作举措</a>' in response.text


def test_a_list_counted_by_reading_counts_only_a_few_pages_past_the_one_shown(
    client, db, monkeypatch
):
    # Page n counts its rows and one page more: two pages of 20, so 45 rows are "more than 40".
    monkeypatch.setattr("initiatives.caching.PAGES_COUNTED_AHEAD", 1)
    report = make_report(paragraphs=[f"第{n}段有102个项目。" for n in range(45)])
    initiative = make_initiative(report, title="举措")
    for paragraph in report.paragraphs.all():
        make_figure(initiative, "102个", paragraph=paragraph)
    first = client.get(FIGURES, {"amount_min": "1"})
    assert first.context["paginator"].capped
    assert not first.context["paginator"].at_limit
    assert "超过 40 条数据" in first.text
    assert "只列出" not in first.text  # the rows past 40 are a page away, not cut off
    assert "第 1 页，共 2 页以上" in first.text
    assert 'href="?amount_min=1&amp;page=2" rel="next"' in first.text
    # Page 3 counts up to 80: all 45, and its rows are the last five in the list's order.
    last = client.get(FIGURES, {"amount_min": "1", "page": "3"})
    assert not last.context["paginator"].capped
    assert "共 45 条数据" in last.text
    order = list(Figure.objects.public().in_reading_order().values_list("pk", flat=True))
    assert [figure.pk for figure in last.context["object_list"]] == order[40:]
    english = client.get(FIGURES, {"amount_min": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "More than 40 figures" in english.text
    assert "Page 1 of more than 2" in english.text


def test_a_page_number_of_thousands_of_digits_shows_the_last_page(client, db):
    make_figure(make_initiative(title="举措"), "102个")
    for url in (FIGURES, INITIATIVES):
        response = client.get(url, {"amount_min": "1", "page": "9" * 5000})
        assert response.status_code == HTTPStatus.OK
        assert response.context["page_obj"].number == 1
        assert len(response.context["object_list"]) == 1


@pytest.mark.parametrize("page", ["0", "-1"])
def test_a_page_number_below_one_shows_the_first_page_of_a_list_counted_by_reading(
    client, db, monkeypatch, page
):
    # The last page counted for page 1 is not the list's last: the nearest real page is 1.
    monkeypatch.setattr("initiatives.caching.PAGES_COUNTED_AHEAD", 1)
    report = make_report(paragraphs=[f"第{n}段有102个项目。" for n in range(45)])
    initiative = make_initiative(report, title="举措")
    for paragraph in report.paragraphs.all():
        make_figure(initiative, "102个", paragraph=paragraph)
    response = client.get(FIGURES, {"amount_min": "1", "page": page})
    assert response.context["page_obj"].number == 1
    assert f"页码“{page}”无效，已显示第一页。" in response.text
    order = list(Figure.objects.public().in_reading_order().values_list("pk", flat=True))
    assert [figure.pk for figure in response.context["object_list"]] == order[:20]


@pytest.mark.parametrize(
    ("language", "initiatives_note", "figures_note"),
    [
        ("zh-hans", "超过 2 项工作举措，只列出前 2 项", "超过 2 条数据，只列出前 2 条"),
        ("en", "More than 2 initiatives; the first 2 are listed", "More than 2"),
    ],
)
def test_a_list_past_its_counting_cap_says_so_and_its_export_holds_every_row(
    client, db, monkeypatch, language, initiatives_note, figures_note
):
    monkeypatch.setattr("initiatives.views.COUNTED_AT_MOST", 2)
    theme = make_theme(slug="t")
    for number in range(3):
        make_figure(make_initiative(theme=theme, title=f"举措{number}"), "102个")
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    # A theme is not in the counties' counts for initiatives, nor an amount in the figures'.
    initiatives = client.get(INITIATIVES, {"theme": "t"}, **headers)
    assert initiatives.context["paginator"].capped
    assert len(initiatives.context["object_list"]) == 2
    assert initiatives_note in initiatives.text
    figures = client.get(FIGURES, {"amount_min": "1"}, **headers)
    assert figures.context["paginator"].capped
    assert figures_note in figures.text
    csv = client.get(reverse("initiatives:initiatives_csv"), {"theme": "t"})
    assert len(b"".join(csv.streaming_content).splitlines()) == 1 + 3
