"""Figures as papers of other provinces print them (issue 14): what the seed page never showed."""

from decimal import Decimal

import pytest

from initiatives.reading import extract_figures

from .reading_helpers import only

# ---------------------------------------------------------------- small Chinese numerals


@pytest.mark.parametrize(
    ("paragraph", "quote", "amount", "amount_max", "qualifier", "counted"),
    [
        ("全镇两个村完成改造。", "两个", "2", None, "exact", "村"),
        ("实施村组道路硬化工程两批次。", "两批次", "2", None, "exact", "工程"),
        ("近千名群众参加活动。", "近千名", "1000", None, "approximate", "群众"),
        ("每户增收三四万元。", "三四万元", "30000", "40000", "range", "每户增收"),
        ("人均承包近两亩。", "近两亩", "2", None, "approximate", "人均承包"),
        ("村集体增收百余万元。", "百余万元", "1000000", None, "approximate", "村集体增收"),
        ("开展上百场宣讲。", "上百场", "100", None, "at_least", "宣讲"),
        ("十几名村民正忙着采摘。", "十几名", "10", None, "approximate", "村民"),
        ("一年纯收入十几万元。", "十几万元", "100000", None, "approximate", "一年纯收入"),
        ("年租金收入就有六七十万元。", "六七十万元", "600000", "700000", "range", "年租金收入"),
        ("他家今年养了三四百只梯田鸭。", "三四百只", "300", "400", "range", "梯田鸭"),
        ("镇里修建了两座跨江便民桥。", "两座", "2", None, "exact", "跨江便民桥"),
        ("我家有八亩茶园。", "八亩", "8", None, "exact", "茶园"),
        ("组织了两期食用菌高级研修班。", "两期", "2", None, "exact", "食用菌高级研修班"),
        ("全镇有三家卫生院。", "三家", "3", None, "exact", "卫生院"),
        ("就业率提高两个百分点。", "两个百分点", "2", None, "exact", "就业率"),
        ("村民年收入过万元。", "过万元", "10000", None, "at_least", "村民年收入"),
    ],
)
def test_small_chinese_numerals_and_approximations(
    paragraph, quote, amount, amount_max, qualifier, counted
):
    found = only(paragraph)
    assert (found.quote, found.qualifier, found.counted) == (quote, qualifier, counted)
    assert (found.amount, found.amount_max) == (
        Decimal(amount),
        Decimal(amount_max) if amount_max else None,
    )
    assert found.confidence < 0.9


@pytest.mark.parametrize(
    "paragraph",
    [
        # slogans and policies counted with small numerals
        "坚决做到“两个维护”，深刻领悟“两个确立”，增强“四个意识”、坚定“四个自信”。",
        "坚持两个毫不动摇，统筹两个大局，用好两个市场两种资源。",
        "全面落实中央八项规定精神，严格执行三项制度，推进三项工程。",
        "从四个方面推进工作，分三个阶段实施，抓好两个环节。",
        "组建三支队伍，用好两张清单，守住三条底线。",
        "推行五户联保、十户联防，坚持两条腿走路。",
        # phases, grades and ordinals written with 二, and 一 as "a"
        "二期工程已开工，三期项目正在规划，建成一座桥。",
        # place names that begin with a numeral and a unit
        "三台县、五台山、七台河市、九台区、八所镇、三元区的干部来到这里。",
        # twice, three days, vague numbers
        "他两次获评先进个人，这两天气温下降，三天后将迎来降雨，离家只有几百米。",
        "成千上万名群众前来观看，经过千辛万苦，通过万名党员进网格活动。",
    ],
)
def test_small_numerals_in_slogans_names_and_idioms_are_not_figures(paragraph):
    assert extract_figures(paragraph) == []


# ---------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("paragraph", "quote", "amount", "base_unit"),
    [
        ("全县种植规模达到1.2亿棒。", "1.2亿棒", "120000000", "棒"),
        ("中蜂养殖规模达到11万群。", "11万群", "110000", "群"),
        ("新建蓄水池48口。", "48口", "48", "口"),
        ("投放鱼苗50万尾。", "50万尾", "500000", "尾"),
        ("出栏肉鸡120万羽。", "120万羽", "1200000", "羽"),
        ("年产青稞酒3.6万千升。", "3.6万千升", "36000", "千升"),
        ("出口创汇2000余万美元。", "2000余万美元", "20000000", "美元"),
        ("开展防疫注射120万头次。", "120万头次", "1200000", "头次"),
        ("开发深加工产品80多种。", "80多种", "80", "种"),
        ("清运垃圾1.2万方。", "1.2万方", "12000", "方"),
        ("一年光卖鲜叶就有五万多块钱。", "五万多块钱", "50000", "元"),
        ("一斤能卖到八九毛钱。", "八九毛钱", "0.8", "元"),
    ],
)
def test_units_papers_use_elsewhere(paragraph, quote, amount, base_unit):
    found = only(paragraph)
    assert (found.quote, found.amount, found.base_unit) == (quote, Decimal(amount), base_unit)


@pytest.mark.parametrize(
    "paragraph",
    [
        "三口之家住进新房。",
        "带动种植户增收，成立3个种植合作社。",
        "从5方面入手，探索多种模式。",
        "农村长者食堂占比超过七成。",  # a share in tenths is left to staff
    ],
)
def test_words_that_begin_with_a_unit_are_not_units(paragraph):
    assert all(f.base_unit not in ("口", "种", "方", "成") for f in extract_figures(paragraph))


def test_a_range_may_repeat_its_unit():
    found = only("月均工资在2500元至3500元之间。")
    assert (found.quote, found.qualifier) == ("2500元至3500元", "range")
    assert (found.amount, found.amount_max) == (2500, 3500)
    assert found.counted == "月均工资"


def test_households_then_people_are_two_figures():
    found = extract_figures("累计识别纳入监测对象1036户3520人。")
    assert [(f.quote, f.counted) for f in found] == [("1036户", "监测对象"), ("3520人", "监测对象")]


# ---------------------------------------------------------------- a unit left implied


@pytest.mark.parametrize(
    ("paragraph", "quote", "amount", "base_unit", "counted"),
    [
        ("人均增收4000多，", "4000多", "4000", "元", "人均增收"),
        ("受益群众2.3万。", "2.3万", "23000", "人", "受益群众"),
        ("投入3.5亿建设美丽乡村", "3.5亿", "350000000", "元", "投入"),
        ("投入2.6亿 夯实黑土地保护基础", "2.6亿", "260000000", "元", "投入"),
        ("涉茶人口80多万，", "80多万", "800000", "人", "涉茶人口"),
        ("青稞酒产业总产值力争突破60亿。", "突破60亿", "6000000000", "元", "青稞酒产业总产值"),
        ("全县GDP达到320亿。", "320亿", "32000000000", "元", "GDP"),
    ],
)
def test_a_unit_the_sentence_implies(paragraph, quote, amount, base_unit, counted):
    found = only(paragraph)
    assert (found.quote, found.amount, found.base_unit, found.counted) == (
        quote,
        Decimal(amount),
        base_unit,
        counted,
    )
    assert "单位据上下文推断" in found.reason
    assert found.confidence < 0.9


@pytest.mark.parametrize(
    "paragraph",
    [
        "全县1.2万，",  # nothing says what is counted, so nothing says the unit
        "综合得分98.5，平均年龄50多，",
        "拨打12345热线，编号2024001。",
        "投资1000万以上的项目",  # a threshold, not a sum
        "入党已经40多年了，全县60多年来植树造林。",
    ],
)
def test_bare_numbers_without_a_measure_are_not_figures(paragraph):
    assert extract_figures(paragraph) == []


# ---------------------------------------------------------------- what is counted


@pytest.mark.parametrize(
    ("paragraph", "counted"),
    [
        # a count right after a verb counts the people or households themselves
        ("全镇帮扶1234户。", "户"),
        ("全镇帮扶1234户，惠及2.3万人，受益群众560户。", "受益群众"),
        ("帮扶茶农扩大种植规模，惠及2.3万人。", "人"),
        ("受益群众560户。", "受益群众"),
        ("该项目建成后将带动200户增收。", "户"),
        # a verb phrase is not the counted noun
        ("组织300余名党员干部认领群众“微心愿”1200余个。", "群众“微心愿”"),
        ("带动全县1.5万余户农户种植青稞。", "农户"),
        ("在331个行政村推行“积分制”管理。", "行政村"),
        ("带动脱贫户1.8万户增收。", "脱贫户"),
        ("年度目标新增就业1200人，已完成1350人，完成率112.5%。", "完成率"),
        ("选派两名干部驻村。", "干部"),
        # money spent on something counts the spending
        ("今年计划投资8亿元推进光伏电站提质增效。", "投资"),
        # a change from one amount to another counts the measure before 由 or 从
        ("全村人均纯收入由2013年的1668元增加到2.5万元。", "人均纯收入"),
        ("村集体经济收入从过去的零增长到去年的126万元。", "村集体经济收入"),
        # a comparison with its base before the figure
        ("订单收购价每斤高出市场价0.2元以上。", "订单收购价"),
        # the noun before 等, in 在 or before an adverb and its verb
        ("培训导游、民宿经营者等900多人。", "民宿经营者"),
        ("人均月收入在4000元以上。", "人均月收入"),
        ("全县绿橙种植面积将稳定在4万亩。", "绿橙种植面积"),
        ("推广“梨树模式”保护性耕作面积达到300万亩。", "“梨树模式”保护性耕作面积"),
        ("新修道路32条。", "道路"),
        ("打井12眼。", "井"),
    ],
)
def test_counted_noun_on_unseen_pages(paragraph, counted):
    assert extract_figures(paragraph)[-1].counted == counted


def test_a_change_counts_its_measure_for_both_amounts():
    found = extract_figures("全村人均纯收入由2013年的1668元增加到2.5万元。")
    assert [(f.quote, f.counted) for f in found] == [
        ("1668元", "人均纯收入"),
        ("2.5万元", "人均纯收入"),
    ]


def test_a_target_is_expected_and_its_result_achieved():
    found = extract_figures("年度目标新增就业1200人，已完成1350人，完成率112.5%。")
    assert [(f.quote, f.kind) for f in found] == [
        ("1200人", "expected"),
        ("1350人", "achieved"),
        ("112.5%", "achieved"),
    ]


@pytest.mark.parametrize(
    ("paragraph", "kinds"),
    [
        ("今年下达造林任务8.5万亩，截至4月底已完成造林5.3万亩。", ["expected", "achieved"]),
        ("全年目标任务完成率达到124%。", ["achieved"]),
        ("完成年度任务的124%。", ["achieved"]),
        ("年度目标是新增城镇就业1500人。", ["expected"]),
        # plans written with 规划 or 将在
        ("项目规划建设标准化厂房3万平方米。", ["expected"]),
        ("该镇将在年底前完成200户危房改造，目前已完成160户。", ["expected", "achieved"]),
        ("按照规划，全镇规划面积1000亩，已建成600亩。", ["achieved", "achieved"]),
    ],
)
def test_targets_and_tasks(paragraph, kinds):
    assert [f.kind for f in extract_figures(paragraph)] == kinds


@pytest.mark.parametrize(
    ("paragraph", "quote", "qualifier"),
    [
        ("综合产值突破40亿元。", "突破40亿元", "at_least"),
        ("肉牛产业产值突破百亿元。", "突破百亿元", "at_least"),
        ("服务群众接近3000人次。", "接近3000人次", "approximate"),
    ],
)
def test_qualifiers_papers_use_elsewhere(paragraph, quote, qualifier):
    found = only(paragraph)
    assert (found.quote, found.qualifier) == (quote, qualifier)
