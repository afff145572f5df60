"""Mechanism cards and pages show what each mechanism has, bounded however many meetings."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mechanisms import selectors
from mechanisms.models import Mechanism
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_home_cards_count_what_each_mechanism_has_and_never_a_row_of_zeros(client):
    counts = {
        m.slug: (m.participant_count, m.body_count, m.document_count, m.meeting_count)
        for m in selectors.mechanisms_with_counts()
    }
    sco = Mechanism.objects.get(slug="sco")
    assert counts["sco"] == (
        sco.memberships.published().values("country").distinct().count(),
        sco.bodies.published().count(),
        sco.documents.published().count(),
        sco.meetings.published().count(),
    )
    assert counts["cica"][0] > 0 and counts["cica"][2:] == (0, 0)
    html = client.get("/en/").content.decode()
    assert "0 meetings" not in html and "0 documents" not in html
    cica = html.split('href="/en/mechanisms/cica/"', 1)[1].split("</li>\n</ul>", 1)[0]
    assert f"{counts['cica'][0]} participants" in cica


def test_cards_are_counted_by_subqueries_and_maintained_counts_not_one_join():
    with CaptureQueriesContext(connection) as queries:
        selectors.mechanisms_with_counts()
    # The mechanisms with their bodies and participants, then the maintained counts of
    # their meetings and documents: no query reads a meeting or a document.
    assert len(queries) == 2
    counted, mechanisms = sorted((q["sql"].upper() for q in queries), key=_reads_mechanisms)
    assert " JOIN " not in mechanisms.split(" FROM ", 1)[1].split("WHERE", 1)[0]
    assert '"SEARCH_FACETCOUNT"' in counted.split(" FROM ", 1)[1]
    assert not [q for q in queries if '"cooperation_' in q["sql"]]


def _reads_mechanisms(sql):
    return sql.split(" FROM ", 1)[1].startswith('"MECHANISMS_MECHANISM"')


def test_mechanism_page_is_bounded_and_links_to_the_filtered_lists(client, settings):
    settings.PAGE_CACHE = False  # count the page's own reads, not a cached answer
    mechanism = f.mechanism(slug="busy")
    for i in range(30):
        f.meeting(slug=f"busy-{i}", mechanism=mechanism, when=f"{2000 + i % 5}-0{1 + i % 9}")
    f.meeting(slug="busy-span", mechanism=mechanism, when="2021/2025")
    client.get("/en/mechanisms/busy/")
    cache.clear()  # the page's data is kept per content generation: read it again
    with CaptureQueriesContext(connection) as few:
        html = client.get("/en/mechanisms/busy/").content.decode()
    for i in range(30, 300):
        f.meeting(slug=f"busy-{i}", mechanism=mechanism, when=f"{2000 + i % 5}")
    with CaptureQueriesContext(connection) as many:
        more = client.get("/en/mechanisms/busy/").content.decode()
    assert len(many) == len(few)
    listed = re.findall(r'href="/en/meetings/(busy-[^/"]+)/"', more)
    assert len(listed) == selectors.LATEST
    assert 'href="/en/meetings/?mechanism=busy"' in more
    assert "All 301 meetings" in more
    assert "All 31 meetings" in html
    # The timeline counts by year in the database; the range is listed as a span and
    # counted in each of its years, as the list each year links to shows it.
    timeline = more.split('id="timeline"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'<th scope="row">(\d{4})</th>', timeline) == [
        str(y) for y in range(2000, 2026)
    ]
    assert "2021–2025:" in timeline and "1 meeting" in timeline
    assert "year_from=2000&amp;year_to=2000" in timeline
    linked = re.findall(r"year_from=(\d{4})&amp;year_to=\d{4}\">(\d+)</a>", timeline)
    assert [y for y, n in linked if n == "1"] == [str(y) for y in range(2021, 2026)]


def test_each_timeline_number_is_the_total_of_the_list_it_links_to(client):
    """ASEAN has a meeting of 2015/2016 and a framework of 2021/2025."""
    html = client.get("/en/mechanisms/asean/").content.decode()
    timeline = html.split('id="timeline"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'href="(/en/(?:meetings|documents)/\?[^"]+)">(\d+)</a>', timeline)
    assert len(links) > 10
    for url, shown in links:
        listed = client.get(url.replace("&amp;", "&")).context["count"]
        assert listed == int(shown), url


def test_mechanism_page_opens_with_summary_and_on_this_page_facts_before_quotations(client):
    html = client.get("/en/mechanisms/sco/").content.decode()
    summary = html.index('class="summary"')
    nav = html.index('class="on-this-page"')
    participants = html.index('id="participants"')
    quotations = html.index('id="quotations"')
    assert summary < nav < participants < quotations
    assert "Content as of" in html
    assert "As listed by the source, c. 2020" in html
