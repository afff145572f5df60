"""CICA and the Euro-Asia Economic Forum (000), and the Qingdao initiative of 2024 (002)."""

import pytest

from cooperation.models import Document, DocumentSection, Meeting
from mechanisms.models import Body, Mechanism, Membership

pytestmark = pytest.mark.django_db

CICA_MEMBERS = [
    "afghanistan",
    "azerbaijan",
    "china",
    "egypt",
    "india",
    "iran",
    "israel",
    "kazakhstan",
    "kyrgyzstan",
    "mongolia",
    "pakistan",
    "palestine",
    "russia",
    "tajikistan",
    "turkey",
    "uzbekistan",
    "thailand",
    "south-korea",
    "jordan",
    "united-arab-emirates",
    "vietnam",
    "iraq",
    "bahrain",
    "cambodia",
    "qatar",
    "bangladesh",
    "sri-lanka",
]
CICA_OBSERVER_STATES = [
    "indonesia",
    "japan",
    "laos",
    "malaysia",
    "philippines",
    "ukraine",
    "united-states",
    "belarus",
]
CICA_OBSERVER_ORGANISATIONS = [
    "united-nations",
    "osce",
    "iom",
    "league-of-arab-states",
    "turkpa",
]
INITIATIVE = "sco-green-development-initiative-2024"


def _cica_roles(role):
    return Membership.objects.filter(mechanism__slug="cica", role=role).order_by("order")


# --------------------------------------------------------------------------- CICA


def test_cica_mechanism():
    cica = Mechanism.objects.get(slug="cica")
    assert cica.name_zh_hans == "亚洲相互协作与信任措施会议"
    assert cica.name_en == "Conference on Interaction and Confidence Building Measures in Asia"
    assert cica.name_ru == "Совещание по взаимодействию и мерам доверия в Азии"
    assert (cica.short_name_zh_hans, cica.short_name_en, cica.short_name_ru) == (
        "亚信",
        "CICA",
        "СВМДА",
    )
    # 1992 is the year Kazakhstan proposed CICA (倡议建立), not a founding date.
    assert cica.established == ""
    assert "1992 is the year of the proposal" in cica.editorial_note_en
    assert "Казахстан предложил в 1992 году" in cica.background_ru
    assert "созданный в 1992" not in cica.background_ru
    assert "第47届联合国大会" in cica.background_zh_hans
    assert "47th General Assembly of the United Nations in 1992" in cica.background_en
    assert "47-й сессии Генеральной Ассамблеи ООН" in cica.background_ru
    assert cica.source.slug == "sco-brochure"
    assert (cica.text_state_zh_hans, cica.text_state_en, cica.text_state_ru) == (
        "official",
        "official",
        "editorial",
    )


def test_cica_observer_count_contradiction_is_noted():
    cica = Mechanism.objects.get(slug="cica")
    assert "13 observer states" in cica.editorial_note_en
    assert "观察员13个" in cica.editorial_note_zh_hans
    assert "8" in cica.editorial_note_ru and "5" in cica.editorial_note_ru


def test_cica_has_27_members_in_the_sources_order():
    members = _cica_roles("member")
    assert members.count() == 27
    assert [m.country.slug for m in members] == CICA_MEMBERS
    assert [m.order for m in members] == list(range(1, 28))
    assert members.first().slug == "cica-afghanistan-member"
    assert Membership.objects.get(slug="cica-egypt-member").order == 4


def test_cica_has_13_observers_8_states_and_5_organisations_in_order():
    # 000 says 13 observers (观察员); the portal groups them as 8 states and 5 organisations.
    states = _cica_roles("observer")
    organisations = _cica_roles("observer_organisation")
    assert [m.country.slug for m in states] == CICA_OBSERVER_STATES
    assert [m.country.slug for m in organisations] == CICA_OBSERVER_ORGANISATIONS
    assert {m.country.kind for m in states} == {"state"}
    assert {m.country.kind for m in organisations} == {"organisation"}
    un = Membership.objects.get(slug="cica-united-nations-observer")
    assert "13 observer states" in un.editorial_note_en


def test_china_is_cica_coordinator_for_the_environment():
    coordinators = _cica_roles("coordinator")
    assert [m.slug for m in coordinators] == ["cica-china-coordinator"]
    china = coordinators.get()
    assert china.country.slug == "china"
    assert "environment" in china.editorial_note_en
    assert "环境领域" in china.editorial_note_zh_hans
    assert "экологическ" in china.editorial_note_ru
    # China is also one of the 27 members.
    assert Membership.objects.filter(mechanism__slug="cica", country__slug="china").count() == 2


# --------------------------------------------------------------------------- EAEF


def test_eaef_mechanism():
    eaef = Mechanism.objects.get(slug="eaef")
    assert eaef.name_zh_hans == "欧亚经济论坛"
    assert eaef.name_en == "Euro-Asia Economic Forum"
    assert eaef.name_ru == "Евразийский экономический форум"
    assert eaef.established == "2005"
    assert "已成功举办八届" in eaef.background_zh_hans
    assert "Eurasian Economic Forum" in eaef.editorial_note_en
    assert eaef.text_state_en == "official"
    assert eaef.text_state_ru == "editorial"


def test_eaef_held_eight_times():
    forum = Body.objects.get(slug="eaef-forum")
    assert forum.mechanism.slug == "eaef"
    assert forum.kind == "forum"
    assert forum.launched == "2005"
    assert forum.sessions_held == 8
    assert forum.sessions_as_of == ""
    assert "c. 2020" in forum.editorial_note_en


def test_eaef_ecological_sub_forum():
    sub = Body.objects.get(slug="eaef-ecological-sub-forum")
    assert sub.parent.slug == "eaef-forum"
    assert sub.kind == "forum"
    assert sub.name_zh_hans == "生态分会"
    assert sub.name_en == "Sub-forum on Ecological and Environmental Cooperation"
    assert sub.sessions_held is None
    assert Body.objects.filter(mechanism__slug="eaef").count() == 2


# --------------------------------------------------------------------------- Qingdao 2024


def test_qingdao_records_by_source():
    source = "qingdao-initiative-2024"
    assert Meeting.objects.filter(source__slug=source).count() == 2
    assert Document.objects.filter(source__slug=source).count() == 5
    assert Body.objects.filter(source__slug=source).count() == 1


def test_green_development_forum_meeting():
    forum = Meeting.objects.get(slug="sco-green-development-forum-2024")
    assert forum.kind == "forum"
    assert forum.mechanism.slug == "sco"
    assert forum.when == "2024-07-08"
    assert (forum.city_zh_hans, forum.city_en, forum.city_ru) == ("青岛", "Qingdao", "Циндао")
    assert forum.country.slug == "china"
    assert forum.title_zh_hans == "上海合作组织国家绿色发展论坛"
    assert (
        forum.title_en == "Green Development Forum of Shanghai Cooperation Organisation Countries"
    )
    assert forum.theme_zh_hans == "携手绿色发展,推动人与自然和谐共生"
    assert forum.theme_en == (
        "Joining hands in green development, promoting harmony between humanity and nature"
    )
    assert forum.theme_ru
    assert [t.slug for t in forum.topics.all()] == ["green-development"]


def test_initiative_document():
    doc = Document.objects.get(slug=INITIATIVE)
    assert doc.kind == "initiative"
    assert doc.title_zh_hans == "“共建绿色发展伙伴关系,共促可持续发展”倡议"
    assert doc.title_en == (
        "Initiative to Co-Build Green Development Partnerships for Greater Sustainability"
    )
    assert doc.title_ru.startswith("Инициатива «")
    assert doc.adopted_at.slug == "sco-green-development-forum-2024"
    assert doc.when == "2024-07-08"
    assert doc.city_en == "Qingdao"
    assert doc.mechanism.slug == "sco"
    assert doc.authoritative_language == "zh-hans"
    assert (doc.text_state_zh_hans, doc.text_state_en, doc.text_state_ru) == (
        "official",
        "official",
        "editorial",
    )
    assert {d.slug for d in doc.related.all()} >= {
        "sco-environmental-cooperation-concept-2018",
        "sco-environmental-protection-agreement",
        "sco-climate-change-statement-2022",
        "kunming-montreal-global-biodiversity-framework",
        "2030-agenda-for-sustainable-development",
    }
    assert {t.slug for t in doc.topics.all()} == {
        "green-development",
        "climate-change",
        "biodiversity",
        "waste",
        "environmental-technology",
        "capacity-building",
    }


def test_initiative_sections_in_order_with_six_numbered_calls():
    sections = DocumentSection.objects.filter(document__slug=INITIATIVE).order_by("order")
    assert [s.anchor for s in sections] == [
        "preamble",
        "calls",
        "call-1",
        "call-2",
        "call-3",
        "call-4",
        "call-5",
        "call-6",
        "innovation-base",
        "closing",
    ]
    # The preamble, China's announcement and the closing stand at the top level beside the
    # lead-in (unheaded, so kept out of the contents); the calls nest under the lead-in.
    assert [s.level for s in sections] == [1, 1, 2, 2, 2, 2, 2, 2, 1, 1]
    calls = [s for s in sections if s.anchor.startswith("call-")]
    for i, call in enumerate(calls, 1):
        assert call.level == 2
        assert call.number_zh_hans == call.number_en == call.number_ru == f"{i}."
        assert call.body_zh_hans and call.body_en and call.body_ru
    assert calls[3].body_zh_hans == "交流废弃物管理的技术知识、经验与实践。"
    assert calls[3].body_en == (
        "Exchange technical knowledge, experience and practices in waste management."
    )
    preamble = sections.get(anchor="preamble")
    assert preamble.body_zh_hans.startswith("2024年7月8日,上海合作组织")
    assert len(preamble.body_en.split("\n\n")) == 5
    assert sections.get(anchor="calls").heading_en == "The forum calls on all parties to:"
    assert (
        "中国—上海合作组织生态环保创新基地" in sections.get(anchor="innovation-base").body_zh_hans
    )
    closing = sections.get(anchor="closing")
    assert closing.body_en.endswith("8 July 2024\nQingdao, China")
    assert "«шанхайскому духу»" in closing.body_ru


def test_documents_named_by_the_initiative():
    statement = Document.objects.get(slug="sco-climate-change-statement-2022")
    assert statement.kind == "statement"
    assert statement.when == "2022-09-16"
    assert statement.city_en == "Samarkand"
    assert statement.country.slug == "uzbekistan"
    astana = Meeting.objects.get(slug="sco-astana-summit-2024")
    assert (astana.kind, astana.when, astana.city_en) == ("summit", "2024-07-04", "Astana")
    assert astana.country.slug == "kazakhstan"
    base = Body.objects.get(slug="china-sco-eco-innovation-base")
    assert base.mechanism.slug == "sco"
    assert base.launched == ""
