"""Project-level views: the home page and the health check."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal import i18n, probes, selectors, sitemaps, sources
from portal.models import Source


@require_safe
def home(request):
    """Show what the portal covers: mechanisms, key figures, the latest records."""
    # Read only when the page's body is not kept already ({% cached_fragment %}).
    return render(request, "portal/home.html", {"home": SimpleLazyObject(selectors.home_page)})


@require_safe
def about(request):
    """List the source texts and what the portal took from each."""
    return render(request, "portal/about.html", {"sources": Source.objects.all()})


@require_safe
def glossary(request):
    """List the glossary's terms, each linked to the record it names and the records using it."""
    language = i18n.current_language()
    # Read only when the page's body is not kept already ({% cached_fragment %}).
    glossary = SimpleLazyObject(lambda: selectors.glossary_page(language))
    return render(request, "portal/glossary.html", {"glossary": glossary})


@require_safe
def sitemap_index(request):
    """The sitemap index: every section of the sitemap (``portal.sitemaps``)."""
    return _sitemap_response(sitemaps.index_xml(request), None)


@require_safe
def sitemap_section(request, section):
    """One section of the sitemap: ``?p=N`` is a range of records (``portal.sitemaps``)."""
    number = request.GET.get("p", "1")
    found = sitemaps.section_xml(request, section, int(number)) if number.isdigit() else None
    if found is None:
        raise Http404("No such sitemap section")
    return _sitemap_response(*found)


def _sitemap_response(xml, latest):
    response = HttpResponse(xml, content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    if latest is not None:
        response.headers["Last-Modified"] = http_date(latest.timestamp())
    return response


@require_safe
def source_detail(request, slug):
    """A source text: what it is, what the portal took from it, and its passages in order."""
    source = get_object_or_404(Source, slug=slug)
    records = sources.records_from(source)
    context = {
        "source": source,
        "kinds": sources.kinds(records),
        "total": len(records),
        "passages": sources.passages(records),
    }
    return render(request, "portal/source_detail.html", context)


@never_cache
@require_safe
def healthz(request):
    """Liveness: 200 while the database answers (production answers in portal.probes)."""
    status, body = probes.probe("/healthz")
    return JsonResponse(body, status=status)


@never_cache
@require_safe
def readyz(request):
    """Readiness: 200 when the database and the cache answer, else 503."""
    status, body = probes.probe("/readyz")
    return JsonResponse(body, status=status)


@require_safe
def robots_txt(request):
    """Allow everything public; keep crawlers out of the admin."""
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def server_error(request):
    """Answer 503 with a friendly page while the database is down, else the 500 page.

    Django calls this for any uncaught exception (in a view or a middleware), while the
    exception is being handled, so it can tell an outage from a bug.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
