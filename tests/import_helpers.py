"""Shared data for the import tests: the seed page, the demo counties, staff and form data."""

import json
from pathlib import Path

from django.contrib.auth.models import Permission

from initiatives.models import County, Figure, Initiative, Paragraph, Report

DATA = Path(__file__).parent / "data"
SEED_PAGE = DATA / "seed-page.txt"
FIXTURE = Path(__file__).parent.parent / "fixtures" / "seed_page.json"
IMPORT_PERMISSIONS = ["add_report", "add_paragraph", "add_initiative", "add_figure"]


def make_counties():
    """Create the counties of the demo fixture, without its reports."""
    rows = [row for row in json.loads(FIXTURE.read_text()) if row["model"] == "initiatives.county"]
    return County.objects.bulk_create(County(**row["fields"]) for row in rows)


def make_staff(django_user_model, *codenames, username="editor"):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="initiatives", codename__in=codenames)
    )
    return user


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
