"""Reading datelines, bylines and credits: where a report starts and who wrote it."""

import pytest

from initiatives.reading import NoDatelineError, read_page

from .reading_helpers import COUNTIES


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


def test_plain_reporter_line_is_a_byline():
    text = "社区食堂开张\n本报记者 张三\n近日，任城区首个社区食堂开张，可容纳80人同时就餐。"
    [item] = read_page(text, COUNTIES)
    assert (item.headline, item.correspondents, item.county) == ("社区食堂开张", ["张三"], "任城区")


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
