"""China-Russia and China-Kazakhstan environmental cooperation (000, lines 205-455)."""

import pytest

from cooperation.models import Document, Meeting, Quote
from mechanisms.models import Body, Mechanism, Membership

pytestmark = pytest.mark.django_db

CR = "china-russia"
CK = "china-kazakhstan"


def slugs(queryset):
    return sorted(queryset.values_list("slug", flat=True))


# ---------------------------------------------------------------- mechanisms


def test_mechanism_names_and_states():
    cr = Mechanism.objects.get(slug=CR)
    assert cr.name_zh_hans == "中俄环保合作"
    assert cr.name_en == "China-Russia Environmental Cooperation"
    assert cr.name_ru == "Сотрудничество Китая и России в области охраны окружающей среды"
    assert (cr.short_name_zh_hans, cr.short_name_en) == ("中俄", "China-Russia")
    assert cr.established == "1994"
    assert cr.source.slug == "sco-brochure"
    assert (cr.text_state_zh_hans, cr.text_state_en, cr.text_state_ru) == (
        "official",
        "official",
        "editorial",
    )

    ck = Mechanism.objects.get(slug=CK)
    assert ck.name_zh_hans == "中哈环保合作"
    assert ck.name_en == "China-Kazakhstan Environmental Cooperation"
    assert ck.established == "2011"
    assert "2011" in ck.editorial_note_en
    assert (ck.text_state_zh_hans, ck.text_state_en, ck.text_state_ru) == (
        "official",
        "official",
        "editorial",
    )


def test_mechanism_texts():
    cr = Mechanism.objects.get(slug=CR)
    assert cr.background_zh_hans.startswith("1994年，中俄两国签署政府间环境保护合作协定。")
    assert cr.background_en.startswith(
        "In 1994, China and Russia signed an intergovernmental agreement"
    )
    assert cr.background_ru.startswith("В 1994 году Китай и Россия подписали")
    assert cr.responsibilities_zh_hans.count("\n- ") == 2
    assert cr.responsibilities_en.startswith("- Ensure the Sub-Committee Meeting")
    assert cr.responsibilities_ru.count("- ") == 3
    # every achievement item, including the photo captions, in source order
    assert cr.achievements_zh_hans.startswith("中俄总理定期会晤委员会环保合作分委会于2006年启动")
    assert cr.achievements_zh_hans.endswith(
        "- 对外合作与交流中心与全俄生态科学研究院签署合作协议（西安，2019年）"
    )
    assert "has been held for 14 sessions so far." in cr.achievements_en
    assert "- The 10th International Environmental Forum in Russia (Moscow, 2019)" in (
        cr.achievements_en
    )
    assert "14 её заседаний" in cr.achievements_ru
    assert cr.next_steps_zh_hans.split("\n\n")[0] == "夯实合作基础，拓展合作领域"
    assert len(cr.next_steps_en.split("\n\n")) == 8
    assert len(cr.next_steps_ru.split("\n\n")) == 8

    ck = Mechanism.objects.get(slug=CK)
    assert ck.background_zh_hans.startswith("2019年两国元首一致决定发展中哈永久全面战略伙伴关系")
    assert ck.achievements_zh_hans.startswith("中哈环保合作委员会会议于2011年启动召开，已召开七届")
    assert "- 《哈萨克斯坦环境应急法律法规汇编(2016)》" in ck.achievements_zh_hans
    assert ck.next_steps_zh_hans.splitlines()[0] == "- 推进中哈环境合作技术支持工程"
    assert ck.next_steps_en.splitlines()[-1] == "- Jointly build Green BRI"
    for field in ("next_steps_zh_hans", "next_steps_en", "next_steps_ru"):
        assert len(getattr(ck, field).splitlines()) == 10


def test_memberships():
    for mechanism, other in ((CR, "russia"), (CK, "kazakhstan")):
        members = Membership.objects.filter(mechanism__slug=mechanism).order_by("order")
        assert [m.country.slug for m in members] == ["china", other]
        assert {m.role for m in members} == {"member"}
        assert [m.slug for m in members] == [
            f"{mechanism}-china-member",
            f"{mechanism}-{other}-member",
        ]


# ---------------------------------------------------------------- bodies


def test_body_counts():
    assert Body.objects.filter(mechanism__slug=CR).count() == 10
    assert Body.objects.filter(mechanism__slug=CK).count() == 6


def test_china_russia_body_tree():
    sub = Body.objects.get(slug="china-russia-environment-subcommission")
    assert sub.kind == "subcommission"
    assert sub.parent.slug == "china-russia-pm-regular-meetings-commission"
    assert sub.name_zh_hans == "中俄总理定期会晤委员会环保合作分委会"
    assert sub.name_en == (
        "Sub-Committee Meeting on Environmental Protection of China-Russia "
        "Prime Ministers' Regular Meeting Committee"
    )
    assert sub.name_ru.startswith("Подкомиссия по сотрудничеству в области охраны окружающей")
    assert (sub.launched, sub.sessions_held, sub.sessions_as_of) == ("2006", 14, "")
    assert "c. 2020" in sub.editorial_note_en

    working_groups = Body.objects.filter(mechanism__slug=CR, kind="working_group")
    assert slugs(working_groups) == [
        "china-russia-pollution-emergency-working-group",
        "china-russia-protected-areas-biodiversity-working-group",
        "china-russia-transboundary-water-quality-working-group",
    ]
    for group in working_groups:
        assert group.parent == sub
        assert (group.launched, group.sessions_held) == ("2007", 13)
        assert "c. 2020" in group.editorial_note_en

    council = Body.objects.get(slug="china-russia-ecological-council")
    assert council.kind == "council"
    assert council.launched == "2015"
    assert council.parent.slug == "china-russia-friendship-committee"
    assert council.name_en == "Ecological Council under CRFCPD"
    assert council.short_name_zh_hans == "生态理事会"
    secretariat = Body.objects.get(slug="china-russia-ecological-council-chinese-secretariat")
    assert secretariat.parent == council
    assert secretariat.name_zh_hans == "中俄友好、和平与发展委员会生态理事会中方秘书处"

    seminars = Body.objects.get(slug="china-russia-solid-waste-seminar-series")
    assert seminars.kind == "seminar_series"
    assert (seminars.launched, seminars.sessions_held, seminars.parent) == ("2017", 2, None)


def test_china_kazakhstan_body_tree():
    committee = Body.objects.get(slug="china-kazakhstan-environment-committee")
    assert committee.name_zh_hans == "中哈环保合作委员会"
    assert committee.name_en == "China-Kazakhstan Environmental Protection Cooperation Committee"
    assert (committee.launched, committee.sessions_held, committee.parent) == ("2011", 7, None)
    groups = Body.objects.filter(mechanism__slug=CK, kind="working_group")
    assert slugs(groups) == [
        "china-kazakhstan-river-emergency-pollution-working-group",
        "china-kazakhstan-river-water-quality-working-group",
    ]
    for group in groups:
        assert group.parent == committee
        assert (group.launched, group.sessions_held) == ("2012", 8)
    rivers = Body.objects.get(slug="china-kazakhstan-transboundary-rivers-joint-committee")
    assert rivers.parent.slug == "china-kazakhstan-cooperation-committee"
    assert rivers.name_en == (
        "China-Kazakh Cooperation Committee on the Use and Protection of Transboundary Rivers"
    )
    centre = Body.objects.get(slug="kazakhstan-green-technologies-centre")
    assert centre.kind == "centre"
    assert centre.name_ru == "Международный центр зелёных технологий и инвестиционных проектов"


# ---------------------------------------------------------------- meetings


def test_meeting_counts():
    assert Meeting.objects.filter(mechanism__slug=CR).count() == 4
    assert Meeting.objects.filter(mechanism__slug=CK).count() == 1


def test_meetings_dates_and_places():
    plenary = Meeting.objects.get(slug="china-russia-friendship-committee-plenary-11-2017")
    assert plenary.body.slug == "china-russia-friendship-committee"
    assert (plenary.session_number, plenary.when) == (11, "2017")
    assert (plenary.city_zh_hans, plenary.city_en, plenary.city_ru) == (
        "莫斯科",
        "Moscow",
        "Москва",
    )
    assert plenary.country.slug == "russia"
    assert plenary.title_en == "11th plenary session of CRFCPD"
    assert plenary.description_zh_hans.startswith("生态理事会中方主席赵英民出席")

    forum = Meeting.objects.get(slug="russia-international-environmental-forum-10-2019")
    assert (forum.kind, forum.session_number, forum.when) == ("forum", 10, "2019")
    assert forum.title_zh_hans == "俄罗斯第十届国际生态论坛"

    expo = Meeting.objects.get(slug="china-russia-environmental-protection-expo-2019")
    seminar = Meeting.objects.get(slug="china-russia-ecological-council-expert-seminar-2019")
    for event in (expo, seminar):
        assert (event.when, event.city_en, event.country.slug) == ("2019", "Harbin", "china")
    assert expo.kind == "exhibition"
    assert seminar.kind == "seminar"
    assert seminar.body.slug == "china-russia-ecological-council"
    assert seminar.title_zh_hans == "中俄生态理事会专家研讨会"

    round_table = Meeting.objects.get(slug="astana-environmental-strategy-round-table-2018")
    assert round_table.mechanism.slug == CK
    assert round_table.when == "2018"
    assert (round_table.city_en, round_table.country) == ("", None)
    assert round_table.title_zh_hans == "“制定阿斯塔纳市改善环境的战略和行动计划”圆桌会"


# ---------------------------------------------------------------- documents


def test_document_counts():
    assert Document.objects.filter(mechanism__slug=CR).count() == 3
    assert Document.objects.filter(mechanism__slug=CK).count() == 4


def test_documents():
    agreement = Document.objects.get(slug="china-russia-environmental-protection-agreement-1994")
    assert (agreement.kind, agreement.when) == ("agreement", "1994")
    assert agreement.title_zh_hans == "政府间环境保护合作协定"
    assert agreement.text_state_zh_hans == "official"
    assert agreement.text_state_en == "editorial"
    assert agreement.summary_en == (
        "In 1994, China and Russia signed an intergovernmental agreement on "
        "environmental protection cooperation."
    )

    statement = Document.objects.get(slug="china-russia-joint-statement-2019-06")
    assert (statement.kind, statement.when) == ("joint_statement", "2019-06")
    assert statement.title_zh_hans == (
        "中华人民共和国和俄罗斯联邦关于发展新时代全面战略协作伙伴关系的联合声明"
    )
    assert statement.title_en.startswith("China-Russia Joint Statement on Elevating")
    assert sorted(statement.topics.values_list("slug", flat=True)) == [
        "biodiversity",
        "climate-change",
        "emergency-response",
        "waste",
        "water",
    ]

    feco = Document.objects.get(slug="feco-all-russian-institute-cooperation-agreement-2019")
    assert (feco.when, feco.city_zh_hans, feco.city_en, feco.country.slug) == (
        "2019",
        "西安",
        "Xi'an",
        "china",
    )
    assert "MoU" in feco.editorial_note_en

    kz_statement = Document.objects.get(slug="china-kazakhstan-joint-statement-2019-09")
    assert kz_statement.when == "2019-09"
    assert kz_statement.title_zh_hans == "中华人民共和国和哈萨克斯坦共和国联合声明"

    mou = Document.objects.get(slug="csec-kazakhstan-green-technologies-centre-mou-2018")
    assert (mou.kind, mou.when, mou.city_en) == ("memorandum", "2018", "")
    compilation = Document.objects.get(slug="bri-kazakhstan-environmental-laws-compilation")
    assert compilation.when == ""
    assert compilation.title_zh_hans == "“一带一路”生态环境保护：哈萨克斯坦重要环保法律法规"


# ---------------------------------------------------------------- quotes


def test_quotes():
    assert Quote.objects.filter(mechanism__slug=CR).count() == 1
    assert Quote.objects.filter(mechanism__slug=CK).count() == 1

    cr = Quote.objects.get(mechanism__slug=CR)
    assert cr.when == "2019-06"
    assert cr.document.slug == "china-russia-joint-statement-2019-06"
    assert "水平和质量" in cr.text_zh_hans
    assert " and " not in cr.text_zh_hans
    assert cr.text_en.startswith("The head of China and Russia held that")
    assert cr.speaker_en == ""
    assert "first sentence" in cr.editorial_note_en
    assert (cr.text_state_zh_hans, cr.text_state_en, cr.text_state_ru) == (
        "official",
        "official",
        "editorial",
    )

    ck = Quote.objects.get(mechanism__slug=CK)
    assert ck.when == "2019-09"
    assert ck.document.slug == "china-kazakhstan-joint-statement-2019-09"
    assert ck.text_zh_hans.startswith("双方高度评价中哈合作委员会利用和保护跨界河流联合委员会")
    assert ck.occasion_en == (
        "The Joint Statement between the People's Republic of China and the Republic of Kazakhstan"
    )


def test_every_record_of_these_sections_is_from_the_brochure():
    for model in (Body, Meeting, Document, Quote):
        records = model.objects.filter(mechanism__slug__in=[CR, CK])
        assert {r.source.slug for r in records} == {"sco-brochure"}
        assert all("(line" in r.locator for r in records)
