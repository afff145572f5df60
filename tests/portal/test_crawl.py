"""Tried as a new reader would: every link from the home page answers, in every language."""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from portal import i18n

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "locale"
HREF = re.compile(r'href="(/(?:zh-hans|en|ru)/[^"?#]*)"')


class VisibleText(HTMLParser):
    """Collect the text a reader sees (not scripts, not attribute values)."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def interface_phrases():
    """English interface strings that must not show untranslated on a Russian page."""
    with open(LOCALE / "en" / "LC_MESSAGES" / "django.mo", "rb") as fh:
        catalogue = gettext.GNUTranslations(fh)._catalog
    phrases = set()
    for key in catalogue:
        msgid = key if isinstance(key, str) else key[0]
        msgid = msgid.split("\x04")[-1]
        if "%" in msgid or len(msgid) < 8 or not msgid[:1].isupper():
            continue
        phrases.add(msgid)
    return phrases


def crawl(client, language):
    seen, todo, pages = set(), [f"/{language}/"], {}
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        pages[path] = response
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        todo.extend(p for p in HREF.findall(html) if p.startswith(f"/{language}/"))
    return pages


@pytest.fixture(scope="module")
def crawled(django_db_setup, django_db_blocker):
    """Each language's site, crawled once for every test of this module (read-only)."""
    from django.test import Client

    cache = {}

    def pages(language):
        if language not in cache:
            with django_db_blocker.unblock():
                cache[language] = crawl(Client(), language)
        return cache[language]

    return pages


@pytest.mark.parametrize("language", i18n.LANGUAGE_CODES)
def test_every_page_reachable_from_home_answers_with_hreflang(crawled, language):
    pages = crawled(language)
    assert len(pages) > 200
    broken = {p: r.status_code for p, r in pages.items() if r.status_code != 200}
    assert broken == {}
    for path, response in pages.items():
        if "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, path
        for code in (*i18n.LANGUAGE_CODES, "x-default"):
            assert f'hreflang="{code}"' in html, (path, code)


def test_russian_pages_show_no_untranslated_interface_text(crawled):
    phrases = interface_phrases()
    leaks = {}
    for path, response in crawled(i18n.RUSSIAN).items():
        if "text/html" not in response["Content-Type"]:
            continue
        parser = VisibleText()
        # The source note cites the source's own (often English) headings: content, not UI.
        html = re.sub(
            r'<aside class="source-note".*?</aside>', "", response.content.decode(), flags=re.S
        )
        # Text marked with another language (a parallel column, a quoted source heading) is
        # content shown as such, not interface text.
        html = re.sub(r'<(\w+)\b[^>]*\slang="(?!ru")[^"]*"[^>]*>.*?</\1>', "", html, flags=re.S)
        parser.feed(html)
        text = " ".join(parser.parts)
        found = sorted(p for p in phrases if p in text)
        if found:
            leaks[path] = found
    assert leaks == {}
