"""Staff can at least list every content model in the admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

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
