"""Structured request logs: one JSON line per request, with wall and CPU time.

Logged on the ``portal.requests`` logger (``LOG_REQUESTS=0`` silences it). Fields:
method, path, status, ms (wall time in Django), cpu_ms (this thread's CPU time), bytes
(body length when known), cache (``hit``/``miss``/``bypass`` from the page cache) and
user ("staff" or "anonymous"; never a name).
"""

import json
import logging
import time

logger = logging.getLogger("portal.requests")


class RequestLogMiddleware:
    """Log every request as one JSON line once the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start, cpu_start = time.perf_counter(), time.thread_time()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            user = getattr(request, "user", None)
            record = {
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round((time.perf_counter() - start) * 1000, 2),
                "cpu_ms": round((time.thread_time() - cpu_start) * 1000, 2),
                "bytes": None if response.streaming else len(response.content),
                "cache": response.get("X-Cache", "bypass"),
                "user": "staff" if user is not None and user.is_authenticated else "anonymous",
            }
            logger.info(json.dumps(record, separators=(",", ":")))
        return response
