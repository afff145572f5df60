"""The search index: one entry per searchable record, in all three languages."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    MECHANISM = "mechanism", _("mechanism")
    BODY = "body", _("body")
    MEETING = "meeting", _("meeting")
    DOCUMENT = "document", _("document")
    SECTION = "section", _("document section")
    NEWS = "news", _("news")
    PROJECT = "project", _("key project")
    ACTIVITY = "activity", _("planned activity")


class SearchEntry(models.Model):
    """What search filters, counts and sorts on: one narrow row per searchable record.

    Kept narrow on purpose: facet counts scan every match, so wide rows would make
    common words slow. The texts live in ``SearchText``. On PostgreSQL the ``document``
    tsvector column (GIN-indexed) is added by migration 0002 and written by
    ``portal.search.backends``; it is not a model field.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=12, choices=EntryKind, db_index=True)
    url = models.CharField(max_length=300, help_text="Path without the language prefix.")
    when = models.CharField(max_length=23, blank=True, db_index=True)
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    countries = models.ManyToManyField("mechanisms.Country", blank=True, related_name="+")
    topics = models.ManyToManyField("cooperation.Topic", blank=True, related_name="+")
    published = models.BooleanField(default=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="unique_entry")
        ]
        indexes = [models.Index(fields=["published", "when"], name="search_pub_when")]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return f"{self.kind}: {self.url}"


class SearchText(models.Model):
    """The titles and texts of an entry (for results and snippets) and its index tokens.

    On SQLite the FTS5 table ``search_fts`` indexes ``title_tokens`` and ``tokens`` of this
    table (rowid = entry id), kept in step by triggers (migration 0002).
    """

    entry = models.OneToOneField(
        SearchEntry, primary_key=True, on_delete=models.CASCADE, related_name="text"
    )
    title_zh_hans = models.TextField(blank=True)
    title_en = models.TextField(blank=True)
    title_ru = models.TextField(blank=True)
    text_zh_hans = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    text_ru = models.TextField(blank=True)
    title_tokens = models.TextField(blank=True)
    tokens = models.TextField(blank=True)

    def __str__(self):
        return self.title_en or self.title_zh_hans
