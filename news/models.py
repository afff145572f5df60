"""The SCO environmental bulletin: its issues, news briefs and editor's notes."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cooperation.models import Topic
from mechanisms.models import Body, Country, mechanism_link
from portal.models import DatedManager, Record
from portal.partial_dates import PartialDateField


class BulletinIssue(Record):
    """One issue of a bulletin, published by a centre."""

    title = models.CharField(_("title"), max_length=300)
    issue_label = models.CharField(_("issue"), max_length=100, blank=True)
    when = PartialDateField(_("date"))
    publisher = models.ForeignKey(
        Body, verbose_name=_("publisher"), on_delete=models.SET_NULL, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)

    objects = DatedManager()

    class Meta:
        ordering = ["-when", "-pk"]
        verbose_name = _("bulletin issue")
        verbose_name_plural = _("bulletin issues")

    def __str__(self):
        return f"{self.title} {self.issue_label}".strip()

    def get_absolute_url(self):
        return reverse("news:issue", args=[self.slug])


class Brief(Record):
    """A short news brief, with its source outlet and date as the source gives them."""

    issue = models.ForeignKey(
        BulletinIssue,
        verbose_name=_("bulletin issue"),
        on_delete=models.CASCADE,
        related_name="briefs",
    )
    order = models.PositiveSmallIntegerField(_("order in the issue"))
    title = models.CharField(_("title"), max_length=500)
    outlet = models.CharField(_("source outlet"), max_length=300, blank=True)
    when = PartialDateField(_("date"))
    body = models.TextField(_("text"))
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    mechanism = mechanism_link("briefs")

    objects = DatedManager()

    class Meta:
        ordering = ["-when", "order"]
        verbose_name = _("news brief")
        verbose_name_plural = _("news briefs")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:brief", args=[self.slug])


class EditorNote(Record):
    """An editor's note (编者按) commenting on one or more briefs."""

    issue = models.ForeignKey(
        BulletinIssue,
        verbose_name=_("bulletin issue"),
        on_delete=models.CASCADE,
        related_name="editor_notes",
    )
    body = models.TextField(_("text"))
    briefs = models.ManyToManyField(Brief, verbose_name=_("briefs"), related_name="editor_notes")
    order = models.PositiveSmallIntegerField(_("order in the issue"), default=0)

    class Meta:
        ordering = ["issue", "order"]
        verbose_name = _("editor's note")
        verbose_name_plural = _("editor's notes")

    def __str__(self):
        return self.body[:60]
