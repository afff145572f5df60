"""What every content record shares: its source, translation states and publication."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import i18n


class SourceManager(models.Manager):
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

    objects = SourceManager()

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
    def published(self):
        return self.filter(publication=Publication.PUBLISHED)

    def visible_to(self, user):
        """Published records; staff also see drafts, to preview them before publishing."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()


class RecordManager(models.Manager):
    """Records have stable slugs, which fixtures use as natural keys."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


def record_manager(queryset_class: type[RecordQuerySet]) -> RecordManager:
    """Return a manager with natural keys and the verbs of ``queryset_class``."""
    return RecordManager.from_queryset(queryset_class)()


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

    objects = record_manager(RecordQuerySet)

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)

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
