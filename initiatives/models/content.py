"""What is reported: themes, indicators, reports with their paragraphs, and initiatives."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..links import address
from ..querysets import (
    IndicatorQuerySet,
    InitiativeQuerySet,
    ReportQuerySet,
    Status,
)
from .regions import County


class Theme(models.Model):
    name = models.CharField(_("名称"), max_length=50, unique=True)
    slug = models.SlugField(_("英文标识"), max_length=50, unique=True)
    description = models.TextField(_("说明"), blank=True)
    keywords = models.TextField(
        _("关键词"),
        blank=True,
        help_text=_(
            "导入的报道里这些词出现得最多的主题会被建议给新的工作举措；词之间用顿号或空格分隔。"
        ),
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
        help_text=_(
            "导入时，统计对象含有这些词、基本单位又相同的数据会被建议归入这个指标；词之间用顿号或空格分隔。"
        ),
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
        return address("initiatives:indicator_detail", self.slug)


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
        return address("initiatives:initiative_detail", self.slug)


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
