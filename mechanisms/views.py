"""Pages for mechanisms, their bodies, and countries."""

from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from mechanisms import selectors
from mechanisms.models import Body, Country, CountryKind, Mechanism
from portal import i18n

#: How many of the latest hosted meetings a country page shows (then a link to all).
LATEST_MEETINGS = 10


def _names(field):
    return [i18n.localized_field(field, code) for code in i18n.LANGUAGE_CODES]


@require_safe
def mechanism_list(request):
    # Built only when the cards are not kept already ({% cached_fragment %}): building the
    # query with its four counting subqueries was a third of the page's CPU.
    mechanisms = SimpleLazyObject(lambda: list(selectors.mechanisms_with_counts()))
    return render(request, "mechanisms/mechanism_list.html", {"mechanisms": mechanisms})


@require_safe
def mechanism_detail(request, slug):
    mechanism = get_object_or_404(Mechanism.objects.visible_to(request.user), slug=slug)
    # Read only when the page's body is not kept already ({% cached_fragment %}).
    page = SimpleLazyObject(lambda: selectors.mechanism_page(mechanism))
    context = {"mechanism": mechanism, "page": page}
    return render(request, "mechanisms/mechanism_detail.html", context)


@require_safe
def body_detail(request, slug):
    body = get_object_or_404(
        Body.objects.visible_to(request.user).select_related("mechanism", "parent"), slug=slug
    )
    context = {
        "body": body,
        "children": body.children.published().order_by("order", "pk"),
        "meetings": body.meetings.published().select_related("country", "mechanism").oldest_first(),
        "same_as": body.same_as.published().select_related("mechanism").order_by("slug"),
    }
    return render(request, "mechanisms/body_detail.html", context)


@require_safe
def country_list(request):
    # Read only when the page's body is not kept already ({% cached_fragment %}).
    countries = SimpleLazyObject(_countries_by_kind)
    return render(request, "mechanisms/country_list.html", {"countries": countries})


def _countries_by_kind():
    # In the reader's order: by pinyin in Chinese, by the alphabet of the language else.
    countries = sorted(selectors.countries_with_memberships(), key=lambda c: i18n.sort_key(c.name))
    return {
        "states": [c for c in countries if c.kind == CountryKind.STATE],
        "organisations": [c for c in countries if c.kind != CountryKind.STATE],
    }


@require_safe
def country_detail(request, slug):
    country = get_object_or_404(Country.objects.visible_to(request.user), slug=slug)
    memberships = (
        country.memberships.published()
        .select_related("mechanism")
        .only("role", "since", "order", "country", "mechanism__slug", *_names("mechanism__name"))
    )
    # The reverse relation: this app does not import cooperation (layers point one way).
    hosted = country.meetings_hosted.published().for_listing().newest_first()
    context = {
        "country": country,
        "memberships": memberships,
        "meetings": hosted[:LATEST_MEETINGS],
    }
    return render(request, "mechanisms/country_detail.html", context)
