"""What every content record shares: its source, translation states and publication."""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import i18n
from portal.partial_dates import years_overlap_filter


class SlugManager(models.Manager):
    """Records with a unique slug use it as their natural key (ADR 0001)."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Source(models.Model):
    """One of the published source texts the content is built from."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    file_name = models.CharField(_("file name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    published = models.CharField(_("published"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    contribution = models.TextField(_("what the portal takes from it"), blank=True)
    languages = models.CharField(_("languages of the text"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SlugManager()

    class Meta:
        ordering = ["order", "file_name"]
        verbose_name = _("source text")
        verbose_name_plural = _("source texts")

    def __str__(self):
        return f"{self.file_name}: {self.title}"

    def natural_key(self):
        return (self.slug,)


class TextState(models.TextChoices):
    """Where a record's text in one language comes from."""

    OFFICIAL = "official", _("official text")
    EDITORIAL = "editorial", _("editorial translation")
    MISSING = "missing", _("not yet translated")
    OUTDATED = "outdated", _("translation outdated")


class Publication(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class RecordQuerySet(models.QuerySet):
    #: Links whose far end must be published too for a record to be public (a membership
    #: of a draft country is not public). Subclasses name them.
    public_links: tuple[str, ...] = ()

    def published(self):
        """What the public may see: the one publication rule (ADR 0005)."""
        links = {f"{link}__publication": Publication.PUBLISHED for link in self.public_links}
        return self.filter(publication=Publication.PUBLISHED, **links)

    def visible_to(self, user):
        """Published records; staff also see drafts, to preview them before publishing."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()


class DatedQuerySet(RecordQuerySet):
    """Verbs shared by records that have a partial date ``when``."""

    def for_mechanism(self, mechanism):
        return self.filter(mechanism=mechanism)

    def in_years(self, year_from=None, year_to=None):
        """Records whose date overlaps the years (``2021/2025`` is in 2022); never undated."""
        return self.filter(years_overlap_filter("when", year_from, year_to))

    def newest_first(self):
        return self.order_by("-when", "-pk")

    def oldest_first(self):
        return self.order_by("when", "pk")


# Managers with natural keys (records have stable slugs, which fixtures use) and the verbs
# of their queryset. Module-level from_queryset() calls are what django-stubs can type.
RecordManager = SlugManager.from_queryset(RecordQuerySet)
DatedManager = SlugManager.from_queryset(DatedQuerySet)


class Record(models.Model):
    """Abstract base of every public content record.

    Provenance: ``source`` and ``locator`` say which source text and where in it;
    ``editorial_note`` records where a source contradicts itself. ``text_state_<lang>``
    says, per language, whether the record's text is official or an editorial translation.
    """

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    source = models.ForeignKey(
        Source, verbose_name=_("source text"), on_delete=models.PROTECT, related_name="+"
    )
    locator = models.CharField(
        _("where in the source"),
        max_length=300,
        help_text=_("Section heading or line of the source text."),
    )
    editorial_note = models.TextField(_("editorial note"), blank=True)
    text_state_zh_hans = models.CharField(
        _("Chinese text"), max_length=10, choices=TextState, default=TextState.OFFICIAL
    )
    text_state_en = models.CharField(
        _("English text"), max_length=10, choices=TextState, default=TextState.EDITORIAL
    )
    text_state_ru = models.CharField(
        _("Russian text"), max_length=10, choices=TextState, default=TextState.EDITORIAL
    )
    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication, default=Publication.PUBLISHED
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True, null=True)

    objects = RecordManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self) -> bool:
        """The publication rule for one record; ``RecordQuerySet.published()`` for many."""
        return self.publication == Publication.PUBLISHED

    def clean(self):
        """A published record needs its title in every language."""
        super().clean()
        if self.publication != Publication.PUBLISHED:
            return
        names = {f.name for f in self._meta.get_fields()}
        title = next((n for n in ("title", "name", "text", "body") if n in names), None)
        if title is None:
            return
        missing = [
            str(label)
            for code, label in settings.LANGUAGES
            if not (getattr(self, i18n.localized_field(title, code), "") or "").strip()
        ]
        if missing:
            raise ValidationError(
                {
                    "publication": _(
                        "A published record needs a title in every language; missing: "
                        "%(languages)s. Add the titles or keep the record as a draft."
                    )
                    % {"languages": ", ".join(missing)}
                }
            )

    def text_state(self, language: str | None = None) -> str:
        """Return the TextState of the record's text in a language (default: the active one)."""
        language = language or i18n.current_language()
        return getattr(self, f"text_state_{i18n.field_suffix(language)}")


class TermKind(models.TextChoices):
    """What a glossary term names."""

    ORGANISATION = "organisation", _("organization or body")
    MECHANISM = "mechanism", _("cooperation mechanism")
    COUNTRY = "country", _("country")
    DOCUMENT = "document", _("document")
    PROGRAMME = "programme", _("program or initiative")
    CONCEPT = "concept", _("concept")
    PLACE = "place", _("place")


class TermQuerySet(RecordQuerySet):
    def naming(self, record):
        """Terms that name ``record`` (a mechanism, body, country, document...)."""
        from django.contrib.contenttypes.models import ContentType

        return self.filter(
            target_type=ContentType.objects.get_for_model(record), target_slug=record.slug
        )


TermManager = SlugManager.from_queryset(TermQuerySet)


class Term(Record):
    """A name or term the sources use: one rendering per language, its abbreviations and aliases.

    The glossary is the one list of names: the public glossary page shows it, the editorial
    consistency check holds translations to ``name``, and search reads ``abbreviation`` and
    ``aliases`` as alternative names of the record the term names (``target_type`` +
    ``target_slug``; slugs rather than ids, so fixtures stay portable).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=TermKind)
    name = models.CharField(
        _("name"),
        max_length=300,
        help_text=_("The one rendering used in this language (official where a source prints it)."),
    )
    abbreviation = models.CharField(
        _("abbreviation"), max_length=100, blank=True, help_text=_("Short forms, comma-separated.")
    )
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "Other forms readers may type (older names, variant spellings), one per line. "
            "Search finds the term by them; pages never show them as the rendering."
        ),
    )
    accepted_forms = models.TextField(
        _("accepted inflected forms"),
        blank=True,
        help_text=_(
            "Inflected forms of the name that the consistency check accepts, one per line."
        ),
    )
    definition = models.TextField(_("definition"), blank=True)
    sources = models.ManyToManyField(
        Source, verbose_name=_("occurs in"), related_name="terms", blank=True
    )
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("names a record of type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target_slug = models.SlugField(_("slug of the named record"), max_length=120, blank=True)

    # ClassVar, as the plugin declares the manager it gives Record.
    objects: ClassVar = TermManager()

    class Meta:
        ordering = ["kind", "slug"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self):
        return self.name

    @property
    def target(self):
        """The record this term names, or None."""
        if not (self.target_type_id and self.target_slug):
            return None
        model = self.target_type.model_class() if self.target_type else None
        if model is None:
            return None
        return model._default_manager.filter(slug=self.target_slug).first()

    def alias_list(self, language: str) -> list[str]:
        """Abbreviations and other names in one language, as a list."""
        abbreviations = getattr(self, i18n.localized_field("abbreviation", language), "") or ""
        aliases = getattr(self, i18n.localized_field("aliases", language), "") or ""
        names = [a.strip() for a in abbreviations.split(",")] + aliases.splitlines()
        return [n.strip() for n in names if n.strip()]


class LoadedRecord(models.Model):
    """What the fixture loader last wrote for one object, to tell staff edits from its own.

    ``fixture_hash`` hashes the fixture entry; ``loaded_hash`` hashes the row right after
    the load. A row whose hash differs from ``loaded_hash`` was changed by staff.
    """

    model = models.CharField(_("model"), max_length=100)
    key = models.CharField(_("natural key"), max_length=300)
    fixture_hash = models.CharField(_("fixture hash"), max_length=64)
    loaded_hash = models.CharField(_("hash after loading"), max_length=64)

    class Meta:
        verbose_name = _("loaded record")
        verbose_name_plural = _("loaded records")
        constraints = [
            models.UniqueConstraint(fields=["model", "key"], name="unique_loaded_record")
        ]

    def __str__(self):
        return f"{self.model} {self.key}"


class FixtureLoad(models.Model):
    """One run of ``load_portal_fixtures`` that looked at the fixtures."""

    files_hash = models.CharField(_("hash of the fixture files"), max_length=64)
    at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    created = models.PositiveIntegerField(_("records created"), default=0)
    updated = models.PositiveIntegerField(_("records updated"), default=0)
    kept = models.PositiveIntegerField(_("staff changes kept"), default=0)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("fixture load")
        verbose_name_plural = _("fixture loads")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M}"


class ContentGeneration(models.Model):
    """One row counting content changes: every save, delete or m2m change advances it.

    Cached pages are keyed by ``value`` (``portal.caching``), so a change is visible at once
    on every node; ``changed_at`` is the pages' ``Last-Modified``. Kept in the database,
    not the cache, so it is shared even when each process has its own local-memory cache.
    """

    value = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("content generation")

    def __str__(self):
        return f"{self.value} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class TermUse(models.Model):
    """A published record whose Chinese text uses a published glossary term.

    Derived, never edited: ``portal.term_uses`` keeps it in step with every save and
    delete and rebuilds it (``manage.py rebuild_term_uses``). ``shown`` marks the first
    uses of each term in the glossary page's order (kind, then newest first).
    """

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+")
    record_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    record_id = models.PositiveBigIntegerField()
    kind_order = models.PositiveSmallIntegerField()
    when = models.CharField(max_length=40, blank=True)
    shown = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("record using a term")
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "term"], name="unique_term_use"
            )
        ]
        indexes = [
            models.Index(
                fields=["term", "kind_order", "-when", "record_id"], name="term_use_order"
            ),
            # The glossary page reads the shown rows alone: at most eight per term.
            models.Index(fields=["term"], name="term_use_shown", condition=models.Q(shown=True)),
        ]

    def __str__(self):
        return f"{self.term_id}: {self.record_type_id}/{self.record_id}"


class TermUseCount(models.Model):
    """How many published records use a term (``TermUse`` rows), kept by ``portal.term_uses``."""

    term = models.OneToOneField(Term, on_delete=models.CASCADE, primary_key=True, related_name="+")
    records = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("count of records using a term")

    def __str__(self):
        return f"{self.term_id}: {self.records}"
