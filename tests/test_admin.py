from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from initiatives.models import County, Figure, Initiative, Paragraph, Report, Status
from tests.factories import make_staff

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


def post_report(client, county, **extra):
    data = {
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
    return client.post(reverse("admin:initiatives_report_add"), data | extra)


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
