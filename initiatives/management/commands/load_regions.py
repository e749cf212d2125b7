import time

from django.core.management.base import BaseCommand, CommandError

from initiatives import gazetteer, regions


class Command(BaseCommand):
    help = (
        "Load China's provinces, prefectures, county-level units (with GB/T 2260 codes), their "
        "former names, towns and villages from the installed jionlp package. Idempotent: a second "
        "run changes nothing. Existing counties (the demo's) are matched by name, not duplicated."
    )

    def handle(self, **options):
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
        parts = [
            f"{what} {verb} {count}"
            for verb, counts in (
                ("created", summary.created),
                ("updated", summary.updated),
                ("deleted", summary.deleted),
            )
            for what, count in counts.items()
            if count
        ]
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {source}: {', '.join(parts)} ({took:.1f} s).")
        )
        for line in summary.matched:
            self.stdout.write(f"  matched existing county {line}")
