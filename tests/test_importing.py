import dataclasses
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from initiatives import importing
from initiatives.importing import (
    PageImportError,
    UnknownCountyError,
    fingerprint,
    import_items,
    publish_reviewed,
    read,
)
from initiatives.models import County, Figure, Initiative, Report, Status
from initiatives.reading import decode

from .factories import make_counties, make_initiative
from .import_helpers import SEED_PAGE, counts

pytestmark = pytest.mark.django_db


ONE_REPORT = (
    "本报汶上讯（通讯员 袁军 孙超）目前，全县第一批论证通过的102个帮扶项目正在实施，"
    "统筹使用省派工作队300万元帮扶资金。\n\n汶上县：抓实帮扶项目\n"
)


@pytest.fixture
def counties():
    return make_counties()


def seed_items():
    return read(decode(SEED_PAGE.read_bytes()))


def test_seed_page_becomes_nine_draft_reports_with_their_paragraphs_and_figures(counties):
    items = seed_items()

    result = import_items(items, publication="济宁日报", page="04")

    assert len(result.created) == 9
    assert Report.objects.filter(status=Status.DRAFT, publication="济宁日报").count() == 9
    for item, report in zip(items, result.created, strict=True):
        assert report.county.name == item.county
        assert report.dateline == item.dateline
        assert report.correspondent_list == item.correspondents
        assert [p.text for p in report.paragraphs.all()] == item.paragraphs
        assert report.initiatives.get().county == report.county
    assert Initiative.objects.count() == 9
    assert Figure.objects.count() == sum(len(item.figures) for item in items)


def test_imported_rows_are_drafts_and_nothing_is_public(counties):
    import_items(seed_items())

    assert not Report.objects.public().exists()
    assert not Initiative.objects.public().exists()
    assert not Figure.objects.public().exists()
    assert set(Figure.objects.values_list("review", flat=True)) == {Figure.Review.SUGGESTED}


def test_suggested_figures_keep_span_confidence_and_reason(counties):
    import_items(seed_items())

    for figure in Figure.objects.select_related("paragraph"):
        assert figure.paragraph.text[figure.start : figure.end] == figure.quote
        assert 0 <= figure.confidence <= 1
        assert figure.note
    figure = Figure.objects.get(quote="102个")
    assert figure.amount == 102
    assert figure.initiative.reports.get() == figure.paragraph.report


def test_initiative_slugs_are_ascii_and_unique(counties):
    import_items(seed_items())

    slugs = list(Initiative.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 9
    assert all(slug.isascii() for slug in slugs)
    report = Report.objects.get(dateline="本报汶上讯")
    # Spelled from the headline 汶上县：抓实帮扶项目 助力乡村振兴 in pinyin, cut to fit.
    assert report.initiatives.get().slug == (
        "wen-shang-xian-zhua-shi-bang-fu-xiang-mu-zhu-li-xiang-cun-zhen-xing"
    )


def test_importing_the_same_page_again_changes_nothing(counties):
    import_items(seed_items())
    before = counts()

    result = import_items(seed_items(), publication="另一份报纸")

    assert not result.changed
    assert len(result.existing) == 9
    assert counts() == before
    assert not Report.objects.filter(publication="另一份报纸").exists()


def test_fingerprint_ignores_line_breaks_and_width():
    (item,) = read(ONE_REPORT)
    rewrapped = dataclasses.replace(
        item, paragraphs=[p.replace("102", "１０２") + "\n" for p in item.paragraphs]
    )

    assert fingerprint(rewrapped) == fingerprint(item)
    assert fingerprint(dataclasses.replace(item, paragraphs=["别的文字。"])) != fingerprint(item)


def test_a_page_with_one_new_item_adds_only_that_item(counties):
    import_items(seed_items())
    (item,) = read(ONE_REPORT)

    result = import_items([*seed_items(), item])

    assert len(result.created) == 1
    assert len(result.existing) == 9
    assert Report.objects.count() == 10


def test_unknown_county_is_refused_naming_the_known_ones_and_nothing_is_saved(counties):
    items = seed_items()
    names = [item.county for item in items]
    names[3] = "火星县"

    with pytest.raises(UnknownCountyError) as error:
        import_items(items, counties=names)

    assert "火星县" in str(error.value)
    assert "汶上县" in str(error.value)
    assert "太白湖新区" in str(error.value)
    assert counts() == {"Report": 0, "Paragraph": 0, "Initiative": 0, "Figure": 0}


def test_item_without_a_county_suggestion_is_refused():
    County.objects.create(name="汶上县", slug="wenshang")
    (item,) = read("本报讯（记者 王明）全市新建102个驿站。\n\n驿站遍布城乡\n")
    assert item.county == ""

    with pytest.raises(UnknownCountyError) as error:
        import_items([item])
    assert str(error.value) == "1 篇报道未能从文字中识别县区。已知的县区有：汶上县。"
    assert Report.objects.count() == 0

    import_items([item], counties=["汶上县"])
    assert Report.objects.get().county.name == "汶上县"


def test_without_any_county_the_message_says_how_to_add_them():
    (item,) = read(ONE_REPORT)

    with pytest.raises(UnknownCountyError, match="还没有任何县区"):
        import_items([item])


def test_a_failure_mid_import_rolls_back_everything(counties, monkeypatch):
    calls = []
    real = importing.suggested_figures

    def failing(found, paragraphs, initiative, **options):
        calls.append(initiative)
        if len(calls) == 4:
            raise RuntimeError("database went away")
        return real(found, paragraphs, initiative, **options)

    monkeypatch.setattr(importing, "suggested_figures", failing)

    with pytest.raises(RuntimeError):
        import_items(seed_items())

    assert len(calls) == 4  # Three reports had been written before the failure.
    assert counts() == {"Report": 0, "Paragraph": 0, "Initiative": 0, "Figure": 0}


def test_an_item_stored_meanwhile_by_someone_else_gives_a_clear_error(counties, monkeypatch):
    """Two staff importing the same page at once: the second is refused, not a server error."""
    items = seed_items()
    import_items(items[:1])
    monkeypatch.setattr(importing, "stored_reports", lambda prints: {})  # It was not there yet.

    with pytest.raises(PageImportError, match="同时导入"):
        import_items(items)

    assert Report.objects.count() == 1


def test_blank_paragraphs_are_skipped_and_figures_stay_on_their_paragraph(counties):
    (item,) = read(ONE_REPORT)
    figures = [dataclasses.replace(found, paragraph=1) for found in item.figures]

    import_items([dataclasses.replace(item, paragraphs=["  ", *item.paragraphs], figures=figures)])

    paragraph = Report.objects.get().paragraphs.get()
    assert paragraph.position == 0
    assert paragraph.figures.count() == len(figures)


def test_a_suggestion_the_database_cannot_hold_is_skipped_not_fatal(counties):
    (item,) = read(ONE_REPORT)
    good = item.figures[0]
    broken = [
        dataclasses.replace(good, start=good.start + 1),  # Quote no longer fills its span.
        dataclasses.replace(good, paragraph=7),  # No such paragraph.
        dataclasses.replace(good, qualifier="range", amount_max=None),
        good,
        good,  # The same span twice.
    ]

    import_items([dataclasses.replace(item, figures=broken)])

    assert Figure.objects.get().quote == good.quote


# Queries an import takes per item, history included (tests/test_continuing.py too).
PER_ITEM = 16


def test_import_takes_a_bounded_number_of_queries(counties, django_assert_max_num_queries):
    items = seed_items()

    # Per item, whatever its paragraphs and figures: the report, its initiative and their
    # sources, the paragraphs and the figures in one statement each, each with its history.
    with django_assert_max_num_queries(4 + PER_ITEM * len(items)):
        import_items(items)


def test_publishing_waits_for_every_suggestion_to_be_reviewed(counties):
    import_items(read(ONE_REPORT))
    report = Report.objects.get()
    figures = Figure.objects.filter(paragraph__report=report)

    with pytest.raises(ValidationError, match="待审核"):
        publish_reviewed(report)
    assert not Report.objects.public().exists()

    first = figures.first()
    figures.filter(pk=first.pk).update(review=Figure.Review.CONFIRMED)
    figures.exclude(pk=first.pk).update(review=Figure.Review.REJECTED)
    publish_reviewed(report)

    assert Report.objects.public().get() == report
    assert Initiative.objects.public().get().reports.get() == report
    assert list(Figure.objects.public()) == [first]


def test_a_migration_clears_summaries_copied_from_the_first_paragraph(db):
    """Imports before issue 11 copied the first paragraph into the summary; staff's stay."""
    migration = importlib.import_module("initiatives.migrations.0010_clear_copied_summaries")
    copied = make_initiative()
    copied.summary = copied.reports.get().paragraphs.get(position=0).text
    written = make_initiative(summary="县里统筹推进帮扶项目。")
    Initiative.objects.filter(pk=copied.pk).update(summary=copied.summary)

    migration.clear_copied_summaries(django_apps, None)

    assert dict(Initiative.objects.values_list("pk", "summary")) == {
        copied.pk: "",
        written.pk: "县里统筹推进帮扶项目。",
    }
