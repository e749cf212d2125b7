"""Every sample page: read as hand-written, nothing lost, never a crash on any text."""

import json
import os
import re
import unicodedata
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatives.reading import ReadingError, read_page
from initiatives.reading.bylines import PAPER
from initiatives.reading.layout import JUMP, despace
from initiatives.reading.lexicon import ROLES
from initiatives.reading.text import check_text, clean_line, fold, is_furniture

from .reading_helpers import (
    BOXED_BYLINE,
    COUNTIES,
    E_PAPER,
    HEADLINE_BEFORE,
    HEADLINES_AFTER,
    ONE_LINE_PARAGRAPHS_HEADLINES_AFTER,
    PAGES,
    WRAPPED_NO_BLANKS,
    seed_text,
)

PAGE_ALPHABET = st.sampled_from(
    list("本报讯记者通讯员（）()，。、：；！？“”　 \n0123456789０１２３４５６７８９")
    + list("个名人万亿余多以上至约近第年月日岁+-~％%.县区市□■摄报道")
    + list("汶上邹城社区党组织帮扶项目一二两三十百千")
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=PAGE_ALPHABET, max_size=400)))
def test_read_page_never_crashes(text):
    try:
        items = read_page(text, COUNTIES)
    except ReadingError:
        return
    for item in items:
        assert item.kind in ("report", "photo")
        assert all("\n" not in p for p in item.paragraphs)
        for found in item.figures:
            paragraph = item.paragraphs[found.paragraph]
            assert paragraph[found.start : found.end] == found.quote


# ---------------------------------------------------------------- nothing is lost


# Role words and paper names are dropped from bylines on purpose: "大众日报记者 张三" -> 张三.
BYLINE_WORDS = re.compile(rf"{PAPER}?(?:{ROLES})|报道|報導|摄影|摄|文/图|图/文|[文图]/")


def letters(text):
    """Count the letters and digits of text, ignoring spaces and punctuation."""
    return Counter(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def lost(text, items):
    """Return the letters of the page found in no item, leaving out furniture and role words."""
    kept = []
    for raw in check_text(text).split("\n"):
        line = clean_line(JUMP.sub("", despace(raw.replace("\u3000", " "))))
        if not is_furniture(line) and not (fold(line).isdigit() and len(line) <= 4):
            kept.append(line)
    page = re.sub(r"\s", "", "".join(kept))
    # A name given twice (in a dateline and again in a credit) is listed once.
    for name in {name for item in items for name in item.correspondents}:
        page = page.replace(name, "")
    read = "".join(
        item.dateline + item.headline + item.subheadline + "".join(item.paragraphs)
        for item in items
    )
    roles = letters("".join(BYLINE_WORDS.findall(fold(page))))
    return letters(page) - letters(read) - roles


def page_texts():
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(PAGES.glob("*.txt"))}
    texts.update(
        {
            "HEADLINE_BEFORE": HEADLINE_BEFORE,
            "BOXED_BYLINE": BOXED_BYLINE,
            "E_PAPER": E_PAPER,
            "HEADLINES_AFTER": HEADLINES_AFTER,
            "WRAPPED_NO_BLANKS": WRAPPED_NO_BLANKS,
            "ONE_LINE_PARAGRAPHS_HEADLINES_AFTER": ONE_LINE_PARAGRAPHS_HEADLINES_AFTER,
        }
    )
    return texts


@pytest.mark.parametrize("name", ["seed", *page_texts()])
def test_no_text_is_lost(name):
    """Every letter of a page that is not furniture ends up in some item."""
    text = seed_text() if name == "seed" else page_texts()[name]
    assert lost(text, read_page(text, COUNTIES)) == Counter()


FURNITURE_LINES = ["济宁日报 2025年3月18日 星期二 第03版 县区新闻", "责任编辑：刘洋", "第05版", "3"]


HEADLINE_LINES = [
    "嘉祥县：“红色物业”让小区治理有温度",
    "曲阜市",
    "“儒韵银龄”志愿服务队服务群众超5万人次",
    "——让老人吃上热乎饭",
    "聚焦“一老一小”办实事",
    "让老人老有所依！",
]


START_LINES = [
    "本报嘉祥3月17日讯（记者 王晓明 通讯员 赵磊）",
    "本报讯",
    "本报讯 ",
    "新华社济南4月8日电（记者 孙一凡）",
    "■汶上县 ",
    "□通讯员 孔德华 报道",
    "本报记者 李娜",
    "通讯员 高峰",
    "□ 大众日报记者  张国强  报道",
    "图为志愿者为老人理发。（通讯员 孟凡 摄）",
    "■通讯员 孟恒 摄",
    "（记者 张涛 通讯员 李军）",
    "文/图 本报记者 张三",
    "记者　刘　洋　通讯员　陈晓燕",
    "▲金乡县：近日，金乡县发出首批出口大蒜18箱。（孟雪）",
]


BODY_LINES = [
    "今年以来，全县新建幸福食堂30处，服务老人3000余人次。",
    "截至2月底，全县已有86个小区成立党支部，",
    "覆盖居民3.6万户。",
    "下一步，该县计划再改造老旧小区15至20个。",
    "近日，任城区组织120余名退休教师走进乡村学校。（通讯员 周立）",
    "一、强化组织引领",
    "",
    "　　据了解，全县还将开设托管班40个。",
    "本 报 讯 （ 通 讯 员  赵 磊 ） 嘉 祥 县 建 成 站 点 ４ ６ 个 。",
    "县区简讯",
]


@settings(max_examples=int(os.environ.get("PAGE_EXAMPLES", 300)), deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(FURNITURE_LINES),
            st.sampled_from(HEADLINE_LINES),
            st.sampled_from(START_LINES),
            st.sampled_from(BODY_LINES),
        ),
        max_size=30,
    ),
    st.sampled_from(["\n", "\r\n"]),
)
def test_no_text_is_lost_on_composed_pages(lines, newline):
    """Whatever the order of headlines, datelines, bylines and paragraphs, nothing is lost."""
    text = newline.join(lines)
    try:
        items = read_page(text, COUNTIES)
    except ReadingError:
        items = read_page(text, COUNTIES, whole=True) if text.strip() else []
    if items:
        assert lost(text, items) == Counter()


# ---------------------------------------------------------------- pages of other papers


@pytest.mark.parametrize("expected", sorted(PAGES.glob("*.json")), ids=lambda path: path.stem)
def test_sample_pages_read_as_expected(expected):
    """Each sample page gives the hand-written items, bylines, counties and key figures."""
    spec = json.loads(expected.read_text(encoding="utf-8"))
    items = read_page(expected.with_suffix(".txt").read_text(encoding="utf-8"), COUNTIES)
    assert len(items) == len(spec["items"])
    for item, want in zip(items, spec["items"], strict=True):
        assert (item.kind, item.dateline, item.correspondents, item.county) == (
            want["kind"],
            want["dateline"],
            want["correspondents"],
            want["county"],
        )
        assert item.headline == want.get("headline", item.headline)
        assert want.get("headline_contains", "") in item.headline
        assert item.subheadline == want.get("subheadline", item.subheadline)
        assert len(item.paragraphs) == want["paragraphs"]
        found = {f.quote: f for f in item.figures}
        if spec.get("all_figures"):
            assert [f.quote for f in item.figures] == [f[0] for f in want["figures"]]
        # [quote, unit, qualifier, counted, period, kind]; the last three optional, null skips.
        for quote, unit, qualifier, *more in want["figures"]:
            assert (quote, found[quote].unit, found[quote].qualifier) == (quote, unit, qualifier)
            for name, value in zip(("counted", "period", "kind"), more, strict=False):
                if value is not None:
                    assert getattr(found[quote], name) == value, (quote, name)
        for trap in want.get("not_figures", []):
            assert not any(trap in f.quote for f in item.figures), trap
