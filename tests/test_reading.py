"""Reading pasted newspaper pages: decoding, splitting into items, re-flowing paragraphs."""

import json
import os
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatives.reading import (
    MAX_PAGE_CHARS,
    NoDatelineError,
    ReadingError,
    decode,
    read_page,
    suggest_county,
    to_json,
)
from initiatives.reading.page import JUMP, PAPER, ROLES, despace
from initiatives.reading.text import check_text, clean_line, fold, is_furniture

ROOT = Path(__file__).resolve().parent.parent
# The page the demo fixture was read from: a copy in tests/data, else the shared original.
SEEDS = [ROOT / "tests" / "data" / "seed-page.txt", ROOT.parent / "shared" / "seed-page.txt"]
FIXTURE = ROOT / "fixtures" / "seed_page.json"
COUNTIES = ["任城区", "兖州区", "曲阜市", "邹城市", "微山县", "鱼台县", "金乡县", "嘉祥县",
            "汶上县", "泗水县", "梁山县", "太白湖新区", "济宁高新区", "济宁经开区"]  # fmt: skip


def seed_text():
    for seed in SEEDS:
        if seed.exists():
            return seed.read_text(encoding="utf-8")
    pytest.skip("the seed page is not available")


def load_fixture():
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    by_model = {}
    for obj in objects:
        by_model.setdefault(obj["model"], []).append(obj)
    return by_model


# ---------------------------------------------------------------- decoding


def test_decode_utf8_with_and_without_bom():
    text = "本报讯（记者 张三）全县新建5个站点。"
    assert decode(text.encode("utf-8")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_decode_gb18030():
    text = "本报讯（记者 张三）全县新建5个站点。"
    assert decode(text.encode("gb18030")) == text


def test_decode_utf16_with_byte_order_mark():
    text = "本报讯（记者 张三）全县新建5个站点。"
    assert decode(text.encode("utf-16")) == text


def test_decode_unifies_line_ends():
    assert decode("甲。\r\n乙。\r丙。".encode()) == "甲。\n乙。\n丙。"


@pytest.mark.parametrize("data", [b"", b"   \n\n", "　\n".encode()])
def test_decode_rejects_empty(data):
    with pytest.raises(ReadingError, match="空|没有"):
        decode(data)


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"PK\x03\x04\x14\x00\x00\x00", bytes(range(256))],
)
def test_decode_rejects_binary(data):
    with pytest.raises(ReadingError, match="二进制|编码"):
        decode(data)


def test_decode_and_read_reject_pages_over_the_limit():
    big = "本报讯（记者 张三）" + "全县新建站点。" * (MAX_PAGE_CHARS // 7 + 10)
    with pytest.raises(ReadingError, match=str(MAX_PAGE_CHARS)):
        decode(big.encode())
    with pytest.raises(ReadingError, match="过长"):
        read_page(big)


def test_no_dateline_raises_and_whole_reads_one_report():
    text = "全县今年新建5个站点，服务群众1200人次。\n\n站点由社区统一管理。"
    with pytest.raises(NoDatelineError, match="电头"):
        read_page(text)
    [item] = read_page(text, whole=True)
    assert item.kind == "report"
    assert item.paragraphs == ["全县今年新建5个站点，服务群众1200人次。", "站点由社区统一管理。"]
    assert [f.quote for f in item.figures] == ["5个", "1200人次"]


def test_empty_text_is_a_reading_error():
    with pytest.raises(ReadingError):
        read_page("  \n \n")


# ---------------------------------------------------------------- the seed page


def test_seed_page_items_match_the_hand_checked_fixture():
    """All nine items, with datelines, bylines, headlines, counties and paragraphs."""
    fixture = load_fixture()
    counties = {c["pk"]: c["fields"]["name"] for c in fixture["initiatives.county"]}
    reports = sorted(fixture["initiatives.report"], key=lambda r: r["pk"])
    paragraphs = {}
    for p in sorted(fixture["initiatives.paragraph"], key=lambda p: p["fields"]["position"]):
        paragraphs.setdefault(p["fields"]["report"], []).append(p["fields"]["text"])

    items = read_page(seed_text(), list(counties.values()))

    assert len(items) == len(reports) == 9
    for report, item in zip(reports, items, strict=True):
        expected = report["fields"]
        assert item.kind == expected["kind"]
        assert item.dateline == expected["dateline"]
        assert item.correspondents == expected["correspondents"].split()
        assert item.county == counties[expected["county"]]
        assert item.paragraphs == paragraphs[report["pk"]]
        # The photo has no printed headline; both readings take the caption's first clause.
        assert item.headline == expected["headline"]


def test_seed_page_figures_match_the_hand_checked_fixture():
    """At least 98% of the fixture's figures found; at most 5% of suggestions not in it."""
    fixture = load_fixture()
    counties = [c["fields"]["name"] for c in fixture["initiatives.county"]]
    texts = {p["pk"]: p["fields"]["text"] for p in fixture["initiatives.paragraph"]}
    expected = {
        (texts[f["fields"]["paragraph"]], f["fields"]["start"], f["fields"]["end"]): f["fields"]
        for f in fixture["initiatives.figure"]
    }
    suggested = {
        (item.paragraphs[f.paragraph], f.start, f.end): f
        for item in read_page(seed_text(), counties)
        for f in item.figures
    }

    right = [
        key
        for key, fields in expected.items()
        if key in suggested
        and suggested[key].quote == fields["quote"]
        and (suggested[key].value, suggested[key].unit, suggested[key].qualifier)
        == (fields["value"], fields["unit"], fields["qualifier"])
    ]
    unexpected = [key for key in suggested if key not in expected]
    assert len(right) >= 0.98 * len(expected)
    assert len(unexpected) <= 0.05 * len(suggested)
    # An achieved figure suggested as expected (or the reverse) would mislead staff.
    wrong_kind = [
        fields["quote"]
        for key, fields in expected.items()
        if key in suggested and suggested[key].kind != fields["kind"]
    ]
    assert wrong_kind == []


def test_seed_page_reflows_broken_sentences_and_figures():
    items = read_page(seed_text(), COUNTIES)
    wenshang = items[0]
    # "每村每年可增加\n\n集体收入3万元以上。" and "对论证通过的帮\n\n扶项目" are one paragraph.
    assert wenshang.paragraphs[1].endswith("每村每年可增加集体收入3万元以上。")
    assert wenshang.paragraphs[2].startswith(
        "加强督导协调，确保实施进度“快”。对论证通过的帮扶项目，"
    )
    jinxiang = items[6]
    assert "解决小区下水道改造、邻里矛盾纠纷等问题60余件" in jinxiang.paragraphs[2]
    assert all("\n" not in p for item in items for p in item.paragraphs)


def test_seed_page_photo_caption_and_credit():
    photo = read_page(seed_text(), COUNTIES)[7]
    assert photo.kind == "photo"
    assert photo.dateline == ""
    assert photo.correspondents == ["孟恒"]
    assert photo.county == "济宁经开区"
    assert photo.paragraphs[0].startswith("济宁经开区组织开展")
    assert not any("摄" in p[-3:] for p in photo.paragraphs)


def test_to_json_has_the_documented_shape():
    data = to_json(read_page(seed_text(), COUNTIES))
    first = data["reports"][0]
    assert first["county"] == "汶上县"
    assert first["dateline"] == "本报汶上讯"
    assert first["correspondents"] == ["袁军", "孙超"]
    assert first["kind"] == "report"
    figure = next(f for f in first["figures"] if f["quote"] == "102个")
    assert figure == figure | {
        "paragraph": 1,
        "value": "102",
        "unit": "个",
        "amount": "102",
        "base_unit": "个",
        "qualifier": "exact",
        "amount_max": None,
        "counted": "帮扶项目",
    }
    assert first["paragraphs"][1][figure["start"] : figure["end"]] == "102个"
    assert 0 <= figure["confidence"] <= 1
    money = next(f for f in first["figures"] if f["quote"] == "300万元")
    assert (money["amount"], money["base_unit"]) == ("3000000", "元")
    json.dumps(data, ensure_ascii=False)  # plain JSON types only


# ---------------------------------------------------------------- other papers' styles

HEADLINE_BEFORE = """\
2024年6月12日 星期三
第04版：县区新闻

嘉祥县：
新建３０处“幸福食堂”
——让老人吃上热乎饭

本报嘉祥６月１１日讯（记者 王强 通讯员 赵敏）今年以来，嘉祥县新建“幸福食堂”３０处，
累计服务老年人２．５万余人次，惠及全县１５个镇（街道）。
下一步，该县计划再建２０处。

责任编辑：李华

曲阜：老年大学开课
本报讯（记者 陈晨）近日，曲阜市老年大学新学期开课，
开设课程４０门，报名学员超过１２００人。

http://www.jnrb.com.cn 济宁日报数字报
"""

BOXED_BYLINE = """\
任城区开展“银龄助学”活动

□通讯员 周立 报道
近日，任城区组织120余名退休教师走进乡村学校，开展义务辅导60余场。

高新区：企业服务专员上门
□本报记者 吴迪 实习生 郑好 报道
今年以来，济宁高新区为企业解决难题300余个。
"""


def test_headline_before_body_with_full_width_digits_and_furniture():
    items = read_page(HEADLINE_BEFORE, COUNTIES)
    assert [i.dateline for i in items] == ["本报嘉祥６月１１日讯", "本报讯"]
    first, second = items
    assert first.correspondents == ["王强", "赵敏"]
    assert first.headline == "嘉祥县：新建３０处“幸福食堂”"
    assert first.subheadline == "让老人吃上热乎饭"
    assert first.county == "嘉祥县"
    assert first.paragraphs[0].startswith("今年以来，嘉祥县新建“幸福食堂”３０处，累计服务")
    quotes = {f.quote: f for f in first.figures}
    assert quotes["３０处"].amount == 30
    assert quotes["２．５万余人次"].amount == 25000
    assert quotes["２．５万余人次"].unit == "万人次"
    assert quotes["２．５万余人次"].qualifier == "approximate"
    assert quotes["２０处"].kind == "expected"
    assert second.headline == "曲阜：老年大学开课"
    assert second.county == "曲阜市"
    assert second.correspondents == ["陈晨"]
    assert not any("责任编辑" in p or "http" in p for i in items for p in i.paragraphs)


def test_boxed_bylines_start_reports():
    items = read_page(BOXED_BYLINE, COUNTIES)
    assert [(i.dateline, i.correspondents) for i in items] == [
        ("", ["周立"]),
        ("", ["吴迪", "郑好"]),
    ]
    assert [i.headline for i in items] == ["任城区开展“银龄助学”活动", "高新区：企业服务专员上门"]
    assert [i.county for i in items] == ["任城区", "济宁高新区"]
    assert [f.quote for f in items[0].figures] == ["120余名", "60余场"]


def test_ascii_parentheses_and_dateline_without_byline():
    text = "本报汶上讯(通讯员 袁军)全县建成5个站点。\n\n本报讯 近日，邹城新建8处驿站。"
    items = read_page(text, COUNTIES)
    assert [(i.dateline, i.correspondents, i.paragraphs) for i in items] == [
        ("本报汶上讯", ["袁军"], ["全县建成5个站点。"]),
        ("本报讯", [], ["近日，邹城新建8处驿站。"]),
    ]
    assert items[1].county == "邹城市"


def test_dateline_with_date_and_reporters_of_several_roles():
    text = "本报济宁6月12日讯（记者 张三 李四 通讯员 王五）太白湖新区建成3处书屋。"
    [item] = read_page(text, COUNTIES)
    assert item.dateline == "本报济宁6月12日讯"
    assert item.correspondents == ["张三", "李四", "王五"]
    assert item.county == "太白湖新区"


def test_photo_with_inline_credit():
    text = "本报讯（记者 张三）全县建成5个站点。\n\n图为志愿者在社区义诊。（通讯员 孟恒 摄）\n"
    items = read_page(text, COUNTIES)
    assert [i.kind for i in items] == ["report", "photo"]
    assert items[1].paragraphs == ["图为志愿者在社区义诊。"]
    assert items[1].correspondents == ["孟恒"]


def test_gb18030_page_reads_like_utf8():
    data = HEADLINE_BEFORE.encode("gb18030")
    assert to_json(read_page(decode(data), COUNTIES)) == to_json(
        read_page(HEADLINE_BEFORE, COUNTIES)
    )


# ---------------------------------------------------------------- counties


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


# ---------------------------------------------------------------- properties

PAGE_ALPHABET = st.sampled_from(
    list("本报讯记者通讯员（）()，。、：；！？“”　 \n0123456789０１２３４５６７８９")
    + list("个名人万亿余多以上至约近第年月日岁+-~％%.县区市□■摄报道")
    + list("汶上邹城社区党组织帮扶项目一二两三十百千")
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=PAGE_ALPHABET, max_size=400)))
def test_read_page_never_crashes(text):
    try:
        items = read_page(text, COUNTIES)
    except ReadingError:
        return
    for item in items:
        assert item.kind in ("report", "photo")
        assert all("\n" not in p for p in item.paragraphs)
        for found in item.figures:
            paragraph = item.paragraphs[found.paragraph]
            assert paragraph[found.start : found.end] == found.quote


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decode_never_crashes(data):
    try:
        text = decode(data)
    except ReadingError:
        return
    assert isinstance(text, str)


E_PAPER = """\
济宁日报
2024年06月12日 星期三
第03版：县区新闻
上一版 下一版

曲阜市“孔子学堂”进社区
——打通文化惠民“最后一公里”

本报曲阜6月11日讯（记者 王璐 通讯员 孔祥）“以前想听国学课得跑到城里，现在家门口就能听。”6月10日，70岁的居民张大爷说。

今年以来，曲阜市建成“孔子学堂”420余处，开展公益讲座1800场次，参与群众达15.6万人次，满意率达98.5%。
据了解，该市计划到2025年底培育讲师队伍1000人以上。

兖州区：千名党员进网格
本报讯（通讯员 刘洋）近日，兖州区组织1200余名在职党员下沉到全区386个网格，解决问题近千个。

（下转第2版）

责任编辑：王丽  美术编辑：张伟
济宁新闻网 www.jnnews.tv  版权所有
"""


def test_e_paper_copy_with_one_line_per_paragraph():
    items = read_page(E_PAPER, COUNTIES)
    assert [(i.headline, i.subheadline, i.county) for i in items] == [
        ("曲阜市“孔子学堂”进社区", "打通文化惠民“最后一公里”", "曲阜市"),
        ("兖州区：千名党员进网格", "", "兖州区"),
    ]
    first, second = items
    assert len(first.paragraphs) == 3
    assert first.paragraphs[0].startswith("“以前想听国学课")
    assert [f.quote for f in first.figures] == [
        "420余处",
        "1800场次",
        "15.6万人次",
        "98.5%",
        "1000人以上",
    ]
    assert first.figures[-1].kind == "expected"
    assert [(f.quote, f.counted) for f in second.figures] == [
        ("1200余名", "在职党员"),
        ("386个", "网格"),
        ("近千个", "问题"),
    ]
    assert not any("版" in p[-4:] or "编辑" in p for i in items for p in i.paragraphs)


HEADLINES_AFTER = """\
本报汶上讯（通讯员 袁军）汶上县今年新建
60
余处幸福食堂，服务老人3000余人次。
汶上县：幸福食堂暖民心

本报讯（记者 李明）嘉祥县组织开展“送戏下乡”活动，今年以来已演出120场，观众达5万余人。下一步，将再演出50场。

嘉祥：好戏送到家门口

图为志愿者为老人理发。
本报记者 张三 摄

2
"""


def test_headlines_after_bodies_and_a_lone_page_number():
    items = read_page(HEADLINES_AFTER, COUNTIES)
    assert [(i.kind, i.headline, i.county) for i in items] == [
        ("report", "汶上县：幸福食堂暖民心", "汶上县"),
        ("report", "嘉祥：好戏送到家门口", "嘉祥县"),
        ("photo", "图为志愿者为老人理发", ""),
    ]
    # "60" on its own line is the figure broken off "余处"; the final "2" is a page number.
    assert items[0].paragraphs == ["汶上县今年新建60余处幸福食堂，服务老人3000余人次。"]
    assert [f.quote for f in items[0].figures] == ["60余处", "3000余人次"]
    assert items[2].paragraphs == ["图为志愿者为老人理发。"]
    assert items[2].correspondents == ["张三"]
    assert [f.kind for f in items[1].figures] == ["achieved", "achieved", "expected"]


def test_plain_reporter_line_is_a_byline():
    text = "社区食堂开张\n本报记者 张三\n近日，任城区首个社区食堂开张，可容纳80人同时就餐。"
    [item] = read_page(text, COUNTIES)
    assert (item.headline, item.correspondents, item.county) == ("社区食堂开张", ["张三"], "任城区")


def test_to_json_decimal_strings_and_ranges():
    data = to_json(read_page("本报讯（记者 张三）人均增收0.5万元，每户补贴2至5万元。"))
    figures = data["reports"][0]["figures"]
    assert [(f["amount"], f["amount_max"], f["qualifier"]) for f in figures] == [
        ("5000", None, "exact"),
        ("20000", "50000", "range"),
    ]


@pytest.mark.parametrize(
    ("text", "dateline", "names", "paragraph"),
    [
        (
            "大众日报济宁讯（记者 张三）全县建成5个站点。",
            "大众日报济宁讯",
            ["张三"],
            "全县建成5个站点。",
        ),
        (
            "新华社北京6月12日电（记者 李四）全国建成5个站点。",
            "新华社北京6月12日电",
            ["李四"],
            "全国建成5个站点。",
        ),
        (
            "齐鲁晚报·齐鲁壹点讯 记者 王五 近日，全县建成5个站点。",
            "齐鲁晚报·齐鲁壹点讯",
            ["王五"],
            "近日，全县建成5个站点。",
        ),
        (
            "本报讯 记者 王五 通讯员 赵六 钱七 今年以来，全县建成5个站点。",
            "本报讯",
            ["王五", "赵六", "钱七"],
            "今年以来，全县建成5个站点。",
        ),
        (
            "人民日报北京6月12日电 （记者 李四）全国建成5个站点。",
            "人民日报北京6月12日电",
            ["李四"],
            "全国建成5个站点。",
        ),
        (
            "大众日报·大众新闻客户端济宁讯（记者 张三）全市建成5个站点。",
            "大众日报·大众新闻客户端济宁讯",
            ["张三"],
            "全市建成5个站点。",
        ),
        (
            "本报讯（见习记者 孙一 实习生 周二）全县建成5个站点。",
            "本报讯",
            ["孙一", "周二"],
            "全县建成5个站点。",
        ),
    ],
)
def test_datelines_of_other_papers(text, dateline, names, paragraph):
    [item] = read_page(text)
    assert (item.dateline, item.correspondents, item.paragraphs) == (dateline, names, [paragraph])


@pytest.mark.parametrize(
    "text",
    [
        "汇报通讯员工作情况，全县建成5个站点。",
        "本报记者近日走访了5个站点。",
        "据本报报道，全县建成5个站点。",
    ],
)
def test_sentences_that_merely_contain_dateline_words_are_not_datelines(text):
    with pytest.raises(NoDatelineError):
        read_page(text)


def test_text_before_the_first_dateline_is_kept_as_a_report():
    text = (
        "（上接第1版）社区还为老人提供了助餐服务，目前已服务2000余人次。\n\n"
        "汶上：文明实践进万家\n本报讯（记者 张三）汶上县建成新时代文明实践站120个。（下转第3版）\n"
    )
    continued, report = read_page(text, COUNTIES)
    assert continued.dateline == ""
    assert continued.paragraphs == ["社区还为老人提供了助餐服务，目前已服务2000余人次。"]
    assert report.headline == "汶上：文明实践进万家"
    assert report.paragraphs == ["汶上县建成新时代文明实践站120个。"]


def test_section_headings_inside_a_report_stay_in_it():
    text = (
        "本报讯（记者 张三）今年以来，梁山县多措并举推进工作。\n\n"
        "一、强化组织引领\n\n"
        "全县组建服务队30支。\n\n"
        "二、创新服务方式\n\n"
        "开展活动120场。\n\n"
        "梁山县：多措并举办实事\n"
    )
    [item] = read_page(text, COUNTIES)
    assert item.headline == "梁山县：多措并举办实事"
    assert item.paragraphs == [
        "今年以来，梁山县多措并举推进工作。",
        "一、强化组织引领",
        "全县组建服务队30支。",
        "二、创新服务方式",
        "开展活动120场。",
    ]


WRAPPED_NO_BLANKS = """\
邹城市：老年大学办到家门口
本报讯（通讯员 王芳）近年来，邹城市积极推进老年教育
向基层延伸，在全市16个镇街建成老年学校分校，开设
课程200余门，年培训学员1.5万人次。今年，该市还将
新建村级教学点30个，让更多老人在家门口享受优质教育。
梁山县：“红色物业”解民忧
本报讯（记者 李强）梁山县推行“红色物业”模式，组建
物业党支部45个，吸纳党员物业人员320名，解决群众
反映问题1100余件。
"""


def test_wrapped_page_without_blank_lines_headlines_before():
    items = read_page(WRAPPED_NO_BLANKS, COUNTIES)
    assert [(i.headline, i.county, len(i.paragraphs)) for i in items] == [
        ("邹城市：老年大学办到家门口", "邹城市", 1),
        ("梁山县：“红色物业”解民忧", "梁山县", 1),
    ]
    assert items[0].paragraphs[0].endswith("让更多老人在家门口享受优质教育。")
    assert [(f.quote, f.kind) for f in items[0].figures] == [
        ("16个", "achieved"),
        ("200余门", "achieved"),
        ("1.5万人次", "achieved"),
        ("30个", "expected"),
    ]
    assert [f.quote for f in items[1].figures] == ["45个", "320名", "1100余件"]


def test_exclaiming_headline():
    text = "银龄课堂开课啦！\n本报讯（记者 张三）近日，任城区老年大学新开课程12门。"
    [item] = read_page(text, COUNTIES)
    assert (item.headline, item.county) == ("银龄课堂开课啦！", "任城区")


ONE_LINE_PARAGRAPHS_HEADLINES_AFTER = """\
本报任城讯（通讯员 周密）今年以来，任城区聚焦“一老一小”，新建社区养老服务站18处，改造提升托育机构6家。
该区还组建“银龄志愿服务队”32支，累计开展志愿服务1100余次，服务群众2.6万人次。
任城区
“一老一小”服务暖人心

本报兖州讯（通讯员 孙莉 刘畅）兖州区深入开展“四进”活动，1—5月份共组织宣讲活动260场，覆盖群众3万余人，群众满意率达到99%以上。
兖州区：“四进”宣讲接地气
"""


def test_one_line_paragraphs_with_headlines_after():
    items = read_page(ONE_LINE_PARAGRAPHS_HEADLINES_AFTER, COUNTIES)
    assert [(i.dateline, i.headline, len(i.paragraphs)) for i in items] == [
        ("本报任城讯", "任城区“一老一小”服务暖人心", 2),
        ("本报兖州讯", "兖州区：“四进”宣讲接地气", 1),
    ]
    assert [(f.quote, f.qualifier, f.period) for f in items[1].figures] == [
        ("260场", "exact", "1—5月份"),
        ("3万余人", "approximate", "1—5月份"),
        ("99%以上", "at_least", "1—5月份"),
    ]


# ---------------------------------------------------------------- nothing is lost

PAGES = ROOT / "tests" / "data" / "pages"
# Role words and paper names are dropped from bylines on purpose: "大众日报记者 张三" -> 张三.
BYLINE_WORDS = re.compile(rf"{PAPER}?(?:{ROLES})|报道|報導|摄影|摄|文/图|图/文|[文图]/")


def letters(text):
    """Count the letters and digits of text, ignoring spaces and punctuation."""
    return Counter(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def lost(text, items):
    """Return the letters of the page found in no item, leaving out furniture and role words."""
    kept = []
    for raw in check_text(text).split("\n"):
        line = clean_line(JUMP.sub("", despace(raw.replace("\u3000", " "))))
        if not is_furniture(line) and not (fold(line).isdigit() and len(line) <= 4):
            kept.append(line)
    page = re.sub(r"\s", "", "".join(kept))
    # A name given twice (in a dateline and again in a credit) is listed once.
    for name in {name for item in items for name in item.correspondents}:
        page = page.replace(name, "")
    read = "".join(
        item.dateline + item.headline + item.subheadline + "".join(item.paragraphs)
        for item in items
    )
    roles = letters("".join(BYLINE_WORDS.findall(fold(page))))
    return letters(page) - letters(read) - roles


def page_texts():
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(PAGES.glob("*.txt"))}
    texts.update(
        {
            "HEADLINE_BEFORE": HEADLINE_BEFORE,
            "BOXED_BYLINE": BOXED_BYLINE,
            "E_PAPER": E_PAPER,
            "HEADLINES_AFTER": HEADLINES_AFTER,
            "WRAPPED_NO_BLANKS": WRAPPED_NO_BLANKS,
            "ONE_LINE_PARAGRAPHS_HEADLINES_AFTER": ONE_LINE_PARAGRAPHS_HEADLINES_AFTER,
        }
    )
    return texts


@pytest.mark.parametrize("name", ["seed", *page_texts()])
def test_no_text_is_lost(name):
    """Every letter of a page that is not furniture ends up in some item."""
    text = seed_text() if name == "seed" else page_texts()[name]
    assert lost(text, read_page(text, COUNTIES)) == Counter()


FURNITURE_LINES = ["济宁日报 2025年3月18日 星期二 第03版 县区新闻", "责任编辑：刘洋", "第05版", "3"]
HEADLINE_LINES = [
    "嘉祥县：“红色物业”让小区治理有温度",
    "曲阜市",
    "“儒韵银龄”志愿服务队服务群众超5万人次",
    "——让老人吃上热乎饭",
    "聚焦“一老一小”办实事",
    "让老人老有所依！",
]
START_LINES = [
    "本报嘉祥3月17日讯（记者 王晓明 通讯员 赵磊）",
    "本报讯",
    "本报讯 ",
    "新华社济南4月8日电（记者 孙一凡）",
    "■汶上县 ",
    "□通讯员 孔德华 报道",
    "本报记者 李娜",
    "通讯员 高峰",
    "□ 大众日报记者  张国强  报道",
    "图为志愿者为老人理发。（通讯员 孟凡 摄）",
    "■通讯员 孟恒 摄",
    "（记者 张涛 通讯员 李军）",
    "文/图 本报记者 张三",
    "记者　刘　洋　通讯员　陈晓燕",
    "▲金乡县：近日，金乡县发出首批出口大蒜18箱。（孟雪）",
]
BODY_LINES = [
    "今年以来，全县新建幸福食堂30处，服务老人3000余人次。",
    "截至2月底，全县已有86个小区成立党支部，",
    "覆盖居民3.6万户。",
    "下一步，该县计划再改造老旧小区15至20个。",
    "近日，任城区组织120余名退休教师走进乡村学校。（通讯员 周立）",
    "一、强化组织引领",
    "",
    "　　据了解，全县还将开设托管班40个。",
    "本 报 讯 （ 通 讯 员  赵 磊 ） 嘉 祥 县 建 成 站 点 ４ ６ 个 。",
    "县区简讯",
]


@settings(max_examples=int(os.environ.get("PAGE_EXAMPLES", 300)), deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(FURNITURE_LINES),
            st.sampled_from(HEADLINE_LINES),
            st.sampled_from(START_LINES),
            st.sampled_from(BODY_LINES),
        ),
        max_size=30,
    ),
    st.sampled_from(["\n", "\r\n"]),
)
def test_no_text_is_lost_on_composed_pages(lines, newline):
    """Whatever the order of headlines, datelines, bylines and paragraphs, nothing is lost."""
    text = newline.join(lines)
    try:
        items = read_page(text, COUNTIES)
    except ReadingError:
        items = read_page(text, COUNTIES, whole=True) if text.strip() else []
    if items:
        assert lost(text, items) == Counter()


# ---------------------------------------------------------------- pages of other papers


@pytest.mark.parametrize("expected", sorted(PAGES.glob("*.json")), ids=lambda path: path.stem)
def test_sample_pages_read_as_expected(expected):
    """Each sample page gives the hand-written items, bylines, counties and key figures."""
    spec = json.loads(expected.read_text(encoding="utf-8"))
    items = read_page(expected.with_suffix(".txt").read_text(encoding="utf-8"), COUNTIES)
    assert len(items) == len(spec["items"])
    for item, want in zip(items, spec["items"], strict=True):
        assert (item.kind, item.dateline, item.correspondents, item.county) == (
            want["kind"],
            want["dateline"],
            want["correspondents"],
            want["county"],
        )
        assert item.headline == want.get("headline", item.headline)
        assert want.get("headline_contains", "") in item.headline
        assert item.subheadline == want.get("subheadline", item.subheadline)
        assert len(item.paragraphs) == want["paragraphs"]
        found = {f.quote: f for f in item.figures}
        if spec.get("all_figures"):
            assert [f.quote for f in item.figures] == [f[0] for f in want["figures"]]
        # [quote, unit, qualifier, counted, period, kind]; the last three optional, null skips.
        for quote, unit, qualifier, *more in want["figures"]:
            assert (quote, found[quote].unit, found[quote].qualifier) == (quote, unit, qualifier)
            for name, value in zip(("counted", "period", "kind"), more, strict=False):
                if value is not None:
                    assert getattr(found[quote], name) == value, (quote, name)
        for trap in want.get("not_figures", []):
            assert not any(trap in f.quote for f in item.figures), trap


# ---------------------------------------------------------------- bylines beside datelines


def test_boxed_byline_over_a_dateline_starts_one_report_with_the_headline_before():
    text = (
        "本报讯（记者 张三）全县建成5个站点。\n\n"
        "曲阜市\n“儒韵银龄”志愿服务队服务群众超5万人次\n\n"
        "□通讯员 孔德华 报道\n本报讯 近年来，曲阜市组建志愿服务队12支。\n"
    )
    first, second = read_page(text, COUNTIES)
    assert first.paragraphs == ["全县建成5个站点。"]
    assert (second.dateline, second.correspondents) == ("本报讯", ["孔德华"])
    assert second.headline == "曲阜市“儒韵银龄”志愿服务队服务群众超5万人次"
    assert second.paragraphs == ["近年来，曲阜市组建志愿服务队12支。"]


@pytest.mark.parametrize(
    "byline",
    [
        "本报记者 李娜 通讯员 高峰",
        "本报记者 李娜\n通讯员 高峰",
        "□ 大众日报记者  李娜  通讯员  高峰  报道",
        "记者　李　娜　通讯员　高　峰",
    ],
)
def test_byline_lines_after_the_headline(byline):
    text = f"任城区：小网格撬动大治理\n{byline}\n本报讯 今年以来，任城区划分网格1286个。\n"
    [item] = read_page(text, COUNTIES)
    assert (item.headline, item.dateline, item.correspondents) == (
        "任城区：小网格撬动大治理",
        "本报讯",
        ["李娜", "高峰"],
    )


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("文/图 本报记者 张三", ["张三"]),
        ("文/本报记者 张三 图/通讯员 李四", ["张三", "李四"]),
        ("记者 张三 实习生 李四 文/图", ["张三", "李四"]),
        ("通讯员：张三", ["张三"]),
        ("本报全媒体记者 王五 通讯员 赵六", ["王五", "赵六"]),
        ("新华社记者 张三 李四", ["张三", "李四"]),
        ("齐鲁晚报·齐鲁壹点记者 王雪 通讯员 赵凯", ["王雪", "赵凯"]),
        ("（记者 张涛 通讯员 李军）", ["张涛", "李军"]),
        ("■ 融媒记者 欧阳明明", ["欧阳明明"]),
    ],
)
def test_byline_line_variants(line, names):
    [item] = read_page(f"社区食堂开张\n{line}\n近日，任城区首个社区食堂开张。", COUNTIES)
    assert (item.headline, item.correspondents) == ("社区食堂开张", names)


@pytest.mark.parametrize("line", ["通讯员队伍建设", "记者节里话初心"])
def test_headlines_with_role_words_are_not_bylines(line):
    [item] = read_page(f"{line}\n本报讯 近日，任城区首个社区食堂开张。", COUNTIES)
    assert (item.headline, item.correspondents) == (line, [])


def test_dateline_alone_then_byline_line():
    [item] = read_page("本报讯\n本报记者 张三\n近日，邹城市新建8处驿站。", COUNTIES)
    assert (item.dateline, item.correspondents, item.paragraphs) == (
        "本报讯",
        ["张三"],
        ["近日，邹城市新建8处驿站。"],
    )


def test_byline_printed_after_the_body_belongs_to_that_report():
    text = (
        "兖州：文明实践进万家\n本报讯 兖州区建成文明实践站120个。\n本报记者 张三\n\n"
        "邹城：驿站开到家门口\n本报讯 邹城市新建8处驿站。\n"
    )
    first, second = read_page(text, COUNTIES)
    assert (first.headline, first.correspondents) == ("兖州：文明实践进万家", ["张三"])
    assert (second.headline, second.correspondents) == ("邹城：驿站开到家门口", [])


def test_news_in_brief_items_start_with_a_marked_place():
    text = (
        "县区简讯\n\n"
        "■汶上县 近日，汶上县举办专题讲座，120余名老人参加。（通讯员 袁军）\n\n"
        "▲金乡县：5月16日，金乡县发出首批出口大蒜18箱。（孟雪 张丽）\n"
    )
    items = read_page(text, COUNTIES)
    assert [(i.dateline, i.correspondents, i.county) for i in items] == [
        ("汶上县", ["袁军"], "汶上县"),
        ("金乡县", ["孟雪", "张丽"], "金乡县"),
    ]
    # A missing headline is the first clause that says more than when.
    assert [i.headline for i in items] == ["汶上县举办专题讲座", "金乡县发出首批出口大蒜18箱"]
    assert items[1].paragraphs == ["5月16日，金乡县发出首批出口大蒜18箱。"]


def test_spaces_between_every_character_are_removed():
    text = "本 报 讯 （ 通 讯 员  赵 磊  孙 琳 ） 嘉 祥 县 建 成 站 点 ４ ６ 个 。"
    [item] = read_page(text, COUNTIES)
    assert item.correspondents == ["赵磊", "孙琳"]
    assert item.paragraphs == ["嘉祥县建成站点４６个。"]
    assert [f.quote for f in item.figures] == ["４６个"]


def test_indented_lines_start_paragraphs():
    text = (
        "本报讯　今年以来，全县开设课堂28个，\n惠及家庭3100余户。\n"
        "　　“孩子放学有地方去了。”家长说。\n"
        "　　据了解，全县还将开设托管班40个。\n"
    )
    [item] = read_page(text, COUNTIES)
    assert item.paragraphs == [
        "今年以来，全县开设课堂28个，惠及家庭3100余户。",
        "“孩子放学有地方去了。”家长说。",
        "据了解，全县还将开设托管班40个。",
    ]


def test_a_new_paragraph_after_a_blank_line_in_narrow_columns():
    text = (
        "本报讯 在越河街道，网格员\n每天走访群众30户以上，\n及时化解矛盾纠纷156起。\n\n"
        "下一步，任城区将新增网\n格服务站50座，力争群众\n满意度提升至95%以上。\n"
    )
    [item] = read_page(text, COUNTIES)
    assert len(item.paragraphs) == 2
    assert item.paragraphs[1].startswith("下一步，")


@pytest.mark.parametrize(
    "line",
    [
        "（责任编辑：张玲）",
        "县区简讯",
        "图片新闻",
        "今日汶上",
        "济宁日报 第05版",
        "来源：济宁日报 发布时间：2025-03-18 09:30",
        "【打印】【关闭】",
        "2025年10月15日 星期三" + " " * 35 + "第03版",  # an e-paper masthead padded apart
    ],
)
def test_furniture_lines_are_dropped(line):
    [item] = read_page(f"{line}\n本报讯 全县建成5个站点。\n{line}\n", COUNTIES)
    assert item.paragraphs == ["全县建成5个站点。"]
    assert item.headline == "全县建成5个站点"


def test_headline_run_ending_the_page_is_kept():
    items = read_page(
        "嘉祥：好戏送到家门口\n本报讯 全县演出120场。\n\n梁山：新风进万家\n", COUNTIES
    )
    assert [i.headline for i in items] == ["嘉祥：好戏送到家门口", "梁山：新风进万家"]
    assert items[1].paragraphs == []
