"""News pages: the list, a brief, a bulletin issue."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from news.filters import BriefFilter
from news.models import Brief, BulletinIssue
from portal import caching, i18n, listing

PER_PAGE = 10


def _public_briefs():
    """An editor's note names only the published briefs it comments on."""
    return Prefetch("briefs", queryset=Brief.objects.published())


@require_safe
def brief_list(request):
    filterset = BriefFilter(request.GET or None, queryset=Brief.objects.published())
    briefs = filterset.qs.order_by("-when", "order", "-pk")
    rows = listing.NarrowFirst(briefs, rows=_brief_rows)
    count = _kept_count(request, filterset, briefs)
    page = listing.paginator(rows, PER_PAGE, count, orphans=1).get_page(request.GET.get("page"))
    return render(
        request,
        "news/brief_list.html",
        {"filter": filterset, "page": page, "count": page.paginator.count},
    )


def _brief_rows():
    # Only what a row shows: the briefs' issue and mechanism (43 columns) were read unused.
    return Brief.objects.only("slug", "when", *i18n.columns("title"), *i18n.columns("outlet"))


def _kept_count(request, filterset, briefs) -> int | None:
    """The briefs the filters allow, kept per content generation and filter values for
    pages under the page cache (the count was a tenth of the list's CPU); None: count."""
    form = filterset.form
    if not caching.under_page_cache(request) or (form.is_bound and form.errors):
        return None
    data = form.cleaned_data if form.is_bound else {}
    values = sorted((name, getattr(value, "pk", value)) for name, value in data.items())
    return caching.remember(f"news-count:{values}", briefs.count)


@require_safe
def brief_detail(request, slug):
    briefs = Brief.objects.visible_to(request.user)
    if not caching.under_page_cache(request):
        # Rendered whole: its linked records in the same query (else read only when a kept
        # part of the page is missing, see cooperation.views._with_links).
        briefs = briefs.select_related("issue", "mechanism", "source")
    brief = get_object_or_404(briefs, slug=slug)
    notes = brief.editor_notes.published().prefetch_related(_public_briefs())
    # Read only when the page's body is not kept already ({% cached_fragment %}).
    related = SimpleLazyObject(lambda: _related_briefs(brief))
    context = {
        "brief": brief,
        "notes": notes,
        "countries": brief.countries.published(),
        "topics": brief.topics.all(),
        "related": related,
    }
    return render(request, "news/brief_detail.html", context)


def _related_briefs(brief):
    """The latest briefs about the same countries."""
    country_ids = list(brief.countries.values_list("pk", flat=True))
    return list(
        Brief.objects.published()
        .filter(countries__in=country_ids)
        .exclude(pk=brief.pk)
        .distinct()
        .order_by("-when", "order")[:5]
    )


@require_safe
def issue_detail(request, slug):
    issue = get_object_or_404(
        BulletinIssue.objects.visible_to(request.user).select_related("publisher", "source"),
        slug=slug,
    )
    context = {
        "issue": issue,
        "briefs": issue.briefs.published().order_by("order"),
        "notes": issue.editor_notes.published().prefetch_related(_public_briefs()),
    }
    return render(request, "news/issue_detail.html", context)
