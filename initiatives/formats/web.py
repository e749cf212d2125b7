"""Read a saved web page (a county site's article, an e-paper article, a WeChat post).

The article is the element holding the most paragraph text that is not links, once menus,
comments, related links and footers are removed; its headline is the page's og:title or <h1>,
and its address the canonical link, og:url or the "saved from url" note a browser writes.
Parsing is selectolax's (Lexbor, a compiled HTML5 parser with no other dependency);
bench/formats.py compares it with trafilatura on the test pages.
"""

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from initiatives.reading.text import clean_line

from . import HTML, Converted, FormatError

URL_LENGTH = 500  # Report.source_url's length
# Elements that are never the article's text.
DROPPED = (
    "script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, "
    "select, textarea, input, nav, footer, aside, menu, dialog"
)
# Words of class and id names that mark menus, comments, related links and footers.
BOILERPLATE = frozenset(
    [
        "nav",
        "navbar",
        "navigation",
        "menu",
        "menus",
        "footer",
        "foot",
        "copyright",
        "comment",
        "comments",
        "cmt",
        "discuss",
        "reply",
        "related",
        "relate",
        "recommend",
        "recommends",
        "share",
        "sharing",
        "breadcrumb",
        "crumb",
        "crumbs",
        "sidebar",
        "aside",
        "tool",
        "tools",
        "toolbar",
        "toolbox",
        "prev",
        "next",
        "pager",
        "pagination",
        "qr",
        "qrcode",
        "login",
        "search",
        "banner",
        "ad",
        "ads",
        "advert",
        "hot",
        "rank",
        "bmdh",
        "btdh",
    ]
)
BLOCKS = frozenset(
    [
        "address",
        "article",
        "blockquote",
        "body",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "founder-content",
    ]
)
CJK = re.compile(r"[\u3400-\u9fff]")
# Lines that a site prints around an article: editors, sources, calls to follow or share.
WEB_FURNITURE = re.compile(
    r"^[（(]?(?:编辑|责编|审核|审校|校对|监制|统筹|来源|作者|供稿|初审|复审|终审)\s*[：:]"
    r"|^(?:长按|扫码|点击|关注|阅读原文|预览时标签|微信扫一扫|分享到|返回顶部)"
)
SAVED_FROM = re.compile(r"<!-- saved from url=\(\d+\)(\S+?) -->")
# Titles name their site: "兖州区38万亩小麦颗粒归仓_工作动态_兖州区人民政府".
TITLE_PARTS = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|(?<!\d)-(?!\d))\s*")
MIN_ARTICLE_CHARS = 20  # less Chinese text than this is no article


def convert(data: bytes) -> Converted:
    """Return the article text of a saved web page, its headline first, or raise FormatError."""
    markup = decode_html(data)
    tree = LexborHTMLParser(markup)
    title = headline(tree)
    url = source_url(tree, markup)
    for node in tree.css(DROPPED):
        node.decompose()
    for node in [node for node in tree.css("[class], [id]") if is_boilerplate(node)]:
        node.decompose()
    body = tree.body
    article = best_container(body) if body is not None else None
    paragraphs = list(blocks(article)) if article is not None else []
    paragraphs = [text for text in paragraphs if not WEB_FURNITURE.match(text)]
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    if sum(len(CJK.findall(text)) for text in paragraphs) < MIN_ARTICLE_CHARS:
        raise FormatError("这个网页里找不到正文：请打开文章页后另存为网页，或复制正文粘贴导入。")
    return Converted(
        "\n\n".join([title, *paragraphs] if title else paragraphs),
        HTML,
        title=title,
        source_url=url,
    )


def decode_html(data: bytes) -> str:
    """Return the page's markup, decoded by its BOM, its declared charset, else UTF-8 or GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    declared = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w-]+)", data[:4096], re.IGNORECASE)
    encodings = ["utf-8", "gb18030"]
    if declared:
        name = declared.group(1).decode("ascii").lower()
        # Pages declaring GB2312 or GBK use characters only GB18030 names.
        encodings.insert(0, "gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name)
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", "replace")


def headline(tree):
    """Return the article's headline: og:title, the only <h1>, or the page title less its site."""
    meta = tree.css_first('meta[property="og:title"]')
    if meta is not None and (content := clean_line(meta.attributes.get("content") or "")):
        return content
    headings = [clean_line(node.text()) for node in tree.css("h1")]
    headings = [text for text in headings if CJK.search(text)]
    if len(headings) == 1:
        return headings[0]
    title = tree.css_first("title")
    parts = TITLE_PARTS.split(clean_line(title.text())) if title is not None else []
    return max(parts, key=lambda part: len(CJK.findall(part)), default="")


def source_url(tree, markup):
    """Return the address the page was saved from, if it names one."""
    candidates = [node.attributes.get("href") for node in tree.css('link[rel="canonical"]')] + [
        node.attributes.get("content") for node in tree.css('meta[property="og:url"]')
    ]
    if found := SAVED_FROM.search(markup[:1024]):
        candidates.append(found.group(1))
    for url in candidates:
        url = (url or "").strip()
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc and len(url) <= URL_LENGTH:
            return url
    return ""


def is_boilerplate(node):
    """Say whether an element's class or id names a menu, comments, related links or a footer."""
    names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
    words = {word.lower() for word in re.split(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])", names)}
    return bool(words & BOILERPLATE) and node.tag not in ("html", "body")


def best_container(body):
    """Return the element whose paragraphs hold the most Chinese text outside links."""
    scores = {}
    nodes = {}
    for node in body.traverse(include_text=False):
        if node.tag not in BLOCKS:
            continue
        own = own_text(node)
        count = len(CJK.findall(own))
        if count < 2:
            continue
        # A paragraph scores for its parent and, less, its grandparent (readability's rule).
        for weight, ancestor in ((1.0, node.parent), (0.5, node.parent and node.parent.parent)):
            if ancestor is None:
                continue
            key = ancestor.mem_id
            nodes[key] = ancestor
            scores[key] = scores.get(key, 0.0) + weight * count
    if not scores:
        return body
    return nodes[max(scores, key=scores.get)]


def own_text(node):
    """Return the text of an element outside its block children and its links."""
    pieces = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            pieces.append(child.text_content or "")
        elif child.tag not in BLOCKS and child.tag != "a":
            pieces.append(own_text(child))
    return "".join(pieces)


def blocks(node):
    """Yield the texts of an element's paragraphs in order, cut at blocks and line breaks."""
    line = []
    for piece in walk(node):
        if piece is None:
            if text := clean_line(re.sub(r"\s+", " ", "".join(line))):
                yield text
            line = []
        else:
            line.append(piece)
    if text := clean_line(re.sub(r"\s+", " ", "".join(line))):
        yield text


def walk(node):
    """Yield text pieces, and None wherever a block or a line break parts them."""
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            yield child.text_content or ""
        elif child.tag == "br":
            yield None
        elif child.tag in BLOCKS:
            yield None
            yield from walk(child)
            yield None
        else:
            yield from walk(child)
