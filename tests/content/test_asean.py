"""The prose of 004 (ASEAN-China framework 2021-2025): mechanism, bodies, history, full text."""

import pytest

from cooperation.models import Document, DocumentSection, Meeting
from mechanisms.models import Body, Country, Mechanism, Membership
from portal import provenance

pytestmark = pytest.mark.django_db

SOURCE = "asean-framework-2021"
FRAMEWORK = "asean-china-framework-2021-2025"
SOURCE_FILE = "004_c91adadedd9ef484.txt"

needs_seeds = pytest.mark.skipif(
    not provenance.SEEDS_DIR.exists(), reason="../shared/seeds is not beside this checkout"
)


def sections():
    return DocumentSection.objects.filter(document__slug=FRAMEWORK).order_by("order")


# --- counts ---


def test_counts_of_records_from_the_prose():
    assert Mechanism.objects.filter(slug="asean", source__slug=SOURCE).count() == 1
    assert Membership.objects.filter(mechanism__slug="asean").count() == 8
    assert Country.objects.filter(source__slug=SOURCE).count() == 1
    assert Body.objects.filter(source__slug=SOURCE).count() == 10
    assert Document.objects.filter(source__slug=SOURCE).count() == 11
    # The annex rows (asean-annex-*) come from the tables file.
    prose_meetings = Meeting.objects.filter(source__slug=SOURCE).exclude(
        slug__startswith="asean-annex-"
    )
    assert prose_meetings.count() == 4
    assert sections().count() == 20


# --- the mechanism ---


def test_mechanism_names_dates_and_texts():
    asean = Mechanism.objects.get(slug="asean")
    assert asean.name_zh_hans == "中国-东盟环境合作"
    assert asean.name_en == "ASEAN-China Environmental Cooperation"
    assert asean.name_ru == "Экологическое сотрудничество АСЕАН–Китай"
    # The source gives no founding date: 2003 is the joint declaration, not a founding.
    assert asean.established == ""
    assert "left empty" in asean.editorial_note_en
    assert "2003" in asean.editorial_note_en
    assert "оставлено пустым" in asean.editorial_note_ru
    assert "留空" in asean.editorial_note_zh_hans
    assert (asean.text_state_zh_hans, asean.text_state_en, asean.text_state_ru) == (
        "official",
        "editorial",
        "editorial",
    )
    assert asean.background_zh_hans.startswith("2015年9月,联合国可持续发展峰会")
    assert asean.background_zh_hans.count("\n\n") == 4
    assert asean.background_en.count("\n\n") == 4
    assert asean.background_ru.count("\n\n") == 4
    assert asean.summary_zh_hans.split("\n\n")[1].startswith("2003 年，中国与东盟签署了")
    achievements = asean.achievements_zh_hans.split("\n\n")
    assert len(achievements) == 7
    assert [p[:3] for p in achievements[1:]] == ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]
    assert [p[:3] for p in asean.achievements_en.split("\n\n")[1:]] == [
        "(1)",
        "(2)",
        "(3)",
        "(4)",
        "(5)",
        "(6)",
    ]
    # (1) and (6) were broken across a page; they are joined into one paragraph each.
    assert "环境热点，2016 年到 2019 年期间" in achievements[1]
    assert "约 1200 名" in achievements[6]


def test_memberships_are_the_named_states_only():
    members = Membership.objects.filter(mechanism__slug="asean").order_by("order")
    assert [m.country.slug for m in members] == [
        "china",
        "thailand",
        "cambodia",
        "singapore",
        "vietnam",
        "malaysia",
        "indonesia",
        "laos",
    ]
    # China is a party; the others are only named in the text (hosts, partners).
    assert [m.role for m in members] == ["member"] + ["mentioned"] * 7
    assert "not a membership list" in Mechanism.objects.get(slug="asean").editorial_note_en
    laos = Membership.objects.get(slug="asean-laos-member")
    assert "not listed as a member" in laos.editorial_note_en
    assert {m.since for m in members} == {""}
    for absent in ("brunei", "myanmar", "philippines"):
        assert not members.filter(country__slug=absent).exists()
    assert "line 238" in Membership.objects.get(slug="asean-vietnam-member").editorial_note_en


def test_singapore_is_created_from_this_source():
    singapore = Country.objects.get(slug="singapore")
    assert singapore.source.slug == SOURCE
    assert singapore.kind == "state"
    assert (singapore.name_zh_hans, singapore.name_en, singapore.name_ru) == (
        "新加坡",
        "Singapore",
        "Сингапур",
    )
    assert singapore.text_state_en == "editorial"


# --- bodies ---


def test_centre_contact_exactly_as_printed():
    centre = Body.objects.get(slug="caecc")
    assert centre.mechanism.slug == "asean"
    assert centre.kind == "centre"
    assert centre.launched == "2010"
    assert centre.name_zh_hans == "中国-东盟环境保护合作中心"
    assert centre.name_en == "China-ASEAN Environmental Cooperation Center"
    assert centre.name_ru == "Центр экологического сотрудничества Китай–АСЕАН"
    assert centre.address_zh_hans == "中国北京市西城区后英房胡同 5 号"
    assert centre.address_en == "5 Houyingfang Hutong, Xicheng District, Beijing, China"
    assert centre.address_ru == "Китай, г. Пекин, район Сичэн, хутун Хоуинфан, д. 5"
    assert centre.postcode == "100035"
    assert centre.phone == "+86-10-82268221"
    assert centre.fax == "+86-10-82200579"
    assert centre.email == "li.xia@fecomee.org.cn"
    assert centre.website == "http://www.chinaaseanenv.org/"
    assert (centre.text_state_zh_hans, centre.text_state_en, centre.text_state_ru) == (
        "official",
        "editorial",
        "editorial",
    )
    assert centre.description_zh_hans.startswith("2007 年 11 月，中国国家领导人")


def test_other_bodies_named_in_the_text():
    bodies = Body.objects.filter(source__slug=SOURCE).order_by("order")
    assert [(b.slug, b.kind, b.launched) for b in bodies] == [
        ("caecc", "centre", "2010"),
        ("asean-senior-officials-on-the-environment", "council", ""),
        ("asean-secretariat", "secretariat", ""),
        ("asean-secretariat-environment-division", "secretariat", ""),
        ("asean-china-national-focal-points-meeting", "working_group", ""),
        ("asean-china-environmental-cooperation-forum", "forum", ""),
        ("asean-china-environmental-information-sharing-platform", "platform", "2018-09"),
        ("asean-china-eco-friendly-city-partnership", "platform", "2016-09"),
        ("asean-china-green-envoys-programme", "seminar_series", "2011"),
        ("asean-china-environmental-technology-demonstration-bases", "platform", "2015"),
    ]
    assert {b.mechanism.slug for b in bodies} == {"asean"}
    division = Body.objects.get(slug="asean-secretariat-environment-division")
    assert division.parent.slug == "asean-secretariat"
    assert division.name_zh_hans == "东盟秘书处环境处"
    assert division.name_en == "Environment Division of the ASEAN Secretariat"
    forum = Body.objects.get(slug="asean-china-environmental-cooperation-forum")
    assert forum.name_zh_hans == "中国-东盟环境合作论坛"
    assert forum.name_ru == "Форум экологического сотрудничества Китай–АСЕАН"
    assert forum.sessions_held is None


# --- history: documents and meetings ---


def test_history_documents_with_dates_as_printed():
    documents = Document.objects.filter(source__slug=SOURCE).order_by("when", "slug")
    assert [(d.slug, d.kind, d.when) for d in documents] == [
        ("asean-china-joint-declaration-2003", "declaration", "2003"),
        ("asean-china-centre-and-strategy-proposal-2007", "initiative", "2007-11"),
        ("asean-china-strategy-2009-2015", "strategy", "2009"),
        ("asean-china-action-plan-2011-2013", "action_plan", "2011"),
        ("asean-china-action-plan-2014-2015", "action_plan", "2013"),
        ("asean-china-action-plan-2016-2020", "action_plan", "2016"),
        ("asean-china-strategy-2016-2020", "strategy", "2016"),
        ("asean-china-environmental-outlook-2016", "report", "2016-09"),
        ("caecc-thailand-mangrove-memorandum-2018", "memorandum", "2018-05"),
        ("asean-china-strategic-partnership-vision-2030", "other", "2018-11"),
        (FRAMEWORK, "framework", "2021/2025"),
    ]
    assert {d.mechanism.slug for d in documents} == {"asean"}


def test_history_document_titles_in_three_languages():
    declaration = Document.objects.get(slug="asean-china-joint-declaration-2003")
    assert declaration.title_zh_hans == "中国-东盟面向和平与繁荣的战略伙伴关系联合宣言"
    assert declaration.title_en == (
        "China-ASEAN Joint Declaration on Strategic Partnership for Peace and Prosperity"
    )
    assert declaration.title_ru.startswith("Совместная декларация о стратегическом партнёрстве")
    strategy = Document.objects.get(slug="asean-china-strategy-2016-2020")
    assert strategy.title_zh_hans == "中国-东盟环境合作战略 2016-2020"
    assert "中国 - 东盟环境保护合作战略（2016-2020）" in strategy.editorial_note_zh_hans
    assert strategy.text_state_zh_hans == "official"
    proposal = Document.objects.get(slug="asean-china-centre-and-strategy-proposal-2007")
    assert proposal.adopted_at.slug == "asean-china-leaders-meeting-11-2007"
    vision = Document.objects.get(slug="asean-china-strategic-partnership-vision-2030")
    assert vision.title_en == "ASEAN-China Strategic Partnership Vision 2030"
    assert vision.adopted_at.slug == "asean-china-leaders-meeting-21-2018"
    outlook = Document.objects.get(slug="asean-china-environmental-outlook-2016")
    assert (outlook.city_en, outlook.country.slug) == ("Nanning", "china")


def test_framework_document():
    framework = Document.objects.get(slug=FRAMEWORK)
    assert framework.kind == "framework"
    assert framework.when == "2021/2025"
    assert framework.title_zh_hans == "中国-东盟环境合作战略及行动框架 2021-2025"
    assert framework.title_en == (
        "Framework of ASEAN-China Environmental Cooperation Strategy and Action Plan 2021-2025"
    )
    assert framework.issuing_body_en == "China-ASEAN Environmental Cooperation Center"
    assert "period" in framework.editorial_note_en
    assert "период" in framework.editorial_note_ru
    assert set(framework.topics.values_list("slug", flat=True)) == {
        "environmental-policy",
        "capacity-building",
        "information-sharing",
        "sustainable-cities",
        "marine-plastics",
        "climate-change",
        "air-quality",
        "biodiversity",
        "ecosystems",
    }
    assert set(framework.related.values_list("slug", flat=True)) == {
        "asean-china-strategy-2016-2020",
        "asean-china-action-plan-2016-2020",
        "asean-china-strategic-partnership-vision-2030",
    }


def test_meetings_named_in_the_prose():
    summits = Meeting.objects.filter(source__slug=SOURCE, kind="summit").order_by("when")
    assert [(m.session_number, m.when, m.title_zh_hans, m.title_en) for m in summits] == [
        (11, "2007-11", "第十一次中国-东盟领导人会议", "11th China-ASEAN Leaders' Meeting"),
        (18, "2015", "第18次中国-东盟领导人会议", "18th China-ASEAN Leaders' Meeting"),
        (21, "2018-11", "第21次中国-东盟领导人会议", "21st China-ASEAN Leaders' Meeting"),
    ]
    assert {m.mechanism.slug for m in summits} == {"asean"}
    assert {m.city_zh_hans for m in summits} == {""}
    seminar = Meeting.objects.get(slug="asean-eco-friendly-city-seminar-2019-03-beijing")
    assert (seminar.when, seminar.city_en, seminar.country.slug) == ("2019-03", "Beijing", "china")
    assert seminar.body.slug == "asean-china-eco-friendly-city-partnership"
    assert seminar.text_state_zh_hans == "editorial"
    assert "not list" in seminar.editorial_note_en


# --- the framework's full text ---


def test_sections_in_order_with_numbers_and_anchors():
    assert [(s.order, s.level, s.number_zh_hans, s.anchor) for s in sections()] == [
        (1, 1, "1.", "section-1"),
        (2, 1, "2.", "section-2"),
        (3, 2, "2.1", "section-2-1"),
        (4, 2, "2.2", "section-2-2"),
        (5, 1, "3.", "section-3"),
        (6, 2, "3.1", "section-3-1"),
        (7, 2, "3.2", "section-3-2"),
        (8, 1, "4.", "section-4"),
        (9, 2, "战略方向 1", "direction-1"),
        (10, 2, "战略方向 2", "direction-2"),
        (11, 2, "战略方向 3", "direction-3"),
        (12, 2, "战略方向 4", "direction-4"),
        (13, 1, "5.", "section-5"),
        (14, 2, "5.1", "section-5-1"),
        (15, 2, "5.2", "section-5-2"),
        (16, 2, "5.3", "section-5-3"),
        (17, 2, "5.4", "section-5-4"),
        (18, 1, "6.", "section-6"),
        (19, 2, "", "section-6-notes"),
        (20, 1, "附件", "annex"),
    ]
    assert [s.heading_zh_hans for s in sections()][:8] == [
        "合作背景",
        "合作历程与进展",
        "合作历程",
        "《中国 - 东盟环境保护合作战略（2016-2020）》和"
        "《中国 - 东盟环境合作行动计划（2016-2020）》实施进展",
        "合作原则与目标",
        "合作原则",
        "合作目标",
        "战略方向及行动框架",
    ]
    assert sections().get(anchor="annex").number_en == "Annex"


def test_strategic_direction_headings():
    directions = sections().filter(anchor__startswith="direction-")
    assert [(s.number_en, s.heading_zh_hans, s.heading_en) for s in directions] == [
        (
            "Strategic direction 1",
            "环境政策对话与能力建设",
            "Environmental Policy Dialogue and Capacity Building",
        ),
        (
            "Strategic direction 2",
            "可持续城市与海洋减塑",
            "Sustainable Cities and Marine Plastic Reduction",
        ),
        (
            "Strategic direction 3",
            "应对气候变化与空气质量改善",
            "Addressing Climate Change and Improving Air Quality",
        ),
        (
            "Strategic direction 4",
            "生物多样性保护与生态系统管理",
            "Biodiversity Conservation and Ecosystem Management",
        ),
    ]
    assert [s.heading_ru for s in directions][3] == (
        "Сохранение биоразнообразия и управление экосистемами"
    )


def test_section_bodies_are_complete_in_three_languages():
    for section in sections():
        filled = [bool(section.body_zh_hans), bool(section.body_en), bool(section.body_ru)]
        assert len(set(filled)) == 1, section.anchor
        assert section.body_zh_hans.count("\n") == section.body_en.count("\n"), section.anchor
        assert section.body_zh_hans.count("\n") == section.body_ru.count("\n"), section.anchor
    empty = [s.anchor for s in sections() if not s.body_zh_hans]
    assert empty == ["section-2", "section-3", "section-5", "section-6", "annex"]
    direction_1 = sections().get(anchor="direction-1")
    assert direction_1.body_zh_hans.count("\n- ") == 5
    assert direction_1.body_en.count("\n- ") == 5
    # The closing paragraph after the list of direction 4 stays with direction 4.
    assert sections().get(anchor="direction-4").body_zh_hans.endswith("促进区域可持续发展。")
    # A page break inside a sentence is joined, and the stray "and" is restored to 和.
    assert "第 34 次东盟峰会期间通过" in sections().get(anchor="direction-2").body_zh_hans
    goals = sections().get(anchor="section-3-2").body_zh_hans
    assert "自然资源和环境" in goals
    assert " and " not in goals
    notes = sections().get(anchor="section-6-notes")
    assert "1000 万美元" in notes.body_zh_hans
    assert "10 million US dollars" in notes.body_en


@needs_seeds
def test_section_chinese_occurs_in_the_source():
    text = provenance.source_text(SOURCE_FILE)
    missing = [
        (section.anchor, line)
        for section in sections()
        for field in ("number_zh_hans", "heading_zh_hans", "body_zh_hans")
        for line in provenance._checked_lines(getattr(section, field))
        if provenance.normalise(line) not in text
    ]
    assert missing == []
