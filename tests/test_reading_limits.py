"""Reading adversarial pages up to the size limit: what comes back, and work linear in size.

Timing is left to `make bench-reading`; these tests pin the behaviour on the shapes it times,
and count the work of the steps that used to grow with the square of the page (issue 8).
"""

from http import HTTPStatus
from unittest import mock

import pytest
from django.urls import reverse

from initiatives.reading import MAX_PAGE_CHARS, extract_figures, read_page
from initiatives.reading import figures as figures_module
from initiatives.reading import gazetteer as gazetteer_module
from initiatives.reading import layout as layout_module

from .factories import make_counties
from .import_helpers import SEED_PAGE, form_data

COUNTIES = ["任城区", "兖州区", "曲阜市", "邹城市", "微山县", "鱼台县", "金乡县", "嘉祥县",
            "汶上县", "泗水县", "梁山县", "太白湖新区", "济宁高新区", "济宁经开区"]  # fmt: skip
REPORT = "本报汶上讯（通讯员 袁军）全县新建102个驿站。\n"
IMPORT_URL = reverse("admin:initiatives_report_import")


def nested(depth, middle="全县新建102个驿站"):
    return "（" * depth + "“" * depth + middle + "”" * depth + "）" * depth


# ---------------------------------------------------------------- what comes back


def test_24000_one_character_lines_come_back_as_one_paragraph():
    [item] = read_page("字\n" * 24_000, COUNTIES, whole=True)

    assert item.paragraphs == ["字" * 24_000]


def test_alternating_blank_lines_lose_no_text():
    [item] = read_page("字\n\n" * 16_000, COUNTIES, whole=True)

    assert "".join(item.paragraphs) == "字" * 16_000


def test_one_line_of_the_size_limit_without_punctuation_comes_back_intact():
    line = ("汶上县帮扶项目建设工作" * MAX_PAGE_CHARS)[:MAX_PAGE_CHARS]

    [item] = read_page(line, COUNTIES, whole=True)

    assert item.paragraphs == [line]
    assert item.county == "汶上县"


def test_short_lines_before_a_dateline_are_kept_and_the_report_read():
    orphan, report = read_page("字\n" * 15_000 + REPORT, COUNTIES)

    assert orphan.paragraphs == ["字" * 15_000]
    assert report.dateline == "本报汶上讯"
    assert report.paragraphs == ["全县新建102个驿站。"]


def test_thousands_of_datelines_give_one_report_each_with_its_figure():
    items = read_page("本报汶上县讯 全县新建3处驿站。\n" * 2_000, COUNTIES)

    assert len(items) == 2_000
    assert {item.dateline for item in items} == {"本报汶上县讯"}
    assert {item.county for item in items} == {"汶上县"}
    assert [(f.quote, f.counted) for item in items for f in item.figures] == [
        ("3处", "驿站")
    ] * 2_000


def test_thousands_of_figures_in_one_paragraph_are_all_found():
    [item] = read_page("本报汶上讯 " + "102个项目，" * 5_000, COUNTIES)

    assert [(f.quote, f.counted) for f in item.figures] == [("102个", "项目")] * 5_000
    assert item.paragraphs == ["102个项目，" * 5_000]
    assert [f.start for f in item.figures] == list(range(0, 5_000 * 7, 7))


def test_a_run_of_bylines_after_a_report_gives_it_every_name():
    [item] = read_page(REPORT + "本报记者 张三\n" * 3_000, COUNTIES)

    assert item.correspondents == ["袁军", "张三"]


def test_a_long_run_of_headlines_before_a_report_is_its_headline():
    [item] = read_page("好！\n\n" * 3_000 + REPORT, COUNTIES)

    assert item.headline == " ".join(["好！"] * 3_000)
    assert item.paragraphs == ["全县新建102个驿站。"]


def test_deep_nesting_of_brackets_and_quotes_loses_no_text():
    body = nested(10_000)

    [item] = read_page("本报汶上讯 " + body, COUNTIES)

    assert item.paragraphs == [body]
    [found] = item.figures
    assert (found.quote, found.counted) == ("102个", "驿站")
    assert body[found.start : found.end] == "102个"


@pytest.mark.parametrize("opener", ["（", "(", "“", "‘", "《"])
def test_figures_before_unclosed_brackets_and_quotes_are_all_found(opener):
    paragraph = f"102个项{opener}" * 5_000

    found = extract_figures(paragraph)

    assert len(found) == 5_000
    assert {paragraph[f.start : f.end] for f in found} == {"102个"}


def test_a_mix_of_every_shape_reads_each_part():
    page = (
        "字\n" * 1_000
        + "本报汶上县讯 全县新建3处驿站。\n" * 500
        + "本报梁山讯 "
        + nested(300)
        + "\n本报汶上讯 "
        + "102个项目，" * 1_000
        + "\n\n"
        + "好！\n\n" * 100
    )

    items = read_page(page, COUNTIES)

    assert len(items) == 1 + 500 + 1 + 1
    assert items[0].paragraphs == ["字" * 1_000]
    assert items[-2].paragraphs == [nested(300)]
    assert items[-2].county == "梁山县"
    assert sum(len(item.figures) for item in items) == 500 + 1 + 1_000


# ---------------------------------------------------------------- work linear in size


def test_splitting_lines_checks_each_a_bounded_number_of_times():
    """Twice the lines mean twice the headline checks, not four times the checks."""

    def checks(lines):
        with mock.patch.object(
            layout_module, "heading_like", wraps=layout_module.heading_like
        ) as spy:
            read_page("字\n" * lines, COUNTIES, whole=True)
        return spy.call_count

    small, large = checks(300), checks(600)

    assert large <= 2 * small + 10


class Measured(str):
    """A folded paragraph adding up how far ahead find is asked to look in it."""

    searched = 0

    def find(self, sub, start=None, end=None, /):
        Measured.searched += len(range(len(self))[start:end])
        return super().find(sub, start, end)


@pytest.mark.parametrize("opener", ["（", "“"])
def test_each_figure_searches_a_bounded_stretch_of_its_paragraph(opener):
    """A figure before an unclosed bracket does not look for its close to the paragraph's end."""

    def searched(figures):
        Measured.searched = 0
        fold = figures_module.fold
        with mock.patch.object(figures_module, "fold", lambda text: Measured(fold(text))):
            assert len(extract_figures(f"102个项{opener}" * figures)) == figures
        return Measured.searched

    small, large = searched(1_000), searched(2_000)

    assert large <= 2.2 * small  # the last figures look less far: a little over twice


def test_county_names_are_worked_out_once_per_county_list_not_per_report():
    with mock.patch.object(gazetteer_module, "aliases", wraps=gazetteer_module.aliases) as spy:
        items = read_page("本报汶上县讯 全县新建3处驿站。\n" * 200, COUNTIES)

    assert len(items) == 200
    assert spy.call_count <= len(COUNTIES)


# ---------------------------------------------------------------- the admin reads once


@pytest.mark.django_db
def test_each_admin_import_post_reads_the_page_at_most_once(client, django_user_model):
    make_counties()
    client.force_login(django_user_model.objects.create_superuser("admin", password="pw"))

    with mock.patch("initiatives.importing.read_page", wraps=read_page) as spy:
        shown = client.post(IMPORT_URL, {"_preview": "1", "text": SEED_PAGE.read_text()})
        previewed = spy.call_count
        data = form_data(shown.context["carry"], shown.context["counties"])
        created = client.post(IMPORT_URL, data | {"_create": "1"})
        confirmed = spy.call_count - previewed
        client.post(IMPORT_URL, data | {"_edit": "1"})
        edited = spy.call_count - previewed - confirmed

    assert shown.status_code == HTTPStatus.OK
    assert created.status_code == HTTPStatus.FOUND
    assert (previewed, confirmed) == (1, 1)
    assert edited <= 1  # back to the text: the bound form is checked again, at most once
