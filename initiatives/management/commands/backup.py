import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from initiatives import backups


class Command(BaseCommand):
    # A backup or a restore must work even when the code around it is broken mid-deploy.
    requires_system_checks = []
    help = (
        "Write a consistent backup of the database while the site runs: pg_dump's custom "
        "format for PostgreSQL, a copy by SQLite's backup API for SQLite."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="the file to write (default: backups/digest-YYYYMMDD-HHMMSS.dump or .sqlite3)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database alias")

    def handle(self, *, output, database, **options):
        started = time.monotonic()
        try:
            path = backups.back_up(database, output)
        except backups.BackupError as error:
            raise CommandError(error) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {backups.describe(database)} to {path} "
                f"({path.stat().st_size / 1e6:.1f} MB) in {time.monotonic() - started:.1f} s."
            )
        )
