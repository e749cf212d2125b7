"""The gazetteer: load_regions, the demo's counties matched to their codes, recognition rates."""

import io
import json
from functools import lru_cache
from pathlib import Path

import pytest
from django.core.management import call_command

from initiatives import gazetteer, regions
from initiatives.importing import read
from initiatives.models import County, CountyAlias, Publication, Region, Town

from .factories import make_counties

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
    assert (alias.county.name, alias.kind, str(alias.changed_on)) == ("平泉市", "former", "2017-04-03")


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
