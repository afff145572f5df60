"""The two tables of 004 (ASEAN-China framework 2021-2025): planned activities and the annex."""

from collections import Counter

import pytest

from cooperation.models import Meeting, PlannedActivity

pytestmark = pytest.mark.django_db

SOURCE = "asean-framework-2021"
DOCUMENT = "asean-china-framework-2021-2025"


def activities():
    return PlannedActivity.objects.filter(source__slug=SOURCE, document__slug=DOCUMENT).order_by(
        "order"
    )


def annex():
    return Meeting.objects.filter(source__slug=SOURCE, slug__startswith="asean-annex-")


# --- (a) the action table of chapter 6 ---


def test_activity_totals_per_strategic_direction_in_order():
    rows = list(activities())
    assert len(rows) == 21
    directions = []
    for row in rows:
        if not directions or directions[-1][0] != row.strategic_direction_zh_hans:
            directions.append([row.strategic_direction_zh_hans, 0])
        directions[-1][1] += 1
    assert directions == [
        ["战略方向 1: 环境政策对话与交流", 5],
        ["战略方向 2: 可持续城市与海洋减塑", 7],
        ["战略方向 3: 气候变化与空气质量改善", 6],
        ["战略方向 4: 生物多样性保护和生态系统管理", 3],
    ]
    assert [row.order for row in rows] == list(range(1, 22))


def test_activity_numbers_as_printed_in_order():
    assert [(a.slug.removeprefix("asean-activity-"), a.number) for a in activities()] == [
        ("1-1-1", "1-1"),
        ("1-1-2", "1-2"),
        ("1-1-3", "1-3"),
        ("1-1-4", "1-4"),
        ("1-2-1", "2-1"),
        ("2-1-1", "1-1"),
        ("2-1-2", "1-2"),
        ("2-1-3", "1-3"),
        ("2-2-1", "2-1"),
        ("2-2-2", "2-2"),
        ("2-3-1", "3-1"),
        ("2-3-2", "3-2"),
        ("3-1-1", "1-1"),
        ("3-1-2", "1-2"),
        ("3-1-3", "1-3"),
        ("3-2-1", "2-1"),
        ("3-2-2", "2-2"),
        ("3-2-3", "2-3"),
        ("4-1-1", "1"),
        ("4-2-1", "2-1"),
        ("4-2-2", "2-2"),
    ]


@pytest.mark.parametrize(
    ("slug", "number", "schedule", "recurrence", "printed"),
    [
        ("asean-activity-1-1-1", "1-1", "", "annually", "每年一次"),
        # Lists of years, not ranges: no partial date spans them, no cycle is inferred.
        ("asean-activity-1-1-2", "1-2", "", "", "2022, 2024"),
        ("asean-activity-1-1-3", "1-3", "", "", "2021, 2023, 2025"),
        ("asean-activity-1-2-1", "2-1", "2021/2025", "", "2021-2025"),
        ("asean-activity-2-1-2", "1-2", "2020/2025", "", "2020-2025, 2020 年启动"),
        ("asean-activity-3-1-1", "1-1", "2021/2025", "", "2021-2025, 2020 年启动"),
        ("asean-activity-3-2-2", "2-2", "2021/2023", "", "2021-2023"),
        ("asean-activity-3-2-3", "2-3", "2023/2025", "", "2023-2025"),
        ("asean-activity-4-1-1", "1", "2021/2025", "", "2021-2025"),
        ("asean-activity-4-2-2", "2-2", "2021/2022", "", "2021-2022, 2020 年启动"),
    ],
)
def test_activity_schedules(slug, number, schedule, recurrence, printed):
    activity = PlannedActivity.objects.get(slug=slug)
    assert activity.number == number
    assert activity.schedule == schedule
    assert activity.recurrence == recurrence
    assert activity.schedule_as_printed == printed


def test_activity_fields_in_three_languages():
    activity = PlannedActivity.objects.get(slug="asean-activity-1-1-2")
    assert activity.document.slug == DOCUMENT
    assert activity.strategic_direction_en == (
        "Strategic direction 1: Environmental policy dialogue and exchange"
    )
    assert activity.action_zh_hans == "行动 1: 高层环境政策对话与交流"
    assert activity.action_en == "Action 1: High-level environmental policy dialogue and exchange"
    assert activity.title_zh_hans == "中国 - 东盟环境合作论坛 (含部长级对话)"
    assert activity.title_en == (
        "China-ASEAN Environmental Cooperation Forum (including a ministerial dialogue)"
    )
    assert activity.title_ru.startswith("Форум экологического сотрудничества Китай–АСЕАН")
    assert (activity.text_state_zh_hans, activity.text_state_en, activity.text_state_ru) == (
        "official",
        "editorial",
        "editorial",
    )


def test_wrapped_and_shifted_rows_are_reassembled():
    last_of_direction_2 = PlannedActivity.objects.get(slug="asean-activity-2-3-2")
    assert last_of_direction_2.action_zh_hans == "行动 3: 能力建设及社区活动"
    assert last_of_direction_2.title_zh_hans.startswith("联合开展中国与东盟国家海洋陆源污染控制")
    assert last_of_direction_2.title_zh_hans.endswith("提升公众海洋生态环境保护意识")
    assert last_of_direction_2.schedule_as_printed == "2020-2025, 2020 年启动"
    direction_3 = PlannedActivity.objects.get(slug="asean-activity-3-1-1")
    assert direction_3.action_zh_hans == "行动 1: 政策对话与能力建设活动"
    direction_4 = PlannedActivity.objects.get(slug="asean-activity-4-2-1")
    assert direction_4.action_zh_hans == "行动 2: 能力建设及联合研究"


def test_misprinted_schedule_2020_2015_is_kept_and_explained():
    activity = PlannedActivity.objects.get(slug="asean-activity-2-1-1")
    assert activity.schedule_as_printed == "2020-2015, 2020 年启动 (计划)"
    assert activity.schedule == "2020/2025"
    assert "2020-2015" in activity.editorial_note_zh_hans
    assert "2020-2015" in activity.editorial_note_en
    assert "misprint" in activity.editorial_note_en
    assert "опечатка" in activity.editorial_note_ru
    others = activities().exclude(slug=activity.slug)
    assert not others.filter(schedule_as_printed__contains="2020-2015").exists()


def test_no_schedule_is_invented():
    # The misprint "2020-2015" (tested above) is the one schedule read editorially.
    for activity in activities().exclude(slug="asean-activity-2-1-1"):
        if activity.schedule:
            start, _, end = activity.schedule.partition("/")
            assert start in activity.schedule_as_printed
            assert end in activity.schedule_as_printed
        elif activity.recurrence:
            assert activity.recurrence == "annually"
        else:
            # A list of years: shown as printed, with a note in every language.
            assert ", " in activity.schedule_as_printed
            assert "a list rather than a period" in activity.editorial_note_en
            assert "не период" in activity.editorial_note_ru
            assert "而非一个时间段" in activity.editorial_note_zh_hans


# --- (b) the annex of 2010-2019 activities ---

AREAS = {
    "政策对话与交流（中国 - 东盟环境合作论坛）": 9,
    "环境数据与信息管理": 4,
    "环境风险评估": 1,
    "生物多样性和生态保护": 8,
    "促进环保产业和技术实现绿色发展": 5,
    "环境可持续城市": 6,
    "环境教育和公众意识 / 能力建设": 30,
    "联合研究": 1,
}


def test_annex_totals_per_priority_area():
    assert annex().count() == 64
    assert all(m.mechanism.slug == "asean" for m in annex())
    assert dict(Counter(m.priority_area_zh_hans for m in annex())) == AREAS


def test_annex_totals_per_year():
    assert dict(Counter(m.when[:4] for m in annex())) == {
        "2010": 1,
        "2011": 2,
        "2012": 7,
        "2013": 3,
        "2014": 2,
        "2015": 8,
        "2016": 10,
        "2017": 13,
        "2018": 9,
        "2019": 9,
    }


def test_forum_sessions():
    forums = annex().filter(priority_area_zh_hans__startswith="政策对话与交流").order_by("when")
    assert [(m.when, m.city_en) for m in forums] == [
        ("2011-10", "Nanning"),
        ("2012-09", "Beijing"),
        ("2013-09", "Guilin"),
        ("2014-09", "Nanning"),
        ("2015-09", "Nanning"),
        ("2016-09", "Nanning"),
        ("2017-09", "Nanning"),
        ("2018-09", "Nanning"),
        ("2019-09", "Nanning"),
    ]
    assert {m.body.slug for m in forums} == {"asean-china-environmental-cooperation-forum"}
    forum = Meeting.objects.get(slug="asean-annex-2018-forum")
    assert forum.kind == "forum"
    assert forum.title_zh_hans == "中国 - 东盟环境合作论坛"
    assert forum.title_en == "China-ASEAN Environmental Cooperation Forum"
    assert forum.title_ru == "Форум экологического сотрудничества Китай–АСЕАН"
    assert forum.theme_zh_hans == "大数据驱动生态环保创新"
    assert (
        forum.theme_en == "Big Data Driving Innovation in Ecological and Environmental Protection"
    )
    assert forum.country.slug == "china"


@pytest.mark.parametrize(
    ("slug", "when", "city_zh", "city_en", "city_ru", "country", "kind"),
    [
        ("asean-annex-2013-forum", "2013-09", "桂林", "Guilin", "Гуйлинь", "china", "forum"),
        (
            "asean-annex-2017-vietnam-eia-study-visit",
            "2017-04",
            "",
            "",
            "",
            "vietnam",
            "visit",
        ),
        (
            "asean-annex-2016-access-benefit-sharing-seminar",
            "2016-02",
            "曼谷",
            "Bangkok",
            "Бангкок",
            "thailand",
            "seminar",
        ),
        (
            "asean-annex-2015-china-indonesia-technology-seminar",
            "2015-11",
            "雅加达",
            "Jakarta",
            "Джакарта",
            "indonesia",
            "seminar",
        ),
        (
            "asean-annex-2010-green-industry-seminar",
            "2010-11",
            "北京",
            "Beijing",
            "Пекин",
            "china",
            "seminar",
        ),
        (
            "asean-annex-2017-eco-friendly-city-seminar",
            "2017-11",
            "新加坡",
            "Singapore",
            "Сингапур",
            "singapore",
            "seminar",
        ),
        (
            "asean-annex-2019-china-cambodia-monitoring-capacity-building",
            "2019-07",
            "北京、深圳",
            "Beijing and Shenzhen",
            "Пекин и Шэньчжэнь",
            "china",
            "training",
        ),
        (
            "asean-annex-2018-china-cambodia-urban-water-round-table",
            "2018-07",
            "金边",
            "Phnom Penh",
            "Пномпень",
            "cambodia",
            "dialogue",
        ),
        (
            "asean-annex-2016-china-bangladesh-water-workshop",
            "2016-12",
            "达卡",
            "Dhaka",
            "Дакка",
            "bangladesh",
            "workshop",
        ),
        (
            "asean-annex-2017-air-quality-workshop",
            "2017-11",
            "江苏苏州",
            "Suzhou, Jiangsu",
            "Сучжоу (Цзянсу)",
            "china",
            "workshop",
        ),
        (
            "asean-annex-2012-asian-green-economy-policy-training-2",
            "2012-12",
            "云南昆明",
            "Kunming, Yunnan",
            "Куньмин (Юньнань)",
            "china",
            "training",
        ),
    ],
)
def test_annex_meeting_date_and_place(slug, when, city_zh, city_en, city_ru, country, kind):
    meeting = Meeting.objects.get(slug=slug)
    assert meeting.when == when
    assert (meeting.city_zh_hans, meeting.city_en, meeting.city_ru) == (city_zh, city_en, city_ru)
    assert meeting.country.slug == country
    assert meeting.kind == kind


def test_annex_meeting_titles_in_three_languages():
    meeting = Meeting.objects.get(slug="asean-annex-2017-peatland-seminar")
    assert meeting.title_zh_hans == "中国-东盟泥炭地保护合作研讨会"
    assert meeting.title_en == "China-ASEAN Seminar on Cooperation in Peatland Conservation"
    assert meeting.title_ru == "Семинар Китай–АСЕАН по сотрудничеству в области охраны торфяников"
    assert meeting.priority_area_en == "Biodiversity and ecological conservation"
    assert meeting.description_zh_hans.startswith("召开中国-东盟泥炭地保护合作研讨会")
    assert (meeting.text_state_zh_hans, meeting.text_state_en, meeting.text_state_ru) == (
        "official",
        "editorial",
        "editorial",
    )


def test_joint_research_row_has_a_range_and_no_place():
    report = Meeting.objects.get(slug="asean-annex-2015-2016-environmental-outlook-report")
    assert report.when == "2015/2016"
    assert report.country is None
    assert report.city_zh_hans == ""
    assert report.priority_area_zh_hans == "联合研究"


def test_annex_oddities_are_noted():
    early = Meeting.objects.get(slug="asean-annex-2010-green-industry-seminar")
    assert "2011-2020" in early.editorial_note_en
    for slug in (
        "asean-annex-2019-info-platform-working-group",
        "asean-annex-2019-info-platform-working-group-capacity",
        "asean-annex-2017-urban-water-seminar-cities",
        "asean-annex-2017-urban-water-seminar-capacity",
    ):
        meeting = Meeting.objects.get(slug=slug)
        assert "same event" in meeting.editorial_note_en
        assert meeting.editorial_note_zh_hans and meeting.editorial_note_ru
