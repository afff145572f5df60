"""Provenance for people: a source line in the page's language and a page per source."""

import html as html_module
import re

import pytest

from cooperation.models import Meeting
from portal import provenance
from portal.models import Source

pytestmark = pytest.mark.django_db

LINE_REFERENCE = re.compile(r"\blines? \d+|\d{3}_[0-9a-f]{16}\.txt")


def visible(html):
    """The page's text and links, without attribute values (data-* keep the locators)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_locators_become_headings_without_line_numbers():
    assert (
        provenance.passage_path(
            "■ 上海合作组织环境合作 > 合作成果 Achievements (lines 109-110); quote 2 (lines 38-46)"
        )
        == "上海合作组织环境合作 > 合作成果 Achievements"
    )
    assert provenance.passage_heading("附件 > 优先领域：环境可持续城市 > 3 (line 258)") == (
        "优先领域：环境可持续城市"
    )
    assert provenance.passage_path("line 19; en line 54") == ""
    assert provenance.first_line("2.1 合作历程 (line 69); 附件 (line 226)") == 69


@pytest.mark.parametrize("language", ["zh-hans", "en", "ru"])
def test_source_line_is_for_people_and_links_to_the_passage(client, language):
    meeting = Meeting.objects.get(slug="asean-annex-2019-forum")
    html = client.get(f"/{language}/meetings/{meeting.slug}/").content.decode()
    note = html.split('<aside class="source-note"', 1)[1].split("</aside>", 1)[0]
    assert 'data-source-file="004_c91adadedd9ef484.txt"' in note
    assert not LINE_REFERENCE.search(visible(note.split(">", 1)[1]))
    expected = {
        "zh-hans": "来源：",
        "en": "From:",
        "ru": "Взято из:",  # under the heading «Источник», not «Источник» again
    }[language]
    assert expected in note
    assert (
        f'href="/{language}/sources/asean-framework-2021/#passage-meeting-{meeting.slug}"' in note
    )
    assert "优先领域：政策对话与交流（中国 - 东盟环境合作论坛）" not in note


def test_source_page_lists_records_by_kind_and_passages_in_source_order(client):
    source = Source.objects.get(slug="asean-framework-2021")
    html = client.get(f"/en/sources/{source.slug}/").content.decode()
    assert not LINE_REFERENCE.search(visible(html))
    kinds = dict(
        re.findall(r'<th scope="row">([^<]+)</th>\s*<td>(\d+)</td>', html.split('id="taken"')[1])
    )
    assert kinds["Meetings"] == str(Meeting.objects.published().filter(source=source).count())
    assert kinds["Planned activities"] == "21"
    passages = [
        html_module.unescape(p)
        for p in re.findall(r'<h3 id="passage-\d+-heading"><q lang="zh-hans">([^<]+)</q>', html)
    ]
    assert passages.index("1. 合作背景") < passages.index(
        "6. 行动安排 > 战略方向 1 > 行动 1 > 活动 1-1"
    )
    assert passages.index("6. 行动安排 > 战略方向 1 > 行动 1 > 活动 1-1") < passages.index(
        "附件 > 合作领域：政策对话与交流（中国 - 东盟环境合作论坛）"
    )
    assert 'id="passage-meeting-asean-annex-2019-forum"' in html
    assert client.get("/en/sources/no-such-source/").status_code == 404


def test_a_locator_with_several_lines_in_parentheses_is_one_place():
    # The BRI plan's title and date lines are one place: no "(titledate" fragment.
    locator = "“一带一路”生态环境保护合作规划 (title line 3, date line 5; preamble lines 35-37)"
    assert provenance.passage_path(locator) == "“一带一路”生态环境保护合作规划"
    assert provenance.passage_path("前言 (line 35); quote 2 (lines 38-46)") == "前言"


@pytest.mark.parametrize(
    ("lang", "untitled", "kind"),
    [
        ("en", "Where the source prints no heading", "Glossary term:"),
        ("ru", "Место в источнике без заголовка", "Термин глоссария:"),
        ("zh-hans", "来源此处未印标题", "术语："),
    ],
)
def test_passage_headings_read_as_printed(client, lang, untitled, kind):
    html = client.get(f"/{lang}/sources/bri-plan-2017/").content.decode()
    headings = re.findall(r'<h3 id="passage-\d+-heading">(.*?)</h3>', html)
    # No empty quotation, no heading quoted twice: one that holds quotation marks is shown
    # as printed; the others are quoted.
    assert headings[0] == untitled
    assert '<span lang="zh-hans">“一带一路”生态环境保护合作规划</span>' in headings
    assert '<q lang="zh-hans">（一）合作思路</q>' in headings
    assert not any("<q" in h and "“" in h for h in headings)
    assert '<q lang="zh-hans"></q>' not in html
    assert f'<span class="kind">{kind}</span>' in html


def test_source_page_query_count_does_not_grow_with_its_records(
    client, django_assert_max_num_queries
):
    client.get("/en/sources/sco-brochure/")
    with django_assert_max_num_queries(16):
        client.get("/en/sources/sco-brochure/")
