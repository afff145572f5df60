"""The "Data and API" page: what can be taken away, and how, with working examples."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.api.search import MAX_EXPORT_ROWS
from portal.api.throttling import AddressRateThrottle


@require_safe
def data_page(request):
    context = {
        "site": request.build_absolute_uri("/").rstrip("/"),
        "rate": dict(
            zip(
                ("requests", "seconds"),
                AddressRateThrottle().parse_rate(settings.API_RATE_LIMIT),
                strict=True,
            )
        ),
        "max_search_rows": MAX_EXPORT_ROWS,
        "resources": [
            ("mechanisms", ""),
            ("countries", "kind"),
            ("memberships", "mechanism, country, role"),
            ("bodies", "mechanism, kind"),
            ("meetings", "q, mechanism, kind, country, topic, year_from, year_to, sort"),
            ("documents", "q, mechanism, kind, country, topic, year_from, year_to, sort"),
            ("quotations", "mechanism"),
            ("bulletin-issues", ""),
            ("news", "country, topic, month"),
            ("editor-notes", "issue"),
            ("topics", ""),
            ("projects", "category, topic"),
            ("activities", "document, topic"),
            ("sources", ""),
            ("terms", "kind"),
        ],
    }
    return render(request, "api/data.html", context)
