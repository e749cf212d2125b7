"""A list's keys read from its listing alone, where the listing alone filters and sorts them.

A list of figures (or initiatives) filters and sorts by its listing's columns (`listing__…`),
and names each row by the figure's key, so PostgreSQL joins every listing row it reads to its
figure: a page far down the list joins each row it skips (page 27,261 of two million figures:
1.7 s, against 80 ms reading the listing's index alone). The listing's key is the figure's, so
the same filters and order on the listing alone give the same keys.
"""

from django.db import connections
from django.db.models import F

from .ordering import first_key

PREFIX = "listing__"


def parts(where):
    """Yield every expression in a query's conditions (columns, values, subqueries)."""
    for child in where.children:
        if hasattr(child, "children"):
            yield from parts(child)
        elif hasattr(child, "flatten"):
            yield from child.flatten()
        else:
            yield child  # nothing matches (an empty filter): kept as it is


def on_listing(term):
    """Return a term of a list's order (`listing__…`) on the listing's own fields, or None."""
    if isinstance(term, F):
        return F(term.name.removeprefix(PREFIX)) if term.name.startswith(PREFIX) else None
    if not hasattr(term, "flatten"):
        return None  # a field's name as text: not seen in the lists
    names = [node.name for node in term.flatten() if isinstance(node, F)]
    if not names or not all(name.startswith(PREFIX) for name in names):
        return None
    return term.replace_expressions({F(name): F(name.removeprefix(PREFIX)) for name in names})


def listing_keys(keys):
    """Return keys (a list's values_list of "pk") read from its listing alone, else keys itself.

    As it is wherever anything else takes part: a word tested in the figure's own text, an
    annotation, a join to another table.
    """
    if not hasattr(keys, "query"):
        return keys  # merged by county from the listing (MergedKeys)
    query = keys.query
    if not hasattr(query.model, "listing"):
        return keys  # read from a listing already
    listing = query.model._meta.get_field("listing").related_model
    table = listing._meta.db_table
    used = {alias for alias, count in query.alias_refcount.items() if count}
    if used != {query.base_table, table} or query.distinct or query.combinator:
        return keys
    if query.low_mark or query.high_mark is not None:
        return keys
    # Annotations are not among the keys; they may only read the listing (a list's counts).
    shown = [node for annotation in query.annotations.values() for node in annotation.flatten()]
    if any(getattr(node, "alias", table) != table for node in [*parts(query.where), *shown]):
        return keys
    order = [on_listing(term) for term in query.order_by]
    if any(term is None for term in order):
        return keys
    rows = listing.objects.all()
    rows.query.get_initial_alias()
    rows.query.where = query.where.clone()
    return rows.order_by(*order).values_list("pk", flat=True)


class MergedKeys:
    """A list's keys: several counties' own, each read in its index's order, merged in that order.

    Sliced like a queryset of keys (a page, or the keys a count reads), it asks PostgreSQL to
    merge the counties' reads (a Merge Append) and stop at the slice's last key: page 2,407 of
    three counties' two million figures by amount reads 48,160 index entries in 28 ms, where
    reading the whole list's order meets every other county's rows too, and taking each
    county's first 48,160 to sort them together took 0.5 s.
    """

    def __init__(self, keys, counties, needed):
        self.keys = keys
        # OrderBy terms of the listing's fields, as served_by_county() found them.
        terms = keys.query.order_by
        names = [term.expression.name for term in terms]
        # Each county's first `needed` in the order: enough for any slice up to `needed`.
        parts, self.params = [], []
        for county in counties:
            each = keys.filter(county=county).values_list("pk", *names)[:needed]
            sql, params = each.query.sql_with_params()
            parts.append(f"({sql})")
            self.params += params
        columns = ", ".join(f"o{number}" for number in range(len(names)))
        order = ", ".join(
            f"o{number} {'DESC' if term.descending else 'ASC'}"
            + (" NULLS FIRST" if term.nulls_first else " NULLS LAST" if term.nulls_last else "")
            for number, term in enumerate(terms)
        )
        self.sql = (
            f"SELECT key FROM ({' UNION ALL '.join(parts)}) AS merged(key, {columns}) "
            f"ORDER BY {order}"
        )

    def __getitem__(self, item):
        if not isinstance(item, slice) or item.step is not None:
            raise TypeError("MergedKeys are read by slices of keys")
        start, stop = item.start or 0, item.stop
        with connections[self.keys.db].cursor() as cursor:
            cursor.execute(
                f"{self.sql} LIMIT %s OFFSET %s",
                [*self.params, None if stop is None else max(stop - start, 0), start],
            )
            return [key for (key,) in cursor.fetchall()]

    def count(self):
        return self.keys.count()


def merged_by_county(keys, counties, needed):
    """Return keys (read from the listing, in an order each county's index holds) merged.

    For an order each county's own index serves (figures by amount): several counties' rows lie
    all through that order, and sorting them all costs every row of theirs.
    """
    return MergedKeys(keys, [county.pk for county in counties], needed)


def served_by_county(keys, fields):
    """Return whether keys' order starts with one of fields (a county's own index leads with)."""
    first = first_key(keys)
    # The listing's field, named from the listing or through it (listing__amount).
    return first is not None and first.expression.name.rsplit("__", 1)[-1] in fields
