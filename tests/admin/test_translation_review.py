"""The admin is the portal's, and lists the translations a Chinese edit outdated."""

import pytest

from cooperation.models import Meeting
from tests.admin.test_staff_editing import change_form_data

pytestmark = pytest.mark.django_db


def test_admin_carries_the_portal_name_and_jquery_ui_from_static(admin_client):
    response = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru")
    html = response.content.decode()
    assert "Портал экологического сотрудничества" in html
    assert "Django" not in response.context["site_header"]
    meeting = Meeting.objects.order_by("pk").first()
    form = admin_client.get(f"/admin/cooperation/meeting/{meeting.pk}/change/").content.decode()
    assert '<script src="/static/jquery-ui/jquery-ui.min.js">' in form
    assert "googleapis" not in form and "//ajax." not in form
    from django.contrib.staticfiles import finders

    script = finders.find("jquery-ui/jquery-ui.min.js")
    with open(script, encoding="utf-8") as fh:
        assert "Licensed MIT" in fh.read(2000)


def test_translations_to_review_show_the_chinese_change(admin_client):
    meeting = Meeting.objects.get(slug="sco-heads-of-state-council-2018-qingdao")
    url = f"/admin/cooperation/meeting/{meeting.pk}/change/"
    old_title = meeting.title_zh_hans
    for title in (old_title, "上合组织青岛峰会（修订）"):  # two versions in the history
        data = change_form_data(admin_client, url)
        data["title_zh_hans"] = title
        assert admin_client.post(url, data).status_code == 302

    response = admin_client.get("/admin/translations-to-review/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    items = response.context["items"]
    assert [(i.record.slug, i.languages) for i in items] == [(meeting.slug, ["English", "Russian"])]
    assert f"-{old_title}" in items[0].diff and "+上合组织青岛峰会（修订）" in items[0].diff
    html = response.content.decode()
    assert "1 record has an outdated translation." in html
    assert url in html


def test_translations_to_review_needs_staff(client):
    response = client.get("/admin/translations-to-review/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
