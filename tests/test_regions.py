"""The gazetteer: load_regions, the demo's counties matched to their codes, recognition rates."""

import io
import json
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives import gazetteer, regions
from initiatives.importing import read
from initiatives.models import (
    County,
    CountyAlias,
    Figure,
    Initiative,
    Publication,
    Region,
    Report,
    Status,
    Town,
)

from .factories import (
    make_counties,
    make_county,
    make_figure,
    make_initiative,
    make_region,
    make_report,
)

PAGES = Path(__file__).parent / "data" / "pages" / "regions"
# The share of sample items whose county must be right, on the tuning and the holdout pages.
TARGET_RATE = 0.95

pytestmark = pytest.mark.django_db


@lru_cache(maxsize=1)
def divisions():
    return gazetteer.read_installed()


@pytest.fixture
def loaded(db):
    """The demo's counties, then the gazetteer loaded over them."""
    make_counties()
    regions.load(divisions())


def test_every_county_level_unit_is_loaded_with_its_code_and_parents(loaded):
    assert Region.objects.provinces().count() == 31
    assert Region.objects.prefectures().count() >= 330
    coded = County.objects.exclude(code=None)
    assert coded.count() == len(divisions().counties) >= 2850
    assert not coded.filter(region=None).exists()
    wenshang = County.objects.select_related("region__parent").get(code="370830")
    assert (wenshang.name, wenshang.region.name, wenshang.province().name) == (
        "汶上县",
        "济宁市",
        "山东省",
    )
    # 济源市 is administered by its province directly; 东莞市 has no counties and stands as one.
    assert County.objects.get(code="419001").region.name == "河南省"
    assert County.objects.get(code="441900").name == "东莞市"
    assert Town.objects.count() > 40000
    assert "中都街道" in County.objects.get(code="370830").towns.values_list("name", flat=True)


def test_a_second_load_changes_nothing(loaded):
    before = list(County.objects.order_by("pk").values())
    summary = regions.load(divisions())
    assert not summary.changed
    assert list(County.objects.order_by("pk").values()) == before


def test_the_demo_s_counties_are_matched_to_their_codes_not_duplicated(loaded):
    assert County.objects.filter(name="汶上县").count() == 1
    assert County.objects.get(slug="wenshang").code == "370830"
    gaoxin = County.objects.get(slug="gaoxin")
    assert (gaoxin.name, gaoxin.code) == ("济宁高新区", "370871")
    assert CountyAlias.objects.filter(county=gaoxin, name="济宁高新技术产业开发区").exists()
    # The data has no 太白湖新区: it keeps no code and is placed under its prefecture.
    taibaihu = County.objects.get(slug="taibaihu")
    assert (taibaihu.code, taibaihu.region.code) == (None, "370800")


def test_new_counties_get_pinyin_slugs_unique_across_china(loaded):
    shizhong = dict(County.objects.filter(name="市中区").values_list("code", "slug"))
    assert shizhong["370103"] == "shizhong"
    assert shizhong["370402"] == "shizhong-zaozhuang"
    assert County.objects.get(code="110105").slug == "chaoyang"  # not zhaoyang
    assert len(set(County.objects.values_list("slug", flat=True))) == County.objects.count()


def test_renamed_counties_keep_their_former_names(loaded):
    alias = CountyAlias.objects.select_related("county").get(name="平泉县")
    assert (alias.county.name, alias.kind, str(alias.changed_on)) == (
        "平泉市",
        "former",
        "2017-04-03",
    )


def test_load_regions_says_what_it_did_and_then_that_nothing_changed(db):
    out = io.StringIO()
    call_command("load_regions", stdout=out)
    assert "county created" in out.getvalue()
    out = io.StringIO()
    call_command("load_regions", stdout=out)
    assert "already in step" in out.getvalue()


def rate(folder):
    """Return the share of the folder's sample items whose county is read right, and the misses."""
    spec = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    right, misses = 0, []
    for name, page in spec["pages"].items():
        text = (folder / name).read_text(encoding="utf-8")
        items = read(text, publication=page["publication"])
        assert len(items) == len(page["items"]), name
        for item, want in zip(items, page["items"], strict=True):
            if item.county_code == want["code"]:
                right += 1
            else:
                misses.append((name, item.headline, item.county, item.county_reason))
    return right / sum(len(page["items"]) for page in spec["pages"].values()), misses


@pytest.mark.parametrize("folder", ["tuning", "holdout"])
def test_the_county_is_right_for_95_percent_of_sample_items(loaded, folder, capsys):
    """Pages of papers in ten provinces; the holdout pages were not looked at while tuning."""
    share, misses = rate(PAGES / folder)
    with capsys.disabled():
        print(f"\ncounty recognition, {folder}: {share:.1%}")
    assert share >= TARGET_RATE, misses


def test_a_publication_s_region_decides_where_its_name_does_not(loaded):
    text = "社区志愿服务\n本报讯（记者 张三）近日，市中区组织志愿者走进社区。\n"
    assert [item.county_code for item in read(text, publication="某某晚报")] == [""]
    Publication.objects.create(name="某某晚报", region=Region.objects.get(code="511100"))
    assert [item.county_code for item in read(text, publication="某某晚报")] == ["511102"]
    # A paper named after its city needs no Publication.
    assert [item.county_code for item in read(text, publication="枣庄日报")] == ["370402"]


def test_dry_run_json_gives_each_report_s_county_code_and_reason(loaded, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("南旺镇：小麦机收过半\n本报讯（通讯员 袁军）眼下，南旺镇小麦进入收获期。\n")
    out = io.StringIO()
    call_command("import_page", str(page), "--dry-run", "--json", stdout=out)
    [report] = json.loads(out.getvalue())["reports"]
    assert (report["county"], report["county_code"]) == ("汶上县", "370830")
    assert "南旺镇" in report["county_reason"]
    # A county two share a name with is named by its code.
    page.write_text("本报讯（记者 张三）全区建成5个站点。\n")
    with pytest.raises(CommandError, match="重名"):
        call_command("import_page", str(page), "--county", "市中区", stdout=io.StringIO())
    call_command("import_page", str(page), "--county", "370402", stdout=io.StringIO())
    assert Report.objects.get().county.code == "370402"


# Browsing regions -------------------------------------------------------------------------


@pytest.fixture
def places(db):
    """山东省 › 济宁市 › 汶上县 (a published initiative), and 四川省 › 乐山市 › 市中区 (nothing)."""
    shandong = make_region("370000", "山东省")
    jining = make_region("370800", "济宁市", shandong)
    sichuan = make_region("510000", "四川省")
    leshan = make_region("511100", "乐山市", sichuan)
    wenshang = make_county(
        name="汶上县", slug="wenshang", code="370830", region=jining, prefecture="济宁市"
    )
    make_county(name="嘉祥县", slug="jiaxiang", code="370829", region=jining, prefecture="济宁市")
    shizhong = make_county(
        name="市中区", slug="shizhong-leshan", code="511102", region=leshan, prefecture="乐山市"
    )
    CountyAlias.objects.create(county=wenshang, name="汶上旧县", kind=CountyAlias.Kind.FORMER)
    make_figure(make_initiative(county=wenshang))
    return {"wenshang": wenshang, "shizhong": shizhong}


def test_regions_list_the_provinces_with_reports_and_their_counts(client, places):
    regions = client.get(reverse("initiatives:region_list")).context["regions"]
    assert [(r.name, r.report_count, r.initiative_count, r.figure_count) for r in regions] == [
        ("山东省", 1, 1, 1)
    ]
    regions = client.get(reverse("initiatives:region_list"), {"all": "1"}).context["regions"]
    assert [region.name for region in regions] == ["山东省", "四川省"]
    # A draft says nothing in public: 四川 is still not listed.
    make_report(county=places["shizhong"], status=Status.DRAFT)
    regions = client.get(reverse("initiatives:region_list")).context["regions"]
    assert [region.name for region in regions] == ["山东省"]


def test_a_province_lists_its_prefectures_and_a_prefecture_its_counties(client, places):
    province = client.get(reverse("initiatives:region_detail", args=["370000"])).context
    assert [region.name for region in province["prefectures"]] == ["济宁市"]
    prefecture = client.get(reverse("initiatives:region_detail", args=["370800"]))
    counts = {c.name: (c.report_count, c.figure_count) for c in prefecture.context["counties"]}
    assert counts == {"汶上县": (1, 1), "嘉祥县": (0, 0)}
    assert 'href="/counties/wenshang/"' in prefecture.text
    # A region without reports is reachable, its counties listed on asking.
    leshan = client.get(reverse("initiatives:region_detail", args=["511100"]), {"all": "1"})
    assert [county.name for county in leshan.context["counties"]] == ["市中区"]
    missing = client.get(reverse("initiatives:region_detail", args=["999999"]))
    assert missing.status_code == HTTPStatus.NOT_FOUND


def test_a_county_s_code_leads_to_its_page(client, places):
    response = client.get(reverse("initiatives:county_detail", args=["370830"]))
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/counties/wenshang/"
    page = client.get("/counties/wenshang/")
    assert "370830" in page.text
    assert 'href="/regions/370800/"' in page.text
    assert client.get("/counties/999999/").status_code == HTTPStatus.NOT_FOUND


def test_the_county_list_shows_regions_with_reports_and_finds_any_county(client, places):
    listed = {
        county.name for county in client.get(reverse("initiatives:county_list")).context["counties"]
    }
    assert {"汶上县", "嘉祥县"} <= listed
    assert "市中区" not in listed  # A region without reports is searched for, not listed.
    for query in ("市中", "shizhong", "ShiZhong"):
        found = client.get(reverse("initiatives:county_list"), {"q": query}).context["counties"]
        assert [county.name for county in found] == ["市中区"], query
    found = client.get(reverse("initiatives:county_list"), {"q": "汶上旧县"}).context["counties"]
    assert [county.name for county in found] == ["汶上县"]
    page = client.get(reverse("initiatives:county_list"), {"q": "火星"})
    assert "没有符合的县区" in page.text


def test_figures_and_initiatives_filter_by_province_or_prefecture(client, places):
    make_figure(make_initiative(county=places["shizhong"]))
    for code, expected in (("370800", {"汶上县"}), ("370000", {"汶上县"}), ("510000", {"市中区"})):
        response = client.get(reverse("initiatives:figure_list"), {"region": code})
        keys = response.context["paginator"].object_list  # the list's keys
        shown = {f.initiative.county.name for f in Figure.objects.filter(pk__in=keys)}
        assert shown == expected, code
        response = client.get(reverse("initiatives:initiative_list"), {"region": code})
        keys = response.context["paginator"].object_list
        assert {i.county.name for i in Initiative.objects.filter(pk__in=keys)} == expected
    rows = client.get(reverse("initiatives:figures_csv"), {"region": "511100"})
    assert b"511102" in b"".join(rows.streaming_content)


# Papers of many regions ---------------------------------------------------------------------


@pytest.fixture
def many_regions(db):
    """Seven prefectures of three provinces, ten counties each: 70 listed, one with work each."""
    provinces = [
        make_region(f"{p}0000", name)
        for p, name in [(37, "山东省"), (41, "河南省"), (51, "四川省")]
    ]
    counties = {}
    for n in range(7):
        province = provinces[n % 3]
        code = f"{province.code[:2]}{n + 1:02d}00"
        prefecture = make_region(code, f"第{n + 1}市", province)
        for m in range(10):
            county = make_county(
                name=f"第{n + 1}市{m + 1}县",
                slug=f"p{n + 1}-c{m + 1}",
                code=f"{code[:4]}{m + 1:02d}",
                region=prefecture,
                prefecture=prefecture.name,
                position=10 * n + m,
            )
            counties[county.slug] = county
        make_figure(make_initiative(county=counties[f"p{n + 1}-c1"]))
    return counties


def county_boxes(html):
    return html.count('name="county"')


def test_a_list_offers_a_chosen_regions_counties_where_the_listed_counties_are_many(
    client, many_regions
):
    figures = client.get(reverse("initiatives:figure_list")).text
    assert county_boxes(figures) == 0
    assert "先在“省市”中选择，再勾选其下的县区。" in figures
    assert figures.count('<option value="') >= 10  # the regions with data are offered

    chosen = client.get(reverse("initiatives:initiative_list"), {"region": "370100"}).text
    assert county_boxes(chosen) == 10
    assert 'value="p1-c1"' in chosen
    assert 'value="p2-c1"' not in chosen
    # A county asked for stays offered, ticked, to be unticked.
    asked = client.get(reverse("initiatives:figure_list"), {"county": "p5-c3"}).text
    assert county_boxes(asked) == 1
    assert 'value="p5-c3" id="id_county_0" checked' in asked


def test_a_list_offers_every_listed_county_while_they_are_few(client, places):
    figures = client.get(reverse("initiatives:figure_list")).text
    # 汶上县 and 嘉祥县 of 济宁市, which has reports; 乐山市 has none.
    assert county_boxes(figures) == 2
    assert 'value="wenshang"' in figures
    assert 'value="shizhong-leshan"' not in figures


def test_the_overview_shows_provinces_where_the_listed_counties_are_many(client, many_regions):
    response = client.get(reverse("initiatives:home"))
    text = response.text
    assert text.count('<li class="card') == 3  # a card per province, not 70 per county
    assert [(r.name, r.report_count) for r in response.context["provinces"]] == [
        ("山东省", 3),
        ("河南省", 2),
        ("四川省", 2),
    ]
    fresh = {
        "reports": Report.objects.public().count(),
        "initiatives": Initiative.objects.public().count(),
        "figures": Figure.objects.public().count(),
        "counties": 7,
    }
    assert response.context["totals"] == fresh
    assert reverse("initiatives:county_list") in text


def test_the_overview_totals_are_those_of_the_counties_one_by_one(many_regions):
    listed = list(County.objects.listed().with_public_counts())
    assert County.objects.listed().public_totals() == {
        "reports": sum(county.report_count for county in listed),
        "initiatives": sum(county.initiative_count for county in listed),
        "figures": sum(county.figure_count for county in listed),
        "counties": sum(1 for county in listed if county.initiative_count),
    }


def test_the_county_list_pages_its_counties(client, many_regions):
    url = reverse("initiatives:county_list")
    first = client.get(url).text
    assert first.count('<li class="card') == 24
    assert 'rel="next"' in first
    last = client.get(url, {"page": "3"}).text
    assert last.count('<li class="card') == 70 - 2 * 24
    assert "第7市10县" in last
    assert "第7市10县" not in first
    assert County.objects.listed().count() == 70
    past = client.get(url, {"page": "9"}).text
    assert "没有第 9 页，已显示最后一页（第 3 页）。" in past
    assert "第7市10县" in past


def test_counties_from_many_regions_are_listed_by_their_codes(client, db):
    """By display order, then by code, which keeps a province's counties together."""
    for name, code in [("甲县", "510101"), ("乙县", "130101"), ("丙县", None)]:
        make_initiative(county=make_county(name=name, code=code))
    make_initiative(county=make_county(name="报社县", position=1))
    text = client.get(reverse("initiatives:county_list")).text
    order = [text.index(name) for name in ("乙县", "甲县", "丙县", "报社县")]
    assert order == sorted(order)


def test_a_bad_region_or_county_offers_no_county_from_it(client, many_regions):
    """The form offers from the valid values only: a NUL byte never reaches the database."""
    response = client.get(reverse("initiatives:figure_list"), {"region": "\x00", "county": "\x00"})
    assert response.status_code == HTTPStatus.OK
    assert county_boxes(response.text) == 0
    assert "先在“省市”中选择，再勾选其下的县区。" in response.text


def test_a_region_keeps_the_figures_of_its_counties_and_its_prefectures_counties(
    client, many_regions
):
    """A province holds its prefectures' counties and those it administers directly (济源市)."""
    henan = Region.objects.get(code="410000")
    jiyuan = make_county(name="直管市", slug="jiyuan", code="419001", region=henan)
    make_figure(make_initiative(county=jiyuan))
    for code in ("410000", "410200", "370100"):
        listed = client.get(reverse("initiatives:figure_list"), {"region": code}).context
        shown = {figure.pk for figure in listed["object_list"]}
        expected = set(
            Figure.objects.public()
            .filter(
                Q(initiative__county__region__code=code)
                | Q(initiative__county__region__parent__code=code)
            )
            .values_list("pk", flat=True)
        )
        assert shown == expected
        assert expected


def test_a_region_filters_the_listing_by_its_counties_keys(client, many_regions):
    """Its counties' keys, which the listing's indexes lead with, not a join to every county."""
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("initiatives:figure_list"), {"region": "410000", "o": "county"})
    listing = [q["sql"] for q in queries if "initiatives_publicfigure" in q["sql"]]
    assert listing
    assert not any("initiatives_region" in sql for sql in listing)


def test_the_region_select_groups_each_province_s_prefectures_under_it(client, many_regions):
    beijing = make_region("110000", "北京市")
    make_figure(make_initiative(county=make_county(name="东城区", code="110101", region=beijing)))
    text = client.get(reverse("initiatives:figure_list"), {"region": "370100"}).text
    select = text[
        text.index('<select name="region"') : text.index(
            "</select>", text.index('<select name="region"')
        )
    ]
    # A municipality without prefectures is one option; a province leads its group, as a whole.
    assert select.index('<option value="110000">北京市</option>') < select.index(
        '<optgroup label="山东省">'
    )
    shandong = select[select.index('<optgroup label="山东省">') : select.index("</optgroup>")]
    assert shandong.count("<option") == 4  # the province and its three prefectures with work
    assert '<option value="370000">山东省（全部）</option>' in shandong
    assert '<option value="370100" selected>第1市</option>' in shandong
    assert '<option value="410200">' not in shandong
    assert select.count("<optgroup") == 3
    # The filter in use is named as offered, not by its code.
    assert "省市：第1市" in text


def test_a_province_s_counties_are_offered_under_their_prefectures(client, many_regions):
    text = client.get(reverse("initiatives:figure_list"), {"region": "370000"}).text
    assert county_boxes(text) == 30
    headings = [text.index(f'aria-hidden="true">第{n}市</span>') for n in (1, 4, 7)]
    assert headings == sorted(headings)
    assert text.count('class="checks-group"') == 3
    # Each heading is followed by its own prefecture's counties.
    assert text.index('value="p4-c1"') > headings[1] > text.index('value="p1-c10"')
    # A screen reader hears the prefecture with each county (a province has several 市中区).
    assert '第4市1县<span class="visually-hidden">（第4市）</span></label>' in text


def test_a_province_s_counties_stay_together_whatever_their_display_order(client, many_regions):
    """Staff's display order puts one county of 第4市 first; its prefecture is not split."""
    County.objects.filter(slug="p4-c5").update(position=0)  # 第1市1县's
    text = client.get(reverse("initiatives:figure_list"), {"region": "370000"}).text
    assert text.count('class="checks-group"') == 3
    assert text.index('value="p1-c10"') < text.index('value="p4-c5"') < text.index('value="p4-c1"')
