"""A change to a figure the public reads is a public correction, with its reason."""

import json
from http import HTTPStatus
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from initiatives.models import Correction, Figure, Status
from tests.factories import make_figure, make_initiative, make_report, make_staff
from tests.import_helpers import form_data

pytestmark = pytest.mark.django_db

PUBLISHER = [
    *(f"{action}_{model}" for action in ("change", "view") for model in ("report", "figure")),
    "view_initiative",
    "change_initiative",
    "publish_report",
    "publish_initiative",
]


@pytest.fixture
def publisher(client, django_user_model):
    client.force_login(make_staff(django_user_model, *PUBLISHER, username="publisher"))
    return client


@pytest.fixture
def public_figure():
    return make_figure(make_initiative(), "102个", counted="帮扶项目")


def edit(client, figure, **changes):
    url = reverse("admin:initiatives_figure_change", args=[figure.pk])
    shown = client.get(url)
    return client.post(url, form_data(shown.context["adminform"].form) | changes)


def test_changing_a_public_figure_asks_for_a_reason_and_saves_nothing_without_one(
    publisher, public_figure
):
    response = edit(publisher, public_figure, counted="论证通过的帮扶项目")

    assert response.status_code == HTTPStatus.OK
    assert "请写明更正原因" in response.text
    public_figure.refresh_from_db()
    assert public_figure.counted == "帮扶项目"
    assert not Correction.objects.exists()


def test_a_correction_is_recorded_and_shown_on_the_initiative_page(
    client, publisher, public_figure
):
    response = edit(
        publisher,
        public_figure,
        quote="102个",
        counted="论证通过的帮扶项目",
        correction_reason="统计对象漏了“论证通过的”",
    )

    assert response.status_code == HTTPStatus.FOUND
    correction = Correction.objects.get()
    assert correction.before == "102个（帮扶项目）"
    assert correction.after == "102个（论证通过的帮扶项目）"
    assert correction.user.username == "publisher"
    page = client.get(public_figure.initiative.get_absolute_url()).text
    section = page[page.index('id="corrections"') :]
    assert "统计对象漏了“论证通过的”" in section
    assert "<del>102个（帮扶项目）</del>" in section
    assert f'href="#correction-{correction.pk}"' in page


def test_withdrawing_a_public_figure_is_a_correction_too(client, publisher, public_figure):
    edit(publisher, public_figure, review="rejected", correction_reason="重复计算")

    correction = Correction.objects.get()
    assert correction.after == "（撤回）"
    assert not Figure.objects.public().exists()
    listing = client.get(reverse("initiatives:correction_list")).text
    assert "重复计算" in listing


def test_a_draft_figure_changes_without_a_reason_or_a_correction(publisher):
    report = make_report(status=Status.DRAFT)
    figure = make_figure(make_initiative(report, status=Status.DRAFT))

    response = edit(publisher, figure, counted="别的")

    assert response.status_code == HTTPStatus.FOUND
    assert not Correction.objects.exists()


def test_the_corrections_page_and_feed_list_the_newest_first_and_hide_drafts(
    client, publisher, public_figure
):
    edit(publisher, public_figure, counted="甲", correction_reason="第一次")
    edit(publisher, public_figure, counted="乙", correction_reason="第二次")
    hidden = make_figure(make_initiative(), "102个")
    Correction.objects.create(figure=hidden, before="a", after="b", reason="草稿的更正")
    hidden.initiative.status = Status.DRAFT
    hidden.initiative.save()

    listing = client.get(reverse("initiatives:correction_list")).text
    feed = client.get(reverse("initiatives:correction_feed"))

    assert listing.index("第二次") < listing.index("第一次")
    assert "草稿的更正" not in listing
    assert feed["Content-Type"].startswith("application/atom+xml")
    entries = ElementTree.fromstring(feed.content).findall("{http://www.w3.org/2005/Atom}entry")
    summaries = [e.findtext("{http://www.w3.org/2005/Atom}summary") for e in entries]
    assert summaries == ["第二次", "第一次"]


def test_the_json_says_whether_a_figure_was_corrected(client, publisher, public_figure):
    other = make_figure(public_figure.initiative, "300万元", unit="万元", amount=3000000)
    edit(publisher, public_figure, counted="甲", correction_reason="原因")

    data = json.loads(b"".join(client.get(reverse("initiatives:figures_json")).streaming_content))

    corrected = {item["figure_id"]: item["corrected"] for item in data}
    assert corrected == {public_figure.pk: True, other.pk: False}


def test_the_correction_text_is_escaped(client, publisher, public_figure):
    edit(publisher, public_figure, counted="甲", correction_reason="<script>alert(1)</script>")

    page = client.get(public_figure.initiative.get_absolute_url()).text

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
