"""CORS for reading and ETag/304 answers, for the API and the other open-data responses.

Applied to everything under ``/api/`` and to responses marked with ``open_data`` (feeds,
calendars and exports that live under a language prefix); HTML pages are left alone.
The ETag is a hash of the body, so a 304 is never stale; ``Last-Modified`` is sent where
a view knows it but only the ETag decides a 304 (a related record may change without
changing the listed records' times).
"""

from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import http_date

API_PREFIX = "/api/"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
EXPOSED = "ETag, Last-Modified, Link, Retry-After, Content-Disposition"


def with_last_modified(response, records):
    """Send the newest change time of the records shown (informational: see above)."""
    times = [r.updated_at for r in records if getattr(r, "updated_at", None) is not None]
    if times:
        response["Last-Modified"] = http_date(max(times).timestamp())
    return response


def mark_open_data(response):
    """Mark a response for CORS and ETag/304 handling (views outside ``/api/``)."""
    response.open_data = True
    return response


class OpenDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_api = request.path.startswith(API_PREFIX)
        if in_api and _is_preflight(request):
            return _cors(HttpResponse(status=204), preflight=True)
        response = self.get_response(request)
        if not (in_api or getattr(response, "open_data", False)):
            return response
        _cors(response)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if response.streaming:
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        patch_vary_headers(response, ["Accept-Language"])
        answer = get_conditional_response(request, etag=response["ETag"], response=response)
        return _cors(answer) if answer is not response else response


def _is_preflight(request) -> bool:
    return (
        request.method == "OPTIONS"
        and "HTTP_ORIGIN" in request.META
        and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
    )


def _cors(response, preflight=False):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED
    if preflight:
        response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since, Accept"
        response["Access-Control-Max-Age"] = "86400"
    return response
