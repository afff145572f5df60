"""Bodies that two sources record: linked as the same institution, each keeping its source."""

import pytest

from mechanisms.models import Body
from portal.models import Term

pytestmark = pytest.mark.django_db

BRI_BASE = "bri-china-asean-environmental-technology-industry-base"
ASEAN_BASES = "asean-china-environmental-technology-demonstration-bases"


def test_the_china_asean_bases_are_linked_both_ways_and_keep_their_sources():
    bri = Body.objects.get(slug=BRI_BASE)
    asean = Body.objects.get(slug=ASEAN_BASES)
    assert list(bri.same_as.all()) == [asean]
    assert list(asean.same_as.all()) == [bri]
    assert (bri.source.slug, bri.mechanism.slug) == ("bri-plan-2017", "bri")
    assert (asean.source.slug, asean.mechanism.slug) == ("asean-framework-2021", "asean")
    for body in (bri, asean):
        assert "same institution" in body.editorial_note_en
        assert "одним учреждением" in body.editorial_note_ru
        assert "同一机构" in body.editorial_note_zh_hans
    assert Body.objects.exclude(same_as=None).count() == 2


def test_the_body_page_names_the_same_institution(client):
    html = client.get(f"/en/bodies/{BRI_BASE}/").content.decode()
    assert "<dt>Same institution as</dt>" in html
    assert f'<a href="/en/bodies/{ASEAN_BASES}/">' in html
    assert "(ASEAN-China Environmental Cooperation)" in html


def test_the_bri_coalition_is_one_record_citing_both_sources():
    coalitions = Body.objects.filter(name_zh_hans="“一带一路”绿色发展国际联盟")
    assert [body.slug for body in coalitions] == ["bri-international-green-development-coalition"]
    coalition = coalitions.get()
    assert coalition.name_en == "BRI International Green Development Coalition"
    assert "lines 324-326" in coalition.editorial_note_en
    assert "lines 441-443" in coalition.editorial_note_en
    term = Term.objects.get(slug="bri-green-development-coalition")
    assert term.target == coalition
    assert list(term.sources.order_by("order").values_list("slug", flat=True)) == [
        "sco-brochure",
        "bri-plan-2017",
    ]
