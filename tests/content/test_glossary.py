"""The glossary (fixtures/glossary.json): every name the sources use for a mechanism, body,
country, key document or recurring concept, in three languages, sourced and linked."""

from collections import Counter

import pytest

from portal.models import Term

pytestmark = pytest.mark.django_db


def test_85_terms_of_six_kinds():
    assert Term.objects.count() == 85
    assert Counter(Term.objects.values_list("kind", flat=True)) == {
        "organisation": 20,
        "country": 18,
        "concept": 15,
        "document": 13,
        "programme": 12,
        "mechanism": 7,
    }


def test_every_term_is_named_defined_and_sourced_in_three_languages():
    incomplete = []
    for term in Term.objects.prefetch_related("sources"):
        for language in ("zh_hans", "en", "ru"):
            for field in ("name", "definition"):
                if not getattr(term, f"{field}_{language}").strip():
                    incomplete.append(f"{term.slug}.{field}_{language}")
        sources = set(term.sources.values_list("slug", flat=True))
        if term.source.slug not in sources or not term.locator.strip():
            incomplete.append(f"{term.slug}: source")
    assert incomplete == []


def test_chinese_names_are_official_and_english_official_where_a_source_prints_it():
    states = Counter(Term.objects.values_list("text_state_zh_hans", "text_state_en"))
    assert states == {("official", "official"): 56, ("official", "editorial"): 29}
    assert set(Term.objects.values_list("text_state_ru", flat=True)) == {"editorial"}


def test_every_term_that_names_a_record_finds_it():
    named = Term.objects.exclude(target_type=None).select_related("target_type")
    assert named.count() == 65
    assert [term.slug for term in named if term.target is None] == []


@pytest.mark.parametrize(
    ("slug", "zh", "en", "ru", "abbreviations", "sources"),
    [
        (
            "sco",
            "上海合作组织",
            "Shanghai Cooperation Organization",
            "Шанхайская организация сотрудничества",
            ("上合组织", "SCO", "ШОС"),
            ["sco-brochure", "sco-bulletin-2021", "qingdao-initiative-2024", "bri-plan-2017"],
        ),
        (
            "cica",
            "亚洲相互协作与信任措施会议",
            "Conference on Interaction and Confidence Building Measures in Asia",
            "Совещание по взаимодействию и мерам доверия в Азии",
            ("亚信", "CICA", "СВМДА"),
            ["sco-brochure", "bri-plan-2017"],
        ),
        (
            "bri",
            "“一带一路”倡议",
            "Belt and Road Initiative",
            "Инициатива «Пояс и путь»",
            ("一带一路", "BRI", ""),
            ["sco-brochure", "bri-plan-2017", "asean-framework-2021"],
        ),
        (
            "asean",
            "东南亚国家联盟",
            "Association of Southeast Asian Nations",
            "Ассоциация государств Юго-Восточной Азии",
            ("东盟", "ASEAN", "АСЕАН"),
            ["bri-plan-2017", "asean-framework-2021"],
        ),
        (
            "ministry-of-ecology-and-environment",
            "生态环境部",
            "Ministry of Ecology and Environment",
            "Министерство экологии и окружающей среды",
            ("", "", ""),
            ["sco-brochure", "sco-bulletin-2021", "asean-framework-2021"],
        ),
        (
            "shanghai-spirit",
            "上海精神",
            "Shanghai Spirit",
            "«шанхайский дух»",
            ("", "", ""),
            ["sco-bulletin-2021", "qingdao-initiative-2024"],
        ),
        (
            "green-silk-road-envoys-programme",
            "绿色丝绸之路使者计划",
            "Green Silk Road Envoys Programme",
            "Программа «Посланники зелёного Шёлкового пути»",
            ("", "", ""),
            ["bri-plan-2017"],
        ),
        (
            "caec-centre",
            "中国-东盟环境保护合作中心",
            "China-ASEAN Environmental Cooperation Center",
            "Центр экологического сотрудничества Китай–АСЕАН",
            ("", "", ""),
            ["asean-framework-2021"],
        ),
    ],
)
def test_key_names(slug, zh, en, ru, abbreviations, sources):
    term = Term.objects.get(slug=slug)
    assert (term.name_zh_hans, term.name_en, term.name_ru) == (zh, en, ru)
    assert (term.abbreviation_zh_hans, term.abbreviation_en, term.abbreviation_ru) == abbreviations
    assert list(term.sources.order_by("order").values_list("slug", flat=True)) == sources


def test_variant_names_are_aliases_for_search_not_renderings():
    kyrgyzstan = Term.objects.get(slug="kyrgyzstan")
    assert kyrgyzstan.name_ru == "Кыргызстан"
    assert kyrgyzstan.alias_list("ru") == ["Киргизия", "Киргизстан", "Кыргызская Республика"]
    assert "Kyrgyz Republic" in kyrgyzstan.alias_list("en")
    assert "中国-东盟环境合作中心" in Term.objects.get(slug="caec-centre").alias_list("zh-hans")
    assert "Shanghai Cooperation Organisation" in Term.objects.get(slug="sco").alias_list("en")
    coalition = Term.objects.get(slug="bri-green-development-coalition")
    assert coalition.name_en == "BRI International Green Development Coalition"
    assert coalition.target.slug == "bri-international-green-development-coalition"
