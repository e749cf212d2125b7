from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .importing import read
from .models import County, Report
from .reading import MAX_PAGE_BYTES, MAX_PAGE_CHARS, NoDatelineError, ReadingError, decode


class ImportPageForm(forms.Form):
    """A page to import, pasted or uploaded, with where it was printed."""

    text = forms.CharField(
        label=_("粘贴版面文字"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
    )
    file = forms.FileField(
        label=_("或上传文本文件"),
        required=False,
        help_text=_("UTF-8 或 GB18030 编码的 .txt 文件，不超过 %(limit)s 字。")
        % {"limit": MAX_PAGE_CHARS},
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
        if upload:
            data = upload.read(MAX_PAGE_BYTES + 1)
        elif text.strip():
            data = text.replace("\r\n", "\n").encode("utf-8")
        else:
            raise ValidationError(_("请粘贴版面文字或上传文本文件。"))
        try:
            # The decoded text travels with the preview, so an upload is read only once.
            cleaned["text"] = decode(data)
            cleaned["items"] = read(cleaned["text"], whole=cleaned.get("whole", False))
        except NoDatelineError as error:
            raise ValidationError(
                f"{error} " + _("整篇导入请勾选下面的“整篇作为一篇报道导入”。")
            ) from error
        except ReadingError as error:
            raise ValidationError(str(error)) from error
        return cleaned


class ItemCountyForm(forms.Form):
    """The county an item is about, as suggested by the reader and confirmed by staff."""

    county = forms.ModelChoiceField(
        label=_("县区"),
        queryset=County.objects.all(),
        to_field_name="name",
        empty_label=_("请选择县区"),
        error_messages={"required": _("请选择这篇报道所属的县区。")},
    )


ItemCountyFormSet = forms.formset_factory(ItemCountyForm, extra=0)
