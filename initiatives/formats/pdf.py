"""Read the text layer of a PDF (an e-paper page) in reading order, with PDFium.

PDFium (pypdfium2) gives each character and its box, whatever order the typesetting system
drew them in; layout.py puts them back in reading order (bench/formats.py compares it with
pdfminer.six and pdfplumber on the test PDFs).
"""

import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import PDF, Converted, FormatError, chinese_title, layout

# A newspaper issue has a few dozen pages; a longer PDF is a book, not something to import.
MAX_PAGES = 64
# A text layer whose characters are mostly private-use or unknown codes came from fonts without
# a Unicode map: what it says cannot be recovered.
MAX_UNREADABLE_SHARE = 0.3

ENCRYPTED = (
    "这份 PDF 设有打开密码，无法读取：请用密码打开后另存为不加密的 PDF，"
    "或把其中的文字复制出来粘贴导入。"
)
SCANNED = (
    "这份 PDF 没有文字层（多半是扫描件或图片），读不出文字：请找报社的电子版 PDF，"
    "或先做文字识别（OCR）再导入。"
)
UNREADABLE = (
    "这份 PDF 的文字层无法识别（字体缺少编码，复制出来是乱码）：请找报社的其他电子版，"
    "或先做文字识别（OCR）再导入。"
)


def convert(data: bytes) -> Converted:
    """Return the text of a PDF's pages in reading order, or raise FormatError."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise FormatError(ENCRYPTED) from error
        raise FormatError("无法打开这份 PDF：文件可能已损坏或不完整。") from error
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise FormatError(
                f"这份 PDF 有 {count} 页，一次最多读取 {MAX_PAGES} 页：请按版面拆分后导入。"
            )
        pages = [chars_of(document[index]) for index in range(count)]
        title = chinese_title(document.get_metadata_dict().get("Title") or "")
    finally:
        document.close()
    found = [char for chars in pages for char in chars]
    if not found:
        raise FormatError(SCANNED)
    unreadable = sum(not readable(char.text) for char in found)
    if unreadable > MAX_UNREADABLE_SHARE * len(found):
        raise FormatError(UNREADABLE)
    running = layout.running_heads(pages)
    texts = [layout.page_text(chars, running) for chars in pages]
    return Converted("\n\n".join(text for text in texts if text), PDF, pages=count, title=title)


def chars_of(page):
    """Return the page's printed characters with their boxes, y growing downwards."""
    height = page.get_height()
    textpage = page.get_textpage()
    chars = []
    pending = ""  # the first half of a character outside the Basic Multilingual Plane
    try:
        for index in range(textpage.count_chars()):
            # PDFium adds spaces and line breaks of its own guessing; layout.py makes its own.
            if pdfium_c.FPDFText_IsGenerated(textpage, index):
                continue
            code = pdfium_c.FPDFText_GetUnicode(textpage, index)
            if 0xD800 <= code < 0xDC00:
                pending = chr(code)
                continue
            text = (
                (pending + chr(code))
                .encode("utf-16-le", "surrogatepass")
                .decode("utf-16-le", "replace")
            )
            pending = ""
            if not text.strip():
                continue
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            chars.append(layout.Char(text, left, height - top, right, height - bottom))
    finally:
        textpage.close()
        page.close()
    return chars


def readable(text):
    """Say whether a character of a text layer means something (not private-use or unknown)."""
    return text != "\ufffd" and unicodedata.category(text[0]) not in ("Co", "Cc", "Cs", "Cn")
