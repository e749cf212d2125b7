"""Shared data for the import tests: the seed page, row counts and form data."""

from pathlib import Path

from initiatives.models import Figure, Initiative, Paragraph, Report

DATA = Path(__file__).parent / "data"
SEED_PAGE = DATA / "seed-page.txt"
IMPORT_PERMISSIONS = ["add_report", "add_paragraph", "add_initiative", "add_figure"]


def counts():
    """Return how many rows each model an import writes holds."""
    models = (Report, Paragraph, Initiative, Figure)
    return {model.__name__: model.objects.count() for model in models}


def form_data(*forms):
    """Return the POST data that submits these forms (or formsets) unchanged."""
    data = {}
    for form in forms:
        if hasattr(form, "management_form"):
            data |= form_data(form.management_form, *form.forms)
            continue
        for field in form:
            value = field.value()
            if value is not None and field.name != "file":
                data[field.html_name] = value
    return data
