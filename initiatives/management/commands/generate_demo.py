"""Generate made-up initiatives followed over two years, for trying Digest at scale.

Each initiative is reported 2 to 8 times; every report restates the same few facts, so each
initiative forms series: running totals that grow (累计), amounts within a period (今年以来新增,
本月新增, 上半年, X月份), a rate, and now and then a correction. Every row is marked demo.
"""

import datetime
import math
import random
import time
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

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
BATCH = 20_000


class Command(BaseCommand):
    help = "Create N figures of made-up initiatives followed over two years, marked as demo data."

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

        def progress(made):
            self.stdout.write(
                f"  {made['figures']:,} of {figures:,} figures, {time.monotonic() - started:.0f} s"
            )

        with transaction.atomic():
            lock_tables()
            counties, themes, indicators = self.reference_data()
            tables = Tables()
            generator = Generator(random.Random(seed), prefix, counties, themes, indicators)
            made = generator.run(figures, tables, progress)
            reset_sequences()
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
        reset_sequences([County, Theme, Indicator])
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
        for fact in FACTS:
            indicators[fact.indicator], _ = Indicator.objects.get_or_create(
                slug=fact.indicator,
                defaults={
                    "name": fact.name,
                    "unit": fact.base_unit,
                    "theme": themes[fact.theme],
                },
            )
        return counties, themes, indicators


GENERATED = [Report, Initiative, Initiative.reports.through, Paragraph, Figure]


def lock_tables():
    """On PostgreSQL, keep other writers out of the tables whose keys are handed out here."""
    # Keys are counted up from the largest in use (Table), so a concurrent insert taking the
    # next value of a sequence would collide; readers are not held up.
    if connection.vendor == "postgresql":
        names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in GENERATED)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")


def reset_sequences(models=GENERATED):
    """Move PostgreSQL's sequences past rows inserted under explicit keys, as loaddata does."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


class Table:
    """Rows of one model, inserted in bulk under keys counted here: COPY on PostgreSQL."""

    # Model instances and bulk_create cost more than the rest of the generator together;
    # the values written here are plain dates, numbers and strings every backend takes as is.

    def __init__(self, model, columns, **constants):
        """Take the fields each row gives, in order, and the values every row shares."""
        fields = {field.attname: field for field in model._meta.concrete_fields}
        pk = model._meta.pk
        shared = [field for name, field in fields.items() if name not in columns and field != pk]
        now = timezone.now()
        for field in shared:
            stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            value = constants.get(field.attname, now if stamped else field.get_default())
            constants[field.attname] = field.get_db_prep_save(value, connection)
        self.table = model._meta.db_table
        self.columns = [pk.column, *(fields[name].column for name in columns)]
        self.columns += [field.column for field in shared]
        self.shared = tuple(constants[field.attname] for field in shared)
        self.next_pk = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.rows = []

    def add(self, *values):
        """Queue a row; return its primary key."""
        pk = self.next_pk
        self.next_pk += 1
        self.rows.append((pk, *values, *self.shared))
        return pk

    def write(self):
        """Insert the queued rows and forget them."""
        quote = connection.ops.quote_name
        table = quote(self.table)
        columns = ", ".join(quote(column) for column in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", self.rows)
        written = len(self.rows)
        self.rows = []
        return written


class Tables:
    """The five tables a generated initiative fills, written parents first."""

    def __init__(self):
        published = {"status": Status.PUBLISHED, "demo": True}
        self.reports = Table(
            Report,
            [
                "county_id",
                "published_on",
                "page",
                "dateline",
                "correspondents",
                "headline",
                "subheadline",
            ],
            publication=PUBLICATION,
            **published,
        )
        self.initiatives = Table(
            Initiative, ["county_id", "title", "slug", "summary", "theme_id"], **published
        )
        self.sources = Table(Initiative.reports.through, ["initiative_id", "report_id"])
        self.paragraphs = Table(Paragraph, ["report_id", "position", "text"])
        self.figures = Table(
            Figure,
            [
                "initiative_id",
                "paragraph_id",
                "start",
                "end",
                "quote",
                "value",
                "unit",
                "amount",
                "base_unit",
                "qualifier",
                "counted",
                "period",
                "as_of",
                "basis",
                "indicator_id",
                "confidence",
                "note",
            ],
            kind=Figure.Kind.ACHIEVED,
            review=Figure.Review.CONFIRMED,
        )

    def write(self):
        """Insert everything queued; return the number of rows of each kind."""
        return {
            "reports": self.reports.write(),
            "initiatives": self.initiatives.write(),
            "sources": self.sources.write(),
            "paragraphs": self.paragraphs.write(),
            "figures": self.figures.write(),
        }


def previous_month(day):
    """Return the first and last day of the month before day's."""
    end = day.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def month_name(end, day):
    """Return how a report of day names end's month: "5月", or "2024年12月" across a year."""
    return f"{end.month}月" if end.year == day.year else f"{end.year}年{end.month}月"


class Period(NamedTuple):
    """How a sentence dates its figure, and the days the figure covers."""

    words: str  # Written before the sentence.
    name: str  # Figure.period.
    start: datetime.date | None  # First day of an amount within a period; None for a total.
    as_of: datetime.date


def total_periods(day):
    """Return the ways a report of day dates a running total."""
    _, end = previous_month(day)
    month_end_name = f"截至{month_name(end, day)}底"
    return [
        Period(f"{month_end_name}，", month_end_name, None, end),
        Period("截至目前，", "截至目前", None, day),
        Period("", "累计", None, day),  # The sentence's own 累计 is the period.
    ]


def new_periods(day):
    """Return the ways a report of day dates an amount within a period."""
    year = day.replace(month=1, day=1)
    start, end = previous_month(day)
    periods = [Period(f"{month_name(end, day)}份，", f"{month_name(end, day)}份", start, end)]
    # "本月" or "今年以来" in the first days of a month or year would report next to nothing.
    if day.day >= MONTH_UNDER_WAY:
        periods.append(Period("本月", "本月", day.replace(day=1), day))
    if (day - year).days >= MONTH_UNDER_WAY:
        periods.append(Period("今年以来，", "今年以来", year, day))
    if day.month >= 7:
        periods.append(Period("上半年，", "上半年", year, day.replace(month=6, day=30)))
    return periods


def rate_period(day):
    return Period("目前，", "目前", None, day)


def correction_period(day):
    """Return the period of a running total restated lower than the paper printed it before."""
    return Period("经核实更正，截至目前，", "截至目前", None, day)


def printed(fact, number):
    """Return number as the paper prints it: tenths with one decimal for "dec" and "pct"."""
    return f"{number // 10}.{number % 10}" if fact.style in ("dec", "pct") else str(number)


class Tally:
    """The true running total behind a fact, known on each report's date; figures read it."""

    def __init__(self, origin, growth):
        self.days = [origin]
        self.values = [0.0]
        self.growth = growth

    def grow(self, day, rng):
        """Extend the total to day, growing unevenly."""
        days = (day - self.days[-1]).days
        self.values.append(self.values[-1] + self.growth * days * rng.uniform(0.5, 1.5))
        self.days.append(day)

    def restate(self, value):
        """Set the latest total lower: an earlier report overstated it."""
        self.values[-1] = value

    def at(self, day):
        """Return the total on day, along straight lines between the days it is known."""
        for index in range(len(self.days) - 1, 0, -1):
            first = self.days[index - 1]
            if first <= day:
                low, high = self.values[index - 1], self.values[index]
                share = (day - first).days / (self.days[index] - first).days
                return low + (high - low) * share
        return 0.0


class Track:
    """One series an initiative reports: a fact, counted as a running total, per period or as a rate."""

    def __init__(self, fact, basis, tally):
        self.fact = fact
        self.basis = basis
        self.tally = tally
        self.last_as_of = None
        self.last_value = None  # The latest printed number (tenths for "dec" and "pct").
        self.last_quote = ""


class Sentence(NamedTuple):
    """A sentence holding one figure, with what the figure records besides its text."""

    text: str
    quote_at: int  # Where the quote starts within text.
    quote: str
    value: str
    amount: Decimal
    qualifier: str
    track: Track
    period: Period
    note: str


class Generator:
    """Build initiatives reported over two years, whose paragraphs hold each quote at its span."""

    def __init__(self, rng, prefix, counties, themes, indicators):
        self.rng = rng
        self.prefix = prefix
        self.counties = counties
        self.themes = themes
        self.indicators = {slug: indicator.pk for slug, indicator in indicators.items()}
        self.made = dict.fromkeys(["reports", "paragraphs", "initiatives", "figures"], 0)

    def run(self, total, tables, progress):
        """Queue initiatives until total figures are made, writing every BATCH figures."""
        remaining, number, queued = total, 0, 0
        while remaining > 0:
            budget = self.budget(remaining)
            self.initiative(number, budget, tables)
            remaining -= budget
            queued += budget
            number += 1
            if queued >= BATCH or remaining == 0:
                self.count(tables.write())
                progress(self.made)
                queued = 0
        return self.made

    def count(self, written):
        for kind in self.made:
            self.made[kind] += written[kind]

    def budget(self, remaining):
        """Return how many figures the next initiative holds, leaving a usable rest or none."""
        low, high = FIGURES_PER_INITIATIVE
        budget = self.rng.randint(low, high)
        return remaining if remaining - budget < low else budget

    def initiative(self, number, budget, tables):
        """Queue one initiative, its reports over the two years, and their figures."""
        rng = self.rng
        county = self.counties[number % len(self.counties)]
        tracks, layout = self.plan(budget)
        lead = tracks[0].fact
        headline = rng.choice(HEADLINES[lead.theme])
        initiative = tables.initiatives.add(
            county.pk,
            f"{county.name}{headline.replace('“', '').replace('”', '')}",
            f"{self.prefix}{number:07d}",
            SUMMARY.format(county=county.name, fact=lead.name, reports=len(layout)),
            self.themes[lead.theme].pk,
        )
        tallies = list({id(track.tally): track.tally for track in tracks}.values())
        for index, (day, slots) in enumerate(zip(self.dates(len(layout)), layout, strict=True)):
            for tally in tallies:
                tally.grow(day, rng)
            report = self.report(county, headline, index, day, tables)
            tables.sources.add(initiative, report)
            sentences = [self.sentence(tracks[slot], day) for slot in slots]
            self.paragraphs(report, initiative, sentences, tables)

    def plan(self, budget):
        """Return the tracks an initiative follows and, per report, the tracks it reports."""
        rng = self.rng
        low, high = REPORTS_PER_INITIATIVE
        reports = max(rng.randint(low, high), math.ceil(budget / MAX_SERIES))
        reports = max(low, min(reports, budget))
        width = math.ceil(budget / reports)
        tracks = self.tracks(width)
        cells = [(report, slot) for report in range(reports) for slot in range(width)]
        extra = len(cells) - budget
        # Left out of some reports: never the lead total, unless it is all there is.
        optional = [cell for cell in cells if cell[1] > 0] or cells[::-1]
        dropped = set(rng.sample(optional, extra) if width > 1 else optional[:extra])
        layout = [
            [slot for slot in range(width) if (report, slot) not in dropped]
            for report in range(reports)
        ]
        return tracks, layout

    def tracks(self, width):
        """Return width tracks: a running total first, then other series."""
        rng = self.rng
        lead = rng.choice(TOTALS)
        lead_tally = self.tally()
        tracks = [Track(lead, Figure.Basis.CUMULATIVE, lead_tally)]
        others = rng.sample([fact for fact in FACTS if fact != lead], width - 1)
        if width > 1 and rng.random() < PRIMARY_NEW_SHARE:
            tracks.append(Track(lead, Figure.Basis.NEW, lead_tally))
            others.pop()
        for fact in others:
            if not fact.added:
                basis = Figure.Basis.UNSTATED
            elif rng.random() < OTHER_NEW_SHARE:
                basis = Figure.Basis.NEW
            else:
                basis = Figure.Basis.CUMULATIVE
            tracks.append(Track(fact, basis, self.tally()))
        return tracks

    def tally(self):
        origin = FIRST_DAY - datetime.timedelta(days=self.rng.randint(*HEAD_START_DAYS))
        return Tally(origin, self.rng.uniform(*DAILY_GROWTH))

    def dates(self, count):
        """Return count publication dates across the two years, MIN_GAP_DAYS apart or more."""
        span = (LAST_DAY - FIRST_DAY).days + 1
        step = span // count
        return [
            FIRST_DAY + datetime.timedelta(days=n * step + self.rng.randint(0, step - MIN_GAP_DAYS))
            for n in range(count)
        ]

    def report(self, county, headline, index, day, tables):
        """Queue a report of the initiative; the first one opens its story, later ones follow it."""
        rng = self.rng
        short = county.name.removesuffix("县").removesuffix("区").removesuffix("市")
        return tables.reports.add(
            county.pk,
            day,
            f"第{rng.randint(2, 8)}版",
            f"本报{short}讯",
            " ".join(self.name() for _ in range(rng.randint(1, 3))),
            f"{HEADLINE_MARK}{county.name}{headline}",
            FOLLOW_UP.format(ORDINALS[index]) if index else "",
        )

    def sentence(self, track, day):
        """Return the sentence reporting track's figure in a report of day."""
        fact = track.fact
        period, number, correction = self.reading(track, day)
        # "300余万元", "130余个": the paper's way of writing a count rounded down.
        approximate = not correction and self.rounds(fact, number)
        if approximate:
            number -= number % 10
        value = printed(fact, number)
        quote = f"{value}{'余' if approximate else ''}{fact.unit}"
        note = f"更正：此前报道为{track.last_quote}，经核实下调为{quote}。" if correction else ""
        template = fact.added if track.basis == Figure.Basis.NEW else fact.total
        before, after = template.split("{q}")
        before = period.words + before
        track.last_as_of, track.last_value, track.last_quote = period.as_of, number, quote
        return Sentence(
            text=f"{before}{quote}{after}。",
            quote_at=len(before),
            quote=quote,
            value=value,
            amount=Decimal(value) * fact.multiplier,
            qualifier=Figure.Qualifier.APPROXIMATE if approximate else Figure.Qualifier.EXACT,
            track=track,
            period=period,
            note=note,
        )

    def reading(self, track, day):
        """Return the period, the number in printed units (or tenths) and whether it corrects."""
        if track.basis == Figure.Basis.UNSTATED:
            return rate_period(day), self.rng.randint(*RATE_TENTHS), False
        if track.basis == Figure.Basis.NEW:
            period = self.period(track, new_periods(day))
            added = track.tally.at(period.as_of) - track.tally.at(period.start)
            return period, max(1, int(added)), False
        if self.corrects(track):
            drop = max(1, round(track.last_value * self.rng.uniform(*CORRECTION_DROP)))
            track.tally.restate(track.last_value - drop)
            return correction_period(day), track.last_value - drop, True
        period = self.period(track, total_periods(day))
        return period, max(1, int(track.tally.at(period.as_of))), False

    def rounds(self, fact, number):
        """Decide whether the paper gives this count rounded down to tens, as 130余个."""
        return (
            fact.style == "int"
            and number >= APPROXIMATE_FROM
            and self.rng.random() < APPROXIMATE_SHARE
        )

    def corrects(self, track):
        """Decide whether this report restates track's running total lower than the last."""
        return (
            track.last_value is not None
            and track.last_value >= CORRECTABLE_FROM
            and self.rng.random() < CORRECTION_SHARE
        )

    def period(self, track, periods):
        """Choose a period whose date comes after the track's last, so dates never repeat."""
        later = [p for p in periods if track.last_as_of is None or p.as_of > track.last_as_of]
        return self.rng.choice(later)

    def paragraphs(self, report, initiative, sentences, tables):
        """Queue a report's paragraphs, a few sentences each (one without any if none)."""
        rng = self.rng
        position = 0
        while sentences or position == 0:
            count = rng.randint(*SENTENCES_PER_PARAGRAPH)
            group, sentences = sentences[:count], sentences[count:]
            text = rng.choice(LEADS) + rng.choice(FILLERS)
            spans = []
            for sentence in group:
                spans.append((len(text) + sentence.quote_at, sentence))
                text += sentence.text
            text += rng.choice(FILLERS)
            paragraph = tables.paragraphs.add(report, position, text)
            for start, sentence in spans:
                self.figure(initiative, paragraph, start, sentence, tables)
            position += 1

    def figure(self, initiative, paragraph, start, sentence, tables):
        """Queue the figure a sentence reports, at its span in the paragraph."""
        fact, track = sentence.track.fact, sentence.track
        tables.figures.add(
            initiative,
            paragraph,
            start,
            start + len(sentence.quote),
            sentence.quote,
            sentence.value,
            fact.unit,
            sentence.amount,
            fact.base_unit,
            sentence.qualifier,
            fact.counted,
            sentence.period.name,
            sentence.period.as_of,
            track.basis,
            self.indicators[fact.indicator],
            self.rng.choice(CONFIDENCES),
            sentence.note,
        )

    def name(self):
        return self.rng.choice(SURNAMES) + "".join(
            self.rng.choice(GIVEN) for _ in range(self.rng.randint(1, 2))
        )
