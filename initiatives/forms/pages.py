"""The forms of the import screen, and of moving and merging initiatives."""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import publishing
from ..formats import MAX_FILE_BYTES, convert
from ..importing import counties_named, read
from ..models import (
    County,
    Figure,
    Initiative,
    Report,
    Status,
)
from ..reading import MAX_PAGE_CHARS, NoDatelineError, ReadingError, decode

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
