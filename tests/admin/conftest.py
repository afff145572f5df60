"""Staff accounts the admin tests log in as."""

import pytest
from django.contrib.auth.models import Group

from portal import roles


@pytest.fixture
def translator(client, django_user_model):
    """A Translator (not an Editor), logged in on ``client``."""
    user = django_user_model.objects.create_user("tr", password="pw-123456", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.TRANSLATOR))
    client.force_login(user)
    return user
