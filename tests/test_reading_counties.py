"""Suggesting a report's county from its headline, first sentence and dateline."""

import pytest

from initiatives.reading import suggest_county

from .reading_helpers import COUNTIES


@pytest.mark.parametrize(
    ("headline", "paragraph", "dateline", "county"),
    [
        ("汶上：抓实帮扶项目", "", "本报讯", "汶上县"),
        ("擦亮学习之家品牌", "近年来，邹城结合……", "本报讯", "邹城市"),
        ("主题党日出彩", "近年来，太白湖坚持……", "本报济宁讯", "太白湖新区"),
        ("志愿服务", "经开区组织开展……", "", "济宁经开区"),
        ("企业服务专员上门", "今年以来，全县……", "本报梁山讯", "梁山县"),
        ("一场活动", "今年以来，全市……", "本报讯", ""),
    ],
)
def test_suggest_county(headline, paragraph, dateline, county):
    assert suggest_county(headline, [paragraph], dateline, COUNTIES) == county


def test_county_from_headline_beats_dateline():
    """本报济宁讯 is the place of filing; the report is about 太白湖新区."""
    assert (
        suggest_county("太白湖新区主题党日出彩", ["近年来"], "本报济宁讯", COUNTIES) == "太白湖新区"
    )
