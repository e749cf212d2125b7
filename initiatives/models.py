import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin
from simple_history.models import HistoricalRecords

from .querysets import (
    CorrectionQuerySet,
    CountyQuerySet,
    FigureQuerySet,
    IndicatorQuerySet,
    InitiativeQuerySet,
    RegionQuerySet,
    ReportQuerySet,
    Status,
)

__all__ = ["Status"]  # Defined with the query vocabulary; models and forms import it from here.

# A GB/T 2260 code: six digits, 370830 for 汶上县.
CODE_PATTERN = r"^[0-9]{6}$"


class Region(models.Model):
    """A province or a prefecture-level unit of the gazetteer, with its GB/T 2260 code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        PREFECTURE = "prefecture", _("地级")

    code = models.CharField(_("区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    level = models.CharField(_("层级"), max_length=10, choices=Level)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("所属省份"),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("省市")
        verbose_name_plural = _("省市")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=CODE_PATTERN), name="%(app_label)s_%(class)s_code_digits"
            ),
            models.CheckConstraint(
                condition=Q(level="province", parent__isnull=True)
                | Q(level="prefecture", parent__isnull=False),
                name="%(app_label)s_%(class)s_prefecture_in_province",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:region_detail", args=[self.code])

    def clean(self):
        errors = {}
        if self.code and not re.fullmatch(CODE_PATTERN, self.code):
            errors["code"] = _("区划代码是六位数字，例如 370800。")
        if (self.level == self.Level.PROVINCE) != (self.parent_id is None):
            errors["parent"] = _("省级单位没有所属省份；地级单位要选所属省份。")
        if errors:
            raise ValidationError(errors)

    def province(self):
        """Return the province: the region itself, or its parent."""
        return self.parent if self.parent_id else self


class County(models.Model):
    class Kind(models.TextChoices):
        COUNTY = "county", _("县")
        CITY = "city", _("县级市")
        DISTRICT = "district", _("区")
        ZONE = "zone", _("功能区")
        AUTONOMOUS_COUNTY = "autonomous", _("自治县")
        BANNER = "banner", _("旗")
        AUTONOMOUS_BANNER = "autonomous_banner", _("自治旗")
        SPECIAL = "special", _("特区")
        FORESTRY = "forestry", _("林区")

    name = models.CharField(_("名称"), max_length=50)
    slug = models.SlugField(_("英文标识"), max_length=50, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind, default=Kind.COUNTY)
    # The prefecture's name as shown: load_regions writes the gazetteer's; a hand-made zone
    # keeps what staff typed, and load_regions places it by this name.
    prefecture = models.CharField(_("所属地级市"), max_length=50, blank=True, default="")
    position = models.PositiveSmallIntegerField(_("显示顺序"), default=0)
    code = models.CharField(
        _("区划代码"),
        max_length=6,
        unique=True,
        null=True,
        blank=True,
        help_text=_("GB/T 2260 的六位代码；区划中没有的功能区留空。"),
    )
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="counties",
        verbose_name=_("所属省市"),
        help_text=_("所属地级单位；省直辖的县级单位（如济源市）直接属于省。"),
    )
    pinyin = models.CharField(_("拼音"), max_length=100, blank=True, editable=False)

    objects = CountyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("县区")
        verbose_name_plural = _("县区")
        ordering = ["position", "name"]
        constraints = [
            # Names repeat across China (two 市中区), never within one prefecture.
            models.UniqueConstraint(
                fields=["region", "name"], name="%(app_label)s_%(class)s_unique_name_in_region"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(region__isnull=True),
                name="%(app_label)s_%(class)s_unique_name_unplaced",
            ),
            models.CheckConstraint(
                condition=Q(code__isnull=True) | Q(code__regex=CODE_PATTERN),
                name="%(app_label)s_%(class)s_code_digits",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, **kwargs):
        self.pinyin = pinyin_of(self.name)
        super().save(**kwargs)

    def get_absolute_url(self):
        return reverse("initiatives:county_detail", args=[self.slug])

    def clean(self):
        self.code = self.code or None
        if self.code and not re.fullmatch(CODE_PATTERN, self.code):
            raise ValidationError({"code": _("区划代码是六位数字，例如 370830。")})
        namesakes = County.objects.filter(name=self.name, region=self.region).exclude(pk=self.pk)
        if self.name and namesakes.exists():
            raise ValidationError(
                {"name": _("同一地区已有名为“%(name)s”的县区。") % {"name": self.name}}
            )

    def province(self):
        """Return the county's province, or None for a county outside the gazetteer."""
        return self.region.province() if self.region_id else None


def pinyin_of(name):
    """Return a name's pinyin as plain letters, for searching: 汶上县 -> wenshangxian."""
    letters = "".join(lazy_pinyin(name)).lower()
    return "".join(char for char in letters if "a" <= char <= "z")[:100]


class CountyAlias(models.Model):
    """Another name of a county: its name in the gazetteer, or a name before a rename or merger."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("区划名称")
        FORMER = "former", _("曾用名")

    county = models.ForeignKey(
        County, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("县区")
    )
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind, default=Kind.FORMER)
    changed_on = models.DateField(_("变更日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("县区别名")
        verbose_name_plural = _("县区别名")
        ordering = ["county", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
        ]

    def __str__(self):
        return f"{self.name} → {self.county}"


class Town(models.Model):
    """A township or street (乡, 镇, 街道) of a county with its villages, to place reports by."""

    county = models.ForeignKey(
        County, on_delete=models.CASCADE, related_name="towns", verbose_name=_("县区")
    )
    name = models.CharField(_("名称"), max_length=50)
    villages = models.TextField(_("村和社区"), blank=True, help_text=_("名称之间用顿号分隔。"))

    class Meta:
        verbose_name = _("乡镇街道")
        verbose_name_plural = _("乡镇街道")
        ordering = ["county", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
        ]

    def __str__(self):
        return f"{self.county}{self.name}"


class Publication(models.Model):
    """A newspaper and the place it covers, which decides between places of the same name."""

    name = models.CharField(_("报纸名称"), max_length=100, unique=True, help_text="济宁日报")
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("所在省市"),
        help_text=_("省报选省份，市报选地级市。"),
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("所在县区"),
        help_text=_("县报选县区；省报、市报留空。"),
    )

    class Meta:
        verbose_name = _("报纸")
        verbose_name_plural = _("报纸")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True) | Q(county__isnull=True),
                name="%(app_label)s_%(class)s_one_home",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.region_id is not None and self.county_id is not None:
            raise ValidationError(_("报纸所在地只选一处：省市或县区。"))

    def home(self):
        """Return the code of the place the paper covers, or ""."""
        place = self.county or self.region
        return (place.code or "") if place else ""


class Theme(models.Model):
    name = models.CharField(_("名称"), max_length=50, unique=True)
    slug = models.SlugField(_("英文标识"), max_length=50, unique=True)
    description = models.TextField(_("说明"), blank=True)
    keywords = models.TextField(
        _("关键词"),
        blank=True,
        help_text=_("导入的报道里这些词出现得最多的主题会被建议给新的工作举措；词之间用顿号或空格分隔。"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("主题")
        verbose_name_plural = _("主题")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    """A named, comparable measure that figures from different counties link to."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    slug = models.SlugField(_("英文标识"), max_length=100, unique=True)
    unit = models.CharField(_("基本单位"), max_length=20)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("主题")
    )
    description = models.TextField(_("说明"), blank=True)
    keywords = models.TextField(
        _("关键词"),
        blank=True,
        help_text=_("导入时，统计对象含有这些词、基本单位又相同的数据会被建议归入这个指标；词之间用顿号或空格分隔。"),
    )

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    def get_absolute_url(self):
        return reverse("initiatives:indicator_detail", args=[self.slug])


class Report(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("报道")
        PHOTO = "photo", _("图片说明")

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="reports", verbose_name=_("县区")
    )
    publication = models.CharField(
        _("报纸"), max_length=100, blank=True, help_text=_("未注明时留空，不要猜测。")
    )
    published_on = models.DateField(_("出版日期"), null=True, blank=True)
    page = models.CharField(_("版次"), max_length=20, blank=True)
    source_url = models.URLField(
        _("来源网址"),
        max_length=500,
        blank=True,
        help_text=_("导入的网页注明的原文网址（canonical 或 og:url）。"),
    )
    dateline = models.CharField(_("电头"), max_length=50, blank=True, help_text="本报汶上讯")
    correspondents = models.CharField(
        _("通讯员/记者"), max_length=200, blank=True, help_text=_("姓名之间用空格分隔。")
    )
    headline = models.CharField(_("标题"), max_length=200)
    subheadline = models.CharField(_("副标题"), max_length=200, blank=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind, default=Kind.REPORT)
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.DRAFT)
    # A follow-up joins the initiative it continues only when it is published, so a public
    # initiative never cites a draft (which would hide it) while the follow-up is reviewed.
    continues = models.ForeignKey(
        "Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continuations",
        verbose_name=_("续报的工作举措"),
        help_text=_("这篇草稿发布时并入这个工作举措；发布之前，该工作举措的公开页面不变。"),
    )
    fingerprint = models.CharField(
        _("原文指纹"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("导入时原文的哈希，用于识别重复导入。"),
    )
    demo = models.BooleanField(
        _("演示数据"), default=False, help_text=_("generate_demo 生成的报道，不是真实报道。")
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报道")
        verbose_name_plural = _("报道")
        ordering = ["-published_on", "county__position", "pk"]
        permissions = [("publish_report", _("Can publish and unpublish reports"))]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=~Q(fingerprint=""),
                name="%(app_label)s_%(class)s_unique_fingerprint",
            ),
            models.CheckConstraint(
                condition=Q(continues__isnull=True) | Q(status=Status.DRAFT),
                name="%(app_label)s_%(class)s_only_drafts_continue",
            ),
        ]

    def __str__(self):
        return self.headline

    @property
    def correspondent_list(self):
        return self.correspondents.replace("、", " ").split()

    @property
    def full_headline(self):
        return f"{self.headline} {self.subheadline}".strip()

    def home(self):
        """Return the initiative the report belongs to: the one it continues, else its first."""
        if self.continues_id is not None:
            return self.continues
        return self.initiatives.order_by("pk").first()

    def join_continued(self):
        """Add the report to the initiative it continues and end the pending link (on publishing)."""
        if self.continues_id is not None:
            self.initiatives.add(self.continues_id)
            self.continues = None


class Paragraph(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("报道")
    )
    position = models.PositiveSmallIntegerField(_("段落序号"))
    text = models.TextField(_("原文"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("段落")
        verbose_name_plural = _("段落")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "position"], name="%(app_label)s_%(class)s_unique_position"
            ),
            models.CheckConstraint(
                condition=~Q(text=""), name="%(app_label)s_%(class)s_text_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.report} ¶{self.position + 1}"

    def clean(self):
        if "\n" in self.text or "\r" in self.text:
            raise ValidationError({"text": _("段落内不能有换行：请把排版造成的断行接起来。")})


class Initiative(models.Model):
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("县区")
    )
    title = models.CharField(_("名称"), max_length=200)
    slug = models.SlugField(_("英文标识"), max_length=100, unique=True)
    summary = models.TextField(_("摘要"), blank=True)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("主题"),
    )
    reports = models.ManyToManyField(Report, related_name="initiatives", verbose_name=_("来源报道"))
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.DRAFT)
    demo = models.BooleanField(
        _("演示数据"), default=False, help_text=_("generate_demo 生成的举措，不是真实报道。")
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = InitiativeQuerySet.as_manager()
    # The sources too: adding or removing a report changes what the initiative says.
    history = HistoricalRecords(m2m_fields=[reports])

    class Meta:
        verbose_name = _("工作举措")
        verbose_name_plural = _("工作举措")
        ordering = ["county__position", "title"]
        permissions = [("publish_initiative", _("Can publish and unpublish initiatives"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:initiative_detail", args=[self.slug])


class InitiativeAlias(models.Model):
    """A merged initiative's former address, which now leads to the initiative it joined."""

    slug = models.SlugField(_("原英文标识"), max_length=100, unique=True)
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("并入的工作举措"),
    )
    title = models.CharField(_("原名称"), max_length=200)
    merged_on = models.DateField(_("合并日期"), auto_now_add=True)

    class Meta:
        verbose_name = _("原地址")
        verbose_name_plural = _("原地址")
        ordering = ["-merged_on", "slug"]

    def __str__(self):
        return f"{self.slug} → {self.initiative.slug}"


class Figure(models.Model):
    """One reported quantity, tied to the exact characters it was read from."""

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("确数")
        APPROXIMATE = "approximate", _("约数")
        AT_LEAST = "at_least", _("不少于")
        AT_MOST = "at_most", _("不多于")
        RANGE = "range", _("区间")

    class Kind(models.TextChoices):
        ACHIEVED = "achieved", _("已实现")
        EXPECTED = "expected", _("预期")

    class Basis(models.TextChoices):
        """How a figure relates to earlier ones: never add figures up unless the text says so."""

        CUMULATIVE = "cumulative", _("累计")
        NEW = "new", _("新增")
        UNSTATED = "", _("未说明")

    class Review(models.TextChoices):
        SUGGESTED = "suggested", _("待审核")
        CONFIRMED = "confirmed", _("已确认")
        REJECTED = "rejected", _("已驳回")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="figures", verbose_name=_("工作举措")
    )
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="figures", verbose_name=_("段落")
    )
    start = models.PositiveIntegerField(_("起始位置"))
    end = models.PositiveIntegerField(_("结束位置"))
    quote = models.CharField(_("原文引文"), max_length=100)
    value = models.CharField(_("原文数值"), max_length=40, help_text="102、1.2、2至5、两千")
    unit = models.CharField(_("单位"), max_length=20, help_text="个、名、万元、万人次、%")
    amount = models.DecimalField(_("折算数值"), max_digits=20, decimal_places=4)
    amount_max = models.DecimalField(
        _("区间上限"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    base_unit = models.CharField(_("基本单位"), max_length=20, help_text="300万元 → 元")
    qualifier = models.CharField(
        _("限定"), max_length=12, choices=Qualifier, default=Qualifier.EXACT
    )
    counted = models.CharField(_("统计对象"), max_length=100, help_text="帮扶项目、离退休干部党员")
    kind = models.CharField(_("性质"), max_length=10, choices=Kind, default=Kind.ACHIEVED)
    period = models.CharField(_("时段"), max_length=50, blank=True, help_text="今年以来、累计")
    as_of = models.DateField(
        _("数据截至"),
        null=True,
        blank=True,
        help_text=_("原文所说时段的最后一天（截至6月底 → 6月30日），否则为报道的出版日期。"),
    )
    basis = models.CharField(
        _("累计或新增"), max_length=10, choices=Basis, default=Basis.UNSTATED, blank=True
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("指标"),
    )
    review = models.CharField(_("审核"), max_length=10, choices=Review, default=Review.CONFIRMED)
    confidence = models.DecimalField(
        _("置信度"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = FigureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("数据")
        verbose_name_plural = _("数据")
        ordering = ["paragraph__report", "paragraph__position", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="%(app_label)s_%(class)s_span_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("quote")),
                name="%(app_label)s_%(class)s_quote_fills_span",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="%(app_label)s_%(class)s_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=(
                    Q(qualifier="range", amount_max__isnull=False, amount_max__gte=F("amount"))
                    | (~Q(qualifier="range") & Q(amount_max__isnull=True))
                ),
                name="%(app_label)s_%(class)s_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
                name="%(app_label)s_%(class)s_confidence_fraction",
            ),
            models.UniqueConstraint(
                fields=["paragraph", "start", "end"], name="%(app_label)s_%(class)s_unique_span"
            ),
        ]

    def __str__(self):
        return f"{self.quote}（{self.counted}）"

    def get_absolute_url(self):
        return f"{self.initiative.get_absolute_url()}#figure-{self.pk}"

    def clean(self):
        errors = {}
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("数值不能为负数。")
        if self.qualifier == self.Qualifier.RANGE:
            if self.amount_max is None:
                errors["amount_max"] = _("区间需要填写上限。")
            elif self.amount is not None and self.amount_max < self.amount:
                errors["amount_max"] = _("区间上限不能小于下限（%(low)s）。") % {"low": self.amount}
        elif self.amount_max is not None:
            errors["amount_max"] = _("只有区间才填写上限。")
        if self.paragraph_id is not None and None not in (self.start, self.end):
            errors.update(self.span_errors())
        if self.indicator_id is not None and self.indicator.unit != self.base_unit:
            errors["indicator"] = _(
                "指标“%(indicator)s”以“%(unit)s”计，这条数据的基本单位是“%(base_unit)s”："
                "请选基本单位相同的指标，或不归入指标。"
            ) % {
                "indicator": self.indicator.name,
                "unit": self.indicator.unit,
                "base_unit": self.base_unit,
            }
        if errors:
            raise ValidationError(errors)

    def span_errors(self):
        """Return form errors if the span does not hold the quote in its paragraph."""
        text = self.paragraph.text
        if not 0 <= self.start < self.end <= len(text):
            return {
                "end": _("位置 %(start)s–%(end)s 超出段落范围（段落共 %(length)s 字）。")
                % {"start": self.start, "end": self.end, "length": len(text)}
            }
        actual = text[self.start : self.end]
        if actual != self.quote:
            found = text.find(self.quote) if self.quote else -1
            hint = (
                _("“%(quote)s”在段落中的位置是 %(start)s–%(end)s。")
                % {"quote": self.quote, "start": found, "end": found + len(self.quote)}
                if found >= 0
                else _("段落中找不到“%(quote)s”。") % {"quote": self.quote}
            )
            return {
                "quote": _("引文与段落第 %(start)s–%(end)s 字“%(actual)s”不一致。")
                % {"start": self.start, "end": self.end, "actual": actual}
                + hint
            }
        return {}


class Correction(models.Model):
    """A public correction: a published figure's reading changed or withdrawn, and why."""

    figure = models.ForeignKey(
        Figure, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("数据")
    )
    made = models.DateTimeField(_("更正时间"), auto_now_add=True)
    before = models.CharField(_("原来的读法"), max_length=300)
    after = models.CharField(_("更正后的读法"), max_length=300)
    reason = models.CharField(_("更正原因"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("更正人"),
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("更正")
        verbose_name_plural = _("更正")
        ordering = ["-made", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="%(app_label)s_%(class)s_reason_given"
            ),
        ]

    def __str__(self):
        return f"{self.before} → {self.after}"

    def get_absolute_url(self):
        return f"{self.figure.initiative.get_absolute_url()}#correction-{self.pk}"


class Revision(models.Model):
    """The public content's revision: the database raises it with every change (0002)."""

    number = models.PositiveBigIntegerField(_("版本号"), default=0)

    class Meta:
        verbose_name = _("内容版本")
        verbose_name_plural = _("内容版本")
        ordering = ["pk"]

    def __str__(self):
        return str(self.number)
