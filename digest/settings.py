"""Settings for Digest, read from the environment with safe development defaults."""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

# `make run` writes a development .env (DJANGO_DEBUG=1 and a key of its own), so every command
# the README shows also runs outside make. The environment always wins; production has no .env.
if os.environ.get("DIGEST_DOTENV", "1") != "0":
    load_dotenv(BASE_DIR / ".env")


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "simple_history",
    "django_filters",
    "initiatives",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After LocaleMiddleware, so a cached page is keyed and served in the visitor's language.
    "initiatives.caching.PublicPageCacheMiddleware",
    # Records who made each change in the admin (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "initiatives.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "digest.urls"

# Django's form templates, with a select's options drawn in Python (initiatives/rendering.py).
FORM_RENDERER = "initiatives.rendering.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "digest.wsgi.application"

# Persistent connections in production (checked before reuse, so a restarted database is
# reconnected to by itself); a short connect timeout so a dead database fails fast.
CONN_MAX_AGE = int(os.environ.get("DJANGO_CONN_MAX_AGE", "0" if DEBUG else "600"))
DB_CONNECT_TIMEOUT = int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "3"))
# Seconds a SQLite write waits for another writer's transaction (an import holds the lock for
# its whole page) before it fails; long enough that editors queue rather than see an error.
SQLITE_BUSY_TIMEOUT = int(os.environ.get("DJANGO_SQLITE_BUSY_TIMEOUT", "30"))


def database(url):
    """Return Django's settings for the database at url."""
    config = dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.postgresql":
        options["connect_timeout"] = DB_CONNECT_TIMEOUT
        # No parallel workers for a page's queries: starting them costs a page more (tens of
        # milliseconds) than they save on queries that read a page of rows from an index, and
        # 8 concurrent visitors already keep every core busy. No JIT either: compiling a search's
        # plan took 10 ms of its 90, to save less on queries that stop after a page of rows. And
        # a random read costs about a sequential one (SSD, OS cache): at PostgreSQL's default of
        # 4, a list joined its 32,000 kept figures to all two million by scanning them.
        options["options"] = (
            "-c max_parallel_workers_per_gather=0 -c jit=off -c random_page_cost=1.1"
        )
    elif config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL: readers (a long CSV download) read a snapshot and never block a writer, nor a
        # writer them. FULL syncs each commit, so a saved edit survives a power cut too; WAL
        # makes that one small write, and editors' commits are few.
        options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL"
        # Take the write lock when a transaction begins, where SQLite waits for it; a
        # transaction that read first and then wants to write after another writer committed
        # fails at once with "database is locked", whatever the timeout.
        options["transaction_mode"] = "IMMEDIATE"
        options["timeout"] = SQLITE_BUSY_TIMEOUT
    return config


DATABASES = {
    "default": database(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests use a file, not memory: in memory (one shared cache for the test and the browser
    # tests' server threads), a demo loaded right after a browser test now and then lacked rows
    # its triggers keep; on a file each thread locks and reads as in production.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"digest-test-{os.getpid()}.sqlite3")
    }
# Public reads go to a read replica when one is configured (see initiatives/routers.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database(os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["initiatives.routers.ReplicaRouter"]
    MIDDLEWARE.append("initiatives.middleware.PrimaryForEditorsMiddleware")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rendered public pages are cached in each process's memory (initiatives/caching.py). Their keys
# hold the content revision read from the database, so no worker serves a page older than the
# last committed change; a shared cache is an option for memory, not needed for correctness.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}
DIGEST_PAGE_CACHE = "pages"
# Four eyes: whoever entered or imported a report cannot publish it; another publisher must.
DIGEST_FOUR_EYES = os.environ.get("DIGEST_FOUR_EYES", "1") != "0"
# 0 turns the page cache off: in development, so an edited template shows at once (pages are
# keyed by the content's revision, not the code's), and in the test run, except where a test
# turns it on.
DIGEST_PAGE_CACHE_SECONDS = int(
    os.environ.get("DIGEST_PAGE_CACHE_SECONDS", "0" if DEBUG else "600")
)

# The demo page lives at the top level, not inside the app.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
# whitenoise: in development serve files straight from the apps and static/, so no
# collectstatic is needed (the test runner turns DEBUG off, so say it explicitly).
WHITENOISE_AUTOREFRESH = DEBUG

# Security: on whenever DEBUG is off; the reverse proxy terminates TLS.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# No inline script or style anywhere (the admin's data blocks are JSON, which CSP ignores); SVG
# charts are inline markup, not images, so nothing else needs allowing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Logging: errors to stderr, where gunicorn and systemd collect them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# django-filter
FILTERS_EMPTY_CHOICE_LABEL = _("全部")

# Logins: after a refused login the admin sends the user to its index, never to Django's default
# /accounts/profile/, which Digest does not have.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# django-axes: a username and IP address pair is locked after repeated failed logins, so a
# guesser is stopped while the same person elsewhere (another IP) can still sign in. Unlock with
# `manage.py axes_reset_username NAME` (see docs/operations.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DIGEST_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DIGEST_LOGIN_LOCKOUT_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
