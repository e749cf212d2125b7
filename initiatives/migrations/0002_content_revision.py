"""A content revision that the database raises in the same transaction as every change.

Cached public pages are keyed on this number (initiatives/caching.py). Triggers, not Python
code, raise it, so no write path can forget: the admin, QuerySet.update() in publish() and
unpublish(), bulk_create() in the importer and generate_demo, deletes and cascades alike.
"""

from django.db import migrations, models

# Every table a public page reads from.
CONTENT_TABLES = [
    "initiatives_county",
    "initiatives_theme",
    "initiatives_indicator",
    "initiatives_report",
    "initiatives_paragraph",
    "initiatives_initiative",
    "initiatives_initiative_reports",
    "initiatives_figure",
]

# One row, id 1; recreated if a test run's flush removed it.
BUMP = (
    "INSERT INTO initiatives_revision (id, number) VALUES (1, 0) ON CONFLICT (id) DO NOTHING; "
    "UPDATE initiatives_revision SET number = number + 1 WHERE id = 1;"
)


def create_triggers(apps, schema_editor):
    execute = schema_editor.execute
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # Once per statement, so a bulk insert of 200,000 rows costs one update.
        execute(
            "CREATE FUNCTION initiatives_bump_revision() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {BUMP} RETURN NULL; END $$"
        )
        for table in CONTENT_TABLES:
            execute(
                f"CREATE TRIGGER {table}_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION initiatives_bump_revision()"
            )
    elif vendor == "sqlite":
        # SQLite has row triggers only.
        for table in CONTENT_TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                execute(
                    f"CREATE TRIGGER {table}_revision_{event.lower()} AFTER {event} ON {table} "
                    f"BEGIN {BUMP} END"
                )
    else:
        raise NotImplementedError(f"No content revision triggers for {vendor}.")
    execute("INSERT INTO initiatives_revision (id, number) VALUES (1, 1)")


def drop_triggers(apps, schema_editor):
    execute = schema_editor.execute
    vendor = schema_editor.connection.vendor
    for table in CONTENT_TABLES:
        if vendor == "postgresql":
            execute(f"DROP TRIGGER IF EXISTS {table}_revision ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                execute(f"DROP TRIGGER IF EXISTS {table}_revision_{event}")
    if vendor == "postgresql":
        execute("DROP FUNCTION IF EXISTS initiatives_bump_revision()")


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Revision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveBigIntegerField(default=0, verbose_name="版本号")),
            ],
            options={
                "verbose_name": "内容版本",
                "verbose_name_plural": "内容版本",
                "ordering": ["pk"],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
