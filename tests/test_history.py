"""Every change is on record: who, when, before and after; a change can be reverted."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from initiatives.importing import import_items, read
from initiatives.models import Figure, Initiative, Report, Status
from tests.factories import make_counties, make_figure, make_initiative, make_report, make_staff
from tests.import_helpers import SEED_PAGE, form_data

pytestmark = pytest.mark.django_db

MODELS = ("report", "paragraph", "initiative", "figure")
EVERYTHING = [
    f"{action}_{model}"
    for action in ("add", "change", "view", "delete", "publish")
    for model in MODELS
    if action != "publish" or model in ("report", "initiative")
]


@pytest.fixture
def staff(client, django_user_model):
    user = make_staff(django_user_model, *EVERYTHING, username="zhang")
    client.force_login(user)
    return client


def change_url(obj):
    return reverse(f"admin:initiatives_{obj._meta.model_name}_change", args=[obj.pk])


def history_url(obj, pk=None):
    name = f"admin:initiatives_{obj._meta.model_name}_history"
    return reverse(name, args=[pk or obj.pk])


def edit(client, obj, **changes):
    response = client.get(change_url(obj))
    context = response.context
    inlines = [inline.formset for inline in context["inline_admin_formsets"]]
    data = form_data(context["adminform"].form, *inlines) | {"_save": "1"} | changes
    return client.post(change_url(obj), data)


def test_an_edit_in_the_admin_is_recorded_with_its_author_and_both_readings(staff):
    report = make_report(status=Status.DRAFT)
    initiative = make_initiative(report, status=Status.DRAFT)
    figure = make_figure(initiative, counted="帮扶项目")

    assert edit(staff, figure, counted="论证通过的帮扶项目").status_code == HTTPStatus.FOUND

    latest, before = figure.history.order_by("-history_id")[:2]
    assert latest.history_user.username == "zhang"
    assert latest.history_type == "~"
    delta = latest.diff_against(before)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("counted", "帮扶项目", "论证通过的帮扶项目")
    ]


def test_the_history_page_shows_the_changed_fields_side_by_side(staff):
    initiative = make_initiative(make_report(status=Status.DRAFT), status=Status.DRAFT)
    edit(staff, initiative, title="新的名称")

    response = staff.get(history_url(initiative))

    assert response.status_code == HTTPStatus.OK
    assert "新的名称" in response.text
    assert initiative.title in response.text  # The old reading beside the new one.
    assert "zhang" in response.text


def test_a_change_is_reverted_from_its_history(staff):
    initiative = make_initiative(make_report(status=Status.DRAFT), status=Status.DRAFT)
    old_title = initiative.title
    edit(staff, initiative, title="改错的名称")
    first = initiative.history.order_by("history_id").first()
    url = reverse(
        "admin:initiatives_initiative_simple_history", args=[initiative.pk, first.history_id]
    )
    shown = staff.get(url)

    response = staff.post(url, form_data(shown.context["adminform"].form) | {"_save": "1"})

    assert response.status_code == HTTPStatus.FOUND
    initiative.refresh_from_db()
    assert initiative.title == old_title


def test_publishing_and_withdrawing_with_the_actions_are_recorded(staff):
    report = make_report(status=Status.DRAFT)
    url = reverse("admin:initiatives_report_changelist")

    staff.post(url, {"action": "publish", "_selected_action": [report.pk]})
    staff.post(url, {"action": "unpublish", "_selected_action": [report.pk]})

    statuses = list(report.history.order_by("history_id").values_list("status", "history_user"))
    assert [status for status, _user in statuses] == ["draft", "published", "draft"]
    assert all(author is not None for _status, author in statuses[1:])


def test_an_imported_page_is_on_record_row_by_row():
    make_counties()

    result = import_items(read(SEED_PAGE.read_text()))

    report = result.created[0]
    figures = Figure.objects.filter(paragraph__report=report)
    assert report.history.count() == 1
    assert Figure.history.filter(id__in=figures.values("id")).count() == figures.count()
    assert report.paragraphs.first().history.count() == 1


def test_a_deleted_draft_is_restored_from_its_history(staff):
    report = make_report(status=Status.DRAFT)
    initiative = make_initiative(report, status=Status.DRAFT)
    pk, title = initiative.pk, initiative.title
    staff.post(reverse("admin:initiatives_initiative_delete", args=[pk]), {"post": "yes"})
    assert not Initiative.objects.filter(pk=pk).exists()
    deleted = Initiative.history.filter(id=pk, history_type="-").get()
    url = reverse("admin:initiatives_initiative_simple_history", args=[pk, deleted.history_id])
    shown = staff.get(url)

    # The form shows the deleted row as it was; its sources are chosen again.
    data = form_data(shown.context["adminform"].form) | {"_save": "1", "reports": [report.pk]}

    response = staff.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    restored = Initiative.objects.get(pk=pk)
    assert restored.title == title
    assert restored.status == Status.DRAFT


def test_reverting_published_content_still_takes_the_publish_permissions(client, django_user_model):
    initiative = make_initiative()
    editor = make_staff(
        django_user_model, "view_initiative", "change_initiative", username="editor"
    )
    client.force_login(editor)
    first = initiative.history.order_by("history_id").first()
    url = reverse(
        "admin:initiatives_initiative_simple_history", args=[initiative.pk, first.history_id]
    )

    response = client.post(url, {"title": "x", "county": initiative.county_id, "_save": "1"})

    assert response.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.OK)
    initiative.refresh_from_db()
    assert initiative.title != "x"
    assert Report.objects.public().exists()
