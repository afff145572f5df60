"""The public glossary page: every published term by kind, linked to what it names and uses."""

import re

import pytest

from portal.models import Publication, Term

pytestmark = pytest.mark.django_db

HEADINGS = {
    "zh-hans": ["合作机制", "组织和机构", "国家", "文件", "计划和倡议", "概念"],
    "en": [
        "Cooperation mechanisms",
        "Organizations and bodies",
        "Countries",
        "Documents",
        "Programs and initiatives",
        "Concepts",
    ],
    "ru": [
        "Механизмы сотрудничества",
        "Организации и органы",
        "Страны",
        "Документы",
        "Программы и инициативы",
        "Понятия",
    ],
}


def _terms(html):
    return re.findall(r'<article class="term" id="term-([a-z0-9-]+)"', html)


@pytest.mark.parametrize(
    ("language", "title"), [("zh-hans", "术语表"), ("en", "Glossary"), ("ru", "Глоссарий")]
)
def test_the_glossary_lists_every_term_by_kind_in_each_language(client, language, title):
    response = client.get(f"/{language}/glossary/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert len(_terms(html)) == 85
    assert re.findall(r'<h2 id="kind-[a-z]+-heading">([^<]+)</h2>', html) == HEADINGS[language]
    # Every term names its source texts.
    assert html.count("<dt>") >= 85 * 5


def test_a_term_shows_three_renderings_and_links_to_its_record_and_its_uses(client):
    html = client.get("/en/glossary/").content.decode()
    sco = html[html.index('id="term-sco"') : html.index("</article>", html.index('id="term-sco"'))]
    assert re.search(r"<dfn>Shanghai Cooperation Organization\s*</dfn>", sco)
    assert '<dd lang="zh-hans">' in sco and "上海合作组织" in sco and "（上合组织）" in sco
    assert "Шанхайская организация сотрудничества" in sco and "(ШОС)" in sco
    assert '<li lang="en">Shanghai Cooperation Organisation</li>' in sco
    assert '<a href="/en/mechanisms/sco/" lang="en">Shanghai Cooperation Organization</a>' in sco
    assert 'href="/en/about/#source-sco-bulletin-2021"' in sco
    assert '<a href="/en/mechanisms/china-russia/"' in sco
    # More than eight records use it: the rest are a search away.
    assert 'href="/en/search/?q=Shanghai%20Cooperation%20Organization">All 32 records' in sco


def test_terms_within_a_kind_are_in_alphabetical_order_of_the_page_language(client):
    html = client.get("/en/glossary/").content.decode()
    countries = html[html.index('id="kind-country"') : html.index('id="kind-document"')]
    names = [name.strip() for name in re.findall(r"<dfn>([^<]+)</dfn>", countries)]
    assert names == sorted(names, key=str.casefold)
    assert names[0] == "Belarus" and "United Arab Emirates" in names


def test_a_draft_term_is_not_on_the_page(client):
    Term.objects.filter(slug="shanghai-spirit").update(publication=Publication.DRAFT)
    html = client.get("/en/glossary/").content.decode()
    assert "shanghai-spirit" not in _terms(html)
    assert len(_terms(html)) == 84


def test_the_glossary_page_reads_in_a_fixed_number_of_queries(
    client, settings, django_assert_num_queries
):
    client.get("/en/glossary/")
    # The content generation (the key of the page and of its data), the terms and their
    # sources (2), the records they name (5 kinds), their first uses and how many use
    # each (2, from portal.term_uses: no text is read), the records shown as uses (8
    # kinds) and the footer's period: the same whatever the number of records.
    with django_assert_num_queries(19) as captured:
        client.get("/ru/glossary/")
    assert not [q for q in captured if "documentsection" in q["sql"]]
    # Uncached, the page reads only the generation: its terms and their uses are kept.
    settings.PAGE_CACHE = False
    with django_assert_num_queries(1):
        client.get("/ru/glossary/")
