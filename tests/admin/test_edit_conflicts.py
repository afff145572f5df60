"""Two editors at once: one conflict message, nothing lost."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from cooperation.models import Meeting
from mechanisms.models import Mechanism, Membership
from portal import roles
from tests.admin.test_translator_role import form_values

pytestmark = pytest.mark.django_db


def editor_client(django_user_model, name, language="en"):
    user = django_user_model.objects.create_user(name, password="pw-123456", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def opened(client, url):
    """The change form as the editor's browser would post it back, with its inlines."""
    response = client.get(url)
    assert response.status_code == 200
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form, f"{formset.prefix}-"))
        for i, form in enumerate(formset.forms):
            data.update(form_values(form, f"{formset.prefix}-{i}-"))
    data["_save"] = "Save"
    return data


def test_second_save_of_a_meeting_gets_a_conflict_and_keeps_its_input(django_user_model):
    meeting = Meeting.objects.get(slug="sco-heads-of-state-council-2018-qingdao")
    url = f"/admin/cooperation/meeting/{meeting.pk}/change/"
    anna = editor_client(django_user_model, "anna")
    boris = editor_client(django_user_model, "boris", "ru")
    anna_form, boris_form = opened(anna, url), opened(boris, url)

    anna_form["title_en"] = "Anna's title"
    assert anna.post(url, anna_form).status_code == 302
    boris_form["theme_ru"] = "Тема Бориса"
    response = boris.post(url, boris_form)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1
    assert errors[0].startswith("Кто-то другой сохранил эту запись после того, как вы её открыли")
    assert "anna" in errors[0] and "title" in errors[0].lower()
    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.theme_ru) == ("Anna's title", "")
    assert "Тема Бориса" in response.content.decode()  # his input is still in the form

    # Boris merges (takes Anna's title) and saves again: both changes are kept.
    merged = dict(response.context["adminform"].form.data.items())
    merged["title_en"] = "Anna's title"
    merged["_save"] = "Save"
    assert boris.post(url, merged).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.theme_ru) == ("Anna's title", "Тема Бориса")


def test_a_stale_inline_row_is_not_saved_over_a_newer_one(django_user_model):
    sco = Mechanism.objects.get(slug="sco")
    url = f"/admin/mechanisms/mechanism/{sco.pk}/change/"
    anna = editor_client(django_user_model, "anna")
    boris = editor_client(django_user_model, "boris")
    boris_form = opened(boris, url)
    membership = sco.memberships.order_by("pk").first()
    membership_url = f"/admin/mechanisms/membership/{membership.pk}/change/"
    anna_form = opened(anna, membership_url)
    anna_form["since"] = "2001-06"
    assert anna.post(membership_url, anna_form).status_code == 302

    index = next(
        i for i in range(100) if str(boris_form.get(f"memberships-{i}-id")) == str(membership.pk)
    )
    boris_form[f"memberships-{index}-order"] = 42
    response = boris.post(url, boris_form)
    assert response.status_code == 200
    formset = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "memberships"
    )
    assert [e.code for e in formset.forms[index].non_field_errors().as_data()] == ["edit_conflict"]
    membership = Membership.objects.get(pk=membership.pk)
    assert (membership.since, membership.order) == ("2001-06", anna_form["order"])
