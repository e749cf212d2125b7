import datetime
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from initiatives.charts import bar_chart, format_number, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ElementTree.fromstring(str(svg))


def test_a_chart_is_an_accessible_image_with_a_title_and_description():
    svg = parse(
        bar_chart([("汶上县", 5)], title="各主题的数据条数", chart_id="c", description="说明")
    )
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c-title c-desc"
    assert svg.find(f"{SVG}title").get("id") == "c-title"
    assert svg.find(f"{SVG}title").text == "各主题的数据条数"
    assert svg.find(f"{SVG}desc").get("id") == "c-desc"


def test_bars_are_proportional_to_their_values_and_labelled():
    svg = parse(bar_chart([("鱼台县", 10), ("金乡县", 5), ("汶上县", 0)], title="t", chart_id="c"))
    widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert widths[2] == 0
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert texts == ["鱼台县", "10", "金乡县", "5", "汶上县", "0"]
    tooltips = [rect.find(f"{SVG}title").text for rect in svg.iter(f"{SVG}rect")]
    assert tooltips == ["鱼台县：10", "金乡县：5", "汶上县：0"]


def test_every_label_is_escaped():
    svg = bar_chart(
        [('<script>alert("x")</script>', 1)], title="<b>标题</b>", chart_id='x" onload="y'
    )
    assert "<script>" not in svg
    assert "<b>" not in svg
    assert 'onload="y' not in svg
    parse(svg)  # still well-formed XML


def test_long_labels_are_shortened_above_the_bar_but_kept_whole_in_the_tooltip():
    label = "济宁经济技术开发区管理委员会社会事业服务中心"
    svg = parse(bar_chart([(label, 3)], title="t", chart_id="c"))
    assert next(svg.iter(f"{SVG}text")).text == "济宁经济技术开发区管理委员会社…"
    assert next(svg.iter(f"{SVG}rect")).find(f"{SVG}title").text == f"{label}：3"


def test_an_empty_chart_is_still_valid():
    svg = parse(bar_chart([], title="无数据", chart_id="c"))
    assert list(svg.iter(f"{SVG}rect")) == []
    assert int(re.split(r"\s+", svg.get("viewBox"))[3]) > 0


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("3000000.0000"), "3,000,000"),
        (Decimal("1.2500"), "1.25"),
        (Decimal("12000"), "12,000"),
        (7, "7"),
        (0.5, "0.5"),
    ],
)
def test_numbers_are_shown_short_and_readable(value, text):
    assert format_number(value) == text


def test_a_time_chart_escapes_its_unit_title_and_id():
    points = [(datetime.date(2024, 1, 1), Decimal("3")), (datetime.date(2024, 6, 1), Decimal("5"))]
    svg = line_chart(points, title="<b>标题</b>", chart_id='x" onload="y', unit="<i>&人</i>")
    assert "<b>" not in svg
    assert "<i>" not in svg
    assert 'onload="y' not in svg
    tooltips = [dot.find(f"{SVG}title").text for dot in parse(svg).iter(f"{SVG}circle")]
    assert tooltips == ["2024-01-01：3<i>&人</i>", "2024-06-01：5<i>&人</i>"]
