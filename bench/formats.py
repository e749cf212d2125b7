"""Compare ways of reading the test PDFs and saved web pages (tests/data/files/).

    .venv/bin/python -m pip install --group files   # pdfminer.six, pdfplumber, trafilatura
    .venv/bin/python bench/formats.py

PDFs: each reader's text goes through the page reader and is compared with the reading of the
page's own text: reports found with the same headline and dateline, figures equal (quote, amount,
counted noun, qualifier, kind), paragraphs of the source found whole and in order, spaces put
between two Chinese characters, and time. Web pages: whether the headline, the dateline and every
paragraph were kept, and how many of the page's menu, related-link, comment and footer lines
came along.
"""

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from initiatives.formats import layout, pdf, web  # noqa: E402
from initiatives.reading import read_page  # noqa: E402

FILES = ROOT / "tests" / "data" / "files"
COUNTIES = ["汶上县", "鱼台县", "邹城市", "泗水县", "微山县", "太白湖新区", "金乡县", "济宁经开区"]
COUNTIES += ["梁山县", "嘉祥县", "曲阜市", "任城区", "兖州区"]
PDFS = {
    "seed-three-columns.pdf": ROOT / "tests" / "data" / "seed-page.txt",
    "county-two-columns.pdf": FILES / "county-page.txt",
}
CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff，。、；：“”（）]) +(?=[\u4e00-\u9fff，。、；：“”（）])")


def pdfminer_text(path):
    from pdfminer.high_level import extract_text

    return extract_text(path)


def pdfplumber_text(path):
    import pdfplumber

    with pdfplumber.open(path) as document:
        return "\n\n".join(page.extract_text() or "" for page in document.pages)


def pdfium_drawing_order(path):
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    return "\n\n".join(page.get_textpage().get_text_range() for page in document)


def layout_over_pdfplumber(path):
    import pdfplumber

    texts = []
    with pdfplumber.open(path) as document:
        for page in document.pages:
            chars = [
                layout.Char(c["text"], c["x0"], c["top"], c["x1"], c["bottom"]) for c in page.chars
            ]
            texts.append(layout.page_text(chars))
    return "\n\n".join(texts)


def layout_over_pdfium(path):
    return pdf.convert(path.read_bytes()).text


PDF_READERS = {
    "pdfminer.six extract_text": pdfminer_text,
    "pdfplumber extract_text": pdfplumber_text,
    "pypdfium2 get_text_range (drawing order)": pdfium_drawing_order,
    "layout.py over pdfplumber's characters": layout_over_pdfplumber,
    "layout.py over pypdfium2's characters (chosen)": layout_over_pdfium,
}


def figure_keys(item):
    return [(f.quote, f.amount, f.counted, f.qualifier, f.kind) for f in item.figures]


def in_order(positions):
    """Return the length of the longest increasing run of positions (not necessarily adjacent)."""
    tails = []
    for position in positions:
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if tails[middle] < position:
                low = middle + 1
            else:
                high = middle
        tails[low : low + 1] = [position]
    return len(tails)


def measure_pdf(reader, path, source):
    started = time.perf_counter()
    try:
        text = reader(path)
    except Exception as error:  # a reader's failure is a result too
        return {"error": str(error)}
    seconds = time.perf_counter() - started
    expected = read_page(source.read_text(encoding="utf-8"), COUNTIES)
    try:
        found = read_page(text, COUNTIES)
    except Exception:
        found = []
    by_head = {(item.headline, item.dateline): item for item in found}
    reports = sum((item.headline, item.dateline) in by_head for item in expected)
    figures_expected = sum(len(item.figures) for item in expected)
    figures_equal = sum(
        len(
            [
                key
                for key in figure_keys(item)
                if key in figure_keys(by_head.get((item.headline, item.dateline), item))
            ]
        )
        if (item.headline, item.dateline) in by_head
        else 0
        for item in expected
    )
    flat = re.sub(r"\s+", "", text)
    paragraphs = [re.sub(r"\s+", "", p) for item in expected for p in item.paragraphs]
    positions = [flat.find(p) for p in paragraphs]
    whole = [p for p in positions if p >= 0]
    spaces = len(CJK_SPACE.findall(text)) - len(CJK_SPACE.findall(source.read_text()))
    return {
        "reports": f"{reports}/{len(expected)}",
        "figures": f"{figures_equal}/{figures_expected}",
        "paragraphs whole": f"{len(whole)}/{len(paragraphs)}",
        "in order": f"{in_order(whole)}/{len(paragraphs)}",
        "spaces in Chinese": max(spaces, 0),
        "seconds": f"{seconds:.2f}",
    }


# Web pages: what must be kept and what must go.
PAGES = {
    "county-site-article.html": {
        "headline": "兖州区38万亩小麦颗粒归仓",
        "dateline": "本报兖州讯（通讯员 魏来 张帆）",
        "source": "county-page.txt",
        "junk": [
            "设为首页",
            "政务公开",
            "当前位置",
            "浏览次数",
            "打印本页",
            "下一篇",
            "相关新闻",
            "全区“三夏”生产工作会议召开",
            "网友评论",
            "点赞农机手",
            "ICP备",
            "主办单位",
        ],
    },
    "epaper-article.html": {
        "headline": "曲阜：古城迎来“研学季”",
        "dateline": "本报曲阜讯（记者 孔令文 通讯员 颜青）",
        "source": "county-page.txt",
        "junk": [
            "往期回顾",
            "PDF下载",
            "版面导航",
            "第01版：要闻",
            "标题导航",
            "嘉祥县：小石头",
            "放大",
            "上一篇",
            "版权所有",
            "ICP备",
        ],
    },
    "wechat-article.html": {
        "headline": "任城区农村供水实现“同城同质”",
        "dateline": "本报讯（通讯员 王海鹏）",
        "source": "county-page.txt",
        "junk": [
            "原创",
            "任城融媒",
            "阅读原文",
            "在看",
            "留言",
            "家里的水确实好多了",
            "喜欢此内容的人还喜欢",
            "来任城赏荷花",
            "微信扫一扫",
            "长按识别二维码",
        ],
    },
}


def trafilatura_text(data):
    import trafilatura

    document = trafilatura.bare_extraction(data, with_metadata=True)
    return f"{document.title}\n\n{document.text}", document.url or ""


def trafilatura_precise(data):
    import trafilatura

    document = trafilatura.bare_extraction(data, with_metadata=True, favor_precision=True)
    if document is None:  # it found no article
        return "", ""
    return f"{document.title}\n\n{document.text}", document.url or ""


def own_rules(data):
    converted = web.convert(data)
    return converted.text, converted.source_url


WEB_READERS = {
    "trafilatura (defaults)": trafilatura_text,
    "trafilatura (favor_precision)": trafilatura_precise,
    "web.py: selectolax with its own rules (chosen)": own_rules,
}


def measure_web(reader, name, expected):
    data = (FILES / name).read_bytes()
    started = time.perf_counter()
    text, url = reader(data)
    seconds = time.perf_counter() - started
    source = read_page((FILES / expected["source"]).read_text(encoding="utf-8"), COUNTIES)
    (item,) = [item for item in source if expected["dateline"].startswith(item.dateline or "-")]
    flat = re.sub(r"\s+", "", text)
    kept = sum(re.sub(r"\s+", "", p) in flat for p in item.paragraphs)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return {
        "headline": "yes" if expected["headline"] in lines[:1] else "no",
        "dateline": "yes" if expected["dateline"] in text else "no",
        "paragraphs": f"{kept}/{len(item.paragraphs)}",
        "junk lines": sum(word in text for word in expected["junk"]),
        "url": "yes" if url else "no",
        "seconds": f"{seconds:.3f}",
    }


def table(rows, columns):
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row.get(c, "")) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def main():
    print("## PDF: the page reader's reading of each reader's text against the page's own text\n")
    columns = [
        "file",
        "reader",
        "reports",
        "figures",
        "paragraphs whole",
        "in order",
        "spaces in Chinese",
        "seconds",
        "error",
    ]
    rows = []
    for name, source in PDFS.items():
        for label, reader in PDF_READERS.items():
            rows.append({"file": name, "reader": label} | measure_pdf(reader, FILES / name, source))
    print(table(rows, columns))
    print("\n## Web pages: kept and left out\n")
    columns = [
        "file",
        "reader",
        "headline",
        "dateline",
        "paragraphs",
        "junk lines",
        "url",
        "seconds",
    ]
    rows = []
    for name, expected in PAGES.items():
        for label, reader in WEB_READERS.items():
            rows.append({"file": name, "reader": label} | measure_web(reader, name, expected))
    print(table(rows, columns))


if __name__ == "__main__":
    main()
