"""Recompute the public listing from the content and re-create its triggers."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from initiatives import listing
from initiatives.models import CountyTally, PublicFigure, PublicInitiative


class Command(BaseCommand):
    help = (
        "Recompute the public listing (sort keys, counts, series points) from the content, "
        "for instance after rows were changed with the triggers off."
    )

    def handle(self, **options):
        # One transaction: visitors read the old listing until the new one is complete.
        with transaction.atomic():
            listing.install(connection)
            listing.rebuild(connection)
        self.stdout.write(
            self.style.SUCCESS(
                f"Listed {PublicFigure.objects.count():,} public figures and "
                f"{PublicInitiative.objects.count():,} initiatives in "
                f"{CountyTally.objects.count():,} counties."
            )
        )
