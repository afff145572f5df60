"""The document reader against the printed structure of the flagship documents (seeds 002-004)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cooperation import reader
from cooperation.models import Document, Meeting

pytestmark = pytest.mark.django_db

BRI = "bri-eco-plan-2017"
ASEAN = "asean-china-framework-2021-2025"
QINGDAO = "sco-green-development-initiative-2024"


def outline(slug, language):
    with translation.override(language):
        sections = Document.objects.get(slug=slug).sections.all()
        return reader.outline(reader.contents(reader.tree(sections, language)))


def test_bri_plan_contents_are_the_printed_contents():
    """Seed 003, lines 9-33: ten chapters, printed numbers once, sections under chapters."""
    assert outline(BRI, "zh-hans") == [
        (0, "一、重要意义"),
        (1, "（一）生态环保合作是绿色“一带一路”建设的根本要求"),
        (1, "（二）生态环保合作是实现区域经济绿色转型的重要途径"),
        (1, "（三）生态环保合作是落实 2030 年可持续发展议程的重要举措"),
        (0, "二、总体要求"),
        (1, "（一）合作思路"),
        (1, "（二）基本原则"),
        (1, "（三）发展目标"),
        (0, "三、突出生态文明理念，加强生态环保政策沟通"),
        (1, "（一）分享生态文明和绿色发展的理念与实践"),
        (1, "（二）构建生态环保合作平台"),
        (1, "（三）推动环保社会组织和智库交流与合作"),
        (0, "四、遵守法律法规，促进国际产能合作与基础设施建设的绿色化"),
        (1, "（一）发挥企业环境治理主体作用"),
        (1, "（二）推动绿色基础设施建设"),
        (0, "五、推动可持续生产与消费，发展绿色贸易"),
        (1, "（一）促进环境产品与服务贸易便利化"),
        (1, "（二）加强绿色供应链管理"),
        (0, "六、加大支撑力度，推动绿色资金融通"),
        (0, "七、开展生态环保项目和活动，促进民心相通"),
        (1, "（一）加强生态环保重点领域合作"),
        (1, "（二）加大绿色示范项目的支持力度"),
        (0, "八、加强能力建设，发挥地方优势"),
        (0, "九、重大项目"),
        (0, "十、保障措施"),
    ]
    english = outline(BRI, "en")
    assert [label for _depth, label in english[:3]] == [
        "1. Significance",
        "(1) Ecological and environmental cooperation is a fundamental requirement for building "
        "a green Belt and Road",
        english[2][1],
    ]
    assert [depth for depth, _label in english] == [d for d, _ in outline(BRI, "zh-hans")]


def test_asean_framework_contents_are_the_printed_contents_then_notes_and_annex():
    """Seed 004, lines 30-47 (the printed contents), then the notes and annex the text heads."""
    assert outline(ASEAN, "zh-hans") == [
        (0, "1. 合作背景"),
        (0, "2. 合作历程与进展"),
        (1, "2.1 合作历程"),
        (
            1,
            "2.2 《中国 - 东盟环境保护合作战略（2016-2020）》和"
            "《中国 - 东盟环境合作行动计划（2016-2020）》实施进展",
        ),
        (0, "3. 合作原则与目标"),
        (1, "3.1 合作原则"),
        (1, "3.2 合作目标"),
        (0, "4. 战略方向及行动框架"),
        (1, "战略方向 1：环境政策对话与能力建设"),
        (1, "战略方向 2：可持续城市与海洋减塑"),
        (1, "战略方向 3：应对气候变化与空气质量改善"),
        (1, "战略方向 4：生物多样性保护与生态系统管理"),
        (0, "5. 实施安排"),
        (1, "5.1 机构安排"),
        (1, "5.2 资金支持"),
        (1, "5.3 合作形式"),
        (1, "5.4 实施评估"),
        (0, "6. 行动安排"),
        (1, "备注"),
        (0, "附件：《中国 - 东盟环境合作战略及行动计划》相关活动 (2011-2020 年度)"),
    ]
    english = dict((label, depth) for depth, label in outline(ASEAN, "en"))
    assert (
        english["Strategic direction 1: Environmental Policy Dialogue and Capacity Building"] == 1
    )


def test_qingdao_initiative_contents_list_the_six_calls_under_the_lead_in():
    """Seed 002: preamble, "论坛倡导各方:" and six numbered calls, announcement, closing."""
    zh = outline(QINGDAO, "zh-hans")
    assert zh[0] == (0, "论坛倡导各方:")
    assert [label.split(" ", 1)[0] for _depth, label in zh[1:]] == [
        "1.",
        "2.",
        "3.",
        "4.",
        "5.",
        "6.",
    ]
    assert [depth for depth, _label in zh] == [0, 1, 1, 1, 1, 1, 1]
    assert zh[1] == (1, "1. 落实2024年7月4日上合组织阿斯塔纳峰会领导人共识…")
    assert zh[4] == (1, "4. 交流废弃物管理的技术知识、经验与实践…")
    en = outline(QINGDAO, "en")
    assert en[0] == (0, "The forum calls on all parties to:")
    assert en[1] == (1, "1. Act on the consensus of the leaders of…")


def toc_html(html):
    return html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]


def test_printed_numbers_appear_once_and_calls_are_an_ordered_list(client):
    html = client.get(f"/zh-hans/documents/{QINGDAO}/").content.decode()
    toc = toc_html(html)
    assert "1. 1." not in toc and "1.\n" not in toc
    calls = html.split('<ol class="numbered-paragraphs">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r'<li id="(call-\d)"', calls) == [f"call-{i}" for i in range(1, 7)]
    assert '<span class="printed-number">1.</span>' in calls
    # No empty headings: every heading of the full text has words in it.
    text = html.split('id="text-heading"', 1)[1]
    for heading in re.findall(r"<h[3-6][^>]*>(.*?)</h[3-6]>", text, flags=re.S):
        assert re.sub(r"<[^>]+>|\s", "", heading), heading


def test_every_section_has_an_anchor_and_a_link_to_itself(client):
    document = Document.objects.get(slug=ASEAN)
    html = client.get(f"/en/documents/{ASEAN}/").content.decode()
    for section in document.sections.all():
        assert f'id="{section.anchor}"' in html
        assert f'<a class="permalink" href="#{section.anchor}">' in html
    assert html.count("Link to this paragraph") == document.sections.count()


def test_tables_sit_under_their_sections_with_the_misprint_note_beside_it(client):
    html = client.get(f"/en/documents/{ASEAN}/").content.decode()
    section_6 = html.index('id="section-6"')
    activities = html.index('<table class="data activities">')
    notes = html.index('id="section-6-notes"')
    annex = html.index('id="annex"')
    meetings = html.index('<table class="data listed-meetings">')
    assert section_6 < activities < notes < annex < meetings
    row = html.split('id="activity-asean-activity-2-1-1"', 1)[1].split("</tr>", 1)[0]
    assert "2020-2015" in row
    assert "Editorial note:" in row and "misprint" in row
    bri = client.get(f"/en/documents/{BRI}/").content.decode()
    chapter_9 = bri.index('id="chapter-9"')
    assert chapter_9 < bri.index('<table class="data key-projects">') < bri.index('id="chapter-10"')
    assert len(re.findall(r'<tr id="project-\d+">', bri)) == 25


def test_annex_meetings_are_linked_both_ways(client):
    listed = Meeting.objects.filter(listed_in__document__slug=ASEAN)
    assert listed.count() == 64
    html = client.get(f"/en/documents/{ASEAN}/").content.decode()
    table = html.split('<table class="data listed-meetings">', 1)[1].split("</table>", 1)[0]
    assert "64 meetings and activities listed" in table
    linked = re.findall(r'href="/en/meetings/([^/"]+)/"', table)
    assert sorted(linked) == sorted(m.slug for m in listed)
    assert linked[0] == "asean-annex-2019-forum"
    meeting = client.get("/en/meetings/asean-annex-2019-forum/").content.decode()
    assert "Listed in" in meeting
    assert f'href="/en/documents/{ASEAN}/#listed-asean-annex-2019-forum"' in meeting
    assert "Annex of Framework of ASEAN-China Environmental Cooperation" in meeting


def test_parallel_view_aligns_sections_and_marks_editorial_translations(client):
    html = client.get(f"/en/documents/{QINGDAO}/parallel/en/").content.decode()
    rows = re.findall(r'<div class="parallel-row" role="row" id="([^"]+)">', html)
    assert rows == [s.anchor for s in Document.objects.get(slug=QINGDAO).sections.all()]
    assert 'lang="zh-hans"' in html and 'lang="en"' in html
    assert "editorial translation made for this portal" not in html
    russian = client.get(f"/en/documents/{QINGDAO}/parallel/ru/").content.decode()
    assert "The Russian column is an editorial translation made for this portal" in russian
    assert client.get(f"/en/documents/{QINGDAO}/parallel/zh-hans/").status_code == 404
    assert client.get(f"/en/documents/{QINGDAO}/parallel/xx/").status_code == 404


def test_project_and_activity_pages_name_the_plan_as_source(client):
    html = client.get("/en/projects/").content.decode()
    assert html.count(f'href="/en/documents/{BRI}/') == 1
    assert len(re.findall(r'href="/en/projects/[^/"]+/"', html)) == 25
    page = client.get(re.findall(r'href="(/en/projects/[^/"]+/)"', html)[0])
    assert page.status_code == 200
    assert f'href="/en/documents/{BRI}/#project-1"' in page.content.decode()
    assert "From:" in page.content.decode()
    activity = client.get("/ru/activities/asean-activity-2-1-1/").content.decode()
    assert "2020-2015" in activity and f'href="/ru/documents/{ASEAN}/#activity-' in activity


def test_a_meetings_editorial_note_stands_next_to_its_facts_once(client):
    html = client.get("/en/meetings/asean-annex-2019-forum/").content.decode()
    assert html.count("Editorial note:") == 1
    facts_end = html.index("</dl>")
    note = html.index("Editorial note:")
    assert facts_end < note < html.index('<aside class="source-note"')


def test_search_results_link_to_project_and_activity_pages(client):
    data = client.get("/en/search/?q=International+Green+Development+Coalition&format=json").json()
    urls = [r["url"] for r in data["results"]]
    assert any(u.endswith("/en/projects/bri-project-02/") for u in urls), urls
    data = client.get("/en/search/?q=mangrove&format=json").json()
    urls = [r["url"] for r in data["results"]]
    assert any("/en/activities/asean-activity-" in u for u in urls), urls


@pytest.mark.parametrize(
    "path,most",
    [
        (f"/en/documents/{ASEAN}/", 6),
        (f"/en/documents/{BRI}/", 5),
        (f"/en/documents/{QINGDAO}/parallel/ru/", 2),
        ("/en/projects/bri-project-01/", 3),
        ("/en/activities/asean-activity-2-1-1/", 2),
    ],
)
def test_reader_pages_answer_in_a_fixed_number_of_queries(client, settings, path, most):
    settings.PAGE_CACHE = False  # count the page's own reads, not a cached answer
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    assert len(queries) == most


def test_a_note_shared_by_a_whole_group_is_shown_once_with_the_group(client):
    html = client.get(f"/en/documents/{ASEAN}/").content.decode()
    table = html.split('<table class="data activities">', 1)[1].split("</table>", 1)[0]
    groups = table.split('<tr class="group-row">')[1:]
    first = groups[0]
    shared = "The table prints strategic direction 1 as"
    assert first.count(shared) == 1
    assert first.index(shared) < first.index('<tr id="activity-')
    # A row keeps what is its own: 1-2's reading of the schedule "2022, 2024".
    row = first.split('id="activity-asean-activity-1-1-2"', 1)[1].split("</tr>", 1)[0]
    assert "Editorial note:" in row and shared not in row
