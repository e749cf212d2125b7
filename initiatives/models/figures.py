"""Figures read from the reports, their public corrections, and the content revision."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..querysets import (
    CorrectionQuerySet,
    FigureQuerySet,
)
from .content import Indicator, Initiative, Paragraph


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
