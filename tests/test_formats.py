"""Reading uploaded files: PDF, saved web pages, Word, folders and zips (initiatives/formats/).

The files are in tests/data/files/, made by its make_files.py; zips are built here.
"""

import io
import json
import re
import zipfile
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from initiatives import formats
from initiatives.formats import FormatError, archives, convert, detect, layout
from initiatives.models import Figure, Report
from initiatives.reading import ReadingError, read_page

from .factories import make_counties, make_staff
from .import_helpers import DATA, IMPORT_PERMISSIONS, SEED_PAGE, counts, form_data
from .test_import_command import NOTHING, run

FILES = DATA / "files"
SEED_PDF = FILES / "seed-three-columns.pdf"
COUNTY_PDF = FILES / "county-two-columns.pdf"
COUNTY_TEXT = FILES / "county-page.txt"
WORD = FILES / "county-report.docx"
WEB_PAGES = {
    "county-site-article.html": (
        "兖州区38万亩小麦颗粒归仓",
        "本报兖州讯（通讯员 魏来 张帆）",
        "http://www.yanzhou.gov.cn/art/2024/6/17/art_1234_56789.html",
        ["首页", "浏览次数", "打印本页", "下一篇", "相关新闻", "网友评论", "ICP备"],
    ),
    "epaper-article.html": (
        "曲阜：古城迎来“研学季”",
        "本报曲阜讯（记者 孔令文 通讯员 颜青）",
        "http://epaper.jnnews.example/jnrb/html/2024-07/16/content_6_2.htm",
        ["版面导航", "第01版", "嘉祥县：小石头", "放大", "上一篇", "版权所有"],
    ),
    "wechat-article.html": (
        "任城区农村供水实现“同城同质”",
        "本报讯（通讯员 王海鹏）",
        "https://mp.weixin.qq.com/s/Rc3nS5ampleArt1cleX0",
        ["原创", "阅读原文", "在看", "留言", "家里的水确实好多了", "还喜欢", "二维码"],
    ),
}
COUNTIES = ["汶上县", "鱼台县", "邹城市", "泗水县", "微山县", "太白湖新区", "金乡县", "梁山县"]
COUNTIES += ["济宁经开区", "嘉祥县", "曲阜市", "任城区", "兖州区"]
CJK_SPACE = re.compile(r"[\u4e00-\u9fff，。、；：（）] +[\u4e00-\u9fff，。、；：（）]")


def reading(text):
    """Return what the page reader takes from a text: per item its words and its figures."""
    return [
        (
            item.headline,
            item.subheadline,
            item.dateline,
            item.correspondents,
            item.paragraphs,
            [
                (f.quote, f.amount, f.counted, f.qualifier, f.kind, f.paragraph)
                for f in item.figures
            ],
        )
        for item in read_page(text, COUNTIES)
    ]


def zip_of(path, members):
    """Write a zip archive of {name: bytes} and return its path."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


# Telling formats apart by their content


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("seed-three-columns.pdf", "pdf"),
        ("locked.pdf", "pdf"),
        ("county-report.docx", "docx"),
        ("county-site-article.html", "html"),
        ("epaper-article.html", "html"),  # after a "saved from url" comment, in GB2312
        ("county-page.txt", "text"),
    ],
)
def test_the_format_is_told_from_the_content(name, kind):
    assert detect((FILES / name).read_bytes()) == kind


def test_the_name_does_not_decide_the_format(tmp_path):
    misnamed = tmp_path / "page.txt"
    misnamed.write_bytes(SEED_PDF.read_bytes())

    assert convert(misnamed.read_bytes()).format == "pdf"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "另存为 .docx"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 50, "图片（JPEG）"),
        (b"Rar!\x1a\x07\x00" + b"\x00" * 50, "只能展开 .zip"),
        (b"%PDF-1.7\n" + b"\x00garbage" * 20, "无法打开这份 PDF"),
    ],
    ids=["empty", "old-word", "image", "rar", "damaged-pdf"],
)
def test_unsupported_and_damaged_files_get_a_clear_message(data, message):
    with pytest.raises(ReadingError, match=re.escape(message)):
        convert(data)


def test_a_zip_uploaded_as_one_page_is_sent_to_the_command(tmp_path):
    data = zip_of(tmp_path / "pages.zip", {"a.txt": b"x"}).read_bytes()

    with pytest.raises(FormatError, match="压缩包"):
        convert(data)


def test_an_excel_file_is_not_taken_for_word(tmp_path):
    data = zip_of(tmp_path / "book.xlsx", {"[Content_Types].xml": b"<x/>"}).read_bytes()

    with pytest.raises(FormatError, match="Word（.docx）"):
        convert(data)


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 1000)

    with pytest.raises(FormatError, match="文件过大"):
        convert(SEED_PDF.read_bytes())


# PDF


def test_the_figures_read_from_the_three_column_pdf_equal_those_read_from_the_text():
    converted = convert(SEED_PDF.read_bytes())

    assert converted.format == "pdf"
    assert converted.pages == 3
    assert reading(converted.text) == reading(SEED_PAGE.read_text(encoding="utf-8"))


def test_the_figures_read_from_the_two_column_pdf_equal_those_read_from_the_text():
    """Its articles are drawn in another order than they are read, headlines after the text."""
    converted = convert(COUNTY_PDF.read_bytes())

    assert reading(converted.text) == reading(COUNTY_TEXT.read_text(encoding="utf-8"))
    assert sum(len(item[5]) for item in reading(converted.text)) == 38


def test_pdf_text_keeps_headlines_and_datelines_and_drops_the_page_furniture():
    text = convert(SEED_PDF.read_bytes()).text
    lines = text.splitlines()

    assert lines[0] == "汶上县：抓实帮扶项目 助力乡村振兴"
    assert lines[2].startswith("本报汶上讯（通讯员 袁军 孙超）汶上县根据做好帮扶项目的要求")
    assert "鱼台县\n推进离退休干部党组织\n与社区党组织融合共建" in text
    for furniture in ("济宁日报", "第04版", "老干部之家", "星期一", "责任编辑", "校对"):
        assert furniture not in text
    assert not [line for line in lines if re.fullmatch(r"\d{1,3}", line)]  # page numbers


def test_pdf_text_has_no_spaces_between_chinese_characters_and_full_width_punctuation():
    text = convert(SEED_PDF.read_bytes()).text
    printed = SEED_PAGE.read_text(encoding="utf-8")

    # The only spaces are those printed: between correspondents' names, inside one headline.
    assert set(CJK_SPACE.findall(text)) <= set(CJK_SPACE.findall(printed)) | {"目 助"}
    assert "“准、快、优、严、实”“五字诀”" in text
    assert "（街道）" in text
    assert "," not in text
    assert "(" not in text


def test_a_pdf_that_opens_without_a_password_is_read_despite_its_restrictions():
    converted = convert((FILES / "restricted.pdf").read_bytes())

    assert "任城区农村供水\n实现“同城同质”" in converted.text


def test_a_pdf_with_a_password_gets_a_clear_message():
    with pytest.raises(FormatError, match="打开密码"):
        convert((FILES / "locked.pdf").read_bytes())


def test_a_scanned_pdf_without_a_text_layer_gets_a_clear_message():
    with pytest.raises(FormatError, match="没有文字层"):
        convert((FILES / "scanned.pdf").read_bytes())


def box(text, x, y, size=10):
    """Return the characters of text printed from (x, y), one size wide each."""
    return [
        layout.Char(char, x + index * size, y, x + (index + 1) * size, y + size)
        for index, char in enumerate(text)
    ]


def test_layout_reads_a_headline_then_each_column_top_to_bottom():
    left = ["　　本报讯今年以来全县新建", "驿站一百零二个服务群众累计"]
    right = ["三万余人次。", "　　下一步将继续推进。"]
    chars = box("全县驿站建设提速", 0, 0, size=20)
    for row, (first, second) in enumerate(zip(left, right, strict=True)):
        chars += box(first.strip("　"), 20 if first.startswith("　") else 0, 40 + row * 14)
        chars += box(second.strip("　"), 170 if second.startswith("　") else 150, 40 + row * 14)

    text = layout.page_text(chars)

    assert text == (
        "全县驿站建设提速\n\n本报讯今年以来全县新建驿站一百零二个服务群众累计三万余人次。\n\n"
        "下一步将继续推进。"
    )


def test_layout_drops_running_heads_printed_on_every_page_and_keeps_the_text():
    pages = [
        box("老干部之家", 0, 0)
        + box(f"{number}", 200, 0)
        + box("本报讯全县新建驿站", 20, 40 + 20 * number)
        + box("一百零二个服务群众三万", 0, 54 + 20 * number)
        + box("下一步继续推进。", 20, 300)  # the same words on both pages, in the text
        + box(f"第{number}版", 0, 600)
        for number in (4, 5)
    ]
    running = layout.running_heads(pages)

    texts = [layout.page_text(chars, running) for chars in pages]

    assert texts == ["本报讯全县新建驿站一百零二个服务群众三万\n\n下一步继续推进。"] * 2


def test_layout_puts_a_space_only_where_the_print_leaves_one():
    chars = box("通讯员", 0, 0) + box("袁军", 34, 0) + box("孙超", 56, 0)

    assert layout.page_text(chars) == "通讯员 袁军 孙超"


# Saved web pages


@pytest.mark.parametrize("name", list(WEB_PAGES))
def test_a_web_page_gives_its_headline_dateline_text_and_address_without_the_rest(name):
    headline, dateline, url, boilerplate = WEB_PAGES[name]

    converted = convert((FILES / name).read_bytes())

    assert converted.format == "html"
    assert converted.title == headline
    assert converted.text.splitlines()[0] == headline
    assert converted.text.splitlines()[2].startswith(dateline)
    assert converted.source_url == url
    for words in boilerplate:
        assert words not in converted.text
    (item,) = read_page(converted.text, COUNTIES)
    assert item.headline == headline


def test_the_web_pages_figures_equal_those_of_the_same_article_as_text():
    text = {item[2]: item for item in reading(COUNTY_TEXT.read_text(encoding="utf-8"))}
    for name in WEB_PAGES:
        (item,) = reading(convert((FILES / name).read_bytes()).text)
        assert item[4:] == text[item[2]][4:]


def test_a_web_page_without_an_article_is_refused():
    page = b"<!doctype html><html><body><ul><li><a href='/'>\xe9\xa6\x96\xe9\xa1\xb5</a></li></ul>"

    with pytest.raises(FormatError, match="找不到正文"):
        convert(page)


def test_a_web_page_without_an_address_keeps_none():
    page = (
        "<!DOCTYPE html><html><head><title>汶上县驿站建设</title></head><body><article>"
        "<h1>汶上县驿站建设</h1><p>本报汶上讯（通讯员 袁军）全县新建102个驿站，服务群众3万人次。</p>"
        "</article></body></html>"
    ).encode()

    converted = convert(page)

    assert converted.source_url == ""
    assert converted.text.startswith("汶上县驿站建设\n\n本报汶上讯")


# Word


def test_a_word_file_gives_its_paragraphs_and_table_rows_in_order():
    text = convert(WORD.read_bytes()).text
    paragraphs = text.split("\n\n")

    assert paragraphs[0] == "嘉祥县：小石头\n雕出富民大产业"
    assert paragraphs[1].startswith("本报嘉祥讯（通讯员 韩晓东 周蕾）今年以来")
    assert paragraphs[3:5] == [
        "纸坊镇：石雕企业420家，从业人员1.1万人。",
        "梁宝寺镇：石雕企业180家，从业人员4600人。",
    ]
    assert paragraphs[5].startswith("为解决“有手艺、缺设计”的问题")


def test_a_word_table_row_s_figures_count_the_column_s_noun():
    (item,) = read_page(convert(WORD.read_bytes()).text, COUNTIES)

    counted = {found.quote: found.counted for found in item.figures}
    assert counted["420家"] == "石雕企业"
    assert counted["4600人"] == "从业人员"


def test_a_damaged_word_file_gets_a_clear_message(tmp_path):
    data = zip_of(tmp_path / "bad.docx", {"word/document.xml": b"<not xml"}).read_bytes()

    with pytest.raises(FormatError, match="Word 文件"):
        convert(data)


# Folders and zips


def test_a_folder_gives_its_files_in_order_without_hidden_ones(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/2.txt", "1.pdf", ".DS_Store", "b/Thumbs.db"):
        (tmp_path / name).write_bytes(b"x")

    names = [source.name for source in archives.sources([tmp_path])]

    assert names == [str(tmp_path / "1.pdf"), str(tmp_path / "b" / "2.txt")]


def test_a_zip_gives_its_members_and_names_written_by_chinese_windows(tmp_path):
    path = zip_of(tmp_path / "pages.zip", {"__MACOSX/._a.txt": b"x", "XXXX.txt": b"page"})
    # zipfile writes names as ASCII or flagged UTF-8; Windows writes GBK bytes unflagged.
    path.write_bytes(path.read_bytes().replace(b"XXXX.txt", "版面.txt".encode("gbk")))

    (source,) = archives.sources([path])

    assert source.name == f"{path}/版面.txt"
    assert source.read() == b"page"


def test_a_damaged_zip_is_refused_whole(tmp_path):
    path = tmp_path / "pages.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)

    (source,) = archives.sources([path])

    assert "压缩包已损坏" in source.error


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_UNPACKED_BYTES", 2**20)
    path = zip_of(tmp_path / "bomb.zip", {f"{n}.txt": b"0" * 2**19 for n in range(3)})

    (source,) = archives.sources([path])

    assert "压缩炸弹" in source.error


def test_a_zip_of_too_many_files_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_MEMBERS", 5)
    path = zip_of(tmp_path / "many.zip", {f"{n}.txt": b"x" for n in range(6)})

    (source,) = archives.sources([path])

    assert "一次最多 5 个" in source.error


def test_a_member_reads_no_more_than_a_file_may_hold(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_FILE_BYTES", 1000)
    path = zip_of(tmp_path / "big.zip", {"big.txt": b"a" * 5000})

    (source,) = archives.sources([path])

    assert len(source.read()) == 1001  # enough to tell it is too large


def test_a_zip_inside_a_zip_is_not_unpacked(tmp_path):
    inner = zip_of(tmp_path / "inner.zip", {"a.txt": b"x"}).read_bytes()
    path = zip_of(tmp_path / "outer.zip", {"inner.zip": inner})

    (source,) = archives.sources([path])

    with pytest.raises(FormatError, match="压缩包里的压缩包"):
        source.read()


# Through the command


@pytest.fixture
def counties(db):
    return make_counties()


def test_the_command_imports_a_pdf_with_the_same_figures_as_its_text(counties):
    from_text = sorted(
        (found.quote, found.amount, found.counted, found.kind)
        for item in read_page(SEED_PAGE.read_text(encoding="utf-8"), COUNTIES)
        for found in item.figures
    )

    out, _err = run(SEED_PDF)

    assert "文件格式：PDF，3 页" in out
    assert "已导入 9 篇" in out
    assert sorted(Figure.objects.values_list("quote", "amount", "counted", "kind")) == from_text


def test_the_command_prints_what_it_took_from_the_file_in_its_json(counties):
    out, err = run(FILES / "epaper-article.html", "--dry-run", "--json")

    reading_ = json.loads(out)
    assert reading_["file"] == {
        "format": "html",
        "pages": None,
        "title": "曲阜：古城迎来“研学季”",
        "source_url": WEB_PAGES["epaper-article.html"][2],
    }
    assert reading_["reports"][0]["headline"] == "曲阜：古城迎来“研学季”"
    assert "文件格式：网页" in err
    assert counts() == NOTHING


def test_the_command_keeps_a_web_page_s_address_on_its_report(counties):
    run(FILES / "wechat-article.html")

    report = Report.objects.get()
    assert report.source_url == WEB_PAGES["wechat-article.html"][2]
    assert report.headline == "任城区农村供水实现“同城同质”"


def test_the_command_imports_a_word_file(counties):
    run(WORD)

    report = Report.objects.get()
    assert report.county.name == "嘉祥县"
    assert report.paragraphs.filter(text="纸坊镇：石雕企业420家，从业人员1.1万人。").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [("locked.pdf", "打开密码"), ("scanned.pdf", "没有文字层")],
)
def test_the_command_refuses_a_locked_or_scanned_pdf_and_saves_nothing(counties, name, message):
    with pytest.raises(CommandError, match=message):
        run(FILES / name)

    assert counts() == NOTHING


def batch_folder(tmp_path):
    """Return a folder of three good pages (PDF, web page, Word) and a scanned PDF."""
    folder = tmp_path / "july"
    folder.mkdir()
    for name in ("county-two-columns.pdf", "county-site-article.html", "county-report.docx"):
        (folder / name).write_bytes((FILES / name).read_bytes())
    (folder / "scan.pdf").write_bytes((FILES / "scanned.pdf").read_bytes())
    return folder


def run_failing(*args):
    """Run import_page expecting it to fail; return its output and the error."""
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_page", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue(), str(error.value)


def test_a_batch_imports_each_good_page_and_says_why_the_bad_one_failed(counties, tmp_path):
    folder = batch_folder(tmp_path)

    out, error = run_failing(folder)

    assert "1 个文件未能导入" in error
    assert Report.objects.filter(headline="嘉祥县：小石头 雕出富民大产业").count() == 2
    assert Report.objects.filter(source_url__startswith="http://www.yanzhou.gov.cn").count() == 1
    # The web page is the PDF's 兖州区 article: imported first, it is skipped in the PDF.
    assert Report.objects.count() == 1 + 1 + 4
    (failed,) = [line for line in out.splitlines() if "scan.pdf" in line]
    assert "失败：这份 PDF 没有文字层" in failed
    assert "3 个文件" not in out
    assert "4 个文件：新建 6 篇报道（草稿）、" in out


def test_a_batch_summary_lists_every_file_and_a_rerun_imports_nothing_new(counties, tmp_path):
    folder = batch_folder(tmp_path)
    (folder / "scan.pdf").unlink()

    out, _err = run(folder)
    before = counts()
    again, _err = run(folder, "--json")

    assert "3 个文件：新建 6 篇报道（草稿）" in out
    assert "county-two-columns.pdf" in out
    assert "已导入" in out
    summary = json.loads(again)
    assert summary["totals"] == {
        "files": 3,
        "created": 0,
        "skipped": 7,
        "figures": 0,
        "failed": 0,
    }
    assert {entry["format"] for entry in summary["files"]} == {"pdf", "html", "docx"}
    assert counts() == before


def test_a_batch_json_names_the_failure_and_its_reason(counties, tmp_path):
    out, _error = run_failing(batch_folder(tmp_path), "--json")

    summary = json.loads(out)
    (failed,) = [entry for entry in summary["files"] if entry["error"]]
    assert failed["file"].endswith("scan.pdf")
    assert "没有文字层" in failed["error"]
    assert summary["totals"]["created"] == 6


def test_a_zip_of_pages_and_several_files_import_like_a_folder(counties, tmp_path):
    archive = zip_of(
        tmp_path / "pages.zip",
        {"a/seed.txt": SEED_PAGE.read_bytes(), "b/page.docx": WORD.read_bytes()},
    )

    out, _err = run(archive, FILES / "epaper-article.html", "--dry-run")

    assert "试运行：3 个文件，可新建 11 篇报道" in out
    assert counts() == NOTHING
    run(archive, FILES / "epaper-article.html")
    assert Report.objects.count() == 11


@pytest.mark.parametrize(
    ("members", "limit", "message"),
    [
        (None, None, "压缩包已损坏"),
        ({f"{n}.txt": b"0" * 2**19 for n in range(3)}, ("MAX_UNPACKED_BYTES", 2**20), "压缩炸弹"),
    ],
    ids=["corrupt", "bomb"],
)
def test_a_bad_zip_saves_nothing(counties, tmp_path, monkeypatch, members, limit, message):
    path = tmp_path / "pages.zip"
    if members is None:
        path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    else:
        zip_of(path, {"seed.txt": SEED_PAGE.read_bytes(), **members})
        monkeypatch.setattr(archives, *limit)

    _out, error = run_failing(path)

    assert "1 个文件未能导入" in error
    assert counts() == NOTHING


def test_an_empty_file_in_a_batch_fails_alone(counties, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "seed.txt").write_bytes(SEED_PAGE.read_bytes())

    with pytest.raises(CommandError, match="1 个文件未能导入"):
        run(tmp_path)

    assert Report.objects.count() == 9


# Through the admin

IMPORT_URL = reverse("admin:initiatives_report_import")


@pytest.fixture
def importer(client, django_user_model, counties):
    client.force_login(make_staff(django_user_model, *IMPORT_PERMISSIONS, "view_report"))
    return client


def upload(client, path, **data):
    file = SimpleUploadedFile(path.name, path.read_bytes(), "application/octet-stream")
    return client.post(IMPORT_URL, {"_preview": "1", "file": file, **data})


def confirm(client, response):
    context = response.context
    return client.post(
        IMPORT_URL, form_data(context["carry"], context["counties"]) | {"_create": "1"}
    )


def test_an_uploaded_pdf_is_previewed_with_what_was_taken_and_imported(importer):
    shown = upload(importer, SEED_PDF)

    assert shown.status_code == HTTPStatus.OK
    assert len(shown.context["previews"]) == 9
    taken = shown.context["taken"]
    assert (taken["file_name"], str(taken["format"]), taken["pages"]) == (
        "seed-three-columns.pdf",
        "PDF",
        3,
    )
    assert "从文件读取" in shown.text
    assert counts() == NOTHING
    confirm(importer, shown)
    assert Report.objects.count() == 9


def test_an_uploaded_web_page_keeps_its_address(importer):
    url = WEB_PAGES["county-site-article.html"][2]

    shown = upload(importer, FILES / "county-site-article.html")
    confirm(importer, shown)

    assert url in shown.text
    assert Report.objects.get().source_url == url


def test_an_uploaded_word_file_is_imported(importer):
    shown = upload(importer, WORD)
    confirm(importer, shown)

    assert Report.objects.get().headline == "嘉祥县：小石头 雕出富民大产业"


def test_going_back_from_the_preview_puts_the_extracted_text_in_the_text_box(importer):
    shown = upload(importer, COUNTY_PDF)
    data = form_data(shown.context["carry"]) | {"_edit": "1"}

    back = importer.post(IMPORT_URL, data)

    assert "任城区农村供水\n实现“同城同质”" in back.context["form"]["text"].value()
    assert "<textarea" in back.text


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("locked.pdf", "打开密码"),
        ("scanned.pdf", "没有文字层"),
        ("pages.zip", "压缩包"),
    ],
)
def test_bad_uploaded_files_get_a_clear_message_and_save_nothing(importer, tmp_path, name, message):
    path = FILES / name
    if name.endswith(".zip"):
        path = zip_of(tmp_path / name, {"seed.txt": SEED_PAGE.read_bytes()})

    response = upload(importer, path)

    assert response.status_code == HTTPStatus.OK
    assert message in response.text
    assert counts() == NOTHING
