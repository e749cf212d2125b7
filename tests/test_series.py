"""Figures in time: series, their changes, and how initiative pages show them."""

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.models import Figure
from initiatives.series import MAX_CHART_POINTS, series_of
from initiatives.templatetags.digest import series_change
from tests.factories import make_figure, make_indicator, make_initiative, make_report

DAY = datetime.date


def point(amount, as_of, counted="帮扶项目", unit="个", indicator=None, basis=""):
    return SimpleNamespace(
        amount=Decimal(amount),
        as_of=as_of,
        counted=counted,
        base_unit=unit,
        indicator_id=indicator.pk if indicator else None,
        indicator=indicator,
        basis=basis,
    )


def test_figures_of_one_measure_form_a_series_oldest_first_with_its_change():
    later, earlier = point(160, DAY(2024, 12, 31)), point(102, DAY(2024, 6, 30))

    (series,) = series_of([later, earlier])

    assert series.points == [earlier, later]
    assert series.change == 58
    assert series.change_percent == 57
    assert series.label == "帮扶项目"


def test_other_nouns_units_and_new_amounts_make_other_series():
    figures = [
        point(102, DAY(2024, 6, 30)),
        point(300, DAY(2024, 6, 30), unit="元"),
        point(5, DAY(2024, 7, 31), basis="new"),
        point(425, DAY(2024, 6, 30), counted="离退休干部党员", unit="名"),
    ]

    assert len(series_of(figures)) == 4


def test_an_indicator_joins_figures_whose_nouns_differ():
    indicator = SimpleNamespace(pk=7, name="帮扶项目数")
    figures = [
        point(102, DAY(2024, 6, 30), counted="帮扶项目", indicator=indicator),
        point(160, DAY(2024, 12, 31), counted="论证通过的帮扶项目", indicator=indicator),
    ]

    (series,) = series_of(figures)

    assert series.label == "帮扶项目数"
    assert len(series.points) == 2


def test_one_date_counts_once_and_undated_figures_stay_out():
    total, part = point(102, DAY(2024, 6, 30)), point(40, DAY(2024, 6, 30))

    (series,) = series_of([total, part, point(7, None)])

    assert series.points == [total]  # The total, printed first; never total + part.
    assert series.change is None


def test_a_fall_and_a_start_from_zero_are_described_honestly():
    (fall,) = series_of([point(10, DAY(2024, 1, 31)), point(8, DAY(2024, 2, 29))])
    (start,) = series_of([point(0, DAY(2024, 1, 31)), point(8, DAY(2024, 2, 29))])

    assert (fall.change, fall.change_percent) == (-2, -20)
    assert (start.change, start.change_percent) == (8, None)


def test_a_chart_shows_the_latest_points_only():
    figures = [point(n, DAY(2020, 1, 1) + datetime.timedelta(days=n)) for n in range(40)]

    (series,) = series_of(figures)

    assert len(series.points) == 40
    assert len(series.chart_points) == MAX_CHART_POINTS
    assert series.chart_points[-1][1] == 39


@pytest.fixture
def followed(db):
    """An initiative reported twice: 102 帮扶项目 in June, 160 in December."""
    june = make_report(
        paragraphs=["截至6月底，全县102个帮扶项目正在实施。"], published_on=DAY(2024, 7, 2)
    )
    initiative = make_initiative(june, title="抓实帮扶项目")
    december = make_report(
        county=initiative.county,
        paragraphs=["截至12月底，全县160个帮扶项目已完工。"],
        published_on=DAY(2025, 1, 3),
    )
    initiative.reports.add(december)
    make_figure(
        initiative,
        "102个",
        paragraph=june.paragraphs.get(),
        as_of=DAY(2024, 6, 30),
        period="截至6月底",
    )
    make_figure(
        initiative,
        "160个",
        paragraph=december.paragraphs.get(),
        as_of=DAY(2024, 12, 31),
        period="截至12月底",
        basis=Figure.Basis.CUMULATIVE,
    )
    return initiative


def test_the_initiative_page_shows_progress_with_a_chart_and_the_change(client, followed):
    response = client.get(followed.get_absolute_url())

    text = response.text
    progress = text[text.index('id="progress"') : text.index('id="timeline-heading"')]
    assert re.search(
        r"102 → <strong>160</strong> 个\s*<span class=\"up\">（\+58，\+57%）", progress
    )
    assert "截至 2024-12-31" in progress
    assert progress.count('<circle class="chart-dot"') == 2
    assert "<title>2024-06-30：102个</title>" in progress


def test_the_timeline_lists_the_newest_report_first_with_its_date(client, followed):
    text = client.get(followed.get_absolute_url()).text
    timeline = text[text.index('id="timeline-heading"') :]

    assert timeline.index("2025-01-03") < timeline.index("2024-07-02")
    assert timeline.index("160个") < timeline.index("102个")


def test_every_figure_row_shows_its_as_of_date_or_says_it_is_unknown(client, followed):
    report = followed.reports.get(published_on=DAY(2024, 7, 2))
    undated = make_figure(followed, "全县", paragraph=report.paragraphs.get(), as_of=None)

    text = client.get(followed.get_absolute_url()).text

    row = text[text.index(f'id="figure-{undated.pk}"') :]
    assert "日期不详" in row[: row.index("</tr>")]
    assert '<time class="as-of" datetime="2024-12-31">' in text


def test_a_single_report_shows_no_progress_section(client, db):
    initiative = make_initiative()
    make_figure(initiative, "102个", as_of=DAY(2024, 6, 30))

    assert 'id="progress"' not in client.get(initiative.get_absolute_url()).text


def test_generated_initiatives_are_labelled_as_demo_data(client, followed):
    followed.demo = True
    followed.save()

    text = client.get(followed.get_absolute_url()).text

    assert '<span class="demo-label"' in text
    assert "演示数据" in text
    # The label is drawn once per language, not once for all.
    english = client.get(followed.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text
    assert ">Demo data</span>" in english
    assert "演示数据" not in english
    assert "演示数据" in client.get(followed.get_absolute_url()).text


def test_series_of_an_indicator_use_its_name(client, followed):
    indicator = make_indicator(name="帮扶项目数")
    followed.figures.update(indicator=indicator)

    text = client.get(reverse("initiatives:initiative_detail", args=[followed.slug])).text

    assert "<h3>帮扶项目数</h3>" in text


# Indicator and county pages ---------------------------------------------------------------


@pytest.fixture
def tracked(followed):
    """The followed initiative's figures joined to one indicator."""
    indicator = make_indicator(name="帮扶项目数", slug="projects")
    followed.figures.update(indicator=indicator)
    return indicator


def csv_rows(response):
    import csv
    import io

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_indicator_page_draws_each_countys_readings_over_time(client, tracked):
    response = client.get(tracked.get_absolute_url())

    (latest,) = response.context["latest"]
    assert latest.amount == 160
    assert latest.series.change == 58
    assert str(latest.series.chart).count('<circle class="chart-dot"') == 2
    assert "102 → <strong>160</strong>" in response.text


def test_the_indicator_page_pages_its_counties_and_its_rows(client, db, tracked):
    for number in range(25):
        initiative = make_initiative()
        make_figure(initiative, "102个", indicator=tracked, as_of=DAY(2024, 1, 1), amount=number)

    first = client.get(tracked.get_absolute_url())
    second = client.get(tracked.get_absolute_url(), {"counties": 2})
    beyond = client.get(tracked.get_absolute_url(), {"counties": 99, "page": "x"})

    assert len(first.context["latest"]) == 20
    assert first.context["latest"][0].amount == 160  # Largest latest value first.
    assert len(second.context["latest"]) == 6
    assert first.context["rows"].paginator.count == 27
    assert "?counties=2" in first.text
    assert "没有第 99 页" in beyond.text


def test_the_indicator_exports_every_figure_and_each_countys_latest(client, tracked):
    every = csv_rows(client.get(reverse("initiatives:indicator_csv", args=["projects"])))
    latest = csv_rows(client.get(reverse("initiatives:indicator_latest_csv", args=["projects"])))

    assert sorted(row["quote"] for row in every) == ["102个", "160个"]
    assert len(latest) == 1
    assert latest[0]["amount"] == "160"
    assert latest[0]["as_of"] == "2024-12-31"
    assert latest[0]["basis"] == "cumulative"
    assert latest[0]["figure_url"].endswith(f"#figure-{tracked.figures.get(quote='160个').pk}")


def test_the_county_page_shows_each_indicators_latest_value_and_its_change(client, tracked):
    county = tracked.figures.first().initiative.county

    text = client.get(county.get_absolute_url()).text

    section = text[text.index('id="trends-heading"') : text.index('id="recent-heading"')]
    assert "帮扶项目数" in section
    assert "102 → <strong>160</strong> 个" in section
    assert "截至 2024-12-31" in section


def test_the_county_page_lists_its_newest_reports_first(client, followed):
    text = client.get(followed.county.get_absolute_url()).text

    recent = text[text.index('id="recent-heading"') :]
    assert recent.index("2025-01-03") < recent.index("2024-07-02")


def test_the_figure_exports_carry_as_of_after_the_first_twenty_columns(client, followed):
    import json

    rows = csv_rows(client.get(reverse("initiatives:figures_csv")))
    data = json.loads(b"".join(client.get(reverse("initiatives:figures_json")).streaming_content))

    # Only the gazetteer's columns (county_code, prefecture, province) come after it.
    assert list(rows[0])[20] == "as_of"
    assert list(rows[0])[-3:] == ["county_code", "prefecture", "province"]
    assert sorted(row["as_of"] for row in rows) == ["2024-06-30", "2024-12-31"]
    assert sorted(item["as_of"] for item in data) == ["2024-06-30", "2024-12-31"]


def test_a_figure_entered_by_hand_gets_its_as_of_from_its_period_and_report(db):
    from initiatives.forms import FigureForm
    from initiatives.models import Status

    report = make_report(
        paragraphs=["截至6月底，全县102个帮扶项目正在实施。"],
        published_on=DAY(2024, 7, 2),
        status=Status.DRAFT,
    )
    initiative = make_initiative(report, status=Status.DRAFT)
    data = {
        "initiative": initiative.pk,
        "paragraph": report.paragraphs.get().pk,
        "quote": "102个",
        "counted": "帮扶项目",
        "qualifier": "exact",
        "kind": "achieved",
        "review": "confirmed",
    }

    undated = FigureForm(data | {"period": ""})
    assert undated.is_valid(), undated.errors
    assert undated.cleaned_data["as_of"] == DAY(2024, 7, 2)  # The report's date.

    dated = FigureForm(data | {"period": "截至6月底"})
    assert dated.is_valid(), dated.errors
    assert dated.save().as_of == DAY(2024, 6, 30)


def test_imported_figures_are_dated_by_their_period_or_the_paper_and_keep_their_basis(db):
    from initiatives.importing import import_items, read
    from tests.factories import make_counties

    make_counties()
    text = (
        "本报汶上讯（通讯员 袁军）截至6月底，全县累计实施帮扶项目102个。"
        "今年以来新增就业岗位300个。目前，全县已建成驿站12处。\n\n汶上县：抓实帮扶项目\n"
    )
    import_items(read(text), published_on=DAY(2024, 7, 15))

    figures = {figure.quote: figure for figure in Figure.objects.all()}
    assert figures["102个"].as_of == DAY(2024, 6, 30)
    assert figures["102个"].basis == Figure.Basis.CUMULATIVE
    assert figures["300个"].as_of == DAY(2024, 7, 15)
    assert figures["300个"].basis == Figure.Basis.NEW
    assert figures["12处"].as_of == DAY(2024, 7, 15)


def test_a_page_without_a_date_leaves_as_of_blank_unless_the_text_names_a_year(db):
    from initiatives.importing import import_items, read
    from tests.factories import make_counties

    make_counties()
    text = (
        "本报汶上讯（通讯员 袁军）截至2023年底，全县实施帮扶项目102个。"
        "目前，全县已建成驿站12处。\n\n汶上县：抓实帮扶项目\n"
    )
    import_items(read(text))

    figures = {figure.quote: figure for figure in Figure.objects.all()}
    assert figures["102个"].as_of == DAY(2023, 12, 31)
    assert figures["12处"].as_of is None


def test_a_series_change_is_drawn_with_its_direction_escaped_unit_and_day_in_the_language():
    day = datetime.date(2025, 3, 31)
    falling = SimpleNamespace(
        latest=SimpleNamespace(amount=Decimal("97"), as_of=day),
        previous=SimpleNamespace(amount=Decimal("100"), as_of=None),
        change=Decimal("-3"),
        change_percent=Decimal("-3"),
        base_unit="<个>",
    )
    with translation.override("zh-hans"):
        html = str(series_change(falling))
    assert "100 → <strong>97</strong> &lt;个&gt;" in html
    assert '<span class="down">（−3，−3%）</span>' in html
    assert '<span class="as-of">截至 2025-03-31</span>' in html
    first = SimpleNamespace(
        latest=SimpleNamespace(amount=Decimal("1200"), as_of=None),
        previous=None,
        change=None,
        change_percent=None,
        base_unit="人",
    )
    with translation.override("en"):
        html = str(series_change(first))
    assert "→" not in html
    assert "<span class=" not in html.replace('<span class="as-of">', "")
    assert "<strong>1,200</strong> 人" in html
    assert '<span class="as-of">as of </span>' in html
