"""Index writes never fail an edit: saves during a rebuild, over-long words."""

import pytest
from django.db import DatabaseError

from cooperation.models import Meeting
from portal.search import analyzer, index
from tests import factories as f

pytestmark = pytest.mark.django_db

SLUG = "sco-heads-of-state-council-2018-qingdao"


def found(client, query):
    return [
        r["url"]
        for r in client.get("/en/search/", {"q": query, "format": "json"}).json()["results"]
    ]


def test_a_save_during_a_rebuild_is_kept_and_indexed(client, monkeypatch):
    write = index._bulk_write
    calls = []

    def write_then_edit(batch, backend):
        write(batch, backend)
        if not calls:  # after the first batch: the index is half rebuilt
            meeting = Meeting.objects.get(slug=SLUG)
            meeting.title_en = "Halcyon summit"
            meeting.save()
        calls.append(len(batch))

    monkeypatch.setattr(index, "_bulk_write", write_then_edit)
    total = index.rebuild()
    assert total == 277 and len(calls) > 1
    assert Meeting.objects.get(slug=SLUG).title_en == "Halcyon summit"
    assert found(client, "halcyon") == [f"http://testserver/en/meetings/{SLUG}/"]


def test_an_index_write_that_fails_does_not_lose_the_edit(
    admin_client, client, monkeypatch, django_capture_on_commit_callbacks
):
    from tests.admin.test_staff_editing import change_form_data

    update, failures = index.update, []

    def conflicting(instance):
        if not failures:
            failures.append(instance)
            raise DatabaseError("Save with update_fields did not affect any rows.")
        update(instance)

    monkeypatch.setattr(index, "update", conflicting)
    meeting = Meeting.objects.get(slug=SLUG)
    url = f"/admin/cooperation/meeting/{meeting.pk}/change/"
    data = change_form_data(admin_client, url)
    data["title_en"] = "Kingfisher summit"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302
    assert failures and Meeting.objects.get(slug=SLUG).title_en == "Kingfisher summit"
    assert found(client, "kingfisher") == [f"http://testserver/en/meetings/{SLUG}/"]


def test_a_3000_byte_word_is_cut_and_the_record_saves(client):
    latin, cyrillic = "w" * 3000, "ж" * 1600  # 3,000 and 3,200 bytes
    assert [len(t.encode()) for t in analyzer.index_tokens(f"{latin} {cyrillic}")] == [2047, 2046]
    meeting = f.meeting(
        slug="long-words",
        when="2024-01",
        **f.trilingual("description", "长", f"Overlong {latin}", f"Длинное {cyrillic}"),
    )
    meeting.title_en = "Kestrel meeting"
    meeting.save()
    assert found(client, "kestrel") == ["http://testserver/en/meetings/long-words/"]
    assert index.rebuild() == 278
