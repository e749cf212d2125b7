"""Gunicorn settings for Digest; every value can be overridden from the environment."""

import gc
import multiprocessing
import os
import sys
import threading
import time

wsgi_app = "digest.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threaded workers: a worker's main thread reports to the master while its threads serve, so a
# thread sending a CSV export to a slow or stalled client is never mistaken for a stuck worker
# and killed, cutting the download off (as sync workers were, after `timeout`). Processes do the
# computing: Python runs one thread of a process at a time, so threads add room to wait (on a
# client, on the database), not CPU. On 2 cores, with the page cache warm, 3 and 5 sync workers
# measured the same (about 1,200 cached pages a second, p99 12-18 ms, 8 connections); the spare
# workers keep the cores busy while others wait, so the default stays 2n+1.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Threads cost little memory in the worker, but each keeps a database connection of its own:
# workers x threads in all (20 on 2 cores), each a PostgreSQL server process of a few MB.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker takes a connection only while it has a thread free for it, so no request waits in a
# worker whose threads are all busy while another worker idles. So no keep-alive either: like
# the sync workers before, one request per connection (the reverse proxy opens one per request).
worker_connections = threads
keepalive = 0
# Only a worker whose main thread stops reporting (the whole process hung) is replaced; a
# request's thread, however long it sends or waits, does not stop the main thread reporting.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# Load the application once in the master; workers fork from it and share its memory.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    """Hide the preloaded application from the garbage collector before forking a worker."""
    # Otherwise each young worker's full collections walk all of Django, tens of ms at a time,
    # and (touching every object) copy the memory it shares with the master. Measured on 2
    # cores: the first 5 s of load after a start had a p99 of 29-78 ms without this, 11-18 with.
    gc.freeze()


def worker_exit(server, worker):
    """Let a retiring worker exit now, cutting off any response a thread is still sending."""
    # The worker has already given its requests graceful_timeout to finish. A thread still
    # blocked sending to a stalled client would hold the exiting process open until the master
    # took it for hung and killed it, `timeout` later, its place empty all the while. Exiting
    # now closes those connections instead: the client sees its chunked response end without
    # the last chunk, visibly broken, never cleanly short.
    others = [
        thread
        for thread in threading.enumerate()
        if thread is not threading.main_thread() and not thread.daemon
    ]
    deadline = time.monotonic() + 1  # Idle threads of the pool end at once.
    for thread in others:
        thread.join(max(0.0, deadline - time.monotonic()))
    busy = sum(thread.is_alive() for thread in others)
    if busy:
        server.log.warning(
            "Worker %s exits cutting off %d unfinished response(s)", worker.pid, busy
        )
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
