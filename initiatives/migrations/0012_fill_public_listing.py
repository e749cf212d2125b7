"""Fill the public listing and install the triggers that keep it equal to the content.

In a migration of its own, so the tables' unique indexes (created at the end of 0011) exist
for the triggers' upserts. The ordered indexes are built once the rows are in: one build is far
quicker than indexing row by row. On PostgreSQL, the searched texts get their index of
characters and pairs (listing/search.py).
Later changes to the triggers are installed by every migrate (apps.py); a change to what the
rows hold needs a migration that rebuilds them.
"""

from django.db import migrations


def install_listing(apps, schema_editor):
    from initiatives import listing
    from initiatives.listing import rows, search

    connection = schema_editor.connection
    listing.install(connection)
    listing.rebuild(connection)
    rows.create_order_indexes(schema_editor)
    if connection.vendor == "postgresql":
        search.add_indexes(schema_editor)


def remove_listing(apps, schema_editor):
    from initiatives import listing
    from initiatives.listing import rows, search

    listing.uninstall(schema_editor.connection)
    rows.drop_order_indexes(schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        search.drop_indexes(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0011_public_listing"),
    ]

    operations = [
        migrations.RunPython(install_listing, remove_listing),
    ]
