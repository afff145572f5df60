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


def test_switcher_links_to_the_same_page_in_three_languages(client):
    html = client.get("/en/").content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    links = re.findall(r'<a href="([^"]+)" hreflang="([a-z-]+)"', switcher)
    assert links == [("/zh-hans/", "zh-hans"), ("/en/", "en"), ("/ru/", "ru")]
    assert 'aria-current="page">English</a>' in switcher
    # Plain links: no form, so no CSRF token and no cookie on a public page.
    assert "<form" not in switcher
    assert "csrfmiddlewaretoken" not in html


def test_switcher_keeps_the_filters_of_a_list(client):
    html = client.get("/en/meetings/?mechanism=sco&sort=oldest").content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/ru/meetings/?mechanism=sco&amp;sort=oldest"' in switcher


def test_the_language_is_the_url_prefix_and_root_follows_the_browser(client):
    """The switcher sets no cookie: the prefix is the choice; "/" asks the browser."""
    response = client.get("/ru/")
    assert not response.cookies
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru")["Location"] == "/ru/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/en/"
    assert client.get("/i18n/setlang/").status_code == 404


def test_hreflang_alternates_on_every_page(client):
    html = client.get("/ru/").content.decode()
    for code in ("zh-hans", "en", "ru"):
        assert f'hreflang="{code}" href="http://testserver/{code}/"' in html
    assert 'hreflang="x-default" href="http://testserver/zh-hans/"' in html


def test_home_shows_mechanisms_figures_and_latest_records(client):
    html = client.get("/en/").content.decode()
    assert html.count('class="card"') == 7
    assert re.search(r"<strong>\d+</strong> countries", html)
    latest_news = html.split('id="latest-news"')[1].split("</section>")[0]
    assert re.findall(r'href="/en/news/([a-z0-9-]+)/"', latest_news)[:2] == [
        "belarus-green-cities-project-polotsk",
        "green-kazakhstan-national-project",
    ]
    assert 'role="search"' in html
