"""Store a reading of a newspaper page as draft reports, initiatives and suggested figures."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import County, Figure, Initiative, Paragraph, Report
from .reading import extract_figures, read_page

# Field lengths, so a long headline or quote is cut rather than failing the whole import.
HEADLINE_LENGTH = Report._meta.get_field("headline").max_length
QUOTE_LENGTH = Figure._meta.get_field("quote").max_length
MAX_AMOUNT = Decimal(10) ** 16  # Figure.amount holds 20 digits, 4 of them decimals.


class PageImportError(Exception):
    """A page that cannot be imported; the message says why and what to do."""


class UnknownCountyError(PageImportError):
    pass


@dataclass
class ImportResult:
    created: list = field(default_factory=list)  # New Report rows, in page order.
    existing: list = field(default_factory=list)  # Reports already imported from the same text.

    @property
    def changed(self):
        return bool(self.created)


def known_counties():
    """Return the names of the counties a report may be about."""
    return list(County.objects.values_list("name", flat=True))


def read(text, *, whole=False):
    """Read a decoded page into items, suggesting the known counties."""
    return read_page(text, known_counties(), whole=whole)


def locate_quote(text, quote):
    """Return the (start, end) of the one place quote occurs in text, or raise ValidationError."""
    count = text.count(quote)
    if count == 0:
        raise ValidationError(_("段落中找不到“%(quote)s”。") % {"quote": quote}, code="missing")
    if count > 1:
        raise ValidationError(
            _("“%(quote)s”在段落中出现了 %(count)d 次：请填写起始位置。")
            % {"quote": quote, "count": count},
            code="ambiguous",
        )
    start = text.index(quote)
    return start, start + len(quote)


def read_amount(quote):
    """Return the figure the extractor reads in exactly this quote, or raise ValidationError."""
    found = next((f for f in extract_figures(quote) if f.quote == quote.strip()), None)
    if found is None:
        raise ValidationError(
            _("无法从引文“%(quote)s”读出数值：请填写折算数值、单位和基本单位。") % {"quote": quote},
            code="unreadable",
        )
    return found


def fingerprint(item):
    """Return the SHA-256 of the item's text, blind to width, spacing and line breaks."""
    parts = [item.kind, item.dateline, item.headline, item.subheadline, *item.paragraphs]
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", "\n".join(parts)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored_reports(prints):
    """Return the stored reports with these fingerprints, by fingerprint."""
    return {report.fingerprint: report for report in Report.objects.filter(fingerprint__in=prints)}


def imported_before(items):
    """Return the fingerprints of the items whose text is already in the database."""
    return set(stored_reports([fingerprint(item) for item in items]))


def resolve_counties(names):
    """Return the County for each name, or raise UnknownCountyError naming the known ones."""
    by_name = {county.name: county for county in County.objects.all()}
    missing = sorted({name or "" for name in names if name not in by_name})
    if not missing:
        return [by_name[name] for name in names]
    if not by_name:
        raise UnknownCountyError(
            _("还没有任何县区：请先在后台添加县区，或运行 loaddata seed_page。")
        )
    problems = []
    if unrecognised := sum(not name for name in names):
        problems.append(_("%(count)d 篇报道未能从文字中识别县区。") % {"count": unrecognised})
    if unknown := [name for name in missing if name]:
        problems.append(
            _("未知的县区：%(names)s。") % {"names": "、".join(f"“{name}”" for name in unknown)}
        )
    raise UnknownCountyError(
        "".join(problems) + _("已知的县区有：%(known)s。") % {"known": "、".join(by_name)}
    )


def import_items(items, **options):
    """Create a draft report, its paragraphs, an initiative and suggested figures per new item.

    `counties` gives a county name per item, overriding the suggested one. Items whose text was
    imported before are left alone. Everything is saved, or nothing is.
    """
    try:
        with transaction.atomic():
            return create_drafts(items, **options)
    except IntegrityError as error:
        # Most likely the same page imported at the same moment by someone else.
        raise PageImportError(
            _(
                "数据库拒绝了这一版（可能有人同时导入了同一版）：%(error)s。没有保存任何内容，请重试。"
            )
            % {"error": error}
        ) from error


def create_drafts(items, *, counties=None, publication="", published_on=None, page=""):
    names = list(counties) if counties is not None else [item.county for item in items]
    if len(names) != len(items):
        raise ValueError("one county per item")
    result = ImportResult()
    prints = [fingerprint(item) for item in items]
    existing = stored_reports(prints)
    seen = set()
    new = []
    for item, name, print_ in zip(items, names, prints, strict=True):
        if print_ in existing:
            result.existing.append(existing[print_])
        elif print_ not in seen:  # The same item printed twice on one page.
            seen.add(print_)
            new.append((item, name, print_))
    county_rows = resolve_counties([name for _item, name, _print in new])
    for (item, _name, print_), county in zip(new, county_rows, strict=True):
        report = Report.objects.create(
            county=county,
            publication=publication[:100],
            published_on=published_on,
            page=str(page or "")[:20],
            dateline=item.dateline[:50],
            correspondents=" ".join(item.correspondents)[:200],
            headline=headline_of(item),
            subheadline=item.subheadline[:200],
            kind=item.kind,
            fingerprint=print_,
        )
        initiative = Initiative.objects.create(
            county=county,
            title=report.headline,
            slug=f"{county.slug}-{report.pk}"[:100],
            summary=item.paragraphs[0] if item.paragraphs else "",
        )
        initiative.reports.add(report)
        # Keyed by the item's paragraph index, which the figures refer to; blank ones are skipped.
        texts = {index: text for index, text in enumerate(item.paragraphs) if text.strip()}
        paragraphs = dict(
            zip(
                texts,
                Paragraph.objects.bulk_create(
                    Paragraph(report=report, position=position, text=text)
                    for position, text in enumerate(texts.values())
                ),
                strict=True,
            )
        )
        Figure.objects.bulk_create(suggested_figures(item.figures, paragraphs, initiative))
        result.created.append(report)
    return result


def headline_of(item):
    """Return the item's headline, or the start of its text when the page printed none."""
    headline = item.headline or next(iter(item.paragraphs), "") or _("（无标题）")
    if len(headline) > HEADLINE_LENGTH:
        headline = headline[: HEADLINE_LENGTH - 1] + "…"
    return headline


def suggested_figures(found, paragraphs, initiative):
    """Yield an unsaved suggested Figure per found quantity that the database can hold."""
    spans = set()
    for figure in found:
        paragraph = paragraphs.get(figure.paragraph)
        if paragraph is None:
            continue
        span = (paragraph.pk, figure.start, figure.end)
        is_range = figure.qualifier == Figure.Qualifier.RANGE
        # Skip what the database would refuse, so one odd suggestion cannot sink the page.
        if (
            span in spans
            or figure.end <= figure.start
            or paragraph.text[figure.start : figure.end] != figure.quote
            or len(figure.quote) > QUOTE_LENGTH
            or not 0 <= figure.amount < MAX_AMOUNT
            or (is_range and not figure.amount <= (figure.amount_max or -1) < MAX_AMOUNT)
        ):
            continue
        spans.add(span)
        yield Figure(
            initiative=initiative,
            paragraph=paragraph,
            start=figure.start,
            end=figure.end,
            quote=figure.quote,
            value=figure.value[:40],
            unit=figure.unit[:20],
            amount=figure.amount,
            amount_max=figure.amount_max if is_range else None,
            base_unit=figure.base_unit[:20],
            qualifier=figure.qualifier,
            counted=figure.counted[:100],
            kind=figure.kind,
            period=(figure.period or "")[:50],
            review=Figure.Review.SUGGESTED,
            confidence=confidence_of(figure.confidence),
            note=(figure.reason or "")[:200],
        )


def confidence_of(value):
    """Return a confidence as a two-place fraction between 0 and 1."""
    value = min(max(Decimal(str(value)), Decimal(0)), Decimal(1))
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def publish_reviewed(report):
    """Publish a reviewed report and its initiatives; refuse while suggestions await review."""
    pending = Figure.objects.filter(paragraph__report=report, review=Figure.Review.SUGGESTED)
    if count := pending.count():
        raise ValidationError(
            _("还有 %(count)d 条待审核的数据：请先确认、修改或驳回，再发布。") % {"count": count}
        )
    Report.objects.filter(pk=report.pk).publish()
    Initiative.objects.filter(reports=report).publish()
