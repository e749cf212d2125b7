"""The words, facts and proportions the demo generator writes its reports from."""

import datetime
from decimal import Decimal
from typing import NamedTuple

from initiatives.models import (
    County,
)

# Jining's counties, cities and districts, in the order the paper lists them.

COUNTIES = [
    ("任城区", "rencheng", County.Kind.DISTRICT),
    ("兖州区", "yanzhou", County.Kind.DISTRICT),
    ("曲阜市", "qufu", County.Kind.CITY),
    ("邹城市", "zoucheng", County.Kind.CITY),
    ("微山县", "weishan", County.Kind.COUNTY),
    ("鱼台县", "yutai", County.Kind.COUNTY),
    ("金乡县", "jinxiang", County.Kind.COUNTY),
    ("嘉祥县", "jiaxiang", County.Kind.COUNTY),
    ("汶上县", "wenshang", County.Kind.COUNTY),
    ("泗水县", "sishui", County.Kind.COUNTY),
    ("梁山县", "liangshan", County.Kind.COUNTY),
    ("太白湖新区", "taibaihu", County.Kind.ZONE),
    ("济宁高新区", "gaoxin", County.Kind.ZONE),
    ("济宁经开区", "jingkai", County.Kind.ZONE),
]

THEMES = [
    ("乡村振兴", "rural-revitalisation"),
    ("基层党建", "party-building"),
    ("民生服务", "public-services"),
    ("产业发展", "industry"),
    ("生态环保", "environment"),
    ("社会治理", "governance"),
]


class Fact(NamedTuple):
    """A measure an initiative reports again and again, and the indicator it links to."""

    indicator: str  # Slug.
    name: str
    base_unit: str
    theme: str  # Slug.
    total: str  # A running total (累计…), or a rate's level; {q} is where the quantity goes.
    added: str  # An amount within a period (新增…); empty for a rate, which is never added.
    counted: str
    unit: str
    multiplier: int
    style: str  # "int", "dec" (one decimal) or "pct".


FACTS = [
    Fact(
        "aid-projects",
        "帮扶项目",
        "个",
        "rural-revitalisation",
        "累计论证通过帮扶项目{q}",
        "新增论证通过帮扶项目{q}",
        "帮扶项目",
        "个",
        1,
        "int",
    ),
    Fact(
        "aid-funds",
        "帮扶资金",
        "元",
        "rural-revitalisation",
        "累计统筹使用帮扶资金{q}",
        "新增投入帮扶资金{q}",
        "帮扶资金",
        "万元",
        10000,
        "int",
    ),
    Fact(
        "collective-income",
        "村集体增收",
        "元",
        "rural-revitalisation",
        "累计增加村集体收入{q}",
        "新增村集体收入{q}",
        "村集体收入",
        "万元",
        10000,
        "int",
    ),
    Fact(
        "retired-members",
        "离退休干部党员",
        "名",
        "party-building",
        "累计组织{q}离退休干部党员参与志愿服务",
        "新增{q}离退休干部党员参与志愿服务",
        "离退休干部党员",
        "名",
        1,
        "int",
    ),
    Fact(
        "volunteers",
        "志愿者",
        "名",
        "public-services",
        "累计招募志愿者{q}",
        "新增招募志愿者{q}",
        "志愿者",
        "名",
        1,
        "int",
    ),
    Fact(
        "service-visits",
        "服务人次",
        "人次",
        "public-services",
        "累计服务群众{q}",
        "新增服务群众{q}",
        "服务群众",
        "万人次",
        10000,
        "dec",
    ),
    Fact(
        "training-sessions",
        "培训场次",
        "场次",
        "industry",
        "累计开展技能培训{q}",
        "新增开展技能培训{q}",
        "技能培训",
        "场次",
        1,
        "int",
    ),
    Fact(
        "jobs",
        "带动就业",
        "人",
        "industry",
        "累计带动{q}群众就近就业",
        "新增带动{q}群众就近就业",
        "就近就业群众",
        "人",
        1,
        "int",
    ),
    Fact(
        "companies",
        "引进企业",
        "家",
        "industry",
        "累计吸引{q}企业入驻园区",
        "新增{q}企业入驻园区",
        "入驻企业",
        "家",
        1,
        "int",
    ),
    Fact(
        "roads",
        "新建改建道路",
        "公里",
        "rural-revitalisation",
        "累计新建改建农村道路{q}",
        "新增新建改建农村道路{q}",
        "农村道路",
        "公里",
        1,
        "dec",
    ),
    Fact(
        "green-area",
        "新增绿化面积",
        "平方米",
        "environment",
        "累计新增绿化面积{q}",
        "新增绿化面积{q}",
        "绿化面积",
        "万平方米",
        10000,
        "dec",
    ),
    Fact(
        "disputes",
        "化解矛盾纠纷",
        "件",
        "governance",
        "累计排查化解矛盾纠纷{q}",
        "新增排查化解矛盾纠纷{q}",
        "矛盾纠纷",
        "件",
        1,
        "int",
    ),
    Fact(
        "satisfaction",
        "群众满意率",
        "%",
        "governance",
        "群众满意率达到{q}",
        "",
        "群众满意率",
        "%",
        1,
        "pct",
    ),
    Fact(
        "meetings",
        "议事协商",
        "次",
        "party-building",
        "累计召开议事协商会{q}",
        "新增召开议事协商会{q}",
        "议事协商会",
        "次",
        1,
        "int",
    ),
]
TOTALS = [fact for fact in FACTS if fact.added]  # Facts that can lead an initiative.

LEADS = [
    "加强调研论证，确保项目谋划“准”。",
    "加强督导协调，确保实施进度“快”。",
    "加强专业指导，确保建设质量“优”。",
    "加强审批程序，确保资金使用“严”。",
    "加强后续管护，确保帮扶成效“实”。",
    "坚持党建引领，凝聚基层治理合力。",
    "聚焦群众所需，织密民生服务网络。",
    "做强特色产业，拓宽群众增收渠道。",
    "深化志愿服务，打造“红色银发”品牌。",
    "守牢生态底线，扮靓美丽乡村底色。",
]
FILLERS = [
    "让帮扶干部充分了解村情民意、风土人情、产业发展等情况，做足调查研究的功课。",
    "实行挂图作战，倒排工期，跟踪督导，打通项目实施快车道。",
    "邀请相关专家现场指导、培训，严把项目建设质量关，确保施工不走样。",
    "按照“因地制宜、宜分则分、宜统则统”的工作思路，规范资金使用。",
    "建立长效管护机制，明确管护责任，推动项目持续发挥效益。",
    "通过座谈、走访、实地考察等形式，掌握第一手资料。",
    "积极与业务部门对接，多次召开项目推进协调会，大大提高了工作效率。",
]
# Headlines by theme, so a story's headline fits the figure it leads with.
HEADLINES = {
    "rural-revitalisation": ["念好“五字诀”抓实帮扶项目建设", "党建引领激活乡村振兴新动能"],
    "party-building": ["“红色银发”助力基层治理", "议事协商议出干群“同心圆”"],
    "public-services": ["用心用情办好民生实事", "志愿服务温暖百姓心"],
    "industry": ["特色产业鼓起群众“钱袋子”", "园区招商跑出“加速度”"],
    "environment": ["生态治理绘就美丽乡村新画卷", "添绿增色扮靓城乡"],
    "governance": ["网格化管理提升社会治理效能", "“枫桥经验”化解基层矛盾"],
}
# Later reports about an initiative: 跟踪报道之二, 之三, ...
FOLLOW_UP = "跟踪报道之{}"
ORDINALS = "一二三四五六七八九十"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许"
GIVEN = "军超伟芳娜敏静丽强磊洋艳勇杰娟涛明超秀霞平刚桂英华玉兰国庆建"

# Visitors must never take these for real reports: the paper's name and headline say so.
PUBLICATION = "演示数据（generate_demo 生成）"
HEADLINE_MARK = "【演示】"
SUMMARY = (
    "演示数据，不是真实报道：{county}{fact}等数据的{reports}篇跟踪报道，由 generate_demo 生成。"
)

# The two years the reports are spread over.
FIRST_DAY = datetime.date(2024, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)
REPORTS_PER_INITIATIVE = (2, 8)
FIGURES_PER_INITIATIVE = (6, 36)
# Facts an initiative follows, so also the most figures one of its reports holds.
MAX_SERIES = 6
# Reports on one initiative lie this far apart, so each "截至X月底" names a later month and no
# series has two points on one date.
MIN_GAP_DAYS = 45
# How long an initiative ran before the two years began: its totals start above zero.
HEAD_START_DAYS = (60, 720)
# Growth of a running total, in printed units (or tenths) per day.
DAILY_GROWTH = (0.05, 1.2)
SENTENCES_PER_PARAGRAPH = (1, 3)
MONTH_UNDER_WAY = 10  # Days into a month (or year) before 本月 (or 今年以来) is worth reporting.
APPROXIMATE_SHARE = 0.1  # "130余个": a count rounded down to tens,
APPROXIMATE_FROM = 20  # and only a count large enough to be rounded.
CORRECTION_SHARE = 0.03  # A running total restated lower than the report before.
CORRECTABLE_FROM = 10  # Smaller totals are never corrected: a drop would be most of them.
CORRECTION_DROP = (0.03, 0.12)  # Share of the earlier total a correction takes off.
RATE_TENTHS = (850, 999)  # A satisfaction rate, 85.0% to 99.9%.
PRIMARY_NEW_SHARE = 0.5  # The lead fact's new amounts beside its running total.
OTHER_NEW_SHARE = 0.3  # Another fact reported per period rather than as a running total.
CONFIDENCES = [Decimal(n) / 100 for n in range(70, 101)]

# Figures written per round of inserts: memory stays flat whatever --figures is.
