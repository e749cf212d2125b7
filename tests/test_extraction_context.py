"""Extracting figures in context: traps, scheme definitions, achieved or expected, periods."""

import pytest

from initiatives.reading import extract_figures

from .reading_helpers import only, quotes

# ---------------------------------------------------------------- traps: not figures


@pytest.mark.parametrize(
    "paragraph",
    [
        # years and dates
        "荣获山东成人教育协会2024年“特别受百姓喜爱的终身学习品牌项目”。",
        "2023年以来，成功申报泰山产业领军人才。",
        "7月15日，全县召开推进会。",
        "1至5月份，上午9点，在3号楼101室召开。",
        "本报济宁6月12日讯 近日召开会议。",
        # ordinals
        "全县第一批论证通过的项目正在实施。",
        "综合排名位列全省第3位。",
        "综合考核位列全省前10名，排名第2。",
        "第3批名单已公布，第2期培训班开班。",
        # slogans and formulas
        "着力念好“准、快、优、严、实”“五字诀”。",
        "开展“十个一”活动。",
        "抓好“三个聚力”。",
        "采取“1+N”共建模式，构建“1+3”终身教育体系。",
        "建立“四个一”联系指导机制，提高两个覆盖质量。",
        "构筑“学乐为”三大课堂。",
        "推行“5个一”工作法。",
        # codes and phone numbers
        "建成5G基站，打造3A级景区。",
        "拨打热线0537-2345678咨询。",
        "拨打12345热线反映问题。",
        # characters that only look like numerals
        "激活老干部队伍活力，受百姓喜爱，打造品牌。",
        "涉及帮扶的“万村共富”村，千家万户受益。",
        "启发一批，一企一策，两企三新，三支队伍，一堂党课，三人行。",
        # ages and thresholds used as conditions
        "为60岁以上老人免费体检。",
        "年满60周岁的老人可申请。",
        # titles
        "出台《十条措施》，学习《2024年工作要点》。",
    ],
)
def test_traps_are_not_figures(paragraph):
    assert extract_figures(paragraph) == []


def test_a_count_before_a_grade_is_a_figure_but_a_slogan_is_not():
    assert quotes("新建1家二级医院、2家三甲医院。") == ["1家", "2家"]
    assert quotes("推行“5个一”工作法。") == []


def test_figures_next_to_traps_are_still_found():
    paragraph = "2023年以来，成功申报泰山产业领军人才1名，引进博士16名、硕士102名。"
    assert quotes(paragraph) == ["1名", "16名", "102名"]
    assert {f.period for f in extract_figures(paragraph)} == {"2023年以来"}


# ---------------------------------------------------------------- schemes, kind, period


def test_scheme_definitions_are_low_confidence():
    paragraph = "采取“1+N”（即1个社区党组织与2至5个离退休干部党组织）共建模式。"
    found = extract_figures(paragraph)
    assert [f.quote for f in found] == ["1个", "2至5个"]
    assert all(f.confidence < 0.5 and f.reason == "模式定义中的数字" for f in found)


def test_scheme_with_plus_is_low_confidence():
    found = only("每个网格组建“网格党支部书记+2名社区伙伴”的治理小队。")
    assert (found.quote, found.counted) == ("2名", "社区伙伴")
    assert found.confidence < 0.5


def test_figures_in_short_quoted_slogans_are_low_confidence():
    found = only("推行“3个100%”工作法。")
    assert found.quote == "100%"
    assert found.confidence < 0.5


def test_results_are_confident():
    found = only("截至目前，127支小分队积极联动辖区资源。")
    assert found.confidence >= 0.8
    assert found.reason


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("每村每年可增加集体收入3万元以上。", "expected"),
        ("下一步，该县计划再建20处。", "expected"),
        ("预计带动就业300人。", "expected"),
        ("力争年底前建成5个站点。", "expected"),
        ("该项目建成后将带动200户增收。", "expected"),
        ("今年，该市还将新建村级教学点30个。", "expected"),
        ("将26个机关单位划入5个联盟小组。", "achieved"),
        ("结合“帮扶计划制定月”活动，到15个乡镇调研。", "achieved"),
        ("今年以来开展活动50次。", "achieved"),
        ("拟投资800万元建设冷链仓储。", "expected"),
        ("目标是培育示范合作社20家。", "expected"),
        ("争取到2026年底建成50处。", "expected"),
        # 争取 with an object is what was obtained, and a plan written as a noun is no plan
        ("争取上级资金1200万元。", "achieved"),
        ("制定帮扶计划36份。", "achieved"),
        ("开展应急模拟演练30场，建成虚拟展厅2个。", "achieved"),
        ("入股农户每户每年可分红2000到5000元。", "expected"),
        ("该县完成年度计划的120%。", "achieved"),
    ],
)
def test_kind(paragraph, kind):
    assert {f.kind for f in extract_figures(paragraph)} == {kind}


@pytest.mark.parametrize(
    ("paragraph", "kinds"),
    [
        # a planning word governs the following clauses of its sentence
        (
            "计划每年开展培训不少于50期，培训学员约3000人次，人均增收2000元左右。",
            ["expected", "expected", "expected"],
        ),
        ("预计新增岗位200个，带动300户增收。", ["expected", "expected"]),
        # ... up to 。 or ；
        ("计划新建站点10处；今年以来建成8处。", ["expected", "achieved"]),
        ("计划新建站点10处。建成8处。", ["expected", "achieved"]),
        # ... and a clause reporting a result ends it
        (
            "计划新建站点10处，目前已建成6处，投入资金300万元。",
            ["expected", "achieved", "achieved"],
        ),
        ("力争年底前改造道路20公里，已完成12公里。", ["expected", "achieved"]),
        ("该县投资500万元，建成后将带动200户增收。", ["achieved", "expected"]),
        # a planning word inside quotes is a name
        ("结合“帮扶计划”活动，走访群众300人，发放物资500份。", ["achieved", "achieved"]),
    ],
)
def test_planning_word_scope(paragraph, kinds):
    assert [f.kind for f in extract_figures(paragraph)] == kinds


@pytest.mark.parametrize(
    ("paragraph", "period"),
    [
        ("今年以来，各小组联合开展主题党日15次。", "今年以来"),
        ("去年以来，共有120余名离退休干部走上讲台。", "去年以来"),
        ("累计举办各类传统文化惠民活动18场。", "累计"),
        ("截至目前，全县累计培育专精特新企业61家。", "截至目前"),
        ("近两年来，组织企业家2次走进非洲。", "近两年来"),
        ("2023年以来，引进博士16名。", "2023年以来"),
        ("1—5月份共组织宣讲活动260场。", "1—5月份"),
        ("前三季度新增就业1200人。", "前三季度"),
        ("围绕发展村集体经济，共过主题党日4次。", ""),
        ("2024年，志愿服务队开展活动420场次。", "2024年"),
        ("2024年全年接待游客5万人次。", "2024年全年"),
        ("截至2024年底，全省建成1.2万处。", "截至2024年底"),
        ("荣获2024年度先进集体称号的单位有3家。", ""),  # the year of an award, not of the count
        # a comparison base is not the period; a part of a named year is one period
        ("满意率较去年提高2.3个百分点。", ""),
        ("销售额比上年增长8%。", ""),
        ("今年上半年，新建服务站42处。", "今年上半年"),
        ("今年上半年，就业率较去年提高2.3个百分点。", "今年上半年"),
        ("2024年1-6月，接待游客8万人次。", "2024年1-6月"),
        ("预计年底前总数超过60处。", "年底前"),
        # a period word inside a quoted name is no period
        ("实施“每周一修”等20余项公益项目。", ""),
        ("“十四五”以来，全市累计培养全科医生260名。", "“十四五”以来"),
        # 累计 says less than the period before it
        ("今年以来，全县累计完成农村公路新改建126.8公里。", "今年以来"),
        # a plan is not counted up to now
        ("目前，二期工程已开工，计划修建乡村道路45公里。", ""),
        # a date runs up to the clause's verb
        ("截至目前已完成造林1.1万亩。", "截至目前"),
        ("第一季度已建成村级服务站2个。", "第一季度"),
        ("前10个月，全县新增就业3000人。", "前10个月"),
    ],
)
def test_period(paragraph, period):
    assert only(paragraph).period == period


def test_numbers_broken_across_lines_are_read_after_reflow():
    # read_page joins "60" and "余件"; the extractor sees one paragraph.
    assert quotes("解决邻里矛盾纠纷等问题60余件。") == ["60余件"]
