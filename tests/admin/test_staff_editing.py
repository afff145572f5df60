"""Staff editing: roles, validation, translation states, publishing, lock-out."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import translation

from cooperation.models import Meeting
from portal import roles
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return f.meeting(
        slug="staff-meeting",
        title_zh_hans="原标题",
        title_en="Original title",
        title_ru="Исходное название",
        when="2020-05",
    )


def staff(django_user_model, name, group):
    user = django_user_model.objects.create_user(name, password="pw-123456", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def change_form_data(client, url):
    """The change form's current values, as the browser would post them back."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    data["_save"] = "Save"
    return data


def test_roles_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {roles.EDITOR, roles.TRANSLATOR}
    editor = Group.objects.get(name=roles.EDITOR)
    assert editor.permissions.filter(codename="add_meeting").exists()
    assert not editor.permissions.filter(content_type__app_label="auth").exists()
    translator = Group.objects.get(name=roles.TRANSLATOR)
    assert translator.permissions.filter(codename="change_meeting").exists()
    assert not translator.permissions.filter(codename__startswith="add_").exists()
    assert not translator.permissions.filter(codename__startswith="delete_").exists()


def test_translator_cannot_change_chinese_fields(client, django_user_model, meeting):
    client.force_login(staff(django_user_model, "tr", roles.TRANSLATOR))
    url = f"/admin/cooperation/meeting/{meeting.pk}/change/"
    data = change_form_data(client, url)
    assert "title_zh_hans" not in data  # shown read-only, not as an input
    data.update(title_en="Corrected title", title_zh_hans="篡改")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    assert meeting.title_en == "Corrected title"
    assert meeting.title_zh_hans == "原标题"


def test_editing_chinese_marks_translations_outdated(client, django_user_model, meeting):
    client.force_login(staff(django_user_model, "ed", roles.EDITOR))
    url = f"/admin/cooperation/meeting/{meeting.pk}/change/"
    data = change_form_data(client, url)
    data["title_zh_hans"] = "新标题"
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.text_state_en, meeting.text_state_ru) == ("outdated", "outdated")
    html = client.get("/en/meetings/staff-meeting/").content.decode()
    assert "This translation is older than the current Chinese text" in html
    # Outdated translations are listed for translators.
    listing = client.get("/admin/cooperation/meeting/?text_state_en__exact=outdated")
    assert "新标题" in listing.content.decode()
    # A translator's update makes it an editorial translation again.
    data = change_form_data(client, url)
    data["title_en"] = "New title"
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.text_state_en, meeting.text_state_ru) == ("editorial", "outdated")


def test_published_record_without_a_title_in_some_language_is_refused(meeting):
    meeting.title_ru = ""
    with translation.override("en"), pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "missing: Russian" in str(error.value)
    meeting.publication = "draft"
    meeting.full_clean()


def test_impossible_partial_date_is_refused_with_a_clear_message(meeting):
    meeting.when = "2019-02-30"
    with translation.override("ru"):
        with pytest.raises(ValidationError) as error:
            meeting.full_clean()
        assert "«2019-02-30» — недопустимая неполная дата" in str(error.value)


def test_duplicate_slug_is_refused(meeting):
    twin = Meeting(slug=meeting.slug, source=meeting.source, locator="x", kind="forum")
    twin.title_zh_hans = twin.title_en = twin.title_ru = "x"
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "slug" in error.value.message_dict


def test_admin_login_locks_out_after_repeated_failures(client, django_user_model):
    django_user_model.objects.create_user("victim", password="right-pw-123", is_staff=True)
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "victim", "password": "wrong"})
        assert response.status_code in (200, 429)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "victim", "password": "right-pw-123"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_every_change_is_recorded_and_can_be_reverted(client, django_user_model, meeting):
    from reversion.models import Version

    editor = staff(django_user_model, "historian", roles.EDITOR)
    client.force_login(editor)
    url = f"/admin/cooperation/meeting/{meeting.pk}/change/"
    for title in ("First correction", "Second correction"):
        data = change_form_data(client, url)
        data["title_en"] = title
        assert client.post(url, data).status_code == 302
    versions = list(Version.objects.get_for_object(meeting).order_by("pk"))
    assert len(versions) == 2
    first = versions[0]
    assert first.revision.user == editor
    assert "title" in first.revision.get_comment().lower()
    assert first.field_dict["title_en"] == "First correction"
    history = client.get(f"/admin/cooperation/meeting/{meeting.pk}/history/")
    assert "historian" in history.content.decode()
    revision_url = f"/admin/cooperation/meeting/{meeting.pk}/history/{first.pk}/"
    data = change_form_data(client, revision_url)
    assert client.post(revision_url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title_en == "First correction"


def test_editor_adds_a_draft_meeting_then_publishes_it(client, django_user_model):
    from portal.models import Source

    client.force_login(staff(django_user_model, "adder", roles.EDITOR))
    add_url = "/admin/cooperation/meeting/add/"
    data = change_form_data(client, add_url)
    data.update(
        slug="editor-added-forum",
        source=Source.objects.get(slug="sco-brochure").pk,
        locator="added by staff",
        kind="forum",
        when="2025-06",
        publication="draft",
        title_zh_hans="泽菲尔论坛",
        title_en="Zephyrian forum",
        title_ru="Зефирский форум",
    )
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = Meeting.objects.get(slug="editor-added-forum")
    client.logout()
    assert client.get("/en/meetings/editor-added-forum/").status_code == 404
    assert client.get("/en/search/", {"q": "zephyrian", "format": "json"}).json()["count"] == 0

    client.force_login(django_user_model.objects.get(username="adder"))
    url = f"/admin/cooperation/meeting/{meeting.pk}/change/"
    data = change_form_data(client, url)
    data["publication"] = "published"
    assert client.post(url, data).status_code == 302
    client.logout()
    assert client.get("/en/meetings/editor-added-forum/").status_code == 200
    assert "editor-added-forum" in client.get("/en/meetings/?year_from=2025").content.decode()
    results = client.get("/ru/search/", {"q": "зефирского", "format": "json"}).json()
    assert [r["url"] for r in results["results"]] == [
        "http://testserver/ru/meetings/editor-added-forum/"
    ]
    assert "/en/meetings/editor-added-forum/" in client.get("/sitemap-meeting.xml").content.decode()


def test_a_published_news_brief_appears_in_the_feeds(client, django_user_model):
    from news.models import Brief

    brief = Brief.objects.get(slug="belarus-green-cities-project-polotsk")
    brief.publication = "draft"
    brief.save()
    assert "belarus-green-cities" not in client.get("/en/news/rss.xml").content.decode()
    brief.publication = "published"
    brief.save()
    assert "belarus-green-cities" in client.get("/en/news/rss.xml").content.decode()
