"""Regrouping over time: merging initiatives, splitting a report off, moving it on the review screen."""

from http import HTTPStatus

import pytest
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.urls import reverse

from initiatives import merging
from initiatives.importing import import_items, read
from initiatives.models import Figure, Initiative, InitiativeAlias, Status

from .factories import (
    EDITOR,
    PARAGRAPH,
    PUBLISHER,
    REFUSED,
    make_county,
    make_figure,
    make_initiative,
    make_report,
    make_staff,
)
from .import_helpers import form_data

pytestmark = pytest.mark.django_db

MERGE_URL = reverse("admin:initiatives_initiative_merge")
FOLLOW_UP = (
    "本报汶上讯（通讯员 袁军）截至11月底，全县第一书记帮扶项目增至160个，"
    "统筹使用帮扶资金1860万元。\n\n汶上县帮扶项目增至160个\n"
)


@pytest.fixture
def editor(client, django_user_model):
    """Staff who may change anything but not publish."""
    client.force_login(make_staff(django_user_model, *EDITOR))
    return client


@pytest.fixture
def publisher(client, django_user_model):
    client.force_login(make_staff(django_user_model, *PUBLISHER, username="publisher"))
    return client


@pytest.fixture
def user(django_user_model):
    return make_staff(django_user_model, *PUBLISHER, username="merger")


@pytest.fixture
def pair():
    """Two published initiatives of one county, each with a report and a figure."""
    county = make_county(name="汶上县", slug="wenshang")
    kept = make_initiative(county=county, title="帮扶项目", slug="wenshang-projects")
    old = make_initiative(county=county, title="帮扶项目建设", slug="wenshang-old")
    make_figure(kept)
    make_figure(old, quote="300万元", unit="万元", counted="帮扶资金")
    return kept, old


# Merging


def test_merging_moves_reports_and_figures_and_the_old_address_leads_to_the_kept_one(pair, user):
    kept, old = pair
    old_report, old_figure = old.reports.get(), old.figures.get()

    merged = merging.merge_initiatives([kept, old], kept, user=user)

    assert (merged.initiatives, merged.reports, merged.figures) == (1, 1, 1)
    assert not Initiative.objects.filter(pk=old.pk).exists()
    assert set(kept.reports.all()) == {kept.reports.first(), old_report}
    assert Figure.objects.get(pk=old_figure.pk).initiative == kept
    alias = InitiativeAlias.objects.get(slug="wenshang-old")
    assert (alias.initiative, alias.title) == (kept, "帮扶项目建设")
    assert Initiative.objects.redirect_for("wenshang-old") == kept
    assert Initiative.objects.public().filter(pk=kept.pk).exists()


def test_an_address_merged_twice_leads_to_the_last_kept_initiative(pair, user):
    kept, old = pair
    merging.merge_initiatives([kept, old], kept, user=user)
    final = make_initiative(county=kept.county, slug="wenshang-final")

    merging.merge_initiatives([kept, final], final, user=user)

    assert Initiative.objects.redirect_for("wenshang-old") == final
    assert Initiative.objects.redirect_for("wenshang-projects") == final


def test_a_former_address_leads_nowhere_while_the_kept_one_is_not_public(pair, user):
    kept, old = pair
    merging.merge_initiatives([kept, old], kept, user=user)

    Initiative.objects.filter(pk=kept.pk).update(status=Status.DRAFT)

    assert Initiative.objects.redirect_for("wenshang-old") is None
    assert Initiative.objects.redirect_for("no-such-address") is None


def test_a_live_initiative_s_own_address_is_never_redirected(pair, user):
    kept, old = pair
    merging.merge_initiatives([kept, old], kept, user=user)
    other = make_initiative(county=kept.county)
    Initiative.objects.filter(pk=other.pk).update(slug="wenshang-old")

    assert Initiative.objects.redirect_for("wenshang-old") is None


def test_merging_a_draft_follow_up_into_a_published_initiative_keeps_it_public(pair, user):
    kept, _old = pair
    draft = make_initiative(
        report=make_report(county=kept.county, status=Status.DRAFT), status=Status.DRAFT
    )
    report = draft.reports.get()

    merging.merge_initiatives([draft], kept, user=user)

    report.refresh_from_db()
    assert report.continues == kept  # Pending, not a source, until it is published.
    assert not kept.reports.filter(pk=report.pk).exists()
    assert Initiative.objects.public().filter(pk=kept.pk).exists()


def test_only_initiatives_of_one_county_merge(pair, user):
    kept, _old = pair
    elsewhere = make_initiative()

    with pytest.raises(ValidationError, match="只能合并同一县区的工作举措"):
        merging.merge_initiatives([kept, elsewhere], kept, user=user)
    assert Initiative.objects.filter(pk=elsewhere.pk).exists()


def test_the_merge_screen_merges_the_chosen_initiatives_into_the_kept_one(publisher, pair):
    kept, old = pair
    action = {
        "action": "merge_selected",
        helpers.ACTION_CHECKBOX_NAME: [kept.pk, old.pk],
    }

    shown = publisher.post(reverse("admin:initiatives_initiative_changelist"), action)
    assert shown.status_code == HTTPStatus.FOUND
    screen = publisher.get(shown.url)
    assert screen.status_code == HTTPStatus.OK
    assert "帮扶项目建设" in screen.text
    assert screen.context["form"]["kept"].value() == kept.pk  # The older published one.

    response = publisher.post(shown.url, {"kept": old.pk})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("admin:initiatives_initiative_change", args=[old.pk])
    assert not Initiative.objects.filter(pk=kept.pk).exists()
    assert Initiative.objects.redirect_for("wenshang-projects") == old
    assert "原地址今后永久跳转" in publisher.get(response.url).text


def test_merging_published_initiatives_takes_the_publish_permission(editor, pair):
    kept, old = pair

    response = editor.post(f"{MERGE_URL}?ids={kept.pk},{old.pk}", {"kept": kept.pk})

    assert response.status_code == HTTPStatus.OK
    assert REFUSED in response.text
    assert Initiative.objects.filter(pk=old.pk).exists()
    assert old.figures.count() == 1
    assert not InitiativeAlias.objects.exists()


def test_an_editor_may_merge_drafts(editor):
    county = make_county()
    drafts = [
        make_initiative(report=make_report(county=county, status=Status.DRAFT), status=Status.DRAFT)
        for _ in range(2)
    ]

    response = editor.post(f"{MERGE_URL}?ids={drafts[0].pk},{drafts[1].pk}", {"kept": drafts[0].pk})

    assert response.status_code == HTTPStatus.FOUND
    assert Initiative.objects.filter(pk__in=[d.pk for d in drafts]).count() == 1


def test_merging_needs_at_least_two_initiatives_and_the_permission(client, django_user_model, pair):
    kept, _old = pair
    client.force_login(make_staff(django_user_model, "view_initiative", "change_initiative"))
    assert client.get(f"{MERGE_URL}?ids={kept.pk}").status_code == HTTPStatus.FORBIDDEN

    client.force_login(make_staff(django_user_model, *PUBLISHER, username="other"))
    response = client.get(f"{MERGE_URL}?ids={kept.pk}")
    assert response.status_code == HTTPStatus.FOUND


def test_a_former_address_cannot_be_given_to_a_new_initiative(publisher, pair, user):
    kept, old = pair
    merging.merge_initiatives([kept, old], kept, user=user)
    data = {
        "county": kept.county.pk,
        "title": "新的工作举措",
        "slug": "wenshang-old",
        "reports": [kept.reports.first().pk],
        "status": Status.DRAFT,
        "figures-TOTAL_FORMS": 0,
        "figures-INITIAL_FORMS": 0,
    }

    response = publisher.post(reverse("admin:initiatives_initiative_add"), data)

    assert response.status_code == HTTPStatus.OK
    assert "原地址" in response.text
    assert not Initiative.objects.filter(slug="wenshang-old").exists()


# Splitting a report off


def two_report_initiative(status=Status.PUBLISHED):
    county = make_county()
    first = make_report(county=county, headline="第一篇")
    second = make_report(county=county, headline="第二篇", paragraphs=[PARAGRAPH + "又一段。"])
    initiative = make_initiative(report=first, status=status)
    initiative.reports.add(second)
    make_figure(initiative, paragraph=first.paragraphs.get())
    figure = make_figure(initiative, paragraph=second.paragraphs.get())
    return initiative, second, figure


def test_splitting_moves_the_report_and_its_figures_to_a_new_draft_initiative(publisher):
    initiative, second, figure = two_report_initiative()
    action = {"action": "split_selected", helpers.ACTION_CHECKBOX_NAME: [second.pk]}

    response = publisher.post(reverse("admin:initiatives_report_changelist"), action)

    assert response.status_code == HTTPStatus.FOUND
    new = Initiative.objects.get(reports=second)
    assert new != initiative
    assert new.status == Status.DRAFT
    assert new.title == "第二篇"
    assert Figure.objects.get(pk=figure.pk).initiative == new
    assert list(initiative.reports.all()) == [initiative.reports.get()]
    assert initiative.figures.count() == 1
    assert Initiative.objects.public().filter(pk=initiative.pk).exists()
    assert "已拆分出 1 个新的工作举措" in publisher.get(response.url).text


def test_splitting_published_content_takes_the_publish_permission(editor):
    initiative, second, figure = two_report_initiative()
    action = {"action": "split_selected", helpers.ACTION_CHECKBOX_NAME: [second.pk]}

    response = editor.post(reverse("admin:initiatives_report_changelist"), action)

    assert REFUSED in editor.get(response.url).text
    assert initiative.reports.filter(pk=second.pk).exists()
    assert Figure.objects.get(pk=figure.pk).initiative == initiative


def test_an_initiative_s_only_report_is_not_split(user):
    initiative = make_initiative()

    with pytest.raises(ValidationError, match="唯一的来源报道"):
        merging.split_report(initiative.reports.get(), user=user)


def test_a_split_initiative_never_takes_a_former_address(user):
    initiative, second, _figure = two_report_initiative(status=Status.DRAFT)
    # 第二篇, the report's headline, in pinyin: what the split-off initiative would be called.
    InitiativeAlias.objects.create(slug="di-er-pian", initiative=initiative, title="旧")

    moved = merging.split_report(second, user=user)

    assert moved.initiative.slug == "di-er-pian-2"


# Moving a report on the review screen


@pytest.fixture
def live():
    """A published initiative of 汶上县 on its published report."""
    county = make_county(name="汶上县", slug="wenshang")
    return make_initiative(county=county, title="汶上县抓实帮扶项目", slug="wenshang-projects")


def imported(text=FOLLOW_UP, **options):
    return import_items(read(text), **options).created[0]


def review_url(report):
    return reverse("admin:initiatives_report_review", args=[report.pk])


def move(client, report, value):
    url = reverse("admin:initiatives_report_move", args=[report.pk])
    return client.post(url, {"initiative": value}, follow=True)


def test_the_review_screen_shows_the_pending_link_and_the_choice(publisher, live):
    make_figure(live)
    report = imported()
    assert report.continues == live

    response = publisher.get(review_url(report))

    assert "续报" in response.text
    assert "这篇报道发布时成为它的来源报道" in response.text
    form = response.context["move_form"]
    assert form["initiative"].value() == str(live.pk)
    assert [value for value, _label in form.fields["initiative"].choices] == ["new", str(live.pk)]


def test_a_publisher_moves_a_new_report_into_a_published_initiative(publisher, live):
    report = imported(continues=[None])
    own = report.initiatives.get()
    figures = Figure.objects.filter(paragraph__report=report)

    response = move(publisher, report, live.pk)

    assert "改为续报" in response.text
    report.refresh_from_db()
    assert report.continues == live
    assert set(figures.values_list("initiative", flat=True)) == {live.pk}
    assert not Initiative.objects.filter(pk=own.pk).exists()  # Left empty, a draft: deleted.
    assert Initiative.objects.public().filter(pk=live.pk).exists()


def test_an_editor_may_not_move_figures_into_a_published_initiative(editor, live):
    report = imported(continues=[None])
    own = report.initiatives.get()

    response = move(editor, report, live.pk)

    assert REFUSED in response.text
    report.refresh_from_db()
    assert report.continues is None
    assert set(
        Figure.objects.filter(paragraph__report=report).values_list("initiative", flat=True)
    ) == {own.pk}


def test_a_follow_up_is_moved_to_a_new_initiative(publisher, live):
    report = imported()

    response = move(publisher, report, "new")

    assert "已为这篇报道新建工作举措" in response.text
    report.refresh_from_db()
    assert report.continues is None
    new = report.initiatives.get()
    assert new.status == Status.DRAFT
    assert set(
        Figure.objects.filter(paragraph__report=report).values_list("initiative", flat=True)
    ) == {new.pk}
    assert not live.figures.filter(paragraph__report=report).exists()


def test_moving_to_another_county_s_initiative_is_not_offered(publisher, live):
    report = imported(continues=[None])
    elsewhere = make_initiative()

    move(publisher, report, elsewhere.pk)

    report.refresh_from_db()
    assert report.continues is None


def test_publishing_a_follow_up_from_the_report_form_joins_it(publisher, live):
    report = imported()
    Figure.objects.filter(paragraph__report=report).update(review=Figure.Review.CONFIRMED)
    change = reverse("admin:initiatives_report_change", args=[report.pk])
    response = publisher.get(change)
    context = response.context
    inlines = [inline.formset for inline in context["inline_admin_formsets"]]
    data = form_data(context["adminform"].form, *inlines) | {"status": Status.PUBLISHED}

    response = publisher.post(change, data)

    assert response.status_code == HTTPStatus.FOUND
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    assert report.continues is None
    assert live.reports.filter(pk=report.pk).exists()
    assert Initiative.objects.public().filter(pk=live.pk).exists()


def test_the_initiative_form_accepts_its_follow_up_s_figures(publisher, live):
    report = imported()
    change = reverse("admin:initiatives_initiative_change", args=[live.pk])
    response = publisher.get(change)
    assert "待发布的续报" in response.text
    context = response.context
    inlines = [inline.formset for inline in context["inline_admin_formsets"]]
    data = form_data(context["adminform"].form, *inlines) | {"_save": 1}

    response = publisher.post(change, data)

    assert response.status_code == HTTPStatus.FOUND
    assert live.figures.filter(paragraph__report=report).exists()


def test_an_editor_reviews_a_follow_up_of_a_published_initiative_but_cannot_publish_it(
    editor, live
):
    """Its figures are invisible until the report is published, which takes the permission."""
    make_figure(live)
    report = imported()

    response = editor.get(review_url(report))

    assert 'name="_save"' in response.text
    assert 'name="_publish"' not in response.text


def test_the_old_address_of_a_merged_initiative_redirects_permanently(client, pair, user):
    kept, old = pair
    merging.merge_initiatives([kept, old], kept, user=user)

    response = client.get(reverse("initiatives:initiative_detail", args=["wenshang-old"]))

    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == kept.get_absolute_url()
    missing = client.get(reverse("initiatives:initiative_detail", args=["no-such-address"]))
    assert missing.status_code == HTTPStatus.NOT_FOUND


def test_the_old_address_of_an_initiative_merged_into_a_draft_is_not_found(client, pair, user):
    kept, old = pair
    merging.merge_initiatives([kept, old], kept, user=user)
    Initiative.objects.filter(pk=kept.pk).unpublish()

    response = client.get(reverse("initiatives:initiative_detail", args=["wenshang-old"]))

    assert response.status_code == HTTPStatus.NOT_FOUND
