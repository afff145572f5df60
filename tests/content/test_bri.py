"""Content of fixtures/bri.json: the Belt and Road Ecological and Environmental Cooperation Plan."""

from collections import Counter

import pytest

from cooperation.models import Document, DocumentSection, KeyProject
from mechanisms.models import Body, Mechanism

pytestmark = pytest.mark.django_db

DOC = "bri-eco-plan-2017"


def sections():
    return DocumentSection.objects.filter(document__slug=DOC).order_by("order")


def projects():
    return KeyProject.objects.filter(document__slug=DOC).order_by("number")


# --------------------------------------------------------------------------- mechanism


def test_mechanism_bri_uses_the_name_the_plan_prints():
    bri = Mechanism.objects.get(slug="bri")
    assert bri.source.slug == "bri-plan-2017"
    assert bri.name_zh_hans == "“一带一路”倡议"
    assert bri.name_en == "Belt and Road Initiative"
    assert bri.name_ru == "Инициатива «Пояс и путь»"
    assert bri.short_name_zh_hans == "“一带一路”"
    assert (bri.text_state_zh_hans, bri.text_state_en, bri.text_state_ru) == (
        "official",
        "editorial",
        "editorial",
    )
    assert bri.summary_zh_hans.startswith("推动共建丝绸之路经济带和 21 世纪海上丝绸之路")
    assert bri.summary_zh_hans.endswith("促进世界和平发展。")
    assert bri.background_zh_hans.startswith("自“一带一路”倡议提出以来")
    assert bri.achievements_zh_hans.endswith("取得积极进展和良好成效。")
    assert bri.next_steps_zh_hans.startswith("到2025年")
    assert bri.next_steps_en.startswith("By 2025")
    assert bri.next_steps_ru.startswith("К 2025 году")
    assert bri.established == ""


# --------------------------------------------------------------------------- document


def test_document_date_issuing_body_and_languages():
    doc = Document.objects.get(slug=DOC)
    assert doc.source.slug == "bri-plan-2017"
    assert doc.mechanism.slug == "bri"
    assert doc.kind == "plan"
    assert doc.when == "2017-05"
    assert doc.authoritative_language == "zh-hans"
    assert doc.title_zh_hans == "“一带一路”生态环境保护合作规划"
    assert doc.title_en == "Belt and Road Ecological and Environmental Cooperation Plan"
    assert doc.title_ru == (
        "План сотрудничества в области охраны экологии и окружающей среды в рамках «Пояса и пути»"
    )
    assert doc.issuing_body_zh_hans == "环境保护部"
    assert doc.issuing_body_en == "Ministry of Environmental Protection"
    assert doc.issuing_body_ru == "Министерство охраны окружающей среды"
    assert (doc.text_state_zh_hans, doc.text_state_en, doc.text_state_ru) == (
        "official",
        "editorial",
        "editorial",
    )
    # The summary is the two-paragraph preamble before chapter 1.
    paragraphs = doc.summary_zh_hans.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[1].endswith("环境保护部编制《“一带一路”生态环境保护合作规划》。")
    assert len(doc.summary_en.split("\n\n")) == 2
    assert len(doc.summary_ru.split("\n\n")) == 2
    assert {"green-development", "biodiversity", "nuclear-radiation-safety"} <= set(
        doc.topics.values_list("slug", flat=True)
    )


# --------------------------------------------------------------------------- sections


def test_ten_chapters_in_order_with_their_numbers():
    chapters = sections().filter(level=1)
    assert list(chapters.values_list("number_zh_hans", flat=True)) == [
        "一、",
        "二、",
        "三、",
        "四、",
        "五、",
        "六、",
        "七、",
        "八、",
        "九、",
        "十、",
    ]
    assert list(chapters.values_list("number_en", flat=True)) == [f"{i}." for i in range(1, 11)]
    assert list(chapters.values_list("number_ru", flat=True)) == [f"{i}." for i in range(1, 11)]
    assert list(chapters.values_list("anchor", flat=True)) == [f"chapter-{i}" for i in range(1, 11)]
    assert list(chapters.values_list("heading_zh_hans", flat=True)) == [
        "重要意义",
        "总体要求",
        "突出生态文明理念，加强生态环保政策沟通",
        "遵守法律法规，促进国际产能合作与基础设施建设的绿色化",
        "推动可持续生产与消费，发展绿色贸易",
        "加大支撑力度，推动绿色资金融通",
        "开展生态环保项目和活动，促进民心相通",
        "加强能力建设，发挥地方优势",
        "重大项目",
        "保障措施",
    ]
    assert chapters.get(anchor="chapter-10").heading_en == "Safeguard measures"
    assert chapters.get(anchor="chapter-10").heading_ru == "Меры обеспечения"


def test_numbered_sections_per_chapter():
    assert sections().count() == 25
    assert sections().filter(level=2).count() == 15
    per_chapter = Counter(
        anchor.rsplit("-", 1)[0]
        for anchor in sections().filter(level=2).values_list("anchor", flat=True)
    )
    assert per_chapter == {
        "chapter-1": 3,
        "chapter-2": 3,
        "chapter-3": 3,
        "chapter-4": 2,
        "chapter-5": 2,
        "chapter-7": 2,
    }
    assert list(sections().values_list("order", flat=True)) == list(range(1, 26))
    assert list(
        sections()
        .filter(anchor__startswith="chapter-2-")
        .values_list("number_zh_hans", "number_en", "heading_zh_hans")
    ) == [
        ("（一）", "(1)", "合作思路"),
        ("（二）", "(2)", "基本原则"),
        ("（三）", "(3)", "发展目标"),
    ]


def test_every_section_has_headings_and_text_in_three_languages():
    with_subsections = {
        "chapter-1",
        "chapter-2",
        "chapter-3",
        "chapter-4",
        "chapter-5",
        "chapter-7",
    }
    for section in sections():
        assert section.heading_zh_hans and section.heading_en and section.heading_ru, section.anchor
        assert section.locator, section.anchor
        if section.anchor in with_subsections:
            assert section.body_zh_hans == section.body_en == section.body_ru == ""
        else:
            paragraphs = [section.body_zh_hans, section.body_en, section.body_ru]
            counts = {len(text.split("\n\n")) for text in paragraphs}
            assert all(paragraphs) and len(counts) == 1, section.anchor


def test_section_bodies_are_the_plan_text():
    basic = sections().get(anchor="chapter-2-2")
    assert [p[:9] for p in basic.body_zh_hans.split("\n\n")] == [
        "理念先行，绿色引领",
        "共商共建，互利共赢",
        "政府引导，多元参与",
        "统筹推进，示范带动",
    ]
    # A paragraph broken across a page is joined; the stray "and" is restored to 和.
    assert "普遍面临工业化和城镇化" in sections().get(anchor="chapter-1-2").body_zh_hans
    safeguards = sections().get(anchor="chapter-10")
    assert "重点支持生态环保合作基地建设及开展相关示范工程和项目。" in safeguards.body_zh_hans
    assert " and " not in safeguards.body_zh_hans
    # The table of contents (dotted leaders, page numbers) is not text.
    assert not sections().filter(body_zh_hans__contains=".....").exists()
    assert not sections().filter(heading_zh_hans="目录").exists()
    projects_chapter = sections().get(anchor="chapter-9")
    assert "- 24. “一带一路”环保技术交流与转移中心（深圳）" in projects_chapter.body_zh_hans
    assert "- 16. Green Silk Road Envoys Programme" in projects_chapter.body_en


# --------------------------------------------------------------------------- key projects


def test_twenty_five_projects_in_six_categories():
    assert list(projects().values_list("number", flat=True)) == list(range(1, 26))
    assert Counter(projects().values_list("category", flat=True)) == {
        "policy": 6,
        "infrastructure": 4,
        "trade": 3,
        "finance": 2,
        "people": 4,
        "capacity": 6,
    }
    by_category = {}
    for number, category in projects().values_list("number", "category"):
        by_category.setdefault(category, []).append(number)
    assert by_category == {
        "policy": [1, 2, 3, 4, 5, 6],
        "infrastructure": [7, 8, 9, 10],
        "trade": [11, 12, 13],
        "finance": [14, 15],
        "people": [16, 17, 18, 19],
        "capacity": [20, 21, 22, 23, 24, 25],
    }
    for project in projects():
        assert project.slug == f"bri-project-{project.number:02d}"
        assert project.source.slug == "bri-plan-2017"
        assert project.title_zh_hans and project.title_en and project.title_ru
        assert (project.text_state_zh_hans, project.text_state_en, project.text_state_ru) == (
            "official",
            "editorial",
            "editorial",
        )


def test_sample_projects_field_by_field():
    first = KeyProject.objects.get(slug="bri-project-01")
    assert first.number == 1
    assert first.category == "policy"
    assert first.title_zh_hans == "“一带一路”生态环保合作国际高层对话"
    assert first.title_en == (
        "Belt and Road international high-level dialogue"
        " on ecological and environmental cooperation"
    )
    assert first.title_ru.startswith("Международный диалог высокого уровня")
    assert first.locator == "九、重大项目 > 表 > 政策沟通 > 1 (line 180)"

    # Row 5 follows a page break inside the policy group (blank line in the table).
    fifth = KeyProject.objects.get(slug="bri-project-05")
    assert (fifth.category, fifth.title_zh_hans) == ("policy", "中国-东盟生态友好城市伙伴关系")
    assert list(fifth.topics.values_list("slug", flat=True)) == ["sustainable-cities"]

    fifteenth = KeyProject.objects.get(slug="bri-project-15")
    assert (fifteenth.category, fifteenth.title_zh_hans) == ("finance", "绿色“一带一路”基金研究")
    assert fifteenth.title_en == "Research on a green Belt and Road fund"

    seventeenth = KeyProject.objects.get(slug="bri-project-17")
    assert seventeenth.category == "people"
    assert seventeenth.title_zh_hans == "澜沧江—湄公河环境合作平台"
    assert seventeenth.title_ru == "Платформа экологического сотрудничества Ланьцан–Меконг"
    assert "澜沧江-湄公河" in seventeenth.editorial_note_zh_hans

    last = KeyProject.objects.get(slug="bri-project-25")
    assert (last.category, last.title_zh_hans) == (
        "capacity",
        "中国-东盟环保技术和产业合作示范基地",
    )
    assert set(last.topics.values_list("slug", flat=True)) == {
        "environmental-technology",
        "capacity-building",
    }
    tenth = KeyProject.objects.get(slug="bri-project-10")
    assert set(tenth.topics.values_list("slug", flat=True)) == {"biodiversity", "ecosystems"}


# --------------------------------------------------------------------------- bodies


def test_platforms_and_centres_named_by_the_plan():
    bodies = Body.objects.filter(mechanism__slug="bri", source__slug="bri-plan-2017").order_by(
        "order"
    )
    assert list(bodies.values_list("slug", "kind")) == [
        ("bri-international-green-development-coalition", "organisation"),
        ("bri-environmental-big-data-platform", "platform"),
        ("bri-lancang-mekong-environmental-cooperation-platform", "platform"),
        ("bri-china-cambodia-environmental-cooperation-base", "centre"),
        ("bri-environmental-industry-technology-platform", "platform"),
        ("bri-environmental-technology-transfer-center-shenzhen", "centre"),
        ("bri-china-asean-environmental-technology-industry-base", "centre"),
    ]
    coalition = bodies.get(slug="bri-international-green-development-coalition")
    assert coalition.name_zh_hans == "“一带一路”绿色发展国际联盟"
    assert coalition.name_en == "BRI International Green Development Coalition"
    assert "倡议成立“一带一路”绿色发展国际联盟" in coalition.description_zh_hans
    assert coalition.launched == ""
    platform = bodies.get(slug="bri-environmental-big-data-platform")
    assert platform.name_zh_hans == "“一带一路”生态环保大数据服务平台"
    assert platform.description_zh_hans.startswith("推进环保信息共享服务平台建设。")
    assert platform.description_en.startswith(
        "Advance the building of an environmental information sharing and service platform."
    )
    for body in bodies:
        assert (body.text_state_zh_hans, body.text_state_en, body.text_state_ru) == (
            "official",
            "editorial",
            "editorial",
        )
        assert body.name_en and body.name_ru
