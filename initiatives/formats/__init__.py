"""Turn an uploaded file into page text: PDF, saved web page, Word or plain text.

The format is told from the file's first bytes, not its name. Each reader lives in a module of
its own and is imported only when a file of its kind arrives, so importing this package stays
cheap; all of them return a Converted: the text the page reader reads, and what was taken.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from initiatives.reading.text import ReadingError, check_text, decode

# An e-paper page with its pictures is a few megabytes; a whole issue can be twenty.
MAX_FILE_BYTES = 20 * 1024 * 1024

PDF, HTML, WORD, TEXT = "pdf", "html", "docx", "text"
ZIP, OLD_WORD, OFFICE, IMAGE, ARCHIVE = "zip", "doc", "office", "image", "archive"

LABELS = {PDF: "PDF", HTML: _("网页"), WORD: "Word", TEXT: _("文本")}

IMAGES = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"BM": "BMP",
}
ARCHIVES = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt before 2007
# Comments, an XML declaration and a BOM may come before a saved page's <html>.
HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html)[\s>]",
    re.IGNORECASE | re.DOTALL,
)
HTML_SNIFF_BYTES = 4096


def format_label(kind: str) -> str:
    """Return how staff are told a format: PDF, 网页, Word, 文本."""
    return str(LABELS.get(kind, kind))


def chinese_title(title: str) -> str:
    """Return a file's stored title if it is Chinese; tools often store a file name there."""
    title = title.strip()
    return title[:200] if re.search(r"[\u3400-\u9fff]", title) else ""


class FormatError(ReadingError):
    """A file that cannot be read as a page, with a message staff can act on."""


@dataclass(frozen=True)
class Converted:
    """A file's text, and what was taken from it besides."""

    text: str
    format: str
    pages: int | None = None  # a PDF's pages
    title: str = ""
    source_url: str = ""


def detect(data: bytes) -> str:
    """Return the format of a file from its first bytes (pdf, docx, zip, html, text ...)."""
    if b"%PDF-" in data[:1024]:  # the header may follow a little junk
        return PDF
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return zip_format(data)
    if data.startswith(OLE2):
        return OLD_WORD
    if any(data.startswith(magic) for magic in IMAGES):
        return IMAGE
    if data.startswith(ARCHIVES):
        return ARCHIVE
    if HTML_START.match(data[:HTML_SNIFF_BYTES]):
        return HTML
    return TEXT


def zip_format(data: bytes) -> str:
    """Tell a Word file from other zip-based files and plain zip archives."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError):
        return ZIP  # reported as a damaged archive
    if "word/document.xml" in names:
        return WORD
    if "[Content_Types].xml" in names or "mimetype" in names:
        return OFFICE
    return ZIP


def convert(data: bytes) -> Converted:
    """Return the page text of a file of any supported format, or raise FormatError."""
    kind = detect(data)
    if kind == TEXT:
        return Converted(decode(data), TEXT)
    if len(data) > MAX_FILE_BYTES:
        raise FormatError(
            f"文件过大（约 {len(data) // 2**20} MB），一次最多读取 {MAX_FILE_BYTES // 2**20} MB。"
        )
    if kind == PDF:
        from . import pdf

        converted = pdf.convert(data)
    elif kind == HTML:
        from . import web

        converted = web.convert(data)
    elif kind == WORD:
        from . import word

        converted = word.convert(data)
    else:
        raise FormatError(UNSUPPORTED[kind](data))
    return Converted(
        check_text(converted.text),
        converted.format,
        pages=converted.pages,
        title=converted.title,
        source_url=converted.source_url,
    )


def image_message(data):
    kind = next(name for magic, name in IMAGES.items() if data.startswith(magic))
    return (
        f"这是一张图片（{kind}），不是文本文件：Digest 不识别图片中的文字，"
        "请上传带文字的 PDF、网页、Word 或文本文件。"
    )


UNSUPPORTED = {
    ZIP: lambda data: "这是一个压缩包：请解压后逐个上传，或用 import_page 命令整包导入。",
    OLD_WORD: lambda data: (
        "这是旧版 Word（.doc）或其他旧版 Office 文件：请在 Word 中另存为 .docx 后上传。"
    ),
    OFFICE: lambda data: "这是 Excel、PowerPoint 或其他办公文件：Digest 只读取 Word（.docx）文件。",
    IMAGE: image_message,
    ARCHIVE: lambda data: "这是 RAR、7z 或 gzip 压缩文件：Digest 只能展开 .zip 压缩包。",
}
