"""Which records use each glossary term: kept in step with every kind of edit.

After each edit the maintained rows and counts must equal what a rebuild from every text
finds, and the glossary page must show the change at once.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType

from cooperation.models import Meeting
from portal import term_uses
from portal.models import Publication, Term, TermUse, TermUseCount
from tests import factories as f

pytestmark = pytest.mark.django_db


def _state():
    uses = set(TermUse.objects.values_list("term__slug", "record_type", "record_id", "shown"))
    counts = dict(TermUseCount.objects.filter(records__gt=0).values_list("term__slug", "records"))
    return uses, counts


def _assert_as_rebuilt():
    kept = _state()
    term_uses.rebuild()
    rebuilt = _state()
    assert kept[0] - rebuilt[0] == set() and rebuilt[0] - kept[0] == set()
    assert kept[1] == rebuilt[1]


def _uses(record):
    content_type = ContentType.objects.get_for_model(record)
    rows = TermUse.objects.filter(record_type=content_type, record_id=record.pk)
    return set(rows.values_list("term__slug", flat=True))


def test_the_fixtures_uses_equal_a_rebuild():
    _assert_as_rebuilt()
    assert TermUseCount.objects.get(term__slug="sco").records == 32


def test_a_record_edit_adds_and_removes_its_terms():
    meeting = f.meeting(slug="south-south", title_zh_hans="南南合作与上海精神论坛")
    assert _uses(meeting) == {"south-south-cooperation", "shanghai-spirit"}
    _assert_as_rebuilt()
    meeting.title_zh_hans = "南南合作论坛"
    meeting.save()
    assert _uses(meeting) == {"south-south-cooperation"}
    _assert_as_rebuilt()
    meeting.publication = Publication.DRAFT
    meeting.save()
    assert _uses(meeting) == set()
    _assert_as_rebuilt()
    meeting.publication = Publication.PUBLISHED
    meeting.save()
    meeting.delete()
    assert not TermUse.objects.filter(record_id=meeting.pk, term__slug="south-south-cooperation")
    _assert_as_rebuilt()


def test_a_section_or_quotation_counts_as_its_document_and_moves_with_it():
    first = f.document(slug="first-plan", title_zh_hans="计划")
    second = f.document(slug="second-plan", title_zh_hans="规划")
    section = f.section(first, 1, body_zh_hans="推动南南合作。")
    assert _uses(first) == {"south-south-cooperation"}
    section.document = second
    section.save()
    assert (_uses(first), _uses(second)) == (set(), {"south-south-cooperation"})
    _assert_as_rebuilt()
    quote = f.quote(document=first, text_zh_hans="弘扬上海精神")
    assert _uses(first) == {"shanghai-spirit"}
    quote.delete()
    section.delete()
    assert (_uses(first), _uses(second)) == (set(), set())
    _assert_as_rebuilt()
    # A draft document's texts are not public, whatever their own state.
    f.quote(document=first, text_zh_hans="弘扬上海精神")
    first.publication = Publication.DRAFT
    first.save()
    assert _uses(first) == set()
    _assert_as_rebuilt()


def test_a_term_edit_refreshes_the_records_with_its_forms():
    meeting = f.meeting(slug="minsk-talks", title_zh_hans="白俄罗斯代表 团－访问")
    other = f.meeting(slug="minsk-forum", title_zh_hans="白俄罗斯论坛")
    # 俄罗斯 inside 白俄罗斯 is Belarus, not Russia.
    assert _uses(meeting) == _uses(other) == {"belarus"}
    belarus = Term.objects.get(slug="belarus")
    belarus.publication = Publication.DRAFT
    belarus.save()
    assert _uses(meeting) == _uses(other) == {"russia"}
    _assert_as_rebuilt()
    belarus.publication = Publication.PUBLISHED
    belarus.save()
    assert _uses(meeting) == {"belarus"}
    # A new form finds the records holding it, written with spaces and another dash.
    spirit = Term.objects.get(slug="shanghai-spirit")
    spirit.abbreviation_zh_hans = "代表团-访问"
    spirit.save()
    assert _uses(meeting) == {"belarus", "shanghai-spirit"}
    _assert_as_rebuilt()
    # A term is not a use of the record it names.
    spirit.target_type = ContentType.objects.get_for_model(Meeting)
    spirit.target_slug = meeting.slug
    spirit.save()
    assert _uses(meeting) == {"belarus"}
    _assert_as_rebuilt()
    belarus.delete()
    assert _uses(meeting) == {"russia"}
    _assert_as_rebuilt()


def _term_article(client, slug):
    html = client.get("/en/glossary/").content.decode()
    start = html.index(f'id="term-{slug}"')
    return html[start : html.index("</article>", start)]


def test_an_edit_shows_on_the_glossary_at_once(client):
    link = '<a href="/en/meetings/south-south/"'
    assert link not in _term_article(client, "south-south-cooperation")
    meeting = f.meeting(slug="south-south", title_zh_hans="南南合作论坛")
    assert link in _term_article(client, "south-south-cooperation")
    meeting.title_zh_hans = "合作论坛"
    meeting.save()
    assert link not in _term_article(client, "south-south-cooperation")


def test_the_page_shows_the_first_uses_and_counts_them_all(client):
    for n in range(12):
        f.meeting(slug=f"spirit-{n:02d}", when=f"20{n + 10}", title_zh_hans="上海精神论坛")
    article = _term_article(client, "shanghai-spirit")
    shown = re.findall(r'href="/en/(\w+)/([a-z0-9-]+)/"', article)
    # Meetings before documents (the fixtures' two uses), the newest first.
    assert [slug for kind, slug in shown if kind != "about"] == [
        f"spirit-{n:02d}" for n in range(11, 11 - term_uses.SHOWN, -1)
    ]
    assert "All 14 records using it" in article
