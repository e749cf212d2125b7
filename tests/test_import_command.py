import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from initiatives.models import Report, Status
from initiatives.reading import MAX_PAGE_CHARS

from .factories import make_counties
from .import_helpers import DATA, SEED_PAGE, counts

pytestmark = pytest.mark.django_db


NOTHING = {"Report": 0, "Paragraph": 0, "Initiative": 0, "Figure": 0}
QUALIFIERS = {"exact", "approximate", "at_least", "at_most", "range"}
NO_DATELINE = "全县第一批论证通过的102个帮扶项目正在实施。\n\n帮扶项目建设提速\n"


@pytest.fixture
def counties():
    return make_counties()


def run(*args, stdin=None):
    """Run import_page and return its standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_page", *map(str, args), stdout=out, stderr=err, stdin=stdin)
    return out.getvalue(), err.getvalue()


def write(tmp_path, data, name="page.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_import_creates_the_nine_drafts_with_where_they_were_printed(counties):
    out, _err = run(SEED_PAGE, "--publication", "济宁日报", "--date", "2024-07-15", "--page", "04")

    assert "已导入 9 篇" in out
    assert Report.objects.filter(status=Status.DRAFT).count() == 9
    assert set(Report.objects.values_list("publication", "published_on", "page")) == {
        ("济宁日报", date(2024, 7, 15), "04")
    }
    assert not Report.objects.public().exists()


def test_importing_the_same_page_again_changes_nothing_and_says_so(counties):
    run(SEED_PAGE)
    before = counts()

    out, _err = run(SEED_PAGE)

    assert "没有变化" in out
    assert counts() == before


def test_dry_run_json_prints_the_reading_in_the_documented_shape_and_saves_nothing(counties):
    out, _err = run(SEED_PAGE, "--dry-run", "--json")

    assert "汶上县" in out  # Not escaped to \uXXXX.
    reading = json.loads(out)  # Nothing but the JSON on standard output.
    assert counts() == NOTHING
    assert len(reading["reports"]) == 9
    first = reading["reports"][0]
    assert first["county"] == "汶上县"
    assert first["dateline"] == "本报汶上讯"
    assert first["correspondents"] == ["袁军", "孙超"]
    assert first["headline"] == "汶上县：抓实帮扶项目 助力乡村振兴"
    assert first["kind"] == "report"
    for report in reading["reports"]:
        assert {"county", "dateline", "correspondents", "headline", "kind"} <= report.keys()
        assert all(isinstance(text, str) and text for text in report["paragraphs"])
        for figure in report["figures"]:
            text = report["paragraphs"][figure["paragraph"]]
            assert text[figure["start"] : figure["end"]] == figure["quote"]
            assert figure["qualifier"] in QUALIFIERS
            assert isinstance(figure["amount"], str)
            Decimal(figure["amount"])
            assert figure["amount_max"] is None or Decimal(figure["amount_max"])
            assert isinstance(figure["confidence"], float | int)
            for key in ("value", "unit", "base_unit", "counted"):
                assert isinstance(figure[key], str)
    quotes = {f["quote"]: f for f in first["figures"]}
    assert quotes["102个"]["amount"] == "102"
    assert quotes["102个"]["qualifier"] == "exact"


def test_dry_run_without_json_lists_the_items_and_saves_nothing(counties):
    out, _err = run(SEED_PAGE, "--dry-run")

    assert "汶上县：抓实帮扶项目 助力乡村振兴" in out
    assert "没有保存任何内容" in out
    assert counts() == NOTHING


def test_json_with_an_import_keeps_standard_output_for_the_json(counties):
    out, err = run(SEED_PAGE, "--json")

    assert len(json.loads(out)["reports"]) == 9
    assert "已导入 9 篇" in err
    assert Report.objects.count() == 9


def test_dash_reads_standard_input(counties):
    run("-", stdin=io.BytesIO(SEED_PAGE.read_bytes()))

    assert Report.objects.count() == 9


def test_a_gb18030_file_is_read(counties, tmp_path):
    path = write(tmp_path, SEED_PAGE.read_text().encode("gb18030"))

    run(path)

    assert Report.objects.get(dateline="本报汶上讯").correspondents == "袁军 孙超"
    assert Report.objects.count() == 9


def test_a_utf8_file_with_a_byte_order_mark_is_read(counties, tmp_path):
    path = write(tmp_path, SEED_PAGE.read_text().encode("utf-8-sig"))

    run(path)

    assert Report.objects.count() == 9


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "空"),
        (b"  \n\n ", "空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "不是文本文件"),
        ("本报汶上讯".encode() + b"\xff\xfe\xfa" * 10, "编码"),
        ("本报汶上讯（通讯员 袁军）".encode() * (MAX_PAGE_CHARS // 5), "一次最多读取"),
    ],
    ids=["empty", "blank", "binary", "undecodable", "over-limit"],
)
def test_bad_files_get_a_clear_message_and_save_nothing(counties, tmp_path, data, message):
    path = write(tmp_path, data)

    with pytest.raises(CommandError, match=message):
        run(path)

    assert counts() == NOTHING


def test_a_huge_file_is_refused_without_reading_all_of_it(counties, tmp_path):
    path = write(tmp_path, b"a" * (5 * MAX_PAGE_CHARS))

    with pytest.raises(CommandError, match="一次最多读取"):
        run(path)


def test_text_without_a_dateline_is_refused_offering_whole(counties, tmp_path):
    path = write(tmp_path, NO_DATELINE.encode())

    with pytest.raises(CommandError, match="--whole"):
        run(path)
    assert counts() == NOTHING

    run(path, "--whole", "--county", "汶上县")

    report = Report.objects.get()
    assert report.county.name == "汶上县"
    assert report.paragraphs.first().text == "全县第一批论证通过的102个帮扶项目正在实施。"
    assert report.initiatives.get().figures.get().quote == "102个"


def test_unknown_county_is_refused_offering_the_known_ones(counties, tmp_path):
    path = write(tmp_path, NO_DATELINE.encode())

    with pytest.raises(CommandError) as error:
        run(path, "--whole", "--county", "火星县")

    assert "火星县" in str(error.value)
    assert "汶上县" in str(error.value)
    assert "--county" in str(error.value)
    assert counts() == NOTHING


def test_a_missing_file_and_a_bad_date_are_reported(counties, tmp_path):
    with pytest.raises(CommandError, match="无法读取文件"):
        run(tmp_path / "missing.txt")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run(SEED_PAGE, "--date", "15/07/2024")
    assert counts() == NOTHING


# Continuing the initiatives of earlier pages (the seed fixture's)

FOLLOW_UPS = DATA / "pages" / "tuning" / "2024-12-05-wenshang-weishan-zoucheng.txt"


def test_dry_run_json_lists_the_initiatives_each_report_may_continue(seed):
    out, _err = run(FOLLOW_UPS, "--dry-run", "--json")

    reports = json.loads(out)["reports"]
    assert counts() == {"Report": 9, "Paragraph": 37, "Initiative": 9, "Figure": 63}
    wenshang, weishan, false_friend, unrelated = reports
    (best,) = wenshang["continues"]
    assert best["initiative"] == "wenshang-assistance-projects"
    assert best["title"] == "汶上县抓实帮扶项目"
    assert 0.5 <= best["score"] <= 1
    assert "帮扶项目" in best["reason"]
    assert weishan["continues"][0]["initiative"] == "weishan-community-partners"
    assert all(match["score"] < 0.5 for match in false_friend["continues"])
    assert unrelated["continues"] == []
    for report in reports:
        assert len(report["continues"]) <= 3
        scores = [match["score"] for match in report["continues"]]
        assert scores == sorted(scores, reverse=True)
        for match in report["continues"]:
            assert set(match) == {"initiative", "title", "score", "reason"}


def test_dry_run_says_which_initiative_each_report_would_continue(seed):
    out, _err = run(FOLLOW_UPS, "--dry-run")

    assert "→ 续报“汶上县抓实帮扶项目”（wenshang-assistance-projects，0.9" in out
    assert out.count("→ 新建工作举措") == 2
    assert counts()["Report"] == 9


def test_import_links_a_follow_up_to_its_initiative_and_says_so(seed):
    out, _err = run(FOLLOW_UPS, "--date", "2024-12-05")

    assert "其中 2 篇续报已有的工作举措（发布时并入），2 篇新建工作举措。" in out
    assert "→ 续报“汶上县抓实帮扶项目”（wenshang-assistance-projects）" in out
    report = Report.objects.get(headline__startswith="汶上县帮扶项目增至160个")
    assert report.continues.slug == "wenshang-assistance-projects"
    assert counts()["Initiative"] == 9 + 2
    assert "→ 新建工作举措" in out


def test_new_starts_a_new_initiative_for_every_report(seed):
    out, _err = run(FOLLOW_UPS, "--new")

    assert "其中 0 篇续报已有的工作举措（发布时并入），4 篇新建工作举措。" in out
    assert not Report.objects.filter(continues__isnull=False).exists()
    assert counts()["Initiative"] == 9 + 4
