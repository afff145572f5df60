"""gunicorn configuration (``make serve``, ``Procfile``, ``Dockerfile``).

Every value reads the environment, so one file serves the Makefile, containers and the
two-node test. Workers are gthread: each keeps ``GUNICORN_THREADS`` threads, so a probe
or a cached page is never stuck behind one slow page in the same process, and keeps
connections alive. Measured on 2 cores with wrk (``make bench-pages``, README): gthread
workers x 4 threads served the cached list at 16 and 64 clients faster than 2 x cores + 1
sync workers; one worker per core served it as fast as cores + 1 (1,596-1,654 against
1,627-1,698 requests/s) with a lower p95 at 64 clients in each of four paired runs
(52-72 ms against 56-84 ms), and a page rendered by fewer processes taking turns on the
cores costs less CPU (a search 8.2 against 8.7 ms, the meetings list 5.7 against 6.5 ms).
"""

import gc
import multiprocessing
import os
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count())))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Load Django once in the master: workers fork from it (faster start, shared memory).
preload_app = True
wsgi_app = "portal.wsgi:application"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# A worker is replaced after this many requests (with jitter), bounding slow leaks. At
# 5,000 a worker serving cached pages under load (~500 requests/s each) was replaced every
# ~10 s: nine replacements in 30 s of 64 clients, each a cold worker and a burst of
# reconnections. At 100,000 a worker lives minutes at that load and hours at a real one.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10


def _kernel_hands_over_queued_connections() -> bool:
    """Whether Linux (5.14+, ``net.ipv4.tcp_migrate_req=1``) moves the connections queued
    on a closing listener to another listener of its ``SO_REUSEPORT`` group."""
    try:
        return Path("/proc/sys/net/ipv4/tcp_migrate_req").read_text().strip() == "1"
    except OSError:
        return False


# One listening socket per worker (SO_REUSEPORT): the kernel spreads new connections
# evenly over the workers. On one shared socket whichever worker is awake accepts them:
# 64 keep-alive clients were split 42/19/3 over three workers, whose first worker's
# clients then waited about twice as long as an even split would make them. p95 of 64
# clients on a cached page, three runs each: 57-71 ms, against 86-105 ms on one socket
# (README, "Page benchmarks"). But a worker that stops (a replacement, a restart) would
# reset the connections queued on its own socket (wrk: 127 errors in 8 s with a worker
# replaced every 1,000 requests) unless the kernel hands them over. So: on where it does
# ("auto", the default), or GUNICORN_REUSE_PORT=1 / 0.
_reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "auto")
reuse_port = (
    _kernel_hands_over_queued_connections() if _reuse_port == "auto" else _reuse_port == "1"
)
# Requests are logged by portal.request_log as JSON with timings; gunicorn's own access
# log would duplicate them. Errors go to stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "portal"
# No control socket: nothing uses it, and two nodes on one host would share its path.
control_socket_disable = True


def pre_fork(server, worker):
    """Hide what the master has loaded (Django, the apps, the models) from the collector.

    A full collection walks every tracked object; with the ~150,000 loaded at start-up
    that took ~80 ms of CPU in the middle of a request, about once in 60 requests (the
    search page in the test client: worst request 98-106 ms of CPU, 23 ms with them
    frozen). Frozen objects are never scanned, and the forked workers do not write to
    those pages to collect them (copy-on-write stays shared).

    What a first query would load lazily in each worker (OpenCC's dictionaries) is
    loaded here once, and shared too.
    """
    from portal.search import parsing

    parsing.load()
    gc.collect()
    gc.freeze()


def when_ready(server):
    """Serve /healthz and /readyz on PROBE_PORT from the master, apart from the workers."""
    probe_port = os.environ.get("PROBE_PORT")
    if probe_port:
        from portal.probes import serve_probes_forever

        serve_probes_forever(os.environ.get("PROBE_HOST", "127.0.0.1"), int(probe_port))
