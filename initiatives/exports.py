"""Stream figures as CSV (for Excel, with Chinese) and JSON, row by row."""

import csv
import datetime
import json
import re
from decimal import Decimal
from urllib.parse import quote as percent_encode

from django.http import StreamingHttpResponse
from django.urls import reverse

COLUMNS = [
    "figure_id",
    "county",
    "initiative",
    "theme",
    "indicator",
    "counted",
    "quote",
    "value",
    "unit",
    "amount",
    "base_unit",
    "qualifier",
    "amount_max",
    "status",
    "period",
    "paragraph",
    "report_headline",
    "publication",
    "published_on",
    "figure_url",
]

INITIATIVE_COLUMNS = [
    "initiative_id",
    "county",
    "title",
    "theme",
    "summary",
    "figure_count",
    "latest_published_on",
    "status",
    "initiative_url",
]

# Rows fetched from the database per round trip; memory stays flat whatever the total.
CHUNK_SIZE = 2000
# Rows joined into one piece of the response: fewer, larger writes to the client.
ROWS_PER_WRITE = 200

# Spreadsheets run a text cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

BOM = "\ufeff"


def json_value(value):
    """Return a JSON number for a Decimal and ISO text for a date."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# Database fields read for each figure; plain tuples, not model instances, keep exports fast.
FIGURE_FIELDS = [
    "pk",
    "initiative__county__name",
    "initiative__title",
    "initiative__theme__name",
    "indicator__name",
    "counted",
    "quote",
    "value",
    "unit",
    "amount",
    "base_unit",
    "qualifier",
    "amount_max",
    "paragraph__report__status",
    "period",
    "paragraph__text",
    "paragraph__report__headline",
    "paragraph__report__subheadline",
    "paragraph__report__publication",
    "paragraph__report__published_on",
    "initiative__slug",
]


def figure_rows(figures, request):
    """Yield one dict per figure, keyed by COLUMNS, reading the queryset in chunks."""
    urls = {}  # Reversing once per initiative, not once per figure, keeps big exports fast.
    rows = figures.values_list(*FIGURE_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    for (
        pk,
        county,
        initiative,
        theme,
        indicator,
        counted,
        quote,
        value,
        unit,
        amount,
        base_unit,
        qualifier,
        amount_max,
        status,
        period,
        paragraph,
        headline,
        subheadline,
        publication,
        published_on,
        slug,
    ) in rows:
        if slug not in urls:
            urls[slug] = request.build_absolute_uri(
                reverse("initiatives:initiative_detail", args=[slug])
            )
        yield {
            "figure_id": pk,
            "county": county,
            "initiative": initiative,
            "theme": theme or "",
            "indicator": indicator or "",
            "counted": counted,
            "quote": quote,
            "value": value,
            "unit": unit,
            "amount": amount,
            "base_unit": base_unit,
            "qualifier": qualifier,
            "amount_max": amount_max,
            "status": status,
            "period": period,
            "paragraph": paragraph,
            "report_headline": f"{headline} {subheadline}".strip(),
            "publication": publication,
            "published_on": published_on,
            "figure_url": f"{urls[slug]}#figure-{pk}",
        }


def initiative_rows(initiatives, request):
    """Yield one dict per initiative of a for_listing() queryset, keyed by INITIATIVE_COLUMNS."""
    for initiative in initiatives.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "initiative_id": initiative.pk,
            "county": initiative.county.name,
            "title": initiative.title,
            "theme": initiative.theme.name if initiative.theme else "",
            "summary": initiative.summary,
            "figure_count": initiative.figure_count,
            "latest_published_on": initiative.latest_on,
            "status": initiative.status,
            "initiative_url": request.build_absolute_uri(initiative.get_absolute_url()),
        }


def csv_cell(value):
    """Return a value as a CSV cell: numbers as numbers, text guarded against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    value = str(value)
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


class _Line:
    """A file-like object whose write() returns what it was given, for csv.writer."""

    def write(self, value):
        return value


def joined(pieces, size=ROWS_PER_WRITE):
    """Yield the pieces joined in groups of size."""
    batch = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) == size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def csv_lines(rows, columns=COLUMNS):
    """Yield the CSV text: a byte-order mark, the header, then one CRLF line per row."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield BOM + writer.writerow(columns)
    yield from joined(
        writer.writerow([csv_cell(row[column]) for column in columns]) for row in rows
    )


def json_chunks(rows):
    """Yield a JSON array of the rows, one object per line, with Chinese left readable."""
    yield "["
    yield from joined(
        ("\n" if index == 0 else ",\n") + json.dumps(row, ensure_ascii=False, default=json_value)
        for index, row in enumerate(rows)
    )
    yield "\n]\n"


def export_filename(stem, params, extension):
    """Return a file name that names the filter, e.g. figures_county-jinxiang.csv."""
    parts = [stem]
    for key in sorted(params):
        if key in {"page", "o"}:
            continue
        values = [value for value in params.getlist(key) if value]
        if values:
            parts.append(f"{key}-{'+'.join(values)}")
    name = re.sub(r"[^\w.+-]+", "-", "_".join(parts))[:120]
    return f"{name}.{extension}"


def content_disposition(filename):
    """Return an attachment header with an ASCII fallback and the RFC 5987 UTF-8 name."""
    fallback = filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{percent_encode(filename, safe='')}"
    )


def csv_response(rows, filename, columns=COLUMNS):
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(rows, columns)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition(filename)
    return response


def json_response(rows, filename):
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in json_chunks(rows)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition(filename).replace(
        "attachment", "inline", 1
    )
    return response
