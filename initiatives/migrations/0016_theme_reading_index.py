"""An index of each theme's public figures in reading order (listing/rows.py ORDER_INDEXES).

A deep page of one theme's figures at 2,000,000 figures sorted the theme's 300,000 rows, or read
the whole list's order meeting twelve other themes' rows for each of its own.
"""

from django.db import migrations

NAME = "initiatives_pub_theme"


def create_index(apps, schema_editor):
    from initiatives.listing import rows

    rows.create_order_indexes(schema_editor, [NAME])


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0015_county_position_statistics"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
