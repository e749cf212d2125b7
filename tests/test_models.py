from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from initiatives.models import County, Figure, Initiative, Paragraph, Report, Status

TEXT = "目前，全县第一批论证通过的102个帮扶项目正在实施。"


def wenshang_report(**kwargs):
    """Create a draft report of 汶上县 (created too if not given)."""
    county = kwargs.pop("county", None) or County.objects.create(name="汶上县", slug="wenshang")
    fields = {"headline": "汶上县：抓实帮扶项目", "dateline": "本报汶上讯", "county": county}
    return Report.objects.create(**fields | kwargs)


def unsaved_figure(paragraph=None, **kwargs):
    """Return an unsaved figure for “102个”, with its initiative and paragraph saved."""
    paragraph = paragraph or Paragraph.objects.create(
        report=wenshang_report(), position=0, text=TEXT
    )
    initiative = Initiative.objects.create(
        county=paragraph.report.county, title="抓实帮扶项目", slug=f"i-{paragraph.pk}"
    )
    initiative.reports.add(paragraph.report)
    start = TEXT.index("102个")
    fields = {
        "initiative": initiative,
        "paragraph": paragraph,
        "start": start,
        "end": start + 4,
        "quote": "102个",
        "value": "102",
        "unit": "个",
        "amount": Decimal(102),
        "base_unit": "个",
        "counted": "帮扶项目",
    }
    return Figure(**fields | kwargs)


@pytest.mark.django_db
def test_migrations_are_complete():
    """Every model change has its migration."""
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.django_db
def test_valid_figure_passes_validation_and_saves():
    figure = unsaved_figure()
    figure.full_clean()
    figure.save()
    assert figure.paragraph.text[figure.start : figure.end] == "102个"


@pytest.mark.django_db
def test_quote_not_matching_the_span_is_refused_with_the_right_position():
    figure = unsaved_figure(quote="102个", start=0, end=4)
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    message = " ".join(error.value.message_dict["quote"])
    assert "不一致" in message
    assert f"{TEXT.index('102个')}–{TEXT.index('102个') + 4}" in message


@pytest.mark.django_db
def test_span_beyond_the_paragraph_is_refused():
    figure = unsaved_figure(start=len(TEXT) - 1, end=len(TEXT) + 3)
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert "超出段落范围" in " ".join(error.value.message_dict["end"])


@pytest.mark.django_db
def test_database_refuses_a_quote_longer_than_its_span():
    figure = unsaved_figure(end=TEXT.index("102个") + 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        figure.save()


@pytest.mark.django_db
def test_negative_amount_is_refused_by_form_validation_and_database():
    figure = unsaved_figure(amount=Decimal(-5))
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert "负数" in " ".join(error.value.message_dict["amount"])
    with pytest.raises(IntegrityError), transaction.atomic():
        figure.save()


@pytest.mark.django_db
def test_inverted_range_is_refused_by_form_validation_and_database():
    figure = unsaved_figure(qualifier=Figure.Qualifier.RANGE, amount=5, amount_max=2)
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert "不能小于下限" in " ".join(error.value.message_dict["amount_max"])
    with pytest.raises(IntegrityError), transaction.atomic():
        figure.save()


@pytest.mark.django_db
def test_range_needs_its_high_end_and_only_ranges_have_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        unsaved_figure(qualifier=Figure.Qualifier.RANGE, amount_max=None).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        unsaved_figure(qualifier=Figure.Qualifier.EXACT, amount_max=200).save()


@pytest.mark.django_db
def test_a_report_has_one_paragraph_per_position():
    report = wenshang_report()
    Paragraph.objects.create(report=report, position=0, text="第一段。")
    with pytest.raises(IntegrityError), transaction.atomic():
        Paragraph.objects.create(report=report, position=0, text="另一段。")


@pytest.mark.django_db
def test_paragraph_with_a_hard_line_break_is_refused():
    paragraph = Paragraph(report=wenshang_report(), position=0, text="帮扶\n项目")
    with pytest.raises(ValidationError) as error:
        paragraph.full_clean()
    assert "换行" in " ".join(error.value.message_dict["text"])


@pytest.mark.django_db
def test_slugs_are_unique():
    County.objects.create(name="金乡县", slug="jinxiang")
    with pytest.raises(IntegrityError), transaction.atomic():
        County.objects.create(name="金乡", slug="jinxiang")


@pytest.mark.django_db
def test_publishing_an_initiative_with_a_draft_report_is_refused():
    figure = unsaved_figure()
    figure.save()
    initiatives = Initiative.objects.filter(pk=figure.initiative.pk)
    with pytest.raises(ValidationError) as error:
        initiatives.publish()
    assert "请先发布来源报道" in error.value.messages[0]
    assert initiatives.get().status == Status.DRAFT

    Report.objects.all().publish()
    assert initiatives.publish() == 1
    assert list(Initiative.objects.public()) == [figure.initiative]
    assert list(Figure.objects.public()) == [figure]


@pytest.mark.django_db
def test_unpublishing_a_report_withdraws_the_initiatives_that_cite_it():
    figure = unsaved_figure()
    figure.save()
    Report.objects.all().publish()
    Initiative.objects.all().publish()

    assert Report.objects.all().unpublish() == (1, 1)
    assert not Initiative.objects.public().exists()
    assert not Figure.objects.public().exists()


@pytest.mark.django_db
def test_public_figures_exclude_suggested_and_rejected_ones():
    figure = unsaved_figure(review=Figure.Review.SUGGESTED)
    figure.save()
    Report.objects.all().publish()
    Initiative.objects.all().publish()
    assert not Figure.objects.public().exists()
    Figure.objects.update(review=Figure.Review.CONFIRMED)
    assert Figure.objects.public().count() == 1


@pytest.mark.django_db
def test_a_published_initiative_stays_hidden_if_its_report_is_set_back_to_draft():
    figure = unsaved_figure()
    figure.save()
    Report.objects.all().publish()
    Initiative.objects.all().publish()
    # Bypass the admin's guard, as a raw update could.
    Report.objects.update(status=Status.DRAFT)
    assert not Initiative.objects.public().exists()
    assert not Figure.objects.public().exists()
