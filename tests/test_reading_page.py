"""Laying a page out: paragraphs re-flowed, headlines found and composed, furniture dropped."""

import pytest

from initiatives.reading import NoDatelineError, decode, read_page, to_json

from .reading_helpers import (
    BOXED_BYLINE,
    COUNTIES,
    E_PAPER,
    HEADLINE_BEFORE,
    HEADLINES_AFTER,
    ONE_LINE_PARAGRAPHS_HEADLINES_AFTER,
    WRAPPED_NO_BLANKS,
)


def test_no_dateline_raises_and_whole_reads_one_report():
    text = "全县今年新建5个站点，服务群众1200人次。\n\n站点由社区统一管理。"
    with pytest.raises(NoDatelineError, match="电头"):
        read_page(text)
    [item] = read_page(text, whole=True)
    assert item.kind == "report"
    assert item.paragraphs == ["全县今年新建5个站点，服务群众1200人次。", "站点由社区统一管理。"]
    assert [f.quote for f in item.figures] == ["5个", "1200人次"]


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


def test_gb18030_page_reads_like_utf8():
    data = HEADLINE_BEFORE.encode("gb18030")
    assert to_json(read_page(decode(data), COUNTIES)) == to_json(
        read_page(HEADLINE_BEFORE, COUNTIES)
    )


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


def test_to_json_decimal_strings_and_ranges():
    data = to_json(read_page("本报讯（记者 张三）人均增收0.5万元，每户补贴2至5万元。"))
    figures = data["reports"][0]["figures"]
    assert [(f["amount"], f["amount_max"], f["qualifier"]) for f in figures] == [
        ("5000", None, "exact"),
        ("20000", "50000", "range"),
    ]


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
