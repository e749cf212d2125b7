"""Reading a list's index in its order, or sorting the rows its filters keep: whichever is less.

Each order of a list is an index of the listing (rows.ORDER_INDEXES), so a page is read from it
and the reading stops: quick wherever the filters keep many rows. Where they keep few, spread
through the order (a theme and a unit sorted by amount, one county's rarest unit), reading in
order meets every other row too, and a deep page costs seconds; sorting the few takes
milliseconds. PostgreSQL's planner takes the filters for independent and often guesses wrong
between the two, so a list decides from its own counts (the listing's tallies) and, where
sorting is cheaper, orders by a first key no index holds.
"""

from django.db import connections
from django.db.models import F
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce

from . import search

# A kept row read, joined to its figure and sorted costs about 1.5 rows read from an index in
# order (at 2M: three counties' 426,000 rows sorted in 690 ms; 858,000 index rows in 830 ms).
SORT_COST = 1.5
# Testing a row for a word (its quote, paragraph and title joined) costs about this many more.
WORD_TEST_COST = 8


def rows_read_in_order(kept, total, needed, place_first=False, counties_only=False):
    """Return about how many rows reading a list's index in order meets for the needed ones."""
    if place_first and counties_only:
        # The index in county order seeks to each named county's rows by its position.
        return needed
    if place_first:
        # A region's rows come together, after about half the others.
        return (total - kept) / 2 + needed
    # One row in total / kept is one the filters keep.
    return needed * total / max(kept, 1)


def listed_rows(queryset):
    """Return about how many rows queryset's model has, from PostgreSQL's statistics."""
    return search.statistics(connections[queryset.db])[queryset.model._meta.model_name][0]


def first_key(queryset):
    """Return the first term of queryset's order if it is a field's, else None."""
    first = next(iter(queryset.query.order_by), None)
    if isinstance(first, OrderBy) and isinstance(first.expression, F):
        return first
    return None


def unindexed(queryset):
    """Return queryset in the same order, by a first key no index holds, so it is sorted."""
    if (first := first_key(queryset)) is None:
        return queryset
    # COALESCE(x, x) is x, null where x is, but PostgreSQL does not read it from x's index.
    key = first.copy()
    key.expression = Coalesce(first.expression, first.expression)
    return queryset.order_by(key, *queryset.query.order_by[1:])


def cheaper_order(
    queryset, kept, needed, counties=0, regions=0, share=1.0, test_cost=0, total=None
):
    """Return queryset as it is, or sorted apart from its index where that reads fewer rows.

    `kept` is the most rows the filters keep, as the listing counts them; `share` the part of
    those the tests of each row (a word, an amount) keep, and `test_cost` what testing a row
    costs; `needed` how many rows the page reads; `counties` and `regions` how many of each
    the filters name; `total` the rows of the index read in order, if not the whole list's
    (one county's, in an order its own index holds).
    """
    connection = connections[queryset.db]
    first = first_key(queryset)
    if connection.vendor != "postgresql" or first is None:
        return queryset
    if total is None:
        total = listed_rows(queryset)
    place_first = first.expression.name.endswith("county_position")
    found = kept * share
    places = counties + regions
    read = rows_read_in_order(found, total, needed, place_first and places > 0, regions == 0)
    # Sorted, every kept row is tested; read in order, only those met before the page's last.
    tested_in_order = min(needed / max(share, 1e-9), kept)
    walk = read * SORT_COST + tested_in_order * test_cost
    return unindexed(queryset) if kept * (SORT_COST + test_cost) < walk else queryset
