"""Back up and restore the database: pg_dump's custom format, or SQLite's online backup API."""

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.backends.postgresql.client import DatabaseClient
from django.utils import timezone

POSTGRESQL = "postgresql"
SQLITE = "sqlite"
NAMES = {POSTGRESQL: "PostgreSQL", SQLITE: "SQLite"}
EXTENSIONS = {POSTGRESQL: ".dump", SQLITE: ".sqlite3"}
# How each kind of file begins: pg_dump's custom format, and every SQLite database.
MAGIC = {POSTGRESQL: b"PGDMP", SQLITE: b"SQLite format 3\x00"}
# Tables every Digest database has, whatever its migrations.
DIGEST_TABLES = {"django_migrations", "initiatives_figure"}


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason for the person running it."""


def default_path(vendor):
    """Return backups/digest-YYYYMMDD-HHMMSS with the extension of the vendor's backups."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return settings.BASE_DIR / "backups" / f"digest-{stamp}{EXTENSIONS[vendor]}"


def kind_of(path):
    """Return which kind of backup a file is by its first bytes, or None."""
    with open(path, "rb") as file:
        start = file.read(16)
    return next((kind for kind, magic in MAGIC.items() if start.startswith(magic)), None)


def describe(alias):
    """Return e.g. "the default database (PostgreSQL digest on 127.0.0.1)"."""
    connection = connections[alias]
    where = connection.settings_dict.get("HOST")
    name = connection.settings_dict["NAME"]
    return (
        f"the {alias} database ({NAMES[connection.vendor]} {name}{f' on {where}' if where else ''})"
    )


def program(name):
    """Return the path of a PostgreSQL client program, or say how to install it."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH. Install PostgreSQL's client programs, of the "
            "server's major version or newer (Debian: apt-get install postgresql-client)."
        )
    return path


def libpq(alias):
    """Return the connection options and environment for a PostgreSQL program."""
    settings_dict = connections[alias].settings_dict
    _, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(env or {})}
    if timeout := settings_dict["OPTIONS"].get("connect_timeout"):
        env["PGCONNECT_TIMEOUT"] = str(timeout)
    options = ["--no-password"]  # Never wait for a password at a prompt nobody sees (cron).
    for option, key in (("host", "HOST"), ("port", "PORT"), ("username", "USER")):
        if settings_dict.get(key):
            options.append(f"--{option}={settings_dict[key]}")
    return [*options, f"--dbname={settings_dict['NAME']}"], env


def run(args, env=None):
    """Run a program; raise BackupError with what it printed if it fails."""
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            f"{Path(args[0]).name} failed (exit {result.returncode}):\n"
            + (result.stderr or result.stdout).strip()
        )
    return result.stdout


def back_up(alias, path=None):
    """Write a consistent snapshot of the database to path (a new file); return the path."""
    vendor = connections[alias].vendor
    if vendor not in NAMES:
        raise BackupError(f"Cannot back up a {vendor} database, only PostgreSQL and SQLite.")
    path = Path(path) if path else default_path(vendor)
    if path.exists():
        raise BackupError(f"{path} already exists; name another file with --output.")
    # Written under another name and renamed when complete, so a file under the backup's name
    # is always a whole backup, never what an interrupted run left.
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if vendor == POSTGRESQL:
            dump_postgresql(alias, partial)
        else:
            copy_sqlite(connections[alias], partial)
        os.replace(partial, path)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"Cannot write {path}: {error}") from error
    finally:
        partial.unlink(missing_ok=True)
    return path


def dump_postgresql(alias, path):
    """Write the database to path with pg_dump; check that pg_restore can read it."""
    # pg_dump reads one snapshot of the whole database while the site keeps running.
    pg_dump = program("pg_dump")
    options, env = libpq(alias)
    run([pg_dump, "--format=custom", f"--file={path}", *options], env)
    archive_tables(path)  # pg_restore can read what was written.


def copy_sqlite(connection, path):
    """Copy the database to a new SQLite file at path, and check the copy."""
    # The backup API copies a consistent snapshot while the site keeps writing; copying the
    # file could catch a write half done, and would miss what is still in the -wal file.
    connection.ensure_connection()
    target = sqlite_file(path)
    try:
        connection.connection.backup(target)
        # One self-contained file, whatever the journal mode of the live database.
        target.execute("PRAGMA journal_mode=DELETE")
        (result,) = target.execute("PRAGMA quick_check").fetchone()
        if result != "ok":
            raise BackupError(f"The copy failed SQLite's quick_check: {result}")
    finally:
        target.close()


def archive_tables(path):
    """Return the tables of a pg_dump archive, reading its table of contents."""
    listing = run([program("pg_restore"), "--list", str(path)])
    return set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing, re.MULTILINE))


def check_postgresql_archive(path):
    """Raise BackupError unless path is a pg_dump archive of a Digest database."""
    if not archive_tables(path) >= DIGEST_TABLES:
        raise BackupError(f"{path} is a pg_dump archive, but not of a Digest database.")


def sqlite_file(path, **options):
    """Open a SQLite file as Django would: its CHECK constraints use REGEXP (a county's code)."""
    database = sqlite3.connect(path, **options)
    database.create_function("REGEXP", 2, regexp, deterministic=True)
    return database


def regexp(pattern, value):
    return value is not None and re.search(pattern, str(value)) is not None


def read_only(path):
    """Open a SQLite file for reading only."""
    return sqlite_file(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def check_sqlite_file(path):
    """Raise BackupError unless path is a sound SQLite copy of a Digest database."""
    try:
        source = read_only(path)
        try:
            tables = {name for (name,) in source.execute("SELECT name FROM sqlite_master")}
        finally:
            source.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as a SQLite database: {error}") from error
    if not tables >= DIGEST_TABLES:
        raise BackupError(f"{path} is a SQLite database, but not a Digest one.")


def restore(alias, path, *, force=False):
    """Replace the database's contents with the backup at path; refuse a non-empty database."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    connection = connections[alias]
    vendor = connection.vendor
    kind = kind_of(path)
    if kind is None:
        raise BackupError(
            f"{path} is not a Digest backup: it is neither a pg_dump archive (custom format) "
            "nor a SQLite database."
        )
    if kind != vendor:
        raise BackupError(
            f"{path} is a {NAMES[kind]} backup and cannot be restored into {describe(alias)}. "
            f"Point DATABASE_URL at a {NAMES[kind]} database to restore it."
        )
    if kind == POSTGRESQL:
        check_postgresql_archive(path)
    else:
        check_sqlite_file(path)
    tables = existing_tables(alias)
    if tables and not force:
        raise BackupError(
            f"{describe(alias)} is not empty: it has {len(tables)} tables. Restore into an "
            "empty database, or pass --force (make restore FORCE=1) to replace its contents."
        )
    if kind == POSTGRESQL:
        restore_postgresql(alias, path)
    else:
        restore_sqlite(connection, path)
    connection.close()


def existing_tables(alias):
    """Return the database's table names, or say why it cannot be opened."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            return connection.introspection.table_names(cursor)
    except DatabaseError as error:
        raise BackupError(f"Cannot open {describe(alias)}: {error}") from error


def restore_postgresql(alias, path):
    """Restore a pg_dump archive into the database with pg_restore."""
    options, env = libpq(alias)
    # One transaction: a restore that fails part way leaves the database as it was.
    # --clean --if-exists drops what the archive holds before recreating it; no owners or
    # grants, which name roles the target server may not have.
    command = [
        program("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        *options,
        str(path),
    ]
    connections[alias].close()  # Our own connection would hold locks the drops wait for.
    run(command, env)


def restore_sqlite(connection, path):
    """Copy a SQLite backup over the database, page by page."""
    source = read_only(path)
    try:
        connection.ensure_connection()
        # Written in one step under the write lock: readers see the old or the new database.
        source.backup(connection.connection)
    finally:
        source.close()
