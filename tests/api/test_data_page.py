"""The "Data and API" page documents the open data in three languages, with examples."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading", "rate"),
    [
        ("zh-hans", "<h1>数据与 API</h1>", "每个地址在 60 秒内最多可向 API 发出 120 次请求"),
        (
            "en",
            "<h1>Data and API</h1>",
            "Each address may make 120 requests to the API in 60 seconds",
        ),
        (
            "ru",
            "<h1>Данные и API</h1>",
            "С одного адреса можно сделать 120 запросов к API за 60 секунд",
        ),
    ],
)
def test_data_page_in_each_language(client, language, heading, rate):
    response = client.get(f"/{language}/data/")
    html = response.content.decode()
    assert heading in html
    assert rate in html
    for example in (
        'href="/api/v1/docs/"',
        "http://testserver/api/v1/meetings/calendar.ics?mechanism=sco&amp;lang=en",
        f"http://testserver/{language}/documents/rss.xml?topic=climate-change",
        "http://testserver/api/v1/documents/bri-eco-plan-2017/citation.bib?lang=en",
        'href="/api/v1/terms/"',
    ):
        assert example in html


def test_every_page_links_to_the_data_page(client):
    assert 'href="/ru/data/"' in client.get("/ru/").content.decode()


def test_the_examples_on_the_data_page_work(client):
    for url in (
        "/api/v1/meetings/?mechanism=sco&year_from=2015&year_to=2020",
        "/api/v1/documents/bri-eco-plan-2017/",
        "/api/v1/search/?q=%E5%B3%B0%E4%BC%9A&lang=en",
        "/api/v1/meetings/export.csv?topic=climate-change",
        "/api/v1/documents/export.json?mechanism=asean",
        "/api/v1/meetings/calendar.ics?mechanism=sco&lang=en",
        "/en/documents/rss.xml?topic=climate-change",
        "/en/meetings/atom.xml?mechanism=sco",
        "/api/v1/meetings/sco-green-development-forum-2024/citation.ris?lang=zh-hans",
        "/api/v1/news/belarus-green-cities-project-polotsk/citation.csl.json?lang=ru",
    ):
        assert client.get(url).status_code == 200, url
