"""The admin's forms of reports, paragraphs, initiatives and figures, and its inline formsets."""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .. import corrections, publishing, slugs
from ..importing import locate_quote, read_amount
from ..models import (
    Correction,
    Figure,
    Indicator,
    Initiative,
    InitiativeAlias,
    Paragraph,
    Report,
    Status,
    Theme,
)
from ..reading import time


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
