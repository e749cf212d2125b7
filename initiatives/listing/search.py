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
rarest pair's share; a pair outside the commonest counts as rare). Below RARE_PER_MATCH rows for
each match the page reads, the indexes are asked; above, `reads_in_order()` weighs them against
reading in order, from a sample of the list's rows (a word common in the text may be absent
where the other filters look). The sample is the first rows of the search's order, alone or
where the other filters keep enough rows to find them in it quickly; else the first on disk.

A common word is tested row by row through a function (`holds()`), not by LIKE: PostgreSQL
guesses a LIKE on Chinese text matches almost nothing, so it would join and sort every figure
before keeping a page of them; a function's guess is a third of the rows, which makes it read
the list in its index's order and stop once the page (and the capped count) is full.

SQLite keeps the plain substring search, as does a word holding a line break.
"""

import re
import time
from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, F, Func, Q, Value
from django.db.models.expressions import RawSQL

# Rows a word may be in (by its rarest pair), per match the page reads, for the indexes to be
# asked without a sample: a full count (1,001 matches) fetches and sorts 20,020 rows at most,
# where reading a list in order for a word in 1 in 100 rows reads a hundred rows a match; a
# first page (101 matches) fetches 2,020 at most.
RARE_PER_MATCH = 20
# Rows of a list read in its order to see how often a common word is in them, at most (figures;
# an initiative is a dozen paragraphs to test, so its list reads a tenth as many), and per match
# the page counts: a sample much larger than the reading it decides on costs more than it saves.
SAMPLE = 2000
SAMPLED_PER_MATCH = 4
# A figure read in order and tested costs about twice a figure the indexes fetch: it is joined to
# its initiative and paragraph and four texts are searched. Measured at 2,000,000 figures: 7 µs a
# row read in order; 1–5 µs a row of the indexes' estimate (高新区党, only in titles: 0.9 s read
# in order for page 68, 0.14 s by the indexes).
FIGURE_READ_COST = 2.0
# Matches a list counts at most: beyond, it says "more than" (a search for a common word would
# otherwise read every match to count them). A page counts fewer (caching.rows_counted()).
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
DROP FUNCTION IF EXISTS initiatives_holds(text, text[]);
DROP FUNCTION IF EXISTS initiatives_sources_hold(bigint, text);
CREATE OR REPLACE FUNCTION initiatives_holds(word text, fold boolean, VARIADIC texts text[])
RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE t text;
BEGIN
    IF fold THEN word := upper(word); END IF;
    FOREACH t IN ARRAY texts LOOP
        IF strpos(CASE WHEN fold THEN upper(t) ELSE t END, word) <> 0 THEN RETURN true; END IF;
    END LOOP;
    RETURN false;
END $$;
CREATE OR REPLACE FUNCTION initiatives_sources_hold(initiative bigint, word text, fold boolean)
RETURNS boolean LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF fold THEN word := upper(word); END IF;
    RETURN EXISTS (
        SELECT 1 FROM initiatives_initiative_reports ir
        JOIN initiatives_paragraph p ON p.report_id = ir.report_id
        WHERE ir.initiative_id = initiative
        AND strpos(CASE WHEN fold THEN upper(p.text) ELSE p.text END, word) <> 0
    );
END $$;
"""

# Characters no case mapping changes or produces: a word of only these is found in the text as
# it is, which is what icontains finds, without upper() on every text (a third of the time).
CASELESS = re.compile(r"[0-9\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff20]+")


def folds(word):
    """Return whether finding word as icontains does needs both sides upper-cased."""
    return CASELESS.fullmatch(word) is None


def install_functions(connection):
    """Create or replace the row-by-row tests of a common word (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(HOLDS)


def holds(word, *fields):
    """Return whether any of the fields holds word, as one call PostgreSQL reads row by row."""
    return Func(
        Value(word),
        Value(folds(word)),
        *[F(field) for field in fields],
        function="initiatives_holds",
        output_field=BooleanField(),
    )


def sources_hold(word):
    """Return whether a paragraph of an initiative's reports holds word (PostgreSQL)."""
    return Func(
        F("pk"),
        Value(word),
        Value(folds(word)),
        function="initiatives_sources_hold",
        output_field=BooleanField(),
    )


def add_indexes(schema_editor):
    """Create the grams functions and index the searched texts (PostgreSQL only)."""
    schema_editor.execute(GRAMS)
    for index, table, expression in TEXTS.values():
        schema_editor.execute(
            f"CREATE INDEX {index} ON {table} USING gin (initiatives_grams({expression}))"
        )
        # Ten thousand of the commonest characters and pairs: `most_rows()` reads their shares.
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


def found(name, word, alias, fields=None):
    """Return an SQL condition that the text (by name) of the row at alias holds word, and params.

    The index finds the rows holding the word's pairs; the fields (all of the text's unless
    named) are then tested for the whole word, one by one, as icontains tests each. A condition,
    not a subquery of keys: joined to the rows it keeps, the table is read only where it matches.
    """
    _index, _table, expression = TEXTS[name]
    columns = [field.strip() for field in expression.split("|| E'\\n' ||")]
    indexed = " || E'\\n' || ".join(f"{alias}.{column}" for column in columns)
    test = "strpos(upper({}), upper(%s)) <> 0" if folds(word) else "strpos({}, %s) <> 0"
    whole = " OR ".join(test.format(f"{alias}.{field}") for field in fields or columns)
    sql = f"initiatives_grams({indexed}) @> initiatives_word_grams(%s) AND ({whole})"
    return sql, [word, *([word] * len(fields or columns))]


def independent(matches, rows, needed=COUNTED_AT_MOST + 1):
    """Return the Sample of a word found evenly through all rows (where none was read)."""
    held = round(matches / max(rows, 1) * SAMPLE)
    return Sample(held=held, read=SAMPLE, rows=rows, needed=needed)


def keys_found(sql, params, key):
    """Return a condition that key (the listing's, where the list's filters are) is one sql selects.

    A subquery, not its keys fetched first: a word common in the text has hundreds of thousands
    of matches, and a list reads its keys once (caching.RevisionCountPaginator) in any case.
    """
    return Q(**{f"{key}__in": RawSQL(sql, params)})


@dataclass
class Sample:
    """What reading a list meets: how many of the rows its filters keep hold a word, of how many."""

    held: int
    read: int
    rows: int  # the rows the list's other filters keep, at most
    size: int = SAMPLE  # the rows the sample asked for
    needed: int = COUNTED_AT_MOST + 1  # the matches the page reads (counted and shown)

    @property
    def rows_to_read(self):
        """Return the rows reading in order examines for the matches the page needs."""
        if self.read < self.size:  # The sample was every row: there are no more to read.
            return self.read
        if not self.held:
            return self.rows
        return min(self.needed * self.read / self.held, self.rows)


def reads_in_order(fetched, sample, row_cost=1.0, needed=COUNTED_AT_MOST + 1):
    """Return whether reading the list in order is quicker than the index for a word.

    The index fetches (and the list sorts) `fetched` rows. Reading in order examines rows, each
    at `row_cost` such rows, until it has the matches the page needs: `sample()` (a query,
    asked only for a common word) reads some of the rows the list's other filters keep, to
    see how often they hold the word. A word common in the whole text may be rare or
    absent where the filters look (a county's own place names in another county's figures).
    """
    if fetched <= RARE_PER_MATCH * needed:
        return False
    return sample().rows_to_read * row_cost < fetched


def figures_holding(word, using="default", sample=None, needed=COUNTED_AT_MOST + 1):
    """Return a condition keeping the figures holding word, by the indexes where it is rare.

    `sample` returns how often the list's rows hold word (a Sample); `needed` is how many
    matches the page reads. Returns None where the plain condition on the fields is quicker
    (or the only one).
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
    sample = sample or (lambda: independent(matches, stats["figure"][0], needed))
    if reads_in_order(matches, sample, row_cost=FIGURE_READ_COST, needed=needed):
        return None
    sources = [
        # (the searched text, how a figure reaches its row, the fields tested)
        ("figure", "", None),
        ("paragraph", "JOIN initiatives_paragraph t ON t.id = f.paragraph_id", None),
        ("initiative", "JOIN initiatives_initiative t ON t.id = f.initiative_id", ["title"]),
    ]
    parts, params = [], []
    for name, join, fields in sources:
        sql, args = found(name, word, "t" if join else "f", fields)
        parts.append(f"SELECT f.id FROM initiatives_figure f {join} WHERE {sql}")
        params += args
    # The listing's key, not the figure's: the list's other filters and its order are there.
    return keys_found(" UNION ".join(parts), params, "listing__figure")


def initiatives_holding(word, using="default", sample=None, needed=COUNTED_AT_MOST + 1):
    """Return a condition keeping the initiatives whose title, summary or sources hold word.

    `sample` and `needed` are as figures_holding()'s. Returns None where the plain condition
    is quicker (or the only one).
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or SEPARATOR in word:
        return None
    stats = statistics(connection)
    initiatives, paragraphs = stats["initiative"][0], stats["paragraph"][0]
    in_paragraphs = most_rows(connection, "paragraph", word)
    own = most_rows(connection, "initiative", word)
    # The index fetches paragraphs; reading in order tests an initiative's paragraphs each.
    per_initiative = paragraphs / max(initiatives, 1)
    matches = min(own + in_paragraphs / max(per_initiative, 1), initiatives)
    sample = sample or (lambda: independent(matches, initiatives, needed))
    if reads_in_order(own + in_paragraphs, sample, row_cost=per_initiative, needed=needed):
        return None
    own_sql, own_params = found("initiative", word, "i")
    text_sql, text_params = found("paragraph", word, "p")
    sql = (
        f"SELECT i.id FROM initiatives_initiative i WHERE {own_sql} "
        "UNION SELECT ir.initiative_id FROM initiatives_initiative_reports ir "
        f"JOIN initiatives_paragraph p ON p.report_id = ir.report_id WHERE {text_sql}"
    )
    return keys_found(sql, [*own_params, *text_params], "listing__initiative")
