"""Cut a page into blocks: re-flowed paragraphs, datelines, bylines, credits, headline runs."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .bylines import INLINE_CREDIT, TRAILING_BYLINE, line_kind, parse_dateline
from .headlines import heading_like
from .lexicon import OPENER, UNITS
from .text import SPACES, clean_line, ends_sentence, fold, is_furniture, width

# A paragraph opening with a short sentence ("打造“老有所为”实践课堂。") starts a section.
SECTION_LEAD = re.compile(r"[^，。！？；,;!?]{2,18}[。！？!?]")
# "（上接第1版）", "（下转第2版）" inside a line.
JUMP = re.compile(
    r"[（(]\s*(?:上接|下转|接|转)第?\s*[0-9０-９A-Za-z]{1,3}\s*版[^（）()]{0,10}[）)]"
)
FIGURE_TAILS = tuple("余多万亿千百至到-~%％.．") + tuple(UNITS)


@dataclass
class Block:
    lines: list[str]
    kind: str = "body"  # body | dateline | byline | credit | head | caption
    wrapped: bool = False  # its lines were hard-wrapped to a column
    bylines: list[str] = field(default_factory=list)  # byline lines printed beside a dateline

    @property
    def text(self) -> str:
        return join_lines(self.lines)


def join_lines(lines: Sequence[str]) -> str:
    """Join hard-broken lines of one paragraph into one string."""
    return "".join(lines)


def _column_width(widths: list[int], index: int) -> float | None:
    """Estimate the column width around a line, or None if its neighbours are not wrapped."""
    near = widths[max(0, index - 6) : index] + widths[index + 1 : index + 7]
    if len(near) < 3:
        return None
    near.sort()
    column = near[(len(near) * 3) // 4]
    # Hard-wrapped text (PDF, e-paper columns) has most lines the same width.
    steady = sum(1 for w in near if abs(w - column) <= 4)
    if column > 120 or steady * 2 < len(near):
        return None
    return float(column)


def _is_short(line_width: int, column: float | None) -> bool:
    """Say whether a line stops before the column's end (so a paragraph may end there)."""
    return column is None or line_width < column - 3


def _breaks(
    block: Block, line: str, blank_seen: bool, short: bool, alone: bool, headed: bool
) -> bool:
    """Say whether `line` starts a new paragraph after `block`.

    `alone` says the line is followed by a blank line, a dateline or the end of the page,
    as a headline is; `headed` says every line of the block so far could be a headline, which
    the caller keeps as lines are added rather than this rechecking the block for every line.
    """
    previous = block.lines[-1]
    if ends_sentence(previous) or TRAILING_BYLINE.search(fold(previous)):
        if alone and heading_like(line) or blank_seen and SECTION_LEAD.match(line):
            return True
        if blank_seen and OPENER.match(line):
            return True
        # In wrapped text a full-width line ending a sentence is followed by more of the
        # same paragraph, even across a blank line (PDF page breaks); a short one ends it.
        return short
    if block.kind != "dateline" and headed:
        # A headline (or its kicker) is followed by another headline line or by a body.
        return not heading_like(line) and (blank_seen or short)
    return False


INDENT = re.compile(r"\u3000|[ \t\u00a0]{2,}")


def despace(line: str) -> str:
    """Remove the spaces some PDF copies put between every character ("本 报 讯")."""
    gaps = len(re.findall(r"(?<=\S) (?=\S)", line))
    joined = len(re.findall(r"\S(?=\S)", line))
    if gaps < 6 or gaps < 4 * joined:
        return line
    # Single spaces are the copy's; a wider gap was a real space (between names in a byline).
    return re.sub(r" {2,}", " ", re.sub(r"(?<=\S) (?=\S)", "", line))


def prepare_lines(text: str) -> list[str]:
    """Return the page's lines stripped, with furniture blanked and spaces collapsed."""
    lines: list[str] = []
    previous = ""  # the last line kept, so a lone number need not look back over blanks
    raw_lines = text.split("\n")
    for number, raw in enumerate(raw_lines):
        line = clean_line(JUMP.sub("", despace(raw.replace("\u3000", " "))))
        if is_furniture(line):
            line = ""
        elif fold(line).isdigit() and len(line) <= 4:
            # A lone number is a page number unless it is a figure broken off its unit
            # ("新建\n60\n余处"): mid-sentence and followed by the rest of the figure.
            # The look ahead stops at the next line with text, so it is linear overall.
            following = next(
                (
                    clean_line(raw_lines[k])
                    for k in range(number + 1, len(raw_lines))
                    if raw_lines[k].strip()
                ),
                "",
            )
            if (
                not previous
                or ends_sentence(previous)
                or line_kind(previous) in ("credit", "byline")
                or not following.startswith(FIGURE_TAILS)
            ):
                line = ""
        line = re.sub(f"[{SPACES}]+", " ", line)
        lines.append(line)
        previous = line or previous
    return lines


def split_blocks(text: str) -> list[Block]:
    """Cut the page into paragraphs, datelines, bylines, credits and headline runs."""
    lines = prepare_lines(text)
    content = [i for i, line in enumerate(lines) if line]
    # E-paper copy indents each paragraph's first line ("　　本报讯……"); when some lines are
    # indented and others not, an indented line starts a paragraph.
    indents = [bool(INDENT.match(raw)) for raw in text.split("\n")]
    indented = sum(indents[i] for i in content)
    by_indent = 2 <= indented <= 0.9 * len(content)
    widths = [width(lines[i]) for i in content]
    order = {i: n for n, i in enumerate(content)}
    kinds = [line_kind(line) if line else "" for line in lines]  # once a line, not twice

    blocks: list[Block] = []
    current: Block | None = None
    headed = False  # every line of `current` could be a headline
    blank_seen = False
    previous = -1
    for i, line in enumerate(lines):
        if not line:
            blank_seen = True
            continue
        kind = kinds[i]
        if kind in ("credit", "byline"):
            if current:
                blocks.append(current)
            blocks.append(Block([line], kind))
            current = None
        elif kind == "dateline":
            if current:
                blocks.append(current)
            current = Block([line], "dateline")
            headed = heading_like(line)
        else:
            if current is not None:
                column = _column_width(widths, order[previous])
                short = _is_short(widths[order[previous]], column)
                alone = i + 1 == len(lines) or kinds[i + 1] != "text"
                current.wrapped = column is not None
                if _breaks(current, line, blank_seen, short, alone, headed) or (
                    by_indent and indents[i]
                ):
                    blocks.append(current)
                    current = None
            if current is None:
                current = Block([line])
                headed = heading_like(line)
            else:
                current.lines.append(line)
                headed = headed and heading_like(line)
        blank_seen = False
        previous = i
    if current:
        blocks.append(current)
    return _join_bylines(_classify(_merge_leads(_split_credits(blocks))))


def _split_credits(blocks: list[Block]) -> list[Block]:
    """Split a caption's trailing photo credit ("（通讯员 孟恒 摄）") into its own block."""
    result = []
    for block in blocks:
        text = block.text
        match = INLINE_CREDIT.search(fold(text)) if block.kind == "body" else None
        if match and match.start() > 0:
            result.append(Block([text[: match.start()].rstrip()], block.kind))
            result.append(Block([text[match.start() :].strip("（）() ")], "credit"))
        else:
            result.append(block)
    return result


def _join_bylines(blocks: list[Block]) -> list[Block]:
    """Fold bylines printed beside a dateline into it, so together they start one item."""
    result: list[Block] = []
    bare = False  # the last block kept is a dateline with nothing after it ("本报讯")
    for block in blocks:
        previous = result[-1] if result else None
        if previous and previous.kind == "byline" and block.kind in ("byline", "dateline"):
            # "□通讯员 孔德华 报道" over "本报讯 近日，……", or a byline broken over two lines.
            # The run's lines are gathered in one list, not copied for each byline it holds.
            gathered = previous.bylines
            gathered += previous.lines
            gathered += block.bylines
            block.bylines = gathered
            result[-1] = block
        elif previous and previous.kind == "dateline" and block.kind == "byline" and bare:
            # "本报讯" alone, then "本报记者 张三 通讯员 李四" on the next line.
            previous.bylines.extend(block.lines)
            continue
        else:
            result.append(block)
        bare = block.kind == "dateline" and not parse_dateline(block.text)[2]
    return result


def _is_lead(block: Block) -> bool:
    """Say whether a body block is a one-sentence lead-in printed on its own line."""
    text = block.text
    if not block.wrapped or block.kind != "body" or len(text) > 32 or not ends_sentence(text):
        return False
    inner = text.rstrip(CLOSERS_AND_ENDS)
    return not any(ch in inner for ch in "。！？!?；")


def _merge_leads(blocks: list[Block]) -> list[Block]:
    """Join a section's one-sentence lead line to the paragraph it introduces."""
    result: list[Block] = []
    for block in blocks:
        if result and _is_lead(result[-1]) and block.kind == "body" and not _heading(block):
            result[-1] = Block(result[-1].lines + block.lines, "body")
        else:
            result.append(block)
    return result


def _heading(block: Block) -> bool:
    return (
        block.kind == "body" and all(heading_like(x) for x in block.lines) and len(block.text) <= 60
    )


def _classify(blocks: list[Block]) -> list[Block]:
    """Mark the blocks that read as headlines."""
    for block in blocks:
        if _heading(block):
            block.kind = "head"
    return blocks


CLOSERS_AND_ENDS = "”’」』）)》。！？!?…"
