"""Shared pieces of the benchmark and the load-and-fault test: servers, memory, HTTP, wrk."""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
# What a TLS-terminating reverse proxy adds; without it production settings redirect to https.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def production_env(database_url, **extra):
    """Return the environment of a production deployment on 127.0.0.1."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(*args, env, quiet=True):
    """Run a management command; return its standard output."""
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    if not quiet:
        sys.stdout.write(result.stdout)
    return result.stdout


def psql(url, *args, **kwargs):
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, *args], **kwargs)


def with_database(url, name):
    """Return the URL with its database name replaced."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(child) for child in handle.read().split()]
    except FileNotFoundError:
        return []


class Gunicorn:
    """Gunicorn with the project's gunicorn.conf.py, started in its own process group."""

    def __init__(self, env, port, log_path, **settings):
        self.port = port
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", **settings}
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = None

    def start(self):
        if port_in_use(self.port):
            raise SystemExit(f"Port {self.port} is already in use; stop what runs there first.")
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(f"http://127.0.0.1:{self.port}/healthz", timeout=60)
        if not self.alive():
            raise SystemExit(f"gunicorn exited; see {self.log.name}")
        # Wait until every worker has booted, so memory figures count them all.
        workers = int(self.env.get("GUNICORN_WORKERS") or os.cpu_count() * 2 + 1)
        deadline = time.monotonic() + 30
        while len(self.workers()) < workers and time.monotonic() < deadline:
            time.sleep(0.2)
        return self

    @property
    def pid(self):
        return self.process.pid

    def workers(self):
        return children(self.pid)

    def rss_mib(self):
        """Return the resident memory of the master and all workers together, in MiB."""
        return sum(rss_kib(pid) for pid in [self.pid, *self.workers()]) / 1024

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


class Process:
    """Any other server, started in its own process group."""

    def __init__(self, args, log_path, env=None, cwd=ROOT):
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def port_in_use(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for(url, timeout=30, status=200):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if get(url)[0] == status:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer {status} within {timeout} s")


def get(url, headers=None, timeout=30):
    """Fetch a URL; return the status, the body's size and its number of lines, and seconds."""
    parts = urllib.parse.urlsplit(url)
    started = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={**PROXY_HEADERS, **(headers or {})})
        response = connection.getresponse()
        size = lines = 0
        while chunk := response.read(1 << 20):
            size += len(chunk)
            lines += chunk.count(b"\n")
        return response.status, size, lines, time.perf_counter() - started
    finally:
        connection.close()


class MemorySampler:
    """Sample a server's total resident memory in the background; keep the peak."""

    def __init__(self, server, interval=0.02):
        self.server = server
        self.interval = interval
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.server.rss_mib())
            self._stop.wait(self.interval)

    def __enter__(self):
        self.before = self.server.rss_mib()
        self.peak = self.before
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.server.rss_mib())


def load(url, connections, seconds):
    """Load a URL with wrk, or with the Python load generator where wrk is not installed."""
    if shutil.which("wrk"):
        return wrk(url, connections, seconds)
    return python_load(url, connections, seconds)


def load_tool():
    return "wrk" if shutil.which("wrk") else "the Python load generator (wrk not installed)"


def python_load(url, connections, seconds):
    """Keep `connections` requests in flight for `seconds`; return what wrk() returns.

    Each thread holds one keep-alive connection, like wrk; the GIL makes it a heavier client
    than wrk, so its figures are a floor.
    """
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + seconds
    latencies, errors = [], []

    def worker():
        mine, failed = [], 0
        connection = None
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                connection.request("GET", path, headers=PROXY_HEADERS)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
                if response.getheader("connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                failed += 1
                if connection is not None:
                    connection.close()
                connection = None
                continue
            mine.append(time.perf_counter() - started)
        if connection is not None:
            connection.close()
        latencies.extend(mine)
        errors.append(failed)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(fraction):
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(fraction * len(latencies)))] * 1000

    return {
        "rps": len(latencies) / elapsed,
        "requests": len(latencies),
        "p50": percentile(0.50),
        "p99": percentile(0.99),
        "errors": sum(errors),
    }


def wrk(url, connections, seconds, threads=2):
    """Run wrk against a URL; return requests per second, p50 and p99 in ms, and errors."""
    args = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    for name, value in PROXY_HEADERS.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = sum(map(int, socket_errors.groups())) if socket_errors else 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": milliseconds(latency["50"]),
        "p99": milliseconds(latency["99"]),
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
