"""Extracting figures from a paragraph: units, qualifiers, ranges, counted nouns, numerals."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatives.reading import extract_figures

from .reading_helpers import only

# ---------------------------------------------------------------- units and amounts


@pytest.mark.parametrize(
    ("paragraph", "quote", "value", "unit", "amount", "base_unit"),
    [
        ("全县第一批论证通过的102个帮扶项目正在实施。", "102个", "102", "个", "102", "个"),
        ("统筹使用300万元帮扶资金建设厂房。", "300万元", "300", "万元", "3000000", "元"),
        ("全年投入1.5亿元用于改造。", "1.5亿元", "1.5", "亿元", "150000000", "元"),
        ("服务群众1.2万余人次。", "1.2万余人次", "1.2", "万人次", "12000", "人次"),
        ("累计为5万余名青少年讲述革命故事。", "5万余名", "5", "万名", "50000", "名"),
        ("开展志愿服务活动82场次。", "82场次", "82", "场次", "82", "场次"),
        ("出资人担任党支部书记占比40%。", "40%", "40", "%", "40", "%"),
        ("就业率提高3.5个百分点。", "3.5个百分点", "3.5", "个百分点", "3.5", "个百分点"),
        ("新修道路12.6公里。", "12.6公里", "12.6", "公里", "12.6", "公里"),
        ("流转土地2000亩。", "2000亩", "2000", "亩", "2000", "亩"),
        ("收储秸秆1,200吨。", "1,200吨", "1,200", "吨", "1200", "吨"),
        ("覆盖农户356户。", "356户", "356", "户", "356", "户"),
        ("成立志愿服务队8支。", "8支", "8", "支", "8", "支"),
        ("建成党建活动共享基地21处。", "21处", "21", "处", "21", "处"),
        ("开设班级课程7门。", "7门", "7", "门", "7", "门"),
        ("举办培训班13期。", "13期", "13", "期", "13", "期"),
        ("设立特色党小组6类。", "6类", "6", "类", "6", "类"),
        ("在6所老年大学开设课程。", "6所", "6", "所", "6", "所"),
        ("人均增收0.5万元。", "0.5万元", "0.5", "万元", "5000", "元"),
        ("累计投入3000多万元。", "3000多万元", "3000", "万元", "30000000", "元"),
        ("村集体增收20余万元。", "20余万元", "20", "万元", "200000", "元"),
        ("总投资两千多万元。", "两千多万元", "两千", "万元", "20000000", "元"),
        ("完成手术300例。", "300例", "300", "例", "300", "例"),
        ("办理业务1500笔。", "1500笔", "1500", "笔", "1500", "笔"),
        ("新增光伏装机12.5兆瓦。", "12.5兆瓦", "12.5", "兆瓦", "12.5", "兆瓦"),
        ("用工总量增长1.2倍。", "1.2倍", "1.2", "倍", "1.2", "倍"),
        ("累计投入 300 万元。", "300 万元", "300", "万元", "3000000", "元"),
        ("收到群众感谢信47封。", "47封", "47", "封", "47", "封"),
        ("调解矛盾纠纷230起。", "230起", "230", "起", "230", "起"),
        ("新建公厕12座。", "12座", "12", "座", "12", "座"),
        ("购置收割机160台。", "160台", "160", "台", "160", "台"),
        ("配备救护车8辆。", "8辆", "8", "辆", "8", "辆"),
        ("改造危房35间。", "35间", "35", "间", "35", "间"),
        ("建成安置楼6栋。", "6栋", "6", "栋", "6", "栋"),
        ("分配保障房120套。", "120套", "120", "套", "120", "套"),
        ("新增床位40张。", "40张", "40", "张", "40", "张"),
        ("发放宣传册3000册。", "3000册", "3000", "册", "3000", "册"),
        ("捐赠图书5000本。", "5000本", "5000", "本", "5000", "本"),
        ("刊发稿件86篇。", "86篇", "86", "篇", "86", "篇"),
        ("收集意见建议210条。", "210条", "210", "条", "210", "条"),
        ("分3批组织培训。", "3批", "3", "批", "3", "批"),
        ("栽植苗木1.2万棵。", "1.2万棵", "1.2", "万棵", "12000", "棵"),
        ("补植树苗800株。", "800株", "800", "株", "800", "株"),
        ("存栏肉牛2000头。", "2000头", "2000", "头", "2000", "头"),
        ("发放鸡苗5000只。", "5000只", "5000", "只", "5000", "只"),
        ("装运集装箱18箱。", "18箱", "18", "箱", "18", "箱"),
        ("改造广场3200平方米。", "3200平方米", "3200", "平方米", "3200", "平方米"),
        ("修建道路8.5千米。", "8.5千米", "8.5", "千米", "8.5", "千米"),
        ("造林260公顷。", "260公顷", "260", "公顷", "260", "公顷"),
        ("种植小麦1.2万亩。", "1.2万亩", "1.2", "万亩", "12000", "亩"),
        ("光伏装机500千瓦。", "500千瓦", "500", "千瓦", "500", "千瓦"),
        ("收储粮食3.6万吨。", "3.6万吨", "3.6", "万吨", "36000", "吨"),
        ("收购大蒜200万斤。", "200万斤", "200", "万斤", "2000000", "斤"),
        ("发放大米500公斤。", "500公斤", "500", "公斤", "500", "公斤"),
        ("志愿服务时长1.5万小时。", "1.5万小时", "1.5", "万小时", "15000", "小时"),
        ("办结时限压缩至3天。", "3天", "3", "天", "3", "天"),
        ("培训周期为6个月。", "6个月", "6", "个月", "6", "个月"),
        ("发放纪念章300枚。", "300枚", "300", "枚", "300", "枚"),
    ],
)
def test_units_and_amounts(paragraph, quote, value, unit, amount, base_unit):
    found = only(paragraph)
    assert (found.quote, found.value, found.unit, found.base_unit) == (
        quote,
        value,
        unit,
        base_unit,
    )
    assert found.amount == Decimal(amount)
    assert "E" not in str(found.amount)


def test_full_width_digits_are_read_but_spans_index_the_original():
    paragraph = "全县建成１２０个站点，服务群众３．５万人次，增长１５％。"
    found = extract_figures(paragraph)
    assert [f.quote for f in found] == ["１２０个", "３．５万人次", "１５％"]
    assert [f.amount for f in found] == [120, 35000, 15]
    assert [f.value for f in found] == ["120", "3.5", "15"]
    assert all(paragraph[f.start : f.end] == f.quote for f in found)


# ---------------------------------------------------------------- qualifiers and ranges


@pytest.mark.parametrize(
    ("paragraph", "quote", "qualifier"),
    [
        ("共有120余名离退休干部走上讲台。", "120余名", "approximate"),
        ("开展活动20多场。", "20多场", "approximate"),
        ("参与群众约300人。", "约300人", "approximate"),
        ("惠及群众近万名。", "近万名", "approximate"),
        ("培训骨干500人左右。", "500人左右", "approximate"),
        ("每村每年可增加集体收入3万元以上。", "3万元以上", "at_least"),
        ("吸引游客超过2000人次。", "超过2000人次", "at_least"),
        ("带动就业逾600人。", "逾600人", "at_least"),
        ("每年开展活动不少于4次。", "不少于4次", "at_least"),
        ("单个项目投资50万元以下。", "50万元以下", "at_most"),
        ("办结时间不超过3天。", "不超过3天", "at_most"),
        ("每个镇街至少有1家二级医院。", "至少有1家", "at_least"),
        ("每人最多5次。", "最多5次", "at_most"),
        ("全县有专业教师60名。", "60名", "exact"),
        ("开展活动达50次。", "50次", "exact"),
    ],
)
def test_qualifiers(paragraph, quote, qualifier):
    found = only(paragraph)
    assert (found.quote, found.qualifier, found.amount_max) == (quote, qualifier, None)


@pytest.mark.parametrize(
    ("paragraph", "quote", "value", "unit", "low", "high"),
    [
        ("每个社区结对2至5个党组织。", "2至5个", "2至5", "个", "2", "5"),
        ("每组2-5人。", "2-5人", "2-5", "人", "2", "5"),
        ("每户补贴2~5万元。", "2~5万元", "2~5", "万元", "20000", "50000"),
        ("每户补贴2万至5万元。", "2万至5万元", "2万至5", "万元", "20000", "50000"),
    ],
)
def test_ranges(paragraph, quote, value, unit, low, high):
    found = only(paragraph)
    assert (found.quote, found.value, found.unit, found.qualifier) == (quote, value, unit, "range")
    assert (found.amount, found.amount_max) == (Decimal(low), Decimal(high))


# ---------------------------------------------------------------- what is counted


@pytest.mark.parametrize(
    ("paragraph", "counted"),
    [
        ("全县第一批论证通过的102个帮扶项目正在实施。", "帮扶项目"),
        ("重点围绕帮扶项目到15个乡镇（街道）进行调研。", "乡镇（街道）"),
        ("目前聘请专业教师60名，有100个教学班。", "专业教师"),
        ("全县累计培育专精特新企业61家，国家级企业5家。", "专精特新企业"),
        ("引进博士16名、硕士102名。", "博士"),
        ("涉及帮扶的6个“万村共富”村。", "“万村共富”村"),
        ("实施“民生微实事”316项。", "民生微实事"),
        ("组织“创二代”企业家2次走进非洲。", "“创二代”企业家"),
        ("带动46家中小企业同向发力。", "中小企业"),
        ("在全市16个镇街建成老年学校分校。", "镇街"),
        ("组织1200余名在职党员下沉到网格。", "在职党员"),
        # verbs and subjects before the noun are not what is counted
        ("物业服务满意度提升至92.5%。", "物业服务满意度"),
        ("该县投入专项资金1200万元。", "专项资金"),
        ("累计调解矛盾纠纷230余起。", "矛盾纠纷"),
        ("全县共吸纳志愿者1500余名。", "志愿者"),
        ("力争年底前物业服务覆盖率达到95%以上。", "物业服务覆盖率"),
        ("金乡县大蒜种植面积达到60万亩。", "大蒜种植面积"),
        ("该县还组织开展技能培训68期。", "技能培训"),
        ("占全镇小麦种植面积的56%。", "小麦种植面积"),
        ("带动2300余名群众就业增收。", "群众"),
        ("建成44个离退休干部党组织。", "离退休干部党组织"),
        ("总投资3.5亿元人民币。", "总投资"),
        ("村集体经济收入全部达到10万元以上。", "村集体经济收入"),
        ("90%以上的村实现集体收入增长。", "村"),
        ("全县60岁以上老年人达12.8万人。", "60岁以上老年人"),
        ("达成就业意向3000余人。", "就业意向"),
        ("人均可支配收入同比增长6.5%。", "人均可支配收入"),
        # a rate counts its measure, not the change or its comparison base
        ("城镇新增就业人数同比增长12.5%。", "城镇新增就业人数"),
        ("就业服务满意率较去年提高2.3个百分点。", "就业服务满意率"),
        ("粮食总产量比上年增长3.2%。", "粮食总产量"),
        ("实现农民人均收入增长8%。", "农民人均收入"),
        ("全镇蔬菜种植面积超过3万亩。", "蔬菜种植面积"),
        # what happened to the things counted is not part of them
        ("8家“技能人才驿站”揭牌运行。", "技能人才驿站"),
        ("12个村级卫生室投入使用。", "村级卫生室"),
        ("开发公益性岗位近千个。", "公益性岗位"),
        ("组织招聘活动136场。", "招聘活动"),
        ("培训学员约3000人次。", "学员"),
        ("明确4项共建任务。", "共建任务"),
        ("全县大蒜种植面积稳定在60万亩左右。", "大蒜种植面积"),
        ("市人民医院投资1.2亿元建设的智慧病房投入使用。", "投资"),
        ("实施提档升级工程，总投资4.6亿元。", "总投资"),
        ("56个行政村通上双车道，1200户群众出行更加便捷。", "行政村"),
        ("拟再招聘教师120到150名。", "教师"),
        ("新建、改扩建幼儿园8所。", "幼儿园"),
        ("到2026年，学前教育普惠率将达到92%以上。", "学前教育普惠率"),
        ("全市共有各级各类学校1200所。", "学校"),
        # an age or a code before or after the count belongs to the noun
        ("为全县3.2万名60周岁以上老人发放高龄津贴。", "60周岁以上老人"),
        ("投放X5型新能源公交车20辆。", "X5型新能源公交车"),
        ("全县4A级以上景区达到6家。", "4A级以上景区"),
        ("推出“一件事一次办”事项126项。", "“一件事一次办”事项"),
        ("带动周边3000多名群众吃上“旅游饭”。", "群众"),
        ("争取年内接待游客突破500万人次。", "游客"),
        # a bare verb or comparison names nothing
        ("截至2024年底全县累计建成1.2万处。", ""),
        ("比去年同期增加120人。", ""),
    ],
)
def test_counted_noun_before_or_after(paragraph, counted):
    assert extract_figures(paragraph)[0].counted == counted


def test_a_rate_keeps_how_it_moved_in_the_reason():
    found = only("城镇新增就业人数同比增长12.5%。")
    assert "同比增长" in found.reason
    assert found.counted == "城镇新增就业人数"


@pytest.mark.parametrize(
    ("paragraph", "counted"),
    [
        # a bare change is the rate of the figure before it, whatever its unit
        ("预计全年实现营业收入2.6亿元，同比增长15%。", ["营业收入", "营业收入"]),
        ("全县粮食总产达到9.8亿斤，较上年增加0.3亿斤。", ["粮食总产", "粮食总产"]),
        # a bare verb repeats the noun of an earlier figure with the same unit
        ("全年计划完成造林1.5万亩，截至目前已完成1.1万亩。", ["造林", "造林"]),
        ("计划建成示范村5个，第一季度已建成2个。", ["示范村", "示范村"]),
        # ... but never across a sentence
        ("营业收入2.6亿元。同比增长15%。", ["营业收入", ""]),
    ],
)
def test_elliptical_figures_share_the_counted_noun_before(paragraph, counted):
    found = extract_figures(paragraph)
    assert [f.counted for f in found] == counted
    assert all("承前省略" in f.reason for f in found[1:] if f.counted)


def test_occupied_land_is_not_a_share():
    # 占 before a noun is "accounts for" and is dropped (占全镇…的56%); 占地 is the land used.
    assert [f.counted for f in extract_figures("总投资2.5亿元，占地120亩。")] == ["总投资", "占地"]


def test_coordinated_figures_count_the_same():
    found = extract_figures("旅游收入同比分别增长16.5%和21.3%。")
    assert [f.quote for f in found] == ["16.5%", "21.3%"]
    assert found[0].counted == found[1].counted != "%和"


def test_counted_is_short():
    paragraph = "组织" + "很长很长的名字" * 10 + "36个。"
    assert all(len(f.counted) <= 20 for f in extract_figures(paragraph))


# ---------------------------------------------------------------- Chinese numerals


@pytest.mark.parametrize(
    ("paragraph", "quote", "value", "amount", "qualifier"),
    [
        ("组织两千余名党员参与。", "两千余名", "两千", "2000", "approximate"),
        ("惠及群众近万名。", "近万名", "万", "10000", "approximate"),
        ("建成十余个服务站。", "十余个", "十", "10", "approximate"),
        ("吸引上千人参加。", "上千人", "千", "1000", "at_least"),
        ("共有三百多名志愿者。", "三百多名", "三百", "300", "approximate"),
        ("组织百余名党员参与。", "百余名", "百", "100", "approximate"),
        ("吸引千余人观看。", "千余人", "千", "1000", "approximate"),
    ],
)
def test_chinese_numeral_quantities(paragraph, quote, value, amount, qualifier):
    found = only(paragraph)
    assert (found.quote, found.value, found.qualifier) == (quote, value, qualifier)
    assert found.amount == Decimal(amount)
    assert found.confidence < 0.9


# ---------------------------------------------------------------- properties


DIGITS = st.text(
    alphabet=list(
        "0123456789０１２３４５６７８９.．,，万亿余多个名人次%％至-~约近超第年月日一二两十百千"
    )
)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(),
        DIGITS,
        st.lists(
            st.sampled_from(
                [
                    "帮扶",
                    "项目",
                    "3",
                    "12.5",
                    "万",
                    "个",
                    "余",
                    "以上",
                    "“",
                    "”",
                    "（即",
                    "）",
                    "+",
                    "第",
                    "两千",
                ]
            )
        ).map("".join),
    )
)
def test_every_span_holds_its_quote(paragraph):
    for found in extract_figures(paragraph):
        assert paragraph[found.start : found.end] == found.quote
        assert 0 <= found.start < found.end <= len(paragraph)
        assert found.amount >= 0
        assert found.qualifier in ("exact", "approximate", "at_least", "at_most", "range")
        assert (found.amount_max is not None) == (found.qualifier == "range")
        assert 0 <= found.confidence <= 1
        assert len(found.counted) <= 20
