"""Language prefixes, the root redirect and the language switcher."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("headers", "cookie", "expected"),
    [
        ({}, None, "/zh-hans/"),
        ({"HTTP_ACCEPT_LANGUAGE": "ru-RU,ru;q=0.9,en;q=0.5"}, None, "/ru/"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}, None, "/en/"),
        ({"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}, None, "/zh-hans/"),
        ({"HTTP_ACCEPT_LANGUAGE": "de-DE,fr;q=0.8"}, None, "/zh-hans/"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "ru", "/ru/"),
    ],
)
def test_root_redirects_to_best_language(headers, cookie, expected):
    client = Client()
    if cookie:
        client.cookies["django_language"] = cookie
    response = client.get("/", **headers)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    ("prefix", "lang", "title"),
    [
        ("zh-hans", "zh-hans", "环境合作门户"),
        ("en", "en", "Environmental Cooperation Portal"),
        ("ru", "ru", "Портал экологического сотрудничества"),
    ],
)
def test_home_in_each_language(client, prefix, lang, title):
    response = client.get(f"/{prefix}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<title>{title}</title>" in html


def test_unprefixed_page_404s_or_redirects(client):
    response = client.get("/no-such-page/")
    assert response.status_code in {302, 404}
    assert client.get("/en/no-such-page/").status_code == 404


def test_switcher_offers_the_same_page_in_three_languages(client):
    html = client.get("/en/").content.decode()
    buttons = re.findall(r'<button type="submit" name="language" value="([a-z-]+)"', html)
    assert buttons == ["zh-hans", "en", "ru"]
    assert 'name="next" value="/en/"' in html


def test_switcher_keeps_the_reader_on_the_same_page(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/en/"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/"
    assert response.cookies["django_language"].value == "ru"
    # The cookie now decides where "/" goes.
    assert client.get("/")["Location"] == "/ru/"


def test_hreflang_alternates_on_every_page(client):
    html = client.get("/ru/").content.decode()
    for code in ("zh-hans", "en", "ru"):
        assert f'hreflang="{code}" href="http://testserver/{code}/"' in html
    assert 'hreflang="x-default" href="http://testserver/zh-hans/"' in html


def test_home_shows_mechanisms_figures_and_latest_records(client):
    html = client.get("/en/").content.decode()
    assert html.count('class="card mechanism-card"') == 7
    assert re.search(r"<strong>\d+</strong> countries", html)
    latest_news = html.split('id="latest-news"')[1].split("</section>")[0]
    assert re.findall(r'href="/en/news/([a-z0-9-]+)/"', latest_news)[:2] == [
        "belarus-green-cities-project-polotsk",
        "green-kazakhstan-national-project",
    ]
    assert 'role="search"' in html
