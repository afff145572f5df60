"""Small builders for test records, with text in all three languages."""

import itertools

from cooperation.models import Document, DocumentSection, Meeting, Quote, Topic
from mechanisms.models import Body, Country, Mechanism, Membership
from portal.models import Source

_seq = itertools.count(1)


def source():
    return Source.objects.get_or_create(
        slug="test-source",
        defaults={"file_name": "test.txt", "title_zh_hans": "测试", "title_en": "Test"},
    )[0]


def _record(**fields):
    n = next(_seq)
    fields.setdefault("slug", f"rec-{n}")
    fields.setdefault("source", source())
    fields.setdefault("locator", "test")
    return fields


def trilingual(name, zh, en, ru):
    return {f"{name}_zh_hans": zh, f"{name}_en": en, f"{name}_ru": ru}


def mechanism(**kw):
    kw = _record(**kw)
    for key, value in trilingual("name", "测试机制", "Test mechanism", "Тестовый механизм").items():
        kw.setdefault(key, value)
    return Mechanism.objects.create(**kw)


def country(**kw):
    kw = _record(**kw)
    for key, value in trilingual("name", "测试国", "Testland", "Тестландия").items():
        kw.setdefault(key, value)
    return Country.objects.create(**kw)


def membership(**kw):
    return Membership.objects.create(**_record(**kw))


def body(**kw):
    kw = _record(**kw)
    kw.setdefault("kind", "centre")
    for key, value in trilingual("name", "测试中心", "Test centre", "Тестовый центр").items():
        kw.setdefault(key, value)
    return Body.objects.create(**kw)


def meeting(**kw):
    kw = _record(**kw)
    kw.setdefault("kind", "forum")
    for key, value in trilingual("title", "测试论坛", "Test forum", "Тестовый форум").items():
        kw.setdefault(key, value)
    return Meeting.objects.create(**kw)


def document(**kw):
    kw = _record(**kw)
    kw.setdefault("kind", "declaration")
    for key, value in trilingual(
        "title", "测试宣言", "Test declaration", "Тестовая декларация"
    ).items():
        kw.setdefault(key, value)
    return Document.objects.create(**kw)


def section(document, order, **kw):
    kw.setdefault("anchor", f"s-{order}")
    return DocumentSection.objects.create(document=document, order=order, **kw)


def quote(**kw):
    kw = _record(**kw)
    for key, value in trilingual("text", "引语", "A quotation", "Цитата").items():
        kw.setdefault(key, value)
    return Quote.objects.create(**kw)


def topic(slug="test-topic", **kw):
    for key, value in trilingual("name", "测试主题", "Test topic", "Тестовая тема").items():
        kw.setdefault(key, value)
    return Topic.objects.get_or_create(slug=slug, defaults=kw)[0]
