"""Searching Chinese text on PostgreSQL with an index: the characters and pairs of the text.

Most Chinese words are two characters; a trigram index cannot serve them. A GIN index on each
searched text (a paragraph's text; a figure's quote and counted noun; an initiative's title and
summary) holds its characters and pairs of characters, upper-cased as Django's icontains
compares. A search for 党员 asks the indexes for the texts holding the pair 党员; for 老干部, those
holding both 老干 and 干部, then keeps those holding the whole word. The result is the plain
substring search's: a word's pairs are in every text that holds it (upper() changes characters
one by one), and the final test is that same substring test.

The indexes are for rare words. A common word (帮扶 is in a third of the figures) is found faster
by reading the list in its order and testing each row, which stops after a page; asking the
indexes would fetch every one of its hundreds of thousands of rows to sort them. So
`most_rows()` estimates from the indexes' statistics, per text, the rows a word can be in (its
rarest pair's share; a pair outside the commonest counts as rare), and the indexes are asked
only below RARE_AT_MOST rows.

A common word is tested row by row through a function (`holds()`), not by LIKE: PostgreSQL
guesses a LIKE on Chinese text matches almost nothing, so it would join and sort every figure
before keeping a page of them; a function's guess is a third of the rows, which makes it read
the list in its index's order and stop once the page (and the capped count) is full.

SQLite keeps the plain substring search, as does a word holding a line break.
"""

import time

from django.db import connections
from django.db.models import BooleanField, F, Func, Q, Value
from django.db.models.expressions import RawSQL

# Rows a word may be in (by its rarest pair) for the indexes to be asked: this many rows are
# fetched and sorted at most, where reading a list in order for a word in 1 in 100 rows of two
# million reads a hundred rows a match.
RARE_AT_MOST = 20_000
# Matches a list counts at most: beyond, it says "more than" (a search for a common word would
# otherwise read every match to count them).
COUNTED_AT_MOST = 1000
# Seconds the indexes' statistics are kept: they change only when PostgreSQL analyses a table.
STATISTICS_SECONDS = 600
SEPARATOR = "\n"
# Private: splits the pairs inside the function; any in the text are replaced first.
MARK = "\uffff"

# The searched texts, each with its index: (index, table, expression).
TEXTS = {
    "paragraph": ("initiatives_paragraph_grams", "initiatives_paragraph", "text"),
    "figure": ("initiatives_figure_grams", "initiatives_figure", "quote || E'\\n' || counted"),
    "initiative": (
        "initiatives_initiative_grams",
        "initiatives_initiative",
        "title || E'\\n' || summary",
    ),
}

# Grams stay as they are once indexed: a changed definition needs a new function and indexes.
# Costly to the planner, so it never computes them row by row where an index can answer.
GRAMS = f"""
CREATE OR REPLACE FUNCTION initiatives_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
    SELECT string_to_array(u, NULL) || array_remove(string_to_array(
        regexp_replace(u, '(..)', '\\1{MARK}', 'g') || '{MARK}'
        || regexp_replace(substr(u, 2), '(..)', '\\1{MARK}', 'g'), '{MARK}'), '')
    FROM (SELECT replace(upper(t), '{MARK}', '\ufffd') AS u) AS upper_text
$$;
CREATE OR REPLACE FUNCTION initiatives_word_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN length(t) < 2 THEN initiatives_grams(t)
    ELSE ARRAY(SELECT DISTINCT g FROM unnest(initiatives_grams(t)) AS g WHERE length(g) = 2)
    END
$$;
"""


# The substring test of icontains (upper() on both sides), as a function PostgreSQL never inlines:
# its estimate of the rows kept is then a third, not LIKE's near nothing (see above).
HOLDS = """
CREATE OR REPLACE FUNCTION initiatives_holds(word text, VARIADIC texts text[]) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY texts LOOP
        IF strpos(upper(t), upper(word)) <> 0 THEN RETURN true; END IF;
    END LOOP;
    RETURN false;
END $$;
CREATE OR REPLACE FUNCTION initiatives_sources_hold(initiative bigint, word text) RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN EXISTS (
        SELECT 1 FROM initiatives_initiative_reports ir
        JOIN initiatives_paragraph p ON p.report_id = ir.report_id
        WHERE ir.initiative_id = initiative AND strpos(upper(p.text), upper(word)) <> 0
    );
END $$;
"""


def install_functions(connection):
    """Create or replace the row-by-row tests of a common word (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(HOLDS)


def holds(word, *fields):
    """Return whether any of the fields holds word, as one call PostgreSQL reads row by row."""
    return Func(
        Value(word),
        *[F(field) for field in fields],
        function="initiatives_holds",
        output_field=BooleanField(),
    )


def sources_hold(word):
    """Return whether a paragraph of an initiative's reports holds word (PostgreSQL)."""
    return Func(
        F("pk"), Value(word), function="initiatives_sources_hold", output_field=BooleanField()
    )


def add_indexes(schema_editor):
    """Create the grams functions and index the searched texts (PostgreSQL only)."""
    schema_editor.execute(GRAMS)
    for index, table, expression in TEXTS.values():
        schema_editor.execute(
            f"CREATE INDEX {index} ON {table} USING gin (initiatives_grams({expression}))"
        )
        # Ten thousand of the commonest characters and pairs: `rare()` reads their shares.
        schema_editor.execute(f"ALTER INDEX {index} ALTER COLUMN 1 SET STATISTICS 1000")
        schema_editor.execute(f"ANALYZE {table}")


def drop_indexes(schema_editor):
    for index, _table, _expression in TEXTS.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
    schema_editor.execute("DROP FUNCTION IF EXISTS initiatives_word_grams(text)")
    schema_editor.execute("DROP FUNCTION IF EXISTS initiatives_grams(text)")


_statistics = {}


def statistics(connection):
    """Return, per searched text, its rows and its commonest grams' shares of them."""
    cached = _statistics.get(connection.alias)
    if cached and time.monotonic() - cached[0] < STATISTICS_SECONDS:
        return cached[1]
    found = {}
    with connection.cursor() as cursor:
        for name, (index, table, _expression) in TEXTS.items():
            cursor.execute(
                "SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs "
                "FROM pg_class c LEFT JOIN pg_stats s ON s.tablename = %s "
                "WHERE c.oid = %s::regclass",
                [index, table],
            )
            rows, grams, shares = cursor.fetchone()
            shares = dict(zip(grams or [], shares or [], strict=False))
            found[name] = (max(rows, 0), shares)
    _statistics[connection.alias] = (time.monotonic(), found)
    return found


def word_grams(word):
    """Return the pairs (or the one character) the indexes are asked for, as in SQL."""
    text = word.upper()
    if len(text) < 2:
        return [text]
    return sorted({text[n : n + 2] for n in range(len(text) - 1)})


def most_rows(connection, name, word):
    """Return the most rows of a searched text the word can be in, by its rarest gram."""
    rows, shares = statistics(connection)[name]
    # A gram outside the commonest ten thousand counts as rare: the index fetches at most the
    # rows of the least common of those (a few thousand of two million), whereas reading the
    # list for a word that is nowhere reads every row.
    return rows * min(shares.get(gram, 0.0) for gram in word_grams(word))


def found(name, word, fields=None):
    """Return SQL selecting the keys of the rows whose text (by name) holds word, and params.

    The index finds the rows holding the word's pairs; the fields (all of the text's unless
    named) are then tested for the whole word, one by one, as icontains tests each.
    """
    index, table, expression = TEXTS[name]
    fields = fields or [field.strip() for field in expression.split("|| E'\\n' ||")]
    whole = " OR ".join(f"strpos(upper({field}), upper(%s)) <> 0" for field in fields)
    sql = (
        f"SELECT id FROM {table} WHERE initiatives_grams({expression}) "
        f"@> initiatives_word_grams(%s) AND ({whole})"
    )
    return sql, [word, *([word] * len(fields))]


def reads_in_order(matches, rows, within):
    """Return whether reading the list in order is quicker than the index for a word.

    The index fetches and sorts every match; reading in order examines rows until it has the
    capped count of matches among the rows the other filters keep (`within()`, a share, asked
    only for a common word), so a common word whose matches the filters nearly all remove is
    searched by the index too.
    """
    if matches <= RARE_AT_MOST:
        return False
    share = matches / max(rows, 1) * within()
    return share > 0 and COUNTED_AT_MOST / share < matches


def figures_holding(word, using="default", within=lambda: 1.0):
    """Return a condition keeping the figures holding word, by the indexes where it is rare.

    `within` returns the share of the figures the other filters keep. Returns None where the
    plain condition on the fields is quicker (or the only one).
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or SEPARATOR in word:
        return None
    paragraphs = most_rows(connection, "paragraph", word)
    initiatives = most_rows(connection, "initiative", word)
    own = most_rows(connection, "figure", word)
    stats = statistics(connection)
    per_paragraph = stats["figure"][0] / max(stats["paragraph"][0], 1)
    per_initiative = stats["figure"][0] / max(stats["initiative"][0], 1)
    matches = own + paragraphs * per_paragraph + initiatives * per_initiative
    if reads_in_order(matches, stats["figure"][0], within):
        return None
    parts, params = [], []
    sources = [
        ("figure", "id", None),
        ("paragraph", "paragraph_id", None),
        ("initiative", "initiative_id", ["title"]),  # Its title; a figure has no summary.
    ]
    for name, via, fields in sources:
        sql, args = found(name, word, fields)
        parts.append(f"SELECT f.id FROM initiatives_figure f WHERE f.{via} IN ({sql})")
        params += args
    return Q(pk__in=RawSQL(" UNION ".join(parts), params))


def initiatives_holding(word, using="default"):
    """Return a condition keeping the initiatives whose title, summary or sources hold word.

    Returns None where the plain condition is quicker (or the only one).
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or SEPARATOR in word:
        return None
    stats = statistics(connection)
    per_paragraph = stats["initiative"][0] / max(stats["paragraph"][0], 1)
    paragraphs = most_rows(connection, "paragraph", word)
    own = most_rows(connection, "initiative", word)
    # Initiatives are fewer than figures: fetching this many is as quick.
    if own + paragraphs * per_paragraph > RARE_AT_MOST / 10:
        return None
    own_sql, own_params = found("initiative", word)
    text_sql, text_params = found("paragraph", word)
    sql = (
        f"{own_sql} UNION SELECT ir.initiative_id FROM initiatives_initiative_reports ir "
        "JOIN initiatives_paragraph p ON p.report_id = ir.report_id "
        f"WHERE p.id IN ({text_sql})"
    )
    return Q(pk__in=RawSQL(sql, [*own_params, *text_params]))
