"""Decode uploaded pages and normalise text without changing its length."""

import re
import unicodedata

# A broadsheet page holds about 10,000 characters; five times that is surely a mistake
# (a whole PDF, a database dump) rather than one page.
MAX_PAGE_CHARS = 50_000
# No encoding takes more than four bytes a character: a reader may stop one byte past this,
# and decode() then refuses the page as too large without a huge file loaded into memory.
MAX_PAGE_BYTES = 4 * MAX_PAGE_CHARS

SENTENCE_END = "。！？!?…"
CLOSERS = "”’」』）)》"


class ReadingError(ValueError):
    """A page that cannot be read, with a message staff can act on."""


class NoDatelineError(ReadingError):
    """Text without any dateline; the caller may read it as one report (whole=True)."""


def _fold_table():
    table = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII forms: ０-９，Ａ-Ｚ，（），％ ...
        table[code] = code - 0xFEE0
    table[0x3000] = ord(" ")  # ideographic space
    table.update({ord("～"): ord("~"), ord("〜"): ord("~"), ord("﹪"): ord("%")})
    return table


FOLD = _fold_table()


def fold(text: str) -> str:
    """Return text with full-width digits, letters and signs made ASCII, one char for one."""
    return text.translate(FOLD)


def decode(data: bytes) -> str:
    """Return the text of an uploaded page: UTF-8 (with or without BOM), GB18030 or UTF-16."""
    if not data or not data.strip():
        raise ReadingError("文件是空的，没有可读取的文字。")
    if len(data) > MAX_PAGE_BYTES:
        raise ReadingError(too_large_message(len(data) // 3))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows Notepad's "Unicode": UTF-16 with its byte-order mark.
        encodings: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in data:
        raise ReadingError("这不是文本文件（含有二进制内容），请上传 .txt 文本或直接粘贴文字。")
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise ReadingError("无法识别文件编码，请另存为 UTF-8 或 GB18030 文本后重试。")
    if _looks_binary(text):
        raise ReadingError("这不是文本文件（含有二进制内容），请上传 .txt 文本或直接粘贴文字。")
    return check_text(text)


def check_text(text: str) -> str:
    """Return text with unified line ends, or raise ReadingError if empty or too large."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    text = re.sub("[\r\v\f\x1c-\x1e\x85\u2028\u2029]", "\n", text)
    if not text.strip():
        raise ReadingError("没有可读取的文字。")
    if len(text) > MAX_PAGE_CHARS:
        raise ReadingError(too_large_message(len(text)))
    return text


def too_large_message(size: int) -> str:
    return (
        f"内容过长（约 {size} 字），一次最多读取 {MAX_PAGE_CHARS} 字，相当于数个整版；"
        "请按版面分开导入。"
    )


def _looks_binary(text: str) -> bool:
    controls = sum(
        1 for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\t\n\r\f"
    )
    return controls > max(2, len(text) // 200)


def width(line: str) -> int:
    """Return a line's printed width in half-width units (CJK characters count two)."""
    # Chinese typesetting prints ambiguous-width marks (“”‘’—·) full width.
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line)


SPACES = " \t\u3000\u00a0\ufeff"


def clean_line(line: str) -> str:
    """Return a line without surrounding spaces (ASCII, ideographic, no-break)."""
    return line.strip(SPACES + "\f\v")


def ends_sentence(line: str) -> bool:
    """Say whether a line ends with a sentence-ending mark (allowing closing quotes after it)."""
    stripped = line.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


_FURNITURE = [
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(\s*(星期|周)[一二三四五六日天])?",
    r"(星期|周)[一二三四五六日天]",
    r"第\s*[0-9A-Za-z]{1,3}\s*版.{0,20}",
    r".{0,20}第\s*[0-9A-Za-z]{1,3}\s*版",
    r"[A-Z]\d{1,2}",  # page labels such as A3; a bare number is judged by the page reader
    r"(责任|本版|美术|版式|图片|文字)编辑.*",
    r"(校对|审校|审读|组版|照排|排版|设计|制图)[：:\s].*",
    r"(上一版|下一版|上一篇|下一篇|上一期|下一期|返回目录|返回首页|版面导航|标题导航|放大|缩小|默认).*",
    r".*(https?://|www\.|\.com|\.cn|\.net)\S*.*",
    r".*(版权所有|Copyright|©|ICP备|技术支持|数字报|电子报|PDF下载).*",
    r"[（(]?\s*(上接|下转|转|接)第?\s*\d+\s*版.{0,10}[）)]?",
    r"[-—_=*·•\s]+",
    r"[\u4e00-\u9fff]{2,8}(?:日报|晚报|时报|都市报|农民报|数字报|电子版)(?:\s*[A-Z]?\d{1,2})?",
    # "济宁日报 2024年6月12日 星期三 第04版": a masthead line, never a sentence.
    r"[^，。,]{0,15}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(星期|周)[一二三四五六日天][^，。,]{0,20}",
    r"[\u4e00-\u9fff]{2,8}报\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^，。,]{0,20}",
    # A column's rubric over its items ("县区简讯", "图片新闻"), not a headline of one.
    r"[\u4e00-\u9fff]{0,6}(?:简讯|快讯|短讯|速递|速览|集锦|一句话新闻)|图片新闻|新闻图片|图片报道",
    r"今日[\u4e00-\u9fff]{2,3}",  # county papers' mastheads: 今日汶上, 今日邹城
    # Text copied from a news website: its metadata and buttons.
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?",
    r"(来源|稿源|发布时间|发布日期|发表时间|浏览次数|点击数|阅读数|字号)\s*[:：].*",
    r"(?:[【】\[\]\s]*(?:打印本页|关闭窗口|打印|关闭|收藏|返回顶部|纠错))+[【】\[\]\s]*|分享到\s*[:：]?.*",
]
FURNITURE = re.compile("|".join(f"(?:{p})" for p in _FURNITURE), re.IGNORECASE)


def is_furniture(line: str) -> bool:
    """Say whether a stripped line is page furniture (dates, page numbers, footers, URLs)."""
    if not line:
        return False
    # "（责任编辑：张玲）": furniture is sometimes bracketed.
    folded = fold(line).strip("()[]【】 ")
    # E-paper mastheads pad the date and the page number apart with a run of spaces.
    folded = re.sub(r"\s{2,}", " ", folded)
    return len(folded) <= 60 and FURNITURE.fullmatch(folded) is not None
