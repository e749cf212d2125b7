import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from initiatives import backups


class Command(BaseCommand):
    # A backup or a restore must work even when the code around it is broken mid-deploy.
    requires_system_checks = []
    help = (
        "Restore a file written by manage.py backup into the database, which must be empty "
        "unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="a file written by manage.py backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the contents of a database that is not empty",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database alias")

    def handle(self, *, path, force, database, **options):
        started = time.monotonic()
        try:
            backups.restore(database, path, force=force)
        except backups.BackupError as error:
            raise CommandError(error) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {path} into {backups.describe(database)} "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
        executor = MigrationExecutor(connections[database])
        if pending := executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates {len(pending)} migration(s) of this code; "
                    "run manage.py migrate."
                )
            )
