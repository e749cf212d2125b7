"""generate_demo: initiatives followed over two years, forming series, all marked as demo data."""

import calendar
import datetime
import io
import re
from collections import defaultdict
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command

from initiatives.models import Figure, Initiative, Report
from initiatives.series import series_of

FIGURES = 300
MONTH_END = re.compile(r"截至(?:(\d{4})年)?(\d{1,2})月底")
MONTH = re.compile(r"(?:(\d{4})年)?(\d{1,2})月份")
# Periods that run up to the day the report was published.
UP_TO_PUBLICATION = {"截至目前", "累计", "今年以来", "本月", "目前"}


def generate(figures=FIGURES, seed=4):
    call_command("generate_demo", figures=figures, seed=seed, stdout=io.StringIO())


def figures_of_each_initiative():
    """Return each initiative's figures in reading order, with what the checks read."""
    grouped = defaultdict(list)
    figures = Figure.objects.select_related("indicator", "paragraph__report").order_by(
        "initiative", "paragraph__report__published_on", "paragraph__position", "start"
    )
    for figure in figures:
        grouped[figure.initiative_id].append(figure)
    return grouped


def sentence_of(figure):
    """Return the sentence of the paragraph that holds the figure's quote."""
    text = figure.paragraph.text
    start = text.rfind("。", 0, figure.start) + 1
    return text[start : text.index("。", figure.end) + 1]


def last_day(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def expected_as_of(period, published_on):
    """Return the date a figure holds for, read from its period the way Figure.as_of says."""
    if period in UP_TO_PUBLICATION:
        return published_on
    if period == "上半年":
        return datetime.date(published_on.year, 6, 30)
    match = MONTH_END.fullmatch(period) or MONTH.fullmatch(period)
    assert match, period
    year, month = match.groups()
    return last_day(int(year or published_on.year), int(month))


def running_totals(figures):
    """Return the running-total series among figures, each in date order."""
    series = defaultdict(list)
    for figure in figures:
        if figure.basis == Figure.Basis.CUMULATIVE:
            series[figure.indicator_id, figure.base_unit].append(figure)
    return [sorted(points, key=lambda figure: figure.as_of) for points in series.values()]


def demo_rows():
    """Return the generated figures with their context, without ids or timestamps."""
    # Several reports of an initiative each have a paragraph 0: their date orders them.
    return list(
        Figure.objects.order_by(
            "initiative__slug", "paragraph__report__published_on", "paragraph__position", "start"
        ).values_list(
            "initiative__slug",
            "initiative__title",
            "initiative__county__slug",
            "paragraph__report__published_on",
            "paragraph__report__headline",
            "paragraph__position",
            "paragraph__text",
            "start",
            "end",
            "quote",
            "value",
            "unit",
            "amount",
            "qualifier",
            "counted",
            "kind",
            "period",
            "as_of",
            "basis",
            "note",
            "indicator__slug",
        )
    )


def clear_demo():
    Initiative.objects.all().delete()
    Report.objects.all().delete()


@pytest.mark.django_db
def test_every_initiative_is_reported_at_least_twice_on_different_days():
    generate()

    for initiative in Initiative.objects.prefetch_related("reports"):
        dates = [report.published_on for report in initiative.reports.all()]
        assert len(dates) >= 2
        assert len(set(dates)) == len(dates)
        assert all(datetime.date(2024, 1, 1) <= day <= datetime.date(2025, 12, 31) for day in dates)


@pytest.mark.django_db
def test_every_initiative_has_a_series_of_points_on_different_dates():
    generate()

    grouped = figures_of_each_initiative()
    assert len(grouped) == Initiative.objects.count()
    for figures in grouped.values():
        # series_of keeps one point per date, so two points are two dates.
        assert max(len(series.points) for series in series_of(figures)) >= 2


@pytest.mark.django_db
def test_running_totals_never_fall_except_where_a_note_marks_a_correction():
    generate(figures=3000)

    corrections = 0
    for figures in figures_of_each_initiative().values():
        for series in running_totals(figures):
            for earlier, later in pairwise(series):
                assert later.as_of > earlier.as_of
                corrected = later.note.startswith("更正")
                assert (later.amount < earlier.amount) == corrected, (earlier, later)
                corrections += corrected
    assert corrections > 0
    assert all("经核实更正" in sentence_of(f) for f in Figure.objects.exclude(note=""))


@pytest.mark.django_db
def test_the_series_mix_totals_new_amounts_rates_and_rounded_counts():
    generate(figures=3000)

    assert set(Figure.objects.values_list("basis", flat=True)) == set(Figure.Basis.values)
    assert set(Figure.objects.values_list("qualifier", flat=True)) == {"exact", "approximate"}
    assert Figure.objects.filter(period="上半年").exists()


@pytest.mark.django_db
def test_every_quote_sits_at_its_span():
    generate()

    figures = Figure.objects.select_related("paragraph")
    assert figures.count() == FIGURES
    assert all(f.paragraph.text[f.start : f.end] == f.quote for f in figures)
    assert all(f.end == f.start + len(f.quote) for f in figures)


@pytest.mark.django_db
def test_period_words_agree_with_period_as_of_and_basis():
    generate()

    for figure in Figure.objects.select_related("paragraph__report"):
        sentence = sentence_of(figure)
        published_on = figure.paragraph.report.published_on
        assert figure.period in sentence
        assert figure.as_of == expected_as_of(figure.period, published_on)
        assert figure.as_of <= published_on
        if figure.basis == Figure.Basis.CUMULATIVE:
            # "累计新增绿化面积" is a running total too: 累计 decides.
            assert "累计" in sentence, sentence
        elif figure.basis == Figure.Basis.NEW:
            assert "新增" in sentence, sentence
            assert "累计" not in sentence, sentence
            assert figure.period not in {"截至目前", "累计", "目前"}
        else:
            assert figure.base_unit == "%"
            assert figure.period == "目前"


@pytest.mark.django_db
def test_everything_generated_is_marked_demo():
    generate()

    assert not Report.objects.filter(demo=False).exists()
    assert not Initiative.objects.filter(demo=False).exists()
    for report in Report.objects.all():
        assert report.publication.startswith("演示数据")
        assert report.headline.startswith("【演示】")
    assert all(i.summary.startswith("演示数据") for i in Initiative.objects.all())


@pytest.mark.django_db
@pytest.mark.parametrize("figures", [1, 2, 7, 41])
def test_a_handful_of_figures_still_makes_initiatives_reported_twice(figures):
    generate(figures=figures)

    assert Figure.objects.count() == figures
    for initiative in Initiative.objects.all():
        assert initiative.reports.count() >= 2
        if figures >= 2:
            assert max(len(s.points) for s in series_of(initiative.figures.all())) >= 2


@pytest.mark.django_db
def test_generate_demo_makes_the_same_rows_from_the_same_seed():
    call_command("generate_demo", figures=300, seed=7, stdout=io.StringIO())
    first = demo_rows()
    clear_demo()
    call_command("generate_demo", figures=300, seed=7, stdout=io.StringIO())
    again = demo_rows()
    clear_demo()
    call_command("generate_demo", figures=300, seed=8, stdout=io.StringIO())

    assert len(first) == 300
    assert again == first
    assert demo_rows() != first


@pytest.mark.django_db
def test_generate_demo_quotes_are_exactly_their_paragraph_slices_and_public():
    call_command("generate_demo", figures=500, seed=3, stdout=io.StringIO())

    figures = Figure.objects.select_related("paragraph")
    assert figures.count() == 500
    assert all(f.paragraph.text[f.start : f.end] == f.quote for f in figures)
    assert all(not f.span_errors() for f in figures)
    assert Figure.objects.public().count() == 500
    assert Initiative.objects.public().count() == Initiative.objects.count()
    assert {f.qualifier for f in figures} >= {"exact", "approximate"}


@pytest.mark.django_db
def test_generate_demo_refuses_to_repeat_a_seed():
    call_command("generate_demo", figures=20, seed=1, stdout=io.StringIO())

    with pytest.raises(CommandError, match="already exists"):
        call_command("generate_demo", figures=20, seed=1)
    assert Figure.objects.count() == 20
