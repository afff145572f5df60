"""Pages for meetings, documents, topics and key projects."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from cooperation import reader, selectors
from cooperation.counts import maintained_count, word_matches
from cooperation.filters import DocumentFilter, MeetingFilter
from cooperation.models import (
    Document,
    KeyProject,
    Meeting,
    PlannedActivity,
    ProjectCategory,
    Topic,
)
from portal import caching, listing
from portal.text_match import planned_for_words

PER_PAGE = 20
#: How many of the latest meetings and documents a topic page shows (then a link to all).
LATEST = 10


def _paginate(request, queryset, count=None):
    rows = listing.NarrowFirst(queryset, rows=lambda: queryset.model._default_manager.for_listing())
    return listing.paginator(rows, PER_PAGE, count, orphans=3).get_page(request.GET.get("page"))


def _sorted(queryset, request):
    return (
        queryset.oldest_first() if request.GET.get("sort") == "oldest" else queryset.newest_first()
    )


def _filtered_list(request, filterset, template, kind):
    """One page of a filtered list; words, if any, are matched as the site search does."""
    keep = caching.under_page_cache(request)
    count = maintained_count(filterset, kind, keep=keep) if not _sees_drafts(request) else None
    q = request.GET.get("q", "")
    with planned_for_words(q, counting=count is None) as words:
        filterset.words = words
        if words and count:
            # Rare words are read through the index first (text_match.records_matching).
            filterset.matches = word_matches(filterset, kind, count, keep=keep)
        page = _paginate(request, _sorted(filterset.qs, request), count)
        context = {"filter": filterset, "page": page, "count": page.paginator.count}
        return render(request, template, context)


def _sees_drafts(request):
    return request.user.is_authenticated and request.user.is_staff


@require_safe
def meeting_list(request):
    # Only the page's ids are read through the filters (``listing.NarrowFirst``).
    base = Meeting.objects.published()
    filterset = MeetingFilter(request.GET or None, queryset=base)
    return _filtered_list(request, filterset, "cooperation/meeting_list.html", "meeting")


@require_safe
def meeting_detail(request, slug):
    meeting = get_object_or_404(
        _with_links(
            request,
            Meeting.objects.visible_to(request.user),
            "mechanism",
            "country",
            "body",
            "source",
            "listed_in__document",
        ),
        slug=slug,
    )
    context = {
        "meeting": meeting,
        "outcomes": meeting.outcomes.published().select_related("mechanism").order_by("when", "pk"),
        "topics": meeting.topics.all(),
        "quotes": meeting.quotes.published(),
    }
    return render(request, "cooperation/meeting_detail.html", context)


@require_safe
def document_list(request):
    base = Document.objects.visible_to(request.user)
    filterset = DocumentFilter(request.GET or None, queryset=base)
    return _filtered_list(request, filterset, "cooperation/document_list.html", "document")


def _document(request, slug, *, kept=False):
    links = ("mechanism", "country", "adopted_at", "source")
    documents = Document.objects.visible_to(request.user)
    if kept:
        return get_object_or_404(_with_links(request, documents, *links), slug=slug)
    return get_object_or_404(documents.select_related(*links), slug=slug)


def _with_links(request, queryset, *links):
    """The record's query, joining its linked records only when the page is rendered whole.

    A page under the page cache renders from parts kept per content generation (its body,
    its JSON-LD); joining five linked records was 4 ms of SQL compilation for 222 columns
    on every request. When a part is not kept, it reads the linked records it shows.
    """
    return queryset if caching.under_page_cache(request) else queryset.select_related(*links)


@require_safe
def document_detail(request, slug):
    document = _document(request, slug, kept=True)
    context = {
        "document": document,
        # Read only when the page's body is not kept already ({% cached_fragment %}).
        "page": SimpleLazyObject(lambda: _document_text(document)),
        "related": document.related.published().select_related("mechanism").order_by("when"),
        "topics": document.topics.all(),
        "absolute_url": request.build_absolute_uri(document.get_absolute_url()),
    }
    return render(request, "cooperation/document_detail.html", context)


def _document_text(document):
    reading = selectors.document_reading(document)
    return {
        **reading,
        "blocks": reader.group_blocks(reading["nodes"]),
        "translations": selectors.text_states(document),
        "parallel": selectors.parallel_languages(document) if reading["nodes"] else [],
    }


@require_safe
def document_parallel(request, slug, language):
    """The document's text in its authoritative language beside another, section by section."""
    document = _document(request, slug)
    pairs = {p["code"]: p for p in selectors.parallel_languages(document)}
    if language not in pairs:
        raise Http404("No parallel text in this language.")
    context = {
        "document": document,
        "left": selectors.language_column(document, document.authoritative_language),
        "right": pairs[language],
        "rows": selectors.parallel_rows(document, document.authoritative_language, language),
        "parallel": list(pairs.values()),
    }
    return render(request, "cooperation/document_parallel.html", context)


@require_safe
def topic_list(request):
    return render(request, "cooperation/topic_list.html", {"topics": Topic.objects.all()})


@require_safe
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    context = {
        "topic": topic,
        "meetings": topic.meeting_set.published().for_listing().newest_first()[:LATEST],
        "documents": topic.document_set.published().for_listing().newest_first()[:LATEST],
        "projects": topic.keyproject_set.published().order_by("number"),
    }
    return render(request, "cooperation/topic_detail.html", context)


@require_safe
def project_list(request):
    projects = KeyProject.objects.published().select_related("document").order_by("number")
    groups = [
        {"category": label, "projects": [p for p in projects if p.category == value]}
        for value, label in ProjectCategory.choices
    ]
    plans = {project.document_id: project.document for project in projects}
    context = {
        "groups": [g for g in groups if g["projects"]],
        "count": len(projects),
        "plan": next(iter(plans.values())) if len(plans) == 1 else None,
    }
    return render(request, "cooperation/project_list.html", context)


@require_safe
def project_detail(request, slug):
    project = get_object_or_404(
        KeyProject.objects.visible_to(request.user).select_related("document", "source"),
        slug=slug,
    )
    context = {
        "project": project,
        "topics": project.topics.all(),
        "siblings": KeyProject.objects.published()
        .filter(document=project.document, category=project.category)
        .exclude(pk=project.pk)
        .order_by("number"),
    }
    return render(request, "cooperation/project_detail.html", context)


@require_safe
def activity_detail(request, slug):
    activity = get_object_or_404(
        PlannedActivity.objects.visible_to(request.user).select_related("document", "source"),
        slug=slug,
    )
    context = {"activity": activity, "topics": activity.topics.all()}
    return render(request, "cooperation/activity_detail.html", context)
