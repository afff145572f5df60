"""Breadcrumbs, the footer's "content as of" and the identity every page carries (issue 15)."""

import re

import pytest

from portal.models import Source

pytestmark = pytest.mark.django_db

INITIATIVE = "Initiative to Co-Build Green Development Partnerships for Greater Sustainability"
TRAIL = re.compile(r'<nav class="breadcrumbs wrap" aria-label="[^"]+">(.*?)</nav>', re.S)


def trail(html: str) -> list[tuple[str, str]]:
    found = TRAIL.search(html)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', found.group(1)) if found else []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/en/", []),
        ("/en/meetings/", [("/en/", "Home")]),
        (
            "/en/meetings/sco-heads-of-state-council-2018-qingdao/",
            [("/en/", "Home"), ("/en/meetings/", "Meetings")],
        ),
        (
            "/ru/mechanisms/sco/",
            [("/ru/", "Главная"), ("/ru/mechanisms/", "Механизмы сотрудничества")],
        ),
        (
            "/zh-hans/sources/sco-brochure/",
            [("/zh-hans/", "首页"), ("/zh-hans/about/", "关于原始文本")],
        ),
        (
            "/en/documents/sco-green-development-initiative-2024/parallel/ru/",
            [
                ("/en/", "Home"),
                ("/en/documents/", "Documents"),
                ("/en/documents/sco-green-development-initiative-2024/", INITIATIVE),
            ],
        ),
    ],
)
def test_every_page_below_home_has_its_trail(client, path, expected):
    assert trail(client.get(path).content.decode()) == expected


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Content as of its sources, dated May 2017 – July 2024."),
        ("zh-hans", "内容以原始文本为准，原始文本的日期为2017年5月至2024年7月。"),
        ("ru", "Содержание — по состоянию на даты исходных текстов (май 2017 г. – июль 2024 г.)."),
    ],
)
def test_the_footer_says_what_period_the_content_covers(client, language, sentence):
    html = client.get(f"/{language}/").content.decode()
    assert f'<p class="content-as-of">{sentence}</p>' in html


def test_the_period_follows_the_sources_dates(client):
    """Read from the sources as the portal holds them: a corrected date shows at once."""
    source = Source.objects.get(slug="qingdao-initiative-2024")
    source.published = "2025-03"
    source.save()
    try:
        html = client.get("/en/about/").content.decode()
        assert "dated May 2017 – March 2025." in html
    finally:
        source.published = "2024-07-08"
        source.save()


def test_each_page_names_the_portal_with_its_mark_and_favicon(client):
    html = client.get("/en/news/").content.decode()
    assert '<link rel="icon" type="image/svg+xml" href="/static/img/mark.svg">' in html
    assert '<span class="brand-name">Environmental Cooperation Portal</span>' in html
    assert html.count('aria-label="Main"') == 2  # the phone menu's copy and the wide band's
    assert '<summary class="menu-button">Menu</summary>' in html
