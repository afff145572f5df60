"""Shared search test data: a few records whose slugs carry a marker."""

import pytest

from tests import factories as f

MARK = "srchtest"


@pytest.fixture
def corpus():
    """A few records; only their slugs start with the marker, to tell them from the fixtures."""
    mech = f.mechanism(slug=f"{MARK}-mech", name_en="Zeta Mechanism", short_name_en="ZM")
    land = f.country(slug=f"{MARK}-land")
    air = f.topic(f"{MARK}-air")
    summit = f.meeting(
        slug=f"{MARK}-summit",
        title_zh_hans="上海合作组织峰会宣言发布会",
        title_en="Presentation of the summit declarations",
        title_ru="Представление декларации саммита",
        when="2019-06-14",
        mechanism=mech,
        country=land,
        kind="summit",
    )
    summit.topics.add(air)
    forum = f.meeting(
        slug=f"{MARK}-forum",
        title_zh_hans="生态环境论坛",
        title_en="Ecology forum",
        title_ru="Экологический форум",
        theme_zh_hans="2019年SCO峰会后续",
        theme_ru="Ёлочные посадки и зелёные города",
        when="2014-06",
        mechanism=mech,
    )
    plan = f.document(
        slug=f"{MARK}-plan",
        title_zh_hans="绿色城市行动计划",
        title_en="Green cities action plan",
        title_ru="План действий по зелёным городам",
        summary_en="Organizations cooperate on organised waste sorting.",
        when="2021/2025",
        mechanism=mech,
        kind="action_plan",
    )
    f.section(
        plan,
        1,
        anchor="chapter-1",
        heading_zh_hans="空气质量",
        body_zh_hans="改善区域空气质量和应对气候变化。",
        body_en="Improve regional air quality.",
    )
    return {"mech": mech, "summit": summit, "forum": forum, "plan": plan, "air": air}


def found(client, lang="en", **params):
    params.setdefault("mechanism", f"{MARK}-mech")
    params["format"] = "json"
    response = client.get(f"/{lang}/search/", params)
    assert response.status_code == 200
    data = response.json()
    return {r["url"].split("/", 4)[-1] for r in data["results"]}, data
