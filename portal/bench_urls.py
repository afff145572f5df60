"""URLs for ``make bench-pages``: the portal's own, plus a bare view to compare with.

Used only by the benchmark's nodes (``DJANGO_SETTINGS_MODULE=portal.bench_settings``):
``/bench/bare`` runs the full middleware stack and returns two bytes, so a page's cost
is reported as a ratio to the cheapest answer the same server can give.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from portal.urls import urlpatterns as portal_urlpatterns


@never_cache
def bare(request):
    """The cheapest Django answer: no template, no query of its own."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare), *portal_urlpatterns]
