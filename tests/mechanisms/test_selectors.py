"""What the mechanism pages count: every published record, as the lists they link to."""

import re

import pytest

from cooperation.models import Document, Meeting
from mechanisms.models import Mechanism

pytestmark = pytest.mark.django_db


def _all_link(html, kind):
    found = re.search(rf'href="/en/{kind}/\?mechanism=[a-z-]+">All (\d+) {kind}?', html)
    return int(found.group(1)) if found else 0


def test_mechanism_page_totals_count_undated_records_as_the_lists_do(client):
    # The SCO has one undated document (its 2002 agreement's date is not in the source):
    # the timeline cannot place it, but "All 8 documents" leads to a list of eight.
    sco = Mechanism.objects.get(slug="sco")
    assert Document.objects.published().filter(mechanism=sco, when="").count() == 1
    for mechanism in Mechanism.objects.published():
        html = client.get(f"/en/mechanisms/{mechanism.slug}/").content.decode()
        meetings = Meeting.objects.published().filter(mechanism=mechanism).count()
        documents = Document.objects.published().filter(mechanism=mechanism).count()
        assert _all_link(html, "meetings") == meetings, mechanism.slug
        assert _all_link(html, "documents") == documents, mechanism.slug
    html = client.get("/en/mechanisms/sco/").content.decode()
    assert 'href="/en/documents/?mechanism=sco">All 8 documents</a>' in html
