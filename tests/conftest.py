"""Fixtures shared by every test module; the data factories are in factories.py."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def default_language():
    """Start every test in the site's default language: a request in English leaves it active."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_caches():
    """Start every test with empty caches: a database emptied between tests counts its content
    revision from the same number again, so an earlier test's cached page would match it."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def seed(db):
    """Load the hand-checked demo page."""
    call_command("loaddata", "seed_page", verbosity=0)
