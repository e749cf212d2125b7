import json
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from initiatives.models import (
    County,
    Figure,
    Indicator,
    Initiative,
    InitiativeAlias,
    Paragraph,
    Report,
    Status,
    Theme,
)
from tests.factories import make_county, make_initiative, make_staff

PARAGRAPH = (
    "目前，全县第一批论证通过的102个帮扶项目正在实施，其中统筹使用省派工作队300万元帮扶资金。"
)


@pytest.fixture
def county(db):
    return County.objects.create(name="汶上县", slug="wenshang")


@pytest.fixture
def editor(client, django_user_model):
    """A staff user who may add, change and view, but not publish or delete."""
    codenames = [
        f"{action}_{model}"
        for action in ("add", "change", "view")
        for model in ("county", "report", "paragraph", "initiative", "figure", "theme", "indicator")
    ]
    client.force_login(make_staff(django_user_model, *codenames))
    return client


@pytest.fixture
def publisher(client, django_user_model):
    codenames = ["view_report", "change_report", "publish_report", "delete_report"]
    client.force_login(make_staff(django_user_model, *codenames))
    return client


def management_form(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def post_data(county):
    """Return a new report's admin form data: two paragraphs."""
    return {
        "county": county.pk,
        "headline": "汶上县：抓实帮扶项目 助力乡村振兴",
        "kind": Report.Kind.REPORT,
        "status": Status.DRAFT,
        "dateline": "本报汶上讯",
        "correspondents": "袁军 孙超",
        **management_form("paragraphs", 2),
        "paragraphs-0-position": "0",
        "paragraphs-0-text": PARAGRAPH,
        "paragraphs-1-position": "1",
        "paragraphs-1-text": "加强督导协调，确保实施进度“快”。",
    }


def post_report(client, county, **extra):
    return client.post(reverse("admin:initiatives_report_add"), post_data(county) | extra)


def figure_data(report, quote, **extra):
    paragraph = report.paragraphs.get(position=0)
    return {
        "county": report.county.pk,
        "title": "抓实帮扶项目",
        "slug": "wenshang-assistance-projects",
        "status": Status.DRAFT,
        "reports": [report.pk],
        **management_form("figures", 1),
        "figures-0-paragraph": paragraph.pk,
        "figures-0-quote": quote,
        "figures-0-value": "102",
        "figures-0-unit": "个",
        "figures-0-amount": "102",
        "figures-0-base_unit": "个",
        "figures-0-qualifier": Figure.Qualifier.EXACT,
        "figures-0-counted": "帮扶项目",
        "figures-0-kind": Figure.Kind.ACHIEVED,
        "figures-0-review": Figure.Review.CONFIRMED,
    } | extra


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(reverse("admin:initiatives_report_changelist"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_enter_a_report_with_its_paragraphs(editor, county):
    response = post_report(editor, county)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    report = Report.objects.get()
    assert report.correspondent_list == ["袁军", "孙超"]
    assert list(report.paragraphs.values_list("text", flat=True)) == [
        PARAGRAPH,
        "加强督导协调，确保实施进度“快”。",
    ]


def test_a_paragraph_with_a_line_break_is_refused_in_the_form(editor, county):
    response = post_report(editor, county, **{"paragraphs-1-text": "加强督导\n协调。"})
    assert response.status_code == HTTPStatus.OK
    assert "段落内不能有换行" in response.content.decode()
    assert not Report.objects.exists()


def test_staff_enter_figures_whose_span_is_found_from_the_quote(editor, county):
    post_report(editor, county)
    report = Report.objects.get()
    response = editor.post(
        reverse("admin:initiatives_initiative_add"), figure_data(report, "102个")
    )
    assert response.status_code == HTTPStatus.FOUND
    figure = Figure.objects.get()
    assert (figure.start, figure.end) == (PARAGRAPH.index("102个"), PARAGRAPH.index("102个") + 4)


def test_a_figure_whose_quote_is_not_at_its_span_is_refused_with_a_clear_message(editor, county):
    post_report(editor, county)
    report = Report.objects.get()
    data = figure_data(report, "102个", **{"figures-0-start": "0", "figures-0-end": "4"})
    response = editor.post(reverse("admin:initiatives_initiative_add"), data)
    assert response.status_code == HTTPStatus.OK
    assert "引文与段落第 0–4 字" in response.content.decode()
    assert not Initiative.objects.exists()


def test_a_quote_missing_from_the_paragraph_is_refused(editor, county):
    post_report(editor, county)
    response = editor.post(
        reverse("admin:initiatives_initiative_add"), figure_data(Report.objects.get(), "425名")
    )
    assert "段落中找不到“425名”" in response.content.decode()
    assert not Figure.objects.exists()


def test_a_figure_from_a_report_the_initiative_does_not_cite_is_refused(editor, county):
    post_report(editor, county)
    first = Report.objects.get()
    other = Report.objects.create(county=county, headline="另一篇")
    data = figure_data(first, "102个", reports=[other.pk])
    response = editor.post(reverse("admin:initiatives_initiative_add"), data)
    assert "不属于本工作举措的来源报道" in response.content.decode()
    assert not Initiative.objects.exists()


def test_chinese_substring_search_finds_reports_by_paragraph_text(editor, county):
    post_report(editor, county)
    Report.objects.create(county=county, headline="无关的报道")
    response = editor.get(reverse("admin:initiatives_report_changelist"), {"q": "帮扶资金"})
    assert [report.headline for report in response.context["cl"].result_list] == [
        "汶上县：抓实帮扶项目 助力乡村振兴"
    ]


def test_staff_without_publish_permission_cannot_publish(editor, county):
    report = Report.objects.create(county=county, headline="草稿")
    url = reverse("admin:initiatives_report_changelist")
    action_form = editor.get(url).context["action_form"]
    assert action_form is None or "publish" not in dict(action_form.fields["action"].choices)
    editor.post(url, {"action": "publish", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_staff_without_publish_permission_cannot_set_the_status_in_the_form(editor, county):
    post_report(editor, county, status=Status.PUBLISHED)
    assert Report.objects.get().status == Status.DRAFT


def test_staff_without_delete_permission_cannot_delete(editor, county):
    report = Report.objects.create(county=county, headline="草稿")
    response = editor.post(
        reverse("admin:initiatives_report_delete", args=[report.pk]), {"post": "yes"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Report.objects.filter(pk=report.pk).exists()


def test_publishers_publish_and_unpublish_with_the_actions(publisher, county):
    report = Report.objects.create(county=county, headline="草稿")
    url = reverse("admin:initiatives_report_changelist")
    publisher.post(url, {"action": "publish", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    publisher.post(url, {"action": "unpublish", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_publishing_an_initiative_with_a_draft_report_shows_why_it_was_refused(
    client, django_user_model, county
):
    client.force_login(
        make_staff(django_user_model, "view_initiative", "change_initiative", "publish_initiative")
    )
    report = Report.objects.create(county=county, headline="草稿报道")
    initiative = Initiative.objects.create(county=county, title="举措", slug="x")
    initiative.reports.add(report)
    response = client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "publish", "_selected_action": [initiative.pk]},
        follow=True,
    )
    assert "请先发布来源报道：“草稿报道”" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == Status.DRAFT


def test_list_pages_show_their_columns_in_a_bounded_number_of_queries(
    admin_client, county, django_assert_max_num_queries
):
    for number in range(20):
        report = Report.objects.create(county=county, headline=f"报道{number}")
        Paragraph.objects.create(report=report, position=0, text="一段。")
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:initiatives_report_changelist"))
    assert response.status_code == HTTPStatus.OK
    assert "报道19" in response.content.decode()


def test_ensure_staff_creates_one_account_with_a_generated_password(db, django_user_model):
    first, second = StringIO(), StringIO()
    call_command("ensure_staff", stdout=first)
    call_command("ensure_staff", stdout=second)
    password = first.getvalue().split("password:")[1].split()[0]
    user = django_user_model.objects.get(username="staff")
    assert user.is_staff
    assert not user.is_superuser
    assert user.check_password(password)
    assert len(password) >= 16
    assert user.has_perm("initiatives.publish_report")
    assert "already exists" in second.getvalue()
    assert password not in second.getvalue()
    assert django_user_model.objects.count() == 1


def test_a_blank_amount_is_read_from_the_quote(editor, county):
    post_report(editor, county)
    data = figure_data(Report.objects.get(), "300万元")
    for name in ("value", "unit", "amount", "base_unit"):
        data[f"figures-0-{name}"] = ""
    response = editor.post(reverse("admin:initiatives_initiative_add"), data)
    assert response.status_code == HTTPStatus.FOUND
    figure = Figure.objects.get()
    assert (figure.value, figure.unit, figure.amount, figure.base_unit) == (
        "300",
        "万元",
        3000000,
        "元",
    )


def test_a_blank_amount_the_quote_does_not_give_is_asked_for(editor, county):
    post_report(editor, county)
    data = figure_data(Report.objects.get(), "帮扶项目", **{"figures-0-amount": ""})
    response = editor.post(reverse("admin:initiatives_initiative_add"), data)
    assert "无法从引文“帮扶项目”读出数值" in response.content.decode()
    assert not Figure.objects.exists()


# What new staff tripped over


def test_the_admin_is_branded_digest(editor):
    text = editor.get(reverse("admin:index")).text

    assert '<a href="/admin/">Digest 管理后台</a>' in text
    assert "<title>录入、审核与发布 | Digest 管理后台</title>" in text
    assert "Django" not in text


def test_the_chinese_admin_shows_no_english_from_djangos_missing_translations(editor, county):
    post_report(editor, county, published_on="2024-07-15")

    listing = editor.get(reverse("admin:initiatives_report_changelist")).text
    form = editor.get(reverse("admin:initiatives_initiative_add")).text
    scripts = editor.get(reverse("admin:jsi18n")).text

    assert "按出版日期筛选" in listing
    assert "Filter by" not in listing
    assert "- 请选择 -" in form
    assert "Select an option" not in form
    # The note under date and time fields when the browser's time zone is not the server's.
    assert json.dumps("注意：请按%(timezone)s时区填写时间")[1:-1] in scripts


def test_a_blank_slug_is_spelled_from_the_title_in_pinyin(editor, county):
    post_report(editor, county)
    data = figure_data(Report.objects.get(), "102个", slug="", title="抓实帮扶项目")

    response = editor.post(reverse("admin:initiatives_initiative_add"), data)

    assert response.status_code == HTTPStatus.FOUND
    assert Initiative.objects.get().slug == "zhua-shi-bang-fu-xiang-mu"
    assert "留空则按名称的拼音生成" in editor.get(reverse("admin:initiatives_initiative_add")).text


def test_a_typed_slug_is_kept_and_a_taken_one_gets_a_number(editor, county):
    post_report(editor, county)
    report = Report.objects.get()
    editor.post(
        reverse("admin:initiatives_initiative_add"),
        figure_data(report, "102个", slug="wenshang-projects", title="抓实帮扶项目"),
    )
    InitiativeAlias.objects.create(
        slug="zhua-shi-bang-fu-xiang-mu", initiative=Initiative.objects.get(), title="旧"
    )

    data = figure_data(report, "102个", slug="", title="抓实帮扶项目")
    data["figures-0-quote"] = "300万元"
    editor.post(reverse("admin:initiatives_initiative_add"), data)

    assert set(Initiative.objects.values_list("slug", flat=True)) == {
        "wenshang-projects",
        "zhua-shi-bang-fu-xiang-mu-2",  # The plain one is a merged initiative's old address.
    }


def test_themes_and_indicators_get_unique_pinyin_slugs(editor):
    for name in ("公益", "工艺"):  # Both gong-yi.
        response = editor.post(reverse("admin:initiatives_theme_add"), {"name": name, "slug": ""})
        assert response.status_code == HTTPStatus.FOUND
    response = editor.post(
        reverse("admin:initiatives_indicator_add"),
        {"name": "投入资金", "slug": "", "unit": "元", "keywords": "资金、投入"},
    )
    assert response.status_code == HTTPStatus.FOUND

    assert dict(Theme.objects.values_list("name", "slug")) == {
        "公益": "gong-yi",
        "工艺": "gong-yi-2",
    }
    indicator = Indicator.objects.get()
    assert (indicator.slug, indicator.keywords) == ("tou-ru-zi-jin", "资金、投入")


def test_the_report_form_numbers_paragraphs_in_order_without_asking(editor, county):
    form = editor.get(reverse("admin:initiatives_report_add")).text
    assert "paragraphs-0-position" not in form

    data = {key: value for key, value in post_data(county).items() if not key.endswith("-position")}
    response = editor.post(reverse("admin:initiatives_report_add"), data)

    assert response.status_code == HTTPStatus.FOUND
    report = Report.objects.get()
    assert list(report.paragraphs.values_list("position", flat=True)) == [0, 1]
    change = editor.get(reverse("admin:initiatives_report_change", args=[report.pk])).text
    assert f"{report.headline} ¶1" in change
    assert f"{report.headline} ¶2" in change


def test_a_new_paragraph_goes_last_and_a_deleted_one_closes_the_gap(
    client, django_user_model, county
):
    codenames = [
        f"{action}_{model}"
        for action in ("add", "change", "view", "delete")
        for model in ("report", "paragraph")
    ]
    client.force_login(make_staff(django_user_model, *codenames, username="deleter"))
    client.post(reverse("admin:initiatives_report_add"), post_data(county))
    report = Report.objects.get()
    first, second = report.paragraphs.all()
    url = reverse("admin:initiatives_report_change", args=[report.pk])
    data = post_data(county) | management_form("paragraphs", 3, initial=2)
    data |= {
        "paragraphs-0-id": first.pk,
        "paragraphs-0-report": report.pk,
        "paragraphs-0-DELETE": "on",
        "paragraphs-1-id": second.pk,
        "paragraphs-1-report": report.pk,
        "paragraphs-2-text": "第三段。",
    }

    response = client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert list(report.paragraphs.values_list("position", "text")) == [
        (0, "加强督导协调，确保实施进度“快”。"),
        (1, "第三段。"),
    ]


def test_the_paragraph_form_counts_from_one(editor, county):
    post_report(editor, county)
    report = Report.objects.get()
    paragraph = report.paragraphs.get(position=1)

    change = editor.get(reverse("admin:initiatives_paragraph_change", args=[paragraph.pk]))
    added = editor.post(
        reverse("admin:initiatives_paragraph_add"), {"report": report.pk, "text": "第三段。"}
    )
    inserted = editor.post(
        reverse("admin:initiatives_paragraph_add"),
        {"report": report.pk, "position": "5", "text": "第五段。"},
    )

    assert change.context["adminform"].form["position"].value() == 2
    assert "从 1 起" in change.text
    assert added.status_code == inserted.status_code == HTTPStatus.FOUND
    assert report.paragraphs.get(text="第三段。").position == 2
    fifth = report.paragraphs.get(text="第五段。")
    assert fifth.position == 4
    assert str(fifth).endswith("¶5")


def test_the_figure_inline_offers_the_paragraphs_of_its_reports_by_their_opening_words(
    editor, county
):
    post_report(editor, county)
    report = Report.objects.get()
    editor.post(reverse("admin:initiatives_initiative_add"), figure_data(report, "102个"))
    other = Report.objects.create(county=county, headline="另一篇")
    Paragraph.objects.create(report=other, position=0, text="别的报道里的段落。")
    initiative = Initiative.objects.get()

    response = editor.get(reverse("admin:initiatives_initiative_change", args=[initiative.pk]))

    field = response.context["inline_admin_formsets"][0].formset.forms[0].fields["paragraph"]
    assert field.choices == [
        ("", "- 请选择 -"),
        (
            report.headline,
            [
                (
                    report.paragraphs.get(position=0).pk,
                    "¶1 目前，全县第一批论证通过的102个帮扶项目正在实…",
                ),
                (report.paragraphs.get(position=1).pk, "¶2 加强督导协调，确保实施进度“快”。"),
            ],
        ),
    ]
    assert "别的报道里的段落" not in response.text
    assert 'data-model-name="paragraph"' not in response.text  # No longer a search box.


@pytest.mark.parametrize("model", ["report", "initiative", "paragraph"])
def test_the_admin_lists_filter_by_the_counties_with_content_only(editor, model):
    """The gazetteer's three thousand counties would each be a link in the side bar."""
    for name in ("有报道县", "也有报道县"):  # A filter of one choice is not shown.
        make_initiative(county=make_county(name=name))
    make_county(name="无报道县", slug="silent")
    text = editor.get(reverse(f"admin:initiatives_{model}_changelist")).text
    assert "有报道县" in text
    assert "也有报道县" in text
    assert "无报道县" not in text
