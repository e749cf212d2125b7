import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from initiatives.models import County, Report

FIXTURE = settings.BASE_DIR / "fixtures" / "seed_page.json"


def fixture_rows(model):
    """Return the demo fixture's rows of one model ("initiatives.county")."""
    return [row for row in json.loads(FIXTURE.read_text(encoding="utf-8")) if row["model"] == model]


class Command(BaseCommand):
    help = "Load the demo newspaper page into an empty database; leave any other alone."

    def handle(self, **options):
        # The fixture has fixed primary keys: loading it over existing rows would overwrite
        # them (and a second `make run` would undo staff's edits to the demo page).
        if Report.objects.exists():
            self.stdout.write("The database already holds reports; the demo page is not loaded.")
            return
        demo = {row["pk"]: row["fields"]["name"] for row in fixture_rows("initiatives.county")}
        held = County.objects.filter(pk__in=demo).values_list("pk", "name")
        if any(demo[pk] != name for pk, name in held):
            # load_regions ran first: its counties hold the keys the demo's counties need.
            self.stdout.write(
                "The gazetteer was loaded before the demo page, whose counties have fixed keys; "
                "the demo page is not loaded. Load it into an empty database, then load_regions."
            )
            return
        call_command("loaddata", "seed_page", stdout=self.stdout)
