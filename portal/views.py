"""Project-level views: the home page and the health check."""

import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from portal import i18n, selectors
from portal.models import Source


@require_safe
def home(request):
    """Show what the portal covers: mechanisms, key figures, the latest records."""
    return render(request, "portal/home.html", selectors.home_page())


@require_safe
def about(request):
    """List the source texts and what the portal took from each."""
    return render(request, "portal/about.html", {"sources": Source.objects.all()})


@require_safe
def glossary(request):
    """List the glossary's terms, each linked to the record it names and the records using it."""
    return render(request, "portal/glossary.html", selectors.glossary_page(i18n.current_language()))


@never_cache
@require_safe
def healthz(request):
    """Answer 200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_POST
def set_language(request):
    """Remember the chosen language and show the same page in it.

    Django's own view resolves ``next`` in the *current* language, so a page of another
    language prefix would come back unchanged; ``i18n.url_in_language`` resolves it in
    the language of its own prefix.
    """
    language = request.POST.get("language", "")
    if language not in i18n.LANGUAGE_CODES:
        return HttpResponseBadRequest(_("Unknown language."))
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(i18n.url_in_language(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_safe
def robots_txt(request):
    """Allow everything public; keep crawlers out of the admin and the language switch."""
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri(reverse('django.contrib.sitemaps.views.sitemap'))}",
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
