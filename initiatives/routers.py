from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
PRIMARY = "default"

_pinned = ContextVar("pinned_to_primary", default=False)


@contextmanager
def primary():
    """Send every read inside the block to the primary, for read-your-own-writes."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class ReplicaRouter:
    """Read from the replica, write to the primary, and read the primary while writing."""

    def db_for_read(self, model, **hints):
        if REPLICA not in connections.settings or _pinned.get():
            return PRIMARY
        # Reads inside a transaction on the primary (admin saves, imports) must see its writes.
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica copies the primary's schema by replication, never by migrate.
        return db == PRIMARY
