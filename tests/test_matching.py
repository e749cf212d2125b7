"""Matching a read report to the initiative it continues: pure scoring, no database."""

import pytest

from initiatives import matching
from initiatives.matching import (
    CONTINUE_THRESHOLD,
    Candidate,
    Subject,
    continues,
    programmes,
    rank,
    same_noun,
)

from .matching_helpers import (
    HOLDOUT,
    TUNING,
    page_cases,
    seed_candidates,
    seed_counties,
    subject_of,
)

PLACES = list(seed_counties().values())
CANDIDATES = seed_candidates()
EVERY_CANDIDATE = [candidate for found in CANDIDATES.values() for candidate in found]


def cases(folder):
    return [
        pytest.param(item, expected, id=f"{folder.name}:{item.headline}")
        for _name, item, expected, _kind in page_cases(folder)
    ]


def best(item, candidates):
    return rank(subject_of(item), candidates, places=PLACES)


# The follow-up pages: tuning/ set the weights and the threshold; holdout/ was scored once after.


@pytest.mark.parametrize(("item", "expected"), cases(TUNING) + cases(HOLDOUT))
def test_a_follow_up_continues_its_initiative_and_nothing_else_does(item, expected):
    """Among its county's initiatives, a follow-up's comes first above the threshold; others stay below."""
    found = best(item, CANDIDATES.get(item.county, []))

    if expected is None:
        assert continues(found) is None, found
    else:
        assert found[0].slug == expected, found
        assert found[0].score >= CONTINUE_THRESHOLD, found
        assert found[0].reason


@pytest.mark.parametrize(
    ("item", "expected"),
    [case for case in cases(TUNING) + cases(HOLDOUT) if case.values[1] is not None],
)
def test_a_follow_up_ranks_its_initiative_first_among_every_county_s(item, expected):
    """Even against all nine seed initiatives, related work elsewhere does not come first."""
    found = best(item, EVERY_CANDIDATE)

    assert found[0].slug == expected, found


def test_matches_are_ranked_scored_between_0_and_1_and_at_most_three():
    (item,) = [
        item for _n, item, slug, _k in page_cases(TUNING) if slug and "帮扶" in item.headline
    ]

    found = best(item, EVERY_CANDIDATE * 2)  # Every candidate twice: more than three fit.

    assert len(found) == matching.SUGGESTIONS
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert all(0 <= m.score <= 1 for m in found)


def test_the_reason_names_the_shared_title_words_counted_things_and_programmes():
    candidate = Candidate(
        slug="wenshang-projects",
        title="汶上县抓实帮扶项目",
        summary="汶上县念好“五字诀”，抓实驻村帮扶项目建设。",
        counted=("帮扶项目", "帮扶资金"),
        theme="乡村振兴",
    )
    subject = Subject(
        "汶上县帮扶项目增至160个",
        ("截至11月底，全县帮扶项目增至160个，各村念好“五字诀”，助力乡村振兴。",),
        ("帮扶项目增至",),
    )

    (match,) = rank(subject, [candidate], places=["汶上县"])

    assert match.slug == "wenshang-projects"
    assert match.title == "汶上县抓实帮扶项目"
    assert "标题共有“帮扶项目”" in match.reason
    assert "同样统计“帮扶项目”" in match.reason
    assert "同一提法“五字诀”" in match.reason
    assert "主题“乡村振兴”" in match.reason
    assert "汶上" not in match.reason  # The county's name is no evidence.


def test_a_named_programme_links_two_otherwise_different_reports():
    candidate = Candidate(
        slug="yishiyiyi", title="某镇推行一事一议 村内道路有人管", counted=("村内道路",)
    )
    follow_up = Subject("某镇一事一议项目完工", ("今年该镇通过一事一议筹资建设的项目全部完工。",))
    other = Subject("某镇举办农民丰收节", ("丰收节期间，全镇销售农产品三千余吨。",))

    (match,) = rank(follow_up, [candidate])

    assert "同一提法“一事一议”" in match.reason
    assert match.score >= CONTINUE_THRESHOLD
    assert rank(other, [candidate]) == []


def test_programmes_are_quoted_names_and_the_lexicon_s_patterns():
    text = (
        "深化“双报到”机制，推行“1+N”共建、一事一议和河长制，打造“社区伙伴”品牌，"
        "“准、快、优”三字诀，“厂房就建在家门口，一个月能挣两千多块钱。”村民说，"
        "把好“第一关”，上好“家门口”的课，开展“两委”换届。"
    )

    found = programmes(text)

    assert {"双报到", "1+N", "一事一议", "河长制", "社区伙伴", "第一关"} <= found
    assert "家门口" not in found  # A stock metaphor, in lexicon.GENERIC_QUOTED.
    assert "两委" not in found
    assert not any("，" in name or "、" in name for name in found)  # Lists and speech.


def test_generic_words_in_titles_are_no_evidence():
    candidate = Candidate(slug="a", title="某县：抓实帮扶项目 助力乡村振兴")
    subject = Subject("某县：文旅融合 助力乡村振兴", ("游客同比增长。",))

    assert rank(subject, [candidate], places=["某县"]) == []


def test_counted_nouns_match_despite_the_words_the_reader_keeps_with_them():
    assert same_noun("帮扶项目", "帮扶项目增至")
    assert same_noun("社区伙伴", "社区伙伴")
    assert not same_noun("老干部", "老干部专家服务团扩充到")  # Too small a part of it.
    assert not same_noun("项目", "帮扶项目")  # Too short to tell.


def test_no_candidates_or_an_empty_report_match_nothing():
    assert rank(Subject("某县帮扶项目增至160个"), []) == []
    assert rank(Subject(""), EVERY_CANDIDATE) == []


def test_continues_takes_the_best_match_only_at_the_threshold():
    at = matching.Match("a", "A", CONTINUE_THRESHOLD, "")
    below = matching.Match("b", "B", CONTINUE_THRESHOLD - 0.01, "")

    assert continues([at, below]) == "a"
    assert continues([below]) is None
    assert continues([]) is None


def test_a_county_of_many_initiatives_weighs_only_the_closest_in_full():
    """Hundreds of initiatives are narrowed to a shortlist before every kind of evidence is weighed."""
    crowd = [
        Candidate(slug=f"c{n}", title=f"某县第{n}届运动会", summary="比赛项目丰富。")
        for n in range(300)
    ]
    (item,) = [
        item for _n, item, slug, _k in page_cases(TUNING) if slug and "帮扶" in item.headline
    ]
    pool = matching.Pool([*crowd, *CANDIDATES["汶上县"]], places=PLACES)

    assert len(pool.shortlist(matching.Profile.of_subject(subject_of(item), pool.strip))) <= (
        matching.SHORTLIST
    )
    assert pool.rank(subject_of(item))[0].slug == "wenshang-assistance-projects"
