import os
import secrets
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connections, router, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.caching import content_revision
from initiatives.middleware import DatabaseUnavailableMiddleware, PrimaryForEditorsMiddleware
from initiatives.models import County
from initiatives.routers import primary

ROOT = Path(__file__).resolve().parent.parent


def production_env(**extra):
    """Return an environment with production settings: no DEBUG, a real key, a host."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    env.update(
        DIGEST_DOTENV="0",  # A developer's .env must not turn production settings back to debug.
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="digest.example.org",
        **extra,
    )
    return env


def run_python(*args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_python(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=production_env()
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]

    result = run_python("manage.py", "check", env=env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_keep_connections_and_fail_fast_with_a_replica():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES; "
        "print(d['default']['CONN_MAX_AGE'], d['default']['CONN_HEALTH_CHECKS'], "
        "d['default']['OPTIONS']['connect_timeout'], d['replica']['TEST']['MIRROR'], "
        "s.DATABASE_ROUTERS[0], s.DEBUG)"
    )
    env = production_env(
        DJANGO_SETTINGS_MODULE="digest.settings",
        DATABASE_URL="postgres://digest@db.internal:5432/digest",
        DATABASE_REPLICA_URL="postgres://digest@replica.internal:5432/digest",
    )

    result = run_python("-c", script, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "600",
        "True",
        "3",
        "default",
        "initiatives.routers.ReplicaRouter",
        "False",
    ]


def broken_database():
    """Make every new cursor on the default database fail as if the server were gone."""
    return mock.patch.object(
        connections["default"],
        "cursor",
        side_effect=OperationalError("connection refused: is the server running?"),
    )


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get(reverse("initiatives:healthz"))

    assert response.status_code == HTTPStatus.OK
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client):
    with broken_database():
        response = client.get(reverse("initiatives:healthz"))

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.content == b"database unavailable\n"


@pytest.mark.django_db
def test_public_page_answers_friendly_escaped_503_while_the_database_is_down(client):
    # Quotes and ampersands survive URL quoting, so the page must escape them itself.
    with broken_database():
        response = client.get(reverse("initiatives:home"), QUERY_STRING="q=x'><b>&y")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "10"
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "暂时无法访问" in page
    assert "x&#x27;%3E%3Cb%3E&amp;y" in page
    assert "x'" not in page
    assert "Traceback" not in page


def test_other_errors_are_left_to_django():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/")

    assert middleware.process_exception(request, ValueError("a bug")) is None
    assert middleware.process_exception(request, OperationalError("gone")).status_code == 503


@pytest.fixture(scope="module")
def replica_alias(django_db_setup, django_db_blocker):
    """Add a 'replica' alias pointing at the test database, as a test mirror of default."""
    default = connections["default"].settings_dict
    connections.settings["replica"] = {
        **default,
        "TEST": {**default["TEST"], "MIRROR": "default"},
    }
    yield "replica"
    connections["replica"].close()
    del connections.settings["replica"]
    if hasattr(connections._connections, "replica"):
        delattr(connections._connections, "replica")


@pytest.fixture
def replica_router(replica_alias, settings):
    settings.DATABASE_ROUTERS = ["initiatives.routers.ReplicaRouter"]
    return replica_alias


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_router_reads_from_the_replica_and_writes_to_the_primary(replica_router):
    County.objects.create(name="汶上县", slug="wenshang")

    with CaptureQueriesContext(connections["replica"]) as on_replica:
        county = County.objects.get(slug="wenshang")

    assert county.name == "汶上县"
    assert county._state.db == "replica"
    assert len(on_replica) == 1
    assert router.db_for_write(County) == "default"


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_router_reads_the_primary_inside_a_transaction_and_when_pinned(replica_router):
    with transaction.atomic():
        assert router.db_for_read(County) == "default"
    with primary():
        assert router.db_for_read(County) == "default"
    assert router.db_for_read(County) == "replica"


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_editors_read_the_primary_and_visitors_the_replica(replica_router):
    middleware = PrimaryForEditorsMiddleware(lambda request: router.db_for_read(County))
    factory = RequestFactory()

    assert middleware(factory.get("/")) == "replica"
    assert middleware(factory.get(reverse("admin:index"))) == "default"
    assert middleware(factory.post("/")) == "default"


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_content_revision_is_read_where_the_pages_rows_are(replica_router):
    # A page drawn from a lagging replica must not be kept under the primary's newer revision.
    County.objects.create(name="汶上县", slug="wenshang")  # a write: the revision row exists
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        revision = content_revision()
    assert revision is not None
    assert ["initiatives_revision" in query["sql"] for query in on_replica] == [True]
    with primary(), CaptureQueriesContext(connections["replica"]) as on_replica:
        assert content_revision() == revision
    assert not on_replica


def test_router_reads_the_primary_when_no_replica_is_configured():
    assert router.db_for_read(County) == "default"


@pytest.mark.django_db
def test_the_sqlite_test_database_is_a_file():
    """The browser tests' server threads open the test database as production opens its own.

    In memory (one shared cache for the test and the server's threads), a demo loaded right
    after a browser test now and then lacked rows its triggers keep: its counties counted no
    report (tests/test_accessibility.py under CPU load; never on a file).
    """
    connection = connections["default"]
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite keeps a test database in memory")
    assert not connection.is_in_memory_db()
    assert Path(connection.settings_dict["NAME"]).is_file()


@pytest.mark.parametrize(("debug", "seconds"), [(None, "600"), ("1", "0")])
def test_the_page_cache_is_on_in_production_and_off_in_development(debug, seconds):
    """In development an edited template shows at once: pages are keyed by content, not code."""
    env = production_env(DJANGO_SETTINGS_MODULE="digest.settings")
    env.pop("DIGEST_PAGE_CACHE_SECONDS", None)
    if debug:
        env["DJANGO_DEBUG"] = debug
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DIGEST_PAGE_CACHE_SECONDS)"
    )
    result = run_python("-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [seconds]
