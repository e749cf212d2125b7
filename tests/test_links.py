"""An object's public address is reversed once, and is always what reverse() returns."""

from unittest import mock

import pytest
from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from initiatives import links

from .factories import make_county


@pytest.fixture(autouse=True)
def forget():
    links._reversed.cache_clear()
    yield
    links._reversed.cache_clear()


def test_an_address_is_what_reverse_gives_and_is_reversed_once():
    with mock.patch("initiatives.links.reverse", wraps=reverse) as reversing:
        first = links.address("initiatives:county_detail", "wenshang")
        again = links.address("initiatives:county_detail", "wenshang")
        other = links.address("initiatives:indicator_detail", "wenshang")
    assert first == again == reverse("initiatives:county_detail", args=["wenshang"])
    assert other == "/indicators/wenshang/"
    assert reversing.call_count == 2


def test_an_address_follows_the_script_prefix():
    assert links.address("initiatives:county_detail", "jinxiang") == "/counties/jinxiang/"
    set_script_prefix("/digest/")
    try:
        assert links.address("initiatives:county_detail", "jinxiang") == (
            "/digest/counties/jinxiang/"
        )
    finally:
        clear_script_prefix()
    assert links.address("initiatives:county_detail", "jinxiang") == "/counties/jinxiang/"


@override_settings(ROOT_URLCONF="tests.urls_elsewhere")
def test_an_address_follows_the_urlconf():
    assert links.address("initiatives:county_detail", "jinxiang") == "/elsewhere/counties/jinxiang/"


@pytest.mark.django_db
def test_a_renamed_county_links_to_its_new_address():
    county = make_county(name="汶上县")
    before = county.get_absolute_url()
    county.slug = "wenshang-new"
    assert before != county.get_absolute_url() == "/counties/wenshang-new/"
