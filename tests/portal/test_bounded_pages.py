"""Pages read a fixed number of rows and queries, and totals from maintained counts.

That no page costs more with ten times the records is tests/portal/test_growth.py.
"""

import re

import pytest

from cooperation.models import Document, Meeting
from mechanisms.models import Country, Mechanism
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_mechanism_page_reads_its_latest_rows_without_long_texts(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE = False
    # the mechanism, the terms naming it, the content generation (read once for the page's
    # data and its kept rows), then the page's data: memberships, bodies, latest meetings
    # and documents, quotes, two timeline counts
    with django_assert_num_queries(10) as captured:
        html = client.get("/en/mechanisms/sco/").content.decode()
    sql = [q["sql"] for q in captured]
    rows = [q for q in sql if 'FROM "cooperation_' in q and "LIMIT 10" in q]
    assert len(rows) == 2
    assert not [q for q in rows if "background_en" in q or "description_en" in q]
    latest = Meeting.objects.published().filter(mechanism__slug="sco").newest_first()[:10]
    assert re.findall(r'href="/en/meetings/([a-z0-9-]+)/"', html)[:10] == [m.slug for m in latest]
    # The page's data is kept per content generation and language: rendered again (say
    # for another query string), only the mechanism, its terms and the generation are read.
    with django_assert_num_queries(3):
        again = client.get("/en/mechanisms/sco/?from=home").content.decode()
    assert again.replace("?from=home", "") == html
    f.meeting(slug="sco-newest", mechanism=Mechanism.objects.get(slug="sco"), when="2031")
    with django_assert_num_queries(10):
        after = client.get("/en/mechanisms/sco/").content.decode()
    assert 'href="/en/meetings/sco-newest/"' in after


def _shown_total(html):
    return int(re.search(r'<p class="count" role="status">\s*(\d+)', html).group(1))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?mechanism=sco",
        "?country=china",
        "?topic=biodiversity",
        "?year_from=2015&year_to=2019",
        "?mechanism=asean&year_from=2016",
        "?kind=forum",
        "?q=合作",
        "?q=合作&mechanism=sco",
        "?q=合作&topic=biodiversity&country=china",
        "?q=环境保护合作",
        "?q=climate+change",
        '?q="climate+change"',
        "?q=合作+-环境",
        "?q=合作&year_from=2015",
        "?q=%21%21",
        "?year_from=2022&year_to=2023",
        "?mechanism=asean&year_to=2016",
        "?q=合作&year_from=2022&year_to=2023",
        "?q=cooperation&year_to=2016",
        "?q=环境保护合作&year_from=2021",
        "?q=marine+plastic&year_from=2022&year_to=2023",
        "?q=合作&mechanism=asean&year_from=2022",
    ],
)
def test_list_totals_from_maintained_counts_equal_a_recount(client, query):
    f.meeting(slug="count-extra", when="2016-05", publication="draft")
    meetings = _shown_total(client.get(f"/en/meetings/{query}").content.decode())
    documents = _shown_total(client.get(f"/en/documents/{query}").content.decode())
    from django.http import QueryDict

    from cooperation.filters import DocumentFilter, MeetingFilter

    params = QueryDict(query.lstrip("?"))
    assert meetings == MeetingFilter(params, Meeting.objects.published()).qs.count()
    assert documents == DocumentFilter(params, Document.objects.published()).qs.count()


def _recount(kind, query):
    from django.http import QueryDict

    from cooperation.filters import DocumentFilter, MeetingFilter

    params = QueryDict(query.lstrip("?"))
    if kind == "meetings":
        return MeetingFilter(params, Meeting.objects.published()).qs.count()
    return DocumentFilter(params, Document.objects.published()).qs.count()


def test_list_totals_with_words_follow_edits(client):
    """With words, the total is the search's count of its matches: right after each edit."""
    query = "?q=合作"

    def assert_the_same():
        for kind in ("meetings", "documents"):
            html = client.get(f"/en/{kind}/{query}").content.decode()
            assert _shown_total(html) == _recount(kind, query), kind

    assert_the_same()
    draft = f.meeting(slug="words-draft", title_zh_hans="合作论坛", publication="draft")
    assert_the_same()
    draft.publication = "published"
    draft.save()
    f.document(slug="words-new", title_zh_hans="合作宣言", when="2020")
    assert_the_same()
    before = _recount("meetings", query)
    draft.title_zh_hans = "论坛"  # no longer matches
    draft.save()
    assert _recount("meetings", query) == before - 1
    assert_the_same()
    matching = Meeting.objects.published().filter(title_zh_hans__contains="合作")
    matching.first().delete()
    first = matching.first()
    first.publication = "draft"
    first.save()
    assert_the_same()


def test_list_total_with_one_word_counts_no_rows(client, django_assert_num_queries):
    """One word: the total is a sum of the maintained per-word counts, not a COUNT(*)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        html = client.get("/en/meetings/?q=合作").content.decode()
    assert _shown_total(html) == _recount("meetings", "?q=合作")
    counting = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
    assert not [sql for sql in counting if '"cooperation_meeting"' in sql], counting
    assert [q for q in captured if "search_termfacetcount" in q["sql"]]


def test_a_list_in_years_counts_the_ranges_reaching_into_them(client):
    """``2021/2025`` is in 2022-2023: the ASEAN-China framework is listed and counted."""
    html = client.get("/en/documents/?year_from=2022&year_to=2023").content.decode()
    assert 'href="/en/documents/asean-china-framework-2021-2025/"' in html
    starting = Document.objects.published().filter(when__gte="2022", when__lt="2024").count()
    assert _shown_total(html) == _recount("documents", "?year_from=2022&year_to=2023")
    assert _shown_total(html) > starting


def test_list_total_with_words_and_years_counts_no_rows(client):
    """Words and a year range: the search's count of its matches, not a COUNT(*)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for query in ("?q=合作&year_from=2022&year_to=2023", "?q=环境保护合作&year_to=2016"):
        with CaptureQueriesContext(connection) as captured:
            html = client.get(f"/en/meetings/{query}").content.decode()
        assert _shown_total(html) == _recount("meetings", query)
        counting = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
        assert not [sql for sql in counting if '"cooperation_meeting"' in sql], counting


def test_country_page_shows_the_latest_ten_and_links_to_all(client):
    country = f.country(slug="hostland")
    for n in range(14):
        f.meeting(slug=f"hosted-{n:02d}", when=f"20{n + 10}", country=country)
    html = client.get("/en/countries/hostland/").content.decode()
    hosted = re.findall(r'href="/en/meetings/(hosted-\d+)/"', html)
    assert hosted == [f"hosted-{n:02d}" for n in range(13, 3, -1)]
    assert 'href="/en/meetings/?country=hostland">All meetings</a>' in html
    countries = client.get("/en/countries/").content.decode()
    # Cells carry data-label (their column's name when a phone stacks the rows).
    row = r'href="/en/countries/hostland/">Testland</a>\s*</th>\s*<td[^>]*>\s*</td>\s*'
    row += r"<td[^>]*>14</td>"
    assert re.search(row, countries)


def test_home_figures_count_published_records(client):
    html = client.get("/en/").content.decode()
    meetings = Meeting.objects.published().count()
    documents = Document.objects.published().count()
    assert f"<strong>{meetings}</strong> meetings" in html
    assert f"<strong>{documents}</strong> documents" in html


@pytest.mark.parametrize(
    ("url", "reads"),
    [
        # the mechanisms with their bodies and participants, the maintained counts of
        # meetings and documents per mechanism (the cards and the two totals), the
        # countries, the latest meetings, documents and news
        ("/en/", 6),
        # the countries, their memberships, the maintained hosted counts
        ("/en/countries/", 3),
    ],
)
def test_a_page_keeps_its_data_per_content_generation(
    client, settings, django_assert_num_queries, url, reads
):
    settings.PAGE_CACHE = False
    with django_assert_num_queries(1 + reads):  # + the content generation
        html = client.get(url).content.decode()
    with django_assert_num_queries(1):
        assert client.get(f"{url}?from=feed").content.decode().replace("?from=feed", "") == html
    f.meeting(slug="newest-hosted", when="2031-01", country=Country.objects.get(slug="china"))
    with django_assert_num_queries(1 + reads):
        after = client.get(url).content.decode()
    if url == "/en/":
        assert 'href="/en/meetings/newest-hosted/"' in after
    china = Meeting.objects.published().filter(country__slug="china").count()
    if url == "/en/countries/":
        row = rf'href="/en/countries/china/">China</a>.*?<td[^>]*>{china}</td>'
        assert re.search(row, after, re.S)
