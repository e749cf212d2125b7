"""Make the test files of tests/test_formats.py: e-paper PDFs, a Word file and bad PDFs.

Run from the repository root after changing a page (the tests never run it):

    .venv/bin/python -m pip install --group files
    .venv/bin/python tests/data/files/make_files.py

It prints pages laid out as HTML through Debian's Chromium (`--print-to-pdf`, CJK fonts
installed): the seed page (tests/data/seed-page.txt) on a three-column page and a page written
for these tests (county-page.txt, written here too) on a two-column page. The articles are placed
by a CSS grid in an order unlike the one they are read in, each headline drawn after its text, so
the PDF's drawing order is no reading order, as on e-paper made by a typesetting system.
"""

import html
import io
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from initiatives.reading import read_page  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SEED_PAGE = ROOT / "tests" / "data" / "seed-page.txt"

# The seed page's headlines as printed: (kicker lines, title lines).
SEED_HEADLINES = [
    ([], ["汶上县：抓实帮扶项目 助力乡村振兴"]),
    (["鱼台县"], ["推进离退休干部党组织", "与社区党组织融合共建"]),
    ([], ["邹城市：擦亮“老吾老”学习之家品牌"]),
    ([], ["泗水县：“三个聚力”助推老干部展现新作为"]),
    (["微山县"], ["“社区伙伴”共建幸福家园"]),
    (["太白湖新区"], ["主题党日出彩", "基层党建提质"]),
    ([], ["金乡县：老干部“微助力”办好基层治理“微实事”"]),
    None,  # the photo
    ([], ["梁山县：精准施策助力专精特新企业高质量发展"]),
]

# A page written for these tests in the style of a prefecture paper's county-news page.
COUNTY_PAGE = [
    {
        "headline": ([], ["嘉祥县：小石头", "雕出富民大产业"]),
        "dateline": "本报嘉祥讯（通讯员 韩晓东 周蕾）",
        "paragraphs": [
            "今年以来，嘉祥县围绕石雕产业转型升级，推动传统手艺与现代设计、电商销售深度融合，"
            "全县石雕企业达到1260家，从业人员3.2万人，上半年实现产值28.6亿元，同比增长12.4%。",
            "在纸坊镇石雕产业园，一块块青石经过切割、打磨、雕刻，变成栏杆、石狮和园林小品。"
            "园区负责人介绍，今年新入驻企业46家，新建标准化厂房8.5万平方米，带动周边6个村的"
            "300余名群众在家门口就业。",
            "为解决“有手艺、缺设计”的问题，县里联合省内高校设立石雕设计工作室，累计培训青年"
            "雕刻师520人次，推出文创新品130余款。线上销售同步发力，全县开设石雕网店400多家，"
            "今年上半年线上销售额突破5亿元。",
            "下一步，嘉祥县将建设石雕文化展示中心，计划投资1.2亿元，力争到2026年石雕产业产值"
            "突破60亿元。",
        ],
    },
    {
        "headline": (["研学游持续升温"], ["曲阜：古城迎来“研学季”"]),
        "dateline": "本报曲阜讯（记者 孔令文 通讯员 颜青）",
        "paragraphs": [
            "暑期以来，曲阜市依托孔庙、孔府、孔林等文化资源，推出“跟着孔子去研学”等12条精品"
            "线路，截至7月10日，已接待研学团队1870批次、学生23.5万人次。",
            "尼山圣境研学基地今年新增礼仪、射艺、书法等体验课程20门，日均接待学生3000人左右。"
            "基地负责人说，课程由专业教师和志愿者共同授课，每名学生至少参加4门课程。",
            "为保障研学安全有序，曲阜市组建由文旅、公安、市场监管等部门组成的服务专班，设立"
            "研学服务点15个，培训持证研学导师260名，游客满意度达到97%以上。",
        ],
    },
    {
        "headline": ([], ["任城区农村供水", "实现“同城同质”"]),
        "dateline": "本报讯（通讯员 王海鹏）",
        "paragraphs": [
            "近日，任城区农村供水城乡一体化工程全面完工，全区186个村的12.8万名群众喝上了与"
            "城区同源、同网、同质的自来水。",
            "工程总投资2.3亿元，新铺设供水主管网96公里、入户管网430余公里，改造提升加压泵站"
            "5座。施工期间，区水务部门实行“一村一方案”，对管网老化、水压不足的村庄优先改造。",
            "“以前水压低，一到做饭时间二楼就没水。现在拧开水龙头，水又清又足。”南张街道刘庄"
            "村村民刘玉兰说。据了解，任城区还建成农村供水智慧监管平台，实现水质、水压24小时"
            "在线监测。",
        ],
    },
    {
        "photo": "曲阜市书院街道开展“非遗进社区”活动，居民在传承人指导下学习鲁锦织造技艺。",
        "credit": "■通讯员 颜青 摄",
    },
    {
        "headline": ([], ["兖州区38万亩小麦颗粒归仓"]),
        "dateline": "本报兖州讯（通讯员 魏来 张帆）",
        "paragraphs": [
            "连日来，兖州区抢抓晴好天气，组织各类收获机械1200余台，全力推进小麦抢收工作。截至"
            "6月16日，全区38.2万亩小麦已全部收获，平均亩产达到620公斤。",
            "在小孟镇的一处麦田里，5台联合收割机来回穿梭。镇农业综合服务中心负责人介绍，今年"
            "全镇小麦种植面积4.6万亩，通过“机收+烘干”模式，新建粮食烘干中心3处，日烘干能力"
            "达到800吨。",
            "在抓好夏收的同时，兖州区同步推进夏种工作，计划夏播玉米、大豆等作物36万亩，目前"
            "已完成播种21万亩。",
        ],
    },
]

# WenQuanYi Micro Hei (Debian's fonts-wqy-microhei) is TrueType, which Chromium embeds as a
# CID font as typesetting systems do; it is cut down to the page's characters first, since
# Chromium embeds the whole 5 MB font once a page uses many hundred characters.
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

STYLE = """
@font-face { font-family: "Page"; src: url("page.ttf"); }
@page { size: %(width)dmm %(height)dmm; margin: 12mm 14mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Page", sans-serif; font-size: 9pt; line-height: 1.55; }
.sheet { height: %(sheet)dmm; display: grid; grid-template-rows: auto 1fr auto; gap: 4mm;
         break-after: page; }
.sheet:last-child { break-after: auto; }
.masthead { display: flex; justify-content: space-between; align-items: baseline;
            border-bottom: 2px solid #a00; padding-bottom: 1.5mm; }
.masthead .paper { font-size: 20pt; color: #a00; }
.masthead .banner { font-size: 11pt; }
.folio { display: flex; justify-content: space-between; border-top: 1px solid #888;
         padding-top: 1mm; font-size: 8pt; color: #444; }
.grid { display: grid; grid-template-columns: repeat(%(columns)d, 1fr); column-gap: 6mm;
        row-gap: 5mm; align-content: start; }
article { display: grid; grid-template-rows: auto auto; row-gap: 2.5mm;
          border-top: 1px solid #999; padding-top: 2mm; }
article header { grid-row: 1; }
article .body { grid-row: 2; column-gap: 5mm; column-rule: 0.5px solid #ccc; text-align: justify; }
header .kicker { font-size: 11pt; }
header .title { font-size: 17pt; line-height: 1.3; }
.body p { margin: 0; text-indent: 2em; }
.photo { border: 1px solid #999; padding: 2mm; font-size: 8.5pt; }
.photo .picture { height: 38mm; background: repeating-linear-gradient(45deg, #ddd 0 6px,
                  #eee 6px 12px); margin-bottom: 2mm; }
.photo .credit { text-align: right; }
"""


def article_html(number, headline, paragraphs, columns, place):
    """Return an article: its text first, then its headline, placed by the grid."""
    kicker, titles = headline
    head = "".join(f'<div class="kicker">{html.escape(line)}</div>' for line in kicker) + "".join(
        f'<div class="title">{html.escape(line)}</div>' for line in titles
    )
    body = "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    return (
        f'<article id="a{number}" style="{place}">'
        f'<div class="body" style="column-count: {columns}">{body}</div>'
        f"<header>{head}</header></article>"
    )


def photo_html(caption, credit, place):
    return (
        f'<div class="photo" style="{place}"><div class="picture"></div>'
        f"<div>{html.escape(caption)}</div>"
        f'<div class="credit">{html.escape(credit)}</div></div>'
    )


def sheet_html(paper, date, banner, number, editor, blocks):
    """Return one printed page: masthead, the blocks in a shuffled drawing order, folio."""
    shuffled = list(blocks)
    random.Random(number).shuffle(shuffled)
    return (
        '<section class="sheet">'
        f'<div class="masthead"><span class="paper">{paper}</span><span>{date}</span>'
        f'<span class="banner">{banner}</span></div>'
        f'<div class="grid">{"".join(shuffled)}</div>'
        f'<div class="folio"><span>责任编辑：{editor}　美术编辑：李娟　校对：赵敏</span>'
        f"<span>{number:02d}</span></div></section>"
    )


def document(sheets, *, columns, width=297, height=420):
    style = STYLE % {
        "width": width,
        "height": height,
        "sheet": height - 24 - 1,
        "columns": columns,
    }
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<style>{style}</style></head><body>{''.join(sheets)}</body></html>"
    )


def seed_blocks():
    """Return the seed page's items as (headline lines, paragraphs) or a photo (caption, credit)."""
    items = read_page(SEED_PAGE.read_text(encoding="utf-8"), ["济宁经开区"])
    blocks = []
    for item, headline in zip(items, SEED_HEADLINES, strict=True):
        if item.kind == "photo":
            blocks.append(
                ("photo", item.paragraphs[0], "■通讯员 " + " ".join(item.correspondents) + " 摄")
            )
            continue
        first = f"{item.dateline}（通讯员 {' '.join(item.correspondents)}）{item.paragraphs[0]}"
        blocks.append(("article", headline, [first, *item.paragraphs[1:]]))
    return blocks


def seed_pdf_html():
    """Return the seed page on three printed pages of three grid columns."""
    # Per item in reading order: its printed page, grid columns, grid row and text columns.
    places = [
        (0, "1 / 4", 1, 3),
        (0, "1 / 3", 2, 2),
        (0, "3 / 4", 2, 1),
        (1, "1 / 4", 1, 3),
        (1, "1 / 3", 2, 2),
        (1, "3 / 4", 2, 1),
        (2, "1 / 3", 1, 2),
        (2, "3 / 4", 1, 1),
        (2, "1 / 4", 2, 3),
    ]
    sheets = [[], [], []]
    for number, (block, (sheet, columns, row, span)) in enumerate(
        zip(seed_blocks(), places, strict=True), 1
    ):
        where = f"grid-column: {columns}; grid-row: {row}"
        if block[0] == "photo":
            sheets[sheet].append(photo_html(block[1], block[2], where))
        else:
            sheets[sheet].append(article_html(number, block[1], block[2], span, where))
    date = "2024年7月15日　星期一"
    return document(
        [
            sheet_html("济宁日报", date, f"第{number:02d}版：老干部之家", number, "王芳", blocks)
            for number, blocks in enumerate(sheets, 4)
        ],
        columns=3,
    )


def county_pdf_html():
    """Return the page written for these tests on one printed page of two grid columns."""
    # Per item in reading order: where the grid puts it, and its text columns.
    places = [
        ("grid-column: 1 / 3; grid-row: 1", 2),
        ("grid-column: 1 / 2; grid-row: 2 / 4", 1),
        ("grid-column: 2 / 3; grid-row: 2", 1),
        ("grid-column: 2 / 3; grid-row: 3", 0),
        ("grid-column: 1 / 3; grid-row: 4", 2),
    ]
    rendered = []
    for number, (entry, (place, span)) in enumerate(zip(COUNTY_PAGE, places, strict=True), 1):
        if "photo" in entry:
            rendered.append(photo_html(entry["photo"], entry["credit"], place))
            continue
        first = entry["dateline"] + entry["paragraphs"][0]
        paragraphs = [first, *entry["paragraphs"][1:]]
        rendered.append(article_html(number, entry["headline"], paragraphs, span, place))
    sheet = sheet_html("济宁日报", "2024年7月16日　星期二", "第06版：县区新闻", 6, "刘洋", rendered)
    return document([sheet], columns=2, width=250, height=360)


def brief_pdf_html():
    """Return one short article of the page written for these tests on a small printed page."""
    entry = COUNTY_PAGE[2]  # 任城区
    paragraphs = [entry["dateline"] + entry["paragraphs"][0], *entry["paragraphs"][1:]]
    article = article_html(1, entry["headline"], paragraphs, 2, "grid-column: 1 / 2")
    sheet = sheet_html(
        "济宁日报", "2024年7月16日　星期二", "第06版：县区新闻", 6, "刘洋", [article]
    )
    return document([sheet], columns=1, width=148, height=210)


def county_page_text():
    """Return the page written for these tests as plain text: headline lines, then paragraphs."""
    parts = []
    for entry in COUNTY_PAGE:
        if "photo" in entry:
            parts.append(f"{entry['photo']}\n{entry['credit']}")
            continue
        parts.append("\n".join(line for lines in entry["headline"] for line in lines))
        parts.append(entry["dateline"] + entry["paragraphs"][0])
        parts.extend(entry["paragraphs"][1:])
    return "\n\n".join(parts) + "\n"


def subset_font(text, target):
    """Write the page font cut down to the characters of text."""
    from fontTools import subset

    options = subset.Options()
    options.font_number = 0
    font = subset.load_font(str(FONT), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def print_pdf(page_html, target):
    """Print an HTML page to a PDF with headless Chromium, without touching the network."""
    with tempfile.TemporaryDirectory() as folder:
        subset_font(html.unescape(page_html), Path(folder) / "page.ttf")
        source = Path(folder) / "page.html"
        source.write_text(page_html, encoding="utf-8")
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-pdf-header-footer",
                f"--user-data-dir={folder}/profile",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
        )


def screenshot(page_html, target, size="900,1270"):
    """Take a picture of an HTML page with headless Chromium."""
    with tempfile.TemporaryDirectory() as folder:
        subset_font(html.unescape(page_html), Path(folder) / "page.ttf")
        source = Path(folder) / "page.html"
        source.write_text(page_html, encoding="utf-8")
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--hide-scrollbars",
                f"--user-data-dir={folder}/profile",
                f"--window-size={size}",
                f"--screenshot={target}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
        )


def scanned_pdf_html(picture):
    """Return a page that is only a picture of printed text: a scan without a text layer."""
    return (
        '<!doctype html><html><head><meta charset="utf-8"><style>@page { size: A4; margin: 0 }'
        "body { margin: 0 } img { height: 290mm; display: block; margin: auto }</style></head>"
        f'<body><img src="{picture.as_uri()}"></body></html>'
    )


def encrypt(source, target, *, user, owner):
    """Write source encrypted (AES-128); user="" opens without a password, as e-paper often does."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    with open(target, "wb") as handle:
        writer.write(handle)


def word_file(target):
    """Write the page written for these tests as a county office's Word file, with a table."""
    from docx import Document

    document_ = Document()
    entry = COUNTY_PAGE[0]
    document_.add_heading("\n".join(line for lines in entry["headline"] for line in lines), 1)
    document_.add_paragraph(entry["dateline"] + entry["paragraphs"][0])
    document_.add_paragraph(entry["paragraphs"][1])
    table = document_.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["镇街", "石雕企业", "从业人员"], strict=True):
        cell.text = text
    for row in [("纸坊镇", "420家", "1.1万人"), ("梁宝寺镇", "180家", "4600人")]:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    for text in entry["paragraphs"][2:]:
        document_.add_paragraph(text)
    buffer = io.BytesIO()
    document_.save(buffer)
    target.write_bytes(buffer.getvalue())


def main():
    (HERE / "county-page.txt").write_text(county_page_text(), encoding="utf-8")
    print_pdf(seed_pdf_html(), HERE / "seed-three-columns.pdf")
    print_pdf(county_pdf_html(), HERE / "county-two-columns.pdf")
    with tempfile.TemporaryDirectory() as folder:
        brief, picture = Path(folder) / "brief.pdf", Path(folder) / "scan.png"
        print_pdf(brief_pdf_html(), brief)
        encrypt(brief, HERE / "locked.pdf", user="digest", owner="owner")
        encrypt(brief, HERE / "restricted.pdf", user="", owner="owner")
        screenshot(brief_pdf_html(), picture, size="560,800")
        print_pdf(scanned_pdf_html(picture), HERE / "scanned.pdf")
    word_file(HERE / "county-report.docx")
    for path in sorted(HERE.iterdir()):
        if path.suffix != ".py":
            print(f"{path.name}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
