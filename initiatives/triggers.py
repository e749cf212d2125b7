"""Keep the content revision's triggers (migration 0002) on every content table after migrate.

SQLite has no ALTER for most schema changes: a migration that adds a column with a default
rebuilds the table, and the rebuilt table has no triggers. Without them the page cache would
serve pages older than the last change, so every migrate re-creates any trigger that is missing.
"""

from django.db import connections

# As in migration 0002: every table a public page reads from, and the statement that raises
# the revision. Former addresses (0005) decide where an old initiative address redirects.
CONTENT_TABLES = [
    "initiatives_county",
    "initiatives_theme",
    "initiatives_indicator",
    "initiatives_report",
    "initiatives_paragraph",
    "initiatives_initiative",
    "initiatives_initiative_reports",
    "initiatives_figure",
    "initiatives_initiativealias",
    # load_regions --maps after a page was cached: the page must gain its map.
    "initiatives_outline",
    # A region's name is on its counties' pages, and the filter forms offer regions.
    "initiatives_region",
]
BUMP = (
    "INSERT INTO initiatives_revision (id, number) VALUES (1, 0) ON CONFLICT (id) DO NOTHING; "
    "UPDATE initiatives_revision SET number = number + 1 WHERE id = 1;"
)


def ensure_revision_triggers(using="default", **kwargs):
    """Create any missing content revision trigger on the database behind `using`."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if "initiatives_revision" not in tables:
        return  # Migrated back before 0002: nothing to raise.
    with connection.cursor() as cursor:
        for table in CONTENT_TABLES:
            if table not in tables:
                continue
            if connection.vendor == "sqlite":
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_revision_{event.lower()} "
                        f"AFTER {event} ON {table} BEGIN {BUMP} END"
                    )
            elif connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {table}_revision "
                    f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION initiatives_bump_revision()"
                )
