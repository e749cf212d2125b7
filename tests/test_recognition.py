"""Recognising a report's county from a gazetteer: namesakes, towns, short forms, the home region."""

from initiatives.reading import Area, Gazetteer, Place, read_page
from initiatives.reading.counties import suggest

SHANDONG, SICHUAN, GANSU = "370000", "510000", "620000"
JINING, ZAOZHUANG, LESHAN, TIANSHUI = "370800", "370400", "511100", "620500"
AREAS = [
    Area(SHANDONG, "山东省", "山东"),
    Area(SICHUAN, "四川省", "四川"),
    Area(GANSU, "甘肃省", "甘肃"),
    Area(JINING, "济宁市", "济宁"),
    Area(ZAOZHUANG, "枣庄市", "枣庄"),
    Area(LESHAN, "乐山市", "乐山"),
    Area(TIANSHUI, "天水市", "天水"),
]
PLACES = [
    Place("汶上县", "370830", "汶上", areas=(JINING, SHANDONG), prefecture="济宁市"),
    Place("嘉祥县", "370829", "嘉祥", areas=(JINING, SHANDONG), prefecture="济宁市"),
    Place("金乡县", "370828", "金乡", areas=(JINING, SHANDONG), prefecture="济宁市"),
    Place("市中区", "370402", "市中", areas=(ZAOZHUANG, SHANDONG), prefecture="枣庄市"),
    Place("市中区", "511102", "市中", areas=(LESHAN, SICHUAN), prefecture="乐山市"),
    Place("武山县", "620524", "武山", areas=(TIANSHUI, GANSU), prefecture="天水市"),
    Place("秦安县", "620522", "秦安", areas=(TIANSHUI, GANSU), prefecture="天水市"),
    Place("合水县", "621024", "合水", areas=("621000", GANSU), prefecture="庆阳市"),
    Place("长寿区", "500115", "长寿", areas=("500000",), prefecture=""),
    Place("范县", "410926", "范县", areas=("410900", "410000"), prefecture="濮阳市"),
    Place(
        "济宁高新区",
        "370871",
        "高新区",
        other_names=("济宁高新技术产业开发区",),
        areas=(JINING, SHANDONG),
        prefecture="济宁市",
        zone=True,
    ),
]
TOWNS = [("纸坊镇", 0), ("城关镇", 5), ("城关镇", 6), ("城关镇", 7), ("南旺镇", 0)]
VILLAGES = [("朝阳村", 1)]
COMMON = frozenset({"整合", "水泊", "示范", "黄金", "乡村"})
GAZETTEER = Gazetteer(PLACES, AREAS, TOWNS, VILLAGES, common_words=COMMON)


def county(headline, text="", dateline="本报讯", **options):
    return suggest(GAZETTEER, headline, [text], dateline, **options)


def test_a_county_name_in_the_headline_gives_its_code_reason_and_confidence():
    found = county("汶上县：抓实帮扶项目")
    assert (found.county, found.code) == ("汶上县", "370830")
    assert "标题" in found.reason
    assert "汶上县" in found.reason
    assert found.confidence >= 0.9


def test_same_named_districts_are_decided_by_the_paper_s_region():
    text = "近日，市中区组织志愿者走进社区。"
    assert county("社区志愿服务", text, home=ZAOZHUANG).code == "370402"
    assert county("社区志愿服务", text, home=LESHAN).code == "511102"
    # A province paper says which: the province decides too.
    assert county("社区志愿服务", text, home=SICHUAN).code == "511102"


def test_a_namesake_without_a_deciding_region_names_the_places_that_competed():
    found = county("社区志愿服务", "近日，市中区组织志愿者走进社区。")
    assert found.county == ""
    assert found.competitors == ("市中区（枣庄市）", "市中区（乐山市）")
    assert "市中区" in found.reason
    assert "无法确定" in found.reason


def test_the_prefecture_printed_before_a_name_decides_it():
    found = county("社区志愿服务", "近日，枣庄市市中区组织志愿者走进社区。")
    assert found.code == "370402"
    found = county("社区志愿服务", "近日，乐山市市中区组织志愿者走进社区。", home=ZAOZHUANG)
    assert found.code == "511102"


def test_a_report_naming_only_a_town_gets_the_town_s_county():
    found = county("小麦机收进度过半", "眼下，纸坊镇3万亩小麦进入收获期。")
    assert (found.county, found.code) == ("汶上县", "370830")
    assert "纸坊镇" in found.reason


def test_a_town_many_counties_have_is_decided_by_the_paper_s_region_or_its_county():
    text = "近日，城关镇首家社区食堂开业。"
    assert county("社区食堂开业", text).county == ""
    assert county("社区食堂开业", "近日，武山县城关镇首家社区食堂开业。").code == "620524"
    # Two 城关镇 in 天水: the paper's region does not decide between them.
    assert county("社区食堂开业", text, home=TIANSHUI).county == ""


def test_villages_are_known_around_the_paper_s_home():
    found = county("村里建起农家书屋", "朝阳村的农家书屋开放了。", home=JINING)
    assert found.county == "嘉祥县"


def test_short_forms_that_are_words_or_run_into_words_are_no_county():
    assert county("长寿之乡 健康生活", "近年来，长寿老人越来越多。").county == ""
    assert county("文旅融合", "该县整合水泊周边12个村发展民宿。").county == ""
    assert county("县里获评", "近日，该县入选全省示范县名单。").county == ""
    # Where a place is expected, a short form is read whatever else it means.
    assert county("长寿：康养产业兴旺", "近年来，全区康养产业发展迅速。").code == "500115"
    assert county("民宿火了", "近年来，合水县发展民宿120家。").code == "621024"


def test_a_short_form_naming_a_road_is_no_county():
    assert county("道路改造完工", "近日，汶上路改造工程完工。").county == ""


def test_a_zone_tail_needs_a_region_that_leaves_one_zone():
    text = "今年以来，高新区为企业解决难题300余个。"
    assert county("企业服务专员上门", text, home=JINING).code == "370871"
    assert county("企业服务专员上门", "济宁高新技术产业开发区为企业解决难题。").code == "370871"


def test_a_headline_about_a_prefecture_gives_no_county():
    found = county("济宁：长者食堂开到村头", "4月8日，在汶上县一处长者食堂，王大娘说。")
    assert found.county == ""
    assert "济宁" in found.reason


def test_a_county_named_once_in_passing_in_a_report_about_the_whole_prefecture_is_not_its_county():
    text = "“饭菜可口。”4月8日，在金乡县的食堂里，老人说。今年全市新建食堂312处。"
    assert county("长者食堂开到村头", text).county == ""


def test_a_county_paper_s_report_naming_no_place_is_about_its_county():
    found = county("防汛演练", "近日，全县组织开展防汛应急演练。", home="370830")
    assert (found.county, found.confidence) == ("汶上县", 0.5)


PAGE = """\
县区简讯

■汶上县 近日，汶上县举办专题讲座，120余名老人参加。（通讯员 袁军）

■城关镇 5月16日，全镇组织35名离退休干部参观学习。（通讯员 王青）
"""


def test_a_brief_naming_no_county_takes_the_brief_before_s_only_when_nothing_else_speaks():
    items = read_page(PAGE, GAZETTEER)
    assert [item.county for item in items] == ["汶上县", "汶上县"]
    assert "上一条简讯" in items[1].county_reason
    assert items[1].county_confidence < items[0].county_confidence


SAME_PAGE = """\
武山县：蔬菜喜获丰收
本报讯（记者 张三）今年以来，武山县蔬菜种植面积达到30万亩。

秦安县：蜜桃上市
本报讯（记者 李四）眼下，秦安县蜜桃陆续上市。

社区食堂开业
本报讯（记者 王五）近日，城关镇首家社区食堂开业。
"""


def test_the_page_s_other_reports_decide_what_the_paper_does_not():
    items = read_page(SAME_PAGE, GAZETTEER)
    # Both 城关镇 are in 天水, so the page's region narrows without deciding.
    assert [item.county for item in items] == ["武山县", "秦安县", ""]
    assert "城关镇" in items[2].county_reason


def test_names_alone_still_work_as_a_gazetteer():
    [item] = read_page("本报讯（记者 张三）汶上县建成5个站点。", ["汶上县", "嘉祥县"])
    assert (item.county, item.county_code) == ("汶上县", "")
