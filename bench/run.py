"""Benchmark Digest under gunicorn and PostgreSQL against COPY and Datasette; print one table.

Run it with `make bench`. It builds (or reuses) 200,000 demo figures in a PostgreSQL database
of its own and a SQLite copy of the same rows for Datasette, then measures, in one run:
the full CSV export against COPY and Datasette's streaming CSV, the filtered figure list and an
initiative page under concurrent load against Datasette's table page, server memory, and the
size of each indicator page.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse

import distinct
from common import (
    ROOT,
    Gunicorn,
    MemorySampler,
    Process,
    get,
    load,
    load_tool,
    manage,
    port_in_use,
    production_env,
    psql,
    wait_for,
    with_database,
)

DATA = ROOT / "bench" / ".data"
VENV = ROOT / "bench" / ".venv"
COUNTY = ("wenshang", "汶上县")
# Seconds of load before each measured run, not counted: it fills every worker's page cache.
WARM_UP = 2
# The data is rebuilt whenever this file changes: its rows may differ (new fields, new shapes).
# The generator's code: the command and the package it writes from.
GENERATOR = [
    ROOT / "initiatives" / "management" / "commands" / "generate_demo.py",
    *sorted((ROOT / "initiatives" / "demo").glob("*.py")),
]
# An indicator page's first page, in bytes of HTML: a visitor on a slow line still gets it.
PAGE_TARGET_BYTES = 300_000
# The whole CSV export against PostgreSQL's own COPY of the same rows (issue 13).
CSV_TARGET_RATIO = 1.2
# The data size whose distinct-address run a larger run is compared with (flat cost).
BASELINE_FIGURES = 200_000

# The 24 columns of /figures.csv, from the same tables, for COPY and for Datasette's SQLite copy.
EXPORT_SELECT = """
SELECT f.id AS figure_id, c.name AS county, i.title AS initiative, t.name AS theme,
       ind.name AS indicator, f.counted, f.quote, f.value, f.unit, f.amount, f.base_unit,
       f.qualifier, f.amount_max, r.status, f.period, p.text AS paragraph,
       trim(r.headline || ' ' || r.subheadline) AS report_headline, r.publication,
       r.published_on,
       'https://127.0.0.1/initiatives/' || i.slug || '/#figure-' || f.id AS figure_url,
       f.as_of, c.code AS county_code, c.prefecture, COALESCE(rp.name, rg.name) AS province
FROM initiatives_figure f
JOIN initiatives_initiative i ON i.id = f.initiative_id
JOIN initiatives_county c ON c.id = i.county_id
LEFT JOIN initiatives_theme t ON t.id = i.theme_id
LEFT JOIN initiatives_indicator ind ON ind.id = f.indicator_id
JOIN initiatives_paragraph p ON p.id = f.paragraph_id
JOIN initiatives_report r ON r.id = p.report_id
LEFT JOIN initiatives_region rg ON rg.id = c.region_id
LEFT JOIN initiatives_region rp ON rp.id = rg.parent_id
WHERE f.review = 'confirmed' AND r.status = 'published' AND i.status = 'published'
  AND NOT EXISTS (SELECT 1 FROM initiatives_initiative_reports ir
                  JOIN initiatives_report r2 ON r2.id = ir.report_id
                  WHERE ir.initiative_id = i.id AND r2.status = 'draft')
"""
EXPORT_ORDER = (
    "ORDER BY c.position, r.published_on DESC NULLS LAST, r.id, p.position, f.start, f.id"
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=20, help="length of each load run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--csv-runs", type=int, default=3)
    parser.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL URL to create the benchmark database with",
    )
    parser.add_argument("--database", default="digest_bench")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data even if present")
    parser.add_argument(
        "--spread",
        type=int,
        default=0,
        metavar="PREFECTURES",
        help="load the gazetteer and spread the reports over the counties of this many "
        "prefectures (papers of many regions; use with a --database of its own)",
    )
    parser.add_argument(
        "--urls",
        type=int,
        default=1000,
        help="distinct addresses, each asked once (each a page-cache miss)",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--datasette-port", type=int, default=8766)
    parser.add_argument(
        "--only",
        choices=["csv", "pages", "distinct"],
        help="csv: measure only the CSV export against COPY (no Datasette, no load runs); "
        "pages: only the size of each indicator page; distinct: only distinct addresses",
    )
    options = parser.parse_args()
    if options.spread and options.only is None:
        parser.error("--spread goes with --only: Datasette's SQLite copy is not spread")

    DATA.mkdir(parents=True, exist_ok=True)
    database_url = with_database(options.server_url, options.database)
    sqlite_path = DATA / f"{options.database}.sqlite3"
    env = production_env(database_url, GUNICORN_MAX_REQUESTS="0")
    if options.only is None:
        ensure_datasette()
    build_time = build(options, database_url, sqlite_path, env)
    manage("collectstatic", "--noinput", "-v0", env=env)

    slug = first_initiative(database_url, options.seed)
    ours = f"http://127.0.0.1:{options.port}"
    theirs = f"http://127.0.0.1:{options.datasette_port}/{sqlite_path.stem}"
    county_param = urllib.parse.quote(COUNTY[1])
    urls = {
        "csv": f"{ours}/figures.csv",
        "csv_county": f"{ours}/figures.csv?county={COUNTY[0]}",
        "list": f"{ours}/figures/?county={COUNTY[0]}",
        "detail": f"{ours}/initiatives/{slug}/",
        "ds_csv": f"{theirs}/figure_export.csv?_stream=on&_size=max",
        "ds_list": f"{theirs}/figure_export?county={county_param}&_size=20",
        "indicators": {
            slug: f"{ours}/indicators/{slug}/" for slug in indicator_slugs(database_url)
        },
    }
    if options.only == "pages":
        server = Gunicorn(env, options.port, DATA / "gunicorn.log").start()
        try:
            sizes = measure_pages(urls)
        finally:
            server.stop()
        print(f"\nIndicator pages, {options.figures:,} figures (seed {options.seed}):\n")
        report_pages(sizes)
        print(f"\nindicator_page_max_kb={largest_page_kb(sizes):.1f}")
        return
    if options.only == "csv":
        server = Gunicorn(env, options.port, DATA / "gunicorn.log").start()
        try:
            results = {"load_before": os.getloadavg()[0]}
            results["other_queries"] = busy_backends(server.env["DATABASE_URL"])
            measure_csv(options, server, urls, results)
        finally:
            server.stop()
        report_csv(results)
        return
    if options.only == "distinct":
        run_distinct(options, database_url)
        return
    if port_in_use(options.datasette_port):
        raise SystemExit(f"Port {options.datasette_port} is already in use.")
    server = Gunicorn(env, options.port, DATA / "gunicorn.log").start()
    datasette = Process(
        [
            str(VENV / "bin" / "datasette"),
            "serve",
            str(sqlite_path),
            "--host=127.0.0.1",
            f"--port={options.datasette_port}",
            # Its default 1 s limit cuts off the counts of a joined view; give it room.
            "--setting",
            "sql_time_limit_ms",
            "10000",
        ],
        DATA / "datasette.log",
    )
    try:
        wait_for(f"{theirs}.json", timeout=60)
        results = measure(options, server, urls)
    finally:
        server.stop()
        datasette.stop()
    results["build"] = build_time
    (DATA / "last-results.json").write_text(json.dumps(results, indent=2))
    report(options, results)
    run_distinct(options, database_url)


def run_distinct(options, database_url):
    """Load distinct addresses, each a page-cache miss; compare with the 200,000-figure run."""
    env = production_env(database_url, GUNICORN_MAX_REQUESTS="0")
    server = Gunicorn(env, options.port, DATA / "gunicorn-distinct.log").start()
    try:
        result = distinct.measure(
            database_url, options.port, options.urls, options.connections, options.seed
        )
    finally:
        server.stop()
    spread = f"-spread{options.spread}" if options.spread else ""
    saved = DATA / f"distinct-{options.figures}{spread}.json"
    saved.write_text(json.dumps(result, indent=2))
    # Flat cost: more figures against 200,000; the papers of many regions against one's.
    baseline_path = None
    if options.spread:
        baseline_path = DATA / f"distinct-{options.figures}.json"
    elif options.figures > BASELINE_FIGURES:
        baseline_path = DATA / f"distinct-{BASELINE_FIGURES}.json"
    baseline = None
    if baseline_path and baseline_path.exists():
        baseline = json.loads(baseline_path.read_text())
    elif baseline_path:
        print(f"No {baseline_path.stem} run saved to compare with: run it without --spread first.")
    distinct.report(result, options.figures, baseline, connections=options.connections)


def ensure_datasette():
    """Install Datasette in the benchmark's own virtualenv, not as a project dependency."""
    if (VENV / "bin" / "datasette").exists():
        return
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", "datasette"], check=True)


def build(options, database_url, sqlite_path, env):
    """Build the PostgreSQL database, and the SQLite copy if needed, unless they hold the data.

    The data is identified by a marker (the generator's code, --figures, --seed) kept with it:
    as the PostgreSQL database's comment and in a table of the SQLite copy.
    """
    marker = data_marker(options)
    seconds = None
    if database_marker(database_url) == marker and not options.rebuild:
        print(f"Reusing {options.database} ({options.figures:,} figures).")
        # Bring a reused database up to the code (new tables, indexes, triggers).
        manage("migrate", "--noinput", "-v0", env=env)
    else:
        seconds = build_postgres(options, database_url, env, marker)
    # Only the full run serves Datasette, so only it needs the copy.
    if options.only is None:
        if sqlite_marker(sqlite_path) == marker and not options.rebuild:
            print(f"Reusing the SQLite copy {sqlite_path.name}.")
        else:
            build_sqlite(options, sqlite_path, env, marker)
    return seconds


def data_marker(options):
    """Return what identifies the benchmark's data: the generator's code, size and seed."""
    code = hashlib.sha256(b"".join(path.read_bytes() for path in GENERATOR)).hexdigest()[:16]
    spread = f" --spread={options.spread}" if options.spread else ""
    return f"generate_demo {code} --figures={options.figures} --seed={options.seed}{spread}"


def build_postgres(options, database_url, env, marker):
    """Create the PostgreSQL database and generate the data; return generate_demo's seconds."""
    print(f"Building {options.figures:,} figures in PostgreSQL database {options.database} ...")
    psql(
        options.server_url,
        "-c",
        f'DROP DATABASE IF EXISTS "{options.database}"',
        "-c",
        f'CREATE DATABASE "{options.database}"',
        check=True,
    )
    manage("migrate", "--noinput", "-v0", env=env)
    started = time.monotonic()
    manage("generate_demo", f"--figures={options.figures}", f"--seed={options.seed}", env=env)
    seconds = time.monotonic() - started
    if options.spread:
        spread_reports(database_url, env, options.spread, options.seed)
    psql(database_url, "-c", "VACUUM ANALYZE", check=True)
    # Marked only once complete, so an interrupted build is rebuilt.
    psql(
        database_url, "-c", f"COMMENT ON DATABASE \"{options.database}\" IS '{marker}'", check=True
    )
    print(f"  generate_demo on PostgreSQL: {seconds:.1f} s.")
    return seconds


def spread_reports(database_url, env, prefectures, seed):
    """Move each report, with its initiatives, to a county of one of some prefectures of China.

    The demo's papers are one prefecture's fourteen counties; Digest's users collect the papers
    of many regions, and the counties a page lists or offers grow with them.
    """
    print(f"  spreading the reports over the counties of {prefectures} prefectures ...")
    manage("load_regions", "-v0", env=env)
    psql(
        database_url,
        "-c",
        f"""
        CREATE TEMP TABLE picked AS
          SELECT c.id, row_number() OVER (ORDER BY c.code) AS n FROM initiatives_county c
          WHERE c.region_id IN (
            SELECT id FROM initiatives_region WHERE level = 'prefecture'
            ORDER BY md5(code || '{seed}') LIMIT {prefectures});
        CREATE TEMP TABLE moved AS
          SELECT r.id AS report_id, p.id AS county_id FROM initiatives_report r
          JOIN picked p ON p.n = 1 + abs(hashtext(r.id || '{seed}')) % (SELECT count(*) FROM picked);
        UPDATE initiatives_report r SET county_id = m.county_id
          FROM moved m WHERE m.report_id = r.id;
        UPDATE initiatives_initiative i SET county_id = m.county_id
          FROM (SELECT ir.initiative_id, max(m.county_id) AS county_id
                FROM initiatives_initiative_reports ir JOIN moved m USING (report_id)
                GROUP BY ir.initiative_id) m
          WHERE m.initiative_id = i.id;
        """,
        check=True,
    )
    manage("rebuild_listing", env=env)


def build_sqlite(options, sqlite_path, env, marker):
    """Generate the same rows into a SQLite file for Datasette, with the export as a view."""
    print("Building the SQLite copy ...")
    sqlite_path.unlink(missing_ok=True)
    sqlite_env = {**env, "DATABASE_URL": f"sqlite:///{sqlite_path}"}
    manage("migrate", "--noinput", "-v0", env=sqlite_env)
    manage(
        "generate_demo", f"--figures={options.figures}", f"--seed={options.seed}", env=sqlite_env
    )
    with sqlite3.connect(sqlite_path) as db:
        db.execute(f"CREATE VIEW figure_export AS {EXPORT_SELECT}")
        db.execute("ANALYZE")
        db.execute("CREATE TABLE bench_data (marker TEXT)")
        db.execute("INSERT INTO bench_data VALUES (?)", [marker])


def database_marker(database_url):
    """Return the marker of the data in the PostgreSQL database, or None."""
    result = psql(
        database_url,
        "-tA",
        "-c",
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
        " WHERE datname = current_database()",
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() if result.returncode == 0 else None


def sqlite_marker(path):
    """Return the marker of the data in the SQLite copy, or None."""
    if not path.exists():
        return None
    try:
        with sqlite3.connect(path) as db:
            return db.execute("SELECT marker FROM bench_data").fetchone()[0]
    except sqlite3.Error:
        return None


def indicator_slugs(database_url):
    """Return the slug of every indicator: each has a page."""
    result = psql(
        database_url,
        "-tA",
        "-c",
        "SELECT slug FROM initiatives_indicator ORDER BY slug",
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def first_initiative(database_url, seed):
    """Return the slug of a published demo initiative in the benchmark's county."""
    result = psql(
        database_url,
        "-tA",
        "-c",
        "SELECT i.slug FROM initiatives_initiative i JOIN initiatives_county c"
        f" ON c.id = i.county_id WHERE c.slug = '{COUNTY[0]}' AND i.slug LIKE 'demo-{seed}-%'"
        " ORDER BY i.slug LIMIT 1",
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def busy_backends(database_url):
    """Count queries other sessions keep running on the server: they share our two cores."""
    result = psql(
        database_url,
        "-tA",
        "-c",
        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid()",
        capture_output=True,
        text=True,
    )
    return int(result.stdout or 0) if result.returncode == 0 else None


def copy_csv(database_url):
    """Time COPY of the export's rows and columns as CSV through psql; return rows, seconds."""
    query = f"COPY ({EXPORT_SELECT} {EXPORT_ORDER}) TO STDOUT WITH CSV HEADER"
    started = time.perf_counter()
    process = subprocess.Popen(
        ["psql", "-X", "-q", database_url, "-c", " ".join(query.split())],
        stdout=subprocess.PIPE,
    )
    lines = 0
    while chunk := process.stdout.read(1 << 20):
        lines += chunk.count(b"\n")
    if process.wait() != 0:
        raise SystemExit("COPY failed")
    return lines - 1, time.perf_counter() - started


def measure(options, server, urls):
    """Run every measurement against the running servers; return the figures."""
    results = {"workers": len(server.workers()), "load_before": os.getloadavg()[0]}
    results["other_queries"] = busy_backends(server.env["DATABASE_URL"])
    for url in (urls["list"], urls["detail"], urls["csv_county"], urls["ds_list"]):
        status = get(url)[0]
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
    results["memory_before"] = server.rss_mib()

    # 1. The whole CSV export: ours, PostgreSQL's COPY, Datasette's stream.
    measure_csv(options, server, urls, results)
    status, size, lines, seconds = get(urls["ds_csv"], timeout=600)
    results["datasette_csv"] = {
        "rows": lines - 1,
        "seconds": seconds,
        "bytes": size,
        "status": status,
    }

    # 2. Pages under concurrent load, each after a short warm-up that is not counted.
    for name in ("list", "detail", "ds_list"):
        load(urls[name], options.connections, WARM_UP)
        results[name] = load(urls[name], options.connections, options.seconds)
    # The same pages on a cache miss, one at a time: a parameter the pages ignore makes each
    # address new to the page cache, so every request renders from the database.
    for name in ("list", "detail"):
        joiner = "&" if "?" in urls[name] else "?"
        times = [get(f"{urls[name]}{joiner}uncached={n}")[3] * 1000 for n in range(5)]
        results[f"{name}_uncached"] = statistics.median(times)
    results["memory_after"] = server.rss_mib()
    results["load_after"] = os.getloadavg()[0]
    results["workers_after"] = len(server.workers())
    # Last, so rendering the largest pages weighs on no other figure.
    results["pages"] = measure_pages(urls)
    results["urls"] = urls
    return results


def measure_pages(urls):
    """Return the status and size in bytes of each indicator page's first page, by slug."""
    # One request each: the size is what matters, not the time, so no warm-up or repeats.
    sizes = {}
    for slug, url in urls["indicators"].items():
        status, size, _lines, _seconds = get(url, timeout=300)
        sizes[slug] = {"status": status, "bytes": size}
    return sizes


def report_pages(sizes):
    """Print a met/MISSED line per indicator page against PAGE_TARGET_BYTES."""
    for slug, page in sizes.items():
        passed = page["status"] == 200 and page["bytes"] <= PAGE_TARGET_BYTES
        status = "" if page["status"] == 200 else f", status {page['status']}"
        print(
            f"{'met   ' if passed else 'MISSED'}  /indicators/{slug}/ first page "
            f"<= {PAGE_TARGET_BYTES / 1000:.0f} kB: {page['bytes'] / 1000:,.1f} kB{status}"
        )


def largest_page_kb(sizes):
    return max((page["bytes"] for page in sizes.values()), default=0) / 1000


def measure_csv(options, server, urls, results):
    """Time the whole CSV export (with the server's memory) and COPY of the same rows."""
    csv_runs = []
    for _ in range(options.csv_runs):
        with MemorySampler(server) as memory:
            status, size, lines, seconds = get(urls["csv"], timeout=300)
        assert status == 200, status
        csv_runs.append((seconds, lines - 1, size, memory.before, memory.peak))
    seconds, rows, size, before, peak = sorted(csv_runs)[len(csv_runs) // 2]
    results["csv"] = {
        "seconds": seconds,
        "rows": rows,
        "bytes": size,
        "before": before,
        "peak": peak,
    }
    with MemorySampler(server) as memory:
        status, _size, lines, _seconds = get(urls["csv_county"], timeout=300)
    results["csv_county"] = {"rows": lines - 1, "before": memory.before, "peak": memory.peak}
    database_url = server.env["DATABASE_URL"]
    copies = [copy_csv(database_url) for _ in range(options.csv_runs)]
    results["copy"] = {"rows": copies[0][0], "seconds": statistics.median(s for _, s in copies)}


def report_csv(r):
    """Print the CSV export's part of the table, its targets and its machine-readable lines."""
    csv, copy = r["csv"], r["copy"]
    csv_vs_copy = csv["seconds"] / copy["seconds"]
    growth_all = csv["peak"] - csv["before"]
    growth_county = r["csv_county"]["peak"] - r["csv_county"]["before"]
    print(
        f"\nCSV export only, {datetime.datetime.now():%Y-%m-%d %H:%M}: machine load average "
        f"{r['load_before']:.1f}, other active queries on the server: {r['other_queries']}.\n"
    )
    print(f"CSV export, all figures (ours)  {csv['seconds']:6.2f} s  {csv['rows']:,} rows")
    print(f"  COPY ... TO STDOUT WITH CSV   {copy['seconds']:6.2f} s  {copy['rows']:,} rows")
    print(
        f"  server memory: {csv['peak']:.0f} MiB peak, growth {growth_all:+.1f} MiB for all "
        f"rows vs {growth_county:+.1f} MiB for {r['csv_county']['rows']:,}\n"
    )
    flat = abs(growth_all) < max(20, 3 * abs(growth_county) + 5)
    print(
        f"{'met   ' if csv_vs_copy <= CSV_TARGET_RATIO else 'MISSED'}  CSV within "
        f"{CSV_TARGET_RATIO}x of COPY: {csv_vs_copy:.2f}x"
    )
    print(f"{'met   ' if flat else 'MISSED'}  CSV memory flat: {growth_all:+.1f} MiB for all rows")
    print(f"csv_vs_copy={csv_vs_copy:.2f}")
    print(f"csv_peak_mib={csv['peak']:.1f}")


def report(options, r):
    csv, copy, ds = r["csv"], r["copy"], r["datasette_csv"]
    csv_vs_copy = csv["seconds"] / copy["seconds"]
    csv_vs_datasette = csv["seconds"] / ds["seconds"]
    growth_all = csv["peak"] - csv["before"]
    growth_county = r["csv_county"]["peak"] - r["csv_county"]["before"]
    list_ratio = r["list"]["rps"] / r["ds_list"]["rps"] if r["ds_list"]["rps"] else float("inf")
    rows = [
        (
            "CSV export, all figures (ours)",
            f"{csv['seconds']:.2f} s",
            f"{csv['rows'] / csv['seconds']:,.0f} rows/s, {csv['rows']:,} rows, "
            f"{csv['bytes'] / 2**20:.0f} MiB",
        ),
        (
            "  COPY ... TO STDOUT WITH CSV (psql)",
            f"{copy['seconds']:.2f} s",
            f"{copy['rows'] / copy['seconds']:,.0f} rows/s, {copy['rows']:,} rows",
        ),
        (
            "  Datasette ?_stream=on (SQLite copy)",
            f"{ds['seconds']:.2f} s",
            f"{ds['rows'] / ds['seconds']:,.0f} rows/s, {ds['rows']:,} rows",
        ),
        (
            "  server memory during export",
            f"{csv['peak']:.0f} MiB peak",
            f"{csv['before']:.0f} MiB before; growth {growth_all:+.1f} MiB for "
            f"{csv['rows']:,} rows vs {growth_county:+.1f} MiB for {r['csv_county']['rows']:,}",
        ),
    ]
    for name, label in (
        ("list", f"/figures/?county={COUNTY[0]} (ours)"),
        ("ds_list", "  Datasette table page, same filter"),
        ("detail", "/initiatives/<slug>/ (ours)"),
    ):
        w = r[name]
        rows.append(
            (
                label,
                f"{w['rps']:,.0f} req/s",
                f"p50 {w['p50']:.1f} ms, p99 {w['p99']:.1f} ms, {w['requests']:,} requests, "
                f"{w['errors']} errors",
            )
        )
        if f"{name}_uncached" in r:
            rows.append(
                (
                    "  same page uncached, alone",
                    f"{r[f'{name}_uncached']:.0f} ms",
                    "median of 5 cache misses, one request at a time",
                )
            )
    rows.append(
        (
            "server memory before / after runs",
            f"{r['memory_before']:.0f} / {r['memory_after']:.0f} MiB",
            f"gunicorn master + {r['workers']} sync workers (RSS sum)",
        )
    )

    print()
    print(
        f"Digest benchmark, {datetime.datetime.now():%Y-%m-%d %H:%M}, {platform.node()}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {postgres_version()}, "
        f"{options.figures:,} figures (seed {options.seed})"
        + (f", generate_demo {r['build']:.1f} s" if r["build"] else "")
    )
    print(
        f"Load: {load_tool()}, {options.connections} connections, {options.seconds} s per "
        f"page after {WARM_UP} s of warm-up (page caches filled); "
        f"gunicorn {r['workers']} workers; all on 127.0.0.1. Machine load average "
        f"{r['load_before']:.1f} before, {r['load_after']:.1f} after; other active queries on "
        f"the PostgreSQL server at the start: {r['other_queries']}."
    )
    width = max(len(label) for label, _, _ in rows)
    print()
    for label, value, detail in rows:
        print(f"{label:<{width}}  {value:>18}  {detail}")
    print()
    checks = [
        (
            f"CSV within {CSV_TARGET_RATIO}x of COPY",
            csv_vs_copy <= CSV_TARGET_RATIO,
            f"{csv_vs_copy:.2f}x COPY's time",
        ),
        (
            "CSV memory flat",
            abs(growth_all) < max(20, 3 * abs(growth_county) + 5),
            f"{growth_all:+.1f} MiB for all rows vs {growth_county:+.1f} MiB for one county",
        ),
        ("list p99 < 100 ms", r["list"]["p99"] < 100, f"{r['list']['p99']:.1f} ms"),
        ("detail p99 < 100 ms", r["detail"]["p99"] < 100, f"{r['detail']['p99']:.1f} ms"),
        ("list >= 3x Datasette req/s", list_ratio >= 3, f"{list_ratio:.2f}x"),
        (
            "no errors under load",
            all(r[n]["errors"] == 0 for n in ("list", "detail")),
            f"{r['list']['errors'] + r['detail']['errors']} errors",
        ),
    ]
    for name, passed, detail in checks:
        print(f"{'met   ' if passed else 'MISSED'}  {name}: {detail}")
    report_pages(r["pages"])
    print()
    print(f"csv_vs_copy={csv_vs_copy:.2f}")
    print(f"csv_vs_datasette={csv_vs_datasette:.2f}")
    print(f"csv_peak_mib={csv['peak']:.1f}")
    print(f"list_rps_vs_datasette={list_ratio:.2f}")
    print(f"list_p99_ms={r['list']['p99']:.1f}")
    print(f"detail_p99_ms={r['detail']['p99']:.1f}")
    print(f"indicator_page_max_kb={largest_page_kb(r['pages']):.1f}")


def postgres_version():
    result = subprocess.run(["psql", "--version"], capture_output=True, text=True)
    return "PostgreSQL " + result.stdout.split()[2] if result.returncode == 0 else "PostgreSQL"


if __name__ == "__main__":
    main()
