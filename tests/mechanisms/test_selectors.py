"""What the mechanism pages count: every published record, as the lists they link to."""

import re

import pytest

from cooperation.models import Document, Meeting
from mechanisms import selectors
from mechanisms.models import Mechanism
from portal import counts
from tests import factories as f

pytestmark = pytest.mark.django_db


def _all_link(html, kind):
    # "All 8 documents", but "1 document": there is no "all" of one.
    found = re.search(rf'href="/en/{kind}/\?mechanism=[a-z-]+">(?:All )?(\d+) {kind}?', html)
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


def _recounted():
    """What the pages counted before reading the maintained counts: every record."""
    cards = {
        m.slug: (m.meeting_count, m.document_count)
        for m in Mechanism.objects.published().annotate(
            meeting_count=selectors._count("meetings"),
            document_count=selectors._count("documents"),
        )
    }
    timelines = {
        m.slug: selectors.year_timeline(
            {
                "meetings": selectors._years(m.meetings.published()),
                "documents": selectors._years(m.documents.published()),
            }
        )
        for m in Mechanism.objects.all()
    }
    return cards, timelines


def _maintained():
    cards = {
        m.slug: (m.meeting_count, m.document_count) for m in selectors.mechanisms_with_counts()
    }
    timelines = {
        m.slug: selectors.year_timeline(counts.maintained("mechanism_dates", mechanism_id=m.pk))
        for m in Mechanism.objects.all()
    }
    return cards, timelines


def _assert_the_same():
    maintained, recounted = _maintained(), _recounted()
    assert maintained[0] == recounted[0]
    # Spans in the order the page lists them; years and totals exactly.
    assert maintained[1] == recounted[1]


def test_maintained_counts_equal_a_recount_on_the_real_content():
    cards, timelines = _maintained()
    _assert_the_same()
    assert cards["sco"] == (8, 8) and cards["asean"] == (68, 11)
    # The one dated range of the fixtures is a span on its mechanism's timeline.
    assert sum(len(t["spans"]) for t in timelines.values()) >= 1


def test_maintained_counts_follow_every_kind_of_edit():
    sco, asean = Mechanism.objects.get(slug="sco"), Mechanism.objects.get(slug="asean")
    draft = f.meeting(slug="edit-draft", mechanism=sco, when="2019-04", publication="draft")
    _assert_the_same()
    draft.publication = "published"
    draft.save()  # published
    f.meeting(slug="edit-undated", mechanism=sco, when="")
    f.meeting(slug="edit-span", mechanism=sco, when="2019/2021")
    f.meeting(slug="edit-in-a-year", mechanism=sco, when="2019-03/2019-06")
    f.meeting(slug="edit-no-mechanism", when="2020")
    span = f.document(slug="edit-doc-span", mechanism=asean, when="2017-05/2018")
    _assert_the_same()
    assert _maintained()[0]["sco"] == (12, 8)
    moved = Meeting.objects.get(slug="edit-span")
    moved.mechanism = asean  # to another mechanism
    moved.save()
    span.when = "2016"  # a range becomes a year
    span.save()
    draft.when = "2018/2022"  # a year becomes a range
    draft.save()
    draft.topics.add(f.topic())  # another facet set, the same counts
    _assert_the_same()
    published = Meeting.objects.published().filter(mechanism=asean).exclude(when="").first()
    published.publication = "draft"  # unpublished
    published.save()
    Meeting.objects.get(slug="edit-in-a-year").delete()
    Document.objects.published().filter(mechanism=sco).first().delete()
    _assert_the_same()
    asean.publication = "draft"  # an unpublished mechanism has no card
    asean.save()
    _assert_the_same()
    assert "asean" not in _maintained()[0]
    assert _maintained()[0]["sco"] == (10, 7)
