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


#: A source named by its seed file's number ("source 003", "来源000和001", "источник 004"):
#: readers know a source by its title. A number that only looks like one is not matched:
#: a thousands group ("400,000", "400 000") or a year ("2001").
INTERNAL_SOURCE_NUMBER = re.compile(r"(?<![\d,.])(?<!\d[\s\u00a0\u202f])0\d\d(?!\d)(?![,.]\d)")

#: Working references that belong in the admin and the JSON, never in a page's text:
#: seed file names, internal source numbers, source line numbers, and language codes (a
#: code inside a URL or a JSON example, set in <pre>, is machine-readable and allowed).
WORKING_REFERENCES = {
    "a seed file name": re.compile(r"\b[\w-]+\.txt\b"),
    "an internal source number": INTERNAL_SOURCE_NUMBER,
    "line numbers": re.compile(
        r"\blines?\s+\d+|第\s*\d+(?:\s*[-–—]\s*\d+)?\s*行|\bстрок[аиеу]?\s+\d+"
    ),
    "a language code": re.compile(
        r"(?<![\w./@=&?-])(?:zh-hans|zh_hans|zh|en|ru)(?![\w./@=&-])", re.I
    ),
}


class TextWithCode(VisibleText):
    """The text a reader sees, including inline code (a file name shows there too), but
    not the API examples set in <pre>."""

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "pre"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "pre") and self._skip:
            self._skip -= 1


def working_references(text: str) -> list[str]:
    return [
        f"{what}: {match.group(0)!r} in …{text[max(0, match.start() - 40) : match.end() + 40]}…"
        for what, pattern in WORKING_REFERENCES.items()
        for match in pattern.finditer(text)
    ]


@pytest.mark.parametrize("language", i18n.LANGUAGE_CODES)
def test_no_page_shows_file_names_line_numbers_or_language_codes(crawled, language):
    leaks = {}
    for path, response in crawled(language).items():
        if "text/html" not in response["Content-Type"]:
            continue
        parser = TextWithCode()
        parser.feed(response.content.decode())
        found = working_references(" ".join(" ".join(parser.parts).split()))
        if found:
            leaks[path] = found
    assert leaks == {}, "\n".join(f"{path}: {found}" for path, found in leaks.items())


@pytest.mark.parametrize("language", i18n.LANGUAGE_CODES)
def test_no_feed_shows_file_names_line_numbers_or_language_codes(client, language):
    import feedparser

    leaks = {}
    for feed in ("news/rss.xml", "news/atom.xml", "meetings/rss.xml", "documents/rss.xml"):
        parsed = feedparser.parse(client.get(f"/{language}/{feed}").content)
        for entry in [parsed.feed, *parsed.entries]:
            for field in ("title", "summary", "subtitle"):
                parser = TextWithCode()
                parser.feed(entry.get(field, ""))
                found = working_references(" ".join(parser.parts))
                if found:
                    leaks.setdefault(feed, []).extend(found)
    assert leaks == {}, "\n".join(f"{feed}: {found}" for feed, found in leaks.items())


class ChineseText(VisibleText):
    """The text of a Chinese page outside elements marked with another language."""

    def __init__(self):
        super().__init__()
        self._other = []

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        lang = dict(attrs).get("lang")
        self._other.append(lang is not None and lang != i18n.CHINESE)

    def handle_endtag(self, tag):
        super().handle_endtag(tag)
        if self._other:
            self._other.pop()

    def handle_data(self, data):
        if not any(self._other):
            super().handle_data(data)


HALF_WIDTH_BETWEEN_CJK = re.compile(r"[\u4e00-\u9fff][,;:]\s*[\u4e00-\u9fff]")
#: Where the portal writes its own Chinese (facts, meta lines), not the sources' text,
#: which keeps the punctuation it was printed with.
PORTAL_WORDS = re.compile(r'<dl class="facts[^"]*">.*?</dl>|<span class="meta">.*?</span>', re.S)
EDITORIAL_NOTE = re.compile(r'class="editorial-note"[^>]*>(.*?)</(?:p|div)>', re.S)


def test_chinese_pages_use_chinese_punctuation_and_chinese_notes(crawled):
    leaks = {}
    for path, response in crawled(i18n.CHINESE).items():
        if "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        parser = ChineseText()
        parser.feed(" ".join(PORTAL_WORDS.findall(html)))
        text = " ".join(" ".join(parser.parts).split())
        found = [m.group(0) for m in HALF_WIDTH_BETWEEN_CJK.finditer(text)]
        found += [
            f"note not in Chinese: {note[:60]}"
            for note in EDITORIAL_NOTE.findall(html)
            if not re.search(r"[\u4e00-\u9fff]", re.sub(r"<strong>.*?</strong>", "", note))
        ]
        if found:
            leaks[path] = found
    assert leaks == {}, "\n".join(f"{path}: {found}" for path, found in leaks.items())
