"""A list's keys read from its listing alone, where the listing alone filters and sorts them.

A list of figures (or initiatives) filters and sorts by its listing's columns (`listing__…`),
and names each row by the figure's key, so PostgreSQL joins every listing row it reads to its
figure: a page far down the list joins each row it skips (page 27,261 of two million figures:
1.7 s, against 80 ms reading the listing's index alone). The listing's key is the figure's, so
the same filters and order on the listing alone give the same keys.
"""

from django.db.models import F

from ..querysets import first_of_each
from .ordering import first_key, unindexed

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


def county_by_county(keys, counties, needed):
    """Return keys (read from the listing) as the first `needed` of each county's, merged.

    For an order each county's own index serves (figures by amount): several counties' rows lie
    all through that order, and sorting them all costs every row of theirs; each county read in
    its index's order stops after `needed`, and only those are sorted.
    """
    counties = [county.pk for county in counties]
    return unindexed(keys.filter(pk__in=first_of_each(keys, "county", counties, needed)))


def served_by_county(keys, fields):
    """Return whether keys' order starts with one of fields (a county's own index leads with)."""
    first = first_key(keys)
    # The listing's field, named from the listing or through it (listing__amount).
    return first is not None and first.expression.name.rsplit("__", 1)[-1] in fields
