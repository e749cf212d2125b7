"""The four staff roles, each on the screens and actions it may and may not use."""

from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from initiatives.importing import import_items, read
from initiatives.models import Figure, Report, Status
from initiatives.roles import ENTERING, MANAGING, PUBLISHING, REVIEWING
from tests.factories import make_counties
from tests.import_helpers import SEED_PAGE, form_data

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:initiatives_report_import")
REPORTS = reverse("admin:initiatives_report_changelist")


@pytest.fixture
def as_role(client, django_user_model):
    """Return a function that signs the client in as a staff user holding the given roles."""

    def sign_in(*roles):
        user = django_user_model.objects.create_user("-".join(roles), password="pw", is_staff=True)
        user.groups.set(Group.objects.filter(name__in=roles))
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def draft():
    make_counties()
    return import_items(read(SEED_PAGE.read_text())).created[0]


def review(client, report, **changes):
    url = reverse("admin:initiatives_report_review", args=[report.pk])
    shown = client.get(url)
    if shown.status_code != HTTPStatus.OK:
        return shown
    formset = shown.context["formset"]
    data = form_data(formset) | {
        f"{form.prefix}-review": "confirmed" for form in formset.initial_forms
    }
    return client.post(url, data | changes)


def test_the_migration_keeps_four_role_groups_with_their_permissions():
    groups = {group.name: group for group in Group.objects.prefetch_related("permissions")}

    def codes(role):
        return {p.codename for p in groups[role].permissions.all()}

    assert {ENTERING, REVIEWING, PUBLISHING, MANAGING} <= set(groups)
    assert {"add_report", "change_figure", "delete_figure"} <= codes(ENTERING)
    assert "publish_report" not in codes(ENTERING)
    assert {"change_figure", "view_report"} <= codes(REVIEWING)
    assert "add_report" not in codes(REVIEWING)
    assert {"publish_report", "publish_initiative", "view_figure"} <= codes(PUBLISHING)
    assert "change_figure" not in codes(PUBLISHING)
    assert {"change_user", "publish_report", "delete_figure"} <= codes(MANAGING)


def test_entering_imports_a_page_but_cannot_publish(as_role, draft):
    client = as_role(ENTERING)

    assert client.get(IMPORT).status_code == HTTPStatus.OK
    actions = dict(client.get(REPORTS).context["action_form"].fields["action"].choices)
    assert "publish" not in actions
    client.post(REPORTS, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_reviewing_confirms_figures_but_cannot_import_or_publish(as_role, draft):
    client = as_role(REVIEWING)

    assert client.get(IMPORT).status_code == HTTPStatus.FORBIDDEN
    assert review(client, draft).status_code == HTTPStatus.FOUND
    assert not Figure.objects.filter(
        paragraph__report=draft, review=Figure.Review.SUGGESTED
    ).exists()
    assert review(client, draft, _publish="1").status_code == HTTPStatus.FORBIDDEN
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publishing_publishes_but_cannot_change_figures(as_role, draft):
    client = as_role(PUBLISHING)

    assert review(client, draft).status_code == HTTPStatus.FORBIDDEN
    client.post(REPORTS, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def test_managing_may_manage_staff_accounts(as_role):
    client = as_role(MANAGING)

    assert client.get(reverse("admin:auth_user_changelist")).status_code == HTTPStatus.OK


@pytest.mark.parametrize("role", [ENTERING, REVIEWING, PUBLISHING])
def test_only_managing_reaches_staff_accounts(as_role, role):
    client = as_role(role)

    assert client.get(reverse("admin:auth_user_changelist")).status_code == HTTPStatus.FORBIDDEN


def test_ensure_staff_makes_an_editor_and_a_publisher_for_the_demo(django_user_model):
    out = StringIO()

    call_command("ensure_staff", "--demo-accounts", stdout=out)

    text = out.getvalue()
    editor = django_user_model.objects.get(username="editor")
    publisher = django_user_model.objects.get(username="publisher")
    assert {g.name for g in editor.groups.all()} == {ENTERING, REVIEWING}
    assert {g.name for g in publisher.groups.all()} == {PUBLISHING, REVIEWING}
    assert not editor.has_perm("initiatives.publish_report")
    assert publisher.has_perm("initiatives.publish_report")
    assert text.count("password:") == 3
    assert Report.objects.count() == 0


# Four eyes -------------------------------------------------------------------------------------


@pytest.fixture
def entered_by(client, django_user_model):
    """Return a function: a draft report entered in the admin by a user holding these roles."""

    def enter(*roles):
        user = django_user_model.objects.create_user("author", password="pw", is_staff=True)
        user.groups.set(Group.objects.filter(name__in=roles))
        client.force_login(user)
        make_counties()
        county = Report._meta.get_field("county").related_model.objects.get(name="汶上县")
        client.post(
            reverse("admin:initiatives_report_add"),
            {
                "county": county.pk,
                "headline": "汶上县：抓实帮扶项目",
                "kind": "report",
                "status": "draft",
                "paragraphs-TOTAL_FORMS": "1",
                "paragraphs-INITIAL_FORMS": "0",
                "paragraphs-0-position": "1",
                "paragraphs-0-text": "全县102个帮扶项目正在实施。",
            },
        )
        return client, Report.objects.get()

    return enter


def test_the_author_of_a_report_cannot_publish_it_alone(entered_by):
    client, report = entered_by(ENTERING, PUBLISHING, REVIEWING)

    response = client.post(
        REPORTS, {"action": "publish", "_selected_action": [report.pk]}, follow=True
    )

    report.refresh_from_db()
    assert report.status == Status.DRAFT
    assert "四眼原则" in response.text
    assert "需要另一位有发布权限的人员发布" in response.text


def test_the_author_cannot_publish_it_on_the_review_screen_either(entered_by):
    client, report = entered_by(ENTERING, PUBLISHING, REVIEWING)

    response = review(client, report, _publish="1")

    report.refresh_from_db()
    assert report.status == Status.DRAFT
    assert "四眼原则" in response.text


def test_another_publisher_publishes_what_the_author_entered(entered_by, as_role, client):
    _author, report = entered_by(ENTERING)
    client.logout()
    other = as_role(PUBLISHING)

    other.post(REPORTS, {"action": "publish", "_selected_action": [report.pk]})

    report.refresh_from_db()
    assert report.status == Status.PUBLISHED


def test_four_eyes_can_be_turned_off(entered_by, settings):
    settings.DIGEST_FOUR_EYES = False
    client, report = entered_by(ENTERING, PUBLISHING)

    client.post(REPORTS, {"action": "publish", "_selected_action": [report.pk]})

    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
