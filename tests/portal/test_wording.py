"""Wording a reader's audit of the public pages found wrong, in each language."""

import re

import pytest

pytestmark = pytest.mark.django_db

QINGDAO_2018 = "/{lang}/meetings/sco-heads-of-state-council-2018-qingdao/"


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("lang", "notice"),
    [
        (
            "ru",
            "Редакционный перевод, выполненный для портала; аутентичный текст — на упрощённом "
            "китайском языке.",
        ),
        (
            "en",
            "Editorial translation made for this portal; the authoritative text is in "
            "Simplified Chinese.",
        ),
    ],
)
def test_the_translation_notice_names_the_authoritative_language_after_in(client, lang, notice):
    html = client.get(QINGDAO_2018.format(lang=lang)).content.decode()
    assert notice in _text(html)


@pytest.mark.parametrize("lang", ["zh-hans", "en", "ru"])
def test_the_footer_says_once_where_the_content_comes_from(client, lang):
    footer = client.get(f"/{lang}/").content.decode().split("<footer")[1]
    paragraphs = re.findall(r"<p>([^<]+)</p>", footer)
    assert len(paragraphs) == 1
    five = {"zh-hans": "五份", "en": "five published", "ru": "пяти опубликованным"}[lang]
    assert paragraphs[0].count(five) == 1


def test_a_single_document_is_not_all_of_one(client):
    html = client.get("/en/mechanisms/bri/").content.decode()
    assert re.search(r'documents/\?mechanism=bri">1 document</a>', html)
    assert "All 1 " not in html


def test_chinese_roles_in_the_countries_list_take_a_full_width_colon(client):
    html = client.get("/zh-hans/countries/").content.decode()
    assert "上合组织：观察员国" in html
    assert not re.search(r"[\u4e00-\u9fff]: [\u4e00-\u9fff]", _text(html))


def test_a_mechanism_whose_source_prints_no_date_has_no_empty_content_as_of(client):
    asean = client.get("/en/mechanisms/asean/").content.decode()
    assert "<dt>Content as of</dt>" not in asean and "<dd></dd>" not in asean
    assert re.search(
        r"<dt>Content as of</dt>\s*<dd>c\. 2020</dd>",
        client.get("/en/mechanisms/sco/").content.decode(),
    )


@pytest.mark.parametrize(
    ("lang", "annex"),
    [
        ("en", "Annex: Activities under the China-ASEAN Environmental Cooperation Strategy"),
        ("ru", "Приложение: Мероприятия в рамках Стратегии"),
        ("zh-hans", "附件：《中国 - 东盟环境合作战略及行动计划》相关活动"),
    ],
)
def test_the_annex_is_set_apart_from_its_title_in_contents_and_search(client, lang, annex):
    page = client.get(f"/{lang}/documents/asean-china-framework-2021-2025/").content.decode()
    assert re.search(rf'<a href="#annex"[^>]*>{re.escape(annex)}', page)
    found = client.get(f"/{lang}/search/", {"q": "附件", "format": "json"}).json()["results"]
    assert any(annex in r["title"] for r in found)


def test_russian_wording_that_agrees_with_one_or_many(client):
    # A country "named in the source" is «упоминается», a group of them «упоминаются»;
    # one news result is «новость».
    countries = _text(client.get("/ru/countries/").content.decode())
    assert "АСЕАН–Китай: упоминается в источнике (не список членов)" in countries
    assert "названы" not in countries
    asean = client.get("/ru/mechanisms/asean/").content.decode()
    assert re.search(r"<h3>Упоминаются в источнике \(не список членов\) \(\d+\)</h3>", asean)
    found = client.get("/ru/search/", {"type": "news"}).content.decode()
    assert '<span class="meta">новость · ' in found and "новости · " not in found


@pytest.mark.parametrize(
    ("lang", "option"),
    [("en", ">Summit</option>"), ("ru", ">Саммит</option>"), ("zh-hans", ">峰会</option>")],
)
def test_kind_options_are_capitalised_as_the_other_options_are(client, lang, option):
    html = client.get(f"/{lang}/meetings/").content.decode()
    kinds = html.split('name="kind"')[1].split("</select>")[0]
    assert option in kinds


def test_a_cut_chinese_summary_ends_with_an_ellipsis_not_three_dots(client):
    html = client.get("/zh-hans/").content.decode()
    summaries = re.findall(r'<p class="card-summary">([^<]+)</p>', html)
    assert any(s.endswith("…") for s in summaries)
    assert not any(s.endswith("...") for s in summaries)


def _countries_in_order(html):
    table = html.split('<table class="data"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<a href="/[a-z-]+/countries/[a-z-]+/">([^<]+)</a>', table)


def test_countries_are_in_the_readers_order(client):
    ru = _countries_in_order(client.get("/ru/countries/").content.decode())
    assert ru.index("Иордания") < ru.index("Катар") < ru.index("Филиппины") < ru.index("Япония")
    assert ru == sorted(ru, key=lambda name: name.casefold().replace("ё", "е"))
    zh = _countries_in_order(client.get("/zh-hans/countries/").content.decode())
    # By pinyin: 阿富汗 (a) … 巴基斯坦 (ba) … 印度 (yin) … 中国 (zhong).
    assert zh[0] == "阿富汗"
    assert zh.index("巴基斯坦") < zh.index("俄罗斯") < zh.index("印度") < zh.index("中国")
    en = _countries_in_order(client.get("/en/countries/").content.decode())
    assert en == sorted(en, key=str.casefold)


def test_the_country_filter_offers_countries_in_the_readers_order(client):
    html = client.get("/ru/meetings/").content.decode()
    select = html.split('name="country"')[1].split("</select>")[0]
    names = re.findall(r'<option value="[a-z-]+"[^>]*>([^<]+)</option>', select)
    assert names.index("Иордания") < names.index("Япония")
    assert names == sorted(names, key=lambda name: name.casefold().replace("ё", "е"))


def test_glossary_uses_name_each_records_kind(client):
    """The EAEF is a mechanism and a body of the same name: "Used in" tells them apart."""
    html = _text(client.get("/en/glossary/").content.decode())
    assert "Mechanism: Euro-Asia Economic Forum" in html
    assert "Body: Euro-Asia Economic Forum" in html
    zh = _text(client.get("/zh-hans/glossary/").content.decode())
    assert "合作机制： 欧亚经济论坛" in zh and "机构： 欧亚经济论坛" in zh


@pytest.mark.parametrize("lang", ["zh-hans", "en", "ru"])
def test_a_chinese_abbreviation_takes_full_width_parentheses_in_every_language(client, lang):
    html = client.get(f"/{lang}/glossary/").content.decode()
    assert '中俄环保合作<span class="abbreviation">（中俄）</span>' in html
    assert (
        'China-Russia Environmental Cooperation <span class="abbreviation">(China-Russia)' in html
    )
