"""Reading the seed page: items, paragraphs and figures as the hand-checked fixture has them."""

import json

from initiatives.reading import read_page, to_json

from .reading_helpers import COUNTIES, load_fixture, seed_text


def test_seed_page_items_match_the_hand_checked_fixture():
    """All nine items, with datelines, bylines, headlines, counties and paragraphs."""
    fixture = load_fixture()
    counties = {c["pk"]: c["fields"]["name"] for c in fixture["initiatives.county"]}
    reports = sorted(fixture["initiatives.report"], key=lambda r: r["pk"])
    paragraphs = {}
    for p in sorted(fixture["initiatives.paragraph"], key=lambda p: p["fields"]["position"]):
        paragraphs.setdefault(p["fields"]["report"], []).append(p["fields"]["text"])

    items = read_page(seed_text(), list(counties.values()))

    assert len(items) == len(reports) == 9
    for report, item in zip(reports, items, strict=True):
        expected = report["fields"]
        assert item.kind == expected["kind"]
        assert item.dateline == expected["dateline"]
        assert item.correspondents == expected["correspondents"].split()
        assert item.county == counties[expected["county"]]
        assert item.paragraphs == paragraphs[report["pk"]]
        # The photo has no printed headline; both readings take the caption's first clause.
        assert item.headline == expected["headline"]


def test_seed_page_figures_match_the_hand_checked_fixture():
    """At least 98% of the fixture's figures found; at most 5% of suggestions not in it."""
    fixture = load_fixture()
    counties = [c["fields"]["name"] for c in fixture["initiatives.county"]]
    texts = {p["pk"]: p["fields"]["text"] for p in fixture["initiatives.paragraph"]}
    expected = {
        (texts[f["fields"]["paragraph"]], f["fields"]["start"], f["fields"]["end"]): f["fields"]
        for f in fixture["initiatives.figure"]
    }
    suggested = {
        (item.paragraphs[f.paragraph], f.start, f.end): f
        for item in read_page(seed_text(), counties)
        for f in item.figures
    }

    right = [
        key
        for key, fields in expected.items()
        if key in suggested
        and suggested[key].quote == fields["quote"]
        and (suggested[key].value, suggested[key].unit, suggested[key].qualifier)
        == (fields["value"], fields["unit"], fields["qualifier"])
    ]
    unexpected = [key for key in suggested if key not in expected]
    assert len(right) >= 0.98 * len(expected)
    assert len(unexpected) <= 0.05 * len(suggested)
    # An achieved figure suggested as expected (or the reverse) would mislead staff.
    wrong_kind = [
        fields["quote"]
        for key, fields in expected.items()
        if key in suggested and suggested[key].kind != fields["kind"]
    ]
    assert wrong_kind == []


def test_seed_page_reflows_broken_sentences_and_figures():
    items = read_page(seed_text(), COUNTIES)
    wenshang = items[0]
    # "每村每年可增加\n\n集体收入3万元以上。" and "对论证通过的帮\n\n扶项目" are one paragraph.
    assert wenshang.paragraphs[1].endswith("每村每年可增加集体收入3万元以上。")
    assert wenshang.paragraphs[2].startswith(
        "加强督导协调，确保实施进度“快”。对论证通过的帮扶项目，"
    )
    jinxiang = items[6]
    assert "解决小区下水道改造、邻里矛盾纠纷等问题60余件" in jinxiang.paragraphs[2]
    assert all("\n" not in p for item in items for p in item.paragraphs)


def test_seed_page_photo_caption_and_credit():
    photo = read_page(seed_text(), COUNTIES)[7]
    assert photo.kind == "photo"
    assert photo.dateline == ""
    assert photo.correspondents == ["孟恒"]
    assert photo.county == "济宁经开区"
    assert photo.paragraphs[0].startswith("济宁经开区组织开展")
    assert not any("摄" in p[-3:] for p in photo.paragraphs)


def test_to_json_has_the_documented_shape():
    data = to_json(read_page(seed_text(), COUNTIES))
    first = data["reports"][0]
    assert first["county"] == "汶上县"
    assert first["dateline"] == "本报汶上讯"
    assert first["correspondents"] == ["袁军", "孙超"]
    assert first["kind"] == "report"
    figure = next(f for f in first["figures"] if f["quote"] == "102个")
    assert figure == figure | {
        "paragraph": 1,
        "value": "102",
        "unit": "个",
        "amount": "102",
        "base_unit": "个",
        "qualifier": "exact",
        "amount_max": None,
        "counted": "帮扶项目",
    }
    assert first["paragraphs"][1][figure["start"] : figure["end"]] == "102个"
    assert 0 <= figure["confidence"] <= 1
    money = next(f for f in first["figures"] if f["quote"] == "300万元")
    assert (money["amount"], money["base_unit"]) == ("3000000", "元")
    json.dumps(data, ensure_ascii=False)  # plain JSON types only
