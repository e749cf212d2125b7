"""Pages that travel well when shared: a description, Open Graph and a canonical address."""

import datetime
import re
from http import HTTPStatus

from django.urls import reverse

from .factories import make_figure, make_initiative, make_report


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


def cited(html, figure):
    """Return the citation text beside a figure's row, unescaped once as a browser shows it."""
    row = html[html.index(f'id="figure-{figure.pk}"') :]
    found = re.search(r'<details class="cite"><summary>[^<]*</summary><p>(.*?)</p>', row, re.S)
    return found and found[1]


def test_each_figure_can_be_cited_with_its_source_words_and_address(client, db):
    report = make_report(
        paragraphs=["全县实施<b>帮扶</b>项目102个。"],
        publication="济宁日报",
        published_on=datetime.date(2024, 7, 15),
        page="04",
    )
    figure = make_figure(make_initiative(report), "102个")
    html = client.get(figure.initiative.get_absolute_url()).content.decode()
    address = f"http://testserver{figure.get_absolute_url()}"
    assert cited(html, figure) == f"济宁日报，2024-07-15，第04版：“102个”。{address}"


def test_a_citation_is_escaped_and_says_what_the_source_left_out(client, db):
    report = make_report(paragraphs=['他说"<script>x</script>"共3个。'], publication="")
    figure = make_figure(make_initiative(report), '"<script>x</script>"共3个')
    html = client.get(figure.initiative.get_absolute_url()).content.decode()
    text = cited(html, figure)
    assert "<script>" not in text
    assert text.startswith("出版物未注明，日期未注明，第?版：“&quot;&lt;script&gt;x&lt;/script&gt;")


def test_a_citation_reads_in_english_to_an_english_reader(client, db):
    report = make_report(publication="济宁日报", published_on=datetime.date(2024, 7, 15), page="4")
    figure = make_figure(make_initiative(report), "102个")
    response = client.get(figure.initiative.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    text = cited(response.content.decode(), figure)
    assert text.startswith("济宁日报, 2024-07-15, page 4: “102个”. http://testserver/")
