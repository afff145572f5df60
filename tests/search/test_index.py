"""Index upkeep: term statistics follow every write; glossary names and quotes re-index."""

from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType

from mechanisms.models import Mechanism
from portal.models import Term
from portal.search import statistics
from portal.search.models import SearchTerm, SearchText
from portal.search.query import search
from tests import factories as f

pytestmark = pytest.mark.django_db


def _stored():
    return Counter(dict(SearchTerm.objects.filter(entries__gt=0).values_list("term", "entries")))


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
