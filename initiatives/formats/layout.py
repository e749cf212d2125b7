"""Put the characters of a printed page back in reading order: lines, columns, paragraphs.

Pure geometry on character boxes, whichever library read them. A page is cut recursively at
its widest empty band, across or down (recursive XY-cut), so a headline over its columns is read
before them and each column top to bottom before the next one to its right; lines are then
joined into paragraphs where a line is indented or the line before it stops short.
"""

import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

from initiatives.reading.text import is_furniture

# Distances are in units of the characters' size (the height of their boxes).
ROW_TOLERANCE = 0.3  # baselines this close are one row
LINE_GAP = 1.0  # a wider gap inside a row parts two lines (a column's gutter)
SPACE_GAP = 0.15  # a wider gap between two characters of a line is a space (about 0.2 em)
COLUMN_GAP = 0.8  # an empty band down a region this wide parts two columns
# An empty band across a region parts it when it is this much wider than its usual line spacing.
BAND_GAP = 0.5
INDENT = 1.0  # a line starting this far right of its column's left edge opens a paragraph
SHORT = 1.5  # a line stopping this far left of its column's right edge ends a paragraph
LOOKAHEAD = 16  # lines searched for the one below a line in its column
HEADING = 1.15  # lines this many times the page's body size are headlines, kept line by line
HEADLINE_LEADING = 1.0  # a headline line this close under another belongs to the same headline
MARGIN_SHARE = 0.08  # running heads and folios are printed in this top and bottom share of a page
DIGITS = re.compile(r"\d+")
PAGE_NUMBER = re.compile(r"[-—－]?\s*[A-Za-z]?\d{1,3}\s*[-—－]?")
ASCII_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class Char:
    """A printed character and its box, y growing downwards."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def size(self):
        return self.bottom - self.top


class Line:
    """Characters printed on one baseline, left to right, with their bounds."""

    def __init__(self, chars):
        self.chars = chars
        self.x0, self.x1 = chars[0].x0, chars[-1].x1
        self.top = min(char.top for char in chars)
        self.bottom = max(char.bottom for char in chars)
        self.size = median(char.size for char in chars)

    @property
    def text(self):
        """Return the line's characters, with a space only where the print leaves one."""
        pieces = [self.chars[0].text]
        for before, char in zip(self.chars, self.chars[1:], strict=False):
            if char.x0 - before.x1 > SPACE_GAP * max(before.size, char.size):
                pieces.append(" ")
            pieces.append(char.text)
        return "".join(pieces)


def page_text(chars, running=frozenset()):
    """Return a page's text in reading order: headline lines, then paragraphs, blank-line apart.

    Lines at the top or bottom of the page whose text is in running (running_heads()) are left out.
    """
    lines = find_lines([char for char in chars if char.text.strip() and char.size > 0])
    if running:
        edges = set(margin_lines(lines))
        lines = [line for line in lines if not (line in edges and folio(line.text) in running)]
    if not lines:
        return ""
    body = body_size_of(lines)
    blocks = [block for block in cut(lines, body) if not furniture(block)]
    return "\n\n".join(paragraphs(blocks, body))


def running_heads(pages):
    """Return the lines printed at the top or bottom of two pages or more: running heads, folios."""
    counts = Counter()
    for chars in pages:
        lines = find_lines([char for char in chars if char.text.strip() and char.size > 0])
        counts.update({folio(line.text) for line in margin_lines(lines)})
    return frozenset(text for text, count in counts.items() if count >= 2)


def margin_lines(lines):
    """Return the lines in the top and bottom MARGIN_SHARE of the page's printed height."""
    if not lines:
        return []
    top = min(line.top for line in lines)
    bottom = max(line.bottom for line in lines)
    band = MARGIN_SHARE * (bottom - top)
    return [line for line in lines if line.bottom <= top + band or line.top >= bottom - band]


def folio(text):
    """Return a line's text with its digits as #, so "第4版" and "第5版" read alike."""
    return DIGITS.sub("#", text)


def body_size_of(lines):
    """Return the size most characters of these lines are printed in."""
    sizes = Counter(round(char.size, 1) for line in lines for char in line.chars)
    return sizes.most_common(1)[0][0]


def find_lines(chars):
    """Group characters into lines: one baseline, no gutter-wide gap inside."""
    lines = []
    rows = []
    for char in sorted(chars, key=lambda c: (c.bottom, c.x0)):
        if rows and char.bottom - rows[-1][0].bottom <= ROW_TOLERANCE * char.size:
            rows[-1].append(char)
        else:
            rows.append([char])
    for row in rows:
        row.sort(key=lambda c: c.x0)
        line = [row[0]]
        for before, char in zip(row, row[1:], strict=False):
            if char.x0 - before.x1 > LINE_GAP * max(before.size, char.size):
                lines.append(Line(line))
                line = []
            line.append(char)
        lines.append(Line(line))
    return lines


def gaps(spans):
    """Return the empty (start, end) bands between the merged spans, widest first."""
    found = []
    spans = sorted(spans)
    reach = spans[0][1]
    for start, end in spans[1:]:
        if start > reach:
            found.append((reach, start))
        reach = max(reach, end)
    return sorted(found, key=lambda gap: gap[0] - gap[1])


def line_spacing(lines, size):
    """Return the usual empty height between a line and the next one below it in its column."""
    spacings = []
    ordered = sorted(lines, key=lambda line: line.top)
    for index, line in enumerate(ordered):
        # The line below is among the next few: one per column of the region, at most.
        below = next(
            (
                other
                for other in ordered[index + 1 : index + 1 + LOOKAHEAD]
                if other.top >= line.bottom - ROW_TOLERANCE * size
                and other.x0 < line.x1
                and line.x0 < other.x1
            ),
            None,
        )
        if below is not None:
            spacings.append(max(0.0, below.top - line.bottom))
    return median(spacings) if spacings else 0.0


def cut(lines, body):
    """Return the lines' blocks in reading order, cutting at the widest empty band each time."""
    blocks = []
    regions = [lines]  # a stack, the next region to read on top; a loop needs no recursion limit
    while regions:
        region = regions.pop()
        pieces = cut_once(region, body)
        if pieces is None:
            blocks.append(sorted(region, key=lambda line: (line.top, line.x0)))
        else:
            regions.extend(reversed(pieces))
    return blocks


def cut_once(lines, body):
    """Return the lines parted at their widest empty band (the earlier part first), or None."""
    if len(lines) < 2:
        return None
    size = median(line.size for line in lines)
    band = line_spacing(lines, size) + BAND_GAP * size
    across = [g for g in gaps([(line.top, line.bottom) for line in lines]) if g[1] - g[0] > band]
    down = [
        g
        for g in gaps([(line.x0, line.x1) for line in lines])
        if g[1] - g[0] > COLUMN_GAP * min(size, body)
    ]
    widest_across = across[0][1] - across[0][0] if across else 0
    widest_down = down[0][1] - down[0][0] if down else 0
    if not across and not down:
        return None
    if widest_down >= widest_across:
        middle = sum(down[0]) / 2
        return parted(lines, lambda line: line.x1 <= middle)
    middle = sum(across[0]) / 2
    return parted(lines, lambda line: line.bottom <= middle)


def parted(lines, first):
    """Return the lines for which first() holds, then the others."""
    return [[line for line in lines if first(line)], [line for line in lines if not first(line)]]


def furniture(block):
    """Say whether a block is only page furniture: mastheads, dates, 版次 banners, page numbers."""
    texts = [line.text for line in block]
    return all(is_furniture(text) or PAGE_NUMBER.fullmatch(text) for text in texts)


def paragraphs(blocks, body):
    """Return headline runs and reflowed paragraphs; a paragraph may run on into the next column."""
    out = []
    current = []  # the lines of the paragraph being read
    above = None  # the headline line just read, which a headline line right under it joins
    run_on = False  # whether the last line filled its column, so its paragraph may go on

    def finish():
        if current:
            out.append(join(current))
            current.clear()

    column = None  # the left and right edges of the last block of text read
    for block in blocks:
        text_lines = [line for line in block if line.size < HEADING * body]
        if text_lines:
            left = min(line.x0 for line in text_lines)
            right = max(line.x1 for line in text_lines)
            if column is not None and left < column[1] and column[0] < right:
                # A block right under the last one (below a picture, say) is measured against
                # that one too: a line alone in its block still shows its indent.
                left, right = min(left, column[0]), max(right, column[1])
            column = (left, right)
        for line in block:
            text = line.text.strip()
            if line.size >= HEADING * body:
                finish()
                # A headline's lines (a kicker's too) stay apart: the page reader composes them.
                if above is not None and under(line, above):
                    out[-1] += "\n" + text
                else:
                    out.append(text)
                above, run_on, column = line, False, None
                continue
            above = None
            if line.x0 - left > INDENT * line.size or not run_on:
                finish()
            current.append(text)
            # One line alone says nothing about its column's width.
            run_on = len(block) > 1 and right - line.x1 <= SHORT * line.size
    finish()
    return out


def under(line, above):
    """Say whether a line is printed right under another, overlapping it across."""
    close = line.top - above.bottom <= HEADLINE_LEADING * line.size
    return close and line.x0 < above.x1 and above.x0 < line.x1


def join(lines):
    """Join the lines of a paragraph: nothing between Chinese characters, a space between words."""
    pieces = [lines[0]]
    for before, line in zip(lines, lines[1:], strict=False):
        if ASCII_WORD.match(before[-1:]) and ASCII_WORD.match(line[:1]):
            pieces.append(" ")
        pieces.append(line)
    return "".join(pieces)
