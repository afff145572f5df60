"""The SCO environmental bulletin, January-February 2021 (source 001): issue, briefs, notes."""

import re

import pytest

from news.models import Brief, BulletinIssue, EditorNote
from portal import provenance

pytestmark = pytest.mark.django_db

ISSUE = "sco-bulletin-2021-01-02"
SOURCE_FILE = "001_fb50de1871337daf.txt"

needs_seeds = pytest.mark.skipif(
    not provenance.SEEDS_DIR.exists(), reason="../shared/seeds is not beside this checkout"
)

# order, slug, date, outlet as printed in 【...】
BRIEFS = [
    (1, "tajikistan-sco-chairmanship-briefing-2021", "2021-01-15", "上合组织秘书处"),
    (2, "russia-environment-report-2019-published", "2020-12-30", "俄罗斯自然资源与生态部"),
    (3, "kazakhstan-new-environmental-code-2021", "2021-01-02", "今日哈萨克斯坦"),
    (4, "armenia-environment-ministry-public-council", "2021-01-12", "亚美尼亚环境部官网"),
    (5, "russia-climate-strategy-2021", "2021-01-14", "俄罗斯消息报"),
    (6, "pakistan-gilgit-baltistan-climate-resilience", "2021-01-17", "巴基斯坦联合通讯社"),
    (7, "russia-energy-efficiency-priorities-2030", "2021-01-18", "俄罗斯《生意人报》"),
    (8, "kazakhstan-almaty-air-pollution-vehicle-controls", "2021-01-20", "今日哈萨克斯坦"),
    (9, "bishkek-most-polluted-city-2021", "2021-01-05", "中新社/努尔苏丹"),
    (10, "kyrgyzstan-bishkek-chui-smog-plan-2021-2023", "2021-01-06", "吉尔吉斯斯坦卫星通讯社"),
    (11, "green-kazakhstan-national-project", "2021-02-02", "哈通社"),
    (12, "belarus-green-cities-project-polotsk", "2021-02-08", "白俄罗斯自然资源与环保部"),
]
SLUG = {order: slug for order, slug, _, _ in BRIEFS}

# Source lines of each brief's text, in reading order (the flattened PDF put some
# pieces after the next brief); odd lines only, the even ones are blank.
BRIEF_LINES = {
    1: [(3, 25)],
    2: [(38, 62)],
    3: [(66, 84)],
    4: [(99, 115)],
    5: [(119, 131)],
    6: [(193, 199), (145, 159), (228, 248)],
    7: [(163, 191)],
    8: [(202, 218)],
    9: [(251, 279)],
    10: [(283, 289), (305, 311), (291, 303)],
    11: [(312, 320), (326, 338)],
    12: [(340, 360)],
}
NOTE_LINES = {1: (27, 35), 2: (86, 90), 3: (92, 96), 4: (133, 139), 5: (220, 226), 6: (362, 368)}
NOTE_BRIEFS = {1: {1}, 2: {2}, 3: {3}, 4: {5, 6, 7}, 5: {8, 9, 10}, 6: {11, 12}}

# A phrase from every piece of every brief, which must occur in that brief's body only.
PHRASES = {
    1: ["scosummit2021", '弘扬"上海精神"'],
    2: ["贝加尔自然区", "俄罗斯高校在环保领域的科研工作"],
    3: ["污染者付费和修复", "约150条监管条例"],
    4: ["罗曼诺斯•彼得罗相", "部长直接领导"],
    5: ["盖达罗夫斯克论坛"],
    6: ["马利克·阿明·阿斯拉姆", "巴基斯坦气象部门", "气候智能住房设施", "争取预算"],
    7: ["白色证书", "列舍特尼科夫"],
    8: ["6154元", "由交警控制"],
    9: ["加德满都", "图洛巴耶夫"],
    10: ["代总理诺维科夫", "汽车催化器", "3)通过植树提高城市绿化程度；"],
    11: ["马赫祖穆·米尔扎哈利耶夫", "杰兹卡兹甘"],
    12: ["全球环境基金资助", "波洛茨克市现拥有自行车道"],
}

BISHKEK_MEASURES = [
    "1)根据该地区的发展前景和方向进行建筑规划；",
    "2)提出城市总体规划修改方案，提升比什凯克市的空气流动性；",
    "3)通过植树提高城市绿化程度；",
    "4)家庭及私营部门实施燃气等替代能源供暖；",
    "5)修复比什凯克已有的垃圾填埋场，新建垃圾卫生填埋场；",
    "6)在公共浴室、保健中心等场所，用气体燃料替代化石燃料；",
    "7)加快车辆油改气推广进程，允许车主分期安装油改气设备，市政车辆和城市公交必须完成油改气项目；",
    "8)确保比什凯克市周边居民区实现天然气全覆盖；",
    "9)降低天然气成本，包括比什凯克热电站成本；",
    "10)降低或免除电动汽车和混合动力汽车进口关税，推行私人租车服务；",
    "11)禁止购买和销售汽车催化器，停止登记无催化器的进口车辆；",
    "12)分析比什凯克市、楚河州索库鲁克区和阿拉姆东区居民受环境影响情况。",
]


def briefs():
    return list(Brief.objects.filter(issue__slug=ISSUE).order_by("order"))


def source_lines():
    return (provenance.SEEDS_DIR / SOURCE_FILE).read_text(encoding="utf-8").split("\n")


def source_text(ranges, lines):
    """The normalised text of source lines ranges (1-based, inclusive), 【outlet】 tags removed."""
    text = "".join(lines[n - 1] for a, b in ranges for n in range(a, b + 1))
    return provenance.normalise(re.sub(r"【[^】]*】", "", text))


def test_one_issue_by_csec():
    issue = BulletinIssue.objects.get(slug=ISSUE)
    assert issue.source.slug == "sco-bulletin-2021"
    assert issue.when == "2021-01/2021-02"
    assert issue.publisher.slug == "csec"
    assert issue.title_zh_hans == "上海合作组织环保动态"
    assert issue.title_en == "SCO Dynamics of Environmental Protection"
    assert issue.title_ru == "Природоохранная хроника ШОС"
    assert issue.issue_label_en == "January–February 2021"
    # Title and label are not printed in the file: the Chinese is editorial.
    assert (issue.text_state_zh_hans, issue.text_state_en, issue.text_state_ru) == (
        "editorial",
        "editorial",
        "editorial",
    )
    assert issue.description_zh_hans.startswith("中国-上海合作组织环境保护合作中心\n\n")
    assert "于2014年成立，是生态环境部直属正局级事业单位" in issue.description_zh_hans
    assert "地址：北京市西城区后英房胡同5号" in issue.description_zh_hans
    assert issue.description_en.startswith("China Center for SCO Environmental Cooperation (CSEC)")
    assert issue.description_ru.startswith(
        "Китайский Центр по сотрудничеству ШОС в сфере охраны окружающей среды"
    )
    assert "established in 2014" in issue.description_en
    assert "основан в 2014 году" in issue.description_ru


@needs_seeds
def test_issue_description_is_copied_from_the_profile():
    issue = BulletinIssue.objects.get(slug=ISSUE)
    source = provenance.source_text(SOURCE_FILE)
    for line in issue.description_zh_hans.splitlines():
        assert provenance.normalise(line) in source, line


def test_twelve_briefs_in_order_with_dates_and_outlets():
    found = [(b.order, b.slug, b.when, b.outlet_zh_hans) for b in briefs()]
    assert found == BRIEFS
    assert Brief.objects.filter(source__slug="sco-bulletin-2021").count() == 12


def test_brief_titles_in_three_languages():
    first, sixth, tenth = (Brief.objects.get(slug=SLUG[n]) for n in (1, 6, 10))
    assert first.title_zh_hans == "塔吉克斯坦举行担任上合组织轮值主席国吹风会"
    assert first.title_en == "Tajikistan holds a briefing on its chairmanship of the SCO"
    assert first.title_ru == "Таджикистан провёл брифинг, посвящённый председательству в ШОС"
    assert first.outlet_en == "SCO Secretariat"
    assert first.outlet_ru == "Секретариат ШОС"
    assert sixth.title_zh_hans == "巴基斯坦加强吉尔吉特-巴尔蒂斯坦地区气候适应能力"
    assert (
        sixth.title_en == "Pakistan strengthens the climate adaptation capacity of Gilgit-Baltistan"
    )
    assert tenth.title_zh_hans == "吉尔吉斯斯坦批准比什凯克市与楚河州的雾霾防治计划"
    assert (
        tenth.title_ru == "Кыргызстан утвердил план борьбы со смогом для Бишкека и Чуйской области"
    )
    titles = [b.title_zh_hans for b in briefs()]
    assert titles[10] == "哈萨克斯坦将通过“绿色哈萨克斯坦”国家项目"
    assert titles[11] == "白俄罗斯积极开展“绿色城市”项目，加强城市绿色交通"


def test_text_states_countries_topics_and_mechanism():
    for brief in briefs():
        assert (brief.text_state_zh_hans, brief.text_state_en, brief.text_state_ru) == (
            "official",
            "editorial",
            "editorial",
        )
        assert brief.body_en.strip() and brief.body_ru.strip()
        assert brief.body_zh_hans.count("\n\n") == brief.body_en.count("\n\n")
        assert brief.body_zh_hans.count("\n\n") == brief.body_ru.count("\n\n")
    by_order = {b.order: b for b in briefs()}
    countries = {n: {c.slug for c in b.countries.all()} for n, b in by_order.items()}
    assert countries == {
        1: {"tajikistan"},
        2: {"russia"},
        3: {"kazakhstan"},
        4: {"armenia"},
        5: {"russia"},
        6: {"pakistan"},
        7: {"russia"},
        8: {"kazakhstan"},
        9: {"kyrgyzstan", "kazakhstan", "uzbekistan"},
        10: {"kyrgyzstan"},
        11: {"kazakhstan"},
        12: {"belarus"},
    }
    assert [n for n, b in by_order.items() if b.mechanism_id] == [1]
    assert by_order[1].mechanism.slug == "sco"
    assert {t.slug for t in by_order[5].topics.all()} == {"climate-change", "environmental-policy"}
    assert {t.slug for t in by_order[9].topics.all()} == {"air-quality"}


def test_bodies_sample():
    first = Brief.objects.get(slug=SLUG[1])
    assert first.body_zh_hans.startswith(
        "2021年1月15日，塔吉克斯坦举行担任上合组织轮值主席国吹风会。"
    )
    assert first.body_zh_hans.endswith("官网（www.scosummit2021.tj）。")
    assert first.body_en.startswith("On 15 January 2021, Tajikistan held a briefing")
    assert first.body_ru.startswith("15 января 2021 года Таджикистан провёл брифинг")
    gb = Brief.objects.get(slug=SLUG[6])
    paragraphs = gb.body_zh_hans.split("\n\n")
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith("巴基斯坦总理气候变化特别助理马利克·阿明·阿斯拉姆表示")
    assert paragraphs[1].startswith("马利克指出：“伊姆兰·汗总理领导的政府")
    assert paragraphs[4].startswith("他指出，由于缺少固体垃圾环保处理设施")
    assert paragraphs[-1].endswith("以实现该地区气候恢复能力的整体提升和环境的可持续发展。”")
    for brief in briefs():
        assert "【" not in brief.body_zh_hans and "编者按" not in brief.body_zh_hans


def test_bishkek_plan_measures_in_order():
    plan = Brief.objects.get(slug=SLUG[10])
    lines = plan.body_zh_hans.splitlines()
    measures = [line for line in lines if re.match(r"^\d{1,2}\)", line)]
    assert measures == BISHKEK_MEASURES
    start = lines.index("此项计划的主要内容包括：")
    assert lines[start + 1 : start + 13] == BISHKEK_MEASURES
    for language in ("en", "ru"):
        text = getattr(plan, f"body_{language}").splitlines()
        numbered = [line.split(")")[0] for line in text if re.match(r"^\d{1,2}\)", line)]
        assert numbered == [str(n) for n in range(1, 13)]


def test_editor_notes_link_the_right_briefs():
    notes = list(EditorNote.objects.filter(issue__slug=ISSUE).order_by("order"))
    assert [n.order for n in notes] == [1, 2, 3, 4, 5, 6]
    linked = {n.order: {b.order for b in n.briefs.all()} for n in notes}
    assert linked == NOTE_BRIEFS
    for note in notes:
        assert (note.text_state_zh_hans, note.text_state_en, note.text_state_ru) == (
            "official",
            "editorial",
            "editorial",
        )
        assert not note.body_zh_hans.startswith("编者按")
    assert notes[0].body_zh_hans.startswith(
        "塔吉克斯坦于2020年11月10日召开的上合组织成员国元首理事会"
    )
    assert notes[0].body_en.startswith("Tajikistan took over the rotating chairmanship of the SCO")
    assert notes[3].body_zh_hans.startswith("由气候变化引起的冰川消融")
    assert notes[4].body_zh_hans.endswith("等措施治理国内雾霾。")
    assert notes[5].body_ru.startswith("Страны ШОС продвигают охрану окружающей среды")


def test_distinctive_phrases_only_in_their_own_brief():
    bodies = {b.order: b.body_zh_hans for b in briefs()}
    for order, phrases in PHRASES.items():
        for phrase in phrases:
            holders = [n for n, body in bodies.items() if phrase in body]
            assert holders == [order], (phrase, holders)


@needs_seeds
def test_each_brief_is_exactly_its_source_lines_in_reading_order():
    lines = source_lines()
    for brief in briefs():
        expected = source_text(BRIEF_LINES[brief.order], lines)
        assert provenance.normalise(brief.body_zh_hans) == expected, brief.order


@needs_seeds
def test_each_note_is_exactly_its_source_lines():
    lines = source_lines()
    for note in EditorNote.objects.filter(issue__slug=ISSUE):
        expected = source_text([NOTE_LINES[note.order]], lines)
        assert expected == "编者按：" + provenance.normalise(note.body_zh_hans), note.order


@needs_seeds
def test_every_line_of_the_bulletin_is_used_once():
    """Every printed line before the CSEC profile sits in exactly one title, body or note."""
    lines = source_lines()
    titles = {provenance.normalise(b.title_zh_hans) for b in briefs()}
    texts = [provenance.normalise(b.body_zh_hans) for b in briefs()]
    texts += [
        provenance.normalise("编者按：" + n.body_zh_hans)
        for n in EditorNote.objects.filter(issue__slug=ISSUE)
    ]
    used_titles = set()
    for number, line in enumerate(lines[:368], start=1):
        text = provenance.normalise(re.sub(r"【[^】]*】", "", line))
        if text in titles:
            used_titles.add(text)
            continue
        if len(text) < 6:  # too short to be distinctive, e.g. 近日，
            continue
        holders = [i for i, t in enumerate(texts) if text in t]
        assert len(holders) == 1, (number, line, holders)
    assert used_titles == titles


@needs_seeds
def test_official_chinese_occurs_in_the_source_line_by_line():
    """Like test_provenance, for this issue; measure 3 of the Bishkek plan is the one
    line the flattened layout split in two (311 "3)通过植树" + 291 "提高城市绿化程度；")."""
    source = provenance.source_text(SOURCE_FILE)
    split_line = "3)通过植树提高城市绿化程度；"
    records = [*briefs(), *EditorNote.objects.filter(issue__slug=ISSUE)]
    for record in records:
        for field in ("title_zh_hans", "outlet_zh_hans", "body_zh_hans"):
            for line in (getattr(record, field, "") or "").splitlines():
                if not line.strip():
                    continue
                if line == split_line:
                    assert "3)通过植树" in source and "提高城市绿化程度；" in source
                    continue
                assert provenance.normalise(line) in source, (record.slug, line)
