"""One name for one thing: editorial translations use the glossary's renderings.

For every glossary term, every editorial English and Russian text that translates a Chinese
text containing the term (its name or abbreviation) must use the term's name, an
abbreviation or a declared accepted form in that language. Official text is not checked:
it is what the source prints.
"""

import pytest

from portal import glossary
from portal.models import Term

pytestmark = pytest.mark.django_db


def _term(**fields):
    defaults = {
        "kind": "country",
        "abbreviation_zh_hans": "",
        "abbreviation_en": "",
        "abbreviation_ru": "",
        "accepted_forms_en": "",
        "accepted_forms_ru": "",
    }
    return Term(**{**defaults, **fields})


def _text(chinese, **translations):
    return glossary.TranslatedText(
        None, "Meeting:test", "title", glossary.fold_zh(chinese), translations
    )


KYRGYZSTAN = {
    "slug": "kyrgyzstan",
    "name_zh_hans": "吉尔吉斯斯坦",
    "name_en": "Kyrgyzstan",
    "name_ru": "Кыргызстан",
    "accepted_forms_ru": "Кыргызстана\nКыргызстане",
}


def test_an_offender_is_named_by_term_record_field_and_language():
    term = _term(**KYRGYZSTAN)
    texts = [_text("比什凯克，吉尔吉斯斯坦", en="Bishkek, Kyrgyzstan", ru="Бишкек, Киргизия")]
    assert [str(o) for o in glossary.offences([term], texts)] == [
        "Meeting:test.title_ru: no rendering of term 'kyrgyzstan'"
    ]


def test_declared_inflections_and_abbreviations_count_aliases_do_not():
    term = _term(**KYRGYZSTAN, aliases_ru="Киргизия")
    texts = [
        _text("吉尔吉斯斯坦首都", en="the capital of KYRGYZSTAN", ru="столица Кыргызстана"),
        _text("在吉尔吉斯斯坦", ru="в Киргизии"),
    ]
    assert [(o.language, o.record) for o in glossary.offences([term], texts)] == [
        ("ru", "Meeting:test")
    ]


def test_a_name_inside_a_longer_name_of_the_same_kind_is_not_a_mention():
    russia = _term(slug="russia", name_zh_hans="俄罗斯", name_en="Russia", name_ru="Россия")
    belarus = _term(slug="belarus", name_zh_hans="白俄罗斯", name_en="Belarus", name_ru="Беларусь")
    texts = [_text("白俄罗斯“绿色城市”项目", en="Belarus's Green Cities", ru="Беларусь")]
    assert glossary.offences([russia, belarus], texts) == []
    assert [t.slug for t in glossary.mentioned(texts[0].chinese, [russia, belarus])] == ["belarus"]


def test_chinese_is_matched_without_spaces_and_with_any_dash():
    term = _term(
        slug="asean-china", name_zh_hans="中国-东盟", name_en="China-ASEAN", name_ru="Китай–АСЕАН"
    )
    texts = [_text("中国 － 东盟环境合作论坛", en="ASEAN forum", ru="форум Китай–АСЕАН")]
    assert [o.language for o in glossary.offences([term], texts)] == ["en"]


def test_every_editorial_translation_uses_the_glossary():
    texts = list(glossary.translated_texts())
    assert len(texts) == 801
    offences = glossary.offences(Term.objects.all(), texts)
    assert [str(o) for o in offences] == []
