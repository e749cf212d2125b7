"""Importing a follow-up: it continues an existing initiative, which stays public meanwhile."""

import pytest
from django.db import IntegrityError, transaction

from initiatives.continuing import candidate_pools
from initiatives.importing import PageImportError, import_items, publish_reviewed, read
from initiatives.models import County, Figure, Initiative, Report, Status
from initiatives.reading import decode
from tests.test_importing import PER_ITEM

from .factories import make_county, make_initiative
from .matching_helpers import TUNING

pytestmark = pytest.mark.django_db

FOLLOW_UPS = TUNING / "2024-12-05-wenshang-weishan-zoucheng.txt"
WENSHANG = "wenshang-assistance-projects"
WEISHAN = "weishan-community-partners"


def follow_up_items():
    return read(decode(FOLLOW_UPS.read_bytes()))


def confirm_all(report):
    Figure.objects.filter(paragraph__report=report).update(review=Figure.Review.CONFIRMED)


def test_a_follow_up_continues_its_initiative_and_other_items_start_new_ones(seed):
    before = Initiative.objects.count()

    result = import_items(follow_up_items())

    wenshang, weishan, false_friend, unrelated = result.created
    assert wenshang.continues.slug == WENSHANG
    assert weishan.continues.slug == WEISHAN
    assert result.continued == [wenshang, weishan]
    assert false_friend.continues is None
    assert unrelated.continues is None
    assert Initiative.objects.count() == before + 2  # Only the two that continue nothing.
    assert false_friend.initiatives.get().slug.startswith("wen-shang-xian-")
    figures = Figure.objects.filter(paragraph__report=wenshang)
    assert figures.exists()
    assert set(figures.values_list("initiative__slug", flat=True)) == {WENSHANG}


def test_a_continued_published_initiative_stays_public_and_unchanged_until_publication(seed):
    initiative = Initiative.objects.get(slug=WENSHANG)
    public_figures = set(Figure.objects.public().values_list("pk", flat=True))

    (report, *_rest) = import_items(follow_up_items()).created

    assert Initiative.objects.public().filter(pk=initiative.pk).exists()
    assert not initiative.reports.filter(pk=report.pk).exists()  # Pending, not a source yet.
    assert set(Figure.objects.public().values_list("pk", flat=True)) == public_figures
    assert list(initiative.continuations.all()) == [report]


def test_publishing_the_follow_up_makes_it_a_source_and_its_figures_public(seed):
    initiative = Initiative.objects.get(slug=WENSHANG)
    (report, *_rest) = import_items(follow_up_items()).created
    confirm_all(report)

    publish_reviewed(report)

    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    assert report.continues is None
    assert initiative.reports.filter(pk=report.pk).exists()
    assert Initiative.objects.public().filter(pk=initiative.pk).exists()
    assert Figure.objects.public().filter(paragraph__report=report, initiative=initiative).exists()


def test_the_publish_action_joins_the_follow_up_too(seed):
    (report, *_rest) = import_items(follow_up_items()).created

    Report.objects.filter(pk=report.pk).publish()

    assert Initiative.objects.get(slug=WENSHANG).reports.filter(pk=report.pk).exists()
    assert Report.objects.get(pk=report.pk).continues is None


def test_a_continued_draft_initiative_is_published_with_its_follow_up(seed):
    Initiative.objects.filter(slug=WENSHANG).update(status=Status.DRAFT)
    (report, *_rest) = import_items(follow_up_items()).created
    confirm_all(report)

    publish_reviewed(report)

    assert Initiative.objects.public().filter(slug=WENSHANG).exists()


def test_new_forces_a_new_initiative_for_every_item(seed):
    items = follow_up_items()
    before = Initiative.objects.count()

    result = import_items(items, continues=[None] * len(items))

    assert result.continued == []
    assert Initiative.objects.count() == before + len(items)


def test_an_initiative_of_another_county_cannot_be_continued(seed):
    items = follow_up_items()
    other = Initiative.objects.get(slug=WEISHAN)

    with pytest.raises(PageImportError, match="不能由汶上县的报道续报"):
        import_items(items, continues=[other, None, None, None])
    assert not Report.objects.filter(continues__isnull=False).exists()


def test_only_drafts_may_wait_to_join_an_initiative():
    initiative = make_initiative()
    report = Report.objects.create(county=initiative.county, headline="续报", continues=initiative)

    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(status=Status.PUBLISHED)


def test_candidates_are_gathered_in_a_constant_number_of_queries(seed, django_assert_num_queries):
    counties = list(County.objects.all())
    with django_assert_num_queries(6):
        small = candidate_pools(counties)
    for n in range(20):
        make_initiative(county=counties[0], title=f"举措{n}")

    with django_assert_num_queries(6):
        large = candidate_pools(counties)

    assert len(large[counties[0].pk].candidates) == len(small[counties[0].pk].candidates) + 20


def test_an_import_with_candidates_takes_a_bounded_number_of_queries(
    seed, django_assert_max_num_queries
):
    items = follow_up_items()

    # 10 to find what exists and gather the candidates, then a bounded number per item.
    with django_assert_max_num_queries(10 + PER_ITEM * len(items)):
        import_items(items)


def test_a_county_without_initiatives_suggests_nothing():
    county = make_county(name="汶上县", slug="wenshang")

    (report, *_rest) = import_items(follow_up_items()[:1], counties=["汶上县"]).created

    assert report.continues is None
    assert report.initiatives.get().county == county
