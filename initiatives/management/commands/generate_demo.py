import datetime
import random
import time
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from initiatives.models import (
    County,
    Figure,
    Indicator,
    Initiative,
    Paragraph,
    Report,
    Status,
    Theme,
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
    """A kind of figure the generator writes sentences about, and the indicator it links to."""

    indicator: str  # Slug.
    name: str
    base_unit: str
    theme: str  # Slug.
    sentence: str  # With {q} where the quantity goes.
    counted: str
    unit: str
    multiplier: int
    style: str  # "int", "dec" or "pct".


FACTS = [
    Fact(
        "aid-projects",
        "帮扶项目",
        "个",
        "rural-revitalisation",
        "论证通过{q}帮扶项目",
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
        "统筹使用{q}帮扶资金",
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
        "每村每年可增加集体收入{q}",
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
        "组织{q}离退休干部党员参与志愿服务",
        "离退休干部党员",
        "名",
        1,
        "int",
    ),
    Fact(
        "volunteers", "志愿者", "名", "public-services", "招募志愿者{q}", "志愿者", "名", 1, "int"
    ),
    Fact(
        "service-visits",
        "服务人次",
        "人次",
        "public-services",
        "累计服务群众{q}",
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
        "开展技能培训{q}",
        "技能培训",
        "场次",
        1,
        "int",
    ),
    Fact(
        "jobs", "带动就业", "人", "industry", "带动{q}群众就近就业", "就近就业群众", "人", 1, "int"
    ),
    Fact(
        "companies", "引进企业", "家", "industry", "吸引{q}企业入驻园区", "入驻企业", "家", 1, "int"
    ),
    Fact(
        "roads",
        "新建改建道路",
        "公里",
        "rural-revitalisation",
        "新建改建农村道路{q}",
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
        "排查化解矛盾纠纷{q}",
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
        "召开议事协商会{q}",
        "议事协商会",
        "次",
        1,
        "int",
    ),
]

LEADS = [
    ("加强调研论证，确保项目谋划“准”。", "调研论证"),
    ("加强督导协调，确保实施进度“快”。", "督导协调"),
    ("加强专业指导，确保建设质量“优”。", "专业指导"),
    ("加强审批程序，确保资金使用“严”。", "资金监管"),
    ("加强后续管护，确保帮扶成效“实”。", "后续管护"),
    ("坚持党建引领，凝聚基层治理合力。", "党建引领"),
    ("聚焦群众所需，织密民生服务网络。", "民生服务"),
    ("做强特色产业，拓宽群众增收渠道。", "特色产业"),
    ("深化志愿服务，打造“红色银发”品牌。", "志愿服务"),
    ("守牢生态底线，扮靓美丽乡村底色。", "生态环保"),
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
OPENERS = [
    ("今年以来，", "今年以来"),
    ("目前，", "目前"),
    ("截至目前，", "截至目前"),
    ("累计", "累计"),
    ("同时，", ""),
    ("其中，", ""),
]
HEADLINES = [
    "念好“五字诀”抓实帮扶项目建设",
    "“红色银发”助力基层治理",
    "党建引领激活乡村振兴新动能",
    "用心用情办好民生实事",
    "特色产业鼓起群众“钱袋子”",
    "网格化管理提升社会治理效能",
    "志愿服务温暖百姓心",
    "生态治理绘就美丽乡村新画卷",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许"
GIVEN = "军超伟芳娜敏静丽强磊洋艳勇杰娟涛明超秀霞平刚桂英华玉兰国庆建"

BATCH = 2000


class Command(BaseCommand):
    help = "Create a deterministic, published demo data set with about N figures."

    def add_arguments(self, parser):
        parser.add_argument("--figures", type=int, required=True, help="how many figures")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")

    def handle(self, *, figures, seed, **options):
        if figures < 1:
            raise CommandError("--figures must be at least 1.")
        prefix = f"demo-{seed}-"
        if Initiative.objects.filter(slug__startswith=prefix).exists():
            raise CommandError(
                f"Demo data for seed {seed} already exists; use another --seed or a fresh database."
            )
        started = time.monotonic()
        with transaction.atomic():
            counties, themes, indicators = self.reference_data()
            made = Generator(random.Random(seed), prefix, counties, themes, indicators).run(figures)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {made['reports']} reports, {made['paragraphs']} paragraphs, "
                f"{made['initiatives']} initiatives and {made['figures']} figures "
                f"in {time.monotonic() - started:.1f} s."
            )
        )

    def reference_data(self):
        """Return the counties, themes and indicators, creating those that are missing."""
        # The demo page's own rows first, under its primary keys, so that loading the
        # seed_page fixture later finds them in place instead of colliding with them.
        with open(settings.BASE_DIR / "fixtures" / "seed_page.json", encoding="utf-8") as fixture:
            for row in serializers.deserialize("json", fixture.read()):
                if isinstance(row.object, County | Theme | Indicator):
                    row.save()
        # Rows saved under explicit keys leave PostgreSQL's sequences behind; catch them up,
        # as loaddata does.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [County, Theme, Indicator]
            ):
                cursor.execute(statement)
        counties = []
        for position, (name, slug, kind) in enumerate(COUNTIES):
            county, _ = County.objects.get_or_create(
                slug=slug, defaults={"name": name, "kind": kind, "position": position}
            )
            counties.append(county)
        themes = {}
        for name, slug in THEMES:
            themes[slug], _ = Theme.objects.get_or_create(slug=slug, defaults={"name": name})
        indicators = {}
        for slug, name, unit, theme, *_ in FACTS:
            indicators[slug], _ = Indicator.objects.get_or_create(
                slug=slug, defaults={"name": name, "unit": unit, "theme": themes[theme]}
            )
        return counties, themes, indicators


class Generator:
    """Build reports whose paragraphs hold the figures' quotes at their recorded spans."""

    def __init__(self, rng, prefix, counties, themes, indicators):
        self.rng = rng
        self.prefix = prefix
        self.counties = counties
        self.themes = themes
        self.indicators = indicators
        self.made = dict.fromkeys(["reports", "paragraphs", "initiatives", "figures"], 0)

    def run(self, total):
        remaining = total
        pending = []  # (report, initiative, [(paragraph, [figure, ...]), ...])
        planned = 0
        while remaining > 0:
            story = self.story(self.made["reports"] + len(pending), remaining)
            remaining -= sum(len(figs) for _, figs in story[2])
            pending.append(story)
            planned += sum(len(figs) for _, figs in story[2])
            if planned >= BATCH:
                self.save(pending)
                pending, planned = [], 0
        if pending:
            self.save(pending)
        return self.made

    def story(self, number, remaining):
        """Return one unsaved report, its initiative and its paragraphs with their figures."""
        rng = self.rng
        county = self.counties[number % len(self.counties)]
        short = county.name.removesuffix("县").removesuffix("区").removesuffix("市")
        headline = rng.choice(HEADLINES)
        report = Report(
            county=county,
            publication="济宁日报",
            published_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=number % 700),
            page=f"第{rng.randint(2, 8)}版",
            dateline=f"本报{short}讯",
            correspondents=" ".join(self.name() for _ in range(rng.randint(1, 3))),
            headline=f"{county.name}{headline}",
            status=Status.PUBLISHED,
        )
        facts = rng.sample(FACTS, 6)
        theme = self.themes[facts[0][3]]
        initiative = Initiative(
            county=county,
            title=f"{county.name}{headline.replace('“', '').replace('”', '')}",
            slug=f"{self.prefix}{number:07d}",
            theme=theme,
            status=Status.PUBLISHED,
        )
        paragraphs = []
        for position in range(rng.randint(3, 6)):
            if remaining <= 0:
                break
            count = min(remaining, rng.randint(2, 6))
            paragraph, figures = self.paragraph(report, position, county, facts, count)
            paragraphs.append((paragraph, figures))
            remaining -= count
        initiative.summary = paragraphs[0][0].text[:120]
        return report, initiative, paragraphs

    def paragraph(self, report, position, county, facts, count):
        rng = self.rng
        lead, _ = rng.choice(LEADS)
        text = lead + rng.choice(FILLERS)
        figures = []
        for fact in rng.sample(facts, count):
            opener, period = rng.choice(OPENERS)
            expected = rng.random() < 0.15
            sentence_start = len(text) + len(opener) + (2 if expected else 0)
            template = fact.sentence
            value, amount, qualifier, amount_max = self.number(fact)
            # "300余万元", "102余个": the paper's way of writing an approximate count.
            marker = "余" if qualifier == Figure.Qualifier.APPROXIMATE else ""
            quote = f"{value}{marker}{fact.unit}"
            sentence = template.format(q=quote)
            start = sentence_start + template.index("{q}")
            text += opener + ("预计" if expected else "") + sentence + "。"
            figures.append(
                Figure(
                    start=start,
                    end=start + len(quote),
                    quote=quote,
                    value=value,
                    unit=fact.unit,
                    amount=amount,
                    amount_max=amount_max,
                    base_unit=fact.base_unit,
                    qualifier=qualifier,
                    counted=fact.counted,
                    kind=Figure.Kind.EXPECTED if expected else Figure.Kind.ACHIEVED,
                    period=period,
                    indicator=self.indicators[fact.indicator],
                    review=Figure.Review.CONFIRMED,
                    confidence=Decimal(rng.randint(70, 100)) / 100,
                )
            )
        text += rng.choice(FILLERS)
        return Paragraph(report=report, position=position, text=text), figures

    def number(self, fact):
        """Return the value as printed, its amount in base units, the qualifier and any maximum."""
        rng = self.rng
        multiplier, style = fact.multiplier, fact.style
        if style == "pct":
            value = f"{rng.randint(850, 999) / 10:.1f}"
        elif style == "dec":
            value = f"{rng.randint(11, 999) / 10:.1f}"
        else:
            value = str(rng.randint(2, 999) if multiplier == 1 else rng.randint(1, 500))
        amount = Decimal(value) * multiplier
        roll = rng.random()
        if style == "int" and roll < 0.1:
            return value, amount, Figure.Qualifier.APPROXIMATE, None
        return value, amount, Figure.Qualifier.EXACT, None

    def name(self):
        return self.rng.choice(SURNAMES) + "".join(
            self.rng.choice(GIVEN) for _ in range(self.rng.randint(1, 2))
        )

    def save(self, stories):
        """Insert a batch of stories, parents first, in a handful of queries."""
        reports = Report.objects.bulk_create([story[0] for story in stories], batch_size=BATCH)
        initiatives = Initiative.objects.bulk_create(
            [story[1] for story in stories], batch_size=BATCH
        )
        Initiative.reports.through.objects.bulk_create(
            [
                Initiative.reports.through(initiative=initiative, report=report)
                for report, initiative in zip(reports, initiatives, strict=True)
            ],
            batch_size=BATCH,
        )
        paragraphs, figures = [], []
        for _, initiative, story_paragraphs in stories:
            for paragraph, paragraph_figures in story_paragraphs:
                paragraphs.append(paragraph)
                for figure in paragraph_figures:
                    figure.initiative = initiative
                    figures.append((paragraph, figure))
        Paragraph.objects.bulk_create(paragraphs, batch_size=BATCH)
        for paragraph, figure in figures:
            figure.paragraph = paragraph
        Figure.objects.bulk_create([figure for _, figure in figures], batch_size=BATCH)
        self.made["reports"] += len(reports)
        self.made["initiatives"] += len(initiatives)
        self.made["paragraphs"] += len(paragraphs)
        self.made["figures"] += len(figures)
