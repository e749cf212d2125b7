"""Backups restore: every row and the same figure CSV, into an empty database of either kind."""

import io
import re
import secrets
import sqlite3
from http import HTTPStatus

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from django.urls import reverse

from digest.settings import database
from initiatives.models import County

ALIAS = "restored"
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", ALIAS])


def vendor():
    return connections["default"].vendor


postgresql_only = pytest.mark.skipif(
    vendor() != "postgresql", reason="pg_dump backs up PostgreSQL only"
)


@pytest.fixture
def demo(transactional_db):
    """Load the demo page and a few hundred generated figures, committed for pg_dump to see."""
    call_command("loaddata", "seed_page", verbosity=0)
    call_command("generate_demo", figures=300, seed=5, stdout=io.StringIO())


@pytest.fixture(scope="module", autouse=True)
def restored_alias(django_db_setup):
    """Configure the alias of the database restored into, before the tests name it."""
    # A test mirror, so that the test run never flushes it: each test makes and drops its own.
    connections.settings[ALIAS] = {
        **connections["default"].settings_dict,
        "TEST": {"MIRROR": "default"},
    }
    yield ALIAS
    del connections.settings[ALIAS]


@pytest.fixture
def empty_database(tmp_path, transactional_db):
    """Point the alias at a new, empty database of the test database's kind; drop it after."""
    default = connections["default"]
    settings_dict = connections.settings[ALIAS]
    if default.vendor == "postgresql":
        name = f"digest_restore_test_{secrets.token_hex(4)}"
        with default.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        settings_dict["NAME"] = name
    else:
        settings_dict.update(database(f"sqlite:///{tmp_path / 'restored.sqlite3'}"))
    yield ALIAS
    connections[ALIAS].close()
    delattr(connections._connections, ALIAS)  # A new wrapper for the next test's database.
    if default.vendor == "postgresql":
        with default.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backup(tmp_path, **options):
    path = tmp_path / ("demo.dump" if vendor() == "postgresql" else "demo.sqlite3")
    call_command("backup", output=path, stdout=io.StringIO(), **options)
    return path


def restore(path, alias="default", **options):
    output = io.StringIO()
    call_command("restore", path, database=alias, stdout=output, **options)
    return output.getvalue()


def tables(alias):
    """Return every table's rows, in a stable order."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        contents = {}
        for name in names:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(name)}")
            contents[name] = sorted(cursor.fetchall(), key=repr)
    return contents


class ReadFrom:
    """A router that reads every model from one database."""

    def __init__(self, alias):
        self.alias = alias

    def db_for_read(self, model, **hints):
        return self.alias


def figures_csv(client, settings, alias):
    """Return the full /figures.csv export, read from the database alias."""
    settings.DATABASE_ROUTERS = [ReadFrom(alias)]
    response = client.get(reverse("initiatives:figures_csv"))
    assert response.status_code == HTTPStatus.OK
    return b"".join(response.streaming_content)


def test_a_backup_restores_into_an_empty_database_with_every_row_and_the_same_csv(
    demo, empty_database, tmp_path, client, settings
):
    path = backup(tmp_path)
    output = restore(path, empty_database)

    original, restored = tables("default"), tables(empty_database)
    assert {name: len(rows) for name, rows in restored.items()} == {
        name: len(rows) for name, rows in original.items()
    }
    assert restored == original
    assert len(original["initiatives_figure"]) == 300 + 63
    export = figures_csv(client, settings, "default")
    assert export.count(b"\r\n") > 300
    assert figures_csv(client, settings, empty_database) == export
    assert "Restored" in output
    assert "migrate" not in output


def test_a_restored_database_takes_new_rows(demo, empty_database, tmp_path):
    restore(backup(tmp_path), empty_database)

    county = County.objects.using(empty_database).create(name="新县", slug="new-county")

    assert county.pk > County.objects.using("default").order_by("pk").last().pk


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(demo, empty_database, tmp_path):
    path = backup(tmp_path)
    restore(path, empty_database)
    County.objects.using(empty_database).filter(slug="wenshang").update(name="改过的名字")

    with pytest.raises(CommandError, match=r"is not empty: it has \d+ tables.*--force"):
        restore(path, empty_database)
    assert County.objects.using(empty_database).get(slug="wenshang").name == "改过的名字"

    restore(path, empty_database, force=True)
    assert County.objects.using(empty_database).get(slug="wenshang").name == "汶上县"
    assert tables(empty_database) == tables("default")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a backup\n")

    with pytest.raises(CommandError, match="is not a Digest backup"):
        restore(path)


def test_restore_refuses_a_file_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        restore(tmp_path / "missing.dump")


def test_restore_refuses_the_other_kind_of_databases_backup(tmp_path):
    if vendor() == "postgresql":
        path = tmp_path / "digest.sqlite3"
        sqlite3.connect(path).close()
        path.write_bytes(b"SQLite format 3\x00" + bytes(4080))
        message = (
            r"is a SQLite backup and cannot be restored into the default database \(PostgreSQL"
        )
    else:
        path = tmp_path / "digest.dump"
        path.write_bytes(b"PGDMP" + bytes(100))
        message = (
            r"is a PostgreSQL backup and cannot be restored into the default database \(SQLite"
        )

    with pytest.raises(CommandError, match=message):
        restore(path)


def test_restore_refuses_a_backup_of_another_applications_database(empty_database, tmp_path):
    with connections[empty_database].cursor() as cursor:
        cursor.execute("CREATE TABLE notes (body TEXT)")
    path = backup(tmp_path, database=empty_database)

    with pytest.raises(CommandError, match="but not (of )?a Digest (database|one)"):
        restore(path)


def test_backup_writes_a_dated_file_under_backups_by_default(demo, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    output = io.StringIO()

    call_command("backup", stdout=output)

    (path,) = (tmp_path / "backups").iterdir()
    extension = "dump" if vendor() == "postgresql" else "sqlite3"
    assert re.fullmatch(rf"digest-\d{{8}}-\d{{6}}\.{extension}", path.name)
    assert f"to {path} (" in output.getvalue()


def test_backup_refuses_to_overwrite_a_file(demo, tmp_path):
    path = backup(tmp_path)

    with pytest.raises(CommandError, match="already exists"):
        backup(tmp_path)
    assert path.stat().st_size > 0


@postgresql_only
def test_backup_says_how_to_get_pg_dump_when_it_is_missing(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(CommandError, match="pg_dump was not found on PATH. Install"):
        backup(tmp_path)
    assert list(tmp_path.iterdir()) == []
