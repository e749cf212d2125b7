"""Write the figure CSV with PostgreSQL's COPY, byte for byte as the Python writer does."""

import csv
from contextlib import contextmanager, nullcontext, suppress

from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connections
from django.db.models import F, Func, TextField, Value
from django.urls import reverse

from .exports import (
    BOM,
    COLUMN_FIELDS,
    COLUMNS,
    FORMULA_SIGNS,
    FORMULA_STARTS,
    NUMBER_AND_DATE_COLUMNS,
    WHITESPACE,
    _Line,
    place_columns,
)

# Bytes of COPY's output gathered into one piece of the response.
COPY_WRITE_SIZE = 1 << 16
# Parallel workers for the export's one big query. Page queries run without any (settings.py):
# starting workers costs a short query more than it saves; formatting and sorting every row
# shares well over the cores (about twice as fast on two cores).
EXPORT_PARALLEL_WORKERS = 2


@contextmanager
def parallel_workers(cursor):
    """Let this connection's next queries use parallel workers, then go back to its setting."""
    cursor.execute(f"SET max_parallel_workers_per_gather = {EXPORT_PARALLEL_WORKERS}")
    try:
        yield
    finally:
        # RESET restores the value the connection started with (settings.py's options); a
        # broken connection is discarded, and its setting with it.
        with suppress(DatabaseError):
            cursor.execute("RESET max_parallel_workers_per_gather")


class CsvText(Func):
    """Write a text column in SQL as csv_cell() does: nothing when empty, formulas guarded."""

    output_field = TextField()
    # The first character's code point, compared as integers: cheaper per cell than text.
    starts = ", ".join(str(ord(char)) for char in (*FORMULA_SIGNS, *FORMULA_STARTS))
    signs = ", ".join(str(ord(char)) for char in FORMULA_SIGNS)
    # Only a cell that starts with whitespace pays for trimming it.
    spaces = ", ".join(str(ord(char)) for char in WHITESPACE)
    # Most cells start with a Chinese character, which lies between two guarded characters (the
    # ideographic space and the full-width plus): one test of the first character passes them.
    guarded = sorted(ord(char) for char in (*FORMULA_SIGNS, *FORMULA_STARTS, *WHITESPACE))
    plain_after = max(code for code in guarded if code < ord("一"))
    plain_before = min(code for code in guarded if code > ord("一"))

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        guarded = f"'''' || {sql}"
        # NULL for empty text too: COPY writes "" to tell it from NULL, csv.writer nothing.
        return (
            f"CASE WHEN ascii({sql}) > {self.plain_after} AND ascii({sql}) < {self.plain_before} "
            f"THEN {sql} "
            f"WHEN ascii({sql}) IN ({self.starts}) THEN {guarded} "
            f"WHEN ascii({sql}) IN ({self.spaces}) AND ascii(ltrim({sql}, %s)) IN ({self.signs}) "
            f"THEN {guarded} "
            f"WHEN {sql} <> '' THEN {sql} END",
            (*params * 7, WHITESPACE, *params * 3),
        )


def concatenated(*expressions):
    return Func(
        *expressions, template="(%(expressions)s)", arg_joiner=" || ", output_field=TextField()
    )


def iso_date(expression):
    return Func(expression, Value("YYYY-MM-DD"), function="to_char", output_field=TextField())


def copy_columns(url_prefix, url_suffix):
    """Return SQL for COLUMNS that writes each cell as csv_cell() writes figure_rows()."""
    headline = Func(
        concatenated(
            F("paragraph__report__headline"), Value(" "), F("paragraph__report__subheadline")
        ),
        Value(WHITESPACE),
        function="btrim",
        output_field=TextField(),
    )
    expressions = {
        "figure_id": F("pk"),
        **{
            column: CsvText(F(field))
            for column, field in COLUMN_FIELDS.items()
            if column not in NUMBER_AND_DATE_COLUMNS
        },
        # Numbers without trailing zeros, as Decimal.normalize() writes them.
        "amount": Func(F("amount"), function="trim_scale"),
        "amount_max": Func(F("amount_max"), function="trim_scale"),
        "report_headline": CsvText(headline),
        # ISO whatever the session's DateStyle.
        "published_on": iso_date(F("paragraph__report__published_on")),
        "as_of": iso_date(F("as_of")),
        **{name: CsvText(expression) for name, expression in place_columns().items()},
        # The address starts with its scheme, so it never needs the formula guard.
        "figure_url": concatenated(
            Value(url_prefix), F("initiative__slug"), Value(f"{url_suffix}#figure-"), F("pk")
        ),
    }
    return {column: expressions[column] for column in COLUMNS}


def initiative_url_parts(request):
    """Return the absolute address of an initiative page before and after its slug."""
    marker = "slug"
    url = request.build_absolute_uri(reverse("initiatives:initiative_detail", args=[marker]))
    prefix, _, suffix = url.rpartition(marker)
    return prefix, suffix


def crlf_rows(chunks):
    """Yield CSV bytes with each LF that ends a row made CRLF; an LF inside quotes stays."""
    quoted = False  # Whether the bytes so far end inside a quoted field.
    for chunk in chunks:
        parts = chunk.split(b'"')
        for index in range(1 if quoted else 0, len(parts), 2):
            parts[index] = parts[index].replace(b"\n", b"\r\n")
        quoted ^= len(parts) % 2 == 0
        yield b'"'.join(parts)


def gathered(blocks, size):
    """Yield the blocks (COPY sends one a row) joined into pieces of about size bytes."""
    piece = bytearray()
    for block in blocks:
        piece += block
        if len(piece) >= size:
            yield bytes(piece)
            piece.clear()
    if piece:
        yield bytes(piece)


def copy_csv_chunks(figures, request):
    """Yield the figures as CSV written by PostgreSQL's COPY, byte for byte as csv_lines()."""
    yield (BOM + csv.writer(_Line(), lineterminator="\r\n").writerow(COLUMNS)).encode()
    columns = {
        f"csv_{name}": sql for name, sql in copy_columns(*initiative_url_parts(request)).items()
    }
    query = figures.annotate(**columns).values_list(*columns).query
    connection = connections[figures.db]
    try:
        sql, params = query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:
        return
    statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        # The debug cursor (DEBUG, tests) lists the COPY among the request's queries.
        logged = cursor.debug_sql(statement, params) if connection.queries_logged else nullcontext()
        # Closing this generator early (the client went away) cancels the COPY and reads what
        # is left of it, so the connection is idle and usable again; until then it is busy.
        # A response streams after any transaction of the view, in autocommit, so the cancelled
        # statement has no transaction to abort.
        with logged, parallel_workers(cursor), cursor.cursor.copy(statement, params) as copy:
            yield from crlf_rows(gathered(copy, COPY_WRITE_SIZE))
