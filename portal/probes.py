"""Liveness and readiness probes, answered in front of Django's middleware.

``/healthz`` (liveness) says the process can answer; ``/readyz`` (readiness) says it can
serve pages: the database answers a query and the cache answers a round trip. Both are
answered by ``ProbeApplication``, a WSGI wrapper that sees the request before Django's
middleware (no session, locale, CSRF or page cache), so a probe costs well under a
millisecond. gunicorn's gthread workers (``gunicorn.conf.py``) keep several threads per
worker, so a probe is not stuck behind one slow page either; ``PROBE_PORT`` adds a
listener in the gunicorn master, which no page request ever reaches (see
``serve_probes_forever``).
"""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

logger = logging.getLogger(__name__)

PATHS = ("/healthz", "/readyz")


def check_database() -> bool:
    """Return whether the default database answers ``SELECT 1``."""
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def check_cache() -> bool:
    """Return whether the default cache stores and returns a value."""
    from django.core.cache import cache

    key = f"probe:{threading.get_ident()}"
    try:
        cache.set(key, "1", 10)
        return cache.get(key) == "1"
    except Exception:
        logger.warning("cache probe failed", exc_info=True)
        return False


def probe(path: str) -> tuple[int, dict]:
    """Return the HTTP status and JSON body of a probe path."""
    if path == "/healthz":
        body = {"status": "ok"}
        database_up = check_database()
        body["database"] = "up" if database_up else "down"
        if not database_up:
            body["status"] = "unavailable"
        return (200 if database_up else 503), body
    checks = {"database": check_database(), "cache": check_cache()}
    ready = all(checks.values())
    body = {"status": "ready" if ready else "unavailable"}
    body.update({name: "up" if up else "down" for name, up in checks.items()})
    return (200 if ready else 503), body


_HEADERS = [
    ("Content-Type", "application/json"),
    ("Cache-Control", "no-store"),
]


class ProbeApplication:
    """WSGI wrapper: answer GET/HEAD of the probe paths itself, pass everything else on."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path not in PATHS or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.application(environ, start_response)
        from django.db import close_old_connections

        close_old_connections()
        status, body = probe(path)
        payload = json.dumps(body).encode()
        reason = "OK" if status == 200 else "Service Unavailable"
        start_response(f"{status} {reason}", [*_HEADERS, ("Content-Length", str(len(payload)))])
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else payload]


class _ProbeHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        from django.db import connections

        path = self.path.split("?", 1)[0]
        if path not in PATHS:
            self.send_error(404)
            return
        try:
            status, body = probe(path)
        finally:
            connections.close_all()
        payload = json.dumps(body).encode()
        self.send_response(status)
        for name, value in _HEADERS:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        """Probes are frequent; they are not logged."""


def serve_probes_forever(host: str, port: int) -> threading.Thread:
    """Serve the probes on their own port from a daemon thread (the gunicorn master's)."""
    server = ThreadingHTTPServer((host, port), _ProbeHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="probes", daemon=True)
    thread.start()
    logger.info("probes listening on %s:%s", host, port)
    return thread


def monotonic_ms(start: float) -> float:
    """Milliseconds since ``start`` (a ``time.perf_counter()`` value)."""
    return round((time.perf_counter() - start) * 1000, 2)
