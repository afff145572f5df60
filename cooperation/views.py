"""Pages for meetings, documents, topics and key projects."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cooperation.counts import maintained_count
from cooperation.filters import DocumentFilter, MeetingFilter
from cooperation.models import Document, KeyProject, Meeting, ProjectCategory, Topic
from portal import i18n
from portal.models import TextState
from portal.text_match import planned_for_words

PER_PAGE = 20
#: How many of the latest meetings and documents a topic page shows (then a link to all).
LATEST = 10


class _CountedPaginator(Paginator):
    """A paginator told its total, so that it does not count the rows itself."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count


class _NarrowFirst:
    """A list's rows read in two steps: the page's ids through the date index (narrow,
    so a deep page skips index entries, not rows), then those rows with their columns."""

    ordered = True

    def __init__(self, queryset):
        self.queryset = queryset
        # The rows by id, without the list's filters (a words filter would search again).
        self.rows = queryset.model._default_manager.for_listing()

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        ids = list(self.queryset.values_list("pk", flat=True)[page])
        found = self.rows.in_bulk(ids) if ids else {}
        return [found[pk] for pk in ids if pk in found]


def _paginate(request, queryset, count=None):
    if count is None:
        paginator = Paginator(queryset, PER_PAGE, orphans=3)
    else:
        paginator = _CountedPaginator(queryset, PER_PAGE, count, orphans=3)
    return paginator.get_page(request.GET.get("page"))


def _sorted(queryset, request):
    return (
        queryset.oldest_first() if request.GET.get("sort") == "oldest" else queryset.newest_first()
    )


def _filtered_list(request, filterset, template, kind):
    """One page of a filtered list; words, if any, are matched as the site search does."""
    with planned_for_words(request.GET.get("q", "")):
        count = maintained_count(filterset, kind) if not _sees_drafts(request) else None
        page = _paginate(request, _NarrowFirst(_sorted(filterset.qs, request)), count)
        context = {"filter": filterset, "page": page, "count": page.paginator.count}
        return render(request, template, context)


def _sees_drafts(request):
    return request.user.is_authenticated and request.user.is_staff


@require_safe
def meeting_list(request):
    base = Meeting.objects.published().for_listing()
    filterset = MeetingFilter(request.GET or None, queryset=base)
    return _filtered_list(request, filterset, "cooperation/meeting_list.html", "meeting")


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
    base = Document.objects.visible_to(request.user).for_listing()
    filterset = DocumentFilter(request.GET or None, queryset=base)
    return _filtered_list(request, filterset, "cooperation/document_list.html", "document")


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
    context = {"groups": [g for g in groups if g["projects"]], "count": len(projects)}
    return render(request, "cooperation/project_list.html", context)
