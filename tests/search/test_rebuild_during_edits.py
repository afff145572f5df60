"""A rebuild of the search index never blocks an edit for long, nor hides a record.

Real concurrency: the rebuild runs in a thread with its own PostgreSQL connection while
the test saves records and searches, each in autocommit like a request would.
"""

import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection

from cooperation.models import Meeting
from mechanisms.models import Mechanism
from portal.search import index, rebuilding
from portal.search.models import SearchEntry

pytestmark = [pytest.mark.postgres]

CHUNK_SECONDS = 0.25


@pytest.fixture(scope="module", autouse=True)
def restore_content_afterwards(django_db_blocker):
    """Transactional tests flush the database; put the shared content back for later tests."""
    yield
    with django_db_blocker.unblock():
        call_command("load_portal_fixtures", verbosity=0)


@pytest.fixture
def content(transactional_db):
    call_command("load_portal_fixtures", verbosity=0)


def found(client, query):
    response = client.get("/en/search/", {"q": query, "format": "json"})
    return [r["url"] for r in response.json()["results"]]


def test_a_save_during_a_rebuild_waits_for_one_chunk_at_most(content, client, monkeypatch):
    write, chunks, errors = index._bulk_write, [], []
    started = threading.Event()

    def slow_write(batch, backend):  # each chunk holds its locks this long
        write(batch, backend)
        chunks.append(len(batch))
        started.set()
        time.sleep(CHUNK_SECONDS)

    monkeypatch.setattr(index, "_bulk_write", slow_write)
    entries = SearchEntry.objects.count()

    def run():
        try:
            rebuilding.rebuild_in_chunks(batch_size=20)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    rebuild = threading.Thread(target=run)
    rebuild.start()
    assert started.wait(10)
    seen, waits = [], []
    for slug, title in [
        ("sco-heads-of-state-council-2018-qingdao", "Halcyon summit"),
        ("csec-inauguration-2014", "Kestrel inauguration"),
    ]:
        meeting = Meeting.objects.get(slug=slug)
        meeting.title_en = title
        began = time.monotonic()
        meeting.save()
        waits.append(time.monotonic() - began)
        seen.append(SearchEntry.objects.count())
    mechanism = Mechanism.objects.get(slug="sco")
    mechanism.name_en = "Shanghai Cooperation Organization (kingfisher)"
    began = time.monotonic()
    mechanism.save()  # its chunk is done: in one transaction, this waited for the whole
    waits.append(time.monotonic() - began)
    seen.append(SearchEntry.objects.count())
    still_running = rebuild.is_alive()
    rebuild.join(120)

    assert errors == [] and still_running
    assert max(waits) < 4 * CHUNK_SECONDS, waits  # the whole rebuild takes far longer
    assert len(chunks) * CHUNK_SECONDS > 10 * max(waits)
    assert seen == [entries] * 3  # searches find every record throughout
    assert SearchEntry.objects.count() == entries == sum(chunks)
    assert found(client, "halcyon") == [
        "http://testserver/en/meetings/sco-heads-of-state-council-2018-qingdao/"
    ]
    assert found(client, "kestrel") == ["http://testserver/en/meetings/csec-inauguration-2014/"]
    assert found(client, "kingfisher")[0] == "http://testserver/en/mechanisms/sco/"
