"""Load and fault test: mixed load on gunicorn, then PostgreSQL stopped for 10 s under load.

Runs against a PostgreSQL instance of its own (initdb in a temporary folder, its own port,
removed at the end), so stopping it never disturbs the machine's server. Prints its figures and
exits non-zero if a check fails. `--short` is the form CI runs.
"""

import argparse
import glob
import http.client
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import PROXY_HEADERS, ROOT, Gunicorn, manage, production_env, psql

SEED_PAGE = ROOT / "tests" / "data" / "seed-page.txt"
IMPORT_ARGS = ["--publication=济宁日报", "--date=2024-07-15", "--page=04", "--county=汶上县"]
COUNTY = "wenshang"


def pg_binary(name):
    found = shutil.which(name) or sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))[-1:]
    if not found:
        raise SystemExit(f"{name} not found: install PostgreSQL's server binaries")
    return found if isinstance(found, str) else found[0]


class Postgres:
    """A throwaway PostgreSQL cluster in a temporary folder, on its own port."""

    def __init__(self, port):
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="digest-loadfault-"))
        self.data = self.folder / "data"
        # PostgreSQL refuses to run as root; run it as the postgres system user then.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.folder, "postgres")
        self.url = f"postgres://postgres@127.0.0.1:{port}"

    def run(self, *args):
        subprocess.run([*self.as_user, *args], check=True, stdout=subprocess.DEVNULL)

    def init(self):
        self.run(
            pg_binary("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
        )
        return self.start()

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self.run(
            pg_binary("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "postgres.log"),
            "-w",
            "-t",
            "30",
            "start",
        )
        return self

    def stop(self):
        self.run(pg_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self):
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [
                    *self.as_user,
                    pg_binary("pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ],
                stdout=subprocess.DEVNULL,
            )
        shutil.rmtree(self.folder, ignore_errors=True)


class Load:
    """Threads that each keep one request in flight, cycling through the URLs."""

    def __init__(self, port, urls, connections, timeout=30):
        self.port = port
        self.urls = urls  # [(kind, path)]
        self.connections = connections
        self.timeout = timeout
        self.results = []  # (started, finished, kind, status or error text)
        self._stop = threading.Event()
        self._threads = []

    def worker(self, offset):
        for kind, path in itertools.islice(itertools.cycle(self.urls), offset, None):
            if self._stop.is_set():
                return
            started = time.monotonic()
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                connection.request("GET", path, headers=PROXY_HEADERS)
                response = connection.getresponse()
                response.read()
                outcome = response.status
            except (OSError, http.client.HTTPException) as error:
                outcome = f"{type(error).__name__}: {error}"
            finally:
                connection.close()
            self.results.append((started, time.monotonic(), kind, outcome))

    def start(self):
        for offset in range(self.connections):
            thread = threading.Thread(target=self.worker, args=(offset,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join()
        return self.results


def p99(latencies):
    if len(latencies) < 2:
        return latencies[0] if latencies else 0.0
    return statistics.quantiles(latencies, n=100)[98]


def table_count(url, table):
    result = psql(
        url,
        "-tA",
        "-c",
        f"SELECT count(*) FROM initiatives_{table}",
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout)


def counts(url):
    return {
        table: table_count(url, table) for table in ("report", "paragraph", "initiative", "figure")
    }


def wait_for_blocked_import(url, timeout=60):
    """Wait until the import is inside its transaction, blocked inserting figures."""
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        " AND query LIKE 'INSERT INTO \"initiatives_figure\"%'"
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = psql(url, "-tA", "-c", query, capture_output=True, text=True)
        if result.returncode == 0 and int(result.stdout or 0) > 0:
            return
        time.sleep(0.1)
    raise SystemExit("the import never reached its figure inserts")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="the quick form CI runs")
    parser.add_argument("--port", type=int, default=8877)
    parser.add_argument("--pg-port", type=int, default=55432)
    parser.add_argument("--connections", type=int, default=32)
    options = parser.parse_args()
    figures, load_seconds, before, down, after = (
        (5_000, 15, 5, 10, 10) if options.short else (50_000, 60, 10, 10, 20)
    )
    failures = []

    def check(passed, message):
        print(f"{'ok    ' if passed else 'FAILED'}  {message}")
        if not passed:
            failures.append(message)

    postgres = Postgres(options.pg_port)
    server = None
    try:
        print(f"PostgreSQL of our own in {postgres.folder}, port {options.pg_port}")
        postgres.init()
        psql(f"{postgres.url}/postgres", "-c", "CREATE DATABASE digest", check=True)
        database_url = f"{postgres.url}/digest"
        # No recycling after a number of requests: a worker replaced here must mean one died
        # (a fast machine serves 17,000 requests in the run, past some worker's 5,000).
        env = production_env(database_url, GUNICORN_MAX_REQUESTS="0")
        manage("migrate", "--noinput", "-v0", env=env)
        manage("generate_demo", f"--figures={figures}", "--seed=1", env=env)
        manage("collectstatic", "--noinput", "-v0", env=env)
        slug = psql(
            database_url,
            "-tA",
            "-c",
            "SELECT i.slug FROM initiatives_initiative i JOIN initiatives_county c ON "
            f"c.id = i.county_id WHERE c.slug = '{COUNTY}' ORDER BY i.slug LIMIT 1",
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        urls = [
            ("list", f"/figures/?county={COUNTY}"),
            ("detail", f"/initiatives/{slug}/"),
            ("county", f"/counties/{COUNTY}/"),
            ("csv", f"/figures.csv?county={COUNTY}"),
            ("admin login", "/admin/login/"),
        ]
        server = Gunicorn(env, options.port, postgres.folder / "gunicorn.log").start()
        master, workers = server.pid, set(server.workers())

        # 1. Mixed load.
        print(
            f"\n1. Mixed load: {options.connections} connections for {load_seconds} s "
            f"on {figures:,} figures, gunicorn with {len(workers)} workers"
        )
        load = Load(options.port, urls, options.connections).start()
        time.sleep(load_seconds)
        results = load.stop()
        errors = [r for r in results if r[3] != 200]
        latencies = [(r[1] - r[0]) * 1000 for r in results]
        print(
            f"   {len(results):,} requests, {len(results) / load_seconds:,.1f} req/s, "
            f"p50 {statistics.median(latencies):.0f} ms, p99 {p99(latencies):.0f} ms"
        )
        for kind, _ in urls:
            mine = [(r[1] - r[0]) * 1000 for r in results if r[2] == kind]
            print(f"   {kind:<12} {len(mine):>6} requests  p99 {p99(mine):>6.0f} ms")
        check(
            not errors,
            f"zero errors under mixed load ({len(errors)} errors"
            + (f", e.g. {errors[0][2]}: {errors[0][3]}" if errors else "")
            + ")",
        )

        # 2. The database goes away for a while, under load, with an import running.
        print(f"\n2. PostgreSQL stopped for {down} s under load, an import running")
        baseline = counts(database_url)
        lock = subprocess.Popen(
            [
                "psql",
                "-X",
                "-q",
                database_url,
                "-c",
                "BEGIN; LOCK TABLE initiatives_figure IN SHARE MODE; SELECT pg_sleep(600);",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        load = Load(options.port, urls, options.connections).start()
        time.sleep(before)
        importer = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/python"),
                "manage.py",
                "import_page",
                str(SEED_PAGE),
                *IMPORT_ARGS,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        wait_for_blocked_import(database_url)
        down_from = time.monotonic()
        postgres.stop()
        down_at = time.monotonic()
        import_output = importer.communicate(timeout=60)[0]
        lock.wait(timeout=30)
        time.sleep(max(0.0, down - (time.monotonic() - down_from)))
        up_from = time.monotonic()
        postgres.start()
        up_at = time.monotonic()
        time.sleep(after)
        results = load.stop()

        while_down = [r for r in results if r[0] >= down_at and r[1] <= up_from]
        needs_db = [r for r in while_down if r[2] != "admin login"]
        statuses = sorted({str(r[3]) for r in needs_db})
        slowest = max(((r[1] - r[0]) for r in while_down), default=0)
        print(
            f"   stop took {down_at - down_from:.1f} s; down {up_from - down_from:.1f} s; "
            f"start took {up_at - up_from:.1f} s"
        )
        print(
            f"   while down: {len(while_down)} requests, statuses {statuses or '-'} "
            f"(admin login form, which needs no database: "
            f"{sorted({str(r[3]) for r in while_down if r[2] == 'admin login'}) or '-'}), "
            f"slowest {slowest:.2f} s"
        )
        check(
            bool(needs_db) and statuses == ["503"],
            "only 503 answers from database pages while PostgreSQL is down",
        )
        check(slowest < 5, f"no hang while down (slowest answer {slowest:.2f} s)")
        recovery = {}
        for kind, _ in urls:
            ok = [r for r in results if r[2] == kind and r[0] >= up_at and r[3] == 200]
            recovery[kind] = (min(r[1] for r in ok) - up_at) if ok else None
        late_bad = [r for r in results if r[0] >= up_at + 5 and r[3] != 200]
        print(
            "   back to normal after restart: "
            + ", ".join(
                f"{kind} {'never' if s is None else f'{s:.2f} s'}" for kind, s in recovery.items()
            )
        )
        check(
            all(s is not None and s <= 5 for s in recovery.values()) and not late_bad,
            f"normal answers within 5 s of PostgreSQL's return ({len(late_bad)} bad after)",
        )
        check(server.alive() and server.pid == master, "no server restart (same gunicorn master)")
        replaced = len(workers - set(server.workers()))
        print(f"   gunicorn workers replaced: {replaced} of {len(workers)}")
        check(replaced == 0, "no worker restarted")

        after_counts = counts(database_url)
        check(
            importer.returncode != 0 and after_counts == baseline,
            "the import running when the database went away was rolled back whole "
            f"(exit {importer.returncode}; rows {after_counts} vs {baseline})",
        )
        if importer.returncode == 0:
            print(import_output)
        again = subprocess.run(
            [
                str(ROOT / ".venv/bin/python"),
                "manage.py",
                "import_page",
                str(SEED_PAGE),
                *IMPORT_ARGS,
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        final = counts(database_url)
        check(
            again.returncode == 0
            and final["report"] > baseline["report"]
            and final["figure"] > baseline["figure"],
            f"the same import succeeds when run again (+{final['report'] - baseline['report']}"
            f" reports, +{final['figure'] - baseline['figure']} figures)",
        )
        if again.returncode != 0:
            print(again.stdout + again.stderr)
    finally:
        if server:
            server.stop()
        postgres.remove()
    print(f"\n{'PASSED' if not failures else f'FAILED: {len(failures)} check(s)'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
