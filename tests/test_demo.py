import io

import pytest
from django.core.management import call_command

from initiatives.models import County, Figure, Report, Status


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_loads_the_page_into_an_empty_database_once():
    load_demo()
    Report.objects.filter(dateline="本报汶上讯").update(status=Status.DRAFT)

    assert "not loaded" in load_demo()
    assert Report.objects.count() == 9
    # A second `make run` keeps what staff changed.
    assert Report.objects.get(dateline="本报汶上讯").status == Status.DRAFT


@pytest.mark.django_db
def test_load_demo_leaves_generated_data_alone():
    call_command("generate_demo", figures=50, seed=2, stdout=io.StringIO())

    assert "not loaded" in load_demo()
    assert Figure.objects.count() == 50


@pytest.mark.django_db
def test_generated_data_uses_the_demo_page_counties():
    call_command("generate_demo", figures=20, seed=2, stdout=io.StringIO())

    assert County.objects.get(pk=12).slug == "taibaihu"
    assert County.objects.get(slug="jingkai").name == "济宁经开区"
    assert County.objects.count() == 14
