"""Every form of the admin and the editorial screens."""

from decimal import Decimal

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import corrections, publishing, slugs
from .formats import MAX_FILE_BYTES, convert
from .importing import counties_named, locate_quote, read, read_amount
from .models import (
    Correction,
    County,
    Figure,
    Indicator,
    Initiative,
    InitiativeAlias,
    Paragraph,
    Report,
    Status,
    Theme,
)
from .reading import MAX_PAGE_CHARS, NoDatelineError, ReadingError, decimal_string, decode, time

# What the upload dialog offers first; the format is told from the file's content.
UPLOAD_TYPES = ".txt,.text,.pdf,.html,.htm,.docx,text/plain,application/pdf,text/html"


class ImportPageForm(forms.Form):
    """A page to import, pasted or uploaded, with where it was printed."""

    text = forms.CharField(
        label=_("粘贴版面文字"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
    )
    file = forms.FileField(
        label=_("或上传文件"),
        required=False,
        help_text=_(
            "文本（UTF-8 或 GB18030）、带文字层的 PDF、另存的网页（.html）或 Word（.docx），"
            "不超过 %(size)d MB，读出的文字不超过 %(limit)s 字。"
        )
        % {"size": MAX_FILE_BYTES // 2**20, "limit": MAX_PAGE_CHARS},
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_TYPES}),
    )
    source_url = forms.URLField(
        label=_("来源网址"),
        required=False,
        max_length=Report._meta.get_field("source_url").max_length,
        assume_scheme="https",
        help_text=_("原文所在的网址（如有）；上传的网页注明了网址时自动填写。"),
    )
    publication = forms.CharField(
        label=_("报纸"),
        required=False,
        max_length=Report._meta.get_field("publication").max_length,
        help_text=_("未注明时留空，不要猜测。"),
    )
    published_on = forms.DateField(
        label=_("出版日期"), required=False, help_text=_("格式：2024-07-15")
    )
    page = forms.CharField(
        label=_("版次"), required=False, max_length=Report._meta.get_field("page").max_length
    )
    whole = forms.BooleanField(
        label=_("整篇作为一篇报道导入"),
        required=False,
        help_text=_("文字中没有电头（如“本报汶上讯”）时勾选。"),
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text", "")
        if upload and text.strip():
            raise ValidationError(_("请只粘贴文字或只上传文件，不要同时使用两者。"))
        if not upload and not text.strip():
            raise ValidationError(_("请粘贴版面文字或上传文件。"))
        try:
            # The decoded text travels with the preview, so an upload is read only once.
            if upload:
                converted = convert(upload.read(MAX_FILE_BYTES + 1))
                cleaned["text"] = converted.text
                cleaned["converted"] = converted
                cleaned["file_name"] = upload.name
                cleaned["source_url"] = cleaned.get("source_url") or converted.source_url
            else:
                # Pasted text is text, whatever it begins with.
                cleaned["text"] = decode(text.replace("\r\n", "\n").encode("utf-8"))
            cleaned["items"] = read(
                cleaned["text"],
                whole=cleaned.get("whole", False),
                publication=cleaned.get("publication", ""),
            )
        except NoDatelineError as error:
            raise ValidationError(
                f"{error} " + _("整篇导入请勾选下面的“整篇作为一篇报道导入”。")
            ) from error
        except ReadingError as error:
            raise ValidationError(str(error)) from error
        return cleaned


class CountyChoiceField(forms.ModelChoiceField):
    """A county chosen by its GB/T 2260 code, or by its name where no other county bears it."""

    def prepare_value(self, value):
        if isinstance(value, County):
            return value.code or value.name
        return super().prepare_value(value)

    def label_from_instance(self, county):
        # Two 市中区 are told apart by their prefectures.
        return f"{county.name}（{county.prefecture}）" if county.code else county.name

    def to_python(self, value):
        if value in self.empty_values:
            return None
        county = value if isinstance(value, County) else counties_named([str(value)])[0]
        if county is None or not self.queryset.filter(pk=county.pk).exists():
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return county


class ItemForm(forms.Form):
    """An item of a previewed page: its county, and the initiative it continues, if any."""

    NEW = ""  # The value of "start a new initiative".

    county = CountyChoiceField(
        label=_("县区"),
        queryset=County.objects.all(),
        empty_label=_("请选择县区"),
        error_messages={"required": _("请选择这篇报道所属的县区。")},
    )
    continues = forms.ChoiceField(
        label=_("工作举措"), required=False, widget=forms.RadioSelect, choices=[]
    )

    def __init__(self, *args, continuations=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The matching's suggestions for this item, as (slug, label), best first.
        self.fields["continues"].choices = [*continuations, (self.NEW, _("新建工作举措"))]


class BaseItemFormSet(forms.BaseFormSet):
    """The items of a previewed page; refuse a continuation the user may not make."""

    def __init__(self, *args, continuations=(), user=None, **kwargs):
        self.continuations = list(continuations)
        self.user = user or AnonymousUser()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index < len(self.continuations):
            kwargs["continuations"] = self.continuations[index]
        return kwargs

    def clean(self):
        """Set each form's cleaned "initiative": the one it continues, or None for a new one."""
        super().clean()
        rows = [form for form in self.forms if hasattr(form, "cleaned_data")]
        slugs = {form.cleaned_data.get("continues") for form in rows} - {ItemForm.NEW, None}
        found = Initiative.objects.select_related("county").in_bulk(slugs, field_name="slug")
        for form in rows:
            slug = form.cleaned_data.get("continues")
            form.cleaned_data["initiative"] = initiative = found.get(slug)
            county = form.cleaned_data.get("county")
            if not slug:
                continue
            if initiative is None:
                form.add_error("continues", _("这个工作举措已不存在，请重新预览。"))
            elif county is not None and initiative.county_id != county.pk:
                form.add_error(
                    "continues",
                    _("“%(initiative)s”属于%(other)s：改了县区，请选“新建工作举措”或重新预览。")
                    % {"initiative": initiative, "other": initiative.county},
                )
            else:
                try:
                    # The new figures would be filed under it (publishing.py).
                    publishing.check_save(self.user, Figure(initiative=initiative))
                except ValidationError as error:
                    form.add_error("continues", error)


ItemFormSet = forms.formset_factory(ItemForm, formset=BaseItemFormSet, extra=0)


class MoveReportForm(forms.Form):
    """The initiative a report belongs to: one of its county's, or a new one."""

    NEW = "new"

    initiative = forms.ChoiceField(label=_("所属工作举措"))

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        home = report.home()
        self.initial.setdefault("initiative", str(home.pk) if home else self.NEW)
        initiatives = Initiative.objects.in_county(report.county_id).only("title", "status")
        self.fields["initiative"].choices = [
            (self.NEW, _("新建工作举措（拆分出来）")),
            *((str(i.pk), f"{i.title}（{i.get_status_display()}）") for i in initiatives),
        ]
        self.county = report.county_id

    def clean_initiative(self):
        """Return the chosen Initiative, or None for a new one."""
        value = self.cleaned_data["initiative"]
        if value == self.NEW:
            return None
        initiative = Initiative.objects.filter(pk=value, county=self.county).first()
        if initiative is None:
            raise ValidationError(_("这个工作举措已不存在，请刷新页面后重选。"))
        return initiative


class MergeForm(forms.Form):
    """Which initiative to keep when merging the chosen ones."""

    kept = forms.ModelChoiceField(
        label=_("保留哪一个"),
        queryset=Initiative.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("请选择保留的工作举措。")},
    )

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kept"].queryset = initiatives
        # Keep the published one if there is one, else the oldest: its address is known.
        self.fields["kept"].initial = min(
            initiatives, key=lambda i: (i.status != Status.PUBLISHED, i.pk), default=None
        )


class PublishedContentForm(forms.ModelForm):
    """Refuse a save that changes published content unless the user may publish (publishing.py)."""

    # Set by the admin (publishing.PublishingAdminMixin) or the screen that builds the form; a
    # form nobody gave a user is treated as a non-publisher's, so a new screen fails closed.
    user = AnonymousUser()

    def _post_clean(self):
        super()._post_clean()
        try:
            publishing.check_save(self.user, self.instance)
        except ValidationError as error:
            self.add_error(None, error)


class SlugFromNameForm(forms.ModelForm):
    """A form whose blank 英文标识 is made from the name in pinyin, free among its model's rows."""

    slug_source = "name"  # The field whose text the slug spells.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "网址中的英文标识。留空则按名称的拼音生成（如“乡村振兴”→ xiang-cun-zhen-xing），可以修改。"
            )

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get(self.slug_source):
            cleaned["slug"] = self.free_slug(cleaned[self.slug_source])
        return cleaned

    def free_slug(self, text):
        """Return a slug for text that no other row of the model has."""
        model = self._meta.model
        others = model._default_manager.exclude(pk=self.instance.pk)
        return slugs.free_slug(
            text, model._meta.get_field("slug"), others, fallback=model._meta.model_name
        )


class ThemeForm(SlugFromNameForm):
    class Meta:
        model = Theme
        fields = "__all__"
        widgets = {"keywords": forms.Textarea(attrs={"rows": 2})}


class IndicatorForm(SlugFromNameForm):
    class Meta:
        model = Indicator
        fields = "__all__"
        widgets = {"keywords": forms.Textarea(attrs={"rows": 2})}


class ReportForm(PublishedContentForm):
    class Meta:
        model = Report
        fields = "__all__"

    def clean_status(self):
        status = self.cleaned_data["status"]
        if (
            self.instance.pk
            and status == Status.DRAFT
            and self.instance.initiatives.filter(status=Status.PUBLISHED).exists()
        ):
            raise ValidationError(
                _("已有已发布的工作举措引用这篇报道：请先撤回这些工作举措，或使用“撤回所选”操作。")
            )
        if status == Status.PUBLISHED and self.instance.pk and self.instance.status != status:
            publishing.check_four_eyes(self.user, [self.instance])
        return status


class ParagraphForm(PublishedContentForm):
    """A paragraph; its number is shown and typed from 1, though stored from 0 (Paragraph.position)."""

    class Meta:
        model = Paragraph
        fields = "__all__"
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "position" in self.fields:
            self.fields["position"] = forms.IntegerField(
                label=_("段落序号"),
                min_value=1,
                required=False,
                help_text=_("这是报道的第几段，从 1 起；留空则排在最后。"),
            )
            if self.instance.position is not None:
                self.initial["position"] = self.instance.position + 1

    def clean_position(self):
        number = self.cleaned_data["position"]
        return None if number is None else number - 1

    def clean(self):
        cleaned = super().clean()
        report = cleaned.get("report")
        if "position" in self.fields and cleaned.get("position") is None and report:
            cleaned["position"] = next_position(report)
        return cleaned


def next_position(report):
    """Return the position after the report's last paragraph (0 for its first)."""
    last = report.paragraphs.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


class InitiativeForm(SlugFromNameForm, PublishedContentForm):
    slug_source = "title"

    class Meta:
        model = Initiative
        fields = "__all__"

    def free_slug(self, text):
        """Return a slug that no initiative has, nor had before a merger."""
        return slugs.initiative_slug(text)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        alias = InitiativeAlias.objects.filter(slug=slug).select_related("initiative").first()
        if alias is not None:
            raise ValidationError(
                _(
                    "“%(slug)s”是已并入“%(initiative)s”的工作举措的原地址，旧链接会跳转到那里：请换一个。"
                )
                % {"slug": slug, "initiative": alias.initiative}
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        reports = cleaned.get("reports")
        # A read-only status is not in cleaned_data: the stored one still binds the sources.
        status = cleaned.get("status", self.instance.status)
        if status == Status.PUBLISHED and reports is not None:
            drafts = [str(report) for report in reports if report.status != Status.PUBLISHED]
            if drafts:
                raise ValidationError(
                    _("已发布的工作举措不能引用草稿报道：%(reports)s。")
                    % {"reports": "、".join(drafts)}
                )
        return cleaned


class FigureForm(PublishedContentForm):
    """A figure whose span and amount may be left blank: both are then read from the quote."""

    # Filled in from the quote ("300万元" -> 300, 万元, 3000000 元) when the amount is blank.
    READ_FROM_QUOTE = ("value", "unit", "amount", "amount_max", "base_unit")

    correction_reason = forms.CharField(
        label=_("更正原因"),
        required=False,
        max_length=Correction._meta.get_field("reason").max_length,
        help_text=_("修改或撤回已公开的数据时必填；原因会随更正一起公开。"),
    )

    class Meta:
        model = Figure
        fields = "__all__"

    def _post_clean(self):
        super()._post_clean()
        # A change to what the public reads is a public correction, with its reason.
        self.correction = None
        before = corrections.stored_public(self.instance)
        if before is None or not corrections.is_correction(before, self.instance):
            return
        reason = (self.cleaned_data.get("correction_reason") or "").strip()
        if reason:
            self.correction = (before, reason)
        else:
            self.add_error(
                "correction_reason",
                _("这条数据已经公开：修改或撤回它，请写明更正原因（会随更正一起公开）。"),
            )

    def save(self, commit=True):
        figure = super().save(commit)
        if getattr(self, "correction", None):
            before, reason = self.correction
            corrections.record(before, figure, reason, self.user)
        return figure

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            if name in self.fields:
                self.fields[name].required = False
                self.fields[name].help_text = _("留空则按引文在段落中自动定位。")
        for name in self.READ_FROM_QUOTE:
            if name in self.fields:
                self.fields[name].required = False
        if "amount" in self.fields:
            self.fields["amount"].help_text = _(
                "留空则从引文读出原文数值、单位、折算数值和基本单位。"
            )

    def clean(self):
        cleaned = super().clean()
        paragraph, quote = cleaned.get("paragraph"), cleaned.get("quote")
        if quote and "amount" in self.fields and cleaned.get("amount") is None:
            self.fill_amount(cleaned, quote)
        if paragraph and quote and cleaned.get("start") is None and cleaned.get("end") is None:
            try:
                cleaned["start"], cleaned["end"] = locate_quote(paragraph.text, quote)
            except ValidationError as error:
                self.add_error("start" if error.code == "ambiguous" else "quote", error)
        elif cleaned.get("start") is not None and cleaned.get("end") is None and quote:
            cleaned["end"] = cleaned["start"] + len(quote)
        if "as_of" in self.fields and cleaned.get("as_of") is None and paragraph:
            cleaned["as_of"] = time.as_of(
                cleaned.get("period", ""),
                paragraph.report.published_on,
                expected=cleaned.get("kind") == Figure.Kind.EXPECTED,
            )
        return cleaned

    def fill_amount(self, cleaned, quote):
        """Fill the blank number fields from the figure the extractor reads in the quote."""
        try:
            found = read_amount(quote)
        except ValidationError as error:
            self.add_error("amount", error)
            return
        for name in self.READ_FROM_QUOTE:
            if cleaned.get(name) in (None, ""):
                cleaned[name] = getattr(found, name)
        if cleaned.get("qualifier") == Figure.Qualifier.EXACT:
            cleaned["qualifier"] = found.qualifier


class ReviewFigureForm(FigureForm):
    """A figure row on the review screen: the report's initiative, one of its paragraphs."""

    class Meta(FigureForm.Meta):
        fields = [
            "paragraph",
            "quote",
            "start",
            "end",
            "value",
            "unit",
            "amount",
            "amount_max",
            "base_unit",
            "qualifier",
            "counted",
            "kind",
            "period",
            "as_of",
            "basis",
            "indicator",
            "review",
            "note",
        ]
        widgets = {
            "review": forms.RadioSelect,
            **{
                name: forms.TextInput(attrs={"size": size})
                for name, size in [
                    ("quote", 12),
                    ("value", 6),
                    ("unit", 4),
                    ("base_unit", 4),
                    ("counted", 14),
                    ("period", 8),
                    ("note", 20),
                ]
            },
        }

    # The decision in the row, worded as the action it is (the model's labels are states).
    DECISIONS = [
        (Figure.Review.SUGGESTED, _("待定")),
        (Figure.Review.CONFIRMED, _("确认")),
        (Figure.Review.REJECTED, _("驳回")),
    ]

    def __init__(self, *args, initiative, paragraphs, paragraph_choices, indicators, **kw):
        super().__init__(*args, **kw)
        self.fields["paragraph"].queryset = paragraphs
        # Listed once for the whole formset rather than queried again for every row.
        self.fields["paragraph"].choices = [
            ("", self.fields["paragraph"].empty_label),
            *paragraph_choices,
        ]
        self.fields["indicator"].choices = self.indicator_choices(indicators)
        self.fields["review"].choices = self.DECISIONS
        if self.instance.pk is None:
            self.instance.initiative = initiative
        for name in ("amount", "amount_max"):
            # Show 2 rather than the column's 2.0000.
            if isinstance(self.initial.get(name), Decimal):
                self.initial[name] = decimal_string(self.initial[name])

    def indicator_choices(self, indicators):
        """Offer the indicators in the figure's base unit, the only ones it may join, and its own."""
        unit, chosen = self.instance.base_unit, self.instance.indicator_id
        fitting = [
            (pk, label)
            for pk, label, indicator_unit in indicators
            if not unit or indicator_unit == unit or pk == chosen
        ]
        return [("", self.fields["indicator"].empty_label), *fitting]


def review_formset(request, report):
    """Return the formset of a report's figures, with a blank row to add a missed one."""
    initiative = report.home()
    may_add = initiative is not None and request.user.has_perm("initiatives.add_figure")
    formset_class = forms.modelformset_factory(
        Figure,
        form=type("ReviewFigureForm", (ReviewFigureForm,), {"user": request.user}),
        extra=int(may_add),
        edit_only=not may_add,
    )
    paragraphs = report.paragraphs.all()
    form_kwargs = {
        "initiative": initiative,
        "paragraphs": paragraphs,
        "paragraph_choices": [(p.pk, paragraph_label(p)) for p in paragraphs],
        "indicators": [(i.pk, str(i), i.unit) for i in Indicator.objects.all()],
    }
    figures = Figure.objects.filter(paragraph__report=report)
    return formset_class(
        request.POST if request.method == "POST" else None,
        queryset=figures.select_related("paragraph__report", "indicator"),
        form_kwargs=form_kwargs,
        prefix="figures",
    )


class ReviewThemeForm(PublishedContentForm):
    """The theme of the report's initiative, chosen on the review screen."""

    class Meta:
        model = Initiative
        fields = ["theme"]

    def __init__(self, *args, themes, suggested=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The screen has listed the themes already, to suggest one.
        self.fields["theme"].choices = [
            ("", self.fields["theme"].empty_label),
            *((theme.pk, str(theme)) for theme in themes),
        ]
        self.fields["theme"].help_text = _("决定这个工作举措在公开网站上列在哪个主题下。")
        if self.instance.theme_id is None and suggested is not None:
            self.initial["theme"] = suggested.pk
            self.fields["theme"].help_text = _(
                "按报道中的关键词建议：%(theme)s。保存后生效，可以改选。"
            ) % {"theme": suggested}


# The confidence the review screen offers to confirm at or above: the extractor gives 0.85 and up
# to figures it read whole, and less to those whose words it had to guess.
BULK_CONFIRM_AT = Decimal("0.80")


class BulkConfirmForm(forms.Form):
    """Confirm a report's suggested figures at or above a confidence: first shown, then done."""

    confirm_at = forms.DecimalField(
        label=_("置信度不低于"),
        min_value=0,
        max_value=1,
        max_digits=3,
        decimal_places=2,
        initial=BULK_CONFIRM_AT,
        widget=forms.NumberInput(attrs={"step": "0.05", "size": 4}),
    )
    # The figures the preview listed: only these are confirmed, if they still qualify.
    figures = forms.ModelMultipleChoiceField(
        queryset=Figure.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["figures"].queryset = Figure.objects.filter(paragraph__report=report)

    def candidates(self):
        """Return the report's suggested figures at or above the confidence, in reading order."""
        return Figure.objects.filter(
            paragraph__report=self.report,
            review=Figure.Review.SUGGESTED,
            confidence__gte=self.cleaned_data["confirm_at"],
        ).select_related("paragraph__report", "indicator")

    def preview(self):
        """Return each candidate with why it cannot be confirmed as it is ("" if it can).

        A candidate is checked as a form would check it (Figure.clean: its span, an indicator
        in its unit).
        """
        shown = []
        for figure in self.candidates():
            try:
                figure.clean()
            except ValidationError as error:
                shown.append((figure, " ".join(error.messages)))
            else:
                shown.append((figure, ""))
        return shown

    def save(self):
        """Confirm the previewed figures that still qualify; return how many were confirmed.

        Each is saved on its own, so that history records every confirmation.
        """
        chosen = {figure.pk for figure in self.cleaned_data["figures"]}
        confirmed = 0
        for figure, problem in self.preview():
            if figure.pk in chosen and not problem:
                figure.review = Figure.Review.CONFIRMED
                figure.save(update_fields=["review"])
                confirmed += 1
        return confirmed


class PublishedContentInlineFormSet(forms.BaseInlineFormSet):
    """Refuse deleting a row of published content: withdraw it instead."""

    user = AnonymousUser()

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if publishing.was_published_content(form.instance):
                raise ValidationError(publishing.NEVER_DELETED, code="published")


class ParagraphInlineFormSet(PublishedContentInlineFormSet):
    """A report's paragraphs, numbered in the order they are listed: nobody types a position."""

    def save_new(self, form, commit=True):
        form.instance.position = next_position(self.instance)
        return super().save_new(form, commit)

    def save(self, commit=True):
        saved = super().save(commit)
        if commit:
            renumber(self.instance)
        return saved


def renumber(report):
    """Number the report's paragraphs 0, 1, 2… in their order, closing gaps left by deletions."""
    # In ascending order each paragraph moves down into a free number: no clash on the way.
    for number, paragraph in enumerate(report.paragraphs.order_by("position")):
        if paragraph.position != number:
            paragraph.position = number
            paragraph.save(update_fields=["position"])


# Characters of a paragraph's start shown in a picker: enough to tell paragraphs apart.
OPENING_WORDS = 24


def paragraph_label(paragraph):
    """Return how a paragraph is offered in a picker: its number from 1 and opening words."""
    text = paragraph.text
    opening = text if len(text) <= OPENING_WORDS else text[:OPENING_WORDS] + "…"
    return f"¶{paragraph.position + 1} {opening}"


class FigureInlineFormSet(PublishedContentInlineFormSet):
    """An initiative's figures, each quoting a paragraph of one of the initiative's reports."""

    report_ids = None  # The reports chosen in the submitted initiative form.

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "paragraph" in form.fields:
            field = form.fields["paragraph"]
            # Any paragraph validates, so that clean() can say why a wrong one is refused.
            field.queryset = Paragraph.objects.select_related("report")
            field.choices = [("", field.empty_label), *self.paragraph_choices]

    @cached_property
    def paragraph_choices(self):
        """Return the paragraphs a figure here may quote, grouped by report, as choices."""
        if self.report_ids is not None:
            wanted = Q(report__in=[pk for pk in self.report_ids if pk.isdigit()])
        else:
            wanted = Q(report__initiatives=self.instance) if self.instance.pk else Q(pk=None)
        if self.instance.pk:
            # Pending follow-ups, and whatever the stored figures already quote.
            wanted |= Q(report__continues=self.instance) | Q(figures__initiative=self.instance)
        paragraphs = (
            Paragraph.objects.filter(wanted)
            .select_related("report")
            .order_by("report", "position")
            .distinct()
        )
        groups = {}
        for paragraph in paragraphs:
            groups.setdefault(paragraph.report, []).append(
                (paragraph.pk, paragraph_label(paragraph))
            )
        return [(str(report), choices) for report, choices in groups.items()]

    def clean(self):
        super().clean()
        if self.report_ids is None:
            return
        for form in self.forms:
            paragraph = getattr(form, "cleaned_data", {}).get("paragraph")
            if (
                paragraph
                and not form.cleaned_data.get("DELETE")
                and str(paragraph.report_id) not in self.report_ids
                # A pending follow-up's figures are filed here before the report joins the sources.
                and not (self.instance.pk and paragraph.report.continues_id == self.instance.pk)
            ):
                form.add_error(
                    "paragraph",
                    _("这个段落不属于本工作举措的来源报道：请先在“来源报道”中添加该报道。"),
                )
