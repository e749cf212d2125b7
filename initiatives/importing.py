"""Store a reading of a newspaper page as draft reports, initiatives and suggested figures."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from . import continuing, history, places, suggesting
from .models import County, Figure, Indicator, Initiative, Paragraph, Report, Theme
from .reading import extract_figures, read_page, time
from .slugs import initiative_slug

# Field lengths, so a long headline or quote is cut rather than failing the whole import.
HEADLINE_LENGTH = Report._meta.get_field("headline").max_length
QUOTE_LENGTH = Figure._meta.get_field("quote").max_length
# An address cut short leads nowhere: a longer one is left out rather than cut.
SOURCE_URL_LENGTH = Report._meta.get_field("source_url").max_length
# Characters before a figure read for 累计 or 新增 (basis): "全县累计新增" fits.
BASIS_CONTEXT = 8
# What Figure.amount can hold (20 digits, 4 of them decimals); the reader already refuses
# amounts far smaller as codes or typos (reading.numbers.LARGEST), so this only guards the column.
AMOUNT_FIELD = Figure._meta.get_field("amount")
MAX_AMOUNT = Decimal(10) ** (AMOUNT_FIELD.max_digits - AMOUNT_FIELD.decimal_places)
# An error about an unknown county lists the known ones if there are at most this many.
KNOWN_COUNTIES_LISTED = 30


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

    @property
    def continued(self):
        """Return the new reports that continue an existing initiative."""
        return [report for report in self.created if report.continues_id is not None]


def read(text, *, whole=False, publication=""):
    """Read a decoded page into items, suggesting counties from the gazetteer and the paper."""
    home = places.home_of(publication)
    return read_page(text, places.gazetteer(home), whole=whole, home=home)


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


def resolve_counties(keys):
    """Return the County of each key (a County, code or name), or raise UnknownCountyError."""
    found = counties_named(keys)
    if all(found):
        return found
    if not County.objects.exists():
        raise UnknownCountyError(
            _("还没有任何县区：请先在后台添加县区，或运行 loaddata seed_page。")
        )
    missing = sorted(
        {str(key) for key, county in zip(keys, found, strict=True) if key and not county}
    )
    problems = []
    if unrecognised := sum(not key for key in keys):
        problems.append(_("%(count)d 篇报道未能从文字中识别县区。") % {"count": unrecognised})
    if missing:
        problems.append(
            _("未知或重名的县区：%(names)s（重名的请写区划代码，如 370830）。")
            % {"names": "、".join(f"“{name}”" for name in missing)}
        )
    known = County.objects.listed().values_list("name", flat=True)
    if len(known) <= KNOWN_COUNTIES_LISTED:
        problems.append(_("已知的县区有：%(known)s。") % {"known": "、".join(known)})
    raise UnknownCountyError("".join(problems))


def import_items(items, **options):
    """Create a draft report, its paragraphs, an initiative and suggested figures per new item.

    `counties` gives a County, code or name per item, overriding the suggested one. `continues` gives an
    existing Initiative per item for the report to continue, or None for a new initiative;
    without it, each item continues its best match if that reaches the matching's threshold.
    Items whose text was imported before are left alone. Everything is saved, or nothing is.
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


def create_drafts(
    items,
    *,
    counties=None,
    continues=None,
    publication="",
    published_on=None,
    page="",
    source_url="",
):
    names = (
        list(counties)
        if counties is not None
        else [item.county_code or item.county for item in items]
    )
    if len(names) != len(items) or (continues is not None and len(continues) != len(items)):
        raise ValueError("one county and one continuation per item")
    result = ImportResult()
    prints = [fingerprint(item) for item in items]
    existing = stored_reports(prints)
    seen = set()
    new = []
    for index, (item, name, print_) in enumerate(zip(items, names, prints, strict=True)):
        if print_ in existing:
            result.existing.append(existing[print_])
        elif print_ not in seen:  # The same item printed twice on one page.
            seen.add(print_)
            new.append((index, item, name, print_))
    county_rows = resolve_counties([name for _index, _item, name, _print in new])
    new_items = [item for _index, item, _name, _print in new]
    if continues is None:
        targets = continuing.default_continuations(
            continuing.suggest_continuations(new_items, county_rows)
        )
    else:
        targets = [continues[index] for index, _item, _name, _print in new]
    themes, indicators = theme_candidates(), indicator_candidates()
    for (_index, item, _name, print_), county, target in zip(
        new, county_rows, targets, strict=True
    ):
        if target is not None and target.county_id != county.pk:
            raise PageImportError(
                _("“%(initiative)s”属于%(other)s，不能由%(county)s的报道续报。")
                % {"initiative": target, "other": target.county, "county": county}
            )
        report = Report.objects.create(
            county=county,
            publication=publication[:100],
            published_on=published_on,
            page=str(page or "")[:20],
            source_url=source_url if len(source_url) <= SOURCE_URL_LENGTH else "",
            dateline=item.dateline[:50],
            correspondents=" ".join(item.correspondents)[:200],
            headline=headline_of(item),
            subheadline=item.subheadline[:200],
            kind=item.kind,
            fingerprint=print_,
            # A follow-up joins its initiative's sources when it is published (Report.continues).
            continues=target,
        )
        initiative = target or new_initiative(report, item, themes)
        # Keyed by the item's paragraph index, which the figures refer to; blank ones are skipped.
        texts = {index: text for index, text in enumerate(item.paragraphs) if text.strip()}
        paragraphs = dict(
            zip(
                texts,
                history.create(
                    Paragraph,
                    (
                        Paragraph(report=report, position=position, text=text)
                        for position, text in enumerate(texts.values())
                    ),
                ),
                strict=True,
            )
        )
        history.create(
            Figure,
            suggested_figures(
                item.figures,
                paragraphs,
                initiative,
                published_on=published_on,
                indicators=indicators,
            ),
        )
        result.created.append(report)
    return result


def new_initiative(report, item, themes=()):
    """Create the draft initiative of a report that continues none, citing it, in a suggested theme."""
    # No summary: a copy of the first paragraph would show it twice on the initiative's page.
    initiative = Initiative.objects.create(
        county=report.county,
        title=report.headline,
        slug=initiative_slug(report.headline),
        theme_id=suggesting.suggest_theme(report.full_headline, item.paragraphs, themes),
    )
    initiative.reports.add(report)
    return initiative


def theme_candidates(themes=None):
    """Return the themes (all, or those given) that have keywords, for suggest_theme()."""
    if themes is None:
        themes = Theme.objects.exclude(keywords="").order_by("name")
    return [
        suggesting.Candidate(t.pk, suggesting.keyword_list(t.keywords))
        for t in themes
        if t.keywords
    ]


def indicator_candidates():
    """Return the indicators that have keywords, for suggesting.suggest_indicator()."""
    return [
        suggesting.Candidate(i.pk, suggesting.keyword_list(i.keywords), i.unit)
        for i in Indicator.objects.exclude(keywords="").order_by("name")
    ]


# Continuing the initiatives of earlier pages


def counties_named(keys):
    """Return the County of each key (a County, a code or a name), or None where none is one."""
    # A name that several counties bear (市中区) names none of them: its code does.
    words = {key for key in keys if key and isinstance(key, str)}
    rows = County.objects.filter(Q(code__in=words) | Q(name__in=words))
    by_code = {county.code: county for county in rows if county.code}
    by_name = {}
    for county in rows:
        by_name[county.name] = None if county.name in by_name else county
    return [
        key if isinstance(key, County) else by_code.get(key) or by_name.get(key) for key in keys
    ]


def headline_of(item):
    """Return the item's headline, or the start of its text when the page printed none."""
    headline = item.headline or next(iter(item.paragraphs), "") or _("（无标题）")
    if len(headline) > HEADLINE_LENGTH:
        headline = headline[: HEADLINE_LENGTH - 1] + "…"
    return headline


def suggested_figures(found, paragraphs, initiative, *, published_on=None, indicators=()):
    """Yield an unsaved suggested Figure per found quantity that the database can hold.

    Each is filed under the indicator suggesting.suggest_indicator() picks from `indicators`.
    """
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
            as_of=time.as_of(figure.period, published_on, expected=figure.kind == "expected"),
            basis=time.basis(
                figure.period, paragraph.text[max(0, figure.start - BASIS_CONTEXT) : figure.start]
            ),
            indicator_id=suggesting.suggest_indicator(figure.counted, figure.base_unit, indicators),
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
