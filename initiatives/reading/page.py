"""Split a pasted newspaper page into reports and photos with their figures."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .bylines import merge_names, parse_dateline, parse_names, trailing_byline
from .counties import place_items
from .figures import Found, extract_figures
from .gazetteer import Gazetteer
from .headlines import compose_headline, first_clause
from .layout import Block, split_blocks
from .text import NoDatelineError, check_text


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
    county_code: str = ""  # GB/T 2260, "" for a county outside the gazetteer or none.
    county_reason: str = ""
    county_confidence: float = 0.0


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


def _build(draft: _Draft) -> Item:
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
        names = merge_names(*(parse_names(line) for line in start.bylines), names)
    credits = [draft.credit, *draft.bylines] if draft.credit else draft.bylines
    names = merge_names(
        names, *(parse_names(line) for block in credits for line in [*block.bylines, block.text])
    )
    paragraphs += [b.text for b in draft.blocks if b.text]
    if kind == "report":
        names = merge_names(names, trailing_byline(paragraphs))
    head_lines = [line for block in draft.heads for line in block.lines]
    headline, subheadline = compose_headline(head_lines)
    if not headline and paragraphs:
        headline = first_clause(paragraphs[0])
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
        county="",  # Suggested for the whole page at once (place_items).
        figures=figures,
    )


def read_page(
    text: str, counties: Sequence[str] | Gazetteer = (), *, whole: bool = False, home: str = ""
) -> list[Item]:
    """Split a page into items with paragraphs, county and suggested figures."""
    # counties: a Gazetteer, or the known counties' names; home: the code of the paper's
    # region or county, which decides between same-named places.
    text = check_text(text)
    drafts = _assemble(split_blocks(text), whole)
    if not drafts:
        raise NoDatelineError(
            "没有找到电头（如“本报汶上讯（通讯员 …）”“本报讯（记者 …）”或“□通讯员 … 报道”），"
            "无法分成单篇报道；可以把全文作为一篇报道导入。"
        )
    items = [_build(draft) for draft in drafts]
    # An item may have no paragraph (a headline alone); staff see it rather than lose it.
    items = [
        item
        for item in items
        if item.paragraphs or item.headline or item.dateline or item.correspondents
    ]
    return place_items(items, counties, home=home)
