"""A source's languages and parentheses in the page's own words and punctuation (issue 15)."""

import pytest
from django.template import Context, Template
from django.utils import translation

from portal import i18n


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "zh, en, ru", ["Simplified Chinese", "English", "Russian"]),
        ("zh-hans", "zh, en, ru", ["简体中文", "英文", "俄文"]),
        ("en", "zh (en title)", ["Simplified Chinese (title also in English)"]),
        ("zh-hans", "zh (en title)", ["简体中文（标题另有英文）"]),
        ("ru", "zh (en title)", ["Упрощённый китайский (заглавие также на английском языке)"]),
        ("ru", "zh, en, ru", ["Упрощённый китайский", "английский", "русский"]),
        ("en", "Manchu", ["Manchu"]),
    ],
)
def test_source_text_languages_are_named_not_coded(language, text, expected):
    with translation.override(language):
        assert i18n.source_text_languages(text) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "（编辑翻译 &amp; 3）"),
        ("en", "(editorial &amp; 3)"),
        ("ru", "(editorial &amp; 3)"),
    ],
)
def test_parentheses_in_the_page_language(language, expected):
    template = Template("{% load portal %}{{ text|in_parentheses }}")
    text = "编辑翻译 & 3" if language == "zh-hans" else "editorial & 3"
    with translation.override(language):
        assert template.render(Context({"text": text})) == expected
