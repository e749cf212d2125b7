"""Changing published content takes the publish permissions, on every admin path."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from initiatives.models import Figure, Initiative, Paragraph, Report, Status
from tests.factories import (
    EDITOR,
    PUBLISHER,
    REFUSED,
    make_figure,
    make_initiative,
    make_report,
    make_staff,
)
from tests.import_helpers import form_data


@pytest.fixture
def editor(client, django_user_model):
    """Staff who may add, change and delete anything, but not publish."""
    client.force_login(make_staff(django_user_model, *EDITOR))
    return client


@pytest.fixture
def publisher(client, django_user_model):
    client.force_login(make_staff(django_user_model, *PUBLISHER, username="publisher"))
    return client


@pytest.fixture
def published(db):
    """A published initiative citing a published report, with one suggested figure."""
    initiative = make_initiative()
    figure = make_figure(initiative, review=Figure.Review.SUGGESTED)
    return initiative, figure


def change_url(obj):
    return reverse(f"admin:initiatives_{obj._meta.model_name}_change", args=[obj.pk])


def change_form(client, obj):
    """Return the POST data of obj's admin change form as shown, or None if it is read-only."""
    response = client.get(change_url(obj))
    assert response.status_code == HTTPStatus.OK
    context = response.context
    if not context["has_change_permission"]:
        return None
    inlines = [inline.formset for inline in context["inline_admin_formsets"]]
    return form_data(context["adminform"].form, *inlines) | {"_save": 1}


def figure_form(client, figure):
    response = client.get(change_url(figure))
    return response, form_data(response.context["adminform"].form)


def test_an_editor_cannot_confirm_a_suggested_figure_of_a_published_report(editor, published):
    _initiative, figure = published
    response, data = figure_form(editor, figure)
    assert response.context["has_change_permission"] is False  # Shown read-only.

    response = editor.post(change_url(figure), data | {"review": "confirmed"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    figure.refresh_from_db()
    assert figure.review == Figure.Review.SUGGESTED
    assert not Figure.objects.public().exists()


def test_a_publisher_confirms_a_suggested_figure_of_a_published_report(publisher, published):
    _initiative, figure = published
    _response, data = figure_form(publisher, figure)

    response = publisher.post(change_url(figure), data | {"review": "confirmed"})

    assert response.status_code == HTTPStatus.FOUND
    assert list(Figure.objects.public()) == [figure]


def add_figure_data(initiative, review="confirmed"):
    paragraph = Paragraph.objects.get(report__initiatives=initiative)
    return {
        "initiative": initiative.pk,
        "paragraph": paragraph.pk,
        "quote": "300万元",
        "value": "300",
        "unit": "万元",
        "amount": "3000000",
        "base_unit": "元",
        "qualifier": "exact",
        "counted": "帮扶资金",
        "kind": "achieved",
        "review": review,
    }


@pytest.mark.parametrize("review", ["confirmed", "suggested"])
def test_an_editor_cannot_add_a_figure_to_published_content(editor, published, review):
    initiative, _figure = published

    response = editor.post(
        reverse("admin:initiatives_figure_add"), add_figure_data(initiative, review)
    )

    assert response.status_code == HTTPStatus.OK
    assert REFUSED in response.text
    assert not Figure.objects.filter(quote="300万元").exists()


def test_a_publisher_adds_a_confirmed_figure_to_published_content(publisher, published):
    initiative, _figure = published

    response = publisher.post(reverse("admin:initiatives_figure_add"), add_figure_data(initiative))

    assert response.status_code == HTTPStatus.FOUND
    assert Figure.objects.public().filter(quote="300万元").exists()


def test_an_editor_may_file_a_draft_reports_figure_under_a_published_initiative(editor, published):
    """A follow-up under review: nothing public changes until a publisher publishes its report."""
    initiative, _figure = published
    draft_report = make_report(county=initiative.county, status=Status.DRAFT)
    draft = make_initiative(draft_report, county=initiative.county, status=Status.DRAFT)
    figure = make_figure(draft)
    _response, data = figure_form(editor, figure)
    public_before = list(Figure.objects.public())

    response = editor.post(change_url(figure), data | {"initiative": initiative.pk})

    assert response.status_code == HTTPStatus.FOUND
    figure.refresh_from_db()
    assert figure.initiative == initiative
    assert list(Figure.objects.public()) == public_before


def test_an_editor_cannot_move_a_published_reports_figure_to_another_initiative(editor, published):
    initiative, figure = published
    other = make_initiative(county=initiative.county, status=Status.DRAFT)
    response = editor.post(
        change_url(figure), figure_form(editor, figure)[1] | {"initiative": other.pk}
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    figure.refresh_from_db()
    assert figure.initiative == initiative


def test_an_editor_edits_drafts_freely(editor, db):
    report = make_report(status=Status.DRAFT)
    initiative = make_initiative(report, status=Status.DRAFT)
    figure = make_figure(initiative)
    _response, data = figure_form(editor, figure)

    response = editor.post(change_url(figure), data | {"counted": "项目"})

    assert response.status_code == HTTPStatus.FOUND
    figure.refresh_from_db()
    assert figure.counted == "项目"


def test_an_editor_cannot_add_figures_in_the_inline_of_a_published_initiative(editor, published):
    initiative, _figure = published
    assert change_form(editor, initiative) is None  # The page is read-only, inlines included.
    paragraph = Paragraph.objects.get(report__initiatives=initiative)
    data = {
        "county": initiative.county.pk,
        "title": initiative.title,
        "slug": initiative.slug,
        "reports": [r.pk for r in initiative.reports.all()],
        "figures-TOTAL_FORMS": "1",
        "figures-INITIAL_FORMS": "0",
        "figures-0-paragraph": paragraph.pk,
        "figures-0-quote": "300万元",
        "figures-0-review": "confirmed",
        "_save": "1",
    }

    response = editor.post(change_url(initiative), data)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert initiative.figures.count() == 1


def test_a_publisher_adds_figures_in_the_inline_of_a_published_initiative(publisher, published):
    initiative, _figure = published
    data = change_form(publisher, initiative)
    paragraph = Paragraph.objects.get(report__initiatives=initiative)
    data |= {
        "figures-TOTAL_FORMS": "2",
        "figures-1-paragraph": paragraph.pk,
        "figures-1-quote": "300万元",
        "figures-1-counted": "帮扶资金",
        "figures-1-qualifier": "exact",
        "figures-1-kind": "achieved",
        "figures-1-review": "confirmed",
    }

    response = publisher.post(change_url(initiative), data)

    assert response.status_code == HTTPStatus.FOUND
    added = initiative.figures.get(quote="300万元")
    assert added.amount == 3000000
    assert Figure.objects.public().filter(pk=added.pk).exists()


def test_an_editor_cannot_add_a_draft_source_to_a_published_initiative(editor, published):
    initiative, _figure = published
    draft = make_report(county=initiative.county, status=Status.DRAFT)
    data = {
        "county": initiative.county.pk,
        "title": initiative.title,
        "slug": initiative.slug,
        "reports": [*initiative.reports.values_list("pk", flat=True), draft.pk],
        "figures-TOTAL_FORMS": "0",
        "figures-INITIAL_FORMS": "0",
        "_save": "1",
    }

    response = editor.post(change_url(initiative), data)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert draft not in initiative.reports.all()
    assert Initiative.objects.public().filter(pk=initiative.pk).exists()


def test_a_publisher_is_told_why_a_draft_source_is_refused(publisher, published):
    initiative, _figure = published
    draft = make_report(county=initiative.county, status=Status.DRAFT, headline="草稿报道")
    data = change_form(publisher, initiative)
    data["reports"] = [*initiative.reports.values_list("pk", flat=True), draft.pk]

    response = publisher.post(change_url(initiative), data)

    assert response.status_code == HTTPStatus.OK
    assert "已发布的工作举措不能引用草稿报道：草稿报道" in response.text
    assert draft not in initiative.reports.all()


def test_an_editor_cannot_withdraw_a_draft_source_to_make_an_initiative_public(editor, db):
    """Removing the draft source that hides a published initiative would show it."""
    initiative = make_initiative()
    draft = make_report(county=initiative.county, status=Status.DRAFT)
    initiative.reports.add(draft)
    assert not Initiative.objects.public().exists()

    response = editor.post(change_url(initiative), {"title": "x"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert initiative.reports.count() == 2


def test_an_editor_cannot_change_a_paragraph_of_a_published_report(editor, published):
    paragraph = Paragraph.objects.get()

    response = editor.post(
        change_url(paragraph),
        {"report": paragraph.report_id, "position": 0, "text": "改写的原文。"},
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Paragraph.objects.get().text == paragraph.text


def test_an_editor_cannot_move_a_paragraph_into_a_published_report(editor, published):
    draft = make_report(status=Status.DRAFT, paragraphs=["草稿段落。"])
    paragraph = draft.paragraphs.get()
    target = Report.objects.public().get()

    response = editor.post(
        change_url(paragraph), {"report": target.pk, "position": 5, "text": paragraph.text}
    )

    assert response.status_code == HTTPStatus.OK
    assert REFUSED in response.text
    assert draft.paragraphs.count() == 1


@pytest.mark.parametrize("model", [Report, Initiative, Figure])
def test_an_editor_cannot_delete_published_content(editor, published, model):
    obj = model.objects.first()
    url = reverse(f"admin:initiatives_{model._meta.model_name}_delete", args=[obj.pk])

    response = editor.post(url, {"post": "yes"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", [Report, Initiative, Figure])
def test_the_delete_action_refuses_published_content_to_an_editor(editor, published, model):
    obj = model.objects.first()
    url = reverse(f"admin:initiatives_{model._meta.model_name}_changelist")

    action = {"action": "delete_selected", "_selected_action": [obj.pk]}

    asked = editor.post(url, action)
    confirmed = editor.post(url, action | {"post": "yes"})

    assert str(model._meta.verbose_name) in asked.context["perms_lacking"]
    assert confirmed.status_code == HTTPStatus.FORBIDDEN
    assert model.objects.filter(pk=obj.pk).exists()


def test_the_delete_action_refuses_a_draft_whose_cascade_reaches_published_content(
    editor, published
):
    """A draft initiative whose figure was read from a published report takes that figure along."""
    initiative, _figure = published
    draft = make_initiative(initiative.reports.get(), status=Status.DRAFT)
    make_figure(draft, review=Figure.Review.SUGGESTED, quote="300万元")
    url = reverse("admin:initiatives_initiative_changelist")

    editor.post(url, {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"})

    assert Initiative.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("model", [Report, Initiative, Figure])
def test_not_even_a_publisher_deletes_published_content(publisher, published, model):
    """Withdrawing takes it off the site and keeps it; deleting is for drafts only."""
    obj = model.objects.first()
    url = reverse(f"admin:initiatives_{model._meta.model_name}_delete", args=[obj.pk])

    response = publisher.post(url, {"post": "yes"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert model.objects.filter(pk=obj.pk).exists()


def test_a_publisher_deletes_a_report_once_it_is_withdrawn(publisher, published):
    initiative, _figure = published
    report = initiative.reports.get()
    Initiative.objects.filter(pk=initiative.pk).unpublish()
    Report.objects.filter(pk=report.pk).unpublish()

    response = publisher.post(
        reverse("admin:initiatives_report_delete", args=[report.pk]), {"post": "yes"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert not Report.objects.filter(pk=report.pk).exists()


def test_an_editor_cannot_delete_a_figure_of_a_published_report_in_a_draft_initiative(
    editor, published
):
    """The inline of a draft initiative refuses to delete a row read from a published report."""
    initiative, _figure = published
    draft = make_initiative(initiative.reports.get(), status=Status.DRAFT)
    figure = make_figure(draft, review=Figure.Review.SUGGESTED, quote="300万元")
    data = change_form(editor, draft)
    data |= {"figures-0-DELETE": "on"}

    response = editor.post(change_url(draft), data)

    assert response.status_code == HTTPStatus.OK
    assert REFUSED in response.text
    assert Figure.objects.filter(pk=figure.pk).exists()


def test_a_form_built_without_a_user_fails_closed(published):
    """A new screen that forgets to pass the user gets a non-publisher's rights."""
    from initiatives.forms import FigureForm

    _initiative, figure = published
    data = {
        name: value
        for name, value in FigureForm(instance=figure).initial.items()
        if value is not None
    }
    form = FigureForm(data | {"review": "confirmed"}, instance=figure)

    assert not form.is_valid()
    assert REFUSED in str(form.non_field_errors())
