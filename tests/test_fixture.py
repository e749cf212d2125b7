"""Integrity of the demo page in fixtures/seed_page.json (../shared/seed-page.txt, read by hand).

How the page was read, so the fixture can be checked against it:

- Paragraphs: the page's hard line breaks are joined. A blank line on this page often falls inside
  a sentence (typically before a line that opens with “), so a new paragraph starts only where a
  new topic sentence starts after a sentence-ending 。 or ”; 汶上县's second section starts
  without a blank line, and 梁山县's section headings (聚焦发力。) run on into their section.
- Dateline and correspondents are stored on the report; the first paragraph starts after the
  closing ）of "本报汶上讯（通讯员 袁军 孙超）". The photo credit "■通讯员 孟恒 摄" is not
  part of the caption.
- Headlines are printed after their body. A one-line title is kept as printed (汶上县：…). A
  stacked title (a county label over one or two title lines) is the label followed by the title
  lines, joined without a separator; a break between two parallel clauses becomes the space the
  page itself prints between such clauses in 汶上县's title: "鱼台县推进离退休干部党组织与社区党组织
  融合共建", "微山县“社区伙伴”共建幸福家园", "太白湖新区主题党日出彩 基层党建提质". No
  sub-headline is printed on this page, so none is stored.
- The photo of 济宁经开区 has no printed headline; its headline is the caption's first clause.
  No paper, date or page is printed, so publication, published_on and page are empty.
- Figures: every Arabic-numeral quantity with its unit, except the years (2024年, 2023年以来)
  and the numerals of the formulas 1+N and 1+3. The "1+N" scheme's 1个/2至5个 and the
  "网格党支部书记+2名社区伙伴" 2名 are kept with a note saying they define a model.
"""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from initiatives.importing import fingerprint, import_items, read
from initiatives.models import (
    County,
    Figure,
    Indicator,
    Initiative,
    Paragraph,
    Report,
    Status,
    Theme,
)
from initiatives.reading.page import Item
from tests.import_helpers import SEED_PAGE  # The project's copy of the page, in tests/data/.

# Counted by hand from the page, per dateline (the photo has none, so it goes by its county).
HAND_COUNT = {
    "本报汶上讯": 5,  # 15个 102个 300万元 6个 3万元以上
    "本报鱼台讯": 13,  # 44个 10个 5项 4项 1个 2至5个 6类 7门 5个 18场 238名 20余次 21处
    "本报邹城讯": 3,  # 60名 100个 33个
    "本报泗水讯": 6,  # 120余名 5万余名 560余名 12名 6位 16人
    "本报微山讯": 4,  # 2名 127支 1.2万余人次 20余项
    "本报济宁讯": 9,  # 26个 5个 15次 4次 290余人 316项 130余次 30余次 50次
    "本报金乡讯": 8,  # 26次 425名 300余次 60余件 82场次 8支 6所 13期
    "济宁经开区": 0,  # the photo caption
    "本报梁山讯": 15,  # 61家 5家 8家 40% 100% 7项 1家 2次 5家 2名 5家 46家 1名 16名 102名
}

# Digits on the page that are not reported quantities.
NOT_FIGURES = ["2024年", "2023年", "1+N", "1+3"]

ROWS = {
    County: 14,
    Theme: 7,
    Indicator: 4,
    Report: 9,
    Paragraph: 37,
    Initiative: 9,
    Figure: 63,
}


@pytest.fixture
def seed(db):
    call_command("loaddata", "seed_page", verbosity=0)


def key(report):
    return report.dateline or report.county.name


def test_fixture_holds_the_expected_rows(seed):
    assert {model: model.objects.count() for model in ROWS} == ROWS


def test_loading_twice_does_not_duplicate_rows(seed):
    call_command("loaddata", "seed_page", verbosity=0)
    assert {model: model.objects.count() for model in ROWS} == ROWS


def test_every_county_of_jining_is_present(seed):
    assert set(County.objects.values_list("name", flat=True)) == {
        "任城区",
        "兖州区",
        "曲阜市",
        "邹城市",
        "微山县",
        "鱼台县",
        "金乡县",
        "嘉祥县",
        "汶上县",
        "泗水县",
        "梁山县",
        "太白湖新区",
        "济宁高新区",
        "济宁经开区",
    }
    assert set(County.objects.values_list("prefecture", flat=True)) == {"济宁市"}
    zones = County.objects.filter(kind=County.Kind.ZONE).values_list("name", flat=True)
    assert set(zones) == {"太白湖新区", "济宁高新区", "济宁经开区"}


def test_nine_items_eight_reports_and_one_photo(seed):
    assert Report.objects.filter(kind=Report.Kind.REPORT).count() == 8
    photo = Report.objects.get(kind=Report.Kind.PHOTO)
    assert photo.county.name == "济宁经开区"
    assert photo.dateline == ""
    assert photo.correspondents == "孟恒"
    assert photo.paragraphs.count() == 1
    assert "■" not in photo.paragraphs.get().text


def test_every_report_has_county_headline_dateline_and_paragraphs(seed):
    for report in Report.objects.select_related("county"):
        assert report.county_id
        assert report.headline.strip()
        assert report.correspondent_list
        assert report.paragraphs.exists()
        assert report.status == Status.PUBLISHED
        if report.kind == Report.Kind.REPORT:
            assert re.fullmatch(r"本报\w{2}讯", report.dateline)


def test_nothing_unprinted_is_invented(seed):
    """The page names no paper, date or page."""
    assert not Report.objects.exclude(publication="").exists()
    assert not Report.objects.exclude(published_on=None).exists()
    assert not Report.objects.exclude(page="").exists()


def test_each_report_is_filed_under_the_place_it_is_about(seed):
    places = dict(Report.objects.values_list("dateline", "county__name"))
    assert places == {
        "本报汶上讯": "汶上县",
        "本报鱼台讯": "鱼台县",
        "本报邹城讯": "邹城市",
        "本报泗水讯": "泗水县",
        "本报微山讯": "微山县",
        "本报济宁讯": "太白湖新区",
        "本报金乡讯": "金乡县",
        "": "济宁经开区",
        "本报梁山讯": "梁山县",
    }


def test_headlines_as_printed(seed):
    headlines = dict(Report.objects.values_list("dateline", "headline"))
    assert headlines["本报汶上讯"] == "汶上县：抓实帮扶项目 助力乡村振兴"
    assert headlines["本报鱼台讯"] == "鱼台县推进离退休干部党组织与社区党组织融合共建"
    assert headlines["本报济宁讯"] == "太白湖新区主题党日出彩 基层党建提质"
    assert not Report.objects.exclude(subheadline="").exists()


def test_paragraphs_have_no_line_breaks_or_edge_whitespace(seed):
    for text in Paragraph.objects.values_list("text", flat=True):
        assert "\n" not in text
        assert "\r" not in text
        assert text == text.strip()
        assert "  " not in text


def test_first_paragraphs_start_after_the_dateline(seed):
    for report in Report.objects.all():
        first = report.paragraphs.get(position=0).text
        assert "本报" not in first[:6]
        assert "通讯员" not in first


def test_paragraph_positions_are_consecutive(seed):
    for report in Report.objects.all():
        positions = list(report.paragraphs.values_list("position", flat=True))
        assert positions == list(range(len(positions)))


@pytest.mark.skipif(not SEED_PAGE.exists(), reason=f"{SEED_PAGE} is not on this machine")
def test_paragraphs_are_verbatim_and_in_page_order(seed):
    """Each paragraph is a run of the page's text, in order, once whitespace is ignored."""
    page = re.sub(r"\s+", "", SEED_PAGE.read_text(encoding="utf-8"))
    cursor = 0
    for report in Report.objects.order_by("pk"):
        for text in report.paragraphs.values_list("text", flat=True):
            found = page.find(re.sub(r"\s+", "", text), cursor)
            assert found >= 0, text[:20]
            cursor = found + len(re.sub(r"\s+", "", text))


def test_every_quote_equals_its_paragraph_slice(seed):
    for figure in Figure.objects.select_related("paragraph"):
        assert figure.end - figure.start == len(figure.quote)
        assert figure.paragraph.text[figure.start : figure.end] == figure.quote
        assert figure.span_errors() == {}
        figure.full_clean()


def test_figure_count_per_report_matches_hand_count(seed):
    counts = {
        key(report): Figure.objects.filter(paragraph__report=report).count()
        for report in Report.objects.select_related("county")
    }
    assert counts == HAND_COUNT
    assert sum(HAND_COUNT.values()) == Figure.objects.count()


def test_every_figure_belongs_to_the_initiative_of_its_report(seed):
    for figure in Figure.objects.select_related("paragraph", "initiative"):
        assert figure.initiative.reports.filter(pk=figure.paragraph.report_id).exists()
        assert figure.review == Figure.Review.CONFIRMED


def test_every_digit_in_the_text_is_a_figure_or_an_agreed_exclusion(seed):
    """No Arabic-numeral quantity on the page was missed."""
    for paragraph in Paragraph.objects.prefetch_related("figures"):
        covered = set()
        for figure in paragraph.figures.all():
            covered.update(range(figure.start, figure.end))
        for word in NOT_FIGURES:
            for match in re.finditer(re.escape(word), paragraph.text):
                covered.update(range(match.start(), match.end()))
        missed = [i for i, ch in enumerate(paragraph.text) if ch.isdigit() and i not in covered]
        assert not missed, paragraph.text[missed[0] - 10 : missed[0] + 10] if missed else ""


def test_no_figure_is_a_year_or_a_slogan(seed):
    for quote in Figure.objects.values_list("quote", flat=True):
        assert "年" not in quote
        assert "+" not in quote
        assert quote not in {"1+N", "1+3", "十个一", "五字诀", "第一批", "四个一"}
        assert re.match(r"\d", quote), quote


def test_amounts_agree_with_the_numbers_as_written(seed):
    multipliers = {"万": 10_000, "亿": 100_000_000}
    for figure in Figure.objects.all():
        multiplier = 1
        if figure.unit != figure.base_unit:
            assert figure.unit[1:] == figure.base_unit
            multiplier = multipliers[figure.unit[0]]
        low, _, high = figure.value.partition("至")
        assert figure.amount == Decimal(low) * multiplier
        if figure.qualifier == Figure.Qualifier.RANGE:
            assert figure.amount_max == Decimal(high) * multiplier
        else:
            assert figure.amount_max is None


def test_qualifiers_follow_the_words_around_the_number(seed):
    for figure in Figure.objects.all():
        if "余" in figure.quote:
            assert figure.qualifier == Figure.Qualifier.APPROXIMATE
        elif figure.quote.endswith("以上"):
            assert figure.qualifier == Figure.Qualifier.AT_LEAST
        elif "至" in figure.quote:
            assert figure.qualifier == Figure.Qualifier.RANGE
        else:
            assert figure.qualifier == Figure.Qualifier.EXACT


def test_the_worked_examples_of_the_issue(seed):
    def get(quote, dateline):
        return Figure.objects.get(quote=quote, paragraph__report__dateline=dateline)

    projects = get("102个", "本报汶上讯")
    assert (projects.counted, projects.amount, projects.base_unit) == ("帮扶项目", 102, "个")
    funds = get("300万元", "本报汶上讯")
    assert (funds.amount, funds.base_unit, funds.unit) == (3_000_000, "元", "万元")
    income = get("3万元以上", "本报汶上讯")
    assert income.kind == Figure.Kind.EXPECTED
    assert (income.qualifier, income.amount) == (Figure.Qualifier.AT_LEAST, 30_000)
    served = get("1.2万余人次", "本报微山讯")
    assert (served.value, served.unit, served.amount) == ("1.2", "万人次", 12_000)
    assert served.period == "截至目前"
    scheme = get("2至5个", "本报鱼台讯")
    assert (scheme.amount, scheme.amount_max) == (2, 5)
    assert get("60余件", "本报金乡讯").qualifier == Figure.Qualifier.APPROXIMATE
    assert get("40%", "本报梁山讯").base_unit == "%"
    assert get("16名", "本报梁山讯").period == "2023年以来"


def test_indicators_link_like_with_like(seed):
    """A linked figure is in the indicator's unit, and each indicator spans two counties."""
    for indicator in Indicator.objects.all():
        figures = indicator.figures.select_related("initiative")
        assert {figure.base_unit for figure in figures} <= {indicator.unit}
        if indicator.slug != "funds-invested":  # the only sum of money on this page
            assert len({figure.initiative.county_id for figure in figures}) >= 2
    retired = Indicator.objects.get(slug="retired-cadres-taking-part")
    quotes = set(retired.figures.values_list("quote", flat=True))
    assert {"238名", "120余名", "560余名", "425名"} <= quotes


def test_scheme_definitions_are_marked_as_not_results(seed):
    """The 1+N scheme and the 网格三人行 team size define a model; they report no result."""
    marked = Figure.objects.filter(note="模式定义，不是成果数据")
    assert sorted(marked.values_list("paragraph__report__dateline", "quote")) == [
        ("本报微山讯", "2名"),
        ("本报鱼台讯", "1个"),
        ("本报鱼台讯", "2至5个"),
    ]


def test_fingerprints_are_the_importers_fingerprints_of_the_stored_text(seed):
    """The importer recognises the demo rows as the page it would import."""
    for report in Report.objects.all():
        item = Item(
            kind=report.kind,
            dateline=report.dateline,
            correspondents=report.correspondent_list,
            headline=report.headline,
            subheadline=report.subheadline,
            paragraphs=list(report.paragraphs.values_list("text", flat=True)),
            county=report.county.name,
        )
        assert report.fingerprint == fingerprint(item)


@pytest.mark.skipif(not SEED_PAGE.exists(), reason=f"{SEED_PAGE} is not on this machine")
def test_importing_the_seed_page_after_the_demo_data_creates_nothing(seed):
    result = import_items(read(SEED_PAGE.read_text(encoding="utf-8")))
    assert result.created == []
    assert len(result.existing) == 9
    assert {model: model.objects.count() for model in ROWS} == ROWS


def test_every_published_initiative_cites_only_published_reports(seed):
    assert Initiative.objects.public().count() == 9
    for initiative in Initiative.objects.filter(status=Status.PUBLISHED):
        assert not initiative.reports.exclude(status=Status.PUBLISHED).exists()
        assert initiative.theme_id
        assert initiative.reports.get().county_id == initiative.county_id
