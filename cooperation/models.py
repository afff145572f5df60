"""Meetings, documents, quotes and topics of the cooperation mechanisms."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cooperation.choices import (
    DocumentKind,
    MeetingKind,
    ProjectCategory,
    Recurrence,
    SectionTable,
)
from mechanisms.models import Body, Country, mechanism_link
from portal import i18n
from portal.models import DatedManager, DatedQuerySet, Record, SlugManager
from portal.partial_dates import PartialDateField


class ListedQuerySet(DatedQuerySet):
    """Meetings and documents: dated records shown in long lists."""

    def for_listing(self):
        """Only the columns a list row shows: never a record's or its mechanism's long texts."""
        return self.select_related("mechanism", "country").only(
            "slug",
            "when",
            "kind",
            "publication",
            "mechanism__slug",
            "mechanism__publication",
            "country__slug",
            "country__publication",
            *_in_every_language(
                "title", "city", "mechanism__name", "mechanism__short_name", "country__name"
            ),
        )


ListedManager = SlugManager.from_queryset(ListedQuerySet)


def _in_every_language(*names: str) -> list[str]:
    return [i18n.localized_field(name, code) for name in names for code in i18n.LANGUAGE_CODES]


class Topic(models.Model):
    """A theme of cooperation (climate change, biodiversity, ...): the portal's own taxonomy."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SlugManager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cooperation:topic", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class Meeting(Record):
    """A meeting or event, as precisely dated and placed as its source allows."""

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind)
    mechanism = mechanism_link("meetings")
    body = models.ForeignKey(
        Body,
        verbose_name=_("organizing body or series"),
        on_delete=models.SET_NULL,
        related_name="meetings",
        null=True,
        blank=True,
    )
    session_number = models.PositiveSmallIntegerField(_("session number"), null=True, blank=True)
    when = PartialDateField(_("date"))
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="meetings_hosted",
        null=True,
        blank=True,
    )
    theme = models.TextField(_("theme"), blank=True)
    description = models.TextField(_("description"), blank=True)
    priority_area = models.CharField(_("priority area"), max_length=300, blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    listed_in = models.ForeignKey(
        "DocumentSection",
        verbose_name=_("listed in"),
        help_text=_("The document section whose table lists this meeting (an annex)."),
        on_delete=models.SET_NULL,
        related_name="listed_meetings",
        null=True,
        blank=True,
    )

    objects = ListedManager()

    class Meta:
        ordering = ["-when", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        # Lists, timelines, counts and the sitemap's latest change read these indexes
        # (ADR 0008; EXPLAIN at 100k meetings: oldest-first lists scan the first one
        # backwards; counts and timelines read the last, which has no id and is 1/9 the size).
        indexes = [
            models.Index(fields=["publication", "-when", "-id"], name="meeting_published_when"),
            models.Index(fields=["publication", "updated_at"], name="meeting_published_updated"),
            models.Index(
                fields=["mechanism", "publication", "-when", "-id"], name="meeting_mechanism_when"
            ),
            models.Index(
                fields=["mechanism", "publication", "when"], name="meeting_mechanism_pub_when"
            ),
            # The list filtered by kind: its page and its count (at 100k meetings a count
            # of the 5,862 forums was a sequential scan, 54-81 ms; index-only, ~1 ms).
            models.Index(fields=["kind", "publication", "-when", "-id"], name="meeting_kind_when"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cooperation:meeting", args=[self.slug])


class Document(Record):
    """A declaration, strategy, plan, initiative or other document."""

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind)
    mechanism = mechanism_link("documents")
    when = PartialDateField(_("date"))
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    adopted_at = models.ForeignKey(
        Meeting,
        verbose_name=_("adopted at"),
        on_delete=models.SET_NULL,
        related_name="outcomes",
        null=True,
        blank=True,
    )
    issuing_body = models.CharField(_("issuing body"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    authoritative_language = models.CharField(
        _("authoritative language"),
        max_length=10,
        choices=i18n.django_languages(),
        default=i18n.DEFAULT_LANGUAGE,
    )
    related = models.ManyToManyField("self", verbose_name=_("related documents"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)

    objects = ListedManager()

    class Meta:
        ordering = ["-when", "-pk"]
        indexes = [models.Index(fields=["publication", "when", "id"], name="document_list_order")]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cooperation:document", args=[self.slug])


class SectionManager(models.Manager):
    def get_by_natural_key(self, document_slug, order):
        return self.get(document__slug=document_slug, order=order)


class DocumentSection(models.Model):
    """An ordered section (or paragraph) of a document's full text."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("order"))
    level = models.PositiveSmallIntegerField(
        _("level"), default=1, help_text=_("1 for a chapter, 2 for a section, 3 for a paragraph.")
    )
    number = models.CharField(
        _("number"), max_length=60, blank=True, help_text=_("The official number, e.g. 三、(二).")
    )
    anchor = models.SlugField(_("anchor"), max_length=80)
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)
    locator = models.CharField(_("where in the source"), max_length=300, blank=True)
    table = models.CharField(
        _("table under this section"),
        max_length=20,
        choices=SectionTable,
        blank=True,
        default="",
        help_text=_("Which of the document's tables (kept as records) is printed here."),
    )

    objects = SectionManager()

    #: Sections take their source and text states from their document (portal.provenance).
    provenance_parent = "document"

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("document section")
        verbose_name_plural = _("document sections")
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="unique_section_order"),
            models.UniqueConstraint(fields=["document", "anchor"], name="unique_section_anchor"),
        ]

    def __str__(self):
        return " ".join(part for part in (self.number, self.heading) if part) or f"§{self.order}"

    def get_absolute_url(self):
        return f"{self.document.get_absolute_url()}#{self.anchor}"

    def natural_key(self):
        return (self.document.slug, self.order)

    natural_key.dependencies = ["cooperation.document"]


class Quote(Record):
    """A quotation from a leader or a declaration, with its occasion, place and date."""

    text = models.TextField(_("quotation"))
    speaker = models.CharField(_("speaker"), max_length=300, blank=True)
    occasion = models.CharField(_("occasion"), max_length=500, blank=True)
    mechanism = mechanism_link("quotes")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        related_name="quotes",
        null=True,
        blank=True,
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        related_name="quotes",
        null=True,
        blank=True,
    )
    when = PartialDateField(_("date"))
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = DatedManager()

    class Meta:
        ordering = ["mechanism", "order"]
        verbose_name = _("quotation")
        verbose_name_plural = _("quotations")

    def __str__(self):
        return f"{self.speaker or self.occasion}: {self.text[:60]}"


class KeyProject(Record):
    """One of the key projects numbered in a plan (the BRI plan's 25)."""

    document = models.ForeignKey(
        Document, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="key_projects"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    category = models.CharField(_("category"), max_length=20, choices=ProjectCategory)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("key project")
        verbose_name_plural = _("key projects")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_project_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("cooperation:project", args=[self.slug])


class PlannedActivity(Record):
    """A planned activity of an action table, with its schedule."""

    document = models.ForeignKey(
        Document, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="activities"
    )
    strategic_direction = models.CharField(_("strategic direction"), max_length=300)
    action = models.CharField(_("action"), max_length=500, blank=True)
    number = models.CharField(_("activity number"), max_length=20)
    title = models.TextField(_("activity"))
    schedule = PartialDateField(_("schedule"))
    recurrence = models.CharField(
        _("recurrence"), max_length=12, choices=Recurrence, blank=True, default=""
    )
    schedule_as_printed = models.CharField(_("schedule as printed"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")

    def __str__(self):
        return f"{self.number} {self.title[:60]}"

    def get_absolute_url(self):
        return reverse("cooperation:activity", args=[self.slug])
