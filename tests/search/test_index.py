"""Index upkeep: term statistics follow every write; glossary names and quotes re-index."""

from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType

from mechanisms.models import Mechanism
from portal.models import Term
from portal.search import statistics
from portal.search.models import SearchEntry, SearchTerm, SearchText
from portal.search.query import search
from tests import factories as f
from tests.search.conftest import found

pytestmark = pytest.mark.django_db


def _stored():
    """The stored statistics of tokens (groups of variants: tests/search/test_facets.py)."""
    rows = SearchTerm.objects.filter(entries__gt=0).exclude(term__startswith="≈")
    return Counter(dict(rows.values_list("term", "entries")))


def _expected():
    total = Counter()
    fields = ("name_tokens", "title_tokens", "summary_tokens", "tokens")
    for row in SearchText.objects.values(*fields):
        total.update(statistics.profile(row))
    return +total


def test_term_statistics_follow_saves_and_deletes():
    assert _stored() == _expected()
    meeting = f.meeting(slug="stats-meeting", title_en="Zyxwv glacier talks")
    assert _stored()["zyxwv"] == 1
    meeting.title_en = "Glacier talks"
    meeting.save()
    assert _stored()["zyxwv"] == 0
    meeting.delete()
    assert _stored() == _expected()


def test_a_glossary_name_finds_its_record_and_puts_it_first():
    mechanism = f.mechanism(slug="glossed", name_en="Qwerty Environmental Mechanism")
    Term.objects.create(
        **f._record(slug="term-glossed"),
        kind="mechanism",
        name_en="Qwerty Environmental Mechanism",
        abbreviation_en="QEMX",
        target_type=ContentType.objects.get_for_model(Mechanism),
        target_slug=mechanism.slug,
    )
    outcome = search({"q": "QEMX"}, "en")
    assert [r.url for r in outcome.results][:1] == ["/en/mechanisms/glossed/"]


def test_a_quotation_makes_its_meeting_findable():
    meeting = f.meeting(slug="quoted-meeting", title_en="Plain meeting")
    assert search({"q": "Xylophonic"}, "en").count == 0
    f.quote(meeting=meeting, text_en="A Xylophonic pledge on rivers", speaker_en="A speaker")
    outcome = search({"q": "Xylophonic"}, "en")
    assert [r.url for r in outcome.results] == ["/en/meetings/quoted-meeting/"]


def test_index_follows_edits_and_deletes(client, corpus):
    assert found(client, q="biosphere")[0] == set()
    forum = corpus["forum"]
    forum.title_en = "Biosphere forum"
    forum.save()
    assert found(client, q="biosphere")[0] == {"meetings/srchtest-forum/"}
    forum.publication = "draft"
    forum.save()
    assert found(client, q="biosphere")[0] == set()
    corpus["plan"].delete()
    assert found(client, q="空气质量")[0] == set()
    assert not SearchEntry.objects.filter(text__url__contains="srchtest-plan").exists()


def _facet_counts():
    from portal.search.models import FacetCount

    return {
        (c.facet_set.signature, c.year): c.entries
        for c in FacetCount.objects.select_related("facet_set")
        if c.entries
    }


def test_facet_counts_follow_every_edit_as_a_recount_would(corpus):
    from portal.search import index

    meeting, forum, plan = corpus["summit"], corpus["forum"], corpus["plan"]
    steps = [
        lambda: setattr(meeting, "when", "2001-02") or meeting.save(),
        lambda: setattr(forum, "publication", "draft") or forum.save(),
        lambda: setattr(forum, "publication", "published") or forum.save(),
        lambda: setattr(meeting, "country", None) or meeting.save(),
        lambda: meeting.topics.clear(),
        lambda: setattr(plan, "when", "") or plan.save(),
        lambda: plan.delete(),
    ]
    for step in steps:
        step()
        maintained = _facet_counts()
        index.recount()
        assert _facet_counts() == maintained


def test_rebuild_command_recreates_the_index(client, corpus):
    from django.core.management import call_command

    SearchEntry.objects.all().delete()
    assert found(client, q="峰会")[0] == set()
    call_command("rebuild_search_index", verbosity=0)
    assert found(client, q="峰会")[0] == {"meetings/srchtest-summit/", "meetings/srchtest-forum/"}
