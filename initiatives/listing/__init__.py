"""Keep the public listing (models/listing.py) equal to the content, in the database itself.

Triggers on every content table rewrite the listing's rows for what a statement touched, in the
same statement: the public figures and initiatives with their sort keys, and from those the
counts per county, theme, indicator and unit, and the latest figure of each month of each
indicator's series per county. As with the content revision (migration 0002), no write path can
forget: the admin, QuerySet.update() in publish() and unpublish(), the importer's bulk_create(),
generate_demo's COPY, deletes and cascades alike.

PostgreSQL runs one trigger per statement over its transition tables, so a COPY of 20,000
figures costs a few set-based statements. SQLite has row triggers only; the same rules are
written for them. (Searching Chinese text with an index is search.py's, on the content tables.)
"""

from django.db import connections

from . import postgresql, sqlite

VENDORS = {"postgresql": postgresql, "sqlite": sqlite}


def install(connection):
    """Create or replace the listing's functions and triggers on this connection's database."""
    VENDORS[connection.vendor].install(connection)


def rebuild(connection):
    """Recompute every row of the listing from the content."""
    VENDORS[connection.vendor].rebuild(connection)


def uninstall(connection):
    VENDORS[connection.vendor].uninstall(connection)


def suspended(connection):
    """Keep the triggers off during a bulk load, then rebuild the listing once, in one go.

    Row by row, or statement by statement over a growing table, the triggers cost a bulk load
    several times its own time; one rebuild at the end is set-based. Use inside the load's
    transaction, so no reader sees the content without its listing.
    """
    return VENDORS[connection.vendor].suspended(connection)


def ensure_listing_triggers(using="default", **kwargs):
    """After migrate, re-create the listing's triggers (SQLite drops them when it rebuilds a table)."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if "initiatives_publicfigure" not in tables or connection.vendor not in VENDORS:
        return  # Migrated back before the listing.
    install(connection)
