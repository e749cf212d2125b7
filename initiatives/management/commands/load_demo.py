from django.core.management import call_command
from django.core.management.base import BaseCommand

from initiatives.models import Report


class Command(BaseCommand):
    help = "Load the demo newspaper page into an empty database; leave any other alone."

    def handle(self, **options):
        # The fixture has fixed primary keys: loading it over existing rows would overwrite
        # them (and a second `make run` would undo staff's edits to the demo page).
        if Report.objects.exists():
            self.stdout.write("The database already holds reports; the demo page is not loaded.")
            return
        call_command("loaddata", "seed_page", stdout=self.stdout)
