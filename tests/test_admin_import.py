from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.importing import import_items, read
from initiatives.models import Figure, Initiative, Report, Status
from initiatives.reading import MAX_PAGE_CHARS

from .factories import make_counties, make_staff
from .import_helpers import (
    DATA,
    IMPORT_PERMISSIONS,
    SEED_PAGE,
    counts,
    form_data,
)

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:initiatives_report_import")
NOTHING = {"Report": 0, "Paragraph": 0, "Initiative": 0, "Figure": 0}
HOSTILE = (
    "本报汶上讯（通讯员 袁军）全县<script>alert(1)</script>新建102个<b>驿站</b>。\n\n"
    "汶上县：驿站<img src=x onerror=alert(2)>建设\n"
)
REVIEWER = ["view_report", "change_report", "change_figure", "add_figure", "view_figure"]
PUBLISHER = [*REVIEWER, "publish_report", "publish_initiative"]


@pytest.fixture
def counties():
    return make_counties()


@pytest.fixture
def importer(client, django_user_model, counties):
    client.force_login(make_staff(django_user_model, *IMPORT_PERMISSIONS, "view_report"))
    return client


def preview(client, **data):
    return client.post(IMPORT_URL, {"_preview": "1", **data})


def confirm(client, response, **changes):
    """Submit the preview's form as shown, with any fields changed."""
    context = response.context
    data = form_data(context["carry"], context["counties"]) | {"_create": "1"} | changes
    return client.post(IMPORT_URL, data)


def test_import_page_offers_paste_and_upload_and_is_linked_from_the_admin(importer):
    response = importer.get(IMPORT_URL)

    assert response.status_code == HTTPStatus.OK
    assert 'name="text"' in response.text
    assert 'type="file"' in response.text
    assert 'enctype="multipart/form-data"' in response.text
    assert IMPORT_URL in importer.get(reverse("admin:index")).text
    assert IMPORT_URL in importer.get(reverse("admin:initiatives_report_changelist")).text


def test_staff_without_add_permission_gets_403_and_no_link(client, django_user_model, counties):
    client.force_login(make_staff(django_user_model, "view_report", "change_report"))

    assert client.get(IMPORT_URL).status_code == HTTPStatus.FORBIDDEN
    response = preview(client, text=SEED_PAGE.read_text())
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert counts() == NOTHING
    assert IMPORT_URL not in client.get(reverse("admin:initiatives_report_changelist")).text


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(IMPORT_URL)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))


def test_preview_shows_every_item_with_its_figures_highlighted_and_saves_nothing(importer):
    items = read(SEED_PAGE.read_text())

    response = preview(importer, text=SEED_PAGE.read_text())

    assert response.status_code == HTTPStatus.OK
    assert len(response.context["previews"]) == 9
    assert response.text.count('<mark class="figure') == sum(len(i.figures) for i in items)
    assert "汶上县：抓实帮扶项目 助力乡村振兴" in response.text
    assert '<option value="汶上县" selected>' in response.text
    assert counts() == NOTHING


def test_pasted_markup_comes_out_escaped(importer):
    response = preview(importer, text=HOSTILE)

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<img src=x" not in response.text
    assert "&lt;b&gt;" in response.text
    assert "102个</a>" in response.text  # The figure is still marked.


def test_confirming_the_preview_creates_the_drafts(importer):
    shown = preview(importer, text=SEED_PAGE.read_text(), publication="济宁日报", page="04")

    response = confirm(importer, shown)

    assert response.status_code == HTTPStatus.FOUND
    assert (
        Report.objects.filter(status=Status.DRAFT, publication="济宁日报", page="04").count() == 9
    )
    assert not Report.objects.public().exists()
    ids = ",".join(str(pk) for pk in Report.objects.order_by("pk").values_list("pk", flat=True))
    assert response.url.endswith(f"?id__in={ids}")


def test_confirming_twice_changes_nothing_and_says_so(importer):
    shown = preview(importer, text=SEED_PAGE.read_text())
    confirm(importer, shown)
    before = counts()

    response = confirm(importer, preview(importer, text=SEED_PAGE.read_text()))

    assert counts() == before
    assert "没有变化" in importer.get(response.url).text


def test_staff_can_correct_the_suggested_county(importer):
    shown = preview(importer, text=SEED_PAGE.read_text())

    confirm(importer, shown, **{"form-0-county": "泗水县"})

    assert Report.objects.get(dateline="本报汶上讯").county.name == "泗水县"
    assert Initiative.objects.get(reports__dateline="本报汶上讯").county.name == "泗水县"


def test_an_item_without_a_county_must_be_given_one_and_nothing_is_saved_meanwhile(importer):
    text = "本报讯（记者 王明）全市新建102个驿站。\n\n驿站遍布城乡\n"
    shown = preview(importer, text=text)
    assert "未能从文字中识别县区" in shown.text

    response = confirm(importer, shown)

    assert response.status_code == HTTPStatus.OK
    assert "请选择这篇报道所属的县区" in response.text
    assert counts() == NOTHING
    confirm(importer, shown, **{"form-0-county": "汶上县"})
    assert Report.objects.get().county.name == "汶上县"


def test_an_unknown_county_name_is_refused(importer):
    shown = preview(importer, text=SEED_PAGE.read_text())

    response = confirm(importer, shown, **{"form-0-county": "火星县"})

    assert response.status_code == HTTPStatus.OK
    assert "火星县" not in response.context["counties"].forms[0].cleaned_data
    assert response.context["counties"].forms[0].errors
    assert counts() == NOTHING


def test_an_uploaded_gb18030_file_is_previewed_and_imported(importer):
    upload = SEED_PAGE.read_text().encode("gb18030")

    shown = preview(importer, file=SimpleUploadedFile("page.txt", upload, "text/plain"))
    assert len(shown.context["previews"]) == 9

    confirm(importer, shown)

    assert Report.objects.count() == 9


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "请粘贴版面文字或上传文件"),
        (b"\x00\x01\x02binary\x00", "不是文本文件"),
    ],
    ids=["empty", "binary"],
)
def test_bad_uploads_get_a_clear_message(importer, data, message):
    response = preview(importer, file=SimpleUploadedFile("page.txt", data, "text/plain"))

    assert response.status_code == HTTPStatus.OK
    assert message in response.text
    assert counts() == NOTHING


def test_text_without_a_dateline_offers_to_import_it_whole(importer):
    text = "全县第一批论证通过的102个帮扶项目正在实施。\n\n帮扶项目建设提速\n"

    response = preview(importer, text=text)

    assert "整篇作为一篇报道导入" in response.text
    assert response.context["form"].errors
    whole = preview(importer, text=text, whole="on")
    assert len(whole.context["previews"]) == 1
    confirm(importer, whole, **{"form-0-county": "汶上县"})
    assert Report.objects.get().paragraphs.first().text.startswith("全县第一批")


def test_a_page_over_the_limit_is_refused(importer):
    response = preview(importer, text="本报汶上讯" * (MAX_PAGE_CHARS // 4))

    assert "一次最多读取" in response.text
    assert counts() == NOTHING


def test_a_paste_over_the_request_limit_gets_the_same_friendly_message(importer, settings):
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = preview(importer, text="本报汶上讯" * (size // 5))

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "提交的内容太大" in response.text
    assert f"一次最多读取 {MAX_PAGE_CHARS} 字" in response.text
    assert IMPORT_URL in response.text
    assert counts() == NOTHING


# The review screen


@pytest.fixture
def report(counties):
    text = (
        "本报汶上讯（通讯员 袁军 孙超）目前，全县第一批论证通过的102个帮扶项目正在实施，"
        "统筹使用省派工作队300万元帮扶资金，每村每年可增加集体收入3万元以上。\n\n"
        "汶上县：抓实帮扶项目\n"
    )
    result = import_items(read(text))
    return result.created[0]


def review_url(report):
    return reverse("admin:initiatives_report_review", args=[report.pk])


def login(client, django_user_model, codenames):
    client.force_login(make_staff(django_user_model, *codenames, username="reviewer"))
    return client


def rows(response):
    """Return the review formset's POST data as shown, and each row's prefix by its quote."""
    formset = response.context["formset"]
    prefixes = {form.instance.quote: form.prefix for form in formset.initial_forms}
    return (
        form_data(formset),
        prefixes,
        formset.extra_forms[0].prefix if formset.extra_forms else None,
    )


def decide_all(data, prefixes, review="confirmed"):
    return data | {f"{prefix}-review": review for prefix in prefixes.values()}


def test_review_screen_shows_paragraphs_with_numbered_highlights_beside_the_rows(
    client, django_user_model, report
):
    login(client, django_user_model, REVIEWER)

    response = client.get(review_url(report))

    figures = Figure.objects.filter(paragraph__report=report)
    assert response.status_code == HTTPStatus.OK
    assert response.text.count('<mark class="figure figure-suggested"') == figures.count()
    assert '<a href="#figure-row-1">102个</a>' in response.text
    assert 'id="figure-row-1"' in response.text
    assert "补充漏掉的数据" in response.text
    assert 'name="_publish"' not in response.text  # No publish permission.


def test_review_link_is_on_the_report_change_page_and_the_list(client, django_user_model, report):
    login(client, django_user_model, REVIEWER)

    change = client.get(reverse("admin:initiatives_report_change", args=[report.pk]))
    listing = client.get(reverse("admin:initiatives_report_changelist"))

    assert review_url(report) in change.text
    assert review_url(report) in listing.text


def test_review_accepts_rejects_corrects_and_adds_a_missed_figure(
    client, django_user_model, report
):
    login(client, django_user_model, REVIEWER)
    data, prefix, extra = rows(client.get(review_url(report)))
    paragraph = report.paragraphs.get()
    data[f"{prefix['102个']}-review"] = "confirmed"
    data[f"{prefix['300万元']}-review"] = "rejected"
    data[f"{prefix['3万元以上']}-counted"] = "每村每年新增集体收入"
    missed = {
        "paragraph": paragraph.pk,
        "quote": "集体收入",
        "value": "1",
        "unit": "项",
        "amount": "1",
        "base_unit": "项",
        "counted": "收入来源",
    }
    data |= {f"{extra}-{name}": value for name, value in missed.items()}

    response = client.post(review_url(report), data)

    assert response.status_code == HTTPStatus.FOUND
    figures = {f.quote: f for f in Figure.objects.filter(paragraph__report=report)}
    assert figures["102个"].review == Figure.Review.CONFIRMED
    assert figures["300万元"].review == Figure.Review.REJECTED
    assert figures["3万元以上"].counted == "每村每年新增集体收入"
    assert figures["3万元以上"].review == Figure.Review.SUGGESTED
    added = figures["集体收入"]
    assert added.start == paragraph.text.index("集体收入")
    assert added.end == added.start + 4
    assert added.review == Figure.Review.CONFIRMED
    assert added.initiative == report.initiatives.get()
    assert not Report.objects.public().exists()


def test_a_correction_that_breaks_the_span_is_refused_with_the_reason(
    client, django_user_model, report
):
    login(client, django_user_model, REVIEWER)
    data, prefix, _extra = rows(client.get(review_url(report)))
    data[f"{prefix['102个']}-quote"] = "103个"

    response = client.post(review_url(report), data)

    assert response.status_code == HTTPStatus.OK
    assert "请按提示修改" in response.text
    assert "引文与段落" in response.text
    assert Figure.objects.filter(quote="102个").exists()


def test_publish_makes_the_report_its_initiative_and_confirmed_figures_public(
    client, django_user_model, report
):
    login(client, django_user_model, PUBLISHER)
    shown = client.get(review_url(report))
    assert 'name="_publish"' in shown.text
    data, prefix, _extra = rows(shown)
    data = decide_all(data, prefix) | {f"{prefix['300万元']}-review": "rejected", "_publish": "1"}

    response = client.post(review_url(report), data)

    assert response.status_code == HTTPStatus.FOUND
    assert Report.objects.public().get() == report
    assert Initiative.objects.public().get().reports.get() == report
    public = set(Figure.objects.public().values_list("quote", flat=True))
    assert "300万元" not in public
    assert "102个" in public


def test_publish_is_refused_while_suggestions_await_review(client, django_user_model, report):
    login(client, django_user_model, PUBLISHER)
    data, prefix, _extra = rows(client.get(review_url(report)))
    data[f"{prefix['102个']}-review"] = "confirmed"

    response = client.post(review_url(report), data | {"_publish": "1"})

    assert response.status_code == HTTPStatus.OK
    assert "还有" in response.text
    assert "待审核" in response.text
    assert "请按提示修改" not in response.text  # The rows themselves were fine.
    assert not Report.objects.public().exists()
    # The whole submission was rolled back, including the confirmation.
    assert Figure.objects.get(quote="102个").review == Figure.Review.SUGGESTED


def test_publish_without_permission_is_refused(client, django_user_model, report):
    login(client, django_user_model, REVIEWER)
    data, prefix, _extra = rows(client.get(review_url(report)))

    response = client.post(review_url(report), decide_all(data, prefix) | {"_publish": "1"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Report.objects.public().exists()
    assert not Initiative.objects.public().exists()
    assert set(Figure.objects.values_list("review", flat=True)) == {Figure.Review.SUGGESTED}


def test_changing_figures_of_a_published_report_needs_publish_permission(
    client, django_user_model, report
):
    Report.objects.filter(pk=report.pk).update(status=Status.PUBLISHED)
    login(client, django_user_model, REVIEWER)
    shown = client.get(review_url(report))
    assert 'name="_save"' not in shown.text
    data, prefix, _extra = rows(shown)

    response = client.post(review_url(report), decide_all(data, prefix))

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Figure.objects.public().exists()


def test_review_needs_change_permission(client, django_user_model, report):
    login(client, django_user_model, ["view_report", "view_figure"])

    assert client.get(review_url(report)).status_code == HTTPStatus.FORBIDDEN


def test_review_screen_query_count_does_not_grow_with_the_rows(
    client, django_user_model, counties, django_assert_max_num_queries
):
    login(client, django_user_model, REVIEWER)
    import_items(read(SEED_PAGE.read_text()))
    report = max(
        Report.objects.all(), key=lambda r: Figure.objects.filter(paragraph__report=r).count()
    )

    # Twelve, and the next draft to review and the report's initiative for its theme.
    with django_assert_max_num_queries(14):
        client.get(review_url(report))


# Continuing an initiative from the preview

FOLLOW_UPS = DATA / "pages" / "tuning" / "2024-12-05-wenshang-weishan-zoucheng.txt"
PUBLISH = ["publish_report", "publish_initiative"]


@pytest.fixture
def follow_up_importer(client, django_user_model, seed):
    """Staff who may import and publish, on a database holding the seed page's initiatives."""
    client.force_login(make_staff(django_user_model, *IMPORT_PERMISSIONS, "view_report", *PUBLISH))
    return client


@pytest.fixture
def follow_up_editor(client, django_user_model, seed):
    """Staff who may import but not publish, on a database holding the seed page's initiatives."""
    client.force_login(make_staff(django_user_model, *IMPORT_PERMISSIONS, "view_report"))
    return client


def test_preview_offers_the_initiatives_a_report_may_continue_best_first(follow_up_importer):
    response = preview(follow_up_importer, text=FOLLOW_UPS.read_text())

    first, _weishan, false_friend, _unrelated = response.context["counties"].forms
    choices = dict(first.fields["continues"].choices)
    assert list(choices)[0] == "wenshang-assistance-projects"
    assert list(choices)[-1] == ""  # New initiative, always offered last.
    assert first["continues"].value() == "wenshang-assistance-projects"
    assert false_friend["continues"].value() == ""
    label = choices["wenshang-assistance-projects"]
    assert "续报“汶上县抓实帮扶项目”（已发布）· 匹配度 0.9" in label
    assert "帮扶项目" in label
    assert "新建工作举措" in response.text
    assert counts()["Report"] == 9


def test_confirming_the_preview_continues_the_preselected_initiative(follow_up_importer):
    shown = preview(follow_up_importer, text=FOLLOW_UPS.read_text())

    response = confirm(follow_up_importer, shown)

    assert response.status_code == HTTPStatus.FOUND
    report = Report.objects.get(headline__startswith="汶上县帮扶项目增至160个")
    assert report.continues.slug == "wenshang-assistance-projects"
    assert not report.initiatives.exists()
    assert "其中 2 篇续报已有的工作举措" in follow_up_importer.get(response.url).text
    assert Initiative.objects.public().filter(slug="wenshang-assistance-projects").exists()


def test_staff_can_choose_a_new_initiative_instead(follow_up_importer):
    shown = preview(follow_up_importer, text=FOLLOW_UPS.read_text())

    confirm(follow_up_importer, shown, **{"form-0-continues": ""})

    report = Report.objects.get(headline__startswith="汶上县帮扶项目增至160个")
    assert report.continues is None
    assert report.initiatives.get().slug.startswith("wen-shang-xian-bang-fu-xiang-mu-zeng-zhi-160")


def test_a_continuation_of_another_county_s_initiative_is_refused(follow_up_importer):
    shown = preview(follow_up_importer, text=FOLLOW_UPS.read_text())

    response = confirm(follow_up_importer, shown, **{"form-0-county": "微山县"})

    assert response.status_code == HTTPStatus.OK
    assert "改了县区" in response.text
    assert counts()["Report"] == 9


def test_without_publish_permission_a_published_initiative_is_preselected_too(follow_up_editor):
    response = preview(follow_up_editor, text=FOLLOW_UPS.read_text())

    first = response.context["counties"].forms[0]
    assert first["continues"].value() == "wenshang-assistance-projects"


def test_without_publish_permission_a_published_initiative_can_still_be_continued(
    follow_up_editor,
):
    """The follow-up is a draft: its figures wait under the initiative, nothing public changes."""
    public_before = list(Figure.objects.public())
    shown = preview(follow_up_editor, text=FOLLOW_UPS.read_text())

    response = confirm(
        follow_up_editor, shown, **{"form-0-continues": "wenshang-assistance-projects"}
    )

    assert response.status_code == HTTPStatus.FOUND
    follow_up = Report.objects.get(continues__slug="wenshang-assistance-projects")
    assert follow_up.status == Status.DRAFT
    assert list(Figure.objects.public()) == public_before
