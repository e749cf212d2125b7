"""Stream figures as CSV (for Excel, with Chinese) and JSON, row by row."""

import csv
import datetime
import functools
import re
from decimal import Decimal
from json.encoder import encode_basestring as encode_json_string
from urllib.parse import quote as percent_encode

from django.db import connections
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Correction
from .reading import decimal_string

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
    # Added after the twenty columns above, which keep their order for existing readers.
    "as_of",
    # The county's place in the gazetteer, added last for the same reason.
    "county_code",
    "prefecture",
    "province",
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

# Spreadsheets run a text cell as a formula when it starts with one of these, also after
# whitespace (LibreOffice with "trim spaces" ran " =1+1") and in full width (＝, as typed in
# a Chinese input method).
FORMULA_SIGNS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
# A cell that starts with one of these is guarded whatever follows, as OWASP advises.
FORMULA_STARTS = ("\t", "\r")

BOM = "\ufeff"

# What str.strip() removes (all of it lies in the Basic Multilingual Plane), so SQL trims alike.
WHITESPACE = "".join(char for char in map(chr, range(0x10000)) if char.isspace())


def json_value(value):
    """Return a value as JSON text: a Decimal as a number with exactly its stored digits.

    json.dumps() would go through a float, and 9999999999999999.9999 would become 1e+16;
    this number parses exactly with json.loads(text, parse_float=Decimal).
    """
    if isinstance(value, str):
        return encode_json_string(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return decimal_string(value)
    if isinstance(value, datetime.date):
        return f'"{value.isoformat()}"'
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


@functools.cache
def json_key(key):
    """Return a key of a JSON object with its separator, as json.dumps() writes it."""
    return f"{encode_json_string(key)}: "


def json_object(row):
    """Return a row as a JSON object on one line, as json.dumps() would but for Decimals."""
    return "{" + ", ".join(json_key(key) + json_value(value) for key, value in row.items()) + "}"


# The columns read straight from a field (the rest are derived), for both ways of writing them.
COLUMN_FIELDS = {
    "figure_id": "pk",
    "county": "initiative__county__name",
    "initiative": "initiative__title",
    "theme": "initiative__theme__name",
    "indicator": "indicator__name",
    "counted": "counted",
    "quote": "quote",
    "value": "value",
    "unit": "unit",
    "amount": "amount",
    "base_unit": "base_unit",
    "qualifier": "qualifier",
    "amount_max": "amount_max",
    "status": "paragraph__report__status",
    "period": "period",
    "paragraph": "paragraph__text",
    "publication": "paragraph__report__publication",
    "published_on": "paragraph__report__published_on",
    "as_of": "as_of",
}
NUMBER_AND_DATE_COLUMNS = {"figure_id", "amount", "amount_max", "published_on", "as_of"}
# Fields read for the derived columns report_headline and figure_url.
DERIVED_FIELDS = [
    "paragraph__report__headline",
    "paragraph__report__subheadline",
    "initiative__slug",
]


def place_columns():
    """Return the gazetteer's columns as expressions: the county's code, prefecture, province."""
    county = "initiative__county__"
    return {
        "county_code": Coalesce(F(f"{county}code"), Value("")),
        "prefecture": F(f"{county}prefecture"),
        # A county's region is its prefecture, whose parent is the province, or the province.
        "province": Coalesce(
            F(f"{county}region__parent__name"), F(f"{county}region__name"), Value("")
        ),
    }


def figure_rows(figures, request):
    """Yield one dict per figure, keyed by COLUMNS, reading the queryset in chunks."""
    urls = {}  # Reversing once per initiative, not once per figure, keeps big exports fast.
    columns = place_columns()
    places = {f"place_{name}": expression for name, expression in columns.items()}
    # Plain tuples, not model instances, keep exports fast.
    fields = [*COLUMN_FIELDS.values(), *DERIVED_FIELDS, *places]
    derived = len(COLUMN_FIELDS) + len(DERIVED_FIELDS)
    rows = figures.annotate(**places).values_list(*fields)
    for values in rows.iterator(chunk_size=CHUNK_SIZE):
        row = dict(zip(COLUMN_FIELDS, values, strict=False))
        headline, subheadline, slug = values[len(COLUMN_FIELDS) : derived]
        row.update(zip(columns, values[derived:], strict=True))
        if slug not in urls:
            urls[slug] = request.build_absolute_uri(
                reverse("initiatives:initiative_detail", args=[slug])
            )
        row["theme"] = row["theme"] or ""
        row["indicator"] = row["indicator"] or ""
        row["report_headline"] = f"{headline} {subheadline}".strip()
        row["figure_url"] = f"{urls[slug]}#figure-{row['figure_id']}"
        yield {column: row[column] for column in COLUMNS}


def figure_json_rows(figures, request):
    """Yield figure_rows() each saying whether its figure was ever publicly corrected."""
    # Corrections are few: their figures' ids fit in memory whatever the export's size.
    corrected = set(Correction.objects.values_list("figure_id", flat=True).distinct())
    for row in figure_rows(figures, request):
        row["corrected"] = row["figure_id"] in corrected
        yield row


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
        return decimal_string(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    value = str(value)
    return "'" + value if runs_as_formula(value) else value


def runs_as_formula(text):
    """Return whether a spreadsheet could run a text cell as a formula."""
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_SIGNS)


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
        ("\n" if index == 0 else ",\n") + json_object(row) for index, row in enumerate(rows)
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


def invalid_filter_response(filterset):
    """Return a 400 that names each invalid filter and why, in plain text, instead of a file.

    An empty file would pass for "nothing matches" when the query had a typo.
    """
    lines = [_("筛选条件有误，没有导出：")]
    for name, errors in filterset.errors.items():
        # The parameter's name too: an analyst fixes the address, not the form.
        label = f"{filterset.form.fields[name].label} ({name})"
        lines.extend(_("%(label)s：%(error)s") % {"label": label, "error": e} for e in errors)
    return HttpResponseBadRequest(
        "".join(f"{line}\n" for line in lines), content_type="text/plain; charset=utf-8"
    )


def streamed(chunks, content_type, disposition):
    """Return a response streaming the byte chunks, with the file name in the disposition."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = disposition
    return response


def figures_csv_response(figures, request, filename):
    """Return the figures as streamed CSV; on PostgreSQL the database writes it with COPY."""
    if connections[figures.db].vendor != "postgresql":
        return csv_response(figure_rows(figures, request), filename)
    from .copying import copy_csv_chunks  # PostgreSQL's own writer, which needs this module.

    return streamed(
        copy_csv_chunks(figures, request),
        "text/csv; charset=utf-8",
        content_disposition(filename),
    )


def csv_response(rows, filename, columns=COLUMNS):
    return streamed(
        (line.encode("utf-8") for line in csv_lines(rows, columns)),
        "text/csv; charset=utf-8",
        content_disposition(filename),
    )


def json_response(rows, filename):
    return streamed(
        (chunk.encode("utf-8") for chunk in json_chunks(rows)),
        "application/json; charset=utf-8",
        content_disposition(filename).replace("attachment", "inline", 1),
    )


LATEST_COLUMNS = [
    "county",
    "indicator",
    "amount",
    "base_unit",
    "basis",
    "as_of",
    "quote",
    "counted",
    "initiative",
    "published_on",
    "figure_url",
]


def latest_rows(latest, request):
    """Yield one dict per county's latest figure of an indicator, keyed by LATEST_COLUMNS."""
    for figure in latest:
        yield {
            "county": figure.initiative.county.name,
            "indicator": figure.indicator.name,
            "amount": figure.amount,
            "base_unit": figure.base_unit,
            "basis": figure.basis,
            "as_of": figure.as_of,
            "quote": figure.quote,
            "counted": figure.counted,
            "initiative": figure.initiative.title,
            "published_on": figure.paragraph.report.published_on,
            "figure_url": request.build_absolute_uri(figure.get_absolute_url()),
        }
