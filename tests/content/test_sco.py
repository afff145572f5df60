"""The SCO section of the brochure (000): mechanism, states, bodies, meetings, documents, quotes."""

import pytest

from cooperation.models import Document, Meeting, Quote
from mechanisms.models import Body, Mechanism, Membership

pytestmark = pytest.mark.django_db

SOURCE = "sco-brochure"
MEMBERS = [
    "india",
    "kazakhstan",
    "china",
    "kyrgyzstan",
    "pakistan",
    "russia",
    "tajikistan",
    "uzbekistan",
]
OBSERVERS = ["afghanistan", "belarus", "iran", "mongolia"]
DIALOGUE_PARTNERS = ["azerbaijan", "armenia", "cambodia", "nepal", "turkey", "sri-lanka"]
CONCEPT = "sco-environmental-cooperation-concept-2018"


def _sco(model):
    return model.objects.filter(source__slug=SOURCE, mechanism__slug="sco")


def _roles(role):
    return Membership.objects.filter(mechanism__slug="sco", role=role).order_by("order")


def test_mechanism_names_and_texts():
    sco = Mechanism.objects.get(slug="sco")
    assert sco.source.slug == SOURCE
    assert (sco.name_zh_hans, sco.name_en, sco.name_ru) == (
        "上海合作组织",
        "Shanghai Cooperation Organization",
        "Шанхайская организация сотрудничества",
    )
    assert (sco.short_name_zh_hans, sco.short_name_en, sco.short_name_ru) == (
        "上合组织",
        "SCO",
        "ШОС",
    )
    assert sco.established == "2001"
    assert (sco.text_state_zh_hans, sco.text_state_en, sco.text_state_ru) == (
        "official",
        "official",
        "editorial",
    )
    assert sco.background_en.count("\n\n") == 1
    assert sco.background_zh_hans.startswith("上海合作组织(简称上合组织)是由哈萨克斯坦")
    assert sco.responsibilities_en.splitlines() == [
        "- Implement plans, initiatives and programs of environmental cooperation under SCO "
        "framework;",
        "- Carry out policy dialogues, technical exchanges, personnel training, propaganda and "
        "other activities under SCO framework;",
        "- Carry out research on policies and strategies of SCO environmental cooperation.",
    ]
    achievements = sco.achievements_zh_hans.split("\n\n")
    assert achievements[0] == "强化顶层设计，推动形成合作共识"
    assert len(achievements) == 10
    assert "- 定期编制并推送《上海合作组织环保动态》。" in sco.achievements_zh_hans
    assert len(sco.next_steps_zh_hans.splitlines()) == 5
    assert sco.next_steps_en.splitlines()[1] == (
        "- Promote establishment of China-Central Asia Ecological Environment Cooperation Base "
        "and promote cooperation of environmental protection industry;"
    )
    assert all(line.startswith("- ") for line in sco.next_steps_ru.splitlines())


def test_member_observer_and_dialogue_partner_states_in_the_source_order():
    assert [m.country.slug for m in _roles("member")] == MEMBERS
    assert [m.country.slug for m in _roles("observer")] == OBSERVERS
    assert [m.country.slug for m in _roles("dialogue_partner")] == DIALOGUE_PARTNERS
    assert Membership.objects.filter(mechanism__slug="sco").count() == 18
    assert [m.order for m in _roles("member")] == list(range(1, 9))


def test_membership_dates_follow_the_background():
    since = {m.country.slug: m.since for m in _roles("member")}
    assert since == {
        "india": "2017",
        "kazakhstan": "2001",
        "china": "2001",
        "kyrgyzstan": "2001",
        "pakistan": "2017",
        "russia": "2001",
        "tajikistan": "2001",
        "uzbekistan": "2001",
    }
    assert {m.since for m in _roles("observer")} | {
        m.since for m in _roles("dialogue_partner")
    } == {""}
    india = Membership.objects.get(slug="sco-india-member")
    assert "(lines 497-499)" in india.locator
    assert Membership.objects.get(slug="sco-sri-lanka-dialogue-partner").order == 6


def test_bodies():
    assert _sco(Body).count() == 10
    assert Body.objects.get(slug="feco").mechanism is None
    slugs = set(_sco(Body).values_list("slug", flat=True))
    assert {
        "csec",
        "sco-experts-meeting-series",
        "sco-environment-ministers-meeting",
        "sco-environmental-information-sharing-platform",
        "sco-seminar-training-series",
        "sco-heads-of-state-council",
        "sco-heads-of-government-council",
    } <= slugs


def test_csec_contact_as_printed():
    csec = Body.objects.get(slug="csec")
    assert csec.kind == "centre"
    assert csec.parent.slug == "feco"
    assert csec.launched == "2014-06"
    assert csec.name_zh_hans == "中国-上海合作组织环境保护合作中心"
    assert csec.name_en == "China Center for SCO Environmental Cooperation"
    assert csec.name_ru == "Китайский центр по сотрудничеству ШОС в сфере охраны окружающей среды"
    assert csec.phone == "+86-10-82268232/8259"
    assert csec.fax == "+86-10-82200577"
    assert csec.postcode == "100035"
    assert csec.address_en == "No.5 Houyingfanghutong, Xicheng District, Beijing"
    assert csec.address_ru == "д.5, переулок Хоуьинфан, район Сичэн, Пекин"
    assert csec.address_zh_hans == ""
    feco = Body.objects.get(slug="feco")
    assert feco.kind == "organisation"
    assert (
        feco.name_en
        == "Foreign Environmental Cooperation Center (FECO), Ministry of Ecology and Environment"
    )
    assert feco.short_name_en == "FECO"


def test_meeting_series_and_platform():
    experts = Body.objects.get(slug="sco-experts-meeting-series")
    assert (experts.launched, experts.sessions_held, experts.sessions_as_of) == ("2005", 11, "")
    assert "c. 2020" in experts.editorial_note_en
    ministers = Body.objects.get(slug="sco-environment-ministers-meeting")
    assert ministers.launched == "2019-09"
    assert ministers.kind == "ministerial_meeting"
    seminars = Body.objects.get(slug="sco-seminar-training-series")
    assert (seminars.launched, seminars.sessions_held, seminars.sessions_as_of) == (
        "2014",
        14,
        "2019",
    )
    platform = Body.objects.get(slug="sco-environmental-information-sharing-platform")
    assert platform.kind == "platform"
    assert platform.launched == "2014"
    assert platform.website == "http://www.scoei.org.cn"
    assert platform.name_ru == "Платформа ШОС по обмену экологической информацией"


def test_meetings():
    meetings = _sco(Meeting)
    assert meetings.count() == 6
    assert [(m.when, m.city_en) for m in meetings.order_by("when")] == [
        ("2013-11-29", "Tashkent"),
        ("2014-06", "Beijing"),
        ("2014-09-13", "Dushanbe"),
        ("2018-06-10", "Qingdao"),
        ("2019-06-14", "Bishkek"),
        ("2019-09", "Moscow"),
    ]
    moscow = Meeting.objects.get(slug="sco-environment-ministers-meeting-2019-moscow")
    assert moscow.session_number == 1
    assert moscow.title_zh_hans == "上海合作组织成员国第一次环境部长会"
    assert moscow.country.slug == "russia"
    tashkent = Meeting.objects.get(slug="sco-heads-of-government-council-2013-tashkent")
    assert tashkent.session_number == 12
    assert tashkent.body.slug == "sco-heads-of-government-council"


def test_dushanbe_meeting_keeps_both_printed_names_and_explains_them():
    dushanbe = Meeting.objects.get(slug="sco-heads-of-state-council-2014-dushanbe")
    assert dushanbe.when == "2014-09-13"
    assert dushanbe.session_number == 14
    assert dushanbe.country.slug == "tajikistan"
    assert dushanbe.title_zh_hans == "上海合作组织成员国元首理事会第14次会议"
    assert dushanbe.title_en == (
        "The 14th Heads of Government Council Meeting of the Shanghai Cooperation Organization"
    )
    assert dushanbe.body.slug == "sco-heads-of-state-council"
    assert "Heads of Government" in dushanbe.editorial_note_en
    assert "元首理事会" in dushanbe.editorial_note_zh_hans
    assert dushanbe.editorial_note_ru


def test_documents():
    documents = _sco(Document)
    assert documents.count() == 5
    concept = Document.objects.get(slug=CONCEPT)
    assert (concept.kind, concept.when, concept.city_en) == ("concept", "2018-06", "Qingdao")
    assert concept.title_zh_hans == "上海合作组织成员国环保合作构想"
    assert concept.title_en == "Conception of Environmental Cooperation among SCO Member States"
    assert concept.adopted_at.slug == "sco-heads-of-state-council-2018-qingdao"
    assert "上合组织成员国环保合作构想" in concept.editorial_note_zh_hans
    plan = Document.objects.get(slug="sco-concept-implementation-plan-2019-2021")
    assert (plan.kind, plan.when, plan.adopted_at) == ("implementation_plan", "2019-06", None)
    programme = Document.objects.get(slug="sco-cities-environmental-wellbeing-programme-2019")
    assert programme.when == "2019-11"
    assert programme.title_en == "The Program of Environmental Wellbeing of the SCO cities"
    bishkek = Document.objects.get(slug="sco-bishkek-declaration-2019")
    assert (bishkek.kind, bishkek.when, bishkek.country.slug) == (
        "declaration",
        "2019-06-14",
        "kyrgyzstan",
    )
    assert set(bishkek.related.values_list("slug", flat=True)) == {
        CONCEPT,
        "sco-concept-implementation-plan-2019-2021",
    }
    qingdao = Document.objects.get(slug="sco-qingdao-declaration-2018")
    assert qingdao.adopted_at.city_en == "Qingdao"


def test_quotes_in_order_with_their_occasions():
    quotes = _sco(Quote).order_by("order")
    assert [q.order for q in quotes] == [1, 2, 3, 4]
    assert [(q.when, q.city_en) for q in quotes] == [
        ("2014-09-13", "Dushanbe"),
        ("2018-06-10", "Qingdao"),
        ("2013-11-29", "Tashkent"),
        ("2019-06-14", "Bishkek"),
    ]
    xi, qingdao, li, bishkek = quotes
    assert xi.speaker_en == "President Xi Jinping"
    assert xi.occasion_zh_hans == "上海合作组织成员国元首理事会第14次会议"
    assert xi.meeting.slug == "sco-heads-of-state-council-2014-dushanbe"
    assert (xi.text_state_zh_hans, xi.text_state_en, xi.text_state_ru) == (
        "official",
        "official",
        "editorial",
    )
    assert xi.text_zh_hans.startswith("习近平主席提出“借助中国－上海合作组织环保合作中心")
    assert xi.text_ru.startswith("Председатель КНР Си Цзиньпин")
    assert qingdao.document.slug == "sco-qingdao-declaration-2018"
    assert "*" not in qingdao.text_en
    assert li.speaker_zh_hans == "李克强总理"
    assert li.meeting.session_number == 12
    assert bishkek.document.slug == "sco-bishkek-declaration-2019"
    assert bishkek.occasion_zh_hans == "《上海合作组织成员国元首理事会比什凯克宣言》"
