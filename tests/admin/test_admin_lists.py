"""Staff can at least list every content model in the admin."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from portal.admin import YearFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "pw-123456")
    client.force_login(user)
    return client


def test_every_content_model_is_listed_and_changeable(staff_client):
    models = [m for m in admin.site._registry if m._meta.app_label not in {"auth"}]
    assert len(models) >= 13
    for model in models:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert staff_client.get(url).status_code == 200, url
        first = model._default_manager.first()
        if first is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
            assert staff_client.get(change).status_code == 200, change


def test_meeting_list_filters_by_year_and_translation_state(staff_client):
    from cooperation.models import Meeting

    response = staff_client.get("/admin/cooperation/meeting/?year=2019")
    assert response.status_code == 200
    shown = response.context["cl"].result_count
    assert shown == Meeting.objects.filter(when__startswith="2019").count() > 0
    response = staff_client.get("/admin/cooperation/meeting/?year=abcd")
    assert response.status_code == 200

    outdated = Meeting.objects.order_by("pk")[:2]
    Meeting.objects.filter(pk__in=[m.pk for m in outdated]).update(text_state_ru="outdated")
    response = staff_client.get("/admin/cooperation/meeting/?text_state_ru__exact=outdated")
    assert response.status_code == 200
    assert sorted(m.pk for m in response.context["cl"].result_list) == sorted(
        m.pk for m in outdated
    )
    response = staff_client.get("/admin/cooperation/meeting/?text_state_en__exact=outdated")
    assert response.context["cl"].result_count == 0


def test_mechanism_change_page_has_membership_and_body_inlines(staff_client):
    from mechanisms.models import Mechanism

    sco = Mechanism.objects.get(slug="sco")
    html = staff_client.get(f"/admin/mechanisms/mechanism/{sco.pk}/change/").content.decode()
    total = re.search(r'name="memberships-TOTAL_FORMS"[^>]*value="(\d+)"', html) or re.search(
        r'value="(\d+)"[^>]*name="memberships-TOTAL_FORMS"', html
    )
    assert total and total.group(1) == "18"
    assert 'name="bodies-TOTAL_FORMS"' in html


def test_year_filter_lists_a_range_under_every_year_it_spans(staff_client):
    """As on the public lists, the 2021-2025 framework is a document of 2023 too."""
    from cooperation.models import Document

    spanning = Document.objects.get(slug="asean-china-framework-2021-2025")
    assert spanning.when == "2021/2025"

    def shown(year):
        response = staff_client.get(f"/admin/cooperation/document/?year={year}")
        assert response.status_code == 200
        return {d.slug for d in response.context["cl"].queryset}

    for year in ("2021", "2023", "2025"):
        expected = set(
            Document.objects.filter(when__startswith=year).values_list("slug", flat=True)
        ) | {spanning.slug}
        assert shown(year) == expected
    assert spanning.slug not in shown("2020") | shown("2026")

    response = staff_client.get("/admin/cooperation/document/")
    changelist = response.context["cl"]
    year_filter = next(f for f in changelist.filter_specs if isinstance(f, YearFilter))
    offered = [choice["display"] for choice in year_filter.choices(changelist)][1:]
    # Every start year, and the years only the framework reaches (no document starts in 2025).
    years = {int(d.when[:4]) for d in Document.objects.exclude(when="")} | set(range(2021, 2026))
    assert 2025 not in {int(d.when[:4]) for d in Document.objects.exclude(when="")}
    assert offered == [str(y) for y in sorted(years, reverse=True)]
