"""Split a pasted newspaper page into reports and photos with re-flowed paragraphs."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .counties import suggest_county
from .figures import UNITS, Found, extract_figures
from .text import (
    SPACES,
    NoDatelineError,
    check_text,
    clean_line,
    ends_sentence,
    fold,
    is_furniture,
    width,
)


@dataclass(frozen=True)
class Item:
    """One report or photo read from a page."""

    kind: str  # "report" | "photo"
    dateline: str
    correspondents: list[str]
    headline: str
    subheadline: str
    paragraphs: list[str]
    county: str
    figures: list[Found] = field(default_factory=list)


CJK = r"\u4e00-\u9fff"
# 本报汶上讯, 本报讯, 本报济宁6月12日讯, 新华社北京6月12日电, 大众日报济宁讯 (matched on folded text).
DATELINE = re.compile(
    rf"^(?:本报(?!记者|通讯员)[{CJK}]{{0,6}}?(?:\s?\d{{1,2}}月\d{{1,2}}日)?(?:讯|电)"
    rf"|(?:新华社|中新社|人民网|新华网|央视网)[{CJK}]{{0,6}}?(?:\s?\d{{1,2}}月\d{{1,2}}日)?电"
    rf"|[{CJK}·]{{1,10}}?(?:日报|晚报|早报|都市报|时报|商报|导报)(?:·[{CJK}]{{2,8}})?"
    rf"[{CJK}]{{0,6}}?(?:\s?\d{{1,2}}月\d{{1,2}}日)?(?:讯|电)(?=\s|\(|:))"
)
PAREN = re.compile(r"\s*\(([^()]{1,60})\)\s*")
ROLES = (
    "(?:本报)?(?:特约|见习|实习|首席|摄影|融媒体?|全媒体|新媒体|特派|驻站)?记者"
    "|(?:本报)?(?:特约)?通讯员|实习生|摄影|编辑|报道员"
)
ROLE = re.compile(ROLES)
# "大众日报记者 张国强", "新华社记者 孙一凡": a paper's name printed before the role.
PAPER = (
    rf"(?:[{CJK}]{{0,6}}?(?:日报|晚报|早报|都市报|时报|商报|导报|新闻网|新华社|中新社|电视台)"
    rf"(?:·[{CJK}]{{2,6}})?)"  # 齐鲁晚报·齐鲁壹点记者
)
# A name; typesetters pad a two-character one to three ("刘　洋").
NAME = rf"(?:[{CJK}] [{CJK}](?![{CJK}])|[{CJK}·]{{2,5}})"
INLINE_BYLINE = re.compile(rf"[\s:：]*((?:(?:{ROLES}) ?(?:{NAME} )+)+)")
MARKS = "□■▲△◆◇●○☆★"
BYLINE = re.compile(
    rf"^[{MARKS}]?\s*(?:{PAPER}?(?:{ROLES})\s*:?\s*{NAME}(?:[\s、，,]+{NAME})*\s*)+(?:报道|报導)?$"
)
CREDIT = re.compile(rf"^[{MARKS}]?\s*(?:(?:{ROLES})\s*)?[{CJK}·\s、，,]{{2,30}}?\s*摄(?:影)?$")
INLINE_CREDIT = re.compile(
    rf"(?:[（(]\s*(?:(?:{ROLES})\s*)?[{CJK}·\s、，,]{{2,30}}?\s*摄(?:影)?\s*[）)]"
    rf"|[{MARKS}]\s*(?:(?:{ROLES})\s*)?[{CJK}·\s、，,]{{2,30}}?\s*摄(?:影)?)$"
)
# A main title opening with its place ("济宁：…"), so a line above it is a kicker.
KICKED = re.compile(rf"^[{CJK}]{{2,6}}:")
PLACE_NAME = rf"[{CJK}]{{1,7}}?(?:县|市|区|新区|镇|乡|街道|经开区|高新区)"
PLACE = re.compile(rf"^[{CJK}]{{2,8}}(?:县|市|区|新区|镇|乡|街道|经开区|高新区)$")
# A news-in-brief item opens with a marked place name: "■汶上县 近日，……", "▲金乡县：……".
BRIEF = re.compile(rf"^[{MARKS}]\s*(?!图)({PLACE_NAME})(?:\s*[:：]\s*|\s+|$)")
# "……120余名老人参加。（通讯员 袁军）": a brief's reporters bracketed after its last sentence.
TRAILING_BYLINE = re.compile(
    rf"(?:(?<=[。！？!?”])|^)\s*\(\s*((?:{ROLES})?\s*{NAME}(?:[\s、，,]+{NAME}){{0,3}})\s*\)$"
)
PAPER_ROLE = re.compile(rf"{PAPER}?(?:{ROLES})")
BRACKETED_BYLINE = re.compile(
    rf"^\(\s*{PAPER}?(?:{ROLES})\s*{NAME}(?:[\s、，,]+(?:(?:{ROLES})\s*)?{NAME})*\s*\)$"
)
# A paragraph opening with a short sentence ("打造“老有所为”实践课堂。") starts a section.
SECTION_LEAD = re.compile(r"[^，。！？；,;!?]{2,18}[。！？!?]")
# "（上接第1版）", "（下转第2版）" inside a line.
JUMP = re.compile(
    r"[（(]\s*(?:上接|下转|接|转)第?\s*[0-9０-９A-Za-z]{1,3}\s*版[^（）()]{0,10}[）)]"
)
FIGURE_TAILS = tuple("余多万亿千百至到-~%％.．") + tuple(UNITS)
CONNECTORS = "与和及并且而的之在对为把将让向从以于、，：:—"
# Words that open a new paragraph of a news report; after a blank line they start one even
# where the sentence before filled its column.
OPENER = re.compile(
    r"(?:下一步|据了解|据悉|据介绍|近年来|今年以来|去年以来|近日|日前|目前|此外|另外|与此同时"
    r"|截至|截止|\d{4}年(?:以来)?|[今去明]年)[，,]"
)


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


def heading_like(line: str) -> bool:
    """Say whether a line could be (part of) a headline: short, no sentence inside it."""
    if not line or len(line) > 40 or any(ch in line for ch in "。；;"):
        return False
    if line[-1] in "，、,(（“":
        return False
    if ends_sentence(line):
        # "让老人老有所依！" can be a headline; a sentence with a comma in it is not.
        return line[-1] in "！？!?" and len(line) <= 20 and not any(ch in line for ch in "，,、")
    if line[-1] in "：:" and len(line) > 10:  # a kicker may end "嘉祥县："
        return False
    if ("，" in line or "," in line) and len(line) > 16:
        return False
    return line.count("，") <= 1 and not DATELINE.match(fold(line))


def unslash(folded: str) -> str:
    """Return a byline without its 文/图 labels ("文/图 本报记者 张三" -> "本报记者 张三")."""
    folded = re.sub(r"\s*(?:文/图|图/文)$", "", folded)
    folded = re.sub(rf"(?:^|(?<=[\s{MARKS}]))(?:文/图|图/文)(?:\s*:\s*|\s+)", "", folded)
    return re.sub(rf"(?:^|(?<=[\s{MARKS}]))[文图]\s*/\s*", "", folded)


def line_kind(line: str) -> str:
    """Return "dateline", "credit", "byline" or "text" for a stripped line."""
    if DATELINE.match(fold(line)) or BRIEF.match(fold(line)):
        return "dateline"
    folded = unslash(fold(line))
    if len(line) <= 50 and BRACKETED_BYLINE.match(folded):
        return "byline"  # "（记者 张涛 通讯员 李军）" on a line of its own
    if len(line) <= 50 and not ends_sentence(line):
        if CREDIT.match(folded) and (
            line[0] in MARKS or ROLE.search(line) or re.fullmatch(rf"[{CJK}]{{2,4}} +摄", folded)
        ):
            return "credit"
        if BYLINE.match(folded) and (
            line[0] in MARKS
            or line.endswith(("报道", "报導"))
            # "本报记者 张三", but not a heading such as "通讯员队伍建设"
            or (PAPER_ROLE.match(folded) and (" " in folded or ":" in folded))
        ):
            return "byline"
    return "text"


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


@dataclass
class _Draft:
    start: Block | None
    blocks: list[Block] = field(default_factory=list)
    heads: list[Block] = field(default_factory=list)
    credit: Block | None = None
    bylines: list[Block] = field(default_factory=list)  # further bylines and credits


def _starts(blocks: list[Block]) -> list[int]:
    """Mark photo captions and return the indexes where items begin."""
    starts = []
    for i, block in enumerate(blocks):
        if block.kind in ("dateline", "byline"):
            starts.append(i)
        elif block.kind == "credit" and i > 0 and blocks[i - 1].kind in ("body", "head"):
            blocks[i - 1].kind = "caption"
            starts.append(i - 1)
    return sorted(starts)


def _assemble(blocks: list[Block], whole: bool) -> list[_Draft]:
    """Group blocks into items, attaching each headline run to its report."""
    starts = _starts(blocks)
    if whole or not starts:
        if not whole:
            return []
        first = next((b for b in blocks if b.kind in ("dateline", "byline")), None)
        draft = _Draft(first)
        for block in blocks:
            if block.kind == "head" and not draft.heads and not draft.blocks:
                draft.heads.append(block)
            elif block.kind in ("credit", "byline"):
                if block is not first:
                    draft.bylines.append(block)
            else:
                draft.blocks.append(block)
        return [draft]

    first = starts[0]
    after_style = _headlines_follow(blocks, starts)

    drafts: list[_Draft] = []
    pending: list[Block] = []  # headline run waiting for the next item (headline-before style)
    prefix = blocks[:first]
    if not after_style:
        cut = _head_run_start(prefix)
        prefix, pending = prefix[:cut], prefix[cut:]
    if prefix:
        # Text before the first dateline (a report continued from another page) is kept
        # as a report of its own rather than dropped.
        orphan = _Draft(None)
        for block in prefix:
            if block.kind == "head" and (after_style or not orphan.blocks):
                orphan.heads.append(block)
            elif block.kind in ("credit", "byline"):
                orphan.bylines.append(block)
            else:
                orphan.blocks.append(block)
        drafts.append(orphan)
    bounds = [*starts, len(blocks)]
    for n, begin in enumerate(starts):
        segment = blocks[begin : bounds[n + 1]]
        draft = _Draft(segment[0], heads=pending)
        pending = []
        cut = _head_run_start(segment, 1)
        body, trailing = segment[1:cut], segment[cut:]
        for block in body:
            if block.kind == "credit" and draft.credit is None:
                draft.credit = block
            elif block.kind in ("credit", "byline"):
                draft.bylines.append(block)
            else:
                draft.blocks.append(block)
        if after_style:
            draft.heads = draft.heads + trailing
        else:
            pending = trailing
        drafts.append(draft)
    if pending:
        # A headline run ending the page opens no report; it is kept as an item of its own.
        drafts.append(_Draft(None, heads=pending))
    return _fold_trailing_bylines(drafts, after_style)


def _head_run_start(blocks: list[Block], floor: int = 0) -> int:
    """Return where the run of headline blocks ending `blocks` begins, not before floor."""
    cut = len(blocks)
    while cut > floor and blocks[cut - 1].kind == "head":
        cut -= 1
    return cut


def _fold_trailing_bylines(drafts: list[_Draft], after_style: bool) -> list[_Draft]:
    """Give a byline printed after a report's body ("本报记者 张三") to that report."""
    result: list[_Draft] = []
    # Headline runs of folded drafts, in order, waiting for the next draft (headlines before
    # bodies); gathered in one list so a run of such drafts is not copied again for each.
    carried: list[Block] = []
    for n, draft in enumerate(drafts):
        start = draft.start
        if carried:
            carried += draft.heads
            draft.heads, carried = carried, []
        if start is None or start.kind != "byline" or draft.blocks or not result:
            result.append(draft)
            continue
        previous = result[-1]
        previous.bylines.append(start)
        if draft.credit is not None:
            previous.bylines.append(draft.credit)
        previous.bylines += draft.bylines
        # Its headline run belongs to the report it closes (headlines after bodies) or,
        # printed before, to the next one.
        if after_style or n + 1 == len(drafts):
            previous.heads += draft.heads
        else:
            carried = draft.heads
    return result


def _headlines_follow(blocks: list[Block], starts: list[int]) -> bool:
    """Say whether this page prints each headline after its report (as the seed page does).

    Between two reports a headline run could close the one before or open the one after;
    only the ends of the page tell: a run before the first report means headlines come
    first, a run after the last report means they come last. Photos, often without a
    headline, are left out of the decision.
    """
    reports = [i for i in starts if blocks[i].kind != "caption"]
    if not reports:
        return False
    first, last = reports[0], reports[-1]
    headed_before = first > 0 and blocks[first - 1].kind == "head"
    following = [i for i in starts if i > last]
    end = following[0] if following else len(blocks)
    if following and blocks[end].kind == "caption" and blocks[end - 1].kind == "head":
        # A run just before a photo could be the photo's own headline; look past the photo.
        headed_after = True
    else:
        rest = [b for b in blocks[last + 1 : end] if b.kind != "credit"]
        headed_after = bool(rest) and rest[-1].kind == "head"
    return headed_after and not headed_before


def compose_headline(lines: Sequence[str]) -> tuple[str, str]:
    """Return (headline, subheadline) from the lines of a headline run."""
    main = [x for x in lines if not x.startswith(("—", "－", "--"))]
    sub = " ".join(x.lstrip("—－- ") for x in lines if x.startswith(("—", "－", "--")))
    if not main:
        return sub, ""
    # "聚焦“一老一小”办实事" over "济宁：长者食堂开到村头": a kicker (引题) above a main title
    # that opens with its place; the kicker is kept with the subheadline.
    lead = next((k for k in range(1, len(main)) if KICKED.match(fold(main[k]))), 0)
    if lead and len(main[lead - 1]) >= 4 and main[lead - 1][-1] not in CONNECTORS:
        sub = " ".join(x for x in (" ".join(main[:lead]), sub) if x)
        main = main[lead:]
    pieces: list[str] = []  # joined once at the end: a long run is not copied line by line
    for k, line in enumerate(main):
        if not pieces:
            pieces.append(line)
            continue
        previous = main[k - 1]
        couplet = (
            len(previous) <= 12
            and len(line) <= 12
            and abs(len(previous) - len(line)) <= 2
            and line[0] not in CONNECTORS
            and previous[-1] not in CONNECTORS
            and not (k == 1 and PLACE.match(previous))
        )
        pieces.append((" " if couplet else "") + line)
    return "".join(pieces), sub


def parse_dateline(text: str) -> tuple[str, list[str], str]:
    """Return (dateline, correspondents, rest of the paragraph) from a dateline paragraph."""
    folded = fold(text)
    brief = BRIEF.match(folded)
    if brief and not DATELINE.match(folded):
        return text[brief.start(1) : brief.end(1)], [], text[brief.end() :].lstrip(SPACES)
    match = DATELINE.match(folded)
    if not match:
        return "", [], text
    dateline = text[: match.end()].strip()
    rest_at = match.end()
    names: list[str] = []
    paren = PAREN.match(folded, rest_at)
    if paren:
        names = parse_names(text[paren.start(1) : paren.end(1)])
        rest_at = paren.end()
    else:
        # "齐鲁晚报·齐鲁壹点讯 记者 王五 近日，……": the byline without brackets.
        inline = INLINE_BYLINE.match(folded, rest_at)
        if inline:
            names = parse_names(text[inline.start(1) : inline.end(1)])
            rest_at = inline.end()
    rest = text[rest_at:].lstrip(SPACES + "：:　")
    return dateline, names, rest


def parse_names(text: str) -> list[str]:
    """Return the people in a byline or credit, without their roles."""
    text = unslash(fold(text).strip(MARKS + SPACES + "()"))
    text = re.sub(r"(报道|报導|摄影|摄)$", "", text).strip()
    names = []
    for group in re.split(rf"(?:{PAPER}(?={ROLES})|{ROLES}|本报)+", text):
        parts = [p for p in re.split(r"[\s、，,/·:]+", group) if p]
        while parts:
            # "刘 洋": a two-character name padded with a space is one name.
            if len(parts) > 1 and len(parts[0]) == len(parts[1]) == 1:
                names.append(parts.pop(0) + parts.pop(0))
            else:
                names.append(parts.pop(0))
    return names


def _merge_names(*groups: list[str]) -> list[str]:
    """Return the names of several bylines in order, each once."""
    return list(dict.fromkeys(name for group in groups for name in group))


def _trailing_byline(paragraphs: list[str]) -> list[str]:
    """Remove a bracketed byline after the last sentence and return its names."""
    if not paragraphs:
        return []
    match = TRAILING_BYLINE.search(fold(paragraphs[-1]))
    if not match:
        return []
    paragraphs[-1] = paragraphs[-1][: match.start()].rstrip()
    if not paragraphs[-1]:
        paragraphs.pop()
    return parse_names(match.group(1))


# Clauses that only say when ("近日，", "5月16日，") say nothing a headline would.
WHEN = re.compile(
    r"(?:近日|日前|近期|目前|当前|近年来|今年以来|去年以来|[今去]年|[上下]半年|\d{4}年(?:以来)?"
    r"|(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:上午|下午|晚)?|\d{1,2}日(?:上午|下午|晚)?)"
)


def first_clause(text: str) -> str:
    """Return the first clause of a paragraph that says more than when, for a missing headline."""
    clauses = [c for c in re.split(r"[，。；！？,;!?]", text) if c.strip()]
    for clause in clauses:
        if not WHEN.fullmatch(fold(clause).strip()):
            return clause[:60]
    return clauses[0][:60] if clauses else ""


def _build(draft: _Draft, counties: Sequence[str]) -> Item:
    kind = "report"
    dateline, names, paragraphs = "", [], []
    start = draft.start
    if start is not None and start.kind == "dateline":
        dateline, names, rest = parse_dateline(start.text)
        if rest:
            paragraphs.append(rest)
    elif start is not None and start.kind == "byline":
        names = parse_names(start.text)
    elif start is not None and start.kind == "caption":
        kind = "photo"
        paragraphs.append(start.text)
    if start is not None:
        names = _merge_names(*(parse_names(line) for line in start.bylines), names)
    credits = [draft.credit, *draft.bylines] if draft.credit else draft.bylines
    names = _merge_names(
        names, *(parse_names(line) for block in credits for line in [*block.bylines, block.text])
    )
    paragraphs += [b.text for b in draft.blocks if b.text]
    if kind == "report":
        names = _merge_names(names, _trailing_byline(paragraphs))
    head_lines = [line for block in draft.heads for line in block.lines]
    headline, subheadline = compose_headline(head_lines)
    if not headline and paragraphs:
        headline = first_clause(paragraphs[0])
    county = suggest_county(headline, paragraphs, dateline, counties)
    figures = [
        replace(found, paragraph=n)
        for n, paragraph in enumerate(paragraphs)
        for found in extract_figures(paragraph)
    ]
    return Item(
        kind=kind,
        dateline=dateline,
        correspondents=names,
        headline=headline,
        subheadline=subheadline,
        paragraphs=paragraphs,
        county=county,
        figures=figures,
    )


def read_page(text: str, counties: Sequence[str] = (), *, whole: bool = False) -> list[Item]:
    """Split a page into items with paragraphs, county and suggested figures."""
    text = check_text(text)
    drafts = _assemble(split_blocks(text), whole)
    if not drafts:
        raise NoDatelineError(
            "没有找到电头（如“本报汶上讯（通讯员 …）”“本报讯（记者 …）”或“□通讯员 … 报道”），"
            "无法分成单篇报道；可以把全文作为一篇报道导入。"
        )
    items = [_build(draft, counties) for draft in drafts]
    # An item may have no paragraph (a headline alone); staff see it rather than lose it.
    return [
        item
        for item in items
        if item.paragraphs or item.headline or item.dateline or item.correspondents
    ]
