"""Pages that travel well when shared: a description, Open Graph and a canonical address."""

import re
from http import HTTPStatus

from django.urls import reverse

from .factories import make_initiative


def meta(html, attribute, name):
    """Return the content of the page's <meta attribute="name">."""
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return found and found[1]


def test_an_initiative_page_is_shared_with_its_title_summary_and_address(client, db):
    initiative = make_initiative(title="老党员志愿服务队", summary="退休干部组成志愿服务队。")
    response = client.get(initiative.get_absolute_url() + "?utm_source=wechat&from=timeline")
    html = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    address = f"http://testserver{initiative.get_absolute_url()}"
    assert f'<link rel="canonical" href="{address}">' in html
    assert meta(html, "property", "og:url") == address
    assert meta(html, "property", "og:title") == "老党员志愿服务队"
    assert meta(html, "property", "og:description") == "退休干部组成志愿服务队。"
    assert meta(html, "name", "description") == "退休干部组成志愿服务队。"


def test_a_shared_list_keeps_its_filter_but_not_the_tracking(client, seed):
    html = client.get(
        reverse("initiatives:figure_list"), {"county": "jinxiang", "utm_medium": "x", "spm": "1"}
    ).content.decode()

    assert '<link rel="canonical" href="http://testserver/figures/?county=jinxiang">' in html
    assert meta(html, "name", "description")  # the site's own, for a page without one


def test_a_county_page_is_described_by_its_name(client, seed):
    html = client.get(reverse("initiatives:county_detail", args=["wenshang"])).content.decode()

    assert meta(html, "property", "og:title") == "汶上县"
    assert meta(html, "name", "description").startswith("汶上县")


def test_a_county_page_is_described_in_english_to_an_english_reader(client, seed):
    html = client.get(
        reverse("initiatives:county_detail", args=["wenshang"]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert meta(html, "name", "description").startswith("Grassroots initiatives and figures in ")
