"""Cooperation mechanisms, the countries in them and the bodies they run."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import Record, RecordQuerySet, SlugManager
from portal.partial_dates import PartialDateField


class Mechanism(Record):
    """A cooperation mechanism China takes part in (the SCO, China-Russia, ...)."""

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    background = models.TextField(_("background"), blank=True)
    responsibilities = models.TextField(_("responsibilities"), blank=True)
    achievements = models.TextField(_("achievements"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    established = PartialDateField(_("established"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("mechanism")
        verbose_name_plural = _("mechanisms")

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("mechanisms:detail", args=[self.slug])


class CountryKind(models.TextChoices):
    STATE = "state", _("state")
    ORGANISATION = "organisation", _("international organization")


class Country(Record):
    """A state (or an international organisation taking part as one), named as the sources print.

    CICA counts international organisations among its observers, so a participant of a
    mechanism may be an organisation; ``kind`` tells them apart.
    """

    kind = models.CharField(
        _("kind"), max_length=12, choices=CountryKind, default=CountryKind.STATE
    )
    name = models.CharField(_("name"), max_length=200)
    official_name = models.CharField(_("official name"), max_length=300, blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mechanisms:country", args=[self.slug])


def mechanism_link(related_name: str, *, required: bool = False) -> models.ForeignKey:
    """Return the link from a record to its mechanism, the same everywhere.

    Deleting a mechanism that records still point to is refused (PROTECT): no staff work
    disappears with it; an editor moves or deletes those records first.
    """
    return models.ForeignKey(
        Mechanism,
        verbose_name=_("mechanism"),
        on_delete=models.PROTECT,
        related_name=related_name,
        null=not required,
        blank=not required,
    )


class Role(models.TextChoices):
    MEMBER = "member", _("member state")
    OBSERVER = "observer", _("observer state")
    OBSERVER_ORGANISATION = "observer_organisation", _("observer organization")
    DIALOGUE_PARTNER = "dialogue_partner", _("dialogue partner")
    COORDINATOR = "coordinator", _("coordinator")
    PARTNER = "partner", _("partner")
    #: A country the source names (as host or partner of an activity) without a list of members.
    MENTIONED = "mentioned", _("named in the source (not a membership list)")


#: A role's name for a group of more than one ("Member states (8)").
ROLE_PLURALS = {
    Role.MEMBER: _("member states"),
    Role.OBSERVER: _("observer states"),
    Role.OBSERVER_ORGANISATION: _("observer organizations"),
    Role.DIALOGUE_PARTNER: _("dialogue partners"),
    Role.COORDINATOR: _("coordinators"),
    Role.PARTNER: _("partners"),
    Role.MENTIONED: pgettext_lazy(
        "several countries", "named in the source (not a membership list)"
    ),
}


class MembershipQuerySet(RecordQuerySet):
    public_links = ("mechanism", "country")

    def for_mechanism(self, mechanism):
        return self.filter(mechanism=mechanism)


MembershipManager = SlugManager.from_queryset(MembershipQuerySet)


class Membership(Record):
    """The role a country plays in a mechanism, and since when."""

    mechanism = mechanism_link("memberships", required=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role)
    since = PartialDateField(_("since"))
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Position in the source's list.")
    )

    objects = MembershipManager()

    class Meta:
        ordering = ["mechanism", "role", "order"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "country", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self):
        return f"{self.country} – {self.mechanism} ({self.role_label})"

    @property
    def role_label(self) -> str:
        """The role's label, as ``get_role_display()`` gives it at a fraction of the cost.

        ``get_role_display()`` hashes every choice's lazy label, translating each: 0.1 ms a
        membership, a third of the countries list's CPU.
        """
        try:
            return str(Role(self.role).label)
        except ValueError:
            return self.role


class BodyKind(models.TextChoices):
    CENTRE = "centre", _("center")
    SECRETARIAT = "secretariat", _("secretariat")
    COMMISSION = "commission", _("commission")
    SUBCOMMISSION = "subcommission", _("sub-commission")
    COUNCIL = "council", _("council")
    WORKING_GROUP = "working_group", _("working group")
    MINISTERIAL_MEETING = "ministerial_meeting", _("ministerial meeting")
    EXPERT_MEETING = "expert_meeting", _("expert meeting")
    SEMINAR_SERIES = "seminar_series", _("seminar series")
    FORUM = "forum", _("forum")
    PLATFORM = "platform", _("platform")
    ORGANISATION = "organisation", _("organization")


class Body(Record):
    """A centre, commission, working group, meeting series or other body of a mechanism."""

    mechanism = mechanism_link("bodies")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=BodyKind)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    launched = PartialDateField(_("launched"))
    sessions_held = models.PositiveSmallIntegerField(_("sessions held"), null=True, blank=True)
    sessions_as_of = PartialDateField(
        _("sessions counted as of"), help_text=_("The source's date for the count.")
    )
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    phone = models.CharField(_("telephone"), max_length=100, blank=True)
    fax = models.CharField(_("fax"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    same_as = models.ManyToManyField(
        "self",
        verbose_name=_("the same institution as"),
        blank=True,
        help_text=_(
            "The same institution as recorded from another source or under another mechanism."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["mechanism", "order", "slug"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("mechanisms:body", args=[self.slug])

    @property
    def has_contact(self) -> bool:
        return any([self.address, self.phone, self.fax, self.email, self.website])
