"""Citations (text, BibTeX, RIS, CSL-JSON), JSON-LD types and the citation_* meta tags."""

import json
import re

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def meta(html):
    return dict(re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', html))


@pytest.mark.parametrize(
    ("page", "schema_type"),
    [
        ("/en/meetings/sco-green-development-forum-2024/", "Event"),
        ("/en/documents/bri-eco-plan-2017/", "CreativeWork"),
        ("/en/news/belarus-green-cities-project-polotsk/", "NewsArticle"),
        ("/en/mechanisms/sco/", "Organization"),
    ],
)
def test_pages_carry_json_ld_of_the_expected_type(client, page, schema_type):
    data = json_ld(client.get(page).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert data["@id"] == f"http://testserver{page}"
    assert data["inLanguage"] == "en"


def test_a_declaration_is_legislation_and_dates_keep_their_precision(client):
    f.document(slug="d-decl", kind="declaration", when="2019-06", title_en="A declaration")
    f.meeting(slug="m-month", when="2014-06/2014-07", title_en="A month meeting")
    data = json_ld(client.get("/en/documents/d-decl/").content.decode())
    assert (data["@type"], data["datePublished"]) == ("Legislation", "2019-06")
    event = json_ld(client.get("/en/meetings/m-month/").content.decode())
    assert (event["startDate"], event["endDate"]) == ("2014-06", "2014-07")


def test_json_ld_cannot_close_its_script_element(client):
    f.meeting(slug="m-script", title_en="</script><script>alert(1)</script>")
    html = client.get("/en/meetings/m-script/").content.decode()
    assert "</script><script>alert(1)" not in html
    assert json_ld(html)["name"] == "</script><script>alert(1)</script>"


def test_documents_carry_the_citation_meta_tags_zotero_reads(client):
    tags = meta(client.get("/en/documents/bri-eco-plan-2017/").content.decode())
    assert tags == {
        "citation_title": "Belt and Road Ecological and Environmental Cooperation Plan",
        "citation_author": "Ministry of Environmental Protection",
        "citation_publication_date": "2017/05",
        "citation_date": "2017/05",
        "citation_publisher": "Ministry of Environmental Protection",
        "citation_language": "en",
        "citation_abstract_html_url": "http://testserver/en/documents/bri-eco-plan-2017/",
    }
    brief = meta(client.get("/zh-hans/news/belarus-green-cities-project-polotsk/").content.decode())
    assert brief["citation_journal_title"] == "上海合作组织环保动态 2021年1-2月"
    assert brief["citation_publication_date"] == "2021/02/08"


def test_citation_text_on_meeting_and_brief_pages_in_the_pages_language(client):
    html = client.get("/ru/meetings/sco-green-development-forum-2024/").content.decode()
    assert (
        "Форум стран Шанхайской организации сотрудничества по зелёному развитию. "
        "Шанхайская организация сотрудничества. Циндао, Китай, 8 июля 2024 г. "
    ) in html
    assert 'href="/api/v1/meetings/sco-green-development-forum-2024/citation.ris?lang=ru"' in html
    brief = client.get("/en/news/belarus-green-cities-project-polotsk/").content.decode()
    assert 'href="/api/v1/news/belarus-green-cities-project-polotsk/citation.bib?lang=en"' in brief


def test_bibtex_keeps_the_sources_precision_and_escapes_specials(client):
    f.document(
        slug="d-bib",
        when="2017-05",
        title_en="Plan for 100% {green} R&D",
        issuing_body_en="Ministry",
        city_en="Beijing",
    )
    response = client.get("/api/v1/documents/d-bib/citation.bib?lang=en")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response.content.decode() == (
        "@misc{d-bib,\n"
        "  title = {Plan for 100\\% \\{green\\} R\\&D},\n"
        "  author = {{Ministry}},\n"
        "  date = {2017-05},\n"
        "  year = {2017},\n"
        "  address = {Beijing},\n"
        "  url = {http://testserver/en/documents/d-bib/},\n"
        "  language = {en}\n"
        "}\n"
    )


def test_ris_gives_no_day_the_source_does_not_give(client):
    f.meeting(slug="m-ris", when="2014-06", title_zh_hans="测试会议", city_zh_hans="北京")
    text = client.get("/api/v1/meetings/m-ris/citation.ris?lang=zh-hans").content.decode()
    lines = text.split("\r\n")
    assert lines[:2] == ["TY  - CONF", "TI  - 测试会议"]
    assert "PY  - 2014" in lines and "DA  - 2014/06//" in lines
    assert "CY  - 北京" in lines
    assert lines[-2:] == ["ER  - ", ""]


def test_csl_json_dates_are_date_parts_as_precise_as_the_source(client):
    f.meeting(slug="m-csl", when="2019-09-02/2019-09-04", title_en="Range meeting")
    items = json.loads(client.get("/api/v1/meetings/m-csl/citation.csl.json?lang=en").content)
    assert items == [
        {
            "id": "m-csl",
            "type": "event",
            "title": "Range meeting",
            "URL": "http://testserver/en/meetings/m-csl/",
            "language": "en",
            "issued": {"date-parts": [[2019, 9, 2], [2019, 9, 4]]},
        }
    ]


def test_drafts_have_no_citation(client):
    f.document(slug="d-draft", publication="draft")
    for extension in ("bib", "ris", "csl.json"):
        assert client.get(f"/api/v1/documents/d-draft/citation.{extension}").status_code == 404
