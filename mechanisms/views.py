"""Pages for mechanisms, their bodies, and countries."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from mechanisms import selectors
from mechanisms.models import Body, Country, CountryKind, Mechanism


@require_safe
def mechanism_list(request):
    return render(
        request,
        "mechanisms/mechanism_list.html",
        {"mechanisms": selectors.mechanisms_with_counts()},
    )


@require_safe
def mechanism_detail(request, slug):
    mechanism = get_object_or_404(Mechanism.objects.visible_to(request.user), slug=slug)
    context = {"mechanism": mechanism, **selectors.mechanism_page(mechanism)}
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
    countries = selectors.countries_with_memberships()
    return render(
        request,
        "mechanisms/country_list.html",
        {
            "states": [c for c in countries if c.kind == CountryKind.STATE],
            "organisations": [c for c in countries if c.kind != CountryKind.STATE],
        },
    )


@require_safe
def country_detail(request, slug):
    country = get_object_or_404(Country.objects.visible_to(request.user), slug=slug)
    memberships = country.memberships.published().select_related("mechanism")
    hosted = (
        country.meetings_hosted.published().select_related("mechanism", "country").newest_first()
    )
    context = {"country": country, "memberships": memberships, "meetings": hosted}
    return render(request, "mechanisms/country_detail.html", context)
