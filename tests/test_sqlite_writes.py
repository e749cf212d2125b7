"""SQLite in a file under gunicorn: a stalled download or another editor never refuses a write."""

import http.client
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from http import HTTPStatus
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.db.models import Value
from django.db.models.functions import Concat

from digest.settings import database
from initiatives.models import Initiative, Status

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's locking only",
)

# Enough figures (an 11 MB CSV) that the export outgrows the sockets' buffers, so a client that
# stops reading keeps the export's query open on the server.
FIGURES = 20_000
# Short, so that a worker taken for stuck would be killed well within a test; the threaded
# worker's main loop reports every second, so not shorter.
WORKER_TIMEOUT = 3
GRACEFUL_TIMEOUT = 1
# Far below the 30 s a write blocked by the reader would wait; four logins at once hash four
# passwords, about 2 s on 2 busy cores.
QUICK = 10
EDITORS = 4
PASSWORD = secrets.token_urlsafe(16)
SETUP = f"""
from django.contrib.auth import get_user_model
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("loaddata", "seed_page", verbosity=0)
call_command("generate_demo", figures={FIGURES}, seed=1, verbosity=0)
get_user_model().objects.create_superuser("editor", password={PASSWORD!r})
"""


@pytest.fixture(scope="module")
def database_file(tmp_path_factory):
    """Return a SQLite file with the demo page, generated figures and a superuser, editor."""
    path = tmp_path_factory.mktemp("sqlite") / "digest.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SETUP],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{path}"},
        check=True,
        capture_output=True,
        timeout=120,
    )
    return path


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid):
    with open(f"/proc/{pid}/task/{pid}/children") as handle:
        return {int(child) for child in handle.read().split()}


class Server:
    """Gunicorn with the project's gunicorn.conf.py, serving the SQLite file."""

    def __init__(self, database_file, log_path):
        self.port = free_port()
        self.log_path = log_path
        env = {
            **os.environ,
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{database_file}",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_TIMEOUT": str(WORKER_TIMEOUT),
            "GUNICORN_CMD_ARGS": f"--graceful-timeout {GRACEFUL_TIMEOUT} --no-control-socket",
        }
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait(self):
        deadline = time.monotonic() + 30
        while len(self.workers()) < 2 or not self.answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                pytest.fail(f"gunicorn did not start:\n{self.log()}")
            time.sleep(0.1)

    def answers(self):
        try:
            return self.request("GET", "/healthz").status == HTTPStatus.OK
        except OSError:
            return False

    def workers(self):
        return children(self.process.pid)

    def log(self):
        return self.log_path.read_text()

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            response.body = response.read()
            return response
        finally:
            connection.close()

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(database_file, tmp_path_factory):
    server = Server(database_file, tmp_path_factory.mktemp("gunicorn") / "gunicorn.log")
    try:
        server.wait()
        yield server
    finally:
        server.stop()


class Editor:
    """One editor's browser: keeps the session and CSRF cookies between requests."""

    def __init__(self, server):
        self.server = server
        self.cookies = {}

    def request(self, method, path, fields=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode({"csrfmiddlewaretoken": self.cookies["csrftoken"], **fields})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        response = self.server.request(method, path, body, headers)
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update({name: m.value for name, m in SimpleCookie(header).items()})
        return response

    def log_in(self):
        self.request("GET", "/admin/login/")
        fields = {"username": "editor", "password": PASSWORD, "next": "/admin/"}
        return self.request("POST", "/admin/login/?next=/admin/", fields)


def stalled_download(server):
    """Start downloading the full CSV, read its first bytes and stop; return the socket."""
    client = socket.socket()
    # A small receive window, so the server soon blocks sending the rest.
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    client.connect(("127.0.0.1", server.port))
    client.sendall(b"GET /figures.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    head = client.recv(1024)
    assert head.startswith(b"HTTP/1.1 200 OK"), head
    assert b"transfer-encoding: chunked" in head.lower()
    time.sleep(0.5)  # The server fills the buffers and blocks, its query still open.
    return client


def read_body(client):
    """Read a chunked response to its end; return the body, or raise if it was cut off."""
    data = bytearray()
    while chunk := client.recv(1 << 16):
        data += chunk
        if data.endswith(b"\r\n0\r\n\r\n"):
            return bytes(data)
    raise ConnectionError(f"the response ended without its last chunk after {len(data)} bytes")


def report_ids(database_file, count):
    with sqlite3.connect(database_file) as db:
        rows = db.execute("SELECT id FROM initiatives_report ORDER BY id LIMIT ?", (count,))
        return [pk for (pk,) in rows]


def test_a_stalled_download_holds_up_no_editor_and_completes_with_no_worker_killed(
    server, database_file
):
    """Editors log in and publish at once while a download stalls past the worker timeout."""
    answers = []  # (what, status, seconds)

    def work(pk):
        editor = Editor(server)
        started = time.monotonic()
        answers.append(("login", editor.log_in().status, time.monotonic() - started))
        for action in ["unpublish", "publish"] * 3:
            started = time.monotonic()
            fields = {"action": action, "index": "0", "select_across": "0", "_selected_action": pk}
            status = editor.request("POST", "/admin/initiatives/report/", fields).status
            answers.append((action, status, time.monotonic() - started))

    workers = server.workers()
    client = stalled_download(server)
    stalled = time.monotonic()
    try:
        threads = [
            threading.Thread(target=work, args=(pk,)) for pk in report_ids(database_file, EDITORS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        time.sleep(max(0.0, stalled + WORKER_TIMEOUT + 2 - time.monotonic()))
        client.settimeout(30)
        body = read_body(client)
    finally:
        client.close()

    assert len(answers) == EDITORS * 7
    assert {status for _, status, _ in answers} == {HTTPStatus.FOUND}, answers
    assert max(seconds for *_, seconds in answers) < QUICK, answers
    assert re.sub(rb"\r\n[0-9a-f]+\r\n", b"", body).count(b"\r\n") > FIGURES
    assert server.workers() == workers
    assert "WORKER TIMEOUT" not in server.log()


@pytest.fixture
def file_database(database_file, django_db_blocker):
    """Add a database alias for the SQLite file, set up as the settings set up SQLite."""
    alias = "sqlite_file"
    connections.settings[alias] = {
        **connections["default"].settings_dict,
        **database(f"sqlite:///{database_file}"),
    }
    with django_db_blocker.unblock():
        yield alias
    del connections.settings[alias]


def test_editors_reading_then_writing_in_transactions_at_once_get_no_locking_error(
    file_database,
):
    errors = []
    initiatives = Initiative.objects.using(file_database)
    pks = list(initiatives.values_list("pk", flat=True)[:6])

    def edit(pk):
        try:
            for number in range(15):
                with transaction.atomic(using=file_database):
                    initiative = initiatives.get(pk=pk)
                    time.sleep(0.001)  # Another editor commits between this read and write.
                    initiatives.filter(pk=pk).update(
                        status=Status.DRAFT if number % 2 == 0 else Status.PUBLISHED,
                        summary=initiative.summary + "。",
                    )
                # And a write in autocommit, outside any transaction, as most saves are.
                initiatives.filter(pk=pk).update(summary=Concat("summary", Value("。")))
        except Exception as error:  # Any error at all, reported by the assertion.
            errors.append(error)
        finally:
            connections[file_database].close()

    threads = [threading.Thread(target=edit, args=(pk,)) for pk in pks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert all(
        summary.endswith("。" * 30)
        for summary in initiatives.filter(pk__in=pks).values_list("summary", flat=True)
    )


def test_a_download_still_stalled_when_its_worker_retires_ends_visibly_broken(server):
    """The client sees a chunked body without its last chunk; the worker exits by itself."""
    workers = server.workers()
    client = stalled_download(server)
    try:
        for pid in workers:
            os.kill(pid, signal.SIGTERM)
        # Still stalled when the worker's graceful timeout and the join of its threads are over.
        time.sleep(GRACEFUL_TIMEOUT + 2)
        client.settimeout(WORKER_TIMEOUT)
        with pytest.raises(ConnectionError, match="without its last chunk"):
            read_body(client)
    finally:
        client.close()

    assert "WORKER TIMEOUT" not in server.log()
    assert "exits cutting off 1 unfinished response" in server.log()
