"""The form renderer: Django's templates, except selects, check boxes and inputs drawn in Python.

A list page's filter form has selects of dozens of options, a check box per county and a dozen
inputs, and Django's templates draw each through includes of its own (a quarter of a list page's
time). This draws the same markup, byte for byte (tests/test_rendering.py compares them).
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# Both include input_option.html, which includes input.html.
CHOICES = {"django/forms/widgets/checkbox_option.html", "django/forms/widgets/radio_option.html"}
# Each of these is just an include of input.html.
INPUTS = {
    f"django/forms/widgets/{kind}.html"
    for kind in (
        *("checkbox", "color", "date", "datetime", "email", "file", "hidden", "number"),
        *("password", "search", "tel", "text", "time", "url"),
    )
}


def attributes(attrs):
    """Return attrs as django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


def select(widget):
    """Return a select as django/forms/widgets/select.html and select_option.html write it."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            value = conditional_escape(str(option["value"]))
            label = conditional_escape(localize(option["label"]))
            # The option's template file ends in a line break, which the include keeps.
            attrs = attributes(option["attrs"])
            parts.append(f'\n  <option value="{value}"{attrs}>{label}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


def input_tag(widget):
    """Return an input as input.html and attrs.html write it."""
    value = (
        "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    )
    name = conditional_escape(widget["name"])
    kind = conditional_escape(widget["type"])
    return mark_safe(f'<input type="{kind}" name="{name}"{value}{attributes(widget["attrs"])}>')


def choice(widget):
    """Return a check box or radio button as input_option.html and input.html write it."""
    html = input_tag(widget)
    if widget["wrap_label"]:
        id_ = widget["attrs"].get("id")
        label_for = f' for="{conditional_escape(id_)}"' if id_ else ""
        label = conditional_escape(localize(widget["label"]))
        html = f"<label{label_for}>{html}\n {label}</label>"
    return mark_safe(html)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget", {})
        if template_name == SELECT and all(
            option["template_name"] == OPTION
            for _name, options, _index in widget["optgroups"]
            for option in options
        ):
            return select(widget)
        if template_name in CHOICES:
            return choice(widget)
        if template_name in INPUTS:
            return input_tag(widget)
        return super().render(template_name, context, request)
