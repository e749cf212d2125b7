"""The review screen: one row per figure, keys, bulk confirmation, themes and indicators."""

import json
import re
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from initiatives.highlighting import sentence_around
from initiatives.importing import import_items, read
from initiatives.models import Figure, Indicator, Initiative, Report, Status, Theme
from initiatives.suggesting import Candidate, keyword_list, suggest_indicator, suggest_theme

from .factories import (
    FIXTURE,
    make_counties,
    make_indicator,
    make_initiative,
    make_report,
    make_staff,
    make_theme,
    make_themes_and_indicators,
)
from .import_helpers import SEED_PAGE, form_data

REVIEWER = ["view_report", "view_figure", "change_figure", "add_figure", "change_initiative"]
PUBLISHER = [*REVIEWER, "publish_report", "publish_initiative"]
# The themes the demo fixture gives the seed page's initiatives, by county.
SEED_THEMES = {
    "汶上县": "乡村振兴",
    "鱼台县": "老干部工作",
    "邹城市": "老年教育",
    "泗水县": "老干部工作",
    "微山县": "基层治理",
    "太白湖新区": "基层党建",
    "金乡县": "老干部工作",
    "济宁经开区": "志愿服务",
    "梁山县": "企业发展",
}


# Pure: the sentence around a quote, and the suggestions


def test_a_short_sentence_is_shown_whole():
    text = "加强调研论证。全县102个帮扶项目正在实施。后续管护。"
    start = text.index("102个")

    assert sentence_around(text, start, start + 4) == (
        "全县",
        "102个",
        "帮扶项目正在实施。",
        False,
        False,
    )


def test_a_long_sentence_is_cut_to_the_clauses_around_the_quote():
    text = (
        "目前，全县第一批论证通过的102个帮扶项目正在实施，其中统筹使用省派工作队300万元帮扶资金"
        "建设“中都街道朝阳村柏籽加工厂房项目”，涉及帮扶的6个“万村共富”村，每村每年可增加集体收入"
        "3万元以上。"
    )
    start = text.index("300万元")

    before, quote, after, cut_before, cut_after = sentence_around(text, start, start + 5)

    assert (
        before + quote + after
        == "其中统筹使用省派工作队300万元帮扶资金建设“中都街道朝阳村柏籽加工厂房项目”，"
    )
    assert (cut_before, cut_after) == (True, True)
    start = text.index("3万元以上")
    assert sentence_around(text, start, start + 5)[:3] == (
        "每村每年可增加集体收入",
        "3万元以上",
        "。",
    )


def test_keywords_are_split_on_the_separators_staff_type():
    assert keyword_list("帮扶、乡村振兴， 驻村,第一书记；共富\n集体收入") == (
        "帮扶",
        "乡村振兴",
        "驻村",
        "第一书记",
        "共富",
        "集体收入",
    )
    assert keyword_list("") == ()


def test_the_theme_whose_keywords_occur_most_is_suggested_and_the_headline_counts_more():
    themes = [Candidate(1, ("帮扶",)), Candidate(2, ("老干部",))]

    assert suggest_theme("帮扶项目", ["老干部宣讲", "老干部调解"], themes) == 1  # 3 against 2
    assert suggest_theme("会议", ["老干部宣讲", "帮扶"], themes) == 1  # A tie: the first.
    assert suggest_theme("会议", ["老干部宣讲、老干部调解", "帮扶"], themes) == 2
    assert suggest_theme("会议", ["没有关键词"], themes) is None


def test_an_indicator_is_suggested_only_in_the_figures_base_unit():
    indicators = [Candidate(1, ("活动", "志愿服务"), "次"), Candidate(2, ("活动",), "场次")]

    assert suggest_indicator("志愿服务活动", "次", indicators) == 1
    assert suggest_indicator("志愿服务活动", "场次", indicators) == 2
    assert suggest_indicator("志愿服务活动", "名", indicators) is None
    assert suggest_indicator("帮扶项目", "次", indicators) is None


def test_the_longest_keyword_decides_between_indicators_of_one_unit():
    indicators = [Candidate(1, ("干部",), "名"), Candidate(2, ("离退休干部",), "名")]

    assert suggest_indicator("离退休干部党员", "名", indicators) == 2
    assert suggest_indicator("村干部", "名", indicators) == 1


# Suggestions at import


@pytest.fixture
def imported(db):
    """The seed page imported as drafts, with the demo's counties, themes and indicators."""
    make_counties()
    make_themes_and_indicators()
    return import_items(read(SEED_PAGE.read_text())).created


def test_import_suggests_each_initiatives_theme_from_its_words(imported):
    themes = {
        initiative.county.name: initiative.theme.name if initiative.theme else None
        for initiative in Initiative.objects.select_related("county", "theme")
    }

    assert themes == SEED_THEMES


def test_import_files_each_figure_under_the_indicator_the_demo_gives_it(imported):
    rows = json.loads(FIXTURE.read_text())
    texts = {
        row["pk"]: row["fields"]["text"] for row in rows if row["model"] == "initiatives.paragraph"
    }
    names = {
        row["pk"]: row["fields"]["name"] for row in rows if row["model"] == "initiatives.indicator"
    }
    expected = {
        (texts[row["fields"]["paragraph"]], row["fields"]["start"]): names.get(
            row["fields"]["indicator"]
        )
        for row in rows
        if row["model"] == "initiatives.figure"
    }

    figures = Figure.objects.select_related("paragraph", "indicator")
    found = {
        (figure.paragraph.text, figure.start): figure.indicator.name if figure.indicator else None
        for figure in figures
    }

    assert len(found) == 63
    assert found == expected
    assert all(f.indicator.unit == f.base_unit for f in figures if f.indicator)
    # The slip the issue names: 场次 is not 次.
    assert Figure.objects.get(quote="82场次").indicator is None


def test_an_imported_initiative_has_no_summary_copied_from_its_first_paragraph(imported):
    assert set(Initiative.objects.values_list("summary", flat=True)) == {""}


def test_without_keywords_nothing_is_suggested(db):
    make_counties()
    make_theme(name="乡村振兴")
    make_indicator(name="投入资金", unit="元")

    import_items(read(SEED_PAGE.read_text()))

    assert not Initiative.objects.filter(theme__isnull=False).exists()
    assert not Figure.objects.filter(indicator__isnull=False).exists()


# One base unit per indicator


def test_a_figure_cannot_join_an_indicator_of_another_unit(imported):
    figure = Figure.objects.get(quote="82场次")
    figure.indicator = Indicator.objects.get(name="开展活动次数")

    with pytest.raises(ValidationError) as caught:
        figure.clean()

    assert caught.value.message_dict["indicator"] == [
        "指标“开展活动次数”以“次”计，这条数据的基本单位是“场次”：请选基本单位相同的指标，或不归入指标。"
    ]
    figure.indicator = make_indicator(name="开展活动场次", unit="场次")
    figure.clean()


# The review screen


def review_url(report):
    return reverse("admin:initiatives_report_review", args=[report.pk])


def confirm_url(report):
    return reverse("admin:initiatives_report_confirm", args=[report.pk])


@pytest.fixture
def reviewer(client, django_user_model):
    client.force_login(make_staff(django_user_model, *REVIEWER, username="reviewer"))
    return client


@pytest.fixture
def publisher(client, django_user_model):
    client.force_login(make_staff(django_user_model, *PUBLISHER, username="publisher"))
    return client


def report_of(county):
    return Report.objects.get(county__name=county)


def row_data(response, **changes):
    """Return the review form's POST data as shown, with {quote: {field: value}} changes."""
    formset = response.context["formset"]
    data = form_data(formset)
    if response.context["theme_form"] is not None:
        data |= form_data(response.context["theme_form"])
    prefixes = {form.instance.quote: form.prefix for form in formset.initial_forms}
    for quote, fields in changes.items():
        data |= {f"{prefixes[quote]}-{name}": value for name, value in fields.items()}
    return data


def test_each_figure_is_one_table_row_with_the_clause_around_its_quote(reviewer, imported):
    report = report_of("汶上县")

    response = reviewer.get(review_url(report))

    assert response.status_code == HTTPStatus.OK
    rows = response.context["rows"]
    assert [row.instance.quote for row in rows] == ["15个", "102个", "300万元", "6个", "3万元以上"]
    assert (
        len(
            re.findall(
                r'<tbody class="review-row [^"]*" id="figure-row-\d+" data-row>', response.text
            )
        )
        == 5
    )
    sentence = str(rows[2].sentence)
    assert sentence == (
        '…其中统筹使用省派工作队<mark class="quote">300万元</mark>'
        "帮扶资金建设“中都街道朝阳村柏籽加工厂房项目”，…"
    )
    assert "102个" not in sentence  # Its clause, not the whole paragraph.
    # Confirm and reject are radio buttons in the row; editing opens with the row's disclosure.
    row = response.text.split('id="figure-row-3"')[1].split("</tbody>")[0]
    assert 'value="confirmed"' in row
    assert 'value="rejected"' in row
    assert '<details class="row-edit">' in row
    assert 'name="figures-2-counted"' in row


def test_the_screen_documents_its_keys_and_loads_them_from_a_static_file(reviewer, imported):
    text = reviewer.get(review_url(report_of("汶上县"))).text

    for key in ("j", "k", "y", "n", "e"):
        assert f"<kbd>{key}</kbd>" in text
    assert 'src="/static/initiatives/review.js"' in text
    # The site's Content-Security-Policy allows no inline script: every script is a file.
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", text))


def test_rows_are_confirmed_rejected_and_edited_in_one_save(reviewer, imported):
    report = report_of("汶上县")
    shown = reviewer.get(review_url(report))
    data = row_data(
        shown,
        **{
            "102个": {"review": "confirmed"},
            "15个": {"review": "rejected"},
            "3万元以上": {"review": "confirmed", "counted": "每村增加集体收入"},
        },
    )

    response = reviewer.post(review_url(report), data)

    assert response.status_code == HTTPStatus.FOUND
    figures = {f.quote: f for f in Figure.objects.filter(paragraph__report=report)}
    assert figures["102个"].review == Figure.Review.CONFIRMED
    assert figures["15个"].review == Figure.Review.REJECTED
    assert figures["3万元以上"].counted == "每村增加集体收入"
    assert figures["6个"].review == Figure.Review.SUGGESTED


def test_a_row_offers_only_indicators_in_its_base_unit(reviewer, imported):
    response = reviewer.get(review_url(report_of("金乡县")))

    forms = {form.instance.quote: form for form in response.context["formset"].initial_forms}
    offered = {label for _value, label in forms["82场次"].fields["indicator"].choices}
    assert "开展活动次数（次）" not in offered
    offered = {label for _value, label in forms["26次"].fields["indicator"].choices}
    assert "开展活动次数（次）" in offered
    assert "参与的离退休干部人数（名）" not in offered


def test_the_review_screen_refuses_an_indicator_of_another_unit(reviewer, imported):
    report = report_of("金乡县")
    shown = reviewer.get(review_url(report))
    activities = Indicator.objects.get(name="开展活动次数")
    data = row_data(shown, **{"82场次": {"indicator": activities.pk, "review": "confirmed"}})

    response = reviewer.post(review_url(report), data)

    assert response.status_code == HTTPStatus.OK
    assert "以“次”计，这条数据的基本单位是“场次”" in response.text
    figure = Figure.objects.get(quote="82场次")
    assert figure.indicator is None
    assert figure.review == Figure.Review.SUGGESTED


# The initiative's theme on the review screen


def test_the_theme_is_suggested_on_the_screen_and_saved_with_the_review(reviewer, imported):
    report = report_of("汶上县")
    initiative = report.home()
    Initiative.objects.filter(pk=initiative.pk).update(theme=None)
    rural = Theme.objects.get(name="乡村振兴")

    shown = reviewer.get(review_url(report))

    assert shown.context["theme_form"]["theme"].value() == rural.pk
    assert "按报道中的关键词建议：乡村振兴" in shown.text
    elders = Theme.objects.get(name="老干部工作")
    response = reviewer.post(review_url(report), row_data(shown) | {"initiative-theme": elders.pk})
    assert response.status_code == HTTPStatus.FOUND
    initiative.refresh_from_db()
    assert initiative.theme == elders


def test_staff_who_may_not_change_initiatives_see_the_theme_but_cannot_set_it(
    client, django_user_model, imported
):
    user = make_staff(django_user_model, "view_report", "change_figure", username="checker")
    client.force_login(user)
    report = report_of("汶上县")
    shown = client.get(review_url(report))
    assert shown.context["theme_form"] is None
    assert "主题：乡村振兴" in shown.text

    data = row_data(shown) | {"initiative-theme": Theme.objects.get(name="企业发展").pk}
    client.post(review_url(report), data)

    assert report.home().theme.name == "乡村振兴"


def test_the_theme_of_a_published_initiative_is_left_to_publishers(reviewer, db):
    theme, other = make_theme(), make_theme()
    initiative = make_initiative(theme=theme)
    follow_up = make_report(county=initiative.county, status=Status.DRAFT, continues=initiative)

    shown = reviewer.get(review_url(follow_up))

    assert shown.context["theme_form"] is None
    reviewer.post(review_url(follow_up), row_data(shown) | {"initiative-theme": other.pk})
    initiative.refresh_from_db()
    assert initiative.theme == theme


# Confirming many at once


def test_the_bulk_preview_lists_what_it_would_confirm_and_changes_nothing(reviewer, imported):
    report = report_of("鱼台县")

    response = reviewer.get(review_url(report), {"confirm_at": "0.80"})

    listed = {figure.quote for figure, problem in response.context["bulk"]["shown"]}
    expected = set(
        Figure.objects.filter(
            paragraph__report=report, confidence__gte=Decimal("0.80")
        ).values_list("quote", flat=True)
    )
    assert listed == expected
    assert {"1个", "2至5个"}.isdisjoint(listed)  # Read with 0.30 confidence.
    assert "将确认置信度不低于 0.80 的 11 条数据" in response.text
    assert 'name="_bulk_confirm"' in response.text
    assert set(Figure.objects.values_list("review", flat=True)) == {Figure.Review.SUGGESTED}


def test_bulk_confirm_confirms_the_previewed_figures_that_still_qualify(reviewer, imported):
    report = report_of("鱼台县")
    preview = reviewer.get(review_url(report), {"confirm_at": "0.80"})
    listed = preview.context["bulk"]["confirmable"]
    # Meanwhile someone rejects one of them.
    changed = Figure.objects.get(quote="44个")
    Figure.objects.filter(pk=changed.pk).update(review=Figure.Review.REJECTED)
    low = Figure.objects.get(quote="1个")

    response = reviewer.post(
        confirm_url(report), {"confirm_at": "0.80", "figures": [*listed, low.pk]}
    )

    assert response.status_code == HTTPStatus.FOUND
    reviews = dict(Figure.objects.filter(paragraph__report=report).values_list("quote", "review"))
    assert reviews.pop("44个") == Figure.Review.REJECTED
    assert reviews.pop("1个") == Figure.Review.SUGGESTED  # Below the confidence asked for.
    assert reviews.pop("2至5个") == Figure.Review.SUGGESTED
    assert set(reviews.values()) == {Figure.Review.CONFIRMED}
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["已确认 10 条数据。 另有 2 条在预览之后已改动或不能确认，未确认。"]


def test_bulk_confirm_leaves_a_figure_whose_indicator_has_another_unit(reviewer, imported):
    report = report_of("金乡县")
    wrong = Figure.objects.get(quote="82场次")
    wrong.indicator = Indicator.objects.get(name="开展活动次数")
    Figure.objects.filter(pk=wrong.pk).update(indicator=wrong.indicator)

    preview = reviewer.get(review_url(report), {"confirm_at": "0.80"})

    problems = {figure.quote: problem for figure, problem in preview.context["bulk"]["shown"]}
    assert "基本单位是“场次”" in problems["82场次"]
    assert wrong.pk not in preview.context["bulk"]["confirmable"]
    reviewer.post(confirm_url(report), {"confirm_at": "0.80", "figures": [wrong.pk]})
    assert Figure.objects.get(pk=wrong.pk).review == Figure.Review.SUGGESTED


def test_bulk_confirm_of_a_published_report_is_left_to_publishers(
    reviewer, imported, django_user_model, client
):
    report = report_of("汶上县")
    Figure.objects.filter(paragraph__report=report, quote="6个").update(
        review=Figure.Review.SUGGESTED
    )
    Report.objects.filter(pk=report.pk).update(status=Status.PUBLISHED)
    ids = list(Figure.objects.filter(paragraph__report=report).values_list("pk", flat=True))

    shown = reviewer.get(review_url(report))
    assert 'name="confirm_at"' not in shown.text
    response = reviewer.post(confirm_url(report), {"confirm_at": "0.5", "figures": ids})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Figure.objects.filter(review=Figure.Review.CONFIRMED).exists()
    client.force_login(make_staff(django_user_model, *PUBLISHER, username="publisher"))
    client.post(confirm_url(report), {"confirm_at": "0.5", "figures": ids})
    assert Figure.objects.filter(paragraph__report=report, review="confirmed").count() == 5


def test_bulk_confirm_needs_the_review_permission(client, django_user_model, imported):
    client.force_login(make_staff(django_user_model, "view_report", "view_figure"))
    report = report_of("汶上县")
    ids = list(Figure.objects.filter(paragraph__report=report).values_list("pk", flat=True))

    response = client.post(confirm_url(report), {"confirm_at": "0", "figures": ids})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Figure.objects.filter(review=Figure.Review.CONFIRMED).exists()


def test_bulk_confirm_only_posts(reviewer, imported):
    report = report_of("汶上县")

    response = reviewer.get(confirm_url(report), {"confirm_at": "0", "figures": "1"})

    assert response.status_code == HTTPStatus.FOUND
    assert not Figure.objects.filter(review=Figure.Review.CONFIRMED).exists()


# Going on


def test_the_screen_links_to_the_next_draft_and_wraps_around(reviewer, imported):
    reports = list(Report.objects.order_by("pk"))
    Report.objects.filter(pk=reports[1].pk).update(status=Status.PUBLISHED)

    first = reviewer.get(review_url(reports[0])).context["next_report"]
    last = reviewer.get(review_url(reports[-1])).context["next_report"]

    assert first == reports[2]  # The published one is skipped.
    assert last == reports[0]
    assert review_url(reports[2]) in reviewer.get(review_url(reports[0])).text


def test_the_review_screen_query_count_does_not_grow_with_the_rows(
    reviewer, imported, django_assert_max_num_queries
):
    Initiative.objects.update(theme=None)  # The theme is suggested on the screen too.
    report = max(
        Report.objects.all(), key=lambda r: Figure.objects.filter(paragraph__report=r).count()
    )

    with django_assert_max_num_queries(18):
        reviewer.get(review_url(report))
