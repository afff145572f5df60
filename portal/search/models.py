"""The search index: one entry per searchable record, in all three languages."""

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from cooperation.models import Topic


class EntryKind(models.TextChoices):
    MECHANISM = "mechanism", _("mechanism")
    BODY = "body", _("body")
    MEETING = "meeting", _("meeting")
    DOCUMENT = "document", _("document")
    SECTION = "section", _("document section")
    NEWS = "news", _("news")
    PROJECT = "project", _("key project")
    ACTIVITY = "activity", _("planned activity")


#: Among records whose title matches, the order of kinds: what a record *is* before what
#: mentions it (a document before its own sections, whose titles repeat the document's).
RANK_GROUPS: dict[str, int] = {
    EntryKind.MECHANISM: 0,
    EntryKind.DOCUMENT: 1,
    EntryKind.MEETING: 2,
    EntryKind.BODY: 3,
    EntryKind.NEWS: 4,
    EntryKind.PROJECT: 5,
    EntryKind.ACTIVITY: 6,
    EntryKind.SECTION: 7,
}


class FacetSet(models.Model):
    """One distinct combination of facet values (type, mechanism, countries, topics).

    Entries point at the combination they share. Facet counts then group the matches by
    one integer column and resolve countries and topics over this small table, instead of
    joining every match to link tables (see docs/adr/0004-search-speed.md). Sets are
    shared and never edited; a changed record moves to another set.
    """

    signature = models.CharField(max_length=1000, unique=True)
    kind = models.CharField(max_length=12, choices=EntryKind)
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    countries = models.ManyToManyField("mechanisms.Country", blank=True, related_name="+")
    # Spelled out: the plugin does not infer this lazy reference's type on its own.
    topics: "models.ManyToManyField[Topic, Any]" = models.ManyToManyField(
        "cooperation.Topic", blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("facet set")
        verbose_name_plural = _("facet sets")

    def __str__(self):
        return self.signature

    @staticmethod
    def signature_of(kind, mechanism_id, country_ids, topic_ids) -> str:
        def ids(values):
            return ",".join(str(v) for v in sorted(set(values)))

        return f"{kind}|{mechanism_id or ''}|{ids(country_ids)}|{ids(topic_ids)}"


class FacetCount(models.Model):
    """How many published entries a facet set has per start year ("" when undated).

    Kept in step by ``portal.search.index`` on every entry write (and recounted by a
    rebuild), so a listing without words counts its facets over facet sets and years
    instead of over every published entry.
    """

    facet_set = models.ForeignKey(FacetSet, on_delete=models.CASCADE, related_name="counts")
    year = models.CharField(max_length=4, blank=True)
    entries = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["facet_set", "year"], name="unique_facet_year")
        ]
        verbose_name = _("facet count")
        verbose_name_plural = _("facet counts")

    def __str__(self):
        return f"{self.facet_set_id} {self.year or '-'}: {self.entries}"


class SearchEntry(models.Model):
    """What search matches, filters, counts and sorts on: one narrow row per record.

    Kept narrow on purpose: facet counts read every match, so each byte of the row is
    paid for tens of thousands of times on common words. Titles, texts and the URL live in
    ``SearchText``. On PostgreSQL the ``document`` and ``title_document`` tsvector columns
    (GIN-indexed, stored out of line) are added by migrations and written by
    ``portal.search.backends``; they are not model fields.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    # No index of its own: searches filter facet sets, then read entries by text or date.
    facet_set = models.ForeignKey(
        FacetSet, on_delete=models.CASCADE, related_name="entries", db_index=False
    )
    when = models.CharField(max_length=23, blank=True)
    #: ``RANK_GROUPS`` of the entry's kind: the first key of relevance order.
    rank_group = models.PositiveSmallIntegerField(default=0)
    published = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="unique_entry")
        ]
        indexes = [
            models.Index(fields=["published", "when"], name="search_pub_when"),
            # The relevance walk reads it alone (facet set last: it filters, not orders).
            models.Index(
                models.F("rank_group"),
                models.F("when").desc(),
                models.F("id").desc(),
                models.F("facet_set_id"),
                name="search_relevance_order",
                condition=models.Q(published=True),
            ),
            # The few ranges (2021/2025): a year range's counts add those reaching into it.
            models.Index(
                fields=["when", "facet_set"],
                name="search_spanning",
                condition=models.Q(published=True, when__contains="/"),
            ),
        ]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"


class SearchText(models.Model):
    """What a result shows (titles, texts, URL) and the entry's index tokens.

    On SQLite the FTS5 table ``search_fts`` indexes ``title_tokens`` and ``tokens`` of this
    table (rowid = entry id), kept in step by triggers (migration 0002).
    """

    entry = models.OneToOneField(
        SearchEntry, primary_key=True, on_delete=models.CASCADE, related_name="text"
    )
    url = models.CharField(max_length=300, help_text="Path without the language prefix.")
    title_zh_hans = models.TextField(blank=True)
    title_en = models.TextField(blank=True)
    title_ru = models.TextField(blank=True)
    text_zh_hans = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    text_ru = models.TextField(blank=True)
    #: Index tokens of the names and title (names first, one name per line).
    title_tokens = models.TextField(blank=True)
    #: Index tokens of the summaries and texts (summaries first).
    tokens = models.TextField(blank=True)
    #: The names alone (own name, short name, glossary abbreviations and aliases), one
    #: per line, and the summaries alone: scoring weighs them apart from titles and texts.
    name_tokens = models.TextField(blank=True)
    summary_tokens = models.TextField(blank=True)

    def __str__(self):
        return self.title_en or self.title_zh_hans


class SearchTerm(models.Model):
    """How many index entries contain a token (BM25's document frequency).

    Kept in step by every index write and recomputed by a rebuild. Rows whose term starts
    with "§" (no analyzer token can) hold the totals: ``§n`` entries, ``§len:<field>``
    the summed token counts per field, for the average field lengths.
    """

    term = models.CharField(max_length=200, unique=True)
    entries = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("index term")
        verbose_name_plural = _("index terms")

    def __str__(self):
        return f"{self.term}: {self.entries}"


class TermFacetCount(models.Model):
    """How many published entries of a facet set contain a token.

    Kept in step by every index write and recomputed by a rebuild (like ``SearchTerm``),
    so the facets of a one-word query are a sum over this table's rows for the word
    instead of a count over every match (``portal.search.facets``).
    """

    term = models.CharField(max_length=200)
    facet_set = models.ForeignKey(
        FacetSet, on_delete=models.CASCADE, related_name="term_counts", db_index=False
    )
    entries = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "facet_set"], name="unique_term_facet_set")
        ]
        verbose_name = _("index term per facet set")
        verbose_name_plural = _("index terms per facet set")

    def __str__(self):
        return f"{self.term} {self.facet_set_id}: {self.entries}"


class TermYearCount(models.Model):
    """How many published entries of a facet set, starting in a year, contain a frequent
    token (or group of variants).

    Kept for the words a year-filtered search would otherwise count by a pass over tens
    of thousands of matches (``statistics.YEAR_COUNTED_MIN``); a word is counted once its
    marker row is in ``SearchTerm`` (``statistics.YEAR_PREFIX``), and every index write
    then moves its counts, as for ``TermFacetCount``.
    """

    term = models.CharField(max_length=200)
    facet_set = models.ForeignKey(
        FacetSet, on_delete=models.CASCADE, related_name="term_year_counts", db_index=False
    )
    #: The year the entry starts in ("" when undated).
    year = models.CharField(max_length=4, blank=True)
    entries = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["term", "year", "facet_set"], name="unique_term_year_facet_set"
            )
        ]
        verbose_name = _("index term per facet set and year")
        verbose_name_plural = _("index terms per facet set and year")

    def __str__(self):
        return f"{self.term} {self.facet_set_id} {self.year}: {self.entries}"


class Variant(models.Model):
    """Words that mean the same to a reader, one per line (固废 / 固体废物, в сфере / в области).

    A query containing any of them also matches the others. Names of records (acronyms,
    other names) belong in the glossary (``portal.models.Term``), which search reads too.
    """

    forms = models.TextField(
        _("equivalent forms"),
        help_text=_("One form per line: each matches the others in a search."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("search variant")
        verbose_name_plural = _("search variants")

    def __str__(self):
        return " = ".join(self.form_list())

    def form_list(self) -> list[str]:
        return [line.strip() for line in self.forms.splitlines() if line.strip()]
