"""Pages for meetings, documents, topics and key projects."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cooperation.filters import DocumentFilter, MeetingFilter
from cooperation.models import Document, KeyProject, Meeting, ProjectCategory, Topic
from portal import i18n
from portal.models import TextState
from portal.text_match import planned_for_words

PER_PAGE = 20


def _paginate(request, queryset):
    return Paginator(queryset, PER_PAGE, orphans=3).get_page(request.GET.get("page"))


def _sorted(queryset, request):
    return (
        queryset.oldest_first() if request.GET.get("sort") == "oldest" else queryset.newest_first()
    )


def _filtered_list(request, filterset, template):
    """One page of a filtered list; words, if any, are matched as the site search does."""
    with planned_for_words(request.GET.get("q", "")):
        page = _paginate(request, _sorted(filterset.qs, request))
        context = {"filter": filterset, "page": page, "count": page.paginator.count}
        return render(request, template, context)


@require_safe
def meeting_list(request):
    base = Meeting.objects.published().select_related("mechanism", "country", "body")
    filterset = MeetingFilter(request.GET or None, queryset=base)
    return _filtered_list(request, filterset, "cooperation/meeting_list.html")


@require_safe
def meeting_detail(request, slug):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related(
            "mechanism", "country", "body", "source"
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
    base = Document.objects.visible_to(request.user).select_related("mechanism", "country")
    filterset = DocumentFilter(request.GET or None, queryset=base)
    return _filtered_list(request, filterset, "cooperation/document_list.html")


@require_safe
def document_detail(request, slug):
    document = get_object_or_404(
        Document.objects.visible_to(request.user).select_related(
            "mechanism", "country", "adopted_at", "source"
        ),
        slug=slug,
    )
    sections = list(document.sections.all())
    translations = [
        {"code": code, "state": TextState(document.text_state(code))}
        for code in i18n.LANGUAGE_CODES
    ]
    context = {
        "document": document,
        "sections": sections,
        "translations": translations,
        "related": document.related.published().select_related("mechanism").order_by("when"),
        "topics": document.topics.all(),
        "projects": document.key_projects.published().order_by("number"),
        "activities": document.activities.published().order_by("order", "pk"),
    }
    return render(request, "cooperation/document_detail.html", context)


@require_safe
def topic_list(request):
    return render(request, "cooperation/topic_list.html", {"topics": Topic.objects.all()})


@require_safe
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    context = {
        "topic": topic,
        "meetings": topic.meeting_set.published()
        .select_related("mechanism", "country")
        .newest_first(),
        "documents": topic.document_set.published().select_related("mechanism").newest_first(),
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
    context = {"groups": [g for g in groups if g["projects"]], "count": len(projects)}
    return render(request, "cooperation/project_list.html", context)
